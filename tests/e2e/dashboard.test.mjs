// The Dashboard's Overview on the sample shop: the cards of any date window show the CLI's full
// report for that window (`touchpoint metrics DB --from --to --json`, the same core), the presets
// pick the windows their names say, and two windows side by side show the CLI's differences
// (`--compare-from/--compare-to`). Screenshots in build/e2e/dashboard/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PNG } from 'pngjs';
import {
  TEST_TIMEOUT_MS, useSession, openWorkbench, assertNoProblems, luminanceStats, nextFrames, runCli, sampleStore,
  assertCardsMatch, command,
} from './harness.mjs';

const session = useSession('dashboard');

function cliReport(args) {
  return JSON.parse(runCli(['metrics', sampleStore(session), '--json', ...args]));
}

const dayMs = 24 * 3600 * 1000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

test('the cards of the whole history, of a preset and of a typed window are the CLI report for that window', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    const whole = cliReport(['--report']);
    let state = (await wb.page.evaluate(() => window.touchpoint.ui())).dashboard;
    assert.deepEqual(state.window, whole.window && { from: whole.window.from, to: whole.window.to });
    assert.equal(state.preset, 'Whole history');
    assert.equal(state.periods, whole.per_period.length, 'one bar per month of the history');
    assertCardsMatch(await wb.page.evaluate(() => window.touchpoint.shown()), whole, 'whole history');

    // "Last 90 days" ends at the last order and spans 90 days.
    await command(wb.page, 'dashboard_window:{"preset":"Last 90 days"}', { required: true, frames: 3 });
    state = (await wb.page.evaluate(() => window.touchpoint.ui())).dashboard;
    const last = Date.parse(`${whole.window.to}T00:00:00Z`);
    assert.deepEqual(state.window, { from: isoDay(last - 89 * dayMs), to: whole.window.to });
    assertCardsMatch(await wb.page.evaluate(() => window.touchpoint.shown()), cliReport(['--from', state.window.from, '--to', state.window.to]), 'last 90 days');

    // A typed window, with a 60-day churn window, by week.
    await command(wb.page, 'dashboard_window:{"from":"2024-10-15","to":"2025-04-20","churn_window_days":60,"period":"week"}', { required: true, frames: 3 });
    state = (await wb.page.evaluate(() => window.touchpoint.ui())).dashboard;
    assert.deepEqual(state.window, { from: '2024-10-15', to: '2025-04-20' });
    const typed = cliReport(['--from', '2024-10-15', '--to', '2025-04-20', '--churn-days', '60', '--period', 'week']);
    assert.equal(state.periods, typed.per_period.length, 'one bar per ISO week the window touches');
    assertCardsMatch(await wb.page.evaluate(() => window.touchpoint.shown()), typed, 'typed window');

    const png = PNG.sync.read(await wb.page.screenshot({ path: path.join(session.shotsDir, 'dashboard-window.png') }));
    const { chart, metrics } = await wb.page.evaluate(() => window.touchpoint.layout());
    for (const [name, rect] of [['chart', chart], ['cards', metrics]]) {
      const stats = luminanceStats(png, rect, 1);
      assert.ok(stats.variance > 64, `${name} looks blank: ${JSON.stringify(stats)}`);
    }
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('two windows side by side: the differences are the CLI comparison', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    await command(wb.page, 'dashboard_window:{"from":"2025-01-01","to":"2025-06-30","compare_from":"2024-01-01","compare_to":"2024-06-30"}', { required: true, frames: 3 });
    const state = (await wb.page.evaluate(() => window.touchpoint.ui())).dashboard;
    assert.deepEqual(state.compare.window, { from: '2024-01-01', to: '2024-06-30' });
    const cli = cliReport(['--from', '2025-01-01', '--to', '2025-06-30', '--compare-from', '2024-01-01', '--compare-to', '2024-06-30']);
    // The CLI's difference is B - A with A the first window: the same orientation as the page.
    for (const [key, difference] of Object.entries(state.compare.differences)) {
      const want = cli.difference_b_minus_a[key];
      assert.ok(key in cli.difference_b_minus_a, `no CLI difference for ${key}`);
      if (want === null) assert.equal(difference, null, key);
      else assert.ok(Math.abs(difference - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${key}: page ${difference}, CLI ${want}`);
    }
    // Window A's column is what the cards would show.
    assertCardsMatch(await wb.page.evaluate(() => window.touchpoint.shown()), cli.a, 'window A');

    // The default comparison of a year of whole months is the year before, leap day included.
    await command(wb.page, 'dashboard_window:{"from":"2025-01-01","to":"2025-12-31","compare":"Period before"}', { required: true, frames: 3 });
    const year = (await wb.page.evaluate(() => window.touchpoint.ui())).dashboard;
    assert.deepEqual(year.compare.window, { from: '2024-01-01', to: '2024-12-31' });

    await wb.page.screenshot({ path: path.join(session.shotsDir, 'dashboard-compare.png') });
    await command(wb.page, 'dashboard_window:{"compare":false}', { required: true, frames: 3 });
    assert.equal((await wb.page.evaluate(() => window.touchpoint.ui())).dashboard.compare, null);
    assert.equal(await command(wb.page, 'dashboard_window:{"from":"2025-02-30","to":"2025-03-01"}'), false,
      'an impossible date is refused');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('clicking a bar lists the customers behind it: as many as the CLI report counts', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    const report = cliReport(['--report']);
    const { chart } = await wb.page.evaluate(() => window.touchpoint.layout());
    // Low in the plot, right of the middle: the returning customers' part of a bar.
    await wb.page.mouse.click(chart.x + chart.width * 0.62, chart.y + chart.height - 40);
    await nextFrames(wb.page, 4);
    const { list } = (await wb.page.evaluate(() => window.touchpoint.ui())).drill_down ?? {};
    assert.ok(list, 'no customer list opened');
    const match = /^(Returning|New) customers in (\d{4}-\d{2})$/.exec(list.title);
    assert.ok(match, `list title: ${list.title}`);
    const period = report.per_period.find((p) => p.period === match[2]);
    assert.ok(period, `no period ${match[2]} in the CLI report`);
    assert.equal(list.customers, match[1] === 'Returning' ? period.returning_customers : period.new_customers,
      `${list.title}: listed customers`);
    await wb.page.screenshot({ path: path.join(session.shotsDir, 'dashboard-bar-drill-down.png') });
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
