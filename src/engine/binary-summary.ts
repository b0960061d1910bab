import {
  rankBinary,
  rocCurve,
  prCurve,
  rocAuc,
  averagePrecision,
  balancedAucs,
  logLoss,
  countsAt,
  metricsFromCounts,
  thinCurve,
  type Maybe,
  type ThresholdMetrics,
} from './metrics';

/**
 * Everything about a binary classifier's test scores that does not depend on the threshold,
 * computed once (in the engine) and sent to the view as plain arrays. Threshold-dependent
 * numbers then come from `atThreshold` in O(log n), so a threshold slider never retrains.
 */
export interface BinarySummary {
  n: number;
  positives: number;
  /** the ranking: distinct scores (descending) and how many positives / negatives score at or above each */
  thresholds: Float64Array;
  cumTp: Float64Array;
  cumFp: Float64Array;
  roc_auc: Maybe;
  pr_auc: Maybe;
  log_loss: Maybe;
  /** curves thinned for drawing (x, y) */
  roc: { x: Float64Array; y: Float64Array } | null;
  pr: { x: Float64Array; y: Float64Array } | null;
  /** predicted-score histogram per class over [0, 1] */
  histogram: { edges: Float64Array; negatives: Float64Array; positives: Float64Array };
}

export const CURVE_POINTS = 400;
export const HISTOGRAM_BINS = 40;

export function summariseBinary(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): BinarySummary {
  const r = rankBinary(yTrue, yScore);
  const roc = rocCurve(r);
  const pr = prCurve(r);
  const thin = (c: { x: ArrayLike<number>; y: ArrayLike<number> } | null) => {
    if (!c) return null;
    const t = thinCurve(c.x, c.y, CURVE_POINTS);
    return { x: t.x, y: t.y };
  };
  const edges = new Float64Array(HISTOGRAM_BINS + 1).map((_, i) => i / HISTOGRAM_BINS);
  const negatives = new Float64Array(HISTOGRAM_BINS);
  const positives = new Float64Array(HISTOGRAM_BINS);
  for (let i = 0; i < yTrue.length; i++) {
    const s = yScore[i];
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor((s === s ? s : 0) * HISTOGRAM_BINS)));
    (yTrue[i] === 1 ? positives : negatives)[bin]++;
  }
  return {
    n: r.n,
    positives: r.positives,
    thresholds: r.thresholds,
    cumTp: r.cumTp,
    cumFp: r.cumFp,
    roc_auc: rocAuc(r),
    pr_auc: averagePrecision(r),
    log_loss: logLoss(yTrue, yScore),
    roc: thin(roc && { x: roc.fpr, y: roc.tpr }),
    pr: thin(pr && { x: pr.recall, y: pr.precision }),
    histogram: { edges, negatives, positives },
  };
}

export interface AtThreshold extends ThresholdMetrics {
  /** the threshold's point on each curve: ROC (fpr, tpr) and PR (recall, precision); null where undefined */
  rocPoint: { x: number; y: number } | null;
  prPoint: { x: number; y: number } | null;
}

/** Threshold-dependent metrics from a summary: what the live threshold slider calls. */
export function atThreshold(s: BinarySummary, threshold: number): AtThreshold {
  const ranking = { n: s.n, positives: s.positives, negatives: s.n - s.positives, thresholds: s.thresholds, cumTp: s.cumTp, cumFp: s.cumFp };
  const m = metricsFromCounts(countsAt(ranking, threshold));
  const negatives = s.n - s.positives;
  return {
    ...m,
    rocPoint: s.positives > 0 && negatives > 0 ? { x: m.fp / negatives, y: m.tp / s.positives } : null,
    prPoint: m.recall !== null && m.precision !== null ? { x: m.recall, y: m.precision } : null,
  };
}

/** ROC-AUC and PR-AUC of a summary's scores with each negative weighted P/N, so the classes count 50:50. */
export function balancedAucsOf(s: BinarySummary): { roc_auc: Maybe; pr_auc: Maybe } {
  return balancedAucs({ n: s.n, positives: s.positives, negatives: s.n - s.positives, thresholds: s.thresholds, cumTp: s.cumTp, cumFp: s.cumFp });
}
