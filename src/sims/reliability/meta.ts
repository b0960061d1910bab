import { choiceParam, defineSchema, type Values } from '../../engine/params';
import { commonParams } from '../../engine/common-params';
import { defineLab, type LabRunContext, type LabSnapshots, type LabValues } from '../../engine/lab';
import { CHECKS, DEFAULT_CHECKS, DEFAULT_THRESHOLDS, type Check } from './monitors';
import { FAULT_DEFS } from './faults';
import { ROWS_PER_DAY } from './stream';
import type { FaultsRun } from './faults-run';
import type { FleetRun } from './fleet-run';
import { REVIEW_MINUTES } from './fleet-policies';

// The reliability lab (the first two of the four requirements). part=faults: one deployed click
// model, a fault upstream, and which monitor notices it when. Only light modules are imported here:
// meta.ts is part of the site's first page, the trainer is not.

/** The same, short: the rows of the status strip. */
export const CHECK_SHORT: Record<Check, string> = { schema: 'Schema', nulls: 'Missing values', drift: 'Feature drift', predictions: 'Predictions', labels: 'Live accuracy' };

export const CHECK_LABELS: Record<Check, string> = {
  schema: 'Schema (types and ranges)',
  nulls: 'Missing / default values',
  drift: 'Feature drift (PSI)',
  predictions: 'Prediction distribution',
  labels: 'Live accuracy (labels)',
};

const faultsPart = (v: Values) => v.part !== 'fleet';
const fleetPart = (v: Values) => v.part === 'fleet';
const watching = (check: Check) => (v: Values) => faultsPart(v) && Array.isArray(v.checks) && v.checks.some((c) => c === check);

export const schema = defineSchema([
  choiceParam({
    name: 'part',
    label: 'Part',
    help: 'faults: one deployed click model and a fault upstream that crashes nothing. fleet: the same product in many regions, one model each, drifting on their own days, and who keeps them fresh.',
    default: 'faults',
    options: { faults: 'Reliable: a silent fault', fleet: 'Scalable: a hundred models' },
  }),
  choiceParam({
    name: 'fault',
    label: 'What goes wrong upstream',
    help: `From the fault day on: ${Object.values(FAULT_DEFS)
      .filter((f) => f.fault !== 'none')
      .map((f) => `${f.fault}: ${f.what}`)
      .join('; ')}; none: nothing (count the false alarms).`,
    default: 'units',
    options: {
      units: 'Price in cents, not dollars',
      stuck: 'A failed join: item CTR stuck at 0',
      category: 'A category renamed upstream',
      skew: 'Training/serving skew: 1-day views, not 7',
      none: 'Nothing (a quiet run)',
    },
    visibleWhen: faultsPart,
  }),
  {
    name: 'days',
    type: 'int',
    label: 'Days in service',
    help: `How many days the launched model serves, ${ROWS_PER_DAY.toLocaleString('en')} requests a day (the fleet: 1,000 a day in each region).`,
    default: 60,
    min: 10,
    max: 180,
    dependsOn: { param: 'part', ranges: { faults: { min: 10, max: 120, default: 60 }, fleet: { min: 30, max: 180, default: 120 } } },
  },
  {
    name: 'models',
    type: 'int',
    label: 'Regions (one model each)',
    help: 'How many regions the product serves. Each has its own model, trained on its own traffic, and its traffic changes on its own day.',
    default: 100,
    min: 1,
    max: 200,
    visibleWhen: fleetPart,
  },
  choiceParam({
    name: 'policy',
    label: 'Who keeps the models fresh',
    help: `manual: an analyst reviews a few models’ dashboards a day, in turn, and retrains the degraded ones found. alerts: each model has a label monitor; an alert opens a ticket the analyst works through. automated: an alert retrains the model at once, and the new model replaces the old only if it scores better. A review or ticket takes ${REVIEW_MINUTES} minutes.`,
    default: 'manual',
    options: { manual: 'An analyst reviews dashboards', alerts: 'Alerts open tickets for the analyst', automated: 'Alerts retrain automatically' },
    visibleWhen: fleetPart,
  }),
  {
    name: 'reviews_per_day',
    type: 'int',
    label: 'Reviews (or tickets) an analyst does a day',
    help: `How many dashboards (manual) or tickets (alerts) the analyst gets through each day, ${REVIEW_MINUTES} minutes each.`,
    default: 5,
    min: 1,
    max: 50,
    visibleWhen: (v) => fleetPart(v) && v.policy !== 'automated',
  },
  {
    name: 'fault_day',
    type: 'int',
    label: 'Fault day',
    help: 'The first day the fault is in the data (day 0 is launch day); from 1 to the last day in service.',
    default: 20,
    min: 1,
    max: 119,
    rangeWhen: { params: ['days'], range: (v) => ({ min: 1, max: Number(v.days) - 1, default: Math.min(20, Number(v.days) - 1) }) },
    visibleWhen: faultsPart,
  },
  {
    name: 'label_delay',
    type: 'int',
    label: 'Label delay (days)',
    help: 'How many days after a request its label (clicked or not) arrives. Monitors, analysts and retraining only see labels that have arrived. Faults: re-reads the same run.',
    default: 3,
    min: 0,
    max: 14,
    live: true,
    // the fleet's policies act on the labels they have, so there a new delay is a new run
    liveWhen: faultsPart,
  },
  {
    name: 'checks',
    type: 'choice-list',
    label: 'Monitors',
    help: 'Which checks watch the service. schema: types and ranges learnt from the training rows; nulls: the share of missing or default values; drift: each feature’s PSI against training; predictions: the share predicted positive and the score distribution against launch; labels: live accuracy once labels arrive. Re-reads the same run.',
    default: DEFAULT_CHECKS,
    choices: CHECKS,
    choiceLabels: CHECK_LABELS,
    minLength: 0,
    live: true,
    visibleWhen: faultsPart,
  },
  {
    name: 'schema_share',
    type: 'float',
    label: 'Schema alert: share of rows breaking it',
    help: 'The schema check fires when more than this share of a day’s rows has a value outside the type or range seen in training.',
    default: DEFAULT_THRESHOLDS.schema_share,
    min: 0.001,
    max: 0.5,
    log: true,
    live: true,
    visibleWhen: watching('schema'),
  },
  {
    name: 'null_share',
    type: 'float',
    label: 'Missing-values alert: rise in share',
    help: 'The nulls check fires when a feature’s share of missing or default values is this much above its share in training.',
    default: DEFAULT_THRESHOLDS.null_share,
    min: 0.01,
    max: 0.9,
    step: 0.01,
    live: true,
    visibleWhen: watching('nulls'),
  },
  {
    name: 'drift_psi',
    type: 'float',
    label: 'Drift alert: PSI above',
    help: 'The drift check fires when any feature’s population stability index against the training rows is above this (0.1: a moderate shift; 0.25: a major one).',
    default: DEFAULT_THRESHOLDS.drift_psi,
    min: 0.01,
    max: 2,
    log: true,
    live: true,
    visibleWhen: watching('drift'),
  },
  {
    name: 'pred_shift',
    type: 'float',
    label: 'Prediction alert: shift in share predicted positive',
    help: 'The predictions check fires when the share of requests predicted “will click” moves this far from launch…',
    default: DEFAULT_THRESHOLDS.pred_shift,
    min: 0.01,
    max: 0.9,
    step: 0.01,
    live: true,
    visibleWhen: watching('predictions'),
  },
  {
    name: 'pred_psi',
    type: 'float',
    label: 'Prediction alert: score PSI above',
    help: '…or when the scores’ PSI against the launch scores is above this.',
    default: DEFAULT_THRESHOLDS.pred_psi,
    min: 0.01,
    max: 2,
    log: true,
    live: true,
    visibleWhen: watching('predictions'),
  },
  {
    name: 'label_drop',
    type: 'float',
    label: 'Accuracy alert: drop below launch',
    help: 'The label check fires when the accuracy of the latest labelled day is this far below the launch accuracy (0.05: 5 points).',
    default: DEFAULT_THRESHOLDS.label_drop,
    min: 0.005,
    max: 0.5,
    step: 0.005,
    live: true,
    visibleWhen: watching('labels'),
  },
  ...commonParams({ lr: 0.05, epochs: 10, batch: 512, layers: [], trainingBy: { param: 'part', values: { fleet: { lr: 0.1, epochs: 4, batch: 256 } } } }),
]);

export type ReliabilityParams = LabValues<typeof meta>;

/** part=faults, sent once the click model is launched. */
export interface LaunchSnapshot {
  part: 'faults';
  trainDays: number;
  trainRows: number;
  launchRows: number;
  launchAccuracy: number;
  /** reused from the previous run (same seed and training knobs): nothing was retrained */
  reused: boolean;
}
/** part=faults, while the days are served: the day's live accuracy so far. */
export interface ServeSnapshot {
  part: 'faults';
  day: number;
  days: number;
  accuracy: Float64Array;
}

export interface FaultsResult {
  part: 'faults';
  run: FaultsRun;
  trainMs: number;
  reused: boolean;
}
/** part=fleet, each day served: the share of the fleet's models degraded so far. */
export interface FleetSnapshot {
  part: 'fleet';
  day: number;
  days: number;
  models: number;
  degraded_share: Float64Array;
  retrains: number;
}
export interface FleetResult {
  part: 'fleet';
  run: FleetRun;
  ms: number;
}
export type ReliabilityResult = FaultsResult | FleetResult;

const NO_ALERT = 'this check is off, or it never fired';
const faultsOnly = { optional: true } as const;
const fleetOnly = { optional: true } as const;

export const meta = defineLab<{ snapshots: { launch: LaunchSnapshot; serve: ServeSnapshot; fleet: FleetSnapshot }; result: ReliabilityResult }>()({
  id: 'reliability',
  title: 'Reliable and scalable: the model that fails without a sound',
  question: 'Every health check is green. Is the model still right, which check would tell you — and who watches a hundred of them?',
  schema,
  // Each part has its own numbers (the other part's are absent, hence `optional`).
  metrics: {
    launch_accuracy: {
      label: 'Launch accuracy',
      kind: 'rate',
      higherIsBetter: true,
      hint: 'held-out rows of the days the model was trained on (the fleet: the mean over its models)',
      optional: true,
    },
    live_accuracy_before: { label: 'Live accuracy, week before the fault', kind: 'rate', higherIsBetter: true, why: 'the fault day leaves no day before it', ...faultsOnly },
    live_accuracy_after: { label: 'Live accuracy, week after the fault', kind: 'rate', higherIsBetter: true, why: 'no day is served after the fault', ...faultsOnly },
    live_accuracy_drop: {
      label: 'Accuracy drop',
      kind: 'rate',
      higherIsBetter: false,
      signed: true,
      hint: 'the week before the fault minus the week after (0.05 is 5 points)',
      why: 'one of the two weeks is empty',
      ...faultsOnly,
    },
    uptime: { label: 'Uptime', kind: 'rate', higherIsBetter: true, hint: 'share of the run the endpoint answered its health checks', ...faultsOnly },
    error_rate: { label: 'Error rate', kind: 'rate', higherIsBetter: false, hint: 'share of requests answered with an error', ...faultsOnly },
    p99_latency_ms: { label: 'p99 latency', kind: 'ms', higherIsBetter: false, hint: '99th-percentile time to answer a request, over the run', ...faultsOnly },
    detect_day_schema: { label: 'Schema check fired', kind: 'count', hint: 'the first day it fires on or after the fault (with no fault: at all)', why: NO_ALERT, ...faultsOnly },
    detect_day_nulls: { label: 'Missing-values check fired', kind: 'count', hint: 'the first day it fires on or after the fault (with no fault: at all)', why: NO_ALERT, ...faultsOnly },
    detect_day_drift: { label: 'Drift check fired', kind: 'count', hint: 'the first day it fires on or after the fault (with no fault: at all)', why: NO_ALERT, ...faultsOnly },
    detect_day_predictions: { label: 'Prediction check fired', kind: 'count', hint: 'the first day it fires on or after the fault (with no fault: at all)', why: NO_ALERT, ...faultsOnly },
    detect_day_labels: { label: 'Accuracy check fired', kind: 'count', hint: 'the first day it fires on or after the fault, on the labels that have arrived', why: NO_ALERT, ...faultsOnly },
    days_to_detect: {
      label: 'Days to detect',
      kind: 'count',
      higherIsBetter: false,
      hint: 'the earliest day any enabled check fired, minus the fault day',
      why: 'no enabled check fired after the fault',
      ...faultsOnly,
    },
    false_alarms: { label: 'False alarms', kind: 'count', higherIsBetter: false, hint: 'check-days that fired before the fault (with no fault: every one)', ...faultsOnly },
    bad_predictions_served: {
      label: 'Wrong answers served before the alert',
      kind: 'count',
      higherIsBetter: false,
      hint: 'requests answered wrongly from the fault day through the day of the first alert (to the end, if none fires)',
      ...faultsOnly,
    },
    // part=fleet
    degraded_share: {
      label: 'Degraded model-days',
      kind: 'rate',
      higherIsBetter: false,
      hint: 'share of all model-days on which a model’s live accuracy was 5+ points below its offline score',
      ...fleetOnly,
    },
    degraded_model_days: { label: 'Degraded model-days (count)', kind: 'count', higherIsBetter: false, hint: 'model-days 5+ points below the model’s offline score', ...fleetOnly },
    retrains: { label: 'Retrains', kind: 'count', hint: 'models retrained, accepted or not', ...fleetOnly },
    analyst_hours: { label: 'Analyst hours', kind: 'number', higherIsBetter: false, hint: `reviews and tickets worked by people, ${REVIEW_MINUTES} minutes each`, ...fleetOnly },
    compute_units: { label: 'Compute (training steps)', kind: 'count', higherIsBetter: false, hint: 'gradient steps of the retrains, one model’s step each', ...fleetOnly },
    days_to_notice: {
      label: 'Days from drift to noticing',
      kind: 'number',
      higherIsBetter: false,
      hint: 'mean over the regions noticed: days from a region’s drift to the policy finding its model degraded',
      why: 'no region’s drift was noticed',
      ...fleetOnly,
    },
    unnoticed: { label: 'Regions never noticed', kind: 'count', higherIsBetter: false, hint: 'regions whose drift the policy never found', ...fleetOnly },
  },
});

/** What the scenario runs in: snapshots typed by kind. */
export type ReliabilityContext = LabRunContext<LabSnapshots<typeof meta>>;
