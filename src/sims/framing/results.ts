import { defineResults, type LabMetrics, type LabValues } from '../../engine/lab';
import { formatMetric } from '../../ui/format';
import { meta } from './meta';
import { DEPARTMENTS, ALL_DEPARTMENTS, DEPARTMENT_LABELS } from './requests';
import { IT } from './routing';
import { SPLIT_METRICS, type FramingResult, type QuantityResult, type RoutingResult, type Sample } from './types';
import { anyOfAccuracy, atThreshold, binaryAt, column, firstDepartmentConfusion, leftColumns, oneHotArgmax, setReport } from './routing-metrics';

export type { FramingResult } from './types';
export type FramingMetrics = LabMetrics<typeof meta>;

const L = DEPARTMENTS.length;
const LEGAL = ALL_DEPARTMENTS.length - 1;

/** Predicted department sets (n × k, 0/1) from a model's outputs: arg-max for softmax, the threshold otherwise. */
function predictedSets(framing: RoutingResult['framing'], scores: ArrayLike<number>, k: number, threshold: number): Uint8Array {
  return framing === 'multiclass' ? oneHotArgmax(scores, k) : atThreshold(scores, threshold);
}

/** F1 per department into `out`, as f1_<department> (before) or f1_<department>_after. */
function putPerDepartment(out: FramingMetrics, f1: (number | null)[], after: boolean): void {
  DEPARTMENTS.forEach((d, j) => {
    const name: keyof FramingMetrics = after ? `f1_${d}_after` : `f1_${d}`;
    out[name] = f1[j] ?? null;
  });
}

/** Routing metrics at the current threshold: per framing, plus what "A new department arrives" changed. */
export function routingMetrics(r: RoutingResult, threshold: number): FramingMetrics {
  const out: FramingMetrics = {};
  let oldBefore: (number | null)[];
  if (r.framing === 'binary') {
    const m = binaryAt(column(r.truth, L, IT), r.scores, threshold);
    out.precision = m.precision;
    out.recall = m.recall;
    out.f1 = m.f1;
    oldBefore = [m.f1];
  } else {
    const sets = setReport(r.truth, predictedSets(r.framing, r.scores, L, threshold), L);
    // both framings report the exact-set score, so like is compared with like; a multiclass
    // answer is one department, so it is exact only on one-department requests
    out.subset_accuracy = sets.subset_accuracy;
    if (r.framing === 'multiclass') {
      out.accuracy = anyOfAccuracy(r.truth, r.scores, L);
    } else {
      out.hamming_loss = sets.hamming_loss;
      out.micro_f1 = sets.micro_f1;
    }
    out.macro_f1 = sets.macro_f1;
    out.label_recall = sets.label_recall;
    putPerDepartment(out, sets.perLabel, false);
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
    putPerDepartment(out, oldAfter, true);
    const isLegal = predictedSets(r.framing, c.newScores!, c.kAfter, threshold);
    legal = binaryAt(column(c.newTruth, ALL_DEPARTMENTS.length, LEGAL), column(isLegal, c.kAfter, LEGAL), 0.5).f1;
  }
  let shift: number | null = 0;
  oldBefore.forEach((b, j) => {
    const a = oldAfter[j];
    shift = b === null || a === null || shift === null ? null : Math.max(shift, Math.abs(a - b));
  });
  out.f1_legal = legal;
  out.old_f1_shift = shift;
  out.retrained_weights = c.retrainedWeights;
  out.retrain_steps = c.retrainSteps;
  out.retrain_ms = c.retrainMs;
  return out;
}

const meanOf = (v: Float64Array) => (v.length && v.every(Number.isFinite) ? v.reduce((a, b) => a + b, 0) / v.length : null);
const minOf = (v: Float64Array) => (v.length && v.every(Number.isFinite) ? Math.min(...v) : null);
const maxOf = (v: Float64Array) => (v.length && v.every(Number.isFinite) ? Math.max(...v) : null);

/** Metrics shown with their range over splits. */
export const SPREAD_METRICS = ['accuracy', 'macro_f1', 'rmse', 'mae', 'within_10pct'] as const;
const hasSpread = (name: string): name is (typeof SPREAD_METRICS)[number] => (SPREAD_METRICS as readonly string[]).includes(name);

/** Quantity metrics: each the mean over splits, the main ones also with their lowest and highest split. */
export function quantityMetrics(r: QuantityResult): FramingMetrics {
  const out: FramingMetrics = { rows_used: r.rows, rows_dropped: r.sourceRows - r.rows };
  for (const name of SPLIT_METRICS) {
    const v = r.perSplit[name];
    if (!v) continue;
    out[name] = meanOf(v);
    if (hasSpread(name)) {
      out[`${name}_min`] = minOf(v);
      out[`${name}_max`] = maxOf(v);
    }
  }
  return out;
}

/** Every number the lab shows, flat: the screen, the export and `mlsd:done` share it. */
export function framingMetrics(r: FramingResult, values: LabValues<typeof meta>): FramingMetrics {
  return r.task === 'routing' ? routingMetrics(r, values.threshold) : quantityMetrics(r);
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

/** One model output on a sample request: its department(s), score, whether the framing predicts it, whether it is true. */
export interface SampleOutput {
  label: string;
  score: number;
  predicted: boolean;
  truth: boolean;
}

/** What the model said about one sample request, output by output. */
function sampleOutputs(r: RoutingResult, sample: Sample, threshold: number): SampleOutput[] {
  const { framing, scores, k } = r;
  const at = sample.row * k;
  if (framing === 'binary') {
    const s = scores[at];
    return [{ label: 'IT?', score: s, predicted: s >= threshold, truth: sample.departments.includes(IT) }];
  }
  const row = Array.from({ length: k }, (_, j) => scores[at + j]);
  const best = row.indexOf(Math.max(...row));
  return DEPARTMENTS.map((d, j) => ({
    label: DEPARTMENT_LABELS[d],
    score: row[j],
    predicted: framing === 'multiclass' ? j === best : row[j] >= threshold,
    truth: sample.departments.includes(j),
  }));
}

/** What the routing results draw, at the current threshold. */
export interface RoutingView {
  task: 'routing';
  framing: RoutingResult['framing'];
  metrics: FramingMetrics;
  /** F1 per old department (null for binary, which has one question), and after Legal arrived (null when it did not) */
  f1: (number | null)[] | null;
  f1After: (number | null)[] | null;
  /** multiclass: first department against the arg-max; binary: [[TN, FP], [FN, TP]] for IT; multilabel: none */
  confusion: number[][] | null;
  /** whether "A new department arrives" ran */
  changed: boolean;
  /** the sample requests, each with the model's outputs on it */
  samples: (Sample & { outputs: SampleOutput[] })[];
}

/** How a bucket's range reads: "< 17.5", "17.5–22", "≥ 31". */
function bucketLabels(r: QuantityResult): string[] {
  if (!r.edges) return [];
  const e = Array.from(r.edges);
  const num = (v: number) => formatMetric(v, 'number');
  return Array.from({ length: r.buckets }, (_, i) => (i === 0 ? `< ${num(e[0])}` : i === e.length ? `≥ ${num(e[i - 1])}` : `${num(e[i - 1])}–${num(e[i])}`));
}

/** Predicted against true: regression alone, or the regression beside the bucket medians on the same rows. */
function scatterOf(r: QuantityResult): QuantityView['scatter'] {
  if (r.framing === 'regression') return { x: r.yTrue, y: r.yPred, cls: new Uint8Array(r.yTrue.length), classes: [{ label: 'regression' }] };
  const n = r.yTrue.length;
  const x = new Float32Array(2 * n);
  x.set(r.yTrue);
  x.set(r.yTrue, n);
  const y = new Float32Array(2 * n);
  y.set(r.regressionPred!);
  y.set(r.yPred, n);
  const cls = new Uint8Array(2 * n).fill(1, n);
  return { x, y, cls, classes: [{ label: 'regression' }, { label: `classification (${r.buckets} buckets, medians)` }] };
}

/** What the quantity results draw. */
export interface QuantityView {
  task: 'quantity';
  framing: QuantityResult['framing'];
  metrics: FramingMetrics;
  splits: number;
  /** the target's unit: mpg, or thousand (house prices) */
  unit: string;
  /** the first split's bucket ranges, in target units, for the confusion matrix */
  bucketLabels: string[];
  scatter: { x: Float32Array; y: Float32Array; cls: Uint8Array; classes: { label: string }[] };
}

export type FramingView = RoutingView | QuantityView;

function routingView(r: RoutingResult, threshold: number): RoutingView {
  const metrics = routingMetrics(r, threshold);
  const multi = r.framing !== 'binary';
  return {
    task: 'routing',
    framing: r.framing,
    metrics,
    f1: multi ? DEPARTMENTS.map((d) => metrics[`f1_${d}`] ?? null) : null,
    f1After: multi && r.change ? DEPARTMENTS.map((d) => metrics[`f1_${d}_after`] ?? null) : null,
    confusion: r.framing === 'multiclass' ? routingConfusion(r) : r.framing === 'binary' ? binaryConfusion(r, threshold) : null,
    changed: r.change !== null,
    samples: r.samples.map((s) => ({ ...s, outputs: sampleOutputs(r, s, threshold) })),
  };
}

function quantityView(r: QuantityResult): QuantityView {
  return { task: 'quantity', framing: r.framing, metrics: quantityMetrics(r), splits: r.splits, unit: r.unit, bucketLabels: bucketLabels(r), scatter: scatterOf(r) };
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

export const results = defineResults(meta, {
  view: (r, values): FramingView => (r.task === 'routing' ? routingView(r, values.threshold) : quantityView(r)),
  series: (r) => {
    if (r.task === 'routing') return { training_loss: { x: r.lossEpoch, y: r.loss } };
    const x = Float64Array.from({ length: r.splits }, (_, i) => i + 1);
    const series: Record<string, { x: Float64Array; y: Float64Array }> = {};
    for (const [name, v] of Object.entries(r.perSplit)) if (v) series[`${name}_by_split`] = { x, y: v };
    return series;
  },
  predictions: (r) => (r.task === 'routing' ? routingPredictions(r) : quantityPredictions(r)),
});
