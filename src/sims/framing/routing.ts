import { createRng, stratifiedSplit } from '../../engine/rng';
import { train, type TrainProgress } from '../../engine/train';
import { Network, logisticRegression, mlp, predict, type ModelSpec } from '../../engine/model';
import { now, type RunControl } from '../../engine/control';
import type { LabRunContext } from '../../engine/lab';
import {
  ALL_DEPARTMENTS,
  DEPARTMENTS,
  NEW_DEPARTMENT,
  PRIOR,
  PRIOR_WITH_LEGAL,
  bagOfWords,
  buildVocabulary,
  generateRequests,
  labelMatrix,
  type Department,
  type Request,
} from './requests';
import type { FramingValues } from './meta';
import type { ChangeResult, FramingSnapshots, RoutingFraming, RoutingResult, Sample } from './types';

/** Index of IT among the departments: the binary framing's one question. */
export const IT = DEPARTMENTS.indexOf('it');
const L = DEPARTMENTS.length;
export const SAMPLE_COUNT = 6;

/** A few test requests to read: one of each department first, then some for two departments. */
export function pickSamples(requests: readonly Request[], count = SAMPLE_COUNT): Sample[] {
  const out: Sample[] = [];
  const seen = new Set<string>();
  const want = (r: Request) => r.departments.length === 1 && !seen.has(r.departments[0]);
  const wantTwo = (r: Request) => r.departments.length === 2 && !seen.has(r.departments.join('+'));
  for (const accept of [want, wantTwo, () => true]) {
    for (let i = 0; i < requests.length && out.length < count; i++) {
      const r = requests[i];
      if (out.some((s) => s.row === i) || !accept(r)) continue;
      seen.add(r.departments.length === 1 ? r.departments[0] : r.departments.join('+'));
      out.push({ row: i, text: r.text, departments: r.departments.map((d) => ALL_DEPARTMENTS.indexOf(d)) });
      if (accept === wantTwo && out.filter((s) => s.departments.length === 2).length >= 2) break;
    }
  }
  return out;
}

/** The model, its targets and its outputs for a framing: binary answers "IT?", multiclass the first department, multilabel each department. */
function framingTargets(framing: RoutingFraming, requests: readonly Request[], labels: readonly Department[], inputs: number): { spec: ModelSpec; y: Float32Array } {
  const k = labels.length;
  const sets = labelMatrix(requests, labels);
  if (framing === 'binary') return { spec: logisticRegression(inputs), y: Float32Array.from(requests, (_, i) => sets[i * k + IT]) };
  if (framing === 'multilabel') return { spec: mlp(inputs, [], 'multilabel', k), y: Float32Array.from(sets) };
  const y = new Float32Array(requests.length * k);
  requests.forEach((r, i) => (y[i * k + labels.indexOf(r.departments[0])] = 1));
  return { spec: mlp(inputs, [], 'softmax', k), y };
}

const weightCount = (spec: ModelSpec) => (spec.inputs + 1) * spec.outputs;

function take<T>(all: readonly T[], rows: ArrayLike<number>): T[] {
  return Array.from(rows, (i) => all[i]);
}

const primaryOf = (requests: readonly Request[]) => Uint8Array.from(requests, (r) => ALL_DEPARTMENTS.indexOf(r.departments[0]));

/**
 * Route requests under one framing: seeded requests, an 80/20 split stratified by first
 * department, bag-of-words features over the training vocabulary, one linear model; then,
 * when asked, Legal arrives and the model is updated the way its framing allows.
 */
export async function runRouting(p: FramingValues, framing: RoutingFraming, ctx: LabRunContext<FramingSnapshots>): Promise<RoutingResult> {
  const rng = createRng(p.seed);
  const requests = generateRequests(p.n, p.multi, PRIOR, rng.fork());
  const split = stratifiedSplit(primaryOf(requests), 0.2, rng.fork());
  const trainReqs = take(requests, split.train);
  const testReqs = take(requests, split.test);
  const vocab = buildVocabulary(trainReqs);
  const V = vocab.length;
  const xTrain = bagOfWords(trainReqs, vocab);
  const xTest = bagOfWords(testReqs, vocab);
  const truth = labelMatrix(testReqs, DEPARTMENTS);
  const samples = pickSamples(testReqs);
  ctx.emit('data', {
    task: 'routing',
    nTrain: trainReqs.length,
    nTest: testReqs.length,
    vocabulary: V,
    twoDepartments: requests.filter((r) => r.departments.length === 2).length,
    samples,
  });

  const { spec, y } = framingTargets(framing, trainReqs, DEPARTMENTS, V);
  const lossEpoch: number[] = [];
  const loss: number[] = [];
  const onProgress = (phase: 'train' | 'retrain') => (pr: TrainProgress) => {
    if (phase === 'train') {
      for (const l of pr.losses) {
        lossEpoch.push(l.epoch);
        loss.push(l.loss);
      }
    }
    ctx.emit('progress', { task: 'routing', phase, epoch: pr.epoch, epochs: pr.epochs, lossEpoch: Float64Array.from(lossEpoch), loss: Float64Array.from(loss) });
  };
  const opts = { seed: p.seed, lr: p.lr, epochs: p.epochs, batch: p.batch };
  const t0 = now();
  const net = await train({ x: xTrain, y, n: trainReqs.length }, { ...opts, spec }, ctx.control, onProgress('train'));
  const trainMs = now() - t0;
  let scores: Float32Array;
  let change: ChangeResult | null = null;
  try {
    scores = await predict(net, xTest, testReqs.length);
    if (p.change === 'legal') change = await newDepartment(p, framing, net, { trainReqs, testReqs, vocab, scores }, rng.fork(), ctx.control, opts, onProgress('retrain'));
  } finally {
    net.dispose();
  }
  return {
    task: 'routing',
    framing,
    nTrain: trainReqs.length,
    nTest: testReqs.length,
    vocabulary: V,
    truth,
    primary: primaryOf(testReqs),
    scores,
    k: spec.outputs,
    samples,
    lossEpoch: Float64Array.from(lossEpoch),
    loss: Float64Array.from(loss),
    trainMs,
    weights: weightCount(spec),
    change,
  };
}

/**
 * Legal arrives: half as many new requests again, a quarter of them first for Legal, with new
 * words. Multiclass grows a fifth output; here the whole model is rebuilt and retrained on old
 * and new requests (fine-tuning only the new row would still shift the old classes' probabilities,
 * since a softmax normalises over all of them); multilabel adds one sigmoid for Legal, trained alone on the same rows,
 * and keeps the four old ones exactly as they were; binary ("IT?") still asks the same question.
 */
async function newDepartment(
  p: FramingValues,
  framing: RoutingFraming,
  net: Network,
  before: { trainReqs: Request[]; testReqs: Request[]; vocab: string[]; scores: Float32Array },
  rng: ReturnType<typeof createRng>,
  control: RunControl,
  opts: { seed: number; lr: number; epochs: number; batch: number },
  onProgress: (pr: TrainProgress) => void,
): Promise<ChangeResult> {
  const fresh = generateRequests(Math.round(p.n / 2), p.multi, PRIOR_WITH_LEGAL, rng.fork());
  const split = stratifiedSplit(primaryOf(fresh), 0.2, rng.fork());
  const newTrain = take(fresh, split.train);
  const newTest = take(fresh, split.test);
  const vocab = buildVocabulary(newTrain, before.vocab);
  const V = vocab.length;
  const newTruth = labelMatrix(newTest, ALL_DEPARTMENTS);
  const common = { newRequests: fresh.length, vocabularyBefore: before.vocab.length, vocabularyAfter: V, newTruth };
  if (framing === 'binary') {
    // "Does this go to IT?" has not changed: nothing to retrain
    return { ...common, retrainedWeights: 0, retrainSteps: 0, retrainMs: 0, kAfter: 1, oldAfter: before.scores.slice(), newScores: null };
  }
  const everything = [...before.trainReqs, ...newTrain];
  const xAll = bagOfWords(everything, vocab);
  const xOld = bagOfWords(before.testReqs, vocab);
  const xNew = bagOfWords(newTest, vocab);
  const labels: readonly Department[] = framing === 'multiclass' ? ALL_DEPARTMENTS : [NEW_DEPARTMENT];
  const { spec, y } = framing === 'multiclass' ? framingTargets('multiclass', everything, labels, V) : { spec: logisticRegression(V), y: Float32Array.from(labelMatrix(everything, labels)) };
  const batch = Math.min(opts.batch, everything.length);
  const t0 = now();
  const retrained = await train({ x: xAll, y, n: everything.length }, { ...opts, spec }, control, onProgress);
  const retrainMs = now() - t0;
  let updated: Network = retrained;
  try {
    if (framing === 'multilabel') {
      // the updated model: the four old sigmoids, unchanged (zero weight on words they never saw), beside the new one
      const [wOld, bOld] = net.read();
      const [wLegal, bLegal] = retrained.read();
      const k = ALL_DEPARTMENTS.length;
      const w = new Float32Array(V * k);
      for (let j = 0; j < V; j++) {
        if (j < before.vocab.length) for (let c = 0; c < L; c++) w[j * k + c] = wOld[j * L + c];
        w[j * k + L] = wLegal[j];
      }
      updated = new Network(mlp(V, [], 'multilabel', k), [w, Float32Array.from([...bOld, bLegal[0]])]);
    }
    return {
      ...common,
      retrainedWeights: weightCount(spec),
      retrainSteps: opts.epochs * Math.ceil(everything.length / batch),
      retrainMs,
      kAfter: updated.spec.outputs,
      oldAfter: await predict(updated, xOld, before.testReqs.length),
      newScores: await predict(updated, xNew, newTest.length),
    };
  } finally {
    if (updated !== retrained) updated.dispose();
    retrained.dispose();
  }
}
