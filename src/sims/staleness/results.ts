import type { Values } from '../../engine/params';
import type { LabAdapter } from '../../ui/sim-controller.svelte';
import type { Snapshot } from '../../engine/protocol';
import { alerts, gapOf, MEAN_DAYS, trailingMean, type Alerts, type Monitor, type ScoreName } from './monitor';

export type Scores = Partial<Record<ScoreName, number | null>>;
export type Lines = Partial<Record<ScoreName, Float64Array>>;

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

/** The final snapshot of a staleness run, as `scenario.run` returns it. */
export interface StalenessResult extends Snapshot {
  data: 'synthetic' | 'cars' | 'weather';
  task: 'binary' | 'regression' | 'multiclass';
  unit: 'day' | 'year';
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
  /** what the final score was computed from */
  lastLabel: string;
  weather?: WeatherExtra;
  predictions: Record<string, ArrayLike<number>>;
}

/** What a run is scored by now: the live `metric` param when this run has it, else its first score. */
export function metricOf(r: StalenessResult, values: Values): ScoreName {
  const m = values.metric as ScoreName;
  return r.offline[m] !== undefined ? m : (Object.keys(r.offline)[0] as ScoreName);
}

/** The monitors' reading of a run at the current (live) monitor params. */
export function monitorOf(r: StalenessResult, values: Values): Alerts & { metric: ScoreName } {
  const metric = metricOf(r, values);
  const daily = r.live[metric] ?? new Float64Array(0);
  return {
    metric,
    ...alerts({
      metric,
      offline: r.offline[metric] ?? null,
      daily,
      psi: r.psi ?? new Float64Array(daily.length).fill(NaN),
      monitor: (r.psi ? values.monitor : 'off') as Monitor,
      labelDelay: values.label_delay as number,
      days: daily.length,
    }),
  };
}

const at = <T>(a: ArrayLike<T> | null | undefined, i: number): T | undefined => (a && i >= 0 && i < a.length ? a[i] : undefined);

/** Every number the lab shows, flat: the screen, the export and `mlsd:done` share it. */
export function stalenessMetrics(r: StalenessResult, values: Values): Record<string, number | null> {
  const metric = metricOf(r, values);
  const offline = r.offline[metric] ?? null;
  const last = r.lastWeek[metric] ?? null;
  const mon = monitorOf(r, values);
  const watchInputs = r.psi !== null && (values.monitor === 'inputs' || values.monitor === 'both');
  const lastPsi = at(r.psi, (r.psi?.length ?? 0) - 1);
  const out: Record<string, number | null> = {
    offline_score: offline,
    last_week_score: last,
    gap: gapOf(metric, offline, last),
    retrained_score: r.lastWeekDaily[metric] ?? null,
  };
  if (r.psi) {
    out.psi = watchInputs && lastPsi !== undefined && Number.isFinite(lastPsi) ? lastPsi : null;
    out.first_alert_day = mon.first_alert_day;
    out.days_degraded_before_alert = mon.days_degraded_before_alert;
  }
  if (r.weather) {
    const w = r.weather;
    const fog = w.classes.indexOf('fog');
    const share = (y: number) => {
      const row = w.mix[y];
      const total = row.reduce((s, v) => s + v, 0);
      return total ? row[fog] / total : null;
    };
    const lastYear = w.years.length - 1;
    const num = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
    out.fog_share_first = share(0);
    out.fog_share_last = share(lastYear);
    out.fog_recall_frozen = num(w.recallFrozen[lastYear]?.[fog]);
    out.fog_recall_retrained = num(w.recallRetrained[lastYear]?.[fog]);
  }
  return out;
}

/** The 7-day mean of a daily line (real data: the line itself, one point a year). */
export function smoothed(r: StalenessResult, line: Float64Array): Float64Array {
  return r.unit === 'day' ? trailingMean(line, MEAN_DAYS) : line;
}

export const adapter: LabAdapter<StalenessResult> = {
  metrics: stalenessMetrics,
  series: (r) => {
    const x = r.periods;
    const out: Record<string, { x: ArrayLike<number>; y: ArrayLike<number> }> = {};
    for (const [name, line] of Object.entries(r.live)) {
      out[`deployed_${name}`] = { x, y: line! };
      if (r.unit === 'day') out[`deployed_${name}_7day_mean`] = { x, y: trailingMean(line!, MEAN_DAYS) };
      const daily = r.daily[name as ScoreName];
      if (daily) out[`retrained_every_${r.unit}_${name}`] = { x, y: daily };
    }
    if (r.psi) out.psi = { x, y: r.psi };
    return out;
  },
  predictions: (r) => {
    // multiclass probabilities as rows, [[p0, p1, …], …], as the export contract has them
    const rows = (flat: ArrayLike<number>, k: number) => Array.from({ length: flat.length / k }, (_, i) => Array.from({ length: k }, (_, j) => flat[i * k + j]));
    if (r.task !== 'multiclass' || !r.weather) return r.predictions;
    const k = r.weather.classes.length;
    return { ...r.predictions, y_prob: rows(r.predictions.y_prob, k), offline_y_prob: rows(r.predictions.offline_y_prob, k), retrained_y_prob: rows(r.predictions.retrained_y_prob, k), frozen_y_prob: rows(r.predictions.frozen_y_prob, k) };
  },
};
