// `npm run bench`: every benchmark, in Node and in the browser, printing figures (medians of several runs).
import { execSync } from 'node:child_process';

const sh = (cmd) => execSync(cmd, { stdio: 'inherit' });
console.log('== Node (vitest as a TypeScript runner) ==');
sh('npx vitest run --config bench/vitest.config.ts');
console.log('\n== Browser (system Chromium, built site) ==');
sh('npx vite build --logLevel error');
sh('node bench/browser.mjs');
// The longest main-thread tasks while each lab trains: a timing, so it is measured here, alone and
// one lab at a time, not asserted in `npm test` (a busy 2-core machine measures its neighbours).
console.log('\n== Main-thread long tasks while each lab trains (goal: none over 50 ms) ==');
try {
  sh('npx playwright test --grep "no main-thread task" --workers=1 --reporter=list');
} catch {
  console.log('(some lab had a main-thread task over 50 ms in this run: see the lines above)');
}
