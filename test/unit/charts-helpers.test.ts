import { describe, expect, it } from 'vitest';
import { scaleLinear, scaleLog } from 'd3-scale';
import {
  MIN_WIDTH,
  TITLE_BAND,
  bandLayout,
  cartesianLayout,
  cleanPoints,
  contrastRatio,
  fitTicks,
  fmtValue,
  histogramPaths,
  mergeBins,
  mixHex,
  padDomain,
  pinnedFirst,
  placeLabel,
  staggerLabels,
  thinForWidth,
  valueTicks,
  yearTicks,
  scatterPath,
  seriesLabel,
  seriesTable,
  stratifiedSample,
  textOn,
  thinByPath,
  thinIndices,
} from '../../src/ui/charts/helpers';
import { RATE_HIGH, RATE_LOW } from '../../src/ui/charts/palette';

describe('chart helpers', () => {
  it('thins to at most max indices, keeping both ends', () => {
    const idx = thinIndices(1000, 50);
    expect(idx).toHaveLength(50);
    expect(idx[0]).toBe(0);
    expect(idx[49]).toBe(999);
    expect(thinIndices(10, 50)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(thinIndices(0, 5)).toEqual([]);
  });

  it('drops non-finite points, and non-positive ones on log axes', () => {
    const x = [1, 2, 3, 4, 5];
    const y = [0.5, NaN, 0, Infinity, 2];
    expect(cleanPoints(x, y)).toEqual([[1, 0.5], [3, 0], [5, 2]]);
    expect(cleanPoints(x, y, { yLog: true })).toEqual([[1, 0.5], [5, 2]]);
  });

  it('widens degenerate domains', () => {
    expect(padDomain(null)).toEqual([0, 1]);
    expect(padDomain([3, 3])).toEqual([2.7, 3.3]);
    expect(padDomain([0, 0])).toEqual([-1, 1]);
    expect(padDomain([2, 2], true)).toEqual([1, 4]);
  });

  it('picks ticks whose labels do not overlap, fewer on narrow axes', () => {
    const wide = fitTicks(scaleLinear().domain([0, 200000]).range([0, 1200]), 20, true);
    const narrow = fitTicks(scaleLinear().domain([0, 200000]).range([0, 220]), 10, true, false, [-40, 238]);
    expect(narrow.length).toBeLessThan(wide.length);
    for (const ticks of [wide, narrow]) {
      for (let i = 1; i < ticks.length; i++) {
        const a = placeLabel(ticks[i - 1].pos, ticks[i - 1].label, -40, Infinity);
        const b = placeLabel(ticks[i].pos, ticks[i].label, -Infinity, 238);
        expect(b.from - a.to).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('labels only the main ticks of a log axis', () => {
    const ticks = fitTicks(scaleLog().domain([1, 10000]).range([200, 0]), 5, false, true);
    expect(ticks.map((t) => t.label)).toEqual(['1', '10', '100', '1,000', '10,000']);
  });

  it('formats table values', () => {
    expect(fmtValue(1234567)).toBe('1,234,567');
    expect(fmtValue(0.21)).toBe('0.2100');
    expect(fmtValue(0.21, true)).toBe('0.21');
    expect(fmtValue(NaN)).toBe('–');
  });

  it('chooses confusion-matrix text that passes 4.5:1 on every shade', () => {
    for (let t = 0; t <= 1; t += 0.05) {
      const bg = mixHex(RATE_LOW, RATE_HIGH, t);
      expect(contrastRatio(bg, textOn(bg))).toBeGreaterThanOrEqual(4.5);
    }
    expect(mixHex('#000000', '#ffffff', 0.5)).toBe('#808080');
  });

  it('breaks log histograms at empty bins and keeps tiny bins visible', () => {
    const edges = [0, 1, 2, 3, 4];
    const id = (v: number) => v * 10;
    const { fill, outline } = histogramPaths(edges, [5, 0, 1, 2], id, (v) => 100 - v, 100, true);
    expect(fill.match(/M/g)).toHaveLength(2);
    expect(fill.match(/Z/g)).toHaveLength(2);
    expect(outline).not.toContain('Z');
    // count 1 at base-1 would be 1 px: held at base-1.5
    expect(outline).toContain('L20,98.5');
    const linear = histogramPaths(edges, [5, 0, 1, 2], id, (v) => 100 - v, 100, false);
    expect(linear.fill.match(/M/g)).toHaveLength(1);
  });

  it('draws one symbol per point of the class', () => {
    const d = scatterPath([0, 1, 2, NaN], [0, 1, 2, 3], [0, 1, 1, 1], 1, (v) => v, (v) => v, 'triangle', 3);
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('samples every class for the scatter table', () => {
    const cls = Array.from({ length: 5000 }, (_, i) => (i % 100 === 0 ? 1 : 0));
    const s = stratifiedSample(cls, 2, 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s.filter((i) => cls[i] === 1).length).toBeGreaterThanOrEqual(5);
  });

  it('builds a wide table for a shared x and a long one otherwise', () => {
    const x = Array.from({ length: 200 }, (_, i) => i + 1);
    const wide = seriesTable([{ id: 'a', label: 'a', x, y: x }, { id: 'b', label: 'b', x: x.slice(), y: x }], 50);
    expect(wide.kind).toBe('wide');
    expect(wide.rows).toHaveLength(50);
    const long = seriesTable([{ id: 'a', label: 'a', x, y: x }, { id: 'b', label: 'b', x: [0, 1], y: [0, 1] }], 50);
    expect(long.kind).toBe('long');
    expect(long.rows.length).toBeLessThanOrEqual(50);
    expect(long.total).toBe(202);
  });

  it('spreads curve rows along the curve', () => {
    // 1,000 points crowded at the origin, then one long segment to (1,1)
    const x = [...Array.from({ length: 1000 }, (_, i) => i * 1e-6), 1];
    const idx = thinByPath(x, x, 10);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(1000);
    expect(idx.length).toBeLessThan(10);
  });

  it('merges histogram bins for tables without losing counts', () => {
    const edges = Array.from({ length: 101 }, (_, i) => i / 100);
    const counts = Array.from({ length: 100 }, () => 3);
    const { rows, factor } = mergeBins(edges, [counts], 50);
    expect(factor).toBe(2);
    expect(rows).toHaveLength(50);
    expect(rows.reduce((s, r) => s + r.counts[0], 0)).toBe(300);
    expect(rows[49].hi).toBe(1);
  });

  it('marks pinned labels once', () => {
    expect(seriesLabel('run 1', true)).toBe('run 1 (pinned)');
    expect(seriesLabel('run 1 (pinned)', true)).toBe('run 1 (pinned)');
    expect(seriesLabel('run 1', false)).toBe('run 1');
  });
});

describe('valueTicks: an axis labelled at the values a sweep ran', () => {
  const sizes = [100, 200, 500, 1000, 2000, 5000, 10000, 30000];
  const labels = (w: number) => valueTicks(scaleLog().domain([80, 37500]).range([0, w]), sizes, [-50, w + 18]).map((t) => t.label);
  it('writes every size when there is room, as the table does', () => {
    expect(labels(1400)).toEqual(['100', '200', '500', '1,000', '2,000', '5,000', '10,000', '30,000']);
  });
  it('drops labels that would overlap, but always keeps the smallest and the largest size', () => {
    const narrow = labels(260);
    expect(narrow.length).toBeLessThan(sizes.length);
    expect(narrow[0]).toBe('100');
    expect(narrow[narrow.length - 1]).toBe('30,000');
  });
});

describe('cartesianLayout: one layout for every chart with axes', () => {
  const margin = { top: 10, right: 18, bottom: 44 };
  const base = { height: 260, margin, x: { domain: [0, 10] as [number, number] }, y: { domain: [0, 0.8] as [number, number] } };

  it('fills the measured width and leaves the y labels, the title band and the margins their room', () => {
    const L = cartesianLayout(600, base);
    expect([L.width, L.height]).toEqual([600, 260]);
    expect(L.plotH).toBe(260 - TITLE_BAND - 10 - 44);
    // the widest y label ("0.8") plus the gap and the rotated title
    expect(L.left).toBe(L.yLabelOffset + 4);
    expect(L.plotW).toBe(600 - L.left - 18);
    expect(L.xs.range()).toEqual([0, L.plotW]);
    expect(L.ys.range()).toEqual([L.plotH, 0]);
    expect(L.xLabelOffset).toBe(38);
    expect(L.ys2).toBeNull();
  });

  it('draws at 640 before it is measured, and never narrower than MIN_WIDTH', () => {
    expect(cartesianLayout(0, base).width).toBe(640);
    expect(cartesianLayout(100, base).width).toBe(MIN_WIDTH);
  });

  it('rounds a domain outward only when asked to', () => {
    const y = { domain: [0.03, 0.77] as [number, number] };
    expect(cartesianLayout(600, { ...base, y }).ys.domain()).toEqual([0.03, 0.77]);
    expect(cartesianLayout(600, { ...base, y: { ...y, nice: true } }).ys.domain()).toEqual([0, 0.8]);
  });

  it('gives a narrow plot fewer x ticks, kept inside the SVG', () => {
    const wide = cartesianLayout(1200, { ...base, x: { domain: [0, 200000] } });
    const narrow = cartesianLayout(300, { ...base, x: { domain: [0, 200000] } });
    expect(narrow.xTicks.length).toBeLessThan(wide.xTicks.length);
    for (const t of narrow.xTicks) expect(placeLabel(t.pos, t.label, -narrow.left, narrow.plotW + narrow.right).from).toBeGreaterThanOrEqual(-narrow.left);
  });

  it('labels given values, or whole years without a thousands separator', () => {
    const sized = cartesianLayout(1400, { ...base, x: { domain: [80, 37500], log: true, values: [100, 1000, 30000] } });
    expect(sized.xTicks.map((t) => t.label)).toEqual(['100', '1,000', '30,000']);
    const years = cartesianLayout(600, { ...base, x: { domain: [2009.5, 2014.5], years: true } });
    expect(years.xTicks.map((t) => t.label)).toEqual(['2010', '2011', '2012', '2013', '2014']);
  });

  it('makes room on the right for a second y axis, as wide as its labels', () => {
    const L = cartesianLayout(600, { ...base, y2: { domain: [-2000, 1000] } });
    expect(L.ys2?.range()).toEqual([L.plotH, 0]);
    expect(L.y2Ticks.map((t) => t.label)).toEqual(['−2,000', '−1,000', '0', '1,000']);
    expect(L.right).toBe(L.y2LabelOffset + 4);
    expect(L.right).toBeGreaterThan(L.left);
    expect(L.plotW).toBe(600 - L.left - L.right);
  });

  it('keeps a square plot square: as wide as the width allows, no taller than the height allows', () => {
    const left = { labelOffset: 50, left: 54 };
    const spec = { ...base, height: 360, minPlot: 120, square: true, left };
    const roomy = cartesianLayout(1000, spec);
    expect(roomy.plotW).toBe(roomy.plotH);
    expect(roomy.plotH).toBe(360 - TITLE_BAND - 10 - 44);
    expect(roomy.width).toBe(54 + roomy.plotW + 18);
    const narrow = cartesianLayout(300, spec);
    expect(narrow.plotW).toBe(300 - 54 - 18);
    expect(narrow.height).toBe(TITLE_BAND + 10 + narrow.plotW + 44);
  });
});

describe('bandLayout: categories along x', () => {
  const spec = (categories: string[]) => ({
    height: 260,
    margin: { top: 16, right: 18, bottom: 44 },
    x: { categories, paddingInner: 0.25, paddingOuter: 0.12 },
    y: { domain: [0, 1] as [number, number] },
  });

  it('puts each label under the middle of its band', () => {
    const L = bandLayout(600, spec(['a', 'b', 'c']));
    expect(L.xTicks.map((t) => t.label)).toEqual(['a', 'b', 'c']);
    L.xTicks.forEach((t, i) => expect(t.pos).toBeCloseTo((L.xs(i) ?? 0) + L.xs.bandwidth() / 2));
    expect(L.xRows).toBe(1);
  });

  it('alternates labels too wide for their band between two rows, and makes room for the second', () => {
    const names = ['logistic regression', 'the small network', 'the big network', 'k-NN'];
    expect(staggerLabels(names, 1200)).toBe(false);
    expect(staggerLabels(names, 360)).toBe(true);
    expect(staggerLabels(['one very long label indeed'], 300)).toBe(false);
    const one = bandLayout(1200, spec(names));
    const two = bandLayout(360, spec(names));
    expect([one.xRows, two.xRows]).toEqual([1, 2]);
    expect(two.xLabelOffset).toBe(one.xLabelOffset + 14);
    expect(two.plotH).toBe(one.plotH - 14);
  });
});

describe('small drawing helpers', () => {
  it('thins a line to two points per pixel, never under 200', () => {
    const pts = Array.from({ length: 5000 }, (_, i) => i);
    expect(thinForWidth(pts, 300)).toHaveLength(600);
    expect(thinForWidth(pts, 50)).toHaveLength(200);
    const few = pts.slice(0, 150);
    expect(thinForWidth(few, 300)).toBe(few);
  });

  it('puts pinned runs first, so they are drawn underneath', () => {
    const lines = [{ s: { pinned: false } }, { s: { pinned: true } }, { s: {} }];
    expect([...lines].sort(pinnedFirst)[0]).toBe(lines[1]);
  });

  it('ticks years at whole numbers', () => {
    const s = yearTicks(scaleLinear().domain([2010, 2012]).range([0, 100]));
    expect(s.ticks(10)).toEqual([2010, 2011, 2012]);
    expect(s.tickFormat()(2011)).toBe('2011');
    expect(s(2011)).toBe(50);
  });
});
