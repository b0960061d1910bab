import type { JobFn } from './job';

/** A job registry: the job called `kind`, or null when it has none. The labs' registry is src/sims/jobs.ts. */
export type LoadJob = (kind: string) => Promise<JobFn | null>;

const builtIn: Record<string, () => Promise<JobFn>> = {
  // the engine's reference task, for the engine's own tests and benchmarks (and the site's engine check)
  spirals: () => import('./spirals-job').then((m) => m.run),
};

/** The engine's own jobs, which every runner knows whatever registry it was given. */
export const loadBuiltInJob: LoadJob = async (kind) => (Object.hasOwn(builtIn, kind) ? builtIn[kind]() : null);
