import { parseParams } from '../../engine/params';
import type { JobFn } from '../../engine/job';
import { schema } from './meta';
import { runFeed, type FeedParams } from './feed-scenario';
import { runLoss, type LossParams } from './loss-scenario';

/** The objectives lab's job: part=objectives ranks a newsfeed two ways; part=loss trains one classifier with two losses. */
export const run: JobFn = async (raw, ctx) => {
  const values = parseParams(schema, raw as Record<string, string>).values;
  return values.part === 'loss' ? runLoss(values as unknown as LossParams, ctx) : runFeed(values as unknown as FeedParams, ctx);
};
