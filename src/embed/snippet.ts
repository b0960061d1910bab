/**
 * The code an author pastes to embed a lab, in both forms (DESIGN.md "Embed"): an iframe of
 * embed.html, with the few lines that let it grow to fit the lab, and the <mlsd-sim> element with
 * its script. Pure: no DOM, no catalog — the caller passes the lab's id, its params as a query
 * string (e.g. SimController.query()) and the site's root URL.
 */

export interface EmbedSnippets {
  iframe: string;
  element: string;
  /** both forms, each under a comment, for one "copy embed code" */
  both: string;
}

export interface SnippetOptions {
  /** the iframe's accessible name; default "MLSD Lab: <id>" */
  title?: string;
  /** the iframe's height in CSS pixels before (or without) the resize script */
  height?: number;
}

/** Height the iframe has without its script: the lab's controls and first results fit at desktop width. */
export const IFRAME_HEIGHT = 900;

// `hidden` is HTML's own attribute (it hides the element), so the element takes the layer sizes as hidden-layers.
export const ELEMENT_ATTR_FOR: Readonly<Record<string, string>> = { hidden: 'hidden-layers' };

const ATTR_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function embedSnippets(simId: string, query: string, siteUrl: string, opts: SnippetOptions = {}): EmbedSnippets {
  const site = new URL(siteUrl);
  const base = site.href.endsWith('/') ? site.href : `${site.href}/`;
  const params = new URLSearchParams(query.replace(/^[?#]/, ''));
  params.delete('sim');
  const rest = params.toString().replace(/%2C/gi, ',');
  const src = `${base}embed.html?sim=${encodeURIComponent(simId)}${rest ? `&${rest}` : ''}`;
  const height = Math.round(opts.height ?? IFRAME_HEIGHT);
  const title = opts.title ?? `MLSD Lab: ${simId}`;

  const iframe = [
    `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="100%" height="${height}" style="border:0;max-width:100%" allow="fullscreen" loading="lazy" data-mlsd-embed></iframe>`,
    `<script>`,
    `  // MLSD Lab: grow the iframe to fit the lab (without this it keeps its height and scrolls)`,
    `  addEventListener('message', function (e) {`,
    `    var d = e.data;`,
    `    if (e.origin !== ${JSON.stringify(site.origin)} || !d || d.type !== 'mlsd:resize' || typeof d.height !== 'number') return;`,
    `    document.querySelectorAll('iframe[data-mlsd-embed]').forEach(function (f) {`,
    `      if (f.contentWindow === e.source) f.style.height = Math.min(Math.max(Math.ceil(d.height), 200), 20000) + 'px';`,
    `    });`,
    `  });`,
    `</script>`,
  ].join('\n');

  const attrs = [`sim="${escapeAttr(simId)}"`];
  for (const [name, value] of params) {
    if (!ATTR_NAME.test(name)) continue;
    const attr = Object.hasOwn(ELEMENT_ATTR_FOR, name) ? ELEMENT_ATTR_FOR[name] : name;
    attrs.push(`${attr}="${escapeAttr(value)}"`);
  }
  const element = [
    `<script type="module" src="${escapeAttr(`${base}embed/mlsd-sim.js`)}"></script>`,
    `<mlsd-sim ${attrs.join(' ')}></mlsd-sim>`,
  ].join('\n');

  const both = [
    `<!-- MLSD Lab, as an iframe (works on any page, even where scripts are not allowed) -->`,
    iframe,
    ``,
    `<!-- or as an element (blends into the page; needs a module script) -->`,
    element,
  ].join('\n');
  return { iframe, element, both };
}
