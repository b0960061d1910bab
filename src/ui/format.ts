import { format } from 'd3-format';
import type { MetricKind } from '../engine/lab';

// How numbers read on screen, in one place: rates and scores as fractions with 3 decimals (4 near 1),
// counts grouped, money in whole units (one decimal below 10), durations in ms.
const count = format(',');
const fixed1 = format(',.1f');
const fixed3 = format('.3f');
const fixed4 = format('.4f');
const sig3 = format('.3~g');

export type NumberKind = MetricKind;

const defined = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

export function formatMetric(v: number | null | undefined, kind: NumberKind = 'rate'): string {
  if (!defined(v)) return '—';
  switch (kind) {
    case 'count':
      return count(Math.round(v));
    case 'rate':
      // 0.9951 vs 0.9949 matters when the baseline is 0.995
      return v > 0.99 && v < 1 ? fixed4(v) : fixed3(v);
    case 'loss':
      return v >= 100 ? count(Math.round(v)) : fixed4(v);
    case 'money':
      return Math.abs(v) >= 10 ? count(Math.round(v)) : fixed1(v);
    case 'percent':
      return formatWholePercent(v);
    case 'ms':
      // from under a millisecond (a re-rank) to seconds (a sweep of trainings)
      if (v === 0) return '0 ms';
      if (v < 1) return `${v.toFixed(2)} ms`;
      if (v < 10) return `${v.toFixed(1)} ms`;
      return `${count(Math.round(v))} ms`;
    default:
      return sig3(v);
  }
}

export const formatCount = (v: number) => count(Math.round(v));

/** A change, with its sign: "+0.089", "−0.029" (a true minus sign), "0.000". */
export function formatSigned(v: number | null | undefined, kind: NumberKind = 'rate'): string {
  if (!defined(v)) return '—';
  return v > 0 ? `+${formatMetric(v, kind)}` : v < 0 ? `−${formatMetric(-v, kind)}` : formatMetric(v, kind);
}

/** A share as a percentage for prose ("0.5 %", "12.3 %"), three significant digits. */
export function formatPercent(v: number | null | undefined, digits = 3): string {
  if (!defined(v)) return '—';
  return `${(100 * v).toLocaleString('en', { maximumSignificantDigits: digits })} %`;
}

/** A share as a whole percentage ("42 %"). */
export function formatWholePercent(v: number | null | undefined): string {
  return defined(v) ? `${Math.round(100 * v)} %` : '—';
}
