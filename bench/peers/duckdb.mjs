// duckdb.mjs: bench/spec/export.kpi's numbers with DuckDB (@duckdb/node-api).
//
//     node duckdb.mjs FILE [COUNTRY] [THREADS]
//
// The query a DuckDB user would write: read_csv with the columns' types
// declared (money as DECIMAL(18,2), so sums are exact to the cent, and no
// time spent sniffing), a WHERE on the country, GROUP BY month. THREADS
// defaults to 1 so that DuckDB gets the one core every other tool gets
// (bench/run.sh runs all of them under taskset); "default" leaves it to
// DuckDB (bench/run.sh's threads part). Prints the rows in
// bench/run.sh's form: YYYY-MM,visitors,orders,profit,conversion.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, country = 'NL', threads = '1'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node duckdb.mjs FILE [COUNTRY] [THREADS]');
  process.exit(2);
}
// "default": DuckDB picks (one thread per core)
const instance = await DuckDBInstance.create(':memory:', threads === 'default' ? {} : { threads });
const connection = await instance.connect();
const sql = `
  SELECT strftime(date, '%Y-%m') AS month,
         sum(visitors) AS visitors,
         sum(orders) AS orders,
         sum(revenue) - sum(costs) AS profit,
         sum(orders) / sum(visitors) AS conversion
  FROM read_csv($file, header = true, delim = ',', quote = '"',
                columns = {'date': 'DATE', 'country': 'VARCHAR', 'channel': 'VARCHAR',
                           'visitors': 'BIGINT', 'orders': 'BIGINT',
                           'revenue': 'DECIMAL(18,2)', 'costs': 'DECIMAL(18,2)'})
  WHERE country = $country
  GROUP BY month
  ORDER BY month`;
const reader = await connection.runAndReadAll(sql, { file, country });
const lines = reader.getRows().map(([month, visitors, orders, profit, conversion]) =>
  [month, visitors, orders, profit.toString(), Number(conversion).toFixed(6)].join(','));
process.stdout.write(lines.join('\n') + '\n');
connection.closeSync?.();
