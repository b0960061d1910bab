#!/usr/bin/env node
// npm run new-lab <id>: a new lab folder, src/sims/<id>/, copied from src/sims/_template/ (one param,
// one metric, one chart, on the typed lab contract), and a phenomenon test that fails until it is
// written. The lab registries find the folder by themselves; nothing else is edited.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const id = process.argv[2] ?? '';
const fail = (msg) => {
  console.error(`new-lab: ${msg}`);
  process.exit(1);
};

if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id) || id.length > 40) {
  fail(`"${id}" is not a kebab-case id (lower-case words joined by dashes, e.g. "label-noise"). Usage: npm run new-lab <id>`);
}
const dest = join(root, 'src', 'sims', id);
if (existsSync(dest)) fail(`src/sims/${id}/ already exists`);
const testFile = join(root, 'test', 'unit', `${id}.test.ts`);
if (existsSync(testFile)) fail(`test/unit/${id}.test.ts already exists`);

const words = id.split('-');
const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const title = words.join(' ').replace(/^./, (c) => c.toUpperCase());
const rename = (text) => text.replaceAll("'template-lab'", `'${id}'`).replaceAll('TemplateResult', `${pascal}Result`).replaceAll("'A new lab'", `'${title}'`);

const template = join(root, 'src', 'sims', '_template');
mkdirSync(dest);
const files = readdirSync(template);
for (const f of files) writeFileSync(join(dest, f), rename(readFileSync(join(template, f), 'utf8')));

writeFileSync(
  testFile,
  `import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { run } from '../../src/sims/${id}/scenario';
import { testContext } from './job-context';

// The phenomenon the ${id} lab's lesson claims, proved at the default params over several seeds.
describe('${id} lab', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('runs at its defaults without leaking a tensor', async () => {
    const before = tf.memory().numTensors;
    const r = await run({}, testContext());
    expect(tf.memory().numTensors).toBe(before);
    expect(r.accuracy).toBeGreaterThan(0.5);
  });

  it('shows its phenomenon at the default params', () => {
    // Write the assertion the lesson relies on (seeded, several seeds where the counts are small).
    expect.fail('the ${id} lab has no phenomenon test yet');
  });
});
`,
);

console.log(`Made src/sims/${id}/ (${files.join(', ')}) and test/unit/${id}.test.ts.
Next: npm start, open #/sim/${id}; add '${id}' to SIM_ORDER in src/sims/catalog.ts to place it among the labs;
write its phenomenon test (it fails until you do), its browser test in test/e2e/ and its lesson in lessons/.`);
