import { defineRun } from '../../engine/lab';
import { meta } from './meta';
import { runRouting } from './routing';
import { runQuantity } from './quantity';

/**
 * The framing lab's job: route requests under one framing, or predict a quantity as regression or
 * classification. The schema keeps each framing under its task, so the framing says which.
 */
export const run = defineRun(meta, async (p, ctx) => {
  const framing = p.framing;
  return framing === 'regression' || framing === 'classification' ? runQuantity(p, framing, ctx) : runRouting(p, framing, ctx);
});
