import type { Values } from '../../engine/params';
import type { LabAdapter, Metrics } from '../../ui/sim-controller.svelte';
import { DEPARTMENTS, ALL_DEPARTMENTS } from './requests';
import { IT, type RoutingResult } from './routing';
import { SPLIT_METRICS, type QuantityResult } from './quantity';
import { anyOfAccuracy, atThreshold, binaryAt, column, firstDepartmentConfusion, leftColumns, oneHotArgmax, setReport } from './routing-metrics';

export type FramingResult = RoutingResult | QuantityResult;

const L = DEPARTMENTS.length;
const LEGAL = ALL_DEPARTMENTS.length - 1;

/** Predicted department sets (n × k, 0/1) from a model's outputs: arg-max for softmax, the threshold otherwise. */
function predictedSets(framing: RoutingResult['framing'], scores: ArrayLike<number>, k: number, threshold: number): Uint8Array {
  return framing === 'multiclass' ? oneHotArgmax(scores, k) : atThreshold(scores, threshold);
}

const perDepartment = (f1: (number | null)[], suffix = '') => Object.fromEntries(DEPARTMENTS.map((d, j) => [`f1_${d}${suffix}`, f1[j] ?? null]));

/** Routing metrics at the current threshold: per framing, plus what "A new department arrives" changed. */
export function routingMetrics(r: RoutingResult, threshold: number): Metrics {
  const out: Metrics = {};
  let oldBefore: (number | null)[];
  if (r.framing === 'binary') {
    const m = binaryAt(column(r.truth, L, IT), r.scores, threshold);
    Object.assign(out, { precision: m.precision, recall: m.recall, f1: m.f1 });
    oldBefore = [m.f1];
  } else {
    const sets = setReport(r.truth, predictedSets(r.framing, r.scores, L, threshold), L);
    if (r.framing === 'multiclass') Object.assign(out, { accuracy: anyOfAccuracy(r.truth, r.scores, L), macro_f1: sets.macro_f1 });
    else Object.assign(out, { subset_accuracy: sets.subset_accuracy, hamming_loss: sets.hamming_loss, micro_f1: sets.micro_f1, macro_f1: sets.macro_f1 });
    Object.assign(out, { label_recall: sets.label_recall }, perDepartment(sets.perLabel));
    oldBefore = sets.perLabel;
  }
  const c = r.change;
  if (!c) return out;
  let oldAfter: (number | null)[];
  let legal: number | null = null;
  if (r.framing === 'binary') {
    const m = binaryAt(column(r.truth, L, IT), c.oldAfter, threshold);
    oldAfter = [m.f1];
    out.f1_it_after = m.f1;
  } else {
    // the four old departments on the original test requests; a request routed to Legal is a miss for them
    const after = leftColumns(predictedSets(r.framing, c.oldAfter, c.kAfter, threshold), c.kAfter, L);
    oldAfter = setReport(r.truth, after, L).perLabel;
    Object.assign(out, perDepartment(oldAfter, '_after'));
    const isLegal = predictedSets(r.framing, c.newScores!, c.kAfter, threshold);
    legal = binaryAt(column(c.newTruth, ALL_DEPARTMENTS.length, LEGAL), column(isLegal, c.kAfter, LEGAL), 0.5).f1;
  }
  let shift: number | null = 0;
  oldBefore.forEach((b, j) => {
    const a = oldAfter[j];
    shift = b === null || a === null || shift === null ? null : Math.max(shift, Math.abs(a - b));
  });
  Object.assign(out, { f1_legal: legal, old_f1_shift: shift, retrained_weights: c.retrainedWeights, retrain_steps: c.retrainSteps, retrain_ms: c.retrainMs });
  return out;
}

const meanOf = (v: Float64Array) => (v.length && v.every(Number.isFinite) ? v.reduce((a, b) => a + b, 0) / v.length : null);
const minOf = (v: Float64Array) => (v.length && v.every(Number.isFinite) ? Math.min(...v) : null);
const maxOf = (v: Float64Array) => (v.length && v.every(Number.isFinite) ? Math.max(...v) : null);

/** Metrics shown with their range over splits. */
export const SPREAD_METRICS = ['accuracy', 'macro_f1', 'rmse', 'mae', 'within_10pct'] as const;

/** Quantity metrics: each the mean over splits, the main ones also with their lowest and highest split. */
export function quantityMetrics(r: QuantityResult): Metrics {
  const out: Metrics = { rows_used: r.rows, rows_dropped: r.sourceRows - r.rows };
  for (const name of SPLIT_METRICS) {
    const v = r.perSplit[name];
    if (!v) continue;
    out[name] = meanOf(v);
    if ((SPREAD_METRICS as readonly string[]).includes(name)) {
      out[`${name}_min`] = minOf(v);
      out[`${name}_max`] = maxOf(v);
    }
  }
  return out;
}

/** Every number the lab shows, flat: the screen, the export and `mlsd:done` share it. */
export function framingMetrics(r: FramingResult, values: Values): Metrics {
  return r.task === 'routing' ? routingMetrics(r, values.threshold as number) : quantityMetrics(r);
}

/** Multiclass routing's confusion matrix: first department against the arg-max. */
export function routingConfusion(r: RoutingResult): number[][] {
  return firstDepartmentConfusion(r.primary, r.scores, L);
}

/** Binary routing's 2 × 2 counts [[TN, FP], [FN, TP]] for IT at a threshold. */
export function binaryConfusion(r: RoutingResult, threshold: number): number[][] {
  const m = binaryAt(column(r.truth, L, IT), r.scores, threshold);
  return [
    [m.tn, m.fp],
    [m.fn, m.tp],
  ];
}

const rowsOf = (m: ArrayLike<number>, k: number): number[][] => Array.from({ length: Math.floor(m.length / k) }, (_, i) => Array.from({ length: k }, (__, j) => m[i * k + j]));

function routingPredictions(r: RoutingResult): Record<string, unknown> {
  const base: Record<string, unknown> =
    r.framing === 'binary'
      ? { y_true: column(r.truth, L, IT), y_score: r.scores }
      : r.framing === 'multiclass'
        ? { y_true: r.primary, y_prob: rowsOf(r.scores, L), departments: rowsOf(r.truth, L) }
        : { y_true: rowsOf(r.truth, L), y_score: rowsOf(r.scores, L) };
  base.labels = [...DEPARTMENTS];
  const c = r.change;
  if (c) {
    const key = r.framing === 'multiclass' ? 'y_prob' : 'y_score';
    base.after_change = {
      labels: c.kAfter === 1 ? ['it'] : [...ALL_DEPARTMENTS],
      old_test: { [key]: rowsOf(c.oldAfter, c.kAfter) },
      new_test: { departments: rowsOf(c.newTruth, ALL_DEPARTMENTS.length), ...(c.newScores ? { [key]: rowsOf(c.newScores, c.kAfter) } : {}) },
    };
  }
  return base;
}

function quantityPredictions(r: QuantityResult): Record<string, unknown> {
  if (r.framing === 'regression') return { y_true: r.yTrue, y_pred: r.yPred, split: r.split };
  return {
    y_true: r.bucketTrue,
    y_prob: rowsOf(r.bucketProb!, r.buckets),
    target: r.yTrue,
    y_pred: r.yPred,
    regression_pred: r.regressionPred,
    split: r.split,
  };
}

export const adapter: LabAdapter<FramingResult> = {
  metrics: framingMetrics,
  series: (r) => {
    if (r.task === 'routing') return { training_loss: { x: r.lossEpoch, y: r.loss } };
    const x = Float64Array.from({ length: r.splits }, (_, i) => i + 1);
    return Object.fromEntries(Object.entries(r.perSplit).map(([name, v]) => [`${name}_by_split`, { x, y: v as Float64Array }]));
  },
  predictions: (r) => (r.task === 'routing' ? routingPredictions(r) : quantityPredictions(r)),
};

