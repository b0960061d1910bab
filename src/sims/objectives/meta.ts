import { defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import type { SimMeta } from '../catalog';

/** The α values of a sweep: 0, 0.1, …, 1. */
export const SWEEP_ALPHAS: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10);
/** Candidate posts per reader's feed, and readers (feeds) in the test set. */
export const FEED_SIZE = 40;
export const FEEDS = 50;
/** Labelled posts each newsfeed model learns from. */
export const HISTORY_POSTS = 4000;
/** The loss part: reported posts to learn from and to test on. */
export const REPORT_TRAIN = 4000;
export const REPORT_TEST = 2000;

/** Params that belong to one part only; the view shows the controls of the part it is in. */
export const PART_PARAMS = {
  objectives: ['mode', 'alpha', 'k', 'wave'],
  loss: ['loss', 'noise'],
} as const;

export const schema = defineSchema([
  {
    name: 'part',
    type: 'choice',
    label: 'Part',
    help: 'objectives: rank a newsfeed for two objectives at once, coupled in one model or kept apart. loss: train one spam classifier with two different losses.',
    default: 'objectives',
    choices: ['objectives', 'loss'],
    choiceLabels: { objectives: 'Two objectives: a feed', loss: 'One loss: a spam filter' },
  },
  {
    name: 'mode',
    type: 'choice',
    label: 'How the objectives are combined',
    help: 'coupled: one model learns α·quality + (1−α)·engagement, so every new α means a new model. decoupled: a quality model and an engagement model, trained once; the feed ranks by α·q + (1−α)·e.',
    default: 'coupled',
    choices: ['coupled', 'decoupled'],
    choiceLabels: { coupled: 'Coupled: one model', decoupled: 'Decoupled: two models' },
  },
  {
    name: 'alpha',
    type: 'float',
    label: 'Weight on quality (α)',
    help: '1 ranks by quality alone, 0 by engagement alone. Decoupled: moving it re-ranks at once, no training. Coupled: a new α needs a new model — run again.',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.1,
    // live in decoupled mode only: the view hands the controller a schema whose flag follows `mode` (see live-alpha.ts)
    live: true,
  },
  {
    name: 'k',
    type: 'int',
    label: 'Posts shown per feed (k)',
    help: 'Each reader sees the top k of 40 candidate posts. Feed quality and engagement are means over those k posts, over 50 readers. Re-ranks without training.',
    default: 10,
    min: 1,
    max: FEED_SIZE,
    live: true,
  },
  {
    name: 'wave',
    type: 'bool',
    label: 'Spam wave',
    help: 'After training, spammers change tactics: old accounts posting in bursts instead of new accounts posting links. Each system then retrains what it must on fresh posts.',
    default: false,
  },
  {
    name: 'loss',
    type: 'choice',
    label: 'Loss of this run',
    help: 'What the spam classifier is paid to lower. The other loss is trained too, on the same rows from the same start, and shown as the pinned run.',
    default: 'cross_entropy',
    choices: ['cross_entropy', 'mse'],
    choiceLabels: { cross_entropy: 'Cross-entropy (log loss)', mse: 'Squared error on the probabilities' },
  },
  {
    name: 'noise',
    type: 'float',
    label: 'Wrong reports',
    help: 'Share of training and test labels that are wrong: spam reported as fine, or fine posts reported as spam.',
    default: 0.05,
    min: 0,
    max: 0.3,
    step: 0.01,
  },
  ...commonParams({ lr: 0.02, epochs: 10, batch: 256, hidden: [16] }),
]);

export const meta: SimMeta = {
  id: 'objectives',
  title: 'What the loss pays for, and why two objectives are better kept apart',
  question: 'Does training one model on a blend of objectives buy anything that two models and a slider do not?',
  schema,
};
