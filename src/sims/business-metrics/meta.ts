import { defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import type { SimMeta } from '../catalog';

export const schema = defineSchema([
  {
    name: 'threshold',
    type: 'float',
    label: 'Decision threshold',
    help: 'Each model shows the ads it scores at or above this. Moving it re-scores the same predictions (accuracy, confusion counts, money); it does not retrain.',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.01,
    live: true,
  },
  {
    name: 'cost_fp',
    type: 'float',
    label: 'Cost of an ad shown and not clicked',
    help: 'Money lost per wasted impression (the slot could have earned something else), in the same units as a click’s value (mean 1.0).',
    default: 0.1,
    min: 0,
    max: 1,
    step: 0.01,
    live: true,
  },
  {
    name: 'cost_fn',
    type: 'float',
    label: 'Cost of a missed click',
    help: 'Money lost per click the model failed to show (beyond the value not earned): goodwill, a contract penalty.',
    default: 0,
    min: 0,
    max: 1,
    step: 0.01,
    live: true,
  },
  {
    name: 'value_scale',
    type: 'float',
    label: 'Value of a click ×',
    help: 'Multiplies what every click earns (mean 1.0 at ×1). Model A’s loss weights are each row’s value divided by the mean, so scaling every value does not change its training.',
    default: 1,
    min: 0.1,
    max: 10,
    log: true,
    live: true,
  },
  {
    name: 'objective',
    type: 'choice',
    label: 'Which ads to show',
    help: 'impressions: every ad with at least a 2 % predicted chance of a click; clicks: the ads most likely to be clicked (chance ≥ the threshold); profit: the ads whose expected value beats their cost. All three use model B’s click probabilities; the table shows all three and highlights this one.',
    default: 'impressions',
    choices: ['impressions', 'clicks', 'profit'],
    choiceLabels: { impressions: 'Most impressions', clicks: 'Likeliest clicks', profit: 'Most expected profit' },
    live: true,
  },
  {
    name: 'n',
    type: 'int',
    label: 'Impressions',
    help: 'How many impressions to generate; 80 % train both models, 20 % test them (split keeping the click rate).',
    default: 30_000,
    min: 5_000,
    max: 200_000,
    log: true,
  },
  ...commonParams({ lr: 0.02, epochs: 8, batch: 1024, hidden: [32, 16] }).map((p) =>
    p.name === 'hidden'
      ? { ...p, label: 'Model B’s hidden layers', help: 'Units in each hidden layer of model B, comma-separated; model A is always a logistic regression (no hidden layer).' }
      : p,
  ),
]);

export const meta: SimMeta = {
  id: 'business-metrics',
  title: 'The more accurate model that earns less',
  question: 'Model B wins on accuracy and ROC-AUC. Is it the one that makes the money?',
  schema,
};
