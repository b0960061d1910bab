import * as tf from '@tensorflow/tfjs-core';
import { ForwardOps, forwardFlat, packWeights, paramLayout, withOnes, type ForwardTrace, type ModelSpec } from './model';
import { createRng, type Rng } from './rng';
import { DivergenceError, now, type RunControl } from './control';

// The step and loop both trainers share: train() runs it for one model (θ [P]), trainStacked() for
// K ([K, P], batched matMuls); one code path is why stacked models equal single ones bit for bit.
// Tiny models pay per kernel, not per flop, so the step is hand-written: forward, hand-derived
// gradients, one Adam update — ~50 kernels for 2-8-8-1 where tf.grads + minimize ran 172 + a tape.

export interface CoreSet {
  x: Float32Array;
  y: Float32Array;
  n: number;
  /** per-row ([n]) or per-element ([n·outputs]) loss weights */
  weights?: Float32Array;
}

export interface CoreOptions {
  spec: ModelSpec;
  epochs: number;
  batch: number;
  /** batch-order seed of each model */
  orderSeeds: number[];
  /** [K·n] 1/0: the rows each model trains on (full batch, unless ownBatches) */
  mask?: ArrayLike<number>;
  /**
   * With a mask: each step gives every model `batch` rows of its own, drawn as train() on those rows
   * alone draws them (a seeded permutation per pass; all of them, in order, when it has ≤ batch rows),
   * so a sweep over training-set sizes costs K · batch rows a step, not K · n.
   */
  ownBatches?: boolean;
  /** steps per epoch (epoch hook, Step, loss points) with ownBatches: default ceil(most rows of one model / batch) */
  epochSteps?: number;
  reportMs: number;
}

export interface CoreLossPoint {
  epoch: number;
  /** one mean loss per model */
  loss: Float64Array;
}

export interface CoreHooks {
  /** a progress report: loss points since the last one */
  report(p: { epoch: number; step: number; totalSteps: number; losses: CoreLossPoint[]; done: boolean }): Promise<void> | void;
  /** after each epoch; true ends the run early */
  epoch?(epoch: number): Promise<boolean | void> | boolean | void;
  /** model j's loss went NaN/Inf: true goes on without it (the caller freezes it), false ends with DivergenceError */
  diverged?(j: number, point: CoreLossPoint): boolean;
}

/** Whatever holds the parameters the core trains (a Network, a StackedNetworks): the core swaps `theta` after every step. */
export interface ThetaHolder {
  theta: tf.Tensor;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7; // TF.js's Adam default

export interface CoreConfig {
  spec: ModelSpec;
  /** null: one model, θ is [P]; K: K models, θ is [K, P] */
  k: number | null;
  lr: number;
  optimizer: 'adam' | 'sgd';
  l2: number;
}

/** Per-run state of the step: optimizer moments and constants, kept on the backend until dispose(). */
export class DenseCore {
  readonly cfg: CoreConfig;
  readonly holder: ThetaHolder;
  readonly lead: number[];
  /** 1 while a model trains, 0 once frozen */
  readonly active: Float32Array;
  private m: tf.Tensor | null = null;
  private v: tf.Tensor | null = null;
  /** [K, P] 1/0, only once some model is frozen: multiplies the update, so a frozen model's weights stay exactly put */
  private mask: tf.Tensor | null = null;
  private readonly consts: tf.Tensor[] = [];
  private readonly ops: ForwardOps;
  private t = 0;
  private readonly c: { b1: tf.Scalar; b2: tf.Scalar; lr: tf.Scalar; l2Grad: tf.Tensor | null; l2Loss: tf.Tensor | null };

  constructor(cfg: CoreConfig, holder: ThetaHolder) {
    this.cfg = cfg;
    this.holder = holder;
    this.lead = cfg.k === null ? [] : [cfg.k];
    this.active = new Float32Array(cfg.k ?? 1).fill(1);
    this.ops = new ForwardOps(this.lead);
    const keep = <T extends tf.Tensor>(t: T) => (this.consts.push(t), t);
    if (cfg.optimizer === 'adam') {
      this.m = tf.zerosLike(holder.theta);
      this.v = tf.zerosLike(holder.theta);
    }
    let l2Grad: tf.Tensor | null = null;
    let l2Loss: tf.Tensor | null = null;
    if (cfg.l2 > 0) {
      // L2 on kernels only: a [P] vector of l2 at kernel entries, 0 at biases
      const { shapes } = paramLayout(cfg.spec);
      const w = new Float32Array(paramLayout(cfg.spec).total);
      let at = 0;
      for (const [rows, cols] of shapes) {
        w.fill(cfg.l2, at, at + (rows - 1) * cols);
        at += rows * cols;
      }
      l2Loss = keep(tf.tensor1d(w));
      l2Grad = keep(tf.tensor1d(w.map((v) => 2 * v)));
    }
    this.c = { b1: keep(tf.scalar(BETA1)), b2: keep(tf.scalar(BETA2)), lr: keep(tf.scalar(cfg.lr)), l2Grad, l2Loss };
  }

  /** Freeze model j: its update is multiplied by 0 from the next step on (Adam would move a weight whose gradient is merely 0). */
  freeze(j: number): void {
    if (!this.active[j]) return;
    this.active[j] = 0;
    const k = this.cfg.k ?? 1;
    const p = this.holder.theta.size / k;
    const buf = new Float32Array(k * p);
    for (let i = 0; i < k; i++) buf.fill(this.active[i], i * p, (i + 1) * p);
    this.mask?.dispose();
    this.mask = tf.tensor(buf, this.holder.theta.shape); // full shape: cpu broadcasts [K, 1] slowly
  }

  /** One step on rows xOnes [.., n, d + 1], targets y and loss scale (y's shape, see lossScale); returns each model's loss before it ([] or [K]). */
  step(xOnes: tf.Tensor, y: tf.Tensor, scale: tf.Tensor, yRowSum: tf.Tensor | null): tf.Tensor {
    const { spec, optimizer, l2 } = this.cfg;
    const c = this.c;
    const lead = this.lead;
    const theta = this.holder.theta;
    const t = ++this.t;
    const [loss, next, m, v] = tf.tidy(() => {
      const tr: ForwardTrace = { inputs: [], mats: [], acts: [] };
      const z = forwardFlat(spec, theta, xOnes, this.ops, tr);
      let dz: tf.Tensor;
      let terms: tf.Tensor;
      // each head's loss terms and dLoss/dz; the scale carries the mean, the weights and the mask
      if (spec.head === 'linear') {
        const d = tf.sub(z, y);
        terms = tf.square(d);
        dz = tf.mul(tf.add(d, d), scale);
      } else if (spec.head === 'softmax') {
        const lsm = tf.logSoftmax(z);
        terms = tf.neg(tf.mul(y, lsm));
        const p = tf.exp(lsm);
        dz = tf.mul(tf.sub(yRowSum ? tf.mul(p, yRowSum) : p, y), scale);
      } else {
        // binary cross-entropy on logits: softplus(z) − y·z, whose gradient is sigmoid(z) − y
        terms = tf.sub(tf.softplus(z), tf.mul(y, z));
        dz = tf.mul(tf.sub(tf.sigmoid(z), y), scale);
      }
      // one output: the weighted sum over rows is a [1, n]·[n, 1] matMul, one kernel instead of two
      let loss =
        spec.outputs === 1 && spec.head !== 'softmax'
          ? tf.reshape(tf.matMul(terms, scale, true, false), lead)
          : tf.sum(tf.mul(terms, scale), [-2, -1]);
      const layers = tr.mats.length;
      const grads: tf.Tensor[] = new Array(layers);
      for (let l = layers - 1; l >= 0; l--) {
        // the bias gradient comes with the kernel's: the input's ones column sums dz over rows
        grads[l] = tf.reshape(tf.matMul(tr.inputs[l], dz, true, false), [...lead, -1]);
        if (l > 0) {
          const w = tr.mats[l];
          const kernel = tf.slice(w, new Array(w.rank).fill(0), [...lead, w.shape[w.rank - 2]! - 1, w.shape[w.rank - 1]!]);
          const dh = tf.matMul(dz, kernel, false, true);
          const h = tr.acts[l - 1];
          // tanh' = 1 − h², relu' = [h > 0]
          dz = spec.activation === 'relu' ? tf.mul(dh, tf.step(h)) : tf.sub(dh, tf.mul(tf.mul(dh, h), h));
        }
      }
      let g = layers === 1 ? grads[0] : tf.concat(grads, -1);
      if (l2 > 0) {
        g = tf.add(g, tf.mul(theta, c.l2Grad!));
        loss = tf.add(loss, tf.sum(tf.mul(tf.square(theta), c.l2Loss!), -1));
      }
      let upd: tf.Tensor;
      let m: tf.Tensor | null = null;
      let v: tf.Tensor | null = null;
      if (optimizer === 'adam') {
        // Adam with unscaled moments m = Σβ1^i g, v = Σβ2^i g²: the (1 − β) factors and the bias
        // correction fold into one step size and one epsilon per step, two kernels fewer
        m = tf.add(tf.mul(this.m!, c.b1), g);
        v = tf.add(tf.mul(this.v!, c.b2), tf.square(g));
        const c1 = (1 - BETA1) / (1 - BETA1 ** t);
        const c2 = (1 - BETA2) / (1 - BETA2 ** t);
        const lrT = tf.scalar((this.cfg.lr * c1) / Math.sqrt(c2));
        const epsT = tf.scalar(EPSILON / Math.sqrt(c2));
        upd = tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsT)), lrT);
      } else {
        upd = tf.mul(g, c.lr);
      }
      if (this.mask) upd = tf.mul(upd, this.mask);
      return [loss, tf.sub(theta, upd), m, v];
    });
    theta.dispose();
    this.holder.theta = next!;
    if (m) {
      this.m!.dispose();
      this.v!.dispose();
      this.m = m;
      this.v = v;
    }
    return loss!;
  }

  /** everything but θ, which belongs to the holder */
  dispose(): void {
    for (const t of [this.m, this.v, this.mask, ...this.consts]) t?.dispose();
    this.ops.dispose();
  }
}

/** K models' initial weights ([W0, b0, …] each) → θ, [P] for one model (k null) or [K, P]. */
export function initialTheta(spec: ModelSpec, k: number | null, init: Float32Array[][]): tf.Tensor {
  const p = paramLayout(spec).total;
  const buf = new Float32Array(init.length * p);
  init.forEach((w, j) => buf.set(packWeights(spec, w), j * p));
  return tf.tensor(buf, k === null ? [p] : [k, p]);
}

/**
 * Each row's and output's loss scale: weight / (rows · outputs) (per row for softmax, whose terms
 * are), 0 on masked rows; `rows` maps a batch position to its row. The mean of a weighted loss is
 * then one multiply and one sum, and a mask costs nothing.
 */
export function lossScale(spec: ModelSpec, size: number, rows: ArrayLike<number> | null, weights: Float32Array | undefined, perElement: boolean, mask: ArrayLike<number> | null, count: number): Float32Array {
  const k = spec.outputs;
  const perRow = spec.head === 'softmax';
  const out = new Float32Array(size * k);
  const div = count * (perRow ? 1 : k);
  for (let i = 0; i < size; i++) {
    const r = rows ? rows[i] : i;
    if (mask && !mask[r]) continue;
    let rowW = 1;
    if (weights && perRow) {
      // softmax with per-element weights: the mean over n·k of a per-row term times w[i, j]
      if (perElement) {
        rowW = 0;
        for (let j = 0; j < k; j++) rowW += weights[r * k + j];
        rowW /= k;
      } else rowW = weights[r];
    }
    for (let j = 0; j < k; j++) {
      const w = !weights ? 1 : perRow ? rowW : weights[perElement ? r * k + j : r];
      out[i * k + j] = w / div;
    }
  }
  return out;
}

/** Each softmax row's target sum, or null when every row sums to 1 (one-hot), which saves a kernel. */
export function rowSums(spec: ModelSpec, y: Float32Array, n: number): Float32Array | null {
  if (spec.head !== 'softmax') return null;
  const k = spec.outputs;
  const out = new Float32Array(n * k);
  let allOne = true;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += y[i * k + j];
    if (s !== 1) allOne = false;
    out.fill(s, i * k, (i + 1) * k);
  }
  return allOne ? null : out;
}

/** rows `idx` of a row-major [n, width] array, copied out */
function copyRows(src: Float32Array, idx: Int32Array, width: number): Float32Array {
  const out = new Float32Array(idx.length * width);
  for (let i = 0, o = 0; i < idx.length; i++) for (let c = 0, at = idx[i] * width; c < width; c++) out[o++] = src[at + c];
  return out;
}

/**
 * The loop around DenseCore: data tensors made once, full batch as one step per epoch, mini-batches
 * gathered by a per-epoch seeded permutation per model, losses read back once per report, NaN/Inf
 * → DivergenceError (or the model dropped), an epoch hook, pause/step/cancel. Disposes all it made.
 */
export async function runCore(core: DenseCore, set: CoreSet, o: CoreOptions, control: RunControl, hooks: CoreHooks): Promise<void> {
  const owned: tf.Tensor[] = [];
  let lossSum: tf.Tensor | null = null; // running sum on the backend since the last loss point
  const pending: { epoch: number; sum: tf.Tensor; steps: number }[] = [];
  try {
    await loop();
  } finally {
    (lossSum as tf.Tensor | null)?.dispose();
    for (const p of pending) p.sum.dispose();
    for (const t of owned) t.dispose();
    core.dispose();
  }

  async function loop(): Promise<void> {
    const { spec, epochs } = o;
    const n = set.n;
    const K = core.cfg.k ?? 1;
    const lead = core.lead;
    const own = !!o.mask && !!o.ownBatches;
    // ownBatches: each model's row list, and where it is in its current pass
    const ownRows: Uint32Array[] = [];
    if (own) {
      for (let j = 0; j < K; j++) {
        const rows: number[] = [];
        for (let i = 0; i < n; i++) if (o.mask![j * n + i]) rows.push(i);
        ownRows.push(Uint32Array.from(rows));
      }
    }
    const most = own ? Math.max(1, ...ownRows.map((r) => r.length)) : n;
    const batch = Math.max(1, Math.min(Math.floor(Math.min(o.batch, most)), most));
    const full = !own && batch >= n;
    if (o.mask && !full && !own) throw new Error('a row mask needs full-batch training (or ownBatches)');
    const stepsPerEpoch = own ? Math.max(1, Math.floor(o.epochSteps ?? Math.ceil(most / batch))) : Math.ceil(n / batch);
    const totalSteps = stepsPerEpoch * epochs;
    // loss points per epoch: one, or ~8 when epochs are long, so a 1-epoch run still draws a curve
    const pointEvery = Math.max(1, Math.ceil(stepsPerEpoch / 8));
    const kOut = spec.outputs;
    const d = spec.inputs;
    const orders: Rng[] = o.orderSeeds.map((s) => createRng(s));
    if (set.x.length !== n * d || set.y.length !== n * kOut) throw new Error(`${n} rows need ${n * d} x and ${n * kOut} y values, got ${set.x.length} and ${set.y.length}`);
    const weights = set.weights;
    if (weights && weights.length !== n && weights.length !== n * kOut) throw new Error(`weights: ${weights.length} values for ${n} rows`);
    const perElement = !!weights && weights.length !== n; // [n·outputs]; with one output both readings agree

    const keep = <T extends tf.Tensor>(t: T) => (owned.push(t), t);
    const xOnes = withOnes(set.x, n, d);
    // ownBatches builds every batch from these arrays, so it keeps no copy of the rows on the backend
    const x: tf.Tensor | null = own ? null : keep(tf.tensor2d(xOnes, [n, d + 1]));
    const y: tf.Tensor | null = own ? null : keep(tf.tensor2d(set.y, [n, kOut]));
    const ySumArr = rowSums(spec, set.y, n);
    const ySum: tf.Tensor | null = ySumArr && !own ? keep(tf.tensor2d(ySumArr, [n, kOut])) : null;
    let scale: tf.Tensor | null = null;
    if (full) {
      // full batch: one scale for the whole run, each model's mean over its own rows
      const buf = new Float32Array(K * n * kOut);
      for (let j = 0; j < K; j++) {
        const mask = o.mask ? Array.prototype.slice.call(o.mask, j * n, (j + 1) * n) : null;
        const count = mask ? mask.reduce((a: number, b: number) => a + (b ? 1 : 0), 0) : n;
        buf.set(lossScale(spec, n, null, weights, perElement, mask, Math.max(1, count)), j * n * kOut);
      }
      scale = keep(tf.tensor(buf, [...lead, n, kOut]));
    }

    let sumSteps = 0;
    let step = 0;
    let epoch = 0;
    let lastReport = now();

    const closePoint = () => {
      if (!lossSum) return;
      pending.push({ epoch: step / stepsPerEpoch, sum: lossSum, steps: sumSteps });
      lossSum = null;
      sumSteps = 0;
    };
    const report = async (done: boolean) => {
      closePoint();
      const losses: CoreLossPoint[] = [];
      if (pending.length) {
        const all = tf.tidy(() => tf.stack(pending.map((p) => p.sum)));
        const sums = (await all.data()) as Float32Array;
        all.dispose();
        pending.forEach((p, i) => losses.push({ epoch: p.epoch, loss: Float64Array.from(sums.subarray(i * K, (i + 1) * K), (s) => s / p.steps) }));
        for (const p of pending) p.sum.dispose();
        pending.length = 0;
      }
      for (const point of losses) {
        for (let j = 0; j < K; j++) {
          if (Number.isFinite(point.loss[j]) || !core.active[j]) continue;
          if (!hooks.diverged?.(j, point)) throw new DivergenceError(`loss ${point.loss[j]} at epoch ${point.epoch.toFixed(2)}`);
        }
      }
      lastReport = now();
      await hooks.report({ epoch, step, totalSteps, losses, done });
    };

    // ownBatches: model j's permutation of its rows this pass (null: ≤ batch rows, all in order) and its next position
    const ownPerm: (Uint32Array | null)[] = ownRows.map(() => null);
    const ownAt: number[] = ownRows.map(() => 0);
    // one step's rows [K · size] and loss scales for ownBatches: a model with fewer rows this step pads with scale 0
    const ownBatch = (): { idx: Int32Array; sbuf: Float32Array; size: number } => {
      const picks = ownRows.map((rows, j) => {
        if (rows.length <= batch) return rows;
        if (ownAt[j] >= rows.length || !ownPerm[j]) {
          ownPerm[j] = orders[j].permutation(rows.length);
          ownAt[j] = 0;
        }
        const p = ownPerm[j]!.subarray(ownAt[j], ownAt[j] + batch);
        ownAt[j] += batch;
        return Uint32Array.from(p, (i) => rows[i]);
      });
      const size = Math.max(1, ...picks.map((p) => p.length));
      const idx = new Int32Array(K * size);
      const sbuf = new Float32Array(K * size * kOut);
      picks.forEach((rows, j) => {
        idx.set(rows, j * size);
        if (rows.length) sbuf.set(lossScale(spec, rows.length, rows, weights, perElement, null, rows.length), j * size * kOut);
      });
      return { idx, sbuf, size };
    };

    for (epoch = 0; epoch < epochs; ) {
      // one permutation per model from its own seed: model j sees the batches a single run of its seed sees
      const perms = full || own ? [] : orders.map((r) => r.permutation(n));
      for (let st = 0; st < stepsPerEpoch; st++) {
        const start = st * batch;
        const last = st === stepsPerEpoch - 1;
        let cost: tf.Tensor;
        if (full) cost = core.step(x!, y!, scale!, ySum);
        else {
          // gather the batch's rows: wasm's slice copies its whole input (readSync), 3.5 MB a step for 80,000 rows
          let size: number;
          let idx: Int32Array;
          let sbuf: Float32Array;
          if (own) ({ idx, sbuf, size } = ownBatch());
          else {
            size = Math.min(batch, n - start);
            idx = new Int32Array(K * size);
            sbuf = new Float32Array(K * size * kOut);
            perms.forEach((p, j) => {
              const rows = p.subarray(start, start + size);
              idx.set(rows, j * size);
              sbuf.set(lossScale(spec, size, rows, weights, perElement, null, size), j * size * kOut);
            });
          }
          const part = own
            ? // ownBatches copies its rows in JS: wasm's Gather costs ~50 ns an element (a heap-allocated index per element)
              [
                tf.tensor(copyRows(xOnes, idx, d + 1), [...lead, size, d + 1]),
                tf.tensor(copyRows(set.y, idx, kOut), [...lead, size, kOut]),
                tf.tensor(sbuf, [...lead, size, kOut]),
                ...(ySumArr ? [tf.tensor(copyRows(ySumArr, idx, kOut), [...lead, size, kOut])] : []),
              ]
            : tf.tidy(() => {
                const ix = tf.tensor1d(idx, 'int32');
                const rows = (t: tf.Tensor) => (lead.length ? tf.reshape(tf.gather(t, ix), [...lead, size, t.shape[1]!]) : tf.gather(t, ix));
                return [rows(x!), rows(y!), tf.tensor(sbuf, [...lead, size, kOut]), ...(ySum ? [rows(ySum)] : [])];
              });
          try {
            cost = core.step(part[0], part[1], part[2], part[3] ?? null);
          } finally {
            for (const t of part) t.dispose();
          }
        }
        if (lossSum) {
          const prev: tf.Tensor = lossSum;
          lossSum = tf.add(prev, cost);
          prev.dispose();
          cost.dispose();
        } else lossSum = cost;
        sumSteps++;
        step++;
        if (step % pointEvery === 0 || last) closePoint();
        if (now() - lastReport >= o.reportMs && !last) await report(false);
        await control.checkpoint('batch', () => report(false));
      }
      epoch++;
      if ((await hooks.epoch?.(epoch)) === true) break;
      if (epoch < epochs) {
        if (now() - lastReport >= o.reportMs) await report(false);
        await control.checkpoint('epoch', () => report(false));
      }
    }
    await report(true);
  }
}
