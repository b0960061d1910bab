import type { Rng } from '../../engine/rng';

/**
 * The synthetic newsfeed: each row is a candidate post for one reader, with two labels —
 * quality (neither spam nor misleading) and engagement (the reader clicked it).
 * Pure TypeScript: runs in the engine and in tests.
 */
export const POST_FEATURES = [
  'topic match',
  'clickbait headline',
  'source reputation',
  'length',
  'has image',
  'links in post',
  'account age',
  'posting burst',
] as const;

/** What spam looks like: before the wave it carries many links from new accounts; after it, old accounts posting in bursts. */
export type SpamStyle = 'links' | 'burst';

/** 0: a fine post, 1: misleading, 2: spam */
export type PostKind = 0 | 1 | 2;
export const KIND_LABELS = ['fine', 'misleading', 'spam'] as const;

export interface Posts {
  /** n × d standardised features, row-major */
  x: Float32Array;
  n: number;
  d: number;
  /** 1 = neither spam nor misleading */
  quality: Uint8Array;
  /** 1 = clicked */
  click: Uint8Array;
  kind: Uint8Array;
  /** index into TOPICS, for the feed's headlines */
  topic: Uint8Array;
}

export const SPAM_RATE = 0.12;
/** A spam wave: more of it, and in a new style. */
export const WAVE_SPAM_RATE = 0.2;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
// intercept of the click model: about 3 in 10 candidate posts get clicked
const CLICK_BIAS = -1.15;

/**
 * `n` posts. Spam is written to be clicked (catchy headlines) and, in its current `style`, leaves
 * a trace in two features; misleading posts come from catchy headlines on weak sources. Clicks
 * follow topic match and catchiness, not quality — which is why the two objectives pull apart.
 */
export function generatePosts(n: number, rng: Rng, style: SpamStyle = 'links', spamRate = SPAM_RATE, trace = 1.5): Posts {
  const d = POST_FEATURES.length;
  const x = new Float32Array(n * d);
  const quality = new Uint8Array(n);
  const click = new Uint8Array(n);
  const kind = new Uint8Array(n);
  const topic = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const spam = rng.bernoulli(spamRate) === 1;
    const t = rng.normal();
    const c = rng.normal(spam ? 1 : 0);
    const r = rng.normal(spam ? -0.5 : 0);
    const l = rng.normal(spam ? -0.5 : 0);
    const img = rng.bernoulli(0.5) ? 1 : -1;
    const old = style === 'links';
    const links = rng.normal(spam && old ? trace : 0);
    const age = rng.normal(spam && old ? -trace : 0);
    const burst = rng.normal(spam && !old ? 2 : 0);
    const o = i * d;
    x[o] = t;
    x[o + 1] = c;
    x[o + 2] = r;
    x[o + 3] = l;
    x[o + 4] = img;
    x[o + 5] = links;
    x[o + 6] = age;
    x[o + 7] = burst;
    const misleading = !spam && rng.bernoulli(sigmoid(-1.6 + 1.3 * c - 1.0 * r - 0.3 * l)) === 1;
    kind[i] = spam ? 2 : misleading ? 1 : 0;
    quality[i] = kind[i] === 0 ? 1 : 0;
    click[i] = rng.bernoulli(sigmoid(CLICK_BIAS + 1.1 * t + 0.9 * c + 0.3 * r - 0.3 * l + 0.4 * img));
    topic[i] = rng.int(TOPICS.length);
  }
  return { x, n, d, quality, click, kind, topic };
}

/** Rows `from`..`from + count` of a post table, as a table of their own (views, not copies). */
export function slicePosts(p: Posts, from: number, count: number): Posts {
  const end = from + count;
  return {
    x: p.x.subarray(from * p.d, end * p.d),
    n: count,
    d: p.d,
    quality: p.quality.subarray(from, end),
    click: p.click.subarray(from, end),
    kind: p.kind.subarray(from, end),
    topic: p.topic.subarray(from, end),
  };
}

/** Per feed (consecutive blocks of `feedSize` candidates), the indices of the top `k` by score, best first. */
export function topK(scores: ArrayLike<number>, feedSize: number, k: number): Uint32Array {
  const feeds = Math.floor(scores.length / feedSize);
  const kk = Math.max(1, Math.min(k, feedSize));
  const out = new Uint32Array(feeds * kk);
  const idx = new Uint32Array(feedSize);
  for (let f = 0; f < feeds; f++) {
    for (let j = 0; j < feedSize; j++) idx[j] = f * feedSize + j;
    // ties broken by position, so a ranking is a pure function of the scores
    idx.sort((a, b) => scores[b] - scores[a] || a - b);
    out.set(idx.subarray(0, kk), f * kk);
  }
  return out;
}

/** Mean quality and mean engagement of the posts a ranking put on top. */
export function feedMeans(top: ArrayLike<number>, quality: ArrayLike<number>, click: ArrayLike<number>): { quality: number; engagement: number } {
  let q = 0;
  let e = 0;
  for (let i = 0; i < top.length; i++) {
    q += quality[top[i]];
    e += click[top[i]];
  }
  return { quality: q / top.length, engagement: e / top.length };
}

/** The decoupled ranking score: α · P(quality) + (1 − α) · P(click). */
export function blend(q: ArrayLike<number>, e: ArrayLike<number>, alpha: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = alpha * q[i] + (1 - alpha) * e[i];
  return out;
}

export const TOPICS = [
  'city cycling lanes',
  'the new rail timetable',
  'sourdough baking',
  'a local election',
  'heat pumps',
  'the football final',
  'a museum reopening',
  'phone batteries',
  'school lunches',
  'a comet sighting',
  'rent prices',
  'a jazz festival',
] as const;

/** A headline for a post in the feed list, written from its features so a reader sees why it ranks where it does. */
export function headline(p: Posts, i: number): string {
  const t = TOPICS[p.topic[i]];
  const catchy = p.x[i * p.d + 1];
  if (p.kind[i] === 2) return catchy > 1 ? `WIN BIG: ${t} secret they hide from you — click now` : `Cheap deals on ${t}, limited offer, follow the link`;
  if (p.kind[i] === 1) return catchy > 0.5 ? `Shocking: what ${t} really means (experts stunned)` : `Why everything you read about ${t} is wrong`;
  if (catchy > 1) return `You won’t believe this about ${t}`;
  if (p.x[i * p.d + 3] > 0.7) return `A long read: ${t}, explained`;
  return `What changed with ${t} this week`;
}

/** The loss part's task: is a post spam? Posts as above, 3 in 10 spam with a clear trace, labelled by user reports of which `noise` are wrong. */
export const REPORT_SPAM_RATE = 0.3;
export const REPORT_TRACE = 3;

export function spamReports(n: number, noise: number, rng: Rng): { x: Float32Array; n: number; d: number; y: Uint8Array; spam: Uint8Array } {
  const posts = generatePosts(n, rng.fork(), 'links', REPORT_SPAM_RATE, REPORT_TRACE);
  const flips = rng.fork();
  const spam = Uint8Array.from(posts.kind, (k) => (k === 2 ? 1 : 0));
  const y = Uint8Array.from(spam, (s) => (flips.bernoulli(noise) ? 1 - s : s));
  return { x: posts.x, n, d: posts.d, y, spam };
}
