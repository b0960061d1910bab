import { describe, expect, it } from 'vitest';
import { scaleLinear, scaleLog } from 'd3-scale';
import {
  cleanPoints,
  contrastRatio,
  fitTicks,
  fmtValue,
  histogramPaths,
  mergeBins,
  mixHex,
  padDomain,
  placeLabel,
  valueTicks,
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
