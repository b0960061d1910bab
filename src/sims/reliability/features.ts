import { CATEGORIES, UNKNOWN, type Rows } from './stream';

/**
 * The feature pipeline between the upstream systems and the model: it maps a category name it has
 * never seen to "unknown" (so a renamed category fails silently), and the model's encoder
 * standardises the numbers with the training rows' means and spreads and one-hot encodes the
 * category. The monitors watch the pipeline's output, the features as the model receives them.
 */

export type FeatureKind = 'number' | 'count' | 'category' | 'flag';

export interface FeatureDef {
  name: string;
  kind: FeatureKind;
  /** what the feature is, for the lab's tables */
  label: string;
}

export const FEATURES: readonly FeatureDef[] = [
  { name: 'price', kind: 'number', label: 'price (dollars)' },
  { name: 'category', kind: 'category', label: 'product category' },
  { name: 'views_7d', kind: 'count', label: "user's product views, last 7 days" },
  { name: 'item_ctr', kind: 'number', label: "item's historical click-through rate" },
  { name: 'mobile', kind: 'flag', label: 'request from a phone' },
];
export const F = FEATURES.length;
export const FEATURE_INDEX = { price: 0, category: 1, views_7d: 2, item_ctr: 3, mobile: 4 } as const;
export type FeatureName = keyof typeof FEATURE_INDEX;

/** The value a feature takes when its source has nothing (a failed join, a missing field). */
export const DEFAULT_VALUE: readonly number[] = [0, UNKNOWN, 0, 0, 0];

/** The pipeline's output: n × F, row-major, in FEATURES order (the category as its code). */
export interface Served {
  n: number;
  x: Float32Array;
}

/** Raw rows → the features the model receives (unseen category names become "unknown"). */
export function pipeline(r: Rows): Served {
  const x = new Float32Array(r.n * F);
  for (let i = 0; i < r.n; i++) {
    const o = i * F;
    x[o] = r.price[i];
    x[o + 1] = r.category[i] < CATEGORIES.length ? r.category[i] : UNKNOWN;
    x[o + 2] = r.views7[i];
    x[o + 3] = r.itemCtr[i];
    x[o + 4] = r.mobile[i];
  }
  return { n: r.n, x };
}

/** The model's encoder, fitted on the training rows: standardised numbers, a one-hot category, the flag as it is. */
export interface Encoder {
  mean: Float64Array;
  sd: Float64Array;
  /** the model's input width */
  d: number;
}

const NUMERIC = FEATURES.flatMap((f, j) => (f.kind === 'number' || f.kind === 'count' ? [j] : []));

export function fitEncoder(s: Served): Encoder {
  const mean = new Float64Array(F);
  const sd = new Float64Array(F).fill(1);
  for (const j of NUMERIC) {
    let m = 0;
    for (let i = 0; i < s.n; i++) m += s.x[i * F + j];
    m /= s.n;
    let v = 0;
    for (let i = 0; i < s.n; i++) v += (s.x[i * F + j] - m) ** 2;
    mean[j] = m;
    sd[j] = Math.sqrt(v / s.n) || 1;
  }
  return { mean, sd, d: NUMERIC.length + CATEGORIES.length + 1 };
}

/** Served features → model inputs, n × encoder.d. */
export function encode(enc: Encoder, s: Served): Float32Array {
  const d = enc.d;
  const out = new Float32Array(s.n * d);
  for (let i = 0; i < s.n; i++) {
    const o = i * d;
    const src = i * F;
    let k = 0;
    for (const j of NUMERIC) out[o + k++] = (s.x[src + j] - enc.mean[j]) / enc.sd[j];
    const c = s.x[src + FEATURE_INDEX.category];
    out[o + k + (Number.isInteger(c) && c >= 0 && c < CATEGORIES.length ? c : UNKNOWN)] = 1;
    k += CATEGORIES.length;
    out[o + k] = s.x[src + FEATURE_INDEX.mobile];
  }
  return out;
}
