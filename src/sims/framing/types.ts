/**
 * What the framing lab's scenario sends, declared once for the scenario, the results adapter and
 * the View: the snapshots of a run by their kind, and its result (routing or a quantity).
 */

export type RoutingFraming = 'binary' | 'multiclass' | 'multilabel';
export type QuantityFraming = 'regression' | 'classification';

/** Per-split metric names, each averaged over splits for the screen. */
export const SPLIT_METRICS = ['rmse', 'mae', 'within_10pct', 'accuracy', 'macro_f1', 'baseline_accuracy', 'regression_mae'] as const;
export type SplitMetric = (typeof SPLIT_METRICS)[number];

export interface Sample {
  /** row of the test split */
  row: number;
  text: string;
  /** indices into ALL_DEPARTMENTS */
  departments: number[];
}

/** Routing: the requests made, before training. */
export interface RoutingData {
  task: 'routing';
  nTrain: number;
  nTest: number;
  vocabulary: number;
  twoDepartments: number;
  samples: Sample[];
}

/** Routing: training progress, first of the model, then (Legal arrives) of its update. */
export interface RoutingProgress {
  task: 'routing';
  phase: 'train' | 'retrain';
  epoch: number;
  epochs: number;
  lossEpoch: Float64Array;
  loss: Float64Array;
}

/** A quantity: the table loaded or made, before training. */
export interface QuantityData {
  task: 'quantity';
  target: string;
  unit: string;
  featureNames: string[];
  sourceRows: number;
  rows: number;
  dropped: { reason: string; rows: number }[];
  nTest: number;
}

/** A quantity: how far the splits (and the models trained on each) have got. */
export interface QuantityProgress {
  task: 'quantity';
  split: number;
  splits: number;
  fraction: number;
}

/** What "A new department arrives" cost and produced. */
export interface ChangeResult {
  /** weights that had to be trained again (0 when nothing was) */
  retrainedWeights: number;
  retrainSteps: number;
  retrainMs: number;
  newRequests: number;
  vocabularyBefore: number;
  vocabularyAfter: number;
  /** outputs per request after the change: 5 for multiclass and multilabel, 1 for binary */
  kAfter: number;
  /** the updated model's outputs on the original test split (n × kAfter) */
  oldAfter: Float32Array;
  /** the new period's test requests: departments (n × 5, Legal last) and the updated model's outputs (n × kAfter) */
  newTruth: Uint8Array;
  newScores: Float32Array | null;
}

export interface RoutingResult {
  task: 'routing';
  framing: RoutingFraming;
  nTrain: number;
  nTest: number;
  vocabulary: number;
  /** each test request's departments (n × 4) and its first department */
  truth: Uint8Array;
  primary: Uint8Array;
  /** the model's test outputs, n × k: k = 1 (binary: IT score), 4 (softmax probabilities or independent sigmoid scores) */
  scores: Float32Array;
  k: number;
  samples: Sample[];
  lossEpoch: Float64Array;
  loss: Float64Array;
  trainMs: number;
  weights: number;
  change: ChangeResult | null;
}

export interface QuantityResult {
  task: 'quantity';
  framing: QuantityFraming;
  target: string;
  unit: string;
  rows: number;
  sourceRows: number;
  nTest: number;
  splits: number;
  buckets: number;
  /** one value per split for each metric that applies (classification also has the regression's MAE as a reference) */
  perSplit: Partial<Record<SplitMetric, Float64Array>>;
  /** every split's test rows, in split order: true value, predicted value (for classification: the bucket's median), split index */
  yTrue: Float32Array;
  yPred: Float32Array;
  split: Uint16Array;
  /** classification: each row's true bucket, its bucket probabilities (n × buckets) and the regression's prediction for the same row */
  bucketTrue: Int32Array | null;
  bucketProb: Float32Array | null;
  regressionPred: Float32Array | null;
  /** classification: test rows by true and predicted bucket, summed over splits */
  confusion: number[][] | null;
  /** the first split's bucket edges and medians, in target units */
  edges: Float64Array | null;
  medians: Float64Array | null;
  /** classification: the mean over splits of accuracy, the most common bucket's accuracy and the mapped-back MAE, at several bucket counts */
  sweep: { buckets: Int32Array; accuracy: Float64Array; baseline: Float64Array; mae: Float64Array } | null;
  trainMs: number;
}

export type FramingResult = RoutingResult | QuantityResult;

/** The lab's snapshots by kind: each task sends its own, told apart by `task`. */
export type FramingSnapshots = {
  data: RoutingData | QuantityData;
  progress: RoutingProgress | QuantityProgress;
};
