// The benchmark page: imports the same orders CSV with PapaParse + sql.js, DuckDB-wasm and
// Touchpoint, one after another in this one page. run.mjs drives it through window.bench:
// loadInput() once, then run(name) per repetition. Every contender gets its own copy of
// the same bytes, and its clock starts with that copy already in memory.
import Papa from 'papaparse';
import initSqlJs from 'sql.js';
import * as duckdb from '@duckdb/duckdb-wasm';

const GROUP_BY =
  'SELECT customer_id, count(*) AS orders, sum(amount) AS amount, ' +
  'min(order_date) AS first_order, max(order_date) AS last_order FROM orders GROUP BY customer_id';

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

async function loadInput(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  input = new Uint8Array(await response.arrayBuffer());
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
    const bytes = input.slice();
    const t0 = performance.now();
    // The buffer is transferred to the worker (and detached here): hence the copy.
    await db.registerFileBuffer('orders.csv', bytes);
    await conn.query("CREATE TABLE orders AS SELECT * FROM read_csv_auto('orders.csv')");
    const t1 = performance.now();
    const table = await conn.query(GROUP_BY);
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
    const loaded = Number((await conn.query('SELECT count(*) AS n FROM orders')).getChild('n').get(0));
    const size = (await conn.query('SELECT memory_usage FROM pragma_database_size()')).getChild('memory_usage').get(0);
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
    };
  } finally {
    await conn.close();
    await db.terminate();
  }
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

async function runTouchpoint() {
  let startup_ms = null;
  if (touchpointStartup === null) {
    touchpointStartup = startTouchpoint(180_000);
    startup_ms = await touchpointStartup;
  }
  await touchpointStartup;
  if (typeof window.touchpoint.benchmarkImport !== 'function') {
    throw new Error('window.touchpoint.benchmarkImport is missing in this build');
  }
  const bytes = input.slice();
  const heapBefore = jsHeapBytes();
  const t0 = performance.now();
  const r = await window.touchpoint.benchmarkImport(bytes, 'orders.csv');
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

// ------------------------------------------------------------------ driver API

const CONTENDERS = { sqljs: runSqlJs, duckdb: runDuckDb, touchpoint: runTouchpoint };

window.bench = {
  loadInput,
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
