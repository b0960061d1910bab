import { formatMetric, type NumberKind } from '../../ui/format';

/** Times from under a millisecond (a re-rank) to seconds (a sweep of trainings) all read sensibly. */
export function formatMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v < 1) return `${v.toFixed(2)} ms`;
  if (v < 10) return `${v.toFixed(1)} ms`;
  return formatMetric(v, 'ms');
}

export type CellKind = NumberKind | 'time';

export function formatCell(v: number | null | undefined, kind: CellKind): string {
  return kind === 'time' ? formatMs(v) : formatMetric(v, kind);
}

export const LOSS_LABELS = { cross_entropy: 'cross-entropy', mse: 'squared error' } as const;
