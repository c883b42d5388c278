// The benchmarks' static server.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

// Serves several folders as one origin (first match wins) plus named files, so the bench
// page, the workbench's build output and the input share 127.0.0.1:<ephemeral port>.
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export function startServer(roots, files) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    const name = rel === '/' ? '/index.html' : rel;
    let file = files[name];
    for (const root of roots) {
      if (file) break;
      const candidate = path.resolve(root, '.' + name);
      if (candidate.startsWith(root + path.sep) && fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) {
        file = candidate;
      }
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': fs.statSync(file).size,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() });
    });
  });
}
