// `npm run bench`: every benchmark, in Node and in the browser, printing figures (medians of several runs).
import { execSync } from 'node:child_process';

const sh = (cmd) => execSync(cmd, { stdio: 'inherit' });
console.log('== Node (vitest as a TypeScript runner) ==');
sh('npx vitest run --config bench/vitest.config.ts');
console.log('\n== Browser (system Chromium, built site) ==');
sh('npx vite build --logLevel error');
sh('node bench/browser.mjs');
