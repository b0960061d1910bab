import type { RunControl } from '../../engine/control';
import type { Rng } from '../../engine/rng';
import { SearchBuilder, clickBound, clickProbability, type Searches, type World } from './world';

/** With remedy=explore, exploration adds positives until they are this share of the training rows. */
export const EXPLORE_SHARE = 0.3;

export interface Exploration {
  /** the clicked exploration impressions: the positives added to the training set */
  positives: Searches;
  /** how many ads the exploration slice was shown to collect them (its cost) */
  impressions: number;
}

/**
 * Collect `want` clicked impressions from an exploration slice running over the same days (and the
 * same users, as tired as they were) as the rows in `context`: each exploration impression is a fresh
 * search of a user seen in the log that day, shown an ad whatever the model says; its click is drawn
 * from the true click probability. Only the clicks are kept: they are the positives the story's
 * team goes out to collect, and the impressions it took are the price.
 */
export async function explore(world: World, context: ArrayLike<number>, want: number, rng: Rng, control: RunControl): Promise<Exploration> {
  const log = world.log;
  const b = new SearchBuilder(world.ads, Math.max(1024, want));
  let impressions = 0;
  const chunk = 200_000;
  // the gate reads this candidate's click draw and fatigue (one closure for the whole loop)
  let u = 0;
  let f = 0;
  const gate = (c: number, r: number) => u < clickBound(r, c, f);
  while (b.n < want && context.length > 0) {
    for (let k = 0; k < chunk && b.n < want; k++) {
      const j = context[rng.int(context.length)];
      const t = log.day[j];
      f = log.fatigue[j];
      impressions++;
      // the click draw comes first: above the bound no advertiser, slot or hour could make it a click
      u = rng.uniform();
      const i = b.add(rng, t, log.user[j], gate);
      if (i < 0) continue;
      const p = clickProbability(t, b.relevance[i], b.history[i], b.slot[i], b.hour[i], b.category[i], f);
      if (u >= p) b.n--; // not clicked: not kept
    }
    await control.checkpoint('batch');
  }
  return { positives: b.searches(), impressions };
}

/** Positives to add so that they make EXPLORE_SHARE of the rows. */
export function explorationTarget(positives: number, negatives: number): number {
  return Math.max(0, Math.ceil((EXPLORE_SHARE * negatives) / (1 - EXPLORE_SHARE)) - positives);
}
