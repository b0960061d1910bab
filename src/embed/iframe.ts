import '../worker/site-engine';
import { mount } from 'svelte';
import EmbeddedLab from './EmbeddedLab.svelte';
import { findSim } from '../sims/catalog';
import { parseCommand, plain, type EmbedMessage } from './messages';
import type { SimController } from '../ui/sim-controller.svelte';
import '../app/global.css';

// embed.html?sim=<id>&<params>: one lab for an iframe. It tells its parent its height, state and
// results by postMessage, and takes only the two commands in ./messages.ts from that parent.
const query = new URLSearchParams(location.search);
const simId = query.get('sim') ?? '';
query.delete('sim');
const params = Object.fromEntries(query);
const entry = findSim(simId);
if (entry) document.title = `${entry.title} — MLSD Lab`;

const parent = window.parent !== window ? window.parent : null;
// The messages carry no secret (a lab's params and metrics), and the parent's origin is unknown.
const tell = (m: EmbedMessage) => parent?.postMessage(plain(m), '*');

let sim: SimController | null = null;
let lastHeight = -1;
const announceHeight = (force = false) => {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (!force && height === lastHeight) return;
  lastHeight = height;
  tell({ type: 'mlsd:resize', sim: simId, height });
};

mount(EmbeddedLab, {
  target: document.getElementById('app')!,
  props: {
    simId,
    params,
    onAttach: (c: SimController) => (sim = c),
    onEvent: (type: 'state' | 'done', detail: Record<string, unknown>) => {
      if (type === 'state') tell({ type: 'mlsd:state', sim: simId, state: String(detail.state) });
      else tell({ type: 'mlsd:done', sim: simId, metrics: detail.metrics as Record<string, number | null>, params: detail.params as Record<string, unknown> });
    },
  },
});

new ResizeObserver(() => announceHeight()).observe(document.body);

window.addEventListener('message', (e) => {
  if (!parent || e.source !== parent) return;
  const cmd = parseCommand(e.data);
  if (!cmd) return;
  if (cmd.type === 'mlsd:hello') {
    announceHeight(true);
    if (sim) tell({ type: 'mlsd:state', sim: simId, state: sim.state });
  } else if (sim && (sim.state === 'idle' || sim.state === 'done' || sim.state === 'error')) {
    void sim.run();
  }
});
