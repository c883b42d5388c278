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

// A shortcut held down over the start of one frame: ImGui reads whether a key is down once a
// frame, so a tap that starts and ends between two frames would not reach the text field, and a
// key held past ImGui's repeat delay (0.275 s) would be pressed again (a second paste).
async function holdKeys(page, ...keys) {
  for (const key of keys) await page.keyboard.down(key);
  await nextFrames(page, 1);
  for (const key of [...keys].reverse()) await page.keyboard.up(key);
  await nextFrames(page, 2);
}

// The Orders table's row count once it is what `wanted` asks for and has stayed the same for a
// few frames (the filter runs in slices between frames, and typing filters at every key).
async function tableRows(page, wanted, what) {
  let rows = (await waitForState(page, (state) => state.table && wanted(state.table.rows), { what })).table.rows;
  for (;;) {
    await nextFrames(page, 10);
    const now = (await uiState(page)).table?.rows;
    if (now === rows) return rows;
    rows = (await waitForState(page, (state) => state.table && wanted(state.table.rows), { what })).table.rows;
  }
}

test('text copied in the page pastes into another field', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session, '?seed=7&customers=500');
  try {
    const { page } = wb;
    await command(page, 'data:orders', { frames: 4, required: true });
    const all = await tableRows(page, (rows) => rows > 0, 'the Orders table with every row');

    // Type a customer id into the filter (once it has the keyboard: digits typed elsewhere
    // switch sections): the table keeps that customer's orders.
    const filter = await clickTarget(page, 'table:filter');
    for (let attempt = 0; attempt < 5 && !(await uiState(page)).text_input; attempt++) await clickAt(page, filter);
    assert.ok((await uiState(page)).text_input, 'the filter has the keyboard after a click');
    await page.keyboard.type('C00004');
    const filtered = await tableRows(page, (rows) => rows < all, 'the orders of the customers typed');
    assert.ok(filtered > 0, 'some orders match the typed id');

    // Copy it, clear the field: every row again.
    await holdKeys(page, 'Control', 'a');
    await holdKeys(page, 'Control', 'c');
    await holdKeys(page, 'Backspace');
    await tableRows(page, (rows) => rows === all, 'every row once the filter is cleared');

    // Paste: the filter holds the copied text again, and the same rows show.
    await holdKeys(page, 'Control', 'v');
    const pasted = await tableRows(page, (rows) => rows < all, 'the rows of the pasted filter');
    assert.equal(pasted, filtered, 'the pasted text filters exactly as the typed one did');
    await canvasScreenshot(page, path.join(session.shotsDir, 'pasted.png'));
    assert.equal((await uiState(page)).section, 'Data');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
