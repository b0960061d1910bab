import type { Maybe } from '../../engine/metrics';
import type { DeployOutcome, Objective } from './deploy';
import type { FeatureGroup } from './features';

/** The remedies step 7 offers for the rare positives. */
export type Remedy = 'explore' | 'reweight' | 'resample';

/** Offline numbers of one model on one labelled set, at the decision threshold. */
export interface Evaluation {
  n: number;
  positives: number;
  accuracy: Maybe;
  baseline_accuracy: Maybe;
  precision: Maybe;
  recall: Maybe;
  pr_auc: Maybe;
  /** share of rows the model says "show" for */
  shown: Maybe;
}

/** The exact scores a step's numbers were computed from (DESIGN.md's binary predictions): clean labels and the model's outputs. */
export interface Predictions {
  y_true: Uint8Array;
  y_score: Float32Array;
}

/** What each step measured: plain data for the View, the export and the tests. */
export interface Step1 {
  objective: 'impressions';
}
export interface Step2 {
  days: number;
  rows: number;
  train_rows: number;
  test_rows: number;
  /** share of training rows the pipeline labelled "show" */
  label_positive_rate: number;
  /** share of test rows actually clicked (the test set is expert-labelled) */
  click_rate: number;
  test_positives: number;
}
export interface Step3 {
  features: FeatureGroup[];
  inputs: string[];
}
export interface Step4 {
  version: number;
  evaluation: Evaluation;
  /** the version-1 model on the clean test set */
  predictions: Predictions;
}
export interface Step5 {
  /** per category: the step-4 model's error rate on the clean test set */
  segment_errors: { category: string; rows: number; errors: number; rate: number }[];
  flagged_category: string;
  segment_error_ratio: number;
  /** in the flagged category's training rows: each labeller's rows and "show" rate */
  labellers: { labeller: string; rows: number; positive_rate: number | null }[];
  flagged_labeller: string;
  suspicious_rows: number;
  relabelled: number;
  labels_changed: number;
  accuracy_before: Maybe;
  accuracy_after: Maybe;
  relabel_accuracy_gain: Maybe;
  /** the relabelled model on the clean test set */
  predictions: Predictions;
}
export interface Step7 {
  recall: Maybe;
  accuracy: Maybe;
  baseline_accuracy: Maybe;
  shown: Maybe;
  remedy: Remedy;
  remedy_recall: Maybe;
  remedy_accuracy: Maybe;
  remedy_precision: Maybe;
  remedy_pr_auc: Maybe;
  positives_added: number;
  /** ads the exploration slice showed (explore only) */
  exploration_impressions: number;
  /** the step-6 model and the remedied one on the clean test set */
  plain_predictions: Predictions;
  predictions: Predictions;
}
export interface Step9 {
  offline_score: Maybe;
  last_week_score: Maybe;
  gap: Maybe;
  retrained_last_week_score: Maybe;
  gap_recovered: Maybe;
  window_from: number;
  window_to: number;
  train_rows: number;
  last_week_rows: number;
  last_week_positives: number;
  /** on the last week: the step-8 model and the retrained one */
  stale_predictions: Predictions;
  predictions: Predictions;
}
export interface Adopted {
  version: number;
  data: string;
}
export interface Step11 {
  version: number;
  deployment: DeployOutcome;
}
export interface Step12 {
  revenue_impressions: number;
  revenue_ctr: number;
  revenue_revenue: number;
  impressions_impressions: number;
  impressions_ctr: number;
  impressions_revenue: number;
  deployments: Record<Objective, DeployOutcome>;
  chosen: Objective;
  version: number;
}
export interface Step13 {
  versions: number;
}

export interface StepResults {
  1?: Step1;
  2?: Step2;
  3?: Step3;
  4?: Step4;
  5?: Step5;
  6?: Adopted;
  7?: Step7;
  8?: Adopted;
  9?: Step9;
  10?: Adopted;
  11?: Step11;
  12?: Step12;
  13?: Step13;
}

