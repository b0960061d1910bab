import { defineResults, type LabMetricName, type LabValues, type Series, type Tables } from '../../engine/lab';
import { faultsMetrics, normaliseChecks, predictionsAround, type CheckSeries, type FaultsSeries } from './faults-run';
import { CHECKS, CHECK_THRESHOLDS, DEFAULT_THRESHOLDS, type Check, type Thresholds } from './monitors';
import { FAULT_DEFS, type Fault } from './faults';
import { CHECK_LABELS, meta, type FaultsResult, type FleetResult } from './meta';
import { CELL_NAMES, fleetMetrics, type FleetReading } from './fleet-run';
import type { FleetPolicy } from './fleet-policies';

type Values = LabValues<typeof meta>;
type Numbers<K extends LabMetricName<typeof meta>> = { [N in K]: number | null };

/** The numbers part=faults shows. */
export type FaultsNumbers = Numbers<
  | 'launch_accuracy'
  | 'live_accuracy_before'
  | 'live_accuracy_after'
  | 'live_accuracy_drop'
  | 'uptime'
  | 'error_rate'
  | 'p99_latency_ms'
  | 'detect_day_schema'
  | 'detect_day_nulls'
  | 'detect_day_drift'
  | 'detect_day_predictions'
  | 'detect_day_labels'
  | 'days_to_detect'
  | 'false_alarms'
  | 'bad_predictions_served'
>;

/** The numbers part=fleet shows. */
export type FleetNumbers = Numbers<'launch_accuracy' | 'degraded_share' | 'degraded_model_days' | 'retrains' | 'analyst_hours' | 'compute_units' | 'days_to_notice' | 'unnoticed'>;
export const FLEET_METRICS = ['degraded_share', 'degraded_model_days', 'days_to_notice', 'unnoticed'] as const satisfies readonly (keyof FleetNumbers)[];
export const COST_METRICS = ['analyst_hours', 'retrains', 'compute_units', 'launch_accuracy'] as const satisfies readonly (keyof FleetNumbers)[];

export interface FleetView {
  part: 'fleet';
  metrics: FleetNumbers;
  policy: FleetPolicy;
  models: number;
  days: number;
  reviewsPerDay: number;
  reading: FleetReading;
}

export type ReliabilityView = FaultsView | FleetView;

export function fleetView(r: FleetResult): FleetView {
  const reading = fleetMetrics(r.run);
  const m = reading.metrics;
  const p = r.run.params;
  return {
    part: 'fleet',
    metrics: {
      launch_accuracy: m.launch_accuracy,
      degraded_share: m.degraded_share,
      degraded_model_days: m.degraded_model_days,
      retrains: m.retrains,
      analyst_hours: m.analyst_hours,
      compute_units: m.compute_units,
      days_to_notice: m.days_to_notice,
      unnoticed: m.unnoticed,
    },
    policy: p.policy,
    models: p.models,
    days: p.days,
    reviewsPerDay: p.reviews_per_day,
    reading,
  };
}

export const REGION_COLUMNS = ['region', 'drift_day', 'drift_strength', 'detect_day', 'retrains', 'degraded_days'] as const;

/** The model's numbers and the service dashboard's, in the order the View shows them. */
export const MODEL_METRICS = ['launch_accuracy', 'live_accuracy_before', 'live_accuracy_after', 'live_accuracy_drop'] as const satisfies readonly (keyof FaultsNumbers)[];
export const SERVICE_METRICS = ['uptime', 'error_rate', 'p99_latency_ms'] as const satisfies readonly (keyof FaultsNumbers)[];
export const ALERT_METRICS = ['days_to_detect', 'bad_predictions_served', 'false_alarms'] as const satisfies readonly (keyof FaultsNumbers)[];
export const DETECT_METRIC: Record<Check, keyof FaultsNumbers> = {
  schema: 'detect_day_schema',
  nulls: 'detect_day_nulls',
  drift: 'detect_day_drift',
  predictions: 'detect_day_predictions',
  labels: 'detect_day_labels',
};

/** One monitor as the run reads it at the current params. */
export interface MonitorRow {
  check: Check;
  label: string;
  enabled: boolean;
  /** its threshold(s) as set, e.g. "PSI 0.2" */
  threshold: string;
  series: CheckSeries;
  /** days from the fault to its first alert (null: it never fired, or there is no fault) */
  after: number | null;
}

export interface FaultsView {
  part: 'faults';
  metrics: FaultsNumbers;
  fault: Fault;
  /** what the fault does, in words, and the feature it breaks */
  what: string;
  feature: string | null;
  faultDay: number;
  days: number;
  labelDelay: number;
  launchAccuracy: number;
  series: FaultsSeries;
  monitors: MonitorRow[];
  /** the earliest alert among the enabled checks (on or after the fault; any, with no fault), which checks fired then, and their names in words */
  firstAlert: { day: number; checks: Check[]; names: string } | null;
}

export function thresholdsOf(v: Values): Thresholds {
  return { ...DEFAULT_THRESHOLDS, schema_share: v.schema_share, null_share: v.null_share, drift_psi: v.drift_psi, pred_shift: v.pred_shift, pred_psi: v.pred_psi, label_drop: v.label_drop };
}

const pct = (v: number) => `${+(100 * v).toFixed(1)} %`;
const THRESHOLD_TEXT: Record<keyof Thresholds, (v: number) => string> = {
  schema_share: (v) => `> ${pct(v)} of rows`,
  null_share: (v) => `+${pct(v)} missing`,
  drift_psi: (v) => `PSI > ${v}`,
  pred_shift: (v) => `share ±${pct(v)}`,
  pred_psi: (v) => `score PSI > ${v}`,
  label_drop: (v) => `${+(100 * v).toFixed(1)} points below launch`,
};

function firstAlertAt(day: number, fired: MonitorRow[]): NonNullable<FaultsView['firstAlert']> {
  const first = fired.filter((f) => f.series.detect_day === day);
  return { day, checks: first.map((f) => f.check), names: first.map((f) => f.label.toLowerCase()).join(' and ') };
}

export function faultsView(r: FaultsResult, v: Values): FaultsView {
  const run = r.run;
  const thresholds = thresholdsOf(v);
  const checks = normaliseChecks(v.checks);
  const reading = faultsMetrics(run, { checks, thresholds, label_delay: v.label_delay });
  const { fault, fault_day: faultDay } = run.params;
  const enabled = new Set(checks);
  const monitors: MonitorRow[] = CHECKS.map((c) => {
    const s = reading.checks[c];
    return {
      check: c,
      label: CHECK_LABELS[c],
      enabled: enabled.has(c),
      threshold: CHECK_THRESHOLDS[c].map((k) => THRESHOLD_TEXT[k](thresholds[k])).join(' or '),
      series: s,
      after: fault === 'none' || s.detect_day === null ? null : s.detect_day - faultDay,
    };
  });
  const fired = monitors.filter((m) => m.enabled && m.series.detect_day !== null);
  const day = fired.length ? Math.min(...fired.map((m) => m.series.detect_day ?? Infinity)) : null;
  const m = reading.metrics;
  return {
    part: 'faults',
    metrics: { ...m },
    fault,
    what: FAULT_DEFS[fault].what,
    feature: FAULT_DEFS[fault].feature,
    faultDay,
    days: run.stats.length,
    labelDelay: v.label_delay,
    launchAccuracy: run.profile.accuracy,
    series: reading.series,
    monitors,
    firstAlert: day === null ? null : firstAlertAt(day, fired),
  };
}

const daysAxis = (n: number) => Float64Array.from({ length: n }, (_, t) => t);
const nullable = (a: readonly (number | null)[]) => Float64Array.from(a, (v) => (v === null ? NaN : v));

export const MONITOR_COLUMNS = ['check', 'enabled', 'threshold', 'detect_day', 'days_after_fault', 'culprit', 'false_alarms'] as const;

function faultsSeries(view: FaultsView): Series {
  const s = view.series;
  const x = daysAxis(view.days);
  const out: Series = {
    live_accuracy: { x, y: s.accuracy },
    known_accuracy: { x, y: nullable(s.known_accuracy) },
    positive_share: { x, y: s.positive_share },
    score_psi: { x, y: s.score_psi },
    max_feature_psi: { x, y: s.drift_psi },
    uptime: { x, y: s.uptime },
    error_rate: { x, y: s.error_rate },
    p99_latency_ms: { x, y: s.p99_latency_ms },
  };
  for (const m of view.monitors) out[`fires_${m.check}`] = { x, y: m.series.fired.map((f) => (f ? 1 : 0)) };
  return out;
}

function faultsTables(view: FaultsView): Tables {
  return {
    monitors: {
      label: 'Monitors',
      columns: MONITOR_COLUMNS,
      rows: view.monitors.map((m) => ({
        check: m.check,
        enabled: m.enabled ? 'yes' : 'no',
        threshold: m.threshold,
        detect_day: m.enabled ? m.series.detect_day : null,
        days_after_fault: m.enabled ? m.after : null,
        culprit: m.enabled ? m.series.culprit : null,
        false_alarms: m.series.false_alarms,
      })),
    },
  };
}

export const results = defineResults(meta, {
  view: (r, v): ReliabilityView => (r.part === 'fleet' ? fleetView(r) : faultsView(r, v)),
  series: (_r, view): Series => {
    if (view.part === 'faults') return faultsSeries(view);
    const x = daysAxis(view.days);
    const s = view.reading.series;
    return { degraded_share: { x, y: s.degraded_share }, retrains: { x, y: s.retrains }, mean_live_accuracy: { x, y: s.accuracy } };
  },
  predictions: (r) =>
    r.part === 'fleet'
      ? {
          // per model-day, [region · days + day]: what degraded_share and degraded_model_days count
          live_accuracy: r.run.live_accuracy,
          offline: r.run.offline,
          degraded: r.run.degraded,
          cell_state: r.run.cells,
          cell_states: [...CELL_NAMES],
        }
      : predictionsAround(r.run),
  tables: (_r, view): Tables =>
    view.part === 'faults'
      ? faultsTables(view)
      : {
          regions: {
            label: 'Regions',
            columns: REGION_COLUMNS,
            rows: view.reading.regions.map((g) => ({
              region: g.region + 1,
              drift_day: g.drift_day,
              drift_strength: +g.strength.toFixed(3),
              detect_day: g.detect_day,
              retrains: g.retrains,
              degraded_days: g.degraded_days,
            })),
          },
        },
});
