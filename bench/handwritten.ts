// A hand-written dense network in plain JavaScript, trained one example at a time (TensorFlow
// Playground's approach): the yardstick for how fast a tiny model can learn without any library.
import type { Split } from '../src/engine/datasets/spirals';

export interface HandwrittenResult {
  /** epochs until the target test accuracy, or -1 if not reached */
  epochs: number;
  ms: number;
  accuracy: number;
}

/**
 * tanh hidden layers, a sigmoid output with cross-entropy, per-example SGD at `lr`, starting from
 * `init` ([W0, b0, W1, b1, …] as initWeights gives them). Test accuracy is checked after every
 * epoch and counts in the time.
 */
export function trainHandwritten(data: Split, hidden: number[], init: Float32Array[], lr: number, target: number, maxEpochs: number): HandwrittenResult {
  const t0 = performance.now();
  const sizes = [data.d, ...hidden, 1];
  const L = sizes.length - 1;
  const W = init.filter((_, i) => i % 2 === 0).map((w) => Float64Array.from(w));
  const B = init.filter((_, i) => i % 2 === 1).map((b) => Float64Array.from(b));
  const act = sizes.map((s) => new Float64Array(s));
  const delta = sizes.map((s) => new Float64Array(s));

  const forward = (x: Float32Array, row: number): number => {
    for (let i = 0; i < data.d; i++) act[0][i] = x[row * data.d + i];
    for (let l = 0; l < L; l++) {
      const [nin, nout] = [sizes[l], sizes[l + 1]];
      const w = W[l];
      const a = act[l];
      const out = act[l + 1];
      for (let j = 0; j < nout; j++) {
        let z = B[l][j];
        for (let i = 0; i < nin; i++) z += a[i] * w[i * nout + j];
        out[j] = l === L - 1 ? z : Math.tanh(z);
      }
    }
    return act[L][0];
  };

  const accuracy = (): number => {
    let right = 0;
    for (let r = 0; r < data.nTest; r++) {
      const z = forward(data.xTest, r);
      right += Number((z >= 0 ? 1 : 0) === data.yTest[r]);
    }
    return right / data.nTest;
  };

  let acc = 0;
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    for (let r = 0; r < data.nTrain; r++) {
      const z = forward(data.xTrain, r);
      delta[L][0] = 1 / (1 + Math.exp(-z)) - data.yTrain[r]; // d(cross-entropy)/dz
      for (let l = L - 1; l >= 0; l--) {
        const [nin, nout] = [sizes[l], sizes[l + 1]];
        const w = W[l];
        const a = act[l];
        const dOut = delta[l + 1];
        if (l > 0) {
          const dIn = delta[l];
          for (let i = 0; i < nin; i++) {
            let s = 0;
            for (let j = 0; j < nout; j++) s += w[i * nout + j] * dOut[j];
            dIn[i] = s * (1 - a[i] * a[i]);
          }
        }
        for (let j = 0; j < nout; j++) {
          B[l][j] -= lr * dOut[j];
          for (let i = 0; i < nin; i++) w[i * nout + j] -= lr * a[i] * dOut[j];
        }
      }
    }
    acc = accuracy();
    if (acc >= target) return { epochs: epoch, ms: performance.now() - t0, accuracy: acc };
  }
  return { epochs: -1, ms: performance.now() - t0, accuracy: acc };
}
