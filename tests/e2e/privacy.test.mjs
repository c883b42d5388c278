// Privacy: customer data never leaves the browser. Every request made during a full workflow
// (load, import a real CSV through the page's file input, fit a model, run a simulation in the
// worker module, share a link and save a workspace file) is recorded, from the page, its Web Workers and the service worker,
// and none may go to another origin. The page's Content-Security-Policy allows its own origin
// only. Screenshot: build/e2e/privacy/share.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  TEST_TIMEOUT_MS, VIEWPORT, useSession, openWorkbench, assertNoProblems, nextFrames, runCli, sampleStore, uiState, command,
  waitForState, chooseFile, confirmImport,
} from './harness.mjs';

const session = useSession('privacy');
const SHOP = { seed: 3, customers: 300 };

test('a full workflow makes no request to another origin, and the CSP allows the own origin only',
  { timeout: TEST_TIMEOUT_MS * 2 }, async () => {
    // A real CSV: the CLI's own export of a small sample shop's orders.
    const store = sampleStore(session, SHOP);
    const csv = path.join(session.tmpDir, 'orders.csv');
    runCli(['export', store, '--table', 'orders', '--out', csv]);
    const cliShop = JSON.parse(runCli(['metrics', store, '--json']));

    // Record everything from the start: the page's requests (its Web Workers' included) and,
    // through the context, the service worker's own (precache and fetches).
    const origin = new URL(session.server.url).origin;
    const requests = [];
    const record = (source) => (request) => {
      const worker = request.serviceWorker() ? ' (service worker)' : '';
      requests.push({ url: request.url(), method: request.method(), by: source + worker });
    };
    const context = await session.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    context.on('request', record('context'));
    context.on('page', (page) => {
      page.on('request', record('page'));
      page.on('worker', (worker) => requests.push({ url: worker.url(), method: 'WORKER', by: 'page' }));
    });
    context.on('serviceworker', (worker) => requests.push({ url: worker.url(), method: 'SERVICEWORKER', by: 'context' }));

    const wb = await openWorkbench(session, '', context);
    try {
      // The Content-Security-Policy: own origin only.
      const csp = await wb.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.ok(csp, 'index.html declares a Content-Security-Policy');
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0])
        .map(([name, ...values]) => [name, values]));
      assert.deepEqual(directives['default-src'], ["'self'"], `default-src is 'self' only: ${csp}`);
      assert.deepEqual(directives['connect-src'], ["'self'"], `connect-src is 'self' only: ${csp}`);
      const allowed = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", 'data:', 'blob:']);
      for (const [name, values] of Object.entries(directives)) {
        for (const value of values) assert.ok(allowed.has(value), `${name} allows ${value}, not the own origin only: ${csp}`);
      }

      // Import: Ctrl+O opens the page's file input; the CSV goes in as a person would choose it.
      await chooseFile(wb.page, csv);
      await confirmImport(wb.page);
      const data = await waitForState(wb.page, (s) => s && s.job === null && s.import !== null,
        { what: 'the import', read: (page) => page.evaluate(() => window.touchpoint.dataState()) });
      assert.equal(data.import.fatal_error, null, `the import failed: ${data.import.fatal_error}`);
      assert.equal(data.import.file, 'orders.csv');
      assert.equal(data.import.rows_loaded, cliShop.orders);
      assert.equal(data.source, 'local');
      const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
      assert.equal(metrics.customers, cliShop.customers);
      assert.equal(metrics.orders, cliShop.orders);

      // Fit a model on the imported data.
      assert.ok(await command(wb.page, 'models:fit:{"model":"bgnbd"}'));
      const models = await waitForState(wb.page, (m) => m.state === 'done', { what: 'the fit', part: 'models', failed: (m) => m.error });
      assert.equal(models.run.purchase.converged, true, 'the BG/NBD fit converged');

      // Run a small simulation in the worker module.
      const options = { cadences: ['silence.json', 'win_back.json'], customers: 1000, days: 180, replications: 2, seed: 9, margin: 0.3 };
      assert.ok(await command(wb.page, `simulate:run:${JSON.stringify(options)}`));
      await waitForState(wb.page, (s) => s.state === 'done' && s.last_run === 'done',
        { what: 'the simulation', part: 'simulate', failed: (s) => s.error });

      // Open Share.
      assert.ok(await command(wb.page, 'section:Share'));
      await nextFrames(wb.page, 10);
      assert.equal((await uiState(wb.page)).section, 'Share');
      // Share: a link (compressed in the page) and a file (a download made in the page).
      assert.ok(await command(wb.page, 'share:copy_link'));
      await waitForState(wb.page, (s) => !s.link.pending && s.link.url !== '',
        { what: 'the share link', part: 'share', failed: (s) => s.link.error });
      const saved = wb.page.waitForEvent('download');
      assert.ok(await command(wb.page, 'share:save_file'));
      await saved;
      await wb.page.screenshot({ path: path.join(session.shotsDir, 'share.png') });
      await wb.page.evaluate(() => window.touchpoint.offlineReady);
      await wb.page.waitForTimeout(1000);  // let anything started by the last frames go out

      fs.writeFileSync(path.join(session.shotsDir, 'requests.json'), JSON.stringify(requests, null, 1));
      // The recording saw the page, the worker module and the service worker: it works.
      const paths = new Set(requests.map((r) => (r.url.startsWith('http') ? new URL(r.url).pathname : r.url)));
      for (const file of ['/index.html', '/touchpoint.wasm', '/touchpoint.data', '/touchpoint_worker.js', '/touchpoint_worker.wasm']) {
        assert.ok(paths.has(file), `the recording saw ${file}: ${[...paths].join(', ')}`);
      }
      assert.ok(requests.some((r) => r.by.includes('service worker')), 'the recording saw the service worker\'s requests');
      // Only the simulation's Web Workers load their module's wasm: the recording saw them too.
      assert.ok(requests.some((r) => r.by === 'page' && r.url.endsWith('/touchpoint_worker.wasm')),
        'the recording saw the Web Workers\' requests');

      // Nothing went anywhere else. data: never leaves the page; blob: URLs carry the page's origin.
      const foreign = requests.filter((r) => {
        if (r.url.startsWith('data:')) return false;
        const url = new URL(r.url.startsWith('blob:') ? r.url.slice('blob:'.length) : r.url);
        return url.origin !== origin;
      });
      const listed = requests.map((r) => `  ${r.method} ${r.url.slice(0, 120)} [${r.by}]`).join('\n');
      assert.equal(foreign.length, 0,
        `${foreign.length} request(s) to another origin than ${origin}:\n` +
        foreign.map((r) => `  ${r.method} ${r.url} [${r.by}]`).join('\n') + `\nall requests:\n${listed}`);
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });
