// Plain-data shapes the shared charts draw; charts compute no metrics from them.

/** One line: y[i] is drawn against x[i]; pinned lines are an earlier run kept for comparison. */
export interface Series {
  id: string;
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  pinned?: boolean;
}

/** The current threshold's operating point on one curve of a CurveChart. */
export interface CurveMark {
  seriesId: string;
  x: number;
  y: number;
  label: string;
}

/** Chance level: the diagonal (ROC) or a horizontal line at the positive rate (PR). */
export type Chance = { kind: 'diagonal' } | { kind: 'horizontal'; y: number; label: string };

/** Counts of one group (e.g. one true class) over a Histogram's shared bin edges. */
export interface HistogramGroup {
  id: string;
  label: string;
  counts: ArrayLike<number>;
  color?: string;
  pinned?: boolean;
}

/** A vertical line across a Histogram, e.g. the decision threshold. */
export interface HistogramMarker {
  x: number;
  label: string;
}

/** One class of a ScatterPlot, indexed by the values of its `cls` prop. */
export interface ScatterClass {
  label: string;
  color?: string;
}

export type PointShape = 'circle' | 'triangle' | 'square' | 'diamond';

/** One entry of a chart's HTML legend; the swatch repeats the mark's colour AND its non-colour cue. */
export interface LegendItem {
  label: string;
  color: string;
  kind: 'line' | 'area' | 'point';
  dash?: string;
  shape?: PointShape;
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Tick {
  pos: number;
  label: string;
}

/** What every cartesian chart is given besides its data. */
export interface ChartProps {
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  /** SVG height (px) */
  height?: number;
  /** the drawn <svg>, for a lab that exports it */
  svg?: SVGSVGElement;
}
