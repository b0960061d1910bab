import { createRng, type Rng } from '../../engine/rng';

/**
 * The capstone's simulated search-ad world. Users search; each search has a query category and a
 * candidate ad (its relevance to the query, its advertiser's click history, the slot it would take,
 * the hour). Whether a shown ad is clicked comes from a true click probability that
 * - is rare (about 0.6 % of the ads shown before the drift are clicked, about 1 % after it) and
 *   bounded (before the drift no ad is clicked more than about half the time);
 * - drifts: from DRIFT_START to DRIFT_END the advertisers with a strong record stop being the ones
 *   clicked and evening searches start clicking more;
 * - falls with ad fatigue: every unclicked impression raises the user's fatigue, which lowers their
 *   click probability and how often they search, decaying day by day.
 * Labels come from labellers; one of them, the specialist for one query category, marks every
 * relevant ad in that category "show", clicked or not (a systematic error, not noise).
 * Pure TypeScript, seeded: one seed gives the same world.
 */

export const CATEGORIES = ['travel', 'electronics', 'finance', 'fashion', 'home', 'health'] as const;
export const K = CATEGORIES.length;
export const CATEGORY_SHARE = [0.2, 0.18, 0.16, 0.16, 0.15, 0.15];
/** a small click-rate difference between categories */
const CATEGORY_EFFECT = [0.2, 0, 0.25, -0.2, -0.1, 0.05];
export const LABELLERS = ['A', 'B', 'C', 'D'] as const;
export const L = LABELLERS.length;
/** each category's rows go to its specialist labeller this often, else to any labeller */
export const SPECIALIST_SHARE = 0.8;
/** the faulty labeller marks a row of their faulty category "show" when its relevance is above this */
export const FAULTY_RELEVANCE = 0.5;

export const ADS_PER_CATEGORY = 40;
/** a search's candidate ad names what the query asks for this often (relevance 0.9 … 1)… */
const EXACT_MATCH = 0.1;
/** …is from the query's category this often (relevance 0.3 … 0.8), else from another (0 … 0.4) */
const SAME_CATEGORY = 0.5;
const GOOD_ADVERTISERS = 0.3;
export const SLOTS = 4;

/** Logged days 0 … DAYS − 1, after WARMUP unlogged days that bring fatigue to its steady level. */
export const DAYS = 84;
export const WARMUP = 21;
/** the click relation turns between these days (linearly) */
export const DRIFT_START = 38;
export const DRIFT_END = 45;
/** the last LAST_WEEK logged days are "yesterday's data" */
export const LAST_WEEK = 7;

export const USERS = 5000;
/** the old system filled the ad slot on this share of searches, at random */
export const LEGACY_SHOW = 0.3;

/** Fatigue: an unclicked impression adds 1; each day keeps FATIGUE_KEEP of it. */
export const FATIGUE_KEEP = 0.6;
/** click log-odds fall by this per unit of fatigue */
export const FATIGUE_CLICK = 0.7;
/** searches a day fall by this factor: exp(−FATIGUE_SEARCH · fatigue) */
export const FATIGUE_SEARCH = 0.4;

/**
 * The true click log-odds' weights before and after the drift: relevance (0 … 1), the advertiser's
 * history (centred), the slot (1 best), and a time-of-day bump peaking at `peak` o'clock.
 */
export const BEFORE = { intercept: -10.6, relevance: 8, history: 5, slot: -0.5, time: 0.8, peak: 9 };
export const AFTER = { intercept: -10.6, relevance: 8, history: -4.5, slot: -0.5, time: 2.2, peak: 21 };

/** How far the drift has gone on day t: 0 before DRIFT_START, 1 from DRIFT_END. */
export function driftAt(t: number): number {
  if (t <= DRIFT_START) return 0;
  if (t >= DRIFT_END) return 1;
  return (t - DRIFT_START) / (DRIFT_END - DRIFT_START);
}

/** A search's observable columns: what a candidate impression is, before anyone decides to show it. */
export interface Searches {
  n: number;
  day: Int16Array;
  user: Uint32Array;
  category: Uint8Array;
  ad: Uint16Array;
  relevance: Float32Array;
  /** the advertiser's click history (0 … 1) */
  history: Float32Array;
  /** 1 … SLOTS */
  slot: Uint8Array;
  /** hour of day, [0, 24) */
  hour: Float32Array;
}

/** The logged impressions: searches the old system showed an ad on, with what happened. */
export interface Log extends Searches {
  /** the user's fatigue when shown (hidden from the models) */
  fatigue: Float32Array;
  /** the true click probability (hidden; for checks) */
  p: Float32Array;
  /** 1 = clicked: the clean label */
  click: Uint8Array;
  /** which labeller labelled the row */
  labeller: Uint8Array;
  /** the label the labelling pipeline gave */
  label: Uint8Array;
}

export interface Ads {
  category: Uint8Array;
  history: Float32Array;
  /** what a click on the ad earns (money units; mean about 1) */
  cpc: Float32Array;
}

export interface World {
  seed: number;
  ads: Ads;
  /** each user's searches a day when not fatigued */
  searchRate: Float32Array;
  /** each user's fatigue at the end of the logged days */
  fatigueEnd: Float32Array;
  log: Log;
  /** the category whose specialist labels wrongly, and that labeller */
  faultyCategory: number;
  faultyLabeller: number;
  /** each category's specialist labeller */
  specialist: Uint8Array;
}

/** The true click probability of a search on day t shown to a user with this fatigue. */
export function clickProbability(t: number, relevance: number, history: number, slot: number, hour: number, category: number, fatigue: number): number {
  const d = driftAt(t);
  const a = (2 * Math.PI) / 24;
  const h = history - 0.5;
  const s = slot - 1;
  const before = BEFORE.intercept + BEFORE.relevance * relevance + BEFORE.history * h + BEFORE.slot * s + BEFORE.time * Math.cos(a * (hour - BEFORE.peak));
  const after = d === 0 ? 0 : AFTER.intercept + AFTER.relevance * relevance + AFTER.history * h + AFTER.slot * s + AFTER.time * Math.cos(a * (hour - AFTER.peak));
  const z = (1 - d) * before + d * after + CATEGORY_EFFECT[category] - FATIGUE_CLICK * fatigue;
  return 1 / (1 + Math.exp(-z));
}

/**
 * An upper bound of clickProbability over everything but the category and the relevance (any day,
 * advertiser, slot and hour), for a user with this fatigue.
 */
export function clickBound(relevance: number, category: number, fatigue: number): number {
  const z = Math.max(TOP_BEFORE + BEFORE.relevance * relevance, TOP_AFTER + AFTER.relevance * relevance) + CATEGORY_EFFECT[category] - FATIGUE_CLICK * fatigue;
  return 1 / (1 + Math.exp(-z));
}
/** the most the other terms add: the best advertiser history, slot and hour */
const top = (w: typeof BEFORE) => w.intercept + Math.abs(w.history) * 0.5 + Math.max(0, w.slot * (SLOTS - 1)) + Math.abs(w.time);
const TOP_BEFORE = top(BEFORE);
const TOP_AFTER = top(AFTER);

function makeAds(rng: Rng): Ads {
  const n = K * ADS_PER_CATEGORY;
  const category = new Uint8Array(n);
  const history = new Float32Array(n);
  const cpc = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    category[i] = Math.floor(i / ADS_PER_CATEGORY);
    // a third of the advertisers have a strong record
    history[i] = rng.uniform() < GOOD_ADVERTISERS ? 0.8 + 0.2 * rng.uniform() : 0.6 * rng.uniform();
    cpc[i] = Math.exp(rng.normal(-0.125, 0.5)); // log-normal, mean 1
  }
  return { category, history, cpc };
}

const CUM_SHARE = CATEGORY_SHARE.map((_, i) => CATEGORY_SHARE.slice(0, i + 1).reduce((a, b) => a + b, 0));

function drawCategory(rng: Rng): number {
  const u = rng.uniform() * CUM_SHARE[K - 1];
  let c = 0;
  while (c < K - 1 && u >= CUM_SHARE[c]) c++;
  return c;
}

/** Searches drawn one by one into growable columns. */
export class SearchBuilder {
  n = 0;
  private cap: number;
  day: Int16Array;
  user: Uint32Array;
  category: Uint8Array;
  ad: Uint16Array;
  relevance: Float32Array;
  history: Float32Array;
  slot: Uint8Array;
  hour: Float32Array;
  private readonly ads: Ads;

  constructor(ads: Ads, cap = 1024) {
    this.ads = ads;
    this.cap = cap;
    this.day = new Int16Array(cap);
    this.user = new Uint32Array(cap);
    this.category = new Uint8Array(cap);
    this.ad = new Uint16Array(cap);
    this.relevance = new Float32Array(cap);
    this.history = new Float32Array(cap);
    this.slot = new Uint8Array(cap);
    this.hour = new Float32Array(cap);
  }

  /**
   * Draw one search by `user` on day `t`; returns its row index. With a `gate`, asked once the
   * query category and the relevance are drawn: false drops the search (nothing is kept, −1 returned)
   * before the rest is drawn — the exploration slice uses it to skip impressions that cannot be clicked.
   */
  add(rng: Rng, t: number, user: number, gate?: (category: number, relevance: number) => boolean): number {
    const c = drawCategory(rng);
    const u = rng.uniform();
    const exact = u < EXACT_MATCH;
    const same = exact || u < EXACT_MATCH + SAME_CATEGORY;
    const relevance = exact ? 0.9 + 0.1 * rng.uniform() : same ? 0.3 + 0.5 * rng.uniform() : 0.4 * rng.uniform();
    if (gate && !gate(c, relevance)) return -1;
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    const adCat = same ? c : (c + 1 + rng.int(K - 1)) % K;
    const ad = adCat * ADS_PER_CATEGORY + rng.int(ADS_PER_CATEGORY);
    this.day[i] = t;
    this.user[i] = user;
    this.category[i] = c;
    this.ad[i] = ad;
    this.relevance[i] = relevance;
    this.history[i] = this.ads.history[ad];
    this.slot[i] = 1 + rng.int(SLOTS);
    this.hour[i] = 24 * rng.uniform();
    return i;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Int16Array | Uint32Array | Uint8Array | Uint16Array | Float32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.day = g(this.day, (n) => new Int16Array(n));
    this.user = g(this.user, (n) => new Uint32Array(n));
    this.category = g(this.category, (n) => new Uint8Array(n));
    this.ad = g(this.ad, (n) => new Uint16Array(n));
    this.relevance = g(this.relevance, (n) => new Float32Array(n));
    this.history = g(this.history, (n) => new Float32Array(n));
    this.slot = g(this.slot, (n) => new Uint8Array(n));
    this.hour = g(this.hour, (n) => new Float32Array(n));
    this.cap = cap;
  }

  /** the columns, trimmed to the rows drawn */
  searches(): Searches {
    const n = this.n;
    return {
      n,
      day: this.day.slice(0, n),
      user: this.user.slice(0, n),
      category: this.category.slice(0, n),
      ad: this.ad.slice(0, n),
      relevance: this.relevance.slice(0, n),
      history: this.history.slice(0, n),
      slot: this.slot.slice(0, n),
      hour: this.hour.slice(0, n),
    };
  }
}

/** Poisson draw by inversion (the rates here are small). */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.uniform();
  while (p > l) {
    k++;
    p *= rng.uniform();
  }
  return k;
}

/** The label the pipeline gives a row: the click, except the faulty labeller's relevant rows in their faulty category. */
export function pipelineLabel(w: Pick<World, 'faultyCategory' | 'faultyLabeller'>, labeller: number, category: number, relevance: number, click: number): number {
  if (labeller === w.faultyLabeller && category === w.faultyCategory && relevance > FAULTY_RELEVANCE) return 1;
  return click;
}

/**
 * Build the world: ads, users, and DAYS logged days of the old system's impressions (after WARMUP
 * unlogged days, so fatigue starts at its steady level), with clicks, labellers and labels.
 */
export function createWorld(seed: number): World {
  const rng = createRng(seed);
  const ads = makeAds(rng.fork());
  const userRng = rng.fork();
  const searchRate = new Float32Array(USERS);
  for (let u = 0; u < USERS; u++) searchRate[u] = 0.5 + 2.5 * userRng.uniform();
  const labelRng = rng.fork();
  const faultyCategory = labelRng.int(K);
  const specialist = new Uint8Array(K);
  const offset = labelRng.int(L);
  for (let c = 0; c < K; c++) specialist[c] = (c + offset) % L;
  const faultyLabeller = specialist[faultyCategory];

  const fatigue = new Float32Array(USERS);
  const b = new SearchBuilder(ads, 1 << 18);
  const fat: number[] = [];
  const p: number[] = [];
  const click: number[] = [];
  const dayRng = rng.fork();
  // the warm-up days draw from their own generator, so the logged days do not shift if WARMUP changes
  const warm = dayRng.fork();
  for (let t = -WARMUP; t < DAYS; t++) {
    const r = t < 0 ? warm : dayRng;
    for (let u = 0; u < USERS; u++) {
      const shows = poisson(r, LEGACY_SHOW * searchRate[u] * Math.exp(-FATIGUE_SEARCH * fatigue[u]));
      for (let k = 0; k < shows; k++) {
        const i = b.add(r, t, u);
        const pi = clickProbability(t, b.relevance[i], b.history[i], b.slot[i], b.hour[i], b.category[i], fatigue[u]);
        const ci = r.uniform() < pi ? 1 : 0;
        if (t < 0) {
          b.n--; // warm-up rows are not logged
        } else {
          fat.push(fatigue[u]);
          p.push(pi);
          click.push(ci);
        }
        if (!ci) fatigue[u] += 1;
      }
    }
    for (let u = 0; u < USERS; u++) fatigue[u] *= FATIGUE_KEEP;
  }
  const s = b.searches();
  const labeller = new Uint8Array(s.n);
  const label = new Uint8Array(s.n);
  for (let i = 0; i < s.n; i++) {
    const c = s.category[i];
    labeller[i] = labelRng.uniform() < SPECIALIST_SHARE ? specialist[c] : labelRng.int(L);
    label[i] = pipelineLabel({ faultyCategory, faultyLabeller }, labeller[i], c, s.relevance[i], click[i]);
  }
  const log: Log = { ...s, fatigue: Float32Array.from(fat), p: Float32Array.from(p), click: Uint8Array.from(click), labeller, label };
  return { seed, ads, searchRate, fatigueEnd: fatigue, log, faultyCategory, faultyLabeller, specialist };
}

/** Row indices of the log whose day is in [from, to). */
export function daysRows(log: Log, from: number, to: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < log.n; i++) if (log.day[i] >= from && log.day[i] < to) out.push(i);
  return Uint32Array.from(out);
}
