// The Experiments section: a timing sweep on the sample data, started with a real mouse click on
// Run sweep, run in the simulation workers and compared point for point with `touchpoint sweep`
// on the same inputs; its response curve (best day marked, tied days shaded) and table are drawn;
// a 2-D sweep draws its heatmap; the power calculator gives `touchpoint power`'s customers per
// arm; without assignments the analysis says how to import them, and with a store of assignments
// and orders it gives `touchpoint abtest analyze`'s figures, with the always-valid intervals of
// sequential monitoring drawn look by look; a simulated experiment says how often a test of the
// planned size makes the right call, and an A/A test's false wins stay near alpha. Screenshots in
// build/e2e/experiments/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO, TEST_TIMEOUT_MS, clickAt, useSession, openWorkbench, assertNoProblems, nextFrames, runCli,
  uiState, clickTarget, dropFile, command, waitForState, canvasScreenshot, assertDrawn, assertCloseDeep,
} from './harness.mjs';

const session = useSession('experiments');
const TEMPLATES = path.join(REPO, 'assets', 'cadences');
const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'experiments');

// When should the win-back nudge go out after a customer's usual repurchase time has passed?
// Its profit peaks within the first days and falls after, with a run of days tied with the best.
const SWEEP = {
  cadence: 'win_back.json', step: 'Past the usual time', days: '0..60', metric: 'incremental_profit',
  customers: 20000, horizon: 365, replications: 10, seed: 1, margin: 0.3,
};
// And together with the second win-back message, on a coarser grid.
const GRID = {
  ...SWEEP, days: '0..40/5', second_step: 'We have not heard from you', second_days: '30..120/10', customers: 5000, replications: 5,
};

async function experiments(page) {
  return (await uiState(page)).experiments;
}

// The section's state once `predicate` holds for its sweep; fails as soon as the sweep has an error.
function waitForSweep(page, what, predicate) {
  return waitForState(page, (state) => predicate(state.sweep), { what, part: 'experiments', frames: 6000, failed: (state) => state.sweep.error });
}

// `touchpoint sweep --json` on the same cadence, grid and options.
function cliSweep(settings) {
  const args = ['sweep', '--cadence', path.join(TEMPLATES, settings.cadence), '--step', settings.step, '--days', settings.days,
    '--metric', settings.metric, '--customers', String(settings.customers), '--horizon', String(settings.horizon),
    '--reps', String(settings.replications), '--seed', String(settings.seed), '--margin', String(settings.margin), '--json'];
  if (settings.second_step) args.push('--second-step', settings.second_step, '--second-days', settings.second_days);
  return JSON.parse(runCli(args));
}

// Exactly, or within 1e-12 of each other (the same bits are expected; the tolerance only guards
// against a printing difference).
function assertClose(actual, expected, what) {
  if (actual === expected) return;
  assert.ok(Number.isFinite(actual) && Number.isFinite(expected) && Math.abs(actual - expected) <= 1e-12,
    `${what}: ${actual} vs the CLI's ${expected}`);
}

function assertSameSweep(run, cli) {
  assert.equal(run.cadence, cli.cadence);
  assert.equal(run.step, cli.step);
  assert.equal(run.second_step, cli.second_step);
  assert.equal(run.metric, cli.metric);
  assert.deepEqual(run.options, cli.options, 'the options');
  assert.deepEqual(run.population, cli.population, 'the population');
  assert.deepEqual(run.best, cli.best, 'the best day');
  assert.deepEqual(run.tied_with_best, cli.tied_with_best, 'the days tied with the best');
  assert.equal(run.points.length, cli.points.length, 'the grid');
  run.points.forEach((point, i) => {
    const expected = cli.points[i];
    const at = `day ${point.day}${point.second_day === undefined ? '' : `/${point.second_day}`}`;
    assert.equal(point.day, expected.day);
    assert.equal(point.second_day, expected.second_day);
    for (const key of ['mean', 'ci_low', 'ci_high']) {
      assertClose(point.metric[key], expected.metric[key], `${at} metric ${key}`);
      assertClose(point.difference_from_best[key], expected.difference_from_best[key], `${at} difference ${key}`);
    }
    assert.equal(point.tied_with_best, expected.tied_with_best, `${at} tied`);
  });
  assert.deepEqual(run, cli, 'every figure of every point');
}

const screenshot = (page, name) => canvasScreenshot(page, path.join(session.shotsDir, `${name}.png`));

// Pixels within `tolerance` of an RGB colour inside a CSS-pixel rectangle (screenshots at scale 1).
function pixelsNear(png, rect, [r, g, b], tolerance = 40) {
  let count = 0;
  for (let y = Math.ceil(rect.y); y < Math.floor(rect.y + rect.height); y++) {
    for (let x = Math.ceil(rect.x); x < Math.floor(rect.x + rect.width); x++) {
      const i = (y * png.width + x) * 4;
      if (Math.abs(png.data[i] - r) + Math.abs(png.data[i + 1] - g) + Math.abs(png.data[i + 2] - b) <= tolerance) count++;
    }
  }
  return count;
}

const BEST_ORANGE = [232, 126, 34];

test('a timing sweep on the sample data: the mouse runs it, the numbers equal the CLI, the curve and the heatmap are drawn',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    const wb = await openWorkbench(session);
    try {
      await wb.page.keyboard.press('7');  // the Experiments section
      await nextFrames(wb.page, 3);
      const first = await uiState(wb.page);
      assert.equal(first.section, 'Experiments');
      let state = first.experiments;
      assert.equal(state.tab, 'sweep');
      assert.equal(state.sweep.state, 'idle');
      assert.equal(state.sweep.population, 'sample shop defaults', 'no model handed over: the sample defaults');
      assert.ok(state.sweep.templates.some((t) => t.file === 'win_back.json' && t.name === 'Win-back'), 'the templates are on offer');
      assert.deepEqual(state.sweep.steps, ['Past the usual time', 'We have not heard from you', 'A reason to come back']);
      await screenshot(wb.page, 'before the first sweep');

      // Set the controls, then press Run sweep with the mouse.
      assert.ok(await command(wb.page, `experiments:sweep_set:${JSON.stringify(SWEEP)}`));
      await nextFrames(wb.page, 2);
      state = await experiments(wb.page);
      assert.deepEqual(state.sweep.settings, { ...SWEEP, cadence_source: 'template', second_step: null, second_days: '30..120/10' });
      assert.equal(await command(wb.page, 'experiments:sweep_set:{"step":"No such step"}'), false, 'an unknown step is refused');
      await clickAt(wb.page, await clickTarget(wb.page, 'experiments:sweep_run'));
      state = await waitForSweep(wb.page, 'the sweep', (s) => s.state === 'done' && s.last_run === 'done');
      // The grid went to Web Workers beside the page.
      assert.ok(state.sweep.workers >= 1, 'the sweep ran in the simulation workers');

      const cli = cliSweep(SWEEP);
      const run = state.sweep.result;
      assertSameSweep(run, cli);
      // An optimum inside the grid, with days on both sides that are worse than it.
      assert.ok(run.best.day > 0 && run.best.day < 60, `the best day ${run.best.day} is inside the grid`);
      assert.ok(run.points.some((p) => !p.tied_with_best), 'some days are worse than the best');
      assert.ok(run.tied_with_best.length > 1, 'some days are tied with the best');
      assert.ok(run.points[60].metric.mean < run.points[run.best.day].metric.mean, 'a late nudge earns less');

      // The response curve beside the table: drawn, with the best day marked in its colour.
      await wb.page.mouse.move(5, 5);  // no hover read-out over the chart
      await nextFrames(wb.page, 3);
      state = await experiments(wb.page);
      const curve = state.charts.sweep_curve;
      assert.ok(curve && curve.width > 400 && curve.height > 300, `the response curve has room: ${JSON.stringify(curve)}`);
      let png = await screenshot(wb.page, 'timing sweep on the sample data');
      assertDrawn(png, curve, 'the response curve');
      assert.ok(pixelsNear(png, curve, BEST_ORANGE) > 30, 'the best day is marked');
      const content = (await uiState(wb.page)).regions.content;
      assertDrawn(png, { x: curve.x + curve.width, y: curve.y, width: content.x + content.width - curve.x - curve.width, height: curve.height },
        'the table of points');

      assert.ok(await command(wb.page, 'theme:dark'));
      await nextFrames(wb.page, 3);
      png = await screenshot(wb.page, 'timing sweep on the sample data, dark theme');
      assertDrawn(png, curve, 'the response curve (dark)');
      assert.ok(await command(wb.page, 'theme:light'));

      // A 2-D sweep: the heatmap of both steps' days, equal to the CLI's.
      assert.ok(await command(wb.page, `experiments:sweep:${JSON.stringify(GRID)}`));
      state = await waitForSweep(wb.page, 'the 2-D sweep', (s) => s.state === 'done' && s.result?.second_step === GRID.second_step);
      assertSameSweep(state.sweep.result, cliSweep(GRID));
      assert.equal(state.sweep.result.points.length, 9 * 10);
      await nextFrames(wb.page, 3);
      state = await experiments(wb.page);
      const heatmap = state.charts.sweep_heatmap;
      assert.ok(heatmap, 'the heatmap is drawn');
      assert.equal(heatmap.series, 90, 'a cell per pair of days');
      assert.equal(state.charts.sweep_curve, undefined, 'a 2-D sweep has no response curve');
      png = await screenshot(wb.page, 'two-step timing sweep heatmap');
      assertDrawn(png, heatmap, 'the heatmap');
      assert.ok(pixelsNear(png, heatmap, BEST_ORANGE) > 30, 'the best pair is outlined');

      // A sweep the grid cannot hold says why, and the last result stays.
      assert.equal(await command(wb.page, 'experiments:sweep:{"days":"0..400"}'), false);
      await nextFrames(wb.page, 2);
      state = await experiments(wb.page);
      assert.match(state.sweep.error, /horizon|grid|400/);
      assert.equal(state.sweep.result.second_step, GRID.second_step);
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });

test('power and sample size: the customers per arm equal `touchpoint power`, and the power curve is drawn', { timeout: TEST_TIMEOUT_MS },
  async () => {
    const wb = await openWorkbench(session, '?section=Experiments');
    try {
      await clickAt(wb.page, await clickTarget(wb.page, 'experiments:tab:power'));
      let state = await experiments(wb.page);
      assert.equal(state.tab, 'power');
      // The example on show: a 10% repeat rate, two points more.
      const example = JSON.parse(runCli(['power', '--baseline', '0.1', '--mde', '0.02', '--json']));
      assert.equal(state.power.result.n_per_arm, example.n_per_arm);
      assert.equal(state.power.result.n_total, example.n_total);

      const designs = [
        [{ metric: 'proportion', baseline: 0.3, mde: 0.1, relative: true, alpha: 0.05, power: 0.9, ratio: 1, one_sided: false },
          ['--baseline', '0.3', '--mde', '0.1', '--relative', '--power', '0.9']],
        [{ metric: 'mean', baseline: 40, sd: 60, mde: 5, relative: false, alpha: 0.01, power: 0.8, ratio: 2, one_sided: true },
          ['--metric', 'mean', '--baseline', '40', '--sd', '60', '--mde', '5', '--alpha', '0.01', '--ratio', '2', '--one-sided']],
      ];
      for (const [design, args] of designs) {
        assert.ok(await command(wb.page, `experiments:power:${JSON.stringify(design)}`));
        await nextFrames(wb.page, 3);
        state = await experiments(wb.page);
        const cli = JSON.parse(runCli(['power', ...args, '--json']));
        assert.equal(state.power.error, '');
        for (const key of ['n_per_arm', 'n_control', 'n_treatment', 'n_total']) assert.equal(state.power.result[key], cli[key], `${design.metric}: ${key}`);
        assertClose(state.power.result.n_exact, cli.n_exact, `${design.metric}: the unrounded n`);
        assertClose(state.power.result.achieved_power, cli.achieved_power, `${design.metric}: the achieved power`);
      }
      assert.ok(await command(wb.page, 'experiments:power:{"metric":"proportion","baseline":0.1,"mde":0.02,"relative":false,"alpha":0.05,"power":0.8,"ratio":1,"one_sided":false}'));
      assert.equal(await command(wb.page, 'experiments:power:{"colour":"blue"}'), false, 'an unknown key is refused');
      assert.ok(await command(wb.page, 'experiments:power:{"baseline":1.5}'), 'a design out of range is shown with its error');
      await nextFrames(wb.page, 2);
      state = await experiments(wb.page);
      assert.equal(state.power.result, null);
      assert.match(state.power.error, /between 0 and 1/);
      assert.ok(await command(wb.page, 'experiments:power:{"baseline":0.1}'));
      await nextFrames(wb.page, 3);
      state = await experiments(wb.page);
      assert.equal(state.power.result.n_per_arm, example.n_per_arm);
      const chart = state.charts.power_curve;
      assert.ok(chart, 'the power curve is drawn');
      const png = await screenshot(wb.page, 'power and sample size');
      assertDrawn(png, chart, 'the power curve');
      assert.ok(pixelsNear(png, chart, BEST_ORANGE) > 20, 'the customers needed are marked');
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });

test('analysis: the sample data has no assignments and says how to import them; a store with an experiment gives `touchpoint abtest analyze`',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    const wb = await openWorkbench(session, '?section=Experiments');
    try {
      await clickAt(wb.page, await clickTarget(wb.page, 'experiments:tab:analysis'));
      let state = await experiments(wb.page);
      assert.equal(state.tab, 'analysis');
      assert.deepEqual(state.analysis.experiments, [], 'the sample shop has no experiments');
      await screenshot(wb.page, 'analysis without assignments');
      await clickAt(wb.page, await clickTarget(wb.page, 'experiments:import_assignments'));
      assert.equal((await uiState(wb.page)).section, 'Data', 'the button leads to the Data page');

      // A store with the follow-up experiment's orders and assignments, made by the CLI and opened here.
      const store = path.join(session.tmpDir, 'followup.sqlite');
      runCli(['import', store, path.join(FIXTURES, 'followup_orders.csv'), '--table', 'orders']);
      runCli(['import', store, path.join(FIXTURES, 'followup_assignments.csv'), '--table', 'assignments']);
      await dropFile(wb.page, 'followup.sqlite', fs.readFileSync(store));
      await wb.page.waitForFunction(() => window.touchpoint.dataState().source === 'local', null, { timeout: 30_000 });
      assert.ok(await command(wb.page, 'experiments:tab:analysis'));
      await nextFrames(wb.page, 4);
      state = await experiments(wb.page);
      const followup = state.analysis.experiments.find((e) => e.experiment === 'followup');
      assert.ok(followup, 'the follow-up experiment is listed');
      assert.deepEqual(followup.arms, ['call_day10', 'control', 'email_day3']);

      for (const metric of ['repeat:30', 'revenue:30']) {
        assert.ok(await command(wb.page, `experiments:analysis:${JSON.stringify({ experiment: 'followup', metric })}`));
        await nextFrames(wb.page, 3);
        state = await experiments(wb.page);
        assert.equal(state.analysis.error, '');
        const cli = JSON.parse(runCli(['abtest', 'analyze', store, '--experiment', 'followup', '--metric', metric, '--json']));
        const shown = state.analysis.result;
        for (const key of ['experiment', 'metric', 'control_arm', 'data_end', 'excluded', 'arms', 'sample_ratio'])
          assertCloseDeep(shown[key], cli[key], `${metric}: ${key}`, 1e-12);
        assert.equal(shown.comparisons.length, 2, 'two treatment arms against control');
        shown.comparisons.forEach((comparison, k) => {
          assertCloseDeep(comparison, cli.comparisons[k], `${metric}: ${comparison.arm} against control`, 1e-12);
          // Watched week by week, the always-valid interval at the last look is wider than the
          // fixed-horizon one: the price of being allowed to peek.
          const fixed = comparison.proportions ?? comparison.welch;
          const last = comparison.sequential.last;
          assert.ok(comparison.sequential.looks.length > 3, `${metric}: a look every week`);
          assert.ok(last.ci_low < fixed.ci_low && last.ci_high > fixed.ci_high, `${metric}: the always-valid interval is wider`);
        });
        assert.equal(state.charts.analysis_sequential?.series, 2, `${metric}: the always-valid intervals are drawn, an arm each`);
        const png = await screenshot(wb.page, `analysis of a real experiment, ${metric.replace(':', ' ')}`);
        assertDrawn(png, state.charts.analysis_sequential, `${metric}: the always-valid intervals`);
      }
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });

// The section's state once `predicate` holds for its simulated experiment; fails as soon as that has an error.
function waitForDesigner(page, what, predicate) {
  return waitForState(page, (state) => predicate(state.designer), { what, part: 'experiments', frames: 6000, failed: (state) => state.designer.error });
}

test('a simulated experiment: right, wrong and no call add up, the calls per arm are counted, and an A/A test stays near alpha',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    const wb = await openWorkbench(session, '?section=Experiments');
    try {
      await clickAt(wb.page, await clickTarget(wb.page, 'experiments:tab:designer'));
      let state = await experiments(wb.page);
      assert.equal(state.tab, 'designer');
      assert.equal(state.designer.state, 'idle');
      const design = { cadence: 'win_back.json', step: 'Past the usual time', days: '0,30,90', outcome: 'repeat_within', window: 180,
        customers: 6000, experiments: 60, alpha: 0.05, seed: 3 };
      assert.ok(await command(wb.page, `experiments:designer_set:${JSON.stringify(design)}`));
      assert.equal(await command(wb.page, 'experiments:designer_set:{"outcome":"happiness"}'), false, 'an unknown outcome is refused');
      await clickAt(wb.page, await clickTarget(wb.page, 'experiments:designer_run'));
      state = await waitForDesigner(wb.page, 'the simulated experiment', (d) => d.state === 'done');
      let result = state.designer.result;
      assert.deepEqual(result.arms.map((arm) => arm.name), ['Day 0', 'Day 30', 'Day 90']);
      assert.equal(result.arms.reduce((sum, arm) => sum + arm.customers, 0), design.customers, 'the customers split over the arms');
      assert.ok(Math.abs(result.right_call.mean + result.wrong_call.mean + result.no_call.mean - 1) < 1e-12, 'every experiment ends in one call');
      const called = result.arms.reduce((sum, arm) => sum + arm.called_share, 0);
      assert.ok(Math.abs(called - (1 - result.no_call.mean)) < 1e-12, 'the calls per arm add up to the experiments with a call');
      assert.equal(result.arms_differ, true);
      await wb.page.mouse.move(5, 5);
      await nextFrames(wb.page, 3);
      state = await experiments(wb.page);
      const png = await screenshot(wb.page, 'simulated experiment');
      assertDrawn(png, state.charts.designer_calls, 'the calls per arm');

      // An A/A test: both arms the same; only false wins, about as often as alpha allows.
      assert.ok(await command(wb.page, `experiments:designer:${JSON.stringify({ ...design, days: '30,30', experiments: 200, customers: 2000 })}`));
      state = await waitForDesigner(wb.page, 'the A/A test', (d) => d.state === 'done' && d.result.arms[0].name === 'Day 30');
      result = state.designer.result;
      assert.equal(result.arms_differ, false);
      assert.equal(result.truly_best, null);
      assert.equal(result.right_call.mean, 0);
      assert.ok(result.wrong_call.mean <= 0.1, `false wins ${result.wrong_call.mean} stay near alpha`);
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });
