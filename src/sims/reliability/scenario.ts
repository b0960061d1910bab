import { defineRun } from '../../engine/lab';
import { meta, type FaultsResult, type ReliabilityContext, type ReliabilityParams } from './meta';
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

/** The reliability lab's job. */
export const run = defineRun(meta, (p, ctx) => runFaultsPart(p, ctx));
