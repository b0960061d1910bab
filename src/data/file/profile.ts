// A column's profile: its type, missing share, a histogram or its commonest values, and what is wrong with it as a feature.
import { tickStep } from 'd3-array';
import type { Column, Table } from './columns';
import type { FileInfo } from './parse';
import { MAX_DISTINCT } from './limits';
import { parseDateTime } from './values';

export type ColumnType = 'number' | 'category' | 'datetime' | 'text' | 'id';
/** Why a column is left out of the features by default (before the learner's choices and the leakage check). */
export type ColumnProblem = 'empty' | 'constant' | 'id' | 'text';

export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  rows: number;
  missing: number;
  missingShare: number;
  /** distinct non-missing values; null when more than `MAX_DISTINCT` */
  distinct: number | null;
  problem: ColumnProblem | null;
  /** one sentence each: why it is left out, and what else to know */
  warnings: string[];
  /** numbers and dates: equal-width bins over the values */
  bins: Bin[] | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  integers: boolean;
  /** every value with its count, commonest first, when there are at most `KEPT_VALUES` of them */
  values: { value: string; count: number }[] | null;
  /** the commonest values and the rows in all the others */
  top: { value: string; count: number }[];
  other: number;
  /** values that parse as date/times, of the non-missing ones; with one that does not, if any */
  timeOk: number;
  timeExample: string | null;
}

export interface FileProfile {
  info: FileInfo;
  rows: number;
  columns: ColumnProfile[];
}

/** Distinct values listed with their counts (the label's classes come from these). */
export const KEPT_VALUES = 1000;
/** Commonest values drawn per category column. */
export const TOP_SHOWN = 6;
/** Categories kept as a feature; the rest become "other". */
export const TOP_K = 20;
const TYPE_SHARE = 0.95;
const ID_NAME = /(^|[_\s.-])(id|uuid|guid)$|^(id|uuid|guid)($|[_\s.-])|[a-z]Id$|ID$/;

const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 && x > 0 ? 1 : 0)} %`;

export function inferType(c: Column): { type: ColumnType; problem: ColumnProblem | null; why: string | null } {
  const k = c.rows - c.missing;
  if (k === 0) return { type: 'category', problem: 'empty', why: 'Every value is missing: left out.' };
  const distinct = c.distinct >= 0 ? c.distinct : null;
  const unique = c.uniqueShare;
  const idName = ID_NAME.test(c.name);
  let type: ColumnType;
  if (c.nums && c.numOk / k >= TYPE_SHARE) {
    type = c.allIntegers && k >= 20 && unique >= 0.99 && (c.increasing || idName) ? 'id' : 'number';
  } else if (c.times && c.timeOk / k >= TYPE_SHARE) type = 'datetime';
  else if (k >= 20 && unique >= 0.9) type = c.meanLength >= 25 || c.spaceShare >= 0.5 ? 'text' : 'id';
  else if (idName && k >= 20 && unique >= 0.5) type = 'id';
  else if (c.meanLength >= 40 && c.spaceShare >= 0.5) type = 'text';
  else type = 'category';
  if (distinct === 1)
    return { type, problem: 'constant', why: `Always “${c.values?.[0] ?? c.nums?.find((v) => v === v)}”${c.missing ? ` (or missing)` : ''}: one value tells nothing apart, so it is left out.` };
  if (type === 'id')
    return {
      type,
      problem: 'id',
      why: `ID-like: ${c.nums ? 'whole numbers, ' : ''}${distinct === null ? `over ${MAX_DISTINCT.toLocaleString('en')}` : pct(unique)} distinct${c.increasing && c.nums ? ', rising row by row' : ''}. An identifier names a row; a model would only memorise it, so it is left out.`,
    };
  if (type === 'text') return { type, problem: 'text', why: 'Free text (long, mostly distinct values with spaces): the labs do not read text, so it is left out.' };
  return { type, problem: null, why: null };
}

export function profileColumn(c: Column): ColumnProfile {
  const { type, problem, why } = inferType(c);
  const k = c.rows - c.missing;
  const warnings: string[] = why ? [why] : [];
  const distinct = c.distinct >= 0 ? c.distinct : null;
  let bins: Bin[] | null = null;
  let min: number | null = null;
  let max: number | null = null;
  let mean: number | null = null;
  const series = type === 'number' || (type === 'id' && c.nums) ? c.nums : type === 'datetime' ? c.times : null;
  if (series && k > 0) {
    const s = summarise(series);
    if (s.n > 0) {
      ({ min, max, mean } = s);
      bins = histogram(series, s.min, s.max, type === 'datetime' ? 'equal' : 'nice');
    }
  }
  let values: ColumnProfile['values'] = null;
  let top: ColumnProfile['top'] = [];
  let other = 0;
  if (c.values && c.counts) {
    const order = c.counts.map((_, i) => i).sort((a, b) => c.counts![b] - c.counts![a] || (a < b ? -1 : 1));
    top = order.slice(0, TOP_SHOWN).map((i) => ({ value: c.values![i], count: c.counts![i] }));
    other = k - top.reduce((s, t) => s + t.count, 0);
    if (order.length <= KEPT_VALUES) values = order.map((i) => ({ value: c.values![i], count: c.counts![i] }));
  }
  if (type === 'category' && distinct !== null && distinct > TOP_K && c.counts) {
    const kept = c.counts!.slice().sort((a, b) => b - a).slice(0, TOP_K).reduce((s, x) => s + x, 0);
    warnings.push(`High cardinality: ${distinct.toLocaleString('en')} distinct values. As a feature it keeps the ${TOP_K} commonest and groups the rest as “other” (${pct((k - kept) / k)} of rows).`);
  }
  if (c.missing > 0 && c.missing / c.rows >= 0.5 && problem !== 'empty') warnings.push(`${pct(c.missing / c.rows)} of its values are missing.`);
  let timeExample: string | null = null;
  if (type !== 'datetime' && c.values) {
    timeExample = c.values.find((v) => Number.isNaN(parseDateTime(v))) ?? null;
  }
  return {
    name: c.name,
    type,
    rows: c.rows,
    missing: c.missing,
    missingShare: c.rows ? c.missing / c.rows : 0,
    distinct,
    problem,
    warnings,
    bins,
    min,
    max,
    mean,
    integers: c.nums !== null && c.allIntegers,
    values,
    top,
    other,
    timeOk: c.times ? c.timeOk : 0,
    timeExample,
  };
}

export function profileTable(table: Table, info: FileInfo): FileProfile {
  return { info, rows: table.rows, columns: table.columns.map(profileColumn) };
}

function summarise(a: Float64Array) {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== v) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { n, min, max, mean: n ? sum / n : NaN };
}

/** Bins over [min, max]: "nice" steps for numbers (d3's tickStep), 20 equal ones for dates. */
export function histogram(a: Float64Array, min: number, max: number, mode: 'nice' | 'equal'): Bin[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  let start = min;
  let step: number;
  let nb: number;
  if (max === min) {
    step = Math.abs(min) > 0 ? Math.abs(min) / 10 : 1;
    start = min - step / 2;
    nb = 1;
  } else if (mode === 'nice') {
    step = tickStep(min, max, 15);
    start = Math.floor(min / step) * step;
    nb = Math.max(1, Math.ceil((max - start) / step - 1e-9));
    if (start + nb * step <= max) nb++;
  } else {
    nb = 20;
    step = (max - min) / nb;
  }
  const counts = new Float64Array(nb);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== v) continue;
    let b = Math.floor((v - start) / step);
    if (b >= nb) b = nb - 1;
    else if (b < 0) b = 0;
    counts[b]++;
  }
  return Array.from(counts, (count, i) => ({ x0: start + i * step, x1: start + (i + 1) * step, count }));
}
