// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.

export const okabeIto = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  sky: '#56B4E9',
  green: '#009E73',
  orange: '#E69F00',
  purple: '#CC79A7',
  yellow: '#F0E442',
  black: '#000000',
} as const;

/** Negatives / "no click". */
export const NEGATIVE = okabeIto.blue;
/** Positives / "click". */
export const POSITIVE = okabeIto.vermillion;

/** Default order for series and groups: the higher-contrast colours come first. */
export const seriesColors: readonly string[] = [
  okabeIto.blue,
  okabeIto.vermillion,
  okabeIto.green,
  okabeIto.purple,
  okabeIto.orange,
  okabeIto.sky,
  okabeIto.black,
];

export function colorAt(i: number): string {
  return seriesColors[((i % seriesColors.length) + seriesColors.length) % seriesColors.length];
}

/** Stroke dash for pinned (earlier-run) lines and marks. */
export const PINNED_DASH = '6 4';

/** Outline dashes that tell histogram groups apart without colour. */
export const groupDashes: readonly string[] = ['', '2 2', '9 3 2 3', '12 3'];

export function dashAt(i: number): string {
  return groupDashes[i % groupDashes.length];
}

/** Chance lines and other reference marks: mid grey reads as "not data". */
export const REFERENCE = '#6b7280';

/** Confusion-matrix shading: one hue, light (rate 0) to dark (rate 1). */
export const RATE_LOW = '#f1f6fb';
export const RATE_HIGH = '#08457a';

/** A point shape as a legend swatch draws it (centred at 7,6): the page's legend and the exported image's are the same. */
export const LEGEND_SHAPE_PATH = {
  circle: 'M7,6m-4,0a4,4 0 1,0 8,0a4,4 0 1,0 -8,0',
  triangle: 'M7,1.5l4.3,7.5h-8.6z',
  square: 'M3.5,2.5h7v7h-7z',
  diamond: 'M7,1l5,5l-5,5l-5,-5z',
} as const;
