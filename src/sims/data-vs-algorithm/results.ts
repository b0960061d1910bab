import { defineResults, type LabMetrics } from '../../engine/lab';
import { formatNumber } from '../../engine/params';
import { ALGO_SHORT, CLEAN_ROWS, FLEXIBILITY, STEPPED, accName, meta, type Algo, type Curves, type DvaResult } from './meta';

export type { DvaData, DvaProgress, DvaResult } from './meta';

export interface Shape {
  algos: readonly Algo[];
  sizes: readonly number[];
  repeats: number;
}

/** mean, lowest and highest accuracy over the repeats done so far, per algorithm and size; NaN where none is */
export function curves(acc: Float64Array, s: Shape): Curves {
  const S = s.sizes.length;
  const R = s.repeats;
  const mean: number[][] = [];
  const lo: number[][] = [];
  const hi: number[][] = [];
  const done: number[][] = [];
  s.algos.forEach((_, a) => {
    mean.push([]);
    lo.push([]);
    hi.push([]);
    done.push([]);
    for (let k = 0; k < S; k++) {
      let sum = 0;
      let n = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let r = 0; r < R; r++) {
        const v = acc[(a * S + k) * R + r];
        if (!Number.isFinite(v)) continue;
        sum += v;
        n++;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      mean[a].push(n === R ? sum / n : NaN);
      lo[a].push(n === R ? min : NaN);
      hi[a].push(n === R ? max : NaN);
      done[a].push(n);
    }
  });
  return { mean, lo, hi, done };
}

/** mean over repeats of a per-algorithm, per-repeat array; NaN until every repeat is in */
export function meanOfRepeats(v: Float64Array, a: number, R: number): number {
  let sum = 0;
  for (let r = 0; r < R; r++) {
    const x = v[a * R + r];
    if (!Number.isFinite(x)) return NaN;
    sum += x;
  }
  return sum / R;
}

/** the most flexible algorithm in the run other than logistic regression, if any */
export function mostFlexible(algos: readonly Algo[]): Algo | null {
  return FLEXIBILITY.find((a) => a !== 'logreg' && algos.includes(a)) ?? null;
}

/**
 * The smallest size from which `flex` beats logistic regression at that size and at every larger
 * one; null if it is behind (or level) at the largest size.
 */
export function crossover(sizes: readonly number[], lr: readonly number[], flex: readonly number[]): number | null {
  let from: number | null = null;
  for (let k = sizes.length - 1; k >= 0; k--) {
    if (!(flex[k] > lr[k])) break;
    from = sizes[k];
  }
  return from;
}

/** The predict-first race: logistic regression on the most rows against the big network on the size nearest 500. */
export function raceSizes(s: Shape): { lr: number; big: number; askable: boolean } {
  const lr = s.sizes[s.sizes.length - 1];
  const big = s.sizes.reduce((b, x) => (Math.abs(Math.log(x / 500)) < Math.abs(Math.log(b / 500)) ? x : b), s.sizes[0]);
  return { lr, big, askable: s.algos.includes('logreg') && s.algos.includes('mlp-large') && big < lr };
}

const num = (v: number) => (Number.isFinite(v) ? v : null);
const rows = (n: number) => `${formatNumber(n)} rows`;

/** Every number the lab shows, flat: the screen, the export and `mlsd:done` share it. */
export function dvaMetrics(r: DvaResult): LabMetrics<typeof meta> {
  const c = curves(r.acc, r);
  const S = r.sizes.length;
  const lr = r.algos.indexOf('logreg');
  const first = c.mean.map((m) => m[0]);
  const flex = mostFlexible(r.algos);
  const wave = r.algos.indexOf('wave');
  const others = first.filter((_, a) => a !== wave);
  const out: LabMetrics<typeof meta> = {
    data_gain: lr >= 0 ? num(c.mean[lr][S - 1] - c.mean[lr][0]) : null,
    algo_gain: r.algos.length >= 2 ? num(Math.max(...first) - Math.min(...first)) : null,
    bias_gain: wave >= 0 && others.length ? num(first[wave] - Math.max(...others)) : null,
    crossover_size: lr >= 0 && flex ? crossover(r.sizes, c.mean[lr], c.mean[r.algos.indexOf(flex)]) : null,
  };
  r.algos.forEach((algo, a) => r.sizes.forEach((size, k) => (out[accName(algo, size)] = num(c.mean[a][k]))));
  // the "more but worse" chart's numbers, when it ran (extra > 0)
  if (r.extra > 0)
    r.algos.forEach((algo, a) => {
      const clean = meanOfRepeats(r.mbwClean, a, r.repeats);
      const extra = meanOfRepeats(r.mbwExtra, a, r.repeats);
      out[`mbw_clean_${algo}`] = num(clean);
      out[`mbw_extra_${algo}`] = num(extra);
      out[`more_but_worse_${algo}`] = num(extra - clean);
    });
  return out;
}

/** What the View draws of one run (the current or the pinned one): its metrics and the sentences that read them. */
export interface DvaView {
  metrics: LabMetrics<typeof meta>;
  algos: Algo[];
  sizes: number[];
  repeats: number;
  extra: number;
  curves: Curves;
  /** the best algorithm at each size (★ in the table), null where none has a number */
  best: (Algo | null)[];
  /** the headline's "where flexibility pays": the learner it names, and why there may be no crossover */
  flex: Algo | null;
  hasLr: boolean;
  crossoverWhy: string;
  /** the predict-first question's answer (0: logistic regression, 1: the big network, 2: level; −1: not asked) and why */
  race: { answer: number; explain: string };
  /** the "more but worse" sentence ('' when it was skipped) */
  mbwVerdict: string;
  /** the step budget, and per stepped learner in the run the sizes at which every repeat used all of it */
  budget: { steps: number; capped: { algo: Algo; sizes: number[] }[] };
}

/** Where the step budget, not the rows, ended training: per stepped learner, the sizes at which every repeat took every step. */
export function cappedSizes(r: Pick<DvaResult, 'algos' | 'sizes' | 'repeats' | 'steps' | 'stepBudget'>): DvaView['budget']['capped'] {
  const S = r.sizes.length;
  const R = r.repeats;
  return r.algos.flatMap((algo, a) => {
    if (!STEPPED.includes(algo)) return [];
    const sizes = r.sizes.filter((_, k) => Array.from({ length: R }, (_, q) => r.steps[(a * S + k) * R + q]).every((v) => v >= r.stepBudget));
    return [{ algo, sizes }];
  });
}

function race(m: LabMetrics<typeof meta>, r: DvaResult): DvaView['race'] {
  const at = raceSizes(r);
  const lr = m[accName('logreg', at.lr)];
  const big = m[accName('mlp-large', at.big)];
  if (lr === null || big === null || lr === undefined || big === undefined) return { answer: -1, explain: '' };
  const answer = Math.abs(lr - big) < 0.01 ? 2 : lr > big ? 0 : 1;
  const explain = [
    `Logistic regression with ${rows(at.lr)} scored higher: a straight line fitted on plenty of data beats the flexible network starved of it. The table below has both numbers.`,
    `The big network with ${rows(at.big)} scored higher: its flexibility paid off even on few rows here. The table below has both numbers.`,
    'They ended within a point of each other. The table below has both numbers.',
  ][answer];
  return { answer, explain };
}

function mbwVerdict(m: LabMetrics<typeof meta>, r: DvaResult): string {
  if (r.extra <= 0) return '';
  const worse = r.algos.filter((a) => (m[`more_but_worse_${a}`] ?? 0) < 0);
  const names = worse.map((a) => ALGO_SHORT[a]);
  if (!names.length) return `Adding the ${formatNumber(r.extra)} extra rows helped or left level every algorithm here.`;
  const all = names.length === r.algos.length;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `More rows, lower accuracy: the extra rows made ${all ? 'every algorithm' : list} worse than the ${formatNumber(CLEAN_ROWS)} clean rows alone${all ? '' : '; the others held up'}.`;
}

export function dvaView(r: DvaResult): DvaView {
  const m = dvaMetrics(r);
  const best = r.sizes.map((size) => {
    let top: Algo | null = null;
    for (const a of r.algos) {
      const v = m[accName(a, size)];
      if (v !== null && v !== undefined && (top === null || v > (m[accName(top, size)] ?? -1))) top = a;
    }
    return top;
  });
  const flex = mostFlexible(r.algos);
  const hasLr = r.algos.includes('logreg');
  return {
    metrics: m,
    algos: r.algos,
    sizes: r.sizes,
    repeats: r.repeats,
    extra: r.extra,
    curves: r.curves,
    best,
    flex,
    hasLr,
    crossoverWhy: flex && hasLr ? `${ALGO_SHORT[flex]} is not ahead of logistic regression at the largest size` : (meta.metrics.crossover_size.why ?? ''),
    race: race(m, r),
    mbwVerdict: mbwVerdict(m, r),
    budget: { steps: r.stepBudget, capped: cappedSizes(r) },
  };
}

export const results = defineResults(meta, {
  view: (r): DvaView => dvaView(r),
  series: (r, view) => {
    const out: Record<string, { x: ArrayLike<number>; y: ArrayLike<number> }> = {};
    r.algos.forEach((algo, a) => {
      out[`${algo}_mean`] = { x: r.sizes, y: view.curves.mean[a] };
      out[`${algo}_min`] = { x: r.sizes, y: view.curves.lo[a] };
      out[`${algo}_max`] = { x: r.sizes, y: view.curves.hi[a] };
      if (r.extra > 0) out[`${algo}_more_but_worse`] = { x: [CLEAN_ROWS, CLEAN_ROWS + r.extra], y: [meanOfRepeats(r.mbwClean, a, r.repeats), meanOfRepeats(r.mbwExtra, a, r.repeats)] };
    });
    return out;
  },
  predictions: (r) => {
    const { y_true, keys, y_pred } = r.predictions;
    const n = y_true.length;
    return { y_true: Array.from(y_true), y_pred: Object.fromEntries(keys.map((k, i) => [k, Array.from(y_pred.subarray(i * n, (i + 1) * n))])) };
  },
});
