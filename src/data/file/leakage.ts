// Does a column give the label away? One label per category value, or one cut of a number, on ≥ 99 % of rows:
// possible leakage (a value recorded after the outcome). A strong but imperfect predictor is not flagged.
import type { Column, Table } from './columns';
import type { LabelKind } from './label';
import type { ColumnProfile } from './profile';

export const LEAK_SHARE = 0.99;

export interface LeakFlag {
  column: string;
  /** share of labelled rows the column determines (or R² for a numeric label) */
  share: number;
  why: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const q = (s: string) => `“${s}”`;

/** The label as codes 0..K-1 (class kinds, -1 where missing), or numbers (NaN where missing). */
function target(label: Column, kind: LabelKind, positive: string | null): { classes: Int32Array; k: number } | { y: Float64Array } | null {
  if (kind === 'numeric') return label.nums ? { y: label.nums } : null;
  if (!label.codes || !label.values) return null;
  const n = label.rows;
  const classes = new Int32Array(n);
  if (kind === 'binary') {
    const pos = label.values.indexOf(positive ?? '');
    for (let i = 0; i < n; i++) classes[i] = label.codes[i] < 0 ? -1 : label.codes[i] === pos ? 1 : 0;
    return { classes, k: 2 };
  }
  classes.set(label.codes);
  return { classes, k: label.values.length };
}

/** Columns among `candidates` that determine the label on ≥ 99 % of its rows. */
export function checkLeakage(table: Table, profiles: ColumnProfile[], labelName: string, kind: LabelKind, positive: string | null, candidates: string[]): LeakFlag[] {
  const label = table.columns.find((c) => c.name === labelName);
  if (!label) return [];
  const t = target(label, kind, positive);
  if (!t) return [];
  const out: LeakFlag[] = [];
  for (const name of candidates) {
    if (name === labelName) continue;
    const j = table.columns.findIndex((c) => c.name === name);
    if (j < 0) continue;
    const col = table.columns[j];
    const p = profiles[j];
    const flag = 'classes' in t ? classLeak(col, p, t.classes, t.k, kind, positive, labelName) : numericLeak(col, p, t.y, labelName);
    if (flag) out.push(flag);
  }
  return out;
}

/** few enough values that "one label per value" is a finding, not memorising near-unique values */
const groupable = (col: Column) => col.codes !== null && col.values !== null && col.values.length <= Math.max(2, 0.1 * (col.rows - col.missing));

function classLeak(col: Column, p: ColumnProfile, y: Int32Array, k: number, kind: LabelKind, positive: string | null, labelName: string): LeakFlag | null {
  const n = y.length;
  if (groupable(col) && (p.type === 'category' || p.type === 'number' || p.type === 'datetime')) {
    const g = col.values!.length + 1; // + missing as its own group
    const table = new Int32Array(g * k);
    let labelled = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] < 0) continue;
      labelled++;
      table[(col.codes![i] + 1) * k + y[i]]++;
    }
    let agree = 0;
    for (let v = 0; v < g; v++) {
      let best = 0;
      for (let c = 0; c < k; c++) best = Math.max(best, table[v * k + c]);
      agree += best;
    }
    const share = labelled ? agree / labelled : 0;
    if (share >= LEAK_SHARE)
      return { column: col.name, share, why: `Each value of ${q(col.name)} comes with one ${q(labelName)} on ${pct(share)} of rows: it gives the label away. Possible leakage (was it recorded after the outcome?), so it is left out; tick it to use it anyway.` };
    return null;
  }
  const x = p.type === 'datetime' ? col.times : p.type === 'number' ? col.nums : null;
  if (!x || kind !== 'binary') return null;
  const cut = bestCut(x, y);
  if (cut && cut.share >= LEAK_SHARE) {
    const side = cut.above ? '≥' : '<';
    return {
      column: col.name,
      share: cut.share,
      why: `One cut of ${q(col.name)} (${side} ${fmt(cut.at, p.type === 'datetime')}) gives ${q(labelName)} = ${q(positive ?? '')} on ${pct(cut.share)} of rows: it gives the label away. Possible leakage (was it recorded after the outcome?), so it is left out; tick it to use it anyway.`,
    };
  }
  return null;
}

const fmt = (v: number, time: boolean) => (time ? new Date(v).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z') : Number(v.toPrecision(4)).toString());

/** The threshold on x that best separates y = 1 from y = 0 (x ≥ t or x < t as positive); missing x on neither side. */
export function bestCut(x: Float64Array, y: Int32Array): { at: number; above: boolean; share: number } | null {
  const pos: number[] = [];
  const neg: number[] = [];
  let missPos = 0;
  let missNeg = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] < 0) continue;
    const v = x[i];
    if (v !== v) {
      if (y[i] === 1) missPos++;
      else missNeg++;
      continue;
    }
    (y[i] === 1 ? pos : neg).push(v);
  }
  const P = Float64Array.from(pos).sort();
  const N = Float64Array.from(neg).sort();
  const total = P.length + N.length + missPos + missNeg;
  if (!P.length || !N.length) return null;
  // sweep thresholds t between distinct values: rows below t are called negative, at or above positive
  let i = 0;
  let j = 0;
  let negBelow = 0;
  let posBelow = 0;
  let best = { at: Math.min(P[0], N[0]), above: true, correct: P.length };
  const consider = (at: number) => {
    const up = negBelow + (P.length - posBelow); // x >= t is positive
    const down = posBelow + (N.length - negBelow); // x < t is positive
    if (up > best.correct) best = { at, above: true, correct: up };
    if (down > best.correct) best = { at, above: false, correct: down };
  };
  while (i < P.length || j < N.length) {
    const v = i < P.length && (j >= N.length || P[i] <= N[j]) ? P[i] : N[j];
    consider(v);
    while (i < P.length && P[i] === v) (i++, posBelow++);
    while (j < N.length && N[j] === v) (j++, negBelow++);
  }
  const missing = Math.max(missPos, missNeg);
  return { at: best.at, above: best.above, share: (best.correct + missing) / total };
}

function numericLeak(col: Column, p: ColumnProfile, y: Float64Array, labelName: string): LeakFlag | null {
  let r2: number | null = null;
  if (groupable(col) && p.type === 'category') r2 = etaSquared(col.codes!, col.values!.length, y);
  else {
    const x = p.type === 'datetime' ? col.times : p.type === 'number' ? col.nums : null;
    if (x) r2 = pearsonSquared(x, y);
  }
  if (r2 !== null && r2 >= LEAK_SHARE)
    return { column: col.name, share: r2, why: `${q(col.name)} explains ${pct(r2)} of the variance of ${q(labelName)}: it gives the label away. Possible leakage (was it recorded after the outcome?), so it is left out; tick it to use it anyway.` };
  return null;
}

function pearsonSquared(x: Float64Array, y: Float64Array) {
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < y.length; i++) {
    const a = x[i], b = y[i];
    if (a !== a || b !== b) continue;
    n++; sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b;
  }
  if (n < 3) return null;
  const cov = sxy - (sx * sy) / n, vx = sxx - (sx * sx) / n, vy = syy - (sy * sy) / n;
  if (vx <= 0 || vy <= 0) return null;
  return (cov * cov) / (vx * vy);
}

function etaSquared(codes: Int32Array, g: number, y: Float64Array) {
  const sum = new Float64Array(g + 1), cnt = new Float64Array(g + 1);
  let n = 0, s = 0, ss = 0;
  for (let i = 0; i < y.length; i++) {
    const b = y[i];
    if (b !== b) continue;
    const c = codes[i] + 1;
    sum[c] += b; cnt[c]++; n++; s += b; ss += b * b;
  }
  const total = ss - (s * s) / n;
  if (n < 3 || total <= 0) return null;
  let between = 0;
  for (let c = 0; c <= g; c++) if (cnt[c]) between += (sum[c] * sum[c]) / cnt[c];
  between -= (s * s) / n;
  return between / total;
}
