import { queryString } from '../../engine/params';
import type { SimController } from '../sim-controller.svelte';
import type { LabHost } from '../host';

/**
 * The sandbox address of a lab as it is set now: every param (defaults too, so the link keeps
 * meaning the same run if a default changes) and the seed. Not `run` or `present` (how to open it,
 * not what it computes); `hide` and `lock` only when set, so an instructor's prepared link stays prepared.
 */
export function sandboxLink(sim: SimController, host: Pick<LabHost, 'siteUrl' | 'simHref'>): string {
  const q = new URLSearchParams(sim.query(true));
  q.delete('present');
  for (const k of ['hide', 'lock']) if (!q.get(k)) q.delete(k);
  return host.siteUrl() + host.simHref(sim.id, queryString(q));
}

/** The params an embed code carries: only those that differ from the defaults, without presenter mode. */
export function embedQuery(sim: SimController): string {
  const q = new URLSearchParams(sim.query());
  q.delete('present');
  return queryString(q);
}
