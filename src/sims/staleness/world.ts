import { createRng } from '../../engine/rng';

/**
 * The simulated ad-click world the stale-data lab deploys into. Each day brings `daily` fresh
 * labelled rows (ads shown, clicked or not). Before launch (day ≤ 0) the world holds still; from
 * launch on it drifts in one of five ways. Pure TypeScript, seeded: day t of seed s is the same
 * rows whatever the other params are, so two policies are compared on identical traffic.
 */

export const FEATURES = ['query–ad relevance', 'advertiser click history', 'ad position', "user's recent clicks", 'time of day', 'mobile device'] as const;
export const D = FEATURES.length;
/** the continuous features; the last column is the 0/1 mobile flag */
const C = D - 1;

export type Drift = 'none' | 'gradual' | 'sudden' | 'seasonal' | 'covariate';

export interface WorldOptions {
  drift: Drift;
  /** 0..1: how far the world moves (see conceptAngle and mobileShare) */
  strength: number;
  /** days after launch */
  days: number;
  /** the day a sudden change happens */
  changeDay: number;
}

/** One seasonal cycle: the relation swings away and back every 90 days. */
export const SEASON_DAYS = 90;
/** Share of traffic from phones at launch; covariate shift moves it towards MOBILE_MAX. */
export const MOBILE_START = 0.2;
export const MOBILE_MAX = 0.8;

// What makes a desktop user click at launch: relevance most, then the advertiser's record, a worse
// (higher) slot less; the time of day not at all.
const W0 = [3.2, 2.0, -1.8, 1.2, 0];
// Where concept drift turns the relation: towards the user's recent clicks and the time of day,
// away from relevance (built orthogonal to W0, same length, so the task stays equally hard).
const W_PERP = orthogonalTo(W0, [-0.6, 0.2, 0.1, 1.2, 1.4]);
// On a phone the slot matters far more and relevance less (a small screen shows one ad): a linear
// model without device interactions fits whichever device dominates its training data.
const U_MOBILE = [-2.6, -1.0, -1.7, -0.7, 1.8];
const B_MOBILE = 0.3;
/** intercept: about 30 % of the ads shown at launch are clicked */
const BIAS = -0.06;

function orthogonalTo(w: number[], v: number[]): number[] {
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  const k = dot(v, w) / dot(w, w);
  const o = v.map((x, i) => x - k * w[i]);
  const scale = Math.sqrt(dot(w, w) / dot(o, o));
  return o.map((x) => x * scale);
}

/**
 * How far the feature–click relation has turned by day t, as an angle: 0 is launch's relation,
 * π/2 a relation unrelated to it (the launch model would be at chance). strength 1 reaches π/2.
 * gradual: a steady turn, reaching strength·π/2 on the last day; sudden: all at once on
 * changeDay; seasonal: away and back every SEASON_DAYS days.
 */
export function conceptAngle(o: WorldOptions, t: number): number {
  const full = o.strength * (Math.PI / 2);
  if (t <= 0) return 0;
  switch (o.drift) {
    case 'gradual':
      return (full * Math.min(t, o.days)) / o.days;
    case 'sudden':
      return t >= o.changeDay ? full : 0;
    case 'seasonal':
      return (full * (1 - Math.cos((2 * Math.PI * t) / SEASON_DAYS))) / 2;
    default:
      return 0;
  }
}

/** Share of phone traffic on day t: only covariate shift moves it, steadily, up to 0.2 + 0.6·strength on the last day. */
export function mobileShare(o: WorldOptions, t: number): number {
  if (o.drift !== 'covariate' || t <= 0) return MOBILE_START;
  return MOBILE_START + (MOBILE_MAX - MOBILE_START) * o.strength * (Math.min(t, o.days) / o.days);
}

/** The true click log-odds of row x on day t (the relation itself; covariate shift never changes it). */
export function trueLogit(o: WorldOptions, t: number, x: ArrayLike<number>, at = 0): number {
  const a = conceptAngle(o, t);
  const c = Math.cos(a);
  const s = Math.sin(a);
  const mobile = x[at + C];
  let z = BIAS + mobile * B_MOBILE;
  for (let j = 0; j < C; j++) z += (c * W0[j] + s * W_PERP[j] + mobile * U_MOBILE[j]) * x[at + j];
  return z;
}

/** A 32-bit mix of the seed and the day, so each day has its own generator. */
function daySeed(seed: number, t: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((t + 100_000) >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 13)) & 0x7fffffff;
}

export interface Day {
  /** n×D row-major */
  x: Float32Array;
  /** 1 = clicked */
  y: Uint8Array;
  n: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Day t's rows for this seed: features, then each click drawn from the true click probability. */
export function generateDay(o: WorldOptions, seed: number, t: number, n: number): Day {
  const rng = createRng(daySeed(seed, t));
  const share = mobileShare(o, t);
  const x = new Float32Array(n * D);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const at = i * D;
    for (let j = 0; j < C; j++) x[at + j] = rng.normal();
    x[at + C] = rng.uniform() < share ? 1 : 0;
    y[i] = rng.uniform() < sigmoid(trueLogit(o, t, x, at)) ? 1 : 0;
  }
  return { x, y, n };
}
