import { mount, unmount } from 'svelte';
import EmbeddedLab from './EmbeddedLab.svelte';
import { configureEngine } from '../engine/engine-config';
import { loadLabJob } from '../worker/lab-jobs';
import { sims } from '../sims/catalog';
import { setSiteUrl } from './site-url';
import { ELEMENT_ATTR_FOR } from './snippet';
import { plain } from './messages';
import type { SimController } from '../ui/sim-controller.svelte';
import type { Schema } from '../engine/params';
import siteCss from '../app/global.css?inline';

/**
 * <mlsd-sim sim="imbalance" pos="0.005" …>: one lab in anyone's page, built as dist/embed/mlsd-sim.js.
 * Attributes are the lab's params (read through its schema, like a URL); it renders into an open
 * shadow root and dispatches mlsd:state and mlsd:done (bubbling, composed). It may be served from
 * another origin than the page, so every file it needs resolves against this script's URL.
 */

// This file is dist/embed/mlsd-sim.js, so the site (embed.html, data/) is one level up.
const SITE = new URL(/* @vite-ignore */ '../', import.meta.url).href;
setSiteUrl(SITE);
configureEngine({
  assetBase: SITE,
  // A worker script from another origin is refused, so the engine's worker is inlined (and only
  // fetched, TF.js and all, when the first lab on the page starts training).
  createWorker: async () => new (await import('../worker/engine-worker?worker&inline')).default(),
  loadJob: loadLabJob,
});

// The site's stylesheet, scoped to the shadow root: :root and html become the host element; `all:
// initial` keeps the page's inherited fonts and colours out, so the lab looks the same everywhere.
const shadowCss =
  siteCss.replace(/:root\b/g, ':host').replace(/(^|[\s,}])html(?=\s*[{,])/g, '$1:host') +
  ':host{all:initial;display:block;font-family:var(--font);color:var(--ink);background:var(--paper);line-height:1.55;text-align:start}:host([hidden]){display:none}';

// Attributes that are the lab's params; `hidden` keeps its HTML meaning (it hides the element), so
// the hidden-layers param is given as hidden-layers (see snippet.ts).
const TO_PARAM: Record<string, string> = Object.fromEntries(Object.entries(ELEMENT_ATTR_FOR).map(([param, attr]) => [attr, param]));
const NOT_PARAMS = new Set(['sim', 'hidden']);
const LAYER_LIST = /^\s*\d+(\s*,\s*\d+)*\s*$/;
// attribute names arrive lower-cased
const lowerLookup = (schema: Schema, name: string) => schema.params.find((p) => [p.name, ...(p.aliases ?? [])].some((k) => k.toLowerCase() === name));

export class MlsdSimElement extends HTMLElement {
  // Changing any of these updates the lab: see attributeChangedCallback.
  static get observedAttributes(): string[] {
    const names = new Set(['sim', ...Object.keys(TO_PARAM)]);
    for (const s of sims) for (const key of s.schema.byName.keys()) if (key !== 'hidden') names.add(key.toLowerCase());
    return [...names];
  }

  #app: Record<string, unknown> | null = null;
  #target: HTMLElement | null = null;
  #sim: SimController | null = null;
  #pending = false;

  constructor() {
    super();
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = shadowCss;
    shadow.replaceChildren(style);
  }

  connectedCallback(): void {
    if (!this.#app) this.#mount();
  }

  disconnectedCallback(): void {
    // Moved within the page (removed and re-added at once): keep the lab and its results.
    queueMicrotask(() => {
      if (!this.isConnected) this.#unmount();
    });
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.#app || old === value) return;
    // a live param (a threshold) re-scores the results in place; anything else restarts the lab
    const sim = this.#sim;
    const spec = sim ? lowerLookup(sim.schema, Object.hasOwn(TO_PARAM, name) ? TO_PARAM[name] : name) : undefined;
    if (sim && spec?.live && value !== null && !this.#pending && !sim.locked.has(spec.name)) {
      sim.set(spec.name, value);
      return;
    }
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      if (!this.#app) return;
      this.#unmount();
      this.#mount();
    });
  }

  /** Start a run, as the Run button does (for run="0", or to run again); ignored while one is going. */
  run(): void {
    const s = this.#sim;
    if (s && (s.state === 'idle' || s.state === 'done' || s.state === 'error')) void s.run();
  }

  /** The lab's run state, as in its data-state: idle, running, paused, done or error. */
  get state(): string {
    return this.#sim?.state ?? 'idle';
  }

  #params(simId: string): Record<string, string> {
    const schema = sims.find((s) => s.id === simId)?.schema;
    const entries: [string, string][] = [];
    for (const a of Array.from(this.attributes)) {
      if (NOT_PARAMS.has(a.name)) continue;
      const param = Object.hasOwn(TO_PARAM, a.name) ? TO_PARAM[a.name] : undefined;
      // hidden-layers only means `hidden` for a lab that has that param; elsewhere it is reported as unknown
      entries.push([param && schema?.byName.has(param) ? param : a.name, a.value]);
    }
    const hidden = this.getAttribute('hidden');
    if (hidden && LAYER_LIST.test(hidden)) {
      console.warn(`<mlsd-sim>: hidden="${hidden}" hides the element (HTML's own attribute); give layer sizes as hidden-layers="${hidden.trim()}"`);
    }
    // fromEntries defines own properties, so an attribute named __proto__ stays a plain (unknown) key
    return Object.fromEntries(entries);
  }

  #mount(): void {
    const target = (this.#target = document.createElement('div'));
    this.shadowRoot!.append(target);
    const simId = (this.getAttribute('sim') ?? '').trim();
    this.#app = mount(EmbeddedLab, {
      target,
      props: {
        simId,
        params: this.#params(simId),
        onAttach: (c: SimController) => (this.#sim = c),
        onEvent: (type: 'state' | 'done', detail: Record<string, unknown>) => {
          this.dispatchEvent(new CustomEvent(`mlsd:${type}`, { detail: plain(detail), bubbles: true, composed: true }));
        },
      },
    });
  }

  #unmount(): void {
    const app = this.#app;
    this.#app = null;
    this.#sim = null;
    if (app) void unmount(app);
    this.#target?.remove();
    this.#target = null;
  }
}

if (!customElements.get('mlsd-sim')) customElements.define('mlsd-sim', MlsdSimElement);

declare global {
  interface HTMLElementTagNameMap {
    'mlsd-sim': MlsdSimElement;
  }
}
