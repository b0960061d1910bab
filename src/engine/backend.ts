import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

/** What runs, and why — shown on every sim's badge and recorded in exports. */
export interface BackendReport {
  name: BackendName;
  requested: BackendChoice;
  reason: string;
  /** WebGL is available but rendered in software (SwiftShader, llvmpipe) */
  softwareGl: boolean;
  renderer: string | null;
  /** true when this page's backend was chosen by an earlier request that asked for something else */
  sharedWithEarlierChoice?: boolean;
}

export interface BackendOptions {
  /** absolute URLs of the three tfjs-backend-wasm binaries (browser only; Node finds them itself) */
  wasmPaths?: Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;
}

export interface GlProbe {
  available: boolean;
  software: boolean;
  renderer: string | null;
  /** a context with failIfMajorPerformanceCaveat could not be had */
  performanceCaveat: boolean;
}

// The engine's one piece of module-level state: the backend of this page (or worker), chosen once.
let chosen: Promise<BackendReport> | null = null;

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Probe WebGL without TF.js: does a context open, is it hardware, what renders it. */
export function probeWebGl(): GlProbe {
  const none: GlProbe = { available: false, software: false, renderer: null, performanceCaveat: false };
  const canvas = makeCanvas();
  if (!canvas) return none;
  const get = (opts: WebGLContextAttributes) =>
    (canvas.getContext('webgl2', opts) ?? null) as WebGL2RenderingContext | null;
  const strict = get({ failIfMajorPerformanceCaveat: true });
  const gl = strict ?? get({});
  if (!gl) return none;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return {
    available: true,
    software: SOFTWARE_RENDERERS.test(renderer) || !strict,
    renderer: renderer || null,
    performanceCaveat: !strict,
  };
}

function makeCanvas(): OffscreenCanvas | HTMLCanvasElement | null {
  try {
    if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
    if (typeof document !== 'undefined') return document.createElement('canvas');
  } catch {
    /* no canvas in this context */
  }
  return null;
}

/**
 * What `auto` runs when WebGL is software or missing. Measured with the engine's own step (Node 20,
 * 2 cores, CPU time per step, WASM vs plain JS): 2-8-8-1 on 1,000 rows full batch 0.64 vs 2.6 ms,
 * 10-16-8-1 at batch 512 1.2 vs 3.6 ms, at 128 0.9 vs 1.4 ms, at 32 0.72 vs 0.71 ms. WASM never
 * loses by more than noise, so no start-up timing: WASM. Software WebGL is ~10× slower still.
 */
export const AUTO_FALLBACK: BackendName = 'wasm';

/** Decide which backend `auto` means here, and say why in words a learner can read. */
export function decide(requested: BackendChoice, gl: GlProbe): { name: BackendName; reason: string } {
  if (requested === 'webgl') {
    if (!gl.available) return { name: 'wasm', reason: 'WebGL was asked for but is not available here, so WASM runs instead' };
    return {
      name: 'webgl',
      reason: gl.software
        ? `WebGL, as asked — rendered in software (${gl.renderer ?? 'unknown renderer'}), so slower than WASM here`
        : `WebGL, as asked (${gl.renderer ?? 'GPU'})`,
    };
  }
  if (requested === 'wasm') return { name: 'wasm', reason: 'WASM, as asked' };
  if (requested === 'cpu') return { name: 'cpu', reason: 'plain JavaScript (CPU), as asked' };
  if (gl.available && !gl.software) return { name: 'webgl', reason: `WebGL on a hardware GPU (${gl.renderer ?? 'GPU'})` };
  const faster = 'WASM trains these small models up to 4× faster than plain JavaScript, and never slower';
  return {
    name: AUTO_FALLBACK,
    reason: gl.available
      ? `WASM: WebGL here is drawn in software (${gl.renderer ?? 'no GPU'}), about 10× slower for these small models, and ${faster}`
      : `WASM: there is no WebGL here, and ${faster}`,
  };
}

/**
 * Initialise the page's backend once. Later calls get the same backend; their report says so
 * when they asked for another one (one backend per page: the first sim's choice wins).
 */
export function initBackend(requested: BackendChoice = 'auto', opts: BackendOptions = {}): Promise<BackendReport> {
  if (!chosen) chosen = start(requested, opts);
  return chosen.then((r) =>
    requested === r.requested || requested === 'auto' || requested === r.name
      ? r
      : {
          ...r,
          sharedWithEarlierChoice: true,
          reason: `${r.reason}. This lab asked for ${requested}, but one backend serves the whole page and another lab chose first`,
        },
  );
}

async function start(requested: BackendChoice, opts: BackendOptions): Promise<BackendReport> {
  const gl = probeWebGl(); // in Node there is no canvas, so no WebGL
  let { name, reason } = decide(requested, gl);
  if (opts.wasmPaths) setWasmPaths(opts.wasmPaths);
  // TF.js refuses software WebGL unless told; only reached when the learner asked for webgl.
  if (name === 'webgl' && gl.software) tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  for (const candidate of fallbackOrder(name)) {
    try {
      const ok = await tf.setBackend(candidate);
      if (ok) {
        await tf.ready();
        if (candidate !== name) reason = `${reason} — but ${name} failed to start, so ${candidate === 'cpu' ? 'plain JavaScript (CPU)' : candidate.toUpperCase()} runs`;
        return { name: candidate, requested, reason, softwareGl: gl.software, renderer: gl.renderer };
      }
    } catch {
      /* try the next one */
    }
  }
  throw new Error('no TF.js backend could start');
}

function fallbackOrder(first: BackendName): BackendName[] {
  return [first, ...(['wasm', 'cpu'] as const).filter((b) => b !== first)];
}

/** Switch after a failure such as a lost WebGL context; the report says what happened. */
export async function switchBackend(to: BackendName, why: string): Promise<BackendReport> {
  const prev = chosen ? await chosen : null;
  // several jobs may notice one loss: the first switches, the others get its report
  if (prev && prev.name === to && tf.getBackend() === to) return prev;
  chosen = (async () => {
    await tf.setBackend(to);
    await tf.ready();
    return {
      name: to,
      requested: prev?.requested ?? 'auto',
      reason: `${to.toUpperCase()}: ${why}`,
      softwareGl: prev?.softwareGl ?? false,
      renderer: prev?.renderer ?? null,
    };
  })();
  return chosen;
}

export interface WebGlLossWatch {
  /** resolves when the context is lost (at once if it already is) */
  readonly lost: Promise<void>;
  isLost(): boolean;
  dispose(): void;
}

/**
 * Watch the WebGL backend's context while a job runs: a GPU reset or a browser reclaiming the
 * context leaves TF.js waiting forever on its next read-back, so the runner must notice and move
 * on. Null when the current backend is not WebGL. The event is the fast path; a cheap poll of
 * isContextLost() catches a loss that came before the listener.
 */
/** The WebGL context behind TF.js's WebGL backend (its `gpgpu.gl`), read without trusting its type. */
function webglContext(backend: object): WebGLRenderingContext | WebGL2RenderingContext | null {
  const gpgpu = 'gpgpu' in backend ? backend.gpgpu : null;
  const gl = typeof gpgpu === 'object' && gpgpu !== null && 'gl' in gpgpu ? gpgpu.gl : null;
  const isGl = (c: unknown): c is WebGLRenderingContext | WebGL2RenderingContext =>
    (typeof WebGL2RenderingContext !== 'undefined' && c instanceof WebGL2RenderingContext) || (typeof WebGLRenderingContext !== 'undefined' && c instanceof WebGLRenderingContext);
  return isGl(gl) ? gl : null;
}

export function watchWebGlLoss(pollMs = 250): WebGlLossWatch | null {
  if (tf.getBackend() !== 'webgl') return null;
  const gl = webglContext(tf.backend());
  if (!gl) return null;
  const canvas = gl.canvas as EventTarget;
  let resolve!: () => void;
  const lost = new Promise<void>((r) => (resolve = r));
  const check = () => {
    if (gl.isContextLost()) resolve();
  };
  canvas.addEventListener('webglcontextlost', check);
  const timer = setInterval(check, pollMs);
  check();
  return {
    lost,
    isLost: () => gl.isContextLost(),
    dispose() {
      canvas.removeEventListener('webglcontextlost', check);
      clearInterval(timer);
    },
  };
}

export function currentBackend(): Promise<BackendReport> | null {
  return chosen;
}

export { tf };
