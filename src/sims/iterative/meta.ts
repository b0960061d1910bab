import { choiceParam, defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab, type MetricSpec } from '../../engine/lab';
import { FEATURE_GROUPS, FEATURE_LABELS } from './features';
import { DAYS, LAST_WEEK } from './world';
import { STEP_COUNT } from './steps';
import type { StepResults } from './step-results';
import type { LogRow } from './project';

// Loaded with the site's first page (the catalogue reads every meta.ts): import nothing that trains.
/** the day the last week starts (project.ts's LAST_WEEK_FROM, here without the trainer behind it) */
const LAST_WEEK_FROM = DAYS - LAST_WEEK;

// The capstone: one search-ad project walked through the whole loop. `step` says which step the
// workspace shows (a Run computes steps 1 … step from the decisions); one param per decision.
export const schema = defineSchema([
  {
    name: 'step',
    type: 'int',
    label: 'Step',
    help: 'Which of the 13 steps the lab shows. Run computes every step up to it from the decisions; moving back to a step already computed needs no run.',
    default: 1,
    min: 1,
    max: STEP_COUNT,
    live: true,
    // the step rail is its control
    role: 'url-only',
  },
  {
    name: 'features',
    type: 'choice-list',
    label: 'Features (step 3)',
    help: 'Which feature groups the model gets: query–ad relevance, the advertiser’s click history, the ad slot, the time of day, the query category.',
    default: [...FEATURE_GROUPS],
    choices: FEATURE_GROUPS,
    choiceLabels: FEATURE_LABELS,
    minLength: 1,
  },
  {
    name: 'relabel_budget',
    type: 'int',
    label: 'Relabelling budget (step 5)',
    help: 'How many of the suspicious rows experts relabel at step 5 (0: none). Rows are chosen at random among the suspicious ones.',
    default: 4000,
    min: 0,
    max: 20000,
    step: 500,
  },
  choiceParam({
    name: 'remedy',
    label: 'Remedy for rare clicks (step 7)',
    help: 'explore: show ads to a small exploration slice of searches to collect more clicked examples; reweight: count each click as many rows; resample: drop non-clicked rows at random. Each model’s scores are corrected back to click probabilities.',
    default: 'explore',
    options: { explore: 'Collect more clicks (explore)', reweight: 'Reweight clicks', resample: 'Resample rows' },
  }),
  {
    name: 'window',
    type: 'int',
    label: 'Training window, days (step 9)',
    help: `How many recent days the model is retrained on at step 9, ending the day before the last week (at most ${LAST_WEEK_FROM}).`,
    default: 28,
    min: 3,
    max: LAST_WEEK_FROM,
  },
  choiceParam({
    name: 'objective',
    label: 'Objective (step 12)',
    help: 'What the deployed model is run for from step 12: impressions (show whenever a click is possible), click-through rate (the threshold with the most clicks × CTR on recent rows) or expected revenue (P(click) × price).',
    default: 'ctr',
    options: { impressions: 'Impressions', ctr: 'Click-through rate', revenue: 'Expected revenue' },
  }),
  {
    name: 'threshold',
    type: 'float',
    label: 'Decision threshold (steps 4–10)',
    help: 'The score at or above which a model says "show" when it is tested offline. Deployed models use their objective’s own operating point.',
    default: 0.5,
    min: 0.05,
    max: 0.95,
    step: 0.05,
    advanced: true,
  },
  ...commonParams({ lr: 0.05, epochs: 12, batch: 1024, layers: [] }),
]);

/** Sent after each step of a run: how far the run has come. */
export interface ProgressSnapshot {
  done: number;
  upTo: number;
}

/** The params a run walked the path with, so a later change can tell which steps it makes stale. */
export const RUN_INPUTS = ['seed', 'lr', 'epochs', 'batch', 'layers', 'threshold', 'features', 'relabel_budget', 'remedy', 'window', 'objective'] as const;
/** The first step each input changes: a decision its own step, training knobs and the seed everything. */
export const FIRST_STEP_OF: Record<(typeof RUN_INPUTS)[number], number> = {
  seed: 1,
  lr: 4,
  epochs: 4,
  batch: 4,
  layers: 4,
  threshold: 4,
  features: 3,
  relabel_budget: 5,
  remedy: 7,
  window: 9,
  objective: 12,
};

/** A run's result: every step it computed (1 … upTo), the project log, and the legacy baseline. */
export interface IterativeResult {
  upTo: number;
  /** the run's inputs, as their URL text */
  inputs: Record<string, string>;
  steps: StepResults;
  log: LogRow[];
  legacy: { impressions: number; clicks: number; ctr: number | null; revenue: number };
}

// Every number belongs to the step that measures it: each is shown (and exported) only at its step.
const at = (step: number, m: Omit<MetricSpec, 'optional'>): MetricSpec & { optional: true } => ({ ...m, optional: true, hint: m.hint ? `step ${step}: ${m.hint}` : `step ${step}` });
const CURRENT = 'the current model version on its test set, at the decision threshold';
const NO_SHOW = 'the model said "show" for no row';
const NO_IMPRESSIONS = 'no ad was shown';

export const meta = defineLab<{ snapshots: { progress: ProgressSnapshot }; result: IterativeResult }>()({
  id: 'iterative',
  title: 'The iterative loop: one ad project, thirteen steps',
  question: 'What does it take to get one ad model from an idea to earning money — and why is it never finished?',
  schema,
  metrics: {
    legacy_impressions: at(1, { label: 'Impressions a day, old system', kind: 'count', hint: 'ads shown on 30 % of searches at random' }),
    legacy_ctr: at(1, { label: 'Click-through rate, old system', kind: 'rate', why: NO_IMPRESSIONS }),
    legacy_revenue: at(1, { label: 'Revenue a day, old system', kind: 'money' }),
    train_rows: at(2, { label: 'Training rows', kind: 'count' }),
    test_rows: at(2, { label: 'Test rows (expert-labelled)', kind: 'count' }),
    label_positive_rate: at(2, { label: 'Share labelled "show" by the labellers', kind: 'rate' }),
    click_rate: at(2, { label: 'Share of test rows clicked', kind: 'rate' }),
    test_positives: at(2, { label: 'Clicked test rows', kind: 'count' }),
    inputs: at(3, { label: 'Model inputs', kind: 'count' }),
    version: { label: 'Model version', kind: 'count', optional: true, hint: 'the version in the project log this step trained or adopted' },
    accuracy: { label: 'Accuracy', kind: 'rate', higherIsBetter: true, optional: true, hint: CURRENT },
    recall: { label: 'Recall', kind: 'rate', higherIsBetter: true, optional: true, hint: CURRENT, why: 'the test set holds no clicks' },
    pr_auc: { label: 'PR-AUC', kind: 'rate', higherIsBetter: true, optional: true, hint: CURRENT, why: 'the test set holds no clicks' },
    baseline_accuracy: { label: 'Accuracy of never showing an ad', kind: 'rate', optional: true, hint: 'the share of rows not clicked' },
    segment_error_ratio: at(5, { label: 'Worst category’s error rate ÷ the others’', kind: 'number', hint: 'error analysis by query category' }),
    relabelled: at(5, { label: 'Rows relabelled', kind: 'count' }),
    labels_changed: at(5, { label: 'Labels the experts changed', kind: 'count' }),
    relabel_accuracy_gain: at(5, { label: 'Accuracy gained by relabelling', kind: 'rate', signed: true, higherIsBetter: true }),
    remedy_recall: at(7, { label: 'Recall with the remedy', kind: 'rate', higherIsBetter: true, why: 'the test set holds no clicks' }),
    remedy_precision: at(7, { label: 'Precision with the remedy', kind: 'rate', higherIsBetter: true, why: NO_SHOW }),
    remedy_pr_auc: at(7, { label: 'PR-AUC with the remedy', kind: 'rate', higherIsBetter: true, why: 'the test set holds no clicks' }),
    positives_added: at(7, { label: 'Clicked rows added', kind: 'count' }),
    exploration_impressions: at(7, { label: 'Extra ads shown to explore', kind: 'count', hint: 'the price of the explore remedy' }),
    offline_score: at(9, { label: 'PR-AUC on the two-month-old test set', kind: 'rate', higherIsBetter: true, why: 'the test set holds no clicks' }),
    last_week_score: at(9, { label: 'PR-AUC on last week', kind: 'rate', higherIsBetter: true, why: 'last week holds no clicks' }),
    gap: at(9, { label: 'Offline − last week', kind: 'rate', signed: true, higherIsBetter: false }),
    retrained_score: at(9, { label: 'PR-AUC on last week, retrained', kind: 'rate', higherIsBetter: true, why: 'last week holds no clicks' }),
    gap_recovered: at(9, { label: 'Gap recovered (1 = all of it)', kind: 'number', higherIsBetter: true, why: 'there is no gap to recover' }),
    impressions: { label: 'Impressions, last deployed day', kind: 'count', optional: true, hint: 'the business dashboard' },
    clicks: { label: 'Clicks, last deployed day', kind: 'count', optional: true, hint: 'the business dashboard' },
    ctr: { label: 'Click-through rate, last deployed day', kind: 'rate', higherIsBetter: true, optional: true, why: NO_IMPRESSIONS },
    revenue: { label: 'Revenue, last deployed day', kind: 'money', higherIsBetter: true, optional: true, hint: 'the business dashboard' },
    revenue_impressions: at(12, { label: 'Revenue over 14 days, run for impressions', kind: 'money', higherIsBetter: true }),
    revenue_ctr: at(12, { label: 'Revenue over 14 days, run for CTR', kind: 'money', higherIsBetter: true }),
    revenue_revenue: at(12, { label: 'Revenue over 14 days, run for expected revenue', kind: 'money', higherIsBetter: true }),
    impressions_impressions: at(12, { label: 'Impressions over 14 days, run for impressions', kind: 'count' }),
    impressions_ctr: at(12, { label: 'Impressions over 14 days, run for CTR', kind: 'count' }),
    impressions_revenue: at(12, { label: 'Impressions over 14 days, run for expected revenue', kind: 'count' }),
    versions: at(13, { label: 'Model versions in the log', kind: 'count' }),
  },
});
