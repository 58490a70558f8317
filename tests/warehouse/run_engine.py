"""run_engine.py KPIC WORK SPEC_DIR...

The evaluator's --engine postgresql://... end to end, on a private
PostgreSQL 15 cluster this script starts and stops (engines.py).

1. Byte-identical reports. For each spec folder, every file source (csv,
   ga4, google_ads) is loaded into a table (typed by downloads.py: DATE or
   TIMESTAMP, NUMERIC, TEXT) whose name holds a quote, a space and a
   semicolon, and the spec is rewritten to read it (`source X = table
   "public.<name>" date "<column>"`, the file's options dropped). The
   rewritten spec's evaluator, run with --engine, must print the same bytes
   and exit status as the original spec's evaluator reading the files, in
   json, text and html, at every as-of date the folder's expected/ reports
   use, but for the lines on the files the tables replaced
   (run_reports.from_tables). A spec with several sources is also checked
   mixed: its first source stays a file, the others are tables (each
   source computed where it lives).
2. Numbers computed by the database itself. For the superstore spec, a
   hand-written GROUP BY per month gives sales, profit, orders
   (count_distinct) and technology sales; the --engine report's series must
   equal them to the cent.
3. Errors. Unreachable server (a socket folder and a TCP port with nobody
   listening), unknown database, bad and missing password, a role without
   SELECT on the table, a missing table, schema and column, a program without
   table source, and the usage errors: each is one line on stderr with the
   engine's own message, exit status 2, and nothing on stdout.

Exit 77 when PostgreSQL 15 is not installed.
"""
import csv
import decimal
import json
import os
import re
import shutil
import subprocess
import sys

import engines
import run_reports

# A table name the generated query must quote: a quote, spaces, a semicolon.
TABLE = "%s rows; it's"


# libpq reads PG* variables and ~/.pgpass: none of the caller's may answer for a test
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
CLEAN_ENV["PGPASSFILE"] = "/nonexistent/kpic-tests.pgpass"   # a missing file is silently none


def run(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=CLEAN_ENV)
    return r.returncode, r.stdout, r.stderr


def table_spec(spec, out_path, as_tables, date_columns):
    """Writes SPEC with the sources in AS_TABLES read from tables (`table "public.NAME" date "COLUMN"`, the
    file's options dropped: the table holds what they decoded), the others from their files (absolute paths)."""
    text = run_reports.without_comments(open(spec, encoding="utf-8").read())
    folder = os.path.dirname(os.path.abspath(spec))
    statements = re.split(r"\n(?=\S)", text)
    count = 0
    for i, st in enumerate(statements):
        m = re.match(r'source\s+(\w+)\s*=\s*(\w+)\s+"([^"]*)"', st)
        if not m or m.group(2) == "table":
            continue
        count += 1
        if m.group(1) in as_tables:
            name = m.group(1)
            statements[i] = 'source %s = table "public.%s" date "%s"\n%s' % (
                name, TABLE % name, date_columns[name], st[len(st.rstrip("\n")):])
        else:
            statements[i] = st[:m.start(3)] + os.path.join(folder, m.group(3)) + st[m.end(3):]
    assert count > 0, "no file source in " + spec
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(statements))


def check_folder(pg, kpic, work, folder):
    name, spec, out, native = run_reports.prepare_folder(kpic, work, folder)
    if spec is None:
        return native   # the failures
    loaded = run_reports.load_tables(pg, spec, out, lambda source: TABLE % source)
    sources = [src.name for src, _table, _rows in loaded]
    date_columns = {src.name: src.date_column for src, _table, _rows in loaded}
    variants = [("tables", set(sources))]
    if len(sources) > 1:
        variants.append(("mixed", set(sources[1:])))
    dates = run_reports.as_of_dates(folder)
    failures = 0
    for variant, as_tables in variants:
        # the same file name as the original spec: the reports name it
        folder_out = os.path.join(out, variant)
        os.makedirs(folder_out)
        rewritten = os.path.join(folder_out, os.path.basename(spec))
        table_spec(spec, rewritten, as_tables, date_columns)
        engine_eval = os.path.join(folder_out, "eval")
        rc, _, err = run([kpic, "build", rewritten, "-o", engine_eval])
        if rc != 0:
            print("FAIL %s (%s): kpic build\n%s" % (name, variant, err.decode()))
            failures += 1
            continue
        failed, why = run_reports.compare_reports("%s (%s): --engine" % (name, variant), [native],
                                             [engine_eval, "--engine", pg.url()], dates, folder_out, as_tables)
        if not failed:
            print("ok %s (%s): %d dates x json, text, html byte-identical with --engine%s"
                  % (name, variant, len(dates), why))
        failures += failed
    if name == "superstore" and not failures:
        failures += check_superstore_numbers(pg, os.path.join(out, "tables", "eval"))
    return failures


# ---- numbers from the database's own GROUP BY --------------------------------------------------

HAND_WRITTEN = {
    "sales": 'SUM("Sales")',
    "profit": 'SUM("Profit")',
    "orders": 'COUNT(DISTINCT "Order ID")',
    "technology_sales": 'SUM("Sales") FILTER (WHERE "Category" = \'Technology\')',
}


def check_superstore_numbers(pg, engine_eval):
    table = '"%s"' % (TABLE % "store").replace('"', '""')
    expected = {}
    for metric, aggregate in HAND_WRITTEN.items():
        sql = ('SELECT to_char(date_trunc(\'month\', "Order Date"), \'YYYY-MM\') AS month, %s AS value '
               'FROM %s GROUP BY 1 ORDER BY 1' % (aggregate, table))
        rows = list(csv.DictReader(pg.psql(sql, csv_out=True).stdout.decode().splitlines()))
        expected[metric] = {r["month"]: decimal.Decimal(r["value"]) for r in rows if r["value"] != ""}
    rc, stdout, err = run([engine_eval, "--engine", pg.url(), "--as-of", "2019-12-31", "--format", "json",
                           "--fail-on="])
    if rc != 0:
        print("FAIL superstore numbers: exit %d\n%s" % (rc, err.decode()))
        return 1
    report = json.loads(stdout, parse_float=decimal.Decimal)
    checked, failures = 0, 0
    for goal in report["goals"]:
        sums = expected.get(goal["metric"])
        if sums is None or goal["review"] != "monthly":
            continue
        for point in goal["series"]:
            if point["value"] is None:
                continue
            want = sums.get(point["period"], decimal.Decimal(0))
            if abs(decimal.Decimal(point["value"]) - want) > decimal.Decimal("0.005"):
                print("FAIL superstore %s %s: --engine reports %s, the database's GROUP BY %s"
                      % (goal["metric"], point["period"], point["value"], want))
                failures += 1
            checked += 1
    if checked < 4 * 12:
        print("FAIL superstore numbers: only %d monthly values checked" % checked)
        failures += 1
    if not failures:
        print("ok superstore: %d monthly values equal the database's own GROUP BY to the cent" % checked)
    return failures


# ---- errors ------------------------------------------------------------------------------------

ERROR_SPEC = '''source sales = table "%s" date "day"

metric revenue : USD from %s

goal keep_revenue
  keep revenue above 0 USD
  owner "Sales"
  starting 2026-01 within 6 months
  review monthly
'''


def build_error_program(kpic, work, stem, table, column='"amount"'):
    spec = os.path.join(work, stem + ".kpi")
    with open(spec, "w") as f:
        f.write(ERROR_SPEC % (table, column))
    program = os.path.join(work, stem)
    rc, _, err = run([kpic, "build", spec, "-o", program])
    if rc != 0:
        raise RuntimeError("kpic build %s failed:\n%s" % (spec, err.decode()))
    return program


def check_errors(pg, kpic, work):
    work = os.path.join(work, "errors")
    os.makedirs(work)
    data = os.path.join(work, "sales.csv")
    with open(data, "w") as f:
        f.write("day,amount\n2026-01-05,10.50\n2026-02-03,20.25\n")
    pg.load("sales", data, [("day", "date"), ("amount", "number")])
    pg.psql("CREATE ROLE reader LOGIN; CREATE ROLE secret LOGIN PASSWORD 'right horse';"
            "GRANT SELECT ON sales TO secret; CREATE SCHEMA private; CREATE TABLE private.sales AS SELECT * FROM sales")
    pg.require_password("secret")

    good = build_error_program(kpic, work, "good", "public.sales")
    other_db = pg.url(database="nosuchdb")
    cases = [
        # (what, program, extra argv, text expected on stderr)
        ("an unreachable socket", good, ["--engine", "postgresql://kpic@/postgres?host=%s/none" % pg.dir],
         "failed: No such file or directory. Is the server running locally"),
        ("a closed TCP port", good, ["--engine", "postgresql://kpic@127.0.0.1:1/postgres"],
         "cannot connect to PostgreSQL: connection to server at \"127.0.0.1\", port 1 failed"),
        ("an unknown database", good, ["--engine", other_db], 'database "nosuchdb" does not exist'),
        ("a wrong password", good, ["--engine", pg.url(user="secret:wrong")],
         'password authentication failed for user "secret"'),
        ("no password", good, ["--engine", pg.url(user="secret")], "no password supplied"),
        ("a role without SELECT", good, ["--engine", pg.url(user="reader")],
         "permission denied for table sales (SQLSTATE 42501); the role lacks a privilege the query needs; GRANT SELECT"),
        ("a schema the role cannot use", build_error_program(kpic, work, "private", "private.sales"),
         ["--engine", pg.url(user="reader")], "permission denied for schema private (SQLSTATE 42501)"),
        ("a missing table", build_error_program(kpic, work, "no_table", "public.no_such_table"), ["--engine", pg.url()],
         'relation "public.no_such_table" does not exist (SQLSTATE 42P01)'),
        ("a missing column", build_error_program(kpic, work, "no_column", "public.sales", '"amount "'),
         ["--engine", pg.url()], 'column "amount " does not exist (SQLSTATE 42703)'),
        ("a date column added up", build_error_program(kpic, work, "text_column", "public.sales", '"day"'),
         ["--engine", pg.url()], "cannot cast type date to numeric (SQLSTATE 42846); a column has a type"),
        ("--engine with --periods", good, ["--engine", pg.url(), "--periods", data],
         "--engine and --periods both give the per-period values"),
        ("another engine's URL", good, ["--engine", "mysql://u:hunter2@db/x"], "not a URL of scheme mysql"),
        ("an empty URL", good, ["--engine="], "not an empty value"),
    ]
    native_spec = os.path.join(work, "native.kpi")
    with open(native_spec, "w") as f:
        f.write((ERROR_SPEC % ("x", '"amount"')).replace('table "x" date "day"', 'csv "%s" date "day"' % data))
    native = os.path.join(work, "native")
    if run([kpic, "build", native_spec, "-o", native])[0] != 0:
        raise RuntimeError("kpic build native.kpi failed")
    cases.append(("a program without table source", native, ["--engine", pg.url()],
                  "this program has no table source"))
    failures = 0
    for what, program, argv, expected in cases:
        rc, stdout, stderr = run([program, "--as-of", "2026-03-01", *argv])
        text = stderr.decode()
        lines = [line for line in text.splitlines() if not line.startswith("(run ")]
        problems = []
        if rc != 2:
            problems.append("exit %d, not 2" % rc)
        if stdout:
            problems.append("printed a report: %r" % stdout[:80])
        if expected not in text:
            problems.append("stderr lacks %r" % expected)
        if len(lines) != 1 or ": error: " not in lines[0]:
            problems.append("not one error line")
        if "wrong" in text or "hunter2" in text or "right horse" in text:
            problems.append("the message shows a password")
        if problems:
            print("FAIL %s: %s\n  stderr: %s" % (what, "; ".join(problems), text.strip()))
            failures += 1
        else:
            print("ok %s: %s" % (what, lines[0]))
    # the right password works, and the numbers are the table's
    rc, stdout, stderr = run([good, "--as-of", "2026-03-01", "--format", "json", "--fail-on=",
                              "--engine", pg.url(user="secret:right%20horse")])
    series = json.loads(stdout)["goals"][0]["series"] if rc == 0 else None
    if series is None or [p["value"] for p in series[:2]] != [10.50, 20.25]:
        print("FAIL the right password: exit %d, %s\n%s" % (rc, series, stderr.decode()))
        failures += 1
    else:
        print("ok the right password: January 10.50 and February 20.25 USD")
    return failures


def main():
    kpic, work = sys.argv[1:3]
    folders = sys.argv[3:]
    try:
        pg = engines.Postgres()
    except engines.Skip as e:
        print("skipped: %s" % e)
        return 77
    failures = 0
    try:
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        os.chmod(work, 0o755)
        for folder in folders:
            failures += check_folder(pg, kpic, work, folder)
        failures += check_errors(pg, kpic, work)
    finally:
        pg.stop()
    print("engine: %s" % ("ok" if failures == 0 else "%d failure(s)" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
