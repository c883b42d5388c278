// docs/summary.sql, run in DuckDB and in PostgreSQL, must give the per-customer summary the core
// gives (`touchpoint summary --json`) on the same file: x exactly, t_x, T and monetary to 1e-9.
// Each case loads a file into both databases the way a user's would reach a warehouse, as a
// table with the file's own columns, and points the query's `source_lines` CTE at it with the
// mapping a user would write (docs/summary.sql, INPUT); the core's side is `touchpoint import`
// of the same file with no mapping given (for the sample shops, the file is the store's orders
// written by `touchpoint export`). Everything else in the query runs as shipped, only its two
// parameters set.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { duckdbEngine, postgresEngine } from './engines.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.TOUCHPOINT_CLI ?? path.join(repo, 'build/native/cli/touchpoint');
const summarySql = fs.readFileSync(path.join(repo, 'docs/summary.sql'), 'utf8');
const sharedData = path.resolve(repo, '../shared/data');
const cdnowLog = path.join(sharedData, 'cdnow/CDNOW_sample.txt');
const onlineRetail = path.join(sharedData, 'online_retail_ii/online_retail_ii_2009_2010.csv.gz');

function touchpoint(...args) {
  try {
    return execFileSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const said = `${error.stderr ?? ''}${error.stdout ?? ''}`.trim().slice(-2000);
    throw new Error(`touchpoint ${args[0]} failed (${error.status ?? error.signal}): ${said}`);
  }
}

// Runs SQL on a store through Python's sqlite3 module; returns the last statement's rows.
function sqlite(store, sql) {
  const program = [
    'import json, sqlite3, sys',
    'db = sqlite3.connect(sys.argv[1])',
    'statements = [s for s in sys.argv[2].split(";") if s.strip()]',
    'rows = []',
    'for s in statements: rows = db.execute(s).fetchall()',
    'db.commit()',
    'print(json.dumps(rows))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', program, store, sql], { encoding: 'utf8' }));
}

const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-warehouse-'));
const engines = [duckdbEngine(), postgresEngine()];
after(async () => {
  for (const engine of engines) await engine.close();
  fs.rmSync(scratchRoot, { recursive: true, force: true });
});

function scratchDir(name) {
  return fs.mkdtempSync(path.join(scratchRoot, `${name}-`));
}

// The query as shipped, with the two parameters of its `params` CTE set and, when `input` is
// given, the body of its `source_lines` CTE replaced by that mapping.
function summaryQuery(calibrationEnd, timeUnit, input) {
  const endPattern = /DATE '\d{4}-\d{2}-\d{2}'(\s+AS calibration_end\b)/g;
  const unitPattern = /'(?:week|day)'(\s+AS time_unit\b)/g;
  const inputPattern = /^(source_lines AS \(\n)[\s\S]*?(\n\),)$/gm;
  assert.equal(summarySql.match(endPattern)?.length, 1, 'docs/summary.sql sets calibration_end once');
  assert.equal(summarySql.match(unitPattern)?.length, 1, 'docs/summary.sql sets time_unit once');
  assert.equal(summarySql.match(inputPattern)?.length, 1, 'docs/summary.sql has one source_lines CTE');
  const sql = summarySql
    .replace(endPattern, (_, rest) => `DATE '${calibrationEnd}'${rest}`)
    .replace(unitPattern, (_, rest) => `'${timeUnit}'${rest}`);
  return input === undefined ? sql : sql.replace(inputPattern, (_, open, close) => `${open}${input}${close}`);
}

// The query as shipped up to its orders (the CTE `flagged_orders`), listing each order's flag.
function orderFlagQuery(input) {
  const sql = summaryQuery('2000-01-01', 'day', input);
  const end = sql.indexOf('\n),\n', sql.indexOf('\nflagged_orders AS ('));
  assert.ok(end > 0, 'docs/summary.sql has a CTE flagged_orders');
  return `${sql.slice(0, end)}\n)\nSELECT order_id, flag FROM flagged_orders`;
}

// Every order the query builds from the lines has the store's flag (NULL for a purchase), and
// the store has no other orders: the lines were grouped and flagged as the import did.
async function compareOrderFlags(engine, store, input) {
  const stored = new Map(sqlite(store, 'SELECT order_id, flag FROM orders').map(([id, flag]) => [String(id), flag ?? '']));
  const { rows } = await engine.query(orderFlagQuery(input));
  const mismatches = rows.filter((row) => stored.get(String(row.order_id)) !== (row.flag ?? ''))
    .map((row) => `${row.order_id}: store ${stored.get(String(row.order_id)) ?? 'has no such order'}, SQL ${row.flag ?? ''}`);
  assert.deepEqual(mismatches.slice(0, 5), [], `${engine.name}: ${mismatches.length} orders flagged otherwise`);
  assert.equal(rows.length, stored.size, `${engine.name}: order count`);
  return rows;
}

// The flags by a status column, as docs/import.md words the import's rules; `extra` adds a
// column's own rule to one of them.
function statusFlags(status, extra = {}) {
  const has = (word) => `LOWER(COALESCE(${status}, '')) LIKE '%${word}%'`;
  const or = (rule, more) => (more ? `${rule} OR ${more}` : rule);
  return [
    `${or(`${has('cancel')} OR ${has('void')}`, extra.cancelled)} AS is_cancelled`,
    `${or(`${has('fail')} OR ${has('declin')}`, extra.failed)} AS is_failed`,
    `${or(`(${has('refund')} OR ${has('return')}) AND NOT ${has('partial')}`, extra.refund)} AS is_refund`,
  ].join(',\n           ');
}

// A number of a result: DuckDB gives numbers (BIGINT as bigint), psql text; NULL is not one.
const numberOf = (value) => (value === null || value === undefined || value === '' ? NaN : Number(value));

function closeEnough(actual, expected) {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

// Runs the query in one engine and compares its result with the core's summary of the store,
// customer by customer; returns the core's rows.
async function compareWithCore(engine, store, calibrationEnd, timeUnit, input) {
  const expected = JSON.parse(touchpoint('summary', store, '--calibration-end', calibrationEnd, '--time-unit', timeUnit, '--json'));
  const { columns, rows: actual } = await engine.query(summaryQuery(calibrationEnd, timeUnit, input));
  const label = `${engine.name}: ${path.basename(store)}, calibration end ${calibrationEnd}, unit ${timeUnit}`;
  // PostgreSQL folds the unquoted alias T to lower case (docs/summary.sql says so).
  const observation = engine.foldsNamesToLowerCase ? 't' : 'T';
  assert.deepEqual(columns, ['customer_id', 'x', 't_x', observation, 'monetary'], `${label}: output columns`);

  const byCustomer = new Map(actual.map((row) => [String(row.customer_id), row]));
  assert.equal(byCustomer.size, actual.length, `${label}: one row per customer`);
  const expectedIds = new Set(expected.map((row) => row.customer_id));
  const extra = [...byCustomer.keys()].filter((id) => !expectedIds.has(id));
  assert.deepEqual(extra.slice(0, 5), [], `${label}: ${extra.length} customers the core leaves out`);

  const mismatches = [];
  for (const want of expected) {
    const got = byCustomer.get(want.customer_id);
    if (!got) { mismatches.push(`${want.customer_id}: missing`); continue; }
    const T = numberOf(got[observation]);
    const same = numberOf(got.x) === want.x && closeEnough(numberOf(got.t_x), want.t_x) &&
      closeEnough(T, want.T) && closeEnough(numberOf(got.monetary), want.monetary);
    if (!same)
      mismatches.push(`${want.customer_id}: core x=${want.x} t_x=${want.t_x} T=${want.T} monetary=${want.monetary}; ` +
        `SQL x=${got.x} t_x=${got.t_x} T=${T} monetary=${got.monetary}`);
  }
  assert.deepEqual(mismatches.slice(0, 5), [], `${label}: ${mismatches.length} of ${expected.length} customers differ`);
  assert.equal(actual.length, expected.length, `${label}: customer count`);
  return expected;
}

// --- Orders exported from a store: one line per order ------------------------------------------

function sampleStore(name, seed, customers) {
  const store = path.join(scratchDir(name), `${name}.sqlite`);
  execFileSync(cli, ['sample', '--out', store, '--seed', String(seed), '--customers', String(customers)],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return store;
}

// Writes the store's orders with `touchpoint export` and loads them into each engine as `table`;
// returns the mapping onto the query's input. The export has no flag column (flags are derived
// at import from the amount and the status), so the mapping derives them by the import's rules;
// that it flags exactly the orders the store flags is checked.
async function loadExportedOrders(store, table) {
  const csv = path.join(scratchDir('export'), 'orders.csv');
  execFileSync(cli, ['export', store, '--table', 'orders', '--columns', 'order_id,customer_id,order_date,amount,status', '--out', csv],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const columns = [['order_id', 'text'], ['customer_id', 'text'], ['order_date', 'date'], ['amount', 'double'], ['status', 'text']];
  const input = `    SELECT order_id, customer_id, order_date, amount AS line_amount,
           ${statusFlags('status')}
    FROM ${table}`;
  const [[storedOrders, storedFlagged]] = sqlite(store, 'SELECT COUNT(*), SUM(is_return) FROM orders');
  for (const engine of engines) {
    await engine.loadCsv(table, columns, csv);
    const { rows: [loaded] } = await engine.query(`
      SELECT COUNT(*) AS orders,
             SUM(CASE WHEN is_cancelled OR is_failed OR is_refund OR line_amount < 0 THEN 1 ELSE 0 END) AS flagged
      FROM (${input}) AS mapped`);
    assert.equal(Number(loaded.orders), storedOrders, `${engine.name}: every stored order was loaded`);
    assert.equal(Number(loaded.flagged ?? 0), storedFlagged ?? 0, `${engine.name}: the mapping flags the orders the store flags`);
  }
  return input;
}

test('the sample shop summarises in SQL as in the core, by week and by day', async () => {
  const store = sampleStore('sample', 7, 3000);
  const input = await loadExportedOrders(store, 'sample_orders');
  for (const engine of engines)
    for (const end of ['2024-11-30', '2025-12-31'])
      for (const unit of ['week', 'day']) {
        const expected = await compareWithCore(engine, store, end, unit, input);
        assert.ok(expected.some((row) => row.x > 1), 'customers with several repeats are covered');
        assert.ok(expected.some((row) => row.x === 0), 'customers without repeats are covered');
        if (end === '2024-11-30') assert.ok(expected.length < 3000, 'customers acquired after the end are left out');
      }
});

test('same-day orders, refunds and flagged returns summarise in SQL as in the core', async () => {
  const store = sampleStore('returns', 23, 2000);
  // Second orders on days that already have one (one transaction, their values summed);
  // refunds a few days after a purchase (negative, flagged); returns with a positive amount
  // and a returned status, some on a purchase day and some on a day with no purchase; zero-value
  // purchases; and a customer who only ever returned something.
  sqlite(store, `
    INSERT INTO orders (order_id, customer_id, order_date, amount, is_return)
      SELECT 'same-day-' || order_id, customer_id, order_date, 12.5, 0 FROM orders WHERE rowid % 7 = 0;
    INSERT INTO orders (order_id, customer_id, order_date, amount, is_return)
      SELECT 'refund-' || order_id, customer_id, date(order_date, '+3 days'), -amount, 1
      FROM orders WHERE rowid % 5 = 0 AND is_return = 0;
    INSERT INTO orders (order_id, customer_id, order_date, amount, status, is_return)
      SELECT 'return-' || order_id, customer_id, date(order_date, '+' || ((rowid % 3) * 9) || ' days'), amount, 'Returned', 1
      FROM orders WHERE rowid % 11 = 0 AND is_return = 0;
    INSERT INTO orders (order_id, customer_id, order_date, amount, is_return)
      SELECT 'free-' || order_id, customer_id, date(order_date, '+1 days'), 0, 0 FROM orders WHERE rowid % 13 = 0 AND is_return = 0;
    INSERT INTO orders (order_id, customer_id, order_date, amount, status, is_return)
      VALUES ('only-return', 'Z-returns-only', '2024-06-01', -40, 'Refunded', 1)`);
  const input = await loadExportedOrders(store, 'returns_orders');
  for (const engine of engines)
    for (const unit of ['week', 'day']) {
      const expected = await compareWithCore(engine, store, '2025-06-30', unit, input);
      assert.ok(!expected.some((row) => row.customer_id === 'Z-returns-only'), 'a customer with only returns has no summary');
    }
});

// --- Files imported by the CLI and loaded raw into the databases -------------------------------

function importedStore(name, file) {
  const store = path.join(scratchDir(name), `${name}.sqlite`);
  const report = JSON.parse(touchpoint('import', store, file, '--json'));
  assert.ok(!report.fatal_error, `${name}: the import failed: ${report.fatal_error}`);
  return { store, report };
}

test('the CDNOW sample summarises in SQL as in the core', async (t) => {
  if (!fs.existsSync(cdnowLog)) { t.skip(`${cdnowLog} is not there`); return; }
  const { store } = importedStore('cdnow', cdnowLog);
  // Whitespace-separated without a header: a warehouse load names the columns (as the data's
  // README does) and reads the YYYYMMDD dates as dates, here by writing them in ISO form.
  const csv = path.join(scratchDir('cdnow-csv'), 'cdnow.csv');
  const rows = fs.readFileSync(cdnowLog, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean)
    .map((line) => {
      const [master, sample, day, cds, dollars] = line.split(/\s+/);
      return [master, sample, `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, cds, dollars].join(',');
    });
  fs.writeFileSync(csv, ['master_id,sample_id,order_date,cds,dollar_value', ...rows, ''].join('\n'));
  const columns = [['master_id', 'text'], ['sample_id', 'text'], ['order_date', 'date'], ['cds', 'integer'], ['dollar_value', 'double']];
  // No order ids: every row is an order of its own. Unmapped, the import takes the first column
  // as the customer: the master id, one to one with the sample's own id.
  const input = `    SELECT ROW_NUMBER() OVER () AS order_id, master_id AS customer_id, order_date, dollar_value AS line_amount,
           FALSE AS is_cancelled, FALSE AS is_failed, FALSE AS is_refund
    FROM cdnow`;
  for (const engine of engines) {
    await engine.loadCsv('cdnow', columns, csv);
    for (const unit of ['week', 'day']) {
      const expected = await compareWithCore(engine, store, '1997-09-30', unit, input);
      assert.equal(expected.length, 2357);
    }
  }
});

// One line per product, by the rules of docs/import.md. Worked out by hand, calibration end
// 2024-06-30:
//   ann  1001 (three lines, one leaving the customer empty; a fourth naming bob, a day
//        earlier, is rejected) 2024-01-05 17 + 12 + 6.75 = 35.75; 1002 and 1004 on 2024-02-10, one transaction of
//        8.5 + 9 = 17.5; 1003 cancelled; 1005 a return (negative total). x = 1, t_x = 36 days.
//   bob  1006 2024-01-20 12 (its second line, on another day, is rejected); 1007 a failed
//        payment; 1008 refunded; 1014 2024-05-20 8.5. x = 1, t_x = 121 days, monetary 8.5.
//   cat  1010 2024-05-01 10.75; 1015 2024-06-01 17, partly refunded and so a purchase; 1011
//        after the calibration end. x = 1, t_x = 31 days, monetary 17.
//   dan  1012 2024-03-10, amount 0: still a purchase. x = 0.
//   eve  1013 cancelled; 1016 declined, and failed rather than a refund: no row.
//   1009 is a guest's line: nobody's order.
const handWrittenLines = `Order ID,Customer ID,Order Date,SKU,Quantity,Unit Price,Status
1001,ann,2024-01-05,MUG,2,8.50,Paid
1002,ann,2024-02-10,MUG,1,8.50,Paid
1001,,2024-01-05,TEE,1,12.00,
1003,ann,2024-03-01,TEE,2,12.00,Cancelled
1001,ann,2024-01-05,PIN,3,2.25,
1006,bob,2024-01-20,TEE,1,12.00,Paid
1001,bob,2024-01-04,MUG,1,8.50,
1004,ann,2024-02-10,PIN,4,2.25,Paid
1005,ann,2024-02-20,MUG,-1,8.50,
1006,bob,2024-01-21,PIN,2,2.25,
1007,bob,2024-02-03,MUG,1,8.50,Payment failed
1008,bob,2024-04-15,TEE,2,12.00,Refunded
1009,,2024-03-03,MUG,5,8.50,Paid
1010,cat,2024-05-01,PIN,1,2.25,Paid
1010,cat,2024-05-01,MUG,1,8.50,
1011,cat,2024-07-04,TEE,1,12.00,Paid
1012,dan,2024-03-10,MUG,0,8.50,Paid
1013,eve,2024-02-01,TEE,1,12.00,Cancelled
1014,bob,2024-05-20,MUG,1,8.50,Paid
1015,cat,2024-06-01,MUG,2,8.50,Partially refunded
1016,eve,2024-02-05,MUG,-1,8.50,Declined
`;

test('a line-item file with cancelled, failed, refunded and guest orders summarises in SQL as in the core', async () => {
  const dir = scratchDir('lines');
  const file = path.join(dir, 'lines.csv');
  fs.writeFileSync(file, handWrittenLines);
  const { store } = importedStore('lines', file);
  const columns = [['Order ID', 'text'], ['Customer ID', 'text'], ['Order Date', 'date'], ['SKU', 'text'],
    ['Quantity', 'integer'], ['Unit Price', 'double'], ['Status', 'text']];
  const input = `    SELECT "Order ID" AS order_id, "Customer ID" AS customer_id, "Order Date" AS order_date,
           "Quantity" * "Unit Price" AS line_amount,
           ${statusFlags('"Status"')}
    FROM shop_lines`;
  for (const engine of engines) {
    await engine.loadCsv('shop_lines', columns, file);
    const flags = await compareOrderFlags(engine, store, input);
    assert.deepEqual(flags.filter((row) => row.flag).map((row) => `${row.order_id} ${row.flag}`).sort(),
      ['1003 cancelled', '1005 refund', '1007 failed', '1008 refund', '1013 cancelled', '1016 failed'], 'the flags worked out by hand');
    const expected = await compareWithCore(engine, store, '2024-06-30', 'day', input);
    const byHand = expected.map(({ customer_id, x, t_x, monetary }) => [customer_id, x, t_x, monetary]);
    assert.deepEqual(byHand.sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      [['ann', 1, 36, 17.5], ['bob', 1, 121, 8.5], ['cat', 1, 31, 17], ['dan', 0, 0, 0]], 'the summary worked out by hand');
    await compareWithCore(engine, store, '2024-06-30', 'week', input);
  }
});

test('the UCI Online Retail II lines summarise in SQL as in the core', async (t) => {
  if (!fs.existsSync(onlineRetail)) { t.skip(`${onlineRetail} is not there`); return; }
  const csv = path.join(scratchDir('online-retail'), 'online_retail_ii_2009_2010.csv');
  execFileSync('gzip', ['-dc', onlineRetail], { stdio: ['ignore', fs.openSync(csv, 'w'), 'pipe'] });
  const { store, report } = importedStore('online-retail', csv);
  assert.equal(report.rows_read, 525461);
  const columns = [['Invoice', 'text'], ['StockCode', 'text'], ['Description', 'text'], ['Quantity', 'integer'],
    ['InvoiceDate', 'timestamp'], ['Price', 'double'], ['Customer ID', 'double'], ['Country', 'text']];
  // Ids are written as 13085.0; invoices 'C' + digits are cancellations.
  const input = `    SELECT "Invoice" AS order_id,
           CAST(CAST("Customer ID" AS BIGINT) AS VARCHAR) AS customer_id,
           "InvoiceDate" AS order_date,
           "Quantity" * "Price" AS line_amount,
           "Invoice" LIKE 'C%' AS is_cancelled, FALSE AS is_failed, FALSE AS is_refund
    FROM online_retail_ii`;
  for (const engine of engines) {
    await engine.loadCsv('online_retail_ii', columns, csv);
    const { rows: [loaded] } = await engine.query('SELECT COUNT(*) AS n FROM online_retail_ii');
    assert.equal(Number(loaded.n), 525461, `${engine.name}: every line was loaded`);
    await compareOrderFlags(engine, store, input);
    const expected = await compareWithCore(engine, store, '2010-06-30', 'week', input);
    assert.ok(expected.length > 2000, 'thousands of customers');
  }
});

test('the day numbers of docs/summary.sql agree with each engine\'s calendar on every day from 1899 to 2101', async () => {
  // One customer per day, whose only purchase is that day: T in days is the distance to the end.
  // The query runs as shipped, reading the table order_lines, with only its parameters set.
  // (T unquoted is T in DuckDB and t in PostgreSQL, as the query's own output column is.)
  for (const engine of engines) {
    await engine.run(engine.calendarTable('order_lines', '1899-01-01', '2101-12-31'));
    const { rows: [check] } = await engine.query(`
      WITH summary AS (${summaryQuery('2101-12-31', 'day')})
      SELECT COUNT(*) AS customers,
             SUM(CASE WHEN T <> ${engine.daysBetween('CAST(customer_id AS DATE)', "DATE '2101-12-31'")}
                      THEN 1 ELSE 0 END) AS wrong_days,
             SUM(CASE WHEN x <> 0 OR t_x <> 0 OR monetary <> 0 THEN 1 ELSE 0 END) AS wrong_other
      FROM summary`);
    assert.equal(Number(check.customers), 203 * 365 + 49, engine.name);  // 1900 and 2100 are not leap years, 2000 is
    assert.equal(Number(check.wrong_days), 0, engine.name);
    assert.equal(Number(check.wrong_other), 0, engine.name);
  }
});
