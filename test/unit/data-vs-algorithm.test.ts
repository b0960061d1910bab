import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { run } from '../../src/sims/data-vs-algorithm/scenario';
import { results as adapter, cappedSizes, dvaMetrics, dvaView, type DvaProgress, type DvaResult } from '../../src/sims/data-vs-algorithm/results';
import { ALGOS, type Algo } from '../../src/sims/data-vs-algorithm/meta';
import { VALIDATION_EVERY, VALIDATION_MAX } from '../../src/sims/data-vs-algorithm/sweep';
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

describe('mind-versus-data lab at its defaults (seed 1: 5 algorithms × 8 sizes × 3 repeats, plus "more but worse")', () => {
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
    expect(Object.keys(m).filter((k) => k.startsWith('acc_'))).toHaveLength(40);
    expect(r.predictions.keys).toHaveLength(5 * (8 * 3 + 2 * 3));
    expect(r.stepBudget).toBe(300);
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

// the same runs for seeds 2–5 serve the tests of other seeds, the bias and the step budget
const seedRun = (seed: string) => lab({ seed, sizes: '100,1000,30000', extra: '0' });

describe('other seeds (sizes 100, 1,000 and 30,000 only, 3 repeats)', () => {
  for (const seed of ['2', '3']) {
    it(`seed ${seed}: data_gain ≥ 0.05 and logistic regression on 30,000 rows beats every algorithm on 100`, async () => {
      const { m } = await seedRun(seed);
      expect(m.data_gain!).toBeGreaterThanOrEqual(0.05);
      expect(acc(m, 'logreg', 30_000)).toBeGreaterThan(Math.max(...ALGOS.map((a) => acc(m, a, 100))));
    }, SLOW);
  }
});

describe('a bias that fits: the wave-feature model (logistic regression + sin 2x, cos 2x of feature 1)', () => {
  const others = ALGOS.filter((a) => a !== 'wave');
  for (const seed of ['1', '2', '3', '4', '5']) {
    it(`seed ${seed}: ahead of every other learner at 100 rows by ≥ 0.02 (bias_gain); on 1,000 rows above every other learner on 30,000`, async () => {
      const { m } = seed === '1' ? await lab({}) : await seedRun(seed);
      const best100 = Math.max(...others.map((a) => acc(m, a, 100)));
      const best30k = Math.max(...others.map((a) => acc(m, a, 30_000)));
      console.log(`seed ${seed}: wave ${f3(acc(m, 'wave', 100))} at 100 (others ≤ ${f3(best100)}), ${f3(acc(m, 'wave', 1_000))} at 1,000 (others ≤ ${f3(best30k)} at 30,000)`);
      expect(m.bias_gain).toBeCloseTo(acc(m, 'wave', 100) - best100, 12);
      expect(m.bias_gain!).toBeGreaterThanOrEqual(0.02);
      expect(acc(m, 'wave', 1_000)).toBeGreaterThan(best30k);
    }, SLOW);
  }

  it('without the wave-feature model in the run bias_gain is null; on it alone too', async () => {
    const r = (await lab({})).r;
    const pick = (algos: Algo[]): DvaResult => {
      const idx = algos.map((a) => r.algos.indexOf(a));
      const S = r.sizes.length;
      const R = r.repeats;
      const acc = new Float64Array(idx.length * S * R);
      idx.forEach((a, j) => acc.set(r.acc.subarray(a * S * R, (a + 1) * S * R), j * S * R));
      return { ...r, algos, acc, mbwClean: new Float64Array(idx.length * R), mbwExtra: new Float64Array(idx.length * R) };
    };
    expect(dvaMetrics(pick(['logreg', 'knn'])).bias_gain).toBeNull();
    expect(dvaMetrics(pick(['wave'])).bias_gain).toBeNull();
    expect(dvaMetrics(pick(['logreg', 'wave'])).bias_gain).toBeCloseTo(acc((await lab({})).m, 'wave', 100) - acc((await lab({})).m, 'logreg', 100), 12);
  }, SLOW);
});

describe('the step budget (300 Adam steps of 128 rows for every learner but k-NN)', () => {
  // the 30,000-row models of these runs are the default run's, trained longer (seeds follow the size)
  const long = (seed: string, algos: string) => lab({ seed, algos, sizes: '2000,30000', steps: '2000', extra: '0' });

  it('seed 1: the big network takes every step at 5,000 rows and up; 2,000 steps lift the small network at 30,000 rows by ≥ 3 points, not logistic regression', async () => {
    const { r, m } = await lab({});
    const capped = Object.fromEntries(cappedSizes(r).map((c) => [c.algo, c.sizes]));
    console.log('every repeat used all 300 steps at:', JSON.stringify(capped));
    expect(capped['mlp-large']).toEqual([5_000, 10_000, 30_000]);
    expect(capped.knn).toBeUndefined();
    const l = (await long('1', 'logreg,mlp-small,mlp-large')).m;
    for (const a of ['logreg', 'mlp-small', 'mlp-large'] as const) console.log(`2,000 steps, ${a} at 30,000: ${f3(acc(m, a, 30_000))} → ${f3(acc(l, a, 30_000))}`);
    expect(acc(l, 'mlp-small', 30_000) - acc(m, 'mlp-small', 30_000)).toBeGreaterThanOrEqual(0.03);
    expect(acc(l, 'mlp-large', 30_000)).toBeGreaterThan(acc(m, 'mlp-large', 30_000));
    expect(Math.abs(acc(l, 'logreg', 30_000) - acc(m, 'logreg', 30_000))).toBeLessThan(0.005);
  }, SLOW);

  for (const seed of ['2', '3']) {
    it(`seed ${seed}: 2,000 steps lift the small network at 30,000 rows by ≥ 3 points; logistic regression moves < 0.005`, async () => {
      const m = (await seedRun(seed)).m;
      const l = (await long(seed, 'logreg,mlp-small')).m;
      console.log(`seed ${seed}, 2,000 steps at 30,000: small ${f3(acc(m, 'mlp-small', 30_000))} → ${f3(acc(l, 'mlp-small', 30_000))}, logreg ${f3(acc(m, 'logreg', 30_000))} → ${f3(acc(l, 'logreg', 30_000))}`);
      expect(acc(l, 'mlp-small', 30_000) - acc(m, 'mlp-small', 30_000)).toBeGreaterThanOrEqual(0.03);
      expect(Math.abs(acc(l, 'logreg', 30_000) - acc(m, 'logreg', 30_000))).toBeLessThan(0.005);
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
    const { m, r } = await lab({});
    // the predict-first race: logistic regression on 30,000 rows against the big network on 500
    expect(acc(m, 'logreg', 30_000)).toBeGreaterThan(acc(m, 'mlp-large', 500) + 0.01);
    quoted(`Logistic regression, ${f3(acc(m, 'logreg', 30_000))} against ${f3(acc(m, 'mlp-large', 500))}`);
    const four = (['logreg', 'mlp-small', 'mlp-large', 'knn'] as const).map((a) => acc(m, a, 100));
    quoted(`gains ${f3(m.data_gain)} in accuracy, ${pts(m.data_gain!)} points`, `the first four learners are only ${f3(Math.max(...four) - Math.min(...four))} apart`);
    // "the fifth learner is the exception": it is what makes the headline's algo_gain large
    expect(m.algo_gain).toBeCloseTo(acc(m, 'wave', 100) - Math.min(...four), 12);
    quoted(`All ${r.algos.length * r.sizes.length * r.repeats} models are scored on the same ${r.nTest.toLocaleString('en')} test rows`);
    quoted(`reaches ${f3(acc(m, 'logreg', 2_000))} at 2,000 rows and is still at ${f3(acc(m, 'logreg', 30_000))} at 30,000`);
    quoted(`from ${f3(acc(m, 'mlp-large', 2_000))} at 2,000 rows to ${f3(acc(m, 'mlp-large', 5_000))} at 5,000`);
    quoted(`stays ahead from ${m.crossover_size!.toLocaleString('en')} rows on, finishing at ${f3(acc(m, 'mlp-large', 30_000))}`);
    quoted(`k-NN reaches ${f3(acc(m, 'knn', 30_000))}, still below logistic regression`);
    expect(acc(m, 'knn', 30_000)).toBeLessThan(acc(m, 'logreg', 30_000));
    quoted(`k-NN fell from ${f3(m.mbw_clean_knn)} to ${f3(m.mbw_extra_knn)}`);
    // "every other learner lost a few points as well; none gained"; logistic regression "about two points"
    for (const a of ['logreg', 'mlp-small', 'mlp-large', 'wave'] as const) {
      expect(m[`more_but_worse_${a}`]!, a).toBeLessThan(-0.01);
      expect(m[`more_but_worse_${a}`]!, a).toBeGreaterThan(-0.06);
    }
    expect(pts(-m.more_but_worse_logreg!)).toBe(2);
    quoted('lost about two points');
  }, SLOW);

  it('the first lab: the wave-feature model (the bias that fits) and its predict-first question', async () => {
    const { m } = await lab({});
    quoted(`At 100 rows the wave-feature model scores ${f3(acc(m, 'wave', 100))}, ${f3(m.bias_gain)} ahead of the best of the other four`);
    quoted(`On 1,000 rows it reaches ${f3(acc(m, 'wave', 1_000))}, above the big network's ${f3(acc(m, 'mlp-large', 30_000))} on 30,000, and it ends at ${f3(acc(m, 'wave', 30_000))}`);
    quoted(`The wave-feature model, ${f3(acc(m, 'wave', 1_000))} against ${f3(acc(m, 'mlp-large', 30_000))}: the right assumption was worth thirty times the data`);
    // its Predict's answer={0}: more than a point ahead; the big network is the best of the others at 30,000
    expect(acc(m, 'wave', 1_000)).toBeGreaterThan(acc(m, 'mlp-large', 30_000) + 0.01);
    expect(Math.max(...ALGOS.filter((a) => a !== 'wave').map((a) => acc(m, a, 30_000)))).toBe(acc(m, 'mlp-large', 30_000));
    expect(LESSON).toMatch(/id="mind-vs-data-bias"[\s\S]*?answer=\{0\}/);
  }, SLOW);

  it('the step budget: 38,400 rows a model, about 1.3 passes over 30,000; the big network capped from 5,000 rows; 2,000 steps', async () => {
    const { r, m } = await lab({});
    const seen = r.stepBudget * 128;
    const train30k = 30_000 - Math.min(VALIDATION_MAX, Math.floor(30_000 / VALIDATION_EVERY));
    quoted(`at most ${r.stepBudget} steps of 128 rows each`, `looks at ${seen.toLocaleString('en')} rows in all`, `sees each training row about ${(seen / train30k).toFixed(1)} times`, '(a fifth of its rows, at most 500)');
    expect(VALIDATION_EVERY).toBe(5);
    expect(VALIDATION_MAX).toBe(500);
    // "with 100 rows, a model can go over each of them hundreds of times": 80 training rows, one batch a step
    expect(seen / (100 - 100 / VALIDATION_EVERY) / 128).toBeGreaterThanOrEqual(1);
    expect(Math.min(...Array.from(r.steps.subarray(0, 3)))).toBeGreaterThanOrEqual(200); // logistic regression at 100 rows, every repeat
    expect(cappedSizes(r).find((c) => c.algo === 'mlp-large')!.sizes).toEqual([5_000, 10_000, 30_000]);
    quoted('the big network used all 300 steps, in every repeat, at every size from 5,000 rows up');
    const l = (await lab({ algos: 'logreg,mlp-small,mlp-large', sizes: '2000,30000', steps: '2000', extra: '0' })).m;
    quoted(
      `the small network climbs from ${f3(acc(m, 'mlp-small', 30_000))} to ${f3(acc(l, 'mlp-small', 30_000))} and the big one from ${f3(acc(m, 'mlp-large', 30_000))} to ${f3(acc(l, 'mlp-large', 30_000))}, while logistic regression stays where it was, at ${f3(acc(l, 'logreg', 30_000))}`,
    );
    // "stays where it was": within half a point of its 300-step score
    expect(Math.abs(acc(l, 'logreg', 30_000) - acc(m, 'logreg', 30_000))).toBeLessThan(0.005);
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
