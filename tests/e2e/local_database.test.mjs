// The local database as a file: a .sqlite made by the native CLI, dropped on the page,
// becomes the workbench's data (same numbers as the CLI); Export gives it back as a file the
// CLI reads again; Clear local data removes it, also from IndexedDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  TEST_TIMEOUT_MS, useSession, openWorkbench, waitUntilReady, assertNoProblems, runCli, dropFile, command,
} from './harness.mjs';

const session = useSession();

async function persisted(page, after) {
  await page.waitForFunction((after) => window.touchpoint.persistedAt > after, after, { timeout: 30_000 });
}

test('a .sqlite from the CLI opens as the local data, exports back, and clears', { timeout: TEST_TIMEOUT_MS }, async () => {
  const store = path.join(session.tmpDir, 'shop-from-cli.sqlite');
  runCli(['sample', '--out', store, '--seed', '5', '--customers', '800', '--force']);
  const expected = JSON.parse(runCli(['metrics', store, '--json']));

  const wb = await openWorkbench(session);
  try {
    // Open: the dropped database replaces the (empty) local store.
    await dropFile(wb.page, 'shop-from-cli.sqlite', fs.readFileSync(store));
    await wb.page.waitForFunction(() => window.touchpoint.dataState().source === 'local', null, { timeout: 30_000 });
    assert.deepStrictEqual(await wb.page.evaluate(() => window.touchpoint.metrics()), expected);
    await persisted(wb.page, 0);

    // Export: the download is a SQLite file with the same numbers for the CLI.
    const [download] = await Promise.all([
      wb.page.waitForEvent('download'),
      command(wb.page, 'export_database'),
    ]);
    assert.equal(download.suggestedFilename(), 'touchpoint.sqlite');
    const exported = path.join(session.tmpDir, 'exported.sqlite');
    await download.saveAs(exported);
    assert.equal(fs.readFileSync(exported).subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    assert.deepStrictEqual(JSON.parse(runCli(['metrics', exported, '--json'])), expected);

    // A reload keeps it.
    await wb.page.reload({ waitUntil: 'load' });
    await waitUntilReady(wb.page, wb.problems);
    assert.equal((await wb.page.evaluate(() => window.touchpoint.dataState())).source, 'local');
    assert.deepStrictEqual(await wb.page.evaluate(() => window.touchpoint.metrics()), expected);

    // Clear: back to the sample shop, and still so after a reload.
    const before = await wb.page.evaluate(() => window.touchpoint.persistedAt);
    assert.equal(await command(wb.page, 'clear_local_data'), true);
    const cleared = await wb.page.evaluate(() => window.touchpoint.dataState());
    assert.equal(cleared.source, 'sample');
    assert.equal(cleared.local_orders, 0);
    await persisted(wb.page, before);
    await wb.page.reload({ waitUntil: 'load' });
    await waitUntilReady(wb.page, wb.problems);
    const afterReload = await wb.page.evaluate(() => window.touchpoint.dataState());
    assert.equal(afterReload.source, 'sample');
    assert.equal(afterReload.local_orders, 0);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('a damaged .sqlite is refused and the local data stays as it was', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    // The right header, then garbage: SQLite must not accept it.
    const bytes = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4096, 0x5a)]);
    await dropFile(wb.page, 'damaged.sqlite', bytes);
    await wb.page.waitForFunction(() => window.touchpoint.dataState().errors.length > 0, null, { timeout: 30_000 });
    const state = await wb.page.evaluate(() => window.touchpoint.dataState());
    assert.match(state.errors[0], /^'damaged\.sqlite' was not opened: /);
    assert.equal(state.source, 'sample');
    assert.equal(state.local_orders, 0);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
