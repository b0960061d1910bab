// The rows a sweep trains on: per repeat, one pool whose prefixes are the training sets of every
// size (wrong labels and outdated rows mixed in as the params say), and, for the "more but worse"
// chart, 1,000 clean rows followed by the extra ones. Test rows are always clean and current.

import { createRng, type Rng } from '../../engine/rng';
import type { Chain, SweepSet } from './sweep';
import { FEATURES, FREQ, WEAK, margin, normalCdf, taskOf, type Task } from './task';
import { DIAMOND_FEATURES, PRICE_CLASSES, priceClass, standardise, type DiamondTable } from './diamonds';
import { CLEAN_ROWS, DIAMONDS, SYNTHETIC_TEST, type DvaValues } from './meta';

/** The params the rows depend on. */
export type DataParams = Pick<DvaValues, 'data' | 'sizes' | 'repeats' | 'difficulty' | 'noise' | 'noise_kind' | 'outdated' | 'extra' | 'extra_kind' | 'extra_noise' | 'seed'>;

export interface LabData {
  set: SweepSet;
  /** chains 0 … repeats−1: the learning curves; then, if extra > 0, one "more but worse" chain per repeat */
  chains: Chain[];
  featureNames: string[];
  classNames: string[];
  /** measured over every training pool: the share of rows whose label is wrong, and of outdated rows */
  wrongShare: number;
  outdatedShare: number;
  /** the share of test rows the best constant guess gets right */
  baseline: number;
  /** a sample of test rows on the first two features, for a picture of the task (synthetic only) */
  scatter: { x: Float32Array; y: Float32Array; cls: Uint8Array; xLabel: string; yLabel: string } | null;
}

/** older diamonds prices, as a share of today's */
export const OLD_PRICE = 0.7;
const SCATTER_ROWS = 2_000;

/**
 * Each model's seed (initial weights and batch order), from the run's seed, its chain and its
 * training-set size — not the size's position in the list, so the 30,000-row model of a run with
 * sizes=100,30000 is the very model a default run trains on those rows.
 */
export function modelSeed(seed: number, chain: number, size: number): number {
  let h = 2166136261;
  for (const v of [seed, chain, size]) {
    h = Math.imul(h ^ (v & 0xffff), 16777619);
    h = Math.imul(h ^ (v >>> 16), 16777619);
  }
  return h >>> 1;
}

/** chain ids: repeat r's pool is r, its "more but worse" rows MBW_CHAIN + r (whatever the number of repeats) */
const MBW_CHAIN = 100;

/** Rows appended one chain at a time into one table of a known size. */
class RowTable {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  private readonly d: number;
  n = 0;
  constructor(rows: number, d: number) {
    this.x = new Float32Array(rows * d);
    this.y = new Uint8Array(rows);
    this.d = d;
  }
  add(x: Float32Array, y: number): number {
    this.x.set(x, this.n * this.d);
    this.y[this.n] = y;
    return this.n++;
  }
}

function chainOf(rows: number[], cuts: number[], seed: number, id: number): Chain {
  return { rows: Uint32Array.from(rows), cuts, seeds: cuts.map((size) => modelSeed(seed, id, size)) };
}

/**
 * Every repeat's two chains: its growing pool of rows (`pool`, cut at `cuts`) and, when extra rows
 * are asked for, its "more but worse" rows (`moreButWorse`, cut at `mbwCuts`). Each repeat forks one
 * rng for each, in that order, so a repeat's rows do not depend on the other repeats' settings.
 */
function repeatChains(
  p: DataParams,
  rng: Rng,
  cuts: number[],
  mbwCuts: number[],
  pool: (poolRng: Rng) => number[],
  moreButWorse: (mbwRng: Rng) => number[],
): Chain[] {
  const chains: Chain[] = [];
  const mbw: Chain[] = [];
  for (let r = 0; r < p.repeats; r++) {
    const poolRng = rng.fork();
    const mbwRng = rng.fork();
    chains.push(chainOf(pool(poolRng), cuts, p.seed, r));
    if (p.extra > 0) mbw.push(chainOf(moreButWorse(mbwRng), mbwCuts, p.seed, MBW_CHAIN + r));
  }
  return [...chains, ...mbw];
}

/** the flexible task's features and labels, drawn in a fixed order so one param never reshuffles another's rows */
function synthRows(task: Task, n: number, rng: Rng, old: (i: number) => boolean = () => false): { x: Float32Array; y: Uint8Array } {
  const x = new Float32Array(n * FEATURES);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = 1 / (1 + Math.exp(-margin(task, x, i * FEATURES, old(i)) / task.temp));
    y[i] = rng.uniform() < p ? 1 : 0;
  }
  return { x, y };
}

export function syntheticData(p: DataParams): LabData {
  const task = taskOf(p.difficulty);
  const rng = createRng(p.seed);
  const test = synthRows(task, SYNTHETIC_TEST, rng.fork());
  const maxSize = p.sizes[p.sizes.length - 1];
  const table = new RowTable(p.repeats * (maxSize + (p.extra > 0 ? CLEAN_ROWS + p.extra : 0)), FEATURES);
  let wrong = 0;
  let outdated = 0;
  const poolRows = (poolRng: Rng) => {
    // outdated rows: a uniform per row below `outdated`
    const oldU = Float64Array.from({ length: maxSize }, () => poolRng.uniform());
    const flipU = Float64Array.from({ length: maxSize }, () => poolRng.uniform());
    const pool = synthRows(task, maxSize, poolRng, (i) => oldU[i] < p.outdated);
    const rows: number[] = [];
    for (let i = 0; i < maxSize; i++) {
      const xi = pool.x.subarray(i * FEATURES, (i + 1) * FEATURES);
      // systematic: the labeller got every row wrong where the first feature is in its top `noise` share
      const flip = p.noise > 0 && (p.noise_kind === 'symmetric' ? flipU[i] < p.noise : normalCdf(xi[0]) > 1 - p.noise);
      wrong += flip ? 1 : 0;
      outdated += oldU[i] < p.outdated ? 1 : 0;
      rows.push(table.add(xi, flip ? 1 - pool.y[i] : pool.y[i]));
    }
    return rows;
  };
  const moreButWorse = (mbwRng: Rng) => {
    const clean = synthRows(task, CLEAN_ROWS, mbwRng.fork());
    const extraRng = mbwRng.fork();
    const flips = Float64Array.from({ length: p.extra }, () => extraRng.uniform());
    const extra = synthRows(task, p.extra, extraRng, () => p.extra_kind === 'outdated');
    const rowsM: number[] = [];
    for (let i = 0; i < CLEAN_ROWS; i++) rowsM.push(table.add(clean.x.subarray(i * FEATURES, (i + 1) * FEATURES), clean.y[i]));
    for (let i = 0; i < p.extra; i++) {
      const flip = p.extra_kind === 'noisy' && flips[i] < p.extra_noise;
      rowsM.push(table.add(extra.x.subarray(i * FEATURES, (i + 1) * FEATURES), flip ? 1 - extra.y[i] : extra.y[i]));
    }
    return rowsM;
  };
  const chains = repeatChains(p, rng, p.sizes, [CLEAN_ROWS, CLEAN_ROWS + p.extra], poolRows, moreButWorse);
  const positives = test.y.reduce((a, v) => a + v, 0);
  return {
    set: { d: FEATURES, classes: 2, x: table.x, y: table.y, n: table.n, testX: test.x, testY: test.y, nTest: SYNTHETIC_TEST },
    chains,
    featureNames: Array.from({ length: FEATURES }, (_, j) => `feature ${j + 1}`),
    classNames: ['negative', 'positive'],
    wrongShare: wrong / (p.repeats * maxSize),
    outdatedShare: outdated / (p.repeats * maxSize),
    baseline: Math.max(positives, SYNTHETIC_TEST - positives) / SYNTHETIC_TEST,
    scatter: taskPicture(test.x, test.y),
  };
}

export function diamondsData(p: DataParams, t: DiamondTable): LabData {
  const d = DIAMOND_FEATURES.length;
  const xs = standardise(t);
  const rng = createRng(p.seed);
  const order = rng.fork().permutation(t.n);
  const nTest = Math.min(DIAMONDS.test, Math.floor(t.n / 5));
  const testRows = order.subarray(0, nTest);
  const pool = order.subarray(nTest);
  const label = (i: number, old = false) => priceClass(t, old ? t.price[i] * OLD_PRICE : t.price[i]);
  // systematic mistakes fall on the largest stones: the top `noise` share of the pool by carat
  const byCarat = Array.from(pool).sort((a, b) => t.x[b * d] - t.x[a * d] || a - b);
  const region = new Set(byCarat.slice(0, Math.round(p.noise * pool.length)));
  const maxSize = Math.min(p.sizes[p.sizes.length - 1], pool.length);
  const extraRows = p.extra > 0 ? Math.min(p.extra, pool.length - CLEAN_ROWS) : 0;
  const table = new RowTable(p.repeats * (maxSize + (p.extra > 0 ? CLEAN_ROWS + extraRows : 0)), d);
  let wrong = 0;
  let outdated = 0;
  const poolRows = (poolRng: Rng) => {
    const perm = poolRng.permutation(pool.length);
    const rows: number[] = [];
    for (let k = 0; k < maxSize; k++) {
      const i = pool[perm[k]];
      const isOld = poolRng.uniform() < p.outdated;
      const u = poolRng.uniform();
      const other = poolRng.uniform() < 0.5 ? 1 : 2;
      let y = label(i, isOld);
      const clean = y;
      if (p.noise > 0 && p.noise_kind === 'symmetric' && u < p.noise) y = (y + other) % 3;
      if (p.noise > 0 && p.noise_kind === 'systematic' && region.has(i)) y = (y + 2) % 3; // one third down, the cheapest to the dearest
      wrong += y !== clean ? 1 : 0;
      outdated += isOld ? 1 : 0;
      rows.push(table.add(xs.subarray(i * d, (i + 1) * d), y));
    }
    return rows;
  };
  const moreButWorse = (mbwRng: Rng) => {
    const permM = mbwRng.permutation(pool.length);
    const rowsM: number[] = [];
    const extra = extraRows;
    for (let k = 0; k < CLEAN_ROWS + extra; k++) {
      const i = pool[permM[k]];
      let y = label(i, k >= CLEAN_ROWS && p.extra_kind === 'outdated');
      const u = mbwRng.uniform();
      const other = mbwRng.uniform() < 0.5 ? 1 : 2;
      if (k >= CLEAN_ROWS && p.extra_kind === 'noisy' && u < p.extra_noise) y = (y + other) % 3;
      rowsM.push(table.add(xs.subarray(i * d, (i + 1) * d), y));
    }
    return rowsM;
  };
  const chains = repeatChains(p, rng, p.sizes.map((s) => Math.min(s, maxSize)), [CLEAN_ROWS, CLEAN_ROWS + extraRows], poolRows, moreButWorse);
  const testX = new Float32Array(nTest * d);
  const testY = new Uint8Array(nTest);
  const counts = [0, 0, 0];
  testRows.forEach((i, k) => {
    testX.set(xs.subarray(i * d, (i + 1) * d), k * d);
    testY[k] = label(i);
    counts[testY[k]]++;
  });
  return {
    set: { d, classes: 3, x: table.x, y: table.y, n: table.n, testX, testY, nTest },
    chains,
    featureNames: [...DIAMOND_FEATURES],
    classNames: PRICE_CLASSES,
    wrongShare: wrong / (p.repeats * maxSize),
    outdatedShare: outdated / (p.repeats * maxSize),
    baseline: Math.max(...counts) / nTest,
    scatter: null,
  };
}

/**
 * The first SCATTER_ROWS test rows drawn so the boundary shows: feature 1 across, and up the sum
 * the label's odds grow with besides the wave (feature 2 plus the weak pull of the other 18).
 */
function taskPicture(x: Float32Array, y: Uint8Array): NonNullable<LabData['scatter']> {
  const n = Math.min(SCATTER_ROWS, y.length);
  const up = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = x[i * FEATURES + 1];
    for (let j = 2; j < FEATURES; j++) s += WEAK * x[i * FEATURES + j];
    up[i] = s;
  }
  return { x: Float32Array.from({ length: n }, (_, i) => x[i * FEATURES]), y: up, cls: y.slice(0, n), xLabel: 'feature 1', yLabel: `feature 2 + ${WEAK} × features 3–20` };
}

/**
 * The rows as the wave-feature learner sees them: every feature, then sin and cos of FREQ × the
 * first one. On the synthetic task the boundary is then a straight line in these inputs; nothing
 * else changes (same rows, chains and test set), so its curve differs from logistic regression's
 * by the assumption alone.
 */
export function withWaveFeatures(set: SweepSet): SweepSet {
  const widen = (x: Float32Array, n: number) => {
    const d = set.d;
    const out = new Float32Array(n * (d + 2));
    for (let i = 0; i < n; i++) {
      out.set(x.subarray(i * d, (i + 1) * d), i * (d + 2));
      out[i * (d + 2) + d] = Math.sin(FREQ * x[i * d]);
      out[i * (d + 2) + d + 1] = Math.cos(FREQ * x[i * d]);
    }
    return out;
  };
  return { ...set, d: set.d + 2, x: widen(set.x, set.n), testX: widen(set.testX, set.nTest) };
}
