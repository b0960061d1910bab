// The reader of data/diamonds.csv (its metadata: ./diamonds.ts). Pure TypeScript: runs in the engine worker and in Node;
// kept apart from the metadata so the pages that credit the set do not load its parser.

/** The file's ten columns: nine measured properties, then the price in US dollars. */
export const DIAMOND_COLUMNS = ['carat', 'cut', 'color', 'clarity', 'depth', 'table', 'x', 'y', 'z', 'price'] as const;
export type Diamond = Record<(typeof DIAMOND_COLUMNS)[number], number>;

/** the ordinal codes in the shipped file, worst to best (public/data/README.md) */
export const DIAMOND_CODES = {
  cut: ['Fair', 'Good', 'Very Good', 'Premium', 'Ideal'],
  color: ['J', 'I', 'H', 'G', 'F', 'E', 'D'],
  clarity: ['I1', 'SI2', 'SI1', 'VS2', 'VS1', 'VVS2', 'VVS1', 'IF'],
};

/** diamonds.csv as records (header, then numeric columns found by name); a row with a missing or non-numeric value is skipped. */
export function readDiamonds(text: string): Diamond[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',');
  const cols = DIAMOND_COLUMNS.map((name) => header.indexOf(name));
  if (cols.some((c) => c < 0)) throw new Error(`diamonds.csv: expected columns ${DIAMOND_COLUMNS.join(', ')}`);
  const out: Diamond[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const f = lines[i].split(',');
    const v = cols.map((c) => Number(f[c]));
    if (v.some((u) => !Number.isFinite(u)) || f.some((u) => u === '')) continue;
    const [carat, cut, color, clarity, depth, table, x, y, z, price] = v;
    out.push({ carat, cut, color, clarity, depth, table, x, y, z, price });
  }
  return out;
}
