import type { JobFn, ScenarioModule } from './job';

// Every src/sims/<id>/scenario.ts registers itself: adding a lab is adding its folder.
const scenarios = import.meta.glob<ScenarioModule>('../sims/*/scenario.ts');

const builtIn: Record<string, () => Promise<JobFn>> = {
  // the engine's reference task, for the engine's own tests and benchmarks
  spirals: () => import('./spirals-job').then((m) => m.run),
};

export async function loadJob(kind: string): Promise<JobFn | null> {
  if (Object.hasOwn(builtIn, kind)) return builtIn[kind]();
  const key = `../sims/${kind}/scenario.ts`;
  if (!/^[a-z][a-z0-9-]*$/.test(kind) || !Object.hasOwn(scenarios, key)) return null;
  return (await scenarios[key]()).run;
}

export function jobKinds(): string[] {
  return [...Object.keys(builtIn), ...Object.keys(scenarios).map((k) => k.split('/')[2])];
}
