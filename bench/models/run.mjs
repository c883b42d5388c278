// The BG/NBD benchmark: in one run, on the same summary file, a fit on
// the calibration customers of a 350,000-customer sample shop and P(alive) and expected purchases
// for all of them, by Touchpoint in wasm (under node), Touchpoint natively, and the scipy
// reference (bench/models/scipy_reference.py: the same likelihood vectorised with NumPy,
// L-BFGS-B). Prints a side-by-side table and writes bench/results/models.md.
// scripts/bench-models builds what this needs and runs it.
//
//   node bench/models/run.mjs [--repeats N] [--prediction-repeats N] [--scipy-repeats N]
//                             [--horizon WEEKS] [--summary FILE] [--no-write]
//
// --repeats             timed Touchpoint fits (default 7, after one untimed)
// --prediction-repeats  timed prediction passes (default 7, after one untimed)
// --scipy-repeats       timed scipy fits (default 3)
// --horizon             prediction horizon in weeks (default 52)
// --summary             another summary CSV (default: made once with the CLI, see below)
// --no-write            print only; leave the results file alone
//
// TOUCHPOINT_CLI (makes the summary), TOUCHPOINT_BENCH_NATIVE and TOUCHPOINT_BENCH_WASM (the
// native and wasm touchpoint_bench_models), TOUCHPOINT_SCIPY_ROOT (where python3-scipy and
// liblbfgsb0 are unpacked) point the run at other builds.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WORK_DIR = path.join(REPO, 'build', 'bench-models');
const CLI = path.resolve(process.env.TOUCHPOINT_CLI ?? path.join(REPO, 'build/native/cli/touchpoint'));
const BENCH_NATIVE = path.resolve(process.env.TOUCHPOINT_BENCH_NATIVE ?? path.join(REPO, 'build/native/bench/touchpoint_bench_models'));
const BENCH_WASM = path.resolve(process.env.TOUCHPOINT_BENCH_WASM ?? path.join(REPO, 'build/wasm/bench/touchpoint_bench_models.js'));
const SCIPY_ROOT = path.resolve(process.env.TOUCHPOINT_SCIPY_ROOT ?? path.join(WORK_DIR, 'scipy-root'));
const RESULTS_FILE = path.join(REPO, 'bench', 'results', 'models.md');

// The goals for the fit and predictions in wasm.
const FIT_GOAL_MS = 300;
const SPEED_UP_GOAL = 10;
const LL_GOAL = 1e-6;
const PREDICTION_GOAL_MS = 50;

function parseArgs(argv) {
  const options = { repeats: 7, predictionRepeats: 7, scipyRepeats: 3, horizon: 52, summary: null, write: true };
  const count = (text) => Math.max(1, Number.parseInt(text, 10) || 1);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeats') options.repeats = count(argv[++i]);
    else if (argv[i] === '--prediction-repeats') options.predictionRepeats = count(argv[++i]);
    else if (argv[i] === '--scipy-repeats') options.scipyRepeats = count(argv[++i]);
    else if (argv[i] === '--horizon') options.horizon = Number.parseFloat(argv[++i]);
    else if (argv[i] === '--summary') options.summary = path.resolve(argv[++i]);
    else if (argv[i] === '--no-write') options.write = false;
    else throw new Error(`unknown option ${argv[i]} (see the top of bench/models/run.mjs)`);
  }
  if (!(options.horizon > 0)) throw new Error('--horizon takes a positive number of weeks');
  return options;
}

const relative = (p) => path.relative(REPO, p) || '.';

// The summary every contender reads: the sample shop through the CLI, as a person would make it.
// 24 months from 2024-01-01; calibration to 2025-06-30, the first 18; weeks.
function prepareSummary(options) {
  if (options.summary) return { file: options.summary, commands: null };
  const csv = path.join(WORK_DIR, 'summary.csv');
  const store = path.join(WORK_DIR, 'shop.sqlite');
  const commands = [
    [CLI, 'sample', '--out', store, '--customers', '350000', '--seed', '42', '--force'],
    [CLI, 'summary', store, '--calibration-end', '2025-06-30', '--time-unit', 'week'],
  ];
  const recipe = commands.map(([exe, ...args]) => [relative(exe), ...args.map((a) => (a.startsWith(REPO) ? relative(a) : a))].join(' '));
  recipe[1] += ` > ${relative(csv)}`;
  const recipeText = recipe.join('\n') + '\n';
  if (fs.existsSync(csv) && fs.existsSync(csv + '.commands') && fs.readFileSync(csv + '.commands', 'utf8') === recipeText)
    return { file: csv, commands: recipeText };
  if (!fs.existsSync(CLI)) throw new Error(`the CLI (${CLI}) is missing: build it, or pass --summary`);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  console.log(`$ ${recipe[0]}`);
  execFileSync(commands[0][0], commands[0].slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`$ ${recipe[1]}`);
  fs.writeFileSync(csv, execFileSync(commands[1][0], commands[1].slice(1), { maxBuffer: 1 << 30 }));
  fs.rmSync(store, { force: true });
  fs.writeFileSync(csv + '.commands', recipeText);
  return { file: csv, commands: recipeText };
}

function runJson(exe, args, env = {}) {
  const started = Date.now();
  const out = execFileSync(exe, args, { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const result = JSON.parse(out);
  result.wall_s = (Date.now() - started) / 1000;
  return result;
}

function machine(scipyVersions) {
  const run = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
    } catch {
      return 'unknown';
    }
  };
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    nproc: run('nproc', []),
    free: run('free', ['-g']),
    node: process.version,
    emcc: 'Emscripten ' + (run('em++', ['--version']).match(/\d+\.\d+\.\d+/)?.[0] ?? 'unknown'),
    cxx: run('c++', ['--version']).split('\n')[0],
    python: `Python ${scipyVersions.python}, NumPy ${scipyVersions.numpy}, SciPy ${scipyVersions.scipy} (Debian)`,
  };
}

const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ms';
const sci = (v) => (v === 0 ? '0' : v.toExponential(1));
const verdict = (ok) => (ok ? 'met' : 'NOT met');

function main() {
  const options = parseArgs(process.argv.slice(2));
  for (const [what, file] of [['native benchmark', BENCH_NATIVE], ['wasm benchmark', BENCH_WASM]])
    if (!fs.existsSync(file)) throw new Error(`the ${what} (${file}) is missing: run scripts/bench-models, which builds it`);
  if (!fs.existsSync(path.join(SCIPY_ROOT, 'usr/lib/python3/dist-packages/scipy')))
    throw new Error(`scipy is not unpacked in ${SCIPY_ROOT}: run scripts/bench-models, which does it`);
  const summary = prepareSummary(options);
  const load = os.loadavg();

  const common = [summary.file, '--json', '--horizon', String(options.horizon)];
  const cxxArgs = [...common, '--repeats', String(options.repeats), '--prediction-repeats', String(options.predictionRepeats)];
  console.log(`wasm (node): ${relative(BENCH_WASM)}`);
  const wasm = runJson(process.execPath, ['--no-experimental-fetch', BENCH_WASM, ...cxxArgs]);
  console.log(`native: ${relative(BENCH_NATIVE)}`);
  const native = runJson(BENCH_NATIVE, cxxArgs);
  console.log(`scipy: bench/models/scipy_reference.py`);
  const scipy = runJson('/usr/bin/python3', [path.join(HERE, 'scipy_reference.py'), ...common, '--repeats', String(options.scipyRepeats),
                                              '--prediction-repeats', String(options.predictionRepeats)], {
    PYTHONPATH: path.join(SCIPY_ROOT, 'usr/lib/python3/dist-packages'),
    LD_LIBRARY_PATH: path.join(SCIPY_ROOT, 'usr/lib/x86_64-linux-gnu'),
  });
  const loadAfter = os.loadavg();

  const scipyLL = scipy.fit.log_likelihood;
  const rows = [
    { name: 'Touchpoint, wasm in node', r: wasm, iterations: `${wasm.fit.iterations}` },
    { name: 'Touchpoint, native', r: native, iterations: `${native.fit.iterations}` },
    { name: `scipy ${scipy.versions.scipy} L-BFGS-B, NumPy ${scipy.versions.numpy}`, r: scipy, iterations: `${scipy.fit.iterations} (${scipy.fit.evaluations} evaluations)` },
  ];
  const table = [
    '| Contender | Fit, median (best) | Fit without std. errors | LL | Rel. LL diff. vs scipy | Speed-up vs scipy | P(alive) + E[X], all customers, median (best) | Iterations |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { name, r, iterations } of rows) {
    const isScipy = r === scipy;
    const difference = Math.abs(r.fit.log_likelihood - scipyLL) / Math.abs(scipyLL);
    table.push(`| ${name} | ${ms(r.fit_ms_median)} (${ms(r.fit_ms_min)}) | ${isScipy ? '(none computed)' : ms(r.fit_without_standard_errors_ms_median)} | ` +
               `${r.fit.log_likelihood.toFixed(4)} | ${isScipy ? '' : sci(difference)} | ${isScipy ? '1x' : (scipy.fit_ms_median / r.fit_ms_median).toFixed(1) + 'x'} | ` +
               `${ms(r.prediction_ms_median)} (${ms(r.prediction_ms_min)}) | ${iterations} |`);
  }
  const wasmDifference = Math.abs(wasm.fit.log_likelihood - scipyLL) / Math.abs(scipyLL);
  const nativeDifference = Math.abs(native.fit.log_likelihood - scipyLL) / Math.abs(scipyLL);
  const speedUp = scipy.fit_ms_median / wasm.fit_ms_median;
  const goals = [
    '| Goal (wasm) | Measured | Verdict |',
    '| --- | --- | --- |',
    `| fit at most ${FIT_GOAL_MS} ms | ${ms(wasm.fit_ms_median)} median, standard errors included | ${verdict(wasm.fit_ms_median <= FIT_GOAL_MS)} |`,
    `| fit at least ${SPEED_UP_GOAL}x faster than the scipy reference | ${speedUp.toFixed(1)}x (scipy ${ms(scipy.fit_ms_median)} median) | ${verdict(speedUp >= SPEED_UP_GOAL)} |`,
    `| the same log-likelihood to a relative ${sci(LL_GOAL)} | ${sci(wasmDifference)} (native ${sci(nativeDifference)}) | ${verdict(wasmDifference <= LL_GOAL && nativeDifference <= LL_GOAL)} |`,
    `| predictions for all customers at most ${PREDICTION_GOAL_MS} ms | ${ms(wasm.prediction_ms_median)} median | ${verdict(wasm.prediction_ms_median <= PREDICTION_GOAL_MS)} |`,
  ];
  const m = machine(scipy.versions);
  const params = (r) => ['r', 'alpha', 'a', 'b'].map((n) => `${n} ${r.fit.params[n].toPrecision(7)}`).join(', ');
  const errors = (r) => ['r', 'alpha', 'a', 'b'].map((n) => `${n} ${r.fit.std_errors[n].toPrecision(4)}`).join(', ');
  const list = (values) => values.map((v) => v.toFixed(0)).join(', ');
  const notes = [
    `- Summary: ${wasm.customers.toLocaleString('en-US')} customers (the calibration customers of the 350,000), ${wasm.customers_without_repeat.toLocaleString('en-US')} without a repeat purchase, ` +
      `${wasm.distinct_histories.toLocaleString('en-US')} distinct (x, t_x, T), ${wasm.distinct_x_T.toLocaleString('en-US')} distinct (x, T), largest x ${wasm.largest_x}.`,
    `- Estimates: wasm ${params(wasm)}; scipy ${params(scipy)}.`,
    `- Standard errors (wasm): ${errors(wasm)}.`,
    `- Fits, run by run: wasm ${list(wasm.fit_ms)} ms; native ${list(native.fit_ms)} ms (process CPU time ${list(native.fit_cpu_ms)} ms); ` +
      `scipy ${list(scipy.fit_ms)} ms (CPU ${list(scipy.fit_cpu_ms)} ms). Touchpoint's fits follow one untimed fit.`,
    `- Touchpoint's fit is \`clv::fit_model(ModelKind::BgNbd, summary)\` as the workbench calls it: the data grouped, L-BFGS-B, and the standard errors. ` +
      `Its predictions are \`clv::predict_customers\` (one row per customer with its id, P(alive) and expected purchases in the next ${options.horizon} weeks). ` +
      `scipy's fit has the analytic gradient too, and no standard errors; its predictions are NumPy arrays (hyp2f1 for the expectation).`,
    `- Cross-check of the predictions: sum of P(alive) wasm ${wasm.sum_probability_alive.toFixed(3)}, native ${native.sum_probability_alive.toFixed(3)}, scipy ${scipy.sum_probability_alive.toFixed(3)}; ` +
      `sum of expected purchases wasm ${wasm.sum_expected_purchases.toFixed(3)}, native ${native.sum_expected_purchases.toFixed(3)}, scipy ${scipy.sum_expected_purchases.toFixed(3)} ` +
      `(each at its own estimates).`,
    `- Load average (1, 5, 15 min) before the run ${load.map((v) => v.toFixed(2)).join(', ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(', ')}: ` +
      `on a shared machine the wall times carry other processes' work.`,
  ];

  console.log('\n' + table.join('\n') + '\n\n' + goals.join('\n') + '\n\n' + notes.join('\n'));
  if (!options.write) return;
  const markdown = [
    '# BG/NBD benchmark',
    '',
    'A BG/NBD fit on the calibration customers of a 350,000-customer sample shop, and P(alive) and',
    'expected purchases for every one of them, by Touchpoint in wasm (under node) and natively, beside',
    'a scipy reference (`bench/models/scipy_reference.py`: the same likelihood, vectorised with NumPy,',
    'L-BFGS-B on the log-parameters), on the same summary file in the same run. Made by',
    '`scripts/bench-models` (`node bench/models/run.mjs`).',
    '',
    '## Input',
    '',
    `- ${relative(summary.file)}${summary.commands ? ', made with the Touchpoint CLI:' : ' (given with --summary)'}`,
    ...(summary.commands ? ['', '```', summary.commands.trimEnd(), '```'] : []),
    '',
    '## Results',
    '',
    ...table,
    '',
    ...goals,
    '',
    ...notes,
    '',
    '## Machine',
    '',
    `- Date: ${m.date}`,
    `- CPU: ${m.cpu}, ${m.nproc} cores`,
    `- Node ${m.node}; ${m.emcc}; ${m.cxx}`,
    `- ${m.python}`,
    '',
    '```',
    m.free,
    '```',
    '',
  ].join('\n');
  fs.writeFileSync(RESULTS_FILE, markdown);
  console.log(`\nwrote ${relative(RESULTS_FILE)}`);
}

main();
