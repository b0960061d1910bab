import { LEGEND_SHAPE_PATH as SHAPE_PATH } from '../charts/palette';
import type { LegendItem } from '../charts/types';

// A chart's <svg> as a file that looks like the page without the page: the computed styles it
// depends on written onto each element, the in-SVG title shown, the HTML legend redrawn inside,
// a white background, and its own width and height. Loaded only when someone exports a chart.

const SVG_NS = 'http://www.w3.org/2000/svg';
const PAINT = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin', 'opacity'];
const TEXT = [...PAINT, 'paint-order', 'font-family', 'font-size', 'font-weight', 'font-style', 'letter-spacing', 'dominant-baseline'];
const SHAPES = new Set(['path', 'line', 'rect', 'circle', 'ellipse', 'polyline', 'polygon']);
/** values that equal the SVG defaults, left out to keep the file small */
const DEFAULTS: Record<string, string> = {
  'fill-opacity': '1',
  'stroke-opacity': '1',
  opacity: '1',
  'stroke-dasharray': 'none',
  'font-style': 'normal',
  'letter-spacing': 'normal',
  'dominant-baseline': 'auto',
  'stroke-linecap': 'butt',
  'stroke-linejoin': 'miter',
  'paint-order': 'normal',
};
const LEGEND_FONT = 12.8;
const LEGEND_ROW = 20;

export interface StandaloneSvg {
  text: string;
  width: number;
  height: number;
}

function styleOf(el: Element, props: string[]): string {
  const cs = getComputedStyle(el);
  const parts: string[] = [];
  for (const p of props) {
    const v = cs.getPropertyValue(p).trim();
    if (v && DEFAULTS[p] !== v) parts.push(`${p}:${v}`);
  }
  return parts.join(';');
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The legend as the page draws it (swatch with colour and dash or shape, then the label), wrapped to the chart's width. */
function legendGroup(items: LegendItem[], width: number, top: number, ink: string, font: string): { g: SVGGElement; height: number } {
  const g = el('g', { 'font-family': font, 'font-size': LEGEND_FONT, fill: ink });
  let x = 8;
  let row = 0;
  for (const item of items) {
    const w = 24 + 6 + item.label.length * LEGEND_FONT * 0.6 + 16;
    if (x > 8 && x + w > width - 8) {
      x = 8;
      row++;
    }
    const y = top + row * LEGEND_ROW;
    const sw = el('g', { transform: `translate(${x},${y})` });
    if (item.kind === 'line') {
      sw.append(el('line', { x1: 1, x2: 23, y1: 6, y2: 6, stroke: item.color, 'stroke-width': 2.5, ...(item.dash ? { 'stroke-dasharray': item.dash } : {}) }));
    } else if (item.kind === 'area') {
      sw.append(el('rect', { x: 1.5, y: 1.5, width: 21, height: 9, fill: item.color, 'fill-opacity': 0.3, stroke: item.color, 'stroke-width': 1.5, ...(item.dash ? { 'stroke-dasharray': item.dash } : {}) }));
    } else {
      sw.append(el('path', { d: SHAPE_PATH[item.shape ?? 'circle'], transform: 'translate(5,0)', fill: item.color, stroke: item.color }));
    }
    sw.append(el('text', { x: 30, y: 6, dy: '0.35em' }, item.label));
    g.append(sw);
    x += w;
  }
  return { g, height: (row + 1) * LEGEND_ROW };
}

/** A self-contained SVG document of `svg`, titled `title`, with `legend` drawn below the plot. */
export function standaloneSvg(svg: SVGSVGElement, title: string, legend: LegendItem[] = []): StandaloneSvg {
  const vb = svg.viewBox.baseVal;
  const width = vb && vb.width > 0 ? vb.width : svg.width.baseVal.value;
  let height = vb && vb.height > 0 ? vb.height : svg.height.baseVal.value;
  const clone = svg.cloneNode(true) as SVGSVGElement;

  // Same tree, same order: pair each element with its original to read the styles the page gave it.
  const from = [...svg.querySelectorAll('*')];
  const to = [...clone.querySelectorAll('*')];
  const drop: Element[] = [];
  from.forEach((orig, i) => {
    const copy = to[i];
    if (!copy) return;
    const isTitle = orig.hasAttribute('data-chart-title');
    if (!isTitle && getComputedStyle(orig).display === 'none') {
      drop.push(copy);
      return;
    }
    const tag = orig.localName;
    const style = tag === 'text' || tag === 'tspan' ? styleOf(orig, TEXT) : SHAPES.has(tag) ? styleOf(orig, PAINT) : tag === 'g' ? styleOf(orig, ['opacity']) : '';
    copy.removeAttribute('class');
    if (style) copy.setAttribute('style', style);
    else copy.removeAttribute('style');
  });
  for (const d of drop) d.remove();
  // Svelte's comment anchors mean nothing outside the page.
  const walker = document.createTreeWalker(clone, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);

  const rootStyle = getComputedStyle(svg);
  const ink = rootStyle.color || '#1b1f24';
  const font = svg.getAttribute('font-family') ?? rootStyle.fontFamily;

  if (legend.length > 1) {
    const { g, height: h } = legendGroup(legend, width, height + 4, ink, font);
    clone.append(g);
    height += h + 8;
  }

  clone.removeAttribute('class');
  clone.removeAttribute('style');
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.setAttribute('font-family', font);
  clone.setAttribute('color', ink);
  clone.setAttribute('style', `color:${ink};background:#ffffff`);
  const desc = svg.getAttribute('aria-label') ?? title;
  clone.prepend(el('title', {}, title), el('desc', {}, desc), el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }));
  const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone) + '\n';
  return { text, width, height };
}

/** Rasterise a standalone SVG at `ratio` × its size (2 for sharp slides and retina screens). */
export async function svgToPng(svg: StandaloneSvg, ratio = 2): Promise<Blob> {
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg.text);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(svg.width * ratio);
  canvas.height = Math.round(svg.height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas in this browser');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}
