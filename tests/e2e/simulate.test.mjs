// The Simulate section: two templates against Silence, started with a real mouse click on Run,
// run as a job in the browser and compared with `touchpoint simulate` on the same inputs (the same
// seed gives the same numbers natively and in wasm, figure for figure); the results table, the
// charts, the breakdown by segment and the effect model are drawn; a bigger run shows its progress
// and stops on Cancel; a BG/NBD fit handed over from Models becomes the population, again equal
// to the CLI's. Screenshots in build/e2e/simulate/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO, TEST_TIMEOUT_MS, clickAt, useSession, openWorkbench, assertNoProblems, nextFrames, runCli,
  uiState, clickTarget, command, waitForState, canvasScreenshot, assertDrawn,
} from './harness.mjs';

const session = useSession('simulate');
const TEMPLATES = path.join(REPO, 'assets', 'cadences');

async function simulate(page) {
  return (await uiState(page)).simulate;
}

// The Simulate section's state once `predicate` holds for it; fails as soon as the simulation has an error.
function waitForRun(page, what, predicate) {
  return waitForState(page, predicate, { what, part: 'simulate', failed: (state) => state.error });
}

// `touchpoint simulate --json` on the same cadences and options.
function cliSimulate(files, options, extra = []) {
  const args = ['simulate'];
  for (const file of files) args.push('--cadence', path.join(TEMPLATES, file));
  args.push('--customers', String(options.customers), '--days', String(options.days), '--reps', String(options.replications),
    '--seed', String(options.seed), '--margin', String(options.margin), '--json', ...extra);
  return JSON.parse(runCli(args));
}

// The browser's run and the CLI's, figure for figure: the same seed gives the same bits.
function assertSameRun(run, cli) {
  assert.deepEqual(run.options, cli.options, 'the options');
  assert.deepEqual(run.population, cli.population, 'the population');
  assert.equal(run.cadences.length, cli.cadences.length);
  run.cadences.forEach((outcome, i) => assert.deepEqual(outcome, cli.cadences[i], `the figures of ${outcome.name}`));
  assert.deepEqual(run.baseline, cli.baseline, 'the no-touch baseline');
}

const screenshot = (page, name) => canvasScreenshot(page, path.join(session.shotsDir, `${name}.png`));

test('two templates against Silence: the mouse runs it, the figures equal the CLI, the charts are drawn; Cancel stops a big run',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    const wb = await openWorkbench(session);
    try {
      await wb.page.keyboard.press('6');  // the Simulate section
      await nextFrames(wb.page, 3);
      const first = await uiState(wb.page);
      assert.equal(first.section, 'Simulate');
      let sim = first.simulate;
      assert.equal(sim.state, 'idle');
      assert.equal(sim.population.from_fit, false, 'no model handed over: the sample defaults');
      assert.ok(sim.available.templates.some((t) => t.file === 'silence.json' && t.name === 'Silence'), 'the templates are on offer');
      assert.ok(sim.available.templates.every((t) => t.error === ''), 'every template loads');
      assert.deepEqual(sim.cadences.map((c) => c.key), ['silence.json', 'second_sale_welcome.json'], 'a first choice to run');
      await screenshot(wb.page, 'before the first run');

      // Set the controls, then press Run with the mouse.
      const files = ['silence.json', 'second_sale_welcome.json', 'win_back.json'];
      const options = { customers: 3000, days: 365, replications: 4, seed: 7, margin: 0.3 };
      assert.ok(await command(wb.page, `simulate:set:${JSON.stringify({ cadences: files, ...options })}`));
      await nextFrames(wb.page, 2);
      sim = await simulate(wb.page);
      assert.deepEqual(sim.cadences.map((c) => c.name), ['Silence', 'Second-sale welcome', 'Win-back']);
      assert.deepEqual(sim.options, options);
      await clickAt(wb.page, await clickTarget(wb.page, 'simulate:run'));
      sim = await waitForRun(wb.page, 'the run', (s) => s.state === 'done' && s.last_run === 'done');

      const cli = cliSimulate(files, options);
      assertSameRun(sim.run, cli);
      // Silence sends nothing: the baseline's figures exactly; the templates send touches and gain purchases.
      assert.deepEqual({ ...sim.run.cadences[0], name: 'No touches', steps: [] }, { ...sim.run.baseline, steps: [] });
      for (const outcome of sim.run.cadences.slice(1)) {
        assert.ok(outcome.touches_per_customer.mean > 0, `${outcome.name} sends touches`);
        assert.ok(outcome.incremental_purchases.mean > 0, `${outcome.name} gains purchases over no touches`);
      }

      // The results table: a row per figure, a cell per cadence and the baseline, "mean (low to high)".
      assert.equal(sim.tab, 'results');
      const rows = Object.fromEntries(sim.table.map((row) => [row.key, row.cells]));
      for (const key of ['repeat_rate', 'purchases', 'revenue', 'cost', 'roi', 'touches_per_customer', 'opt_outs', 'incremental_purchases',
        'incremental_profit', 'retained_at_end']) {
        assert.equal(rows[key]?.length, 4, `${key}: three cadences and the baseline`);
      }
      const repeat = cli.cadences[1].repeat_rate;
      const percent = (v) => `${(v * 100).toFixed(1)}%`;
      assert.equal(rows.repeat_rate[1], `${percent(repeat.mean)} (${percent(repeat.ci_low)} to ${percent(repeat.ci_high)})`);
      assert.equal(rows.roi[0], 'n/a', 'Silence costs nothing: no ROI');
      assert.equal(rows.incremental_purchases[3], '-', 'the baseline has no incremental figures');
      let png = await screenshot(wb.page, 'results table');
      assertDrawn(png, (await uiState(wb.page)).regions.content, 'the results table');
      sim = await simulate(wb.page);
      assert.ok(sim.charts.sim_retention_gain, 'the retention gained over no touches, under the table');
      assertDrawn(png, sim.charts.sim_retention_gain, 'the retention gained over no touches');

      // The charts: retention curves with bands, cumulative revenue, touches per week.
      assert.ok(await command(wb.page, 'simulate:tab:charts'));
      await nextFrames(wb.page, 4);
      sim = await simulate(wb.page);
      assert.equal(sim.tab, 'charts');
      for (const name of ['sim_retention', 'sim_revenue', 'sim_touches']) {
        assert.ok(sim.charts[name], `${name} is drawn`);
        assert.equal(sim.charts[name].series, 4, `${name}: three cadences and the baseline`);
      }
      png = await screenshot(wb.page, 'two templates compared against silence');
      for (const name of ['sim_retention', 'sim_revenue', 'sim_touches']) assertDrawn(png, sim.charts[name], name);
      assert.ok(await command(wb.page, 'theme:dark'));
      await nextFrames(wb.page, 3);
      png = await screenshot(wb.page, 'two templates compared against silence, dark theme');
      for (const name of ['sim_retention', 'sim_revenue', 'sim_touches']) assertDrawn(png, sim.charts[name], `${name} (dark)`);
      assert.ok(await command(wb.page, 'theme:light'));
      assert.ok(await command(wb.page, 'simulate:retention:active'));
      await nextFrames(wb.page, 3);
      assert.equal((await simulate(wb.page)).retention, 'active');

      // Segments and steps.
      assert.ok(await command(wb.page, 'simulate:tab:segments'));
      await nextFrames(wb.page, 4);
      assert.equal((await simulate(wb.page)).tab, 'segments');
      png = await screenshot(wb.page, 'segments and steps');
      assertDrawn(png, (await uiState(wb.page)).regions.content, 'the breakdown by segment');

      // The effect model: a parameter's edit shows in the one-customer chart.
      assert.ok(await command(wb.page, 'simulate:tab:effects'));
      assert.ok(await command(wb.page, 'simulate:effects_group:kinds.win_back'));
      await nextFrames(wb.page, 4);
      sim = await simulate(wb.page);
      assert.equal(sim.tab, 'effects');
      assert.equal(sim.effects.chart_kind, 'win_back');
      assert.ok(sim.charts.effect_multiplier && sim.charts.effect_silence, 'the effect charts are drawn');
      const lift = JSON.parse(runCli(['simulate', '--print-effects'])).kinds.win_back.lift.value;
      assert.ok(Math.abs(sim.effects.curves[0].first - (1 + lift)) < 1e-9, 'one touch lifts the rate by the kind lift (e-mail)');
      png = await screenshot(wb.page, 'effect model');
      assertDrawn(png, sim.charts.effect_multiplier, 'the multiplier chart');
      assert.ok(await command(wb.page, 'simulate:effect:{"kinds.win_back.lift": 1.0}'));
      assert.equal(await command(wb.page, 'simulate:effect:{"kinds.win_back.lift": 99}'), false, 'a value out of range is refused');
      await nextFrames(wb.page, 2);
      sim = await simulate(wb.page);
      assert.deepEqual(sim.effects.edited, { 'kinds.win_back.lift': 1.0 });
      assert.ok(Math.abs(sim.effects.curves[0].first - 2.0) < 1e-9);
      assert.ok(await command(wb.page, 'simulate:effects:defaults'));

      // A bigger run: progress moves, Cancel (clicked) stops it, the last results stay.
      assert.ok(await command(wb.page, 'simulate:tab:results'));
      assert.ok(await command(wb.page, `simulate:run:${JSON.stringify({ customers: 2000000, replications: 20 })}`));
      sim = await waitForRun(wb.page, 'progress', (s) => s.state === 'running' && s.progress && s.progress.items > 0);
      // The run goes to Web Workers beside the page (the results above, equal to the CLI's, came the same way).
      assert.match(sim.progress.phase, /^Simulating 20 replications in [1-8] workers?$/);
      assert.ok(sim.progress.fraction > 0 && sim.progress.fraction < 0.5);
      await screenshot(wb.page, 'a big run in progress');
      await clickAt(wb.page, await clickTarget(wb.page, 'simulate:cancel'));
      sim = await waitForRun(wb.page, 'the cancel', (s) => s.state !== 'running');
      assert.equal(sim.last_run, 'cancelled');
      assert.equal(sim.run.options.customers, options.customers, 'the results of the last finished run stay');
      assert.equal((await uiState(wb.page)).jobs, 0, 'no job left running');
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });

test('a BG/NBD fit handed over from Models is the population, as the CLI draws it from the same fit', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    assert.ok(await command(wb.page, 'models:fit:{"model":"bgnbd"}'));
    await waitForState(wb.page, (models) => models.state === 'done', { what: 'the fit', part: 'models', frames: 3000 });
    assert.ok(await command(wb.page, 'models:use_in_simulator'));
    await nextFrames(wb.page, 3);
    const state = await uiState(wb.page);
    assert.equal(state.section, 'Simulate');
    assert.equal(state.simulate.population.from_fit, true);
    assert.match(state.simulate.population.model.description, /BG\/NBD fitted in weeks/);

    const files = ['silence.json', 'win_back.json'];
    const options = { customers: 2000, days: 180, replications: 3, seed: 11, margin: 0.25 };
    assert.ok(await command(wb.page, `simulate:run:${JSON.stringify({ cadences: files, ...options })}`));
    const sim = await waitForRun(wb.page, 'the run on the fit', (s) => s.state === 'done' && s.run.options.seed === 11);
    await screenshot(wb.page, 'customers from the fitted model');

    // The fits as `touchpoint fit --json` writes them, with the browser's parameters.
    const purchase = path.join(session.tmpDir, 'bgnbd.json');
    const spend = path.join(session.tmpDir, 'gg.json');
    fs.writeFileSync(purchase, JSON.stringify({ model: 'bgnbd', params: state.simulator.purchase.params, converged: true }));
    fs.writeFileSync(spend, JSON.stringify({ model: 'gg', params: state.simulator.spend.params, converged: true }));
    const cli = cliSimulate(files, options, ['--model', purchase, '--spend-model', spend, '--time-unit', state.simulator.unit]);
    assertSameRun(sim.run, cli);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
