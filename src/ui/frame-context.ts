import { getContext, setContext } from 'svelte';
import type { LegendItem } from './charts/types';

/** One chart of a lab, as the export menu sees it. Getters, so the entry always describes the chart as drawn now. */
export interface ChartEntry {
  readonly title: string;
  readonly svg: SVGSVGElement | undefined;
  readonly legend: LegendItem[];
}

/** What SimFrame offers the pieces inside it: charts register here, so export needs no lab code. */
export interface FrameContext {
  registerChart(entry: ChartEntry): () => void;
}

const FRAME = Symbol('mlsd:sim-frame');

export function setFrameContext(ctx: FrameContext): void {
  setContext(FRAME, ctx);
}

export function getFrameContext(): FrameContext | undefined {
  return getContext<FrameContext | undefined>(FRAME);
}
