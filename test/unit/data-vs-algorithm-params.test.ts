import { describe, it, expect } from 'vitest';
import { defineSchema, describeSchema, formatValue, parseParams, serializeParams, setParam, queryString } from '../../src/engine/params';
import { schema } from '../../src/sims/data-vs-algorithm/meta';
import { cappedSizes, crossover, curves, mostFlexible } from '../../src/sims/data-vs-algorithm/results';
import { normalCdf } from '../../src/sims/data-vs-algorithm/task';
import { modelSeed, withWaveFeatures } from '../../src/sims/data-vs-algorithm/data';
import { FREQ } from '../../src/sims/data-vs-algorithm/task';

// The params type added for this lab (`choice-list`: some of a fixed set of choices), and the
// lab's pure helpers. No TF.js here.
describe('choice-list params (algos)', () => {
  const spec = schema.byName.get('algos')!;

  it('parses a comma list in the choices’ order, case-insensitively, dropping unknown items and repeats with notices', () => {
    const r = parseParams(schema, { algos: 'KNN, logreg,knn,svm' });
    expect(r.values.algos).toEqual(['logreg', 'knn']);
    const notes = r.notices.filter((n) => n.param === 'algos').map((n) => n.message);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/duplicate item knn/);
    expect(notes[1]).toMatch(/svm.*not one of/);
  });

  it('too few items (here: none) fall back to the default with a notice; junk never throws', () => {
    for (const raw of ['', ',,', 'bogus', 42, true, 'x'.repeat(5000)]) {
      const r = parseParams(schema, { algos: raw as string });
      expect(r.values.algos).toEqual(['logreg', 'mlp-small', 'mlp-large', 'knn', 'wave']);
      expect(r.notices.some((n) => n.param === 'algos')).toBe(true);
    }
  });

  it('serialises canonically (omitted at the default), round-trips, formats with labels and documents itself', () => {
    const v = parseParams(schema, { algos: 'knn,logreg' }).values;
    const q = queryString(serializeParams(schema, v));
    expect(q).toBe('algos=logreg,knn');
    expect(parseParams(schema, new URLSearchParams(q)).values.algos).toEqual(['logreg', 'knn']);
    expect(serializeParams(schema, parseParams(schema, {}).values).has('algos')).toBe(false);
    expect(formatValue(spec, ['logreg', 'knn'])).toBe('Logistic regression, k-nearest neighbours (k = 15)');
    const doc = describeSchema(schema).find((d) => d.name === 'algos')!;
    expect(doc.default).toBe('logreg,mlp-small,mlp-large,knn,wave');
    expect(doc.range).toBe('any of logreg | mlp-small | mlp-large | knn | wave, comma-separated (at least 1)');
    expect(formatValue(spec, ['logreg', 'wave'])).toBe('Logistic regression, Logistic regression + wave features');
    expect(queryString(serializeParams(schema, parseParams(schema, { algos: 'wave,logreg' }).values))).toBe('algos=logreg,wave');
  });

  it('a control sets it from an array (the checkboxes)', () => {
    const v = parseParams(schema, {}).values;
    expect(setParam(schema, v, 'algos', ['knn', 'mlp-large']).values.algos).toEqual(['mlp-large', 'knn']);
  });

  it('a schema with a bad choice-list is a programming error', () => {
    const base = { name: 'a', label: 'A', help: '', type: 'choice-list' as const, choices: ['x', 'y'], minLength: 1 };
    expect(() => defineSchema([{ ...base, default: [] }])).toThrow(/too few/);
    expect(() => defineSchema([{ ...base, default: ['z'] }])).toThrow(/not a choice/);
    expect(() => defineSchema([{ ...base, default: ['y', 'x'] }])).toThrow(/order/);
    expect(() => defineSchema([{ ...base, default: ['x'], minLength: 3 }])).toThrow(/minLength/);
  });
});

describe('the lab’s helpers', () => {
  it('crossover: the smallest size from which the flexible learner stays ahead to the end', () => {
    const sizes = [100, 1000, 10000, 30000];
    expect(crossover(sizes, [0.7, 0.8, 0.8, 0.8], [0.6, 0.81, 0.79, 0.85])).toBe(30000);
    expect(crossover(sizes, [0.7, 0.8, 0.8, 0.8], [0.6, 0.81, 0.82, 0.85])).toBe(1000);
    expect(crossover(sizes, [0.7, 0.8, 0.8, 0.8], [0.6, 0.81, 0.82, 0.8])).toBeNull(); // level at the end is not ahead
    expect(crossover(sizes, [0.7, 0.8, 0.8, 0.8], [0.71, 0.81, 0.82, 0.85])).toBe(100);
  });

  it('the most flexible algorithm in a run; curves are means over complete repeats only', () => {
    expect(mostFlexible(['logreg', 'knn'])).toBe('knn');
    expect(mostFlexible(['logreg', 'knn', 'mlp-small'])).toBe('mlp-small');
    expect(mostFlexible(['logreg'])).toBeNull();
    expect(mostFlexible(['logreg', 'wave'])).toBe('wave');
    expect(mostFlexible(['logreg', 'wave', 'knn'])).toBe('knn');
    const acc = Float64Array.from([0.5, 0.7, NaN, 0.8]); // one algorithm, two sizes, two repeats
    const c = curves(acc, { algos: ['logreg'], sizes: [10, 20], repeats: 2 });
    expect(c.mean[0][0]).toBeCloseTo(0.6, 12);
    expect(c.lo[0][0]).toBe(0.5);
    expect(c.hi[0][0]).toBe(0.7);
    expect(c.mean[0][1]).toBeNaN(); // half done: not drawn yet
    expect(c.done[0]).toEqual([2, 1]);
  });

  it('normal CDF to 1e-7; model seeds differ by chain and size and stay 31-bit', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
    const seen = new Set<number>();
    for (const seed of [0, 1, 2 ** 31 - 1]) for (const chain of [0, 1, 4, 100, 104]) for (const size of [50, 100, 1000, 30000, 40000]) seen.add(modelSeed(seed, chain, size));
    expect(seen.size).toBe(75);
    for (const v of seen) expect(v >= 0 && v < 2 ** 31).toBe(true);
  });

  it('wave features: every feature kept, then sin and cos of FREQ × the first, for the training and the test rows', () => {
    const set = { d: 2, classes: 2, x: Float32Array.from([0.5, 1, -1, 2]), y: Uint8Array.from([0, 1]), n: 2, testX: Float32Array.from([0, 3]), testY: Uint8Array.from([1]), nTest: 1 };
    const w = withWaveFeatures(set);
    expect(w.d).toBe(4);
    expect(Array.from(w.x)).toEqual(Array.from(Float32Array.from([0.5, 1, Math.sin(FREQ * 0.5), Math.cos(FREQ * 0.5), -1, 2, Math.sin(-FREQ), Math.cos(-FREQ)])));
    expect(Array.from(w.testX)).toEqual([0, 3, 0, 1]);
    expect(w.y).toBe(set.y);
    expect(FREQ).toBe(2); // the lesson says "twice feature 1"
  });

  it('cappedSizes: the sizes at which every repeat of a stepped learner used the whole budget; none for k-NN', () => {
    // two algorithms × two sizes × two repeats
    const steps = Float64Array.from([300, 300, 300, 240, NaN, NaN, NaN, NaN]);
    expect(cappedSizes({ algos: ['mlp-large', 'knn'], sizes: [100, 200], repeats: 2, steps, stepBudget: 300 })).toEqual([{ algo: 'mlp-large', sizes: [100] }]);
  });
});
