// The two databases the warehouse test runs docs/summary.sql in, behind one small interface:
//   name, foldsNamesToLowerCase        what the results are labelled with, how names come back
//   run(sql)                           statements, no result
//   query(sql) -> { columns, rows }    one statement's result; rows are objects by column name
//   loadCsv(table, columns, file)      a table with these [name, type] columns from a CSV file
//                                      with a header (types: text, integer, double, date, timestamp)
//   calendarTable(table, first, last)  SQL making `table` an input of one purchase per day
//   daysBetween(a, b)                  the engine's own date difference, for checking the query's
//   close()
// DuckDB runs in-process (npm @duckdb/node-api). PostgreSQL is Debian's postgresql-15: the test
// starts a private server in a temporary folder, reachable through a Unix socket only, talks to
// it with psql and stops it when the tests end.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const quotedName = (name) => `"${name.replaceAll('"', '""')}"`;
const quotedText = (text) => `'${text.replaceAll("'", "''")}'`;

function tableDefinition(table, columns, typeNames) {
  return `CREATE TABLE ${quotedName(table)} (${columns.map(([name, type]) => `${quotedName(name)} ${typeNames[type]}`).join(', ')})`;
}

export function duckdbEngine() {
  let opened;
  const connection = async () => {
    if (!opened) {
      const instance = await DuckDBInstance.create(':memory:');
      opened = { instance, connection: await instance.connect() };
    }
    return opened.connection;
  };
  const typeNames = { text: 'VARCHAR', integer: 'BIGINT', double: 'DOUBLE', date: 'DATE', timestamp: 'TIMESTAMP' };
  return {
    name: 'DuckDB',
    foldsNamesToLowerCase: false,
    async run(sql) {
      await (await connection()).run(sql);
    },
    async query(sql) {
      const reader = await (await connection()).runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRowObjectsJS() };
    },
    async loadCsv(table, columns, file) {
      await this.run(`DROP TABLE IF EXISTS ${quotedName(table)}`);
      await this.run(tableDefinition(table, columns, typeNames));
      await this.run(`COPY ${quotedName(table)} FROM ${quotedText(file)} (FORMAT csv, HEADER true)`);
    },
    calendarTable(table, first, last) {
      return `CREATE OR REPLACE TABLE ${table} AS
        SELECT strftime(day, '%Y-%m-%d') AS order_id, strftime(day, '%Y-%m-%d') AS customer_id,
               CAST(day AS DATE) AS order_date, 1.0 AS line_amount,
               FALSE AS is_cancelled, FALSE AS is_failed, FALSE AS is_refund
        FROM range(DATE '${first}', DATE '${last}' + INTERVAL 1 DAY, INTERVAL 1 DAY) AS days(day)`;
    },
    daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`,
    async close() {
      if (!opened) return;
      opened.connection.closeSync();
      opened.instance.closeSync();
      opened = undefined;
    },
  };
}

// Debian keeps the server programs in /usr/lib/postgresql/<version>/bin, off the PATH; the newest
// version there wins, else whatever the PATH has.
function postgresProgram(name) {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
  for (const version of versions) {
    const program = path.join(root, version, 'bin', name);
    if (fs.existsSync(program)) return program;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const program = path.join(dir, name);
    if (dir && fs.existsSync(program)) return program;
  }
  throw new Error(`PostgreSQL's ${name} was not found (Debian's postgresql package; scripts/bootstrap installs it)`);
}

// Parses psql's --csv output (RFC 4180: quoted fields, doubled quotes, newlines inside quotes).
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') { field += '"'; ++i; } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; } else if (c === '\n') { record.push(field); records.push(record); record = []; field = ''; } else if (c !== '\r') field += c;
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  return records;
}

export function postgresEngine() {
  let server;
  // initdb refuses to run as root: as root the server runs as the postgres user, which owns its
  // folder. psql connects over the folder's socket as the database user postgres.
  const start = () => {
    const programs = { initdb: postgresProgram('initdb'), pgCtl: postgresProgram('pg_ctl'), psql: postgresProgram('psql') };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-postgres-'));
    const data = path.join(dir, 'data');
    const log = path.join(dir, 'server.log');
    let runAs = (program, args) => execFileSync(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    server = { dir, data, log, runAs, psql: programs.psql, pgCtl: programs.pgCtl };
    try {
      if (process.getuid?.() === 0) {
        const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim());
        fs.chownSync(dir, id('-u'), id('-g'));
        server.runAs = runAs = (program, args) =>
          execFileSync('runuser', ['-u', 'postgres', '--', program, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      }
      // No durability is wanted from a scratch database: no fsync anywhere, and C collation.
      runAs(programs.initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
      runAs(server.pgCtl, ['-D', data, '-l', log, '-w', '-o',
        `-k ${dir} -c listen_addresses='' -p 5432 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`, 'start']);
    } catch (error) {
      const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
      server.failure = new Error(`PostgreSQL did not start: ${error.stderr ?? error.message}\n${serverLog}`);
      throw server.failure;
    }
    return server;
  };
  const psql = (args, options = {}) => {
    if (server?.failure) throw server.failure;
    const { dir, psql: program } = server ?? start();
    const env = { ...process.env, PGHOST: dir, PGPORT: '5432', PGUSER: 'postgres', PGDATABASE: 'postgres' };
    try {
      return execFileSync(program, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args],
        { env, encoding: 'utf8', maxBuffer: 1 << 28, stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'], input: options.input });
    } catch (error) {
      throw new Error(`psql failed: ${error.stderr || error.message}`);
    }
  };
  const typeNames = { text: 'TEXT', integer: 'BIGINT', double: 'DOUBLE PRECISION', date: 'DATE', timestamp: 'TIMESTAMP' };
  return {
    name: 'PostgreSQL',
    foldsNamesToLowerCase: true,
    async run(sql) {
      psql(['-f', '-'], { input: sql });
    },
    async query(sql) {
      const [columns, ...records] = parseCsv(psql(['--csv', '-f', '-'], { input: sql }));
      // psql writes NULL as an empty field; the query's results have none.
      const rows = records.map((record) => Object.fromEntries(columns.map((name, i) => [name, record[i]])));
      return { columns, rows };
    },
    async loadCsv(table, columns, file) {
      await this.run(`DROP TABLE IF EXISTS ${quotedName(table)}; ${tableDefinition(table, columns, typeNames)}`);
      const input = fs.openSync(file, 'r');
      try {
        psql(['-c', `COPY ${quotedName(table)} FROM STDIN (FORMAT csv, HEADER true)`], { stdin: input });
      } finally {
        fs.closeSync(input);
      }
    },
    calendarTable(table, first, last) {
      return `DROP TABLE IF EXISTS ${table};
        CREATE TABLE ${table} AS
        SELECT to_char(day, 'YYYY-MM-DD') AS order_id, to_char(day, 'YYYY-MM-DD') AS customer_id,
               CAST(day AS DATE) AS order_date, 1.0 AS line_amount,
               FALSE AS is_cancelled, FALSE AS is_failed, FALSE AS is_refund
        FROM generate_series(DATE '${first}', DATE '${last}', INTERVAL '1 day') AS days(day)`;
    },
    daysBetween: (a, b) => `(${b} - ${a})`,
    async close() {
      if (!server) return;
      const { dir, data, runAs, pgCtl } = server;
      server = undefined;
      try {
        // Also after a start that failed or timed out: the server may be up all the same.
        if (fs.existsSync(path.join(data, 'postmaster.pid'))) runAs(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
