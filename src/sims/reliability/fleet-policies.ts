/**
 * Who notices a degraded model in a fleet, and who retrains it. Every policy reads the same
 * signal: a model's label monitor (its accuracy on the labels that have arrived, at least
 * MONITOR_ROWS of them, against its offline score). What differs is who looks at it:
 * - manual: an analyst opens `reviews_per_day` dashboards a day, round robin over the fleet, and
 *   retrains the degraded models they find (a fixed day of work, whatever the fleet's size);
 * - alerts: the monitor opens a ticket (one open ticket per model); the analyst handles
 *   `reviews_per_day` tickets a day, oldest first, and retrains;
 * - automated: an alert retrains at once, no person involved. A retrain that is not better than
 *   the old model leaves the old one serving; its monitor still fires the next day, so the retrain
 *   is retried daily until a better model replaces it.
 * Whoever starts it, a retrain replaces the old model only if it beats it on the held-out recent
 * labels (fleet-run.ts); under manual and alerts a rejected retrain waits for the next review or
 * the next ticket, which is the retry a person would make.
 * Pure and stateful per run: decide() is asked once a day, after the day is served.
 */

export type FleetPolicy = 'manual' | 'alerts' | 'automated';
export const POLICIES: readonly FleetPolicy[] = ['manual', 'alerts', 'automated'];

/** minutes an analyst spends on one dashboard review or one ticket */
export const REVIEW_MINUTES = 15;
/** the monitor says nothing until a model has served this many labelled rows */
export const MONITOR_ROWS = 1000;
/** a model is degraded (and its monitor fires) 5+ accuracy points below its offline score */
export const DEGRADED_DROP = 0.05;

export interface Decision {
  /** models to retrain at the end of today (each once) */
  retrain: number[];
  /** models the policy noticed as degraded today (a review found it, a ticket or an alert opened) */
  noticed: number[];
  /** reviews or tickets a person worked on today */
  work: number;
}

export interface Policy {
  /** `flagged(r)`: does model r's monitor (or dashboard) show it degraded today */
  decide(day: number, flagged: (r: number) => boolean): Decision;
}

export function createPolicy(policy: FleetPolicy, models: number, reviewsPerDay: number): Policy {
  const perDay = Math.max(0, Math.round(reviewsPerDay));
  switch (policy) {
    case 'manual': {
      let next = 0;
      return {
        decide(_day, flagged) {
          const retrain: number[] = [];
          // the analyst's day is booked: with fewer models than reviews, they come round again (and find nothing new)
          for (let k = 0; k < perDay; k++) {
            const r = next;
            next = (next + 1) % models;
            if (!retrain.includes(r) && flagged(r)) retrain.push(r);
          }
          return { retrain, noticed: retrain.slice(), work: perDay };
        },
      };
    }
    case 'alerts': {
      const queue: number[] = [];
      const open = new Uint8Array(models);
      return {
        decide(_day, flagged) {
          const noticed: number[] = [];
          for (let r = 0; r < models; r++) {
            if (!open[r] && flagged(r)) {
              open[r] = 1;
              queue.push(r);
              noticed.push(r);
            }
          }
          const retrain = queue.splice(0, perDay);
          // a handled ticket closes; if its retrain is not better the monitor opens a new one tomorrow
          for (const r of retrain) open[r] = 0;
          return { retrain, noticed, work: retrain.length };
        },
      };
    }
    case 'automated':
      return {
        decide(_day, flagged) {
          const retrain: number[] = [];
          for (let r = 0; r < models; r++) if (flagged(r)) retrain.push(r);
          return { retrain, noticed: retrain.slice(), work: 0 };
        },
      };
  }
}
