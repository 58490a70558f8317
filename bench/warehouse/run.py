"""run.py KPIC GEN_EXPORT [ROWS] [ROUNDS]: kpic's generated SQL against hand-written SQL.

The warehouse benchmark (docs/warehouse.md, docs/performance.md). The export
of the evaluator benchmark (bench/gen/gen_export, ROWS rows, default 10M) is
loaded into PostgreSQL 15 (a private cluster, tests/warehouse/engines.py) and
into a DuckDB file, with typed columns (DATE, TEXT, BIGINT, NUMERIC(18,2)).
On each engine three queries answer bench/spec/export.kpi:

- generated: `kpic sql --dialect ENGINE --table export=bench_export`;
- hand: hand.sql, the same numbers (values, observations, spans, rows read)
  in one GROUP BY with FILTER, as a person would write it;
- hand_values: hand_values.sql, only the sums, for reference.

Before timing, the generated query's result must equal hand.sql's, number
for number. Then ROUNDS rounds (default 5), each running every query once,
interleaved; the medians of wall and CPU time are printed as a Markdown table
and written to bench/out/warehouse-ROWS.md. CPU: on PostgreSQL, the server
processes' (the backend and its parallel workers, as the postmaster's reaped
children, with autovacuum off) plus psql's; on DuckDB, its process's. The
target: generated <= 1.2x hand on each engine.
"""
import csv
import decimal
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "warehouse"))
import engines  # noqa: E402

OUT = os.path.join(ROOT, "bench", "out")
SPEC = os.path.join(ROOT, "bench", "spec", "export.kpi")
COLUMNS = [("date", "DATE"), ("country", "TEXT"), ("channel", "TEXT"), ("visitors", "BIGINT"),
           ("orders", "BIGINT"), ("revenue", "NUMERIC(18,2)"), ("costs", "NUMERIC(18,2)")]
METRICS = ["visitors", "orders", "revenue", "costs"]
QUERIES = ["generated", "hand", "hand_values"]


def generated_query(kpic, dialect):
    r = subprocess.run([kpic, "sql", "--dialect", dialect, "--table", "export=bench_export", SPEC],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    path = os.path.join(OUT, "warehouse-generated.%s.sql" % dialect)
    with open(path, "wb") as f:
        f.write(r.stdout)
    return path


def numbers_of_generated(text):
    """{(metric, month): (value, n, first, last)} and the rows read, from the generated query's CSV."""
    out, rows_read = {}, None
    for r in csv.DictReader(io.StringIO(text)):
        if r["metric"] == "":
            rows_read = int(r["n"])
        else:
            out[(r["metric"], r["period"])] = (decimal.Decimal(r["value"]), int(r["n"]), r["first_day"], r["last_day"])
    return out, rows_read


def numbers_of_hand(text):
    out, rows_read = {}, 0
    for r in csv.DictReader(io.StringIO(text)):
        rows_read += int(r["row_count"])
        for m in METRICS:
            if int(r[m + "_n"]) > 0:
                out[(m, r["month"][:10])] = (decimal.Decimal(r[m]), int(r[m + "_n"]), r["first_day"][:10],
                                             r["last_day"][:10])
    return out, rows_read


def check_equal(engine, generated_csv, hand_csv, rows):
    g, h = numbers_of_generated(generated_csv), numbers_of_hand(hand_csv)
    if g != h or g[1] != rows:
        raise SystemExit("%s: the generated query's numbers differ from hand.sql's (rows %s, %s, expected %d)"
                         % (engine, g[1], h[1], rows))
    print("%s: the generated query and hand.sql agree on %d values and %d rows" % (engine, len(g[0]), rows))


# ---- PostgreSQL ----------------------------------------------------------------------------------

def ticks(pid, fields):
    with open("/proc/%d/stat" % pid) as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return sum(int(parts[i - 3]) for i in fields)   # field numbers of proc(5), after pid and comm


def postgres(kpic, data, rows, rounds):
    pg = engines.Postgres(settings="-c autovacuum=off")
    try:
        cols = ", ".join('"%s" %s' % c for c in COLUMNS)
        pg.psql("CREATE TABLE bench_export (%s)" % cols)
        t0 = time.monotonic()
        pg.psql("\\copy bench_export FROM '%s' WITH (FORMAT csv, HEADER true)" % data)
        pg.psql("VACUUM (FREEZE, ANALYZE) bench_export")
        print("postgres: loaded %d rows in %.0f s" % (rows, time.monotonic() - t0))
        files = [generated_query(kpic, "postgres"), os.path.join(HERE, "hand.sql"),
                 os.path.join(HERE, "hand_values.sql")]
        for f in files:
            os.chmod(f, 0o644)
        results = [pg.psql(file=f, csv_out=True).stdout.decode() for f in files[:2]]
        check_equal("postgres", results[0], results[1], rows)
        with open(os.path.join(pg.data, "postmaster.pid")) as f:
            postmaster = int(f.readline())
        hz = os.sysconf("SC_CLK_TCK")
        times = {q: ([], []) for q in QUERIES}
        for _ in range(rounds):
            for q, f in zip(QUERIES, files):
                server0 = ticks(postmaster, (16, 17))   # cutime, cstime: exited backends and workers
                client0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.monotonic()
                pg.psql(file=f, csv_out=True)
                wall = time.monotonic() - t0
                time.sleep(0.2)   # the postmaster reaps the backend
                client = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (ticks(postmaster, (16, 17)) - server0) / hz + \
                    (client.ru_utime - client0.ru_utime) + (client.ru_stime - client0.ru_stime)
                times[q][0].append(wall)
                times[q][1].append(cpu)
        return times
    finally:
        pg.stop()


# ---- DuckDB --------------------------------------------------------------------------------------

def duckdb(kpic, data, rows, rounds):
    db = os.path.join(OUT, "warehouse.duckdb")
    for path in (db, db + ".wal"):
        if os.path.exists(path):
            os.remove(path)
    node = ["node", os.path.join(ROOT, "tests", "warehouse", "duckdb_run.mjs"), db]
    types = ", ".join("'%s': '%s'" % (n, t.replace("NUMERIC", "DECIMAL").replace("TEXT", "VARCHAR"))
                      for n, t in COLUMNS)
    t0 = time.monotonic()
    subprocess.run(node, input=("CREATE TABLE bench_export AS SELECT * FROM read_csv('%s', header = true, "
                                "columns = {%s})" % (data, types)).encode(), check=True)
    print("duckdb: loaded %d rows in %.0f s" % (rows, time.monotonic() - t0))
    files = [generated_query(kpic, "duckdb"), os.path.join(HERE, "hand.sql"), os.path.join(HERE, "hand_values.sql")]
    results = []
    for f in files[:2]:
        out = os.path.join(OUT, "warehouse-result.csv")
        with open(f, "rb") as sql:
            subprocess.run(node + [out], stdin=sql, check=True)
        with open(out) as r:
            results.append(r.read())
    check_equal("duckdb", results[0], results[1], rows)
    r = subprocess.run(["node", os.path.join(HERE, "duckdb_time.mjs"), db, str(rounds), *files],
                       stdout=subprocess.PIPE, check=True)
    times = {q: ([], []) for q in QUERIES}
    for line in r.stdout.decode().splitlines():
        run = json.loads(line)
        times[QUERIES[run["query"]]][0].append(run["wall"])
        times[QUERIES[run["query"]]][1].append(run["cpu"])
    return times


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0]
    return "%s, %d cores, %s %s, load average %.1f at the start" % (model, os.cpu_count(), platform.system(),
                                                                     platform.release(), load)


def main():
    kpic, gen = sys.argv[1:3]
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000_000
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    os.makedirs(OUT, exist_ok=True)
    os.chmod(OUT, 0o755)
    data = os.path.join(OUT, "export-%d.csv" % rows)
    if not os.path.exists(data):
        subprocess.run([gen, str(rows), data + ".tmp"], check=True)
        os.rename(data + ".tmp", data)
    os.chmod(data, 0o644)
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = machine()
    results = {}
    for name, bench in (("PostgreSQL 15", postgres), ("DuckDB", duckdb)):
        try:
            results[name] = bench(kpic, data, rows, rounds)
        except engines.Skip as e:
            print("%s skipped: %s" % (name, e))
    lines = ["%d rows, %d rounds, %s; %s" % (rows, rounds, started, header), "",
             "| engine | query | wall (median) | CPU (median) | wall / hand |", "|---|---|---|---|---|"]
    verdict = 0
    for name, times in results.items():
        hand = statistics.median(times["hand"][0])
        for q in QUERIES:
            wall, cpu = statistics.median(times[q][0]), statistics.median(times[q][1])
            lines.append("| %s | %s | %.3f s | %.3f s | %.2fx |" % (name, q, wall, cpu, wall / hand))
        ratio = statistics.median(times["generated"][0]) / hand
        if ratio > 1.2:
            verdict = 1
        lines.append("| %s | generated / hand | | | **%.2fx** (target <= 1.2x) |" % (name, ratio))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(OUT, "warehouse-%d.md" % rows), "w") as f:
        f.write(text)
    print(text)
    return verdict


if __name__ == "__main__":
    sys.exit(main())
