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
  /**
   * One slot the runner keeps for this job kind between runs (absent where no runner keeps one, as in
   * most tests): a job whose runs extend each other (the capstone's steps) leaves its state here and
   * the next run picks it up instead of starting over. `take` empties the slot, so a run that fails
   * or is cancelled leaves nothing half-done behind.
   */
  carry?: JobCarry;
}

export interface JobCarry {
  /** the value left under `key` by the last run of this kind, or undefined (another key, or none) */
  take(key: string): unknown;
  put(key: string, value: unknown): void;
}

/** A carry slot per job kind, as a runner keeps them: each kind's last value only. */
export function carrySlots(): (kind: string) => JobCarry {
  const slots = new Map<string, { key: string; value: unknown }>();
  return (kind) => ({
    take(key) {
      const slot = slots.get(kind);
      slots.delete(kind);
      return slot && slot.key === key ? slot.value : undefined;
    },
    put(key, value) {
      slots.set(kind, { key, value });
    },
  });
}

/** A sim's `run(params, ctx)`: deterministic for a seed and backend; resolves with its final snapshot. */
export type JobFn = (params: Record<string, unknown>, ctx: JobContext) => Promise<Snapshot>;

export interface ScenarioModule {
  run: JobFn;
  /** a lab's other jobs (a sweep started apart from Run), run as `<lab>:<name>` */
  jobs?: Readonly<Record<string, JobFn>>;
}
