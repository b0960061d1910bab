// The synthetic task: 20 standard-normal features; whether a row is positive depends on a wavy
// boundary in the first two features plus a little from each of the other 18, blurred by chance.
// A straight line can follow the weak features but not the wave, so a linear model levels off early
// while flexible ones keep gaining — if they get enough rows to see the wave through the noise.

import type { Rng } from '../../engine/rng';

export const FEATURES = 20;
/** how strongly each of the 18 weak features pushes towards positive */
export const WEAK = 0.2;
/** frequency of the wave along the first feature */
export const FREQ = 2;

export interface Task {
  /** wave amplitude: how far the boundary bends away from a straight line */
  amp: number;
  /** temperature of the label's coin flip: higher blurs the boundary (more rows are a toss-up) */
  temp: number;
}

/** difficulty 0 → a gentle bend and crisp labels; 1 → a deep wave and many toss-ups */
export function taskOf(difficulty: number): Task {
  const t = Math.min(1, Math.max(0, difficulty));
  return { amp: 0.5 + t, temp: 0.15 + 0.3 * t };
}

/**
 * The log-odds (before the temperature) of a row being positive, today or in the task's older
 * version: the wave was mirrored, half the weak features pulled the other way, and positives were rarer.
 */
export function margin(task: Task, x: ArrayLike<number>, at: number, old = false): number {
  let weak = 0;
  for (let j = 2; j < FEATURES; j++) weak += old && j >= 11 ? -x[at + j] : x[at + j];
  const wave = task.amp * Math.sin(FREQ * x[at]);
  return x[at + 1] + (old ? wave - 0.5 : -wave) + WEAK * weak;
}

/** `n` rows of the task (the older version with `old`): features row-major, labels drawn with the task's chance. */
export function sample(task: Task, n: number, rng: Rng, old = false): { x: Float32Array; y: Uint8Array } {
  const x = new Float32Array(n * FEATURES);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < FEATURES; j++) x[i * FEATURES + j] = rng.normal();
    const p = 1 / (1 + Math.exp(-margin(task, x, i * FEATURES, old) / task.temp));
    y[i] = rng.bernoulli(p);
  }
  return { x, y };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; error below 1e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
