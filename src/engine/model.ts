import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng';

/** sigmoid: one binary output; softmax: one of k classes; multilabel: k independent sigmoids; linear: regression */
export type Head = 'sigmoid' | 'softmax' | 'multilabel' | 'linear';
export type Activation = 'relu' | 'tanh';

export interface ModelSpec {
  inputs: number;
  /** hidden layer sizes; [] is logistic (or linear) regression */
  hidden: readonly number[];
  activation: Activation;
  outputs: number;
  head: Head;
}

export function logisticRegression(inputs: number): ModelSpec {
  return { inputs, hidden: [], activation: 'relu', outputs: 1, head: 'sigmoid' };
}

export function mlp(inputs: number, hidden: readonly number[], head: Head = 'sigmoid', outputs = 1, activation: Activation = 'relu'): ModelSpec {
  return { inputs, hidden, activation, outputs, head };
}

/** [fanIn, fanOut] of each dense layer */
export function layerShapes(spec: ModelSpec): [number, number][] {
  const sizes = [spec.inputs, ...spec.hidden, spec.outputs];
  return sizes.slice(1).map((out, i) => [sizes[i], out]);
}

/**
 * Seeded initial weights as plain arrays [W0, b0, W1, b1, …]: Glorot-uniform kernels
 * (He-uniform under ReLU), zero biases. Made from our RNG, never TF.js's, so one seed
 * gives the same start on every backend.
 */
export function initWeights(spec: ModelSpec, rng: Rng): Float32Array[] {
  const out: Float32Array[] = [];
  for (const [fanIn, fanOut] of layerShapes(spec)) {
    const hiddenRelu = spec.activation === 'relu' && fanOut !== spec.outputs;
    const limit = hiddenRelu ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = rng.range(-limit, limit);
    out.push(w, new Float32Array(fanOut));
  }
  return out;
}

/**
 * A model's flat parameter vector, layer by layer: kernel [in, out] row-major then bias [out], i.e.
 * an [in + 1, out] matrix applied to the input with a ones column appended. One tensor: one
 * optimizer update per step, not one per layer; bias inside the matMul: no broadcasting add
 * (a slow generic path on cpu).
 */
export function paramLayout(spec: ModelSpec): ParamLayout {
  const key = `${spec.inputs}:${spec.hidden.join(',')}:${spec.outputs}`;
  let layout = layouts.get(key);
  if (!layout) {
    const shapes = layerShapes(spec).map(([i, o]) => [i + 1, o] as [number, number]);
    const sizes = shapes.map(([i, o]) => i * o);
    layout = { shapes, sizes, total: sizes.reduce((a, b) => a + b, 0) };
    layouts.set(key, layout);
  }
  return layout;
}

export interface ParamLayout {
  /** each layer's [in + 1, out] */
  shapes: [number, number][];
  sizes: number[];
  total: number;
}

// forwardFlat asks for it every step: computed once per architecture
const layouts = new Map<string, ParamLayout>();

/** [W0, b0, W1, b1, …] as initWeights gives them → one flat parameter vector (they are laid out alike) */
export function packWeights(spec: ModelSpec, values: Float32Array[]): Float32Array {
  const out = new Float32Array(paramLayout(spec).total);
  let at = 0;
  for (const v of values) {
    out.set(v, at);
    at += v.length;
  }
  if (at !== out.length) throw new Error(`weights have ${at} values, the model ${out.length}`);
  return out;
}

/** a flat parameter vector → [W0, b0, W1, b1, …] */
export function unpackWeights(spec: ModelSpec, flat: Float32Array): Float32Array[] {
  const out: Float32Array[] = [];
  let at = 0;
  for (const [i, o] of layerShapes(spec)) {
    out.push(flat.slice(at, at + i * o), flat.slice(at + i * o, at + (i + 1) * o));
    at += (i + 1) * o;
  }
  return out;
}

/**
 * A forward pass's two elementwise steps, the way each backend does them fastest: on wasm tanh is
 * scalar libm (~15 ns/element) but sigmoid XNNPACK (~1.3 ns), and a last-axis concat a JS loop but
 * pad C++. The choice depends on the backend only, so K stacked models still equal single ones.
 */
export class ForwardOps {
  private readonly wasm = tf.getBackend() === 'wasm';
  private readonly lead: number[];
  private readonly one: tf.Scalar;
  private readonly ones = new Map<number, tf.Tensor>();

  /** `lead`: [] for one model, [K] for K stacked */
  constructor(lead: number[]) {
    this.lead = lead;
    this.one = tf.keep(tf.scalar(1));
  }

  activate(activation: Activation, z: tf.Tensor): tf.Tensor {
    if (activation === 'relu') return tf.relu(z);
    // always on wasm, never by size: a masked stacked model (n rows) must compute as its single twin (fewer rows)
    if (!this.wasm) return tf.tanh(z);
    const s = tf.sigmoid(tf.add(z, z)); // tanh(z) = 2σ(2z) − 1
    return tf.sub(tf.add(s, s), this.one);
  }

  /** a → [a, 1]: the ones column that multiplies the next layer's bias row */
  appendOnes(a: tf.Tensor): tf.Tensor {
    if (this.wasm) return tf.pad(a, [...a.shape.slice(0, -1).map((): [number, number] => [0, 0]), [0, 1]], 1);
    const n = a.shape[a.rank - 2];
    let ones = this.ones.get(n);
    if (!ones) this.ones.set(n, (ones = tf.keep(tf.ones([...this.lead, n, 1]))));
    return tf.concat([a, ones], -1);
  }

  dispose(): void {
    this.one.dispose();
    for (const t of this.ones.values()) t.dispose();
    this.ones.clear();
  }
}

/** What a forward pass keeps for the backward pass, per layer: its input (with the ones column), its matrix, and each hidden activation. */
export interface ForwardTrace {
  inputs: tf.Tensor[];
  mats: tf.Tensor[];
  acts: tf.Tensor[];
}

/** Logits ([n, out], or [K, n, out] for θ [K, P]) of rows xOnes ([n, d + 1] shared by all models, or [K, n, d + 1]). */
export function forwardFlat(spec: ModelSpec, theta: tf.Tensor, xOnes: tf.Tensor, ops: ForwardOps, trace?: ForwardTrace): tf.Tensor {
  const { shapes, sizes } = paramLayout(spec);
  const lead = theta.shape.slice(0, -1);
  const parts = sizes.length === 1 ? [theta] : tf.split(theta, sizes, -1);
  let h = xOnes;
  for (let l = 0; l < shapes.length; l++) {
    const w = tf.reshape(parts[l], [...lead, ...shapes[l]]);
    trace?.inputs.push(h);
    trace?.mats.push(w);
    const z = tf.matMul(h, w);
    if (l === shapes.length - 1) return z;
    const a = ops.activate(spec.activation, z);
    trace?.acts.push(a);
    h = ops.appendOnes(a);
  }
  throw new Error('a model has at least one layer');
}

/** rows x [n, d] → [n, d + 1] with a column of ones, for forwardFlat */
export function withOnes(x: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    out.set(x.subarray(i * d, (i + 1) * d), i * (d + 1));
    out[i * (d + 1) + d] = 1;
  }
  return out;
}

/** What the head makes of logits: probabilities for classification, values for regression. */
export function headOutputs(spec: ModelSpec, z: tf.Tensor): tf.Tensor {
  switch (spec.head) {
    case 'sigmoid':
    case 'multilabel':
      return tf.sigmoid(z);
    case 'softmax':
      return tf.softmax(z);
    default:
      return z;
  }
}

/** A dense network, its parameters one flat tensor (paramLayout); the trainer swaps `theta` each step, so callbacks see current weights. Dispose it. */
export class Network {
  readonly spec: ModelSpec;
  /** all parameters, [P] */
  theta: tf.Tensor;

  /** from plain arrays [W0, b0, W1, b1, …] (copied to the backend), or from a flat tensor this network then owns */
  constructor(spec: ModelSpec, values: Float32Array[] | tf.Tensor) {
    this.spec = spec;
    this.theta = values instanceof tf.Tensor ? values : tf.tensor1d(packWeights(spec, values));
  }

  /** pre-activation outputs (logits for classification heads) */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    const ops = new ForwardOps([]);
    try {
      return tf.tidy(() => forwardFlat(this.spec, this.theta, tf.concat([x, tf.ones([x.shape[0], 1])], 1), ops) as tf.Tensor2D);
    } finally {
      ops.dispose();
    }
  }

  /** what the head outputs: probabilities for classification, values for regression */
  outputs(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => headOutputs(this.spec, this.logits(x)) as tf.Tensor2D);
  }

  /** a CPU copy of the weights [W0, b0, W1, b1, …]: for export, for a backend switch, for tests */
  read(): Float32Array[] {
    return unpackWeights(this.spec, this.theta.dataSync() as Float32Array);
  }

  dispose(): void {
    this.theta.dispose();
  }
}

/** Run the network over rows in chunks (bounded memory) and read the outputs back once per chunk. */
export async function predict(net: Network, x: Float32Array, n: number, chunk = 65536): Promise<Float32Array> {
  const d = net.spec.inputs;
  const k = net.spec.outputs;
  const out = new Float32Array(n * k);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const t = tf.tidy(() => net.outputs(tf.tensor2d(x.subarray(start * d, (start + rows) * d), [rows, d])));
    out.set((await t.data()) as Float32Array, start * k);
    t.dispose();
  }
  return out;
}
