import type { Rng } from '../../engine/rng';
import type { RunControl } from '../../engine/control';
import { CATEGORIES, K, L, LABELLERS, daysRows } from './world';
import { buildFeatures, featureNames } from './features';
import { countPositives, score, toClickProbability, type TrainedModel } from './models';
import { deployPool, operatingPoint, simulateDeploy, type DeployOutcome, type Objective } from './deploy';
import {
  COLLECT_DAYS,
  LAST_WEEK_FROM,
  STEPS,
  VALIDATION_SHARE,
  adopt,
  current,
  evaluateOn,
  logSet,
  stepRng,
  trainRecipe,
  type ModelVersion,
  type Project,
} from './project';
import type { Step5, Step7, Step9 } from './step-results';

export * from './project';
export type * from './step-results';

const fmt = (n: number) => n.toLocaleString('en');

/** Run step n (1 … 13); steps run in order, each once. */
export async function runStep(p: Project, n: number, control: RunControl): Promise<void> {
  if (n !== p.done + 1) throw new Error(`step ${n} needs step ${p.done + 1} first`);
  const dec = p.decisions;
  const rng = stepRng(p.seed, n);
  const r = p.results;
  switch (n) {
    case 1:
      r[1] = { objective: 'impressions' };
      break;
    case 2: {
      const trainPos = countPositives(logSet(p, p.collectTrain, 'team').y);
      const testPos = countPositives(logSet(p, p.test, 'clean').y);
      r[2] = {
        days: COLLECT_DAYS,
        rows: p.collectTrain.length + p.test.length,
        train_rows: p.collectTrain.length,
        test_rows: p.test.length,
        label_positive_rate: trainPos / p.collectTrain.length,
        click_rate: testPos / p.test.length,
        test_positives: testPos,
      };
      break;
    }
    case 3:
      r[3] = { features: p.groups, inputs: featureNames(p.groups) };
      break;
    case 4: {
      const t = await trainRecipe(p, p.collectTrain, 'team', 'none', p.seed * 1000 + 1, rng, control);
      const { evaluation, scores, y } = await evaluateOn(p, t.model, p.test);
      p.candidate = {
        version: 0,
        step: 4,
        model: t.model,
        data: `days 0–${COLLECT_DAYS - 1}, ${fmt(t.rows)} rows, labels as the labellers gave them`,
        rows: t.rows,
        positives: t.positives,
        objective: 'impressions',
        threshold: null,
        offline: evaluation,
        live: null,
      };
      const a = adopt(p, 4);
      r[4] = { version: a.version, evaluation, predictions: { y_true: y, y_score: scores } };
      break;
    }
    case 5:
      r[5] = await relabelStep(p, rng, control);
      break;
    case 6:
    case 8:
    case 10:
      r[n] = adopt(p, n);
      break;
    case 7:
      r[7] = await remedyStep(p, rng, control);
      break;
    case 9:
      r[9] = await retrainStep(p, rng, control);
      break;
    case 11: {
      const v = current(p);
      const deployment = await deploy(p, v.model, 'impressions');
      v.live = deployment.totals;
      v.threshold = deployment.threshold;
      r[11] = { version: v.version, deployment };
      break;
    }
    case 12: {
      const v = current(p);
      const impressions = await deploy(p, v.model, 'impressions');
      await control.checkpoint('epoch');
      const ctr = await deploy(p, v.model, 'ctr');
      await control.checkpoint('epoch');
      const revenue = await deploy(p, v.model, 'revenue');
      const deployments: Record<Objective, DeployOutcome> = { impressions, ctr, revenue };
      const chosen = dec.objective;
      const next: ModelVersion = {
        ...v,
        version: p.versions.length + 1,
        step: 12,
        data: `same data and weights; operating point for ${chosen}`,
        objective: chosen,
        threshold: deployments[chosen].threshold,
        live: deployments[chosen].totals,
      };
      p.versions.push(next);
      r[12] = {
        revenue_impressions: deployments.impressions.totals.revenue,
        revenue_ctr: deployments.ctr.totals.revenue,
        revenue_revenue: deployments.revenue.totals.revenue,
        impressions_impressions: deployments.impressions.totals.impressions,
        impressions_ctr: deployments.ctr.totals.impressions,
        impressions_revenue: deployments.revenue.totals.impressions,
        deployments,
        chosen,
        version: next.version,
      };
      break;
    }
    case 13:
      r[13] = { versions: p.versions.length };
      break;
    default:
      throw new Error(`there is no step ${n}`);
  }
  p.done = n;
}

/** Steps done+1 … upTo, in order. */
export async function runTo(p: Project, upTo: number, control: RunControl, onStep?: (n: number) => void | Promise<void>): Promise<Project> {
  for (let n = p.done + 1; n <= Math.min(upTo, STEPS); n++) {
    await runStep(p, n, control);
    await onStep?.(n);
  }
  return p;
}

/**
 * Step 5: the step-4 model's errors on the clean test set, by query category; in the worst one,
 * each labeller's "show" rate on the training rows; the worst labeller's "show" rows there are the
 * suspicious ones, and up to `relabel_budget` of them (at random) get an expert's label. The fixed
 * model is trained on the relabelled rows.
 */
async function relabelStep(p: Project, rng: Rng, control: RunControl): Promise<Step5> {
  const log = p.world.log;
  const dec = p.decisions;
  const v = current(p);
  const { evaluation: before, scores, y } = await evaluateOn(p, v.model, p.test);
  const rows = new Float64Array(K);
  const errors = new Float64Array(K);
  for (let k = 0; k < p.test.length; k++) {
    const c = log.category[p.test[k]];
    rows[c]++;
    if ((scores[k] >= dec.threshold ? 1 : 0) !== y[k]) errors[c]++;
  }
  const rate = (c: number) => (rows[c] ? errors[c] / rows[c] : 0);
  let flagged = 0;
  for (let c = 1; c < K; c++) if (rate(c) > rate(flagged)) flagged = c;
  const restRows = p.test.length - rows[flagged];
  const restRate = (errors.reduce((a, b) => a + b, 0) - errors[flagged]) / restRows;
  const segmentErrorRatio = rate(flagged) / Math.max(restRate, 1 / restRows);

  const labRows = new Float64Array(L);
  const labPos = new Float64Array(L);
  for (const i of p.collectTrain) {
    if (log.category[i] !== flagged) continue;
    labRows[log.labeller[i]]++;
    labPos[log.labeller[i]] += p.labels[i];
  }
  const labRate = (l: number) => (labRows[l] ? labPos[l] / labRows[l] : -1);
  let flaggedLabeller = 0;
  for (let l = 1; l < L; l++) if (labRate(l) > labRate(flaggedLabeller)) flaggedLabeller = l;
  const suspicious: number[] = [];
  for (const i of p.collectTrain) if (log.category[i] === flagged && log.labeller[i] === flaggedLabeller && p.labels[i] === 1) suspicious.push(i);
  rng.shuffle(suspicious);
  const budget = Math.max(0, Math.floor(dec.relabel_budget));
  const sent = suspicious.slice(0, budget);
  let changed = 0;
  for (const i of sent) {
    if (p.labels[i] !== log.click[i]) changed++;
    p.labels[i] = log.click[i];
  }
  p.guidelineFixed = sent.length > 0;

  const t = await trainRecipe(p, p.collectTrain, 'team', 'none', p.seed * 1000 + 2, rng, control);
  const { evaluation: after, scores: afterScores } = await evaluateOn(p, t.model, p.test);
  p.candidate = {
    version: 0,
    step: 5,
    model: t.model,
    data: `relabelled ${fmt(sent.length)} rows (${fmt(changed)} labels changed: labeller ${LABELLERS[flaggedLabeller]}, ${CATEGORIES[flagged]})`,
    rows: t.rows,
    positives: t.positives,
    objective: 'impressions',
    threshold: null,
    offline: after,
    live: null,
  };
  return {
    segment_errors: CATEGORIES.map((category, c) => ({ category, rows: rows[c], errors: errors[c], rate: rate(c) })),
    flagged_category: CATEGORIES[flagged],
    segment_error_ratio: segmentErrorRatio,
    labellers: LABELLERS.map((labeller, l) => ({ labeller, rows: labRows[l], positive_rate: labRows[l] ? labPos[l] / labRows[l] : null })),
    flagged_labeller: LABELLERS[flaggedLabeller],
    suspicious_rows: suspicious.length,
    relabelled: sent.length,
    labels_changed: changed,
    accuracy_before: before.accuracy,
    accuracy_after: after.accuracy,
    relabel_accuracy_gain: before.accuracy !== null && after.accuracy !== null ? after.accuracy - before.accuracy : null,
    predictions: { y_true: y, y_score: afterScores },
  };
}

/** Step 7: the step-6 model at the true click rate, then the remedied model on the same rows. */
async function remedyStep(p: Project, rng: Rng, control: RunControl): Promise<Step7> {
  const dec = p.decisions;
  const { evaluation: plain, scores: plainScores, y } = await evaluateOn(p, current(p).model, p.test);
  const t = await trainRecipe(p, p.collectTrain, 'team', dec.remedy, p.seed * 1000 + 3, rng, control);
  const { evaluation: fixed, scores } = await evaluateOn(p, t.model, p.test);
  p.candidate = {
    version: 0,
    step: 7,
    model: t.model,
    data: t.remedyText,
    rows: t.rows,
    positives: t.positives,
    objective: 'impressions',
    threshold: null,
    offline: fixed,
    live: null,
  };
  return {
    recall: plain.recall,
    accuracy: plain.accuracy,
    baseline_accuracy: plain.baseline_accuracy,
    shown: plain.shown,
    remedy: dec.remedy,
    remedy_recall: fixed.recall,
    remedy_accuracy: fixed.accuracy,
    remedy_precision: fixed.precision,
    remedy_pr_auc: fixed.pr_auc,
    positives_added: t.added,
    exploration_impressions: t.explorationImpressions,
    plain_predictions: { y_true: y, y_score: plainScores },
    predictions: { y_true: y, y_score: scores },
  };
}

/** Step 9: the step-8 model on its old test set and on the last week; the same recipe retrained on the recent window. */
async function retrainStep(p: Project, rng: Rng, control: RunControl): Promise<Step9> {
  const dec = p.decisions;
  const v = current(p);
  const offline = (await evaluateOn(p, v.model, p.test)).evaluation;
  const stale = await evaluateOn(p, v.model, p.lastWeek);
  const last = stale.evaluation;
  const days = Math.max(1, Math.min(LAST_WEEK_FROM, Math.round(dec.window)));
  const from = LAST_WEEK_FROM - days;
  const window = rng.shuffle(Array.from(daysRows(p.world.log, from, LAST_WEEK_FROM)));
  const nVal = Math.round(window.length * VALIDATION_SHARE);
  p.windowValidation = Uint32Array.from(window.slice(0, nVal)).sort();
  p.windowTrain = Uint32Array.from(window.slice(nVal)).sort();
  const t = await trainRecipe(p, p.windowTrain, p.guidelineFixed ? 'clean' : 'team', dec.remedy, p.seed * 1000 + 4, rng, control);
  const fresh = await evaluateOn(p, t.model, p.lastWeek);
  const retrained = fresh.evaluation;
  p.candidate = {
    version: 0,
    step: 9,
    model: t.model,
    data: `window moved to days ${from}–${LAST_WEEK_FROM - 1} (${fmt(p.windowTrain.length)} rows)${t.remedyText ? `; ${t.remedyText}` : ''}`,
    rows: t.rows,
    positives: t.positives,
    objective: 'impressions',
    threshold: null,
    offline: retrained,
    live: null,
  };
  const gap = offline.pr_auc !== null && last.pr_auc !== null ? offline.pr_auc - last.pr_auc : null;
  return {
    offline_score: offline.pr_auc,
    last_week_score: last.pr_auc,
    gap,
    retrained_last_week_score: retrained.pr_auc,
    gap_recovered: gap !== null && gap > 0 && retrained.pr_auc !== null && last.pr_auc !== null ? (retrained.pr_auc - last.pr_auc) / gap : null,
    window_from: from,
    window_to: LAST_WEEK_FROM - 1,
    train_rows: p.windowTrain.length,
    last_week_rows: last.n,
    last_week_positives: last.positives,
    stale_predictions: { y_true: stale.y, y_score: stale.scores },
    predictions: { y_true: fresh.y, y_score: fresh.scores },
  };
}

/**
 * Serve the deployed days with `model` run for `objective`. Its operating point is chosen on the
 * newest labelled rows the team holds: the recent window's held-out rows and the last week.
 */
async function deploy(p: Project, model: TrainedModel, objective: Objective): Promise<DeployOutcome> {
  if (!p.windowValidation) throw new Error('deploying needs the recent window (step 9)');
  const val = Uint32Array.from([...p.windowValidation, ...p.lastWeek]);
  p.pool ??= deployPool(p.world);
  const pool = p.pool;
  const valSet = logSet(p, val, 'clean');
  const valP = toClickProbability(model, await score(model, valSet.x, valSet.n));
  const cpc = Float32Array.from(val, (i) => p.world.ads.cpc[p.world.log.ad[i]]);
  const threshold = operatingPoint(objective, valSet.y, valP, cpc);
  const poolX = buildFeatures(pool.searches, p.groups);
  const poolP = toClickProbability(model, await score(model, poolX.x, poolX.n));
  return simulateDeploy(p.world, pool, poolP, objective, threshold);
}

