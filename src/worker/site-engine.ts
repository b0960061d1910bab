import EngineWorker from './engine-worker?worker';
import { configureEngine } from '../engine/engine-config';
import { loadLabJob } from './lab-jobs';

// The site's and embed.html's engine: the module worker from this folder (the page's own files), the
// labs' jobs for the main-thread fallback. Imported for its effect by each entry, before any lab runs;
// the <mlsd-sim> bundle, which may sit on another origin, configures its own (src/embed/mlsd-sim.ts).
configureEngine({ createWorker: () => new EngineWorker(), loadJob: loadLabJob });
