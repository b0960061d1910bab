import { defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import type { SimMeta } from '../catalog';

/** Birdstrikes as shipped: rows in the file and its share of damaging strikes (see public/data/README.md). */
export const BIRDSTRIKES = { rows: 10000, positiveRate: 0.1061 };

export const schema = defineSchema([
  {
    name: 'data',
    type: 'choice',
    label: 'Data',
    help: 'Synthetic ad clicks, or real FAA bird-strike reports (predict whether the strike damaged the aircraft).',
    default: 'synthetic',
    choices: ['synthetic', 'birdstrikes'],
    choiceLabels: { synthetic: 'Ad clicks (synthetic)', birdstrikes: 'Bird strikes (FAA, real)' },
  },
  {
    name: 'pos',
    type: 'float',
    label: 'Share of positives',
    help: 'The fraction of rows whose label is positive (a click, a damaging strike). Real data can only go lower: positives are dropped at random.',
    default: 0.01,
    min: 0.0001,
    max: 0.5,
    log: true,
    dependsOn: { param: 'data', ranges: { birdstrikes: { max: BIRDSTRIKES.positiveRate, default: BIRDSTRIKES.positiveRate } } },
  },
  {
    name: 'n',
    type: 'int',
    label: 'Rows',
    help: 'How many rows to generate; 80 % train the model, 20 % test it (split keeping the share of positives). Real data uses the whole file.',
    default: 100_000,
    min: 1_000,
    max: 1_000_000,
    log: true,
    dependsOn: { param: 'data', ranges: { birdstrikes: { min: BIRDSTRIKES.rows, max: BIRDSTRIKES.rows, default: BIRDSTRIKES.rows } } },
  },
  {
    name: 'model',
    type: 'choice',
    label: 'Model',
    help: 'Logistic regression, or a small neural network (its layers under Advanced).',
    default: 'logreg',
    choices: ['logreg', 'mlp'],
    choiceLabels: { logreg: 'Logistic regression', mlp: 'Neural network (MLP)' },
  },
  {
    name: 'remedy',
    type: 'choice',
    label: 'Remedy for imbalance',
    help: 'none; weights: each class weighted n / (2 · n_class) in the loss; oversample: repeat positives until the classes are even; undersample: drop negatives until they are. Every remedy gets the same number of training steps.',
    default: 'none',
    choices: ['none', 'weights', 'oversample', 'undersample'],
    choiceLabels: { none: 'None', weights: 'Class weights', oversample: 'Oversample positives', undersample: 'Undersample negatives' },
  },
  {
    name: 'threshold',
    type: 'float',
    label: 'Decision threshold',
    help: 'A score at or above it counts as a positive prediction. Moving it re-scores the same predictions; it does not retrain.',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.01,
    live: true,
  },
  ...commonParams({ lr: 0.01, epochs: 5, batch: 512, hidden: [16, 8] }),
]);

export const meta: SimMeta = {
  id: 'imbalance',
  title: 'The 99 % accurate model that is useless',
  question: 'When almost every label is negative, what does accuracy really tell you?',
  schema,
};
