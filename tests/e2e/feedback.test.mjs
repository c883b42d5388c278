// The Dashboard's Surveys and Support tabs on the sample shop: the figures the page shows
// (window.touchpoint.ui().feedback) equal those of plain SQL over the same shop, written by the
// CLI (`touchpoint sample` makes the shop the page shows for ?seed=S&customers=N) and read with
// Python's sqlite3 module, for the whole history and for a date window; a store without
// answers or tickets gets the empty states. Screenshots in the e2e output folder:
// dashboard-surveys.png, dashboard-support.png and the two empty states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  TEST_TIMEOUT_MS, useSession, openWorkbench, assertNoProblems, luminanceStats, nextFrames, runCli, dropFile, confirmImport, command, canvasScreenshot,
} from './harness.mjs';

const SEED = 42;
const CUSTOMERS = 20000;
const QUERY = `?seed=${SEED}&customers=${CUSTOMERS}`;
// The glossary's defaults: later retention looks 90 days ahead; a reply within 1 day is fast.
const HORIZON_DAYS = 90;
const FAST_DAYS = 1;
// Text and lines on a plain background give a luminance variance in the tens at least.
const DRAWN = 20;
const CLOSE = 1e-9;

let store;
const session = useSession('', {
  setUp: ({ tmpDir }) => {
    store = path.join(tmpDir, `sample-${SEED}-${CUSTOMERS}.sqlite`);
    runCli(['sample', '--out', store, '--seed', String(SEED), '--customers', String(CUSTOMERS), '--force']);
    // Only the oracle reads this copy: an index keeps its per-answer purchase lookups fast.
    sql('CREATE INDEX IF NOT EXISTS oracle_orders_by_customer ON orders (customer_id, order_date)');
  },
});

// --- The oracle: plain SQL over the store ----------------------------------------------------

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const RUN_SQL = `
import json, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
cursor = connection.execute(sys.argv[2])
names = [column[0] for column in cursor.description or []]
rows = [dict(zip(names, row)) for row in cursor]
connection.commit()
print(json.dumps(rows))
`;

// The rows of one SQL statement, as objects keyed by column name.
function sql(statement) {
  return JSON.parse(execFileSync(PYTHON, ['-c', RUN_SQL, store, statement], { encoding: 'utf8' }));
}

function assertClose(actual, expected, what) {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= CLOSE, `${what}: page ${actual}, SQL ${expected}`);
}

// The shown text of a number (e.g. "+23.4", "81.2%", "5.43", "1.0 days") is the number rounded.
function assertShownText(text, expected, decimals, what) {
  const value = Number.parseFloat(String(text).replace(/[,%]/g, ''));
  assert.ok(Math.abs(value - expected) <= 0.5 * 10 ** -decimals + 1e-9, `${what}: shown "${text}", SQL ${expected}`);
}

// A purchase (not a return) by the same customer on one of the HORIZON_DAYS days after `day`,
// judged only when the data reaches HORIZON_DAYS days past `day`.
const LAST_PURCHASE = `(SELECT max(order_date) FROM orders WHERE is_return = 0)`;
const OLD_ENOUGH = (day) => `date(${day}, '+${HORIZON_DAYS} days') <= ${LAST_PURCHASE}`;
const BOUGHT_AGAIN = (customer, day) => `EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = ${customer} AND o.is_return = 0
  AND o.order_date > ${day} AND o.order_date <= date(${day}, '+${HORIZON_DAYS} days'))`;

// The rows whose `column` lies in the page's window ({first, last} ISO dates; null: every row).
function inWindow(column, window) {
  return window ? `${column} BETWEEN '${window.first}' AND '${window.last}'` : '1';
}

function expectedSurveys(window) {
  const answered = inWindow('response_date', window);
  const [totals] = sql(`SELECT count(*) AS responses,
      count(nps) AS nps_answers, sum(nps >= 9) AS promoters, sum(nps < 7) AS detractors,
      count(csat) AS csat_answers, sum(csat >= 4) AS satisfied,
      count(ces) AS ces_answers, avg(ces) AS ces
    FROM surveys WHERE ${answered}`);
  const groups = sql(`WITH answers AS (
        SELECT customer_id, response_date AS day,
               CASE WHEN nps >= 9 THEN 'nps_promoters' WHEN nps >= 7 THEN 'nps_passives' ELSE 'nps_detractors' END AS key
          FROM surveys WHERE nps IS NOT NULL AND ${answered}
        UNION ALL
        SELECT customer_id, response_date,
               CASE WHEN csat >= 4 THEN 'csat_satisfied' WHEN csat >= 3 THEN 'csat_neutral' ELSE 'csat_dissatisfied' END
          FROM surveys WHERE csat IS NOT NULL AND ${answered}
        UNION ALL
        SELECT customer_id, response_date,
               CASE WHEN ces >= 5 THEN 'ces_low_effort' WHEN ces >= 4 THEN 'ces_neutral' ELSE 'ces_high_effort' END
          FROM surveys WHERE ces IS NOT NULL AND ${answered}),
      judged AS (SELECT key, customer_id, day, ${OLD_ENOUGH('day')} AS old_enough FROM answers)
    SELECT key, count(*) AS answers, sum(old_enough) AS counted, sum(NOT old_enough) AS too_recent,
           sum(old_enough AND ${BOUGHT_AGAIN('judged.customer_id', 'judged.day')}) AS retained
      FROM judged GROUP BY key`);
  const distribution = new Array(11).fill(0);
  for (const row of sql(`SELECT CAST(round(nps) AS INTEGER) AS score, count(*) AS answers FROM surveys WHERE nps IS NOT NULL AND ${answered} GROUP BY score`))
    distribution[row.score] = row.answers;
  return {
    ...totals,
    nps: (100 * totals.promoters) / totals.nps_answers - (100 * totals.detractors) / totals.nps_answers,
    csat: (100 * totals.satisfied) / totals.csat_answers,
    groups: new Map(groups.map((g) => [g.key, { ...g, rate: g.counted > 0 ? g.retained / g.counted : null }])),
    distribution,
  };
}

function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function expectedSupport(window) {
  const tickets = sql(`SELECT coalesce(channel, '') AS channel,
      CAST(round(julianday(first_response_date) - julianday(opened_date)) AS INTEGER) AS reply_days,
      CAST(round(julianday(resolved_date) - julianday(opened_date)) AS INTEGER) AS resolve_days,
      ${OLD_ENOUGH('opened_date')} AS old_enough,
      ${BOUGHT_AGAIN('tickets.customer_id', 'tickets.opened_date')} AS bought_again
    FROM tickets WHERE ${inWindow('opened_date', window)}`);
  const figures = (rows) => {
    const replies = rows.filter((t) => t.reply_days !== null);
    const resolutions = rows.filter((t) => t.resolve_days !== null);
    return {
      opened: rows.length,
      answered: replies.length,
      resolved: resolutions.length,
      median_first_response_days: median(replies.map((t) => t.reply_days).filter((d) => d >= 0)),
      median_resolution_days: median(resolutions.map((t) => t.resolve_days).filter((d) => d >= 0)),
      resolution_rate: rows.length > 0 ? resolutions.length / rows.length : null,
    };
  };
  const retention = (rows) => {
    const counted = rows.filter((t) => t.old_enough);
    const retained = counted.filter((t) => t.bought_again).length;
    return { counted: counted.length, retained, too_recent: rows.length - counted.length, rate: counted.length ? retained / counted.length : null };
  };
  const isFast = (t) => t.reply_days !== null && t.reply_days <= FAST_DAYS;
  const channels = new Map();
  for (const name of new Set(tickets.map((t) => t.channel))) channels.set(name, figures(tickets.filter((t) => t.channel === name)));
  return {
    ...figures(tickets),
    channels,
    fast: retention(tickets.filter(isFast)),
    slow: retention(tickets.filter((t) => !isFast(t))),
  };
}

// --- The page --------------------------------------------------------------------------------

async function showTab(page, tab) {
  assert.ok(await command(page, `dashboard:${tab}`), `dashboard:${tab} was refused`);
  await page.waitForFunction((t) => window.touchpoint.ui()?.feedback?.tab === t, tab);
  await nextFrames(page, 3);
  return (await page.evaluate(() => window.touchpoint.ui())).feedback;
}

// Saves the canvas as `file` in the e2e output folder and checks the tab drew its content:
// the cards at the top and the tables and charts in the lower half (or, for an empty state's
// few lines, anything in the content).
async function screenshotDrawn(page, file, { wholeContent = false } = {}) {
  const png = await canvasScreenshot(page, path.join(session.shotsDir, file));
  const { regions } = await page.evaluate(() => window.touchpoint.ui());
  const c = regions.content;
  const rects = wholeContent
    ? [['content', c]]
    : [
        ['top half', { x: c.x, y: c.y, width: c.width, height: c.height / 2 }],
        ['bottom half', { x: c.x, y: c.y + c.height / 2, width: c.width, height: c.height / 2 }],
      ];
  for (const [what, rect] of rects) {
    const { variance } = luminanceStats(png, rect);
    assert.ok(variance > DRAWN, `${file}: nothing drawn in the ${what} of the content (luminance variance ${variance.toFixed(1)})`);
  }
}

// The Surveys tab's figures (ui().feedback) against SQL over the same window.
function assertSurveysAsSql(shown) {
  const expected = expectedSurveys(shown.window);
  const where = shown.window ? ` (${shown.window.first} to ${shown.window.last})` : '';
  assert.ok(expected.responses > 0, `the sample shop must have survey answers${where}, or this test shows nothing`);
  assert.equal(shown.empty, false);
  assert.equal(shown.retention_horizon_days, HORIZON_DAYS);

  for (const key of ['responses', 'nps_answers', 'promoters', 'detractors', 'csat_answers', 'ces_answers'])
    assert.equal(shown[key], expected[key], `${key}${where}`);
  assertClose(shown.nps, expected.nps, `NPS${where}`);
  assertClose(shown.csat, expected.csat, `CSAT${where}`);
  assertClose(shown.ces, expected.ces, `CES${where}`);
  assertShownText(shown.shown.nps, expected.nps, 1, 'NPS card');
  assertShownText(shown.shown.csat, expected.csat, 1, 'CSAT card');
  assertShownText(shown.shown.ces, expected.ces, 2, 'CES card');

  assert.equal(shown.groups.length, 9, 'three groups for each of NPS, CSAT and CES');
  assert.deepEqual(new Set(shown.groups.map((g) => g.key)), new Set(expected.groups.keys()));
  for (const group of shown.groups) {
    const want = expected.groups.get(group.key);
    for (const key of ['answers', 'counted', 'retained', 'too_recent']) assert.equal(group[key], want[key], `${group.key} ${key}${where}`);
    assertClose(group.rate, want.rate, `${group.key} later retention${where}`);
  }
  assert.deepEqual(shown.nps_distribution, expected.distribution, `NPS answers by score 0-10${where}`);
  return expected;
}

test('the Surveys tab shows NPS, CSAT, CES and later retention by group as plain SQL computes them', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session, QUERY);
  try {
    const shown = await showTab(wb.page, 'surveys');
    assert.equal(shown.window, null, 'the Dashboard opens on the whole history');
    assertSurveysAsSql(shown);
    // The groups must differ, or the chart would show nothing worth a test.
    const rates = shown.groups.filter((g) => g.score === 'nps').map((g) => g.rate);
    assert.ok(Math.max(...rates) - Math.min(...rates) > 0.01, `NPS groups' later retention should differ: ${rates}`);
    await screenshotDrawn(wb.page, 'dashboard-surveys.png');

    // The tab follows the Dashboard's date window: new figures, as SQL over that window.
    const firstHalf2025 = { first: '2025-01-01', last: '2025-06-30' };
    const request = `dashboard_window:${JSON.stringify({ from: firstHalf2025.first, to: firstHalf2025.last })}`;
    assert.ok(await command(wb.page, request), `${request} was refused`);
    const windowed = await showTab(wb.page, 'surveys');
    assert.deepEqual(windowed.window, firstHalf2025);
    const expected = assertSurveysAsSql(windowed);
    assert.ok(expected.responses < shown.responses, 'the window must hold fewer answers than the whole history');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('the Support tab shows tickets, times, resolution rate by channel and later retention as plain SQL computes them', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session, QUERY);
  try {
    const shown = await showTab(wb.page, 'support');
    assert.equal(shown.window, null, 'the Dashboard opens on the whole history');
    const expected = expectedSupport(shown.window);
    assert.ok(expected.opened > 0, 'the sample shop must have tickets, or this test shows nothing');
    assert.equal(shown.empty, false);
    assert.equal(shown.fast_response_days, FAST_DAYS);
    assert.equal(shown.retention_horizon_days, HORIZON_DAYS);

    for (const key of ['opened', 'answered', 'resolved', 'median_first_response_days', 'median_resolution_days'])
      assert.equal(shown[key], expected[key], key);
    assertClose(shown.resolution_rate, expected.resolution_rate, 'resolution rate');
    assert.equal(shown.shown.opened, expected.opened.toLocaleString('en-US'), 'tickets card');
    assertShownText(shown.shown.median_first_response, expected.median_first_response_days, 1, 'first response card');
    assertShownText(shown.shown.resolution_rate, 100 * expected.resolution_rate, 1, 'resolution rate card');

    assert.equal(shown.channels.length, expected.channels.size, 'one row per channel');
    for (const row of shown.channels) {
      const want = expected.channels.get(row.channel);
      assert.ok(want, `channel "${row.channel}" is not in the tickets table`);
      for (const key of ['opened', 'answered', 'resolved', 'median_first_response_days', 'median_resolution_days'])
        assert.equal(row[key], want[key], `${row.channel} ${key}`);
      assertClose(row.resolution_rate, want.resolution_rate, `${row.channel} resolution rate`);
    }
    const opened = shown.channels.map((row) => row.opened);
    assert.deepEqual(opened, [...opened].sort((a, b) => b - a), 'busiest channel first');

    for (const speed of ['fast', 'slow']) {
      for (const key of ['counted', 'retained', 'too_recent']) assert.equal(shown[speed][key], expected[speed][key], `${speed} ${key}`);
      assertClose(shown[speed].rate, expected[speed].rate, `${speed} later retention`);
    }
    await screenshotDrawn(wb.page, 'dashboard-support.png');

    // Neither tab drawn: the test API says so.
    assert.ok(await command(wb.page, 'dashboard:overview'));
    await nextFrames(wb.page, 3);
    assert.equal((await wb.page.evaluate(() => window.touchpoint.ui())).feedback, null, 'feedback after leaving the tabs');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('without survey answers or tickets, each tab says what to import', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    // A fresh browser's own store: a few orders, no surveys, no tickets.
    const orders = ['order_id,customer_id,order_date,amount', 'A1,C1,2024-01-05,10.00', 'A2,C1,2024-02-05,12.00', 'A3,C2,2024-03-01,7.50', ''];
    await dropFile(wb.page, 'orders-only.csv', orders.join('\n'));
    await confirmImport(wb.page);
    await wb.page.waitForFunction(() => {
      const state = window.touchpoint.dataState();
      return state && state.job === null && state.import !== null && state.source === 'local';
    }, null, { timeout: 60_000 });
    assert.equal((await wb.page.evaluate(() => window.touchpoint.metrics())).orders, 3, 'the dropped orders are shown');

    const surveys = await showTab(wb.page, 'surveys');
    assert.equal(surveys.empty, true);
    assert.equal(surveys.responses, 0);
    await screenshotDrawn(wb.page, 'dashboard-surveys-empty.png', { wholeContent: true });
    const support = await showTab(wb.page, 'support');
    assert.equal(support.empty, true);
    assert.equal(support.opened, 0);
    await screenshotDrawn(wb.page, 'dashboard-support-empty.png', { wholeContent: true });
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
