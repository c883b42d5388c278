// The static file server of the workbench, its browser tests and its benchmarks: serves one or
// more folders (the first that has a file wins) and single named files as one origin on
// 127.0.0.1, over http, because Emscripten output cannot load from file://.
//  - MIME types set explicitly: .wasm must be application/wasm or the browser cannot compile
//    it while it downloads;
//  - Cache-Control: no-store, so a rebuild (or a new version in a test) shows at once;
//  - GET and HEAD only; a folder's index.html for a path ending in "/", a redirect to
//    "/" for a folder named without it, a listing for a folder without index.html;
//  - Last-Modified, and 304 for an If-Modified-Since that is not older than the file;
//  - nothing outside the served folders, whatever the path ("..", encoded or not).
//
// As a module: startStaticServer(roots, { port, host, files }) resolves to { url, port, close() }.
// As a command (scripts/serve):
//   node scripts/static_server.mjs --root DIR [--root DIR2 ...] [--port 8080] [--host 127.0.0.1] [--quiet]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.sqlite': 'application/vnd.sqlite3',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

// The file or folder `rel` (a decoded URL path) names in `root`, or null when it would lie outside it.
function inside(root, rel) {
  const candidate = path.resolve(root, '.' + rel);
  return candidate === root || candidate.startsWith(root + path.sep) ? candidate : null;
}

const statOf = (file) => fs.statSync(file, { throwIfNoEntry: false });

// What `rel` is: a named file, else the first root holding it. { file, stat } for a file,
// { folder } for a folder, { outside: true } when no root could hold it, or {} when none has it.
function lookUp(roots, files, rel) {
  const named = files.get(rel);
  if (named) {
    const stat = statOf(named);
    return stat?.isFile() ? { file: named, stat } : {};
  }
  let outside = true;
  for (const root of roots) {
    const candidate = inside(root, rel);
    if (!candidate) continue;
    outside = false;
    const stat = statOf(candidate);
    if (stat?.isFile()) return { file: candidate, stat };
    if (stat?.isDirectory()) return { folder: candidate };
  }
  return outside ? { outside: true } : {};
}

function listing(res, rel, folder) {
  const entries = fs.readdirSync(folder, { withFileTypes: true })
    .map((entry) => entry.name + (entry.isDirectory() ? '/' : ''))
    .sort();
  const title = `Directory listing for ${escapeHtml(rel)}`;
  const items = entries.map((name) => `<li><a href="${encodeURIComponent(name).replace(/%2F$/, '/')}">${escapeHtml(name)}</a></li>`);
  const body = `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>\n` +
    `<body><h1>${title}</h1><hr><ul>\n${items.join('\n')}\n</ul><hr></body></html>\n`;
  send(res, 200, body, { 'Content-Type': 'text/html; charset=utf-8' });
}

function handler(roots, files) {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let url;
    let rel;
    try {
      url = new URL(req.url, 'http://127.0.0.1');
      rel = decodeURIComponent(url.pathname);
    } catch {
      send(res, 400, 'bad request\n');
      return;
    }
    if (rel.includes('\0')) {
      send(res, 400, 'bad request\n');
      return;
    }

    let found = lookUp(roots, files, rel.endsWith('/') ? `${rel}index.html` : rel);
    if (rel.endsWith('/') && !found.file && !found.outside) {
      const folder = lookUp(roots, new Map(), rel).folder;
      if (folder) {
        listing(res, rel, folder);
        return;
      }
    }
    if (found.folder) {
      // A folder named without its "/": where its relative links point from.
      send(res, 301, 'moved permanently\n', { Location: `${url.pathname}/${url.search}` });
      return;
    }
    if (found.outside) {
      send(res, 403, 'forbidden\n');
      return;
    }
    if (!found.file) {
      send(res, 404, 'not found\n');
      return;
    }

    const { file, stat } = found;
    const modified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000);
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    if (!Number.isNaN(since) && modified.getTime() <= since) {
      res.writeHead(304, { 'Last-Modified': modified.toUTCString(), 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': mimeType(file),
      'Content-Length': stat.size,
      'Last-Modified': modified.toUTCString(),
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
  };
}

// Serves `roots` (a folder or a list of folders; the first that has a path answers it) and
// `files` ({ '/orders.csv': '/abs/path/orders.csv' }: URL paths to files, asked first) on
// `host`:`port` (port 0, the default: any free port, so runs never collide; a given port
// serves e.g. again on a stopped server's port, the same origin). Resolves once listening to
// { url, port, close() }; url has no trailing slash ("http://127.0.0.1:41234"); close()
// resolves when the server has stopped, and may be called again.
export function startStaticServer(roots, { port = 0, host = '127.0.0.1', files = {} } = {}) {
  const folders = (Array.isArray(roots) ? roots : [roots]).map((root) => path.resolve(root));
  const named = new Map(Object.entries(files).map(([name, file]) => [name, path.resolve(file)]));
  const server = http.createServer(handler(folders, named));

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const listening = server.address().port;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${listening}`,
        port: listening,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

function usage(problem) {
  if (problem) console.error(`static_server: ${problem}`);
  console.error('usage: node scripts/static_server.mjs --root DIR [--root DIR2 ...] [--port 8080] [--host 127.0.0.1] [--quiet]');
  process.exit(2);
}

async function main(argv) {
  const roots = [];
  let port = 8080;
  let host = '127.0.0.1';
  let quiet = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${arg} needs a value`));
    if (arg === '--root') roots.push(value());
    else if (arg === '--port') port = Number(value());
    else if (arg === '--host') host = value();
    else if (arg === '--quiet') quiet = true;
    else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown option ${arg}`);
  }
  if (roots.length === 0) usage('--root is required');
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port takes a port number, not ${port}`);
  for (const root of roots) {
    if (!statOf(root)?.isDirectory()) {
      console.error(`static_server: ${root} is not a folder`);
      process.exit(1);
    }
  }
  try {
    const { url } = await startStaticServer(roots, { port, host });
    if (!quiet) console.log(`Serving ${roots.join(', ')} on ${url}/ (Ctrl-C stops)`);
  } catch (err) {
    const why = err.code === 'EADDRINUSE' ? 'the port is in use' : err.message;
    console.error(`static_server: cannot serve on ${host}:${port}: ${why}`);
    process.exit(1);
  }
}

// Run as a command, not imported.
function isMain() {
  try {
    return Boolean(process.argv[1]) && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) await main(process.argv.slice(2));
