import { test, expect, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { watchErrors, axeViolations } from './helpers';
import { AT_DEFAULTS, BAD_URLS, expectBadUrlHandled } from './lab-checks';

// The contract every lab keeps (DESIGN.md), one parametrised block per lab: a lab added later is
// covered without touching this file (its folder is enough). Per-lab specs keep only their phenomenon.
const ids = readdirSync('src/sims', { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(`src/sims/${d.name}/meta.ts`))
  .map((d) => d.name);

/** Smaller runs for the checks that need a run but not the default one; `probe`: the long-task probe's params. */
const SETTINGS: Record<string, { quick: string; probe?: string }> = {
  imbalance: { quick: 'n=5000' },
  framing: { quick: 'n=800' },
  staleness: { quick: 'days=40&daily=500&window=10', probe: 'days=90&daily=1000&monitor=both' },
  'data-vs-algorithm': { quick: 'sizes=100,500,2000,30000&repeats=1', probe: 'sizes=100,500,2000,30000&repeats=1' },
  'business-metrics': { quick: 'n=5000&epochs=4' },
  objectives: { quick: 'epochs=1', probe: 'epochs=2' },
  iterative: { quick: 'step=4', probe: 'step=13' },
};
const DONE = { timeout: 220_000 };

/** The result numbers on screen outside pinned runs: name → data-value, and how often each name appears. */
async function shownMetrics(page: Page) {
  return page.locator('[data-metric]:not([data-run="pinned"] *)').evaluateAll((els) => {
    const values: Record<string, string> = {};
    const count: Record<string, number> = {};
    for (const e of els) {
      const name = e.getAttribute('data-metric')!;
      values[name] = e.getAttribute('data-value') ?? '';
      count[name] = (count[name] ?? 0) + 1;
    }
    return { values, count };
  });
}

/** Tab until the focused element is the run control named `action` (from wherever the focus is). */
async function tabTo(page: Page, action: string) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((a) => document.activeElement?.getAttribute('data-action') === a, action)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached [data-action="${action}"]`);
}

for (const id of ids) {
  const { quick = '', probe = '' } = SETTINGS[id] ?? {};
  const lab = (page: Page) => page.locator(`[data-sim="${id}"]`);
  const phenomenon = AT_DEFAULTS[id];

  test.describe(`${id}: the lab contract`, () => {
    test.describe.configure({ mode: 'serial' });
    let page: Page;
    let errors: string[];

    // one run at the defaults serves the checks that read a finished run
    test.beforeAll(async ({ browser }, info) => {
      // a context of its own: axe needs one made with newContext()
      const context = await browser.newContext({ baseURL: info.project.use.baseURL });
      page = await context.newPage();
      errors = watchErrors(page);
    });
    test.afterAll(async () => page.context().close());

    test('axe finds nothing on the idle lab; its defaults run to done on wasm with no console error', async () => {
      test.setTimeout(240_000);
      await page.goto(`./#/sim/${id}?backend=wasm`);
      await expect(lab(page)).toHaveAttribute('data-state', 'idle');
      await expect(lab(page).locator('[data-action="run"]')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await phenomenon?.before?.(lab(page), page);
      await page.locator('[data-action="run"]').click();
      await expect(lab(page)).toHaveAttribute('data-state', 'done', DONE);
      await expect(page.locator('[data-backend]').first()).toHaveAttribute('data-backend', 'wasm');
      expect(errors).toEqual([]);
    });

    if (phenomenon) {
      test('what its lesson claims shows at the defaults', async () => {
        await expect(lab(page)).toHaveAttribute('data-state', 'done');
        await phenomenon.after(lab(page), page);
      });
    }

    test('the export JSON holds exactly the numbers on screen, each shown once, with their labels', async () => {
      await expect(lab(page)).toHaveAttribute('data-state', 'done');
      await page.locator('[data-export-menu]').click();
      const download = page.waitForEvent('download');
      await page.locator('[data-export="json"]').click();
      const json = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
      await page.keyboard.press('Escape');
      expect(json.sim).toBe(id);
      expect(json.backend).toBe('wasm');
      const { values, count } = await shownMetrics(page);
      const names = Object.keys(json.metrics);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const v = json.metrics[name];
        expect(v === null || Number.isFinite(v), name).toBe(true);
        expect(values[name], `${name} on screen`).toBe(v === null ? '' : String(v));
        expect(count[name], `${name} shown once`).toBe(1);
        expect(typeof json.metric_labels?.[name], `${name} has a label`).toBe('string');
      }
      // and nothing on screen is missing from the export
      expect(Object.keys(values).sort()).toEqual([...names].sort());
      // undefined values read "—" with a reason, never NaN
      await expect(lab(page).locator('[data-metric][data-value=""]:not([title])')).toHaveCount(0);
      await expect(lab(page)).not.toContainText('NaN');
    });

    test('axe finds nothing after a run, with a pinned run beside it', async () => {
      test.setTimeout(60_000);
      await expect(lab(page)).toHaveAttribute('data-state', 'done');
      await page.locator('[data-action="pin"]').click();
      await expect(page.locator('[data-run="pinned"]')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });

    test('no horizontal overflow at 360 px after a run', async () => {
      await page.setViewportSize({ width: 360, height: 800 });
      await page.waitForTimeout(300); // charts re-measure their width
      const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
      expect(widths.doc).toBeLessThanOrEqual(widths.view);
      await phenomenon?.narrow?.(lab(page), page);
    });
  });

  test(`${id}: bad URL params are clamped or reset with notices, and nothing breaks`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`./#/sim/${id}?backend=wasm&seed=-4&epochs=abc&no_such_param=1&hide=bogus`);
    await expect(lab(page)).toHaveAttribute('data-state', 'idle');
    const notices = page.locator('[data-notices]');
    for (const name of ['seed', 'epochs', 'no_such_param', 'hide']) await expect(notices.locator(`[data-notice="${name}"]`), name).toBeVisible();
    await page.locator('summary', { hasText: 'Advanced' }).click();
    await expect(page.locator('[data-param="seed"] input')).toHaveValue('0');
    // and the lab's own params, each clamped or reset to what its schema allows
    const bad = BAD_URLS[id];
    if (bad) await expectBadUrlHandled(page, id, bad);
    expect(errors).toEqual([]);
  });

  test(`${id}: the keyboard alone runs the lab to done and resets it`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(`./#/sim/${id}?backend=wasm&${quick}`);
    await expect(lab(page)).toHaveAttribute('data-state', 'idle');
    await tabTo(page, 'run');
    await page.keyboard.press('Enter');
    await expect(lab(page)).toHaveAttribute('data-state', 'done', DONE);
    await tabTo(page, 'reset');
    await page.keyboard.press('Enter');
    await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  });

  test(`${id}: hide and lock, in the sandbox and in an embed`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`./#/sim/${id}?backend=wasm`);
    // the first two controls of the lab, whatever they are, once the lab has drawn them
    await expect(lab(page).locator('aside [data-param]').first()).toBeVisible();
    const names = await lab(page).locator('aside [data-param]').evaluateAll((els) => els.map((e) => e.getAttribute('data-param')!));
    expect(names.length).toBeGreaterThanOrEqual(2);
    const [hidden, locked] = names;
    for (const url of [`./#/sim/${id}?backend=wasm&hide=${hidden}&lock=${locked}`, `./embed.html?sim=${id}&run=0&backend=wasm&hide=${hidden}&lock=${locked}`]) {
      await page.goto('about:blank');
      await page.goto(url);
      const f = lab(page);
      await expect(f.locator(`[data-param="${locked}"]`), url).toBeVisible();
      await expect(f.locator(`[data-param="${hidden}"]`), url).toHaveCount(0);
      const controls = f.locator(`[data-param="${locked}"]`).locator('input, select, textarea');
      expect(await controls.count()).toBeGreaterThan(0);
      for (const c of await controls.all()) await expect(c).toBeDisabled();
      await expect(f.locator(`[data-param="${locked}"]`)).toContainText('locked');
      // neither is a mistake worth a notice
      await expect(f.locator('[data-notices] [data-notice="hide"], [data-notices] [data-notice="lock"]')).toHaveCount(0);
    }
    // in the sandbox the address keeps them, so the prepared link stays prepared
    await page.goto('about:blank');
    await page.goto(`./#/sim/${id}?backend=wasm&hide=${hidden}&lock=${locked}`);
    await expect(page).toHaveURL(new RegExp(`hide=${hidden}&lock=${locked}`));
    expect(errors).toEqual([]);
  });

  // A timing, so `npm test` skips it and `npm run bench` runs it alone (see bench/run.mjs).
  test(`${id}: no main-thread task over 50 ms while the lab trains`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`./#/sim/${id}?backend=wasm&${probe}`);
    await expect(lab(page)).toHaveAttribute('data-state', 'idle');
    await page.waitForTimeout(500);
    await page.evaluate(() => ((window as unknown as { __long: number[] }).__long.length = 0));
    await page.locator('[data-action="run"]').click();
    await expect(lab(page)).toHaveAttribute('data-state', 'running');
    const seen = await page.evaluate(async () => {
      const w = window as unknown as { __long: number[] };
      const out: number[] = [];
      while (document.querySelector('[data-sim]')?.getAttribute('data-state') === 'running') {
        out.push(...w.__long.splice(0));
        await new Promise((r) => setTimeout(r, 50));
      }
      return out;
    });
    console.log(`${id}: long tasks while it ran: ${seen.length ? seen.map((d) => d.toFixed(0)).join(', ') + ' ms' : 'none'}`);
    expect(seen.filter((d) => d > 50)).toEqual([]);
  });
}
