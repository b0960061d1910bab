import * as tf from '@tensorflow/tfjs-core';
import { createRng } from './rng';
import { ForwardOps, Network, forwardFlat, headOutputs, initWeights, paramLayout, unpackWeights, type ModelSpec } from './model';
import type { RunControl } from './control';
import { DenseCore, initialTheta, runCore, type ThetaHolder } from './core';
import type { TrainSet } from './train';

/**
 * K models of one architecture trained at once, parameters stacked [K, P], one batched matMul per
 * layer for all K: sweeps and repeats pay TF.js's per-kernel overhead once, not K times. Model j
 * equals train() with seeds[j] on its rows (same init, batch order, code path): bit for bit on cpu,
 * and on wasm while fan-ins stay under 48 (XNNPACK vs TF.js's loop sum wider ones in another order).
 */
export interface StackedOptions {
  spec: ModelSpec;
  /** one per model: model j starts from initWeights(spec, createRng(seeds[j])) and draws batches as train() with that seed does */
  seeds: readonly number[];
  lr: number;
  epochs: number;
  /** rows per step; default (and whenever a model has its own rows) full batch */
  batch?: number;
  optimizer?: 'adam' | 'sgd';
  l2?: number;
  /** model j trains on the first rowCounts[j] rows of the set, its mean loss over those rows (full batch) */
  rowCounts?: readonly number[];
  /** or any rows: [K·n], model-major, 1 = model j trains on row i (full batch) */
  mask?: ArrayLike<number>;
  /**
   * With rowCounts or mask: mini-batches of `batch` rows from each model's own rows, as train() on
   * those rows alone draws them, instead of full batch; a step then costs K · batch rows, not K · n.
   */
  ownBatches?: boolean;
  /** with ownBatches: steps per epoch (onEpoch, Step, loss points); default ceil(most rows of one model / batch) */
  epochSteps?: number;
  /** start model j from these weights ([W0, b0, …]) instead of the seeded initialisation */
  initial?: Float32Array[][];
  /** at most one progress report per this many ms (and at every pause and at the end) */
  reportMs?: number;
  /** after every epoch, with the epochs done: `models.stop(j)` freezes model j exactly (early stopping); true ends the run */
  onEpoch?: (epoch: number, models: StackedNetworks) => boolean | void | Promise<boolean | void>;
  /** a model whose loss turns NaN/Inf: 'throw' (default) ends the run with DivergenceError, 'stop' freezes it and goes on */
  onDiverge?: 'throw' | 'stop';
}

export interface StackedProgress {
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  /** loss points since the previous report, one mean loss per model */
  losses: { epoch: number; loss: Float64Array }[];
  done: boolean;
}

export type StackedProgressFn = (p: StackedProgress, models: StackedNetworks) => Promise<void> | void;

/** K trained networks in one [K, P] tensor. Dispose it when done. */
export class StackedNetworks implements ThetaHolder {
  readonly spec: ModelSpec;
  readonly k: number;
  /** all parameters, [K, P] (layout: paramLayout); the trainer swaps it after every step */
  theta: tf.Tensor;
  /** the epoch after which each model stopped (onEpoch, divergence), null if it trained to the end */
  readonly stoppedAt: (number | null)[];
  /** models stopped because their loss turned NaN/Inf */
  readonly diverged: boolean[];
  /** @internal set by trainStacked while it runs: masks a model's update */
  freeze: ((j: number) => void) | null = null;
  /** epochs done so far */
  epoch = 0;

  constructor(spec: ModelSpec, theta: tf.Tensor) {
    this.spec = spec;
    this.theta = theta;
    this.k = theta.shape[0];
    this.stoppedAt = new Array(this.k).fill(null);
    this.diverged = new Array(this.k).fill(false);
  }

  /** Stop training model j from now on (during onEpoch or a progress callback); its weights stay exactly as they are. */
  stop(j: number): void {
    if (this.stoppedAt[j] !== null) return;
    this.stoppedAt[j] = this.epoch;
    this.freeze?.(j);
  }

  /** models still training */
  get active(): number {
    return this.stoppedAt.filter((s) => s === null).length;
  }

  /** logits of every model on rows x [n, d]: [K, n, out] */
  logits(x: tf.Tensor2D): tf.Tensor3D {
    const ops = new ForwardOps([this.k]);
    try {
      return tf.tidy(() => forwardFlat(this.spec, this.theta, tf.concat([x, tf.ones([x.shape[0], 1])], 1), ops) as tf.Tensor3D);
    } finally {
      ops.dispose();
    }
  }

  /** head outputs of every model: [K, n, out] */
  outputs(x: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => headOutputs(this.spec, this.logits(x)) as tf.Tensor3D);
  }

  /** model j's weights [W0, b0, W1, b1, …], as Network.read() gives them */
  read(j: number): Float32Array[] {
    const p = paramLayout(this.spec).total;
    const all = this.theta.dataSync() as Float32Array;
    return unpackWeights(this.spec, all.subarray(j * p, (j + 1) * p));
  }

  /** a copy of model j as a single network (the caller disposes it) */
  network(j: number): Network {
    return new Network(
      this.spec,
      tf.tidy(() => tf.reshape(tf.slice(this.theta, [j, 0], [1, -1]), [-1])),
    );
  }

  dispose(): void {
    this.theta.dispose();
  }
}

/**
 * Train K models together. Rows, targets and weights are shared (TrainSet); a row mask or row
 * counts give each model its own training set, each model's loss being the mean over its own
 * rows. Returns the trained models (the caller disposes them); all else is disposed, also when
 * cancelled or diverged.
 */
export async function trainStacked(set: TrainSet, opts: StackedOptions, control: RunControl, onProgress?: StackedProgressFn): Promise<StackedNetworks> {
  const { spec, epochs, seeds } = opts;
  const k = seeds.length;
  if (k < 1) throw new Error('trainStacked needs at least one seed');
  const n = set.n;
  let mask = opts.mask;
  if (opts.rowCounts) {
    if (opts.rowCounts.length !== k) throw new Error(`rowCounts has ${opts.rowCounts.length} entries for ${k} models`);
    const m = new Uint8Array(k * n);
    opts.rowCounts.forEach((c, j) => m.fill(1, j * n, j * n + Math.min(n, Math.max(0, Math.floor(c)))));
    mask = m;
  }
  if (mask && mask.length !== k * n) throw new Error(`mask has ${mask.length} entries for ${k} models × ${n} rows`);
  if (opts.initial && opts.initial.length !== k) throw new Error(`initial has weights for ${opts.initial.length} models, seeds for ${k}`);
  const init = opts.initial ?? seeds.map((s) => initWeights(spec, createRng(s)));
  const models = new StackedNetworks(spec, initialTheta(spec, k, init));
  const core = new DenseCore({ spec, k, lr: opts.lr, optimizer: opts.optimizer ?? 'adam', l2: opts.l2 ?? 0 }, models);
  models.freeze = (j) => core.freeze(j);
  try {
    await runCore(
      core,
      set,
      {
        spec,
        epochs,
        batch: mask && !opts.ownBatches ? Infinity : (opts.batch ?? Infinity),
        orderSeeds: seeds.map((s) => s + 7919),
        mask,
        ownBatches: opts.ownBatches,
        epochSteps: opts.epochSteps,
        reportMs: opts.reportMs ?? 100,
      },
      control,
      {
        report: (p) => onProgress?.({ ...p, epochs }, models),
        epoch: async (e) => {
          models.epoch = e;
          if ((await opts.onEpoch?.(e, models)) === true) return true;
          return models.active === 0;
        },
        diverged: (j) => {
          if (opts.onDiverge !== 'stop') return false;
          models.diverged[j] = true;
          models.stop(j);
          return true;
        },
      },
    );
    return models;
  } catch (e) {
    models.dispose();
    throw e;
  } finally {
    models.freeze = null;
  }
}

/** Every model's head outputs on rows x ([n·d]), in chunks: [K·n·out], model-major. */
export async function predictStacked(models: StackedNetworks, x: Float32Array, n: number, chunk = 16384): Promise<Float32Array> {
  const d = models.spec.inputs;
  const k = models.spec.outputs;
  const out = new Float32Array(models.k * n * k);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const t = tf.tidy(() => models.outputs(tf.tensor2d(x.subarray(start * d, (start + rows) * d), [rows, d])));
    const part = (await t.data()) as Float32Array;
    t.dispose();
    for (let j = 0; j < models.k; j++) out.set(part.subarray(j * rows * k, (j + 1) * rows * k), (j * n + start) * k);
  }
  return out;
}
