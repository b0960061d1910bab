import { untrack } from 'svelte';
import type { SimController } from '../sim-controller.svelte';

/** A lab on the page, so presenter shortcuts can reach the one on screen. */
export interface PresentFrame {
  el: HTMLElement;
  sim: SimController;
}

/** A page that presents itself as slides (the lesson page): it decides where presenting starts. */
export interface PresentHost {
  /** enter presenter mode, on the slide holding `from` when given */
  enter(from?: Element): void;
}

/**
 * Presenter mode, one per page: big type, high contrast, no site chrome, keyboard shortcuts.
 * Kept tiny and free of UI code, so the frame and the site can read it without loading the presenter bar.
 */
class Presenter {
  active = $state(false);
  /** single-key shortcuts (WCAG 2.1.4: the user can turn them off) */
  shortcuts = $state(true);
  host: PresentHost | null = $state.raw(null);
  frames: PresentFrame[] = $state.raw([]);

  enter(): void {
    this.active = true;
    if (typeof document !== 'undefined') document.documentElement.setAttribute('data-present', '');
  }

  leave(): void {
    this.active = false;
    if (typeof document === 'undefined') return;
    document.documentElement.removeAttribute('data-present');
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  }

  /** a lab's Present button: the host page (lesson) starts at that lab's slide; a lab page just presents */
  present(from?: Element): void {
    if (this.host) this.host.enter(from);
    else this.enter();
  }

  // Registration is called from effects: untracked, so registering never makes the caller re-run.
  addFrame(f: PresentFrame): () => void {
    untrack(() => (this.frames = [...this.frames, f]));
    return () =>
      untrack(() => {
        this.frames = this.frames.filter((x) => x !== f);
        // the last lab leaving a page without a host (navigation away) ends presenting
        if (!this.frames.length && !this.host && this.active) this.leave();
      });
  }

  setHost(h: PresentHost): () => void {
    untrack(() => (this.host = h));
    return () =>
      untrack(() => {
        if (this.host === h) this.host = null;
        if (this.active) this.leave();
      });
  }

  /** the lab shortcuts act on: the one holding focus, else the first one shown */
  target(): PresentFrame | undefined {
    const active = typeof document !== 'undefined' ? deepActiveElement() : null;
    const shown = this.frames.filter((f) => f.el.isConnected && f.el.getClientRects().length > 0);
    return shown.find((f) => active && f.el.contains(active)) ?? shown[0];
  }
}

/** document.activeElement, looking inside open shadow roots (the embed's custom element) */
export function deepActiveElement(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

export const presenter = new Presenter();
