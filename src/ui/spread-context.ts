import { getContext, setContext } from 'svelte';
import type { MetricRange } from '../engine/spread';

/**
 * Where a lab's numbers find their range over seeds: SimFrame provides the current run's, a pinned
 * run's area provides none. A getter, so a Metric always reads the range of the run shown now.
 */
export type SpreadLookup = (name: string) => { range: MetricRange; seeds: number } | null;

const SPREAD = Symbol('mlsd:spread');

export function setSpreadContext(lookup: SpreadLookup): void {
  setContext(SPREAD, lookup);
}

export function getSpreadContext(): SpreadLookup | undefined {
  return getContext<SpreadLookup | undefined>(SPREAD);
}
