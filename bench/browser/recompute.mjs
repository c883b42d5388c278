// Retention recomputation benchmark: in one headless Chromium page and one run, Touchpoint's
// full recomputation (all metrics, the cohort matrix, segments, RFM) and a segment rule change,
// measured in wasm inside the page, the rule change measured again as a person sees it (command
// to drawn frame) in the real workbench, and DuckDB-wasm computing the same cohort matrix with
// SQL over the same orders. The native and node-wasm builds of the same measurement
// (touchpoint_bench_recompute) run after the page. Prints a side-by-side table and writes
// bench/results/recompute.md.
//
//   node bench/browser/recompute.mjs [--repeats N] [--rule-changes N] [--query-repeats N] [--csv FILE] [--no-write]
//
// --repeats        timed full recomputations (default 7; 2 untimed ones run first)
// --rule-changes   timed rule changes, computed and in the page (default 21 computed, 11 in the page)
// --query-repeats  timed DuckDB-wasm cohort queries (default 7)
// --csv            another orders file (default: the browser import benchmark's, made with the CLI)
// --no-write       print only; leave the results file alone
//
// TOUCHPOINT_SITE_DIR (workbench build), TOUCHPOINT_CLI (makes the input), TOUCHPOINT_BENCH_NATIVE
// and TOUCHPOINT_BENCH_WASM (the native and node-wasm touchpoint_bench_recompute) point the run at
// other builds.
import { CHROMIUM_ARGS as BROWSER_TEST_FLAGS } from '../../tests/e2e/chromium_flags.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { buildPage } from './build.mjs';
import { machine } from './machine.mjs';
import { startStaticServer } from '../../scripts/static_server.mjs';
import { withTestFlag } from '../../tests/e2e/test_flag.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WORK_DIR = path.join(REPO, 'build', 'bench-browser');
const PAGE_DIR = path.join(WORK_DIR, 'recompute-site');
const TOUCHPOINT_SITE = path.resolve(process.env.TOUCHPOINT_SITE_DIR ?? path.join(REPO, 'build/wasm/site'));
const CLI = path.resolve(process.env.TOUCHPOINT_CLI ?? path.join(REPO, 'build/native/cli/touchpoint'));
const BENCH_NATIVE = path.resolve(process.env.TOUCHPOINT_BENCH_NATIVE ?? path.join(REPO, 'build/native/bench/touchpoint_bench_recompute'));
const BENCH_WASM = path.resolve(process.env.TOUCHPOINT_BENCH_WASM ?? path.join(REPO, 'build/wasm/bench/touchpoint_bench_recompute.js'));
const RESULTS_FILE = path.join(REPO, 'bench', 'results', 'recompute.md');
const CHROMIUM_ARGS = [...BROWSER_TEST_FLAGS, '--js-flags=--expose-gc'];
const FULL_GOAL_MS = 150;
const RULE_GOAL_MS = 50;

function parseArgs(argv) {
  const options = { repeats: 7, ruleChanges: 21, pageRuleChanges: 11, queryRepeats: 7, csv: null, write: true };
  const count = (text) => Math.max(1, Number.parseInt(text, 10) || 1);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeats') options.repeats = count(argv[++i]);
    else if (argv[i] === '--rule-changes') {
      options.ruleChanges = count(argv[++i]);
      options.pageRuleChanges = options.ruleChanges;
    } else if (argv[i] === '--query-repeats') options.queryRepeats = count(argv[++i]);
    else if (argv[i] === '--csv') options.csv = path.resolve(argv[++i]);
    else if (argv[i] === '--no-write') options.write = false;
    else throw new Error(`unknown option ${argv[i]} (see the top of recompute.mjs)`);
  }
  return options;
}

// ------------------------------------------------------------------ input

// The browser import benchmark's input (bench/browser/run.mjs makes it with these same command
// lines and records them beside the file); made here only when it is missing.
function prepareInput(options) {
  if (options.csv) return { file: options.csv, source: 'given with --csv' };
  const csv = path.join(WORK_DIR, 'orders.csv');
  if (fs.existsSync(csv)) {
    const recipe = fs.existsSync(csv + '.commands') ? fs.readFileSync(csv + '.commands', 'utf8') : null;
    return { file: csv, source: 'the browser import benchmark\'s file (Touchpoint CLI)', commands: recipe };
  }
  if (!fs.existsSync(CLI)) throw new Error(`the CLI (${CLI}) is missing: build it, or pass --csv`);
  const store = path.join(WORK_DIR, 'orders-source.sqlite');
  const commands = [
    [CLI, 'sample', '--out', store, '--customers', '350000', '--seed', '1', '--purchase-rate-shape', '0.78', '--force'],
    [CLI, 'export', store, '--table', 'orders', '--out', csv, '--columns', 'order_id,customer_id,order_date,amount,category,channel'],
  ];
  fs.mkdirSync(WORK_DIR, { recursive: true });
  for (const [exe, ...args] of commands) {
    console.log(`$ ${path.relative(REPO, exe)} ${args.join(' ')}`);
    execFileSync(exe, args, { stdio: 'inherit' });
  }
  const recipe = commands.map((c) => c.map((a) => path.relative(REPO, a) || a).join(' ')).join('\n');
  fs.writeFileSync(csv + '.commands', recipe);
  return { file: csv, source: 'Touchpoint CLI', commands: recipe };
}

// ------------------------------------------------------------------ the page

// The cohort matrix in SQL, with Touchpoint's definitions (core/include/touchpoint/metrics/cohorts.hpp):
// a purchase is an order that is not a return (negative amounts are returns), a customer's
// cohort is the month of their first purchase, and a cell counts the cohort's customers with at
// least one purchase in the month `months_since` months later. Whole history, so every customer.
const COHORT_SQL = `
WITH purchases AS (SELECT customer_id, CAST(order_date AS DATE) AS day FROM orders WHERE amount >= 0),
cohorts AS (SELECT customer_id, date_trunc('month', min(day)) AS cohort FROM purchases GROUP BY customer_id),
active AS (SELECT DISTINCT customer_id, date_trunc('month', day) AS month FROM purchases)
SELECT strftime(c.cohort, '%Y-%m') AS cohort, CAST(datediff('month', c.cohort, a.month) AS INTEGER) AS months_since,
       CAST(count(*) AS INTEGER) AS customers
FROM active a JOIN cohorts c USING (customer_id)
GROUP BY ALL ORDER BY 1, 2`;

// The page script: DuckDB-wasm (bundled by esbuild from node_modules), then the workbench.
const PAGE_SCRIPT = `
import * as duckdb from '@duckdb/duckdb-wasm';

let input = null;
const now = () => performance.now();
const settle = async (ms) => { if (typeof window.gc === 'function') window.gc(); await new Promise((r) => setTimeout(r, ms)); };

async function loadInput(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
  input = new Uint8Array(await response.arrayBuffer());
  return { bytes: input.byteLength };
}

// The single-threaded "eh" bundle, as in the import benchmark; one instance, terminated at the end
// so its worker does not share the CPU with the workbench.
async function duckdbCohorts(sql, repeats) {
  const s0 = now();
  const worker = new Worker(new URL('duckdb-browser-eh.worker.js', location.href).href);
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(new URL('duckdb-eh.wasm', location.href).href);
  const conn = await db.connect();
  const startup_ms = now() - s0;
  try {
    const l0 = now();
    await db.registerFileBuffer('orders.csv', input.slice());
    await conn.query("CREATE TABLE orders AS SELECT * FROM read_csv_auto('orders.csv')");
    const load_ms = now() - l0;
    const rows = Number((await conn.query('SELECT count(*) AS n FROM orders')).getChild('n').get(0));
    const query_ms = [];
    let table = null;
    for (let i = 0; i < repeats; i++) {
      await settle(200);
      const t0 = now();
      table = await conn.query(sql);
      query_ms.push(now() - t0);
    }
    const cells = [];
    const cohort = table.getChild('cohort'), since = table.getChild('months_since'), customers = table.getChild('customers');
    for (let i = 0; i < table.numRows; i++) cells.push([cohort.get(i), Number(since.get(i)), Number(customers.get(i))]);
    return { ok: true, startup_ms, load_ms, rows, query_ms, cells };
  } finally {
    await conn.close();
    await db.terminate();
  }
}

async function startTouchpoint(timeoutMs) {
  const t0 = now();
  const script = document.createElement('script');
  script.src = 'touchpoint.js';
  document.body.appendChild(script);
  while (!(window.touchpoint && window.touchpoint.ready === true)) {
    if (now() - t0 > timeoutMs) throw new Error('the workbench was not ready after ' + timeoutMs / 1000 + ' s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return now() - t0;
}

// After the next frame has been drawn: a task queued from inside requestAnimationFrame runs
// once every frame callback of that tick (the workbench's among them) has returned.
const afterNextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

async function waitFor(check, timeoutMs, what) {
  const t0 = now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (now() - t0 > timeoutMs) throw new Error(what + ': not after ' + timeoutMs / 1000 + ' s');
    await afterNextFrame();
  }
}

// Touchpoint's in-page measurement (web/benchmarks.cpp), then the same orders imported into the
// workbench and the rule change timed from the command to the frame that shows it.
async function touchpointRecompute(name, pageRuleChanges) {
  const startup_ms = await startTouchpoint(180000);
  // A first, untimed call: the browser compiles hot wasm functions with its optimising tier in
  // the background, which on a busy machine takes a few seconds; the measured call comes after.
  const warmup = await window.touchpoint.benchmarkImport(input.slice(), 'recompute:2,3,0');
  await settle(3000);
  const measured = await window.touchpoint.benchmarkImport(input.slice(), name);
  measured.warmup_call_full_ms = warmup.full ? warmup.full.all_ms : null;
  if (measured.error) return { ok: false, error: measured.error, startup_ms };

  // The import as a person makes it: the file dropped on the page.
  const i0 = now();
  window.touchpoint.importFile(new File([input], 'orders.csv', { type: 'text/csv' }));
  const state = await waitFor(() => {
    const s = window.touchpoint.dataState();
    // The import stops at its preview: Import is clicked as soon as it shows.
    if (s.preview) window.touchpoint.command('data:confirm_import');
    return s.source === 'local' && s.job === null && s.local_orders > 0 ? s : null;
  }, 300000, 'the import into the workbench');
  const import_ms = now() - i0;
  await settle(1000);

  // The Segments section's first frame with this data prepares everything (history, stats,
  // cohorts, RFM, segments): timed too, as it is what opening the section costs.
  const p0 = now();
  window.touchpoint.command('segments:segments');
  const prepared = await waitFor(() => {
    const ui = window.touchpoint.ui();
    return ui.segments && ui.segments.total_customers === measured.customers ? ui : null;
  }, 60000, 'the Segments section');
  const open_segments_ms = now() - p0;
  const open_segments_drawing_ms = prepared.frame.drawing_ms;
  await settle(500);
  // Frames with nothing changing, for comparison: what drawing the Segments section costs alone.
  // Also the time between animation frames then: the soonest a change can show is the next one.
  const idle = [], intervals = [];
  let last = null;
  for (let i = 0; i < 30; i++) {
    await afterNextFrame();
    const t = now();
    if (last !== null) intervals.push(t - last);
    last = t;
    idle.push(window.touchpoint.ui().frame.drawing_ms);
  }

  const changes = [];
  for (let i = 0; i < pageRuleChanges; i++) {
    const rules = i % 2 === 0
      ? { new_within_days: 60, loyal_min_purchase_days: 3, lapse_gap_multiple: 3, one_time_lapse_days: 120 }
      : { new_within_days: 30, loyal_min_purchase_days: 4, lapse_gap_multiple: 2, one_time_lapse_days: 90 };
    await afterNextFrame();
    const t0 = now();
    if (!window.touchpoint.command('segment_rules:' + JSON.stringify(rules))) throw new Error('segment_rules command refused');
    let frames = 0;
    const ui = await waitFor(() => {
      frames++;
      const u = window.touchpoint.ui();
      return u.segments && u.segments.rules.new_within_days === rules.new_within_days ? u : null;
    }, 10000, 'the rule change');
    changes.push({ wall_ms: now() - t0, drawing_ms: ui.frame.drawing_ms, frame_ms: ui.frame.total_ms, customers: ui.segments.customers });
    await settle(150);
  }
  return { ok: true, startup_ms, measured, import_ms, local_orders: state.local_orders, open_segments_ms, open_segments_drawing_ms, idle_drawing_ms: idle, idle_frame_interval_ms: intervals, changes };
}

window.recompute = { loadInput, duckdbCohorts, touchpointRecompute };
window.recomputeLoaded = true;
`;

const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <!-- No Content-Security-Policy: DuckDB-wasm's worker needs what the workbench page forbids.
       Everything is still served from this one local origin. -->
  <title>Touchpoint recomputation benchmark</title>
  <link rel="icon" href="data:,">
  <!-- The workbench's own style: its canvas fills the viewport, as in the real page. -->
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <canvas id="canvas" tabindex="-1"></canvas>
  <div id="status" role="status"></div>
  <!-- shell.js sets up window.Module and window.touchpoint; touchpoint.js is inserted after
       DuckDB-wasm has run, so the workbench's frames do not share the CPU with it. -->
  <script src="shell.js"></script>
  <script type="module" src="recompute.js"></script>
</body>
</html>
`;

async function buildRecomputePage() {
  const peerDir = await buildPage(); // DuckDB-wasm's wasm and worker files, as the import benchmark serves them
  fs.mkdirSync(PAGE_DIR, { recursive: true });
  await esbuild.build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: HERE, sourcefile: 'recompute-page.js' },
    outfile: path.join(PAGE_DIR, 'recompute.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(PAGE_DIR, 'index.html'), PAGE_HTML);
  return [PAGE_DIR, peerDir];
}


// ------------------------------------------------------------------ running

async function runPage(options, input) {
  if (!fs.existsSync(path.join(TOUCHPOINT_SITE, 'touchpoint.js'))) throw new Error(`no workbench build in ${TOUCHPOINT_SITE}`);
  const roots = await buildRecomputePage();
  const server = await startStaticServer([...roots, TOUCHPOINT_SITE], { files: { '/orders.csv': input.file } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('crash', () => problems.push('the page crashed (renderer out of memory?)'));
  try {
    // The page runs the workbench's own module, whose test API wants the test flag.
    await page.goto(withTestFlag(`${server.url}/index.html`));
    await page.waitForFunction(() => window.recomputeLoaded === true, null, { timeout: 60_000 });
    const loaded = await page.evaluate(() => window.recompute.loadInput('orders.csv'));
    console.log(`input in page: ${loaded.bytes} bytes`);
    let duck;
    try {
      duck = await page.evaluate(({ sql, n }) => window.recompute.duckdbCohorts(sql, n), { sql: COHORT_SQL, n: options.queryRepeats });
      console.log(`DuckDB-wasm cohort query: ${duck.query_ms.map((t) => t.toFixed(0)).join(', ')} ms`);
    } catch (err) {
      duck = { ok: false, error: err.message };
      console.log(`DuckDB-wasm: ${err.message}`);
    }
    const name = `recompute:${options.repeats},${options.ruleChanges},2`;
    let tp;
    try {
      tp = await page.evaluate(({ n, k }) => window.recompute.touchpointRecompute(n, k), { n: name, k: options.pageRuleChanges });
      if (tp.ok) console.log(`Touchpoint in page: full ${tp.measured.full.median_ms.toFixed(1)} ms, rule change ${tp.measured.rule_change.median_ms.toFixed(1)} ms, redraw ${median(tp.changes.map((c) => c.wall_ms)).toFixed(1)} ms`);
      else console.log(`Touchpoint: ${tp.error}`);
    } catch (err) {
      tp = { ok: false, error: err.message };
      console.log(`Touchpoint: ${err.message}`);
    }
    return { duck, tp, problems };
  } finally {
    await browser.close();
    server.close();
  }
}

// The same measurement outside the browser: native, and wasm under node.
function runBench(label, command, args, input, options) {
  const program = args.length ? args[args.length - 1] : command; // the benchmark itself, or node's script
  if (!fs.existsSync(program)) return { ok: false, error: `${path.relative(REPO, program)} is not built` };
  try {
    const output = execFileSync(command, [...args, input.file, '--json', '--repeats', String(options.repeats), '--rule-changes', String(options.ruleChanges), '--warmups', '2'],
      { encoding: 'utf8', maxBuffer: 64 << 20 });
    const result = JSON.parse(output);
    console.log(`${label}: full ${result.full.median_ms.toFixed(1)} ms, rule change ${result.rule_change.median_ms.toFixed(1)} ms`);
    return { ok: true, ...result };
  } catch (err) {
    return { ok: false, error: String(err.message).split('\n')[0] };
  }
}

// ------------------------------------------------------------------ reporting

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const best = (xs) => (xs.length ? Math.min(...xs) : null);
const ms = (x) => (x == null ? '–' : `${x.toFixed(1)} ms`);
const verdict = (value, goal) => (value == null ? 'not measured' : value <= goal ? 'met' : 'NOT met');

// Touchpoint's cohort matrix (customers per cell) against DuckDB's.
function compareCohorts(duck, tp) {
  if (!duck?.ok || !tp?.ok) return { agree: null, text: 'not compared (a contender is missing)' };
  const ours = new Map();
  let oursCells = 0;
  for (const row of tp.measured.cohort_customers) {
    row.customers.forEach((n, k) => {
      if (n > 0) ours.set(`${row.cohort}/${k}`, n), oursCells++;
    });
  }
  let mismatches = 0;
  const examples = [];
  for (const [cohort, k, n] of duck.cells) {
    if (ours.get(`${cohort}/${k}`) !== n) {
      mismatches++;
      if (examples.length < 3) examples.push(`${cohort} +${k}: DuckDB ${n}, Touchpoint ${ours.get(`${cohort}/${k}`) ?? 0}`);
    }
  }
  if (duck.cells.length !== oursCells) mismatches += Math.abs(duck.cells.length - oursCells);
  const customers = duck.cells.filter(([, k]) => k === 0).reduce((a, [, , n]) => a + n, 0);
  return {
    agree: mismatches === 0,
    text: mismatches === 0
      ? `the cohort matrices agree: ${duck.cells.length} non-empty cells, ${tp.measured.cohort_customers.length} cohorts, ${customers.toLocaleString('en-US')} customers`
      : `THE COHORT MATRICES DISAGREE in ${mismatches} cell(s): ${examples.join('; ')}`,
  };
}

function table(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c]).length)));
  return {
    text: all.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd()).join('\n'),
    markdown: [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'),
  };
}

function mainRows(page, native, wasm) {
  const rows = [];
  const tp = page.tp?.ok ? page.tp : null;
  const m = tp?.measured;
  const add = (who, what, med, min, runs, goal) => rows.push([who, what, ms(med), ms(min), String(runs ?? '–'), goal ? `${goal} ms` : '', goal ? verdict(med, goal) : '']);
  add('Touchpoint, wasm in Chromium', 'full recomputation', m?.full.median_ms, m?.full.min_ms, m?.full.runs, FULL_GOAL_MS);
  add('Touchpoint, wasm in Chromium', 'rule change, computed', m?.rule_change.median_ms, m?.rule_change.min_ms, m?.rule_change.runs, RULE_GOAL_MS);
  const walls = tp ? tp.changes.map((c) => c.wall_ms) : [];
  add('Touchpoint workbench page', 'rule change: command → frame drawn', median(walls), best(walls), walls.length || null, RULE_GOAL_MS);
  const drawing = tp ? tp.changes.map((c) => c.drawing_ms) : [];
  add('Touchpoint workbench page', 'that frame\'s drawing_ms', median(drawing), best(drawing), drawing.length || null, RULE_GOAL_MS);
  const idle = tp ? tp.idle_drawing_ms : [];
  add('Touchpoint workbench page', 'drawing_ms of a frame with no change', median(idle), best(idle), idle.length || null, null);
  const intervals = tp ? tp.idle_frame_interval_ms : [];
  add('Touchpoint workbench page', 'time between frames with no change', median(intervals), best(intervals), intervals.length || null, null);
  add('Touchpoint, wasm in Chromium', 'cohort matrix alone', m?.full.parts.cohorts.median_ms, m?.full.parts.cohorts.min_ms, m?.full.runs, null);
  const q = page.duck?.ok ? page.duck.query_ms : [];
  add('DuckDB-wasm 1.32 (eh)', 'cohort matrix SQL query', median(q), best(q), q.length || null, null);
  for (const [who, r] of [['Touchpoint, wasm in node', wasm], ['Touchpoint, native', native]]) {
    add(who, 'full recomputation', r?.ok ? r.full.median_ms : null, r?.ok ? r.full.min_ms : null, r?.ok ? r.full.runs : null, FULL_GOAL_MS);
    add(who, 'rule change, computed', r?.ok ? r.rule_change.median_ms : null, r?.ok ? r.rule_change.min_ms : null, r?.ok ? r.rule_change.runs : null, RULE_GOAL_MS);
  }
  return rows;
}

function partRows(page, native, wasm) {
  const sources = [page.tp?.ok ? page.tp.measured : null, wasm?.ok ? wasm : null, native?.ok ? native : null];
  const rows = [];
  const keys = (sources.find((s) => s) ?? { full: { parts: {} }, rule_change: { parts: {} } });
  for (const [group, label] of [['full', 'full recomputation'], ['rule_change', 'rule change']]) {
    for (const key of Object.keys(keys[group].parts)) {
      rows.push([label, key, ...sources.map((s) => (s ? ms(s[group].parts[key].median_ms) : '–'))]);
    }
    rows.push([label, '**total**', ...sources.map((s) => (s ? ms(s[group].median_ms) : '–'))]);
  }
  return rows;
}


function report(options, input, page, native, wasm, load) {
  const main = table(['Contender', 'Timed', 'Median', 'Best', 'Runs', 'Goal', 'Verdict'], mainRows(page, native, wasm));
  const parts = table(['', 'Part', 'wasm in Chromium', 'wasm in node', 'native'], partRows(page, native, wasm));
  const check = compareCohorts(page.duck, page.tp);
  const tp = page.tp?.ok ? page.tp : null;
  const notes = [];
  if (tp) {
    notes.push(`Dataset: ${tp.measured.customers.toLocaleString('en-US')} customers, ${tp.measured.orders.toLocaleString('en-US')} purchases, ${tp.measured.purchase_days.toLocaleString('en-US')} purchase days; loaded for the measurement in ${ms(tp.measured.load_ms)} (not timed).`);
    notes.push(`Full recomputation in Chromium, run by run: ${tp.measured.full.all_ms.map((t) => t.toFixed(0)).join(', ')} ms (after ${tp.measured.warmups} untimed runs in the same call, and a first call whose runs took ${(tp.measured.warmup_call_full_ms ?? []).map((t) => t.toFixed(0)).join(', ')} ms while the browser's optimising compiler caught up).`);
    notes.push(`In the workbench page: the import of the same file took ${ms(tp.import_ms)} (${tp.local_orders.toLocaleString('en-US')} orders stored); opening Segments on it (the first frame prepares history, stats, cohorts, RFM and segments) ${ms(tp.open_segments_ms)}, that frame's drawing ${ms(tp.open_segments_drawing_ms)}.`);
    notes.push(`Rule changes in the page, command → drawn frame: ${tp.changes.map((c) => c.wall_ms.toFixed(0)).join(', ')} ms; drawing_ms of those frames: ${tp.changes.map((c) => c.drawing_ms.toFixed(0)).join(', ')} ms.`);
  } else notes.push(`Touchpoint in the page: ${page.tp?.error ?? 'not run'}`);
  if (page.duck?.ok) notes.push(`DuckDB-wasm: start-up ${ms(page.duck.startup_ms)}, CSV into a table ${ms(page.duck.load_ms)} (${page.duck.rows.toLocaleString('en-US')} rows; neither is in the query time); query runs: ${page.duck.query_ms.map((t) => t.toFixed(0)).join(', ')} ms.`);
  else notes.push(`DuckDB-wasm: ${page.duck?.error ?? 'not run'}`);
  for (const [who, r] of [['native', native], ['wasm in node', wasm]]) {
    if (r?.ok) notes.push(`Touchpoint ${who}: full recomputation CPU time median ${ms(r.full.cpu.median_ms)} (wall ${ms(r.full.median_ms)}); rule change CPU ${ms(r.rule_change.cpu.median_ms)}.`);
    else notes.push(`Touchpoint ${who}: ${r?.error ?? 'not run'}`);
  }
  notes.push(`Cross-check: ${check.text}.`);

  console.log('\n' + main.text + '\n\nPer part (medians):\n' + parts.text + '\n');
  for (const note of notes) console.log(note);
  console.log(`load average ${load.before} before, ${load.after} after`);
  if (page.problems.length) {
    console.log(`\n${page.problems.length} console/page problem(s):`);
    for (const p of page.problems.slice(0, 20)) console.log(`  ${p}`);
  }

  const m = machine();
  const md = `# Retention recomputation benchmark

One full recomputation of everything the workbench derives from an orders file (headline
metrics, the retention report over the whole history, the cohort matrix by month, purchase
history and customer stats, RFM, segments with trend and migration), and a segment rule change,
on the 1M-order file; beside DuckDB-wasm computing the same cohort matrix with SQL in the same
page and run. Made by \`node bench/browser/recompute.mjs\` (see \`bench/browser/README.md\`).

## Input

- ${input.file.startsWith(REPO) ? path.relative(REPO, input.file) : input.file}: ${input.source}${input.commands ? `\n\n\`\`\`\n${input.commands.trim()}\n\`\`\`` : ''}

## Results

${main.markdown}

Per part, medians:

${parts.markdown}

${notes.map((n) => `- ${n}`).join('\n')}
- Goals: a full recomputation in wasm within ${FULL_GOAL_MS} ms; a segment rule change redrawn within ${RULE_GOAL_MS} ms.
- "wasm in Chromium" runs \`window.touchpoint.benchmarkImport(bytes, '${`recompute:${options.repeats},${options.ruleChanges},2`}')\` (web/benchmarks.cpp); "wasm in node" and "native" run \`touchpoint_bench_recompute FILE --json\`: all three time the same code (bench/recompute_measure.hpp). Medians and bests over the timed runs.
- "command → frame drawn": \`window.touchpoint.command('segment_rules:{...}')\` with the Segments section shown on the imported file, until the first frame whose \`ui().segments.rules\` shows the new rules (polled right after each animation frame); \`drawing_ms\` is that frame's own drawing time (\`ui().frame\`), which includes the rule change's computation.
- DuckDB-wasm's query:

\`\`\`sql${COHORT_SQL}
\`\`\`

- The machine is shared: load average ${load.before} before the run, ${load.after} after. Times move with it; the CPU-time figures of the native run show how much of its wall time was waiting.

## Machine

- date: ${m.date}
- CPU: ${m.cpu}, \`nproc\`: ${m.nproc}
- ${m.chromium}, headless, flags as in \`tests/e2e\`; Node ${m.node}
`;
  if (options.write) {
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, md);
    console.log(`\nwrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
}

// ------------------------------------------------------------------ main

const options = parseArgs(process.argv.slice(2));
const input = prepareInput(options);
console.log(`input: ${input.file} (${input.source})`);
const loadBefore = os.loadavg()[0].toFixed(2);
const page = await runPage(options, input);
const wasm = runBench('Touchpoint wasm in node', process.execPath, ['--no-experimental-fetch', BENCH_WASM], input, options);
const native = runBench('Touchpoint native', BENCH_NATIVE, [], input, options);
report(options, input, page, native, wasm, { before: loadBefore, after: os.loadavg()[0].toFixed(2) });
