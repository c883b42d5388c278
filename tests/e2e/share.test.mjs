// Sharing (docs/workspace.md): a share link opens the identical workspace in a new browser, a
// saved file opens again as it was, a folder written by `touchpoint publish` and served by a plain
// static server opens read-only in viewer mode with the shared simulation, and neither the link
// nor the file names a customer of the imported data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  REPO, SITE_DIR, VIEWPORT, TEST_TIMEOUT_MS, useSession, openWorkbench, waitUntilReady, assertNoProblems, nextFrames, uiState,
  clickAt, clickTarget, dropFile, confirmImport, runCli, luminanceStats, command, waitForState, withTestFlag, workbenchUrl, canvasScreenshot,
} from './harness.mjs';

const session = useSession('share');

async function share(page) {
  return (await uiState(page)).share;
}

// The sample shop's orders (written by the CLI, 1,500 customers) with ids as shops write them
// ("CUST-4F1A-000123"): distinctive enough that finding one in a workspace or a link can only
// mean customer data leaked.
function ordersCsv() {
  const store = path.join(session.tmpDir, 'shop.sqlite');
  const exported = path.join(session.tmpDir, 'shop-orders.csv');
  runCli(['sample', '--out', store, '--customers', '1500', '--seed', '9', '--force']);
  runCli(['export', store, '--table', 'orders', '--out', exported]);
  const csv = fs.readFileSync(exported, 'utf8').replace(/\bC(\d{6})\b/g, 'CUST-4F1A-$1');
  const ids = [...new Set(csv.match(/CUST-4F1A-\d{6}/g))];
  assert.equal(ids.length, 1500);
  return { csv, ids };
}

function idsIn(text, ids) {
  return ids.filter((id) => text.includes(id));
}

// The workspace a share link carries: base64url, then raw deflate (node's zlib, independent of the page).
function workspaceOfLink(url) {
  const fragment = new URL(url).hash;
  assert.ok(fragment.startsWith('#w='), `a share link: ${url.slice(0, 80)}`);
  return JSON.parse(zlib.inflateRawSync(Buffer.from(fragment.slice(3), 'base64url')).toString('utf8'));
}

async function importOrders(page, csv) {
  await dropFile(page, 'orders.csv', csv);
  await confirmImport(page);
  await page.waitForFunction(() => {
    const state = window.touchpoint.dataState();
    return state && state.job === null && state.import !== null && state.import.file === 'orders.csv';
  }, null, { timeout: 60_000 });
  const report = (await page.evaluate(() => window.touchpoint.dataState())).import;
  assert.equal(report.fatal_error, null);
  assert.equal(report.rows_rejected, 0);
}

async function fitAndHandOver(page) {
  assert.ok(await command(page, 'models:fit:{"model":"bgnbd"}'));
  await waitForState(page, (m) => m.state === 'done', { what: 'the fit', part: 'models', frames: 6000 });
  assert.ok(await command(page, 'models:use_in_simulator'));
}

async function copyLink(page) {
  assert.ok(await command(page, 'section:Share'));
  await clickAt(page, await clickTarget(page, 'share:copy_link'));
  return waitForState(page, (s) => !s.link.pending && (s.link.url !== '' || s.link.error !== ''), { what: 'the share link', part: 'share', frames: 3000 });
}

let sharedDocument;  // the workspace of the first test, published by the third

test('a share link opens the identical workspace in a new browser, and names no customer', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { csv, ids } = ordersCsv();
  const wb = await openWorkbench(session);
  try {
    await importOrders(wb.page, csv);
    await fitAndHandOver(wb.page);
    assert.ok(await command(wb.page, 'segment_rules:{"new_within_days": 45}'));
    const first = await copyLink(wb.page);
    assert.equal(first.link.error, '');
    assert.equal(first.include_customer_data, false);
    assert.deepEqual(first.customer_ids_found, []);
    const document = first.document;
    assert.equal(document.format, 'touchpoint.workspace');
    assert.equal(document.segment_rules.new_within_days, 45);
    assert.match(document.model.description, /BG\/NBD fitted/);
    assert.equal(document.customer_data, undefined);
    assert.equal(document.view.section, 'Share');

    // The link holds exactly the document, and neither names a customer of the data.
    const url = first.link.url;
    assert.ok(withTestFlag(url).startsWith(`${workbenchUrl(session)}#w=`), url.slice(0, 80));
    assert.deepEqual(workspaceOfLink(url), document);
    assert.deepEqual(idsIn(url, ids), []);
    assert.deepEqual(idsIn(JSON.stringify(document), ids), [], 'the workspace names customers');
    console.log(`share link of the workspace with a fitted model: ${url.length} characters`);
    await wb.page.locator('#canvas').screenshot({ path: path.join(session.shotsDir, 'share section.png') });

    // A new browser (no storage of its own) opens the link: the same workspace.
    const context = await session.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.goto(withTestFlag(url), { waitUntil: 'load' });
    await waitUntilReady(page, problems);
    const opened = await waitForState(page, (s) => s.opened.source === 'link', { what: 'the link opening', part: 'share', frames: 3000 });
    assert.equal(opened.opened.error, '');
    assert.equal(opened.read_only, false, 'a link opens for editing');
    assert.ok(!page.url().includes('#w='), 'the link is taken out of the address once opened');
    assert.equal((await uiState(page)).section, 'Share', 'the view comes with it');
    // Shared again from the new browser, the workspace is the same but for the summaries of its own data.
    const again = await copyLink(page);
    const { summaries: summariesAgain, model: modelAgain, ...restAgain } = again.document;
    const { summaries, model, ...rest } = document;
    assert.deepEqual(restAgain, rest);
    assert.deepEqual(modelAgain, model, 'the model travels with the workspace');
    assert.deepEqual(summariesAgain.headline === undefined, false);
    assert.deepEqual(problems, []);
    await context.close();
    sharedDocument = document;
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('a saved workspace file opens again as it was; customer data only when asked, after a warning', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    assert.ok(await command(wb.page, 'segment_rules:{"new_within_days": 21}'));
    assert.ok(await command(wb.page, 'section:Share'));
    const downloaded = wb.page.waitForEvent('download');
    await clickAt(wb.page, await clickTarget(wb.page, 'share:save_file'));
    const file = await downloaded;
    assert.equal(file.suggestedFilename(), 'touchpoint-workspace.json');
    const text = fs.readFileSync(await file.path(), 'utf8');
    const saved = JSON.parse(text);
    assert.deepEqual(saved, (await share(wb.page)).document);
    assert.equal(saved.segment_rules.new_within_days, 21);
    assert.equal(runCli(['workspace', 'validate', await file.path()]).includes('0 errors'), true);

    // Ticking "Include customer data" asks first; only the confirmed choice puts rows in.
    await clickAt(wb.page, await clickTarget(wb.page, 'share:include_customer_data'));
    assert.equal((await share(wb.page)).include_customer_data, false, 'not before the warning is confirmed');
    await clickAt(wb.page, await clickTarget(wb.page, 'share:confirm_customer_data'));
    assert.equal((await share(wb.page)).include_customer_data, true);
    const withData = wb.page.waitForEvent('download');
    await clickAt(wb.page, await clickTarget(wb.page, 'share:save_file'));
    const rows = JSON.parse(fs.readFileSync(await (await withData).path(), 'utf8')).customer_data.orders.rows;
    assert.ok(rows.length > 1000, `the orders are in (${rows.length})`);
    assert.match(rows[0][0], /^C\d{6}$/, 'rows are [customer id, date, amount]');
    assert.ok(await command(wb.page, 'share:include_customer_data:0'));

    // A fresh browser opens the file (dropped on the page): the same editors' state.
    const other = await openWorkbench(session);
    try {
      await dropFile(other.page, 'touchpoint-workspace.json', text);
      const opened = await waitForState(other.page, (s) => s.opened.source === 'touchpoint-workspace.json',
        { what: 'the file opening', part: 'share', frames: 3000 });
      assert.equal(opened.opened.error, '');
      const again = await copyLink(other.page);
      assert.deepEqual(again.document, saved);
      assertNoProblems(other.problems);
    } finally {
      await other.close();
    }
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// Python's http.server: a plain static server that knows nothing of Touchpoint.
async function plainStaticServer(folder) {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', folder], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(`${url}/index.html`)).ok) return { url, close: () => child.kill() };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill();
  throw new Error('python3 -m http.server did not start');
}

test('a published folder served by a plain static server opens read-only in viewer mode with the shared simulation',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.ok(sharedDocument, 'the first test made the workspace');
    const workspaceFile = path.join(session.tmpDir, 'plan.json');
    fs.writeFileSync(workspaceFile, JSON.stringify({ ...sharedDocument, title: 'Spring after-sales plan', view: { section: 'Simulate' } }));
    const folder = path.join(session.tmpDir, 'published');
    const printed = runCli(['publish', '--workspace', workspaceFile, '--out', folder, '--site', SITE_DIR]);
    assert.match(printed, /Published/);
    const server = await plainStaticServer(folder);
    const context = await session.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      const problems = [];
      const requests = [];
      page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(withTestFlag(`${server.url}/`), { waitUntil: 'load' });
      await waitUntilReady(page, problems);
      let state = await waitForState(page, (s) => s.read_only === true, { what: 'viewer mode', part: 'share', frames: 3000 });
      assert.equal(state.opened.source, 'published');
      assert.equal(state.opened.title, 'Spring after-sales plan');
      assert.ok(requests.some((u) => u.endsWith('/workspace.json')), 'the page asked for its workspace');
      let ui = await uiState(page);
      assert.equal(ui.section, 'Simulate', 'the shared view');
      assert.equal(ui.simulate.population.from_workspace, true, 'customers are drawn from the shared model');
      assert.deepEqual(ui.simulate.population.model, sharedDocument.model);

      // The shared simulation runs for the visitor.
      assert.ok(await command(page, `simulate:run:${JSON.stringify({ customers: 2000, days: 180, replications: 3, seed: 5 })}`));
      await waitForState(page, (s) => s.state === 'done' && s.last_run === 'done', { what: 'the simulation', part: 'simulate', frames: 3000 });
      await nextFrames(page, 4);
      const png = await canvasScreenshot(page, path.join(session.shotsDir, 'viewer mode.png'));
      ui = await uiState(page);
      assert.ok(luminanceStats(png, ui.regions.content).variance > 20, 'the viewer page is drawn');

      // Read-only: an edit is taken back; "Make my copy" switches to editing.
      assert.ok(await command(page, 'segment_rules:{"new_within_days": 99}'));
      await nextFrames(page, 3);
      assert.ok(await command(page, 'section:Share'));
      state = await share(page);
      assert.equal(state.read_only, true);
      const before = await copyLink(page);
      assert.equal(before.document.segment_rules.new_within_days, 45, 'the edit did not stay');
      await clickAt(page, await clickTarget(page, 'share:make_copy'));
      assert.equal((await share(page)).read_only, false);
      assert.ok(await command(page, 'segment_rules:{"new_within_days": 99}'));
      const after = await copyLink(page);
      assert.equal(after.document.segment_rules.new_within_days, 99, 'the copy is the visitor\'s to edit');
      assert.deepEqual(problems, []);
      const origin = new URL(server.url).origin;
      assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')), []);
    } finally {
      await context.close();
      server.close();
    }
  });

test('the sample workspace opens from the Share section, and its share link is short', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    assert.ok(await command(wb.page, 'section:Share'));
    await clickAt(wb.page, await clickTarget(wb.page, 'share:open_sample'));
    // The workspace's view is the Simulate section, which opens with it.
    await waitForState(wb.page, (ui) => ui.section === 'Simulate', { what: 'the sample workspace opening', frames: 3000 });
    assert.ok(await command(wb.page, 'section:Share'));
    const opened = await waitForState(wb.page, () => true, { what: 'the Share section', part: 'share', frames: 3000 });
    assert.equal(opened.opened.source, 'sample workspace');
    assert.equal(opened.opened.error, '');
    assert.match(opened.opened.title, /^Sample: /);
    const sample = JSON.parse(fs.readFileSync(path.join(REPO, 'assets', 'workspaces', 'sample_workspace.json'), 'utf8'));
    const linked = await copyLink(wb.page);
    assert.equal(linked.link.error, '');
    const carried = workspaceOfLink(linked.link.url);
    for (const key of ['title', 'cadences', 'selected_cadence', 'segment_rules', 'model']) {
      assert.deepEqual(carried[key], sample[key], key);
    }
    // Its experiment designs were set in the Experiments section's controls, and come back from them.
    assert.deepEqual(carried.experiments.designs, sample.experiments.designs, 'the experiment designs');
    const size = linked.link.url.length;
    fs.writeFileSync(path.join(session.shotsDir, 'share link size.txt'),
      `The share link of the sample workspace (assets/workspaces/sample_workspace.json, with the page's view and summaries): ` +
      `${size} characters, of which ${new URL(linked.link.url).hash.length} in the fragment\n`);
    console.log(`share link of the sample workspace: ${size} characters`);
    assert.ok(size < 4000, `a link that chat and mail pass on (${size} characters)`);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
