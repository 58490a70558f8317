// duckdb_run.mjs: runs SQL from standard input in a DuckDB database file,
// through @duckdb/node-api as installed in bench/peers (npm ci there).
//
//     node duckdb_run.mjs DATABASE [OUT.csv] < query.sql
//
// With OUT.csv the statement is a query whose result DuckDB writes there as
// CSV with a header (COPY ... TO), the form `duckdb -csv` prints; without it
// the statements just run. Errors go to stderr with DuckDB's own message.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'bench', 'peers', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const [database, out] = process.argv.slice(2);
let sql = readFileSync(0, 'utf8');
try {
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  if (out) {
    // COPY takes one query without its final semicolon
    sql = sql.replace(/;\s*$/, '');
    await connection.run(`COPY (${sql}\n) TO '${out.replace(/'/g, "''")}' (FORMAT csv, HEADER true)`);
  } else {
    await connection.run(sql);
  }
  connection.closeSync?.();
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
