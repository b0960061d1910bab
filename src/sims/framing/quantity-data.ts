import type { Rng } from '../../engine/rng';
import { readCars } from '../../data/cars.read';

/** A table for predicting one number: x is n×d row-major (raw units), y the target. */
export interface QuantityTable {
  x: Float32Array;
  y: Float32Array;
  n: number;
  d: number;
  featureNames: string[];
  target: string;
  unit: string;
  /** rows in the source and why some were left out */
  sourceRows: number;
  dropped: { reason: string; rows: number }[];
}

const ORIGINS = ['USA', 'Europe', 'Japan'];
const CAR_FEATURES = ['cylinders', 'displacement', 'horsepower', 'weight (lbs)', 'acceleration (s)', 'model year', 'from the USA', 'from Europe', 'from Japan'];

/**
 * cars.json (src/data/cars.ts reads it) → fuel economy (mpg) from cylinders, displacement, horsepower, weight,
 * acceleration, model year and origin (one-hot). Cars without fuel economy cannot be scored and
 * cars without horsepower cannot be fed to the model: both are dropped, and counted.
 */
export function parseCars(text: string): QuantityTable {
  const rows = readCars(text);
  const d = CAR_FEATURES.length;
  const x: number[] = [];
  const y: number[] = [];
  let noTarget = 0;
  let noFeature = 0;
  for (const r of rows) {
    const mpg = r.Miles_per_Gallon;
    if (mpg === null) {
      noTarget++;
      continue;
    }
    const year = r.Year ? Number(r.Year.slice(0, 4)) : NaN;
    const origin = ORIGINS.indexOf(r.Origin ?? '');
    const feats = [r.Cylinders, r.Displacement, r.Horsepower, r.Weight_in_lbs, r.Acceleration, Number.isFinite(year) ? year : null];
    if (feats.some((v) => v === null) || origin < 0) {
      noFeature++;
      continue;
    }
    x.push(...(feats as number[]), ...ORIGINS.map((_, j) => (j === origin ? 1 : 0)));
    y.push(mpg);
  }
  return {
    x: Float32Array.from(x),
    y: Float32Array.from(y),
    n: y.length,
    d,
    featureNames: CAR_FEATURES,
    target: 'fuel economy',
    unit: 'mpg',
    sourceRows: rows.length,
    dropped: [
      { reason: 'no fuel economy', rows: noTarget },
      { reason: 'no horsepower', rows: noFeature },
    ].filter((r) => r.rows > 0),
  };
}

const HOUSE_FEATURES = ['size (m²)', 'rooms', 'age (years)', 'location score'];

/**
 * Seeded synthetic house prices (thousands): price grows with size, more so in a good location,
 * a little with rooms, falls with age, times ±12 % log-normal noise.
 */
export function generateHouses(n: number, rng: Rng): QuantityTable {
  const d = HOUSE_FEATURES.length;
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const size = Math.min(400, Math.max(30, Math.exp(rng.normal(Math.log(110), 0.35))));
    const rooms = Math.min(9, Math.max(1, Math.round(size / 28 + rng.normal(0, 0.8))));
    const age = rng.range(0, 80);
    const location = rng.range(1, 10);
    const price = (1.8 * size * (0.6 + 0.08 * location) * (1 - 0.004 * age) + 6 * rooms) * Math.exp(rng.normal(0, 0.12));
    x.set([Math.round(size), rooms, Math.round(age), Math.round(location * 10) / 10], i * d);
    y[i] = Math.round(price);
  }
  return { x, y, n, d, featureNames: HOUSE_FEATURES, target: 'price', unit: 'thousand', sourceRows: n, dropped: [] };
}
