import { randomLcg, randomNormal, randomBernoulli } from 'd3-random';

/**
 * Seeded randomness for everything a run draws: data, weight initialisation, batch order.
 * Never Math.random: one seed must give identical numbers on one backend.
 */
export interface Rng {
  /** uniform in [0, 1) */
  uniform(): number;
  /** uniform in [lo, hi) */
  range(lo: number, hi: number): number;
  normal(mean?: number, sd?: number): number;
  bernoulli(p: number): 0 | 1;
  /** integer in [0, n) */
  int(n: number): number;
  /** Fisher–Yates shuffle in place; returns its argument */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
  /** a shuffled 0..n-1 */
  permutation(n: number): Uint32Array;
  /** an independent generator derived from this one (for a sub-task whose draw count may change) */
  fork(): Rng;
}

export function createRng(seed: number): Rng {
  const source = randomLcg(seedToUnit(seed));
  const std = randomNormal.source(source)(0, 1);
  const uniform = () => source();
  const rng: Rng = {
    uniform,
    range: (lo, hi) => lo + (hi - lo) * source(),
    normal: (mean = 0, sd = 1) => mean + sd * std(),
    bernoulli: (p) => (source() < p ? 1 : 0),
    int: (n) => Math.min(n - 1, Math.floor(source() * n)),
    shuffle(a) {
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(source() * (i + 1));
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      return a;
    },
    permutation(n) {
      const p = new Uint32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      return rng.shuffle(p);
    },
    fork: () => createRng(Math.floor(source() * 2 ** 31)),
  };
  return rng;
}

/** d3's LCG takes a seed in [0, 1); spread integer seeds so 1, 2, 3… start far apart. */
function seedToUnit(seed: number): number {
  let h = (Math.floor(Math.abs(seed)) ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 2 ** 32;
}

/** d3-random's Bernoulli source, for code that wants a reusable generator of one p. */
export function bernoulliSource(rng: Rng, p: number): () => number {
  return randomBernoulli.source(() => rng.uniform())(p);
}

/**
 * Stratified split: the test share of each class is the same (rounded), so a rare class
 * keeps its rate in both parts. Returns sorted row indices for each part.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  testFraction: number,
  rng: Rng,
): { train: Uint32Array; test: Uint32Array } {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    let rows = byClass.get(c);
    if (!rows) byClass.set(c, (rows = []));
    rows.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byClass.get(c)!);
    const nTest = Math.round(rows.length * testFraction);
    for (let i = 0; i < rows.length; i++) (i < nTest ? test : train).push(rows[i]);
  }
  const sorted = (a: number[]) => Uint32Array.from(a).sort();
  return { train: sorted(train), test: sorted(test) };
}
