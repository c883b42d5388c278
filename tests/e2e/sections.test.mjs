// Every section of the workbench, at 1280x800 with deviceScaleFactor 1 and 2, on the sample
// shop: a screenshot of each (build/e2e/sections/), checked for drawn content where the
// sidebar, the section and the status bar should be; the drawing buffer at the device's
// resolution; themes, the help window, keyboard shortcuts and window resizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import {
  VIEWPORT, TEST_TIMEOUT_MS, useSession, openWorkbench, assertNoProblems, luminanceStats, nextFrames, command, canvasScreenshot,
} from './harness.mjs';

const SECTIONS = ['Data', 'Dashboard', 'Segments', 'Models', 'Cadences', 'Simulate', 'Experiments', 'Trainer', 'Share'];
const session = useSession('sections');
// Text and lines on a plain background give a luminance variance in the tens at least; an
// empty (single-colour) region gives about 0.
const DRAWN = 20;

async function openAt(scale, query = '') {
  const context = await session.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: scale });
  return openWorkbench(session, query, context);
}

async function showSection(page, name) {
  assert.ok(await command(page, `section:${name}`), `section:${name} was refused`);
  await page.waitForFunction((n) => window.touchpoint.ui()?.section === n, name);
  await nextFrames(page, 3);
}

async function screenshot(page, file) {
  return canvasScreenshot(page, path.join(session.shotsDir, file));
}

function assertDrawn(png, rect, scale, what) {
  const { variance } = luminanceStats(png, rect, scale);
  assert.ok(variance > DRAWN, `${what}: nothing drawn in ${JSON.stringify(rect)} (luminance variance ${variance.toFixed(1)})`);
}

for (const scale of [1, 2]) {
  test(`every section draws its content at deviceScaleFactor ${scale}`, { timeout: TEST_TIMEOUT_MS }, async () => {
    const wb = await openAt(scale);
    try {
      const ui = await wb.page.evaluate(() => window.touchpoint.ui());
      // One texel per device pixel: text is rasterised at the screen's resolution.
      assert.equal(ui.scale, scale);
      assert.deepEqual(ui.buffer, { width: VIEWPORT.width * scale, height: VIEWPORT.height * scale });
      for (const name of SECTIONS) {
        await showSection(wb.page, name);
        const png = await screenshot(wb.page, `${name.toLowerCase()}@${scale}x.png`);
        assert.equal(png.width, VIEWPORT.width * scale, `${name}: screenshot width`);
        const { regions } = await wb.page.evaluate(() => window.touchpoint.ui());
        assertDrawn(png, regions.sidebar, scale, `${name} sidebar`);
        assertDrawn(png, regions.content, scale, `${name} section`);
        assertDrawn(png, regions.status_bar, scale, `${name} status bar`);
        if (name === 'Dashboard') {
          const layout = await wb.page.evaluate(() => window.touchpoint.layout());
          assertDrawn(png, layout.chart, scale, 'Dashboard chart');
          assertDrawn(png, layout.metrics, scale, 'Dashboard cards');
        } else if (name !== 'Data') {
          // The empty state sits in the upper middle of the section: text must be there.
          const c = regions.content;
          assertDrawn(png, { x: c.x + c.width * 0.2, y: c.y + c.height * 0.1, width: c.width * 0.6, height: c.height * 0.5 }, scale,
            `${name} empty state`);
        }
      }
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });
}

test('the help window lists shortcuts, the glossary and the chart kinds; F1 opens and closes it', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openAt(1);
  try {
    await wb.page.locator('#canvas').click({ position: { x: 700, y: 400 } });
    await wb.page.keyboard.press('F1');
    await wb.page.waitForFunction(() => window.touchpoint.ui()?.help_open === true);
    await nextFrames(wb.page, 3);
    const png = await screenshot(wb.page, 'help@1x.png');
    assertDrawn(png, { x: 200, y: 150, width: 880, height: 500 }, 1, 'help window');
    for (const tab of ['glossary', 'charts']) {
      assert.ok(await command(wb.page, `help:${tab}`));
      await nextFrames(wb.page, 4);
      const shot = await screenshot(wb.page, `help-${tab}@1x.png`);
      assertDrawn(shot, { x: 200, y: 150, width: 880, height: 500 }, 1, `help ${tab}`);
    }
    await wb.page.keyboard.press('F1');
    await wb.page.waitForFunction(() => window.touchpoint.ui()?.help_open === false);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('keys 1 to 9 switch sections', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openAt(1);
  try {
    await wb.page.locator('#canvas').click({ position: { x: 700, y: 400 } });
    for (const [index, name] of SECTIONS.entries()) {
      await wb.page.keyboard.press(String(index + 1));
      await wb.page.waitForFunction((n) => window.touchpoint.ui()?.section === n, name, { timeout: 10_000 });
    }
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('the dark theme darkens the page and is remembered across a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openAt(1);
  try {
    const light = await screenshot(wb.page, 'dashboard-light@1x.png');
    const { regions } = await wb.page.evaluate(() => window.touchpoint.ui());
    assert.ok(await command(wb.page, 'theme:dark'));
    await nextFrames(wb.page, 3);
    const dark = await screenshot(wb.page, 'dashboard-dark@1x.png');
    const before = luminanceStats(light, regions.content).mean;
    const after = luminanceStats(dark, regions.content).mean;
    assert.ok(before > 170 && after < 90, `content mean luminance: light ${before.toFixed(0)}, dark ${after.toFixed(0)}`);
    assertDrawn(dark, regions.content, 1, 'dark dashboard');
    await wb.page.reload();
    await wb.page.waitForFunction(() => window.touchpoint?.ready === true);
    assert.equal((await wb.page.evaluate(() => window.touchpoint.ui())).theme, 'dark');
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('the canvas follows window resizes at the device resolution', { timeout: TEST_TIMEOUT_MS }, async () => {
  const context = await session.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1.5 });
  const wb = await openWorkbench(session, '', context);
  try {
    assert.deepEqual((await wb.page.evaluate(() => window.touchpoint.ui())).buffer, { width: 1920, height: 1200 });
    await wb.page.setViewportSize({ width: 1000, height: 640 });
    await wb.page.waitForFunction(() => window.touchpoint.ui()?.buffer.width === 1500, null, { timeout: 10_000 });
    await nextFrames(wb.page, 3);
    const ui = await wb.page.evaluate(() => window.touchpoint.ui());
    assert.deepEqual(ui.buffer, { width: 1500, height: 960 });
    const png = await canvasScreenshot(wb.page, path.join(session.shotsDir, 'dashboard-1000x640@1.5x.png'));
    assert.equal(png.width, 1500);
    assertDrawn(png, ui.regions.content, 1.5, 'resized dashboard');
    assert.ok(ui.regions.content.x + ui.regions.content.width <= 1000.5, `content ${JSON.stringify(ui.regions.content)} overflows 1000 px`);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('the Data page browses the orders and customers behind the dashboard', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openAt(1);
  try {
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    for (const [tab, expected] of [['orders', metrics.orders], ['customers', metrics.customers]]) {
      assert.ok(await command(wb.page, `data:${tab}`));
      await wb.page.waitForFunction((t) => window.touchpoint.ui()?.table?.name === t, tab, { timeout: 10_000 });
      await nextFrames(wb.page, 3);
      const { table } = await wb.page.evaluate(() => window.touchpoint.ui());
      assert.equal(table.rows, expected, `${tab} table rows`);
      const png = await screenshot(wb.page, `data-${tab}@1x.png`);
      assertDrawn(png, table.rect, 1, `${tab} table`);
    }
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test('a chart saves itself as PNG (pixels read back from GL) and its data as CSV', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openAt(1);
  try {
    const { chart } = await wb.page.evaluate(() => window.touchpoint.layout());
    const metrics = await wb.page.evaluate(() => window.touchpoint.metrics());
    const openMenu = async () => {
      await wb.page.mouse.click(chart.x + chart.width / 2, chart.y + chart.height / 2, { button: 'right' });
      await nextFrames(wb.page, 3);
    };
    // The menu opens at the pointer: its first item just below and right of it, the second
    // one line further down.
    const item = (index) => ({ x: chart.x + chart.width / 2 + 30, y: chart.y + chart.height / 2 + 16 + index * 24 });

    await openMenu();
    let download = wb.page.waitForEvent('download');
    await wb.page.mouse.click(item(0).x, item(0).y);
    const png = await download;
    const pngPath = path.join(session.shotsDir, 'saved-chart.png');
    await png.saveAs(pngPath);
    const image = PNG.sync.read(fs.readFileSync(pngPath));
    assert.ok(Math.abs(image.width - chart.width) <= 1 && Math.abs(image.height - chart.height) <= 1,
      `saved PNG is ${image.width}x${image.height}, the chart ${chart.width}x${chart.height}`);
    assertDrawn(image, { x: 0, y: 0, width: image.width, height: image.height }, 1, 'saved PNG');

    await openMenu();
    download = wb.page.waitForEvent('download');
    await wb.page.mouse.click(item(1).x, item(1).y);
    const csv = fs.readFileSync(await (await download).path(), 'utf8').trim().split(/\r?\n/);
    // One row per month, with the same counts the dashboard computed.
    assert.equal(csv.length, metrics.returning_by_month.length + 1, `CSV lines: ${csv.slice(0, 3).join(' | ')}`);
    const first = metrics.returning_by_month[1];
    assert.ok(csv.some((line) => line.startsWith(first.month) && line.includes(String(first.returning)) && line.includes(String(first.new))),
      `no CSV line for ${JSON.stringify(first)}:\n${csv.slice(0, 4).join('\n')}`);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});
