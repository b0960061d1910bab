import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBirdstrikes, parseCsv, type BirdstrikeTable } from '../../src/sims/imbalance/birdstrikes';

const HEADER =
  'Airport Name,Aircraft Make Model,Effect Amount of damage,Flight Date,Aircraft Airline Operator,Origin State,Phase of flight,Wildlife Size,Wildlife Species,Time of day,Cost Other,Cost Repair,Cost Total $,Speed IAS in knots';

// Facts about vega-datasets 3.2.1 data/birdstrikes.csv, found by counting; the lesson may quote them.
const ROWS = 10_000;
const POSITIVES = 1_061; // None 8,939 → 0; Minor 549 + Substantial 311 + Medium 186 + military C 14 + B 1 → 1
const SPEED_MISSING = 2_836;
const NUMERIC = ['speed (knots, IAS)', 'year', 'month (sin)', 'month (cos)'];

const column = (t: BirdstrikeTable, name: string): Float32Array => {
  const k = t.featureNames.indexOf(name);
  expect(k, name).toBeGreaterThanOrEqual(0);
  const v = new Float32Array(t.n);
  for (let i = 0; i < t.n; i++) v[i] = t.x[i * t.d + k];
  return v;
};
const mean = (v: Float32Array) => v.reduce((s, a) => s + a, 0) / v.length;
const sd = (v: Float32Array) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((s, a) => s + (a - m) ** 2, 0) / v.length);
};
/** positives / rows among rows where the named indicator column is 1 */
const rateWhere = (t: BirdstrikeTable, name: string) => {
  const v = column(t, name);
  let pos = 0;
  let rows = 0;
  for (let i = 0; i < t.n; i++) {
    if (v[i] !== 1) continue;
    rows++;
    pos += t.y[i];
  }
  return { pos, rows, rate: pos / rows };
};

describe('parseCsv', () => {
  it('handles quoted commas, escaped quotes, CRLF and a trailing newline', () => {
    const text = 'a,b,c\r\n"x, y",2,"say ""hi"""\r\n3,,"line\r\nbreak"\r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', '2', 'say "hi"'],
      ['3', '', 'line\r\nbreak'],
    ]);
  });

  it('handles LF, a BOM and no trailing newline', () => {
    expect(parseCsv('\uFEFFa,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('parseBirdstrikes on a tiny inline CSV', () => {
  const text =
    [
      HEADER,
      '"DALLAS, TX",B-737,None,1995-01-10,AMERICAN AIRLINES,Texas,Climb,Small,Unknown bird - small,Day,0,0,0,150',
      '"O\'HARE, IL",MD-80,Substantial,1996-07-02,MILITARY,Illinois,Approach,Large,Canada goose,Night,0,100,100,',
      'X,A-320,,1997-03-03,BUSINESS,Hawaii,Descent,Medium,Mallard,Dusk,0,0,0,200',
    ].join('\r\n') + '\r\n';
  const t = parseBirdstrikes(text);

  it('keeps rows with a known damage code and drops the blank one', () => {
    expect(t.n).toBe(2);
    expect(Array.from(t.y)).toEqual([0, 1]);
    expect(t.positives).toBe(1);
    expect(t.notes.some((s) => s.includes('1 rows dropped'))).toBe(true);
  });

  it('reads the quoted airport without shifting columns', () => {
    expect(column(t, 'phase: Climb')[0]).toBe(1);
    expect(column(t, 'operator: Military')[1]).toBe(1);
    expect(column(t, 'speed missing')[1]).toBe(1);
  });
});

describe('parseBirdstrikes on the shipped file', () => {
  const t = parseBirdstrikes(readFileSync('public/data/birdstrikes.csv', 'utf8'));

  it('keeps every row and finds 1,061 damaged strikes (10.6 %)', () => {
    expect(t.n).toBe(ROWS);
    expect(t.y.length).toBe(ROWS);
    expect(t.positives).toBe(POSITIVES);
    expect(t.y.reduce((s, a) => s + a, 0)).toBe(POSITIVES);
    expect(t.positives / t.n).toBeGreaterThan(0.1);
    expect(t.positives / t.n).toBeLessThan(0.11);
  });

  it('has a small feature table with no NaN', () => {
    expect(t.d).toBe(27);
    expect(t.featureNames.length).toBe(t.d);
    expect(t.x.length).toBe(t.n * t.d);
    expect(t.x.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('standardises the numeric columns and leaves indicators 0/1 and non-constant', () => {
    for (const name of NUMERIC) {
      const v = column(t, name);
      expect(Math.abs(mean(v)), name).toBeLessThan(1e-4);
      expect(Math.abs(sd(v) - 1), name).toBeLessThan(1e-4);
    }
    for (const name of t.featureNames.filter((f) => !NUMERIC.includes(f))) {
      const v = column(t, name);
      expect(v.every((a) => a === 0 || a === 1), name).toBe(true);
      expect(sd(v), name).toBeGreaterThan(0);
    }
  });

  it('one-hot groups pick exactly one level per row', () => {
    const groups = new Set(t.featureNames.filter((f) => f.includes(': ')).map((f) => f.split(': ')[0]));
    expect([...groups]).toEqual(['phase', 'wildlife size', 'time of day', 'operator', 'region']);
    for (const g of groups) {
      const cols = t.featureNames.filter((f) => f.startsWith(`${g}: `)).map((f) => column(t, f));
      let bad = 0;
      for (let i = 0; i < t.n; i++) if (cols.reduce((s, c) => s + c[i], 0) !== 1) bad++;
      expect(bad, g).toBe(0);
    }
  });

  it('flags the 2,836 rows (28.4 %) without a speed', () => {
    expect(mean(column(t, 'speed missing'))).toBeCloseTo(SPEED_MISSING / ROWS, 6);
    expect(t.notes.some((s) => s.includes('2,836 rows (28.4 %)'))).toBe(true);
  });

  it('uses no field known only after the strike', () => {
    for (const f of t.featureNames) expect(f).not.toMatch(/cost|species|damage|airport/i);
  });

  it('has signal: a Large animal damages the aircraft ten times as often as a Small one', () => {
    // Documented fact: Large 327/744 = 44.0 %, Medium 521/4,346 = 12.0 %, Small 213/4,910 = 4.3 %.
    const large = rateWhere(t, 'wildlife size: Large');
    const medium = rateWhere(t, 'wildlife size: Medium');
    const small = rateWhere(t, 'wildlife size: Small');
    expect(large).toMatchObject({ pos: 327, rows: 744 });
    expect(medium).toMatchObject({ pos: 521, rows: 4_346 });
    expect(small).toMatchObject({ pos: 213, rows: 4_910 });
    expect(large.rate).toBeGreaterThan(4 * (POSITIVES / ROWS));
    expect(large.rate).toBeGreaterThan(10 * small.rate);
  });

  it('agrees with the raw CSV on the size rates', () => {
    const rows = parseCsv(readFileSync('public/data/birdstrikes.csv', 'utf8'));
    const h = rows[0];
    const jSize = h.indexOf('Wildlife Size');
    const jDamage = h.indexOf('Effect Amount of damage');
    const large = rows.slice(1).filter((r) => r[jSize] === 'Large');
    expect(large.length).toBe(744);
    expect(large.filter((r) => r[jDamage] !== 'None').length).toBe(327);
  });
});
