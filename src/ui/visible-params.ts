import { isVisible, type ParamSpec } from '../engine/params';
import type { SimController } from './sim-controller.svelte';

/** The params that get a control in the basic or the advanced group: by role and `visibleWhen`, after `hide`. */
export function visibleParams(sim: SimController, advanced: boolean): ParamSpec[] {
  return sim.schema.params.filter((p) => !!p.advanced === advanced && !sim.hiddenControls.has(p.name) && isVisible(p, sim.values));
}
