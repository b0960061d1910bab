// Pure helpers for the shared charts: thinning, ticks, number formats, path strings, table sampling.
import { format } from 'd3-format';
import { scaleBand, scaleLinear, scaleLog, type ScaleBand, type ScaleLinear, type ScaleLogarithmic } from 'd3-scale';
import type { CurveMark, PointShape, Series, Tick } from './types';

/** Font size assumed when estimating label widths (0.8rem at a 16px root). */
export const FONT_PX = 12.8;

export const fmtCount = format(',');
export const fmtPercent = format('.1%');
const fmtSmall = format('.4r');
const fmtTrim = format('.4~r');
const fmtBig = format(',.0f');
const fmtLogTick = format(',.3~r');

/** A table number: integers with separators, else four significant digits (trailing zeros kept unless `trim`). */
export function fmtValue(v: number, trim = false): string {
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v) || Math.abs(v) >= 1000) return fmtBig(v);
  return trim ? fmtTrim(v) : fmtSmall(v);
}

/** Rough rendered width of a label; good enough to keep tick labels from overlapping. */
export function textWidth(label: string, fontPx = FONT_PX): number {
  return label.length * fontPx * 0.62;
}

/** Up to `max` indices spread evenly over 0..n-1, always keeping the first and the last. */
export function thinIndices(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return [n - 1];
  const out: number[] = [];
  const step = (n - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(Math.round(k * step));
  return out;
}

/** Finite (and, on log axes, positive) points of a series, thinned to at most `max`. */
export function cleanPoints(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  opts: { xLog?: boolean; yLog?: boolean; max?: number } = {},
): [number, number][] {
  const n = Math.min(x.length, y.length);
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const yi = y[i];
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    if ((opts.xLog && xi <= 0) || (opts.yLog && yi <= 0)) continue;
    pts.push([xi, yi]);
  }
  const max = opts.max ?? Infinity;
  return pts.length > max ? thinIndices(pts.length, max).map((i) => pts[i]) : pts;
}

/** Min and max over many value lists, or null when none is usable. */
export function extentOf(values: Iterable<number>, positiveOnly = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Widens a zero-width or missing domain so a scale can still be drawn. */
export function padDomain(d: [number, number] | null, log = false): [number, number] {
  if (!d) return log ? [1, 10] : [0, 1];
  const [lo, hi] = d;
  if (lo < hi) return [lo, hi];
  if (log) return [lo / 2, lo * 2];
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - pad, hi + pad];
}

/** The subset of a d3 linear or log scale that tick fitting needs. */
export interface TickScale {
  (v: number): number;
  ticks(count?: number): number[];
  tickFormat(count?: number, specifier?: string): (d: number) => string;
}

/**
 * Where a horizontal tick label goes: centred on its tick unless that spills past [lo, hi], in
 * which case it is anchored at its inner side. Returns the anchor and the label's extent.
 */
export function placeLabel(pos: number, label: string, lo: number, hi: number): { anchor: 'start' | 'middle' | 'end'; from: number; to: number } {
  const w = textWidth(label);
  if (pos - w / 2 < lo) return { anchor: 'start', from: pos, to: pos + w };
  if (pos + w / 2 > hi) return { anchor: 'end', from: pos - w, to: pos };
  return { anchor: 'middle', from: pos - w / 2, to: pos + w / 2 };
}

/**
 * The most ticks (≤ maxCount) whose labels do not collide: horizontal labels (kept inside
 * [lo, hi] as placeLabel does) need their widths plus a gap, vertical ones a line height.
 */
export function fitTicks(
  scale: TickScale,
  maxCount: number,
  horizontal: boolean,
  log = false,
  bounds: [number, number] = [-Infinity, Infinity],
): Tick[] {
  let best: Tick[] = [];
  for (let count = Math.max(1, Math.round(maxCount)); count >= 1; count--) {
    const fmt = log ? scale.tickFormat(count, ',.3~r') : scale.tickFormat(count);
    const ticks = scale
      .ticks(count)
      .map((v) => ({ pos: scale(v), label: fmt(v) }))
      .filter((t) => t.label !== '' && Number.isFinite(t.pos));
    best = ticks;
    if (!collides(ticks, horizontal, bounds)) return ticks;
  }
  // Last resort: the two ends of the axis.
  return best.length > 2 ? [best[0], best[best.length - 1]] : best;
}

/**
 * Ticks at given values (e.g. the training-set sizes a sweep ran), dropping labels that would
 * overlap: kept left to right, the last value always kept in place of a neighbour it hits.
 */
export function valueTicks(scale: (v: number) => number, values: readonly number[], bounds: [number, number] = [-Infinity, Infinity]): Tick[] {
  const all = [...new Set(values)].sort((a, b) => a - b).map((v) => ({ pos: scale(v), label: fmtValue(v) })).filter((t) => Number.isFinite(t.pos));
  const kept: Tick[] = [];
  for (const t of all) {
    while (kept.length && collides([kept[kept.length - 1], t], true, bounds)) {
      if (t !== all[all.length - 1]) break;
      kept.pop();
    }
    if (!kept.length || !collides([kept[kept.length - 1], t], true, bounds)) kept.push(t);
  }
  return kept;
}

function collides(ticks: Tick[], horizontal: boolean, [lo, hi]: [number, number]): boolean {
  for (let i = 1; i < ticks.length; i++) {
    if (!horizontal) {
      if (Math.abs(ticks[i].pos - ticks[i - 1].pos) < FONT_PX * 1.4) return true;
      continue;
    }
    const a = placeLabel(ticks[i - 1].pos, ticks[i - 1].label, lo, hi);
    const b = placeLabel(ticks[i].pos, ticks[i].label, lo, hi);
    if (b.from - a.to < 8) return true;
  }
  return false;
}

/** A log tick label when the caller formats a single value itself. */
export const fmtLogValue = (v: number): string => fmtLogTick(v);

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return 0;
  const n = parseInt(m[1], 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever reads better on `bg` (always ≥ 4.5:1). */
export function textOn(bg: string): '#000000' | '#ffffff' {
  return contrastRatio(bg, '#000000') >= contrastRatio(bg, '#ffffff') ? '#000000' : '#ffffff';
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Step outline and fill of one histogram group. Bins with count ≤ 0 (or non-finite) break the
 * shape when `skipEmpty` (log axes); non-empty bins get at least `minPx` height so they stay visible.
 */
export function histogramPaths(
  edges: ArrayLike<number>,
  counts: ArrayLike<number>,
  xs: (v: number) => number,
  ys: (v: number) => number,
  base: number,
  skipEmpty: boolean,
  minPx = 1.5,
): { fill: string; outline: string } {
  const bins = Math.min(edges.length - 1, counts.length);
  let fill = '';
  let outline = '';
  let open = false;
  let lastX = 0;
  const close = () => {
    if (!open) return;
    fill += `L${lastX},${r1(base)}Z`;
    outline += `L${lastX},${r1(base)}`;
    open = false;
  };
  for (let i = 0; i < bins; i++) {
    const c = Number.isFinite(counts[i]) ? counts[i] : 0;
    const x0 = r1(xs(edges[i]));
    const x1 = r1(xs(edges[i + 1]));
    if (c <= 0 && skipEmpty) {
      close();
      continue;
    }
    const y = r1(c > 0 ? Math.min(ys(c), base - minPx) : base);
    if (!open) {
      fill += `M${x0},${r1(base)}`;
      outline += `M${x0},${r1(base)}`;
      open = true;
    }
    const seg = `L${x0},${y}L${x1},${y}`;
    fill += seg;
    outline += seg;
    lastX = x1;
  }
  close();
  return { fill, outline };
}

/** Concatenated symbol paths for every point of class `c`: one <path> instead of thousands of nodes. */
export function scatterPath(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cls: ArrayLike<number>,
  c: number,
  xs: (v: number) => number,
  ys: (v: number) => number,
  shape: PointShape,
  r: number,
): string {
  const n = Math.min(x.length, y.length, cls.length);
  // Each symbol is a move to its start point plus a constant relative tail: two numbers per point.
  const [dx, dy, tail] = symbolTail(shape, r);
  let d = '';
  for (let i = 0; i < n; i++) {
    if (cls[i] !== c) continue;
    const px = xs(x[i]);
    const py = ys(y[i]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    d += 'M' + Math.round((px + dx) * 10) / 10 + ',' + Math.round((py + dy) * 10) / 10 + tail;
  }
  return d;
}

function symbolTail(shape: PointShape, r: number): [number, number, string] {
  const R = r1(r);
  if (shape === 'circle') return [-R, 0, `a${R},${R} 0 1,0 ${r1(2 * R)},0a${R},${R} 0 1,0 ${r1(-2 * R)},0`];
  if (shape === 'triangle') {
    const t = r * 1.2;
    return [0, -r1(t), `l${r1(t * 0.866)},${r1(t * 1.5)}h${r1(-t * 1.732)}z`];
  }
  if (shape === 'square') return [-R, -R, `h${r1(2 * R)}v${r1(2 * R)}h${r1(-2 * R)}z`];
  const d = r1(r * 1.3);
  return [0, -d, `l${d},${d}l${-d},${d}l${-d},${-d}z`];
}

export const shapes: readonly PointShape[] = ['circle', 'triangle', 'square', 'diamond'];

/**
 * Indices of at most `max` points, at least a few from every class (so a rare class still shows),
 * the rest in proportion, evenly spread within each class.
 */
export function stratifiedSample(cls: ArrayLike<number>, classCount: number, max: number): number[] {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  for (let i = 0; i < cls.length; i++) byClass[cls[i]]?.push(i);
  const total = byClass.reduce((s, a) => s + a.length, 0);
  if (total <= max) return byClass.flat();
  // Each class first gets a floor, then the remaining rows are shared in proportion to what is left.
  const floors = byClass.map((a) => Math.min(a.length, Math.max(1, Math.floor(max / (classCount * 5)))));
  const spare = Math.max(0, max - floors.reduce((s, f) => s + f, 0));
  const rest = byClass.map((a, k) => a.length - floors[k]);
  const restTotal = rest.reduce((s, r) => s + r, 0);
  const want = floors.map((f, k) => f + (restTotal > 0 ? Math.floor((spare * rest[k]) / restTotal) : 0));
  return byClass.flatMap((a, k) => thinIndices(a.length, want[k]).map((j) => a[j]));
}

/** Rows for a series table: one wide table when all series share the same x, else one block per series. */
export type SeriesTable =
  | { kind: 'wide'; rows: { x: number; ys: number[] }[]; total: number }
  | { kind: 'long'; rows: { series: number; x: number; y: number }[]; total: number };

/**
 * Up to `max` indices evenly spaced along the curve's length in [0,1]² units rather than by index,
 * so a ROC curve's table does not spend most rows where thresholds crowd together.
 */
export function thinByPath(x: ArrayLike<number>, y: ArrayLike<number>, max: number): number[] {
  const n = Math.min(x.length, y.length);
  if (n <= max) return thinIndices(n, max);
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const d = Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
    cum[i] = cum[i - 1] + (Number.isFinite(d) ? d : 0);
  }
  const total = cum[n - 1];
  if (!(total > 0)) return thinIndices(n, max);
  const out: number[] = [];
  let i = 0;
  for (let k = 0; k < max; k++) {
    const target = (k / (max - 1)) * total;
    while (i < n - 1 && cum[i] < target) i++;
    if (out[out.length - 1] !== i) out.push(i);
  }
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

export function seriesTable(series: Series[], maxRows: number, byPath = false): SeriesTable {
  const pick = (s: Series, max: number) => (byPath ? thinByPath(s.x, s.y, max) : thinIndices(Math.min(s.x.length, s.y.length), max));
  const first = series[0];
  const shared =
    first !== undefined &&
    series.every((s) => s.x.length === first.x.length && s.y.length >= s.x.length && sameValues(s.x, first.x));
  if (shared) {
    const n = first.x.length;
    const rows = pick(first, maxRows).map((i) => ({ x: first.x[i], ys: series.map((s) => s.y[i]) }));
    return { kind: 'wide', rows, total: n };
  }
  const per = Math.max(2, Math.floor(maxRows / Math.max(1, series.length)));
  let total = 0;
  const rows = series.flatMap((s, k) => {
    const n = Math.min(s.x.length, s.y.length);
    total += n;
    return pick(s, per).map((i) => ({ series: k, x: s.x[i], y: s.y[i] }));
  });
  return { kind: 'long', rows, total };
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}

/** Caption note for a capped table, or '' when every row is shown. */
export function cappedNote(shown: number, total: number, what = 'rows', spread = ''): string {
  return shown < total ? ` Showing ${fmtCount(shown)} of ${fmtCount(total)} ${what}, evenly spaced${spread}.` : '';
}

/** Height of the strip at the top of every chart SVG that holds its title (for exports). */
export const TITLE_BAND = 20;
/** Narrowest drawing width; narrower containers scale the SVG down instead of overflowing. */
export const MIN_WIDTH = 280;

/** "Label (pinned)" for pinned series, without doubling a suffix the caller already wrote. */
export function seriesLabel(label: string, pinned?: boolean): string {
  return pinned && !/\(pinned\)\s*$/.test(label) ? `${label} (pinned)` : label;
}

/** A table's column heads: what the rows are, then one column per series or group. */
export function columnHeads(first: string, columns: readonly { label: string; pinned?: boolean }[]): string[] {
  return [first, ...columns.map((c) => seriesLabel(c.label, c.pinned))];
}

/** The marks that can be drawn (finite x and y), each with its series' index and its point in pixels. */
export function markPoints<M extends CurveMark>(marks: readonly M[], series: readonly { id: string }[], xs: (x: number) => number, ys: (y: number) => number) {
  return marks
    .filter((m) => Number.isFinite(m.x) && Number.isFinite(m.y))
    .map((m) => ({ m, i: series.findIndex((s) => s.id === m.seriesId), px: xs(m.x), py: ys(m.y) }));
}

/** The marks' table rows: the series each sits on, its label, then x and y. */
export function markRows(marks: readonly CurveMark[], series: readonly Series[], fmt: (v: number) => string): string[][] {
  return marks.map((m) => {
    const s = series.find((t) => t.id === m.seriesId);
    return [s ? seriesLabel(s.label, s.pinned) : m.seriesId, m.label, fmt(m.x), fmt(m.y)];
  });
}

/** Colour between two #rrggbb colours at t ∈ [0, 1], as #rrggbb. */
export function mixHex(a: string, b: string, t: number): string {
  const pa = parseInt(a.slice(1), 16);
  const pb = parseInt(b.slice(1), 16);
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  let out = 0;
  for (const shift of [16, 8, 0]) {
    const ca = (pa >> shift) & 255;
    const cb = (pb >> shift) & 255;
    out |= Math.round(ca + (cb - ca) * u) << shift;
  }
  return `#${out.toString(16).padStart(6, '0')}`;
}

/**
 * Histogram rows for a table of at most `max` rows: adjacent bins are merged (counts summed),
 * so totals stay exact. Returns the merge factor too, for the caption.
 */
export function mergeBins(
  edges: ArrayLike<number>,
  groups: ArrayLike<number>[],
  max: number,
): { rows: { lo: number; hi: number; counts: number[] }[]; factor: number } {
  const bins = Math.max(0, edges.length - 1);
  const factor = Math.max(1, Math.ceil(bins / max));
  const rows: { lo: number; hi: number; counts: number[] }[] = [];
  for (let i = 0; i < bins; i += factor) {
    const j = Math.min(bins, i + factor);
    const counts = groups.map((g) => {
      let s = 0;
      for (let k = i; k < j; k++) if (Number.isFinite(g[k])) s += g[k];
      return s;
    });
    rows.push({ lo: edges[i], hi: edges[j], counts });
  }
  return { rows, factor };
}

/** Left margin for a y axis: its widest tick label, a gap, then the rotated axis title (~1 line). */
export function leftRoom(ticks: Tick[]): { labelOffset: number; left: number } {
  const labelOffset = Math.ceil(Math.max(0, ...ticks.map((t) => textWidth(t.label))) + 30);
  return { labelOffset, left: labelOffset + 4 };
}

/** Up to two points per pixel of a plot `plotW` wide (never under 200): more cannot be seen, and fewer redraw faster. */
export function thinForWidth<T>(points: T[], plotW: number): T[] {
  const keep = thinIndices(points.length, Math.max(200, Math.ceil(plotW * 2)));
  return keep.length < points.length ? keep.map((k) => points[k]) : points;
}

/** Pinned (earlier) runs first, so they are drawn underneath the live ones. */
export const pinnedFirst = (a: { s: { pinned?: boolean } }, b: { s: { pinned?: boolean } }): number => Number(!!b.s.pinned) - Number(!!a.s.pinned);

/** A tick scale for calendar years: whole numbers only, written without a thousands separator. */
export function yearTicks(scale: TickScale): TickScale {
  return Object.assign((v: number) => scale(v), {
    ticks: (count?: number) => scale.ticks(count).filter(Number.isInteger),
    tickFormat: () => (v: number) => String(v),
  });
}

/** Whether category labels too wide for their band should alternate between two rows. */
export function staggerLabels(labels: readonly string[], svgWidth: number): boolean {
  return labels.length > 1 && Math.max(0, ...labels.map((c) => textWidth(c))) + 6 > (svgWidth - 90) / labels.length;
}

export type Continuous = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

/** A numeric axis: its domain, log or linear, rounded outward to nice values or kept as given. */
export interface AxisSpec {
  domain: [number, number];
  log?: boolean;
  nice?: boolean;
}

/** The x axis of a cartesian chart: labelled at round numbers, at given `values`, or at whole `years`. */
export interface XAxisSpec extends AxisSpec {
  /** label these values (e.g. the sizes a sweep ran) instead of round numbers */
  values?: readonly number[];
  /** calendar years: whole-number ticks without a thousands separator */
  years?: boolean;
}

/** An x axis of categories, one band each (d3's scaleBand paddings). */
export interface BandAxisSpec {
  categories: readonly string[];
  paddingInner: number;
  paddingOuter: number;
}

/** Room for a y axis: where its title sits and the margin it needs. */
export interface AxisRoom {
  labelOffset: number;
  left: number;
}

export interface LayoutSpec<X> {
  /** SVG height; with `square`, the most it may be */
  height: number;
  /** `right` is ignored when there is a right axis: its labels set that margin */
  margin: { top: number; right: number; bottom: number };
  /** smallest plot height (and, with `square`, side) */
  minPlot?: number;
  /** a square plot as wide as the width allows, no taller than `height` allows; the SVG shrinks to fit */
  square?: boolean;
  /** a fixed left margin instead of one measured from the y tick labels (needed with `square`) */
  left?: AxisRoom;
  x: X;
  y: AxisSpec;
  /** a second y axis, on the right */
  y2?: AxisSpec;
}

/** Where everything of a cartesian chart goes: SVG size, plot size and margins, scales and ticks. */
export interface Layout<S> {
  /** SVG width and height (user units) */
  width: number;
  height: number;
  plotW: number;
  plotH: number;
  top: number;
  left: number;
  right: number;
  xs: S;
  ys: Continuous;
  /** the right axis' scale, or null without one */
  ys2: Continuous | null;
  xTicks: Tick[];
  yTicks: Tick[];
  y2Ticks: Tick[];
  /** 2 when the x tick labels alternate between two rows */
  xRows: 1 | 2;
  /** distance from each axis line to its title */
  xLabelOffset: number;
  yLabelOffset: number;
  y2LabelOffset: number;
}

/** Extra room below the plot for a second row of x labels. */
const SECOND_ROW = 14;

function continuous(a: AxisSpec, range: [number, number]): Continuous {
  const s = a.log ? scaleLog().domain(a.domain) : scaleLinear().domain(a.domain);
  if (a.nice) s.nice();
  return s.range(range);
}

/**
 * Everything but the x scale, which `x` builds over [0, plotW] (bounds: where its labels may
 * reach). From the measured `width`: SVG size, y scales and ticks, the margins their labels need.
 */
function layout<X, S>(
  width: number,
  spec: LayoutSpec<X>,
  xRows: 1 | 2,
  x: (plotW: number, bounds: [number, number]) => { xs: S; xTicks: Tick[] },
): Layout<S> {
  const avail = Math.max(MIN_WIDTH, width || 640);
  const { top } = spec.margin;
  const bottom = spec.margin.bottom + (xRows === 2 ? SECOND_ROW : 0);
  const minPlot = spec.minPlot ?? 60;
  const fullH = Math.max(minPlot, spec.height - TITLE_BAND - top - bottom);
  const yAxis = (a: AxisSpec, plotH: number) => {
    const ys = continuous(a, [plotH, 0]);
    return { ys, ticks: fitTicks(ys, Math.max(2, Math.floor(plotH / 40)), false, a.log) };
  };
  let plotH = fullH;
  let y = yAxis(spec.y, plotH);
  const room = spec.left ?? leftRoom(y.ticks);
  let plotW: number;
  let y2 = spec.y2 ? yAxis(spec.y2, plotH) : null;
  // The right axis mirrors the left: tick labels, a gap, then the rotated title.
  const room2 = y2 ? leftRoom(y2.ticks) : { labelOffset: 0, left: spec.margin.right };
  const right = room2.left;
  if (spec.square) {
    plotW = plotH = Math.max(minPlot, Math.min(fullH, avail - room.left - right));
    y = yAxis(spec.y, plotH);
    y2 = spec.y2 ? yAxis(spec.y2, plotH) : null;
  } else {
    plotW = avail - room.left - right;
  }
  const { xs, xTicks } = x(plotW, [-room.left, plotW + right]);
  return {
    width: spec.square ? room.left + plotW + right : avail,
    height: spec.square ? TITLE_BAND + top + plotH + bottom : spec.height,
    plotW,
    plotH,
    top,
    left: room.left,
    right,
    xs,
    ys: y.ys,
    ys2: y2?.ys ?? null,
    xTicks,
    yTicks: y.ticks,
    y2Ticks: y2?.ticks ?? [],
    xRows,
    xLabelOffset: 38 + (xRows === 2 ? SECOND_ROW : 0),
    yLabelOffset: room.labelOffset,
    y2LabelOffset: room2.labelOffset,
  };
}

/** The layout of a chart with a numeric x axis (log or linear; round, given or year ticks). */
export function cartesianLayout(width: number, spec: LayoutSpec<XAxisSpec>): Layout<Continuous> {
  const a = spec.x;
  return layout(width, spec, 1, (plotW, bounds) => {
    const xs = continuous(a, [0, plotW]);
    const count = Math.max(2, Math.min(10, Math.floor(plotW / 60)));
    const xTicks = a.values?.length ? valueTicks(xs, a.values, bounds) : fitTicks(a.years ? yearTicks(xs) : xs, count, true, a.log && !a.years, bounds);
    return { xs, xTicks };
  });
}

/** The layout of a chart with one band per category on x, labels centred under each (in two rows if too wide). */
export function bandLayout(width: number, spec: LayoutSpec<BandAxisSpec>): Layout<ScaleBand<number>> {
  const { categories, paddingInner, paddingOuter } = spec.x;
  const rows = staggerLabels(categories, Math.max(MIN_WIDTH, width || 640)) ? 2 : 1;
  return layout(width, spec, rows, (plotW) => {
    const xs = scaleBand<number>().domain(categories.map((_, i) => i)).range([0, plotW]).paddingInner(paddingInner).paddingOuter(paddingOuter);
    return { xs, xTicks: categories.map((c, i) => ({ pos: (xs(i) ?? 0) + xs.bandwidth() / 2, label: c })) };
  });
}
