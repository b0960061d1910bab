/**
 * A run repeated over seeds (the `seeds` param): the lab's own result for its seed, plus one result
 * per further seed, and each metric's range over all of them. Pure: the worker makes the repeats,
 * the page (and the lesson tests) read their spread.
 */

/**
 * What the worker adds to a result when `seeds` > 1, under one key no lab's own result uses: the
 * seeds run (the result's own first) and the further seeds' results, in seed order.
 */
export interface Repeated<R> {
  seedRuns: { seeds: number[]; results: R[] };
}

/** One metric over the seeds: its smallest and largest value, and how many seeds defined it. */
export interface MetricRange {
  min: number;
  max: number;
  /** seeds where the metric was defined (finite); the others had it undefined */
  n: number;
  values: (number | null)[];
}

export interface Spread {
  seeds: number[];
  metrics: Record<string, MetricRange>;
}

/** How many seeds a run's values ask for (1 when the lab has no `seeds` param). */
export function seedCount(values: Readonly<Record<string, unknown>>): number {
  const n = values.seeds;
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(1, Math.floor(n)) : 1;
}

/** The seeds a run with these values repeats over: its own, then the next ones. */
export function seedsOf(values: Readonly<Record<string, unknown>>): number[] {
  const seed = typeof values.seed === 'number' ? values.seed : 0;
  return Array.from({ length: seedCount(values) }, (_, i) => seed + i);
}

/** Each metric's range over the seeds' metrics (the first the run's own); metrics undefined on every seed are left out. */
export function spreadOf(seeds: number[], perSeed: readonly Readonly<Record<string, number | null | undefined>>[]): Spread {
  const names = new Set(perSeed.flatMap((m) => Object.keys(m)));
  const metrics: Record<string, MetricRange> = {};
  for (const name of names) {
    const values = perSeed.map((m) => {
      const v = m[name];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    const defined = values.filter((v): v is number => v !== null);
    if (!defined.length) continue;
    metrics[name] = { min: Math.min(...defined), max: Math.max(...defined), n: defined.length, values };
  }
  return { seeds, metrics };
}

/** The seeds and further results a worker attached to a result (`seedRuns`), or none. */
export function seedRunsOf(v: unknown): { seeds: number[]; results: unknown[] } {
  if (typeof v !== 'object' || v === null || !('seeds' in v) || !('results' in v) || !Array.isArray(v.seeds) || !Array.isArray(v.results)) return { seeds: [], results: [] };
  return { seeds: v.seeds.filter((x): x is number => typeof x === 'number'), results: v.results };
}
