import { choiceParam, defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab, type LabValues } from '../../engine/lab';
import { cars } from '../../data/cars';
import type { FramingResult, FramingSnapshots } from './types';

/** cars.json as shipped: 406 cars, 8 without fuel economy and 6 without horsepower (see public/data/README.md). */
export const CARS = { rows: 406, noTarget: 8, noHorsepower: 6, used: 392 };

// Routing trains one linear model by mini-batches; a quantity trains a small linear model per split, full batch.
const QUANTITY_TRAINING = { lr: 0.3, epochs: 60, batch: 4096 };

export const schema = defineSchema([
  choiceParam({
    name: 'task',
    label: 'Problem',
    help: 'Routing: send each customer request to the right department(s). Quantity: predict a number (a car’s fuel economy, a house’s price).',
    default: 'routing',
    options: { routing: 'Route customer requests', quantity: 'Predict a quantity' },
  }),
  choiceParam({
    name: 'data',
    label: 'Data',
    help: 'Requests: synthetic support tickets to four departments. Cars: 392 real cars from 1970–82 (fuel economy). Houses: synthetic house prices.',
    default: 'requests',
    options: { requests: 'Bank support requests (synthetic)', cars: 'Cars 1970–82 (StatLib, real)', houses: 'House prices (synthetic)' },
    dependsOn: { param: 'task', choices: { routing: ['requests'], quantity: ['cars', 'houses'] }, defaults: { quantity: 'cars' } },
  }),
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
  choiceParam({
    name: 'change',
    label: 'After training',
    help: 'A new department (Legal) arrives: new requests mention it and bring new words. See what each framing must retrain, and whether the old departments’ scores move. Routing only.',
    default: 'none',
    options: { none: 'Nothing changes', legal: 'A new department arrives (Legal)' },
    dependsOn: { param: 'data', choices: { cars: ['none'], houses: ['none'] } },
  }),
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
  ...commonParams({ lr: 0.05, epochs: 6, batch: 128, trainingBy: { param: 'data', values: { cars: QUANTITY_TRAINING, houses: QUANTITY_TRAINING } } }),
]);

const DEPARTMENT_WHY = 'this department is neither true nor predicted for any test request';

export const meta = defineLab<{ snapshots: FramingSnapshots; result: FramingResult }>()({
  id: 'framing',
  title: 'One problem, several framings',
  question: 'Framed as binary, multiclass, multilabel, regression or classification: what can the model learn, and what does each framing cost?',
  schema,
  // the real data it can run on, and the params that choose it: credited in the lab, its embeds and #/about
  data: [{ set: cars, when: { task: 'quantity', data: 'cars' } }],
  // Each framing has its own numbers, so every metric is optional: a run shows and exports only its framing's.
  metrics: {
    // routing, binary: the one question "does this go to IT?"
    precision: { label: 'Precision (IT)', kind: 'rate', optional: true, higherIsBetter: true, hint: 'of the requests sent to IT, the share that belong there', why: 'no request was predicted for IT at this threshold' },
    recall: { label: 'Recall (IT)', kind: 'rate', optional: true, higherIsBetter: true, hint: 'of the requests that belong to IT, the share sent there', why: 'no test request is for IT' },
    f1: { label: 'F1 (IT)', kind: 'rate', optional: true, higherIsBetter: true, why: 'no IT requests and none predicted' },
    // routing, multiclass and multilabel; accuracy and macro F1 also score a quantity's buckets
    accuracy: { label: 'Accuracy', kind: 'rate', optional: true, higherIsBetter: true, hint: 'share of test rows answered right: a department the request concerns, or the bucket the true value falls in' },
    subset_accuracy: { label: 'Subset accuracy (exact set)', kind: 'rate', optional: true, higherIsBetter: true, hint: 'the predicted set of departments is exactly the true set; a multiclass model names one department, so it is exact only on one-department requests and cannot exceed their share, 1 − multi' },
    hamming_loss: { label: 'Hamming loss', kind: 'rate', optional: true, higherIsBetter: false, hint: 'share of (request, department) yes/no answers that are wrong' },
    micro_f1: { label: 'Micro F1', kind: 'rate', optional: true, higherIsBetter: true, why: 'no departments true or predicted' },
    macro_f1: { label: 'Macro F1', kind: 'rate', optional: true, higherIsBetter: true, hint: 'mean of the classes’ F1: the four departments, or the buckets' },
    label_recall: { label: 'Label recall (pairs recovered)', kind: 'rate', optional: true, higherIsBetter: true, hint: 'of all true (request, department) pairs, the share the predictions contain' },
    f1_accounting: { label: 'F1 Accounting', kind: 'rate', optional: true, higherIsBetter: true, why: DEPARTMENT_WHY },
    f1_inventory: { label: 'F1 Inventory', kind: 'rate', optional: true, higherIsBetter: true, why: DEPARTMENT_WHY },
    f1_hr: { label: 'F1 HR', kind: 'rate', optional: true, higherIsBetter: true, why: DEPARTMENT_WHY },
    f1_it: { label: 'F1 IT', kind: 'rate', optional: true, higherIsBetter: true, why: DEPARTMENT_WHY },
    // routing, after "A new department arrives": the old departments on the original test requests, and what the update cost
    f1_accounting_after: { label: 'F1 Accounting, after', kind: 'rate', optional: true, higherIsBetter: true, why: DEPARTMENT_WHY },
    f1_inventory_after: { label: 'F1 Inventory, after', kind: 'rate', optional: true, higherIsBetter: true, why: DEPARTMENT_WHY },
    f1_hr_after: { label: 'F1 HR, after', kind: 'rate', optional: true, higherIsBetter: true, why: DEPARTMENT_WHY },
    f1_it_after: { label: 'F1 IT, after', kind: 'rate', optional: true, higherIsBetter: true, why: DEPARTMENT_WHY },
    f1_legal: { label: 'F1 Legal (new requests)', kind: 'rate', optional: true, higherIsBetter: true, why: 'the binary model only answers “IT or not”: it has no Legal output' },
    old_f1_shift: { label: 'Largest F1 change, old departments', kind: 'rate', optional: true, hint: 'on the original test requests' },
    retrained_weights: { label: 'Weights retrained', kind: 'count', optional: true },
    retrain_steps: { label: 'Training steps', kind: 'count', optional: true },
    retrain_ms: { label: 'Retraining time', kind: 'ms', optional: true },
    // a quantity: the rows, then each metric's mean over splits with its lowest and highest split
    rows_used: { label: 'Rows used', kind: 'count', optional: true },
    rows_dropped: { label: 'Rows dropped', kind: 'count', optional: true },
    rmse: { label: 'RMSE', kind: 'number', optional: true, higherIsBetter: false },
    rmse_min: { label: 'RMSE, lowest split', kind: 'number', optional: true },
    rmse_max: { label: 'RMSE, highest split', kind: 'number', optional: true },
    mae: { label: 'MAE', kind: 'number', optional: true, higherIsBetter: false },
    mae_min: { label: 'MAE, lowest split', kind: 'number', optional: true },
    mae_max: { label: 'MAE, highest split', kind: 'number', optional: true },
    within_10pct: { label: 'Within 10 % of the truth', kind: 'rate', optional: true, higherIsBetter: true },
    within_10pct_min: { label: 'Within 10 %, lowest split', kind: 'rate', optional: true },
    within_10pct_max: { label: 'Within 10 %, highest split', kind: 'rate', optional: true },
    accuracy_min: { label: 'Accuracy, lowest split', kind: 'rate', optional: true },
    accuracy_max: { label: 'Accuracy, highest split', kind: 'rate', optional: true },
    macro_f1_min: { label: 'Macro F1, lowest split', kind: 'rate', optional: true },
    macro_f1_max: { label: 'Macro F1, highest split', kind: 'rate', optional: true },
    baseline_accuracy: { label: 'Accuracy of always the commonest bucket', kind: 'rate', optional: true },
    regression_mae: { label: 'MAE of regression, same splits', kind: 'number', optional: true, higherIsBetter: false },
  },
});

/** The lab's params, typed from the schema. */
export type FramingValues = LabValues<typeof meta>;
