// Browser end-to-end tests for the Touchpoint workbench.
//
// The built site is served from 127.0.0.1 and opened in the system Chromium
// (headless, WebGL2 through SwiftShader). The page is driven through the
// small `window.touchpoint` test API, and its numbers are compared with the
// native CLI, which runs the same C++ core on the same seeded sample shop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import {
  VIEWPORT, TEST_TIMEOUT_MS, useSession, cliMetrics, openWorkbench, assertNoProblems,
  luminanceVariance, assertRectInViewport,
} from './harness.mjs';

// The sample the page opens on when no query parameters are given.
const DEFAULT_SAMPLE = { seed: 42, customers: 20000 };
const SECOND_SAMPLE = { seed: 7, customers: 3000 };

const session = useSession();

// Parse one metric card's text back into a number (null for "n/a"),
// checking it is in the documented display format first.
const SHOWN_FORMAT = {
  active_customers: /^\d{1,3}(,\d{3})*$/,
  orders: /^\d{1,3}(,\d{3})*$/,
  repeat_purchase_rate: /^\d{1,3}\.\d%$/,
  median_days_between_orders: /^\d{1,3}(,\d{3})*\.\d days$/,
};
function parseShown(key, text) {
  if (text === 'n/a') return null;
  assert.match(text, SHOWN_FORMAT[key], `card "${key}" shows "${text}", not in the documented format`);
  return Number(text.replace(/,/g, '').replace(/%$/, '').replace(/ days$/, ''));
}

// ------------------------------------------------------------------ tests

test('default page shows the same metrics as the CLI for seed 42, 20000 customers', { timeout: TEST_TIMEOUT_MS }, async () => {
  const expected = cliMetrics(session, DEFAULT_SAMPLE);
  const wb = await openWorkbench(session);
  try {
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    // Same core, same seed: the numbers must be identical, month by month.
    assert.deepStrictEqual(metrics, expected);

    // What the cards drew must be those numbers at display precision.
    const shown = await wb.page.evaluate(() => window.touchpoint.shown());
    assert.ok(Array.isArray(shown), `shown() returned ${JSON.stringify(shown)}, not an array`);
    const byKey = new Map(shown.map((card) => [card.key, card]));
    // Over the whole history every customer is active: the Active customers card shows them all.
    const keys = ['active_customers', 'orders', 'repeat_purchase_rate', 'median_days_between_orders'];
    for (const key of keys) {
      assert.ok(byKey.has(key), `no metric card for "${key}" in shown(): ${JSON.stringify(shown)}`);
      const { text } = byKey.get(key);
      assert.equal(typeof text, 'string', `card "${key}" text is not a string: ${JSON.stringify(byKey.get(key))}`);
      const value = parseShown(key, text);
      const want = expected[key === 'active_customers' ? 'customers' : key];
      if (want === null || value === null) {
        assert.equal(value, want, `card "${key}" shows "${text}" but the CLI says ${want}`);
        continue;
      }
      if (key === 'active_customers' || key === 'orders') {
        assert.equal(value, want, `card "${key}" shows "${text}" but the CLI says ${want}`);
      } else {
        const cli = key === 'repeat_purchase_rate' ? want * 100 : want;
        // One decimal shown: rounding error at most 0.05 (plus float slack).
        assert.ok(Math.abs(value - cli) <= 0.05 + 1e-9, `card "${key}" shows "${text}" but the CLI says ${cli}`);
      }
    }
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('query parameters ?seed=7&customers=3000 open that sample, matching the CLI', { timeout: TEST_TIMEOUT_MS }, async () => {
  const expected = cliMetrics(session, SECOND_SAMPLE);
  const defaultMetrics = cliMetrics(session, DEFAULT_SAMPLE);
  const wb = await openWorkbench(session, `?seed=${SECOND_SAMPLE.seed}&customers=${SECOND_SAMPLE.customers}`);
  try {
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    assert.deepStrictEqual(metrics, expected);
    // Guard against a page that ignores the parameters.
    assert.notDeepStrictEqual(metrics, defaultMetrics, 'seed 7 shows the same metrics as seed 42');
    assert.notEqual(metrics.orders, defaultMetrics.orders, 'seed 7 has the same order count as seed 42');

    // The cards follow the query too, not only the API.
    const shown = await wb.page.evaluate(() => window.touchpoint.shown());
    const customersCard = shown.find((card) => card.key === 'active_customers');
    assert.equal(customersCard?.text, SECOND_SAMPLE.customers.toLocaleString('en-US'));
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('screenshot is not blank: metric cards and chart have visible detail', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    const layout = await wb.page.evaluate(() => window.touchpoint.layout());
    assertRectInViewport('metrics', layout?.metrics);
    assertRectInViewport('chart', layout?.chart);

    const file = path.join(session.shotsDir, 'workbench.png');
    await wb.page.screenshot({ path: file, fullPage: true });
    const png = PNG.sync.read(fs.readFileSync(file));
    assert.ok(
      png.width >= VIEWPORT.width && png.height >= VIEWPORT.height,
      `screenshot is ${png.width}x${png.height}, smaller than the viewport`,
    );

    // A flat fill has variance 0 and a smooth gradient across Δ grey levels
    // has Δ²/12 (about 33 for a 20-level shading). Text or bars cover a
    // fraction p of a region at contrast d and give about p(1-p)d²: 3 % of
    // pixels at contrast 100 already gives ~290, real cards give hundreds to
    // thousands. 100 separates "something drawn" from "empty panel".
    const MIN_VARIANCE = 100;
    const metricsVar = luminanceVariance(png, layout.metrics);
    const chartVar = luminanceVariance(png, layout.chart);
    assert.ok(
      metricsVar > MIN_VARIANCE,
      `metric cards look blank: luminance variance ${metricsVar.toFixed(1)} <= ${MIN_VARIANCE} (see ${file})`,
    );
    assert.ok(
      chartVar > MIN_VARIANCE,
      `chart looks blank: luminance variance ${chartVar.toFixed(1)} <= ${MIN_VARIANCE} (see ${file})`,
    );
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('page runs with no console errors, page errors, failed or foreign requests', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    // Keep the main loop running a little past the first ready frame, so
    // errors raised by later frames are caught too.
    await wb.page.waitForTimeout(2000);
    const stillReady = await wb.page.evaluate(() => window.touchpoint.ready);
    assert.equal(stillReady, true, 'window.touchpoint.ready went back to false');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
