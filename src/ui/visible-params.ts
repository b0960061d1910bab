import type { ParamSpec } from '../engine/params';
import type { SimController } from './sim-controller.svelte';

/** Params set only from a URL, an embed's attributes or a lesson's props: never a control. */
export const URL_ONLY: ReadonlySet<string> = new Set(['run', 'hide', 'lock', 'present']);

/** The params that get a control in the basic or the advanced group, after `hide`. */
export function visibleParams(sim: SimController, advanced: boolean): ParamSpec[] {
  return sim.schema.params.filter(
    (p) => !URL_ONLY.has(p.name) && !!p.advanced === advanced && !sim.hidden.has(p.name) && !(p.name === 'hidden' && sim.values.model === 'logreg'),
  );
}
