// The diamonds mode: ggplot2's 53,940 diamonds (public/data/diamonds.csv, categories as ordinal
// codes, read by src/data/diamonds.ts), the task "which third of prices is this stone in?" from its nine measured properties.

import { DIAMOND_CODES, readDiamonds } from '../../data/diamonds.read';

export const DIAMOND_FEATURES = ['carat', 'cut', 'color', 'clarity', 'depth', 'table', 'x', 'y', 'z'] as const;
/** the ordinal codes in the shipped file, worst to best */
export const CODES = DIAMOND_CODES;
export const PRICE_CLASSES = ['cheapest third', 'middle third', 'dearest third'];

export interface DiamondTable {
  n: number;
  /** n × 9 raw values, row-major, in DIAMOND_FEATURES order */
  x: Float64Array;
  price: Float64Array;
  /** prices at which the middle and the dearest third start (the file's 1/3 and 2/3 points) */
  cuts: [number, number];
}

/** The shipped CSV as the lab's table (rows with a missing or non-numeric value are skipped), price thirds cut over the whole file. */
export function parseDiamonds(text: string): DiamondTable {
  const stones = readDiamonds(text);
  const x: number[] = [];
  const price: number[] = [];
  for (const s of stones) {
    for (const f of DIAMOND_FEATURES) x.push(s[f]);
    price.push(s.price);
  }
  const sorted = Float64Array.from(price).sort();
  const n = price.length;
  return { n, x: Float64Array.from(x), price: Float64Array.from(price), cuts: [sorted[Math.round(n / 3)], sorted[Math.round((2 * n) / 3)]] };
}

/** the price third of a price, by the table's cut points */
export function priceClass(t: DiamondTable, price: number): number {
  return price < t.cuts[0] ? 0 : price < t.cuts[1] ? 1 : 2;
}

/** every feature scaled to mean 0 and standard deviation 1 over the whole file (no labels involved) */
export function standardise(t: DiamondTable): Float32Array {
  const d = DIAMOND_FEATURES.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < t.n; i++) for (let j = 0; j < d; j++) mean[j] += t.x[i * d + j] / t.n;
  for (let i = 0; i < t.n; i++) for (let j = 0; j < d; j++) sd[j] += (t.x[i * d + j] - mean[j]) ** 2 / t.n;
  const out = new Float32Array(t.n * d);
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  for (let i = 0; i < t.n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (t.x[i * d + j] - mean[j]) / sd[j];
  return out;
}
