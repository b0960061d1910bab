// The reader of data/birdstrikes.csv (its metadata: ./birdstrikes.ts). Pure TypeScript: runs in the engine worker and in Node;
// kept apart from the metadata so the pages that credit the set do not load its parser.
import { parseCsv } from './csv';

/** The file's 14 columns, as its header names them. */
export const BIRDSTRIKE_COLUMNS = [
  'Airport Name',
  'Aircraft Make Model',
  'Effect Amount of damage',
  'Flight Date',
  'Aircraft Airline Operator',
  'Origin State',
  'Phase of flight',
  'Wildlife Size',
  'Wildlife Species',
  'Time of day',
  'Cost Other',
  'Cost Repair',
  'Cost Total $',
  'Speed IAS in knots',
] as const;
export type BirdstrikeColumn = (typeof BIRDSTRIKE_COLUMNS)[number];
/** One strike: every column's text as written (untrimmed; '' where a row is short). */
export type Birdstrike = Record<BirdstrikeColumn, string>;

/** birdstrikes.csv as records, one a strike (quoted fields allowed; columns found by their header name). */
export function readBirdstrikes(text: string): Birdstrike[] {
  const rows = parseCsv(text);
  if (rows.length < 2) throw new Error('birdstrikes: no data rows');
  const header = rows[0].map((h) => h.trim());
  const at = BIRDSTRIKE_COLUMNS.map((name) => {
    const j = header.indexOf(name);
    if (j < 0) throw new Error(`birdstrikes: missing column "${name}"`);
    return j;
  });
  return rows.slice(1).map((r) => {
    const record = {} as Birdstrike;
    BIRDSTRIKE_COLUMNS.forEach((name, k) => (record[name] = r[at[k]] ?? ''));
    return record;
  });
}
