// The diamonds mode: ggplot2's 53,940 diamonds (public/data/diamonds.csv, categories as ordinal
// codes), the task "which third of prices is this stone in?" from its nine measured properties.

export const DIAMOND_FEATURES = ['carat', 'cut', 'color', 'clarity', 'depth', 'table', 'x', 'y', 'z'] as const;
/** the ordinal codes in the shipped file, worst to best (public/data/README.md) */
export const CODES = {
  cut: ['Fair', 'Good', 'Very Good', 'Premium', 'Ideal'],
  color: ['J', 'I', 'H', 'G', 'F', 'E', 'D'],
  clarity: ['I1', 'SI2', 'SI1', 'VS2', 'VS1', 'VVS2', 'VVS1', 'IF'],
};
export const PRICE_CLASSES = ['cheapest third', 'middle third', 'dearest third'];

export interface DiamondTable {
  n: number;
  /** n × 9 raw values, row-major, in DIAMOND_FEATURES order */
  x: Float64Array;
  price: Float64Array;
  /** prices at which the middle and the dearest third start (the file's 1/3 and 2/3 points) */
  cuts: [number, number];
}

/** Parse the shipped CSV (header, then 10 numeric columns); rows with a missing or non-numeric value are skipped. */
export function parseDiamonds(text: string): DiamondTable {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',');
  const cols = [...DIAMOND_FEATURES, 'price'].map((name) => header.indexOf(name));
  if (cols.some((c) => c < 0)) throw new Error(`diamonds.csv: expected columns ${[...DIAMOND_FEATURES, 'price'].join(', ')}`);
  const x: number[] = [];
  const price: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const f = lines[i].split(',');
    const v = cols.map((c) => Number(f[c]));
    if (v.some((u) => !Number.isFinite(u)) || f.some((u) => u === '')) continue;
    x.push(...v.slice(0, 9));
    price.push(v[9]);
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
