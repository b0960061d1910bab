import type { Component } from 'svelte';
import type { Schema } from '../engine/params';
import type { MetricCatalogue } from '../engine/lab';
import { labCredit, type DataUse } from '../data/dataset';

// The order labs are listed in: the order of the lessons that carry them.
const SIM_ORDER = ['imbalance', 'framing', 'staleness', 'data-vs-algorithm', 'business-metrics', 'objectives', 'reliability', 'iterative'];

/** What the site knows about a lab before loading it: enough for menus, docs and URL parsing. */
export interface SimMeta {
  id: string;
  title: string;
  /** the one-line question the lab answers */
  question: string;
  schema: Schema;
  /** every result number it reports (the `metrics` of its events and export), declared once */
  metrics?: MetricCatalogue;
  /** the real data sets it can use (src/data/) and the param values that choose each */
  data?: readonly DataUse[];
  /** one-line credit of every data set it can use, for the embed footer (from `data` when not given) */
  credit?: string;
}

export interface SimEntry extends SimMeta {
  loadView: () => Promise<Component<Record<string, unknown>>>;
}

// Each src/sims/<id>/ folder registers itself with a meta.ts (small, eager) and a View.svelte (lazy).
// _template/ is what `npm run new-lab` copies: checked with the rest, never listed.
const metas = import.meta.glob<{ meta: SimMeta }>(['./*/meta.ts', '!./_template/*'], { eager: true });
const views = import.meta.glob<{ default: Component<Record<string, unknown>> }>(['./*/View.svelte', '!./_template/*']);
// a lab not yet placed in SIM_ORDER (a new one) comes after the placed ones
const rank = (id: string) => (SIM_ORDER.includes(id) ? SIM_ORDER.indexOf(id) : SIM_ORDER.length);

export const sims: readonly SimEntry[] = Object.entries(metas)
  .map(([path, m]) => {
    const view = views[path.replace('meta.ts', 'View.svelte')];
    return { ...m.meta, credit: m.meta.credit ?? labCredit(m.meta.data), loadView: () => view().then((v) => v.default) };
  })
  .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));

export function findSim(id: string): SimEntry | undefined {
  return sims.find((s) => s.id === id);
}
