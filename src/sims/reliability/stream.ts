import { createRng, type Rng } from '../../engine/rng';

/**
 * The reliability lab's simulated shop: every request is one product shown to one user, and the
 * click model says whether they will click it. A row's raw columns are what the upstream systems
 * send the feature pipeline: the product's price in dollars, its category, the user's product views
 * in the last 7 days (a count from the activity log), the product's historical click-through rate
 * (joined from the item-stats table; 0, its default, for items too new to have stats) and whether
 * the request came from a phone. Whether the user clicks comes from a true click probability that
 * never changes over the run: nothing in the world drifts, so whatever goes wrong is the pipeline's.
 * About 40 % of the rows are clicked (30–50 % on every seed), so accuracy is a fair live metric.
 * Pure TypeScript, seeded per (seed, day): a day's rows are the same whatever the run's length.
 */

/** The categories the catalogue sends (index = code); "unknown" is the pipeline's catch-all. */
export const CATEGORIES = ['electronics', 'fashion', 'home', 'books', 'toys', 'unknown'] as const;
export const UNKNOWN = CATEGORIES.length - 1;
/** each category's share of the requests (rows with no category in the catalogue are "unknown") */
export const CATEGORY_SHARE = [0.36, 0.2, 0.16, 0.13, 0.12, 0.03];
/** each category's effect on the click log-odds */
export const CATEGORY_EFFECT = [1.2, -0.5, 0, -0.6, 0.3, -1.6];

/** requests served a day */
export const ROWS_PER_DAY = 2000;
/** days of logged traffic before launch the model is trained (and validated) on */
export const TRAIN_DAYS = 14;

/** price: log-normal, median PRICE_MEDIAN dollars */
export const PRICE_MEDIAN = 35;
const PRICE_SIGMA = 0.6;
/** a user's product views a day: log-normal rate with this median */
const VIEW_RATE_MEDIAN = 3.5;
const VIEW_RATE_SIGMA = 0.5;
/** share of items too new to have click stats (their item_ctr arrives as 0) */
export const NEW_ITEM_SHARE = 0.03;
const MOBILE_SHARE = 0.55;
/** share of requests from users with no activity in the week (new or signed-out: both counts 0) */
export const NEW_USER_SHARE = 0.05;

/** The true click log-odds: linear in the (roughly centred and scaled) columns, plus noise the features cannot see. */
export const TRUE = { intercept: -0.95, price: -0.9, views: 1.0, quality: 1.3, mobile: 0.2, noise: 0.5 };
const PRICE_MEAN = 42;
const PRICE_SD = 27;
const VIEWS_MEAN = 27;
const VIEWS_SD = 15;
const QUALITY_MEAN = 0.3;
const QUALITY_SD = 0.1;

/** The raw columns of some requests, as the upstream systems send them. */
export interface Rows {
  n: number;
  /** the day each row was served, 0 = launch (training days are negative) */
  day: Int16Array;
  /** dollars */
  price: Float32Array;
  /** a code into CATEGORIES; a code ≥ CATEGORIES.length is a name the pipeline has never seen */
  category: Uint8Array;
  /** the user's product views in the last 7 days */
  views7: Float32Array;
  /** the same user's views in the last day (what a serving path that counts differently sends) */
  views1: Float32Array;
  /** the item's historical click-through rate; 0 (its default) for new items */
  itemCtr: Float32Array;
  /** 1 = from a phone */
  mobile: Float32Array;
  /** the true click probability (hidden; for checks) */
  p: Float32Array;
  /** 1 = clicked: the label, known `label_delay` days later */
  click: Uint8Array;
}

const CUM_SHARE = CATEGORY_SHARE.map((_, i) => CATEGORY_SHARE.slice(0, i + 1).reduce((a, b) => a + b, 0));

function drawCategory(rng: Rng): number {
  const u = rng.uniform() * CUM_SHARE[CUM_SHARE.length - 1];
  let c = 0;
  while (c < CUM_SHARE.length - 1 && u >= CUM_SHARE[c]) c++;
  return c;
}

/** Poisson draw: by inversion for small rates, a rounded normal for large ones. */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(rng.normal(lambda, Math.sqrt(lambda))));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.uniform();
  while (p > l) {
    k++;
    p *= rng.uniform();
  }
  return k;
}

/** The true click probability of a row (from its true item quality, not the item_ctr column). */
export function clickLogit(price: number, category: number, views7: number, quality: number, mobile: number): number {
  return (
    TRUE.intercept +
    (TRUE.price * (price - PRICE_MEAN)) / PRICE_SD +
    CATEGORY_EFFECT[category] +
    (TRUE.views * (views7 - VIEWS_MEAN)) / VIEWS_SD +
    (TRUE.quality * (quality - QUALITY_MEAN)) / QUALITY_SD +
    TRUE.mobile * mobile
  );
}

/** Each day's generator, from (seed, day) alone. */
const dayRng = (seed: number, day: number) => createRng(seed * 100_003 + day + 1000);

/** The requests of days [from, to), ROWS_PER_DAY a day. */
export function generateDays(seed: number, from: number, to: number, rowsPerDay = ROWS_PER_DAY): Rows {
  const n = Math.max(0, to - from) * rowsPerDay;
  const r: Rows = {
    n,
    day: new Int16Array(n),
    price: new Float32Array(n),
    category: new Uint8Array(n),
    views7: new Float32Array(n),
    views1: new Float32Array(n),
    itemCtr: new Float32Array(n),
    mobile: new Float32Array(n),
    p: new Float32Array(n),
    click: new Uint8Array(n),
  };
  let i = 0;
  for (let t = from; t < to; t++) {
    const rng = dayRng(seed, t);
    for (let k = 0; k < rowsPerDay; k++, i++) {
      const price = PRICE_MEDIAN * Math.exp(rng.normal(0, PRICE_SIGMA));
      const category = drawCategory(rng);
      const rate = rng.uniform() < NEW_USER_SHARE ? 0 : VIEW_RATE_MEDIAN * Math.exp(rng.normal(0, VIEW_RATE_SIGMA));
      // the last day's views and the six days before it: the 7-day count is their sum
      const v1 = poisson(rng, rate);
      const v7 = v1 + poisson(rng, 6 * rate);
      const quality = Math.min(0.9, Math.max(0.02, rng.normal(QUALITY_MEAN, QUALITY_SD)));
      const isNew = rng.uniform() < NEW_ITEM_SHARE;
      const mobile = rng.uniform() < MOBILE_SHARE ? 1 : 0;
      const z = clickLogit(price, category, v7, quality, mobile) + rng.normal(0, TRUE.noise);
      const p = 1 / (1 + Math.exp(-z));
      r.day[i] = t;
      r.price[i] = price;
      r.category[i] = category;
      r.views7[i] = v7;
      r.views1[i] = v1;
      r.itemCtr[i] = isNew ? 0 : quality;
      r.mobile[i] = mobile;
      r.p[i] = p;
      r.click[i] = rng.uniform() < p ? 1 : 0;
    }
  }
  return r;
}

/** A copy of some rows (the fault rewrites a copy; the clean stream stays as it was). */
export function copyRows(r: Rows): Rows {
  return {
    n: r.n,
    day: r.day.slice(),
    price: r.price.slice(),
    category: r.category.slice(),
    views7: r.views7.slice(),
    views1: r.views1.slice(),
    itemCtr: r.itemCtr.slice(),
    mobile: r.mobile.slice(),
    p: r.p.slice(),
    click: r.click.slice(),
  };
}

/** Rows [from, to) of a set, as views (no copy). */
export function sliceRows(r: Rows, from: number, to: number): Rows {
  return {
    n: to - from,
    day: r.day.subarray(from, to),
    price: r.price.subarray(from, to),
    category: r.category.subarray(from, to),
    views7: r.views7.subarray(from, to),
    views1: r.views1.subarray(from, to),
    itemCtr: r.itemCtr.subarray(from, to),
    mobile: r.mobile.subarray(from, to),
    p: r.p.subarray(from, to),
    click: r.click.subarray(from, to),
  };
}

/** Share of rows clicked. */
export function clickRate(r: Rows): number {
  let c = 0;
  for (let i = 0; i < r.n; i++) c += r.click[i];
  return r.n ? c / r.n : NaN;
}
