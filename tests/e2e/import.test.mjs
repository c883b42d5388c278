// Importing the user's own data in the browser: a file with deliberate faults is dropped on
// the page, the report counts what loaded and what was rejected (with the line of each
// fault), the dashboard switches to the imported data, and after a reload the data is still
// there (it lives in IndexedDB, not on any server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import {
  TEST_TIMEOUT_MS, useSession, openWorkbench, waitUntilReady, assertNoProblems, luminanceVariance, dropFile, confirmImport,
} from './harness.mjs';

// Lines 4, 5 and 7 are faulty; the other three rows are good (customers C1 and C3).
const FAULTY_ORDERS = [
  'order_id,customer_id,order_date,amount',  // line 1
  'E1,C1,2024-01-05,10.00',                  // line 2
  'E2,C1,2024-02-05,12.00',                  // line 3
  'E3,C2,2024-13-01,5.00',                   // line 4: there is no month 13
  'E4,C3,2024-03-01,abc',                    // line 5: not an amount
  'E5,C3,2024-03-09,7.50',                   // line 6
  'E6,C4,2024-04-01',                        // line 7: a field missing
  '',
].join('\n');

const session = useSession();

async function waitForImportReport(page) {
  await page.waitForFunction(() => {
    const state = window.touchpoint.dataState();
    return state && state.job === null && state.import !== null;
  }, null, { timeout: 60_000 });
  return page.evaluate(() => window.touchpoint.dataState());
}

test('a dropped file with faults loads its good rows, reports the bad ones, and survives a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    const before = await wb.page.evaluate(() => window.touchpoint.dataState());
    assert.equal(before.source, 'sample', 'a fresh browser should open on the sample shop');

    await dropFile(wb.page, 'faulty-orders.csv', FAULTY_ORDERS);
    await confirmImport(wb.page);
    const state = await waitForImportReport(wb.page);
    const report = state.import;
    assert.equal(report.fatal_error, null, `the import failed: ${report.fatal_error}`);
    assert.equal(report.file, 'faulty-orders.csv');
    assert.equal(report.rows_read, 6);
    assert.equal(report.rows_loaded, 3);
    assert.equal(report.rows_rejected, 3);
    assert.deepEqual(report.errors.map((e) => e.line), [4, 5, 7]);
    assert.equal(report.errors[0].column, 3);
    assert.match(report.errors[0].reason, /'2024-13-01' is not a/);
    assert.equal(report.errors[1].reason, "'abc' is not an amount");
    assert.equal(report.errors[2].reason, 'expected 4 fields, found 3');

    // The dashboard now shows the imported data, not the sample.
    assert.equal(state.source, 'local');
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    assert.equal(metrics.customers, 2);
    assert.equal(metrics.orders, 3);
    assert.equal(metrics.repeat_purchase_rate, 0.5);  // C1 came back, C3 did not

    // The report is on screen: the Data page with the rejected rows.
    await wb.page.waitForTimeout(300);
    const file = path.join(session.shotsDir, 'import-report.png');
    await wb.page.screenshot({ path: file });
    const png = PNG.sync.read(fs.readFileSync(file));
    const body = { x: 200, y: 40, width: 1000, height: 400 };
    assert.ok(luminanceVariance(png, body) > 100, `the Data page looks blank (see ${file})`);

    // Saved to IndexedDB: a reload (same browser profile) opens on the same data.
    await wb.page.waitForFunction(() => window.touchpoint.persistedAt > 0, null, { timeout: 30_000 });
    await wb.page.reload({ waitUntil: 'load' });
    await waitUntilReady(wb.page, wb.problems);
    const reloaded = await wb.page.evaluate(() => window.touchpoint.dataState());
    assert.equal(reloaded.source, 'local', 'after a reload the page went back to the sample shop');
    assert.equal(reloaded.local_orders, 3);
    const metricsAfterReload = await wb.page.evaluate(() => window.touchpoint.metrics());
    assert.deepStrictEqual(metricsAfterReload, metrics);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('the same file dropped twice is recognised and adds nothing', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    await dropFile(wb.page, 'orders-a.csv', FAULTY_ORDERS);
    await confirmImport(wb.page);
    await waitForImportReport(wb.page);
    await dropFile(wb.page, 'orders-a-again.csv', FAULTY_ORDERS);
    await wb.page.waitForFunction(() => window.touchpoint.dataState().import?.file === 'orders-a-again.csv', null, { timeout: 60_000 });
    const state = await waitForImportReport(wb.page);
    assert.match(state.import.duplicate_of, /already imported/);
    assert.equal(state.local_orders, 3);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('a file whose columns cannot be mapped by name asks for a mapping instead of failing', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    await dropFile(wb.page, 'beleg.csv', 'Beleg,Kunde,Tag,Betrag\nX1,K1,2024-05-01,3\n');
    const state = await waitForImportReport(wb.page);
    assert.equal(state.import.mapping_incomplete, true);
    assert.equal(state.local_orders, 0, 'nothing may be stored before the columns are mapped');
    const request = state.mapping_request;
    assert.ok(request, 'the Data page should ask for a mapping');
    assert.equal(request.file, 'beleg.csv');
    assert.deepEqual(request.columns, ['Beleg', 'Kunde', 'Tag', 'Betrag']);
    assert.equal(request.fields.customer_id, -1);
    assert.equal(state.source, 'sample');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
