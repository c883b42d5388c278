// Browser load benchmark: one large orders CSV imported through the real workbench page in
// headless Chromium (the file chooser, the page's copy into the module, the import job between
// frames, the commit and the write to IndexedDB), and what it took: whether it completed or was
// refused, wall time, peak WebAssembly memory, peak JS heap and peak renderer RSS. Writes
// bench/results/browser_load.md.
//
//   node bench/browser/load.mjs [--orders N ...] [--csv FILE] [--no-write]
//
// --orders   data rows to import (default 5000000; repeat the option for several sizes, each in a
//            fresh browser); the file is cut to exactly this many rows
// --csv      cut the inputs from this orders file instead of generating one with the CLI
// --no-write print the table only; leave the results file alone
import { CHROMIUM_ARGS as BROWSER_TEST_FLAGS } from '../../tests/e2e/chromium_flags.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chooseFile } from '../../tests/e2e/harness.mjs';
import { machine } from './machine.mjs';
import { rssBytes } from './measure.mjs';
import { startStaticServer } from '../../scripts/static_server.mjs';
import { withTestFlag } from '../../tests/e2e/test_flag.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WORK_DIR = path.join(REPO, 'build', 'bench-browser', 'load');
const TOUCHPOINT_SITE = path.resolve(process.env.TOUCHPOINT_SITE_DIR ?? path.join(REPO, 'build/wasm/site'));
const CLI = path.resolve(process.env.TOUCHPOINT_CLI ?? path.join(REPO, 'build/native/cli/touchpoint'));
const RESULTS_FILE = path.join(REPO, 'bench', 'results', 'browser_load.md');
const CHROMIUM_ARGS = [
  ...BROWSER_TEST_FLAGS,
  '--enable-precise-memory-info',
  // Unknown to Chromium; lets this script find its own browser process in /proc.
  `--touchpoint-load-run=${process.pid}`,
];
const READY_TIMEOUT_MS = 120_000;
const IMPORT_TIMEOUT_MS = 30 * 60_000;
// Sample shop customers for the source file: about 2.95 orders each with the flags below, so
// 2,100,000 customers give a little over 6,000,000 orders (the most rows one import reads).
const SOURCE_CUSTOMERS = 2_100_000;

function parseArgs(argv) {
  const options = { orders: [], csv: null, write: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--orders') options.orders.push(Number.parseInt(argv[++i], 10));
    else if (argv[i] === '--csv') options.csv = path.resolve(argv[++i]);
    else if (argv[i] === '--no-write') options.write = false;
    else throw new Error(`unknown option ${argv[i]} (see the top of load.mjs)`);
  }
  if (options.orders.length === 0) options.orders.push(5_000_000);
  for (const n of options.orders) if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--orders wants a positive count, not ${n}`);
  return options;
}

// ------------------------------------------------------------------ input

function generationCommands(source, csv) {
  return [
    ['sample', '--out', source, '--customers', String(SOURCE_CUSTOMERS), '--seed', '1', '--purchase-rate-shape', '0.78', '--force'],
    ['export', source, '--table', 'orders', '--out', csv, '--columns', 'order_id,customer_id,order_date,amount'],
  ];
}

function runCli(args) {
  execFileSync(CLI, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

function sourceCsv(options) {
  if (options.csv) return { file: options.csv, commands: null };
  const source = path.join(WORK_DIR, 'orders-source.sqlite');
  const csv = path.join(WORK_DIR, 'orders-all.csv');
  const commands = generationCommands(source, csv);
  const stamp = path.join(WORK_DIR, 'orders-all.commands');
  const wanted = JSON.stringify(commands);
  if (!fs.existsSync(csv) || !fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== wanted) {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build the native CLI, or pass --csv`);
    fs.mkdirSync(WORK_DIR, { recursive: true });
    console.log('making the input with the CLI...');
    for (const args of commands) runCli(args);
    fs.writeFileSync(stamp, wanted);
  }
  return { file: csv, commands };
}

// The header and the first `rows` data rows of `from`, in a file of their own (made once).
async function cutTo(from, rows) {
  const out = path.join(WORK_DIR, `${path.basename(from, '.csv')}-${rows}.csv`);
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(from).mtimeMs) return out;
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const part = `${out}.part`;
  const writer = fs.createWriteStream(part);
  const lines = readline.createInterface({ input: fs.createReadStream(from), crlfDelay: Infinity });
  let written = -1;  // the header is not a row
  for await (const line of lines) {
    if (!writer.write(line + '\n')) await new Promise((resolve) => writer.once('drain', resolve));
    if (++written === rows) break;
  }
  lines.close();
  await new Promise((resolve) => writer.end(resolve));
  if (written < rows) throw new Error(`${from} has only ${written} data rows, fewer than ${rows}`);
  fs.renameSync(part, out);
  return out;
}

function countRows(file) {
  const text = execFileSync('wc', ['-l', file], { encoding: 'utf8' });
  return Number.parseInt(text, 10) - 1;  // less the header (every line ends with a newline)
}

// ------------------------------------------------------------------ renderer memory

function parentOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;  // ended
  }
}

function argumentsOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

// The page renderers under this run's browser (marked by its own flag).
function rendererPids() {
  const pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
  const marker = `--touchpoint-load-run=${process.pid}`;
  const browser = new Set(pids.filter((pid) => {
    const args = argumentsOf(pid);
    return args.includes(marker) && !args.includes('--type=');
  }));
  return pids.filter((pid) => {
    const args = argumentsOf(pid);
    if (!args.includes('--type=renderer') || args.includes('--top-chrome-webui')) return false;
    for (let up = parentOf(pid), hops = 0; up > 1 && hops < 8; up = parentOf(up), hops++) if (browser.has(up)) return true;
    return false;
  });
}

// ------------------------------------------------------------------ one import

async function importOnce(browser, url, csv, rows) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('crash', () => problems.push('the page crashed'));
  try {
    await page.goto(withTestFlag(`${url}/index.html`), { waitUntil: 'load' });
    await page.waitForFunction(() => window.touchpoint?.ready === true, null, { timeout: READY_TIMEOUT_MS });
    const pids = rendererPids();
    const startState = await page.evaluate(() => ({
      heap: Module.HEAPU8.length, js: performance.memory.usedJSHeapSize, orders: window.touchpoint.dataState().local_orders,
    }));
    const rssStart = rssBytes(pids);
    let rssPeak = rssStart;
    let jsPeak = startState.js;
    let wasmPeak = startState.heap;
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssBytes(pids))), 50);
    const phases = [];
    const started = performance.now();
    let lastLog = started;
    let final = null;
    try {
      await chooseFile(page, csv);
      // The page's own state every 250 ms: its memory, the job's phase, and whether it is over.
      for (;;) {
        if (performance.now() - started > IMPORT_TIMEOUT_MS) throw new Error(`the import took more than ${IMPORT_TIMEOUT_MS / 60000} min`);
        if (problems.some((p) => p === 'the page crashed')) throw new Error('the page crashed');
        const s = await page.evaluate(() => {
          const data = window.touchpoint.dataState();
          // The import stops at its preview: Import is clicked as soon as it shows.
          const preview = data.preview !== null && window.touchpoint.command('data:confirm_import');
          return {
            heap: Module.HEAPU8.length, js: performance.memory.usedJSHeapSize, job: data.job, report: data.import,
            errors: data.errors, orders: data.local_orders, pending: window.touchpoint.persistPending(), preview,
          };
        });
        wasmPeak = Math.max(wasmPeak, s.heap);
        jsPeak = Math.max(jsPeak, s.js);
        const phase = s.preview ? 'Preview shown, Import clicked' : s.job ? s.job.phase : null;
        const stage = phase ?? (s.job || s.report || s.errors.length ? (s.pending ? 'Writing to IndexedDB' : null) : 'Copying the file into the page');
        if (stage && phases.at(-1)?.phase !== stage) {
          phases.push({ phase: stage, at_ms: performance.now() - started });
          console.log(`  ${seconds(phases.at(-1).at_ms)}: ${stage} (wasm ${mb(s.heap)}, JS heap ${mb(s.js)})`);
        }
        if (!s.job && (s.report || s.errors.length) && !s.pending) {
          final = s;
          break;
        }
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          console.log(`  ${seconds(lastLog - started)}: ${s.job ? `${s.job.phase}, ${count(s.job.rows)} rows, ${(s.job.fraction * 100).toFixed(0)}%` : stage ?? 'waiting'}` +
                      ` (wasm ${mb(s.heap)}, JS heap ${mb(s.js)}, renderer RSS ${mb(rssBytes(pids))})`);
        }
        await page.waitForTimeout(250);
      }
    } finally {
      clearInterval(rssTimer);
    }
    const wallMs = performance.now() - started;
    rssPeak = Math.max(rssPeak, rssBytes(pids));
    const metrics = await page.evaluate(() => window.touchpoint.metrics());
    // Stored for the next visit: a reload opens on what IndexedDB holds.
    const reloadStart = performance.now();
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => window.touchpoint?.ready === true, null, { timeout: READY_TIMEOUT_MS });
    const reloadMs = performance.now() - reloadStart;
    const afterReload = await page.evaluate(() => window.touchpoint.dataState().local_orders);
    const shot = path.join(WORK_DIR, `after-${rows}.png`);
    await page.screenshot({ path: shot });
    const report = final.report;
    return {
      rows,
      completed: Boolean(report && !report.fatal_error && report.rows_loaded === rows),
      rows_loaded: report ? report.rows_loaded : 0,
      refusal: report?.fatal_error ?? (final.errors[0] ?? null),
      errors: final.errors,
      orders_before: startState.orders,
      orders_after: final.orders,
      dashboard_orders: metrics.orders,
      orders_after_reload: afterReload,
      reload_ms: reloadMs,
      wall_ms: wallMs,
      phases,
      wasm_start_bytes: startState.heap,
      wasm_peak_bytes: wasmPeak,
      js_peak_bytes: jsPeak,
      rss_start_bytes: rssStart,
      rss_peak_bytes: rssPeak,
      problems,
      screenshot: shot,
    };
  } catch (error) {
    return { rows, completed: false, failure: error.message, problems };
  } finally {
    await context.close().catch(() => {});
  }
}

// ------------------------------------------------------------------ report

const mb = (bytes) => (bytes == null ? '–' : `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`);
const count = (n) => (n == null ? '–' : n.toLocaleString('en-US'));
const seconds = (ms) => (ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`);

function outcome(r) {
  if (r.failure) return `failed: ${r.failure}`;
  if (r.completed) return 'completed';
  return `refused: ${r.refusal}`;
}

function markdown(results, input, m, limits) {
  const inputs = results.map((r) => `- ${count(r.rows)} orders, ${mb(r.file_bytes)}: \`${path.relative(REPO, r.file)}\``).join('\n');
  const table = results.map((r) => `| ${count(r.rows)} | ${outcome(r)} | ${count(r.rows_loaded)} | ${count(r.orders_before)} → ${count(r.orders_after)} → ${count(r.orders_after_reload)} | ` +
    `${seconds(r.wall_ms)} | ${seconds(r.reload_ms)} | ${mb(r.wasm_peak_bytes)} | ${mb(r.js_peak_bytes)} | ${mb(r.rss_start_bytes)} → ${mb(r.rss_peak_bytes)} |`).join('\n');
  const phases = results.filter((r) => r.phases?.length).map((r) => `- ${count(r.rows)} orders: ` +
    r.phases.map((p) => `${p.phase} from ${seconds(p.at_ms)}`).join(', ') + `; stored at ${seconds(r.wall_ms)}.`).join('\n');
  const commands = input.commands
    ? '```\n' + input.commands.map((args) => `${path.relative(REPO, CLI)} ${args.map((a) => (path.isAbsolute(a) ? path.relative(REPO, a) : a)).join(' ')}`).join('\n') +
      '\nhead -n $((N + 1)) build/bench-browser/load/orders-all.csv > build/bench-browser/load/orders-all-N.csv   # done by load.mjs\n```'
    : `cut from ${input.file}`;
  return `# Browser load benchmark

Large orders files imported through the real workbench page in headless Chromium: the page's file
chooser (Ctrl+O) gets the file by its path, the page copies it into the module, the import job runs
between frames, commits and writes the database to IndexedDB. One fresh browser profile per size.
Made by \`node bench/browser/load.mjs\` (see \`bench/browser/README.md\`).

## Input

${inputs}
- columns order_id, customer_id, order_date (YYYY-MM-DD), amount; cut to exactly N data rows from:

${commands}

## Command

\`\`\`
node bench/browser/load.mjs ${results.map((r) => `--orders ${r.rows}`).join(' ')}
\`\`\`

## Results

| Orders in the file | Outcome | Rows stored | Local orders before → after → after a reload | Wall time | Reload until ready | Peak wasm memory | Peak JS heap | Renderer RSS start → peak |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table}

- Wall time: from giving the file to the chooser until the import has ended and its database is in IndexedDB (or the refusal is shown). The import's preview is confirmed (\`data:confirm_import\`, as clicking Import) at the first look after it shows; the page is looked at every 250 ms. Then the page is reloaded and opens on what IndexedDB holds (the last figure of the orders column).
- Reload until ready: the page reloaded after the import, until it has drawn the stored data (its database put together from IndexedDB, loaded and counted).
- Peak wasm memory: the module's memory (\`Module.HEAPU8.length\`, which never shrinks), read every 250 ms and at the end; it cannot grow past 2 GiB (\`ALLOW_MEMORY_GROWTH\`, the default maximum).
- Peak JS heap: \`performance.memory.usedJSHeapSize\` of the page's main thread, read every 250 ms (the database file the page keeps for IndexedDB is in it).
- Renderer RSS: resident memory of the page's renderer process, read from /proc every 50 ms from the file being chosen to the end.
- The page's limits (\`core/include/touchpoint/limits.hpp\`): files up to ${limits.shown.max_import_file_bytes}, at most ${count(limits.max_import_rows)} rows per import.
${phases}

## Machine

- date: ${m.date}
- CPU: ${m.cpu}, \`nproc\`: ${m.nproc}
- ${m.chromium}, headless, software WebGL (SwiftShader), flags as in \`tests/e2e\`
- Node ${m.node}; ${m.packages}
- load average before the runs: ${input.load_before}, after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}

\`\`\`
$ free -g
${m.free}
\`\`\`
`;
}

// ------------------------------------------------------------------ main

const options = parseArgs(process.argv.slice(2));
if (!fs.existsSync(path.join(TOUCHPOINT_SITE, 'index.html'))) throw new Error(`${TOUCHPOINT_SITE}/index.html is missing: build the workbench (build/wasm)`);
const input = sourceCsv(options);
input.load_before = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const server = await startStaticServer(TOUCHPOINT_SITE);
const results = [];
let limits = null;
try {
  for (const rows of options.orders) {
    const file = await cutTo(input.file, rows);
    const inFile = countRows(file);
    if (inFile !== rows) throw new Error(`${file} has ${inFile} data rows, not ${rows}`);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    try {
      if (!limits) {
        const page = await browser.newPage();
        await page.goto(withTestFlag(`${server.url}/index.html`), { waitUntil: 'load' });
        await page.waitForFunction(() => window.touchpoint?.ready === true, null, { timeout: READY_TIMEOUT_MS });
        limits = await page.evaluate(() => window.touchpoint.limits());
        await page.close();
      }
      console.log(`importing ${count(rows)} orders (${mb(fs.statSync(file).size)})...`);
      const result = await importOnce(browser, server.url, file, rows);
      result.file = file;
      result.file_bytes = fs.statSync(file).size;
      results.push(result);
      console.log(JSON.stringify({ ...result, phases: undefined }, null, 1));
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
const text = markdown(results, input, machine(), limits);
console.log('\n' + text);
if (options.write) {
  fs.writeFileSync(RESULTS_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}
