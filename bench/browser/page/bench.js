// The benchmark page: imports the same orders CSV with PapaParse + sql.js, DuckDB-wasm and
// Touchpoint, one after another in this one page. run.mjs drives it through window.bench:
// loadInput() once, then run(name) per repetition. Every contender gets its own copy of
// the same bytes, and its clock starts with that copy already in memory. With a line-item file
// (run.mjs --line-items) DuckDB groups the lines into orders first, and the workbench is also
// timed as a person uses it: the file given to its file chooser (watchUserImport).
import Papa from 'papaparse';
import initSqlJs from 'sql.js';
import * as duckdb from '@duckdb/duckdb-wasm';

const GROUP_BY =
  'SELECT customer_id, count(*) AS orders, sum(amount) AS amount, ' +
  'min(order_date) AS first_order, max(order_date) AS last_order FROM orders GROUP BY customer_id';

// A line-item file (UCI Online Retail II columns) answered as the workbench's dashboard counts
// it (docs/import.md): the lines grouped into one order per invoice, amount = Σ quantity × price,
// guest lines (no customer) left out, then per customer the purchases: invoices that are not `C`
// cancellations and do not come to a negative amount (a refund). Same output columns as GROUP_BY.
const LINE_ITEMS_ANSWER =
  'WITH orders AS (SELECT Invoice AS invoice, any_value("Customer ID") AS customer_id, ' +
  'min(InvoiceDate)::DATE AS order_date, sum(Quantity * Price) AS amount ' +
  'FROM lines WHERE "Customer ID" IS NOT NULL GROUP BY Invoice) ' +
  'SELECT customer_id, count(*) AS orders, sum(amount) AS amount, ' +
  'min(order_date) AS first_order, max(order_date) AS last_order ' +
  "FROM orders WHERE NOT starts_with(invoice, 'C') AND amount >= 0 GROUP BY customer_id";

// What DuckDB loads and asks, by the kind of input.
const DUCKDB_QUERIES = {
  orders: { table: 'orders', answer: GROUP_BY },
  'line-items': { table: 'lines', answer: LINE_ITEMS_ANSWER },
};

const log = (text) => {
  document.getElementById('log').textContent += text + '\n';
};

// ------------------------------------------------------------------ memory

// performance.memory is Chromium's main-thread JS heap (precise with
// --enable-precise-memory-info). It has no peak, so each contender samples it at
// the points where its working set is largest.
function jsHeapBytes() {
  return performance.memory ? performance.memory.usedJSHeapSize : null;
}

// Wasm memory never shrinks, so its size after a run is the peak of that run. sql.js does not
// expose its memory, so note every wasm memory instantiated on the main thread.
const wasmMemories = [];
for (const name of ['instantiate', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  WebAssembly[name] = async function (...args) {
    const result = await original.apply(this, args);
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    for (const value of Object.values(instance.exports)) {
      if (value instanceof WebAssembly.Memory) wasmMemories.push(value);
    }
    return result;
  };
}

// Let the previous run's garbage go before the next one starts (needs --js-flags=--expose-gc).
function collectGarbage() {
  if (typeof window.gc === 'function') window.gc();
}

// ------------------------------------------------------------------ input

let input = null; // Uint8Array of the CSV, fetched once
let inputName = 'orders.csv'; // the name every contender gets the bytes under
let inputKind = 'orders'; // or 'line-items'

async function loadInput(url, kind = 'orders') {
  if (!DUCKDB_QUERIES[kind]) throw new Error(`unknown input kind ${kind}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  input = new Uint8Array(await response.arrayBuffer());
  inputName = url.split('/').pop();
  inputKind = kind;
  return { bytes: input.byteLength };
}

// Totals of a GROUP BY result, so the contenders can be checked against each other.
function summarize(groups, rowCount, amountSum) {
  return { groups, rows: rowCount, amount_total: Math.round(amountSum * 100) / 100 };
}

// ------------------------------------------------------------------ PapaParse + sql.js

let SQL = null;
let sqlMemory = null;

async function startSqlJs() {
  const t0 = performance.now();
  const before = wasmMemories.length;
  SQL = await initSqlJs({ locateFile: (file) => file });
  sqlMemory = wasmMemories[before] ?? null;
  return performance.now() - t0;
}

async function runSqlJs() {
  const startup_ms = SQL ? null : await startSqlJs();
  const bytes = input.slice();
  let heap = jsHeapBytes();
  const sample = () => (heap = Math.max(heap ?? 0, jsHeapBytes() ?? 0));

  const t0 = performance.now();
  const text = new TextDecoder().decode(bytes);
  // header: true gives one object per row keyed by the header; no dynamic typing, so every
  // field stays a string and SQLite's column affinity turns amount into a REAL on insert.
  const parsed = Papa.parse(text, { header: true, dynamicTyping: false, skipEmptyLines: true });
  const t1 = performance.now();
  sample();

  const db = new SQL.Database();
  db.run(
    'CREATE TABLE orders (order_id TEXT, customer_id TEXT, order_date TEXT, amount REAL, category TEXT, channel TEXT)',
  );
  // One transaction, one prepared statement: the fastest way to load sql.js row by row.
  db.run('BEGIN');
  const insert = db.prepare('INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of parsed.data) {
    insert.run([r.order_id, r.customer_id, r.order_date, r.amount, r.category, r.channel]);
  }
  insert.free();
  db.run('COMMIT');
  const t2 = performance.now();
  sample();

  const [result] = db.exec(GROUP_BY);
  const t3 = performance.now();
  sample();

  // Outside the clock: totals for the cross-check, then free everything.
  let rows = 0;
  let amount = 0;
  for (const v of result.values) {
    rows += v[1];
    amount += v[2];
  }
  const check = summarize(result.values.length, rows, amount);
  const rowsParsed = parsed.data.length;
  const parseErrors = parsed.errors.length;
  db.close();
  return {
    startup_ms,
    total_ms: t3 - t0,
    steps: { parse_ms: t1 - t0, insert_ms: t2 - t1, group_by_ms: t3 - t2 },
    rows_loaded: rowsParsed,
    rows_rejected: parseErrors,
    check,
    js_heap_peak_bytes: heap,
    wasm_bytes: sqlMemory ? sqlMemory.buffer.byteLength : null,
  };
}

// ------------------------------------------------------------------ DuckDB-wasm

// The single-threaded "eh" bundle (wasm exceptions): needs no cross-origin isolation.
const DUCKDB_BUNDLE = {
  mainModule: new URL('duckdb-eh.wasm', location.href).href,
  mainWorker: new URL('duckdb-browser-eh.worker.js', location.href).href,
};

async function runDuckDb() {
  // Start-up, timed apart: worker, wasm instantiation, connection. A fresh instance per
  // run, terminated afterwards, so each run starts from the same state and frees its memory.
  const s0 = performance.now();
  const worker = new Worker(DUCKDB_BUNDLE.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(DUCKDB_BUNDLE.mainModule);
  const conn = await db.connect();
  const startup_ms = performance.now() - s0;

  try {
    const query = DUCKDB_QUERIES[inputKind];
    const bytes = input.slice();
    const t0 = performance.now();
    // The buffer is transferred to the worker (and detached here): hence the copy.
    await db.registerFileBuffer(inputName, bytes);
    await conn.query(`CREATE TABLE ${query.table} AS SELECT * FROM read_csv_auto('${inputName}')`);
    const t1 = performance.now();
    const table = await conn.query(query.answer);
    const t2 = performance.now();
    const heap = jsHeapBytes();

    // Outside the clock: totals for the cross-check and what DuckDB says it holds.
    const counts = table.getChild('orders').toArray();
    const sums = table.getChild('amount').toArray();
    let rows = 0;
    let amount = 0;
    for (let i = 0; i < table.numRows; i++) {
      rows += Number(counts[i]);
      amount += sums[i];
    }
    const loaded = Number((await conn.query(`SELECT count(*) AS n FROM ${query.table}`)).getChild('n').get(0));
    const size = (await conn.query('SELECT memory_usage FROM pragma_database_size()')).getChild('memory_usage').get(0);
    const lineItems = inputKind === 'line-items' ? await lineItemCounts(conn) : null;
    return {
      startup_ms,
      total_ms: t2 - t0,
      steps: { load_ms: t1 - t0, group_by_ms: t2 - t1 },
      rows_loaded: loaded,
      rows_rejected: null,
      check: summarize(table.numRows, rows, amount),
      js_heap_peak_bytes: heap, // main thread only: the work happens in the worker
      wasm_bytes: null,
      duckdb_memory_usage: String(size),
      line_items: lineItems,
    };
  } finally {
    await conn.close();
    await db.terminate();
  }
}

// Outside the clock: the counts an import report gives for a line-item file, from DuckDB's
// table, to hold Touchpoint's report to.
async function lineItemCounts(conn) {
  const row = (await conn.query(
    'SELECT count(DISTINCT Invoice) FILTER (WHERE "Customer ID" IS NOT NULL) AS orders, ' +
    'count(DISTINCT Invoice) FILTER (WHERE "Customer ID" IS NOT NULL AND starts_with(Invoice, \'C\')) AS cancelled, ' +
    'count(DISTINCT "Customer ID") AS customers, count(*) FILTER (WHERE "Customer ID" IS NULL) AS guest_lines FROM lines',
  )).get(0);
  return {
    orders: Number(row.orders),
    cancelled_orders: Number(row.cancelled),
    customers: Number(row.customers),
    guest_lines: Number(row.guest_lines),
  };
}

// ------------------------------------------------------------------ Touchpoint

// touchpoint.js is inserted only when its turn comes (see index.html). Resolves to the
// start-up time until window.touchpoint.ready, or throws with the reason it is missing.
let touchpointStartup = null;

async function startTouchpoint(timeoutMs) {
  const probe = await fetch('touchpoint.js', { method: 'HEAD' });
  if (!probe.ok) throw new Error('touchpoint.js is not built (build/wasm/site)');
  if (!window.touchpoint || !window.Module) throw new Error('shell.js did not set up window.touchpoint');

  const t0 = performance.now();
  const script = document.createElement('script');
  script.src = 'touchpoint.js';
  const failed = new Promise((_, reject) => {
    script.onerror = () => reject(new Error('touchpoint.js failed to load'));
  });
  document.body.appendChild(script);
  const ready = (async () => {
    while (window.touchpoint.ready !== true) {
      if (performance.now() - t0 > timeoutMs) throw new Error(`not ready after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.race([ready, failed]);
  return performance.now() - t0;
}

// Resolves to the start-up time on the first call, to null after.
async function startTouchpointOnce() {
  if (touchpointStartup === null) {
    touchpointStartup = startTouchpoint(180_000);
    return await touchpointStartup;
  }
  await touchpointStartup;
  return null;
}

async function runTouchpoint() {
  const startup_ms = await startTouchpointOnce();
  if (typeof window.touchpoint.benchmarkImport !== 'function') {
    throw new Error('window.touchpoint.benchmarkImport is missing in this build');
  }
  const bytes = input.slice();
  const heapBefore = jsHeapBytes();
  const t0 = performance.now();
  const r = await window.touchpoint.benchmarkImport(bytes, inputName);
  const total_ms = performance.now() - t0;
  return {
    startup_ms,
    total_ms, // as seen from the page: the whole call
    analysis_ms: r.analysis_ms,
    dashboard_ms: r.dashboard_ms,
    persisted_ms: r.persisted_ms,
    rows_read: r.rows_read,
    rows_loaded: r.rows_loaded,
    rows_rejected: r.rows_rejected,
    check: null,
    js_heap_peak_bytes: Math.max(heapBefore ?? 0, jsHeapBytes() ?? 0) || null,
    wasm_bytes: r.peak_wasm_bytes,
  };
}

// ------------------------------------------------------------------ Touchpoint, as a person uses it

// When the file chooser handed its file over: the shell makes a file input for each chooser and
// imports on its 'change' event. A listener added here, as the input is made, runs before the
// shell's, so its time is the moment the file reached the page.
let fileGivenAt = null;
let fileGivenWall = null; // Date.now() then: window.touchpoint.persistedAt is on that clock
const createElement = document.createElement.bind(document);
document.createElement = (tag, options) => {
  const element = createElement(tag, options);
  if (String(tag).toLowerCase() === 'input') {
    element.addEventListener('change', () => {
      if (element.type !== 'file') return;
      fileGivenAt = performance.now();
      fileGivenWall = Date.now();
    });
  }
  return element;
};

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));

// Before a user-path run, outside its clock: the workbench on its sample shop with no local data,
// so every run imports into an empty local database (a second import of the same file would be
// refused as a duplicate), and the previous run's database is out of the page's memory.
async function resetWorkbench() {
  await startTouchpointOnce();
  if (window.touchpoint.dataState().local_orders > 0) window.touchpoint.command('clear_local_data');
  for (;;) {
    const state = window.touchpoint.dataState();
    if (state.job === null && state.local_orders === 0 && !window.touchpoint.persistPending()) break;
    await nextFrame();
  }
  fileGivenAt = null;
  fileGivenWall = null;
  collectGarbage();
  await new Promise((r) => setTimeout(r, 1000));
}

// The counts of an import report (its rejected lines in detail stay in the page).
function reportCounts(report) {
  const keys = ['rows_read', 'rows_loaded', 'rows_rejected', 'recognised_export', 'line_items', 'lines', 'orders', 'customers',
    'purchases', 'cancelled', 'failed', 'refunds', 'guest_lines', 'total_mismatches'];
  return Object.fromEntries(keys.map((key) => [key, report[key] ?? null]));
}

// Watches the workbench frame by frame from the moment it is called until the chosen file is
// stored in IndexedDB; run.mjs gives the file to the chooser meanwhile. Confirms the import as
// soon as its preview is shown, as a person clicking Import at once would. Resolves to the times
// of each step, from the file reaching the page.
function watchUserImport(timeoutMs) {
  const sampleMetrics = JSON.stringify(window.touchpoint.metrics());
  const started = performance.now();
  const marks = {};
  let preview = null;
  let heap = window.Module.HEAPU8.length;
  let jsHeap = jsHeapBytes();
  return (async () => {
    for (;;) {
      const now = await nextFrame();
      if (now - started > timeoutMs) throw new Error(`the import through the file chooser took more than ${timeoutMs / 1000} s`);
      heap = Math.max(heap, window.Module.HEAPU8.length);
      jsHeap = Math.max(jsHeap ?? 0, jsHeapBytes() ?? 0) || null;
      const state = window.touchpoint.dataState();
      if (fileGivenAt === null) continue;
      if (marks.job == null && state.job) marks.job = now;
      if (marks.preview == null && state.preview) {
        marks.preview = now;
        preview = state.preview;
        if (!window.touchpoint.command('data:confirm_import')) throw new Error('data:confirm_import was refused');
        marks.confirmed = performance.now();
      }
      // The dashboard's figures are the file's (a build without the preview gets there without
      // a confirmation). The section open then is noted: the preview is shown on the Data page.
      if (marks.numbers == null && JSON.stringify(window.touchpoint.metrics()) !== sampleMetrics) {
        marks.numbers = now;
        marks.section = window.touchpoint.ui().section;
      }
      if (state.job === null && state.import) {
        if (state.import.fatal_error) throw new Error(`the import failed: ${state.import.fatal_error}`);
        if (marks.ended == null) marks.ended = now;
        // Stored once a write to IndexedDB that began after the file came has ended.
        if (!window.touchpoint.persistPending() && window.touchpoint.persistedAt >= fileGivenWall) {
          marks.persisted = now;
          const since = (mark, from = fileGivenAt) => (mark == null || from == null ? null : mark - from);
          return {
            preview_ms: since(marks.preview),
            confirm_to_numbers_ms: since(marks.numbers, marks.confirmed),
            confirm_to_committed_ms: since(marks.ended, marks.confirmed),
            confirm_to_persisted_ms: since(marks.persisted, marks.confirmed),
            section: marks.section,
            numbers_ms: since(marks.numbers),
            persisted_ms: since(marks.persisted),
            job_start_ms: since(marks.job),
            committed_ms: since(marks.ended),
            had_preview: preview !== null,
            report: reportCounts(state.import),
            preview: preview && reportCounts(preview),
            metrics: window.touchpoint.metrics(),
            wasm_bytes: heap,
            js_heap_peak_bytes: jsHeap,
          };
        }
      }
    }
  })();
}

// ------------------------------------------------------------------ driver API

const CONTENDERS = { sqljs: runSqlJs, duckdb: runDuckDb, touchpoint: runTouchpoint };

window.bench = {
  loadInput,
  resetWorkbench,
  // run.mjs calls this, gives the file to the chooser, then awaits window.bench.userImport.
  watchUserImport(timeoutMs) {
    window.bench.userImport = watchUserImport(timeoutMs).then(
      (result) => ({ ok: true, ...result }),
      (err) => ({ ok: false, error: String(err && err.message ? err.message : err) }),
    );
  },
  async run(name) {
    collectGarbage();
    await new Promise((r) => setTimeout(r, 1000)); // let the page settle after the collection
    try {
      const result = await CONTENDERS[name]();
      log(`${name}: ${result.total_ms.toFixed(0)} ms`);
      return { ok: true, ...result };
    } catch (err) {
      log(`${name}: ${err.message}`);
      return { ok: false, error: String(err && err.message ? err.message : err) };
    }
  },
};
window.benchLoaded = true;
