import { defineRun } from '../../engine/lab';
import { meta } from './meta';
import { runFeed } from './feed-scenario';
import { runLoss } from './loss-scenario';

/** The objectives lab's job: part=objectives ranks a newsfeed two ways; part=loss trains one classifier with two losses. */
export const run = defineRun(meta, (p, ctx) => (p.part === 'loss' ? runLoss(p, ctx) : runFeed(p, ctx)));
