import { defineSchema, type ParamSpec } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import type { SimMeta } from '../catalog';

/** cars.json as shipped: 406 cars, 8 without fuel economy and 6 without horsepower (see public/data/README.md). */
export const CARS = { rows: 406, noTarget: 8, noHorsepower: 6, used: 392 };

// Routing trains one linear model by mini-batches; a quantity trains a small linear model per split, full batch.
const training = commonParams({ lr: 0.05, epochs: 6, batch: 128 }).map((p): ParamSpec => {
  const quantity = { lr: { default: 0.3 }, epochs: { default: 60 }, batch: { default: 4096 } }[p.name];
  return quantity && (p.type === 'int' || p.type === 'float') ? { ...p, dependsOn: { param: 'data', ranges: { cars: quantity, houses: quantity } } } : p;
});

export const schema = defineSchema([
  {
    name: 'task',
    type: 'choice',
    label: 'Problem',
    help: 'Routing: send each customer request to the right department(s). Quantity: predict a number (a car’s fuel economy, a house’s price).',
    default: 'routing',
    choices: ['routing', 'quantity'],
    choiceLabels: { routing: 'Route customer requests', quantity: 'Predict a quantity' },
  },
  {
    name: 'data',
    type: 'choice',
    label: 'Data',
    help: 'Requests: synthetic support tickets to four departments. Cars: 392 real cars from 1970–82 (fuel economy). Houses: synthetic house prices.',
    default: 'requests',
    choices: ['requests', 'cars', 'houses'],
    choiceLabels: { requests: 'Bank support requests (synthetic)', cars: 'Cars 1970–82 (StatLib, real)', houses: 'House prices (synthetic)' },
    dependsOn: { param: 'task', choices: { routing: ['requests'], quantity: ['cars', 'houses'] }, defaults: { quantity: 'cars' } },
  },
  {
    name: 'framing',
    type: 'choice',
    label: 'Framing',
    help: 'Binary: one yes/no question (“does this go to IT?”). Multiclass: exactly one department. Multilabel: any number of departments. Regression: predict the number. Classification: predict which bucket (range) it falls in.',
    default: 'multiclass',
    choices: ['binary', 'multiclass', 'multilabel', 'regression', 'classification'],
    choiceLabels: {
      binary: 'Binary: is it for IT?',
      multiclass: 'Multiclass: one department',
      multilabel: 'Multilabel: one or more departments',
      regression: 'Regression: the number itself',
      classification: 'Classification: which bucket',
    },
    dependsOn: { param: 'task', choices: { routing: ['binary', 'multiclass', 'multilabel'], quantity: ['regression', 'classification'] }, defaults: { quantity: 'regression' } },
  },
  {
    name: 'n',
    type: 'int',
    label: 'Rows',
    help: 'How many requests (or houses) to generate; 80 % train the model, 20 % test it. The cars file has a fixed 392 usable rows.',
    default: 4000,
    min: 500,
    max: 20_000,
    log: true,
    dependsOn: { param: 'data', ranges: { cars: { min: CARS.used, max: CARS.used, default: CARS.used }, houses: { default: 1000 } } },
  },
  {
    name: 'multi',
    type: 'float',
    label: 'Requests for two departments',
    help: 'The share of requests that genuinely concern two departments (a laptop order is for Inventory and IT). Routing only.',
    default: 0.25,
    min: 0,
    max: 0.6,
    step: 0.05,
    dependsOn: { param: 'data', ranges: { cars: { min: 0, max: 0, default: 0 }, houses: { min: 0, max: 0, default: 0 } } },
  },
  {
    name: 'change',
    type: 'choice',
    label: 'After training',
    help: 'A new department (Legal) arrives: new requests mention it and bring new words. See what each framing must retrain, and whether the old departments’ scores move. Routing only.',
    default: 'none',
    choices: ['none', 'legal'],
    choiceLabels: { none: 'Nothing changes', legal: 'A new department arrives (Legal)' },
    dependsOn: { param: 'data', choices: { cars: ['none'], houses: ['none'] } },
  },
  {
    name: 'buckets',
    type: 'int',
    label: 'Buckets',
    help: 'Classification of a quantity: how many ranges the target is cut into, each holding the same share of the training rows (quantiles). A predicted bucket maps back to its median value.',
    default: 5,
    min: 2,
    max: 20,
    dependsOn: {
      param: 'framing',
      ranges: { binary: { min: 5, max: 5 }, multiclass: { min: 5, max: 5 }, multilabel: { min: 5, max: 5 }, regression: { min: 5, max: 5 } },
    },
  },
  {
    name: 'splits',
    type: 'int',
    label: 'Train/test splits',
    help: 'A small test set is noisy, so a quantity is scored on this many random 80/20 splits: the lab shows their mean and their range. Routing uses one split.',
    default: 10,
    min: 1,
    max: 30,
    dependsOn: { param: 'data', ranges: { requests: { min: 1, max: 1, default: 1 } } },
  },
  {
    name: 'threshold',
    type: 'float',
    label: 'Decision threshold',
    help: 'Binary and multilabel: a department is predicted when its score is at or above this. Moving it re-scores the same predictions without retraining.',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.01,
    live: true,
    dependsOn: {
      param: 'framing',
      ranges: { multiclass: { min: 0.5, max: 0.5 }, regression: { min: 0.5, max: 0.5 }, classification: { min: 0.5, max: 0.5 } },
    },
  },
  ...training,
]);

export const meta: SimMeta = {
  id: 'framing',
  title: 'One problem, several framings',
  question: 'Framed as binary, multiclass, multilabel, regression or classification: what can the model learn, and what does each framing cost?',
  schema,
};
