import { CATEGORIES, K, SLOTS, type Searches } from './world';

/** The feature groups step 3 can build, each from a search's observable columns. */
export const FEATURE_GROUPS = ['relevance', 'history', 'slot', 'time', 'category'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

export const FEATURE_LABELS: Record<FeatureGroup, string> = {
  relevance: 'query–ad relevance',
  history: 'advertiser click history',
  slot: 'ad slot',
  time: 'time of day',
  category: 'query category',
};

/** How many model inputs a group makes: time is a point on the clock (sin, cos), category one-hot. */
export function groupWidth(g: FeatureGroup): number {
  return g === 'time' ? 2 : g === 'category' ? K : 1;
}

/** One name per model input, in the order buildFeatures writes them. */
export function featureNames(groups: readonly FeatureGroup[]): string[] {
  const out: string[] = [];
  for (const g of canonical(groups)) {
    if (g === 'time') out.push('hour (sin)', 'hour (cos)');
    else if (g === 'category') for (const c of CATEGORIES) out.push(`category: ${c}`);
    else out.push(FEATURE_LABELS[g]);
  }
  return out;
}

/** The groups in FEATURE_GROUPS order without repeats, so a decision's order never changes the model. */
export function canonical(groups: readonly FeatureGroup[]): FeatureGroup[] {
  return FEATURE_GROUPS.filter((g) => groups.includes(g));
}

/**
 * Model inputs of the given rows (all rows when `rows` is omitted), n×d row-major, roughly
 * standardised: relevance and history to [−1, 1], the slot centred, the hour as a point on a circle.
 */
export function buildFeatures(s: Searches, groups: readonly FeatureGroup[], rows?: ArrayLike<number>): { x: Float32Array; n: number; d: number } {
  const gs = canonical(groups);
  const d = gs.reduce((a, g) => a + groupWidth(g), 0);
  const n = rows ? rows.length : s.n;
  const x = new Float32Array(n * d);
  const slotMid = (SLOTS + 1) / 2;
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k] : k;
    let o = k * d;
    for (const g of gs) {
      switch (g) {
        case 'relevance':
          x[o++] = 2 * s.relevance[i] - 1;
          break;
        case 'history':
          x[o++] = 2 * s.history[i] - 1;
          break;
        case 'slot':
          x[o++] = (s.slot[i] - slotMid) / 1.12;
          break;
        case 'time': {
          const a = (2 * Math.PI * s.hour[i]) / 24;
          x[o++] = Math.sin(a);
          x[o++] = Math.cos(a);
          break;
        }
        case 'category':
          x[o + s.category[i]] = 1;
          o += K;
          break;
      }
    }
  }
  return { x, n, d };
}
