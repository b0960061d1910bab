// A small static server for the browser tests: serves a built site at / and under a sub-path
// (to prove the site works from any sub-path), with the MIME types a static host must send.
// Usage: node test/e2e/static-server.mjs <dir> <port> [--cors]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const [dir = 'dist', portArg = '4317', ...flags] = process.argv.slice(2);
const root = resolve(dir);
const cors = flags.includes('--cors');
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

createServer(async (req, res) => {
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
}).listen(Number(portArg), '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${portArg}/ and ${SUB}`));
