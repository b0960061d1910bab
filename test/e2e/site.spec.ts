import { test, expect, type Page } from '@playwright/test';
import { watchErrors, axeViolations } from './helpers';

// The site around the labs: home (lifecycle map, lesson cards, progress), lessons and their kit, about.
// These tests never wait for a lab to finish a run: the lab may still be loading, or not exist yet.

const LESSON = 'imbalanced-labels';
const KEY = 'mlsd:progress';

async function openLesson(page: Page) {
  await page.goto(`./#/lessons/${LESSON}`);
  await expect(page.locator('.lesson-body h2').first()).toBeVisible();
}

test('home → lesson: title, table of contents, sections and the lab (or its placeholder)', async ({ page }) => {
  const errors = watchErrors(page);
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto('./');
  const card = page.locator(`[data-lesson-card="${LESSON}"]`);
  await expect(card).toContainText('min');
  await expect(card).toContainText('Model development');
  await page.waitForLoadState('networkidle');
  // The home page lists lessons from the index alone: no lesson code, no KaTeX, no TF.js.
  expect(loaded.filter((p) => /imbalanced-labels|katex|tfjs|\.wasm/i.test(p))).toEqual([]);

  const title = await card.locator('.title').textContent();
  await card.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#/lessons/${LESSON}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title!.trim());
  await expect(page.locator('[data-minutes]')).toContainText(/\d+ min/);
  await expect(page.locator('[data-stage]')).toHaveText('Model development');

  const toc = page.getByRole('navigation', { name: 'In this lesson' });
  const tocLinks = toc.getByRole('link');
  expect(await tocLinks.count()).toBeGreaterThanOrEqual(3);
  // Every TOC entry points at a rendered section heading with that id.
  for (const link of await tocLinks.all()) {
    const id = new URLSearchParams((await link.getAttribute('href'))!.split('?')[1]).get('section')!;
    await expect(page.locator(`.lesson-body > h2#${id}`)).toHaveText((await link.textContent())!.trim());
  }

  const sim = page.locator('[data-lesson-sim="imbalance"]').first();
  await expect(sim).toBeVisible();
  await expect(sim.locator('[data-sim], [data-sim-placeholder], .missing').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('a table-of-contents link scrolls to its section and keeps a shareable address', async ({ page }) => {
  await openLesson(page);
  const last = page.getByRole('navigation', { name: 'In this lesson' }).getByRole('link').last();
  const href = (await last.getAttribute('href'))!;
  await last.click();
  await expect(page).toHaveURL(new RegExp(href.replace(/[?]/g, '\\?') + '$'));
  const id = new URLSearchParams(href.split('?')[1]).get('section')!;
  await expect(page.locator(`#${id}`)).toBeInViewport();
  await expect(page.locator(`#${id}`)).toBeFocused();
});

test('prev/next links follow the lesson order, and "Open in sandbox" carries the lesson params', async ({ page }) => {
  await page.goto('./');
  const cards = await page.locator('[data-lesson-card]').count();
  await openLesson(page);
  const pager = page.getByRole('navigation', { name: 'Lessons' });
  // The first lesson has no previous one; it has a next one exactly when there is a second lesson.
  await expect(pager.locator('a[rel="prev"]')).toHaveCount(0);
  await expect(pager.locator('a[rel="next"]')).toHaveCount(cards > 1 ? 1 : 0);
  await expect(pager.getByRole('link', { name: 'All lessons' })).toBeVisible();

  const sim = page.locator('[data-lesson-sim="imbalance"]').first();
  test.skip(await sim.locator('.missing').isVisible(), 'the imbalance lab is not in the catalog yet');
  const sandbox = sim.getByRole('link', { name: 'Open in sandbox' });
  const href = (await sandbox.getAttribute('href'))!;
  expect(href).toMatch(/^#\/sim\/imbalance\?/);
  expect(new URLSearchParams(href.split('?')[1]).get('pos')).toBe('0.005');
  await sandbox.click();
  await expect(page).toHaveURL(/#\/sim\/imbalance\?.*pos=0\.005/);
  // the lesson's three labs stay on screen until the sim page has loaded; then only the sandbox's is left
  await expect(page.locator('[data-sim="imbalance"]')).toHaveCount(1);
  await expect(page.locator('[data-sim="imbalance"]')).toBeVisible();
});

test('a new address for the same lab (an edited URL, a sandbox link) mounts it with the new params', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/sim/imbalance?pos=0.01&seed=3');
  await expect(page.locator('[data-param="seed"] input')).toHaveValue('3');
  // changing a param rewrites the address in place: no remount, the change stays
  await page.locator('[data-param="seed"] input').fill('4');
  await page.locator('[data-param="seed"] input').press('Enter');
  await expect(page).toHaveURL(/seed=4/);
  await expect(page.locator('[data-param="seed"] input')).toHaveValue('4');
  await page.evaluate(() => (location.hash = '#/sim/imbalance?pos=0.05&seed=7'));
  await expect(page.locator('[data-param="seed"] input')).toHaveValue('7');
  await expect(page.locator('[data-param="pos"] output')).toHaveText('0.05');
  expect(errors).toEqual([]);
});

test('a predict-first question reveals its answer on request, without blocking anything', async ({ page }) => {
  await openLesson(page);
  const predict = page.locator('[data-predict]').first();
  await predict.getByRole('button').first().click();
  await expect(predict.getByRole('button').first()).toHaveAttribute('aria-pressed', 'true');
  await predict.getByRole('button', { name: 'Reveal' }).click();
  await expect(predict).toHaveAttribute('data-revealed', 'true');
  await expect(predict).toContainText('the answer is');
});

test('a check answer explains itself, and the home page then shows the lesson visited and answered', async ({ page }) => {
  const errors = watchErrors(page);
  await openLesson(page);
  const check = page.locator('[data-check]').first();
  const options = check.getByRole('button');
  const feedback = check.locator('[data-feedback]');
  await expect(feedback).toHaveAttribute('aria-live', 'polite');
  // Every option, right or wrong, shows its own explanation.
  const n = await options.count();
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    await options.nth(i).click();
    await expect(options.nth(i)).toHaveAttribute('aria-pressed', 'true');
    await expect(feedback).toContainText(/Right\.|Not quite\./);
    seen.add((await feedback.textContent())!.trim());
  }
  expect(seen.size).toBe(n);
  const checkId = await check.getAttribute('data-check');
  const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!), KEY);
  expect(stored.version).toBe(1);
  expect(stored.visited[LESSON]).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(stored.answers[checkId!].correct).toBe(true);

  await page.getByRole('link', { name: 'Home' }).click();
  const card = page.locator(`[data-lesson-card="${LESSON}"]`);
  await expect(card).toHaveAttribute('data-visited', 'true');
  await expect(card).toContainText('Visited');
  await expect(card.locator('[data-answers]')).toContainText(/^\s*1 of \d+ questions? answered\s*$/);
  expect(errors).toEqual([]);
});

for (const [label, value] of [
  ['unparsable', '{not json'],
  ['wrongly shaped', '{"version":1,"visited":[1,2],"answers":{"__proto__":{"correct":true},"x":"y"}}'],
  ['from another version', '{"version":7,"visited":{"imbalanced-labels":"2020-01-01"}}'],
]) {
  test(`an ${label} progress record does not break the home page, and "Reset my progress" clears it`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, value]);
    await page.reload();
    const card = page.locator(`[data-lesson-card="${LESSON}"]`);
    await expect(card).toContainText('Not started');
    await expect(card.locator('[data-answers]')).toContainText(/^\s*0 of/);

    await page.getByRole('button', { name: 'Reset my progress' }).click();
    // Nothing is cleared before the learner confirms.
    expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBe(value);
    await expect(page.getByRole('button', { name: 'Yes, reset my progress' })).toBeFocused();
    await page.getByRole('button', { name: 'Yes, reset my progress' }).click();
    await expect(page.getByText('Your progress has been reset.')).toBeVisible();
    expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBeNull();
    expect(errors).toEqual([]);
  });
}

test('reset asks first and "Keep it" keeps the progress', async ({ page }) => {
  await openLesson(page);
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page.locator(`[data-lesson-card="${LESSON}"]`)).toContainText('Visited');
  await page.getByRole('button', { name: 'Reset my progress' }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByRole('button', { name: 'Reset my progress' })).toBeFocused();
  await expect(page.locator(`[data-lesson-card="${LESSON}"]`)).toContainText('Visited');
  await page.getByRole('button', { name: 'Reset my progress' }).click();
  await page.getByRole('button', { name: 'Yes, reset my progress' }).click();
  await expect(page.locator(`[data-lesson-card="${LESSON}"]`)).toContainText('Not started');
});

test('with storage blocked, lessons and answers still work for the visit', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await openLesson(page);
  await page.locator('[data-check]').first().getByRole('button').first().click();
  await expect(page.locator('[data-check] [data-feedback]').first()).toContainText(/Right\.|Not quite\./);
  await page.getByRole('link', { name: 'Home' }).click();
  const card = page.locator(`[data-lesson-card="${LESSON}"]`);
  await expect(card).toContainText('Visited');
  await expect(card.locator('[data-answers]')).toContainText(/^\s*1 of/);
  await expect(page.getByText('just for this visit')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the lifecycle map links stages that have lessons and filters the list; the others say so', async ({ page }) => {
  await page.goto('./');
  const map = page.locator('svg.wide');
  await expect(map.locator('title')).toHaveText(/lifecycle/);
  // stages without a written lesson say so (deployment has none yet)
  expect(await map.locator('[data-stage-empty]').count()).toBeGreaterThanOrEqual(1);
  await expect(map.locator('[data-stage-empty="deployment"]')).toContainText('no lesson yet');
  const link = map.getByRole('link', { name: /Model development/ });
  await link.focus();
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/\?stage=model-development$/);
  await expect(page.locator('#lessons-heading')).toContainText('Model development');
  await expect(page.locator(`[data-lesson-card="${LESSON}"]`)).toBeVisible();
  await page.getByRole('link', { name: 'Show all lessons' }).click();
  await expect(page.locator('#lessons-heading')).toHaveText('Lessons');
});

test('the lifecycle map draws a `stage: all` lesson as the loop itself, linked from its centre', async ({ page }) => {
  await page.goto('./');
  const loop = page.locator('svg.wide').getByRole('link', { name: /The whole loop, all six stages: 1 lesson/ });
  await expect(loop).toBeVisible();
  await expect(loop).toHaveAttribute('data-stage-link', 'all');
  await expect(loop).toContainText('1 lesson');
  // it sits inside the ring, between the two rows of stages
  const stageBox = (id: string) => page.locator(`svg.wide [data-stage-link="${id}"], svg.wide [data-stage-empty="${id}"]`).boundingBox();
  const [top, bottom, pill] = [await stageBox('model-development'), await stageBox('deployment'), await loop.boundingBox()];
  expect(pill!.y).toBeGreaterThan(top!.y + top!.height);
  expect(pill!.y + pill!.height).toBeLessThan(bottom!.y);
  await loop.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/\?stage=all$/);
  await expect(page.locator('#lessons-heading')).toContainText('The whole loop');
  await expect(page.locator('[data-lesson-card]')).toHaveCount(1);
  await expect(page.locator('[data-lesson-card="the-iterative-loop"]')).toContainText('The whole loop');
});

test('the home page lists every lab with its question and a link', async ({ page }) => {
  await page.goto('./');
  const labs = page.locator('section[aria-labelledby="labs-heading"]');
  await expect(labs.getByRole('link', { name: /./ }).first()).toHaveAttribute('href', /^#\/sim\//);
});

test('about lists the data sets with source and licence, and the libraries with theirs', async ({ page }) => {
  await page.goto('./#/about');
  const data = page.locator('[data-datasets]');
  await expect(data).toContainText('FAA Wildlife Strike Database');
  await expect(data).toContainText('public domain');
  await expect(data).toContainText('vega-datasets 3.2.1');
  await expect(data.getByRole('link', { name: 'data/birdstrikes.csv' })).toHaveAttribute('href', 'data/birdstrikes.csv');
  const res = await page.request.get('./data/birdstrikes.csv');
  expect(res.ok()).toBe(true);
  const libs = page.locator('[data-libraries]');
  for (const name of ['Svelte', 'Vite', 'TensorFlow.js', 'd3', 'KaTeX', 'mdsvex', 'svelte-spa-router']) await expect(libs).toContainText(name);
  await expect(page.locator('[data-engine-check]')).toBeVisible();
});

const PAGES: [string, string, (p: Page) => Promise<void>][] = [
  ['home', './', async (p) => void (await expect(p.locator('[data-lesson-card]').first()).toBeVisible())],
  ['lesson', `./#/lessons/${LESSON}`, async (p) => void (await expect(p.locator('[data-check]').first()).toBeVisible())],
  ['about', './#/about', async (p) => void (await expect(p.locator('[data-datasets]')).toBeVisible())],
];

for (const [name, url, ready] of PAGES) {
  test(`axe finds no WCAG 2 A/AA violation on ${name}`, async ({ page }) => {
    await page.goto(url);
    await ready(page);
    await page.waitForLoadState('networkidle');
    expect(await axeViolations(page)).toEqual([]);
  });

  test(`nothing overflows horizontally on ${name} at 360 px`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(url);
    await ready(page);
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
}

test('at 360 px the lifecycle map is drawn as a column, with every stage reachable', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('./');
  await expect(page.locator('svg.wide')).toBeHidden();
  const narrow = page.locator('svg.narrow');
  await expect(narrow).toBeVisible();
  const box = (await narrow.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(360);
  await expect(narrow.getByRole('link', { name: /Model development/ })).toBeVisible();
  const loop = narrow.getByRole('link', { name: /The whole loop, all six stages/ });
  await expect(loop).toBeVisible();
  const pill = (await loop.boundingBox())!;
  expect(pill.x).toBeGreaterThanOrEqual(0);
  expect(pill.x + pill.width).toBeLessThanOrEqual(360);
  await loop.click();
  await expect(page).toHaveURL(/#\/\?stage=all$/);
});
