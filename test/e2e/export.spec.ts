import { test, expect, type Page, type Download } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watchErrors } from './helpers';

// Export and sharing (issue 7): the link reproduces the run, the CSV is the JSON's series, every
// chart downloads as a self-contained SVG and as a 2× PNG, and copying works with or without the clipboard API.

const RUN = 'n=2000&backend=wasm&pos=0.05&seed=7';
const lab = (page: Page) => page.locator('[data-sim]').first();

/** every result number on screen, outside pinned runs */
const metrics = (page: Page) =>
  page.locator('[data-metric]:not([data-run="pinned"] *)').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-metric')!, e.getAttribute('data-value')!])));

async function runToDone(page: Page, query: string) {
  await page.goto(`./#/sim/imbalance?${query}&run=1`);
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
}

async function exportFile(page: Page, selector: string): Promise<{ text: string; bytes: Buffer; name: string }> {
  const menu = page.locator('[data-export-menu]');
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  const download: Promise<Download> = page.waitForEvent('download');
  await page.locator(selector).first().click();
  const d = await download;
  const bytes = readFileSync((await d.path())!);
  return { text: bytes.toString('utf8'), bytes, name: d.suggestedFilename() };
}

function parseCsv(text: string): string[][] {
  // our CSV quotes only names with commas, quotes or line breaks; numbers are bare
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') cells.push(cur), (cur = '');
      else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

test.describe('with the clipboard', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('a copied link reproduces the run’s metrics', async ({ page, context }) => {
    test.setTimeout(150_000);
    const errors = watchErrors(page);
    await runToDone(page, RUN);
    // a live param moved after the run is part of what the link must carry
    const slider = page.locator('[data-param="threshold"] input[type="range"]');
    await slider.focus();
    for (let i = 0; i < 20; i++) await slider.press('ArrowLeft');
    await expect(page.locator('[data-param="threshold"] output')).toHaveText('0.3');
    const shown = await metrics(page);
    expect(Object.keys(shown).length).toBeGreaterThan(5);

    await page.locator('[data-copy-link]').click();
    await expect(page.locator('[data-copy-status="copied"]')).toContainText('Link copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/#\/sim\/imbalance\?/);
    const q = new URLSearchParams(link.split('?')[1]);
    // every param and the seed, never run or present
    for (const [k, v] of Object.entries({ seed: '7', n: '2000', pos: '0.05', threshold: '0.3', backend: 'wasm' })) expect(q.get(k), k).toBe(v);
    expect(q.has('epochs') && q.has('lr') && q.has('remedy')).toBe(true);
    expect(q.has('run') || q.has('present')).toBe(false);

    const again = await context.newPage();
    await again.goto(link);
    await expect(lab(again)).toHaveAttribute('data-state', 'idle');
    await again.locator('[data-action="run"]').click();
    await expect(lab(again)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
    expect(await metrics(again)).toEqual(shown);
    expect(errors).toEqual([]);
  });

  test('the export menu copies the link and the embed code, and says so', async ({ page }) => {
    await page.goto(`./#/sim/imbalance?${RUN}&hide=model`);
    await page.locator('[data-export-menu]').click();
    await page.locator('[data-export="link"]').click();
    await expect(page.locator('[data-copy-status="copied"]')).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('hide=model');
    expect(link).toContain('seed=7');

    await page.locator('[data-export-menu]').click();
    await page.locator('[data-export="embed"]').click();
    await expect(page.locator('[data-copy-status="copied"]')).toContainText('Embed code copied');
    const code = await page.evaluate(() => navigator.clipboard.readText());
    expect(code).toContain('embed.html?sim=imbalance');
    expect(code).toContain('<mlsd-sim sim="imbalance"');
    expect(code).toContain('seed=7');
  });
});

test('without a clipboard API, the text is shown in a field to copy by hand', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
  await page.goto(`./#/sim/imbalance?${RUN}`);
  await page.locator('[data-copy-link]').click();
  const field = page.locator('[data-copy-fallback] textarea');
  await expect(field).toBeVisible();
  await expect(field).toBeFocused();
  expect(await field.inputValue()).toMatch(/#\/sim\/imbalance\?.*seed=7/);
  await page.locator('[data-copy-fallback] button').click();
  await expect(page.locator('[data-copy-fallback]')).toHaveCount(0);
});

test('the series CSV parses and holds exactly the JSON export’s series', async ({ page }) => {
  test.setTimeout(120_000);
  await runToDone(page, RUN);
  const json = JSON.parse((await exportFile(page, '[data-export="json"]')).text);
  const csv = await exportFile(page, '[data-export="csv"]');
  expect(csv.name).toMatch(/\.csv$/);
  const rows = parseCsv(csv.text);
  expect(rows[0]).toEqual(['series', 'x', 'y']);
  const fromCsv: Record<string, { x: number[]; y: number[] }> = {};
  for (const [name, x, y] of rows.slice(1)) {
    const s = (fromCsv[name] ??= { x: [], y: [] });
    s.x.push(Number(x));
    s.y.push(Number(y));
  }
  expect(Object.keys(json.series).length).toBeGreaterThan(0);
  expect(fromCsv).toEqual(json.series);
});

test('every chart exports as an SVG that parses, shows its title and names its axes', async ({ page }) => {
  test.setTimeout(120_000);
  await runToDone(page, RUN);
  await page.locator('[data-export-menu]').click();
  const count = await page.locator('[data-export="svg"]').count();
  expect(count).toBeGreaterThanOrEqual(4);
  for (let i = 0; i < count; i++) {
    // the menu closes after each download
    if ((await page.locator('[data-export-menu]').getAttribute('aria-expanded')) !== 'true') await page.locator('[data-export-menu]').click();
    const title = (await page.locator('[data-chart-export] .chart-name').nth(i).textContent())!.trim();
    const file = await exportFile(page, `[data-chart-export="${i}"] [data-export="svg"]`);
    expect(file.name).toMatch(/^mlsd-imbalance-.+\.svg$/);
    const info = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const svg = doc.documentElement;
      const texts = [...doc.querySelectorAll('text')];
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: svg.localName,
        ns: svg.namespaceURI,
        width: Number(svg.getAttribute('width')),
        height: Number(svg.getAttribute('height')),
        title: doc.querySelector('title')?.textContent ?? '',
        inSvgTitle: texts.find((t) => t.hasAttribute('data-chart-title'))?.getAttribute('style') ?? '',
        texts: texts.map((t) => t.textContent ?? ''),
        stylesheetFree: !doc.querySelector('style') && !text.includes('class='),
      };
    }, file.text);
    expect(info.error, title).toBeNull();
    expect(info.root).toBe('svg');
    expect(info.ns).toBe('http://www.w3.org/2000/svg');
    expect(info.width).toBeGreaterThan(100);
    expect(info.height).toBeGreaterThan(100);
    expect(info.title).toBe(title.replace(/ \(pinned run\)$/, ''));
    expect(info.texts).toContain(info.title); // the title is drawn, not only named
    expect(info.inSvgTitle).not.toContain('display:none');
    expect(info.stylesheetFree).toBe(true);
    // axes named: the chart's axis labels as drawn on the page
    const axes = await page.locator('figure.chart').nth(i).locator('.axis-label').allTextContents();
    expect(axes.length, title).toBeGreaterThanOrEqual(2);
    for (const a of axes) expect(info.texts, title).toContain(a);
  }
  // a chart with a legend on the page carries it in the file
  const file = await exportFile(page, '[data-chart-export="1"] [data-export="svg"]');
  for (const label of ['no click', 'click']) expect(file.text).toContain(`>${label}</text>`);
});

test('a chart exports as a non-empty PNG at twice its size', async ({ page }) => {
  test.setTimeout(120_000);
  await runToDone(page, RUN);
  for (const i of [0, 2]) {
    const svg = await exportFile(page, `[data-chart-export="${i}"] [data-export="svg"]`);
    const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg.text)!;
    const png = await exportFile(page, `[data-chart-export="${i}"] [data-export="png"]`);
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20
    expect(png.bytes.readUInt32BE(16)).toBe(Math.round(2 * Number(size[1])));
    expect(png.bytes.readUInt32BE(20)).toBe(Math.round(2 * Number(size[2])));
    const inked = await page.evaluate(async (b64) => {
      const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      let dark = 0;
      for (let p = 0; p < px.length; p += 4) if (px[p] + px[p + 1] + px[p + 2] < 600) dark++;
      return dark / (px.length / 4);
    }, png.bytes.toString('base64'));
    expect(inked).toBeGreaterThan(0.005);
  }
});
