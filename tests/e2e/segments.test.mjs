// The Segments section on the sample shop: the sizes it shows are the CLI's (`touchpoint
// segments --json`, the same core), a rule edit changes them as the CLI does with the same
// rules file, undo brings them back, and the Cohorts and RFM tabs draw their heatmaps
// (screenshots in build/e2e/sections/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  TEST_TIMEOUT_MS, useSession, openWorkbench, assertNoProblems, luminanceStats, nextFrames, runCli, sampleStore, command, canvasScreenshot,
} from './harness.mjs';

const session = useSession('sections');
const ORDER = ['new', 'returning', 'loyal', 'lapsed'];

function cliSizes(rulesFile = null) {
  const args = ['segments', sampleStore(session), '--json', ...(rulesFile ? ['--rules', rulesFile] : [])];
  const report = JSON.parse(runCli(args));
  const byKey = new Map(report.segments.map((s) => [s.key, s.customers]));
  return ORDER.map((key) => byKey.get(key));
}

async function shownSegments(page) {
  await nextFrames(page, 3);
  return (await page.evaluate(() => window.touchpoint.ui())).segments;
}

test('segment sizes match the CLI, follow a rule edit, and come back on undo', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    assert.ok(await command(wb.page, 'segments:segments'));
    let shown = await shownSegments(wb.page);
    assert.equal(shown.tab, 'segments');
    assert.deepEqual(shown.customers, cliSizes(), 'default rules: browser and CLI');
    assert.equal(shown.customers.reduce((a, b) => a + b, 0), shown.total_customers, 'sizes add up to the customers');

    const rules = { new_within_days: 60, loyal_min_purchase_days: 3, lapse_gap_multiple: 3, one_time_lapse_days: 120 };
    const rulesFile = path.join(session.tmpDir, 'rules.json');
    fs.writeFileSync(rulesFile, JSON.stringify(rules));
    assert.ok(await command(wb.page, `segment_rules:${JSON.stringify(rules)}`));
    shown = await shownSegments(wb.page);
    const edited = cliSizes(rulesFile);
    assert.notDeepEqual(edited, cliSizes(), 'the edited rules must change the sizes, or this test shows nothing');
    assert.deepEqual(shown.customers, edited, 'edited rules: browser and CLI');
    assert.equal(shown.rules.new_within_days, 60);

    const png = await canvasScreenshot(wb.page, path.join(session.shotsDir, 'segments-edited@1x.png'));
    const { regions } = await wb.page.evaluate(() => window.touchpoint.ui());
    assert.ok(luminanceStats(png, regions.content).variance > 20, 'segments drawn');

    assert.ok((await wb.page.evaluate(() => window.touchpoint.ui())).can_undo);
    assert.ok(await command(wb.page, 'undo'));
    shown = await shownSegments(wb.page);
    assert.deepEqual(shown.customers, cliSizes(), 'after undo: the default rules again');
    assert.ok(await command(wb.page, 'redo'));
    shown = await shownSegments(wb.page);
    assert.deepEqual(shown.customers, edited, 'after redo: the edited rules again');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('the Cohorts and RFM tabs draw their heatmaps; cohorts by week and by revenue', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    const cohorts = JSON.parse(runCli(['cohorts', sampleStore(session), '--json'])).cohorts;
    for (const tab of ['cohorts', 'rfm']) {
      assert.ok(await command(wb.page, `segments:${tab}`));
      const shown = await shownSegments(wb.page);
      assert.equal(shown.tab, tab);
      if (tab === 'cohorts') assert.equal(shown.cohort_rows, cohorts.length, 'one row per first-purchase month, as the CLI');
      const png = await canvasScreenshot(wb.page, path.join(session.shotsDir, `segments-${tab}@1x.png`));
      const { regions } = await wb.page.evaluate(() => window.touchpoint.ui());
      const c = regions.content;
      assert.ok(luminanceStats(png, { x: c.x + 100, y: c.y + 80, width: c.width - 200, height: c.height - 120 }).variance > 20,
        `${tab} heatmap drawn`);
    }

    // Cohorts by ISO week, then revenue instead of the share retained.
    const weeks = JSON.parse(runCli(['cohorts', sampleStore(session), '--by', 'week', '--json'])).cohorts;
    assert.ok(await command(wb.page, 'cohorts:week:retained'));
    let shown = await shownSegments(wb.page);
    assert.equal(shown.cohort_period, 'week');
    assert.equal(shown.cohort_rows, weeks.length, 'one row per first-purchase week, as the CLI');
    assert.ok(await command(wb.page, 'cohorts:month:revenue'));
    shown = await shownSegments(wb.page);
    assert.deepEqual([shown.cohort_period, shown.cohort_measure, shown.cohort_rows], ['month', 'revenue', cohorts.length]);
    await wb.page.locator('#canvas').screenshot({ path: path.join(session.shotsDir, 'segments-cohort-revenue@1x.png') });
    assert.equal(await command(wb.page, 'cohorts:year:revenue'), false, 'an unknown period is refused');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
