import { argmaxRows, confusionAt, confusionMatrix, metricsFromCounts, multilabelReport, type Maybe } from '../../engine/metrics';

/**
 * Routing metrics from a model's test outputs and each request's true departments (n × L 0/1).
 * Pure float64 functions over plain arrays: the engine calls them for the final snapshot, the
 * view for a threshold change.
 */

/** Column `j` of an n × L matrix. */
export function column(m: ArrayLike<number>, L: number, j: number): Float64Array {
  const n = Math.floor(m.length / L);
  return Float64Array.from({ length: n }, (_, i) => m[i * L + j]);
}

/** The first `keep` columns of an n × L matrix. */
export function leftColumns(m: ArrayLike<number>, L: number, keep: number): Float64Array {
  const n = Math.floor(m.length / L);
  const out = new Float64Array(n * keep);
  for (let i = 0; i < n; i++) for (let j = 0; j < keep; j++) out[i * keep + j] = m[i * L + j];
  return out;
}

/** The arg-max of each row as an n × L 0/1 matrix: what a multiclass model claims about each department. */
export function oneHotArgmax(prob: ArrayLike<number>, L: number): Uint8Array {
  const pred = argmaxRows(prob, L);
  const out = new Uint8Array(pred.length * L);
  pred.forEach((c, i) => (out[i * L + c] = 1));
  return out;
}

export interface SetReport {
  /** F1 of each department: 2TP / (2TP + FP + FN) over requests */
  perLabel: Maybe[];
  macro_f1: Maybe;
  micro_f1: Maybe;
  subset_accuracy: Maybe;
  hamming_loss: Maybe;
  /** of all true (request, department) pairs, the share the predictions contain */
  label_recall: Maybe;
}

/** Predicted department sets (0/1, n × L) against the true ones. */
export function setReport(truth: ArrayLike<number>, predicted: ArrayLike<number>, L: number): SetReport {
  const r = multilabelReport(truth, predicted, L, 0.5);
  let pairs = 0;
  let found = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] !== 1) continue;
    pairs++;
    if (predicted[i] >= 0.5) found++;
  }
  return {
    perLabel: r.per_label_f1,
    macro_f1: r.macro_f1,
    micro_f1: r.micro_f1,
    subset_accuracy: r.subset_accuracy,
    hamming_loss: r.hamming_loss,
    label_recall: pairs === 0 ? null : found / pairs,
  };
}

/** Scores (n × L) at a threshold → predicted sets (n × L, 0/1). */
export function atThreshold(scores: ArrayLike<number>, threshold: number): Uint8Array {
  return Uint8Array.from(scores as ArrayLike<number>, (s) => (s >= threshold ? 1 : 0));
}

/** Multiclass: the arg-max counts as right when it is one of the request's departments. */
export function anyOfAccuracy(truth: ArrayLike<number>, prob: ArrayLike<number>, L: number): Maybe {
  const pred = argmaxRows(prob, L);
  if (pred.length === 0) return null;
  let right = 0;
  pred.forEach((c, i) => (right += truth[i * L + c] === 1 ? 1 : 0));
  return right / pred.length;
}

/** The k × k confusion matrix of a request's first department against the arg-max. */
export function firstDepartmentConfusion(primary: ArrayLike<number>, prob: ArrayLike<number>, k: number): number[][] {
  return confusionMatrix(primary, argmaxRows(prob, k), k);
}

/** One yes/no question (a department or not) at a threshold. */
export function binaryAt(truth: ArrayLike<number>, score: ArrayLike<number>, threshold: number) {
  return metricsFromCounts(confusionAt(truth, score, threshold));
}
