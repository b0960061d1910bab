import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { createRunner } from '../../src/engine/runner';
import type { FromEngine } from '../../src/engine/protocol';
import type { JobFn } from '../../src/engine/job';

// The engine's runner takes pause/resume/step/cancel for a run that is still loading its job and
// backend: a press in that gap (Step then Resume at once, a Reset at once) must reach the run.
const EPOCHS = 5;
const job: JobFn = async (_params, ctx) => {
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    ctx.emit({ kind: 'progress', epoch });
    await ctx.control.checkpoint('epoch');
  }
  return { kind: 'result', epochs: EPOCHS };
};

function runner() {
  const seen: FromEngine[] = [];
  let settle: (m: FromEngine) => void = () => {};
  const finished = new Promise<FromEngine>((r) => (settle = r));
  const r = createRunner(
    (m) => {
      seen.push(m);
      if (m.type === 'done' || m.type === 'failed') settle(m);
    },
    { sliceMs: 8, loadJob: async (kind) => (kind === 'slow-start' ? job : null) },
  );
  const start = (stepFirst: boolean) =>
    r.handle({ type: 'start', id: 1, kind: 'slow-start', params: {}, backend: 'cpu', stepFirst, assetBase: 'http://localhost/' });
  return { r, seen, finished, start };
}

describe('runner: controls sent before the run has started', () => {
  it('Step then Resume at once: the run goes on to the end', async () => {
    const { r, finished, start } = runner();
    start(true);
    r.handle({ type: 'control', id: 1, action: 'resume' });
    const end = await Promise.race([finished, new Promise<null>((res) => setTimeout(() => res(null), 5000))]);
    expect(end?.type).toBe('done');
  });

  it('a Step alone still stops after the first epoch', async () => {
    const { seen, start } = runner();
    start(true);
    await new Promise((res) => setTimeout(res, 300));
    expect(seen.filter((m) => m.type === 'snapshot')).toHaveLength(1);
    expect(seen.at(-1)).toEqual({ type: 'state', id: 1, state: 'paused' });
  });

  it('a Cancel at once ends the run as cancelled, with no epoch trained', async () => {
    const { r, seen, finished, start } = runner();
    start(false);
    r.handle({ type: 'control', id: 1, action: 'cancel' });
    const end = await finished;
    expect(end).toMatchObject({ type: 'failed', reason: 'cancelled' });
    expect(seen.filter((m) => m.type === 'snapshot')).toHaveLength(0);
  });
});
