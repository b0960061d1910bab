/**
 * Business metrics from a model's test scores: what showing the ads it scores at or above a
 * threshold earns. Pure float64 TypeScript (no TF.js), shared by the scenario, the view's live
 * re-scoring and the tests. Like binary-summary.ts: sort once, then any threshold in O(log n).
 */

/** The money params: live, so moving them re-scores the same predictions without training. */
export interface Costs {
  /** cost of an ad shown and not clicked */
  costFp: number;
  /** cost of a click missed (an ad not shown that would have been clicked) */
  costFn: number;
  /** multiplies every click's value */
  valueScale: number;
}

/** A click on an impression worth at least this (before value_scale) counts as a "quality play" in the recommender framing. */
export const QUALITY_BAR = 1;

/** Threshold-free: each model's ranking with running totals of clicks, value and quality plays. */
export interface MoneySummary {
  n: number;
  positives: number;
  /** Σ value over clicked rows (before value_scale) */
  clickValue: number;
  /** distinct scores, descending, and totals over the rows scoring at or above each */
  thresholds: Float64Array;
  cumTp: Float64Array;
  cumFp: Float64Array;
  cumValue: Float64Array;
  cumQuality: Float64Array;
}

export function summariseMoney(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, value: ArrayLike<number>): MoneySummary {
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yScore[b] - yScore[a] || a - b);
  const thresholds: number[] = [];
  const cumTp: number[] = [];
  const cumFp: number[] = [];
  const cumValue: number[] = [];
  const cumQuality: number[] = [];
  let tp = 0;
  let fp = 0;
  let val = 0;
  let quality = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (yTrue[i] === 1) {
      tp++;
      val += value[i];
      if (value[i] >= QUALITY_BAR) quality++;
    } else fp++;
    // close a group of tied scores
    if (k === n - 1 || yScore[order[k + 1]] !== yScore[i]) {
      thresholds.push(yScore[i]);
      cumTp.push(tp);
      cumFp.push(fp);
      cumValue.push(val);
      cumQuality.push(quality);
    }
  }
  return {
    n,
    positives: tp,
    clickValue: val,
    thresholds: Float64Array.from(thresholds),
    cumTp: Float64Array.from(cumTp),
    cumFp: Float64Array.from(cumFp),
    cumValue: Float64Array.from(cumValue),
    cumQuality: Float64Array.from(cumQuality),
  };
}

/** What one policy (show the ads scoring ≥ threshold) does on the test rows. */
export interface MoneyAt {
  /** ads shown (impressions / recommendations) */
  shown: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Σ value of shown-and-clicked, after value_scale */
  revenue: number;
  /** cost_fp × shown-and-not-clicked */
  fpCost: number;
  /** cost_fn × missed clicks */
  fnCost: number;
  profit: number;
  /** clicks on impressions worth ≥ QUALITY_BAR among those shown */
  qualityPlays: number;
  /** clicks ÷ shown; null when nothing is shown */
  ctr: number | null;
  /** quality plays ÷ shown; null when nothing is shown */
  takeRate: number | null;
}

/** How many distinct thresholds are ≥ t (the summary's thresholds are descending). */
function above(thresholds: Float64Array, t: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (thresholds[mid] >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function settle(s: { n: number; positives: number }, tp: number, fp: number, value: number, quality: number, c: Costs): MoneyAt {
  const shown = tp + fp;
  const fn = s.positives - tp;
  const revenue = c.valueScale * value;
  const fpCost = c.costFp * fp;
  const fnCost = c.costFn * fn;
  return {
    shown,
    tp,
    fp,
    fn,
    tn: s.n - s.positives - fp,
    revenue,
    fpCost,
    fnCost,
    profit: revenue - fpCost - fnCost,
    qualityPlays: quality,
    ctr: shown > 0 ? tp / shown : null,
    takeRate: shown > 0 ? quality / shown : null,
  };
}

/** The money when every ad scoring at or above `threshold` is shown. */
export function moneyAt(s: MoneySummary, threshold: number, c: Costs): MoneyAt {
  const k = above(s.thresholds, threshold);
  if (k === 0) return settle(s, 0, 0, 0, 0, c);
  return settle(s, s.cumTp[k - 1], s.cumFp[k - 1], s.cumValue[k - 1], s.cumQuality[k - 1], c);
}

/** The money of any set of shown rows (a policy that is not a threshold on one score). */
export function moneyOf(yTrue: ArrayLike<number>, value: ArrayLike<number>, show: (i: number) => boolean, c: Costs): MoneyAt {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  let val = 0;
  let quality = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const clicked = yTrue[i] === 1;
    if (clicked) positives++;
    if (!show(i)) continue;
    if (clicked) {
      tp++;
      val += value[i];
      if (value[i] >= QUALITY_BAR) quality++;
    } else fp++;
  }
  return settle({ n: yTrue.length, positives }, tp, fp, val, quality, c);
}

/** The threshold grid the threshold chart and the "best threshold" numbers use: 0, 0.01, …, 1. */
export const THRESHOLD_GRID = Float64Array.from({ length: 101 }, (_, i) => i / 100);

/** The grid point with the highest value; the lowest such threshold on a tie. */
export function argmaxThreshold(grid: ArrayLike<number>, values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return grid[best];
}

/** Objectives for choosing which ads to show, each a policy on the click model's probabilities. */
export const OBJECTIVES = ['impressions', 'clicks', 'profit'] as const;
export type Objective = (typeof OBJECTIVES)[number];
/** The "low bar" of the impressions objective: any ad with at least this predicted chance of a click. */
export const LOW_BAR = 0.02;

/**
 * What each objective shows, from click probabilities `p` and values: impressions — every ad with
 * p ≥ LOW_BAR; clicks — those most likely clicked, p ≥ threshold; profit — those whose expected
 * profit is positive, p · (value + cost_fn) > (1 − p) · cost_fp.
 */
export function objectivesAt(yTrue: ArrayLike<number>, p: ArrayLike<number>, value: ArrayLike<number>, threshold: number, c: Costs): Record<Objective, MoneyAt> {
  return {
    impressions: moneyOf(yTrue, value, (i) => p[i] >= LOW_BAR, c),
    clicks: moneyOf(yTrue, value, (i) => p[i] >= threshold, c),
    profit: moneyOf(yTrue, value, (i) => p[i] * (c.valueScale * value[i] + c.costFn) > (1 - p[i]) * c.costFp, c),
  };
}
