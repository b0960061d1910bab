// Which Chromium the browser tests drive: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
// Playwright's own managed browser. Run directly, it exits non-zero with one line when none is found.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return null; // let Playwright try its managed browser
}

export const HOW_TO_GET_ONE =
  'No Chromium found for the browser tests: set CHROMIUM_PATH, or run `apt-get install chromium` (Debian), or `npx playwright install chromium` where downloads work.';

async function managedBrowserExists() {
  try {
    const { chromium } = await import('@playwright/test');
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!findChromium() && !(await managedBrowserExists())) {
    console.error(HOW_TO_GET_ONE);
    process.exit(1);
  }
}
