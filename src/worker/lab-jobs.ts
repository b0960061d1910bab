import type { LoadJob } from '../engine/jobs';

/** The labs' jobs for the engine's main-thread fallback, fetched only if that fallback ever runs one. */
export const loadLabJob: LoadJob = (kind) => import('../sims/jobs').then((m) => m.loadJob(kind));
