import { defineRun } from '../../engine/lab';
import { meta, type FaultsResult, type FleetResult, type ReliabilityContext, type ReliabilityParams } from './meta';
import { SWEEP_MODELS, runFleet, sweepFleet, type FleetParams } from './fleet-run';
import type { JobFn } from '../../engine/job';
import { parseParams } from '../../engine/params';
import { launchFits, runFaults, type Launch } from './faults-run';
import { ROWS_PER_DAY, TRAIN_DAYS } from './stream';
import { DEFAULT_THRESHOLDS } from './monitors';

/** A serve snapshot every this many days (and on the last): the days are quick to serve, the page need not redraw each one. */
const SNAPSHOT_EVERY = 3;

/**
 * part=faults. The launched model depends only on the seed, the backend and the training knobs, so
 * a run that changes the fault, its day or the days served takes the last run's launch from the
 * runner's carry slot and only re-serves (monitors, thresholds and the label delay are live: they
 * re-read the finished run without running at all).
 */
async function runFaultsPart(p: ReliabilityParams, ctx: ReliabilityContext): Promise<FaultsResult> {
  const knobs = { lr: p.lr, epochs: p.epochs, batch: p.batch, layers: [...p.layers] };
  const key = JSON.stringify({ seed: p.seed, knobs, backend: ctx.backend.name });
  const left = ctx.carry?.take(key);
  const carried = isLaunch(left) && launchFits(left, { seed: p.seed, knobs }) ? left : undefined;
  const t0 = performance.now();
  const accuracy: number[] = [];
  const run = await runFaults(
    {
      days: p.days,
      fault_day: p.fault_day,
      fault: p.fault,
      label_delay: p.label_delay,
      checks: p.checks,
      thresholds: { ...DEFAULT_THRESHOLDS, schema_share: p.schema_share, null_share: p.null_share, drift_psi: p.drift_psi, pred_shift: p.pred_shift, pred_psi: p.pred_psi, label_drop: p.label_drop },
      seed: p.seed,
      knobs,
    },
    ctx.control,
    {
      launch: carried,
      onLaunch: (launch, reused) => {
        const logged = TRAIN_DAYS * ROWS_PER_DAY;
        ctx.emit('launch', { part: 'faults', trainDays: TRAIN_DAYS, trainRows: launch.trainRows, launchRows: logged - launch.trainRows, launchAccuracy: launch.profile.accuracy, reused });
      },
      onDay: ({ day, days, stats }) => {
        accuracy.push(stats.accuracy);
        if ((day + 1) % SNAPSHOT_EVERY === 0 || day === days - 1) ctx.emit('serve', { part: 'faults', day: day + 1, days, accuracy: Float64Array.from(accuracy) });
      },
    },
  );
  const trainMs = performance.now() - t0;
  // the result's typed arrays are transferred to the page (and emptied here): the carry keeps its own copy
  ctx.carry?.put(key, structuredClone(run.launch));
  return { part: 'faults', run, trainMs, reused: carried !== undefined };
}

function isLaunch(v: unknown): v is Launch {
  return typeof v === 'object' && v !== null && 'weights' in v && 'encoder' in v && 'profile' in v && 'spec' in v;
}

function fleetParams(p: ReliabilityParams): FleetParams {
  return {
    days: p.days,
    models: p.models,
    policy: p.policy,
    reviews_per_day: p.reviews_per_day,
    label_delay: p.label_delay,
    seed: p.seed,
    knobs: { lr: p.lr, epochs: p.epochs, batch: p.batch, layers: [...p.layers] },
  };
}

/** part=fleet: every region's model launched, served, watched and retrained as the policy says, stacked. */
async function runFleetPart(p: ReliabilityParams, ctx: ReliabilityContext): Promise<FleetResult> {
  const t0 = performance.now();
  const share: number[] = [];
  const run = await runFleet(fleetParams(p), ctx.control, {
    onDay: ({ day, days, degraded_share, retrains }) => {
      share.push(degraded_share);
      if (day % 5 === 4 || day === days - 1) ctx.emit('fleet', { part: 'fleet', day: day + 1, days, models: p.models, degraded_share: Float64Array.from(share), retrains });
    },
  });
  return { part: 'fleet', run, ms: performance.now() - t0 };
}

/** The reliability lab's job. */
export const run = defineRun(meta, (p, ctx) => (p.part === 'fleet' ? runFleetPart(p, ctx) : runFaultsPart(p, ctx)));

/**
 * The fleet's sweep, started apart from Run: every policy at each size (1, 10, 50, 100 and 200
 * models), the other params as the lab has them. One `point` snapshot per run; the result holds them all.
 */
export function sweepJob(sizes: readonly number[] = SWEEP_MODELS): JobFn {
  return async (raw, ctx) => {
    const p = parseParams(meta.schema, raw).values;
    let shown = -1;
    const points = await sweepFleet(
      fleetParams(p),
      ctx.control,
      (pt) => {
        ctx.emit({ kind: 'point', policy: pt.policy, models: pt.models, degraded_share: pt.metrics.degraded_share, analyst_hours: pt.metrics.analyst_hours, compute_units: pt.metrics.compute_units, done: pt.done, total: pt.total });
      },
      {
        sizes,
        // a 200-region run takes seconds: say how far the whole sweep is, a few times a run
        onProgress: (done) => {
          const pct = Math.floor(done * 100);
          if (pct > shown) {
            shown = pct;
            ctx.emit({ kind: 'progress', done });
          }
        },
      },
    );
    return { kind: 'result', points: points.map((pt) => ({ policy: pt.policy, models: pt.models, degraded_share: pt.metrics.degraded_share, analyst_hours: pt.metrics.analyst_hours, compute_units: pt.metrics.compute_units })) };
  };
}

/** The lab's other jobs, by name (`reliability:sweep`). */
export const jobs: Readonly<Record<string, JobFn>> = { sweep: sweepJob() };
