import type { RunControl } from './control';
import type { BackendReport } from './backend';
import type { Snapshot } from './protocol';

/** What a job (a sim's run, or an engine job) gets from the runner. */
export interface JobContext {
  control: RunControl;
  backend: BackendReport;
  /** send a snapshot to the view; its typed arrays are transferred, so never reuse them after */
  emit(snapshot: Snapshot): void;
  /** fetch a file shipped with the site (e.g. `data/birdstrikes.csv`), relative to the site's root */
  fetchText(path: string): Promise<string>;
}

/** A sim's `run(params, ctx)`: deterministic for a seed and backend; resolves with its final snapshot. */
export type JobFn = (params: Record<string, unknown>, ctx: JobContext) => Promise<Snapshot>;

export interface ScenarioModule {
  run: JobFn;
}
