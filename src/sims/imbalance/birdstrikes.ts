// FAA wildlife strike records (src/data/birdstrikes.ts reads the file) turned into a
// "did the strike damage the aircraft?" table. Pure TypeScript: no DOM, no TF.js, no Node APIs.

import { readBirdstrikes, type Birdstrike, type BirdstrikeColumn } from '../../data/birdstrikes.read';

export { parseCsv } from '../../data/csv';

export interface BirdstrikeTable {
  n: number;
  d: number;
  /** n×d row-major; numeric columns standardised, indicator (one-hot) columns left as 0/1 */
  x: Float32Array;
  /** 1 = damaged */
  y: Uint8Array;
  featureNames: string[];
  /** human-readable facts about the cleaning */
  notes: string[];
  positives: number;
}

// Label mapping. Civil codes: None → 0; Minor / Medium / Substantial / Destroyed → 1.
// The military rows use mishap damage classes A/B/C instead (all 15 in the file carry repair costs of $20k–$636k), so they are damaged → 1.
const DAMAGE: Record<string, 0 | 1> = {
  none: 0,
  minor: 1,
  medium: 1,
  substantial: 1,
  destroyed: 1,
  a: 1,
  b: 1,
  c: 1,
};

const PHASES: Record<string, string> = {
  approach: 'Approach',
  climb: 'Climb',
  'take-off run': 'Take-off run',
  'landing roll': 'Landing roll',
  descent: 'Descent',
  // Taxi and Parked have 29 rows between them: one "on the ground, not rolling" level keeps d small.
  taxi: 'Taxi/parked',
  parked: 'Taxi/parked',
};
const SIZES: Record<string, string> = { small: 'Small', medium: 'Medium', large: 'Large' };
const TIMES: Record<string, string> = { day: 'Day', night: 'Night', dawn: 'Dawn', dusk: 'Dusk' };

// Operator kind rather than 46 operator names: a handful of levels that generalise.
const CARGO = new Set(['FEDEX EXPRESS', 'UPS AIRLINES', 'ABX AIR', 'ASTAR AIR CARGO']);
const GENERAL = new Set(['BUSINESS', 'PRIVATELY OWNED', 'EXECUTIVE JET AVIATION', 'GOVERNMENT']);
function operatorKind(raw: string): string | undefined {
  const v = raw.trim().toUpperCase();
  if (v === '' || v === 'UNKNOWN') return undefined; // the file writes 72 unknown operators as "UNKNOWN"
  if (v === 'MILITARY') return 'Military';
  if (CARGO.has(v)) return 'Cargo airline';
  if (GENERAL.has(v)) return 'Business/private/government';
  return 'Passenger airline';
}

// US Census regions; the file names 28 states plus "DC" (Census puts DC in the South).
const REGION_STATES: Record<string, string[]> = {
  Northeast: ['Connecticut', 'Maine', 'Massachusetts', 'New Hampshire', 'Rhode Island', 'Vermont', 'New Jersey', 'New York', 'Pennsylvania'],
  Midwest: ['Illinois', 'Indiana', 'Michigan', 'Ohio', 'Wisconsin', 'Iowa', 'Kansas', 'Minnesota', 'Missouri', 'Nebraska', 'North Dakota', 'South Dakota'],
  South: ['Delaware', 'DC', 'District of Columbia', 'Florida', 'Georgia', 'Maryland', 'North Carolina', 'South Carolina', 'Virginia', 'West Virginia', 'Alabama', 'Kentucky', 'Mississippi', 'Tennessee', 'Arkansas', 'Louisiana', 'Oklahoma', 'Texas'],
  West: ['Arizona', 'Colorado', 'Idaho', 'Montana', 'Nevada', 'New Mexico', 'Utah', 'Wyoming', 'Alaska', 'California', 'Hawaii', 'Oregon', 'Washington'],
};
const REGIONS: Record<string, string> = {};
for (const [region, states] of Object.entries(REGION_STATES)) for (const s of states) REGIONS[s.toLowerCase()] = region;

interface Categorical {
  title: string;
  column: BirdstrikeColumn;
  levels: string[];
  level: (raw: string) => string | undefined;
}

const fromMap = (m: Record<string, string>) => (raw: string) => m[raw.trim().toLowerCase()];

const CATEGORICALS: Categorical[] = [
  { title: 'phase', column: 'Phase of flight', levels: ['Approach', 'Climb', 'Take-off run', 'Landing roll', 'Descent', 'Taxi/parked'], level: fromMap(PHASES) },
  { title: 'wildlife size', column: 'Wildlife Size', levels: ['Small', 'Medium', 'Large'], level: fromMap(SIZES) },
  { title: 'time of day', column: 'Time of day', levels: ['Day', 'Night', 'Dawn', 'Dusk'], level: fromMap(TIMES) },
  { title: 'operator', column: 'Aircraft Airline Operator', levels: ['Passenger airline', 'Cargo airline', 'Military', 'Business/private/government'], level: operatorKind },
  { title: 'region', column: 'Origin State', levels: ['Northeast', 'Midwest', 'South', 'West'], level: fromMap(REGIONS) },
];

// Deliberately not features: costs (only known after the damage, they leak the label), species
// (identified from remains after the strike; "Unknown bird - large" restates the size), airport name (50 levels),
// make/model (225 free-text levels with no clean category without a lookup table).
const COL = {
  label: 'Effect Amount of damage',
  date: 'Flight Date',
  speed: 'Speed IAS in knots',
} as const satisfies Record<string, BirdstrikeColumn>;

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;
const count = (k: number) => k.toLocaleString('en-US');

/** Parses the shipped CSV into a standardised feature table for "was the aircraft damaged?". */
export function parseBirdstrikes(csvText: string): BirdstrikeTable {
  const rows = readBirdstrikes(csvText);

  // Rows with a blank or unrecognised damage code are dropped: calling them 0 would invent negatives (the 3.2.1 file has none).
  const kept: Birdstrike[] = [];
  const dropped = new Map<string, number>();
  for (const r of rows) {
    const code = r[COL.label].trim();
    if (DAMAGE[code.toLowerCase()] === undefined) dropped.set(code, (dropped.get(code) ?? 0) + 1);
    else kept.push(r);
  }
  const n = kept.length;
  if (n === 0) throw new Error('birdstrikes: no rows with a known damage code');

  const y = new Uint8Array(n);
  const codeCounts = new Map<string, number>();
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const code = kept[i][COL.label].trim();
    codeCounts.set(code, (codeCounts.get(code) ?? 0) + 1);
    y[i] = DAMAGE[code.toLowerCase()];
    positives += y[i];
  }

  // Numeric raw values; speed gets median imputation plus a missing indicator.
  const speed = new Float64Array(n);
  const speedMissing = new Uint8Array(n);
  const year = new Float64Array(n);
  const monthSin = new Float64Array(n);
  const monthCos = new Float64Array(n);
  const observed: number[] = [];
  let badDates = 0;
  for (let i = 0; i < n; i++) {
    const s = kept[i][COL.speed].trim();
    const v = s === '' ? NaN : Number(s);
    if (Number.isFinite(v)) observed.push(v);
    else speedMissing[i] = 1;
    speed[i] = v;
    const m = /^(\d{4})-(\d{1,2})/.exec(kept[i][COL.date].trim());
    if (m) {
      year[i] = Number(m[1]);
      // Month on a circle so December sits next to January (strikes in winter do more damage).
      const a = (2 * Math.PI * (Number(m[2]) - 1)) / 12;
      monthSin[i] = Math.sin(a);
      monthCos[i] = Math.cos(a);
    } else {
      year[i] = NaN;
      badDates++;
    }
  }
  if (observed.length === 0) throw new Error('birdstrikes: no speed recorded in any row');
  observed.sort((a, b) => a - b);
  const mid = observed.length >> 1;
  const median = observed.length % 2 ? observed[mid] : (observed[mid - 1] + observed[mid]) / 2;
  const missing = n - observed.length;
  for (let i = 0; i < n; i++) if (speedMissing[i]) speed[i] = median;
  const zeroSpeed = observed.filter((v) => v === 0).length;
  if (badDates > 0) {
    // A row without a date takes the mean year and a neutral month (sin = cos = 0).
    let sum = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(year[i])) sum += year[i];
    const meanYear = sum / (n - badDates);
    for (let i = 0; i < n; i++) if (Number.isNaN(year[i])) year[i] = meanYear;
  }

  // Columns: numeric first (standardised), then 0/1 indicators.
  const names: string[] = [];
  const cols: Float64Array[] = [];
  const standardised: boolean[] = [];
  const addNumeric = (name: string, v: Float64Array) => {
    names.push(name);
    cols.push(v);
    standardised.push(true);
  };
  const addIndicator = (name: string, v: Float64Array) => {
    names.push(name);
    cols.push(v);
    standardised.push(false);
  };
  addNumeric('speed (knots, IAS)', speed);
  addNumeric('year', year);
  addNumeric('month (sin)', monthSin);
  addNumeric('month (cos)', monthCos);
  addIndicator('speed missing', Float64Array.from(speedMissing));

  const catNotes: string[] = [];
  CATEGORICALS.forEach((c) => {
    const idx = new Int32Array(n);
    let unknown = 0;
    for (let i = 0; i < n; i++) {
      const lv = c.level(kept[i][c.column]);
      const li = lv === undefined ? -1 : c.levels.indexOf(lv);
      idx[i] = li;
      if (li < 0) unknown++;
    }
    // An "unknown" level exists only where the data has blanks or unrecognised values, so no column is constant.
    const levels = unknown > 0 ? [...c.levels, 'unknown'] : c.levels;
    levels.forEach((lv, li) => {
      const v = new Float64Array(n);
      const target = lv === 'unknown' && li === c.levels.length ? -1 : li;
      for (let i = 0; i < n; i++) if (idx[i] === target) v[i] = 1;
      addIndicator(`${c.title}: ${lv}`, v);
    });
    if (unknown > 0) catNotes.push(`${c.title}: ${count(unknown)} rows blank, marked unknown or unrecognised (${pct(unknown, n)}), given an "unknown" level`);
  });

  // Standardise with whole-file mean and sd: the lab splits 80/20 later, and the test rows' share of
  // three means and sds (speed, year, month) is a negligible leak next to the lesson's point.
  const d = names.length;
  for (let k = 0; k < d; k++) {
    if (!standardised[k]) continue;
    const v = cols[k];
    let mean = 0;
    for (let i = 0; i < n; i++) mean += v[i];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (v[i] - mean) ** 2;
    const sd = Math.sqrt(ss / n) || 1;
    for (let i = 0; i < n; i++) v[i] = (v[i] - mean) / sd;
  }
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) x[i * d + k] = cols[k][i];

  const codes = [...codeCounts.entries()].sort((a, b) => b[1] - a[1]).map(([c, k]) => `${c} ${count(k)}`);
  const notes = [
    `${count(n)} strikes kept; ${count(positives)} damaged (${pct(positives, n)})`,
    `damage codes: ${codes.join(', ')}; None → not damaged, every other code → damaged (B and C are military mishap damage classes, all with repair costs)`,
    dropped.size > 0
      ? `${count(rows.length - n)} rows dropped for a blank or unknown damage code (${[...dropped.keys()].map((c) => JSON.stringify(c)).join(', ')})`
      : 'no rows dropped: every row has a known damage code',
    `speed missing in ${count(missing)} rows (${pct(missing, n)}): imputed with the median (${median} knots), plus a "speed missing" indicator`,
    ...(zeroSpeed > 0 ? [`${count(zeroSpeed)} rows record a speed of 0 knots (kept as recorded)`] : []),
    ...(badDates > 0 ? [`${count(badDates)} rows without a readable flight date: mean year, neutral month`] : []),
    'features: speed, year and month (as sin/cos) standardised to mean 0, sd 1 over the whole file; phase, wildlife size, time of day, operator kind and Census region one-hot',
    'operator kind: MILITARY; cargo (FedEx, UPS, ABX, ASTAR); business/private/government; "UNKNOWN" → unknown; every other operator → passenger airline',
    ...catNotes,
    'left out: costs (known only after the damage: they leak the label), species (identified from remains after the strike), airport (50 names) and make/model (225 free-text names)',
  ];

  return { n, d, x, y, featureNames: names, notes, positives };
}
