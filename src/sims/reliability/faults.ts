import { CATEGORIES, copyRows, type Rows } from './stream';

/**
 * What goes wrong upstream on the fault day, every row from then on. None of these crashes
 * anything: every value still parses, every request is still answered.
 */
export type Fault = 'none' | 'units' | 'stuck' | 'category' | 'skew';
export const FAULTS: readonly Fault[] = ['none', 'units', 'stuck', 'category', 'skew'];

export interface FaultDef {
  fault: Fault;
  /** the feature it breaks (null for none) */
  feature: string | null;
  /** one line for the lab */
  what: string;
}

/** The category the catalogue team renames, and the name it arrives under. */
export const RENAMED_CATEGORY = 0;
export const RENAMED_TO = 'consumer-electronics';
/** the code a renamed category arrives as: one past the pipeline's vocabulary */
export const RENAMED_CODE = CATEGORIES.length;

export const FAULT_DEFS: Record<Fault, FaultDef> = {
  none: { fault: 'none', feature: null, what: 'nothing goes wrong' },
  units: { fault: 'units', feature: 'price', what: 'the price arrives in cents instead of dollars (×100)' },
  stuck: { fault: 'stuck', feature: 'item_ctr', what: "the item-stats join fails: item_ctr arrives as its default, 0, on every row" },
  category: {
    fault: 'category',
    feature: 'category',
    what: `"${CATEGORIES[RENAMED_CATEGORY]}" is renamed "${RENAMED_TO}" upstream, so its rows fall into "unknown"`,
  },
  skew: { fault: 'skew', feature: 'views_7d', what: 'serving counts views over 1 day, not 7 as in training' },
};

/** The rows as they arrive from upstream: a copy of the clean rows with the fault from `faultDay` on. */
export function applyFault(clean: Rows, fault: Fault, faultDay: number): Rows {
  const r = copyRows(clean);
  if (fault === 'none') return r;
  for (let i = 0; i < r.n; i++) {
    if (r.day[i] < faultDay) continue;
    switch (fault) {
      case 'units':
        r.price[i] = Math.fround(r.price[i] * 100);
        break;
      case 'stuck':
        r.itemCtr[i] = 0;
        break;
      case 'category':
        if (r.category[i] === RENAMED_CATEGORY) r.category[i] = RENAMED_CODE;
        break;
      case 'skew':
        r.views7[i] = r.views1[i];
        break;
    }
  }
  return r;
}
