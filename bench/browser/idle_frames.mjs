// Idle frames: the workbench open on a section with nothing happening, and the time each
// animation-frame callback takes in the page. requestAnimationFrame is wrapped before the page
// loads, so the figure is the whole of the workbench's frame as the browser runs it (drawing,
// and whatever else the frame does, such as state kept for tests), measured the same way for any
// build of the site. Nothing reads the test API while frames are timed.
import { startStaticServer } from '../../scripts/static_server.mjs';
import { withTestFlag } from '../../tests/e2e/test_flag.mjs';

// The sections timed, and the command that shows each (both builds know these commands).
export const IDLE_VIEWS = [
  { label: 'Dashboard', command: 'section:Dashboard' },
  { label: 'Segments', command: 'section:Segments' },
  { label: 'Simulate', command: 'section:Simulate' },
  { label: 'Data, orders table', command: 'data:orders' },
];

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Every animation-frame callback's duration, kept in window.__frameCallbackMs.
function wrapAnimationFrames() {
  window.__frameCallbackMs = [];
  const original = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    original((time) => {
      const start = performance.now();
      try {
        callback(time);
      } finally {
        window.__frameCallbackMs.push(performance.now() - start);
      }
    });
}

// Times `seconds` of idle frames on each view of the site in `siteDir` (the sample shop the page
// opens with). Returns [{label, frames, median, p95}] in IDLE_VIEWS order.
export async function measureIdleFrames(browser, siteDir, { seconds = 6 } = {}) {
  const server = await startStaticServer(siteDir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await page.addInitScript(wrapAnimationFrames);
    await page.goto(withTestFlag(`${server.url}/index.html`));
    await page.waitForFunction(() => window.touchpoint?.ready === true, null, { timeout: 120_000 });
    const rows = [];
    for (const view of IDLE_VIEWS) {
      const shown = await page.evaluate((command) => window.touchpoint.command(command), view.command);
      if (!shown) throw new Error(`${siteDir}: the page refused ${view.command}`);
      await wait(2000);  // the section's first frames compute what it shows; then it is idle
      await page.evaluate(() => { window.__frameCallbackMs = []; });
      await wait(seconds * 1000);
      const durations = await page.evaluate(() => window.__frameCallbackMs);
      rows.push({ label: view.label, frames: durations.length, median: quantile(durations, 0.5), p95: quantile(durations, 0.95) });
    }
    return rows;
  } finally {
    await context.close();
    await server.close();
  }
}
