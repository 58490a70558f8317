// duckdb_time.mjs: times queries inside one DuckDB process, for run.py.
//
//     node duckdb_time.mjs DATABASE ROUNDS QUERY.sql...
//
// Each round runs every query once, in the order given (interleaved, so a
// slower moment of a shared machine hits every query alike), and reads the
// whole result. Prints one JSON line per run: {"query": i, "wall": s,
// "cpu": s}, CPU being this process's user + system time during the run
// (DuckDB's threads run inside it).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'peers', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const [database, rounds, ...files] = process.argv.slice(2);
const queries = files.map((f) => readFileSync(f, 'utf8'));
const instance = await DuckDBInstance.create(database, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
for (let r = 0; r < Number(rounds); r++) {
  for (let i = 0; i < queries.length; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const reader = await connection.runAndReadAll(queries[i]);
    reader.getRows();
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(JSON.stringify({ query: i, wall, cpu: (cpu.user + cpu.system) / 1e6 }) + '\n');
  }
}
connection.closeSync?.();
