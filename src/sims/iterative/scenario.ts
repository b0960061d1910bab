import { defineRun } from '../../engine/lab';
import { meta, RUN_INPUTS, type IterativeResult } from './meta';
import { COLLECT_DAYS, createProject, projectLog, runTo, type Project } from './pipeline';

/** What the old system did over the collected days, a day: ads at random on 30 % of searches. */
function legacy(p: Project): IterativeResult['legacy'] {
  const log = p.world.log;
  let rows = 0;
  let clicks = 0;
  let revenue = 0;
  for (let i = 0; i < log.n; i++) {
    if (log.day[i] >= COLLECT_DAYS) continue;
    rows++;
    if (log.click[i]) {
      clicks++;
      revenue += p.world.ads.cpc[log.ad[i]];
    }
  }
  return { impressions: rows / COLLECT_DAYS, clicks: clicks / COLLECT_DAYS, ctr: rows ? clicks / rows : null, revenue: revenue / COLLECT_DAYS };
}

/**
 * Runs in the engine worker: builds the project's world from the seed and walks steps 1 … `step`
 * with the URL's decisions, so a link reproduces the exact state at any step. Deterministic for a
 * seed and backend; every tensor is disposed inside the steps.
 */
export const run = defineRun(meta, async (p, ctx) => {
  const inputs = Object.fromEntries(RUN_INPUTS.map((k) => [k, String(p[k])]));
  // A learner walks the rail forward with a Run at each step: the project the last run left (same
  // inputs, not past this step) goes on from where it stopped, which gives exactly what a fresh
  // walk from step 1 gives (each step draws from its own seeded generator).
  const key = JSON.stringify({ ...inputs, backend: ctx.backend.name });
  const left = ctx.carry?.take(key);
  const project =
    isProject(left) && left.done <= p.step
      ? left
      : createProject(
          p.seed,
          { features: [...p.features], relabel_budget: p.relabel_budget, remedy: p.remedy, window: p.window, objective: p.objective, threshold: p.threshold },
          { lr: p.lr, epochs: p.epochs, batch: p.batch, layers: [...p.layers] },
        );
  ctx.emit('progress', { done: project.done, upTo: p.step });
  await runTo(project, p.step, ctx.control, (n) => ctx.emit('progress', { done: n, upTo: p.step }));
  ctx.carry?.put(key, project);
  // a deep copy of the step results: the result's typed arrays are transferred to the page (and so
  // emptied here), while the project keeps its own for the next run
  return { upTo: p.step, inputs, steps: structuredClone(project.results), log: projectLog(project), legacy: legacy(project) };
});

function isProject(v: unknown): v is Project {
  return typeof v === 'object' && v !== null && 'world' in v && 'results' in v && 'done' in v && typeof v.done === 'number';
}
