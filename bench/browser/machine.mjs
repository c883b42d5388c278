// What the benchmarks record about the machine beside their figures.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function machine() {
  const run = (cmd, args) => {
    try {
      // trimEnd: free's header line starts with the spaces that align its columns.
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
    } catch {
      return 'unknown';
    }
  };
  const pkg = (name) => JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    nproc: run('nproc', []),
    free: run('free', ['-g']),
    chromium: run('/usr/bin/chromium', ['--version']),
    node: process.version,
    // The machine is shared: what else ran shows here (1, 5 and 15 minute averages, now).
    load: os.loadavg().map((x) => x.toFixed(2)).join(', '),
    packages: ['papaparse', 'sql.js', '@duckdb/duckdb-wasm', 'apache-arrow', 'esbuild', 'playwright-core']
      .map((n) => `${n} ${pkg(n)}`)
      .join(', '),
  };
}
