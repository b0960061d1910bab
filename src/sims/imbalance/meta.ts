import { choiceParam, defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab } from '../../engine/lab';
import { birdstrikes } from '../../data/birdstrikes';
import type { BinarySummary } from '../../engine/binary-summary';

/** Birdstrikes as shipped: rows in the file and its share of damaging strikes (see public/data/README.md). */
export const BIRDSTRIKES = { rows: 10000, positiveRate: 0.1061 };

export const schema = defineSchema([
  choiceParam({
    name: 'data',
    label: 'Data',
    help: 'Synthetic ad clicks, or real FAA bird-strike reports (predict whether the strike damaged the aircraft).',
    default: 'synthetic',
    options: { synthetic: 'Ad clicks (synthetic)', birdstrikes: 'Bird strikes (FAA, real)' },
  }),
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
    name: 'extra_pos',
    type: 'int',
    label: 'Extra positives for training',
    help: 'More clicked searches from the same distribution, added to the training rows only: the test split, and its share of positives, stay as they were. Synthetic data only.',
    default: 0,
    min: 0,
    max: 20_000,
    dependsOn: { param: 'data', ranges: { birdstrikes: { max: 0 } } },
  },
  choiceParam({
    name: 'model',
    label: 'Model',
    help: 'Logistic regression, or a small neural network (its layers under Advanced).',
    default: 'logreg',
    options: { logreg: 'Logistic regression', mlp: 'Neural network (MLP)' },
  }),
  choiceParam({
    name: 'remedy',
    label: 'Remedy for imbalance',
    help: 'none; weights: each class weighted n / (2 · n_class) in the loss; oversample: repeat positives until the classes are even; undersample: drop negatives until they are. Every remedy gets the same number of training steps.',
    default: 'none',
    options: { none: 'None', weights: 'Class weights', oversample: 'Oversample positives', undersample: 'Undersample negatives' },
  }),
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
  ...commonParams({ lr: 0.01, epochs: 5, batch: 512, layers: [16, 8], layersWhen: (v) => v.model === 'mlp' }),
]);

export type Remedy = 'none' | 'weights' | 'oversample' | 'undersample';

/** What a run sends while it goes: the data it made, then training progress. */
export interface DataSnapshot {
  nTrain: number;
  nTest: number;
  trainPositives: number;
  testPositives: number;
  featureNames: string[];
  notes: string[];
  scatter: { x: Float32Array; y: Float32Array; cls: Uint8Array; xLabel: string; yLabel: string };
}
export interface ProgressSnapshot {
  epoch: number;
  epochs: number;
  lossEpoch: Float64Array;
  loss: Float64Array;
}
/** The final snapshot of an imbalance run, as `scenario.run` returns it. */
export interface ImbalanceResult {
  summary: BinarySummary;
  predictions: { y_true: Uint8Array; y_score: Float32Array };
  lossEpoch: Float64Array;
  loss: Float64Array;
  trainMs: number;
  fitRows: number;
  epochsFit: number;
  fileRows: number;
}

export const meta = defineLab<{ snapshots: { data: DataSnapshot; progress: ProgressSnapshot }; result: ImbalanceResult }>()({
  id: 'imbalance',
  title: 'The 99 % accurate model that is useless',
  question: 'When almost every label is negative, what does accuracy really tell you?',
  schema,
  // the real data it can run on, and the params that choose it: credited in the lab, its embeds and #/about
  data: [{ set: birdstrikes, when: { data: 'birdstrikes' } }],
  metrics: {
    accuracy: { label: 'Accuracy', kind: 'rate', higherIsBetter: true, hint: 'share of test rows predicted correctly' },
    baseline_accuracy: { label: 'Accuracy of always predicting the majority class', kind: 'rate', hint: 'what a model that never predicts a positive scores' },
    precision: { label: 'Precision', kind: 'rate', higherIsBetter: true, why: 'no row was predicted positive at this threshold' },
    recall: { label: 'Recall', kind: 'rate', higherIsBetter: true, why: 'the test split holds no positives' },
    f1: { label: 'F1', kind: 'rate', higherIsBetter: true, why: 'no positives and no positive predictions' },
    roc_auc: { label: 'ROC-AUC', kind: 'rate', higherIsBetter: true, why: 'the test split holds only one class' },
    pr_auc: { label: 'PR-AUC (average precision)', kind: 'rate', higherIsBetter: true, why: 'the test split holds no positives' },
    roc_auc_balanced: { label: 'ROC-AUC, classes weighted 50:50', kind: 'rate', higherIsBetter: true, hint: 'the same test scores, each negative weighted positives / negatives', why: 'the test split holds only one class' },
    pr_auc_balanced: { label: 'PR-AUC, classes weighted 50:50', kind: 'rate', higherIsBetter: true, hint: 'the same test scores, each negative weighted positives / negatives', why: 'the test split holds only one class' },
    log_loss: { label: 'Log loss', kind: 'loss', higherIsBetter: false },
    tp: { label: 'True positives (TP)', kind: 'count' },
    fp: { label: 'False positives (FP)', kind: 'count' },
    fn: { label: 'False negatives (FN)', kind: 'count' },
    tn: { label: 'True negatives (TN)', kind: 'count' },
    test_positives: { label: 'Positives in the test split', kind: 'count' },
  },
});
