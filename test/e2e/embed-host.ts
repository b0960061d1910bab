import { test as base } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStaticServer } from './static-server.mjs';

/**
 * Two origins for the embed tests: the built site on one port (sending Access-Control-Allow-Origin,
 * as GitHub Pages does) and, on another, a host page of the test's own making: an author's page.
 */
export interface CrossOrigin {
  /** the site's root URL, e.g. http://127.0.0.1:41234/ */
  site: string;
  /** serve `html` (a complete document, or a body fragment) from the host origin, with extra response headers; returns its URL */
  hostPage(html: string, headers?: Record<string, string>): string;
}

const origin = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;

export const test = base.extend<object, { crossOrigin: CrossOrigin }>({
  crossOrigin: [
    async ({}, use) => {
      const siteServer = await startStaticServer({ dir: process.env.E2E_DIST ?? 'dist', port: 0, cors: true });
      const pages = new Map<string, { body: string; headers: Record<string, string> }>();
      const hostServer = createServer((req, res) => {
        const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
        res.writeHead(page ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...page?.headers });
        res.end(page?.body ?? 'not found');
      });
      await new Promise<void>((done) => hostServer.listen(0, '127.0.0.1', done));
      let n = 0;
      await use({
        site: origin(siteServer),
        hostPage(html, headers = {}) {
          const path = `/host-${++n}.html`;
          const doc = /^\s*<!doctype/i.test(html)
            ? html
            : `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>An author's page</title></head><body>${html}</body></html>`;
          pages.set(path, { body: doc, headers });
          return origin(hostServer) + path.slice(1);
        },
      });
      await new Promise((done) => hostServer.close(done));
      await new Promise((done) => siteServer.close(done));
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
