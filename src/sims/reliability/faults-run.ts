import { createRng, stratifiedSplit } from '../../engine/rng';
import { train } from '../../engine/train';
import { Network, logisticRegression, mlp, predict, type ModelSpec } from '../../engine/model';
import type { RunControl } from '../../engine/control';
import { ROWS_PER_DAY, TRAIN_DAYS, generateDays, type Rows } from './stream';
import { F, encode, fitEncoder, pipeline, type Encoder, type Served } from './features';
import { applyFault, type Fault } from './faults';
import { CHECKS, DEFAULT_CHECKS, DEFAULT_THRESHOLDS, checkValue, culprit, dayStats, fires, learnProfile, type Check, type DayStats, type Profile, type Thresholds } from './monitors';
import { simulateService, type ServiceDays } from './service';

/**
 * Part `faults` of the reliability lab, whole: train a click model on two weeks of logged traffic,
 * launch it, serve `days` days of the stream with a fault from `fault_day` on, and record for every
 * day what each monitor would see and what the service dashboard shows. Thresholds, the enabled
 * checks and the label delay are read afterwards by faultsMetrics (live: no retraining).
 */

export interface Knobs {
  lr: number;
  epochs: number;
  batch: number;
  /** hidden layer sizes; [] is logistic regression */
  layers: number[];
}
export const DEFAULT_KNOBS: Knobs = { lr: 0.05, epochs: 10, batch: 512, layers: [] };

export interface FaultsParams {
  days: number;
  fault_day: number;
  fault: Fault;
  label_delay: number;
  checks: readonly Check[];
  thresholds: Thresholds;
  seed: number;
  knobs: Knobs;
}

export const DEFAULT_FAULTS_PARAMS: FaultsParams = {
  days: 60,
  fault_day: 20,
  fault: 'units',
  label_delay: 3,
  checks: DEFAULT_CHECKS,
  thresholds: DEFAULT_THRESHOLDS,
  seed: 1,
  knobs: DEFAULT_KNOBS,
};

/** Days before and after the fault pooled into live_accuracy_drop. */
export const WEEK = 7;
/** Share of the logged training traffic held out as the launch (validation) set. */
export const VALIDATION_SHARE = 0.2;

export interface FaultsRun {
  params: FaultsParams;
  /** the launched model (reuse it for the next run with the same seed and knobs) */
  launch: Launch;
  /** what the monitors learnt at launch: schema, training null shares, launch accuracy… */
  profile: Profile;
  /** per day (index = day of the run, 0 = launch day) */
  stats: DayStats[];
  service: ServiceDays;
  /** every served row: its day, its label, the score the model served */
  y_true: Uint8Array;
  y_score: Float32Array;
  day: Int16Array;
}

/** The checks a lab param lists, in their canonical order, unknown names dropped. */
export function normaliseChecks(checks: Iterable<string>): Check[] {
  const want = new Set(checks);
  return CHECKS.filter((c) => want.has(c));
}

export interface DayProgress {
  day: number;
  days: number;
  stats: DayStats;
}

/** The launched model and what the monitors learnt at launch: plain data, reusable by every run with its seed and knobs. */
export interface Launch {
  seed: number;
  knobs: Knobs;
  spec: ModelSpec;
  weights: Float32Array[];
  encoder: Encoder;
  profile: Profile;
  trainRows: number;
}

/** Train the click model on the TRAIN_DAYS days before launch (a stratified share held out as the launch set) and profile it. */
export async function launchModel(seed: number, knobs: Knobs, control: RunControl): Promise<Launch> {
  const logged = generateDays(seed, -TRAIN_DAYS, 0);
  const split = stratifiedSplit(logged.click, VALIDATION_SHARE, createRng(seed * 13 + 5));
  const all = pipeline(logged);
  const trainServed = pick(all, split.train);
  const launchServed = pick(all, split.test);
  const yTrain = Float32Array.from(split.train, (i) => logged.click[i]);
  const yLaunch = Uint8Array.from(split.test, (i) => logged.click[i]);
  const encoder = fitEncoder(trainServed);
  const spec = knobs.layers.length ? mlp(encoder.d, knobs.layers, 'sigmoid', 1, 'relu') : logisticRegression(encoder.d);
  const net = await train(
    { x: encode(encoder, trainServed), y: yTrain, n: trainServed.n },
    { spec, seed: seed * 7 + 3, lr: knobs.lr, epochs: knobs.epochs, batch: Math.min(knobs.batch, trainServed.n) },
    control,
  );
  try {
    const launchScores = await predict(net, encode(encoder, launchServed), launchServed.n);
    return { seed, knobs: { ...knobs, layers: [...knobs.layers] }, spec, weights: net.read(), encoder, profile: learnProfile(trainServed, launchScores, yLaunch), trainRows: trainServed.n };
  } finally {
    net.dispose();
  }
}

const sameKnobs = (a: Knobs, b: Knobs) => a.lr === b.lr && a.epochs === b.epochs && a.batch === b.batch && a.layers.join(',') === b.layers.join(',');

/** Can this launch serve a run with these params (same seed, same training knobs)? */
export const launchFits = (l: Launch, p: Pick<FaultsParams, 'seed' | 'knobs'>) => l.seed === p.seed && sameKnobs(l.knobs, p.knobs);

export interface RunOptions {
  /** sees each served day as it is read (for the lab's progress and snapshots) */
  onDay?: (p: DayProgress) => void | Promise<void>;
  /** sees the launched model (trained, or the one given) before the days are served */
  onLaunch?: (launch: Launch, reused: boolean) => void | Promise<void>;
  /** a launch from an earlier run: used when its seed and knobs match (a new fault or fault day re-serves, it does not retrain) */
  launch?: Launch;
}

/**
 * Train (or reuse the launch), launch, serve. The control is asked between days. Every tensor is
 * disposed, also on cancel.
 */
export async function runFaults(params: FaultsParams, control: RunControl, opts: RunOptions = {}): Promise<FaultsRun> {
  const days = Math.max(2, Math.round(params.days));
  const faultDay = Math.min(days - 1, Math.max(1, Math.round(params.fault_day)));
  const p: FaultsParams = { ...params, days, fault_day: faultDay, checks: normaliseChecks(params.checks) };
  const reused = !!opts.launch && launchFits(opts.launch, p);
  const launch = reused && opts.launch ? opts.launch : await launchModel(p.seed, p.knobs, control);
  await opts.onLaunch?.(launch, reused);

  const clean = generateDays(p.seed, 0, days);
  const arriving: Rows = applyFault(clean, p.fault, faultDay);
  const served = pipeline(arriving);
  const net = new Network(launch.spec, launch.weights);
  let scores: Float32Array;
  try {
    scores = await predict(net, encode(launch.encoder, served), served.n);
  } finally {
    net.dispose();
  }
  const service = simulateService(p.seed, days, ROWS_PER_DAY);

  const stats: DayStats[] = [];
  for (let t = 0; t < days; t++) {
    await control.checkpoint('epoch');
    const from = t * ROWS_PER_DAY;
    const to = from + ROWS_PER_DAY;
    const s = dayStats(launch.profile, { n: to - from, x: served.x.subarray(from * F, to * F) }, scores.subarray(from, to), arriving.click.subarray(from, to));
    stats.push(s);
    await opts.onDay?.({ day: t, days, stats: s });
  }
  return { params: p, launch, profile: launch.profile, stats, service, y_true: clean.click, y_score: scores, day: clean.day };
}

function pick(s: Served, rows: ArrayLike<number>): Served {
  const x = new Float32Array(rows.length * F);
  for (let k = 0; k < rows.length; k++) x.set(s.x.subarray(rows[k] * F, (rows[k] + 1) * F), k * F);
  return { n: rows.length, x };
}

// ---------------------------------------------------------------------------------------------
// Reading a run: the live part (checks, thresholds, label delay)

export interface FaultsView {
  checks: readonly Check[];
  thresholds: Thresholds;
  label_delay: number;
}

export interface CheckSeries {
  /** per day: the number the check compares with its threshold (null where it cannot say: labels not yet in) */
  value: (number | null)[];
  /** per day: does it fire (never, when the check is not enabled) */
  fired: boolean[];
  /** the first day on or after the fault it fires (with fault=none: the first day at all, a false alarm); null if never */
  detect_day: number | null;
  /** the feature it blames on its detection day */
  culprit: string | null;
  /** days it fires before the fault (with fault=none: all the days it fires) */
  false_alarms: number;
}

export interface FaultsSeries {
  /** the day's live accuracy (on labels that arrive later) */
  accuracy: number[];
  /** what the label monitor knows on each day: the accuracy of day t − label_delay, null before */
  known_accuracy: (number | null)[];
  positive_share: number[];
  score_psi: number[];
  /** largest feature PSI of the day, and per feature (FEATURES order) */
  drift_psi: number[];
  feature_psi: number[][];
  uptime: number[];
  error_rate: number[];
  p99_latency_ms: number[];
}

export interface FaultsMetrics {
  launch_accuracy: number;
  live_accuracy_before: number | null;
  live_accuracy_after: number | null;
  live_accuracy_drop: number | null;
  uptime: number;
  error_rate: number;
  p99_latency_ms: number;
  detect_day_schema: number | null;
  detect_day_nulls: number | null;
  detect_day_drift: number | null;
  detect_day_predictions: number | null;
  detect_day_labels: number | null;
  days_to_detect: number | null;
  false_alarms: number;
  bad_predictions_served: number;
}

export interface FaultsReading {
  metrics: FaultsMetrics;
  series: FaultsSeries;
  checks: Record<Check, CheckSeries>;
}

/** Mean accuracy of days [from, to) (clipped to the run); null when no day is left. */
function meanAccuracy(stats: DayStats[], from: number, to: number): number | null {
  const a = Math.max(0, from);
  const b = Math.min(stats.length, to);
  if (b <= a) return null;
  let s = 0;
  for (let t = a; t < b; t++) s += stats[t].accuracy;
  return s / (b - a);
}

export function faultsMetrics(run: FaultsRun, view: FaultsView = run.params): FaultsReading {
  const { stats, profile, service } = run;
  const { fault, fault_day: faultDay } = run.params;
  const days = stats.length;
  const enabled = new Set(normaliseChecks(view.checks));
  const delay = Math.max(0, Math.round(view.label_delay));
  const known = stats.map((_, t) => (t - delay >= 0 ? stats[t - delay].accuracy : null));

  const series = (c: Check): CheckSeries => {
    const value = stats.map((s, t) => checkValue(c, s, profile, known[t]));
    const fired = stats.map((s, t) => enabled.has(c) && fires(c, s, profile, known[t], view.thresholds));
    const from = fault === 'none' ? 0 : faultDay;
    const at = fired.findIndex((f, t) => f && t >= from);
    const falseAlarms = fired.filter((f, t) => f && (fault === 'none' || t < faultDay)).length;
    return { value, fired, detect_day: at < 0 ? null : at, culprit: at < 0 ? null : culprit(c, stats[at]), false_alarms: falseAlarms };
  };
  const checks: Record<Check, CheckSeries> = { schema: series('schema'), nulls: series('nulls'), drift: series('drift'), predictions: series('predictions'), labels: series('labels') };

  const detectDays = CHECKS.filter((c) => enabled.has(c)).map((c) => checks[c].detect_day).filter((d): d is number => d !== null);
  const firstAlert = fault === 'none' || !detectDays.length ? null : Math.min(...detectDays);
  // wrong answers served from the fault day through the day of the first alert (the day's rows are checked once served)
  let bad = 0;
  if (fault !== 'none') {
    const last = firstAlert === null ? days - 1 : firstAlert;
    for (let t = faultDay; t <= last; t++) bad += stats[t].n - stats[t].right;
  }
  const before = meanAccuracy(stats, faultDay - WEEK, faultDay);
  const after = meanAccuracy(stats, faultDay, faultDay + WEEK);
  const detect = (c: Check) => checks[c].detect_day;

  return {
    metrics: {
      launch_accuracy: profile.accuracy,
      live_accuracy_before: before,
      live_accuracy_after: after,
      live_accuracy_drop: before === null || after === null ? null : before - after,
      uptime: service.totals.uptime,
      error_rate: service.totals.error_rate,
      p99_latency_ms: service.totals.p99_latency_ms,
      detect_day_schema: detect('schema'),
      detect_day_nulls: detect('nulls'),
      detect_day_drift: detect('drift'),
      detect_day_predictions: detect('predictions'),
      detect_day_labels: detect('labels'),
      days_to_detect: firstAlert === null ? null : firstAlert - faultDay,
      false_alarms: CHECKS.reduce((s, c) => s + checks[c].false_alarms, 0),
      bad_predictions_served: bad,
    },
    series: {
      accuracy: stats.map((s) => s.accuracy),
      known_accuracy: known,
      positive_share: stats.map((s) => s.positiveShare),
      score_psi: stats.map((s) => s.scorePsi),
      drift_psi: stats.map((s) => Math.max(...s.psi)),
      feature_psi: stats.map((s) => Array.from(s.psi)),
      uptime: Array.from(service.uptime),
      error_rate: Array.from(service.errorRate),
      p99_latency_ms: Array.from(service.p99),
    },
    checks,
  };
}

/** The served rows live_accuracy_drop is computed from (the week before the fault and the week after), for the results export. */
export function predictionsAround(run: FaultsRun): { y_true: Uint8Array; y_score: Float32Array; day: Int16Array } {
  const from = Math.max(0, run.params.fault_day - WEEK) * ROWS_PER_DAY;
  const to = Math.min(run.stats.length, run.params.fault_day + WEEK) * ROWS_PER_DAY;
  return { y_true: run.y_true.slice(from, to), y_score: run.y_score.slice(from, to), day: run.day.slice(from, to) };
}
