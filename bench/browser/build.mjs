// Bundles the benchmark page and copies the peers' wasm and worker files next to it, into
// build/bench-browser/site/ (nothing generated is committed). esbuild resolves the bare
// imports, including the 'apache-arrow' that DuckDB-wasm's ESM build imports by name, so
// the page loads everything from its own origin.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
export const SITE_DIR = path.join(REPO, 'build', 'bench-browser', 'site');

// Files served beside the bundle, as the page asks for them by name.
const COPIED = [
  ['page/index.html', 'index.html'],
  ['node_modules/sql.js/dist/sql-wasm-browser.wasm', 'sql-wasm-browser.wasm'],
  ['node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm', 'duckdb-eh.wasm'],
  ['node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js', 'duckdb-browser-eh.worker.js'],
];

export async function buildPage() {
  fs.mkdirSync(SITE_DIR, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(HERE, 'page', 'bench.js')],
    outfile: path.join(SITE_DIR, 'bench.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser', // picks sql.js's and DuckDB-wasm's browser builds
    target: 'chrome120',
    logLevel: 'warning',
  });
  for (const [from, to] of COPIED) {
    fs.copyFileSync(path.join(HERE, from), path.join(SITE_DIR, to));
  }
  return SITE_DIR;
}

// `node build.mjs` builds only; run.mjs imports buildPage().
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`built ${await buildPage()}`);
}
