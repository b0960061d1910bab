import { createRng } from '../../engine/rng';
import { TRAIN_DAYS, generateDays } from './stream';
import { encode, fitEncoder, pipeline, type Encoder } from './features';

/**
 * Part `fleet` of the reliability lab: the same shop (stream.ts) in many regions, each served by
 * its own click model. Every region's traffic is drawn, with a seed of its own, from the shop's requests
 * (stream.ts), and on
 * its own random day the click relation changes there (a concept drift: price-sensitive users start
 * clicking dearer items, heavy browsers click less, categories swap favour), with a strength of its
 * own. A model trained before its region drifts loses accuracy; one retrained on labelled rows from
 * after the drift gets it back. Pure TypeScript, seeded per (seed, region, day): a region-day's rows
 * are the same whatever the fleet's size or the run's length (only the drift day depends on `days`,
 * so that every region drifts inside the run).
 */

/** requests a region serves a day: enough that one day's labels (MONITOR_ROWS) tell a 5-point drop from chance */
export const REGION_ROWS = 1000;
/** labelled days a (re)training uses: the latest WINDOW_DAYS days whose labels have arrived (3,000 rows: short enough that a retrain soon after a drift learns the new relation) */
export const WINDOW_DAYS = 2;
/** rows of a training window held out to score the new model (its offline score, and the better-than-old check) */
export const HOLDOUT_ROWS = 500;
/** no region drifts in its first or last DRIFT_MARGIN days */
export const DRIFT_MARGIN = 10;
/** a region's drift strength is uniform in this range */
export const DRIFT_STRENGTH: readonly [number, number] = [0.5, 1.2];
/**
 * What the drift adds to the click log-odds, per unit of strength, in the model's encoded inputs
 * (standardised price and 7-day views, the category): the sign of price flips, views count for less.
 */
export const DRIFT = { price: 2.0, views: -1.4, category: [-0.8, 0.5, 0, 0.8, -0.3, 0] as readonly number[] };

export interface Region {
  index: number;
  /** the first day the new click relation holds */
  driftDay: number;
  strength: number;
}

export interface FleetWorld {
  seed: number;
  days: number;
  regions: Region[];
  /** one encoder for the whole fleet (the same product everywhere): fitted once, so every model reads the same inputs */
  encoder: Encoder;
  /** the shop's requests every region draws its own from: encoded inputs (POOL_ROWS × encoder.d) */
  poolX: Float32Array;
  /** each pool request's true click log-odds before any drift, and what a drift of strength 1 adds to it */
  poolLogit: Float32Array;
  poolDrift: Float32Array;
  /** each pool request's click probability before any drift */
  poolP: Float32Array;
}

/** days of the shop's stream (stream.ts, at its own rate) in the request pool */
export const POOL_DAYS = 30;

/** A region's own seed: distinct per (seed, region). */
export const regionSeed = (seed: number, region: number) => seed * 1000 + region + 500_000;

const logit = (p: number) => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

export function fleetWorld(seed: number, models: number, days: number): FleetWorld {
  const regions: Region[] = [];
  const lo = Math.min(DRIFT_MARGIN, Math.max(1, Math.floor(days / 3)));
  const hi = Math.max(lo + 1, days - lo);
  for (let r = 0; r < models; r++) {
    // from (seed, region) alone: region r drifts on the same day in a fleet of 10 or of 200
    const rng = createRng(regionSeed(seed, r) * 31 + 3);
    const driftDay = lo + rng.int(hi - lo);
    const strength = rng.range(DRIFT_STRENGTH[0], DRIFT_STRENGTH[1]);
    regions.push({ index: r, driftDay, strength });
  }
  // The pool: a month of the shop's requests (features and hidden click odds, noise included), drawn
  // once. A region-day resamples it, so 100 regions × 120 days cost a draw and an exp a row, not
  // stream.ts's full draw (its Poisson view counts are the slow part) 2.4 million times.
  const shop = generateDays(seed, -TRAIN_DAYS - POOL_DAYS, -TRAIN_DAYS);
  const served = pipeline(shop);
  const encoder = fitEncoder(served);
  const poolX = encode(encoder, served);
  const d = encoder.d;
  const poolLogit = Float32Array.from(shop.p, logit);
  const poolDrift = new Float32Array(shop.n);
  for (let i = 0; i < shop.n; i++) {
    const o = i * d;
    poolDrift[i] = DRIFT.price * poolX[o] + DRIFT.views * poolX[o + 1] + DRIFT.category[shop.category[i] < DRIFT.category.length ? shop.category[i] : DRIFT.category.length - 1];
  }
  const poolP = Float32Array.from(poolLogit, (z) => 1 / (1 + Math.exp(-z)));
  return { seed, days, regions, encoder, poolX, poolLogit, poolDrift, poolP };
}

/** A region's rows of days [from, to): which pool requests they are, their true click probability, their label. */
export interface RegionRows {
  n: number;
  /** row i is pool request idx[i]: its inputs are poolX[idx[i] · d …] (see rowInputs) */
  idx: Uint32Array;
  p: Float32Array;
  click: Uint8Array;
}

/** Region r's requests of days [from, to), REGION_ROWS a day, each day from its own generator; days from its drift day on follow the drifted relation. */
export function regionRows(world: FleetWorld, r: number, from: number, to: number): RegionRows {
  const region = world.regions[r];
  const poolN = world.poolLogit.length;
  const n = Math.max(0, to - from) * REGION_ROWS;
  const idx = new Uint32Array(n);
  const p = new Float32Array(n);
  const click = new Uint8Array(n);
  let i = 0;
  for (let t = from; t < to; t++) {
    const rng = createRng(regionSeed(world.seed, r) * 100_003 + t + 1000);
    const s = t >= region.driftDay ? region.strength : 0;
    for (let k = 0; k < REGION_ROWS; k++, i++) {
      const j = rng.int(poolN);
      const q = s ? 1 / (1 + Math.exp(-(world.poolLogit[j] + s * world.poolDrift[j]))) : world.poolP[j];
      idx[i] = j;
      p[i] = q;
      click[i] = rng.uniform() < q ? 1 : 0;
    }
  }
  return { n, idx, p, click };
}

/** The model inputs of some pool requests (rows × encoder.d), for training and for TF.js checks. */
export function rowInputs(world: FleetWorld, idx: ArrayLike<number>): Float32Array {
  const d = world.encoder.d;
  const x = new Float32Array(idx.length * d);
  for (let i = 0; i < idx.length; i++) x.set(world.poolX.subarray(idx[i] * d, (idx[i] + 1) * d), i * d);
  return x;
}

/**
 * How one model did on region r's day t, without materialising the rows: the same draws as
 * regionRows (so the same rows), scored by looking up the model's answer for each pool request
 * (`says[j]` = 1: it predicts a click on pool request j). Label accuracy is what a monitor sees once
 * the labels arrive; expected accuracy (from the true click probability) is the hidden truth.
 */
export function dayAccuracy(world: FleetWorld, r: number, t: number, says: Uint8Array): { label: number; expected: number } {
  const region = world.regions[r];
  const poolN = world.poolLogit.length;
  const rng = createRng(regionSeed(world.seed, r) * 100_003 + t + 1000);
  const s = t >= region.driftDay ? region.strength : 0;
  let right = 0;
  let expected = 0;
  for (let k = 0; k < REGION_ROWS; k++) {
    const j = rng.int(poolN);
    const q = s ? 1 / (1 + Math.exp(-(world.poolLogit[j] + s * world.poolDrift[j]))) : world.poolP[j];
    const click = rng.uniform() < q ? 1 : 0;
    const yes = says[j];
    right += yes === click ? 1 : 0;
    expected += yes ? q : 1 - q;
  }
  return { label: right / REGION_ROWS, expected: expected / REGION_ROWS };
}
