import { createRng } from '../../engine/rng';
import { train } from '../../engine/train';
import { layerShapes, logisticRegression, mlp, predict, type ModelSpec, type Network } from '../../engine/model';
import { now } from '../../engine/control';
import { FEEDS, FEED_SIZE, HISTORY_POSTS, SWEEP_ALPHAS, type FeedProgress, type FeedResult, type Mode, type ObjectivesContext, type ObjectivesParams } from './meta';
import { WAVE_SPAM_RATE, blend, generatePosts, headline, topK, type Posts } from './newsfeed';

/** Both systems, trained on the same posts from the same seeded start; the run's own mode goes first. */
interface Plan {
  label: string;
  system: Mode;
  /** a coupled model's α, or which decoupled model */
  alpha?: number;
  target?: 'quality' | 'engagement';
}

const sameAlpha = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** The labels a model learns: coupled, the soft label α·quality + (1−α)·click, so its cross-entropy is α·L_quality + (1−α)·L_engagement. */
function targets(posts: Posts, plan: Plan): Float32Array {
  if (plan.target === 'quality') return Float32Array.from(posts.quality);
  if (plan.target === 'engagement') return Float32Array.from(posts.click);
  const a = plan.alpha!;
  return Float32Array.from(posts.quality, (q, i) => a * q + (1 - a) * posts.click[i]);
}

export function weightCount(spec: ModelSpec): number {
  return layerShapes(spec).reduce((s, [i, o]) => s + (i + 1) * o, 0);
}

/** Time to re-rank every feed for one α from scores already computed (mean over the sweep, repeated to be measurable). */
export function rerankMs(q: Float32Array, e: Float32Array, k: number): number {
  const reps = 5;
  const t0 = now();
  for (let r = 0; r < reps; r++) for (const a of SWEEP_ALPHAS) topK(blend(q, e, a), FEED_SIZE, k);
  return (now() - t0) / (reps * SWEEP_ALPHAS.length);
}

export async function runFeed(p: ObjectivesParams, ctx: ObjectivesContext): Promise<FeedResult> {
  const rng = createRng(p.seed);
  // every stream forked up front, so a run with a spam wave sees the same calm data as one without
  const [historyRng, feedRng, freshRng, waveFeedRng] = [rng.fork(), rng.fork(), rng.fork(), rng.fork()];
  const history = generatePosts(HISTORY_POSTS, historyRng);
  const calmFeeds = generatePosts(FEEDS * FEED_SIZE, feedRng);
  const fresh = p.wave ? generatePosts(HISTORY_POSTS, freshRng, 'burst', WAVE_SPAM_RATE) : null;
  const waveFeeds = p.wave ? generatePosts(FEEDS * FEED_SIZE, waveFeedRng, 'burst', WAVE_SPAM_RATE) : null;
  const feeds = waveFeeds ?? calmFeeds;
  const rate = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const spamShare = (posts: Posts) => posts.kind.reduce((s, v) => s + Number(v === 2), 0) / posts.n;
  ctx.emit('data', { part: 'objectives', historyPosts: history.n, readers: FEEDS, feedSize: FEED_SIZE, qualityRate: rate(history.quality), clickRate: rate(history.click), spamRate: spamShare(history), waveSpamRate: fresh ? spamShare(fresh) : null });

  const spec: ModelSpec = p.layers.length ? mlp(history.d, p.layers, 'sigmoid', 1, 'relu') : logisticRegression(history.d);
  const offGrid = !SWEEP_ALPHAS.some((a) => sameAlpha(a, p.alpha));
  const coupledPlan: Plan[] = [...SWEEP_ALPHAS, ...(offGrid ? [p.alpha] : [])].map((a) => ({ label: `coupled model, α = ${a}`, system: 'coupled', alpha: a }));
  const decoupledPlan: Plan[] = [
    { label: 'quality model', system: 'decoupled', target: 'quality' },
    { label: 'engagement model', system: 'decoupled', target: 'engagement' },
  ];
  const initial = p.mode === 'coupled' ? [...coupledPlan, ...decoupledPlan] : [...decoupledPlan, ...coupledPlan];
  // a spam wave: the decoupled system retrains its quality model only; every coupled model has spam baked in
  const waveRetrain: Plan[] = p.wave ? [...(p.mode === 'coupled' ? [] : [decoupledPlan[0]]), ...coupledPlan, ...(p.mode === 'coupled' ? [decoupledPlan[0]] : [])] : [];
  const total = initial.length + waveRetrain.length;
  let done = 0;
  const finished: string[] = [];

  const fit = async (plan: Plan, posts: Posts, phase: 'initial' | 'wave'): Promise<{ net: Network; ms: number }> => {
    const label = phase === 'wave' ? `${plan.label} (after the wave)` : plan.label;
    const progress = (epoch: number): FeedProgress => ({ part: 'objectives', model: done + 1, models: total, label, epoch, epochs: p.epochs, finished: [...finished] });
    ctx.emit('progress', progress(0));
    const t0 = now();
    const net = await train({ x: posts.x, y: targets(posts, plan), n: posts.n }, { spec, seed: p.seed, lr: p.lr, epochs: p.epochs, batch: p.batch }, ctx.control, (pr) => {
      ctx.emit('progress', progress(pr.epoch));
    });
    const ms = now() - t0;
    done++;
    finished.push(label);
    return { net, ms };
  };
  /** scores of a network on each of the given post sets, then the network is disposed */
  const score = async (net: Network, ...sets: Posts[]): Promise<Float32Array[]> => {
    try {
      const out: Float32Array[] = [];
      for (const s of sets) out.push(await predict(net, s.x, s.n));
      return out;
    } finally {
      net.dispose();
    }
  };

  const coupledMs = new Array<number>(coupledPlan.length).fill(0);
  const decoupledMs = [0, 0];
  let coupledScores: Float32Array[] = new Array(coupledPlan.length);
  let qScore: Float32Array = new Float32Array(0);
  let eScore: Float32Array = new Float32Array(0);
  let staleQScore: Float32Array | null = null;
  let staleCoupled: Float32Array[] | null = null;
  const current = coupledPlan.findIndex((c) => sameAlpha(c.alpha!, p.alpha));

  for (const plan of initial) {
    const { net, ms } = await fit(plan, history, 'initial');
    // before a wave: each model also scores the new feeds, which is what the feed shows until it is retrained
    const [calm, stale] = await score(net, ...(waveFeeds ? [calmFeeds, waveFeeds] : [calmFeeds]));
    if (plan.system === 'coupled') {
      const i = coupledPlan.indexOf(plan);
      coupledMs[i] = ms;
      coupledScores[i] = calm;
      if (stale) (staleCoupled ??= new Array(coupledPlan.length))[i] = stale;
    } else if (plan.target === 'quality') {
      decoupledMs[0] = ms;
      qScore = calm;
      if (stale) staleQScore = stale;
    } else {
      decoupledMs[1] = ms;
      // the engagement model is not retrained after a wave: it scores the new feeds as it is
      eScore = stale ?? calm;
    }
  }
  const rerank = rerankMs(qScore, eScore, p.k);

  let wave: FeedResult['wave'] = null;
  if (fresh && waveFeeds) {
    const waveCoupledMs = new Array<number>(coupledPlan.length).fill(0);
    let waveDecoupledMs = 0;
    const retrained: Float32Array[] = new Array(coupledPlan.length);
    for (const plan of waveRetrain) {
      const { net, ms } = await fit(plan, fresh, 'wave');
      const [s] = await score(net, waveFeeds);
      if (plan.system === 'coupled') {
        const i = coupledPlan.indexOf(plan);
        waveCoupledMs[i] = ms;
        retrained[i] = s;
      } else {
        waveDecoupledMs = ms;
        qScore = s;
      }
    }
    coupledScores = retrained;
    wave = {
      staleQScore: staleQScore!,
      staleCoupledScore: staleCoupled![current],
      coupledMs: Float64Array.from(waveCoupledMs),
      decoupledMs: waveDecoupledMs,
      decoupledRetrained: 1,
    };
  }

  return {
    part: 'objectives',
    mode: p.mode,
    alpha: p.alpha,
    k: p.k,
    feedSize: FEED_SIZE,
    readers: FEEDS,
    quality: feeds.quality,
    click: feeds.click,
    postKind: feeds.kind,
    headlines: Array.from({ length: FEED_SIZE }, (_, i) => headline(feeds, i)),
    qScore,
    eScore,
    sweepAlphas: Float64Array.from(SWEEP_ALPHAS),
    coupledScores: coupledScores.slice(0, SWEEP_ALPHAS.length),
    coupledScore: coupledScores[current],
    coupledMs: Float64Array.from(coupledMs),
    decoupledMs: Float64Array.from(decoupledMs),
    rerankMs: rerank,
    modelWeights: weightCount(spec),
    wave,
  };
}
