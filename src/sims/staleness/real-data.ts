// What the two real-data modes share: a table of rows with a calendar year, features standardised
// on the training years, a seeded held-out split, and small models trained full-batch. Pure
// TypeScript apart from the engine's train/predict.

import { createRng } from '../../engine/rng';
import { train } from '../../engine/train';
import { Network, predict, type ModelSpec } from '../../engine/model';
import { now, type RunControl } from '../../engine/control';
import type { DataSnapshot } from './meta';

export interface YearTable {
  n: number;
  d: number;
  /** n×d row-major, raw units */
  x: Float64Array;
  /** regression target, or class index */
  y: Float64Array;
  year: Int32Array;
  featureNames: string[];
  notes: string[];
}

/**
 * Epoch ends inside a training are not this lab's steps: the Step button serves one more day (or
 * year), so trainings inside it only honour pause and cancel.
 */
export function withinPeriod(control: RunControl): RunControl {
  return {
    get cancelled() {
      return control.cancelled;
    },
    checkpoint: (_at, flush) => control.checkpoint('batch', flush),
  };
}

/** Full-batch steps for the real tables (a few hundred rows: every step sees all of them). */
export const REAL_STEPS = 400;

/** Row indices of the table whose year is in [from, to]. */
export function rowsIn(t: YearTable, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.n; i++) if (t.year[i] >= from && t.year[i] <= to) out.push(i);
  return out;
}

/** A seeded split of rows: `share` of them held out (at least one), the rest to train on. */
export function holdOut(rows: number[], share: number, seed: number): { train: number[]; test: number[] } {
  const rng = createRng(seed);
  const shuffled = rng.shuffle([...rows]);
  const k = Math.max(1, Math.round(rows.length * share));
  return { test: shuffled.slice(0, k).sort((a, b) => a - b), train: shuffled.slice(k).sort((a, b) => a - b) };
}

/** Mean and standard deviation of each feature over `rows` (sd 1 where a feature is constant). */
export function scaler(t: YearTable, rows: number[]): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(t.d);
  const sd = new Float64Array(t.d);
  for (const i of rows) for (let j = 0; j < t.d; j++) mean[j] += t.x[i * t.d + j];
  for (let j = 0; j < t.d; j++) mean[j] /= Math.max(1, rows.length);
  for (const i of rows) for (let j = 0; j < t.d; j++) sd[j] += (t.x[i * t.d + j] - mean[j]) ** 2;
  for (let j = 0; j < t.d; j++) sd[j] = Math.sqrt(sd[j] / Math.max(1, rows.length)) || 1;
  return { mean, sd };
}

/** The rows' features, standardised with a scaler, as float32 for the engine. */
export function features(t: YearTable, rows: number[], s: { mean: Float64Array; sd: Float64Array }): Float32Array {
  const out = new Float32Array(rows.length * t.d);
  rows.forEach((i, r) => {
    for (let j = 0; j < t.d; j++) out[r * t.d + j] = (t.x[i * t.d + j] - s.mean[j]) / s.sd[j];
  });
  return out;
}

/**
 * A model fitted on `rows`: its own scaler, `targets` already in the model's output layout, full
 * batch. Returns a scorer for other rows (outputs in the model's layout) and disposes its network.
 */
export async function fitRows(
  t: YearTable,
  rows: number[],
  targets: Float32Array,
  spec: ModelSpec,
  o: { seed: number; lr: number },
  control: RunControl,
): Promise<(rows: number[]) => Promise<Float32Array>> {
  const s = scaler(t, rows);
  const net = await train({ x: features(t, rows, s), y: targets, n: rows.length }, { spec, seed: o.seed, lr: o.lr, epochs: REAL_STEPS, batch: Infinity }, control);
  const weights = net.read();
  net.dispose();
  return async (score: number[]) => {
    if (score.length === 0) return new Float32Array(0);
    const n = new Network(spec, weights);
    try {
      return await predict(n, features(t, score, s), score.length);
    } finally {
      n.dispose();
    }
  };
}

/** Years from `first` to `last` inclusive. */
export const yearsFrom = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, k) => first + k);

/** The 'data' snapshot of a real-data run: a launch model trained on `trainedFrom`…`years.trainedThrough`, serving the years after it. */
export function yearData(
  data: 'cars' | 'weather',
  split: { train: number[]; test: number[] },
  window: number,
  trainedFrom: number,
  years: { trainedThrough: number; lastYear: number },
  notes: string[],
): DataSnapshot {
  return {
    data,
    unit: 'year',
    nTrain: split.train.length,
    nTest: split.test.length,
    window,
    trainedFrom,
    trainedTo: years.trainedThrough,
    servedFrom: years.trainedThrough + 1,
    servedTo: years.lastYear,
    notes,
  };
}

/** Time spent training, apart from scoring: `timed(f)` runs f and adds its time to `ms`. */
export function trainingClock() {
  const clock = {
    ms: 0,
    async timed<T>(f: () => Promise<T>): Promise<T> {
      const s = now();
      const out = await f();
      clock.ms += now() - s;
      return out;
    },
  };
  return clock;
}

/** What a real-data result says of its retraining and its time (no change day: the world drifted by itself). */
export function retrainSummary(retrainDays: number[], launchWindow: [number, number], servingWindow: [number, number], trainMs: number, t0: number) {
  return { retrainDays: Float64Array.from(retrainDays), launchWindow, servingWindow, changeDay: null, retrains: retrainDays.length, trainMs, totalMs: now() - t0 };
}
