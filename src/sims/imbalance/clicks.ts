import type { Rng } from '../../engine/rng';

/** The synthetic ad-click table: each row an ad shown for a search query, labelled clicked or not. */
export const CLICK_FEATURES = [
  'query–ad relevance',
  'advertiser click history',
  'ad position',
  "user's recent clicks",
  'hour of day',
  'ad age',
  'query length',
  'mobile device',
] as const;

export interface Table {
  x: Float32Array;
  y: Uint8Array;
  n: number;
  d: number;
  featureNames: string[];
}

/** The latent click log-odds, before the intercept that sets the click rate. */
function signal(x: Float32Array, i: number, d: number): number {
  const o = i * d;
  const relevance = x[o];
  const history = x[o + 1];
  const position = x[o + 2];
  const recent = x[o + 3];
  const mobile = x[o + 7];
  // relevance matters most, more so for users who click a lot (a curved boundary an MLP can use)
  return 1.1 * relevance + 0.8 * history - 0.6 * position + 0.5 * recent + 0.4 * relevance * recent + 0.2 * mobile;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** One row's 8 standardised features, drawn into `x` at offset `o`. */
function drawFeatures(x: Float32Array, o: number, rng: Rng): void {
  for (let j = 0; j < 7; j++) x[o + j] = rng.normal();
  x[o + 7] = rng.bernoulli(0.6) ? 0.8165 : -1.2247; // 60 % mobile, standardised
}

/** A click table plus the intercept that set its click rate, so more rows can come from the same distribution. */
export interface ClickTable extends Table {
  intercept: number;
}

/**
 * `n` rows of 8 standardised features and a click drawn from a latent click probability
 * whose intercept is solved so that the expected click rate is `pos`.
 */
export function generateClicks(n: number, pos: number, rng: Rng): ClickTable {
  const d = CLICK_FEATURES.length;
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) drawFeatures(x, i * d, rng);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = signal(x, i, d);
  const b = solveIntercept(s, pos);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.bernoulli(sigmoid(s[i] + b));
  return { x, y, n, d, featureNames: [...CLICK_FEATURES], intercept: b };
}

/**
 * `k` more clicked rows from the same distribution as a table made with this `intercept`: searches
 * are drawn and kept only when clicked, as a team collecting more positive examples would log them.
 */
export function moreClicks(k: number, intercept: number, rng: Rng): { x: Float32Array; y: Uint8Array } {
  const d = CLICK_FEATURES.length;
  const x = new Float32Array(k * d);
  const row = new Float32Array(d);
  for (let kept = 0; kept < k; ) {
    drawFeatures(row, 0, rng);
    if (rng.bernoulli(sigmoid(signal(row, 0, d) + intercept))) x.set(row, d * kept++);
  }
  return { x, y: new Uint8Array(k).fill(1) };
}

/** Bisection for b with mean(sigmoid(s + b)) = pos, on up to 20,000 rows (plenty for 4 digits). */
export function solveIntercept(s: Float64Array, pos: number): number {
  const m = Math.min(s.length, 20000);
  const meanAt = (b: number) => {
    let acc = 0;
    for (let i = 0; i < m; i++) acc += sigmoid(s[i] + b);
    return acc / m;
  };
  let lo = -30;
  let hi = 30;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (meanAt(mid) < pos) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
