// The Models section on the sample shop: Fit (a real mouse click) runs BG/NBD and Gamma-Gamma as
// a job; the parameters, the holdout diagnostics and every customer's prediction in the exported
// CSV equal the CLI's (`touchpoint fit` and `touchpoint predict`, the same core built natively);
// a Pareto/NBD fit joins the comparison; "Use in simulator" hands the fit to Simulate.
// Screenshots in build/e2e/models/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  clickAt, TEST_TIMEOUT_MS, useSession, openWorkbench, assertNoProblems, luminanceStats, nextFrames, runCli, sampleStore,
  uiState, clickTarget, command, waitForState, canvasScreenshot,
} from './harness.mjs';

const session = useSession('models');

// The Models section's state once its `fits`-th fit is done; fails as soon as a fit has an error.
function waitForFit(page, fits) {
  return waitForState(page, (models) => models.state === 'done' && models.fits === fits,
    { what: 'the fit', part: 'models', frames: 3000, failed: (models) => models.error });
}

function assertClose(actual, expected, relative, what) {
  const scale = Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) <= relative * scale, `${what}: ${actual} against ${expected}`);
}

async function contentVariance(page, name) {
  const png = await canvasScreenshot(page, path.join(session.shotsDir, `${name}.png`));
  const { regions } = await uiState(page);
  return luminanceStats(png, regions.content).variance;
}

function parseCsv(text) {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

test('fit, diagnostics, customer predictions and the hand-over to the simulator', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    await wb.page.keyboard.press('4');  // the Models section
    await nextFrames(wb.page, 3);
    let models = (await uiState(wb.page)).models;
    assert.equal((await uiState(wb.page)).section, 'Models');
    assert.equal(models.state, 'idle');
    const calibrationEnd = models.controls.calibration_end;
    assert.match(calibrationEnd, /^\d{4}-\d{2}-\d{2}$/, 'a default calibration end');

    await clickAt(wb.page, await clickTarget(wb.page, 'models:fit'));
    models = await waitForFit(wb.page, 1);
    const run = models.run;
    assert.equal(run.calibration_end, calibrationEnd);
    assert.equal(run.unit, 'week');

    // The same fits from the CLI on the same sample shop.
    const store = sampleStore(session);
    const cliFit = JSON.parse(runCli(['fit', store, '--model', 'bgnbd', '--calibration-end', calibrationEnd,
      '--holdout-end', run.holdout_end, '--json']));
    for (const name of ['r', 'alpha', 'a', 'b']) {
      assertClose(run.purchase.params[name], cliFit.params[name], 1e-5, `BG/NBD ${name}`);
      assertClose(run.purchase.std_errors[name], cliFit.std_errors[name], 1e-2, `BG/NBD std. error of ${name}`);
    }
    assertClose(run.purchase.log_likelihood, cliFit.log_likelihood, 1e-8, 'BG/NBD log-likelihood');
    assert.equal(run.purchase.converged, true);
    assert.equal(run.customers, cliFit.customers);
    assert.equal(run.holdout_actual_total, cliFit.holdout.actual_purchases);
    assert.equal(run.tracking_points, cliFit.holdout.tracking.length);
    assert.deepEqual(run.conditional.map((g) => g.customers), cliFit.holdout.conditional_expectations.map((g) => g.customers));
    run.conditional.forEach((g, i) => {
      assert.equal(g.actual, cliFit.holdout.conditional_expectations[i].actual_mean, `actual mean of group ${g.x}`);
      assertClose(g.predicted, cliFit.holdout.conditional_expectations[i].predicted_mean, 1e-5, `predicted mean of group ${g.x}`);
    });
    const cliSpend = JSON.parse(runCli(['fit', store, '--model', 'gg', '--calibration-end', calibrationEnd, '--json']));
    for (const name of ['p', 'q', 'gamma']) assertClose(run.spend.params[name], cliSpend.params[name], 1e-5, `Gamma-Gamma ${name}`);

    assert.ok(await contentVariance(wb.page, 'tracking') > 20, 'the tracking plot is drawn');
    for (const tab of ['conditional', 'distribution']) {
      assert.ok(await command(wb.page, `models:tab:${tab}`));
      await nextFrames(wb.page, 3);
      assert.equal((await uiState(wb.page)).models.tab, tab);
      assert.ok(await contentVariance(wb.page, tab) > 20, `the ${tab} chart is drawn`);
    }

    // Customers: the table holds every customer; the export equals `touchpoint predict`.
    assert.ok(await command(wb.page, 'models:tab:customers'));
    await nextFrames(wb.page, 3);
    models = (await uiState(wb.page)).models;
    assert.equal(models.run.table_rows, run.customers);
    assert.ok(await contentVariance(wb.page, 'customers') > 20, 'the customer table is drawn');
    const downloaded = wb.page.waitForEvent('download');
    await clickAt(wb.page, await clickTarget(wb.page, 'models:export'));
    const download = await downloaded;
    assert.equal(download.suggestedFilename(), 'customer-predictions.csv');
    const rows = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(rows.length, run.customers);
    const cliPredict = JSON.parse(runCli(['predict', store, '--model', 'bgnbd', '--calibration-end', calibrationEnd,
      '--horizon', String(run.horizon), '--discount-rate', String(run.discount_rate), '--json']));
    const byId = new Map(cliPredict.customers.map((c) => [c.customer_id, c]));
    assert.equal(byId.size, rows.length);
    for (const row of rows) {
      const expected = byId.get(row.customer_id);
      assert.ok(expected, `${row.customer_id} is in the CLI's predictions`);
      assertClose(Number(row.p_alive), expected.p_alive, 1e-5, `P(alive) of ${row.customer_id}`);
      assertClose(Number(row.expected_purchases), expected.expected_purchases, 1e-5, `expected purchases of ${row.customer_id}`);
      if (expected.clv !== null && expected.clv !== undefined) assertClose(Number(row.clv), expected.clv, 1e-5, `CLV of ${row.customer_id}`);
    }

    // A Pareto/NBD fit on the same calibration joins the comparison.
    assert.ok(await command(wb.page, 'models:fit:{"model":"pnbd"}'));
    models = await waitForFit(wb.page, 2);
    const cliPareto = JSON.parse(runCli(['fit', store, '--model', 'pnbd', '--calibration-end', calibrationEnd, '--json']));
    assertClose(models.run.purchase.log_likelihood, cliPareto.log_likelihood, 1e-8, 'Pareto/NBD log-likelihood');
    for (const name of ['r', 'alpha', 's', 'beta']) assertClose(models.run.purchase.params[name], cliPareto.params[name], 1e-4, `Pareto/NBD ${name}`);

    // Use in simulator: Simulate shows the model it will draw from.
    assert.ok(await command(wb.page, 'models:tab:tracking'));
    await clickAt(wb.page, await clickTarget(wb.page, 'models:use_in_simulator'));
    const after = await uiState(wb.page);
    assert.equal(after.section, 'Simulate');
    assert.equal(after.simulator.purchase.model, 'pnbd');
    assert.deepEqual(after.simulator.purchase.params, models.run.purchase.params);
    assert.deepEqual(after.simulator.spend.params, models.run.spend.params);
    assert.ok(await contentVariance(wb.page, 'simulate') > 5, 'Simulate shows the model');

    // A calibration end that is not a date is refused, and says so.
    assert.equal(await command(wb.page, 'models:fit:{"calibration_end":"2025-13-45"}'), false);
    assert.equal((await uiState(wb.page)).models.controls.calibration_invalid, true);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
