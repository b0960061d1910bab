import * as tf from '@tensorflow/tfjs-core';
import { ForwardOps, forwardFlat, withOnes, type ModelSpec } from './model';

/** Anything with flat parameters: a Network ([P]) or a StackedNetworks ([K, P]). */
interface Flat {
  readonly spec: ModelSpec;
  readonly theta: tf.Tensor;
}

/**
 * Accuracy on a fixed set, rows kept on the backend, one small read-back: cheap enough after every
 * epoch. A score ≥ 0.5 is a positive (multilabel: every output counts); softmax: the arg-max class.
 */
export class AccuracyProbe {
  private readonly spec: ModelSpec;
  private readonly n: number;
  private readonly x: tf.Tensor;
  private readonly truth: tf.Tensor;
  private readonly ops = new Map<string, ForwardOps>();
  private readonly half: tf.Scalar;

  constructor(spec: ModelSpec, x: Float32Array, y: Float32Array, n: number) {
    if (spec.head === 'linear') throw new Error('accuracy needs a classification head');
    this.spec = spec;
    this.n = n;
    const d = spec.inputs;
    const k = spec.outputs;
    this.x = tf.tensor2d(withOnes(x, n, d), [n, d + 1]);
    if (spec.head === 'softmax') {
      const label = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let j = 1; j < k; j++) if (y[i * k + j] > y[i * k + best]) best = j;
        label[i] = best;
      }
      this.truth = tf.tensor1d(label, 'int32');
    } else {
      this.truth = tf.tensor2d(Uint8Array.from(y, (v) => (v >= 0.5 ? 1 : 0)), [n, k], 'bool');
    }
    this.half = tf.scalar(0.5);
  }

  /** the network's accuracy */
  of(net: Flat): number {
    return this.correct(net)[0] / this.total();
  }

  /** each stacked model's accuracy */
  ofEach(models: Flat): Float64Array {
    const t = this.total();
    return Float64Array.from(this.correct(models), (c) => c / t);
  }

  private total(): number {
    return this.spec.head === 'softmax' ? this.n : this.n * this.spec.outputs;
  }

  private correct(m: Flat): Int32Array {
    const lead = m.theta.shape.slice(0, -1);
    const key = lead.join(',');
    let ops = this.ops.get(key);
    if (!ops) this.ops.set(key, (ops = new ForwardOps(lead)));
    const count = tf.tidy(() => {
      const z = forwardFlat(this.spec, m.theta, this.x, ops);
      if (this.spec.head === 'softmax') return tf.sum(tf.equal(tf.argMax(z, -1), this.truth), -1);
      return tf.sum(tf.equal(tf.greaterEqual(tf.sigmoid(z), this.half), this.truth), [-2, -1]);
    });
    const out = count.dataSync() as Int32Array;
    count.dispose();
    return out;
  }

  dispose(): void {
    for (const t of [this.x, this.truth, this.half]) t.dispose();
    for (const o of this.ops.values()) o.dispose();
    this.ops.clear();
  }
}
