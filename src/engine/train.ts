import { createRng } from './rng';
import { Network, initWeights, type ModelSpec } from './model';
import type { RunControl } from './control';
import { DenseCore, initialTheta, runCore } from './core';

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
  /** rows per step; ≥ n (or Infinity) means full batch: one step per epoch, no shuffling */
  batch: number;
  optimizer?: 'adam' | 'sgd';
  l2?: number;
  /** start from these weights instead of a seeded initialisation (fine-tuning) */
  initial?: Float32Array[];
  /** at most one progress report per this many ms (and at every pause and at the end) */
  reportMs?: number;
  /** after every epoch, with the epochs done and the live network: true stops there (early stopping; keep it cheap, see AccuracyProbe) */
  onEpoch?: (epoch: number, net: Network) => boolean | void | Promise<boolean | void>;
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
 * Train one model: the K = 1 case of core.ts's loop (a hand-written step, full batch or seeded
 * mini-batches, one loss read-back per report, NaN/Inf → DivergenceError). Returns the network
 * (the caller disposes it); all else is disposed, also when cancelled or diverged.
 */
export async function train(set: TrainSet, opts: TrainOptions, control: RunControl, onProgress?: ProgressFn): Promise<Network> {
  const { spec, epochs } = opts;
  const init = opts.initial ?? initWeights(spec, createRng(opts.seed));
  const net = new Network(spec, initialTheta(spec, null, [init]));
  const core = new DenseCore({ spec, k: null, lr: opts.lr, optimizer: opts.optimizer ?? 'adam', l2: opts.l2 ?? 0 }, net);
  try {
    await runCore(core, set, { spec, epochs, batch: opts.batch, orderSeeds: [opts.seed + 7919], reportMs: opts.reportMs ?? 100 }, control, {
      report: (p) =>
        onProgress?.({ epoch: p.epoch, epochs, step: p.step, totalSteps: p.totalSteps, losses: p.losses.map((l) => ({ epoch: l.epoch, loss: l.loss[0] })), done: p.done }, net),
      epoch: opts.onEpoch ? (e) => opts.onEpoch!(e, net) : undefined,
    });
    return net;
  } catch (e) {
    net.dispose();
    throw e;
  }
}
