// Copy and paste inside the page: text copied from one of the workbench's text fields (Ctrl+C)
// pastes into another (Ctrl+V), as ImGui asks the page for what it copied last. The Orders
// table's filter is typed, copied and cleared; pasted back, it filters the same rows again.
// Screenshot in build/e2e/clipboard/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  TEST_TIMEOUT_MS, useSession, openWorkbench, assertNoProblems, canvasScreenshot, clickAt, clickTarget, command, nextFrames,
  uiState, waitForState,
} from './harness.mjs';

const session = useSession('clipboard');

async function tableRows(page, wanted, what) {
  const ui = await waitForState(page, (state) => state.table && wanted(state.table.rows), { what });
  return ui.table.rows;
}

test('text copied in the page pastes into another field', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session, '?seed=7&customers=500');
  try {
    const { page } = wb;
    await command(page, 'data:orders', { frames: 4, required: true });
    const all = await tableRows(page, (rows) => rows > 0, 'the Orders table with every row');

    // Type a customer id into the filter: the table keeps that customer's orders.
    await clickAt(page, await clickTarget(page, 'table:filter'));
    await page.keyboard.type('C00004');
    const filtered = await tableRows(page, (rows) => rows < all, 'the orders of the customers typed');
    assert.ok(filtered > 0, 'some orders match the typed id');

    // Copy it, clear the field: every row again.
    await page.keyboard.press('Control+a');
    await nextFrames(page, 2);
    await page.keyboard.press('Control+c');
    await nextFrames(page, 2);
    await page.keyboard.press('Backspace');
    await tableRows(page, (rows) => rows === all, 'every row once the filter is cleared');

    // Paste: the filter holds the copied text again, and the same rows show.
    await page.keyboard.press('Control+v');
    const pasted = await tableRows(page, (rows) => rows < all, 'the rows of the pasted filter');
    assert.equal(pasted, filtered, 'the pasted text filters exactly as the typed one did');
    await canvasScreenshot(page, path.join(session.shotsDir, 'pasted.png'));
    assert.equal((await uiState(page)).section, 'Data');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
