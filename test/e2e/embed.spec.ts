import type { Page } from '@playwright/test';
import { test, expect } from './embed-host';
import { watchErrors, axeViolations } from './helpers';
import { embedSnippets } from '../../src/embed/snippet';
import { schema } from '../../src/sims/imbalance/meta';

// Small, quick runs: 2,000 rows on the wasm backend (DESIGN.md: tests use wasm, not SwiftShader WebGL).
const QUICK = 'n=2000&backend=wasm';
const QUICK_ATTRS = 'n="2000" backend="wasm"';
const DONE = { timeout: 120_000 };
const PAYLOAD = '<img src=x onerror=window.__pwned=1>';
const element = (page: Page, i = 0) => page.locator('mlsd-sim').nth(i).locator('[data-sim]');
const frameLab = (page: Page, sel = 'iframe') => page.frameLocator(sel).locator('[data-sim]');

test.describe('embeds from another origin', () => {
  test('an iframe and three elements run to done; the iframe grows; mlsd:done carries the metrics', async ({ page, crossOrigin }) => {
    test.setTimeout(240_000);
    const errors = watchErrors(page);
    const snip = embedSnippets('imbalance', QUICK, crossOrigin.site, { title: 'MLSD Lab: imbalance' });
    const url = crossOrigin.hostPage(`
      <script>
        window.log = [];
        addEventListener('message', (e) => log.push({ via: 'message', origin: e.origin, data: e.data }));
        document.addEventListener('mlsd:state', (e) => log.push({ via: 'event', type: e.type, tag: e.target.tagName, detail: e.detail }));
        document.addEventListener('mlsd:done', (e) => log.push({ via: 'event', type: e.type, tag: e.target.tagName, detail: e.detail }));
      </script>
      <h1>An author's page</h1>
      ${snip.iframe}
      ${snip.element.replace('<mlsd-sim ', '<mlsd-sim run="1" ')}
      <mlsd-sim sim="imbalance" ${QUICK_ATTRS} seed="2" run="1"></mlsd-sim>
      <mlsd-sim sim="imbalance" ${QUICK_ATTRS} seed="3" run="1" class="x" id="third" data-note="host attributes are not params"></mlsd-sim>`);
    await page.goto(url);
    const iframe = page.locator('iframe[data-mlsd-embed]');
    await expect(iframe).toHaveAttribute('height', '900');

    // run absent: the iframe, at the top of the page, starts once visible; the elements have run=1
    await expect(frameLab(page)).toHaveAttribute('data-state', 'done', DONE);
    for (let i = 0; i < 3; i++) await expect(element(page, i)).toHaveAttribute('data-state', 'done', DONE);
    // host attributes (class, id, data-*) are not params, so no "unknown parameter" notice
    await expect(page.locator('mlsd-sim [data-notice]', { hasText: 'unknown' })).toHaveCount(0);

    type Entry = { via: string; origin?: string; type?: string; tag?: string; data?: Record<string, unknown>; detail?: Record<string, unknown> };
    const log = (): Promise<Entry[]> => page.evaluate(() => (window as unknown as { log: Entry[] }).log);
    // the resize messages arrive from the site's origin, and the snippet's script applies the last one
    await expect.poll(async () => (await log()).filter((e) => e.data?.type === 'mlsd:resize').length).toBeGreaterThan(1);
    const resizes = (await log()).filter((e) => e.data?.type === 'mlsd:resize');
    expect(resizes.every((e) => e.origin === new URL(crossOrigin.site).origin && e.data?.sim === 'imbalance')).toBe(true);
    const heights = resizes.map((e) => e.data!.height as number);
    expect(Math.max(...heights)).toBeGreaterThan(heights[0]);
    // the lab may still grow after done (charts settle to their measured width): compare with the latest message
    const settled = async () => {
      const rs = (await log()).filter((e) => e.data?.type === 'mlsd:resize');
      const last = rs[rs.length - 1].data!.height as number;
      return (await iframe.boundingBox())!.height === last ? last : -1;
    };
    await expect.poll(settled).toBeGreaterThan(900);

    const entries = await log();
    const frameDone = entries.find((e) => e.data?.type === 'mlsd:done')!.data!;
    expect(frameDone.sim).toBe('imbalance');
    expect(typeof (frameDone.metrics as Record<string, unknown>).accuracy).toBe('number');
    expect((frameDone.params as Record<string, unknown>).n).toBe(2000);
    expect(entries.filter((e) => e.data?.type === 'mlsd:state').map((e) => e.data!.state)).toEqual(expect.arrayContaining(['running', 'done']));

    const done = entries.filter((e) => e.via === 'event' && e.type === 'mlsd:done');
    expect(done).toHaveLength(3);
    for (const d of done) {
      expect(d.tag).toBe('MLSD-SIM');
      const m = d.detail!.metrics as Record<string, number | null>;
      for (const name of ['accuracy', 'baseline_accuracy', 'recall', 'roc_auc', 'log_loss']) expect(typeof m[name], name).toBe('number');
    }
    // each element's numbers are those it shows
    const shown = await page.locator('mlsd-sim').nth(1).locator('[data-metric="accuracy"]').getAttribute('data-value');
    expect(Number(shown)).toBe((done.find((d) => d.detail!.params && (d.detail!.params as { seed: number }).seed === 2)!.detail!.metrics as Record<string, number>).accuracy);
    expect(entries.some((e) => e.via === 'event' && e.type === 'mlsd:state' && e.detail?.state === 'running')).toBe(true);

    // the links out point at the site, with the lab's params
    const open = page.locator('mlsd-sim').nth(1).locator('[data-open-site]');
    await expect(open).toHaveAttribute('href', `${crossOrigin.site}#/sim/imbalance?n=2000&seed=2&backend=wasm`);

    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('six elements on one page share one engine worker and all finish', async ({ page, crossOrigin }) => {
    test.setTimeout(240_000);
    const errors = watchErrors(page);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    const labs = [1, 2, 3, 4, 5, 6].map((seed) => `<mlsd-sim sim="imbalance" ${QUICK_ATTRS} seed="${seed}" run="1"></mlsd-sim>`);
    await page.goto(crossOrigin.hostPage(`<script type="module" src="${crossOrigin.site}embed/mlsd-sim.js"></script>${labs.join('\n')}`));
    for (let i = 0; i < 6; i++) await expect(element(page, i)).toHaveAttribute('data-state', 'done', DONE);
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatch(/^blob:/);
    const accuracies = await page.locator('mlsd-sim [data-metric="accuracy"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
    expect(accuracies).toHaveLength(6);
    expect(new Set(accuracies).size).toBeGreaterThan(1); // six seeds, six runs
    expect(errors).toEqual([]);
  });

  test('run absent starts once on screen, run=0 waits for its Run button, hidden hides', async ({ page, crossOrigin }) => {
    test.setTimeout(240_000);
    await page.goto(
      crossOrigin.hostPage(`<script type="module" src="${crossOrigin.site}embed/mlsd-sim.js"></script>
        <mlsd-sim id="waits" sim="imbalance" ${QUICK_ATTRS} run="0"></mlsd-sim>
        <mlsd-sim id="shy" sim="imbalance" ${QUICK_ATTRS} model="mlp" hidden-layers="4" hidden></mlsd-sim>
        <div style="height: 4000px"></div>
        <mlsd-sim id="below" sim="imbalance" ${QUICK_ATTRS}></mlsd-sim>`),
    );
    const lab = (id: string) => page.locator(`#${id}`).locator('[data-sim]');
    await expect(lab('waits')).toHaveAttribute('data-state', 'idle');
    await expect(lab('below')).toHaveAttribute('data-state', 'idle');
    await page.waitForTimeout(1500);
    for (const id of ['waits', 'shy', 'below']) await expect(lab(id)).toHaveAttribute('data-state', 'idle');
    await expect(page.locator('#shy')).toBeHidden();

    await page.locator('#below').scrollIntoViewIfNeeded();
    await expect(lab('below')).toHaveAttribute('data-state', 'done', DONE);
    // a live param's attribute re-scores in place; any other restarts the lab with the new value
    await page.locator('#below').evaluate((el) => el.setAttribute('threshold', '0.2'));
    await expect(page.locator('#below [data-param="threshold"] output')).toHaveText('0.2');
    await expect(lab('below')).toHaveAttribute('data-state', 'done');
    await page.locator('#below').evaluate((el) => el.setAttribute('seed', '7'));
    await expect(page.locator('#below [data-param="threshold"] output')).toHaveText('0.2');
    await expect(lab('below')).toHaveAttribute('data-state', 'done', DONE);
    const open = await page.locator('#below [data-open-site]').getAttribute('href');
    expect(new URLSearchParams(open!.split('?')[1]).get('seed')).toBe('7');

    await page.locator('#waits').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await expect(lab('waits')).toHaveAttribute('data-state', 'idle');
    await page.locator('#waits [data-action="run"]').click();
    await expect(lab('waits')).toHaveAttribute('data-state', 'done', DONE);

    // hidden-layers (an old name) reaches the MLP's `layers` param; the HTML hidden attribute only hides the element
    await page.locator('#shy').evaluate((el) => el.removeAttribute('hidden'));
    await page.locator('#shy').scrollIntoViewIfNeeded();
    await expect(lab('shy')).toHaveAttribute('data-state', 'done', DONE);
    await expect(page.locator('#shy [data-param="layers"] input')).toHaveValue('4');
    await expect(page.locator('#shy [data-notice]', { hasText: 'hidden' })).toHaveCount(0);
  });

  test('markup in every param, from attributes or the URL, leaves no element behind', async ({ page, crossOrigin }) => {
    test.setTimeout(120_000);
    const names = schema.params.map((p) => p.name);
    const attrs = names.map((n) => `${n}="${PAYLOAD}"`).join(' ');
    const query = new URLSearchParams([['sim', 'imbalance'], ...names.map((n) => [n, PAYLOAD] as [string, string]), ['junk', PAYLOAD]]);
    // below the fold, so nothing starts training on the (default) values the payloads fall back to
    await page.goto(
      crossOrigin.hostPage(`<script type="module" src="${crossOrigin.site}embed/mlsd-sim.js"></script>
        <div style="height: 4000px"></div>
        <mlsd-sim sim="imbalance" ${attrs} junk="${PAYLOAD}"></mlsd-sim>
        <mlsd-sim sim="${PAYLOAD}"></mlsd-sim>
        <iframe id="frame" title="embed" style="width:100%;height:600px" src="${crossOrigin.site}embed.html?${query}"></iframe>
        <iframe id="missing" title="embed of a missing lab" style="width:100%;height:400px" src="${crossOrigin.site}embed.html?sim=${encodeURIComponent(PAYLOAD)}"></iframe>`),
    );
    const first = page.locator('mlsd-sim').first();
    await expect(first.locator('[data-sim]')).toBeAttached();
    await expect(page.frameLocator('#frame').locator('[data-sim]')).toBeAttached();
    await expect(page.locator('mlsd-sim').nth(1).locator('[data-embed-missing]')).toContainText('There is no lab called');
    await expect(page.frameLocator('#missing').locator('[data-embed-missing]')).toContainText('There is no lab called');
    // every payload was refused with a notice, in plain text
    await expect(first.locator('[data-notice]').first()).toBeAttached();
    await expect(page.frameLocator('#frame').locator('[data-notice]').first()).toBeAttached();
    expect(await first.locator('[data-notice]').count()).toBeGreaterThanOrEqual(names.length - 2);
    await expect(first.locator('[data-sim]')).toHaveAttribute('data-state', 'idle');

    expect(await page.locator('mlsd-sim img').count()).toBe(0);
    expect(await page.frameLocator('#frame').locator('img').count()).toBe(0);
    expect(await page.frameLocator('#missing').locator('img').count()).toBe(0);
    const pwned = async () => [
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      ...(await Promise.all(page.frames().slice(1).map((f) => f.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)))),
    ];
    expect(await pwned()).toEqual([undefined, undefined, undefined]);
  });

  test('both forms work under the Content-Security-Policy that #/embed documents', async ({ page, crossOrigin }) => {
    test.setTimeout(180_000);
    const site = new URL(crossOrigin.site).origin;
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|CSP/i.test(m.text())) violations.push(m.text());
    });
    const csp = [
      "default-src 'none'",
      `script-src 'self' ${site} 'wasm-unsafe-eval'`,
      'worker-src blob:',
      `connect-src 'self' ${site}`,
      "style-src 'self' 'unsafe-inline'",
      `frame-src ${site}`,
      "img-src 'self' data:",
    ].join('; ');
    await page.goto(
      crossOrigin.hostPage(
        `<script type="module" src="${crossOrigin.site}embed/mlsd-sim.js"></script>
        <mlsd-sim sim="imbalance" ${QUICK_ATTRS} run="1"></mlsd-sim>
        <iframe title="embed" style="width:100%;height:700px" src="${crossOrigin.site}embed.html?sim=imbalance&${QUICK}&run=1"></iframe>`,
        { 'Content-Security-Policy': csp },
      ),
    );
    await expect(element(page)).toHaveAttribute('data-state', 'done', DONE);
    await expect(frameLab(page)).toHaveAttribute('data-state', 'done', DONE);
    // each in its engine Worker (the element's inlined, the iframe's from the site), not in the main-thread fallback
    await expect(page.locator('mlsd-sim [data-backend]').first()).toHaveAttribute('data-backend', 'wasm');
    const workers = page.workers().map((w) => w.url());
    expect(workers.filter((u) => u.startsWith('blob:'))).toHaveLength(1);
    expect(workers.filter((u) => u.startsWith(crossOrigin.site))).toHaveLength(1);
    expect(violations).toEqual([]);
  });

  test('the iframe acts on its two commands from its parent and ignores everything else', async ({ page, crossOrigin }) => {
    test.setTimeout(120_000);
    await page.goto(
      crossOrigin.hostPage(`<script>window.got = []; addEventListener('message', (e) => got.push(e.data));</script>
        <iframe title="embed" style="width:100%;height:700px" src="${crossOrigin.site}embed.html?sim=imbalance&${QUICK}&run=0"></iframe>`),
    );
    const lab = frameLab(page);
    await expect(lab).toHaveAttribute('data-state', 'idle');
    await page.evaluate(() => {
      const w = document.querySelector('iframe')!.contentWindow!;
      for (const m of ['mlsd:run', { type: 'mlsd:run', then: 'x' }, [{ type: 'mlsd:run' }], { type: 'mlsd:eval', code: 'alert(1)' }, { type: 'MLSD:RUN' }, null, 42]) {
        w.postMessage(m, '*');
      }
    });
    await page.waitForTimeout(1500);
    await expect(lab).toHaveAttribute('data-state', 'idle');

    const count = () => page.evaluate(() => (window as unknown as { got: { type?: string }[] }).got.length);
    const before = await count();
    await page.evaluate(() => document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'mlsd:hello' }, '*'));
    await expect.poll(async () => (await count()) - before).toBeGreaterThanOrEqual(2);
    const last = await page.evaluate(() => (window as unknown as { got: { type?: string; state?: string }[] }).got.slice(-2));
    expect(last.map((m) => m.type).sort()).toEqual(['mlsd:resize', 'mlsd:state']);
    expect(last.find((m) => m.type === 'mlsd:state')!.state).toBe('idle');

    await page.evaluate(() => document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'mlsd:run' }, '*'));
    await expect(lab).toHaveAttribute('data-state', 'done', DONE);
  });
});

test.describe('embed pages on the site', () => {
  test('an unknown or missing sim id shows its message in embed.html (for the element, see the markup test)', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./embed.html?sim=no-such-lab');
    const msg = page.locator('[data-embed-missing]');
    await expect(msg).toContainText('There is no lab called “no-such-lab”');
    await expect(msg).toContainText('imbalance');
    await page.goto('./embed.html');
    await expect(page.locator('[data-embed-missing]')).toContainText('No lab chosen');
    expect(errors).toEqual([]);
  });

  test('axe finds nothing on embed.html (before and after a run) and on #/embed', async ({ page }) => {
    test.setTimeout(150_000);
    const check = async () => {
      expect(await axeViolations(page)).toEqual([]);
    };
    await page.goto(`./embed.html?sim=imbalance&${QUICK}&run=0`);
    await expect(page.locator('[data-sim]')).toHaveAttribute('data-state', 'idle');
    await check();
    await page.locator('[data-action="run"]').click();
    await expect(page.locator('[data-sim]')).toHaveAttribute('data-state', 'done', DONE);
    await check();
    await page.goto('./embed.html?sim=no-such-lab');
    await expect(page.locator('[data-embed-missing]')).toBeVisible();
    await check();

    await page.goto('./#/embed');
    await expect(page.locator('h1')).toHaveText('Embed a lab');
    await expect(page.locator('[data-embed-params="imbalance"] [data-param-doc="pos"]')).toContainText('0.0001');
    await expect(page.locator('[data-param-doc="layers"]').first()).toContainText('hidden');
    // each lab's results, from its metric catalogue: a learner's script knows what `metrics` holds
    const results = page.locator('[data-embed-metrics="imbalance"]');
    await results.locator('summary').click();
    await expect(results.locator('[data-metric-doc="recall"]')).toContainText('a fraction from 0 to 1; higher is better');
    await expect(results.locator('[data-metric-doc="precision"]')).toContainText('null when');
    await check();
  });

  test('#/embed shows both live examples on request', async ({ page }) => {
    test.setTimeout(150_000);
    const errors = watchErrors(page);
    await page.goto('./#/embed');
    await page.getByRole('button', { name: 'Show the live iframe example' }).click();
    await expect(frameLab(page, 'iframe.live')).toBeAttached();
    await page.getByRole('button', { name: 'Show the live element example' }).click();
    await expect(page.locator('mlsd-sim [data-sim="imbalance"]')).toBeAttached();
    await expect(page.locator('mlsd-sim').locator('[data-open-site]')).toHaveAttribute('href', /#\/sim\/imbalance\?n=20000$/);
    expect(errors).toEqual([]);
  });
});
