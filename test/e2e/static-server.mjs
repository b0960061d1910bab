// A small static server for the browser tests: serves a built site at / and under a sub-path
// (to prove the site works from any sub-path), with the MIME types a static host must send.
// Usage: node test/e2e/static-server.mjs <dir> <port> [--cors]
// or, from a test: `await startStaticServer({ dir, port: 0, cors: true })` (port 0: any free port).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUB = '/some/sub/path/';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serve `dir`; resolves to the listening server once it listens (its port in `server.address().port`). */
export function startStaticServer({ dir = 'dist', port = 4317, cors = false } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.startsWith(SUB)) path = '/' + path.slice(SUB.length);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    const headers = cors ? { 'Access-Control-Allow-Origin': '*' } : {};
    try {
      if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...headers });
      res.end('not found');
    }
  });
  return new Promise((done) => server.listen(Number(port), '127.0.0.1', () => done(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', port = '4317', ...flags] = process.argv.slice(2);
  const server = await startStaticServer({ dir, port: Number(port), cors: flags.includes('--cors') });
  console.log(`serving ${resolve(dir)} on http://127.0.0.1:${server.address().port}/ and ${SUB}`);
}
