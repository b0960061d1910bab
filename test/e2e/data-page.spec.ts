import { test, expect, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, openSync, ftruncateSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchErrors, axeViolations } from './helpers';

// #/data: the learner's own file, read in a parse worker, profiled, and never sent anywhere.

function sample(rows = 400): string {
  const cities = ['Lisbon', 'Porto', 'Braga', 'Faro', 'Coimbra'];
  const lines = ['customer_id,age,city,signup,plan,notes,country,refund_issued,churned'];
  for (let i = 0; i < rows; i++) {
    const churned = (i * 7919) % 10 < 3 ? 'yes' : 'no';
    const age = 18 + ((i * 37) % 60);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const notes = i % 3 ? `called about the invoice number ${i} and asked for a discount` : '';
    lines.push(`${1000 + i},${age},${cities[i % 5]},2024-03-${day},${i % 4 ? 'free' : 'pro'},${notes},PT,${churned === 'yes' ? 1 : 0},${churned}`);
  }
  return lines.join('\n') + '\n';
}

async function loadText(page: Page, name: string, text: string | Buffer) {
  await page.locator('input[type=file][data-action="load-file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: typeof text === 'string' ? Buffer.from(text) : text });
}

test.beforeEach(async ({ page }) => {
  await page.goto('./#/data');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your own data');
});

test('a CSV is profiled in the browser: types, exclusions with reasons, label and time choices, no request carries it', async ({ page }) => {
  const errors = watchErrors(page);
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' || r.postData()) posts.push(`${r.method()} ${r.url()}`);
  });
  await expect(page.locator('.lead')).toContainText('stays on this device');
  await loadText(page, 'customers.csv', sample());
  await expect(page.locator('[data-file-state="loaded"]')).toBeVisible();
  const col = (n: string) => page.locator(`[data-column="${n}"]`);
  await expect(col('customer_id')).toHaveAttribute('data-type', 'id');
  await expect(col('customer_id')).toHaveAttribute('data-excluded', 'id');
  await expect(col('age')).toHaveAttribute('data-type', 'number');
  await expect(col('age')).not.toHaveAttribute('data-excluded');
  await expect(col('city')).toHaveAttribute('data-type', 'category');
  await expect(col('signup')).toHaveAttribute('data-type', 'datetime');
  await expect(col('notes')).toHaveAttribute('data-type', 'text');
  await expect(col('notes')).toHaveAttribute('data-excluded', 'text');
  await expect(col('country')).toHaveAttribute('data-excluded', 'constant');
  // the label is guessed from its name; refund_issued copies it: leakage, with the reason shown
  const labelSelect = page.locator('select[data-param="label"]');
  await expect(labelSelect).toHaveValue('churned');
  await expect(col('churned')).toHaveAttribute('data-excluded', 'label');
  await expect(page.locator('[data-label-kind="binary"]')).toContainText('positive: “yes”');
  await expect(col('refund_issued')).toHaveAttribute('data-excluded', 'leakage');
  await expect(col('refund_issued')).toContainText('gives the label away');
  // the learner unticks a feature, ticks the leak back in, and picks a time column
  await col('age').getByRole('checkbox').focus();
  await page.keyboard.press('Space');
  await expect(col('age')).toHaveAttribute('data-excluded', 'user');
  await col('refund_issued').getByRole('checkbox').check();
  await expect(col('refund_issued')).not.toHaveAttribute('data-excluded');
  await page.locator('select[data-param="time"]').selectOption('signup');
  await expect(col('signup')).toHaveAttribute('data-excluded', 'time');
  expect(await axeViolations(page)).toEqual([]);
  // kept for the session: a reload reopens it with the choices; "forget" drops it
  await page.reload();
  await expect(page.locator('[data-file-state="loaded"]')).toBeVisible();
  await expect(col('age')).toHaveAttribute('data-excluded', 'user');
  await expect(page.locator('select[data-param="time"]')).toHaveValue('signup');
  await page.locator('[data-action="forget-file"]').click();
  await expect(page.locator('[data-column]')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.locator('[data-column]')).toHaveCount(0);
  expect(posts).toEqual([]);
  expect(errors).toEqual([]);
});

test('bad files: a clear message each, nothing half-loaded', async ({ page }) => {
  const errors = watchErrors(page);
  const notice = page.locator('[data-notice="file"]');
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.csv', '', /empty/],
    ['header.csv', 'a,b,c\n', /no data rows/],
    ['one.csv', 'x\n1\n2\n3\n', /only one column/],
    ['open.csv', 'a,b\n1,"2\n3,4\n5,6\n', /opened on line 2 is never closed/],
  ];
  for (const [name, text, message] of cases) {
    await loadText(page, name, text);
    await expect(notice).toContainText(message);
    await expect(page.locator('[data-file-state="failed"]')).toBeVisible();
    await expect(page.locator('[data-column]')).toHaveCount(0);
  }
  // ragged rows: skipped, each listed with its line number; then a gzip file with a BOM and Latin-1 bytes
  await loadText(page, 'ragged.csv', 'a,b,y\n1,2,0\n3,4,1,9\n5,6,0\n7,1\n8,9,1\n');
  await expect(page.locator('[data-file-state="loaded"]')).toBeVisible();
  await expect(notice).toContainText('Line 3 has 4 fields instead of 3: skipped.');
  await expect(notice).toContainText('Line 5 has 2 fields instead of 3: skipped.');
  await expect(page.locator('[data-rows]')).toHaveAttribute('data-rows', '3');
  const latin = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ville;prix;y\n'), Buffer.from('Orl\xe9ans;1,5;1\nN\xeemes;2,25;0\nS\xe8te;3,0;1\n', 'latin1')]);
  await loadText(page, 'villes.csv.gz', gzipSync(latin));
  await expect(page.locator('[data-file-state="loaded"]')).toBeVisible();
  await expect(page.locator('[data-column="ville"]')).toContainText('Orléans');
  await expect(notice).toContainText('windows-1252');
  await expect(notice).toContainText('decimal commas');
  await expect(page.locator('[data-column="prix"]')).toHaveAttribute('data-type', 'number');
  expect(errors).toEqual([]);
});

test('label problems, every feature excluded, a time column that does not parse', async ({ page }) => {
  const rows = Array.from({ length: 600 }, (_, i) => `${i % 7},word${i % 9},same,c${i % 500},later`);
  await loadText(page, 'labels.csv', 'x,w,one,many,when\n' + rows.join('\n'));
  await expect(page.locator('[data-file-state="loaded"]')).toBeVisible();
  const label = page.locator('select[data-param="label"]');
  // whole numbers 0-6: multiclass by default, numeric on request; a new label starts from its own kind
  await label.selectOption('x');
  await expect(page.locator('[data-label-kind="multiclass"]')).toContainText('7 classes');
  await page.locator('select[data-param="label-kind"]').selectOption('numeric');
  await expect(page.locator('[data-label-kind="numeric"]')).toBeVisible();
  await label.selectOption('w');
  await expect(page.locator('[data-label-kind="multiclass"]')).toContainText('9 classes');
  await label.selectOption('one');
  await expect(page.locator('[data-notice="label"]').first()).toContainText('one class only');
  await label.selectOption('many');
  await expect(page.locator('[data-notice="label"]').first()).toContainText('500 classes');
  await label.selectOption('w');
  await page.locator('select[data-param="time"]').selectOption('when');
  await expect(page.locator('[data-notice="time"]')).toContainText('does not parse as dates or times');
  await page.locator('[data-column="x"]').getByRole('checkbox').uncheck();
  await page.locator('[data-column="many"]').getByRole('checkbox').uncheck();
  await expect(page.locator('[data-notice="features"]')).toContainText('no feature');
});

test('a file over the limit is refused before it is read; Cancel stops a load and keeps nothing', async ({ page }) => {
  // a 300 MB sparse file: the page refuses it from its size (the worker never reads it)
  const dir = mkdtempSync(join(tmpdir(), 'mlsd-e2e-'));
  const big = join(dir, 'big.csv');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 300 * 1024 * 1024);
  closeSync(fd);
  try {
    await page.locator('input[type=file][data-action="load-file"]').setInputFiles(big);
  } finally {
    rmSync(dir, { recursive: true });
  }
  await expect(page.locator('[data-notice="file"]')).toContainText('refused before they are read');
  // a big generated file, cancelled while it loads
  await page.evaluate(() => {
    const line = '1.5,2.5,abc,0\n'.repeat(100_000);
    const parts = ['a,b,c,y\n'];
    for (let i = 0; i < 60; i++) parts.push(line);
    const dt = new DataTransfer();
    dt.items.add(new File(parts, 'slow.csv', { type: 'text/csv' }));
    const input = document.querySelector<HTMLInputElement>('[data-action="load-file"]')!;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('[data-file-state="empty"]')).toBeVisible();
  await expect(page.locator('.note')).toContainText('cancelled');
  await expect(page.locator('[data-column]')).toHaveCount(0);
});

test('the page holds at 360 px and is reachable from the header', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('./');
  await page.getByRole('link', { name: 'Your own data' }).click();
  await expect(page).toHaveURL(/#\/data$/);
  // dropped on the drop area rather than picked
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return d;
  }, sample(120));
  await page.locator('.drop').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.locator('[data-file-state="loaded"]')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'dropped.csv' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await axeViolations(page)).toEqual([]);
});
