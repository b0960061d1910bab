// A column as it streams in: its values kept compactly (dictionary codes, numbers, times) for the
// profile and the leakage check, each dropped as soon as the column can no longer be of that kind.
import { MAX_DISTINCT } from './limits';
import { isMissing, mayBeDate, parseCommaNumber, parseDateTime, parsePlainNumber } from './values';

const grow = <T extends Float64Array | Int32Array>(a: T, need: number): T => {
  if (need <= a.length) return a;
  const b = new (a.constructor as { new (n: number): T })(Math.max(need, Math.ceil(a.length * 1.5) + 1024));
  b.set(a);
  return b;
};

/** Non-missing values that fail a kind's parse before it is given up (5 % of 1,000 values). */
const GIVE_UP_SHARE = 0.05;
const GIVE_UP_AFTER = 1000;
/** Distinct values a column of numbers keeps codes for (beyond it, numbers are binned, not grouped). */
const NUMERIC_DICT_CAP = 1000;

export class ColumnBuilder {
  readonly name: string;
  rows = 0;
  missing = 0;
  /** value → code; null once the column has more than MAX_DISTINCT distinct values */
  dict: Map<string, number> | null = new Map();
  counts: number[] = [];
  /** dictionary code per row, -1 where missing */
  codes: Int32Array | null;
  /** the row at which the dictionary was given up, and the share of distinct values up to there */
  overflowRow = -1;
  uniqueAtDrop = 1;
  /** number per row (NaN where missing or not a number); null once too many values are not numbers */
  nums: Float64Array | null;
  numOk = 0;
  numBad = 0;
  allIntegers = true;
  increasing = true;
  private lastNum = -Infinity;
  /** milliseconds per row for date/time values; null until one is seen or once too many are not */
  times: Float64Array | null = null;
  timeOk = 0;
  timeBad = 0;
  private timesDropped = false;
  lengthSum = 0;
  withSpaces = 0;
  private readonly parseNumber: (s: string) => number;

  constructor(name: string, decimalComma: boolean, expectedRows: number) {
    this.name = name;
    this.parseNumber = decimalComma ? parseCommaNumber : parsePlainNumber;
    this.codes = new Int32Array(expectedRows);
    this.nums = new Float64Array(expectedRows);
  }

  push(raw: string) {
    const i = this.rows++;
    if (this.codes && i >= this.codes.length) this.codes = grow(this.codes, i + 1);
    if (this.nums && i >= this.nums.length) this.nums = grow(this.nums, i + 1);
    if (this.times && i >= this.times.length) this.times = grow(this.times, i + 1);
    if (isMissing(raw)) {
      this.missing++;
      if (this.codes) this.codes[i] = -1;
      if (this.nums) this.nums[i] = NaN;
      if (this.times) this.times[i] = NaN;
      return;
    }
    const s = raw;
    this.lengthSum += s.length;
    if (s.indexOf(' ') > 0) this.withSpaces++;
    if (this.dict) {
      let code = this.dict.get(s);
      if (code === undefined) {
        // a column of numbers so far stops counting its values early: finish() counts them by sorting
        const cap = this.nums && this.numBad === 0 ? NUMERIC_DICT_CAP : MAX_DISTINCT;
        if (this.dict.size >= cap) {
          this.uniqueAtDrop = this.dict.size / Math.max(1, i - this.missing);
          this.dict = null;
          this.codes = null;
          this.overflowRow = i;
        } else {
          code = this.dict.size;
          this.dict.set(s, code);
          this.counts.push(0);
        }
      }
      if (code !== undefined && this.codes) {
        this.counts[code]++;
        this.codes[i] = code;
      }
    }
    let isNum = false;
    if (this.nums) {
      const v = this.parseNumber(s);
      this.nums[i] = v;
      if (v === v) {
        isNum = true;
        this.numOk++;
        if (this.allIntegers && !Number.isInteger(v)) this.allIntegers = false;
        if (this.increasing && v <= this.lastNum) this.increasing = false;
        this.lastNum = v;
      } else if (++this.numBad > GIVE_UP_AFTER * GIVE_UP_SHARE && this.numBad > (this.numOk + this.numBad) * GIVE_UP_SHARE) {
        this.nums = null;
      }
    }
    if (!isNum && !this.timesDropped) {
      const t = mayBeDate(s) ? parseDateTime(s) : NaN;
      if (t === t) {
        if (!this.times) this.times = new Float64Array(Math.max(i + 1, this.nums?.length ?? this.codes?.length ?? 0)).fill(NaN);
        this.timeOk++;
      } else this.timeBad++;
      if (this.times) {
        this.times[i] = t;
        if (this.timeBad > GIVE_UP_AFTER * GIVE_UP_SHARE && this.timeBad > (this.timeOk + this.timeBad) * GIVE_UP_SHARE) {
          this.times = null;
          this.timesDropped = true;
        }
      } else if (this.timeBad > GIVE_UP_AFTER * GIVE_UP_SHARE) this.timesDropped = true;
    } else if (isNum && this.times) {
      this.times[i] = NaN;
      this.timeBad++;
    }
  }

  /** Trims the arrays to the rows read. */
  finish(): Column {
    const n = this.rows;
    const values = this.dict ? Array.from(this.dict.keys()) : null;
    const nums = this.nums ? this.nums.slice(0, n) : null;
    let distinct = values ? values.length : -1;
    if (!values && nums) distinct = countDistinct(nums);
    return {
      name: this.name,
      rows: n,
      missing: this.missing,
      values,
      counts: values ? this.counts.slice() : null,
      codes: this.codes ? this.codes.slice(0, n) : null,
      overflowRow: this.overflowRow,
      distinct,
      uniqueShare: distinct >= 0 ? distinct / Math.max(1, n - this.missing) : this.uniqueAtDrop,
      nums,
      numOk: this.numOk,
      allIntegers: this.allIntegers,
      increasing: this.increasing,
      times: this.times ? this.times.slice(0, n) : null,
      timeOk: this.timeOk,
      meanLength: n - this.missing > 0 ? this.lengthSum / (n - this.missing) : 0,
      spaceShare: n - this.missing > 0 ? this.withSpaces / (n - this.missing) : 0,
    };
  }
}

function countDistinct(a: Float64Array) {
  const s = a.slice().sort(); // a typed array's sort is numeric and puts NaN (missing) last
  let d = 0;
  for (let i = 0; i < s.length && s[i] === s[i]; i++) if (i === 0 || s[i] !== s[i - 1]) d++;
  return d;
}

/** A column, read: every array is one entry per row. */
export interface Column {
  name: string;
  rows: number;
  missing: number;
  /** distinct values in order of first appearance, or null when there were more than MAX_DISTINCT */
  values: string[] | null;
  counts: number[] | null;
  codes: Int32Array | null;
  overflowRow: number;
  /** distinct non-missing values: exact, or -1 when too many to count */
  distinct: number;
  /** distinct / non-missing values (estimated from the rows before counting stopped, where it stopped) */
  uniqueShare: number;
  nums: Float64Array | null;
  numOk: number;
  allIntegers: boolean;
  increasing: boolean;
  times: Float64Array | null;
  timeOk: number;
  meanLength: number;
  spaceShare: number;
}

/** The whole file, read: its columns and what reading it found. */
export interface Table {
  rows: number;
  columns: Column[];
}
