import { format } from 'd3-format';

/** How numbers read on screen: rates and scores as fractions with 3 decimals (4 near 1), counts grouped. */
const count = format(',');
const fixed3 = format('.3f');
const fixed4 = format('.4f');
const sig3 = format('.3~g');

export type NumberKind = 'rate' | 'count' | 'loss' | 'ms' | 'plain';

export function formatMetric(v: number | null | undefined, kind: NumberKind = 'rate'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (kind) {
    case 'count':
      return count(Math.round(v));
    case 'rate':
      // 0.9951 vs 0.9949 matters when the baseline is 0.995
      return v > 0.99 && v < 1 ? fixed4(v) : fixed3(v);
    case 'loss':
      return v >= 100 ? count(Math.round(v)) : fixed4(v);
    case 'ms':
      return `${count(Math.round(v))} ms`;
    default:
      return sig3(v);
  }
}

export const formatCount = (v: number) => count(Math.round(v));
