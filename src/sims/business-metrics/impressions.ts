import type { Rng } from '../../engine/rng';

/**
 * The synthetic ad-impression log: each row an ad shown for a search query, with a click label and
 * the money a click on it earns. Two kinds of impression are mixed, and no feature says which is which:
 * - cheap ones (most rows): curiosity clicks, driven by an eye-catching creative; a click earns little;
 * - valuable ones (a few rows): buyers, who click ads that answer the query and shy away from flashy
 *   ones; a click earns a lot (a long tail: insurance, flights, loans).
 * A model that counts every row the same learns the cheap rows' habits; the money is in the other ones.
 */
export const IMPRESSION_FEATURES = [
  'query–ad relevance',
  'eye-catching creative',
  'ad position',
  "user's recent clicks",
  'mobile device',
  'hour of day',
  'query length',
  'ad age',
] as const;

/** How the log is generated: published in the lab so nothing about the data is hidden. */
export const GENERATOR = {
  /** share of valuable impressions */
  valuableShare: 0.2,
  /** mean value of a click, cheap and valuable; together they average 1.0 */
  cheapMean: 0.3,
  valuableMean: (1 - 0.8 * 0.3) / 0.2,
  /** log-normal spread of values within each kind (the long tail) */
  cheapSpread: 0.5,
  valuableSpread: 0.7,
  /** click log-odds: intercept and weights on [relevance, eye-catching, position, recent clicks, mobile] */
  cheapClicks: { intercept: -3.0, weights: [0, 1.8, -0.5, 0.5, 0.2] },
  valuableClicks: { intercept: -2.0, weights: [2.0, -0.4, -0.3, 0.5, 0.2] },
} as const;

export interface ImpressionTable {
  /** n × d features, standardised, row-major */
  x: Float32Array;
  /** 1 = clicked */
  y: Uint8Array;
  /** what a click on this impression earns (money units, mean 1.0) */
  value: Float32Array;
  /** 1 = a valuable impression (hidden from the models; kept for the lab's explanation) */
  valuable: Uint8Array;
  n: number;
  d: number;
  featureNames: string[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function logOdds(c: { intercept: number; weights: readonly number[] }, x: Float32Array, o: number): number {
  let z = c.intercept;
  for (let j = 0; j < c.weights.length; j++) z += c.weights[j] * x[o + j];
  return z;
}

/** `n` impressions drawn from the seeded generator. */
export function generateImpressions(n: number, rng: Rng): ImpressionTable {
  const g = GENERATOR;
  const d = IMPRESSION_FEATURES.length;
  const x = new Float32Array(n * d);
  const y = new Uint8Array(n);
  const value = new Float32Array(n);
  const valuable = new Uint8Array(n);
  // log-normal: mean m with spread s has mu = ln m − s²/2
  const muCheap = Math.log(g.cheapMean) - (g.cheapSpread * g.cheapSpread) / 2;
  const muValuable = Math.log(g.valuableMean) - (g.valuableSpread * g.valuableSpread) / 2;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) x[o + j] = rng.normal();
    x[o + 4] = rng.bernoulli(0.6) ? 0.8165 : -1.2247; // 60 % on mobile, standardised
    const v = rng.bernoulli(g.valuableShare);
    valuable[i] = v;
    const p = sigmoid(logOdds(v ? g.valuableClicks : g.cheapClicks, x, o));
    y[i] = rng.bernoulli(p);
    value[i] = v ? Math.exp(rng.normal(muValuable, g.valuableSpread)) : Math.exp(rng.normal(muCheap, g.cheapSpread));
  }
  return { x, y, value, valuable, n, d, featureNames: [...IMPRESSION_FEATURES] };
}
