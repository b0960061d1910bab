import { createRng } from '../rng';

export interface Split {
  xTrain: Float32Array;
  yTrain: Float32Array;
  xTest: Float32Array;
  yTest: Float32Array;
  nTrain: number;
  nTest: number;
  d: number;
}

/**
 * The engine's reference task: two interleaved spirals, 1,000 points each, no noise,
 * shuffled with the seeded RNG and split half and half. Small enough to train in well under a
 * second, curved enough that a linear model cannot solve it.
 */
export function spirals(seed: number, perClass = 1000): Split {
  const n = 2 * perClass;
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = (5 * i) / perClass;
      const t = (1.75 * 2 * Math.PI * i) / perClass + c * Math.PI;
      const row = c * perClass + i;
      x[2 * row] = r * Math.sin(t);
      x[2 * row + 1] = r * Math.cos(t);
      y[row] = c;
    }
  }
  const order = createRng(seed).permutation(n);
  const half = n / 2;
  const pick = (from: number, count: number) => {
    const xs = new Float32Array(2 * count);
    const ys = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const row = order[from + i];
      xs[2 * i] = x[2 * row];
      xs[2 * i + 1] = x[2 * row + 1];
      ys[i] = y[row];
    }
    return [xs, ys] as const;
  };
  const [xTrain, yTrain] = pick(0, half);
  const [xTest, yTest] = pick(half, n - half);
  return { xTrain, yTrain, xTest, yTest, nTrain: half, nTest: n - half, d: 2 };
}

/** Two Gaussian blobs in d dimensions, linearly separable with a wide margin: the "does it learn at all" task. */
export function blobs(seed: number, n = 1000, d = 4, gap = 3): Split {
  const rng = createRng(seed);
  const make = (count: number) => {
    const xs = new Float32Array(count * d);
    const ys = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const c = rng.bernoulli(0.5);
      ys[i] = c;
      for (let j = 0; j < d; j++) xs[i * d + j] = rng.normal(c ? gap / 2 : -gap / 2, 1);
    }
    return [xs, ys] as const;
  };
  const [xTrain, yTrain] = make(n);
  const [xTest, yTest] = make(n);
  return { xTrain, yTrain, xTest, yTest, nTrain: n, nTest: n, d };
}
