import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { run } from '../../src/sims/data-vs-algorithm/scenario';
import { results as adapter, dvaMetrics, dvaView, type DvaProgress, type DvaResult } from '../../src/sims/data-vs-algorithm/results';
import { ALGOS, type Algo } from '../../src/sims/data-vs-algorithm/meta';
import { parseDiamonds } from '../../src/sims/data-vs-algorithm/diamonds';
import { testContext } from './job-context';

// The mind-versus-data lab, seeded, on wasm. Each sweep runs once (cached) and several tests read
// it: the whole file stays near a minute. The lesson's quoted numbers are asserted at the end.
const SLOW = 240_000;
const LESSON = readFileSync('lessons/04-mind-vs-data.md', 'utf8');

interface Run {
  r: DvaResult;
  m: Record<string, number | null>;
  snapshots: number;
  progressive: boolean;
  leaked: number;
}
const cache = new Map<string, Promise<Run>>();
function lab(params: Record<string, string>): Promise<Run> {
  const key = JSON.stringify(params);
  if (!cache.has(key)) {
    cache.set(
      key,
      (async () => {
        const before = tf.memory().numTensors;
        const ctx = testContext();
        const r = await run(params, ctx);
        const m = dvaMetrics(r);
        const progress = ctx.snapshots.filter((s): s is (typeof s & DvaProgress) => s.kind === 'progress');
        // curves fill in: some snapshot holds some accuracies while others are still missing
        const progressive = progress.some((s) => s.acc.some(Number.isFinite) && s.acc.some((v) => !Number.isFinite(v)));
        console.log(`${key}: ${(r.totalMs / 1000).toFixed(1)} s`, JSON.stringify(m));
        return { r, m, snapshots: progress.length, progressive, leaked: tf.memory().numTensors - before };
      })(),
    );
  }
  return cache.get(key)!;
}

const acc = (m: Record<string, number | null>, algo: Algo, size: number) => m[`acc_${algo}_${size}`]!;
const f3 = (v: number | null) => (v === null ? 'null' : v.toFixed(3));

/** Spearman's rank correlation, ties given their mean rank */
export function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
      for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(ra), mean(rb)];
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('mind-versus-data lab at its defaults (seed 1: 4 algorithms × 8 sizes × 3 repeats, plus "more but worse")', () => {
  it('every algorithm’s accuracy rises with the training-set size: Spearman ≥ 0.8 across sizes', async () => {
    const { r, m } = await lab({});
    for (const algo of ALGOS) {
      const curve = r.sizes.map((s) => acc(m, algo, s));
      const rho = spearman(r.sizes, curve);
      console.log(`${algo}: Spearman ${rho.toFixed(3)} over ${curve.map(f3).join(', ')}`);
      expect(rho, algo).toBeGreaterThanOrEqual(0.8);
    }
  }, SLOW);

  it('data_gain ≥ 0.05; logistic regression at 30,000 rows beats the best algorithm at 100', async () => {
    const { m } = await lab({});
    expect(m.data_gain!).toBeGreaterThanOrEqual(0.05);
    const bestAt100 = Math.max(...ALGOS.map((a) => acc(m, a, 100)));
    expect(acc(m, 'logreg', 30_000)).toBeGreaterThan(bestAt100);
  }, SLOW);

  it('10,000 noisy extra rows (extra_noise 0.4) end below the 1,000 clean rows for k-NN', async () => {
    const { m } = await lab({});
    expect(m['more_but_worse_knn']!).toBeLessThan(0);
  }, SLOW);

  it('metrics are what the export holds: every point, the gains, the crossover; predictions are the classes they count', async () => {
    const { r, m, leaked, progressive, snapshots } = await lab({});
    expect(leaked).toBe(0); // tensor count unchanged by a whole sweep
    expect(progressive).toBe(true);
    expect(snapshots).toBeGreaterThan(8);
    expect(Object.keys(m).filter((k) => k.startsWith('acc_'))).toHaveLength(32);
    expect(r.predictions.keys).toHaveLength(4 * (8 * 3 + 2 * 3));
    // the exported predictions recount the accuracies exactly
    const exported = adapter.predictions(r, dvaView(r)) as { y_true: number[]; y_pred: Record<string, number[]> };
    const right = (key: string) => exported.y_pred[key].reduce((s, p, i) => s + Number(p === exported.y_true[i]), 0) / exported.y_true.length;
    const mean = (algo: Algo, size: number) => (right(`${algo}_${size}_r1`) + right(`${algo}_${size}_r2`) + right(`${algo}_${size}_r3`)) / 3;
    expect(mean('mlp-large', 5_000)).toBeCloseTo(acc(m, 'mlp-large', 5_000), 12);
    expect(mean('knn', 100)).toBeCloseTo(acc(m, 'knn', 100), 12);
    expect((right('knn_extra_r1') + right('knn_extra_r2') + right('knn_extra_r3')) / 3).toBeCloseTo(m.mbw_extra_knn!, 12);
    expect(exported.y_true).toHaveLength(5_000);
  }, SLOW);
});

describe('wrong labels and outdated rows', () => {
  it('noise=0.3, systematic (the default kind): every algorithm’s final accuracy falls by at least 5 points', async () => {
    const clean = (await lab({})).m;
    const { m, r } = await lab({ noise: '0.3', extra: '0' });
    expect(r.wrongShare).toBeCloseTo(0.3, 2);
    for (const algo of ALGOS) {
      const drop = acc(clean, algo, 30_000) - acc(m, algo, 30_000);
      console.log(`systematic 0.3, ${algo}: ${f3(acc(clean, algo, 30_000))} → ${f3(acc(m, algo, 30_000))}`);
      expect(drop, algo).toBeGreaterThanOrEqual(0.05);
    }
  }, SLOW);

  it('noise=0.3, symmetric: k-NN loses more than logistic regression at the largest size', async () => {
    const clean = (await lab({})).m;
    // the 30,000-row models of this run are the default run's models on the same rows (seeds follow the size), labels flipped
    const { m } = await lab({ noise: '0.3', noise_kind: 'symmetric', sizes: '100,30000', extra: '0' });
    const loss = (algo: Algo) => acc(clean, algo, 30_000) - acc(m, algo, 30_000);
    for (const algo of ALGOS) console.log(`symmetric 0.3, ${algo}: ${f3(acc(clean, algo, 30_000))} → ${f3(acc(m, algo, 30_000))}`);
    expect(loss('knn')).toBeGreaterThan(loss('logreg'));
  }, SLOW);

  it('more but worse: 10,000 outdated rows end below the 1,000 clean rows for every algorithm', async () => {
    const { m } = await lab({ sizes: '50,100', extra_kind: 'outdated' });
    const defaults = (await lab({})).m;
    for (const algo of ALGOS) {
      expect(m[`more_but_worse_${algo}`]!, algo).toBeLessThan(0);
      // the same 1,000 clean rows and seeds as the default run's chart, whatever the sizes
      expect(m[`mbw_clean_${algo}`]).toBe(defaults[`mbw_clean_${algo}`]);
    }
  }, SLOW);
});

describe('other seeds (sizes 100 and 30,000 only, 3 repeats)', () => {
  for (const seed of ['2', '3']) {
    it(`seed ${seed}: data_gain ≥ 0.05 and logistic regression on 30,000 rows beats every algorithm on 100`, async () => {
      const { m } = await lab({ seed, sizes: '100,30000', extra: '0' });
      expect(m.data_gain!).toBeGreaterThanOrEqual(0.05);
      expect(acc(m, 'logreg', 30_000)).toBeGreaterThan(Math.max(...ALGOS.map((a) => acc(m, a, 100))));
    }, SLOW);
  }
});

describe('determinism, bad params, real data', () => {
  it('the same seed gives the same numbers and predictions; bad params are clamped, not thrown', async () => {
    const params = { algos: 'logreg,knn', sizes: '50,200', repeats: '1', extra: '1000', seed: '9' };
    const a = await run(params, testContext());
    const b = await run(params, testContext());
    expect(dvaMetrics(b)).toEqual(dvaMetrics(a));
    expect(b.predictions.y_pred).toEqual(a.predictions.y_pred);
    const odd = await run({ algos: 'logreg,bogus', sizes: '10,50,abc,999999', repeats: '9', noise: '2', extra: '-3' }, testContext());
    expect(odd.algos).toEqual(['logreg']);
    expect(odd.sizes).toEqual([50, 40_000]);
    expect(odd.repeats).toBe(5);
    expect(odd.extra).toBe(0);
  }, SLOW);

  it('diamonds.csv as shipped: 53,940 stones, price thirds cut at $1,240 and $4,288', () => {
    const t = parseDiamonds(readFileSync('public/data/diamonds.csv', 'utf8'));
    expect(t.n).toBe(53_940);
    expect(t.cuts).toEqual([1_240, 4_288]);
  });

  it('diamonds: the big network overtakes logistic regression between 100 and 30,000 rows — a real crossover', async () => {
    const { m, r } = await lab({ data: 'diamonds', algos: 'logreg,mlp-large', sizes: '100,30000', repeats: '1', extra: '0' });
    expect(r.nTest).toBe(10_000);
    expect(acc(m, 'logreg', 100)).toBeGreaterThan(acc(m, 'mlp-large', 100));
    expect(acc(m, 'mlp-large', 30_000)).toBeGreaterThan(acc(m, 'logreg', 30_000));
    expect(m.crossover_size).toBe(30_000);
  }, SLOW);
});

describe('numbers quoted by lessons/04-mind-vs-data.md (the labs it embeds, default seed)', () => {
  const quoted = (...texts: string[]) => {
    for (const t of texts) expect(LESSON, `the lesson should quote “${t}”`).toContain(t);
  };
  const pts = (v: number) => Math.round(v * 100);

  it('the first lab (defaults): the race, the gains, the curves, more but worse', async () => {
    const { m } = await lab({});
    // the predict-first race: logistic regression on 30,000 rows against the big network on 500
    expect(acc(m, 'logreg', 30_000)).toBeGreaterThan(acc(m, 'mlp-large', 500) + 0.01);
    quoted(`Logistic regression, ${f3(acc(m, 'logreg', 30_000))} against ${f3(acc(m, 'mlp-large', 500))}`);
    quoted(`gains ${f3(m.data_gain)} in accuracy, ${pts(m.data_gain!)} points`, `only ${f3(m.algo_gain)} apart`);
    quoted(`reaches ${f3(acc(m, 'logreg', 2_000))} at 2,000 rows and is still at ${f3(acc(m, 'logreg', 30_000))} at 30,000`);
    quoted(`from ${f3(acc(m, 'mlp-large', 2_000))} at 2,000 rows to ${f3(acc(m, 'mlp-large', 5_000))} at 5,000`);
    quoted(`stays ahead from ${m.crossover_size!.toLocaleString('en')} rows on, finishing at ${f3(acc(m, 'mlp-large', 30_000))}`);
    quoted(`k-NN reaches ${f3(acc(m, 'knn', 30_000))}, still below logistic regression`);
    expect(acc(m, 'knn', 30_000)).toBeLessThan(acc(m, 'logreg', 30_000));
    quoted(`k-NN fell from ${f3(m.mbw_clean_knn)} to ${f3(m.mbw_extra_knn)}`);
    // "every other learner lost a few points as well; none gained"; logistic regression "about two points"
    for (const a of ['logreg', 'mlp-small', 'mlp-large'] as const) {
      expect(m[`more_but_worse_${a}`]!, a).toBeLessThan(-0.01);
      expect(m[`more_but_worse_${a}`]!, a).toBeGreaterThan(-0.06);
    }
    expect(pts(-m.more_but_worse_logreg!)).toBe(2);
    quoted('lost about two points');
  }, SLOW);

  it('the first lab with outdated extra rows', async () => {
    const { m } = await lab({ sizes: '50,100', extra_kind: 'outdated' });
    quoted(`logistic regression ${f3(m.mbw_clean_logreg)} before, ${f3(m.mbw_extra_logreg)} after`, `the big network ${f3(m['mbw_clean_mlp-large'])} before, ${f3(m['mbw_extra_mlp-large'])} after`);
    for (const a of ALGOS) expect(m[`more_but_worse_${a}`]!, a).toBeLessThan(-0.1); // "clearly worse"
  }, SLOW);

  it('the second lab: 30 % systematic wrong labels, then symmetric ones', async () => {
    const clean = (await lab({})).m;
    const { m } = await lab({ noise: '0.3', extra: '0' });
    const sentence = `logistic regression at ${f3(acc(m, 'logreg', 30_000))} instead of ${f3(acc(clean, 'logreg', 30_000))}, the small network at ${f3(acc(m, 'mlp-small', 30_000))} instead of ${f3(acc(clean, 'mlp-small', 30_000))}, the big network at ${f3(acc(m, 'mlp-large', 30_000))} instead of ${f3(acc(clean, 'mlp-large', 30_000))}, k-NN at ${f3(acc(m, 'knn', 30_000))} instead of ${f3(acc(clean, 'knn', 30_000))}`;
    quoted(sentence);
    // "every learner in the lab lost at least 10 points"
    for (const a of ALGOS) expect(acc(clean, a, 30_000) - acc(m, a, 30_000), a).toBeGreaterThanOrEqual(0.1);
    const sym = (await lab({ noise: '0.3', noise_kind: 'symmetric', sizes: '100,30000', extra: '0' })).m;
    quoted(`Logistic regression barely notices: ${f3(acc(sym, 'logreg', 30_000))}`, `big network keeps ${f3(acc(sym, 'mlp-large', 30_000))}`, `k-NN drops to ${f3(acc(sym, 'knn', 30_000))}`);
    quoted(`${f3(acc(clean, 'logreg', 30_000))} to ${f3(acc(sym, 'logreg', 30_000))} in the lab`, `from ${f3(acc(clean, 'mlp-large', 30_000))} to ${f3(acc(m, 'mlp-large', 30_000))} on 30,000`);
  }, SLOW);
});
