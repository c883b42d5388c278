// docs/summary.sql, run in DuckDB, must give the per-customer summary the core gives
// (`touchpoint summary --json`) on the same orders: x exactly, t_x, T and monetary to 1e-9.
// The orders reach DuckDB the way a user's would reach a warehouse: as a CSV written by
// `touchpoint export`.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.TOUCHPOINT_CLI ?? path.join(repo, 'build/native/cli/touchpoint');
const summarySql = fs.readFileSync(path.join(repo, 'docs/summary.sql'), 'utf8');
const cdnowLog = path.resolve(repo, '../shared/data/cdnow/CDNOW_sample.txt');

function touchpoint(...args) {
  return execFileSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
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
after(() => fs.rmSync(scratchRoot, { recursive: true, force: true }));

function scratchDir(name) {
  return fs.mkdtempSync(path.join(scratchRoot, `${name}-`));
}

// The query as shipped, with the two parameters of its `params` CTE set.
function withParameters(calibrationEnd, timeUnit) {
  const endPattern = /DATE '\d{4}-\d{2}-\d{2}'(\s+AS calibration_end\b)/g;
  const unitPattern = /'(?:week|day)'(\s+AS time_unit\b)/g;
  assert.equal(summarySql.match(endPattern)?.length, 1, 'docs/summary.sql sets calibration_end once');
  assert.equal(summarySql.match(unitPattern)?.length, 1, 'docs/summary.sql sets time_unit once');
  return summarySql
    .replace(endPattern, (_, rest) => `DATE '${calibrationEnd}'${rest}`)
    .replace(unitPattern, (_, rest) => `'${timeUnit}'${rest}`);
}

async function withDuckDB(body) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await body(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function rowsOf(connection, sql) {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS();
}

const quoted = (text) => `'${text.replaceAll("'", "''")}'`;

// Exports the store's orders with the CLI and loads them into DuckDB as the table `orders`
// that docs/summary.sql reads. The export carries no is_return column (the flag is derived at
// import, it is not a field of the orders file), so it is derived here by the import's rule:
// a negative amount, or a status naming a return or refund. That the derived flags are the
// stored ones is checked against the store.
async function loadOrders(connection, store) {
  const csv = path.join(scratchDir('export'), 'orders.csv');
  execFileSync(cli, ['export', store, '--table', 'orders', '--columns', 'customer_id,order_date,amount,status', '--out', csv],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  await connection.run(`
    CREATE OR REPLACE TABLE orders AS
    SELECT customer_id, order_date, amount,
           amount < 0 OR lower(coalesce(status, '')) LIKE '%return%'
                      OR lower(coalesce(status, '')) LIKE '%refund%' AS is_return
    FROM read_csv(${quoted(csv)}, header = true, auto_detect = false,
                  columns = {'customer_id': 'VARCHAR', 'order_date': 'DATE', 'amount': 'DOUBLE', 'status': 'VARCHAR'})`);
  const [stored] = sqlite(store, 'SELECT COUNT(*), SUM(is_return) FROM orders');
  const [loaded] = await rowsOf(connection, 'SELECT COUNT(*) AS n, SUM(CAST(is_return AS INTEGER)) AS returns FROM orders');
  assert.equal(Number(loaded.n), stored[0], 'every stored order reached DuckDB');
  assert.equal(Number(loaded.returns ?? 0), stored[1] ?? 0, 'the derived is_return flags are the stored ones');
}

function closeEnough(actual, expected) {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

// Compares DuckDB's result with the core's, customer by customer; returns the row count.
async function compareWithCore(connection, store, calibrationEnd, timeUnit) {
  const expected = JSON.parse(touchpoint('summary', store, '--calibration-end', calibrationEnd, '--time-unit', timeUnit, '--json'));
  const actual = await rowsOf(connection, withParameters(calibrationEnd, timeUnit));
  const label = `${path.basename(store)}, calibration end ${calibrationEnd}, unit ${timeUnit}`;
  assert.deepEqual(Object.keys(actual[0] ?? {}), ['customer_id', 'x', 't_x', 'T', 'monetary'], `${label}: output columns`);

  const byCustomer = new Map(actual.map((row) => [row.customer_id, row]));
  assert.equal(byCustomer.size, actual.length, `${label}: one row per customer`);
  const expectedIds = new Set(expected.map((row) => row.customer_id));
  const extra = actual.filter((row) => !expectedIds.has(row.customer_id)).map((row) => row.customer_id);
  assert.deepEqual(extra.slice(0, 5), [], `${label}: customers the core leaves out`);

  const mismatches = [];
  for (const want of expected) {
    const got = byCustomer.get(want.customer_id);
    if (!got) { mismatches.push(`${want.customer_id}: missing`); continue; }
    const same = Number(got.x) === want.x && closeEnough(Number(got.t_x), want.t_x) &&
      closeEnough(Number(got.T), want.T) && closeEnough(Number(got.monetary), want.monetary);
    if (!same)
      mismatches.push(`${want.customer_id}: core x=${want.x} t_x=${want.t_x} T=${want.T} monetary=${want.monetary}; ` +
        `SQL x=${got.x} t_x=${got.t_x} T=${got.T} monetary=${got.monetary}`);
  }
  assert.deepEqual(mismatches.slice(0, 5), [], `${label}: ${mismatches.length} of ${expected.length} customers differ`);
  assert.equal(actual.length, expected.length, `${label}: customer count`);
  return expected;
}

function sampleStore(name, seed, customers) {
  const store = path.join(scratchDir(name), `${name}.sqlite`);
  execFileSync(cli, ['sample', '--out', store, '--seed', String(seed), '--customers', String(customers)],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return store;
}

test('the sample shop summarises in DuckDB as in the core, by week and by day', async () => {
  const store = sampleStore('sample', 7, 3000);
  await withDuckDB(async (connection) => {
    await loadOrders(connection, store);
    for (const end of ['2024-11-30', '2025-12-31'])
      for (const unit of ['week', 'day']) {
        const expected = await compareWithCore(connection, store, end, unit);
        assert.ok(expected.some((row) => row.x > 1), 'customers with several repeats are covered');
        assert.ok(expected.some((row) => row.x === 0), 'customers without repeats are covered');
        if (end === '2024-11-30') assert.ok(expected.length < 3000, 'customers acquired after the end are left out');
      }
  });
});

test('same-day orders, refunds and flagged returns summarise as in the core', async () => {
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
  await withDuckDB(async (connection) => {
    await loadOrders(connection, store);
    for (const unit of ['week', 'day']) {
      const expected = await compareWithCore(connection, store, '2025-06-30', unit);
      assert.ok(!expected.some((row) => row.customer_id === 'Z-returns-only'), 'a customer with only returns has no summary');
    }
  });
});

test('the CDNOW sample summarises in DuckDB as in the core', async (t) => {
  if (!fs.existsSync(cdnowLog)) { t.skip(`${cdnowLog} is not there`); return; }
  const store = path.join(scratchDir('cdnow'), 'cdnow.sqlite');
  touchpoint('import', store, cdnowLog, '--map', 'customer_id=2', '--map', 'order_date=3', '--map', 'quantity=4', '--map', 'amount=5');
  await withDuckDB(async (connection) => {
    await loadOrders(connection, store);
    for (const unit of ['week', 'day']) {
      const expected = await compareWithCore(connection, store, '1997-09-30', unit);
      assert.equal(expected.length, 2357);
    }
  });
});

test('the day numbers of docs/summary.sql agree with DuckDB\'s calendar on every day from 1899 to 2101', async () => {
  await withDuckDB(async (connection) => {
    // One customer per day, whose only purchase is that day: T in days is the distance to the end.
    await connection.run(`
      CREATE TABLE orders AS
      SELECT strftime(day, '%Y-%m-%d') AS customer_id, CAST(day AS DATE) AS order_date,
             1.0 AS amount, FALSE AS is_return
      FROM range(DATE '1899-01-01', DATE '2102-01-01', INTERVAL 1 DAY) AS days(day)`);
    const [check] = await rowsOf(connection, `
      WITH summary AS (${withParameters('2101-12-31', 'day')})
      SELECT COUNT(*) AS customers,
             COUNT(*) FILTER (WHERE T <> date_diff('day', CAST(customer_id AS DATE), DATE '2101-12-31')) AS wrong_T,
             COUNT(*) FILTER (WHERE x <> 0 OR t_x <> 0 OR monetary <> 0) AS wrong_other
      FROM summary`);
    assert.equal(Number(check.customers), 203 * 365 + 49);  // 1900 and 2100 are not leap years, 2000 is
    assert.equal(Number(check.wrong_T), 0);
    assert.equal(Number(check.wrong_other), 0);
  });
});
