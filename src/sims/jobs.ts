import type { JobFn, ScenarioModule } from '../engine/job';

// The labs' job registry, which the engine is handed (src/worker/): every src/sims/<id>/scenario.ts
// registers itself, so adding a lab is adding its folder. Each scenario loads when first run.
const scenarios = import.meta.glob<ScenarioModule>('./*/scenario.ts');

// `<lab>` is the lab's run; `<lab>:<name>` one of its other jobs (the reliability fleet's sweep).
export async function loadJob(kind: string): Promise<JobFn | null> {
  const m = /^([a-z][a-z0-9-]*)(?::([a-z][a-z0-9-]*))?$/.exec(kind);
  const key = m ? `./${m[1]}/scenario.ts` : '';
  if (!m || !Object.hasOwn(scenarios, key)) return null;
  const mod = await scenarios[key]();
  if (!m[2]) return mod.run;
  return mod.jobs && Object.hasOwn(mod.jobs, m[2]) ? mod.jobs[m[2]] : null;
}
