import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';

/** Collect console errors and uncaught page errors, so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** The data-value of the result number `name`: the current run's, or the pinned run's. */
export function valueOf(page: Page, name: string, scope: 'current' | 'pinned' = 'current') {
  const loc = scope === 'pinned' ? page.locator(`[data-run="pinned"] [data-metric="${name}"]`) : page.locator(`[data-metric="${name}"]:not([data-run="pinned"] *)`);
  return loc.getAttribute('data-value');
}

/** Download the results JSON through the export menu, as a learner would, and close the menu. */
export async function exportJson(page: Page) {
  await page.locator('[data-export-menu]').click();
  const download = page.waitForEvent('download');
  await page.locator('[data-export="json"]').click();
  const json = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  await page.keyboard.press('Escape');
  return json;
}

/** What axe finds against WCAG 2 A and AA on the page as it is now, one line per rule: `id: where`. */
export async function axeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
