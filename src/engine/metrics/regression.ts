// Regression metrics in float64. Empty input gives null (never NaN, never a throw on data from a run).

import type { Maybe } from './binary';

function check(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  // A length mismatch is a bug in the caller, not data from a run: fail loudly.
  if (yTrue.length !== yPred.length) throw new RangeError(`length mismatch: ${yTrue.length} vs ${yPred.length}`);
}

/** Root mean squared error; null for empty input. */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Maybe {
  check(yTrue, yPred);
  if (yTrue.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const d = yPred[i] - yTrue[i];
    sum += d * d;
  }
  return Math.sqrt(sum / yTrue.length);
}

/** Mean absolute error; null for empty input. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Maybe {
  check(yTrue, yPred);
  if (yTrue.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yPred[i] - yTrue[i]);
  return sum / yTrue.length;
}
