import { createRng } from '../../engine/rng';
import { train } from '../../engine/train';
import { trainStacked } from '../../engine/stacked';
import { logisticRegression, mlp, unpackWeights, paramLayout, type ModelSpec } from '../../engine/model';
import { now, type RunControl } from '../../engine/control';
import { DEFAULT_KNOBS, type Knobs } from './faults-run';
import { HOLDOUT_ROWS, REGION_ROWS, WINDOW_DAYS, fleetWorld, regionRows, rowInputs, dayAccuracy, type FleetWorld, type RegionRows } from './fleet-world';
import { DEGRADED_DROP, MONITOR_ROWS, POLICIES, REVIEW_MINUTES, createPolicy, type FleetPolicy } from './fleet-policies';

/**
 * Part `fleet` of the reliability lab, whole: launch one click model per region (all trained
 * together, stacked), serve `days` days, score every model on every day, and let the policy decide
 * which models get retrained at the end of each day. Retrains of one day train stacked too; each
 * model's seeds come from (region, day), never from its place in the stack, so a run is the same
 * stacked or one model at a time. Daily scoring is plain JS from the weights (a model of ~10
 * inputs: cheaper than a round trip through TF.js, and equal to its prediction to float rounding):
 * each model version answers every request of the pool once, and a region-day's 1,000 rows are
 * scored by lookup (12 million served rows at the defaults cost a draw and a lookup each).
 */

export interface FleetParams {
  days: number;
  /** regions, one model each (1–200) */
  models: number;
  policy: FleetPolicy;
  /** dashboards (manual) or tickets (alerts) an analyst works through a day */
  reviews_per_day: number;
  /** days before a day's labels arrive (0–14) */
  label_delay: number;
  seed: number;
  knobs: Knobs;
}

export const DEFAULT_FLEET_KNOBS: Knobs = { ...DEFAULT_KNOBS, lr: 0.1, epochs: 4, batch: 256 };

export const DEFAULT_FLEET_PARAMS: FleetParams = {
  days: 120,
  models: 100,
  policy: 'manual',
  reviews_per_day: 5,
  label_delay: 3,
  seed: 1,
  knobs: DEFAULT_FLEET_KNOBS,
};

/** the fleet sizes the degraded-share sweep visits */
export const SWEEP_MODELS: readonly number[] = [1, 10, 50, 100, 200];

/** A heat-strip cell's state: what a region's model did that day. */
export const CELL = { healthy: 0, degraded: 1, retrained: 2, rejected: 3 } as const;
export const CELL_NAMES = ['healthy', 'degraded', 'retrained', 'retrain not better'] as const;

export interface FleetRun {
  params: FleetParams;
  /** per region: the day its click relation changes, and how strongly */
  drift_day: Int16Array;
  strength: Float32Array;
  /** per model-day [region · days + day]: the serving model's expected accuracy on the day's rows */
  live_accuracy: Float32Array;
  /** per model-day: the offline score of the model serving that day */
  offline: Float32Array;
  /** per model-day: 1 = live accuracy DEGRADED_DROP or more below the offline score */
  degraded: Uint8Array;
  /** per model-day: CELL state (a retrain at the end of the day marks the day, whatever its accuracy) */
  cells: Uint8Array;
  /** per region: first day on or after its drift day the policy noticed it degraded (-1: never) */
  noticed: Int16Array;
  /** per region: retrains run (accepted or not), and those that replaced the model */
  retrains: Int32Array;
  replaced: Int32Array;
  /** dashboard reviews and tickets worked by people, the whole run */
  reviews: number;
  /** training steps of the retrains (one model's step = one unit), and of the launch */
  compute_units: number;
  launch_compute_units: number;
  /** mean offline score of the launched models */
  launch_accuracy: number;
}

export interface FleetDayProgress {
  day: number;
  days: number;
  /** share of today's models that are degraded */
  degraded_share: number;
  /** retrains run so far */
  retrains: number;
}

export interface FleetRunOptions {
  onDay?: (p: FleetDayProgress) => void | Promise<void>;
  /** train the day's retrains stacked (default) or one model at a time (the benchmark's baseline, and the test that both agree) */
  stacked?: boolean;
  /** if given, the run adds its training time here (for the benchmark; not part of the results) */
  timing?: { train_ms: number; trainings: number };
}

/** Training seeds from (seed, region, day): a model's place in the stack never enters. */
export const trainSeed = (seed: number, region: number, day: number) => seed * 1_000_003 + region * 4099 + (day + 64) * 17;

export function fleetSpec(inputs: number, knobs: Knobs): ModelSpec {
  return knobs.layers.length ? mlp(inputs, knobs.layers, 'sigmoid', 1, 'relu') : logisticRegression(inputs);
}

/** Click probabilities of rows x (n × spec.inputs) from a model's weights [W0, b0, …], in plain JS. */
export function scoreRows(spec: ModelSpec, weights: Float32Array[], x: Float32Array, n: number, out = new Float32Array(n), idx?: ArrayLike<number>): Float32Array {
  const sizes = [spec.inputs, ...spec.hidden, spec.outputs];
  const widest = Math.max(...sizes);
  let h = new Float64Array(widest);
  let g = new Float64Array(widest);
  const d = spec.inputs;
  if (!spec.hidden.length) {
    // logistic regression, the default: one dot product a row
    const w = weights[0];
    const b = weights[1][0];
    for (let i = 0; i < n; i++) {
      const o = (idx ? idx[i] : i) * d;
      let z = b;
      for (let k = 0; k < d; k++) z += x[o + k] * w[k];
      out[i] = 1 / (1 + Math.exp(-z));
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    // with idx, row i is row idx[i] of x (the pool): no copy of the inputs
    const o = (idx ? idx[i] : i) * d;
    for (let k = 0; k < d; k++) h[k] = x[o + k];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fin = sizes[l];
      const fout = sizes[l + 1];
      const w = weights[2 * l];
      const b = weights[2 * l + 1];
      const last = l + 2 === sizes.length;
      for (let j = 0; j < fout; j++) {
        let z = b[j];
        for (let k = 0; k < fin; k++) z += h[k] * w[k * fout + j];
        g[j] = last || z > 0 ? z : 0;
      }
      const t = h;
      h = g;
      g = t;
    }
    out[i] = 1 / (1 + Math.exp(-h[0]));
  }
  return out;
}

/** A model's answer (1 = click) for every pool request: each region-day then scores by lookup. */
export function poolAnswers(world: FleetWorld, spec: ModelSpec, weights: Float32Array[]): Uint8Array {
  const n = world.poolP.length;
  const says = new Uint8Array(n);
  if (!spec.hidden.length) {
    // logistic regression: the sign of the logit is the answer (sigmoid(z) ≥ 0.5 ⟺ z ≥ 0), no exp needed
    const d = spec.inputs;
    const w = weights[0];
    const b = weights[1][0];
    const x = world.poolX;
    for (let i = 0; i < n; i++) {
      let z = b;
      for (let k = 0, o = i * d; k < d; k++) z += x[o + k] * w[k];
      says[i] = z >= 0 ? 1 : 0;
    }
    return says;
  }
  const scores = scoreRows(spec, weights, world.poolX, n);
  for (let i = 0; i < n; i++) says[i] = scores[i] >= 0.5 ? 1 : 0;
  return says;
}

/** Label accuracy and expected accuracy (from the true click probability) of scores on rows. */
function accuracies(scores: Float32Array, rows: { p: Float32Array; click: Uint8Array }, from: number, to: number): { label: number; expected: number } {
  let right = 0;
  let expected = 0;
  for (let i = from; i < to; i++) {
    const yes = scores[i] >= 0.5;
    if ((yes ? 1 : 0) === rows.click[i]) right++;
    expected += yes ? rows.p[i] : 1 - rows.p[i];
  }
  const n = Math.max(1, to - from);
  return { label: right / n, expected: expected / n };
}

interface Trained {
  weights: Float32Array[];
  /** expected accuracy on the holdout: the new model's offline score */
  offline: number;
  /** label accuracy on the holdout, of the new model and of the model it would replace */
  holdoutNew: number;
  holdoutOld: number;
}

/**
 * Train the given regions' models on their latest labelled window (days up to `lastLabelled`),
 * a seeded HOLDOUT_ROWS held out, seeds from (region, day). Stacked: one trainStacked call, each
 * model on its own rows (mask + ownBatches), as train() on those rows alone would draw them.
 */
async function trainRegions(
  world: FleetWorld,
  spec: ModelSpec,
  knobs: Knobs,
  regions: readonly number[],
  day: number,
  lastLabelled: number,
  current: (Float32Array[] | null)[],
  stacked: boolean,
  control: RunControl,
): Promise<{ trained: Trained[]; steps: number }> {
  const d = spec.inputs;
  const trainN = WINDOW_DAYS * REGION_ROWS - HOLDOUT_ROWS;
  const k = regions.length;
  const seeds = regions.map((r) => trainSeed(world.seed, r, day));
  const x = new Float32Array(k * trainN * d);
  const y = new Float32Array(k * trainN);
  const holdouts: { x: Float32Array; p: Float32Array; click: Uint8Array }[] = [];
  regions.forEach((r, j) => {
    const rows: RegionRows = regionRows(world, r, lastLabelled - WINDOW_DAYS + 1, lastLabelled + 1);
    const rx = rowInputs(world, rows.idx);
    const order = createRng(seeds[j] + 31).permutation(rows.n);
    const hx = new Float32Array(HOLDOUT_ROWS * d);
    const hp = new Float32Array(HOLDOUT_ROWS);
    const hc = new Uint8Array(HOLDOUT_ROWS);
    for (let q = 0; q < rows.n; q++) {
      const i = order[q];
      if (q < HOLDOUT_ROWS) {
        hx.set(rx.subarray(i * d, (i + 1) * d), q * d);
        hp[q] = rows.p[i];
        hc[q] = rows.click[i];
      } else {
        const o = j * trainN + q - HOLDOUT_ROWS;
        x.set(rx.subarray(i * d, (i + 1) * d), o * d);
        y[o] = rows.click[i];
      }
    }
    holdouts.push({ x: hx, p: hp, click: hc });
  });
  const batch = Math.min(knobs.batch, trainN);
  const weights: Float32Array[][] = [];
  if (stacked) {
    const n = k * trainN;
    const mask = new Uint8Array(k * n);
    for (let j = 0; j < k; j++) mask.fill(1, j * n + j * trainN, j * n + (j + 1) * trainN);
    const models = await trainStacked({ x, y, n }, { spec, seeds, lr: knobs.lr, epochs: knobs.epochs, batch, mask, ownBatches: true }, control);
    try {
      const p = paramLayout(spec).total;
      const all = models.theta.dataSync() as Float32Array;
      for (let j = 0; j < k; j++) weights.push(unpackWeights(spec, all.slice(j * p, (j + 1) * p)));
    } finally {
      models.dispose();
    }
  } else {
    for (let j = 0; j < k; j++) {
      const net = await train(
        { x: x.subarray(j * trainN * d, (j + 1) * trainN * d), y: y.subarray(j * trainN, (j + 1) * trainN), n: trainN },
        { spec, seed: seeds[j], lr: knobs.lr, epochs: knobs.epochs, batch },
        control,
      );
      try {
        weights.push(net.read());
      } finally {
        net.dispose();
      }
    }
  }
  const trained = regions.map((r, j): Trained => {
    const h = holdouts[j];
    const mine = accuracies(scoreRows(spec, weights[j], h.x, HOLDOUT_ROWS), h, 0, HOLDOUT_ROWS);
    const old = current[r] ? accuracies(scoreRows(spec, current[r]!, h.x, HOLDOUT_ROWS), h, 0, HOLDOUT_ROWS).label : -Infinity;
    return { weights: weights[j], offline: mine.expected, holdoutNew: mine.label, holdoutOld: old };
  });
  return { trained, steps: k * knobs.epochs * Math.ceil(trainN / batch) };
}

/** Clamp the params to their ranges (the lab's schema clamps too; this keeps the engine safe on its own). */
export function normaliseFleet(p: FleetParams): FleetParams {
  const int = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));
  return {
    ...p,
    days: int(p.days, 2, 365),
    models: int(p.models, 1, 200),
    reviews_per_day: int(p.reviews_per_day, 0, 200),
    label_delay: int(p.label_delay, 0, 14),
    policy: POLICIES.includes(p.policy) ? p.policy : 'manual',
    knobs: { ...p.knobs, layers: [...p.knobs.layers] },
  };
}

/** Launch, serve, monitor and retrain the fleet. The control is asked between days and during training; all tensors are disposed, also on cancel. */
export async function runFleet(params: FleetParams, control: RunControl, opts: FleetRunOptions = {}): Promise<FleetRun> {
  const p = normaliseFleet(params);
  const { days, models, label_delay: delay } = p;
  const stacked = opts.stacked ?? true;
  const world = fleetWorld(p.seed, models, days);
  const spec = fleetSpec(world.encoder.d, p.knobs);
  const cells = models * days;
  const run: FleetRun = {
    params: p,
    drift_day: Int16Array.from(world.regions, (r) => r.driftDay),
    strength: Float32Array.from(world.regions, (r) => r.strength),
    live_accuracy: new Float32Array(cells),
    offline: new Float32Array(cells),
    degraded: new Uint8Array(cells),
    cells: new Uint8Array(cells),
    noticed: new Int16Array(models).fill(-1),
    retrains: new Int32Array(models),
    replaced: new Int32Array(models),
    reviews: 0,
    compute_units: 0,
    launch_compute_units: 0,
    launch_accuracy: 0,
  };
  const all = Array.from({ length: models }, (_, r) => r);
  const none: (Float32Array[] | null)[] = new Array(models).fill(null);
  // launch: every model trained on the WINDOW_DAYS days before day 0, seeds from (region, -1)
  const timed = async (regions: number[], day: number, last: number, current: (Float32Array[] | null)[]) => {
    const t0 = now();
    const out = await trainRegions(world, spec, p.knobs, regions, day, last, current, stacked, control);
    if (opts.timing) {
      opts.timing.train_ms += now() - t0;
      opts.timing.trainings += regions.length;
    }
    return out;
  };
  const launch = await timed(all, -1, -1, none);
  const weights = launch.trained.map((t) => t.weights);
  const says = weights.map((w) => poolAnswers(world, spec, w));
  const offline = Float64Array.from(launch.trained, (t) => t.offline);
  const deployed = new Int32Array(models); // the day each serving model began serving
  run.launch_compute_units = launch.steps;
  run.launch_accuracy = offline.reduce((a, b) => a + b, 0) / models;
  // label accuracy of every served model-day, for the monitors (read once its labels have arrived)
  const labelAcc = new Float32Array(cells);
  const monitorDays = Math.ceil(MONITOR_ROWS / REGION_ROWS);
  const policy = createPolicy(p.policy, models, p.reviews_per_day);
  let retrainsSoFar = 0;

  for (let t = 0; t < days; t++) {
    await control.checkpoint('epoch');
    let degradedToday = 0;
    for (let r = 0; r < models; r++) {
      const acc = dayAccuracy(world, r, t, says[r]);
      const c = r * days + t;
      labelAcc[c] = acc.label;
      run.live_accuracy[c] = acc.expected;
      run.offline[c] = offline[r];
      const bad = offline[r] - acc.expected >= DEGRADED_DROP ? 1 : 0;
      run.degraded[c] = bad;
      run.cells[c] = bad ? CELL.degraded : CELL.healthy;
      degradedToday += bad;
    }
    // what a monitor or dashboard shows: the latest monitorDays labelled days of the serving model, once it has that many
    const flagged = (r: number) => {
      const last = t - delay;
      const first = last - monitorDays + 1;
      if (first < deployed[r]) return false;
      let s = 0;
      for (let u = first; u <= last; u++) s += labelAcc[r * days + u];
      return offline[r] - s / monitorDays >= DEGRADED_DROP;
    };
    const decision = policy.decide(t, flagged);
    run.reviews += decision.work;
    for (const r of decision.noticed) if (run.noticed[r] < 0 && t >= run.drift_day[r]) run.noticed[r] = t;
    if (decision.retrain.length) {
      const out = await timed(decision.retrain, t, t - delay, weights);
      run.compute_units += out.steps;
      decision.retrain.forEach((r, j) => {
        const tr = out.trained[j];
        run.retrains[r]++;
        retrainsSoFar++;
        const better = tr.holdoutNew > tr.holdoutOld;
        run.cells[r * days + t] = better ? CELL.retrained : CELL.rejected;
        if (better) {
          // the new model serves from tomorrow
          run.replaced[r]++;
          weights[r] = tr.weights;
          says[r] = poolAnswers(world, spec, tr.weights);
          offline[r] = tr.offline;
          deployed[r] = t + 1;
        }
      });
    }
    await opts.onDay?.({ day: t, days, degraded_share: degradedToday / models, retrains: retrainsSoFar });
  }
  return run;
}

// ---------------------------------------------------------------------------------------------
// Reading a run

export interface FleetMetrics {
  degraded_model_days: number;
  degraded_share: number;
  retrains: number;
  analyst_hours: number;
  compute_units: number;
  launch_accuracy: number;
  /** mean days from a region's drift to the policy noticing it (regions it noticed) */
  days_to_notice: number | null;
  /** regions whose drift the policy never noticed */
  unnoticed: number;
}

export interface FleetRegionRow {
  region: number;
  drift_day: number;
  strength: number;
  /** first day on or after the drift the policy noticed it (null: never) */
  detect_day: number | null;
  retrains: number;
  degraded_days: number;
}

export interface FleetReading {
  metrics: FleetMetrics;
  series: {
    /** per day: share of the fleet's models degraded */
    degraded_share: number[];
    /** per day: retrains run at the end of the day */
    retrains: number[];
    /** per day: mean live (expected) accuracy over the fleet */
    accuracy: number[];
  };
  regions: FleetRegionRow[];
  /** the heat strip: CELL states, [region · days + day] */
  cells: Uint8Array;
  days: number;
  models: number;
}

export function fleetMetrics(run: FleetRun): FleetReading {
  const { days, models } = run.params;
  const share = new Array<number>(days).fill(0);
  const retrains = new Array<number>(days).fill(0);
  const accuracy = new Array<number>(days).fill(0);
  const regions: FleetRegionRow[] = [];
  let degradedDays = 0;
  let noticedSum = 0;
  let noticedN = 0;
  for (let r = 0; r < models; r++) {
    let bad = 0;
    for (let t = 0; t < days; t++) {
      const c = r * days + t;
      bad += run.degraded[c];
      share[t] += run.degraded[c] / models;
      accuracy[t] += run.live_accuracy[c] / models;
      if (run.cells[c] === CELL.retrained || run.cells[c] === CELL.rejected) retrains[t]++;
    }
    degradedDays += bad;
    const seen = run.noticed[r] >= 0 ? run.noticed[r] : null;
    if (seen !== null) {
      noticedSum += seen - run.drift_day[r];
      noticedN++;
    }
    regions.push({ region: r, drift_day: run.drift_day[r], strength: run.strength[r], detect_day: seen, retrains: run.retrains[r], degraded_days: bad });
  }
  return {
    metrics: {
      degraded_model_days: degradedDays,
      degraded_share: degradedDays / (models * days),
      retrains: run.retrains.reduce((a, b) => a + b, 0),
      analyst_hours: (run.reviews * REVIEW_MINUTES) / 60,
      compute_units: run.compute_units,
      launch_accuracy: run.launch_accuracy,
      days_to_notice: noticedN ? noticedSum / noticedN : null,
      unnoticed: models - noticedN,
    },
    series: { degraded_share: share, retrains, accuracy },
    regions,
    cells: run.cells,
    days,
    models,
  };
}

// ---------------------------------------------------------------------------------------------
// The sweep: degraded share against fleet size, per policy (the learner starts it apart from Run)

export interface FleetSweepPoint {
  policy: FleetPolicy;
  models: number;
  metrics: FleetMetrics;
  /** points done so far, of total */
  done: number;
  total: number;
}

export interface FleetSweepOptions {
  /** fleet sizes (default SWEEP_MODELS) and policies (default all) to visit */
  sizes?: readonly number[];
  policies?: readonly FleetPolicy[];
  /** share of the whole sweep done, after every simulated day (a 200-model run takes seconds) */
  onProgress?: (done: number) => void | Promise<void>;
}

/** Every policy at every size, other params as given. Cancelled through the control (CancelledError between days). */
export async function sweepFleet(
  params: FleetParams,
  control: RunControl,
  onPoint?: (p: FleetSweepPoint) => void | Promise<void>,
  opts: FleetSweepOptions = {},
): Promise<FleetSweepPoint[]> {
  const sizes = opts.sizes ?? SWEEP_MODELS;
  const policies = opts.policies ?? POLICIES;
  const points: FleetSweepPoint[] = [];
  const total = sizes.length * policies.length;
  // a point's share of the work grows with its fleet size: progress counts model-days
  const work = policies.length * sizes.reduce((a, b) => a + Math.max(1, b), 0);
  let done = 0;
  for (const policy of policies) {
    for (const models of sizes) {
      const onDay = opts.onProgress
        ? (d: FleetDayProgress) => opts.onProgress!((done + (Math.max(1, models) * (d.day + 1)) / d.days) / work)
        : undefined;
      const run = await runFleet({ ...params, policy, models }, control, { onDay });
      done += Math.max(1, models);
      const point: FleetSweepPoint = { policy, models, metrics: fleetMetrics(run).metrics, done: points.length + 1, total };
      points.push(point);
      await onPoint?.(point);
    }
  }
  return points;
}
