import { describe, it, expect } from 'vitest';
import { argmaxRows, confusionMatrix, multiclassReport, multiclassLogLoss, multilabelReport } from '../../src/engine/metrics';

// Expected values marked "sklearn" were computed once with scikit-learn 1.2.1 (numpy 1.24.2,
// Debian python3-sklearn) and hard-coded here. log_loss was called with eps=1e-15, labels=range(k).

describe('multiclass', () => {
  // k = 5; class 4 is never true nor predicted; row 8 is all-tied over classes 0..3 (first wins).
  const k = 5;
  const yTrue = [0, 1, 2, 2, 1, 0, 3, 3];
  const prob = new Float32Array([
    0.7, 0.2, 0.1, 0, 0,
    0.1, 0.5, 0.4, 0, 0,
    0.2, 0.2, 0.6, 0, 0,
    0.3, 0.4, 0.3, 0, 0,
    0.5, 0.4, 0.1, 0, 0,
    0.9, 0.05, 0.05, 0, 0,
    0.1, 0.1, 0.1, 0.7, 0,
    0.25, 0.25, 0.25, 0.25, 0,
  ]);

  it('argmax takes the first of tied maxima', () => {
    expect(Array.from(argmaxRows(prob, k))).toEqual([0, 1, 2, 1, 0, 0, 3, 0]);
  });

  it('report matches sklearn', () => {
    const rep = multiclassReport(yTrue, prob, k);
    expect(rep.accuracy).toBe(0.625);
    expect(rep.confusion).toEqual([
      [2, 0, 0, 0, 0],
      [1, 1, 0, 0, 0],
      [0, 1, 1, 0, 0],
      [1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0],
    ]);
    // sklearn's per-class F1 for the absent class 4 is 0 (zero_division); ours is null, and it is left out of the macro mean as sklearn does.
    expect(rep.per_class_f1.slice(0, 4).map((v) => v!.toFixed(12))).toEqual(['0.666666666667', '0.500000000000', '0.666666666667', '0.666666666667']);
    expect(rep.per_class_f1[4]).toBeNull();
    expect(rep.macro_f1).toBeCloseTo(0.6249999999999999, 12);
    expect(rep.log_loss).toBeCloseTo(0.6911551381476531, 6); // float32 probabilities
    expect(multiclassLogLoss(yTrue, Float64Array.from(prob, (v) => Number(v.toPrecision(7))), k)).toBeCloseTo(0.6911551381476531, 12);
  });

  it('log loss renormalises rows and clips zeros (sklearn)', () => {
    const p = [2, 1, 1, 0.2, 0.2, 0.6, 1, 1, 0];
    expect(multiclassLogLoss([0, 2, 2], p, 3)).toBeCloseTo(12.280453829301578, 12);
  });

  it('confusion matrix is [true][pred] and skips out-of-range labels', () => {
    expect(confusionMatrix([0, 1, 1, 7], [1, 1, 0, 0], 2)).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it('empty input gives null, not NaN', () => {
    const rep = multiclassReport([], [], 3);
    expect([rep.accuracy, rep.macro_f1, rep.log_loss]).toEqual([null, null, null]);
    expect(rep.per_class_f1).toEqual([null, null, null]);
  });
});

describe('multilabel', () => {
  it('every label defined: matches sklearn exactly', () => {
    const yTrue = [1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1];
    const yScore = [0.9, 0.2, 0.4, 0.1, 0.7, 0.5, 0.8, 0.3, 0.1, 0.5, 0.1, 0.9]; // 0.5 exactly counts as positive
    const rep = multilabelReport(yTrue, yScore, 3, 0.5);
    expect(rep.subset_accuracy).toBe(0);
    expect(rep.hamming_loss).toBeCloseTo(0.3333333333333333, 15);
    expect(rep.micro_f1).toBeCloseTo(0.6666666666666666, 15);
    expect(rep.macro_f1).toBeCloseTo(0.6555555555555556, 15);
    expectArray(rep.per_label_f1, [0.8, 0.6666666666666666, 0.5]);
  });

  it('a label never true nor predicted is null and left out of macro F1 (sklearn would say 0 and 0.5)', () => {
    const yTrue = [1, 0, 0, 0, 0, 1, 1, 0, 0];
    const yScore = [0.9, 0.1, 0.2, 0.6, 0.2, 0.8, 0.3, 0.0, 0.1];
    const rep = multilabelReport(yTrue, yScore, 3, 0.5);
    expect(rep.subset_accuracy).toBeCloseTo(1 / 3, 15); // sklearn 0.3333333333333333
    expect(rep.hamming_loss).toBeCloseTo(2 / 9, 15); // sklearn 0.2222222222222222
    expect(rep.micro_f1).toBeCloseTo(2 / 3, 15); // sklearn 0.6666666666666666
    expect(rep.per_label_f1).toEqual([0.5, null, 1]);
    expect(rep.macro_f1).toBe(0.75);
  });

  it('nothing true, nothing predicted: F1s null, no NaN', () => {
    const rep = multilabelReport([0, 0, 0, 0], [0.1, 0.2, 0.3, 0.4], 2, 0.5);
    expect(rep).toEqual({ subset_accuracy: 1, hamming_loss: 0, micro_f1: null, macro_f1: null, per_label_f1: [null, null] });
  });
});

function expectArray(actual: ArrayLike<number | null>, expected: number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs((actual[i] as number) - expected[i])).toBeLessThanOrEqual(tol);
}
