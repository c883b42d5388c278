// Reliability of the page at its edges: a reload in the middle of a large import leaves the
// stored data as it was (and the stored database whole, by SQLite's own integrity check); a file
// over the import size limit is refused with a message before any of it is copied; share links
// too long, or nested too deep, are refused with their message and the page keeps working.
// Figures are checked against the CLI and Python's sqlite3 on the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PNG } from 'pngjs';
import {
  REPO, TEST_TIMEOUT_MS, VIEWPORT, useSession, openWorkbench, waitUntilReady, assertNoProblems, workbenchUrl,
  luminanceVariance, runCli, cliMetrics, chooseFile, confirmImport, waitUntilStored, nextFrames, command,
} from './harness.mjs';

const session = useSession('reliability');
const SMALL_ORDERS = path.join(REPO, 'tests/golden/retention/orders.csv');
const SAVING_PHASE = 'Saving to the local database';
const READING_PHASE = 'Reading rows';

// About a million orders (35 MB), made once by the CLI as the browser import benchmark makes its
// input, and kept in the output folder for the next run.
function largeOrdersCsv() {
  const csv = path.join(session.shotsDir, 'orders-large.csv');
  if (fs.existsSync(csv)) return csv;
  const source = path.join(session.tmpDir, 'orders-source.sqlite');
  runCli(['sample', '--out', source, '--customers', '350000', '--seed', '1', '--purchase-rate-shape', '0.78', '--force']);
  runCli(['export', source, '--table', 'orders', '--out', `${csv}.part`, '--columns', 'order_id,customer_id,order_date,amount']);
  fs.renameSync(`${csv}.part`, csv);
  return csv;
}

// What SQLite says of a database file: its integrity check and the rows of its tables.
function storeFacts(file) {
  const script = `
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(json.dumps({
  "integrity": [r[0] for r in c.execute("PRAGMA integrity_check")],
  "orders": c.execute("SELECT count(*) FROM orders").fetchone()[0],
  "customers": c.execute("SELECT count(*) FROM customers").fetchone()[0],
  "imports": c.execute("SELECT count(*) FROM imports").fetchone()[0],
}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }));
}

// The small orders file imported by the CLI into a fresh store: the figures the page must keep.
function smallOrdersByCli() {
  const store = path.join(session.tmpDir, 'small-orders.sqlite');
  fs.rmSync(store, { force: true });
  runCli(['import', store, SMALL_ORDERS]);
  return { metrics: JSON.parse(runCli(['metrics', store, '--json'])), facts: storeFacts(store) };
}

const dataState = (page) => page.evaluate(() => window.touchpoint.dataState());

// The import has ended and its database has reached IndexedDB.
async function importSmallOrders(wb) {
  await chooseFile(wb.page, SMALL_ORDERS);
  await confirmImport(wb.page);
  const state = await waitUntilStored(wb.page);
  assert.equal(state.import.fatal_error, null, `the small import failed: ${state.import.fatal_error}`);
  assert.equal(state.import.rows_loaded, 18);
  assert.equal(state.source, 'local');
}

// The page's database, saved through its own export command.
async function exportedDatabase(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), command(page, 'export_database')]);
  assert.equal(download.suggestedFilename(), 'touchpoint.sqlite');
  const file = path.join(session.shotsDir, name);
  await download.saveAs(file);
  return file;
}

// The store holds exactly the small file: the CLI's figures, and a whole database.
async function assertHoldsSmallOrders(wb, cli, label) {
  const state = await dataState(wb.page);
  assert.equal(state.source, 'local', `${label}: the page opens on the stored data`);
  assert.equal(state.job, null, `${label}: no import runs after the reload`);
  assert.deepEqual(state.errors, [], `${label}: no error after the reload`);
  const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
  assert.equal(metrics.orders, cli.metrics.orders, `${label}: orders`);
  assert.equal(metrics.customers, cli.metrics.customers, `${label}: customers`);
  assert.equal(metrics.repeat_purchase_rate, cli.metrics.repeat_purchase_rate, `${label}: repeat purchase rate`);
  const facts = storeFacts(await exportedDatabase(wb.page, `${label}.sqlite`));
  assert.deepEqual(facts.integrity, ['ok'], `${label}: PRAGMA integrity_check`);
  assert.equal(facts.orders, cli.facts.orders, `${label}: order rows stored`);
  assert.equal(facts.customers, cli.facts.customers, `${label}: customer rows stored`);
  assert.equal(facts.imports, 1, `${label}: one import recorded`);
}

async function screenshotChecked(page, name, region = { x: 200, y: 40, width: 1000, height: 400 }) {
  const file = path.join(session.shotsDir, name);
  await page.screenshot({ path: file });
  const png = PNG.sync.read(fs.readFileSync(file));
  assert.ok(luminanceVariance(png, region) > 100, `${name} looks blank`);
  return file;
}

test('a reload while a large import reads or writes leaves the stored data as it was; finished, it is stored', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const large = largeOrdersCsv();
  const largeRows = fs.readFileSync(large, 'utf8').split('\n').length - 2;  // header and last newline
  const cli = smallOrdersByCli();
  assert.equal(cli.facts.orders, 18);
  const wb = await openWorkbench(session);
  try {
    await importSmallOrders(wb);
    await assertHoldsSmallOrders(wb, cli, 'before the large import');

    // Well inside each phase: a third of the rows read; past the middle of the whole job while
    // writing (reading takes the first part of its progress).
    const points = [[READING_PHASE, 'reading', { rows: Math.floor(largeRows / 3), fraction: 0 }],
                    [SAVING_PHASE, 'writing', { rows: 0, fraction: 0.6 }]];
    for (const [phase, label, past] of points) {
      await chooseFile(wb.page, large);
      if (phase === SAVING_PHASE) await confirmImport(wb.page, { timeout: 180_000 });  // writing starts once confirmed
      const job = await (await wb.page.waitForFunction(({ want, past }) => {
        const state = window.touchpoint.dataState();
        const job = state && state.job;
        return job && job.phase === want && job.rows >= past.rows && job.fraction >= past.fraction ? job : null;
      }, { want: phase, past }, { timeout: 180_000, polling: 'raf' })).jsonValue();
      await wb.page.reload({ waitUntil: 'load' });
      console.log(`reloaded while ${label}: ${job.phase}, ${job.rows} of ${largeRows} rows, ${(job.fraction * 100).toFixed(1)}%`);
      assert.ok(job.rows < largeRows || phase === SAVING_PHASE, `the reload came before the ${label} ended`);
      await waitUntilReady(wb.page, wb.problems);
      await nextFrames(wb.page, 10);
      await assertHoldsSmallOrders(wb, cli, `after a reload while ${label}`);
      await command(wb.page, 'data:import');
      await nextFrames(wb.page, 5);
      await screenshotChecked(wb.page, `after a reload while ${label}.png`);
    }

    // Left to finish, the large import is stored (in parts small enough for IndexedDB) and
    // survives a reload: the CLI's figures for the same two files.
    const both = path.join(session.tmpDir, 'small-and-large.sqlite');
    fs.rmSync(both, { force: true });
    runCli(['import', both, SMALL_ORDERS]);
    runCli(['import', both, large]);
    const bothMetrics = JSON.parse(runCli(['metrics', both, '--json']));
    const bothFacts = storeFacts(both);
    await chooseFile(wb.page, large);
    await confirmImport(wb.page, { timeout: 180_000 });
    const done = await waitUntilStored(wb.page);
    assert.equal(done.import.fatal_error, null, `the large import failed: ${done.import.fatal_error}`);
    assert.equal(done.import.rows_loaded, largeRows);
    await wb.page.reload({ waitUntil: 'load' });
    await waitUntilReady(wb.page, wb.problems);
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    assert.equal(metrics.orders, bothMetrics.orders);
    assert.equal(metrics.customers, bothMetrics.customers);
    const facts = storeFacts(await exportedDatabase(wb.page, 'after the large import.sqlite'));
    assert.deepEqual(facts.integrity, ['ok']);
    assert.equal(facts.orders, bothFacts.orders);
    assert.equal(facts.customers, bothFacts.customers);
    assert.equal(facts.imports, 2);
    await command(wb.page, 'section:Dashboard');
    await nextFrames(wb.page, 5);
    await screenshotChecked(wb.page, 'after the large import and a reload.png');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('a file over the size limit is refused with its size and the limit, before any of it is copied', { timeout: TEST_TIMEOUT_MS }, async () => {
  const cli = smallOrdersByCli();
  const wb = await openWorkbench(session);
  try {
    await importSmallOrders(wb);
    const limits = await wb.page.evaluate(() => window.touchpoint.limits());
    const limit = limits.max_import_file_bytes;
    assert.ok(Number.isSafeInteger(limit) && limit > 0, `the page states its import limit: ${JSON.stringify(limits)}`);
    assert.equal(limits.shown.max_import_file_bytes, `${limit / 2 ** 20} MiB`);

    // A sparse file one byte over the limit: takes no disk space, and the browser reads it from disk.
    const file = path.join(session.tmpDir, 'too-large.csv');
    fs.writeFileSync(file, 'order_id,customer_id,order_date,amount\n');
    fs.truncateSync(file, limit + 1);
    const heapBefore = await wb.page.evaluate(() => Module.HEAPU8.length);
    await chooseFile(wb.page, file);
    await wb.page.waitForFunction(() => window.touchpoint.dataState().errors.length > 0, null, { timeout: 30_000 });
    const state = await dataState(wb.page);
    const heapAfter = await wb.page.evaluate(() => Module.HEAPU8.length);
    assert.equal(state.errors.length, 1, JSON.stringify(state.errors));
    const message = state.errors[0];
    // One byte over shows as the limit itself: the exact size follows in brackets.
    assert.ok(message.startsWith(`'too-large.csv' was not imported: it is ${limits.shown.max_import_file_bytes} (`), message);
    assert.ok(message.includes(`(${(limit + 1).toLocaleString('en-US')} bytes), more than the ${limits.shown.max_import_file_bytes}`), message);
    assert.equal(state.job, null, 'no import started');
    assert.ok(heapAfter - heapBefore < 64 * 2 ** 20, `the module's memory grew by ${heapAfter - heapBefore} bytes: the file was copied`);
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    assert.equal(metrics.orders, cli.metrics.orders);
    assert.equal(metrics.customers, cli.metrics.customers);
    assert.equal((await wb.page.evaluate(() => window.touchpoint.ui())).section, 'Data');
    await nextFrames(wb.page, 5);
    // The toast sits at the bottom right.
    await screenshotChecked(wb.page, 'file over the size limit.png', { x: VIEWPORT.width - 520, y: VIEWPORT.height - 200, width: 500, height: 150 });

    // The stored data is unchanged after a reload too.
    await wb.page.reload({ waitUntil: 'load' });
    await waitUntilReady(wb.page, wb.problems);
    await nextFrames(wb.page, 5);
    await assertHoldsSmallOrders(wb, cli, 'after the refused file');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

function base64url(bytes) {
  return Buffer.from(bytes).toString('base64').replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

test('share links too long or nested too deep are refused with their message, and the page keeps working', { timeout: TEST_TIMEOUT_MS }, async () => {
  const sample = cliMetrics(session, { seed: 42, customers: 20000 });
  const context = await session.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    // Opened in a fresh browser: the page says so and stays on the sample shop.
    const address = workbenchUrl(session);
    const limitsPage = await openWorkbench(session, '', context);
    const limits = await limitsPage.page.evaluate(() => window.touchpoint.limits());
    await command(limitsPage.page, 'help:limits');
    await nextFrames(limitsPage.page, 5);
    await screenshotChecked(limitsPage.page, 'help limits.png', { x: 200, y: 100, width: 880, height: 300 });
    assertNoProblems(limitsPage.problems);
    await limitsPage.page.close();

    const fragment = '#w=' + 'A'.repeat(limits.max_share_link_chars);
    const linkChars = address.length + fragment.length;
    const wb = await openWorkbench(session, fragment, context);
    await wb.page.waitForFunction(() => window.touchpoint.dataState().errors.length > 0, null, { timeout: 30_000 });
    let state = await dataState(wb.page);
    assert.deepEqual(state.errors, [
      `Could not open the share link: the link is ${linkChars.toLocaleString('en-US')} characters long, more than the ` +
        `${limits.max_share_link_chars.toLocaleString('en-US')} a share link may have. Ask for the workspace as a file instead (Share, Save workspace file).`,
    ]);
    assert.equal(state.source, 'sample');
    let metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    assert.equal(metrics.orders, sample.orders);
    assert.equal(metrics.customers, sample.customers);
    await screenshotChecked(wb.page, 'share link too long.png', { x: VIEWPORT.width - 520, y: VIEWPORT.height - 200, width: 500, height: 150 });
    // The page keeps working: sections switch and draw.
    assert.ok(await command(wb.page, 'section:Share'));
    await nextFrames(wb.page, 5);
    assert.equal((await wb.page.evaluate(() => window.touchpoint.ui())).section, 'Share');
    await screenshotChecked(wb.page, 'share section after the long link.png');
    assertNoProblems(wb.problems);
    await wb.page.close();

    // A short link whose workspace nests deeper than the reader allows: the reader's own message.
    let nested = '0';
    for (let i = 0; i < limits.max_json_depth + 10; i += 1) nested = `[${nested}]`;
    const deep = `{"format": "touchpoint.workspace", "version": 1, "title": ${nested}}`;
    const deepFragment = '#w=' + base64url(zlib.deflateRawSync(Buffer.from(deep)));
    const deepPage = await openWorkbench(session, deepFragment, context);
    await deepPage.page.waitForFunction(() => window.touchpoint.dataState().errors.length > 0, null, { timeout: 30_000 });
    state = await dataState(deepPage.page);
    assert.equal(state.errors.length, 1, JSON.stringify(state.errors));
    assert.ok(state.errors[0].startsWith('Could not open the share link: '), state.errors[0]);
    assert.match(state.errors[0], new RegExp(`nested more than ${limits.max_json_depth} levels deep`));
    metrics = await deepPage.page.evaluate(() => window.touchpoint.metrics());
    assert.equal(metrics.orders, sample.orders);
    await screenshotChecked(deepPage.page, 'share link nested too deep.png', { x: VIEWPORT.width - 520, y: VIEWPORT.height - 200, width: 500, height: 150 });
    assertNoProblems(deepPage.problems);
  } finally {
    await context.close();
  }
});
