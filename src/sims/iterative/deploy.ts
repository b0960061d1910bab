import { createRng } from '../../engine/rng';
import {
  DAYS,
  FATIGUE_KEEP,
  FATIGUE_SEARCH,
  SearchBuilder,
  USERS,
  clickProbability,
  poisson,
  type Searches,
  type World,
} from './world';

/** Objectives a deployed model can be run for: how its operating point is chosen. */
export type Objective = 'impressions' | 'ctr' | 'revenue';
export const OBJECTIVES: readonly Objective[] = ['impressions', 'ctr', 'revenue'];

/** Days the deployed model serves (after the logged days). */
export const DEPLOY_DAYS = 14;
/** The impressions objective shows an ad whenever P(click) is at least this. */
export const IMPRESSIONS_FLOOR = 1e-6;

/**
 * The searches the deployed days could bring, drawn once so every objective meets the same users,
 * queries and luck (common random numbers): each user-day has Poisson(search rate) potential
 * searches; one happens when its `keep` draw is under the user's fatigue factor that morning, and a
 * shown ad is clicked when its `click` draw is under the true click probability at that moment.
 */
export interface DeployPool {
  searches: Searches;
  keep: Float32Array;
  click: Float32Array;
}

export function deployPool(world: World): DeployPool {
  const rng = createRng(world.seed * 7 + 13);
  const b = new SearchBuilder(world.ads, 1 << 17);
  const keep: number[] = [];
  const click: number[] = [];
  for (let t = DAYS; t < DAYS + DEPLOY_DAYS; t++) {
    for (let u = 0; u < USERS; u++) {
      const m = poisson(rng, world.searchRate[u]);
      for (let k = 0; k < m; k++) {
        b.add(rng, t, u);
        keep.push(rng.uniform());
        click.push(rng.uniform());
      }
    }
  }
  return { searches: b.searches(), keep: Float32Array.from(keep), click: Float32Array.from(click) };
}

export interface DayNumbers {
  day: number;
  searches: number;
  impressions: number;
  clicks: number;
  /** clicks / impressions; null with no impressions */
  ctr: number | null;
  revenue: number;
}

export interface DeployTotals {
  searches: number;
  impressions: number;
  clicks: number;
  ctr: number | null;
  revenue: number;
}

export interface DeployOutcome {
  objective: Objective;
  /** the operating point: P(click) at or above it shows (revenue: P(click) × cost per click) */
  threshold: number;
  days: DayNumbers[];
  totals: DeployTotals;
  /** users' mean fatigue at the end */
  fatigue: number;
}

/**
 * Serve the pool's days: show an ad where the objective's score passes its threshold, draw clicks
 * from the true probability given the user's fatigue now, and let every unclicked impression tire
 * the user (fewer clicks and fewer searches on the following days).
 */
export function simulateDeploy(world: World, pool: DeployPool, pClick: Float32Array, objective: Objective, threshold: number): DeployOutcome {
  const s = pool.searches;
  const fatigue = Float32Array.from(world.fatigueEnd);
  const searchFactor = new Float32Array(USERS);
  const days: DayNumbers[] = [];
  let i = 0;
  for (let t = DAYS; t < DAYS + DEPLOY_DAYS; t++) {
    for (let u = 0; u < USERS; u++) searchFactor[u] = Math.exp(-FATIGUE_SEARCH * fatigue[u]);
    const day: DayNumbers = { day: t, searches: 0, impressions: 0, clicks: 0, ctr: null, revenue: 0 };
    for (; i < s.n && s.day[i] === t; i++) {
      const u = s.user[i];
      if (pool.keep[i] >= searchFactor[u]) continue;
      day.searches++;
      const cpc = world.ads.cpc[s.ad[i]];
      const value = objective === 'revenue' ? pClick[i] * cpc : pClick[i];
      if (!(value >= threshold)) continue;
      day.impressions++;
      const p = clickProbability(t, s.relevance[i], s.history[i], s.slot[i], s.hour[i], s.category[i], fatigue[u]);
      if (pool.click[i] < p) {
        day.clicks++;
        day.revenue += cpc;
      } else fatigue[u] += 1;
    }
    day.ctr = day.impressions ? day.clicks / day.impressions : null;
    days.push(day);
    for (let u = 0; u < USERS; u++) fatigue[u] *= FATIGUE_KEEP;
  }
  const sum = (k: 'searches' | 'impressions' | 'clicks' | 'revenue') => days.reduce((a, d) => a + d[k], 0);
  const impressions = sum('impressions');
  const clicks = sum('clicks');
  let f = 0;
  for (let u = 0; u < USERS; u++) f += fatigue[u];
  return {
    objective,
    threshold,
    days,
    totals: { searches: sum('searches'), impressions, clicks, ctr: impressions ? clicks / impressions : null, revenue: sum('revenue') },
    fatigue: f / USERS,
  };
}

/**
 * The operating point of each objective, chosen on validation rows (their clicks, their predicted
 * P(click), their ads' cost per click): impressions shows above a low floor; ctr takes the threshold
 * that maximises clicks × CTR; revenue, on P(click) × cpc, the one that maximises revenue × revenue
 * per impression. Ties go to the higher threshold (fewer ads for the same value).
 */
export function operatingPoint(objective: Objective, clicked: ArrayLike<number>, pClick: ArrayLike<number>, cpc: ArrayLike<number>): number {
  if (objective === 'impressions') return IMPRESSIONS_FLOOR;
  const n = clicked.length;
  const value = Float64Array.from({ length: n }, (_, i) => (objective === 'revenue' ? pClick[i] * cpc[i] : pClick[i]));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => value[b] - value[a]);
  let shown = 0;
  let gain = 0;
  let best = -1;
  let bestAt = Infinity;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    shown++;
    if (clicked[i] === 1) gain += objective === 'revenue' ? cpc[i] : 1;
    // only between distinct values: a threshold cannot split a tie
    if (k + 1 < n && value[order[k + 1]] === value[i]) continue;
    const objectiveValue = (gain * gain) / shown;
    if (objectiveValue > best) {
      best = objectiveValue;
      bestAt = value[i];
    }
  }
  return bestAt;
}
