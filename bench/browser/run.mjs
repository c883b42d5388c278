// Browser import benchmark: one headless Chromium page imports the same orders CSV with
// PapaParse + sql.js, DuckDB-wasm and Touchpoint, prints a side-by-side table and writes it
// to bench/results/browser_import.md. With --line-items the file has one line per product
// (UCI Online Retail II columns, made by line_items.mjs): DuckDB-wasm, Touchpoint's
// benchmarkImport and Touchpoint through its file chooser, written to
// bench/results/browser_line_items.md.
//
//   node bench/browser/run.mjs [--repeats N] [--csv FILE] [--line-items [--lines N]] [--no-write]
//
// --repeats    runs per contender (default 5; best and median are reported)
// --csv        use this orders file instead of generating one (a line-item file with --line-items)
// --line-items the line-item case
// --lines      lines in the generated line-item file (default 1000000)
// --no-write   print the table only; leave the results file alone
import { CHROMIUM_ARGS as BROWSER_TEST_FLAGS } from '../../tests/e2e/chromium_flags.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chooseFile } from '../../tests/e2e/harness.mjs';
import { buildPage } from './build.mjs';
import { lineItemsRecipe, writeLineItems } from './line_items.mjs';
import { machine } from './machine.mjs';
import { rssBytes, withTimeout } from './measure.mjs';
import { startStaticServer } from '../../scripts/static_server.mjs';
import { withTestFlag } from '../../tests/e2e/test_flag.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WORK_DIR = path.join(REPO, 'build', 'bench-browser');
const TOUCHPOINT_SITE = path.resolve(process.env.TOUCHPOINT_SITE_DIR ?? path.join(REPO, 'build/wasm/site'));
const CLI = path.resolve(process.env.TOUCHPOINT_CLI ?? path.join(REPO, 'build/native/cli/touchpoint'));
const RESULTS_FILE = path.join(REPO, 'bench', 'results', 'browser_import.md');
const LINE_ITEMS_RESULTS_FILE = path.join(REPO, 'bench', 'results', 'browser_line_items.md');
const LINE_ITEMS_SEED = 1;
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
// The line-item case: no sql.js (the brief of this case is DuckDB against Touchpoint); the
// file-chooser run last, as it leaves the workbench holding the file until the next round.
const LINE_ITEM_CONTENDERS = [
  { key: 'duckdb', name: 'DuckDB-wasm (eh)' },
  { key: 'touchpoint', name: 'Touchpoint' },
  { key: 'touchpoint_user', name: 'Touchpoint, file chooser' },
];

function parseArgs(argv) {
  const options = { repeats: 5, csv: null, write: true, lineItems: false, lines: 1_000_000 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeats') options.repeats = Math.max(1, Number.parseInt(argv[++i], 10) || 1);
    else if (argv[i] === '--csv') options.csv = path.resolve(argv[++i]);
    else if (argv[i] === '--no-write') options.write = false;
    else if (argv[i] === '--line-items') options.lineItems = true;
    else if (argv[i] === '--lines') options.lines = Number.parseInt(argv[++i], 10);
    else throw new Error(`unknown option ${argv[i]} (see the top of run.mjs)`);
  }
  if (!Number.isSafeInteger(options.lines) || options.lines <= 0) throw new Error('--lines wants a positive count');
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

// Returns {file, name, kind, source, commands}: `name` is what the page fetches and the
// contenders get the bytes as. The CLI's file is reused while the recorded command lines are unchanged.
function prepareInput(options) {
  const made = options.lineItems ? prepareLineItems(options) : prepareOrders(options);
  return { ...made, name: options.lineItems ? 'online_retail_lines.csv' : 'orders.csv', kind: options.lineItems ? 'line-items' : 'orders' };
}

// Makes `file` with make() unless it was made by the same recipe, kept beside it; true if made now.
function madeOnce(file, recipe, make) {
  const recipeFile = file + '.commands';
  if (fs.existsSync(file) && fs.existsSync(recipeFile) && fs.readFileSync(recipeFile, 'utf8') === recipe) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(recipeFile, { force: true });
  make();
  fs.writeFileSync(recipeFile, recipe);
  return true;
}

// The line-item file, made by line_items.mjs; its recipe holds the generator's own digest.
function prepareLineItems(options) {
  if (options.csv) return { file: options.csv, source: 'given with --csv', commands: null };
  const csv = path.join(WORK_DIR, 'line_items.csv');
  const recipe = lineItemsRecipe(path.relative(REPO, csv), { lines: options.lines, seed: LINE_ITEMS_SEED });
  const made = madeOnce(csv, recipe, () => {
    console.log(`$ ${recipe}`);
    console.log(JSON.stringify(writeLineItems(csv, { lines: options.lines, seed: LINE_ITEMS_SEED })));
  });
  return { file: csv, source: `bench/browser/line_items.mjs${made ? '' : ' (made earlier)'}`, commands: recipe };
}

function prepareOrders(options) {
  if (options.csv) return { file: options.csv, source: 'given with --csv', commands: null };

  const csv = path.join(WORK_DIR, 'orders.csv');
  const store = path.join(WORK_DIR, 'orders-source.sqlite');
  const commands = generationCommands(store, csv);
  const recipe = commands.map((c) => c.map((a) => path.relative(REPO, a) || a).join(' ')).join('\n');
  const made = madeOnce(csv, recipe, () => {
    if (!fs.existsSync(CLI)) throw new Error(`the CLI (${CLI}) is missing: build it with scripts/test or cmake --build --preset native`);
    for (const [exe, ...args] of commands) {
      console.log(`$ ${path.relative(REPO, exe)} ${args.join(' ')}`);
      execFileSync(exe, args, { stdio: 'inherit' });
    }
  });
  return { file: csv, source: `Touchpoint CLI${made ? '' : ' (made earlier)'}`, commands: recipe };
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

// Touchpoint as a person gets it: the workbench in this page on its sample shop with no local
// data, the file given to its file chooser (Ctrl+O, as the browser tests do), the preview
// confirmed as soon as it shows, until the database is in IndexedDB. The page times each step.
async function runUserImport(page, file) {
  await page.evaluate(() => window.bench.resetWorkbench());
  await page.evaluate((ms) => window.bench.watchUserImport(ms), RUN_TIMEOUT_MS);
  await chooseFile(page, file);
  const result = await page.evaluate(() => window.bench.userImport);
  // Outside the clock: the next round starts from the sample shop again.
  await page.evaluate(() => window.bench.resetWorkbench());
  return { ...result, total_ms: result.persisted_ms, rows_loaded: result.report?.rows_loaded };
}

async function runAll(options, input) {
  const contenders = options.lineItems ? LINE_ITEM_CONTENDERS : CONTENDERS;
  const server = await startStaticServer([await buildPage(), TOUCHPOINT_SITE], { files: { [`/${input.name}`]: input.file } });
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
    // The bench page runs the workbench's own module, whose test API wants the test flag.
    await page.goto(withTestFlag(`${server.url}/index.html`));
    await page.waitForFunction(() => window.benchLoaded === true, null, { timeout: 60_000 });
    const loaded = await page.evaluate(([name, kind]) => window.bench.loadInput(name, kind), [input.name, input.kind]);
    console.log(`input in page: ${loaded.bytes} bytes`);

    // Round by round, one run of each contender per round: every contender then starts from
    // a page that the others have used as much, instead of the later ones inheriting all of
    // the earlier ones' garbage.
    const failed = new Set();
    for (const contender of contenders) results[contender.key] = [];
    for (let i = 0; i < options.repeats; i++) {
      for (const contender of contenders) {
        if (crashed || failed.has(contender.key)) continue;
        const stop = startRssSampler();
        const load = os.loadavg()[0];
        let result;
        try {
          result = await withTimeout(
            contender.key === 'touchpoint_user'
              ? runUserImport(page, input.file)
              : page.evaluate((key) => window.bench.run(key), contender.key),
            RUN_TIMEOUT_MS,
            contender.name,
          );
        } catch (err) {
          result = { ok: false, error: err.message };
        }
        const rss = stop();
        result.rss_start_bytes = rss.start;
        result.rss_peak_bytes = rss.peak;
        result.load_1min = load;
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

const verdict = (met) => (met == null ? 'not measured' : met ? 'met' : 'NOT met');

// The 5x goal. The verdict holds Touchpoint's median against DuckDB's best run: the reading
// least favourable to Touchpoint, whatever state of the page each run met.
function fiveTimesLine(goal, touchpointMedian, duckBest, duckMedian) {
  const head = `${goal}: Touchpoint's median ${seconds(touchpointMedian)} against DuckDB's best ${seconds(duckBest)}`;
  if (touchpointMedian == null || duckBest == null) return `${head}: not measured`;
  return `${head} (${(duckBest / touchpointMedian).toFixed(1)}x; ${(duckMedian / touchpointMedian).toFixed(1)}x its median ` +
    `${seconds(duckMedian)}): ${verdict(touchpointMedian * 5 <= duckBest)}`;
}

// The targets Touchpoint's import is held to, each with the median measured in this run.
function goalLines(results) {
  const ok = (key) => (results[key] ?? []).filter((r) => r.ok);
  const medianOf = (key, pick) => median(ok(key).map(pick).filter((x) => x != null));
  const duck = medianOf('duckdb', (r) => r.total_ms);
  const duckBest = best(ok('duckdb').map((r) => r.total_ms));
  const dashboard = medianOf('touchpoint', (r) => r.dashboard_ms);
  const persisted = medianOf('touchpoint', (r) => r.persisted_ms);
  const wasm = max(ok('touchpoint').map((r) => r.wasm_bytes));
  const native = medianOf('native', (r) => r.total_ms);
  const known = (...xs) => xs.every((x) => x != null);
  return [
    fiveTimesLine("dashboard numbers at least 5x faster than DuckDB-wasm's load-to-answer", dashboard, duckBest, duck),
    `data persisted in SQLite within 3 s: ${seconds(persisted)}: ${verdict(known(persisted) ? persisted <= 3000 : null)}`,
    `peak wasm memory at most 600 MB: ${mb(wasm)}: ${verdict(known(wasm) ? wasm <= 600 * 2 ** 20 : null)}`,
    `native CLI import at most 1.5 s: ${seconds(native)}: ${verdict(known(native) ? native <= 1500 : null)}`,
  ];
}

// One table row: a figure `pick`ed from each run of a contender, best and median.
function tableRow(name, timed, runs, pick, startups) {
  const ok = runs.filter((r) => r.ok);
  if (!ok.length) return [name, timed, 'not available', '', '', '', '', '', '', '', '', runs[0]?.error?.split('\n')[0] ?? 'not run'];
  const times = ok.map(pick).filter((t) => t != null);
  return [
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
  ];
}

// One table row per figure; Touchpoint gives two (dashboard and persisted).
function tableRows(results) {
  const rows = [];
  const add = (...args) => rows.push(tableRow(...args));
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

function machineSection(m) {
  return `## Machine

- date: ${m.date}
- CPU: ${m.cpu}, \`nproc\`: ${m.nproc}; load average (1, 5, 15 min) when this was written: ${m.load}
- ${m.chromium}, headless, software WebGL (SwiftShader), flags as in \`tests/e2e\`
- Node ${m.node}; ${m.packages}

\`\`\`
$ free -g
${m.free}
\`\`\`
`;
}

// What the console shows after a run: the table, notes, cross-check lines, goals and problems.
function printSummary(rows, notes, check, goals, problems) {
  console.log('\n' + textTable(rows) + '\n');
  for (const note of notes) console.log(note);
  console.log(`cross-check: ${check.agree ? 'the contenders agree' : 'THE CONTENDERS DISAGREE'}`);
  for (const line of check.lines) console.log(`  ${line}`);
  console.log('goals:');
  for (const line of goals) console.log(`  ${line}`);
  if (problems.length) {
    console.log(`\n${problems.length} console/page problem(s):`);
    for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
  }
}

function writeResults(options, file, md) {
  if (!options.write) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, md);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

function report(options, input, size, results, problems, load) {
  const rows = tableRows(results);
  const check = crossCheck(results);
  const m = machine();
  const sqlStartup = results.sqljs?.find((r) => r.startup_ms != null)?.startup_ms;
  const repeatsNote = `${options.repeats} run(s) per contender in one page, in rounds (one run of each contender per round); best and median of them.`;

  printSummary(rows, stepNotes(results), check, goalLines(results), problems);

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

${machineSection(m)}`;
  writeResults(options, RESULTS_FILE, md);
}

// ------------------------------------------------------------------ reporting: line items

const count = (n) => (n == null ? '–' : n.toLocaleString('en-US'));

function lineItemRows(results) {
  const duck = results.duckdb ?? [];
  const tp = results.touchpoint ?? [];
  const user = results.touchpoint_user ?? [];
  const native = results.native ?? [];
  const none = (runs) => runs.map(() => null);
  return [
    tableRow('DuckDB-wasm (eh)', 'bytes → per-customer purchases and revenue', duck, (r) => r.total_ms, duck.map((r) => r.startup_ms)),
    tableRow('Touchpoint, benchmarkImport', 'bytes → headline metrics', tp, (r) => r.dashboard_ms, tp.map((r) => r.startup_ms)),
    tableRow('Touchpoint, benchmarkImport', 'bytes → rows committed in SQLite', tp, (r) => r.persisted_ms, tp.map((r) => r.startup_ms)),
    tableRow('Touchpoint, file chooser', 'file → preview shown', user, (r) => r.preview_ms, none(user)),
    tableRow('Touchpoint, file chooser', 'Import confirmed → dashboard numbers', user, (r) => r.confirm_to_numbers_ms, none(user)),
    tableRow('Touchpoint, file chooser', 'Import confirmed → stored in IndexedDB', user, (r) => r.confirm_to_persisted_ms, none(user)),
    tableRow('Touchpoint, file chooser', 'file → stored in IndexedDB', user, (r) => r.persisted_ms, none(user)),
    tableRow('Touchpoint CLI (native)', '`touchpoint import`, file → rows committed', native, (r) => r.total_ms, none(native)),
  ];
}

function lineItemGoals(results) {
  const ok = (key) => (results[key] ?? []).filter((r) => r.ok);
  const medianOf = (key, pick) => median(ok(key).map(pick).filter((x) => x != null));
  const dashboard = medianOf('touchpoint', (r) => r.dashboard_ms);
  const persisted = medianOf('touchpoint', (r) => r.persisted_ms);
  return [
    fiveTimesLine('Touchpoint at least 5x faster than DuckDB-wasm on the benchmarkImport path (bytes → headline metrics, ' +
      "against DuckDB's bytes → per-customer answer)", dashboard, best(ok('duckdb').map((r) => r.total_ms)), medianOf('duckdb', (r) => r.total_ms)),
    `persisted within 3 s (benchmarkImport, bytes → rows committed in SQLite): ${seconds(persisted)}: ${verdict(persisted == null ? null : persisted <= 3000)}`,
    `as a person gets it (reported, no goal yet): file → preview shown ${seconds(medianOf('touchpoint_user', (r) => r.preview_ms))}, ` +
      `Import confirmed → stored in IndexedDB ${seconds(medianOf('touchpoint_user', (r) => r.confirm_to_persisted_ms))}, ` +
      `file → stored ${seconds(medianOf('touchpoint_user', (r) => r.persisted_ms))} (medians)`,
  ];
}

function lineItemNotes(results) {
  const notes = [];
  const ok = (key) => (results[key] ?? []).filter((r) => r.ok);
  const runByRun = (key, pick) => ok(key).map((r) => seconds(pick(r))).join(', ');
  const duck = ok('duckdb');
  if (duck.length) {
    notes.push(`DuckDB-wasm, median steps: load ${seconds(median(duck.map((r) => r.steps.load_ms)))}, answer ${seconds(median(duck.map((r) => r.steps.group_by_ms)))}; ` +
      `DuckDB reports ${duck[0].duckdb_memory_usage} in use after the load.`);
  }
  const tp = ok('touchpoint');
  if (tp.length) {
    notes.push(`Touchpoint benchmarkImport, run by run: headline metrics ${runByRun('touchpoint', (r) => r.dashboard_ms)} ` +
      `(of which analysis ${runByRun('touchpoint', (r) => r.analysis_ms)}); rows committed ${runByRun('touchpoint', (r) => r.persisted_ms)}; ` +
      `lines read ${count(tp[0].rows_read)}, rows loaded ${count(tp[0].rows_loaded)}, rejected ${count(tp[0].rows_rejected)}.`);
  }
  const user = ok('touchpoint_user');
  if (user.length) {
    notes.push(`Touchpoint through the file chooser, run by run: file → preview ${runByRun('touchpoint_user', (r) => r.preview_ms)}; ` +
      `Import → dashboard numbers ${runByRun('touchpoint_user', (r) => r.confirm_to_numbers_ms)}; ` +
      `Import → rows committed ${runByRun('touchpoint_user', (r) => r.confirm_to_committed_ms)}; ` +
      `Import → stored in IndexedDB ${runByRun('touchpoint_user', (r) => r.confirm_to_persisted_ms)}; ` +
      `file → import job started ${runByRun('touchpoint_user', (r) => r.job_start_ms)} (the file copied into the module); ` +
      `section open when the numbers came: ${[...new Set(user.map((r) => r.section))].join(', ')}.`);
    if (user.some((r) => !r.had_preview)) notes.push('This workbench build has no import preview: its user path went straight on to writing.');
  }
  const loads = Object.values(results).flat().map((r) => r.load_1min).filter((x) => x != null);
  if (loads.length) {
    notes.push(`Load average (1 min) at the start of each run: lowest ${Math.min(...loads).toFixed(2)}, median ${median(loads).toFixed(2)}, highest ${Math.max(...loads).toFixed(2)}.`);
  }
  return notes;
}

// DuckDB's answer and counts against what Touchpoint reported for the same file.
function lineItemCrossCheck(results) {
  const duck = results.duckdb?.find((r) => r.ok);
  const tp = results.touchpoint?.find((r) => r.ok);
  const user = results.touchpoint_user?.find((r) => r.ok);
  const lines = [];
  let agree = true;
  const compare = (what, a, b) => {
    const same = a === b;
    agree = agree && same;
    lines.push(`${what}: DuckDB ${count(a)}, Touchpoint ${count(b)}${same ? '' : ' (DIFFERENT)'}`);
  };
  if (duck) {
    lines.push(`DuckDB: ${count(duck.rows_loaded)} lines, ${count(duck.check.groups)} customers with purchases, ` +
      `${count(duck.check.rows)} purchases, revenue ${duck.check.amount_total.toFixed(2)}`);
  }
  if (duck && tp) compare('lines read', duck.rows_loaded, tp.rows_read);
  if (duck && user) {
    const r = user.report;
    compare('orders stored (invoices with a customer)', duck.line_items.orders, r.orders);
    compare('purchases', duck.check.rows, r.purchases);
    compare('cancelled orders', duck.line_items.cancelled_orders, r.cancelled);
    compare('customers of the orders stored', duck.line_items.customers, r.customers);
    compare('guest lines', duck.line_items.guest_lines, r.guest_lines);
    compare('dashboard orders', duck.check.rows, user.metrics.orders);
    compare('dashboard customers', duck.check.groups, user.metrics.customers);
  }
  if (tp && user) {
    const same = tp.rows_loaded === user.report.rows_loaded;
    agree = agree && same;
    lines.push(`rows loaded: benchmarkImport ${count(tp.rows_loaded)}, file chooser ${count(user.report.rows_loaded)}${same ? '' : ' (DIFFERENT)'}`);
  }
  return { agree, lines };
}

function reportLineItems(options, input, size, results, problems, load) {
  const rows = lineItemRows(results);
  const check = lineItemCrossCheck(results);
  const notes = lineItemNotes(results);
  const goals = lineItemGoals(results);
  const m = machine();
  const user = results.touchpoint_user?.find((r) => r.ok);
  const recognised = user?.report.recognised_export;
  printSummary(rows, notes, check, goals, problems);

  const md = `# Browser import benchmark: line items

Importing one line-item file (one line per product, UCI Online Retail II columns) in headless
Chromium, in one page and one run: DuckDB-wasm, Touchpoint's \`benchmarkImport\` test hook, and
Touchpoint as a person gets it, through the workbench's file chooser. Made by
\`node bench/browser/run.mjs --line-items\` (see \`bench/browser/README.md\`).

Goals: Touchpoint at least 5x faster than DuckDB-wasm on the \`benchmarkImport\` path, and the rows
persisted within 3 s. The file-chooser figures are reported; making them faster is later work.

## Input

- ${size.rows.toLocaleString('en-US')} lines, ${(size.bytes / 1e6).toFixed(1)} MB, columns \`Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\`${recognised ? ` (Touchpoint recognised: ${recognised})` : ''}
- the shape of the UCI Online Retail II export, made up from a seed: about 18 lines per invoice, the lines of an invoice together except about 3% of invoices whose last lines come 500 to 60,000 lines later, about 20% guest lines (no customer id), \`C\` invoices (cancellations, negative quantities) about 2% of the lines, customer ids written as \`13085.0\`, dates as \`2009-12-01 07:45:00\`, some descriptions quoted because they hold a comma or a quote. Lines in that shape take about 88 bytes each.
- made by: ${input.source}${input.commands ? `\n\n\`\`\`\n${input.commands}\n\`\`\`` : ''}

## Results

${markdownTable(rows)}

- The CSV is fetched once into an ArrayBuffer; each DuckDB and benchmarkImport run gets its own copy, and its clock starts with that copy in memory.
- ${options.repeats} run(s) per contender in one page, in rounds (DuckDB-wasm, benchmarkImport, file chooser); best and median of them.
- DuckDB-wasm: \`registerFileBuffer\`, \`CREATE TABLE lines AS SELECT * FROM read_csv_auto('${input.name}')\`, then one query: the lines with a customer grouped by invoice (amount = Σ Quantity × Price, its day), then per customer the purchases (invoices not starting with \`C\` and not negative), their count, revenue, first and last day, as Touchpoint's dashboard counts them (docs/import.md). Results come back as Arrow. Start-up (worker, instantiate, connect, a fresh instance every run) is timed apart.
- Touchpoint, benchmarkImport: \`window.touchpoint.benchmarkImport(bytes, '${input.name}')\` imports into a scratch in-memory store with the page's job slices: \`dashboard_ms\` when the headline metrics are computed from the Dataset read, \`persisted_ms\` when the rows are committed in SQLite and the database saved to the module's file system. Start-up: loading the workbench until \`window.touchpoint.ready\`, once.
- Touchpoint, file chooser: the workbench in the same page (a 640×400 canvas), on its sample shop with no local data (\`clear_local_data\` between runs, outside the clock). Ctrl+O opens its file chooser, which is given the file by its path (\`chooseFile\` of \`tests/e2e/harness.mjs\`). The clock starts when the chooser hands the file to the page (the file input's \`change\` event); the page reads its state after every animation frame. "file → preview shown": the first frame with \`dataState().preview\`; the run then confirms at once (\`data:confirm_import\`, as clicking Import). "Import confirmed → dashboard numbers": the first frame whose \`metrics()\` (the dashboard's figures) are the file's; the Data page, where the preview is, stays open, so they are computed then and drawn when the Dashboard is opened. "stored in IndexedDB": the import has ended and the write of the local database to IndexedDB that followed it has finished (\`persistPending()\` false, \`persistedAt\` after the file came). Times are to the frame.
- Rows loaded: lines in DuckDB's table; Touchpoint's \`rows_loaded\`, the orders stored (its lines grouped by invoice, guest lines left out). Groups: customers with purchases in DuckDB's answer.
- Peak JS heap: \`performance.memory.usedJSHeapSize\` of the page's main thread (DuckDB works in its worker, which this does not see). Wasm memory: Touchpoint's \`peak_wasm_bytes\` (benchmarkImport) and the module's memory at its largest during the run (file chooser); one module serves both and its memory never shrinks, so the file-chooser figure is at least benchmarkImport's.
- Renderer RSS: resident memory of the page's renderer process, read from /proc every 50 ms during each run. All contenders share the page, so a later contender's start includes what the earlier ones left behind.
- The machine is shared: load average ${load.before} before the runs, ${load.after} after, on ${m.nproc} cores. Times move with it.
${notes.map((n) => `- ${n}`).join('\n')}
- Cross-check: ${check.agree ? 'DuckDB and Touchpoint agree' : '**DuckDB and Touchpoint disagree**'} (${check.lines.join('; ')}).

## Goals

${goals.map((line) => `- ${line}`).join('\n')}

${machineSection(m)}`;
  writeResults(options, LINE_ITEMS_RESULTS_FILE, md);
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
(options.lineItems ? reportLineItems : report)(options, input, size, results, problems, { before: loadBefore, after: os.loadavg()[0].toFixed(2) });
