import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { run } from '../../src/sims/iterative/scenario';
import { iterativeView } from '../../src/sims/iterative/results';
import { schema, type IterativeResult } from '../../src/sims/iterative/meta';
import { STEP_DEFS } from '../../src/sims/iterative/steps';
import { DRIFT_END, DRIFT_START, LEGACY_SHOW } from '../../src/sims/iterative/world';
import { STAGES } from '../../src/engine/lifecycle';
import { parseParams } from '../../src/engine/params';
import { testContext } from './job-context';

// lessons/09-the-iterative-loop.md quotes these numbers from the lab it embeds at steps 5, 7, 9, 12
// and 13, all at the default decisions (seed 1): one run to step 13 serves every embed, each step's
// numbers read through the view the lab draws. Spreads are over seeds 1–10. A number changes → fix the text.
const LESSON = readFileSync('lessons/09-the-iterative-loop.md', 'utf8');
const SEEDS = 10;
const defaults = parseParams(schema, {}).values;

let result: IterativeResult;
const at = (step: number) => iterativeView(result, { ...defaults, step }).metrics;

/** every quoted string must appear in the lesson text */
const quoted = (...texts: string[]) => {
  for (const t of texts) expect(LESSON, `the lesson should quote “${t}”`).toContain(t);
};
const r2 = (v: number | null | undefined) => (v == null ? 'null' : v.toFixed(2));
const r3 = (v: number | null | undefined) => (v == null ? 'null' : v.toFixed(3));
const points = (v: number | null | undefined) => (v == null ? 'null' : String(Math.round(100 * v)));
const pct = (v: number, digits = 0) => (100 * v).toFixed(digits);
const grouped = (v: number) => Math.round(v).toLocaleString('en');
/** "about 118,000": to the nearest thousand */
const thousands = (v: number) => (Math.round(v / 1000) * 1000).toLocaleString('en');
const range = (xs: number[], f: (v: number) => string) => `${f(Math.min(...xs))} to ${f(Math.max(...xs))}`;

describe('numbers quoted by the iterative-loop lesson', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    result = await run({ step: '13' }, testContext());
  }, 120_000);

  it('the world: the old system, the click rate, and why it is not 0.01 %', () => {
    const s2 = at(2);
    const legacy = at(1);
    console.log('steps 1–2', JSON.stringify({ legacy, s2 }));
    expect(LEGACY_SHOW).toBe(0.3);
    quoted('on 30 % of searches');
    expect(pct(s2.click_rate!, 1)).toBe('0.6');
    expect(pct(legacy.legacy_ctr!, 1)).toBe('0.6');
    expect(Math.round(1 / s2.click_rate! / 10) * 10).toBe(160);
    quoted('about 0.6 % of the ads shown are clicked, roughly one in 160');
    expect(thousands(s2.test_rows!)).toBe('17,000');
    expect(s2.test_positives).toBe(106);
    // at the story's 0.01 %, a test set this size would hold about two clicks
    expect(Math.round(s2.test_rows! * 1e-4)).toBe(2);
    quoted('about 17,000 rows', '0.6 % that means 106 clicks', 'about two clicks');
  });

  it('step 4: version 1 against never showing an ad', () => {
    const m = at(4);
    expect(m.version).toBe(1);
    expect(r2(m.accuracy)).toBe('0.93');
    expect(r3(m.baseline_accuracy)).toBe('0.994');
    quoted('Version 1 is right on 0.93', 'would be right on 0.994');
  });

  it('<Sim step=5>: one category, one labeller; relabelling gains 6 points', () => {
    const m = at(5);
    const s5 = result.steps[5]!;
    const others = s5.segment_errors.filter((e) => e.category !== s5.flagged_category);
    const flagged = s5.segment_errors.find((e) => e.category === s5.flagged_category)!;
    const d = s5.labellers.find((l) => l.labeller === s5.flagged_labeller)!;
    console.log('step 5', JSON.stringify({ m, segments: s5.segment_errors, labellers: s5.labellers }));
    expect(s5.flagged_category).toBe('travel');
    expect(pct(flagged.rate)).toBe('32');
    for (const e of others) expect(e.rate).toBeLessThan(0.01);
    expect(Math.round(m.segment_error_ratio! / 10) * 10).toBe(50);
    quoted('32 % of the travel rows wrong and under 1 % of every other category', 'about 50 times the others');
    // "Travel is the largest category in the test set"
    expect(flagged.rows).toBe(Math.max(...s5.segment_errors.map((e) => e.rows)));
    expect(s5.flagged_labeller).toBe('D');
    expect(pct(d.positive_rate!)).toBe('40');
    for (const l of s5.labellers) if (l !== d) expect(l.positive_rate!).toBeLessThan(0.01);
    quoted('labeller D, marked 40 % of travel rows', 'under 1 % of their travel rows');
    expect(m.relabelled).toBe(2749);
    expect(defaults.relabel_budget).toBe(4000);
    quoted('2,749 of them, within a budget of 4,000');
    expect(r2(s5.accuracy_before)).toBe('0.93');
    expect(r3(s5.accuracy_after)).toBe('0.994');
    expect(points(m.relabel_accuracy_gain)).toBe('6');
    quoted('from 0.93 to 0.994, a gain of 6 points');
  });

  it('<Sim step=7>: version 2 never says "show"; exploring for clicks lifts recall to 0.78', () => {
    const m = at(7);
    const v3 = result.log[2];
    const explored = m.exploration_impressions!;
    console.log('step 7', JSON.stringify(m));
    expect(at(6).version).toBe(2);
    expect(r3(at(6).accuracy)).toBe('0.994');
    expect(m.recall).toBe(0);
    expect(m.accuracy!.toFixed(4)).toBe(m.baseline_accuracy!.toFixed(4));
    quoted('version 2 scores 0.994', 'Its recall is 0: of the 106 clicked test rows', 'to the fourth decimal');
    expect(defaults.remedy).toBe('explore');
    expect(m.positives_added).toBe(16953);
    expect((explored / 1e6).toFixed(1)).toBe('2.7');
    quoted('16,953 more clicked rows', '2.7 million extra ads');
    expect(r2(v3.positives / v3.rows)).toBe('0.30');
    expect(r2(m.remedy_recall)).toBe('0.78');
    expect(defaults.threshold).toBe(0.5);
    quoted('about 3 rows in 10 are clicks', 'its recall at the threshold of 0.5 is 0.78');
  });

  it('<Sim step=9>: 0.19 offline, 0.018 last week; retrained on days 49–76, 0.41', () => {
    const m = at(9);
    const s9 = result.steps[9]!;
    const clickShare = s9.last_week_positives / s9.last_week_rows;
    console.log('step 9', JSON.stringify({ m, window: [s9.window_from, s9.window_to], clickShare }));
    expect([DRIFT_START, DRIFT_END]).toEqual([38, 45]);
    quoted('Between days 38 and 45 of the logs');
    expect(r2(m.offline_score)).toBe('0.19');
    expect(r3(m.last_week_score)).toBe('0.018');
    expect(points(m.gap)).toBe('17');
    quoted('PR-AUC of 0.19', 'On last week it scores 0.018, a gap of 17 points');
    // "random guessing would score about the share of clicks, about 1 %": barely better than chance
    expect(r2(clickShare)).toBe('0.01');
    expect(m.last_week_score!).toBeLessThan(2 * clickShare);
    quoted('about 1 % last week');
    expect(defaults.window).toBe(28);
    expect([s9.window_from, s9.window_to]).toEqual([49, 76]);
    expect(r2(m.retrained_score)).toBe('0.41');
    quoted('the 28 days from day 49 to day 76', 'The retrained model scores 0.41 on last week');
    // retraining repeats the exploration remedy on the new window
    const again = /\(([\d,]+) extra ads shown\)/.exec(result.log[3].data);
    expect((Number(again![1].replace(/,/g, '')) / 1e6).toFixed(1)).toBe('1.3');
    quoted('1.3 million more ads shown');
  });

  it('step 11: served for impressions, the ads tire the users', () => {
    const m = at(11);
    const days = result.steps[11]!.deployment.days;
    console.log('step 11', JSON.stringify({ m, searches: days.map((d) => d.searches) }));
    expect(result.steps[11]!.deployment.totals.impressions).toBe(69699);
    expect(Math.round(days[0].searches / 100) * 100).toBe(6900);
    for (const d of days.slice(3)) expect(d.searches).toBeLessThan(5000);
    expect(days[1].searches).toBeGreaterThanOrEqual(5000);
    quoted('It shows 69,699 ads over the two weeks', 'about 6,900 on the first day, and fewer than 5,000 a day from the fourth day on');
  });

  it('<Sim step=12>: click-through rate earns 41 % more with one ad for every 48', () => {
    const m = at(12);
    const d = result.steps[12]!.deployments;
    console.log('step 12', JSON.stringify({ m, searches: { impressions: d.impressions.totals.searches, ctr: d.ctr.totals.searches } }));
    expect(m.impressions_impressions).toBe(69699);
    expect(m.impressions_ctr).toBe(1454);
    expect(grouped(m.revenue_impressions!)).toBe('487');
    expect(grouped(m.revenue_ctr!)).toBe('688');
    quoted('shows 69,699 ads and earns 487', 'shows only 1,454 ads and earns 688', '1,454 ads earn 688; run for impressions, 69,699 ads earn 487');
    expect(pct(m.revenue_ctr! / m.revenue_impressions! - 1)).toBe('41');
    expect(Math.round(m.impressions_impressions! / m.impressions_ctr!)).toBe(48);
    quoted('41 % more', 'one ad for every 48', 'about 48 times as many ads');
    expect(thousands(d.impressions.totals.searches)).toBe('71,000');
    expect(thousands(d.ctr.totals.searches)).toBe('118,000');
    quoted('searched about 71,000 times', 'searched about 118,000 times');
  });

  it('<Sim step=13>: the log holds 5 versions; versions 4 and 5 differ only in the operating point', () => {
    expect(at(13).versions).toBe(5);
    quoted('By step 13 it has 5 versions');
    const [v4, v5] = [result.log[3], result.log[4]];
    expect(v5.data).toMatch(/same data and weights; operating point/);
    expect([v5.rows, v5.positives, v5.pr_auc]).toEqual([v4.rows, v4.positives, v4.pr_auc]);
    quoted('versions 4 and 5 are the same data and the same weights, differing only in the operating point');
  });

  it('the step table names each step’s lifecycle stage as steps.ts does, linked to the home map', () => {
    for (const def of STEP_DEFS) {
      const stage = STAGES.find((s) => s.id === def.stage)!;
      const row = `| ${def.n} | ${def.title} | [${stage.name}](#/?stage=${stage.id}) |`;
      expect(LESSON, `the table row for step ${def.n}`).toContain(row);
    }
    // the four returns the lesson is about: steps 5, 7 and 9 go back to step 2, step 12 to step 1
    const returns = STEP_DEFS.filter((d) => d.returnsTo && d.n < 13).map((d) => [d.n, d.returnsTo!.step]);
    expect(returns).toEqual([[5, 2], [7, 2], [9, 2], [12, 1]]);
    for (const n of [5, 7, 9, 12]) quoted(`<Sim id="iterative" step="${n}" />`);
  });

  it('spreads over ten seeds', async () => {
    const all = [result];
    for (let seed = 2; seed <= SEEDS; seed++) all.push(await run({ step: '13', seed: String(seed) }, testContext()));
    const s = all.map((r) => r.steps);
    const spread = {
      click: s.map((x) => x[2]!.click_rate),
      ratio: s.map((x) => x[5]!.segment_error_ratio),
      gain: s.map((x) => x[5]!.relabel_accuracy_gain!),
      recall: s.map((x) => x[7]!.recall!),
      remedy: s.map((x) => x[7]!.remedy_recall!),
      gap: s.map((x) => x[9]!.gap!),
      revenue: s.map((x) => x[12]!.revenue_ctr / x[12]!.revenue_impressions),
    };
    console.log('seeds 1–10', JSON.stringify(spread));
    expect(`between ${range(spread.click, (v) => pct(v, 1))}`.replace(' to ', ' and ')).toBe('between 0.6 and 0.8');
    quoted('Over ten seeds the rate lies between 0.6 and 0.8 %');
    expect(range(spread.ratio, (v) => String(Math.round(v)))).toBe('39 to 54');
    quoted('between 39 and 54 times');
    expect(range(spread.gain, points)).toBe('4 to 6');
    quoted('(4 to 6 points over ten seeds)');
    expect(Math.max(...spread.recall)).toBe(0);
    quoted('Over ten seeds its recall is 0 every time');
    expect(range(spread.remedy, r2)).toBe('0.78 to 0.91');
    quoted('(0.78 to 0.91 over ten seeds)');
    expect(range(spread.gap, points)).toBe('14 to 29');
    quoted('the gap lies between 14 and 29 points');
    expect(range(spread.revenue, (v) => v.toFixed(1))).toBe('1.4 to 2.2');
    quoted('between 1.4 and 2.2 times as much');
  }, 240_000);
});
