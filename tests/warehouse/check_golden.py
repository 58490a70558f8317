"""check_golden.py KPIC GOLDEN_DIR SPEC_DIR... [--update]

The query `kpic sql` prints for each spec folder in every dialect, compared
with golden/<folder>.<dialect>.sql. For BigQuery and Spark SQL, which cannot
run here, these files are the verification: they were reviewed against each
engine's documentation (docs/warehouse.md lists what was checked). PostgreSQL
and DuckDB goldens show the text users get; those queries also run live
(run_reports.py). Each file source (csv, ga4, google_ads) is named as the
table warehouse.SOURCE.
--update rewrites the goldens instead of comparing.
"""
import os
import subprocess
import sys

from run_reports import sources_of, spec_of

DIALECTS = ("postgres", "duckdb", "bigquery", "spark")


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv
    kpic, golden, folders = args[0], args[1], args[2:]
    failures = 0
    for folder in folders:
        name = os.path.basename(folder.rstrip("/"))
        spec = spec_of(folder)
        tables = []
        for src in sources_of(spec):
            tables += ["--table", "%s=warehouse.%s" % (src.name, src.name)]
        for dialect in DIALECTS:
            r = subprocess.run([kpic, "sql", "--dialect", dialect, *tables, spec],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            path = os.path.join(golden, "%s.%s.sql" % (name, dialect))
            if r.returncode != 0:
                print("FAIL %s %s: kpic sql exited %d\n%s" % (name, dialect, r.returncode, r.stderr.decode()))
                failures += 1
                continue
            if update:
                with open(path, "wb") as f:
                    f.write(r.stdout)
                continue
            want = open(path, "rb").read() if os.path.exists(path) else b""
            if want != r.stdout:
                print("FAIL %s %s: the query differs from %s (rerun with --update after review)" % (name, dialect, path))
                failures += 1
    print("golden SQL: %s" % ("ok" if failures == 0 else "%d failure(s)" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
