// The Trainer section: late_delivery played to the end with real mouse clicks on the reply
// buttons, its debrief equal to `touchpoint roleplay --choices ... --json` (ending, points per
// behaviour, trust, every moment), "What if 1,000 customers like this" equal to the CLI's
// --what-if on the same population; a session with two named trainees (one on the best path, one
// pushy) with its results table and CSV download; a broken scenario imported through the page's
// file input into the Author tab, with the validator's issues listed by field as
// `touchpoint roleplay --validate` lists them. Screenshots in build/e2e/trainer/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO, TEST_TIMEOUT_MS, clickAt, useSession, openWorkbench, assertNoProblems, luminanceStats, nextFrames, runCli,
  uiState, clickTarget, command, waitForState, canvasScreenshot, assertCloseDeep,
} from './harness.mjs';

const session = useSession('trainer');
const LATE_DELIVERY = path.join(REPO, 'assets', 'scenarios', 'late_delivery.json');
const BROKEN = path.join(REPO, 'tests', 'fixtures', 'roleplay', 'broken_scenario.json');

// Replies, 1-based as the CLI numbers them.
const MIXED_PATH = [1, 1, 3, 1, 1, 2];  // a pushy upsell mid-way: the customer buys, resentful
const BEST_PATH = [1, 1, 1, 1, 1];      // every need caught: a referral
const PUSHY_PATH = [1, 3, 3, 1, 3, 2];  // upsells at every turn
const SEED = 1;

async function trainer(page) {
  return (await uiState(page)).trainer;
}

// The Trainer section's state once `predicate` holds for it, looked at every 3 frames.
function waitForTrainer(page, what, predicate) {
  return waitForState(page, predicate, { what, part: 'trainer', frames: 600, every: 3 });
}

async function screenshot(page, name) {
  // The pointer out of the way: no hover colour or tooltip over what is photographed.
  await page.mouse.move(1275, 795);
  await nextFrames(page, 3);
  return canvasScreenshot(page, path.join(session.shotsDir, `${name}.png`));
}

function assertDrawn(png, rect, what, minimum = 100) {
  assert.ok(rect, `${what}: its rectangle is published`);
  const { mean, variance } = luminanceStats(png, rect);
  assert.ok(variance > minimum, `${what} shows content (luminance variance ${variance.toFixed(1)}, mean ${mean.toFixed(1)})`);
}

function cliRoleplay(choices, extra = []) {
  return JSON.parse(runCli(['roleplay', LATE_DELIVERY, '--seed', String(SEED), '--choices', choices.join(','), '--json', ...extra]));
}

// Plays the replies by clicking the real buttons; calls `midway` after `midwayAfter` replies.
// The replies are listed in an order drawn from the seed; the buttons are named by the reply's
// place in the scenario, as the CLI's --choices numbers them.
async function playByMouse(page, choices, { midwayAfter = -1, midway = null } = {}) {
  let shuffled = false;
  for (let i = 0; i < choices.length; i++) {
    const before = await trainer(page);
    assert.equal(before.finished, false, `the conversation is still going at reply ${i + 1}`);
    assert.ok(choices[i] <= before.choices.length, `reply ${choices[i]} is on offer at ${before.node_id}`);
    assert.deepEqual([...before.shown_order].sort((a, b) => a - b), before.choices.map((_, k) => k), 'every reply is shown once');
    if (before.shown_order.some((index, position) => index !== position)) shuffled = true;
    await clickAt(page, await clickTarget(page, `trainer:choice:${choices[i] - 1}`));
    await waitForTrainer(page, `reply ${i + 1} taken`, (s) => s.turns === i + 1);
    if (i + 1 === midwayAfter && midway) await midway();
  }
  assert.ok(shuffled || choices.length < 3, 'the replies are not always listed in the author\'s order');
  return waitForTrainer(page, 'the conversation ends', (s) => s.finished && s.debrief);
}

function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

test('late_delivery played with the mouse: the debrief equals the CLI, and what if 1,000 customers like this',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    const wb = await openWorkbench(session);
    try {
      const page = wb.page;
      await page.keyboard.press('8');  // the Trainer section
      await nextFrames(page, 3);
      assert.equal((await uiState(page)).section, 'Trainer');
      let state = await trainer(page);
      const ids = state.scenarios.map((s) => s.id);
      for (const id of ['late_delivery', 'drifting_customer', 'next_steps_after_sale']) assert.ok(ids.includes(id), `${id} is on offer`);

      assert.ok(await command(page, 'trainer:scenario:late_delivery'));
      assert.ok(await command(page, `trainer:seed:${SEED}`));
      state = await waitForTrainer(page, 'late_delivery starts', (s) => s.tab === 'play' && s.scenario_id === 'late_delivery');
      assert.equal(state.node_id, 'opening');
      assert.equal(state.turns, 0);
      assert.equal(state.trust, 40);
      assert.equal(state.trust_shown, true);
      assert.equal(state.choices.length, 3);

      let midwayPng = null;
      state = await playByMouse(page, MIXED_PATH, {
        midwayAfter: 3,
        midway: async () => {
          await nextFrames(page, 4);
          const now = await trainer(page);
          assert.ok(now.rects.transcript, 'the transcript is drawn');
          midwayPng = await screenshot(page, 'conversation in progress');
          assertDrawn(midwayPng, now.rects.transcript, 'the transcript in progress');
        },
      });
      assert.ok(midwayPng, 'the conversation in progress was photographed');

      // The debrief is the CLI's, field for field.
      const cli = cliRoleplay(MIXED_PATH);
      const debrief = state.debrief;
      assert.equal(debrief.ending, cli.ending);
      assert.equal(debrief.ending, 'bought_but_resentful');
      assert.equal(debrief.total_points, cli.total_points);
      assert.equal(debrief.final_trust, cli.final_trust);
      assert.equal(state.trust, cli.final_trust);
      assert.deepEqual(debrief.behaviours, cli.behaviours, 'the points per behaviour');
      assert.equal(Object.keys(debrief.behaviours).length, 9, 'all nine behaviours are scored');
      assert.deepEqual(debrief, cli, 'the whole debrief');
      assert.ok(debrief.moments.some((m) => m.missed_moment && m.stronger_reply), 'a missed moment with its stronger reply');

      await nextFrames(page, 4);
      state = await trainer(page);
      const debriefPng = await screenshot(page, 'debrief');
      assertDrawn(debriefPng, state.rects.debrief, 'the debrief');

      // What if 1,000 customers like this: the button, then the CLI's --what-if on the same population.
      await clickAt(page, await clickTarget(page, 'trainer:what_if'));
      state = await waitForTrainer(page, 'the what-if is shown', (s) => s.what_if);
      assert.equal(state.what_if_error, '');
      const whatIf = state.what_if;
      const cliWhatIf = cliRoleplay(MIXED_PATH, ['--what-if']).what_if;
      // Within 1e-9 (relative above 1): the simulator runs in WebAssembly and natively.
      assertCloseDeep(whatIf, cliWhatIf, 'what_if', 1e-9);
      assert.equal(whatIf.trainee.ending, 'bought_but_resentful');
      assert.notEqual(whatIf.best.ending, whatIf.trainee.ending);
      for (const who of ['trainee', 'best']) {
        for (const key of ['repeat_rate', 'purchases', 'revenue', 'alive_at_end']) {
          const e = whatIf[who][key];
          assert.ok(Number.isFinite(e.mean) && Number.isFinite(e.ci_low) && Number.isFinite(e.ci_high), `${who}.${key} has an interval`);
          assert.ok(e.ci_low <= e.mean && e.mean <= e.ci_high, `${who}.${key}: the mean lies in its interval`);
        }
      }
      assert.ok(whatIf.best.alive_at_end.mean >= whatIf.trainee.alive_at_end.mean, 'the best ending keeps at least as many customers');
      assert.ok(whatIf.more_alive_at_end > 0, 'customers to win back');
      await nextFrames(page, 4);
      state = await trainer(page);
      const whatIfPng = await screenshot(page, 'what if 1,000 customers like this');
      assertDrawn(whatIfPng, state.rects.debrief, 'the debrief with the what-if');

      // The trust meter can be hidden; restart begins again.
      assert.ok(await command(page, 'trainer:show_trust:0'));
      assert.ok(await command(page, 'trainer:restart'));
      state = await waitForTrainer(page, 'restart', (s) => s.turns === 0 && !s.finished);
      assert.equal(state.trust_shown, false);
      assert.equal(state.debrief, null);
      assertNoProblems(wb.problems);
    } finally {
      await wb.close();
    }
  });

test('a trainer session: two trainees take turns, the results table and the CSV export', { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    const page = wb.page;
    assert.ok(await command(page, 'trainer:seed:1'));
    assert.ok(await command(page, `trainer:session:${JSON.stringify({ trainees: ['Alex', 'Blake'], scenario: 'late_delivery', show_trust: false })}`));
    let state = await waitForTrainer(page, 'the session starts', (s) => s.tab === 'play' && s.session.active && s.trainee === 'Alex');
    assert.equal(state.trust_shown, false, 'the trainer hid the trust meter');
    assert.deepEqual(state.session.players, ['Alex', 'Blake']);

    state = await playByMouse(page, BEST_PATH);
    assert.equal(state.session.attempts.length, 1);
    // "Next: Blake" under the debrief.
    await clickAt(page, await clickTarget(page, 'trainer:next'));
    state = await waitForTrainer(page, "Blake's turn", (s) => s.trainee === 'Blake' && s.turns === 0);
    state = await playByMouse(page, PUSHY_PATH);

    const best = cliRoleplay(BEST_PATH);
    const pushy = cliRoleplay(PUSHY_PATH);
    const attempts = state.session.attempts;
    assert.deepEqual(attempts.map((a) => a.trainee), ['Alex', 'Blake']);
    assert.deepEqual(attempts.map((a) => a.ending), [best.ending, pushy.ending]);
    assert.deepEqual(attempts.map((a) => a.total_points), [best.total_points, pushy.total_points]);
    assert.deepEqual(attempts.map((a) => a.final_trust), [best.final_trust, pushy.final_trust]);
    for (const [attempt, cli] of [[attempts[0], best], [attempts[1], pushy]])
      for (const [key, score] of Object.entries(cli.behaviours)) assert.equal(attempt.behaviours[key], score.points, `${attempt.trainee} ${key}`);
    assert.ok(best.total_points > pushy.total_points);
    assert.equal(state.session.endings[best.ending], 1);
    assert.equal(state.session.endings[pushy.ending], 1);

    // The results table, and the CSV downloaded with the real button.
    assert.ok(await command(page, 'trainer:tab:session'));
    state = await waitForTrainer(page, 'the session tab', (s) => s.tab === 'session' && s.rects.results);
    await nextFrames(page, 4);
    state = await trainer(page);
    const png = await screenshot(page, 'trainer results table');
    assertDrawn(png, state.rects.results, 'the results table');

    const downloaded = page.waitForEvent('download');
    await clickAt(page, await clickTarget(page, 'trainer:export:csv'));
    const download = await downloaded;
    assert.equal(download.suggestedFilename(), 'training-session-late_delivery.csv');
    const text = fs.readFileSync(await download.path(), 'utf8');
    state = await trainer(page);
    assert.equal(text, state.session.last_export.text, 'the download is the CSV the page made');
    const rows = parseCsv(text.trim());
    const header = rows[0];
    assert.equal(rows.length, 3, 'a header and a row per attempt');
    const column = (name) => {
      const i = header.indexOf(name);
      assert.ok(i >= 0, `the CSV has a ${name} column: ${header.join(',')}`);
      return i;
    };
    assert.deepEqual(rows.slice(1).map((r) => r[column('trainee')]), ['Alex', 'Blake']);
    assert.deepEqual(rows.slice(1).map((r) => r[column('ending')]), [best.ending, pushy.ending]);
    assert.deepEqual(rows.slice(1).map((r) => Number(r[column('total_points')])), [best.total_points, pushy.total_points]);
    assert.deepEqual(rows.slice(1).map((r) => Number(r[column('pushy')])), [best.behaviours.pushy.points, pushy.behaviours.pushy.points]);

    // And the JSON export.
    const downloadedJson = page.waitForEvent('download');
    await clickAt(page, await clickTarget(page, 'trainer:export:json'));
    const json = JSON.parse(fs.readFileSync(await (await downloadedJson).path(), 'utf8'));
    assert.equal(json.format, 'touchpoint.training_session');
    assert.equal(json.scenario_id, 'late_delivery');
    assert.equal(json.show_trust, false);
    assert.deepEqual(json.attempts.map((a) => a.trainee), ['Alex', 'Blake']);
    assert.deepEqual(json.attempts[0].debrief, best);
    assert.deepEqual(json.attempts[1].debrief, pushy);
    assertNoProblems(wb.problems);
  } finally {
    await wb.close();
  }
});

test("a scenario file through the page's file input: the validator lists its issues by field", { timeout: TEST_TIMEOUT_MS }, async () => {
  const wb = await openWorkbench(session);
  try {
    const page = wb.page;
    assert.ok(await command(page, 'trainer:tab:author'));
    await waitForTrainer(page, 'the Author tab', (s) => s.tab === 'author');
    const chooser = page.waitForEvent('filechooser');
    await clickAt(page, await clickTarget(page, 'trainer:import'));
    await (await chooser).setFiles(BROKEN);
    let state = await waitForTrainer(page, 'the scenario is imported', (s) => s.editor.scenario_id === 'broken' && s.editor.issues.length > 0);
    assert.equal((await uiState(page)).section, 'Trainer', 'a scenario goes to the Trainer, not the data import');
    assert.equal(state.editor.import_error, '');

    // The same findings as `touchpoint roleplay --validate`, each with its field.
    let cliOut = '';
    try {
      cliOut = runCli(['roleplay', '--validate', BROKEN]);
    } catch (err) {
      cliOut = err.message;  // exit 1: the scenario has errors
    }
    const cliIssues = [...cliOut.matchAll(/^\s+(error|warning)\s+(\S+): (.*)$/gm)].map((m) => ({ severity: m[1], field: m[2], message: m[3] }));
    assert.ok(cliIssues.length >= 4, `the CLI lists the issues: ${cliOut}`);
    assert.deepEqual(state.editor.issues, cliIssues);
    const fields = state.editor.issues.map((i) => i.field);
    for (const field of ['nodes[0].choices[1].behaviours', 'nodes[0].choices[2].next', 'nodes[1].choices', 'nodes[3]'])
      assert.ok(fields.includes(field), `${field} is listed`);

    // Clicking an issue selects its node.
    const deadEnd = fields.indexOf('nodes[1].choices');
    await clickAt(page, await clickTarget(page, `trainer:issue:${deadEnd}`));
    state = await waitForTrainer(page, 'the dead end is selected', (s) => s.editor.selected_node === 1);
    await nextFrames(page, 4);
    state = await trainer(page);
    const png = await screenshot(page, 'scenario editor with the validator issues');
    assertDrawn(png, state.rects.issues, 'the validator issues');
    // A scenario with errors cannot be previewed; the built-in one can.
    assert.equal(await command(page, 'trainer:preview'), false);
    const persistedBefore = await page.evaluate(() => window.touchpoint.persistedAt);
    assert.ok(await command(page, 'trainer:edit:late_delivery'));
    state = await waitForTrainer(page, 'a copy of late_delivery', (s) => s.editor.scenario_id === 'late_delivery_copy');
    assert.deepEqual(state.editor.issues, []);
    assert.ok(await command(page, 'trainer:preview'));
    state = await waitForTrainer(page, 'the preview plays', (s) => s.tab === 'play' && s.preview && s.node_id === 'opening');
    assertNoProblems(wb.problems);

    // Both are kept in this browser: a new page in the same profile offers them.
    await page.waitForFunction((t) => window.touchpoint.persistedAt > t, persistedBefore, { timeout: 30_000 });
    await page.close();
    const second = await openWorkbench(session, '', wb.context);
    assert.ok(await command(second.page, 'trainer:tab:author'));
    state = await trainer(second.page);
    const authored = state.scenarios.filter((s) => !s.built_in);
    assert.deepEqual(authored.map((s) => [s.id, s.playable]), [['broken', false], ['late_delivery_copy', true]]);
    assertNoProblems(second.problems);
  } finally {
    await wb.close();
  }
});
