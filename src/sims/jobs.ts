import type { JobFn, ScenarioModule } from '../engine/job';

// The labs' job registry, which the engine is handed (src/worker/): every src/sims/<id>/scenario.ts
// registers itself, so adding a lab is adding its folder. Each scenario loads when first run.
const scenarios = import.meta.glob<ScenarioModule>('./*/scenario.ts');

export async function loadJob(kind: string): Promise<JobFn | null> {
  const key = `./${kind}/scenario.ts`;
  if (!/^[a-z][a-z0-9-]*$/.test(kind) || !Object.hasOwn(scenarios, key)) return null;
  return (await scenarios[key]()).run;
}
