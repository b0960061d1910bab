import { defineResults, type LabMetricName, type LabMetrics, type LabValues, type MetricKind, type MetricSpec, type Series } from '../../engine/lab';
import { meta, SCORE_NAMES, type ScoreName, type StalenessResult, type WeatherExtra } from './meta';
import { alertLevel, alerts, gapOf, lowerIsBetter, timeline, type Alerts } from './monitor';

type Values = LabValues<typeof meta>;
type MetricName = LabMetricName<typeof meta>;

/** How each score reads: its name in sentences, its number kind, the range a guess of it can take. */
export const SCORES: Record<ScoreName, { word: string; kind: MetricKind; guess: [number, number]; better: 'higher' | 'lower' }> = {
  accuracy: { word: 'accuracy', kind: 'rate', guess: [0, 1], better: 'higher' },
  roc_auc: { word: 'ROC-AUC', kind: 'rate', guess: [0, 1], better: 'higher' },
  log_loss: { word: 'log loss', kind: 'loss', guess: [0, 5], better: 'lower' },
  mae: { word: 'mean absolute error (mpg)', kind: 'number', guess: [0, 30], better: 'lower' },
};

/** What a run is scored by now: the live `metric` param when this run has it, else its first score. */
export function metricOf(r: StalenessResult, values: Values): ScoreName {
  const m = values.metric;
  if (r.offline[m] !== undefined) return m;
  return SCORE_NAMES.find((s) => r.offline[s] !== undefined) ?? m;
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
      monitor: r.psi ? values.monitor : 'off',
      labelDelay: values.label_delay,
      days: daily.length,
    }),
  };
}

const at = <T>(a: ArrayLike<T> | null | undefined, i: number): T | undefined => (a && i >= 0 && i < a.length ? a[i] : undefined);
const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
const watchesInputs = (values: Values) => values.monitor === 'inputs' || values.monitor === 'both';

/** Every number the lab shows, flat: the screen, the export and `mlsd:done` share it. */
function metricsOf(r: StalenessResult, values: Values, mon: Alerts & { metric: ScoreName }): LabMetrics<typeof meta> {
  const metric = mon.metric;
  const offline = r.offline[metric] ?? null;
  const last = r.lastWeek[metric] ?? null;
  const out: LabMetrics<typeof meta> = {
    offline_score: offline,
    last_week_score: last,
    gap: gapOf(metric, offline, last),
    retrained_score: r.lastWeekDaily[metric] ?? null,
  };
  if (r.psi) {
    out.psi = watchesInputs(values) ? finite(at(r.psi, r.psi.length - 1)) : null;
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
    out.fog_share_first = share(0);
    out.fog_share_last = share(lastYear);
    out.fog_recall_frozen = finite(w.recallFrozen[lastYear]?.[fog]);
    out.fog_recall_retrained = finite(w.recallRetrained[lastYear]?.[fog]);
  }
  return out;
}

/** Every number the lab shows, flat, at these (live) params. */
export function stalenessMetrics(r: StalenessResult, values: Values): LabMetrics<typeof meta> {
  return metricsOf(r, values, monitorOf(r, values));
}

/** The feature the input monitor found most shifted on the last day, or ''. */
function psiFeatureOf(r: StalenessResult): string {
  const f = at(r.psiFeature, (r.psiFeature?.length ?? 0) - 1);
  return r.psi && f !== undefined && f >= 0 ? r.features[f] : '';
}

/**
 * The catalogue as this run reads it: the four scores in the run's metric (its kind, its name, which
 * way is better), periods in days or years, the monitor's state and the weather mode's years.
 */
function specsFor(r: StalenessResult, values: Values, metric: ScoreName, m: LabMetrics<typeof meta>): Record<MetricName, MetricSpec> {
  const base = meta.metrics;
  const { word, kind, better } = SCORES[metric];
  const higherIsBetter = better === 'higher';
  const unit = r.unit;
  const feature = psiFeatureOf(r);
  const off = values.monitor === 'off' ? 'monitoring is off: nothing can alert' : undefined;
  const years = r.weather?.years ?? [];
  const [first, last] = [years[0], years[years.length - 1]];
  return {
    ...base,
    offline_score: { ...base.offline_score, label: `Offline test score (${word})`, kind, higherIsBetter },
    last_week_score: { ...base.last_week_score, label: `Live score, ${r.lastLabel}`, kind, higherIsBetter },
    gap: { ...base.gap, kind, hint: `offline minus live for scores where ${better} is better, signed so positive means worse` },
    retrained_score: {
      ...base.retrained_score,
      label: `Retrained every ${unit}, same period`,
      kind,
      higherIsBetter,
      hint: `the same window and update rule, retrained every ${unit}: the best this policy family can do`,
    },
    psi: { ...base.psi, label: `Input drift (PSI), last day${feature && m.psi !== null ? ` — ${feature}` : ''}` },
    first_alert_day: { ...base.first_alert_day, why: off ?? base.first_alert_day.why },
    days_degraded_before_alert: { ...base.days_degraded_before_alert, why: off ?? base.days_degraded_before_alert.why },
    fog_share_first: { ...base.fog_share_first, label: `Share of fog days, ${first}` },
    fog_share_last: { ...base.fog_share_last, label: `Share of fog days, ${last}` },
    fog_recall_frozen: { ...base.fog_recall_frozen, label: `Fog recall of the ${first} model, ${last}` },
    fog_recall_retrained: { ...base.fog_recall_retrained, label: `Fog recall, retrained yearly, ${last}` },
  };
}

/** The metrics this run has, in the order they show. */
function namesFor(r: StalenessResult): MetricName[] {
  return [
    'offline_score',
    'last_week_score',
    'gap',
    'retrained_score',
    ...(r.psi ? (['psi', 'first_alert_day', 'days_degraded_before_alert'] as const) : []),
    ...(r.weather ? (['fog_share_first', 'fog_share_last', 'fog_recall_frozen', 'fog_recall_retrained'] as const) : []),
  ];
}

/** The weather mode's two bar charts: days of each label per year, and each label's recall in the last year. */
function weatherCharts(w: WeatherExtra) {
  const last = w.years.length - 1;
  return {
    years: w.years.map(String),
    classes: w.classes,
    firstYear: w.years[0],
    lastYear: w.years[last],
    /** days of each label, one value per year */
    mix: w.classes.map((c, k) => ({ label: c, days: w.mix.map((row) => row[k]) })),
    /** each label's recall in the last year: the first-year model, and the one retrained yearly */
    recallFrozen: w.classes.map((_, k) => w.recallFrozen[last][k]),
    recallRetrained: w.classes.map((_, k) => w.recallRetrained[last][k]),
  };
}

export const results = defineResults(meta, {
  view(r, values) {
    const mon = monitorOf(r, values);
    const metric = mon.metric;
    const metrics = metricsOf(r, values, mon);
    const offline = r.offline[metric] ?? null;
    return {
      metrics,
      /** the catalogue as this run reads it, and which of its metrics this run shows */
      specs: specsFor(r, values, metric, metrics),
      names: namesFor(r),
      metric,
      kind: SCORES[metric].kind,
      unit: r.unit,
      offline,
      alertLevel: offline === null ? null : alertLevel(metric, offline),
      monitor: mon,
      timeline: timeline(r.unit, r),
      weather: r.weather ? weatherCharts(r.weather) : null,
    };
  },
  series: (r, view): Series => {
    const x = r.periods;
    const out: Series = {};
    for (const name of SCORE_NAMES) {
      const line = r.live[name];
      if (!line) continue;
      out[`deployed_${name}`] = { x, y: line };
      const mean = view.timeline.mean[name];
      if (r.unit === 'day' && mean) out[`deployed_${name}_7day_mean`] = { x, y: mean };
      const daily = r.daily[name];
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
});
