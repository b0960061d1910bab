// The population stability index (PSI) of a sample against a reference sample, feature by feature.
// Pure TypeScript, no TF.js, no DOM: any lab that watches its inputs (or its scores) for drift uses it.

export const PSI_BINS = 10;
/** The usual reading of PSI: below 0.1 stable, 0.1–0.25 a moderate shift, above 0.25 a major one (alert). */
export const PSI_MODERATE = 0.1;
export const PSI_ALERT = 0.25;
/** An empty bin counts as this share, so the log stays finite. */
const PSI_FLOOR = 1e-4;

/** Per feature, the bin edges: deciles of a reference sample for numeric features, one cut at 0.5 for 0/1 ones. */
export interface PsiBins {
  /** edges[j]: inner edges of feature j (bins = edges + 1) */
  edges: Float64Array[];
}

export function psiBins(x: Float32Array, n: number, d: number, binary: ReadonlySet<number>): PsiBins {
  const edges: Float64Array[] = [];
  const col = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    if (binary.has(j)) {
      edges.push(Float64Array.of(0.5));
      continue;
    }
    for (let i = 0; i < n; i++) col[i] = x[i * d + j];
    col.sort();
    const e = new Float64Array(PSI_BINS - 1);
    for (let b = 1; b < PSI_BINS; b++) e[b - 1] = col[Math.min(n - 1, Math.floor((b * n) / PSI_BINS))];
    edges.push(e);
  }
  return { edges };
}

/** Counts of rows per bin, per feature, concatenated (feature 0's bins, then feature 1's…). */
export function binCounts(bins: PsiBins, x: Float32Array, n: number, d: number): Float64Array {
  const offsets = binOffsets(bins);
  const out = new Float64Array(offsets[d]);
  for (let j = 0; j < d; j++) {
    const e = bins.edges[j];
    for (let i = 0; i < n; i++) {
      const v = x[i * d + j];
      // first edge above v: binary search over ≤ 9 edges
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v < e[mid]) hi = mid;
        else lo = mid + 1;
      }
      out[offsets[j] + lo]++;
    }
  }
  return out;
}

export function binOffsets(bins: PsiBins): number[] {
  const off = [0];
  for (const e of bins.edges) off.push(off[off.length - 1] + e.length + 1);
  return off;
}

/**
 * PSI of each feature, Σ (actual − expected) · ln(actual / expected) over its bins, from counts
 * laid out as binCounts makes them. Returns the largest and which feature it was.
 */
export function psi(bins: PsiBins, expected: Float64Array, actual: Float64Array): { value: number; feature: number; perFeature: Float64Array } {
  const offsets = binOffsets(bins);
  const d = bins.edges.length;
  const perFeature = new Float64Array(d);
  let best = 0;
  let feature = 0;
  for (let j = 0; j < d; j++) {
    let se = 0;
    let sa = 0;
    for (let b = offsets[j]; b < offsets[j + 1]; b++) {
      se += expected[b];
      sa += actual[b];
    }
    let v = 0;
    for (let b = offsets[j]; b < offsets[j + 1]; b++) {
      const pe = Math.max(PSI_FLOOR, expected[b] / se);
      const pa = Math.max(PSI_FLOOR, actual[b] / sa);
      v += (pa - pe) * Math.log(pa / pe);
    }
    perFeature[j] = v;
    if (v > best || j === 0) {
      best = v;
      feature = j;
    }
  }
  return { value: best, feature, perFeature };
}

