// Offline use through the service worker (shell/service_worker.js): the first visit precaches
// the page's files; with the server stopped a reload still opens the workbench on the sample
// shop with the CLI's figures, the dashboard is drawn, and a simulation runs in the worker module
// (which the first visit never loaded: it came from the precache), with no console errors.
// Then a new version on the same origin (a changed index.html and a new service worker) is
// what the next reload shows, and the old version's cache is gone. Screenshot:
// build/e2e/offline/offline workbench.png.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import {
  REPO, SITE_DIR, TEST_TIMEOUT_MS, useSession, openWorkbench, waitUntilReady, assertNoProblems, cliMetrics,
  luminanceVariance, assertRectInViewport, nextFrames, runCli, command, waitForState,
} from './harness.mjs';
import { startStaticServer } from '../../scripts/static_server.mjs';

const DEFAULT_SAMPLE = { seed: 42, customers: 20000 };
const PRECACHED = ['/', '/index.html', '/shell.js', '/style.css', '/touchpoint.js', '/touchpoint.wasm', '/touchpoint.data',
  '/touchpoint_worker.js', '/touchpoint_worker.wasm'];

let restarted = null;  // the server of the new version, on the first server's port
// Registered first, so it runs before the session closes (closing the already stopped first
// server again then is harmless).
after(async () => {
  await restarted?.close();
});
const session = useSession('offline');

// The cache names and, per cache, the paths it holds.
async function offlineCaches(page) {
  return page.evaluate(async () => {
    const result = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      result[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
    }
    return result;
  });
}

test('after one visit the workbench works with the server stopped, and a new version replaces it cleanly',
  { timeout: TEST_TIMEOUT_MS * 2 }, async () => {
    const expected = cliMetrics(session, DEFAULT_SAMPLE);
    const origin = new URL(session.server.url);
    const wb = await openWorkbench(session);
    try {
      // First visit: the service worker takes control once it has precached every file.
      assert.equal(await wb.page.evaluate(() => window.touchpoint.offlineReady), true, 'offlineReady resolves to true');
      assert.ok(await wb.page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker controls the page');
      const cachesBefore = await offlineCaches(wb.page);
      const names = Object.keys(cachesBefore);
      assert.equal(names.length, 1, `one offline cache: ${JSON.stringify(names)}`);
      const [oldCache] = names;
      assert.match(oldCache, /^touchpoint-offline-v\d+$/);
      for (const file of PRECACHED) assert.ok(cachesBefore[oldCache].includes(file), `${file} is precached`);
      // The worker module was never loaded on this visit: only the precache has it.
      const loaded = await wb.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      assert.ok(!loaded.includes('/touchpoint_worker.js'), 'the first visit did not need the worker module');

      // Stop the server: nothing answers on its port any more.
      await session.server.close();
      await assert.rejects(fetch(`${session.server.url}/index.html`), 'the server is stopped');

      // Every request the reload makes is answered by the service worker from its cache. The
      // network failures behind them happen inside the service worker, which answers them, so
      // the page sees neither a failed request nor a console error (the harness would record both).
      const fromNetwork = [];
      const onResponse = (response) => {
        if (!response.fromServiceWorker() && !response.url().startsWith('data:')) fromNetwork.push(response.url());
      };
      wb.page.on('response', onResponse);
      await wb.page.reload({ waitUntil: 'load' });
      await waitUntilReady(wb.page, wb.problems);
      assert.deepEqual(fromNetwork, [], 'offline, every response comes from the service worker');

      // The sample shop with the CLI's figures, drawn on the dashboard.
      const state = await wb.page.evaluate(() => window.touchpoint.dataState());
      assert.equal(state.source, 'sample');
      assert.deepStrictEqual(await wb.page.evaluate(() => window.touchpoint.metrics()), expected);
      const shown = await wb.page.evaluate(() => window.touchpoint.shown());
      const customersCard = shown.find((card) => card.key === 'active_customers');
      assert.equal(customersCard?.text, DEFAULT_SAMPLE.customers.toLocaleString('en-US'));
      const layout = await wb.page.evaluate(() => window.touchpoint.layout());
      assertRectInViewport('metrics', layout?.metrics);
      assertRectInViewport('chart', layout?.chart);
      await nextFrames(wb.page, 3);
      const file = path.join(session.shotsDir, 'offline workbench.png');
      await wb.page.screenshot({ path: file });
      const png = PNG.sync.read(fs.readFileSync(file));
      assert.ok(luminanceVariance(png, layout.metrics) > 100, `the metric cards look blank offline (see ${file})`);
      assert.ok(luminanceVariance(png, layout.chart) > 100, `the chart looks blank offline (see ${file})`);

      // Simulate loads the worker module (touchpoint_worker.js/.wasm) from the precache.
      const files = ['silence.json', 'win_back.json'];
      const options = { customers: 1000, days: 180, replications: 2, seed: 5, margin: 0.3 };
      assert.ok(await command(wb.page, `simulate:run:${JSON.stringify({ cadences: files, ...options })}`));
      const sim = await waitForState(wb.page, (s) => s.state === 'done' && s.last_run === 'done',
        { what: 'the offline simulation', part: 'simulate', frames: 4000, failed: (s) => s.error });
      const cliArgs = ['simulate'];
      for (const name of files) cliArgs.push('--cadence', path.join(REPO, 'assets', 'cadences', name));
      cliArgs.push('--customers', String(options.customers), '--days', String(options.days), '--reps', String(options.replications),
        '--seed', String(options.seed), '--margin', String(options.margin), '--json');
      const cli = JSON.parse(runCli(cliArgs));
      sim.run.cadences.forEach((outcome, i) => assert.deepEqual(outcome, cli.cadences[i], `offline, the figures of ${outcome.name}`));
      assert.deepEqual(sim.run.baseline, cli.baseline, 'offline, the no-touch baseline');
      await wb.page.screenshot({ path: path.join(session.shotsDir, 'offline simulation.png') });
      assertNoProblems(wb.problems);
      wb.page.off('response', onResponse);

      // A new version on the same origin: a changed page and a new service worker (its cache
      // version raised), as a deploy of a new build would bring.
      const nextSite = path.join(session.tmpDir, 'site-next');
      fs.cpSync(SITE_DIR, nextSite, { recursive: true });
      const indexFile = path.join(nextSite, 'index.html');
      const index = fs.readFileSync(indexFile, 'utf8');
      assert.match(index, /<title>[^<]*<\/title>/);
      fs.writeFileSync(indexFile, index.replace(/<title>[^<]*<\/title>/, '<title>Touchpoint next version</title>'));
      const workerFile = path.join(nextSite, 'service_worker.js');
      const worker = fs.readFileSync(workerFile, 'utf8');
      const version = Number(/const VERSION = (\d+);/.exec(worker)?.[1]);
      assert.ok(Number.isInteger(version), 'service_worker.js declares `const VERSION = <n>;`');
      fs.writeFileSync(workerFile, worker.replace(/const VERSION = \d+;/, `const VERSION = ${version + 1};`));
      restarted = await startStaticServer(nextSite, { port: Number(origin.port) });
      assert.equal(restarted.url, session.server.url, 'the new version is served on the same origin');

      // Network first: the very next reload shows the new page.
      await wb.page.reload({ waitUntil: 'load' });
      await waitUntilReady(wb.page, wb.problems);
      assert.equal(await wb.page.title(), 'Touchpoint next version');
      // The browser checks service_worker.js on that navigation: the new worker installs,
      // takes over, and deletes the old version's cache.
      const newCache = `touchpoint-offline-v${version + 1}`;
      await wb.page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      for (let i = 0; ; i += 1) {
        const now = await wb.page.evaluate(async () => ({
          keys: await caches.keys(),
          controller: new URL(navigator.serviceWorker.controller?.scriptURL ?? 'about:blank').pathname,
          state: navigator.serviceWorker.controller?.state,
        }));
        if (now.keys.length === 1 && now.keys[0] === newCache && now.state === 'activated') break;
        assert.ok(i < 240, `the new service worker did not take over: ${JSON.stringify(now)}`);
        await wb.page.waitForTimeout(250);
      }
      const cachesAfter = await offlineCaches(wb.page);
      for (const file of PRECACHED) assert.ok(cachesAfter[newCache].includes(file), `${file} is precached by the new version`);
      // And the new version is what a reload shows, from the network while the server answers.
      await wb.page.reload({ waitUntil: 'load' });
      await waitUntilReady(wb.page, wb.problems);
      assert.equal(await wb.page.title(), 'Touchpoint next version');
      assert.equal(await wb.page.evaluate(() => window.touchpoint.offlineReady), true);
      assert.deepStrictEqual(await wb.page.evaluate(() => window.touchpoint.metrics()), expected);
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });
