import { describe, it, expect } from 'vitest';
import { rankBinary, rocAuc, averagePrecision, weightNegatives, balancedAucs } from '../../src/engine/metrics';
import { summariseBinary, balancedAucsOf } from '../../src/engine/binary-summary';
import { createRng } from '../../src/engine/rng';

// Weighting each negative P/N is the same, up to a common factor, as repeating each positive N/P
// times (when that is a whole number): the brute-force reference below. Both ROC-AUC and average
// precision depend only on ratios of weighted counts, so the common factor drops out.
function repeatPositives(y: number[], s: number[], k: number): { y: number[]; s: number[] } {
  const yy: number[] = [];
  const ss: number[] = [];
  y.forEach((v, i) => {
    for (let r = 0; r < (v === 1 ? k : 1); r++) {
      yy.push(v);
      ss.push(s[i]);
    }
  });
  return { y: yy, s: ss };
}

describe('class-balanced ROC-AUC and average precision (negatives weighted P/N)', () => {
  it('a hand example: 2 positives, 6 negatives', () => {
    const y = [1, 0, 1, 0, 0, 0, 0, 0];
    const s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    const r = rankBinary(y, s);
    // unweighted AP: (1/2)·1 + (1/2)·(2/3) = 0.8333…; each negative weighted 1/3: (1/2)·1 + (1/2)·(2 / (2 + 1/3)) = 0.9285…
    expect(averagePrecision(r)!).toBeCloseTo(5 / 6, 12);
    const b = balancedAucs(r);
    expect(b.pr_auc!).toBeCloseTo(0.5 + 0.5 * (2 / (7 / 3)), 12);
    expect(b.roc_auc!).toBeCloseTo(rocAuc(r)!, 12);
  });

  it('equals the metrics on data with each positive repeated N/P times (seeded, with ties)', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 5; trial++) {
      const P = 5 + trial;
      const N = P * (10 + 3 * trial);
      const y = [...Array(P).fill(1), ...Array(N).fill(0)];
      // scores rounded to two decimals, so ties between and within classes occur
      const s = y.map((v) => Math.round(100 * (1 / (1 + Math.exp(-(rng.normal() + (v ? 1 : 0)))))) / 100);
      const ref = repeatPositives(y, s, N / P);
      const b = balancedAucs(rankBinary(y, s));
      expect(b.roc_auc!).toBeCloseTo(rocAuc(rankBinary(ref.y, ref.s))!, 12);
      expect(b.pr_auc!).toBeCloseTo(averagePrecision(rankBinary(ref.y, ref.s))!, 12);
      // ROC-AUC ignores the class ratio: weighting changes nothing
      expect(b.roc_auc!).toBeCloseTo(rocAuc(rankBinary(y, s))!, 12);
      // the summary's helper reads the same ranking
      const fromSummary = balancedAucsOf(summariseBinary(y, s));
      expect(fromSummary.pr_auc!).toBeCloseTo(b.pr_auc!, 12);
    }
  });

  it('undefined with one class, or a weight that is not a positive number', () => {
    expect(balancedAucs(rankBinary([0, 0], [0.1, 0.2]))).toEqual({ roc_auc: null, pr_auc: null });
    expect(balancedAucs(rankBinary([1, 1], [0.1, 0.2]))).toEqual({ roc_auc: null, pr_auc: null });
    expect(weightNegatives(rankBinary([1, 0], [0.1, 0.2]), 0)).toBeNull();
  });

  it('all-tied scores: balanced AP is 0.5, the balanced positive rate', () => {
    const b = balancedAucs(rankBinary([1, 0, 0, 0], [0.3, 0.3, 0.3, 0.3]));
    expect(b.pr_auc!).toBeCloseTo(0.5, 12);
    expect(b.roc_auc!).toBeCloseTo(0.5, 12);
  });
});
