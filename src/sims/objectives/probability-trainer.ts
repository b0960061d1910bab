import * as tf from '@tensorflow/tfjs-core';
// optimizer.minimize needs the ops' gradients, which tfjs-core registers separately
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng } from '../../engine/rng';
import { initWeights, layerShapes, type ModelSpec } from '../../engine/model';
import { DivergenceError, type RunControl } from '../../engine/control';

/**
 * A small training loop for one sigmoid-output network whose loss is chosen: binary cross-entropy
 * on the logits, or squared error on the probabilities σ(z). The engine's trainer pays a sigmoid
 * head with cross-entropy only, so the loss lab carries this loop — the same seeded
 * initialisation (initWeights) and the same seeded batch order as the engine's, both losses
 * through this one loop so that only the loss differs.
 */
export type ProbabilityLoss = 'cross_entropy' | 'mse';

export interface EpochReport {
  /** epochs done */
  epoch: number;
  /** mean training loss over the epoch, in the run's own loss */
  trainLoss: number;
  /** on the held-out rows: mean log loss and mean squared error of the probabilities */
  testLogLoss: number;
  testBrier: number;
}

export interface ProbabilityTrainOptions {
  spec: ModelSpec;
  loss: ProbabilityLoss;
  seed: number;
  lr: number;
  epochs: number;
  batch: number;
}

/** A dense network held in TF.js variables (ours, so the loop needs nothing private from the engine's Network). */
export class ProbabilityNet {
  readonly spec: ModelSpec;
  readonly vars: tf.Variable[];

  constructor(spec: ModelSpec, values: Float32Array[]) {
    this.spec = spec;
    const shapes = layerShapes(spec);
    this.vars = tf.tidy(() => values.map((v, i) => tf.variable(tf.tensor2d(v, i % 2 === 0 ? shapes[i >> 1] : [1, shapes[i >> 1][1]]), true)));
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    const layers = this.vars.length / 2;
    for (let l = 0; l < layers; l++) {
      const z = tf.add(tf.matMul(h, this.vars[2 * l]), this.vars[2 * l + 1]) as tf.Tensor2D;
      h = l < layers - 1 ? (this.spec.activation === 'relu' ? tf.relu(z) : tf.tanh(z)) : z;
    }
    return h;
  }

  async predict(x: Float32Array, n: number): Promise<Float32Array> {
    const p = tf.tidy(() => tf.sigmoid(this.logits(tf.tensor2d(x, [n, this.spec.inputs]))));
    try {
      return Float32Array.from((await p.data()) as Float32Array);
    } finally {
      p.dispose();
    }
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}

/** Mean loss of a batch: what the optimiser is paid to lower. */
function batchLoss(loss: ProbabilityLoss, z: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  if (loss === 'mse') return tf.mean(tf.square(tf.sub(tf.sigmoid(z), y)));
  // numerically stable binary cross-entropy on logits: max(z,0) − z·y + log(1 + e^−|z|)
  return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
}

/** Held-out log loss (probabilities clipped as the metrics module does) and squared error, as one [2] tensor. */
function heldOut(net: ProbabilityNet, x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const p = tf.clipByValue(tf.sigmoid(net.logits(x)), 1e-7, 1 - 1e-7);
    const ll = tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))));
    const brier = tf.mean(tf.square(tf.sub(p, y)));
    return tf.stack([ll, brier]) as tf.Tensor1D;
  });
}

/**
 * Train with Adam: a per-epoch seeded permutation, mini-batches as slices, every step in tf.tidy,
 * one read-back per epoch (training loss and the held-out numbers together). Returns the network
 * (the caller disposes it); everything else is disposed, also when cancelled or diverged.
 */
export async function trainProbabilities(
  train: { x: Float32Array; y: Float32Array; n: number },
  test: { x: Float32Array; y: Float32Array; n: number },
  opts: ProbabilityTrainOptions,
  control: RunControl,
  onEpoch?: (r: EpochReport) => void,
): Promise<ProbabilityNet> {
  const { spec, epochs } = opts;
  const n = train.n;
  const batch = Math.max(1, Math.min(Math.floor(opts.batch), n));
  const net = new ProbabilityNet(spec, initWeights(spec, createRng(opts.seed)));
  const order = createRng(opts.seed + 7919);
  const x = tf.tensor2d(train.x, [n, spec.inputs]);
  const y = tf.tensor2d(train.y, [n, 1]);
  const xTest = tf.tensor2d(test.x, [test.n, spec.inputs]);
  const yTest = tf.tensor2d(test.y, [test.n, 1]);
  const optimizer = tf.train.adam(opts.lr);
  let shuffled: tf.Tensor[] = [];
  let lossSum: tf.Scalar | null = null;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      let xs = x;
      let ys = y;
      if (batch < n) {
        const perm = tf.tensor1d(Int32Array.from(order.permutation(n)), 'int32');
        xs = tf.gather(x, perm);
        ys = tf.gather(y, perm);
        perm.dispose();
        shuffled = [xs, ys];
      }
      let steps = 0;
      for (let start = 0; start < n; start += batch) {
        const size = Math.min(batch, n - start);
        const sum: tf.Scalar = tf.tidy(() => {
          const bx = size === n ? xs : (tf.slice(xs, [start, 0], [size, -1]) as tf.Tensor2D);
          const by = size === n ? ys : (tf.slice(ys, [start, 0], [size, -1]) as tf.Tensor2D);
          const cost = optimizer.minimize(() => batchLoss(opts.loss, net.logits(bx as tf.Tensor2D), by as tf.Tensor2D), true, net.vars)!;
          return lossSum ? tf.add(lossSum, cost) : cost;
        });
        lossSum?.dispose();
        lossSum = sum;
        steps++;
        await control.checkpoint('batch');
      }
      for (const t of shuffled) t.dispose();
      shuffled = [];
      const report = tf.tidy(() => tf.concat([tf.reshape(tf.div(lossSum!, steps), [1]), heldOut(net, xTest, yTest)]));
      lossSum!.dispose();
      lossSum = null;
      const [trainLoss, testLogLoss, testBrier] = (await report.data()) as Float32Array;
      report.dispose();
      if (!Number.isFinite(trainLoss)) throw new DivergenceError(`loss ${trainLoss} at epoch ${epoch + 1}`);
      onEpoch?.({ epoch: epoch + 1, trainLoss, testLogLoss, testBrier });
      if (epoch + 1 < epochs) await control.checkpoint('epoch');
    }
    return net;
  } catch (e) {
    net.dispose();
    throw e;
  } finally {
    (lossSum as tf.Scalar | null)?.dispose();
    for (const t of shuffled) t.dispose();
    for (const t of [x, y, xTest, yTest]) t.dispose();
    optimizer.dispose();
  }
}
