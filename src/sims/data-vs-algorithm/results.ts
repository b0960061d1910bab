import type { LabAdapter } from '../../ui/sim-controller.svelte';
import type { Snapshot } from '../../engine/protocol';
import { CLEAN_ROWS, FLEXIBILITY, type Algo } from './meta';

/** What a run reports as it goes (and ends with): every model's test accuracy so far, NaN where not yet trained. */
export interface DvaProgress extends Snapshot {
  kind: 'progress' | 'result';
  /** share of the sweep's estimated work done */
  fraction: number;
  elapsedMs: number;
  /** the algorithm training now, null once all are done */
  current: Algo | null;
  /** [algo][size][repeat] test accuracy */
  acc: Float64Array;
  /** [algo][size][repeat] optimiser steps a network trained before it stopped (NaN for k-NN) */
  steps: Float64Array;
  /** [algo][repeat] "more but worse": 1,000 clean rows alone, and with the extra rows */
  mbwClean: Float64Array;
  mbwExtra: Float64Array;
  /** wall time of each algorithm's sweep */
  algoMs: Float64Array;
}

/** The data snapshot, sent before training. */
export interface DvaData extends Snapshot {
  algos: Algo[];
  sizes: number[];
  repeats: number;
  extra: number;
  nTest: number;
  features: number;
  classNames: string[];
  featureNames: string[];
  wrongShare: number;
  outdatedShare: number;
  baseline: number;
  scatter: { x: Float32Array; y: Float32Array; cls: Uint8Array; xLabel: string; yLabel: string } | null;
  models: number;
  noiseKind: 'symmetric' | 'systematic';
  extraKind: 'noisy' | 'outdated';
  extraNoise: number;
}

/** The final snapshot of a run, as `scenario.run` returns it. */
export interface DvaResult extends DvaProgress {
  algos: Algo[];
  sizes: number[];
  repeats: number;
  /** extra rows in the "more but worse" chart; 0 when it was skipped */
  extra: number;
  data: 'synthetic' | 'diamonds';
  classNames: string[];
  nTest: number;
  baseline: number;
  wrongShare: number;
  outdatedShare: number;
  totalMs: number;
  /** the exact predicted classes the accuracies count: one row of y_pred per key, nTest long */
  predictions: { y_true: Uint8Array; keys: string[]; y_pred: Uint8Array };
}

export interface Shape {
  algos: readonly Algo[];
  sizes: readonly number[];
  repeats: number;
}

/** mean, lowest and highest accuracy over the repeats done so far, per algorithm and size; NaN where none is */
export function curves(acc: Float64Array, s: Shape): { mean: number[][]; lo: number[][]; hi: number[][]; done: number[][] } {
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

const num = (v: number) => (Number.isFinite(v) ? v : null);

/** Every number the lab shows, flat: the screen, the export and `mlsd:done` share it. */
export function dvaMetrics(r: DvaResult): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const c = curves(r.acc, r);
  const S = r.sizes.length;
  r.algos.forEach((algo, a) => r.sizes.forEach((size, k) => (out[`acc_${algo}_${size}`] = num(c.mean[a][k]))));
  const lr = r.algos.indexOf('logreg');
  out.data_gain = lr >= 0 ? num(c.mean[lr][S - 1] - c.mean[lr][0]) : null;
  const first = c.mean.map((m) => m[0]);
  out.algo_gain = r.algos.length >= 2 ? num(Math.max(...first) - Math.min(...first)) : null;
  const flex = mostFlexible(r.algos);
  out.crossover_size = lr >= 0 && flex ? crossover(r.sizes, c.mean[lr], c.mean[r.algos.indexOf(flex)]) : null;
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

export const adapter: LabAdapter<DvaResult> = {
  metrics: (r) => dvaMetrics(r),
  series: (r) => {
    const c = curves(r.acc, r);
    const out: Record<string, { x: ArrayLike<number>; y: ArrayLike<number> }> = {};
    r.algos.forEach((algo, a) => {
      out[`${algo}_mean`] = { x: r.sizes, y: c.mean[a] };
      out[`${algo}_min`] = { x: r.sizes, y: c.lo[a] };
      out[`${algo}_max`] = { x: r.sizes, y: c.hi[a] };
      if (r.extra > 0) out[`${algo}_more_but_worse`] = { x: [CLEAN_ROWS, CLEAN_ROWS + r.extra], y: [meanOfRepeats(r.mbwClean, a, r.repeats), meanOfRepeats(r.mbwExtra, a, r.repeats)] };
    });
    return out;
  },
  predictions: (r) => {
    const { y_true, keys, y_pred } = r.predictions;
    const n = y_true.length;
    return { y_true: Array.from(y_true), y_pred: Object.fromEntries(keys.map((k, i) => [k, Array.from(y_pred.subarray(i * n, (i + 1) * n))])) };
  },
};
