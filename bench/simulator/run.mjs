// The cadence simulator benchmark. The workload: 100,000 customers x 365
// days x 6 cadences (the six templates of assets/cadences/ that touch anyone) x 10 replications,
// the sample shop's population, the default effect model. In one run, one after another:
//   - the NumPy reference (bench/simulator/numpy_reference.py: the same model vectorised over
//     customers, stepped day by day) on a tenth of the workload (one replication; see --numpy-*),
//   - Touchpoint natively and in wasm under node (touchpoint_bench_simulator),
//   - Touchpoint in wasm in headless Chromium (touchpoint_bench_simulator_web in
//     bench/simulator/page): run as the workbench runs it, a BackgroundSimulation whose
//     replications go to Web Workers (the site's touchpoint_worker.js), stepped once per animation
//     frame with a 10 ms budget until the parts are in and combined, every frame timed; and
//     simulate_cadences on the page's own thread, timed inside the page (one thread's speed).
// Prints a side-by-side table and writes bench/results/simulator.md.
//
//   node bench/simulator/run.mjs [--repeats N] [--numpy-customers N] [--numpy-replications R]
//                                [--budget-ms B] [--customers N] [--replications R] [--no-write]
//
// --repeats             timed Touchpoint runs per build (default 5, after one untimed run)
// --numpy-customers     customers for the NumPy reference (default 100000)
// --numpy-replications  replications for the NumPy reference (default 1: about 20 s here)
// --budget-ms           the job step budget per animation frame (default 10)
// --workers             Web Workers for the workbench's way (default: the browser's logical cores)
// --customers, --replications  a smaller Touchpoint workload for a quick look (the goals are for
//                       the full workload: 100000 and 10)
// --no-write            print only; leave the results file alone
//
// TOUCHPOINT_BENCH_NATIVE and TOUCHPOINT_BENCH_WASM (touchpoint_bench_simulator natively and its
// .js for node), TOUCHPOINT_BENCH_WEB (touchpoint_bench_simulator_web.js; its .wasm beside it) and
// TOUCHPOINT_BENCH_WORKER (the site's touchpoint_worker.js; its .wasm beside it) point the run at
// other builds.
import { CHROMIUM_ARGS as BROWSER_TEST_FLAGS } from '../../tests/e2e/chromium_flags.mjs';
import { execFileSync } from 'node:child_process';
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
// playwright-core is installed with the browser benchmarks (bench/browser/package.json).
const { chromium } = createRequire(path.join(REPO, 'bench', 'browser', 'package.json'))('playwright-core');
const WORK_DIR = path.join(REPO, 'build', 'bench-simulator');
const CADENCE_DIR = path.join(REPO, 'assets', 'cadences');
const BENCH_NATIVE = path.resolve(process.env.TOUCHPOINT_BENCH_NATIVE ?? path.join(REPO, 'build/native/bench/touchpoint_bench_simulator'));
const BENCH_WASM = path.resolve(process.env.TOUCHPOINT_BENCH_WASM ?? path.join(REPO, 'build/wasm/bench/touchpoint_bench_simulator.js'));
const BENCH_WEB = path.resolve(process.env.TOUCHPOINT_BENCH_WEB ?? path.join(REPO, 'build/wasm/bench/touchpoint_bench_simulator_web.js'));
const BENCH_WORKER = path.resolve(process.env.TOUCHPOINT_BENCH_WORKER ?? path.join(path.dirname(BENCH_WEB), '..', 'site', 'touchpoint_worker.js'));
const RESULTS_FILE = path.join(REPO, 'bench', 'results', 'simulator.md');
// The last flag is unknown to Chromium; it lets this script find its own browser in /proc.
const CHROMIUM_ARGS = [...BROWSER_TEST_FLAGS, `--touchpoint-bench-run=${process.pid}`];
const RUN_TIMEOUT_MS = 15 * 60_000;

// The workload's six cadences, in touchpoint_bench_simulator's order.
const CADENCES = ['second_sale_welcome.json', 'win_back.json', 'strategic_customer_care.json', 'b2b_account_care.json', 'loyalty.json',
                  'ecommerce_after_sales.json'];
// The goals.
const WALL_GOAL_MS = 2000;
const SPEED_UP_GOAL = 20;
// "The UI keeps its frame rate": at 60 Hz a frame is 16.7 ms; an interval of 25 ms or more
// between two animation frames means at least one frame was dropped. The check: the median frame
// comes on time, at most 1% of frames are late, and 99% of the steps end within 2 ms of their
// budget.
const FRAME_MS = 1000 / 60;
const LATE_FRAME_MS = 25;

function parseArgs(argv) {
  const options = { repeats: 5, numpyCustomers: 100000, numpyReplications: 1, budgetMs: 10, customers: 100000, replications: 10, workers: 0,
                    write: true };
  const count = (text) => Math.max(1, Number.parseInt(text, 10) || 1);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeats') options.repeats = count(argv[++i]);
    else if (argv[i] === '--numpy-customers') options.numpyCustomers = count(argv[++i]);
    else if (argv[i] === '--numpy-replications') options.numpyReplications = count(argv[++i]);
    else if (argv[i] === '--budget-ms') options.budgetMs = count(argv[++i]);
    else if (argv[i] === '--customers') options.customers = count(argv[++i]);
    else if (argv[i] === '--replications') options.replications = count(argv[++i]);
    else if (argv[i] === '--workers') options.workers = count(argv[++i]);
    else if (argv[i] === '--no-write') options.write = false;
    else throw new Error(`unknown option ${argv[i]} (see the top of bench/simulator/run.mjs)`);
  }
  return options;
}

const relative = (p) => path.relative(REPO, p) || '.';





// ---- The page's CPU time: Chromium's renderer main thread (where the wasm runs), read from /proc,
// so that the figure does not depend on what else the machine is doing.

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function rendererPids() {
  const marker = `--touchpoint-bench-run=${process.pid}`;
  const parents = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended while we looked
    }
  }
  const browsers = new Set([...parents.keys()].filter((pid) => cmdline(pid).includes(marker) && !cmdline(pid).includes('--type=')));
  const descends = (pid) => {
    for (let p = parents.get(pid); p; p = parents.get(p)) if (browsers.has(p)) return true;
    return false;
  };
  return [...parents.keys()].filter((pid) => cmdline(pid).includes('--type=renderer') && descends(pid));
}

// CPU milliseconds (user + system) of each renderer's main thread, or of each renderer with all
// its threads (its Web Workers included), summed.
const CLOCK_TICKS_PER_SECOND = 100;
function rendererCpuMs(pids, { wholeProcess = false } = {}) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(wholeProcess ? `/proc/${pid}/stat` : `/proc/${pid}/task/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);  // utime, stime (fields 14 and 15 of stat)
    } catch {
      // ended
    }
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

// Touchpoint in headless Chromium: the workbench's way (Web Workers), then one thread in the page.
async function runBrowser(options, workloadOptions) {
  const webDir = path.dirname(BENCH_WEB);
  const files = {
    '/touchpoint_bench_simulator_web.js': BENCH_WEB,
    '/touchpoint_bench_simulator_web.wasm': BENCH_WEB.replace(/\.js$/, '.wasm'),
    '/touchpoint_worker.js': BENCH_WORKER,
    '/touchpoint_worker.wasm': BENCH_WORKER.replace(/\.js$/, '.wasm'),
  };
  for (const name of CADENCES) files[`/cadences/${name}`] = path.join(CADENCE_DIR, name);
  const server = await startStaticServer(path.join(HERE, 'page'), { files });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const problems = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 800, height: 600 } })).newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.goto(`${server.url}/index.html`);
    const loaded = await page.evaluate((names) => window.bench.load(names), CADENCES);
    console.log(`chromium: module from ${relative(webDir)} ready in ${loaded.startup_ms.toFixed(0)} ms`);
    const renderers = rendererPids();

    // The workbench's way: the workers are loaded when the Simulate section opens, so before the runs.
    const workers = options.workers || (await page.evaluate(() => navigator.hardwareConcurrency));
    await page.evaluate((n) => window.bench.warmUp(n), workers);
    const inWorkers = async () => {
      const cpuBefore = rendererCpuMs(renderers, { wholeProcess: true });
      const run = await withTimeout(page.evaluate((r) => window.bench.inWorkers(r), { ...workloadOptions, workers, budget_ms: options.budgetMs }),
                                    RUN_TIMEOUT_MS, 'a run in Web Workers');
      if (run.error) throw new Error(`in Chromium, in workers: ${run.error}`);
      run.cpu_ms = rendererCpuMs(renderers, { wholeProcess: true }) - cpuBefore;
      return run;
    };
    await inWorkers();  // untimed: the workers compile their module on their first call
    const workerRuns = [];
    for (let i = 0; i < options.repeats; i++) workerRuns.push(await inWorkers());
    const wallMs = workerRuns.map((r) => r.total_ms), cpuMs = workerRuns.map((r) => r.cpu_ms);
    const first = workerRuns[0];
    const customerDays = workloadOptions.customers * 365 * CADENCES.length * workloadOptions.replications;
    const background = {
      workers: first.workers,
      workload: { customers: workloadOptions.customers, days: 365, cadences: CADENCES.length, replications: workloadOptions.replications },
      run_ms: wallMs, run_ms_median: median(wallMs), run_ms_min: Math.min(...wallMs),
      run_cpu_ms: renderers.length ? cpuMs : [], run_cpu_ms_median: renderers.length ? median(cpuMs) : null,
      customer_days_per_second: customerDays / (median(wallMs) / 1000),
      frames: workerRuns.flatMap((r) => r.frames), steps: workerRuns.flatMap((r) => r.steps),
      result_digest: first.result_digest, digests: workerRuns.map((r) => r.result_digest),
    };
    console.log(`chromium, ${background.workers} workers: ${wallMs.map((v) => v.toFixed(0)).join(', ')} ms (renderer CPU, all threads, ` +
                `${cpuMs.map((v) => v.toFixed(0)).join(', ')} ms)`);

    // One thread: simulate_cadences on the page's main thread, timed inside the page.
    const runInPage = (request) => withTimeout(page.evaluate((r) => window.bench.run(r), request), RUN_TIMEOUT_MS, 'a run in Chromium');
    const warmup = await runInPage({ ...workloadOptions, repeats: 0 });
    if (warmup.error) throw new Error(`in Chromium: ${warmup.error}`);
    let timed = null;
    const runMs = [], threadCpuMs = [];
    for (let i = 0; i < options.repeats; i++) {
      const cpuBefore = rendererCpuMs(renderers);
      timed = await runInPage({ ...workloadOptions, repeats: 1, warmup: false });
      threadCpuMs.push(rendererCpuMs(renderers) - cpuBefore);
      if (timed.error) throw new Error(`in Chromium: ${timed.error}`);
      runMs.push(timed.run_ms[0]);
    }
    timed.run_ms = runMs;
    timed.run_cpu_ms = renderers.length ? threadCpuMs : [];
    timed.run_ms_median = median(runMs);
    timed.run_ms_min = Math.min(...runMs);
    timed.run_cpu_ms_median = renderers.length ? median(threadCpuMs) : null;
    timed.customer_days_per_second = timed.customer_days / (timed.run_ms_median / 1000);
    console.log(`chromium, one thread: ${runMs.map((v) => v.toFixed(0)).join(', ')} ms (main thread CPU ${threadCpuMs.map((v) => v.toFixed(0)).join(', ')} ms)`);
    return { background, timed, version: browser.version(), problems };
  } finally {
    await browser.close();
    server.close();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  for (const [what, file] of [['native benchmark', BENCH_NATIVE], ['wasm benchmark', BENCH_WASM], ['browser module', BENCH_WEB],
                              ['simulation worker', BENCH_WORKER]])
    if (!fs.existsSync(file)) throw new Error(`the ${what} (${file}) is missing: run scripts/bench-simulator, which builds it`);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const load = os.loadavg();
  const budget = String(options.budgetMs);
  const workloadOptions = { customers: options.customers, replications: options.replications };
  const cadenceArgs = ['--cadences', CADENCE_DIR, '--customers', String(options.customers), '--replications', String(options.replications)];

  // The NumPy reference reads the population, effects and channel defaults Touchpoint uses.
  const modelFile = path.join(WORK_DIR, 'model.json');
  execFileSync(BENCH_NATIVE, ['--write-model', modelFile]);
  console.log(`numpy: bench/simulator/numpy_reference.py, ${options.numpyCustomers} customers x ${options.numpyReplications} replication(s)`);
  const numpy = runJson('/usr/bin/python3', [path.join(HERE, 'numpy_reference.py'), modelFile, ...CADENCES.map((c) => path.join(CADENCE_DIR, c)),
                                             '--customers', String(options.numpyCustomers), '--replications', String(options.numpyReplications)]);
  console.log(`numpy: ${numpy.run_s.toFixed(1)} s`);
  console.log(`native: ${relative(BENCH_NATIVE)}`);
  const native = runJson(BENCH_NATIVE, [...cadenceArgs, '--json', '--repeats', String(options.repeats), '--step-budget-ms', budget]);
  console.log(`native: ${native.run_ms.map((v) => v.toFixed(0)).join(', ')} ms`);
  console.log(`wasm (node): ${relative(BENCH_WASM)}`);
  const wasm = runJson(process.execPath, ['--no-experimental-fetch', BENCH_WASM, ...cadenceArgs, '--json', '--repeats', String(options.repeats),
                                          '--step-budget-ms', budget]);
  console.log(`wasm (node): ${wasm.run_ms.map((v) => v.toFixed(0)).join(', ')} ms`);
  const browser = await runBrowser(options, workloadOptions);
  const page = browser.timed, background = browser.background;
  const loadAfter = os.loadavg();

  // ---- The table.
  const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ms';
  const rate = (v) => (v / 1e6).toFixed(v >= 1e8 ? 0 : 1) + ' M';
  const pct = (v) => (100 * v).toFixed(2) + '%';
  const numpyRate = numpy.customer_days_per_second;
  const cpu = (r) => (r.run_cpu_ms_median == null || Number.isNaN(r.run_cpu_ms_median) ? '–' : ms(r.run_cpu_ms_median));
  const rows = [
    { name: `Touchpoint, wasm in Chromium ${browser.version}, the workbench's way: ${background.workers} Web Workers`, r: background },
    { name: 'Touchpoint, wasm in Chromium, one thread (the page\'s own)', r: page },
    { name: 'Touchpoint, wasm in node', r: wasm },
    { name: 'Touchpoint, native', r: native },
  ];
  const table = [
    '| Contender | Workload | Wall time, median (best) | CPU time, median | Customer-days per second | vs NumPy |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const workload = (w) => `${w.customers.toLocaleString('en-US')} x ${w.days} x ${w.cadences} x ${w.replications}`;
  for (const { name, r } of rows) {
    table.push(`| ${name} | ${workload(r.workload)} | ${ms(r.run_ms_median)} (${ms(r.run_ms_min)}) | ${cpu(r)} | ` +
               `${rate(r.customer_days_per_second)} | ${(r.customer_days_per_second / numpyRate).toFixed(0)}x |`);
  }
  table.push(`| NumPy ${numpy.versions.numpy} reference, day by day | ${workload(numpy.workload)} | ${ms(numpy.run_s * 1000)} (one run) | ` +
             `${ms(numpy.run_cpu_s * 1000)} | ${rate(numpyRate)} | 1x |`);

  // ---- The frame check: the workbench's job stepped once per animation frame in Chromium while
  // the workers simulate, and a SimulationJob's steps natively and under node.
  const frames = background.frames, steps = background.steps;
  const late = frames.filter((f) => f > LATE_FRAME_MS).length;
  const frameTable = [
    `| Job stepped with a ${options.budgetMs} ms budget | Steps | Step median | Step p99 | Longest step | Frame interval median / p95 / longest | Frames over ${LATE_FRAME_MS} ms | Whole job |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| wasm in Chromium, ${background.workers} workers, one step per animation frame (all ${options.repeats} timed runs) | ${steps.length} | ` +
      `${ms(median(steps))} | ${ms(quantile(steps, 0.99))} | ${ms(Math.max(...steps))} | ` +
      `${ms(median(frames))} / ${ms(quantile(frames, 0.95))} / ${ms(Math.max(...frames))} | ${late} of ${frames.length} | ${ms(background.run_ms_median)} (median) |`,
  ];
  for (const [name, r] of [['wasm in node, steps back to back', wasm], ['native, steps back to back', native]]) {
    const j = r.job_steps;
    frameTable.push(`| ${name} | ${j.steps} | ${ms(j.median_ms)} | ${ms(j.p99_ms)} | ${ms(j.longest_ms)} (step ${j.longest_at}) | – | – | ${ms(j.total_ms)} |`);
  }

  // ---- Goals.
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const speedUp = background.customer_days_per_second / numpyRate;
  const threadSpeedUp = page.customer_days_per_second / numpyRate;
  const longestStep = Math.max(...steps);
  const digests = { 'chromium, workers': background.result_digest, 'chromium, one thread': page.result_digest, node: wasm.result_digest,
                    native: native.result_digest };
  background.digests.forEach((digest, i) => { digests[`chromium, workers, run ${i + 2}`] = digest; });
  const sameBits = new Set(Object.values(digests)).size === 1;
  const goals = [
    '| Goal (wasm in Chromium) | Measured | Verdict |',
    '| --- | --- | --- |',
    `| the workload in at most ${WALL_GOAL_MS / 1000} s, the workbench's way | ${ms(background.run_ms_median)} median, ${ms(background.run_ms_min)} best ` +
      `(one thread: ${ms(page.run_ms_median)}) | ${verdict(background.run_ms_median <= WALL_GOAL_MS)} |`,
    `| at least ${SPEED_UP_GOAL}x the NumPy reference's customer-days per second | ${speedUp.toFixed(0)}x (one thread: ${threadSpeedUp.toFixed(0)}x) | ` +
      `${verdict(speedUp >= SPEED_UP_GOAL && threadSpeedUp >= SPEED_UP_GOAL)} |`,
    `| the UI keeps its frame rate while the job runs (median frame on time, at most 1% of frames late, 99% of steps within ${options.budgetMs} + 2 ms) | ` +
      `median frame ${ms(median(frames))}, ${late} of ${frames.length} frames over ${LATE_FRAME_MS} ms; step p99 ${ms(quantile(steps, 0.99))}, longest ${ms(longestStep)} | ` +
      `${verdict(median(frames) <= FRAME_MS + 1 && late <= 0.01 * frames.length && quantile(steps, 0.99) <= options.budgetMs + 2)} |`,
    `| the same numbers in every build and every way (digest of the whole result) | ${sameBits ? `all ${page.result_digest}` : JSON.stringify(digests)} | ${verdict(sameBits)} |`,
  ];

  // ---- The model's numbers beside the reference's.
  const numbersTable = [
    '| Cadence | Repeat rate, Touchpoint / NumPy | Repeat purchases | Touches sent | Cost | Opt-outs | Alive at the end |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const pair = (a, b, f) => `${f(a)} / ${f(b)}`;
  const two = (v) => v.toFixed(2), three = (v) => v.toFixed(3);
  const all = [...native.cadence_results.map((c, i) => [c, numpy.cadence_results[i]]), [native.baseline, numpy.baseline]];
  for (const [t, n] of all) {
    numbersTable.push(`| ${t.name}${t === native.baseline ? ' (the baseline)' : ''} | ${pair(t.repeat_rate, n.repeat_rate, pct)} | ` +
                      `${pair(t.purchases, n.purchases, three)} | ${pair(t.touches, n.touches, two)} | ${pair(t.cost, n.cost, two)} | ` +
                      `${pair(t.opt_outs, n.opt_outs, pct)} | ${pair(t.alive_at_end, n.alive_at_end, pct)} |`);
  }

  const m = machine();
  const fullWorkload = options.customers === 100000 && options.replications === 10;
  const notes = [
    ...(fullWorkload ? [] : [`- NOT the full workload: ${options.customers} customers x ${options.replications} replications (--customers, --replications); ` +
                             `the ${WALL_GOAL_MS / 1000} s goal is for 100,000 x 10.`]),
    `- Customer-days per second = customers x days x cadences x replications / wall time, the cadences being the six templates; ` +
      `Touchpoint and the reference also run the no-touch baseline every comparison needs, which the figure does not count.`,
    `- Touchpoint's runs, wall time: Chromium in ${background.workers} workers ${background.run_ms.map((v) => v.toFixed(0)).join(', ')} ms ` +
      `(the renderer's CPU, all its threads, ${background.run_cpu_ms.map((v) => v.toFixed(0)).join(', ')} ms, from /proc, in 10 ms ticks); ` +
      `Chromium on one thread ${page.run_ms.map((v) => v.toFixed(0)).join(', ')} ms ` +
      `(the renderer main thread's CPU ${page.run_cpu_ms.map((v) => v.toFixed(0)).join(', ')} ms); node ${wasm.run_ms.map((v) => v.toFixed(0)).join(', ')} ms ` +
      `(process CPU ${wasm.run_cpu_ms.map((v) => v.toFixed(0)).join(', ')} ms); native ${native.run_ms.map((v) => v.toFixed(0)).join(', ')} ms ` +
      `(CPU ${native.run_cpu_ms.map((v) => v.toFixed(0)).join(', ')} ms). Each build runs the workload once untimed first. ` +
      `Touchpoint's one-thread run is \`sim::simulate_cadences\` as the CLI calls it (a SimulationJob run to the end), the result's curves and intervals included; ` +
      `the workbench's way is web::BackgroundSimulation: each worker runs a SimulationPartJob for its share of the replications (their figures sent back as JSON), ` +
      `and the page combines the parts (sim::combine_parts), timed from the start to the combined result. The workers are loaded before the runs, ` +
      `as the workbench loads them when the Simulate section opens, and run once untimed.`,
    `- The NumPy reference ran ${numpy.workload.customers.toLocaleString('en-US')} customers x ${numpy.workload.replications} replication(s), ` +
      `${(numpy.workload.customers * numpy.workload.replications / (100000 * 10) * 100).toFixed(0)}% of the workload (the whole would take about ` +
      `${(numpy.run_s * 100000 * 10 / (numpy.workload.customers * numpy.workload.replications)).toFixed(0)} s); its rate is per customer-day, so it compares as it is.`,
    `- The frame check runs the workload as the workbench does: the job's step() is called once per animation frame with a ` +
      `${options.budgetMs} ms budget (the workbench gives it what is left of a 14 ms frame, at most 12 ms); its steps only read the parts the workers send. ` +
      `Native and node rows: a SimulationJob stepped back to back, as where workers cannot run (it reads the clock every 16 customers).`,
    `- Load average (1, 5, 15 min) before the run ${load.map((v) => v.toFixed(2)).join(', ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(', ')}: ` +
      `on a shared machine the wall times carry other processes' work.`,
    ...(browser.problems.length ? [`- Problems in the page: ${browser.problems.join('; ')}`] : []),
  ];

  console.log('\n' + table.join('\n') + '\n\n' + goals.join('\n') + '\n\n' + frameTable.join('\n') + '\n\n' + numbersTable.join('\n') +
              '\n\n' + notes.join('\n'));
  if (!options.write) return;
  const markdown = [
    '# Cadence simulator benchmark',
    '',
    'The workload: 100,000 customers x 365 days x 6 cadences x 10 replications, the sample shop\'s',
    'population (BG/NBD per day, Gamma-Gamma spend) under the default effect model, the six cadence templates of',
    '`assets/cadences/` that touch anyone (Second-sale welcome, Win-back, Strategic customer care, B2B account care,',
    'Loyalty, E-commerce after-sales), seed 1. Touchpoint in wasm in headless Chromium, in wasm under node and natively,',
    'beside the NumPy reference (`bench/simulator/numpy_reference.py`: the same model vectorised over customers and stepped',
    'day by day), in the same run. Made by `scripts/bench-simulator` (`node bench/simulator/run.mjs`).',
    '',
    '## Results',
    '',
    ...table,
    '',
    ...goals,
    '',
    '## The UI while the job runs',
    '',
    ...frameTable,
    '',
    '## The numbers: Touchpoint (event by event) and the NumPy reference (day by day)',
    '',
    'Means per customer over the replications (NumPy: its replications). The two discretise differently, so they agree',
    'closely, not exactly; the baseline row is the no-touch run (the Silence template).',
    '',
    ...numbersTable,
    '',
    ...notes,
    '',
    '## Machine',
    '',
    `- Date: ${m.date}`,
    `- CPU: ${m.cpu}, ${m.nproc} cores`,
    `- ${m.chromium}; Node ${m.node}; Python ${numpy.versions.python}, NumPy ${numpy.versions.numpy} (Debian)`,
    `- npm: ${m.packages}`,
    '',
    '```',
    m.free,
    '```',
    '',
  ].join('\n');
  fs.writeFileSync(RESULTS_FILE, markdown);
  console.log(`\nwrote ${relative(RESULTS_FILE)}`);
}

main().catch((err) => {
  console.error(err.stack || err.message);
  process.exit(1);
});
