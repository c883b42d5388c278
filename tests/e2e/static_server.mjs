// Tiny static file server for the browser tests: serves one folder on
// 127.0.0.1 with an ephemeral port, so several test runs never collide and
// the page is loaded over http (Emscripten output cannot load from file://).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

// Explicit MIME types: .wasm must be application/wasm or streaming
// compilation falls back (and logs a warning) in the browser.
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

// Start serving rootDir. Resolves to {url, close()} once listening;
// url has no trailing slash, e.g. "http://127.0.0.1:41234". `port` (default 0: any free
// port) serves on a given port, e.g. again on a stopped server's port (same origin).
export function startStaticServer(rootDir, { port = 0 } = {}) {
  const root = path.resolve(rootDir);

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed\n');
      return;
    }
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      send(res, 400, 'bad request\n');
      return;
    }
    if (rel.includes('\0')) {
      send(res, 400, 'bad request\n');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';

    // Refuse anything that resolves outside the served folder ("..", absolute tricks).
    const file = path.resolve(root, '.' + rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      send(res, 403, 'forbidden\n');
      return;
    }

    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        send(res, 404, 'not found\n');
        return;
      }
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': st.size,
        // Never let the browser reuse an older build's files.
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Port 0: the OS picks a free port.
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
