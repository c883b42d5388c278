// Real shop exports dropped on the page as they come: a Shopify orders export and an Excel
// workbook of order lines, then the real UCI Online Retail II year through the file chooser.
// Each stops at its preview (the export recognised, the mapping, the counts, the first orders),
// whose figures must be the CLI's `import --preview --json` for the same file; imported, the
// Dashboard's figures must be the CLI's for a store holding the same files. Screenshots of the
// previews in build/e2e/real_exports/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PNG } from 'pngjs';
import {
  REPO, TEST_TIMEOUT_MS, useSession, openWorkbench, assertNoProblems, luminanceVariance, nextFrames, runCli,
  dropFile, chooseFile, command, waitForPreview, waitUntilStored, assertCardsMatch, uiState,
} from './harness.mjs';

const session = useSession('real_exports');
const EXPORTS = path.join(REPO, 'tests/fixtures/exports');
const SHOPIFY = path.join(EXPORTS, 'shopify_orders.csv');
const WORKBOOK = path.join(EXPORTS, 'orders_workbook.xlsx');
const ONLINE_RETAIL_II = path.resolve(REPO, '../shared/data/online_retail_ii/online_retail_ii_2009_2010.csv.gz');
const ORACLE = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/golden/imports/online_retail_ii_2009_2010.json'), 'utf8'));

// What the CLI would store for `file`, in the report's words (nothing written).
function cliPreview(file) {
  const store = path.join(session.tmpDir, `preview-${path.basename(file)}.sqlite`);
  fs.rmSync(store, { force: true });
  return JSON.parse(runCli(['import', store, file, '--preview', '--json']));
}

const COUNTS = ['lines', 'orders', 'customers', 'purchases', 'cancelled', 'failed', 'refunds', 'guest_lines', 'rows_rejected',
  'total_mismatches', 'recognised_export', 'line_items', 'sheet', 'date_layout'];

function assertPreviewMatchesCli(preview, cli, what) {
  for (const key of COUNTS) assert.deepEqual(preview[key], cli[key], `${what}: ${key} in the page's preview`);
  assert.deepEqual(preview.mapping, cli.mapping, `${what}: the mapping`);
  assert.deepEqual(preview.preview, cli.preview, `${what}: the first orders as they will be stored`);
  assert.deepEqual(preview.reasons.map((r) => [r.reason, r.count]), cli.reasons.map((r) => [r.reason, r.count]), `${what}: reasons`);
}

// The preview as a person sees it: the Data page with its counts and first orders drawn.
async function screenshotPreview(page, name) {
  await nextFrames(page, 5);
  const file = path.join(session.shotsDir, name);
  await page.screenshot({ path: file });
  const png = PNG.sync.read(fs.readFileSync(file));
  const { section, regions } = await uiState(page);
  assert.equal(section, 'Data', 'a dropped file opens the Data page');
  const content = regions.content ?? { x: 220, y: 60, width: 1000, height: 600 };
  assert.ok(luminanceVariance(png, content) > 100, `${name}: the preview looks blank`);
}

// The Dashboard's cards and headline numbers equal the CLI's for a store holding `files`.
async function assertDashboardMatchesCli(page, files, what) {
  const store = path.join(session.tmpDir, `dashboard-${files.map((f) => path.basename(f)).join('+')}.sqlite`);
  fs.rmSync(store, { force: true });
  for (const file of files) runCli(['import', store, file]);
  const cli = JSON.parse(runCli(['metrics', store, '--json']));
  const metrics = await page.evaluate(() => window.touchpoint.metrics());
  for (const key of ['customers', 'orders', 'repeat_purchase_rate', 'median_days_between_orders'])
    assert.equal(metrics[key], cli[key], `${what}: ${key} on the dashboard`);
  await command(page, 'section:Dashboard');
  await nextFrames(page, 5);
  assertCardsMatch(await page.evaluate(() => window.touchpoint.shown()), JSON.parse(runCli(['metrics', store, '--json', '--report'])), what);
}

test('a Shopify export and an Excel workbook dropped on the page: their previews are the CLI\'s, and the Dashboard after', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    await dropFile(wb.page, 'shopify_orders.csv', fs.readFileSync(SHOPIFY));
    const shopify = await waitForPreview(wb.page);
    assert.equal(shopify.recognised_export, 'Shopify orders');
    assert.equal(shopify.line_items, true);
    assertPreviewMatchesCli(shopify, cliPreview(SHOPIFY), 'Shopify export');
    assert.equal((await wb.page.evaluate(() => window.touchpoint.dataState())).local_orders, 0, 'nothing is stored before the import is confirmed');
    await screenshotPreview(wb.page, 'shopify-preview.png');
    await command(wb.page, 'data:confirm_import');
    const stored = await waitUntilStored(wb.page);
    assert.equal(stored.import.fatal_error, null);
    assert.equal(stored.local_orders, shopify.orders);
    await assertDashboardMatchesCli(wb.page, [SHOPIFY], 'after the Shopify export');

    await dropFile(wb.page, 'orders_workbook.xlsx', fs.readFileSync(WORKBOOK));
    const workbook = await waitForPreview(wb.page);
    assert.equal(workbook.encoding, 'Excel workbook');
    assert.equal(workbook.sheet, 'Order lines', 'the first sheet by default');
    assertPreviewMatchesCli(workbook, cliPreview(WORKBOOK), 'workbook');
    // Worked by hand (tests/fixtures/exports/make_workbook.py): 6 lines, 4 orders, 1 cancelled, 1 guest line.
    assert.deepEqual([workbook.lines, workbook.orders, workbook.purchases, workbook.cancelled, workbook.guest_lines], [6, 4, 3, 1, 1]);
    await screenshotPreview(wb.page, 'workbook-preview.png');
    await command(wb.page, 'data:confirm_import');
    await waitUntilStored(wb.page);
    await assertDashboardMatchesCli(wb.page, [SHOPIFY, WORKBOOK], 'after the workbook too');
    await wb.page.screenshot({ path: path.join(session.shotsDir, 'dashboard-after-exports.png') });
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('the real Online Retail II year through the file chooser: the oracle\'s figures in the preview, the CLI\'s on the Dashboard', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  assert.ok(fs.existsSync(ONLINE_RETAIL_II), `the shared data is missing: ${ONLINE_RETAIL_II}`);
  const csv = path.join(session.tmpDir, 'online_retail_ii_2009_2010.csv');
  fs.writeFileSync(csv, zlib.gunzipSync(fs.readFileSync(ONLINE_RETAIL_II)));
  const wb = await openWorkbench(session);
  try {
    await chooseFile(wb.page, csv);
    const preview = await waitForPreview(wb.page, { timeout: 180_000 });
    assert.equal(preview.recognised_export, ORACLE.recognised_export);
    for (const [key, oracle] of [['lines', 'lines'], ['guest_lines', 'guest_lines'], ['orders', 'orders'], ['purchases', 'purchases'],
      ['cancelled', 'cancelled_orders'], ['refunds', 'refunds'], ['customers', 'customers_in_orders']])
      assert.equal(preview[key], ORACLE[oracle], `${key}: the page against the pandas oracle`);
    assert.equal(preview.rows_rejected, 0);
    assertPreviewMatchesCli(preview, cliPreview(csv), 'Online Retail II');
    await screenshotPreview(wb.page, 'online-retail-ii-preview.png');
    await command(wb.page, 'data:confirm_import');
    await waitUntilStored(wb.page, { timeout: 180_000 });
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    assert.equal(metrics.customers, ORACLE.customers);
    assert.equal(metrics.orders, ORACLE.purchases);
    assert.ok(Math.abs(metrics.repeat_purchase_rate - ORACLE.repeat_purchase_rate) < 1e-12, 'repeat purchase rate');
    await assertDashboardMatchesCli(wb.page, [csv], 'Online Retail II');
    await wb.page.screenshot({ path: path.join(session.shotsDir, 'dashboard-online-retail-ii.png') });
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
