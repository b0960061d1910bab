import { train } from '../../engine/train';
import { Network, logisticRegression, mlp, predict, type ModelSpec } from '../../engine/model';
import type { RunControl } from '../../engine/control';
import type { Rng } from '../../engine/rng';

/** Training hyperparameters of every model the project trains (the lab's Advanced section). */
export interface Knobs {
  lr: number;
  epochs: number;
  batch: number;
  /** hidden layer sizes; [] is logistic regression */
  layers: number[];
}

export const DEFAULT_KNOBS: Knobs = { lr: 0.05, epochs: 12, batch: 1024, layers: [] };

/**
 * A trained model as plain data (no tensors outlive a step): its weights, and the factor that turns
 * its odds back into click odds when it was trained on a changed class mix (reweighted, resampled,
 * or with extra positives): P(click) odds = model odds × oddsFactor.
 */
export interface TrainedModel {
  spec: ModelSpec;
  weights: Float32Array[];
  oddsFactor: number;
}

export function specFor(d: number, layers: readonly number[]): ModelSpec {
  return layers.length ? mlp(d, layers, 'sigmoid', 1, 'relu') : logisticRegression(d);
}

export function describeSpec(spec: ModelSpec): string {
  return spec.hidden.length ? `MLP ${[spec.inputs, ...spec.hidden, 1].join('→')}` : `logistic regression, ${spec.inputs} inputs`;
}

/** Rows to fit: x n×d, labels 0/1, optional row weights. */
export interface FitSet {
  x: Float32Array;
  y: Uint8Array;
  n: number;
  d: number;
  weights?: Float32Array;
}

export function countPositives(y: ArrayLike<number>): number {
  let p = 0;
  for (let i = 0; i < y.length; i++) p += y[i] === 1 ? 1 : 0;
  return p;
}

/** Rows of a set picked by index. */
export function pick(set: FitSet, rows: ArrayLike<number>): FitSet {
  const { d } = set;
  const x = new Float32Array(rows.length * d);
  const y = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    x.set(set.x.subarray(i * d, (i + 1) * d), k * d);
    y[k] = set.y[i];
  }
  return { x, y, n: rows.length, d };
}

/** Two sets, one after the other. */
export function concat(a: FitSet, b: FitSet): FitSet {
  const x = new Float32Array((a.n + b.n) * a.d);
  x.set(a.x);
  x.set(b.x, a.n * a.d);
  const y = new Uint8Array(a.n + b.n);
  y.set(a.y);
  y.set(b.y, a.n);
  return { x, y, n: a.n + b.n, d: a.d };
}

/**
 * What reweighting and resampling do to a set: balanced class weights (n / (2 · n_class)), or the
 * negatives cut down at random to the positives' count; with the odds factor that undoes each.
 */
export function rebalance(set: FitSet, remedy: 'reweight' | 'resample', rng: Rng): { set: FitSet; oddsFactor: number } {
  const pos = countPositives(set.y);
  const neg = set.n - pos;
  if (pos === 0 || neg === 0) return { set, oddsFactor: 1 };
  if (remedy === 'reweight') {
    const wPos = set.n / (2 * pos);
    const wNeg = set.n / (2 * neg);
    return { set: { ...set, weights: Float32Array.from(set.y, (v) => (v ? wPos : wNeg)) }, oddsFactor: pos / neg };
  }
  const negRows: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < set.n; i++) (set.y[i] ? rows : negRows).push(i);
  rng.shuffle(negRows);
  const keep = negRows.slice(0, pos);
  rows.push(...keep);
  rows.sort((a, b) => a - b);
  return { set: pick(set, rows), oddsFactor: keep.length / neg };
}

/**
 * Train one model with the engine's trainer. Every remedy gets the gradient steps `epochs` would
 * take over `baseRows` rows, so a resampled (smaller) set is not also under-trained.
 */
export async function fit(set: FitSet, knobs: Knobs, seed: number, baseRows: number, control: RunControl): Promise<Float32Array[]> {
  const spec = specFor(set.d, knobs.layers);
  const batch = Math.min(knobs.batch, set.n);
  const steps = knobs.epochs * Math.ceil(baseRows / Math.min(knobs.batch, baseRows));
  const epochs = Math.max(1, Math.round(steps / Math.ceil(set.n / batch)));
  const net = await train({ x: set.x, y: Float32Array.from(set.y), n: set.n, weights: set.weights }, { spec, seed, lr: knobs.lr, epochs, batch }, control);
  try {
    return net.read();
  } finally {
    net.dispose();
  }
}

/** The model's own outputs on rows x (n×d). */
export async function score(model: TrainedModel, x: Float32Array, n: number): Promise<Float32Array> {
  if (n === 0) return new Float32Array(0);
  const net = new Network(model.spec, model.weights);
  try {
    return await predict(net, x, n);
  } finally {
    net.dispose();
  }
}

/** Outputs turned back into click probabilities (the class-mix correction; identity for a plain model). */
export function toClickProbability(model: TrainedModel, s: Float32Array): Float32Array {
  if (model.oddsFactor === 1) return s;
  const f = model.oddsFactor;
  return Float32Array.from(s, (p) => {
    if (p >= 1) return 1;
    const odds = (p / (1 - p)) * f;
    return odds / (1 + odds);
  });
}
