import type { LoadJob } from './jobs';

/**
 * Where the engine's files and jobs come from, set by the page that hosts the labs (src/worker/site-engine.ts
 * for the site and embed.html, src/embed/mlsd-sim.ts for the element), so the engine imports no lab.
 * Tiny on purpose: a page sets it at load, and the engine client itself still loads only when a lab first runs.
 */
export interface EngineConfig {
  /** base URL that data files (`data/…`) resolve against; default: the page's `document.baseURI` */
  assetBase?: string;
  /** makes the engine's Worker (whose entry knows the labs' jobs); without one the engine runs on the main thread */
  createWorker?: () => Worker | Promise<Worker>;
  /** the labs' jobs for the main-thread fallback (the engine's built-in jobs need none) */
  loadJob?: LoadJob;
}

let config: EngineConfig = {};
let fixed = false;

/** Set where the engine's files and jobs come from; only before the first `getEngine()`, which fixes them. */
export function configureEngine(c: EngineConfig): void {
  if (fixed) throw new Error('configureEngine() must be called before the engine is first used');
  config = { ...config, ...c };
}

/** The configuration, fixed from now on (the engine client reads it once, when it starts). */
export function takeEngineConfig(): Readonly<EngineConfig> {
  fixed = true;
  return config;
}
