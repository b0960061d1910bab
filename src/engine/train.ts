import * as tf from '@tensorflow/tfjs-core';
import { createRng } from './rng';
import { Network, initWeights, type ModelSpec } from './model';
import { DivergenceError, now, type RunControl } from './control';

/** Training rows as plain arrays: x is n×d row-major, y is n×outputs (0/1, one-hot or values). */
export interface TrainSet {
  x: Float32Array;
  y: Float32Array;
  n: number;
  /** per-row ([n]) or per-element ([n·outputs]) loss weights: class weights, row values */
  weights?: Float32Array;
}

export interface TrainOptions {
  spec: ModelSpec;
  seed: number;
  lr: number;
  epochs: number;
  /** rows per step; ≥ n means full batch */
  batch: number;
  optimizer?: 'adam' | 'sgd';
  l2?: number;
  /** start from these weights instead of a seeded initialisation (fine-tuning) */
  initial?: Float32Array[];
  /** at most one progress report per this many ms (and at every pause and at the end) */
  reportMs?: number;
}

export interface LossPoint {
  /** fractional epoch at the end of the steps this loss averages */
  epoch: number;
  loss: number;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  /** loss points since the previous report */
  losses: LossPoint[];
  done: boolean;
}

export type ProgressFn = (p: TrainProgress, net: Network) => Promise<void> | void;

/**
 * The engine's training loop: tensors made once, batches as slices of a per-epoch seeded
 * permutation, `optimizer.minimize` inside tf.tidy, the loss kept on the backend and read back
 * once per report, NaN/Inf stops the run. Returns the trained network (the caller disposes it);
 * everything else it made is disposed, also when cancelled or diverged.
 */
export async function train(set: TrainSet, opts: TrainOptions, control: RunControl, onProgress?: ProgressFn): Promise<Network> {
  const { spec, epochs } = opts;
  const n = set.n;
  const batch = Math.max(1, Math.min(Math.floor(opts.batch), n));
  const stepsPerEpoch = Math.ceil(n / batch);
  const totalSteps = stepsPerEpoch * epochs;
  // loss points per epoch: one, or ~8 when epochs are long, so a 1-epoch run still draws a curve
  const pointEvery = Math.max(1, Math.ceil(stepsPerEpoch / 8));
  const reportMs = opts.reportMs ?? 100;
  const rng = createRng(opts.seed);
  const net = new Network(spec, opts.initial ?? initWeights(spec, rng));
  const order = createRng(opts.seed + 7919);

  const x = tf.tensor2d(set.x, [n, spec.inputs]);
  const y = tf.tensor2d(set.y, [n, spec.outputs]);
  const w = set.weights ? tf.tensor2d(set.weights, [n, set.weights.length === n ? 1 : spec.outputs]) : null;
  const optimizer = opts.optimizer === 'sgd' ? tf.train.sgd(opts.lr) : tf.train.adam(opts.lr);
  const l2 = opts.l2 ?? 0;

  let lossSum: tf.Scalar | null = null; // running sum on the backend since the last loss point
  let sumSteps = 0;
  const pending: { epoch: number; sum: tf.Scalar; steps: number }[] = [];
  let step = 0;
  let epoch = 0;
  let lastReport = now();
  let shuffled: tf.Tensor[] = []; // this epoch's permuted copies, disposed at its end

  const closePoint = () => {
    if (!lossSum) return;
    pending.push({ epoch: step / stepsPerEpoch, sum: lossSum, steps: sumSteps });
    lossSum = null;
    sumSteps = 0;
  };
  const report = async (done: boolean) => {
    closePoint();
    const losses: LossPoint[] = [];
    if (pending.length) {
      const stacked = tf.tidy(() => tf.stack(pending.map((p) => p.sum)));
      const sums = (await stacked.data()) as Float32Array;
      stacked.dispose();
      pending.forEach((p, i) => losses.push({ epoch: p.epoch, loss: sums[i] / p.steps }));
      for (const p of pending) p.sum.dispose();
      pending.length = 0;
    }
    const bad = losses.find((l) => !Number.isFinite(l.loss));
    if (bad) throw new DivergenceError(`loss ${bad.loss} at epoch ${bad.epoch.toFixed(2)}`);
    lastReport = now();
    await onProgress?.({ epoch, epochs, step, totalSteps, losses, done }, net);
  };

  try {
    for (epoch = 0; epoch < epochs; ) {
      let xs = x;
      let ys = y;
      let ws = w;
      if (batch < n) {
        const perm = tf.tensor1d(Int32Array.from(order.permutation(n)), 'int32');
        xs = tf.gather(x, perm);
        ys = tf.gather(y, perm);
        ws = w ? tf.gather(w, perm) : null;
        perm.dispose();
        shuffled = ws ? [xs, ys, ws] : [xs, ys];
      }
      for (let start = 0; start < n; start += batch) {
        const size = Math.min(batch, n - start);
        const cost = tf.tidy(() => {
          const bx = size === n ? xs : (tf.slice(xs, [start, 0], [size, -1]) as tf.Tensor2D);
          const by = size === n ? ys : (tf.slice(ys, [start, 0], [size, -1]) as tf.Tensor2D);
          const bw = ws ? (size === n ? ws : (tf.slice(ws, [start, 0], [size, -1]) as tf.Tensor2D)) : null;
          const c = optimizer.minimize(() => net.loss(bx, by, bw, l2), true, net.vars)!;
          return lossSum ? tf.add(lossSum, c) : c;
        }) as tf.Scalar;
        lossSum?.dispose();
        lossSum = cost;
        sumSteps++;
        step++;
        if (step % pointEvery === 0 || start + batch >= n) closePoint();
        if (now() - lastReport >= reportMs && start + batch < n) await report(false);
        await control.checkpoint('batch', () => report(false));
      }
      for (const t of shuffled) t.dispose();
      shuffled = [];
      epoch++;
      if (epoch < epochs) {
        if (now() - lastReport >= reportMs) await report(false);
        await control.checkpoint('epoch', () => report(false));
      }
    }
    await report(true);
    return net;
  } catch (e) {
    net.dispose();
    throw e;
  } finally {
    (lossSum as tf.Scalar | null)?.dispose();
    for (const p of pending) p.sum.dispose();
    for (const t of shuffled) t.dispose();
    x.dispose();
    y.dispose();
    w?.dispose();
    optimizer.dispose();
  }
}
