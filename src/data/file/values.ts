// One field's value: missing, a number, a date/time. Pure, and fast enough to run on every field of a big file.

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '#n/a', 'missing']);

/** An empty field or one of the usual spellings of "no value". */
export function isMissing(s: string): boolean {
  if (s.length === 0) return true;
  if (s.length > 7) return false;
  const c = s.charCodeAt(0);
  // digits and signs first: most fields of a big file are numbers, and this runs on every one
  if ((c >= 48 && c <= 57) || (s.length > 1 && (c === 45 || c === 43 || c === 46))) return false;
  return MISSING.has(s.trim().toLowerCase());
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;

/** A number written with a decimal point ("1.5", "-2e3"), or NaN. */
export function parsePlainNumber(s: string): number {
  const c = s.charCodeAt(0);
  const e = s.charCodeAt(s.length - 1);
  // fast path: starts with a digit, sign or point and ends with a digit or point, so Number() reads it as written
  // (this leaves out "Infinity", "0x1f", " 12" and "1_000", which take the regex below)
  if (((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) && ((e >= 48 && e <= 57) || e === 46)) {
    const v = +s;
    const c1 = s.length > 1 ? s.charCodeAt(1) | 32 : 0;
    if (v === v) return c1 === 120 || c1 === 98 || c1 === 111 ? NaN : v; // 0x.., 0b.., 0o..
  }
  const t = c === 32 || e === 32 ? s.trim() : s;
  return PLAIN_NUMBER.test(t) ? Number(t) : NaN;
}

/** A number written with a decimal comma and optional dot thousands ("1,5", "1.234,5"), or NaN. Plain ones pass too. */
export function parseCommaNumber(s: string): number {
  const t = s.trim();
  if (COMMA_NUMBER.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'));
  return parsePlainNumber(t);
}

// ISO dates and date-times, with or without zone; d/m/y or m/d/y with four-digit years (kept as written, day first when the first part is > 12).
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Milliseconds since 1970 (UTC unless the value says its zone) for a date or date-time, or NaN. */
export function parseDateTime(s: string): number {
  const t = s.length > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) ? s.trim() : s;
  if (t.length < 8 || t.length > 35) return NaN;
  let m = ISO.exec(t);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    const ms = Date.UTC(+y, +mo - 1, +d, +(h ?? 0), +(mi ?? 0), +(sec ?? 0), frac ? Math.round(Number('0.' + frac) * 1000) : 0);
    if (!validDay(+y, +mo, +d) || +(h ?? 0) > 23 || +(mi ?? 0) > 59 || +(sec ?? 0) > 60) return NaN;
    if (!zone || zone === 'Z') return ms;
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  m = SLASHED.exec(t);
  if (m) {
    const [, a, b, y, h, mi, sec] = m;
    // day first unless that cannot be (13/05 is the 13th; 05/13 is May 13th)
    const [d, mo] = +a > 12 ? [+a, +b] : +b > 12 ? [+b, +a] : [+a, +b];
    if (!validDay(+y, mo, d)) return NaN;
    return Date.UTC(+y, mo - 1, d, +(h ?? 0), +(mi ?? 0), +(sec ?? 0));
  }
  return NaN;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validDay(y: number, mo: number, d: number) {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
  return d <= MONTH_DAYS[mo - 1] + (leap ? 1 : 0);
}

/** Quick test before the regexes: could this field be a date at all? */
export function mayBeDate(s: string): boolean {
  if (s.length < 8) return false;
  const c = s.charCodeAt(0);
  if (c < 48 || c > 57) return c === 32 && mayBeDate(s.trim());
  return s.indexOf('-') > 0 || s.indexOf('/') > 0 || s.indexOf('.') > 0;
}
