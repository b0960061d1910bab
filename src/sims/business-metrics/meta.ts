import { choiceParam, defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab } from '../../engine/lab';
import type { BinarySummary } from '../../engine/binary-summary';
import { QUALITY_BAR, type MoneySummary } from './money';

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
  choiceParam({
    name: 'objective',
    label: 'Which ads to show',
    help: 'impressions: every ad with at least a 2 % predicted chance of a click; clicks: the ads most likely to be clicked (chance ≥ the threshold); profit: the ads whose expected value beats their cost. All three use model B’s click probabilities; the table shows all three and highlights this one.',
    default: 'impressions',
    options: { impressions: 'Most impressions', clicks: 'Likeliest clicks', profit: 'Most expected profit' },
    live: true,
  }),
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
  ...commonParams({
    lr: 0.02,
    epochs: 8,
    batch: 1024,
    layers: [32, 16],
    layersText: {
      label: 'Model B’s hidden layers',
      help: 'Units in each hidden layer of model B, comma-separated; model A is always a logistic regression (no hidden layer).',
    },
  }),
]);

/** What a run sends while it goes: the impressions it made, then each model's training progress. */
export interface DataSnapshot {
  nTrain: number;
  nTest: number;
  trainClicks: number;
  testClicks: number;
  valuableShare: number;
  valuableValueShare: number;
  meanValue: number;
}
export interface ProgressSnapshot {
  /** the model training now: A, B, or 'lr' (A's logistic regression with B's plain loss) */
  model: 'a' | 'b' | 'lr';
  epoch: number;
  epochs: number;
  lossEpochA: Float64Array;
  lossA: Float64Array;
  lossEpochB: Float64Array;
  lossB: Float64Array;
}
/** The final snapshot of a business-metrics run, as `scenario.run` returns it. */
export interface BusinessResult {
  summaryA: BinarySummary;
  summaryB: BinarySummary;
  /** the control: A's logistic regression trained with B's plain loss */
  summaryL: BinarySummary;
  moneyA: MoneySummary;
  moneyB: MoneySummary;
  moneyL: MoneySummary;
  /** mean value of a clicked impression on the training rows (before value_scale); null with no click */
  clickValueTrain: number | null;
  predictions: { y_true: Uint8Array; y_score_a: Float32Array; y_score_b: Float32Array; y_score_lr: Float32Array; value: Float32Array; valuable: Uint8Array };
  lossEpochA: Float64Array;
  lossA: Float64Array;
  lossEpochB: Float64Array;
  lossB: Float64Array;
  trainMsA: number;
  trainMsB: number;
}

const ROC_WHY = 'the test split holds one class only';
const NOTHING_SHOWN = 'no ad is shown';

export const meta = defineLab<{ snapshots: { data: DataSnapshot; progress: ProgressSnapshot }; result: BusinessResult }>()({
  id: 'business-metrics',
  title: 'The more accurate model that earns less',
  question: 'Model B wins on accuracy and ROC-AUC. Is it the one that makes the money?',
  schema,
  metrics: {
    // the scoreboard: both models at the threshold, on the same test impressions
    accuracy_a: { label: 'Accuracy, model A', kind: 'rate', higherIsBetter: true, hint: 'share of test impressions model A calls right' },
    accuracy_b: { label: 'Accuracy, model B', kind: 'rate', higherIsBetter: true, hint: 'share of test impressions model B calls right' },
    roc_auc_a: { label: 'ROC-AUC, model A', kind: 'rate', higherIsBetter: true, why: ROC_WHY },
    roc_auc_b: { label: 'ROC-AUC, model B', kind: 'rate', higherIsBetter: true, why: ROC_WHY },
    profit_a: { label: 'Profit, model A', kind: 'money', higherIsBetter: true, hint: 'value of the clicks shown, minus the wasted ads and missed clicks' },
    profit_b: { label: 'Profit, model B', kind: 'money', higherIsBetter: true, hint: 'value of the clicks shown, minus the wasted ads and missed clicks' },
    baseline_accuracy: { label: 'Accuracy of always “no click”', kind: 'rate', hint: 'what a model that never shows an ad scores' },
    // where the money comes from
    shown_a: { label: 'Ads shown, model A', kind: 'count' },
    shown_b: { label: 'Ads shown, model B', kind: 'count' },
    tp_a: { label: 'Shown and clicked (TP), model A', kind: 'count' },
    fp_a: { label: 'Shown, not clicked (FP), model A', kind: 'count' },
    fn_a: { label: 'Clicks missed (FN), model A', kind: 'count' },
    tn_a: { label: 'Not shown, not clicked (TN), model A', kind: 'count' },
    tp_b: { label: 'Shown and clicked (TP), model B', kind: 'count' },
    fp_b: { label: 'Shown, not clicked (FP), model B', kind: 'count' },
    fn_b: { label: 'Clicks missed (FN), model B', kind: 'count' },
    tn_b: { label: 'Not shown, not clicked (TN), model B', kind: 'count' },
    revenue_a: { label: 'Value of the clicks shown, model A', kind: 'money', higherIsBetter: true },
    revenue_b: { label: 'Value of the clicks shown, model B', kind: 'money', higherIsBetter: true },
    fp_cost_a: { label: 'Cost of the wasted ads, model A', kind: 'money', higherIsBetter: false },
    fp_cost_b: { label: 'Cost of the wasted ads, model B', kind: 'money', higherIsBetter: false },
    fn_cost_a: { label: 'Cost of the missed clicks, model A', kind: 'money', higherIsBetter: false },
    fn_cost_b: { label: 'Cost of the missed clicks, model B', kind: 'money', higherIsBetter: false },
    value_captured_a: { label: 'Share of all click value earned, model A', kind: 'percent', higherIsBetter: true, why: 'the test split holds no clicks' },
    value_captured_b: { label: 'Share of all click value earned, model B', kind: 'percent', higherIsBetter: true, why: 'the test split holds no clicks' },
    valuable_clicks: { label: 'Clicks on valuable impressions in the test split', kind: 'count' },
    valuable_clicks_a: { label: 'Clicks on valuable impressions shown, model A', kind: 'count', higherIsBetter: true },
    valuable_clicks_b: { label: 'Clicks on valuable impressions shown, model B', kind: 'count', higherIsBetter: true },
    // the threshold as a business decision
    best_threshold_accuracy: { label: "B's most accurate threshold", kind: 'number', hint: 'the threshold (0, 0.01, …, 1) where model B’s accuracy peaks' },
    best_threshold_profit: { label: "B's most profitable threshold", kind: 'number', hint: 'the threshold (0, 0.01, …, 1) where model B’s profit peaks' },
    best_profit_b: { label: 'Model B’s profit at its most profitable threshold', kind: 'money', higherIsBetter: true },
    best_threshold_profit_a: { label: "A's most profitable threshold", kind: 'number', hint: 'the threshold (0, 0.01, …, 1) where model A’s profit peaks' },
    best_profit_a: { label: 'Model A’s profit at its most profitable threshold', kind: 'money', higherIsBetter: true },
    // which ads to show: three objectives on model B's probabilities
    impressions_impressions: { label: 'Ads shown, chasing impressions', kind: 'count' },
    clicks_impressions: { label: 'Clicks, chasing impressions', kind: 'count' },
    ctr_impressions: { label: 'Click-through rate, chasing impressions', kind: 'rate', why: NOTHING_SHOWN },
    profit_impressions: { label: 'Profit, chasing impressions', kind: 'money', higherIsBetter: true },
    impressions_clicks: { label: 'Ads shown, chasing clicks', kind: 'count' },
    clicks_clicks: { label: 'Clicks, chasing clicks', kind: 'count' },
    ctr_clicks: { label: 'Click-through rate, chasing clicks', kind: 'rate', why: NOTHING_SHOWN },
    profit_clicks: { label: 'Profit, chasing clicks', kind: 'money', higherIsBetter: true },
    impressions_profit: { label: 'Ads shown, chasing profit', kind: 'count' },
    clicks_profit: { label: 'Clicks, chasing profit', kind: 'count' },
    ctr_profit: { label: 'Click-through rate, chasing profit', kind: 'rate', why: NOTHING_SHOWN },
    profit_profit: { label: 'Profit, chasing profit', kind: 'money', higherIsBetter: true },
    // read as a recommender
    quality_plays_a: { label: 'Quality plays, model A', kind: 'count', higherIsBetter: true, hint: `clicks on impressions worth at least ${QUALITY_BAR}` },
    quality_plays_b: { label: 'Quality plays, model B', kind: 'count', higherIsBetter: true, hint: `clicks on impressions worth at least ${QUALITY_BAR}` },
    take_rate_a: { label: 'Take-rate, model A', kind: 'rate', higherIsBetter: true, why: 'nothing is recommended', hint: 'quality plays ÷ ads shown' },
    take_rate_b: { label: 'Take-rate, model B', kind: 'rate', higherIsBetter: true, why: 'nothing is recommended', hint: 'quality plays ÷ ads shown' },
    test_clicks: { label: 'Clicks in the test split', kind: 'count' },
    // the loss alone: A's architecture (logistic regression) trained with B's plain loss
    accuracy_lr: { label: 'Accuracy, logistic regression with the plain loss', kind: 'rate', higherIsBetter: true },
    roc_auc_lr: { label: 'ROC-AUC, logistic regression with the plain loss', kind: 'rate', higherIsBetter: true, why: ROC_WHY },
    profit_lr: { label: 'Profit, logistic regression with the plain loss', kind: 'money', higherIsBetter: true },
    valuable_clicks_lr: { label: 'Clicks on valuable impressions shown, logistic regression with the plain loss', kind: 'count', higherIsBetter: true },
    best_profit_lr: { label: 'Profit of the plain-loss logistic regression at its most profitable threshold', kind: 'money', higherIsBetter: true },
    // break-even and B's calibration
    break_even_threshold: {
      label: 'Break-even chance of a click',
      kind: 'rate',
      why: 'the training rows hold no click',
      hint: 'cost_fp ÷ (cost_fp + value × mean value of a clicked training impression): above this chance an ad earns more than it wastes',
    },
    click_value_mean: { label: 'Mean value of a clicked training impression (× value)', kind: 'number', why: 'the training rows hold no click' },
    click_rate: { label: 'Click rate, test impressions', kind: 'rate' },
    predicted_rate_b: { label: 'Mean predicted chance of a click, model B', kind: 'rate' },
    click_rate_valuable: { label: 'Click rate, valuable test impressions', kind: 'rate', why: 'the test split holds no valuable impression' },
    predicted_rate_b_valuable: { label: 'Mean predicted chance of a click on valuable impressions, model B', kind: 'rate', why: 'the test split holds no valuable impression' },
    ece_b: { label: 'Calibration error (10 bins), model B', kind: 'rate', higherIsBetter: false, hint: 'mean |predicted − observed click rate| over 10 equal-width bins, weighted by impressions' },
  },
});
