// The Cadences section as a user meets it: a new workspace shows the Second-sale welcome
// template; "New from template" adds Strategic customer care; a step's marker is dragged along
// the timeline with the real mouse and its delay moves by the days dragged, as one undo step;
// the inspector's edits change the step (and an invalid one is refused); a cap of one touch in
// 30 days makes validation warn about the steps it blocks, naming them, and clicking a warning
// selects its step; undo takes the cap back; the cadences survive a reload (the workspace is
// saved in IndexedDB); the Simulate button leads to Simulate. Screenshots in build/e2e/cadences/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  TEST_TIMEOUT_MS, clickAt, useSession, openWorkbench, assertNoProblems, luminanceStats, nextFrames,
  uiState, clickTarget, command, canvasScreenshot,
} from './harness.mjs';

const session = useSession('cadences');

async function cadences(page) {
  await nextFrames(page, 2);
  const state = await uiState(page);
  assert.equal(state.section, 'Cadences');
  return state.cadences;
}

// A screenshot of the page; returns the luminance statistics of a region (CSS pixels).
async function shot(page, name, region) {
  const file = path.join(session.shotsDir, `${name}.png`);
  const png = await canvasScreenshot(page, file);
  return region ? luminanceStats(png, region) : null;
}

// Press on the middle of `rect`, move by dx in a few steps, release: as a person drags.
async function dragBy(page, rect, dx) {
  const x = Math.round(rect.x + rect.width / 2);
  const y = Math.round(rect.y + rect.height / 2);
  await page.mouse.move(x, y);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  for (let i = 1; i <= 5; i += 1) {
    await page.mouse.move(x + Math.round((dx * i) / 5), y);
    await nextFrames(page, 2);
  }
  await page.mouse.up();
  await nextFrames(page, 2);
  await page.mouse.move(700, 790);  // off the markers, so no tooltip covers the next screenshot
  await nextFrames(page, 2);
}

test('cadences: templates, dragging on the timeline, the inspector, caps and warnings, undo, reload', { timeout: TEST_TIMEOUT_MS }, async () => {
  const first = await openWorkbench(session);
  const page = first.page;
  await page.keyboard.press('5');  // the Cadences section
  let state = await cadences(page);

  // A new workspace is not empty: it shows the Second-sale welcome template.
  assert.equal(state.from_default, true);
  assert.deepEqual(state.cadences.map((c) => c.name), ['Second-sale welcome']);
  assert.equal(state.can_undo, false);
  const files = state.templates.map((t) => t.file);
  for (const file of ['second_sale_welcome.json', 'strategic_customer_care.json', 'win_back.json']) assert.ok(files.includes(file), `template ${file}`);
  for (const t of state.templates) {
    assert.equal(t.error, '', `${t.file} loads`);
    assert.ok(t.description.length > 20, `${t.file} describes itself`);
  }
  await shot(page, 'default');

  // New from template: Strategic customer care, shown at once.
  assert.equal(await command(page, 'cadences:new:strategic_customer_care.json', { frames: 2 }), true);
  state = await cadences(page);
  assert.equal(state.from_default, false);
  assert.deepEqual(state.cadences.map((c) => c.name), ['Second-sale welcome', 'Strategic customer care']);
  assert.equal(state.selected, 1);
  assert.equal(state.can_undo, true);
  const steps = state.cadence.steps;
  assert.equal(steps.length, 5);
  const capBefore = state.cadence.caps.max_touches_per_30_days;
  assert.equal(capBefore, 4);

  // The timeline is drawn: lanes, markers and labels, not a blank area.
  const timeline = state.timeline;
  assert.equal(timeline.horizon_days, 365);
  const lanes = await shot(page, 'strategic', timeline.rect);
  assert.ok(lanes.variance > 40, `the timeline is drawn (luminance variance ${lanes.variance})`);
  // Every step has a marker where it first fires for a customer who bought on day 0; the
  // quarterly check-in repeats, the milestone note is conditional.
  const firstMarkers = timeline.markers.filter((m) => m.first);
  assert.deepEqual(firstMarkers.map((m) => m.step), [0, 1, 2, 3, 4]);
  assert.deepEqual(firstMarkers.map((m) => m.day), [3, 90, 0, 335, 45]);
  assert.deepEqual(timeline.markers.filter((m) => m.step === 1).map((m) => m.day), [90, 180, 270, 360]);
  assert.equal(firstMarkers[2].conditional, true);
  assert.equal(firstMarkers[1].conditional, false);

  // Drag the quarterly check-in's marker about 30 days to the right with the mouse.
  const quarterly = await clickTarget(page, 'cadence_step:1');
  const dx = Math.round(30 * timeline.pixels_per_day);
  const expectedDays = Math.round(dx / timeline.pixels_per_day);
  await dragBy(page, quarterly, dx);
  state = await cadences(page);
  assert.equal(state.selected_step, 1, 'pressing a marker selects its step');
  assert.equal(state.cadence.steps[1].delay_days, 90 + expectedDays, `the delay moved by ${expectedDays} days`);
  assert.equal(state.timeline.dragging, null);
  assert.match(state.undo, /Quarterly check-in/);
  // The whole drag is one undo step.
  assert.ok(await command(page, 'undo'));
  state = await cadences(page);
  assert.equal(state.cadence.steps[1].delay_days, 90);
  assert.ok(await command(page, 'redo'));
  state = await cadences(page);
  const draggedDelay = 90 + expectedDays;
  assert.equal(state.cadence.steps[1].delay_days, draggedDelay);

  // The inspector: the courtesy e-mail becomes an SMS to returning and lapsed customers on day 100.
  assert.equal(await command(page, 'cadences:select_step:4', { frames: 2 }), true);
  assert.equal(await command(page, 'cadences:set_step:{"channel":"sms","reach_rate":0.3,"delay_days":100,"segments":["returning","lapsed"],"discount":true}', { frames: 2 }), true);
  state = await cadences(page);
  const courtesy = state.cadence.steps[4];
  assert.equal(courtesy.channel, 'sms');
  assert.equal(courtesy.reach_rate, 0.3);
  assert.equal(courtesy.delay_days, 100);
  assert.deepEqual(courtesy.segments, ['returning', 'lapsed']);
  assert.equal(courtesy.discount, true);
  assert.equal(state.cadence.steps[1].delay_days, draggedDelay, 'the other steps are untouched');
  // A reach rate above 1 is refused, says why, and changes nothing.
  assert.equal(await command(page, 'cadences:set_step:{"reach_rate":1.5}', { frames: 2 }), false);
  state = await cadences(page);
  assert.match(state.refusal, /reach rate/);
  assert.equal(state.cadence.steps[4].reach_rate, 0.3);
  await shot(page, 'inspector');

  const issuesBeforeCap = state.issues;
  // A cap of one touch in any 30 days blocks some of the touches (the SMS on day 100 comes 20 days
  // before the quarterly call): validation says which.
  assert.equal(await command(page, 'cadences:caps:{"max_touches_per_30_days":1}', { frames: 2 }), true);
  state = await cadences(page);
  assert.equal(state.cadence.caps.max_touches_per_30_days, 1);
  const capWarnings = state.issues.filter((i) => i.field === 'caps.max_touches_per_30_days');
  assert.ok(capWarnings.length > 0, `the cap blocks touches: ${JSON.stringify(state.issues)}`);
  for (const issue of capWarnings) {
    assert.equal(issue.severity, 'warning');
    assert.ok(issue.step >= 0, 'a cap warning belongs to a step');
    assert.ok(issue.message.includes(`'${state.cadence.steps[issue.step].name}'`), `"${issue.message}" names its step`);
  }
  await shot(page, 'capped');
  // Clicking a warning selects its step.
  const k = state.issues.indexOf(capWarnings[0]);
  assert.equal(await command(page, 'cadences:select_step:0', { frames: 2 }), true);
  await clickAt(page, await clickTarget(page, `cadence_issue:${k}`));
  state = await cadences(page);
  assert.equal(state.selected_step, capWarnings[0].step, 'the warning selected its step');

  // Undo takes the cap back, and its warnings with it.
  assert.ok(await command(page, 'undo'));
  state = await cadences(page);
  assert.equal(state.cadence.caps.max_touches_per_30_days, capBefore);
  assert.equal(state.issues.filter((i) => i.field === 'caps.max_touches_per_30_days').length, 0);
  assert.equal(state.cadence.steps[4].channel, 'sms', 'undo took back the cap only');
  assert.deepEqual(state.issues, issuesBeforeCap);

  // A name another cadence has is refused (Simulate tells them apart by name).
  assert.equal(await command(page, 'cadences:rename:Second-sale welcome', { frames: 2 }), false);
  assert.match((await cadences(page)).refusal, /another cadence/);

  // Renamed, then saved in this browser: a new page in the same profile finds it.
  const persistedBefore = await page.evaluate(() => window.touchpoint.persistedAt);
  assert.equal(await command(page, 'cadences:rename:Key accounts care', { frames: 2 }), true);
  await page.waitForFunction((t) => window.touchpoint.persistedAt > t, persistedBefore, { timeout: 30_000 });
  assertNoProblems(first.problems);
  await page.close();

  const second = await openWorkbench(session, '', first.context);
  try {
    await second.page.keyboard.press('5');
    state = await cadences(second.page);
    assert.deepEqual(state.cadences.map((c) => c.name), ['Second-sale welcome', 'Key accounts care']);
    assert.equal(state.selected, 1);
    assert.equal(state.cadence.steps[1].delay_days, draggedDelay);
    assert.equal(state.cadence.steps[4].channel, 'sms');
    assert.equal(state.cadence.caps.max_touches_per_30_days, capBefore);
    const reloaded = await shot(second.page, 'reloaded', state.timeline.rect);
    assert.ok(reloaded.variance > 40, 'the timeline is drawn after the reload');

    // The dark theme draws the timeline as clearly.
    assert.ok(await command(second.page, 'theme:dark'));
    const dark = await shot(second.page, 'dark', state.timeline.rect);
    assert.ok(dark.variance > 40, 'the timeline is drawn in the dark theme');

    // Simulate, with the mouse.
    await clickAt(second.page, await clickTarget(second.page, 'cadences:simulate'));
    assert.equal((await uiState(second.page)).section, 'Simulate');
    assertNoProblems(second.problems);
  } finally {
    await second.close();
  }
});
