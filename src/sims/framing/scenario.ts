import { parseParams } from '../../engine/params';
import type { JobFn } from '../../engine/job';
import { schema } from './meta';
import { runRouting } from './routing';
import { runQuantity } from './quantity';
import type { FramingParams } from './params';

/** The framing lab's job: route requests under one framing, or predict a quantity as regression or classification. */
export const run: JobFn = async (raw, ctx) => {
  const p = parseParams(schema, raw as Record<string, string>).values as unknown as FramingParams;
  return p.task === 'quantity' ? runQuantity(p, ctx) : runRouting(p, ctx);
};
