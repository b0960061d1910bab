import { choiceParam, defineSchema } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab, type LabRunContext, type LabSnapshots, type LabValues } from '../../engine/lab';
import { cars } from '../../data/cars';
import { seattleWeather } from '../../data/seattle-weather';

/** The real data sets' fixed calendars: the years a model is trained on first and the years it then serves. */
export const CARS = { firstYear: 1970, trainedThrough: 1974, lastYear: 1982, servedYears: 8 };
export const WEATHER = { firstYear: 2012, trainedThrough: 2012, lastYear: 2015, servedYears: 3 };

const SYNTH_ONLY = 'Synthetic data only.';
const pinned = (v: number) => ({ min: v, max: v, default: v });

export const schema = defineSchema([
  choiceParam({
    name: 'data',
    label: 'Data',
    help: 'A simulated ad service whose world drifts as you choose, or real records that drifted by themselves.',
    default: 'synthetic',
    options: { synthetic: 'Ad clicks (simulated)', cars: 'Cars 1970–82 (real)', weather: 'Seattle weather 2012–15 (real)' },
  }),
  {
    name: 'days',
    type: 'int',
    label: 'Days in service',
    help: 'How long the model serves after launch. Real data: fixed years.',
    default: 120,
    min: 30,
    max: 365,
    dependsOn: { param: 'data', ranges: { cars: pinned(CARS.servedYears), weather: pinned(WEATHER.servedYears) } },
  },
  choiceParam({
    name: 'drift',
    label: 'How the world changes',
    help: 'Concept drift changes why people click (a little each day, all at once, or away and back every 90 days); covariate shift moves traffic to phones, where the model is weakest.',
    default: 'gradual',
    options: { none: 'No drift', gradual: 'Gradual concept drift', sudden: 'Sudden concept drift', seasonal: 'Seasonal concept drift', covariate: 'Covariate shift (inputs move)', recorded: 'As it happened (real data)' },
    dependsOn: {
      param: 'data',
      choices: { synthetic: ['none', 'gradual', 'sudden', 'seasonal', 'covariate'], cars: ['recorded'], weather: ['recorded'] },
      defaults: { cars: 'recorded', weather: 'recorded' },
    },
  }),
  {
    name: 'strength',
    type: 'float',
    label: 'Drift strength',
    help: `1: by the end the old relation tells nothing, or 80 % of traffic is on phones. ${SYNTH_ONLY}`,
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.05,
    dependsOn: { param: 'data', ranges: { cars: pinned(0.5), weather: pinned(0.5) } },
  },
  choiceParam({
    name: 'retrain',
    label: 'Retrain',
    help: 'How often the model in service is updated on the latest labelled data.',
    default: 'never',
    options: { never: 'Never', monthly: 'Every 30 days', weekly: 'Every 7 days', daily: 'Every day', yearly: 'Every year' },
    dependsOn: { param: 'data', choices: { synthetic: ['never', 'monthly', 'weekly', 'daily'], cars: ['never', 'yearly'], weather: ['never', 'yearly'] } },
  }),
  {
    name: 'window',
    type: 'int',
    label: 'Training window',
    help: 'Each training uses only the latest this-many days (years, for real data).',
    default: 30,
    min: 1,
    max: 120,
    dependsOn: { param: 'data', ranges: { cars: { min: 1, max: 5, default: 5 }, weather: { min: 1, max: 3, default: 1 } } },
  },
  choiceParam({
    name: 'update',
    label: 'How to retrain',
    help: 'Fine-tuning continues from the current weights for 5 small steps; from scratch trains fully every time.',
    default: 'finetune',
    options: { finetune: 'Fine-tune the current model', scratch: 'Train from scratch' },
    dependsOn: { param: 'data', choices: { cars: ['scratch'], weather: ['scratch'] }, defaults: { cars: 'scratch', weather: 'scratch' } },
  }),
  choiceParam({
    name: 'monitor',
    label: 'Monitoring',
    help: 'Inputs: feature drift (PSI) vs the training window, alert above 0.25. Labels: alert when the live 7-day mean is 5 points below the offline score. Re-reads the same run.',
    default: 'off',
    options: { off: 'Off', inputs: 'Inputs (feature drift)', labels: 'Labels (live score)', both: 'Inputs and labels' },
    live: true,
    dependsOn: { param: 'data', choices: { cars: ['off'], weather: ['off'] } },
  }),
  {
    name: 'label_delay',
    type: 'int',
    label: 'Label delay (days)',
    help: 'How late labels reach the monitor (retraining here uses every label up to yesterday).',
    default: 7,
    min: 0,
    max: 30,
    live: true,
    dependsOn: { param: 'data', ranges: { cars: pinned(7), weather: pinned(7) } },
  },
  choiceParam({
    name: 'metric',
    label: 'Score on the timeline',
    help: 'Used by the timeline, the gap and the label monitor. Re-reads the same run.',
    default: 'accuracy',
    options: { accuracy: 'Accuracy', roc_auc: 'ROC-AUC', log_loss: 'Log loss (lower is better)', mae: 'Mean absolute error, mpg (lower is better)' },
    live: true,
    dependsOn: { param: 'data', choices: { synthetic: ['accuracy', 'roc_auc', 'log_loss'], cars: ['mae'], weather: ['accuracy'] }, defaults: { cars: 'mae' } },
  }),
  {
    name: 'daily',
    type: 'int',
    label: 'New labelled rows a day',
    help: `Ads shown (and labelled clicked or not) each day. ${SYNTH_ONLY}`,
    default: 2000,
    min: 200,
    max: 5000,
    log: true,
    advanced: true,
    dependsOn: { param: 'data', ranges: { cars: pinned(2000), weather: pinned(2000) } },
  },
  {
    name: 'change_day',
    type: 'int',
    label: 'Change day (sudden drift)',
    help: `The day a sudden drift happens; 0 means halfway through the days in service. ${SYNTH_ONLY}`,
    default: 0,
    min: 0,
    max: 365,
    advanced: true,
    dependsOn: { param: 'data', ranges: { cars: pinned(0), weather: pinned(0) } },
  },
  choiceParam({
    name: 'model',
    label: 'Model',
    help: 'Logistic regression, or a small neural network (its layers below). Cars: linear regression only — a network given the model year extrapolates badly.',
    default: 'logreg',
    options: { logreg: 'Logistic regression', mlp: 'Neural network (MLP)', linear: 'Linear regression' },
    advanced: true,
    dependsOn: { param: 'data', choices: { synthetic: ['logreg', 'mlp'], cars: ['linear'], weather: ['logreg'] }, defaults: { cars: 'linear' } },
  }),
  ...commonParams({ lr: 0.05, epochs: 2, batch: 512, layers: [16, 8], layersWhen: (v) => v.model === 'mlp' }),
]);

/** The scores a run can be read by (the `metric` param). */
export const SCORE_NAMES = ['accuracy', 'roc_auc', 'log_loss', 'mae'] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];
export type Scores = Partial<Record<ScoreName, number | null>>;
export type Lines = Partial<Record<ScoreName, Float64Array>>;
export type Unit = 'day' | 'year';

/** What the run made, sent before the launch model trains. */
export interface DataSnapshot {
  data: 'synthetic' | 'cars' | 'weather';
  unit: Unit;
  nTrain: number;
  nTest: number;
  window: number;
  daily?: number;
  changeDay?: number;
  trainedFrom: number;
  trainedTo: number;
  servedFrom: number;
  servedTo: number;
  notes?: string[];
}

/** The launch model's held-out scores, and where the label monitor alerts for each (synthetic data). */
export interface OfflineSnapshot {
  offline: Scores;
  alertLevel?: Scores;
}

/**
 * What the timeline draws for every score: the periods served so far (a progress snapshot) or the
 * whole run (its view). Lines hold NaN where a score is undefined.
 */
export interface Timeline {
  /** x of each period served: days 1..n, or calendar years */
  periods: Float64Array;
  /** the deployed model's score per period */
  live: Lines;
  /** the deployed model's line as drawn smoothed: its 7-day mean (days), the line itself (years) */
  mean: Lines;
  /** the comparison model retrained every period, as drawn: its 7-day mean (days), its line (years) */
  ref: Lines;
  /** max PSI over the features per day (synthetic data), vs the serving model's training window */
  psi: Float64Array | null;
  /** the top of the PSI chart: above the alert band and every PSI so far */
  psiTop: number;
  /** periods at whose start the deployed model was retrained */
  retrainDays: Float64Array;
  /** the serving model's training window as [first, last] periods */
  servingWindow: [number, number];
}

/** Progress: the timeline so far, `day` of `days` periods served. */
export interface ProgressSnapshot extends Timeline {
  day: number;
  days: number;
}

/** Per-year facts of the weather mode: the label mix and each class's recall, frozen and retrained. */
export interface WeatherExtra {
  classes: string[];
  years: number[];
  /** [year][class] days */
  mix: number[][];
  /** [year][class] recall of the 2012 model and of the model retrained on the year(s) before; NaN where a class has no days */
  recallFrozen: number[][];
  recallRetrained: number[][];
  /** [year][class] how many days each model predicted as the class */
  predictedFrozen: number[][];
}

/** The final result of a staleness run, as `scenario.run` returns it. */
export interface StalenessResult {
  data: 'synthetic' | 'cars' | 'weather';
  task: 'binary' | 'regression' | 'multiclass';
  unit: Unit;
  /** x of each served period: days 1..days, or calendar years */
  periods: Float64Array;
  /** held-out score of the launch model on its own training era */
  offline: Scores;
  /** the deployed model over the final seven days (the final years, for real data) */
  lastWeek: Scores;
  /** the same, for the comparison model retrained every day (year) */
  lastWeekDaily: Scores;
  /** score per period of the deployed model and of the daily (yearly) retrained one; NaN where undefined */
  live: Lines;
  daily: Lines;
  /** max PSI over the features per day, and which feature, vs the serving model's training window */
  psi: Float64Array | null;
  psiFeature: Int8Array | null;
  features: string[];
  /** periods at whose start the deployed model was retrained */
  retrainDays: Float64Array;
  /** the launch model's training window, and the serving model's at the end, as [first, last] periods */
  launchWindow: [number, number];
  servingWindow: [number, number];
  /** synthetic: the day a sudden drift happens */
  changeDay: number | null;
  retrains: number;
  trainMs: number;
  /** real data: the whole run, file read included */
  totalMs?: number;
  /** what the final score was computed from */
  lastLabel: string;
  weather?: WeatherExtra;
  predictions: Record<string, ArrayLike<number>>;
}

const NO_ALERT = 'no monitor alerted during the run';

export const meta = defineLab<{ snapshots: { data: DataSnapshot; offline: OfflineSnapshot; progress: ProgressSnapshot }; result: StalenessResult }>()({
  id: 'staleness',
  title: 'The model that quietly goes stale',
  question: 'A model scored well on its test set two months ago. What does it score this week — and would anyone notice?',
  schema,
  // the real data it can run on, and the params that choose it: credited in the lab, its embeds and #/about
  data: [
    { set: cars, when: { data: 'cars' } },
    { set: seattleWeather, when: { data: 'weather' } },
  ],
  // The four scores read in the run's `metric` (a rate, a loss or miles per gallon): the view gives
  // each run's labels, kinds and directions (results.ts specsFor); these are the accuracy reading.
  metrics: {
    offline_score: {
      label: 'Offline test score',
      kind: 'rate',
      higherIsBetter: true,
      hint: "held-out rows from the launch model's own training days: the number the team believes",
      why: 'the offline test set has only one class',
    },
    last_week_score: {
      label: 'Live score, final week',
      kind: 'rate',
      higherIsBetter: true,
      hint: "the deployed model on the final week's traffic (the final years, for real data)",
      why: 'the final week has only one class',
    },
    gap: {
      label: 'Gap (positive = worse than believed)',
      kind: 'rate',
      higherIsBetter: false,
      hint: 'offline minus live for scores where higher is better, signed so positive means worse',
      why: 'one of the two scores is undefined',
    },
    retrained_score: {
      label: 'Retrained every day, same period',
      kind: 'rate',
      higherIsBetter: true,
      hint: 'the same window and update rule, retrained every day: the best this policy family can do',
      why: 'undefined for this period',
    },
    // synthetic data only: the monitors
    psi: {
      label: 'Input drift (PSI), last day',
      kind: 'number',
      higherIsBetter: false,
      hint: 'population stability index of the most-shifted feature vs the training window; above 0.25 alerts',
      why: 'input monitoring is off',
      optional: true,
    },
    first_alert_day: { label: 'First alert (day)', kind: 'count', why: NO_ALERT, optional: true },
    days_degraded_before_alert: {
      label: 'Days degraded before the alert',
      kind: 'count',
      higherIsBetter: false,
      hint: 'days between the live 7-day mean falling 5 points below the offline score and the first alert',
      why: 'no alert fired',
      optional: true,
    },
    // weather only: the change in what the labels mean (concept drift), hidden under the aggregate
    fog_share_first: { label: 'Share of fog days, first year', kind: 'rate', why: 'no days that year', optional: true },
    fog_share_last: { label: 'Share of fog days, last year', kind: 'rate', why: 'no days that year', optional: true },
    fog_recall_frozen: { label: 'Fog recall of the first-year model, last year', kind: 'rate', higherIsBetter: true, why: 'no fog days that year', optional: true },
    fog_recall_retrained: { label: 'Fog recall, retrained yearly, last year', kind: 'rate', higherIsBetter: true, why: 'no fog days that year', optional: true },
  },
});

export type StalenessParams = LabValues<typeof meta>;
/** What the scenario and its real-data modes run in: snapshots typed by kind. */
export type StalenessContext = LabRunContext<LabSnapshots<typeof meta>>;
