// What a team can watch in production, computed from numbers a run already produced: rolling
// means, the population stability index (PSI) of the inputs, and the two alert rules. Pure
// TypeScript, no TF.js, no DOM: it runs in the engine (PSI) and on the page (alerts re-read live).

import { PSI_ALERT } from '../../engine/psi';
import { SCORE_NAMES, type Lines, type ScoreName, type Timeline, type Unit } from './meta';

/** Lower is better for losses and errors; higher for accuracy and ROC-AUC. */
export const lowerIsBetter = (m: ScoreName) => m === 'log_loss' || m === 'mae';

/** Signed so that positive means "worse than the team believes". */
export function gapOf(metric: ScoreName, offline: number | null, live: number | null): number | null {
  if (offline === null || live === null || !Number.isFinite(offline) || !Number.isFinite(live)) return null;
  return lowerIsBetter(metric) ? live - offline : offline - live;
}

/** The label monitor's trigger: 5 points worse for scores in [0, 1], 5 % worse for losses and errors. */
export function isDegraded(metric: ScoreName, offline: number, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  return lowerIsBetter(metric) ? value >= offline * 1.05 : value <= offline - 0.05;
}

/** The alert threshold as a value on the metric's own scale (for drawing it). */
export function alertLevel(metric: ScoreName, offline: number): number {
  return lowerIsBetter(metric) ? offline * 1.05 : offline - 0.05;
}

/** Mean of the last `k` values ending at each index; NaN until `k` values are available (or if one is NaN). */
export function trailingMean(values: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  let sum = 0;
  let bad = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) sum += v;
    else bad++;
    if (i >= k) {
      const old = values[i - k];
      if (Number.isFinite(old)) sum -= old;
      else bad--;
    }
    if (i >= k - 1 && bad === 0) out[i] = sum / k;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Population stability index: the generic part lives in src/engine/psi.ts (the reliability lab uses it too)

export { PSI_BINS, PSI_MODERATE, PSI_ALERT, psiBins, binCounts, binOffsets, psi, type PsiBins } from '../../engine/psi';

// ---------------------------------------------------------------------------------------------
// Alerts

export type Monitor = 'off' | 'inputs' | 'labels' | 'both';

export interface AlertInput {
  metric: ScoreName;
  offline: number | null;
  /** the deployed model's live score per day (index 0 = day 1) */
  daily: ArrayLike<number>;
  /** PSI per day, vs the deployed model's training window */
  psi: ArrayLike<number>;
  monitor: Monitor;
  labelDelay: number;
  /** days served so far */
  days: number;
}

export interface Alerts {
  /** the live 7-day mean (what nobody sees without labels) */
  mean7: Float64Array;
  /** the label monitor's 7-day mean, as known on each day (labels `labelDelay` days late) */
  monitorMean: Float64Array;
  /** first day (1-based) the live 7-day mean is 5 points worse than offline, or null */
  degradedDay: number | null;
  /** first day each monitor alerts, or null */
  inputAlertDay: number | null;
  labelAlertDay: number | null;
  first_alert_day: number | null;
  days_degraded_before_alert: number | null;
}

export const MEAN_DAYS = 7;

export function alerts(a: AlertInput): Alerts {
  const n = Math.min(a.days, a.daily.length);
  const daily = Array.from({ length: n }, (_, i) => a.daily[i]);
  const mean7 = trailingMean(daily, MEAN_DAYS);
  const monitorMean = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) if (i - a.labelDelay >= 0) monitorMean[i] = mean7[i - a.labelDelay];
  const first = (pred: (i: number) => boolean) => {
    for (let i = 0; i < n; i++) if (pred(i)) return i + 1;
    return null;
  };
  const off = a.offline;
  const degradedDay = off === null ? null : first((i) => isDegraded(a.metric, off, mean7[i]));
  const watchInputs = a.monitor === 'inputs' || a.monitor === 'both';
  const watchLabels = a.monitor === 'labels' || a.monitor === 'both';
  const inputAlertDay = watchInputs ? first((i) => a.psi[i] > PSI_ALERT) : null;
  const labelAlertDay = watchLabels && off !== null ? first((i) => isDegraded(a.metric, off, monitorMean[i])) : null;
  const days = [inputAlertDay, labelAlertDay].filter((d): d is number => d !== null);
  const firstAlert = days.length ? Math.min(...days) : null;
  return {
    mean7,
    monitorMean,
    degradedDay,
    inputAlertDay,
    labelAlertDay,
    first_alert_day: firstAlert,
    days_degraded_before_alert: firstAlert === null ? null : degradedDay === null ? 0 : Math.max(0, firstAlert - degradedDay),
  };
}

// ---------------------------------------------------------------------------------------------
// The timeline as drawn

/** Each line smoothed as the timeline draws it: the 7-day mean of a daily line, a yearly line as it is. */
function smoothLines(lines: Lines, unit: Unit): Lines {
  if (unit !== 'day') return lines;
  const out: Lines = {};
  for (const name of SCORE_NAMES) {
    const line = lines[name];
    if (line) out[name] = trailingMean(line, MEAN_DAYS);
  }
  return out;
}

/** The PSI chart's top: the alert band always shows, and the highest PSI so far fits with room above. */
export const psiTop = (psi: Float64Array | null) => Math.max(0.35, ...(psi ? Array.from(psi).filter(Number.isFinite) : [0])) * 1.08;

/** What the timeline draws from a run's lines (so far): computed where the lines are, in the engine while it runs and by the results' view after. */
export function timeline(unit: Unit, t: Omit<Timeline, 'mean' | 'ref' | 'psiTop'> & { daily: Lines }): Timeline {
  return {
    periods: t.periods,
    live: t.live,
    mean: smoothLines(t.live, unit),
    ref: smoothLines(t.daily, unit),
    psi: t.psi,
    psiTop: psiTop(t.psi),
    retrainDays: t.retrainDays,
    servingWindow: t.servingWindow,
  };
}
