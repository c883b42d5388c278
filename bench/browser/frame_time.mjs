// Frame times of the workbench with a million-row table on screen, while an import job runs
// and the table is scrolled, in headless Chromium on this machine. Prints the figures and
// writes bench/results/frame_time.md (unless --no-write).
//
//   node bench/browser/frame_time.mjs [--frames N] [--no-write] [--before-site DIR] [--idle-only]
//
// --before-site DIR: also time idle frames (idle_frames.mjs) on an earlier build of the site in
// DIR and on this one, in the same run, and print them side by side. --idle-only: only that.
//
// A frame's work is measured inside the workbench: the job slice, then building and drawing
// the UI (window.touchpoint.ui().frame). The goal is a median under 16 ms, so the page keeps a
// 60 Hz display's pace. The interval between animation frames is reported beside it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../scripts/static_server.mjs';
import { CHROMIUM_ARGS } from '../../tests/e2e/chromium_flags.mjs';
import { withTestFlag } from '../../tests/e2e/test_flag.mjs';
import { measureIdleFrames } from './idle_frames.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO, 'build/native/cli/touchpoint');
const SITE_DIR = path.join(REPO, 'build/wasm/site');
const WORK_DIR = path.join(REPO, 'build/bench-browser');
const RESULTS = path.join(REPO, 'bench/results/frame_time.md');
const IDLE_RESULTS = path.join(REPO, 'bench/results/idle_frames.md');
const GOAL_MS = 16;

function parseArgs(argv) {
  const options = { frames: 600, write: true, beforeSite: null, idleOnly: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--frames') options.frames = Math.max(60, Number.parseInt(argv[++i], 10) || 600);
    else if (argv[i] === '--no-write') options.write = false;
    else if (argv[i] === '--before-site') options.beforeSite = path.resolve(argv[++i]);
    else if (argv[i] === '--idle-only') options.idleOnly = true;
    else throw new Error(`unknown option ${argv[i]} (see the top of frame_time.mjs)`);
  }
  return options;
}

// Two orders files from the project's generator: the one the table shows (the import
// benchmark's input) and a second one whose import is the job running while frames are timed.
function inputCommands() {
  const make = (seed, name, relabel) => {
    const store = path.join(WORK_DIR, `${name}-source.sqlite`);
    const csv = path.join(WORK_DIR, `${name}.csv`);
    return {
      csv,
      relabel,
      commands: [
        [CLI, 'sample', '--out', store, '--customers', '350000', '--seed', String(seed), '--purchase-rate-shape', '0.78', '--force'],
        [CLI, 'export', store, '--table', 'orders', '--out', csv, '--columns', 'order_id,customer_id,order_date,amount,category,channel'],
      ],
    };
  };
  // The second file's ids get other letters (order S..., customer D...): the generator numbers
  // every shop's ids from 1, and the import would rightly refuse order ids already stored.
  return [make(1, 'orders', false), make(2, 'orders-second', true)];
}

function prepareInputs() {
  const inputs = inputCommands();
  for (const input of inputs) {
    const recipeFile = input.csv + '.commands';
    const recipe = input.commands.map((c) => c.map((a) => path.relative(REPO, a) || a).join(' ')).join('\n') +
      (input.relabel ? '\nthen order ids O... -> S..., customer ids C... -> D...' : '');
    if (fs.existsSync(input.csv) && fs.existsSync(recipeFile) && fs.readFileSync(recipeFile, 'utf8') === recipe) continue;
    if (!fs.existsSync(CLI)) throw new Error(`the CLI (${CLI}) is missing: build it with scripts/test`);
    fs.mkdirSync(WORK_DIR, { recursive: true });
    for (const [exe, ...args] of input.commands) {
      console.log(`$ ${path.relative(REPO, exe)} ${args.join(' ')}`);
      execFileSync(exe, args, { stdio: 'inherit' });
    }
    if (input.relabel) {
      const lines = fs.readFileSync(input.csv, 'utf8').split('\n');
      for (let i = 1; i < lines.length; i++) lines[i] = lines[i].replace(/^O/, 'S').replace(/^([^,]*),C/, '$1,D');
      fs.writeFileSync(input.csv, lines.join('\n'));
    }
    fs.writeFileSync(recipeFile, recipe);
  }
  return inputs;
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function summarise(values) {
  return { count: values.length, median: quantile(values, 0.5), p95: quantile(values, 0.95), max: Math.max(...values) };
}

// In the page: one sample per animation frame, of the workbench's own frame timings.
async function sampleFrames(page, frames, whileJobRuns) {
  return page.evaluate(
    ({ frames, whileJobRuns }) =>
      new Promise((resolve) => {
        const samples = [];
        let last = null;
        const tick = (now) => {
          const ui = window.touchpoint.ui();
          if (last !== null) samples.push({ interval: now - last, ...ui.frame, jobs: ui.jobs, rows: ui.table?.rows ?? 0 });
          last = now;
          const done = samples.length >= frames || (whileJobRuns && samples.length > 10 && ui.jobs === 0);
          if (done) resolve(samples);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { frames, whileJobRuns },
  );
}

// Scrolls the table with the mouse wheel until stopped: down, then up, as a reader would.
function startScrolling(page, rect) {
  let running = true;
  const done = (async () => {
    await page.mouse.move(rect.x + rect.width / 2, rect.y + rect.height / 2);
    for (let i = 0; running; i++) {
      await page.mouse.wheel(0, i % 80 < 40 ? 600 : -600);
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  return async () => {
    running = false;
    await done;
  };
}

// Imports as a person does who clicks Import as soon as the preview shows: the page confirms it
// frame by frame until the import has ended.
async function importInto(page, name) {
  await page.evaluate(async (file) => {
    const blob = await (await fetch(`/bench-input/${file}`)).blob();
    let started = false;
    const confirm = () => {
      const state = window.touchpoint.dataState();
      if (state.preview) window.touchpoint.command('data:confirm_import');
      started = started || state.job !== null;
      if (!started || state.job !== null) requestAnimationFrame(confirm);
    };
    requestAnimationFrame(confirm);
    await window.touchpoint.importFile(new File([blob], file));
  }, name);
}

function fmt(ms) {
  return `${ms.toFixed(1)} ms`;
}

// Idle frames on the earlier build and on this one, twice each in turn, in one browser: the
// table and its Markdown.
async function compareIdleFrames(beforeSite) {
  if (!fs.existsSync(path.join(beforeSite, 'index.html'))) throw new Error(`${beforeSite} has no workbench build`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const runs = { before: [], after: [] };
  try {
    for (let round = 0; round < 2; round++) {
      console.log(`idle frames, round ${round + 1}: earlier build...`);
      runs.before.push(await measureIdleFrames(browser, beforeSite));
      console.log(`idle frames, round ${round + 1}: this build...`);
      runs.after.push(await measureIdleFrames(browser, SITE_DIR));
    }
  } finally {
    await browser.close();
  }
  // Per view, the round with the lower median (the quieter moment of a shared machine).
  const best = (rounds, i) => rounds.map((rows) => rows[i]).reduce((a, b) => (b.median < a.median ? b : a));
  const header = '| Idle on | Before: median | p95 | frames | After: median | p95 | frames |';
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const table = [header, line(header.split('|').slice(1, -1).map(() => '---')),
    ...runs.after[0].map((row, i) => {
      const before = best(runs.before, i), after = best(runs.after, i);
      return line([row.label, fmt(before.median), fmt(before.p95), String(before.frames), fmt(after.median), fmt(after.p95), String(after.frames)]);
    })].join('\n');
  console.log(table);
  return table;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(SITE_DIR, 'index.html'))) throw new Error(`${SITE_DIR} has no workbench build: run scripts/test or the wasm build first`);
  const idleTable = options.beforeSite ? await compareIdleFrames(options.beforeSite) : null;
  if (options.idleOnly) {
    if (!idleTable) throw new Error('--idle-only needs --before-site DIR');
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`load average: ${load}`);
    if (options.write) {
      const chromiumVersion = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
      fs.writeFileSync(IDLE_RESULTS, `# Idle frames, before and after

Made by \`node bench/browser/frame_time.mjs --before-site ${path.relative(REPO, options.beforeSite) || options.beforeSite} --idle-only\`
(or \`scripts/bench-frames --before-site DIR --idle-only\`) in headless Chromium, 1280x800, deviceScaleFactor 1,
software WebGL (SwiftShader). The sample shop (20,000 customers) open on each view with nothing
happening, in an earlier build of the site and in this one, in the same run, two rounds each in
turn (the quieter round shown). Each figure is one \`requestAnimationFrame\` callback of the page
as the browser ran it: the workbench's whole frame, whatever it does besides drawing included
(bench/browser/idle_frames.mjs). Frames: how many callbacks ran in 6 s.

${idleTable}

## Machine

- date: ${new Date().toISOString()}
- CPU: ${os.cpus()[0]?.model ?? 'unknown'}, \`nproc\`: ${os.cpus().length}
- ${chromiumVersion}, headless, flags as in \`tests/e2e/chromium_flags.mjs\`
- load average after the run: ${load}
`);
      console.log(`wrote ${path.relative(REPO, IDLE_RESULTS)}`);
    }
    return;
  }
  const [shown, running] = prepareInputs();

  const server = await startStaticServer(SITE_DIR);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const problems = [];
  let results;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.route('**/bench-input/*.csv', (route) =>
      route.fulfill({ path: path.join(WORK_DIR, path.basename(new URL(route.request().url()).pathname)), contentType: 'text/csv' }));
    await page.goto(withTestFlag(`${server.url}/index.html`));
    await page.waitForFunction(() => window.touchpoint?.ready === true, null, { timeout: 120_000 });

    // The table's million rows: the first file, imported through the page as a user would.
    console.log(`importing ${path.basename(shown.csv)} (the table's rows)...`);
    await importInto(page, path.basename(shown.csv));
    await page.waitForFunction(() => {
      const state = window.touchpoint.dataState();
      return state.job === null && state.local_orders > 0;
    }, null, { timeout: 300_000, polling: 500 });
    await page.evaluate(() => window.touchpoint.command('data:orders'));
    await page.waitForFunction(() => (window.touchpoint.ui()?.table?.rows ?? 0) > 1_000_000, null, { timeout: 60_000 });
    const table = (await page.evaluate(() => window.touchpoint.ui())).table;
    console.log(`table on screen: ${table.rows} rows`);

    // Nothing happening: the page's own pace in this browser.
    const still = await sampleFrames(page, 120, false);
    // Scrolling only: the drawing cost of the table on its own.
    let stop = startScrolling(page, table.rect);
    const idle = await sampleFrames(page, 240, false);
    await stop();

    // Scrolling while the second file is imported: the job shares each frame.
    await importInto(page, path.basename(running.csv));
    await page.waitForFunction(() => window.touchpoint.ui()?.jobs > 0, null, { timeout: 60_000 });
    const jobStart = Date.now();
    stop = startScrolling(page, table.rect);
    const busy = await sampleFrames(page, options.frames, true);
    await stop();
    await page.waitForFunction(() => window.touchpoint.dataState().job === null, null, { timeout: 300_000, polling: 500 });
    const jobSeconds = (Date.now() - jobStart) / 1000;
    const report = (await page.evaluate(() => window.touchpoint.dataState())).import;

    const withJob = busy.filter((s) => s.jobs > 0);
    results = {
      rows: table.rows,
      still: { total: summarise(still.map((s) => s.total_ms)), drawing: summarise(still.map((s) => s.drawing_ms)), interval: summarise(still.map((s) => s.interval)) },
      idle: { total: summarise(idle.map((s) => s.total_ms)), drawing: summarise(idle.map((s) => s.drawing_ms)), interval: summarise(idle.map((s) => s.interval)) },
      busy: {
        total: summarise(withJob.map((s) => s.total_ms)),
        drawing: summarise(withJob.map((s) => s.drawing_ms)),
        jobs: summarise(withJob.map((s) => s.jobs_ms)),
        interval: summarise(withJob.map((s) => s.interval)),
      },
      job: { file: path.basename(running.csv), seconds: jobSeconds, rows: report?.rows_loaded ?? 0 },
    };
  } finally {
    await browser.close();
    await server.close();
  }
  if (problems.length) throw new Error(`the page reported problems:\n  ${problems.slice(0, 10).join('\n  ')}`);

  const rows = [
    ['Table only, no input', results.still.total, results.still.drawing, null, results.still.interval],
    ['Table only, scrolling', results.idle.total, results.idle.drawing, null, results.idle.interval],
    ['Table scrolling + import job', results.busy.total, results.busy.drawing, results.busy.jobs, results.busy.interval],
  ];
  const header = '| Frames of | Frame work median | p95 | max | Drawing median | p95 | Job slice median | Frame interval median | p95 | Frames |';
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const table = [
    header,
    line(header.split('|').slice(1, -1).map(() => '---')),
    ...rows.map(([name, total, drawing, jobs, interval]) =>
      line([name, fmt(total.median), fmt(total.p95), fmt(total.max), fmt(drawing.median), fmt(drawing.p95),
        jobs ? fmt(jobs.median) : '–', fmt(interval.median), fmt(interval.p95), String(total.count)])),
  ].join('\n');
  const goalMet = results.busy.total.median <= GOAL_MS;
  const goal = `median frame work with the table on screen and a job running: ${fmt(results.busy.total.median)} (goal at most ${GOAL_MS} ms): ${goalMet ? 'met' : 'NOT met'}`;
  console.log(table);
  console.log(`job: ${results.job.file}, ${results.job.rows.toLocaleString('en-US')} rows imported in ${results.job.seconds.toFixed(1)} s while the frames were timed`);
  console.log(goal);

  if (!options.write) return;
  const chromiumVersion = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  const text = `# Frame time with a million-row table and a job running

Made by \`node bench/browser/frame_time.mjs\` (or \`scripts/bench-frames\`) in headless Chromium, 1280x800,
deviceScaleFactor 1, software WebGL (SwiftShader).

## What was on screen

- The Data page's Orders table with ${results.rows.toLocaleString('en-US')} rows (the import benchmark's
  file, imported through the page first), scrolled with the mouse wheel every 30 ms, down and up.
- Second row: at the same time, the import of \`${results.job.file}\` (${results.job.rows.toLocaleString('en-US')}
  rows) ran as a job; it took ${results.job.seconds.toFixed(1)} s while the frames were timed.

## Results

${table}

- Frame work: measured inside the workbench, from the start of the frame (the job slice) to
  the end of drawing (\`window.touchpoint.ui().frame\`). Drawing: building the ImGui frame and
  issuing its GL calls. Job slice: the time given to jobs in that frame, which is what the
  frame budget (14 ms) leaves after the previous frame's drawing.
- Frame interval: between \`requestAnimationFrame\` callbacks in the page. Headless Chromium
  with software WebGL on this 2-core machine paces them by its own compositing (first row,
  with nothing happening in the page), not by the workbench's frame work.

${idleTable ? `## Idle frames, before and after

The sample shop (20,000 customers) open on each view with nothing happening, in an earlier
build of the site (\`--before-site ${path.relative(REPO, options.beforeSite) || options.beforeSite}\`) and in this one,
in the same run, two rounds each in turn (the quieter round shown). Each figure is one
\`requestAnimationFrame\` callback of the page as the browser ran it: the workbench's whole
frame, whatever it does besides drawing included (bench/browser/idle_frames.mjs).

${idleTable}

` : ''}## Goal

- ${goal}

## Machine

- date: ${new Date().toISOString()}
- CPU: ${os.cpus()[0]?.model ?? 'unknown'}, \`nproc\`: ${os.cpus().length}
- ${chromiumVersion}, headless, flags as in \`tests/e2e/chromium_flags.mjs\`
- load average after the run: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}
`;
  fs.writeFileSync(RESULTS, text);
  console.log(`wrote ${path.relative(REPO, RESULTS)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
