// Drill-down on the sample shop: a segment card (by command and by a real mouse click) and a
// cohort cell open the list of their customers, as many as the CLI counts for that figure
// (`touchpoint segments --json`, `touchpoint cohorts --json`, the same core); clicking a customer
// opens their timeline, with as many orders as `touchpoint customer --json` reports.
// Screenshots: drill-down-list.png and drill-down-timeline.png in TOUCHPOINT_E2E_OUT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  clickAt, TEST_TIMEOUT_MS, useSession, openWorkbench, assertNoProblems, luminanceStats, nextFrames, runCli, sampleStore, command, canvasScreenshot,
} from './harness.mjs';

const session = useSession();

// The CLI's JSON with every customer's segment.
function cliSegmentsWithCustomers() {
  return JSON.parse(runCli(['segments', sampleStore(session), '--json', '--customers']));
}

async function drillState(page) {
  return (await page.evaluate(() => window.touchpoint.ui())).drill_down;
}

test('segments and cohort cells list their customers; a customer shows their timeline', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    const report = cliSegmentsWithCustomers();
    const cliSize = new Map(report.segments.map((s) => [s.key, s.customers]));
    const idsIn = (key) => report.customer_segments.filter((c) => c.segment === key).map((c) => c.customer_id).sort();

    // By command: the lapsed customers.
    await command(wb.page, 'segments:segments', { required: true, frames: 3 });
    await command(wb.page, 'drill:segment:lapsed', { required: true, frames: 3 });
    let drill = await drillState(wb.page);
    assert.ok(drill.list, 'the list window is open');
    assert.match(drill.list.title, /Lapsed/);
    assert.equal(drill.list.customers, cliSize.get('lapsed'), 'lapsed: list size and the CLI');
    assert.deepEqual(drill.list.first_ids, idsIn('lapsed').slice(0, 20), 'the first customers are the CLI\'s lapsed ones');

    // By the mouse: a click on the Loyal card.
    await command(wb.page, 'drill:close', { required: true, frames: 3 });
    drill = await drillState(wb.page);
    assert.equal(drill.list, null, 'closed');
    const card = drill.targets['segment:loyal'];
    assert.ok(card, `the Loyal card's place is published: ${JSON.stringify(drill.targets)}`);
    await clickAt(wb.page, card);
    drill = await drillState(wb.page);
    assert.ok(drill.list, 'a click on the card opens the list');
    assert.match(drill.list.title, /Loyal/);
    assert.equal(drill.list.customers, cliSize.get('loyal'), 'loyal: list size and the CLI');
    assert.deepEqual(drill.list.first_ids, idsIn('loyal').slice(0, 20));

    // A cohort cell: the second cohort's customers who bought again one month later.
    const cohorts = JSON.parse(runCli(['cohorts', sampleStore(session), '--by', 'month', '--json'])).cohorts;
    await command(wb.page, 'segments:cohorts', { required: true, frames: 3 });
    await command(wb.page, 'drill:cohort:1:1', { required: true, frames: 3 });
    drill = await drillState(wb.page);
    assert.match(drill.list.title, new RegExp(`Cohort ${cohorts[1].cohort}`));
    assert.equal(drill.list.customers, cohorts[1].customers[1], 'cohort cell: list size and the CLI');
    assert.ok(drill.list.customers > 0, 'the cell has customers, or this test shows nothing');
    // Month 0 of a cohort is the whole cohort.
    await command(wb.page, 'drill:cohort:3:0', { required: true, frames: 3 });
    assert.equal((await drillState(wb.page)).list.customers, cohorts[3].size);
    await command(wb.page, 'drill:cohort:1:1', { required: true, frames: 3 });
    await nextFrames(wb.page, 3);

    const listShot = path.join(session.shotsDir, 'drill-down-list.png');
    const listPng = await canvasScreenshot(wb.page, listShot);
    drill = await drillState(wb.page);
    const firstRow = drill.targets['row:0'];
    assert.ok(firstRow, 'the first row of the list is on screen');
    assert.ok(luminanceStats(listPng, { x: firstRow.x, y: firstRow.y - 60, width: 300, height: 200 }).variance > 20, 'rows drawn');

    // A click on the first customer opens their timeline.
    const customerId = drill.list.first_ids[0];
    await clickAt(wb.page, firstRow);
    drill = await drillState(wb.page);
    assert.ok(drill.timeline, 'the timeline window is open');
    assert.equal(drill.timeline.customer_id, customerId);
    const cli = JSON.parse(runCli(['customer', sampleStore(session), customerId, '--json']));
    assert.equal(drill.timeline.kinds.order, cli.counts.order, 'orders: timeline and the CLI');
    assert.equal(drill.timeline.kinds.survey, cli.counts.survey);
    assert.equal(drill.timeline.kinds.ticket, cli.counts.ticket);
    assert.equal(drill.timeline.events, cli.events.length);
    assert.ok(drill.timeline.kinds.order >= 2, 'a customer who bought again has two orders or more');

    // By command, a customer with tickets and survey answers; an unknown id is refused.
    const busy = report.customer_segments.slice(0, 400).map((c) => c.customer_id).find((id) => {
      const counts = JSON.parse(runCli(['customer', sampleStore(session), id, '--json'])).counts;
      return counts.ticket > 0 && counts.survey > 0 && counts.order >= 3;
    });
    assert.ok(busy, 'the sample has a customer with orders, answers and tickets');
    await command(wb.page, `drill:customer:${busy}`, { required: true, frames: 3 });
    drill = await drillState(wb.page);
    const busyCli = JSON.parse(runCli(['customer', sampleStore(session), busy, '--json']));
    assert.equal(drill.timeline.customer_id, busy);
    assert.deepEqual(drill.timeline.kinds, { order: busyCli.counts.order, touch: busyCli.counts.touch,
      survey: busyCli.counts.survey, ticket: busyCli.counts.ticket });
    assert.equal(drill.timeline.revenue, busyCli.counts.revenue);
    const timelinePng = await canvasScreenshot(wb.page, path.join(session.shotsDir, 'drill-down-timeline.png'));
    const { regions } = await wb.page.evaluate(() => window.touchpoint.ui());
    const c = regions.content;
    assert.ok(luminanceStats(timelinePng, { x: c.x + c.width * 0.62, y: c.y + 60, width: c.width * 0.3, height: 300 }).variance > 20,
      'the timeline is drawn');
    assert.equal(await command(wb.page, 'drill:customer:no-such-customer'), false);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
