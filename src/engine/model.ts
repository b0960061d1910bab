import * as tf from '@tensorflow/tfjs-core';
// gradients are registered separately from tfjs-core's ops; the optimizer needs them
import '@tensorflow/tfjs-core/dist/register_all_gradients';
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

/** A dense network held in TF.js variables. Dispose it when done. */
export class Network {
  readonly spec: ModelSpec;
  readonly vars: tf.Variable[];

  constructor(spec: ModelSpec, values: Float32Array[]) {
    this.spec = spec;
    const shapes = layerShapes(spec);
    // tidy disposes the initial-value tensors; variables survive it
    this.vars = tf.tidy(() =>
      values.map((v, i) => {
        const [fanIn, fanOut] = shapes[i >> 1];
        return tf.variable(tf.tensor2d(v, i % 2 === 0 ? [fanIn, fanOut] : [1, fanOut]), true);
      }),
    );
  }

  /** pre-activation outputs (logits for classification heads) */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    const layers = this.vars.length / 2;
    for (let l = 0; l < layers; l++) {
      const z = tf.add(tf.matMul(h, this.vars[2 * l]), this.vars[2 * l + 1]) as tf.Tensor2D;
      h = l < layers - 1 ? (this.spec.activation === 'relu' ? tf.relu(z) : tf.tanh(z)) : z;
    }
    return h;
  }

  /** what the head outputs: probabilities for classification, values for regression */
  outputs(x: tf.Tensor2D): tf.Tensor2D {
    const z = this.logits(x);
    switch (this.spec.head) {
      case 'sigmoid':
      case 'multilabel':
        return tf.sigmoid(z);
      case 'softmax':
        return tf.softmax(z);
      default:
        return z;
    }
  }

  /**
   * Mean loss of a batch. `weights` ([n,1] per row or [n,outputs] per element) multiplies each
   * term before the mean over all terms, so balanced class weights (which sum to n) keep the scale.
   */
  loss(x: tf.Tensor2D, y: tf.Tensor2D, weights: tf.Tensor2D | null, l2: number): tf.Scalar {
    const z = this.logits(x);
    let terms: tf.Tensor;
    if (this.spec.head === 'softmax') {
      terms = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z)), 1, true));
    } else if (this.spec.head === 'linear') {
      terms = tf.square(tf.sub(z, y));
    } else {
      // numerically stable binary cross-entropy on logits: max(z,0) − z·y + log(1 + e^−|z|)
      terms = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    }
    let loss = tf.mean(weights ? tf.mul(terms, weights) : terms) as tf.Scalar;
    if (l2 > 0) {
      for (let l = 0; l < this.vars.length; l += 2) loss = tf.add(loss, tf.mul(l2, tf.sum(tf.square(this.vars[l])))) as tf.Scalar;
    }
    return loss;
  }

  /** a CPU copy of the weights: for export, for a backend switch, for stacked-trainer tests */
  read(): Float32Array[] {
    return this.vars.map((v) => v.dataSync() as Float32Array).map((a) => new Float32Array(a));
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
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
