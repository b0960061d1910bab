import { test, expect, type Page } from '@playwright/test';
import { watchErrors, axeViolations } from './helpers';

// Presenter mode (issue 7): big type at 1920 × 1080, keyboard shortcuts that stay out of the way of
// controls and can be switched off, lessons as slides, and hide/lock on every lab.
// Runs use the imbalance lab with few rows on WASM, so they finish in seconds.

const LESSON = 'imbalanced-labels';
const SMALL = 'n=2000&backend=wasm';
// Enough epochs that a run is still going when the test pauses it.
const LONG = 'n=2000&backend=wasm&epochs=400';

test.use({ viewport: { width: 1920, height: 1080 } });

const lab = (page: Page) => page.locator('[data-sim]').first();
const presenting = (page: Page) => page.evaluate(() => document.documentElement.hasAttribute('data-present'));
/** move focus off every control, as after clicking the page's background */
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** Visible text (outside charts, formulas and closed dialogs) set smaller than `min` px. */
function smallText(page: Page, min: number) {
  return page.evaluate((min) => {
    const bad: string[] = [];
    const check = (el: Element, what: string) => {
      if (el.closest('svg, .katex, dialog:not([open])')) return;
      if (!el.checkVisibility({ opacityProperty: false, visibilityProperty: true })) return;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return; // visually hidden text, for screen readers
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min) bad.push(`${size.toFixed(1)}px ${el.tagName.toLowerCase()}.${el.className}: ${what.slice(0, 40)}`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const t = walker.currentNode;
      if (t.textContent?.trim() && t.parentElement) check(t.parentElement, t.textContent.trim());
    }
    for (const el of document.querySelectorAll('input:not([type="range"]):not([type="checkbox"]), select, textarea')) check(el, `<${el.tagName.toLowerCase()}>`);
    return bad;
  }, min);
}

test('presenter mode at 1920 × 1080: body text at least 28 px, no site chrome, the lab across the screen', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto(`./#/sim/imbalance?present=1&${SMALL}&run=1`);
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  expect(await presenting(page)).toBe(true);
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.site-footer')).toBeHidden();
  await expect(page.locator('[data-presenter-bar]')).toBeVisible();
  const html = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(html).toBeGreaterThanOrEqual(28);
  expect(await smallText(page, 28)).toEqual([]);
  // the lab fills the width (the site's 1200 px column is gone)
  const box = (await lab(page).boundingBox())!;
  expect(box.width).toBeGreaterThan(1800);
  // the help under each control is for reading up close: hidden here
  await expect(page.locator('[data-param="pos"] .help')).toBeHidden();

  // a lesson slide too
  await page.goto(`./#/lessons/${LESSON}?present=1`);
  await expect(page.locator('[data-presenter-bar]')).toBeVisible();
  await expect(page.locator('h1')).toBeVisible();
  expect(await smallText(page, 28)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the Present button enters presenter mode and the URL says so; Exit leaves it', async ({ page }) => {
  await page.goto(`./#/sim/imbalance?${SMALL}`);
  await expect(page.locator('.site-header')).toBeVisible();
  await page.locator('[data-present-toggle]').click();
  expect(await presenting(page)).toBe(true);
  await expect(page).toHaveURL(/present=1/);
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(lab(page)).toHaveAttribute('data-state', 'idle'); // presenting is not a param change
  await page.locator('[data-present-exit]').click();
  expect(await presenting(page)).toBe(false);
  await expect(page).not.toHaveURL(/present=1/);
  await expect(page.locator('.site-header')).toBeVisible();
  await expect(page.locator('[data-presenter-bar]')).toHaveCount(0);
});

test('each shortcut: Space runs and pauses, S steps, R resets, F full screen, ? lists the keys, Esc leaves', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto(`./#/sim/imbalance?present=1&${LONG}`);
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await expect(page.locator('[data-presenter-bar]')).toBeVisible(); // the shortcuts live in the bar, loaded on demand
  await blur(page);

  const epochOf = async () => Number(/epoch ([\d.]+)/.exec((await page.locator('[data-status]').textContent()) ?? '')?.[1]);
  // S from idle: one epoch, then paused; S again: one more
  await page.keyboard.press('s');
  await expect(lab(page)).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
  await expect(page.locator('[data-status]')).toContainText(/epoch 1(\.0)? of/);
  const first = await epochOf();
  await page.keyboard.press('s');
  await expect.poll(epochOf, { timeout: 30_000 }).toBeGreaterThan(first);
  await expect(lab(page)).toHaveAttribute('data-state', 'paused');
  // Space: resume, then pause
  await page.keyboard.press('Space');
  await expect(lab(page)).toHaveAttribute('data-state', 'running');
  await page.keyboard.press('Space');
  // soft: a pause sent while the engine trains must reach it (the Pause button depends on the same thing)
  await expect.soft(lab(page), 'Space pauses a running lab').toHaveAttribute('data-state', 'paused', { timeout: 10_000 });
  await page.keyboard.press('r');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  // Space from idle runs
  await page.keyboard.press('Space');
  await expect(lab(page)).toHaveAttribute('data-state', 'running');
  await page.keyboard.press('r');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');

  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => !!document.fullscreenElement)).toBe(true);
  await page.keyboard.press('f');
  await expect.poll(() => page.evaluate(() => !!document.fullscreenElement)).toBe(false);

  const dialog = page.locator('[data-shortcuts-dialog]');
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Space');
  await page.keyboard.press('Escape'); // closes the list, not presenter mode
  await expect(dialog).toBeHidden();
  expect(await presenting(page)).toBe(true);
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('?');
  await expect(dialog).toBeHidden();

  await blur(page);
  await page.keyboard.press('Escape');
  await expect.poll(() => presenting(page)).toBe(false);
  await expect(page.locator('.site-header')).toBeVisible();
  await expect(page).not.toHaveURL(/present=1/);
  // outside presenter mode the keys are the page's again
  await blur(page);
  await page.keyboard.press('Space');
  await page.keyboard.press('r');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  expect(errors).toEqual([]);
});

test('no shortcut fires while typing in a field, moving a slider or using a select; Space on a button is the button’s', async ({ page }) => {
  await page.goto(`./#/sim/imbalance?present=1&${LONG}&model=mlp`);
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await expect(page.locator('[data-presenter-bar]')).toBeVisible();
  const dialog = page.locator('[data-shortcuts-dialog]');
  const quiet = async () => {
    await expect(lab(page)).toHaveAttribute('data-state', 'idle');
    await expect(dialog).toBeHidden();
    expect(await page.evaluate(() => !!document.fullscreenElement)).toBe(false);
    expect(await presenting(page)).toBe(true);
  };

  // a text field: the layers list (under Advanced)
  await page.locator('summary', { hasText: 'Advanced' }).click();
  const field = page.locator('[data-param="layers"] input');
  await field.fill('');
  await field.pressSequentially('12 sr f?');
  await expect(field).toHaveValue('12 sr f?');
  await field.press('Escape');
  await quiet();

  // a slider: arrows move it, letters and Space do nothing else
  const slider = page.locator('[data-param="threshold"] input[type="range"]');
  await slider.focus();
  await slider.press('ArrowRight');
  await expect(page.locator('[data-param="threshold"] output')).toHaveText('0.51');
  for (const key of ['Space', 's', 'r', 'f', '?', 'Escape', 'ArrowLeft']) await slider.press(key);
  await expect(page.locator('[data-param="threshold"] output')).toHaveText('0.5');
  await quiet();

  // a select
  const select = page.locator('[data-param="remedy"] select');
  await select.focus();
  for (const key of ['r', 's', 'f', '?']) await select.press(key);
  await quiet();

  // Space on a focused button presses that button (here: opens the export menu), it does not run the lab
  const menu = page.locator('[data-export-menu]');
  await menu.focus();
  await menu.press('Space');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await quiet();
  await page.keyboard.press('Escape'); // closes the menu, stays in presenter mode
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await quiet();
});

test('the shortcut switch turns the single-key shortcuts off and on again', async ({ page }) => {
  await page.goto(`./#/sim/imbalance?present=1&${LONG}`);
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  const toggle = page.locator('[data-shortcuts-toggle]');
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await blur(page);
  for (const key of ['Space', 's', '?', 'f']) await page.keyboard.press(key);
  await page.waitForTimeout(300);
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
  await expect(page.locator('[data-shortcuts-dialog]')).toBeHidden();
  expect(await page.evaluate(() => !!document.fullscreenElement)).toBe(false);

  await toggle.check();
  await blur(page);
  await page.keyboard.press('Space');
  await expect(lab(page)).toHaveAttribute('data-state', 'running');
  await page.keyboard.press('r');
  await expect(lab(page)).toHaveAttribute('data-state', 'idle');
});

test('a lesson in presenter mode is slides: one section at a time, its lab beside it, ← and → to move', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`./#/lessons/${LESSON}`);
  await expect(page.locator('.lesson-body > h2').first()).toBeVisible();
  const sections = await page.locator('.lesson-body > h2').evaluateAll((hs) => hs.map((h) => h.id));
  expect(sections.length).toBeGreaterThanOrEqual(2);
  await page.locator('.lesson-head [data-present-toggle]').click();
  await expect(page.locator('[data-slide-position]')).toHaveText(`1 / ${sections.length + 1}`);
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('.lesson-body > h2:visible')).toHaveCount(0);

  await blur(page);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-slide-position]')).toHaveText(`2 / ${sections.length + 1}`);
  await expect(page).toHaveURL(new RegExp(`present=1&section=${sections[0]}$`));
  await expect(page.locator(`#${sections[0]}`)).toBeVisible();
  await expect(page.locator('.lesson-body > h2:visible')).toHaveCount(1);
  await expect(page.locator('h1')).toBeHidden();

  // walk forward to the first slide with a lab: the lab sits to the right of its section's text
  let withLab = -1;
  for (let i = 0; i < sections.length; i++) {
    if (await page.locator('.lesson-body > .lesson-sim:visible').count()) {
      withLab = i;
      break;
    }
    await page.keyboard.press('ArrowRight');
  }
  expect(withLab).toBeGreaterThanOrEqual(0);
  const heading = (await page.locator('.lesson-body > h2:visible').boundingBox())!;
  const sim = (await page.locator('.lesson-body > .lesson-sim:visible').boundingBox())!;
  expect(sim.x).toBeGreaterThan(heading.x + heading.width / 2);
  expect(sim.y).toBeLessThan(heading.y + 200);
  await expect(page.locator('.lesson-body > .lesson-sim:visible [data-sim]')).toBeVisible();

  // the bar's buttons move too, and ← comes back
  await page.locator('[data-slide="prev"]').click();
  await blur(page);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  // reload: the address brings the same slide back
  const url = page.url();
  await page.reload();
  await expect(page.locator('[data-presenter-bar]')).toBeVisible();
  expect(page.url()).toBe(url);
  const id = new URLSearchParams(url.split('?')[1]).get('section')!;
  await expect(page.locator(`#${id}`)).toBeVisible();

  // Esc leaves: the whole lesson again, scrolled to where the presenter was
  await blur(page);
  await page.keyboard.press('Escape');
  await expect(page.locator('.lesson-body > h2:visible')).toHaveCount(sections.length);
  await expect(page.locator('h1')).toBeVisible();
  await expect(page).not.toHaveURL(/present=1/);
  expect(errors).toEqual([]);
});

test('a lab’s Present button inside a lesson starts the slides at that lab', async ({ page }) => {
  await page.goto(`./#/lessons/${LESSON}`);
  const first = page.locator('.lesson-body > .lesson-sim').first();
  await first.locator('[data-present-toggle]').click();
  expect(await presenting(page)).toBe(true);
  await expect(first).toBeVisible();
  await expect(first.locator('[data-sim]')).toBeInViewport();
  await expect(page).toHaveURL(/present=1&section=/);
});


test('axe finds nothing in presenter mode: a lab after a run, its key list, a lesson slide', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`./#/sim/imbalance?present=1&${SMALL}&run=1`);
  await expect(lab(page)).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
  expect(await axeViolations(page)).toEqual([]);
  await blur(page);
  await page.keyboard.press('?');
  await expect(page.locator('[data-shortcuts-dialog]')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');

  await page.goto(`./#/lessons/${LESSON}?present=1`);
  await expect(page.locator('[data-presenter-bar]')).toBeVisible();
  await blur(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await axeViolations(page)).toEqual([]);
});
