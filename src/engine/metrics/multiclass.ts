// Multiclass metrics over flat row-major probability arrays (n rows x k classes). Float64, no framework code.
// Labels are integers 0..k-1; undefined values are null, never NaN.

import type { Maybe } from './binary';

/** Index of the largest entry of each row; the first one wins a tie, as numpy's argmax. */
export function argmaxRows(prob: ArrayLike<number>, k: number): Int32Array {
  const n = Math.floor(prob.length / k);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (prob[base + c] > prob[base + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** k x k counts indexed [true][pred]; pairs with a label outside 0..k-1 are skipped, as sklearn skips labels not in `labels`. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
  if (yTrue.length !== yPred.length) throw new RangeError(`length mismatch: ${yTrue.length} vs ${yPred.length}`);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (Number.isInteger(t) && Number.isInteger(p) && t >= 0 && t < k && p >= 0 && p < k) m[t][p]++;
  }
  return m;
}

const EPS = 1e-15;

/** Mean negative log-likelihood of rows clipped to [1e-15, 1-1e-15] then renormalised, as sklearn's log_loss(eps=1e-15, labels=range(k)); null for no rows. */
export function multiclassLogLoss(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, k: number): Maybe {
  const n = yTrue.length;
  if (yProb.length !== n * k) throw new RangeError(`expected ${n * k} probabilities, got ${yProb.length}`);
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    const t = yTrue[i];
    if (!(Number.isInteger(t) && t >= 0 && t < k)) throw new RangeError(`label ${t} outside 0..${k - 1}`);
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += Math.min(Math.max(yProb[base + c], EPS), 1 - EPS);
    const p = Math.min(Math.max(yProb[base + t], EPS), 1 - EPS);
    sum -= Math.log(p / rowSum);
  }
  return sum / n;
}

export interface MulticlassReport {
  /** Null only for no rows. */
  accuracy: Maybe;
  /** Mean F1 over the labels present in y_true or y_pred, as sklearn's f1_score(average='macro') without `labels`; null for no rows. */
  macro_f1: Maybe;
  /** Per class 2TP / (2TP + FP + FN); null for a class that is neither true nor predicted anywhere. */
  per_class_f1: Maybe[];
  confusion: number[][];
  log_loss: Maybe;
}

export function multiclassReport(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, k: number): MulticlassReport {
  const n = yTrue.length;
  if (yProb.length !== n * k) throw new RangeError(`expected ${n * k} probabilities, got ${yProb.length}`);
  const confusion = confusionMatrix(yTrue, argmaxRows(yProb, k), k);
  let correct = 0;
  const perClass: Maybe[] = [];
  let f1Sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    correct += confusion[c][c];
    let trueC = 0; // row sum: TP + FN
    let predC = 0; // column sum: TP + FP
    for (let o = 0; o < k; o++) {
      trueC += confusion[c][o];
      predC += confusion[o][c];
    }
    const denom = trueC + predC; // = 2TP + FP + FN
    const f1 = denom === 0 ? null : (2 * confusion[c][c]) / denom;
    perClass.push(f1);
    if (f1 !== null) {
      f1Sum += f1;
      present++;
    }
  }
  return {
    accuracy: n === 0 ? null : correct / n,
    macro_f1: present === 0 ? null : f1Sum / present,
    per_class_f1: perClass,
    confusion,
    log_loss: multiclassLogLoss(yTrue, yProb, k),
  };
}
