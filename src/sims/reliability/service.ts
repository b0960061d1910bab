import { createRng } from '../../engine/rng';

/**
 * What an ordinary service dashboard shows for the model's endpoint: uptime, the share of
 * requests that fail, and the 99th-percentile latency. A request's latency is the feature lookup
 * plus the model's forward pass plus network jitter; none of it depends on the values inside the
 * request, so no fault in the data moves any of these numbers: the endpoint answers every request,
 * quickly, with a well-formed score. That is what "failing silently" means.
 */

/** median request latency (ms) and its log-normal spread */
export const LATENCY_MEDIAN_MS = 18;
const LATENCY_SIGMA = 0.3;
/** a rare slow request (a cache miss on the feature store) */
const SLOW_SHARE = 0.004;
const SLOW_EXTRA_MS = 25;

export interface ServiceDays {
  /** per day: share of the day the endpoint answered health checks (1 = all day) */
  uptime: Float64Array;
  /** per day: share of requests answered with an error (5xx, timeout, unparsable response) */
  errorRate: Float64Array;
  /** per day: 99th-percentile latency, ms */
  p99: Float64Array;
  requests: Int32Array;
  /** over the whole run */
  totals: { uptime: number; error_rate: number; p99_latency_ms: number };
}

/** The 99th percentile (nearest rank) of some values; sorts its argument. */
export function p99Of(v: Float64Array): number {
  if (v.length === 0) return NaN;
  v.sort();
  return v[Math.min(v.length - 1, Math.ceil(0.99 * v.length) - 1)];
}

export function simulateService(seed: number, days: number, requestsPerDay: number): ServiceDays {
  const rng = createRng(seed * 31 + 17);
  const uptime = new Float64Array(days).fill(1);
  const errorRate = new Float64Array(days);
  const p99 = new Float64Array(days);
  const requests = new Int32Array(days).fill(requestsPerDay);
  const all = new Float64Array(days * requestsPerDay);
  const day = new Float64Array(requestsPerDay);
  for (let t = 0; t < days; t++) {
    for (let i = 0; i < requestsPerDay; i++) {
      const ms = LATENCY_MEDIAN_MS * Math.exp(rng.normal(0, LATENCY_SIGMA)) + (rng.uniform() < SLOW_SHARE ? SLOW_EXTRA_MS * rng.uniform() : 0);
      day[i] = ms;
      all[t * requestsPerDay + i] = ms;
    }
    p99[t] = p99Of(day);
  }
  let up = 0;
  let errors = 0;
  let total = 0;
  for (let t = 0; t < days; t++) {
    up += uptime[t];
    errors += errorRate[t] * requests[t];
    total += requests[t];
  }
  return { uptime, errorRate, p99, requests, totals: { uptime: days ? up / days : NaN, error_rate: total ? errors / total : NaN, p99_latency_ms: p99Of(all) } };
}
