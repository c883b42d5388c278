// Shared by the browser tests: the paths and flags they run with, one Chromium and one
// static server per test file, pages opened with every problem recorded, the CLI as the
// oracle for numbers, and pixel checks on screenshots.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { startStaticServer } from '../../scripts/static_server.mjs';
import { CHROMIUM_ARGS } from './chromium_flags.mjs';
import { withTestFlag } from './test_flag.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SITE_DIR = path.resolve(process.env.TOUCHPOINT_SITE_DIR ?? path.join(REPO, 'build/wasm/site'));
export const CLI = path.resolve(process.env.TOUCHPOINT_CLI ?? path.join(REPO, 'build/native/cli/touchpoint'));
export const OUT_DIR = path.resolve(process.env.TOUCHPOINT_E2E_OUT ?? path.join(REPO, 'build/e2e'));

export const VIEWPORT = { width: 1280, height: 800 };
// Wasm start-up plus the first frames in software WebGL (SwiftShader) on a
// 2-core machine takes a while; be generous so only a real hang fails.
export const READY_TIMEOUT_MS = 90_000;
export const TEST_TIMEOUT_MS = 240_000;

export { CHROMIUM_ARGS } from './chromium_flags.mjs';
export { withTestFlag } from './test_flag.mjs';

// One browser and one server for a test file; close() ends both.
export async function startSession() {
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
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-e2e-'));
  const server = await startStaticServer(SITE_DIR);
  // launch() gives every run its own temporary profile (fresh user-data-dir).
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    server,
    tmpDir,
    close: async () => {
      await browser.close();
      await server.close();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

// The session of a test file: registers the hooks that start it before the file's tests and
// close it after them, and makes its screenshot folder `shotsDir`, OUT_DIR/<name> (OUT_DIR
// itself without a name). The object is returned at once with `shotsDir`; the session's
// browser, server, tmpDir and close() are in it once the tests run. `setUp(session)` runs once
// the session has started, in the same hook (a file's own top-level before() would start at
// once, beside the session's start, not after it).
export function useSession(name = '', { setUp = null } = {}) {
  const session = { shotsDir: path.join(OUT_DIR, name) };
  before(async () => {
    Object.assign(session, await startSession());
    fs.mkdirSync(session.shotsDir, { recursive: true });
    await setUp?.(session);
  });
  after(async () => {
    await session.close?.();
  });
  return session;
}

// Run the CLI quietly; on failure, say what it printed.
export function runCli(args) {
  try {
    // Room for JSON with a row per customer of a big store.
    return execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${CLI} ${args.join(' ')} failed (${err.status ?? err.signal}):\n${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
}

// The sample shop a page with ?seed=&customers= shows (by default seed 42, 20,000 customers: the
// default page), written once per session by the CLI.
export function sampleStore(session, { seed = 42, customers = 20000 } = {}) {
  const store = path.join(session.tmpDir, `sample-${seed}-${customers}.sqlite`);
  if (!fs.existsSync(store)) runCli(['sample', '--out', store, '--seed', String(seed), '--customers', String(customers), '--force']);
  return store;
}

// Run the native CLI on a fresh sample shop and return its metrics JSON.
// Cached: several tests compare against the same sample.
const cliCache = new Map();
export function cliMetrics(session, { seed, customers }) {
  const key = `${seed}/${customers}`;
  if (!cliCache.has(key)) {
    cliCache.set(key, JSON.parse(runCli(['metrics', sampleStore(session, { seed, customers }), '--json'])));
  }
  return cliCache.get(key);
}

// The workbench's address on the session's server, with the test flag; `query` may hold other
// parameters and a fragment ("?seed=7&customers=500", "#w=...").
export function workbenchUrl(session, query = '') {
  return withTestFlag(`${session.server.url}/index.html${query}`);
}

// Open the workbench (in a fresh context unless one is given, e.g. to reload with the
// same IndexedDB) and wait until it has drawn the dashboard with data. Every console error, uncaught page error, failed
// request, HTTP error response and request to another origin is recorded in
// `problems`; each test asserts that list is empty before it ends.
export async function openWorkbench(session, query = '', existingContext = null) {
  const context = existingContext ?? (await session.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 }));
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(session.server.url).origin;

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

  await page.goto(workbenchUrl(session, query), { waitUntil: 'load' });
  await waitUntilReady(page, problems);
  return { page, context, problems, close: () => context.close() };
}

// Waits for the first frame with data (after a goto or a reload).
export async function waitUntilReady(page, problems) {
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
}

export function assertNoProblems(problems) {
  // A per-frame error repeats every frame: show the first few only.
  const MAX = 15;
  const listed = problems.slice(0, MAX).join('\n  ');
  const more = problems.length > MAX ? `\n  ... and ${problems.length - MAX} more` : '';
  if (problems.length > 0) assert.fail(`the page reported ${problems.length} problem(s):\n  ${listed}${more}`);
}

// Luminance mean and variance (Rec. 709 weights, 0..255 scale) of the pixels fully inside a
// CSS-pixel rectangle of a decoded screenshot taken at deviceScaleFactor `scale`.
export function luminanceStats(png, rect, scale = 1) {
  const x0 = Math.ceil(rect.x * scale);
  const y0 = Math.ceil(rect.y * scale);
  const x1 = Math.floor((rect.x + rect.width) * scale);
  const y1 = Math.floor((rect.y + rect.height) * scale);
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
  return { mean, variance: Math.max(0, sumSq / n - mean * mean) }; // clamp float round-off below 0
}

export function luminanceVariance(png, rect, scale = 1) {
  return luminanceStats(png, rect, scale).variance;
}

// The page's canvas saved as the PNG `file`, decoded.
export async function canvasScreenshot(page, file) {
  return PNG.sync.read(await page.locator('#canvas').screenshot({ path: file }));
}

// Something is drawn in `rect` of a screenshot at scale 1: text and lines on a plain background
// give a luminance variance in the tens at least, a flat fill about 0.
export function assertDrawn(png, rect, what, minimum = 20) {
  const { variance } = luminanceStats(png, rect);
  assert.ok(variance > minimum, `${what} is drawn (luminance variance ${variance.toFixed(1)})`);
}

// The same structure with every number equal to within `tolerance` (relative above 1): the same
// core in WebAssembly and natively may round the last bit differently (quadrature, root finding).
export function assertCloseDeep(actual, expected, what, tolerance) {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(actual === expected || Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
      `${what}: ${actual} vs the CLI's ${expected}`);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    assert.deepEqual(actual, expected, what);
    return;
  }
  assert.ok(actual !== null && typeof actual === 'object', `${what}: ${JSON.stringify(actual)} is not an object or array`);
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: the keys`);
  for (const key of Object.keys(expected)) assertCloseDeep(actual[key], expected[key], `${what}.${key}`, tolerance);
}

// Resolves after the page has drawn `count` more frames.
export async function nextFrames(page, count = 2) {
  await page.evaluate(
    (n) => new Promise((resolve) => {
      const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
      step(n);
    }),
    count,
  );
}

export function assertRectInViewport(name, rect) {
  for (const k of ['x', 'y', 'width', 'height']) {
    assert.ok(Number.isFinite(rect?.[k]), `layout().${name}.${k} is not a finite number: ${JSON.stringify(rect)}`);
  }
  assert.ok(rect.width >= 1 && rect.height >= 1, `layout().${name} is empty: ${JSON.stringify(rect)}`);
  assert.ok(
    rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= VIEWPORT.width && rect.y + rect.height <= VIEWPORT.height,
    `layout().${name} ${JSON.stringify(rect)} is not inside the ${VIEWPORT.width}x${VIEWPORT.height} viewport`,
  );
}

// Drops a file on the page the way a browser does: a real drop event carrying a File.
// `content` is text or bytes.
export async function dropFile(page, name, content) {
  const data = typeof content === 'string' ? Array.from(Buffer.from(content, 'utf8')) : Array.from(content);
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(data)], name));
      return transfer;
    },
    { name, data },
  );
  await page.dispatchEvent('#canvas', 'drop', { dataTransfer });
}

// A press and a release a few frames apart, as a person clicks, at the middle of a rect in CSS pixels.
export async function clickAt(page, rect) {
  await page.mouse.move(rect.x + rect.width / 2, rect.y + rect.height / 2);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.up();
  await nextFrames(page, 3);
}

// The page's test state (window.touchpoint.ui()).
export async function uiState(page) {
  return page.evaluate(() => window.touchpoint.ui());
}

// Where a clickable control published as `name` is on screen (CSS pixels), a few frames on.
export async function clickTarget(page, name) {
  await nextFrames(page, 2);
  const rect = (await uiState(page)).drill_down.targets[name];
  assert.ok(rect, `${name} is on screen`);
  return rect;
}

// A named action of the page's test API (window.touchpoint.command): true when it was carried
// out. `frames`: animation frames to let pass after it; `required`: fail when the page refuses it.
export async function command(page, text, { frames = 0, required = false } = {}) {
  const done = await page.evaluate((c) => window.touchpoint.command(c), text);
  if (required) assert.ok(done, `command refused: ${text}`);
  if (frames > 0) await nextFrames(page, frames);
  return done;
}

// A card's text back to a number in the CLI's unit: "41.8%" -> 41.8 (percent), "1,234.50" -> 1234.5.
function shownNumber(text) {
  if (text === 'n/a') return null;
  return Number(text.replace(/,/g, '').replace(/%$/, '').replace(/ days$/, ''));
}

const SHARES = new Set(['repeat_purchase_rate', 'churn_rate', 'lost_after_first_purchase']);
const COUNTS = new Set(['active_customers', 'new_customers', 'orders']);

// Every card equals the CLI's figure at the precision the card shows.
export function assertCardsMatch(shown, report, where) {
  assert.equal(shown.length, 12, `${where}: twelve figures shown, got ${JSON.stringify(shown)}`);
  for (const { key, text } of shown) {
    const want = report[key];
    assert.ok(key in report, `${where}: card "${key}" is not a figure of the CLI report`);
    const value = shownNumber(text);
    if (want === null || value === null) {
      assert.equal(value, want, `${where}: card "${key}" shows "${text}", the CLI says ${want}`);
      continue;
    }
    if (COUNTS.has(key)) {
      assert.equal(value, want, `${where}: card "${key}" shows "${text}", the CLI says ${want}`);
    } else {
      const cli = SHARES.has(key) ? want * 100 : want;
      const decimals = (text.split(' ')[0].split('.')[1] ?? '').replace('%', '').length;
      const tolerance = 0.5 * 10 ** -decimals + 1e-9;
      assert.ok(Math.abs(value - cli) <= tolerance, `${where}: card "${key}" shows "${text}", the CLI says ${cli}`);
    }
  }
}

// An orders file stops at its preview (counts and first orders, nothing written) until the user
// imports it. Waits for the preview and returns its report.
export async function waitForPreview(page, { timeout = 120_000 } = {}) {
  await page.waitForFunction(() => {
    const state = window.touchpoint.dataState();
    return state && (state.preview !== null || (state.job === null && state.import !== null));
  }, null, { timeout });
  const state = await page.evaluate(() => window.touchpoint.dataState());
  assert.ok(state.preview, `the import stopped at its preview (it ended with: ${JSON.stringify(state.import?.fatal_error ?? state.import)})`);
  return state.preview;
}

// Waits for the preview and imports it, as the Import button does; returns the preview's report.
export async function confirmImport(page, options = {}) {
  const preview = await waitForPreview(page, options);
  await command(page, 'data:confirm_import');
  return preview;
}

// Waits until the import has ended and the local database is saved in this browser.
export async function waitUntilStored(page, { timeout = 120_000 } = {}) {
  await page.waitForFunction(() => {
    const state = window.touchpoint.dataState();
    return state && state.job === null && state.import !== null && window.touchpoint.persistedAt > 0 && !window.touchpoint.persistPending();
  }, null, { timeout, polling: 100 });
  return page.evaluate(() => window.touchpoint.dataState());
}

// Reads the page's state every `every` frames until `predicate(state)` holds, and returns that
// state: uiState(page), or its part named `part` (e.g. 'simulate': uiState(page).simulate), or
// what `read(page)` gives. Fails at once when `failed(state)` gives a reason, and after `frames`
// frames; both failures name `what`, the second shows the last state read.
export async function waitForState(page, predicate, { what = 'the state waited for', frames = 4000, every = 5, part = null, read = null, failed = () => '' } = {}) {
  const readState = read ?? (async (p) => {
    const ui = await uiState(p);
    return part ? ui?.[part] : ui;
  });
  let state;
  for (let i = 0; i < frames; i += every) {
    state = await readState(page);
    if (state && predicate(state)) return state;
    if (state) assert.equal(failed(state) || '', '', `${what} failed`);
    await nextFrames(page, every);
  }
  throw new Error(`${what} did not happen within ${frames} frames; last state: ${JSON.stringify(state)?.slice(0, 2000)}`);
}

// Ctrl+O, as a person opens a file: the page's own file input shows the file chooser, which gets
// `file` (a path: the browser reads it from disk, so large files need no copy in the test). A
// click on the status bar comes first, as a person's would; the press is repeated until the
// chooser shows (headless Chromium does not answer every one).
export async function chooseFile(page, file) {
  const choosers = [];
  const onChooser = (chooser) => choosers.push(chooser);
  page.on('filechooser', onChooser);
  try {
    for (let attempt = 0; attempt < 4 && choosers.length === 0; attempt += 1) {
      const bar = (await uiState(page)).regions.status_bar;
      await page.mouse.click(bar.x + bar.width - 5, bar.y + bar.height / 2);
      await nextFrames(page, 3);
      await page.keyboard.press('Control+o');
      for (let i = 0; i < 20 && choosers.length === 0; i += 1) await page.waitForTimeout(250);
    }
    assert.ok(choosers.length > 0, 'Ctrl+O shows the file chooser');
    await choosers[0].setFiles(file);
  } finally {
    page.off('filechooser', onChooser);
  }
}
