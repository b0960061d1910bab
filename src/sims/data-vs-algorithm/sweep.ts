// One algorithm's whole sweep — every training-set size × repeat, plus the "more but worse" pairs —
// as one stacked run (networks) or one chunked pass over the distances (k-NN). Runs in the engine
// worker; plain data in and out.

import * as tf from '@tensorflow/tfjs-core';
import { trainStacked, type StackedNetworks } from '../../engine/stacked';
import { ForwardOps, forwardFlat, withOnes, type ModelSpec } from '../../engine/model';
import type { RunControl } from '../../engine/control';

/** Rows every model of a sweep draws from, and the fixed test set they are all scored on. */
export interface SweepSet {
  d: number;
  /** 2: binary (sigmoid head), 3+: classes (softmax head) */
  classes: number;
  x: Float32Array;
  y: Uint8Array;
  n: number;
  testX: Float32Array;
  testY: Uint8Array;
  nTest: number;
}

/**
 * An ordered list of rows whose prefixes are models' training sets: a repeat's pool with one cut
 * per size (so a bigger size holds every row of a smaller one), or 1,000 clean rows then the extra ones.
 */
export interface Chain {
  rows: Uint32Array;
  /** increasing prefix lengths, each one model */
  cuts: number[];
  /** the model's seed at each cut (initial weights and batch order) */
  seeds: number[];
}

/** Every model of a sweep, chain by chain, cut by cut: test predictions (class per test row) and accuracy. */
export interface ModelResult {
  chain: number;
  cut: number;
  /** predicted class of each test row */
  pred: Uint8Array;
  accuracy: number;
  /** training steps until it stopped (networks), null for k-NN */
  steps: number | null;
}

/** Held out of each network's own rows to decide when to stop: every 5th row, at most this many. */
export const VALIDATION_EVERY = 5;
export const VALIDATION_MAX = 500;

export interface NetOptions {
  spec: ModelSpec;
  lr: number;
  batch: number;
  /** the budget: at most this many optimiser steps per model */
  steps: number;
  /** validation every this many steps */
  checkEvery: number;
  /** stop after this many checks without a better validation loss; the best weights are kept */
  patience: number;
}

/** A model's rows in a chain prefix: training rows and validation rows (every 5th position, capped). */
export function splitPrefix(chain: Chain, cut: number): { train: number[]; val: number[] } {
  const train: number[] = [];
  const val: number[] = [];
  for (let p = 0; p < cut; p++) {
    if (p % VALIDATION_EVERY === VALIDATION_EVERY - 1 && val.length < VALIDATION_MAX) val.push(chain.rows[p]);
    else train.push(chain.rows[p]);
  }
  return { train, val };
}

/** predicted class per row from head outputs ([n·outputs]): p ≥ 0.5 for one sigmoid output, else the arg-max */
function classesOf(out: Float32Array, n: number, classes: number): Uint8Array {
  const pred = new Uint8Array(n);
  if (classes === 2) {
    for (let i = 0; i < n; i++) pred[i] = out[i] >= 0.5 ? 1 : 0;
    return pred;
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (out[i * classes + c] > out[i * classes + best]) best = c;
    pred[i] = best;
  }
  return pred;
}

export function accuracyOf(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) right++;
  return right / Math.max(1, y.length);
}

/** one-hot (softmax) or 0/1 (sigmoid) targets of some rows */
function targets(set: SweepSet, rows: ArrayLike<number>): Float32Array {
  if (set.classes === 2) return Float32Array.from(rows, (r) => set.y[r]);
  const out = new Float32Array(rows.length * set.classes);
  for (let i = 0; i < rows.length; i++) out[i * set.classes + set.y[rows[i]]] = 1;
  return out;
}

/**
 * Train every (chain, cut) network of one architecture as one stacked run: mini-batches from each
 * model's own rows, a fixed budget of steps, early stopping on each model's validation rows with its
 * best weights kept. `onDone` hears of models as they finish (all of a group at once: a cut index of
 * every chain in `groupOf`), with their test predictions.
 */
export async function sweepNetworks(
  set: SweepSet,
  chains: Chain[],
  o: NetOptions,
  control: RunControl,
  hooks: { groupOf: (chain: number, cut: number) => string; onDone: (done: ModelResult[]) => void; onStep?: (step: number, total: number) => void },
): Promise<ModelResult[]> {
  const { spec } = o;
  const refs: { chain: number; cut: number; seed: number; train: number[]; val: number[] }[] = [];
  chains.forEach((c, ci) => c.cuts.forEach((cut, k) => refs.push({ chain: ci, cut: k, seed: c.seeds[k], ...splitPrefix(c, cut) })));
  const K = refs.length;
  const n = set.n;
  const mask = new Uint8Array(K * n);
  refs.forEach((r, j) => {
    for (const i of r.train) mask[j * n + i] = 1;
  });
  // validation rows of every model, [K, V, d + 1], each model's mean loss over its own
  const V = Math.max(1, ...refs.map((r) => r.val.length));
  const out = spec.outputs;
  const d = set.d;
  const xv = new Float32Array(K * V * (d + 1));
  const yv = new Float32Array(K * V * out);
  const wv = new Float32Array(K * V * out);
  refs.forEach((r, j) => {
    const t = targets(set, r.val);
    r.val.forEach((row, i) => {
      const at = (j * V + i) * (d + 1);
      xv.set(set.x.subarray(row * d, (row + 1) * d), at);
      xv[at + d] = 1;
      for (let c = 0; c < out; c++) {
        yv[(j * V + i) * out + c] = t[i * out + c];
        wv[(j * V + i) * out + c] = 1 / (r.val.length * (spec.head === 'softmax' ? 1 : out));
      }
    });
  });

  const groups = new Map<string, number[]>();
  refs.forEach((r, j) => {
    const g = hooks.groupOf(r.chain, r.cut);
    groups.set(g, [...(groups.get(g) ?? []), j]);
  });
  const reported = new Set<string>();
  const results: ModelResult[] = new Array(K);
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T) => (owned.push(t), t);
  const valX = keep(tf.tensor3d(xv, [K, V, d + 1]));
  const valY = keep(tf.tensor3d(yv, [K, V, out]));
  const valW = keep(tf.tensor3d(wv, [K, V, out]));
  const testX = keep(tf.tensor2d(withOnes(set.testX, set.nTest, d), [set.nTest, d + 1]));
  const valOps = new ForwardOps([K]);
  const kept: { best: tf.Tensor | null } = { best: null };
  const bestLoss = new Float64Array(K).fill(Infinity);
  const sinceBest = new Int32Array(K);
  const stepsAt = new Int32Array(K);
  const epochs = Math.max(1, Math.ceil(o.steps / o.checkEvery));

  // test predictions of some models from their best weights, one forward pass for all of them
  const score = async (js: number[]) => {
    if (!js.length || !kept.best) return;
    const ops = new ForwardOps([js.length]);
    try {
      const t = tf.tidy(() => {
        const theta = tf.gather(kept.best!, tf.tensor1d(js, 'int32'));
        const z = forwardFlat(spec, theta, testX, ops);
        return spec.head === 'softmax' ? tf.softmax(z) : tf.sigmoid(z);
      });
      const probs = (await t.data()) as Float32Array;
      t.dispose();
      const per = set.nTest * out;
      js.forEach((j, k) => {
        const pred = classesOf(probs.subarray(k * per, (k + 1) * per), set.nTest, set.classes);
        results[j] = { chain: refs[j].chain, cut: refs[j].cut, pred, accuracy: accuracyOf(pred, set.testY), steps: stepsAt[j] };
      });
    } finally {
      ops.dispose();
    }
  };
  const finishGroups = async (stopped: (j: number) => boolean) => {
    const ready: string[] = [];
    for (const [g, js] of groups) if (!reported.has(g) && js.every(stopped)) ready.push(g);
    if (!ready.length) return;
    const js = ready.flatMap((g) => groups.get(g)!);
    await score(js);
    for (const g of ready) reported.add(g);
    hooks.onDone(js.map((j) => results[j]));
  };

  let models: StackedNetworks | null = null;
  try {
    models = await trainStacked(
      { x: set.x, y: set.classes === 2 ? Float32Array.from(set.y) : targets(set, Uint32Array.from({ length: n }, (_, i) => i)), n },
      {
        spec,
        seeds: refs.map((r) => r.seed),
        lr: o.lr,
        epochs,
        batch: o.batch,
        mask,
        ownBatches: true,
        epochSteps: o.checkEvery,
        reportMs: 250,
        onEpoch: async (e, m) => {
          const loss = tf.tidy(() => {
            const z = forwardFlat(spec, m.theta, valX, valOps);
            const terms = spec.head === 'softmax' ? tf.neg(tf.mul(valY, tf.logSoftmax(z))) : tf.sub(tf.softplus(z), tf.mul(valY, z));
            return tf.sum(tf.mul(terms, valW), [-2, -1]);
          });
          const l = (await loss.data()) as Float32Array;
          loss.dispose();
          const improved = new Uint8Array(K);
          for (let j = 0; j < K; j++) {
            if (m.stoppedAt[j] !== null) continue;
            stepsAt[j] = e * o.checkEvery;
            if (l[j] < bestLoss[j] - 1e-4 || !Number.isFinite(bestLoss[j])) {
              bestLoss[j] = l[j];
              sinceBest[j] = 0;
              improved[j] = 1;
            } else if (++sinceBest[j] >= o.patience) m.stop(j);
          }
          const prev = kept.best;
          kept.best = prev
            ? tf.tidy(() => tf.where(tf.broadcastTo(tf.tensor2d(improved, [K, 1], 'bool'), m.theta.shape), m.theta, prev))
            : tf.clone(m.theta);
          prev?.dispose();
          hooks.onStep?.(Math.min(o.steps, e * o.checkEvery), o.steps);
          if (e < epochs) await finishGroups((j) => m.stoppedAt[j] !== null);
        },
      },
      control,
    );
    await finishGroups(() => true);
    return results;
  } finally {
    models?.dispose();
    kept.best?.dispose();
    valOps.dispose();
    for (const t of owned) t.dispose();
  }
}

/** Test rows scored per chunk against a chain's rows: bounds the distance matrix at CHUNK × BLOCK. */
export const KNN_CHUNK = 1000;
export const KNN_BLOCK = 8192;

/**
 * k-nearest neighbours (Euclidean) of every test row among each chain's prefixes, on the backend:
 * distances for KNN_CHUNK test rows against at most KNN_BLOCK chain rows at a time, the k best of
 * each block kept and merged, so a prefix's neighbours are the k best of its blocks. A majority vote
 * of the k labels; a tie goes to the tied class with the nearest neighbour.
 */
export async function sweepKnn(
  set: SweepSet,
  chains: Chain[],
  k: number,
  control: RunControl,
  hooks: { onChain?: (done: ModelResult[], chain: number) => void; onChunk?: (chain: number, chunk: number, chunks: number) => void } = {},
): Promise<ModelResult[]> {
  const { d, nTest, classes } = set;
  const all: ModelResult[] = [];
  for (let ci = 0; ci < chains.length; ci++) {
    const chain = chains[ci];
    const last = chain.cuts[chain.cuts.length - 1];
    const preds = chain.cuts.map(() => new Uint8Array(nTest));
    // block edges: every cut, and no block wider than KNN_BLOCK
    const edges = [0];
    for (const cut of chain.cuts) {
      while (cut - edges[edges.length - 1] > KNN_BLOCK) edges.push(edges[edges.length - 1] + KNN_BLOCK);
      edges.push(cut);
    }
    // each block as [b; −|b|²] column-wise ([d + 1, width]) and each test row as [2a, 1]: one plain matMul
    // (the fast XNNPACK path on wasm: no transpose, the block its cached weights) gives 2·a·b − |b|²,
    // which orders neighbours as the distance does (|a|² is the same for every candidate)
    const blocks: tf.Tensor2D[] = [];
    for (let e = 1; e < edges.length; e++) {
      const width = edges[e] - edges[e - 1];
      const buf = new Float32Array((d + 1) * width);
      for (let c = 0; c < width; c++) {
        const row = chain.rows[edges[e - 1] + c];
        let sq = 0;
        for (let f = 0; f < d; f++) {
          const v = set.x[row * d + f];
          buf[f * width + c] = v;
          sq += v * v;
        }
        buf[d * width + c] = -sq;
      }
      blocks.push(tf.tensor2d(buf, [d + 1, width]));
    }
    try {
      for (let t0 = 0; t0 < nTest; t0 += KNN_CHUNK) {
        const rows = Math.min(KNN_CHUNK, nTest - t0);
        const qa = new Float32Array(rows * (d + 1));
        for (let r = 0; r < rows; r++) {
          for (let f = 0; f < d; f++) qa[r * (d + 1) + f] = 2 * set.testX[(t0 + r) * d + f];
          qa[r * (d + 1) + d] = 1;
        }
        const q = tf.tensor2d(qa, [rows, d + 1]);
        // the running k best per test row: similarity (larger = nearer) and chain position
        const bestS = new Float32Array(rows * k).fill(-Infinity);
        const bestP = new Int32Array(rows * k).fill(-1);
        try {
          let cutAt = 0;
          for (let e = 1; e < edges.length; e++) {
            const from = edges[e - 1];
            const kk = Math.min(k, edges[e] - from);
            const [vals, idx] = tf.tidy(() => {
              const top = tf.topk(tf.matMul(q, blocks[e - 1]), kk);
              return [top.values, top.indices];
            });
            const v = (await vals.data()) as Float32Array;
            const ix = (await idx.data()) as Int32Array;
            vals.dispose();
            idx.dispose();
            merge(bestS, bestP, v, ix, from, rows, k, kk);
            if (edges[e] === chain.cuts[cutAt]) {
              vote(bestP, rows, k, (p) => set.y[chain.rows[p]], classes, preds[cutAt], t0);
              cutAt++;
            }
            await control.checkpoint('batch');
          }
        } finally {
          q.dispose();
        }
        hooks.onChunk?.(ci, t0 / KNN_CHUNK, Math.ceil(nTest / KNN_CHUNK));
      }
    } finally {
      for (const b of blocks) b.dispose();
    }
    const done = chain.cuts.map((_, cut) => ({ chain: ci, cut, pred: preds[cut], accuracy: accuracyOf(preds[cut], set.testY), steps: null }));
    all.push(...done);
    hooks.onChain?.(done, ci);
    await control.checkpoint('epoch');
  }
  return all;
}

/** merge a block's kk best (sorted, best first) into each row's running k best (sorted, best first) */
function merge(bestS: Float32Array, bestP: Int32Array, v: Float32Array, ix: Int32Array, from: number, rows: number, k: number, kk: number): void {
  const s = new Float32Array(k);
  const p = new Int32Array(k);
  for (let r = 0; r < rows; r++) {
    let a = 0;
    let b = 0;
    for (let o = 0; o < k; o++) {
      const sa = a < k ? bestS[r * k + a] : -Infinity;
      const sb = b < kk ? v[r * kk + b] : -Infinity;
      // ties keep the earlier chain row (already held), so a prefix never depends on rows after it
      if (sa >= sb && a < k && bestP[r * k + a] >= 0) {
        s[o] = sa;
        p[o] = bestP[r * k + a++];
      } else if (b < kk) {
        s[o] = sb;
        p[o] = from + ix[r * kk + b++];
      } else {
        s[o] = -Infinity;
        p[o] = -1;
      }
    }
    bestS.set(s, r * k);
    bestP.set(p, r * k);
  }
}

function vote(bestP: Int32Array, rows: number, k: number, label: (p: number) => number, classes: number, out: Uint8Array, at: number): void {
  const counts = new Int32Array(classes);
  for (let r = 0; r < rows; r++) {
    counts.fill(0);
    for (let o = 0; o < k; o++) if (bestP[r * k + o] >= 0) counts[label(bestP[r * k + o])]++;
    let top = 0;
    for (let c = 1; c < classes; c++) if (counts[c] > counts[top]) top = c;
    // a tie: the tied class of the nearest neighbour
    for (let o = 0; o < k; o++) {
      const c = bestP[r * k + o] >= 0 ? label(bestP[r * k + o]) : -1;
      if (c >= 0 && counts[c] === counts[top]) {
        top = c;
        break;
      }
    }
    out[at + r] = top;
  }
}
