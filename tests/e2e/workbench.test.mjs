// Browser end-to-end tests for the Touchpoint workbench.
//
// The built site is served from 127.0.0.1 and opened in the system Chromium
// (headless, WebGL2 through SwiftShader). The page is driven through the
// small `window.touchpoint` test API, and its numbers are compared with the
// native CLI, which runs the same C++ core on the same seeded sample shop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { startStaticServer } from './static_server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SITE_DIR = path.resolve(process.env.TOUCHPOINT_SITE_DIR ?? path.join(REPO, 'build/wasm/site'));
const CLI = path.resolve(process.env.TOUCHPOINT_CLI ?? path.join(REPO, 'build/native/cli/touchpoint'));
const OUT_DIR = path.resolve(process.env.TOUCHPOINT_E2E_OUT ?? path.join(REPO, 'build/e2e'));

const VIEWPORT = { width: 1280, height: 800 };
// Wasm start-up plus the first frames in software WebGL (SwiftShader) on a
// 2-core machine takes a while; be generous so only a real hang fails.
const READY_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 240_000;

// The sample the page opens on when no query parameters are given.
const DEFAULT_SAMPLE = { seed: 42, customers: 20000 };
const SECOND_SAMPLE = { seed: 7, customers: 3000 };

// Flags verified for headless WebGL2 on this kind of machine; the
// background-networking ones stop Chromium from trying to reach the internet.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser;
let server;
let tmpDir;

before(async () => {
  // Fail early with a message that says what is missing and how to make it.
  assert.ok(
    fs.existsSync(path.join(SITE_DIR, 'index.html')),
    `Touchpoint site not found: ${path.join(SITE_DIR, 'index.html')} is missing. ` +
      'It is produced by the WebAssembly build (build/wasm); scripts/test builds it. ' +
      'Set TOUCHPOINT_SITE_DIR to test a site elsewhere.',
  );
  assert.ok(
    fs.existsSync(CLI),
    `Touchpoint CLI not found: ${CLI} is missing. ` +
      'It is produced by the native build (build/native); scripts/test builds it. ' +
      'Set TOUCHPOINT_CLI to use a CLI elsewhere.',
  );
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-e2e-'));
  server = await startStaticServer(SITE_DIR);
  // launch() gives every run its own temporary profile (fresh user-data-dir).
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- helpers

// Run the CLI quietly; on failure, say what it printed.
function runCli(args) {
  try {
    return execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${CLI} ${args.join(' ')} failed (${err.status ?? err.signal}):\n${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
}

// Run the native CLI on a fresh sample shop and return its metrics JSON.
// Cached: several tests compare against the same sample.
const cliCache = new Map();
function cliMetrics({ seed, customers }) {
  const key = `${seed}/${customers}`;
  if (!cliCache.has(key)) {
    const store = path.join(tmpDir, `sample-${seed}-${customers}.sqlite`);
    runCli(['sample', '--out', store, '--seed', String(seed), '--customers', String(customers), '--force']);
    cliCache.set(key, JSON.parse(runCli(['metrics', store, '--json'])));
  }
  return cliCache.get(key);
}

// Open the workbench in a fresh context and wait until it has drawn the
// dashboard with data. Every console error, uncaught page error, failed
// request, HTTP error response and request to another origin is recorded in
// `problems`; each test asserts that list is empty before it ends.
async function openWorkbench(query = '') {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(server.url).origin;

  page.on('console', (msg) => {
    // The location names the failing resource for "Failed to load resource" messages.
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()} [${msg.location().url}]`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('request', (req) => {
    const url = new URL(req.url());
    // data: URLs never leave the page; blob: URLs carry the page's own origin.
    if (url.protocol === 'data:') return;
    if (url.origin !== origin) problems.push(`request to another origin: ${req.url()}`);
  });

  await page.goto(`${server.url}/index.html${query}`, { waitUntil: 'load' });
  try {
    await page.waitForFunction(() => window.touchpoint?.ready === true, null, { timeout: READY_TIMEOUT_MS });
  } catch (err) {
    // Say why it never got ready, if the page told us.
    throw new Error(
      `window.touchpoint.ready did not become true within ${READY_TIMEOUT_MS} ms` +
        (problems.length ? `; page problems:\n  ${problems.join('\n  ')}` : '') +
        `\n(${err.message.split('\n')[0]})`,
    );
  }
  return { page, problems, close: () => context.close() };
}

function assertNoProblems(problems) {
  // A per-frame error repeats every frame: show the first few only.
  const MAX = 15;
  const listed = problems.slice(0, MAX).join('\n  ');
  const more = problems.length > MAX ? `\n  ... and ${problems.length - MAX} more` : '';
  if (problems.length > 0) assert.fail(`the page reported ${problems.length} problem(s):\n  ${listed}${more}`);
}

// Parse one metric card's text back into a number (null for "n/a"),
// checking it is in the documented display format first.
const SHOWN_FORMAT = {
  customers: /^\d{1,3}(,\d{3})*$/,
  orders: /^\d{1,3}(,\d{3})*$/,
  repeat_purchase_rate: /^\d{1,3}\.\d%$/,
  median_days_between_orders: /^\d{1,3}(,\d{3})*\.\d days$/,
};
function parseShown(key, text) {
  if (text === 'n/a') return null;
  assert.match(text, SHOWN_FORMAT[key], `card "${key}" shows "${text}", not in the documented format`);
  return Number(text.replace(/,/g, '').replace(/%$/, '').replace(/ days$/, ''));
}

// Luminance variance (Rec. 709 weights, 0..255 scale) of the pixels fully
// inside a CSS-pixel rectangle of a decoded screenshot (deviceScaleFactor 1).
function luminanceVariance(png, rect) {
  const x0 = Math.ceil(rect.x);
  const y0 = Math.ceil(rect.y);
  const x1 = Math.floor(rect.x + rect.width);
  const y1 = Math.floor(rect.y + rect.height);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      const lum = 0.2126 * png.data[i] + 0.7152 * png.data[i + 1] + 0.0722 * png.data[i + 2];
      n++;
      sum += lum;
      sumSq += lum * lum;
    }
  }
  assert.ok(n > 0, `rectangle ${JSON.stringify(rect)} covers no whole pixel`);
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean); // clamp float round-off below 0
}

function assertRectInViewport(name, rect) {
  for (const k of ['x', 'y', 'width', 'height']) {
    assert.ok(Number.isFinite(rect?.[k]), `layout().${name}.${k} is not a finite number: ${JSON.stringify(rect)}`);
  }
  assert.ok(rect.width >= 1 && rect.height >= 1, `layout().${name} is empty: ${JSON.stringify(rect)}`);
  assert.ok(
    rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= VIEWPORT.width && rect.y + rect.height <= VIEWPORT.height,
    `layout().${name} ${JSON.stringify(rect)} is not inside the ${VIEWPORT.width}x${VIEWPORT.height} viewport`,
  );
}

// ------------------------------------------------------------------ tests

test('default page shows the same metrics as the CLI for seed 42, 20000 customers', { timeout: TEST_TIMEOUT_MS }, async () => {
  const expected = cliMetrics(DEFAULT_SAMPLE);
  const wb = await openWorkbench();
  try {
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    // Same core, same seed: the numbers must be identical, month by month.
    assert.deepStrictEqual(metrics, expected);

    // What the cards drew must be those numbers at display precision.
    const shown = await wb.page.evaluate(() => window.touchpoint.shown());
    assert.ok(Array.isArray(shown), `shown() returned ${JSON.stringify(shown)}, not an array`);
    const byKey = new Map(shown.map((card) => [card.key, card]));
    const keys = ['customers', 'orders', 'repeat_purchase_rate', 'median_days_between_orders'];
    for (const key of keys) {
      assert.ok(byKey.has(key), `no metric card for "${key}" in shown(): ${JSON.stringify(shown)}`);
      const { text } = byKey.get(key);
      assert.equal(typeof text, 'string', `card "${key}" text is not a string: ${JSON.stringify(byKey.get(key))}`);
      const value = parseShown(key, text);
      const want = expected[key];
      if (want === null || value === null) {
        assert.equal(value, want, `card "${key}" shows "${text}" but the CLI says ${want}`);
        continue;
      }
      if (key === 'customers' || key === 'orders') {
        assert.equal(value, want, `card "${key}" shows "${text}" but the CLI says ${want}`);
      } else {
        const cli = key === 'repeat_purchase_rate' ? want * 100 : want;
        // One decimal shown: rounding error at most 0.05 (plus float slack).
        assert.ok(Math.abs(value - cli) <= 0.05 + 1e-9, `card "${key}" shows "${text}" but the CLI says ${cli}`);
      }
    }
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('query parameters ?seed=7&customers=3000 open that sample, matching the CLI', { timeout: TEST_TIMEOUT_MS }, async () => {
  const expected = cliMetrics(SECOND_SAMPLE);
  const defaultMetrics = cliMetrics(DEFAULT_SAMPLE);
  const wb = await openWorkbench(`?seed=${SECOND_SAMPLE.seed}&customers=${SECOND_SAMPLE.customers}`);
  try {
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    assert.deepStrictEqual(metrics, expected);
    // Guard against a page that ignores the parameters.
    assert.notDeepStrictEqual(metrics, defaultMetrics, 'seed 7 shows the same metrics as seed 42');
    assert.notEqual(metrics.orders, defaultMetrics.orders, 'seed 7 has the same order count as seed 42');

    // The cards follow the query too, not only the API.
    const shown = await wb.page.evaluate(() => window.touchpoint.shown());
    const customersCard = shown.find((card) => card.key === 'customers');
    assert.equal(customersCard?.text, SECOND_SAMPLE.customers.toLocaleString('en-US'));
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('screenshot is not blank: metric cards and chart have visible detail', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench();
  try {
    const layout = await wb.page.evaluate(() => window.touchpoint.layout());
    assertRectInViewport('metrics', layout?.metrics);
    assertRectInViewport('chart', layout?.chart);

    fs.mkdirSync(OUT_DIR, { recursive: true });
    const file = path.join(OUT_DIR, 'workbench.png');
    await wb.page.screenshot({ path: file, fullPage: true });
    const png = PNG.sync.read(fs.readFileSync(file));
    assert.ok(
      png.width >= VIEWPORT.width && png.height >= VIEWPORT.height,
      `screenshot is ${png.width}x${png.height}, smaller than the viewport`,
    );

    // A flat fill has variance 0 and a smooth gradient across Δ grey levels
    // has Δ²/12 (about 33 for a 20-level shading). Text or bars cover a
    // fraction p of a region at contrast d and give about p(1-p)d²: 3 % of
    // pixels at contrast 100 already gives ~290, real cards give hundreds to
    // thousands. 100 separates "something drawn" from "empty panel".
    const MIN_VARIANCE = 100;
    const metricsVar = luminanceVariance(png, layout.metrics);
    const chartVar = luminanceVariance(png, layout.chart);
    assert.ok(
      metricsVar > MIN_VARIANCE,
      `metric cards look blank: luminance variance ${metricsVar.toFixed(1)} <= ${MIN_VARIANCE} (see ${file})`,
    );
    assert.ok(
      chartVar > MIN_VARIANCE,
      `chart looks blank: luminance variance ${chartVar.toFixed(1)} <= ${MIN_VARIANCE} (see ${file})`,
    );
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('page runs with no console errors, page errors, failed or foreign requests', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench();
  try {
    // Keep the main loop running a little past the first ready frame, so
    // errors raised by later frames are caught too.
    await wb.page.waitForTimeout(2000);
    const stillReady = await wb.page.evaluate(() => window.touchpoint.ready);
    assert.equal(stillReady, true, 'window.touchpoint.ready went back to false');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
