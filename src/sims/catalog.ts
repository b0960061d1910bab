import type { Component } from 'svelte';
import type { Schema } from '../engine/params';

// The order labs are listed in: the order of the lessons that carry them.
const SIM_ORDER = ['imbalance', 'framing', 'staleness', 'data-vs-algorithm', 'business-metrics', 'objectives'];

/** What the site knows about a lab before loading it: enough for menus, docs and URL parsing. */
export interface SimMeta {
  id: string;
  title: string;
  /** the one-line question the lab answers */
  question: string;
  schema: Schema;
  /** one-line data credit shown inside the lab, when it uses real data */
  credit?: string;
}

export interface SimEntry extends SimMeta {
  loadView: () => Promise<Component<Record<string, unknown>>>;
}

// Each src/sims/<id>/ folder registers itself with a meta.ts (small, eager) and a View.svelte (lazy).
const metas = import.meta.glob<{ meta: SimMeta }>('./*/meta.ts', { eager: true });
const views = import.meta.glob<{ default: Component<Record<string, unknown>> }>('./*/View.svelte');

export const sims: readonly SimEntry[] = Object.entries(metas)
  .map(([path, m]) => {
    const view = views[path.replace('meta.ts', 'View.svelte')];
    return { ...m.meta, loadView: () => view().then((v) => v.default) };
  })
  .sort((a, b) => SIM_ORDER.indexOf(a.id) - SIM_ORDER.indexOf(b.id));

export function findSim(id: string): SimEntry | undefined {
  return sims.find((s) => s.id === id);
}
