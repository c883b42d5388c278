// The timing sweep benchmark: a sweep of one step's follow-up day over 30 days (the guide of the
// Second-sale welcome template, days 1 to 30) x 100,000 customers x 365 days x 10 replications on
// the sample shop's population, in one run:
//   - in headless Chromium as the workbench runs it (touchpoint_bench_sweep_web in
//     bench/sweep/page): a BackgroundSweep whose grid goes to the site's simulation workers,
//     stepped once per animation frame, timed from the start to the combined result;
//   - on one thread natively and in wasm under node (touchpoint_bench_sweep: sim::run_timing_sweep,
//     as `touchpoint sweep` runs it).
// Prints a table and writes bench/results/sweep.md. There is no outside peer for this workload;
// the goal is the wall time in the browser.
//
//   node bench/sweep/run.mjs [--repeats N] [--customers N] [--replications R] [--workers W] [--no-write]
//
// TOUCHPOINT_BENCH_SWEEP_NATIVE, TOUCHPOINT_BENCH_SWEEP_WASM (touchpoint_bench_sweep natively and
// its .js for node), TOUCHPOINT_BENCH_SWEEP_WEB (touchpoint_bench_sweep_web.js) and
// TOUCHPOINT_BENCH_WORKER (the site's touchpoint_worker.js) point the run at other builds.
import { CHROMIUM_ARGS as BROWSER_TEST_FLAGS } from '../../tests/e2e/chromium_flags.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { machine } from '../browser/machine.mjs';
import { startStaticServer } from '../../scripts/static_server.mjs';
import { median, quantile, runJson, withTimeout } from '../browser/measure.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const { chromium } = createRequire(path.join(REPO, 'bench', 'browser', 'package.json'))('playwright-core');
const CADENCE = path.join(REPO, 'assets', 'cadences', 'second_sale_welcome.json');
const NATIVE = path.resolve(process.env.TOUCHPOINT_BENCH_SWEEP_NATIVE ?? path.join(REPO, 'build/native/bench/touchpoint_bench_sweep'));
const WASM = path.resolve(process.env.TOUCHPOINT_BENCH_SWEEP_WASM ?? path.join(REPO, 'build/wasm/bench/touchpoint_bench_sweep.js'));
const WEB = path.resolve(process.env.TOUCHPOINT_BENCH_SWEEP_WEB ?? path.join(REPO, 'build/wasm/bench/touchpoint_bench_sweep_web.js'));
const WORKER = path.resolve(process.env.TOUCHPOINT_BENCH_WORKER ?? path.join(REPO, 'build/wasm/site/touchpoint_worker.js'));
const RESULTS_FILE = path.join(REPO, 'bench', 'results', 'sweep.md');
const RUN_TIMEOUT_MS = 15 * 60_000;
const WALL_GOAL_MS = 6000;
const LATE_FRAME_MS = 25;

function parseArgs(argv) {
  const options = { repeats: 3, customers: 100000, replications: 10, workers: 0, budgetMs: 10, write: true };
  const count = (text) => Math.max(1, Number.parseInt(text, 10) || 1);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeats') options.repeats = count(argv[++i]);
    else if (argv[i] === '--customers') options.customers = count(argv[++i]);
    else if (argv[i] === '--replications') options.replications = count(argv[++i]);
    else if (argv[i] === '--workers') options.workers = count(argv[++i]);
    else if (argv[i] === '--no-write') options.write = false;
    else throw new Error(`unknown option ${argv[i]} (see the top of bench/sweep/run.mjs)`);
  }
  return options;
}


const relative = (p) => path.relative(REPO, p) || '.';



async function runBrowser(options) {
  const files = {
    '/touchpoint_bench_sweep_web.js': WEB,
    '/touchpoint_bench_sweep_web.wasm': WEB.replace(/\.js$/, '.wasm'),
    '/touchpoint_worker.js': WORKER,
    '/touchpoint_worker.wasm': WORKER.replace(/\.js$/, '.wasm'),
    '/cadence.json': CADENCE,
  };
  const server = await startStaticServer(path.join(HERE, 'page'), { files });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: BROWSER_TEST_FLAGS });
  const problems = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 800, height: 600 } })).newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.goto(`${server.url}/index.html`);
    await page.evaluate(() => window.bench.load('cadence.json'));
    const workers = options.workers || (await page.evaluate(() => navigator.hardwareConcurrency));
    await page.evaluate((n) => window.bench.warmUp(n), workers);
    const request = { customers: options.customers, replications: options.replications, workers, budget_ms: options.budgetMs };
    const sweep = async () => {
      const run = await withTimeout(page.evaluate((r) => window.bench.sweep(r), request), RUN_TIMEOUT_MS, 'a sweep in Chromium');
      if (run.error) throw new Error(`in Chromium: ${run.error}`);
      return run;
    };
    await sweep();  // untimed: the workers compile their module on their first call
    const runs = [];
    for (let i = 0; i < options.repeats; i++) runs.push(await sweep());
    console.log(`chromium, ${runs[0].workers} workers: ${runs.map((r) => r.total_ms.toFixed(0)).join(', ')} ms`);
    return { runs, version: browser.version(), problems };
  } finally {
    await browser.close();
    server.close();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  for (const [what, file] of [['native benchmark', NATIVE], ['wasm benchmark', WASM], ['browser module', WEB], ['simulation worker', WORKER]])
    if (!fs.existsSync(file)) throw new Error(`the ${what} (${file}) is missing: run scripts/bench-sweep, which builds it`);
  const load = os.loadavg();
  const args = ['--cadence', CADENCE, '--customers', String(options.customers), '--replications', String(options.replications),
                '--repeats', String(options.repeats), '--json'];
  console.log(`native: ${relative(NATIVE)}`);
  const native = runJson(NATIVE, args);
  console.log(`native: ${native.run_ms.map((v) => v.toFixed(0)).join(', ')} ms`);
  console.log(`wasm (node): ${relative(WASM)}`);
  const wasm = runJson(process.execPath, ['--no-experimental-fetch', WASM, ...args]);
  console.log(`wasm (node): ${wasm.run_ms.map((v) => v.toFixed(0)).join(', ')} ms`);
  const browser = await runBrowser(options);
  const loadAfter = os.loadavg();

  const runs = browser.runs;
  const wall = runs.map((r) => r.total_ms);
  const frames = runs.flatMap((r) => r.frames), steps = runs.flatMap((r) => r.steps);
  const late = frames.filter((f) => f > LATE_FRAME_MS).length;
  const w = native.workload;
  const customerDays = w.grid_points * w.customers * w.horizon * w.replications;
  const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ms';
  const rate = (v) => (v / 1e6).toFixed(0) + ' M';
  const row = (name, runMs, min) => `| ${name} | ${ms(median(runMs))} (${ms(min)}) | ${rate(customerDays / (median(runMs) / 1000))} |`;
  const table = [
    '| Contender | Wall time, median (best) | Customer-days per second |',
    '| --- | --- | --- |',
    row(`Touchpoint, wasm in Chromium ${browser.version}, the workbench's way: ${runs[0].workers} Web Workers`, wall, Math.min(...wall)),
    row('Touchpoint, wasm in node, one thread', wasm.run_ms, wasm.run_ms_min),
    row('Touchpoint, native, one thread', native.run_ms, native.run_ms_min),
  ];
  const digests = [native.result_digest, wasm.result_digest, ...runs.map((r) => r.result_digest)];
  const same = new Set(digests).size === 1;
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const fullWorkload = options.customers === 100000 && options.replications === 10;
  const goals = [
    '| Goal | Measured | Verdict |',
    '| --- | --- | --- |',
    `| the sweep in at most ${WALL_GOAL_MS / 1000} s in the browser | ${ms(median(wall))} median, ${ms(Math.min(...wall))} best | ` +
      `${verdict(fullWorkload && median(wall) <= WALL_GOAL_MS)}${fullWorkload ? '' : ' (not the full workload)'} |`,
    `| the page keeps its frame rate (at most 1% of frames over ${LATE_FRAME_MS} ms) | ${late} of ${frames.length} frames late; ` +
      `longest step ${ms(Math.max(...steps))}, step p99 ${ms(quantile(steps, 0.99))} | ${verdict(late <= 0.01 * frames.length)} |`,
    `| the same numbers everywhere (digest of the whole result) | ${same ? `all ${digests[0]}` : digests.join(', ')} | ${verdict(same)} |`,
  ];
  const best = native.best;
  const notes = [
    `- Workload: ${w.cadence}, step '${w.step}', days ${w.days} (${w.grid_points} grid points) x ${w.customers.toLocaleString('en-US')} customers x ` +
      `${w.horizon} days x ${w.replications} replications, seed ${w.seed}, metric repeat rate. Every grid point is a variant of the cadence played ` +
      `for every customer, on the same customers and random streams; the no-touch baseline runs as well (once per worker's block of the grid), ` +
      `which the customer-days do not count.`,
    `- The answer: best day ${best.day}, repeat rate ${(100 * best.metric).toFixed(3)}% [${(100 * best.ci_low).toFixed(3)}%, ${(100 * best.ci_high).toFixed(3)}%]; ` +
      `${best.tied_days} of ${w.grid_points} days statistically tied with it.`,
    `- Browser runs ${wall.map((v) => v.toFixed(0)).join(', ')} ms, timed in the page from the start of the job to the combined result, ` +
      `with the workers loaded beforehand (as the workbench loads them when the section opens) and one untimed run first. ` +
      `Node ${wasm.run_ms.map((v) => v.toFixed(0)).join(', ')} ms; native ${native.run_ms.map((v) => v.toFixed(0)).join(', ')} ms (one untimed run first).`,
    `- Load average (1, 5, 15 min) before ${load.map((v) => v.toFixed(2)).join(', ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(', ')}: ` +
      `on a shared machine the wall times carry other processes' work.`,
    ...(browser.problems.length ? [`- Problems in the page: ${browser.problems.join('; ')}`] : []),
  ];
  console.log('\n' + table.join('\n') + '\n\n' + goals.join('\n') + '\n\n' + notes.join('\n'));
  if (!options.write) return;
  const m = machine();
  fs.writeFileSync(RESULTS_FILE, [
    '# Timing sweep benchmark',
    '',
    'A timing sweep over 30 follow-up days x 100,000 customers x 365 days x 10 replications, in the browser as the',
    'workbench runs it, beside the same sweep on one thread natively and in wasm under node. Made by',
    '`scripts/bench-sweep` (`node bench/sweep/run.mjs`).',
    '',
    ...table, '', ...goals, '', ...notes, '',
    '## Machine', '',
    `- Date: ${m.date}`, `- CPU: ${m.cpu}, ${m.nproc} cores`, `- ${m.chromium}; Node ${m.node}`, '',
    '```', m.free, '```', '',
  ].join('\n'));
  console.log(`\nwrote ${relative(RESULTS_FILE)}`);
}

main().catch((err) => {
  console.error(err.stack || err.message);
  process.exit(1);
});
