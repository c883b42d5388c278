// Browser import benchmark: one headless Chromium page imports the same orders CSV with
// PapaParse + sql.js, DuckDB-wasm and Touchpoint, prints a side-by-side table and writes it
// to bench/results/browser_import.md.
//
//   node bench/browser/run.mjs [--repeats N] [--csv FILE] [--no-write]
//
// --repeats  runs per contender (default 5; best and median are reported)
// --csv      use this orders file instead of generating one with the CLI
// --no-write print the table only; leave the results file alone
import { CHROMIUM_ARGS as BROWSER_TEST_FLAGS } from '../../tests/e2e/chromium_flags.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildPage } from './build.mjs';
import { machine } from './machine.mjs';
import { rssBytes } from './measure.mjs';
import { startServer } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WORK_DIR = path.join(REPO, 'build', 'bench-browser');
const TOUCHPOINT_SITE = path.resolve(process.env.TOUCHPOINT_SITE_DIR ?? path.join(REPO, 'build/wasm/site'));
const CLI = path.resolve(process.env.TOUCHPOINT_CLI ?? path.join(REPO, 'build/native/cli/touchpoint'));
const RESULTS_FILE = path.join(REPO, 'bench', 'results', 'browser_import.md');
// Same flags as the browser tests (tests/e2e), plus two for measuring: an exact
// performance.memory, and gc() so each run starts without the previous run's garbage.
const CHROMIUM_ARGS = [
  ...BROWSER_TEST_FLAGS,
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
  // Unknown to Chromium; lets this script find its own browser process in /proc.
  `--touchpoint-bench-run=${process.pid}`,
];
const RUN_TIMEOUT_MS = 10 * 60_000;

// In this order: DuckDB-wasm first because terminating its worker hands its memory back,
// so the next contender starts from a near-clean page; Touchpoint last because its module,
// once loaded, keeps drawing frames and would share the CPU with the peers.
const CONTENDERS = [
  { key: 'duckdb', name: 'DuckDB-wasm (eh)' },
  { key: 'sqljs', name: 'PapaParse + sql.js' },
  { key: 'touchpoint', name: 'Touchpoint' },
];

function parseArgs(argv) {
  const options = { repeats: 5, csv: null, write: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeats') options.repeats = Math.max(1, Number.parseInt(argv[++i], 10) || 1);
    else if (argv[i] === '--csv') options.csv = path.resolve(argv[++i]);
    else if (argv[i] === '--no-write') options.write = false;
    else throw new Error(`unknown option ${argv[i]} (see the top of run.mjs)`);
  }
  return options;
}

// ------------------------------------------------------------------ input

// How the input is made: the CLI writes the sample shop to a store, then exports its orders
// table as CSV. These two command lines are the only place to adjust.
function generationCommands(store, csv) {
  return [
    // A higher purchase-rate shape than the built-in sample (0.3) gives about 2.9 orders per
    // customer: 1,031,460 orders from 350,000 customers.
    [CLI, 'sample', '--out', store, '--customers', '350000', '--seed', '1', '--purchase-rate-shape', '0.78', '--force'],
    [CLI, 'export', store, '--table', 'orders', '--out', csv, '--columns', 'order_id,customer_id,order_date,amount,category,channel'],
  ];
}

// Returns {file, source, commands}. The CLI's file is reused while the recorded command
// lines are unchanged.
function prepareInput(options) {
  if (options.csv) return { file: options.csv, source: 'given with --csv', commands: null };

  const csv = path.join(WORK_DIR, 'orders.csv');
  const store = path.join(WORK_DIR, 'orders-source.sqlite');
  const recipeFile = csv + '.commands';
  const commands = generationCommands(store, csv);
  const recipe = commands.map((c) => c.map((a) => path.relative(REPO, a) || a).join(' ')).join('\n');

  if (fs.existsSync(csv) && fs.existsSync(recipeFile) && fs.readFileSync(recipeFile, 'utf8') === recipe) {
    return { file: csv, source: 'Touchpoint CLI (made earlier)', commands: recipe };
  }
  if (!fs.existsSync(CLI)) throw new Error(`the CLI (${CLI}) is missing: build it with scripts/test or cmake --build --preset native`);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  fs.rmSync(recipeFile, { force: true });
  for (const [exe, ...args] of commands) {
    console.log(`$ ${path.relative(REPO, exe)} ${args.join(' ')}`);
    execFileSync(exe, args, { stdio: 'inherit' });
  }
  fs.writeFileSync(recipeFile, recipe);
  return { file: csv, source: 'Touchpoint CLI', commands: recipe };
}

function countRows(file) {
  const bytes = fs.readFileSync(file);
  let lines = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  if (bytes.length && bytes[bytes.length - 1] !== 10) lines++;
  return { rows: lines - 1, bytes: bytes.length }; // less the header
}

// ------------------------------------------------------------------ renderer memory

// The page's renderer process holds everything measured here: main thread, the DuckDB
// worker and every wasm memory. Its resident size, read from /proc every 50 ms while a
// contender runs, is the one memory figure all contenders share.
function procChildren() {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

// Chromium rewrites its process title, so the arguments come back as one string.
function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function findRendererPids() {
  const children = procChildren();
  const marker = `--touchpoint-bench-run=${process.pid}`;
  const browsers = [...children.values()].flat().filter((pid) => {
    const args = cmdline(pid);
    return args.includes(marker) && !args.includes('--type=');
  });
  const renderers = [];
  const stack = [...browsers];
  while (stack.length) {
    const pid = stack.pop();
    const args = cmdline(pid);
    // Page renderers only: not the browser's own built-in UI pages.
    if (args.includes('--type=renderer') && !args.includes('--top-chrome-webui')) renderers.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return renderers;
}

function startRssSampler() {
  const pids = findRendererPids();
  const start = rssBytes(pids);
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pids))), 50);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, rssBytes(pids));
    return { start, peak };
  };
}

// ------------------------------------------------------------------ running

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runAll(options, input) {
  const server = await startServer([await buildPage(), TOUCHPOINT_SITE], { '/orders.csv': input.file });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  let crashed = false;
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('crash', () => {
    crashed = true;
    problems.push('the page crashed (renderer out of memory?)');
  });
  page.on('request', (req) => {
    if (!req.url().startsWith(server.url) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) {
      problems.push(`request to another origin: ${req.url()}`);
    }
  });

  const results = {};
  try {
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.benchLoaded === true, null, { timeout: 60_000 });
    const loaded = await page.evaluate(() => window.bench.loadInput('orders.csv'));
    console.log(`input in page: ${loaded.bytes} bytes`);

    // Round by round, one run of each contender per round: every contender then starts from
    // a page that the others have used as much, instead of the later ones inheriting all of
    // the earlier ones' garbage.
    const failed = new Set();
    for (const contender of CONTENDERS) results[contender.key] = [];
    for (let i = 0; i < options.repeats; i++) {
      for (const contender of CONTENDERS) {
        if (crashed || failed.has(contender.key)) continue;
        const stop = startRssSampler();
        let result;
        try {
          result = await withTimeout(
            page.evaluate((key) => window.bench.run(key), contender.key),
            RUN_TIMEOUT_MS,
            contender.name,
          );
        } catch (err) {
          result = { ok: false, error: err.message };
        }
        const rss = stop();
        result.rss_start_bytes = rss.start;
        result.rss_peak_bytes = rss.peak;
        results[contender.key].push(result);
        console.log(`${contender.name} run ${i + 1}: ${result.ok ? `${seconds(result.total_ms)}` : result.error}`);
        // A missing or broken contender fails the same way every time: do not repeat it.
        if (!result.ok) failed.add(contender.key);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { results, problems };
}

// ------------------------------------------------------------------ reporting

const seconds = (ms) => (ms == null ? '–' : `${(ms / 1000).toFixed(2)} s`);
const mb = (bytes) => (bytes == null ? '–' : `${Math.round(bytes / 2 ** 20)} MB`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const best = (xs) => (xs.length ? Math.min(...xs) : null);
const max = (xs) => {
  const v = xs.filter((x) => x != null);
  return v.length ? Math.max(...v) : null;
};

// The targets Touchpoint's import is held to, each with the median measured in this run.
function goalLines(results) {
  const ok = (key) => (results[key] ?? []).filter((r) => r.ok);
  const medianOf = (key, pick) => median(ok(key).map(pick).filter((x) => x != null));
  const verdict = (met) => (met == null ? 'not measured' : met ? 'met' : 'NOT met');
  const duck = medianOf('duckdb', (r) => r.total_ms);
  // The verdict holds Touchpoint's median against DuckDB's best run: the reading least
  // favourable to Touchpoint, whatever state of the page each run met.
  const duckBest = Math.min(...ok('duckdb').map((r) => r.total_ms));
  const dashboard = medianOf('touchpoint', (r) => r.dashboard_ms);
  const persisted = medianOf('touchpoint', (r) => r.persisted_ms);
  const wasm = max(ok('touchpoint').map((r) => r.wasm_bytes));
  const native = medianOf('native', (r) => r.total_ms);
  const known = (...xs) => xs.every((x) => x != null);
  return [
    `dashboard numbers at least 5x faster than DuckDB-wasm's load-to-answer: Touchpoint's median ${seconds(dashboard)} against DuckDB's best ${seconds(duckBest)}` +
      (known(dashboard, duck) && Number.isFinite(duckBest)
        ? ` (${(duckBest / dashboard).toFixed(1)}x; ${(duck / dashboard).toFixed(1)}x its median ${seconds(duck)}): ${verdict(dashboard * 5 <= duckBest)}`
        : ': not measured'),
    `data persisted in SQLite within 3 s: ${seconds(persisted)}: ${verdict(known(persisted) ? persisted <= 3000 : null)}`,
    `peak wasm memory at most 600 MB: ${mb(wasm)}: ${verdict(known(wasm) ? wasm <= 600 * 2 ** 20 : null)}`,
    `native CLI import at most 1.5 s: ${seconds(native)}: ${verdict(known(native) ? native <= 1500 : null)}`,
  ];
}

// One table row per figure; Touchpoint gives two (dashboard and persisted).
function tableRows(results) {
  const rows = [];
  const add = (name, timed, runs, pick, startups) => {
    const ok = runs.filter((r) => r.ok);
    if (!ok.length) {
      const why = runs[0]?.error ?? 'not run';
      rows.push([name, timed, 'not available', '', '', '', '', '', '', '', '', why]);
      return;
    }
    const times = ok.map(pick).filter((t) => t != null);
    rows.push([
      name,
      timed,
      seconds(best(times)),
      seconds(median(times)),
      String(ok.length),
      seconds(median(startups.filter((t) => t != null))),
      ok[0].rows_loaded?.toLocaleString('en-US') ?? '–',
      ok[0].check ? ok[0].check.groups.toLocaleString('en-US') : '–',
      mb(max(ok.map((r) => r.js_heap_peak_bytes))),
      mb(max(ok.map((r) => r.wasm_bytes))),
      `${mb(ok[0].rss_start_bytes)} → ${mb(max(ok.map((r) => r.rss_peak_bytes)))}`,
      '',
    ]);
  };
  const duck = results.duckdb ?? [];
  add('DuckDB-wasm (eh)', 'bytes → GROUP BY result', duck, (r) => r.total_ms, duck.map((r) => r.startup_ms));
  const sql = results.sqljs ?? [];
  add('PapaParse + sql.js', 'bytes → GROUP BY result', sql, (r) => r.total_ms, sql.map((r) => r.startup_ms));
  const tp = results.touchpoint ?? [];
  add('Touchpoint', 'bytes → headline metrics', tp, (r) => r.dashboard_ms, tp.map((r) => r.startup_ms));
  add('Touchpoint', 'bytes → rows committed in SQLite', tp, (r) => r.persisted_ms, tp.map((r) => r.startup_ms));
  const native = results.native ?? [];
  add('Touchpoint CLI (native)', '`touchpoint import`, file → rows committed', native, (r) => r.total_ms, native.map(() => null));
  return rows;
}

const HEADER = [
  'Contender', 'Timed', 'Best', 'Median', 'Runs', 'Start-up', 'Rows loaded', 'Groups',
  'Peak JS heap', 'Wasm memory', 'Renderer RSS start → peak', 'Note',
];

function markdownTable(rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...rows.map(line)].join('\n');
}

function textTable(rows) {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
  return all.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function stepNotes(results) {
  const notes = [];
  const steps = (runs, keys) =>
    keys.map((k) => `${k.replace('_ms', '').replace('_', ' ')} ${seconds(median(runs.filter((r) => r.ok).map((r) => r.steps[k])))}`).join(', ');
  if (results.duckdb?.some((r) => r.ok)) {
    const mem = results.duckdb.find((r) => r.ok).duckdb_memory_usage;
    notes.push(`DuckDB-wasm, median steps: ${steps(results.duckdb, ['load_ms', 'group_by_ms'])}; DuckDB reports ${mem} in use after the load.`);
  }
  if (results.sqljs?.some((r) => r.ok)) notes.push(`PapaParse + sql.js, median steps: ${steps(results.sqljs, ['parse_ms', 'insert_ms', 'group_by_ms'])}.`);
  if (results.touchpoint?.some((r) => r.ok)) {
    const ok = results.touchpoint.filter((r) => r.ok);
    notes.push(`Touchpoint: the whole benchmarkImport call, median ${seconds(median(ok.map((r) => r.total_ms)))}; rows read ${ok[0].rows_read}, rejected ${ok[0].rows_rejected}.`);
    // The first run in a page executes on the browser's baseline wasm compiler until the
    // optimised code is ready; later runs show the steady state.
    notes.push(`Touchpoint, run by run: dashboard numbers ${ok.map((r) => seconds(r.dashboard_ms)).join(', ')} ` +
      `(of which analysis ${ok.map((r) => seconds(r.analysis_ms)).join(', ')}); rows committed ${ok.map((r) => seconds(r.persisted_ms)).join(', ')}.`);
  }
  return notes;
}

// The peers must agree on what they computed, or the times mean nothing.
function crossCheck(results) {
  const checks = [];
  for (const key of ['duckdb', 'sqljs']) {
    const r = results[key]?.find((x) => x.ok);
    if (r) checks.push({ key, ...r.check, rows_loaded: r.rows_loaded });
  }
  const tp = results.touchpoint?.find((x) => x.ok);
  const lines = checks.map((c) => `${c.key}: ${c.groups} groups, ${c.rows} orders counted, amount total ${c.amount_total.toFixed(2)}`);
  let agree = checks.length < 2 ||
    checks.every((c) => c.groups === checks[0].groups && c.rows === checks[0].rows && Math.abs(c.amount_total - checks[0].amount_total) < 1);
  if (tp && checks.length) {
    lines.push(`touchpoint: ${tp.rows_loaded} rows loaded`);
    agree = agree && tp.rows_loaded === checks[0].rows;
  }
  return { agree, lines };
}

function report(options, input, size, results, problems, load) {
  const rows = tableRows(results);
  const check = crossCheck(results);
  const m = machine();
  const sqlStartup = results.sqljs?.find((r) => r.startup_ms != null)?.startup_ms;
  const repeatsNote = `${options.repeats} run(s) per contender in one page, in rounds (one run of each contender per round); best and median of them.`;

  console.log('\n' + textTable(rows) + '\n');
  for (const note of stepNotes(results)) console.log(note);
  console.log(`cross-check: ${check.agree ? 'the contenders agree' : 'THE CONTENDERS DISAGREE'}`);
  for (const line of check.lines) console.log(`  ${line}`);
  console.log('goals:');
  for (const line of goalLines(results)) console.log(`  ${line}`);
  if (problems.length) {
    console.log(`\n${problems.length} console/page problem(s):`);
    for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
  }

  const md = `# Browser import benchmark

Importing one orders CSV in headless Chromium, in one page and one run, by Touchpoint and two
in-browser peers. Made by \`node bench/browser/run.mjs\` (see \`bench/browser/README.md\`).

## Input

- ${size.rows.toLocaleString('en-US')} orders, ${(size.bytes / 1e6).toFixed(1)} MB, columns order_id, customer_id, order_date (YYYY-MM-DD), amount, category, channel
- made by: ${input.source}${input.commands ? `\n\n\`\`\`\n${input.commands}\n\`\`\`` : ''}

## Results

${markdownTable(rows)}

- The CSV is fetched once into an ArrayBuffer; each run gets its own copy and its clock starts with that copy in memory.
- ${repeatsNote}
- Start-up is not in Best/Median. sql.js: compiling its wasm, once${sqlStartup != null ? ` (${seconds(sqlStartup)})` : ''}. DuckDB-wasm: worker, instantiate and connect, for every run (median shown). Touchpoint: loading the workbench until \`window.touchpoint.ready\`, once (it opens on its built-in sample shop).
- PapaParse runs with \`header: true\` and no dynamic typing (every field a string); SQLite's REAL column affinity converts amount on insert. All rows go in with one prepared INSERT in one transaction.
- DuckDB-wasm: \`registerFileBuffer\`, \`CREATE TABLE orders AS SELECT * FROM read_csv_auto('orders.csv')\`, then the GROUP BY; results come back to the page as Arrow.
- GROUP BY: \`${'SELECT customer_id, count(*), sum(amount), min(order_date), max(order_date) FROM orders GROUP BY customer_id'}\`.
- Peak JS heap: \`performance.memory.usedJSHeapSize\` of the page's main thread, sampled at the end of each step (DuckDB's own work happens in its worker, which this does not see).
- Wasm memory: sql.js's linear memory after the run (wasm memory never shrinks, so this is its peak; sql.js keeps its database file in Emscripten's in-memory file system, in JS ArrayBuffers, so the database itself is in the JS heap, not here); Touchpoint's own \`peak_wasm_bytes\`.
- Renderer RSS: resident memory of the page's renderer process (main thread, workers, wasm), read from /proc every 50 ms during the runs, from the start of the first run to the highest point. All contenders share the page, so a later contender's start includes what the earlier ones left behind.
- The machine is shared: load average ${load.before} before the runs, ${load.after} after. Times move with it.
${stepNotes(results).map((n) => `- ${n}`).join('\n')}
- Cross-check: ${check.agree ? 'the contenders agree' : '**the contenders disagree**'} (${check.lines.join('; ')}).

## Goals

${goalLines(results).map((line) => `- ${line}`).join('\n')}

## Machine

- date: ${m.date}
- CPU: ${m.cpu}, \`nproc\`: ${m.nproc}
- ${m.chromium}, headless, software WebGL (SwiftShader), flags as in \`tests/e2e\`
- Node ${m.node}; ${m.packages}

\`\`\`
$ free -g
${m.free}
\`\`\`
`;
  if (options.write) {
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, md);
    console.log(`\nwrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

// ------------------------------------------------------------------ native CLI

// The same file through the native CLI into a fresh SQLite file, timed as a whole process
// (reading the file included), once per repeat, after the browser runs.
function runNativeImport(options, input) {
  const runs = [];
  const store = path.join(WORK_DIR, 'native-import.sqlite');
  for (let i = 0; i < options.repeats; i++) {
    fs.rmSync(store, { force: true });
    const start = process.hrtime.bigint();
    const output = execFileSync(CLI, ['import', store, input.file, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const total_ms = Number(process.hrtime.bigint() - start) / 1e6;
    const report = JSON.parse(output);
    runs.push({ ok: report.fatal_error === null, error: report.fatal_error, total_ms, rows_loaded: report.rows_loaded });
    console.log(`Touchpoint CLI (native) run ${i + 1}: ${seconds(total_ms)}`);
  }
  fs.rmSync(store, { force: true });
  return runs;
}

// ------------------------------------------------------------------ main

const options = parseArgs(process.argv.slice(2));
const input = prepareInput(options);
const size = countRows(input.file);
console.log(`input: ${input.file} (${input.source}), ${size.rows} rows, ${size.bytes} bytes`);
const loadBefore = os.loadavg()[0].toFixed(2);
const { results, problems } = await runAll(options, input);
results.native = runNativeImport(options, input);
report(options, input, size, results, problems, { before: loadBefore, after: os.loadavg()[0].toFixed(2) });
