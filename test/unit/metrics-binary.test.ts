import { describe, it, expect } from 'vitest';
import {
  rankBinary,
  countsAt,
  confusionAt,
  metricsFromCounts,
  rocCurve,
  rocAuc,
  prCurve,
  averagePrecision,
  logLoss,
  binaryReport,
  thinCurve,
} from '../../src/engine/metrics';

// Expected values marked "sklearn" were computed once with scikit-learn 1.2.1 (numpy 1.24.2,
// Debian python3-sklearn) and hard-coded here. log_loss was called with eps=1e-15.

function expectArray(actual: ArrayLike<number>, expected: number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol);
}

/** Small seeded PRNG (mulberry32) so random tests are repeatable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('hand-worked small case (no ties)', () => {
  const y = [0, 0, 1, 1];
  const s = [0.1, 0.4, 0.35, 0.8];
  const r = rankBinary(y, s);

  it('ranks distinct thresholds descending with cumulative counts', () => {
    expectArray(r.thresholds, [0.8, 0.4, 0.35, 0.1], 0);
    expectArray(r.cumTp, [1, 1, 2, 2], 0);
    expectArray(r.cumFp, [0, 1, 1, 2], 0);
    expect([r.n, r.positives, r.negatives]).toEqual([4, 2, 2]);
  });

  it('ROC-AUC 0.75 and AP 5/6 (sklearn)', () => {
    expect(rocAuc(r)).toBeCloseTo(0.75, 14);
    expect(averagePrecision(r)).toBeCloseTo(0.8333333333333333, 14);
  });

  it('curves match sklearn, ROC starting at (0,0) with threshold +Infinity', () => {
    const roc = rocCurve(r)!;
    expectArray(roc.fpr, [0, 0, 0.5, 0.5, 1]);
    expectArray(roc.tpr, [0, 0.5, 0.5, 1, 1]);
    // sklearn 1.2.1 puts thresholds[0] + 1 first; sklearn >= 1.3 and we put +Infinity.
    expect(roc.thresholds[0]).toBe(Infinity);
    expectArray(roc.thresholds.subarray(1), [0.8, 0.4, 0.35, 0.1], 0);
    const pr = prCurve(r)!;
    expectArray(pr.precision, [0.5, 0.6666666666666666, 0.5, 1, 1]);
    expectArray(pr.recall, [1, 1, 0.5, 0.5, 0]);
    expectArray(pr.thresholds, [0.1, 0.35, 0.4, 0.8], 0);
  });

  it('threshold metrics at 0.5: TP=1 FP=0 TN=2 FN=1', () => {
    const m = metricsFromCounts(countsAt(r, 0.5));
    expect(m).toEqual({ tp: 1, fp: 0, tn: 2, fn: 1, accuracy: 0.75, precision: 1, recall: 0.5, f1: 2 / 3, baseline_accuracy: 0.5 });
  });
});

describe('ties across classes', () => {
  // Three rows share 0.5: two positives, one negative.
  const y = [0, 1, 0, 1, 1, 0];
  const s = [0.2, 0.5, 0.5, 0.5, 0.9, 0.1];
  const r = rankBinary(y, s);

  it('one point per distinct score', () => {
    expectArray(r.thresholds, [0.9, 0.5, 0.2, 0.1], 0);
    expectArray(r.cumTp, [1, 3, 3, 3], 0);
    expectArray(r.cumFp, [0, 1, 2, 3], 0);
  });

  it('ties count half in ROC-AUC; AP steps over distinct thresholds (sklearn)', () => {
    // Pairs: 9 (pos,neg); the tied pair (0.5,0.5) x2 counts half: (9 - 2*0.5) / 9 = 8/9.
    expect(rocAuc(r)).toBeCloseTo(0.888888888888889, 14);
    expect(averagePrecision(r)).toBeCloseTo(0.8333333333333333, 14);
    const roc = rocCurve(r)!;
    expectArray(roc.fpr, [0, 0, 1 / 3, 2 / 3, 1]);
    expectArray(roc.tpr, [0, 1 / 3, 1, 1, 1]);
    const pr = prCurve(r)!;
    expectArray(pr.precision, [0.5, 0.6, 0.75, 1, 1]);
    expectArray(pr.recall, [1, 1, 1, 1 / 3, 0]);
  });

  it('a threshold exactly equal to a score counts that score as positive', () => {
    expect(confusionAt(y, s, 0.5)).toEqual({ tp: 3, fp: 1, tn: 2, fn: 0 });
    expect(countsAt(r, 0.5)).toEqual({ tp: 3, fp: 1, tn: 2, fn: 0 });
    expect(countsAt(r, 0.5000000001)).toEqual({ tp: 1, fp: 0, tn: 3, fn: 2 });
    expect(countsAt(r, 0.9)).toEqual({ tp: 1, fp: 0, tn: 3, fn: 2 });
    expect(countsAt(r, 0.1)).toEqual({ tp: 3, fp: 3, tn: 0, fn: 0 });
    expect(countsAt(r, 1)).toEqual({ tp: 0, fp: 0, tn: 3, fn: 3 });
  });
});

describe('all scores tied', () => {
  const y = [0, 1, 1, 0, 1];
  const r = rankBinary(y, new Float32Array(5).fill(0.3));
  it('ROC-AUC 0.5 and AP = positive rate (sklearn: 0.5, 0.6)', () => {
    expect(rocAuc(r)).toBe(0.5);
    expect(averagePrecision(r)).toBeCloseTo(0.6, 15);
    expectArray(prCurve(r)!.precision, [0.6, 1]);
    expectArray(rocCurve(r)!.fpr, [0, 1], 0);
  });
});

describe('one-class and degenerate inputs give null, never NaN', () => {
  it('only negatives: ROC-AUC, AP, recall null; curves null', () => {
    const rep = binaryReport([0, 0, 0], [0.2, 0.7, 0.4], 0.5);
    expect(rep.roc_auc).toBeNull();
    expect(rep.pr_auc).toBeNull();
    expect(rep.recall).toBeNull();
    expect(rep.precision).toBe(0);
    expect(rep.f1).toBe(0);
    expect(rep.positive_rate).toBe(0);
    expect(rep.baseline_accuracy).toBe(1);
    expect(rocCurve(rankBinary([0, 0], [0.1, 0.2]))).toBeNull();
    expect(prCurve(rankBinary([0, 0], [0.1, 0.2]))).toBeNull();
  });

  it('only positives: ROC-AUC null, AP 1', () => {
    const r = rankBinary([1, 1], [0.1, 0.9]);
    expect(rocAuc(r)).toBeNull();
    expect(rocCurve(r)).toBeNull();
    expect(averagePrecision(r)).toBe(1);
  });

  it('no predicted positives: precision null; F1 null only when 2TP+FP+FN = 0', () => {
    const m = metricsFromCounts(confusionAt([0, 1, 0], [0.1, 0.2, 0.3], 0.5));
    expect(m.precision).toBeNull();
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
    const none = metricsFromCounts(confusionAt([0, 0], [0.1, 0.2], 0.5));
    expect([none.precision, none.recall, none.f1, none.accuracy]).toEqual([null, null, null, 1]);
  });

  it('empty input: every ratio is null', () => {
    const rep = binaryReport([], [], 0.5);
    for (const v of Object.values(rep)) expect(Number.isNaN(v)).toBe(false);
    expect([rep.accuracy, rep.baseline_accuracy, rep.positive_rate, rep.log_loss, rep.roc_auc, rep.pr_auc]).toEqual([null, null, null, null, null, null]);
  });

  it('length mismatch throws (caller bug)', () => {
    expect(() => rankBinary([0, 1], [0.5])).toThrow(RangeError);
  });
});

describe('log loss', () => {
  it('clips 0 and 1 to finite values (sklearn)', () => {
    expect(logLoss([1], [0])).toBeCloseTo(34.538776394910684, 12); // -ln(1e-15)
    expect(logLoss([0], [1])).toBeCloseTo(34.53957599234088, 12); // 1 - (1 - 1e-15) is not exactly 1e-15 in float64
    expect(logLoss([1, 0], [1, 0])).toBeCloseTo(9.992007221626415e-16, 25);
  });
  it('mean negative log-likelihood (sklearn)', () => {
    expect(logLoss([1, 0, 1, 0], new Float32Array([0.9, 0.2, 0.6, 0.7]))).toBeCloseTo(0.5108256237659907, 6); // float32 inputs
    expect(logLoss([1, 0, 1, 0], [0.9, 0.2, 0.6, 0.7])).toBeCloseTo(0.5108256237659907, 14);
  });
});

describe('random case with ties, 200 points (sklearn)', () => {
  // numpy default_rng(42): y ~ Bernoulli(0.35), score = clip(round(N(0.35 + 0.25y, 0.25), 1), 0, 1): 11 distinct scores.
  const Y = '00001000100000010100000001011000100110100001000101110000001100000001101001111000000111001010001001100010000110011010000000101011101001010001000001100100101010001011000010101011000000010001010110110011';
  const S = '0.5,0.3,0.3,0.3,0.7,0.7,0.4,0.5,0.1,0.3,0.1,0.0,0.1,0.3,0.6,0.3,0.4,0.5,0.3,0.6,0.5,0.7,0.3,0.2,0.3,0.7,0.4,0.3,0.6,0.4,1.0,0.8,0.4,0.3,0.0,0.5,0.7,0.7,0.4,0.2,0.0,0.3,0.1,0.5,0.1,0.3,0.0,0.2,0.9,0.3,0.3,1.0,1.0,0.1,0.3,0.4,0.8,0.1,0.5,0.8,0.5,0.3,0.3,0.0,0.3,0.3,0.4,0.5,0.7,0.6,0.6,0.4,0.4,0.6,0.4,0.7,0.6,0.9,0.7,0.4,0.2,0.1,0.6,0.7,0.7,0.2,0.6,0.5,0.3,0.2,0.7,0.4,0.3,0.3,0.5,0.4,0.7,0.0,0.5,0.4,0.4,0.3,0.2,0.4,0.8,0.0,0.6,0.5,0.6,0.1,0.3,0.9,0.7,0.8,0.9,0.5,0.8,0.5,0.6,0.3,0.4,0.2,0.8,0.1,0.8,0.3,0.9,0.8,1.0,0.5,0.2,0.3,0.1,0.5,0.7,0.8,0.2,0.1,0.4,0.3,0.2,0.4,0.6,0.5,0.0,0.7,0.6,0.5,0.8,0.1,0.2,0.5,0.2,0.7,0.7,0.6,0.5,0.6,0.6,0.4,0.7,0.4,0.4,0.6,0.3,0.4,0.6,0.1,0.6,0.7,0.4,0.1,0.7,0.6,0.6,0.9,0.6,0.6,0.5,0.9,0.3,0.0,0.8,0.5,0.4,0.7,0.0,0.3,0.0,0.4,0.5,0.7,0.7,0.0,0.0,0.6,0.2,0.5,0.8,0.6';
  const y = Uint8Array.from(Y, (c) => Number(c));
  const s = Float64Array.from(S.split(','), Number);
  const r = rankBinary(y, s);

  it('report at 0.5', () => {
    const rep = binaryReport(y, s, 0.5, r);
    expect([rep.tn, rep.fp, rep.fn, rep.tp]).toEqual([79, 50, 22, 49]);
    expect(rep.accuracy).toBeCloseTo(0.64, 12);
    expect(rep.precision).toBeCloseTo(0.494949494949495, 12);
    expect(rep.recall).toBeCloseTo(0.6901408450704225, 12);
    expect(rep.f1).toBeCloseTo(0.5764705882352941, 12);
    expect(rep.roc_auc).toBeCloseTo(0.6701604978709466, 12);
    expect(rep.pr_auc).toBeCloseTo(0.48554840380338055, 12);
    expect(rep.log_loss).toBeCloseTo(1.3028446734760533, 12);
    expect(rep.positive_rate).toBeCloseTo(71 / 200, 15);
    expect(rep.baseline_accuracy).toBeCloseTo(129 / 200, 15);
  });

  it('report at 0.3 (threshold on a tied score)', () => {
    const rep = binaryReport(y, s, 0.3);
    expect([rep.tn, rep.fp, rep.fn, rep.tp]).toEqual([33, 96, 9, 62]);
    expect(rep.f1).toBeCloseTo(0.5414847161572052, 12);
  });

  it('curves', () => {
    const roc = rocCurve(r)!;
    expectArray(roc.fpr, [0.0, 0.015503875968992248, 0.03875968992248062, 0.09302325581395349, 0.16279069767441862, 0.27906976744186046, 0.3875968992248062, 0.5503875968992248, 0.7441860465116279, 0.813953488372093, 0.9147286821705426, 1.0]);
    expectArray(roc.tpr, [0.0, 0.028169014084507043, 0.08450704225352113, 0.16901408450704225, 0.38028169014084506, 0.5352112676056338, 0.6901408450704225, 0.7746478873239436, 0.8732394366197183, 0.9436619718309859, 0.971830985915493, 1.0]);
    const pr = prCurve(r)!;
    expectArray(pr.precision, [0.355, 0.3689839572192513, 0.38953488372093026, 0.3924050632911392, 0.4365079365079365, 0.494949494949495, 0.5135135135135135, 0.5625, 0.5, 0.5454545454545454, 0.5, 1.0]);
    expectArray(pr.recall, [1.0, 0.971830985915493, 0.9436619718309859, 0.8732394366197183, 0.7746478873239436, 0.6901408450704225, 0.5352112676056338, 0.38028169014084506, 0.16901408450704225, 0.08450704225352113, 0.028169014084507043, 0.0]);
    expectArray(pr.thresholds, [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 0);
  });
});

describe('countsAt agrees with confusionAt', () => {
  it('on random data with ties at many thresholds', () => {
    const rand = rng(7);
    const n = 2000;
    const y = new Int32Array(n);
    const s = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rand() < 0.3 ? 1 : 0;
      s[i] = Math.round(rand() * 50) / 50; // coarse grid: many ties
    }
    const r = rankBinary(y, s);
    const thresholds = [-Infinity, -1, 0, 1, 1.5, Infinity, ...Array.from(s.subarray(0, 100)), ...Array.from({ length: 100 }, () => rand() * 1.2 - 0.1)];
    for (const t of thresholds) expect(countsAt(r, t)).toEqual(confusionAt(y, s, t));
  });
});

describe('thinCurve', () => {
  it('keeps everything when short enough', () => {
    const t = thinCurve([0, 1, 2], [0, 1, 0], 10);
    expect(Array.from(t.index)).toEqual([0, 1, 2]);
  });

  it('keeps first, last, at most maxPoints, increasing indices, and the corner of an L-shaped curve', () => {
    const n = 10001;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    // Up the y axis over the first 5000 points, then along y = 1.
    for (let i = 0; i < n; i++) {
      xs[i] = i <= 5000 ? 0 : (i - 5000) / 5000;
      ys[i] = i <= 5000 ? i / 5000 : 1;
    }
    const t = thinCurve(xs, ys, 101);
    expect(t.index.length).toBeLessThanOrEqual(101);
    expect(t.index.length).toBeGreaterThan(90);
    expect(t.index[0]).toBe(0);
    expect(t.index[t.index.length - 1]).toBe(n - 1);
    for (let k = 1; k < t.index.length; k++) expect(t.index[k]).toBeGreaterThan(t.index[k - 1]);
    expect(Array.from(t.index)).toContain(5000);
    expect(t.x[t.x.length - 1]).toBe(1);
  });
});
