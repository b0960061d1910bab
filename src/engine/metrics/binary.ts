// Binary classification metrics. Pure float64 arithmetic, no framework code.
// Undefined values are `null`, never NaN (see the design doc's metrics contract).
// Label 1 is the positive class; any other label counts as negative.
// A NaN score is ranked as -Infinity (it is never above a finite threshold).

export type Maybe = number | null;

export interface Counts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Precomputed ranking of binary scores: distinct thresholds (descending) with cumulative TP/FP counts; built once per run, then threshold queries are O(log n). */
export interface BinaryRanking {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  /** Distinct scores, descending. */
  readonly thresholds: Float64Array;
  /** cumTp[i] / cumFp[i]: positives / negatives with score >= thresholds[i]. */
  readonly cumTp: Float64Array;
  readonly cumFp: Float64Array;
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  // A length mismatch is a bug in the caller, not data from a run: fail loudly.
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
}

const score = (s: number): number => (s !== s ? -Infinity : s);

export function rankBinary(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): BinaryRanking {
  checkLengths(yTrue, yScore);
  const n = yTrue.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === 1) positives++;
  const negatives = n - positives;
  // Split by class and use the native numeric typed-array sort: far faster than an index sort with a comparator.
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (yTrue[i] === 1) pos[p++] = score(yScore[i]);
    else neg[q++] = score(yScore[i]);
  }
  pos.sort();
  neg.sort();
  const thresholds = new Float64Array(n);
  const cumTp = new Float64Array(n);
  const cumFp = new Float64Array(n);
  // Merge from the top (both arrays ascending), emitting one point per distinct score.
  let i = positives - 1;
  let j = negatives - 1;
  let tp = 0;
  let fp = 0;
  let m = 0;
  while (i >= 0 || j >= 0) {
    const t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === t) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === t) {
      fp++;
      j--;
    }
    thresholds[m] = t;
    cumTp[m] = tp;
    cumFp[m] = fp;
    m++;
  }
  return {
    n,
    positives,
    negatives,
    thresholds: thresholds.slice(0, m),
    cumTp: cumTp.slice(0, m),
    cumFp: cumFp.slice(0, m),
  };
}

/** Counts at `threshold` (score >= threshold is positive) by binary search over the ranking. */
export function countsAt(r: BinaryRanking, threshold: number): Counts {
  const th = r.thresholds;
  // Find the number of distinct thresholds >= threshold (they are a prefix, as th is descending).
  let lo = 0;
  let hi = th.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (th[mid] >= threshold) lo = mid + 1;
    else hi = mid;
  }
  const tp = lo === 0 ? 0 : r.cumTp[lo - 1];
  const fp = lo === 0 ? 0 : r.cumFp[lo - 1];
  return { tp, fp, tn: r.negatives - fp, fn: r.positives - tp };
}

/** Counts at `threshold` by a direct O(n) pass; agrees with countsAt. */
export function confusionAt(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, threshold: number): Counts {
  checkLengths(yTrue, yScore);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const predicted = score(yScore[i]) >= threshold;
    if (yTrue[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/**
 * Threshold metrics. accuracy and baseline_accuracy are null only for empty input (no rows).
 * baseline_accuracy is the accuracy of always predicting the negative class (the "always says
 * no click" model), i.e. the fraction of rows with y_true == 0 — the majority class in our data sets.
 */
export interface ThresholdMetrics extends Counts {
  accuracy: Maybe;
  precision: Maybe;
  recall: Maybe;
  f1: Maybe;
  baseline_accuracy: Maybe;
}

const ratio = (a: number, b: number): Maybe => (b === 0 ? null : a / b);

export function metricsFromCounts(c: Counts): ThresholdMetrics {
  const n = c.tp + c.fp + c.tn + c.fn;
  return {
    tp: c.tp,
    fp: c.fp,
    tn: c.tn,
    fn: c.fn,
    accuracy: ratio(c.tp + c.tn, n),
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    baseline_accuracy: ratio(c.fp + c.tn, n),
  };
}

/** ROC curve as sklearn's roc_curve(drop_intermediate=False), starting at (0,0) with threshold +Infinity; null when one class is absent. */
export function rocCurve(r: BinaryRanking): { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array } | null {
  if (r.positives === 0 || r.negatives === 0) return null;
  const m = r.thresholds.length;
  const fpr = new Float64Array(m + 1);
  const tpr = new Float64Array(m + 1);
  const thresholds = new Float64Array(m + 1);
  thresholds[0] = Infinity;
  for (let i = 0; i < m; i++) {
    fpr[i + 1] = r.cumFp[i] / r.negatives;
    tpr[i + 1] = r.cumTp[i] / r.positives;
    thresholds[i + 1] = r.thresholds[i];
  }
  return { fpr, tpr, thresholds };
}

/** Area under the ROC curve by trapezoids between distinct thresholds (ties count half); null when one class is absent. */
export function rocAuc(r: BinaryRanking): Maybe {
  if (r.positives === 0 || r.negatives === 0) return null;
  // Sum in counts, normalise once: sum of dFP * (tp_prev + tp) / 2 over the curve.
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let i = 0; i < r.thresholds.length; i++) {
    area += (r.cumFp[i] - prevFp) * (r.cumTp[i] + prevTp);
    prevTp = r.cumTp[i];
    prevFp = r.cumFp[i];
  }
  return area / (2 * r.positives * r.negatives);
}

/** Precision-recall curve in sklearn's precision_recall_curve order: thresholds ascending, then the end point (precision 1, recall 0); null when no positives. */
export function prCurve(r: BinaryRanking): { precision: Float64Array; recall: Float64Array; thresholds: Float64Array } | null {
  if (r.positives === 0) return null;
  const m = r.thresholds.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thresholds = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const k = m - 1 - i; // reversed: lowest threshold first
    precision[i] = r.cumTp[k] / (r.cumTp[k] + r.cumFp[k]); // cumTp + cumFp >= 1 at every distinct threshold
    recall[i] = r.cumTp[k] / r.positives;
    thresholds[i] = r.thresholds[k];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}

/** Average precision as sklearn's average_precision_score: sum of (R_n - R_{n-1}) * P_n over distinct thresholds, no interpolation; null when no positives. */
export function averagePrecision(r: BinaryRanking): Maybe {
  if (r.positives === 0) return null;
  let sum = 0;
  let prevTp = 0;
  for (let i = 0; i < r.thresholds.length; i++) {
    const tp = r.cumTp[i];
    if (tp !== prevTp) sum += ((tp - prevTp) / r.positives) * (tp / (tp + r.cumFp[i]));
    prevTp = tp;
  }
  return sum;
}

/**
 * The same ranking with every negative weighted `w` (and every positive 1), as scikit-learn's
 * `sample_weight` would count them: `w = positives / negatives` makes the classes count 50:50.
 * Feed it to rocAuc / averagePrecision / countsAt for the weighted figures; null when one class is absent.
 */
export function weightNegatives(r: BinaryRanking, w: number): BinaryRanking | null {
  if (r.positives === 0 || r.negatives === 0 || !(w > 0) || !Number.isFinite(w)) return null;
  return { ...r, negatives: r.negatives * w, n: r.positives + r.negatives * w, cumFp: r.cumFp.map((v) => v * w) };
}

/** ROC-AUC and average precision with the classes weighted 50:50 (each negative weighted P/N); null when one class is absent. */
export function balancedAucs(r: BinaryRanking): { roc_auc: Maybe; pr_auc: Maybe } {
  const b = weightNegatives(r, r.positives / r.negatives);
  return b ? { roc_auc: rocAuc(b), pr_auc: averagePrecision(b) } : { roc_auc: null, pr_auc: null };
}

const EPS = 1e-15;
const clip = (p: number): number => (p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p);

/** Mean negative log-likelihood of P(y=1), clipped to [1e-15, 1-1e-15] and renormalised as sklearn's log_loss(eps=1e-15) does; null for empty input. */
export function logLoss(yTrue: ArrayLike<number>, yProb: ArrayLike<number>): Maybe {
  checkLengths(yTrue, yProb);
  const n = yTrue.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    // sklearn clips p, then forms the row [1 - p, p] and divides by its sum.
    const p = clip(yProb[i]);
    const q = 1 - p;
    sum -= Math.log((yTrue[i] === 1 ? p : q) / (p + q));
  }
  return sum / n;
}

/** Threshold metrics plus ranking metrics; positive_rate and log_loss are null only for empty input. */
export interface BinaryReport extends ThresholdMetrics {
  roc_auc: Maybe;
  pr_auc: Maybe;
  log_loss: Maybe;
  positive_rate: Maybe;
}

/** Everything for one evaluation; pass a ranking built by rankBinary to reuse it across thresholds. `yScore` must be P(y=1) for log_loss to mean anything. */
export function binaryReport(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  threshold: number,
  ranking?: BinaryRanking,
): BinaryReport {
  checkLengths(yTrue, yScore);
  const r = ranking ?? rankBinary(yTrue, yScore);
  return {
    ...metricsFromCounts(countsAt(r, threshold)),
    roc_auc: rocAuc(r),
    pr_auc: averagePrecision(r),
    log_loss: logLoss(yTrue, yScore),
    positive_rate: ratio(r.positives, r.n),
  };
}

/**
 * Thin a curve to at most maxPoints for drawing. Points are picked evenly by arc length in
 * coordinates normalised to each axis' range, so bends keep their points and straight runs lose
 * theirs; the first and last points are always kept. `index` gives the original positions.
 */
export function thinCurve(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  maxPoints: number,
): { x: Float64Array; y: Float64Array; index: Uint32Array } {
  checkLengths(xs, ys);
  const n = xs.length;
  const budget = Math.max(2, Math.floor(maxPoints));
  let index: Uint32Array;
  if (n <= budget) {
    index = Uint32Array.from({ length: n }, (_, i) => i);
  } else {
    const cum = arcLength(xs, ys);
    const total = cum[n - 1];
    const picked: number[] = [0];
    let i = 0;
    for (let j = 1; j < budget - 1; j++) {
      // Target an even share of the length; fall back to even spacing in index when the curve has no length.
      if (total > 0) {
        const target = (total * j) / (budget - 1);
        while (i < n - 1 && cum[i] < target) i++;
      } else {
        i = Math.round(((n - 1) * j) / (budget - 1));
      }
      if (i > picked[picked.length - 1] && i < n - 1) picked.push(i);
    }
    picked.push(n - 1);
    index = Uint32Array.from(picked);
  }
  const x = new Float64Array(index.length);
  const y = new Float64Array(index.length);
  for (let k = 0; k < index.length; k++) {
    x[k] = xs[index[k]];
    y[k] = ys[index[k]];
  }
  return { x, y, index };
}

function arcLength(xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  const n = xs.length;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (xs[i] < xMin) xMin = xs[i];
    if (xs[i] > xMax) xMax = xs[i];
    if (ys[i] < yMin) yMin = ys[i];
    if (ys[i] > yMax) yMax = ys[i];
  }
  // Normalise each axis so a curve in [0,1]x[0,1] and one in raw units thin alike; a flat axis gets weight 0.
  const sx = xMax > xMin && Number.isFinite(xMax - xMin) ? 1 / (xMax - xMin) : 0;
  const sy = yMax > yMin && Number.isFinite(yMax - yMin) ? 1 / (yMax - yMin) : 0;
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const d = Math.hypot((xs[i] - xs[i - 1]) * sx, (ys[i] - ys[i - 1]) * sy);
    cum[i] = cum[i - 1] + (Number.isFinite(d) ? d : 0);
  }
  return cum;
}
