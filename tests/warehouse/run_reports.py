"""run_reports.py ENGINE KPIC WORK SPEC_DIR...

For each spec folder (an example, the superstore spec, the hostile-names
fixture): build the evaluator, load every csv source into ENGINE (postgres
or duckdb) as a table, print the query with `kpic sql --dialect ENGINE
--table SOURCE=TABLE`, run it there, and require the evaluator given the
result with --periods to print the same bytes and exit status as the
evaluator reading the files itself, in the json, text and html formats, at
every as-of date the folder's expected/ reports use (or KPI_AS_OF dates).

Table names are hostile on purpose (quotes of both kinds, spaces, a
semicolon), so identifier quoting is exercised on every run. Exit 77 when
the engine is not installed.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

import engines

SOURCE = re.compile(r'^source\s+(\w+)\s*=\s*csv\s+"([^"]*)"((?:\s+(?:date|format)\s+"[^"]*")*)', re.M)
OPTION = re.compile(r'(date|format)\s+"([^"]*)"')
# A source loaded from a download (ga4, google_ads) or a file in another
# encoding or number style: a warehouse holds it as a table that some loader
# wrote, which this test does not restate (the e2e tests read those files).
ANY_SOURCE = re.compile(r'^source\s+(\w+)\s*=\s*(\w+)', re.M)
DIALECT_OPTION = re.compile(r'^\s+(encoding|delimiter|decimal|thousands|skip|comment|null)\b', re.M)


def spec_of(folder):
    own = os.path.join(folder, os.path.basename(folder) + ".kpi")
    if os.path.exists(own):
        return own
    specs = sorted(glob.glob(os.path.join(folder, "*.kpi")))
    return specs[0]


def without_comments(text):
    lines = []
    for line in text.split("\n"):
        quotes = 0
        for i, c in enumerate(line):
            if c == '"':
                quotes += 1
            elif c == "#" and quotes % 2 == 0:
                line = line[:i]
                break
        lines.append(line)
    return "\n".join(lines)


def downloads_in(spec):
    """Why the spec's files cannot be loaded as plain CSV tables, or None."""
    text = without_comments(open(spec, encoding="utf-8").read())
    kinds = sorted({kind for _name, kind in ANY_SOURCE.findall(text) if kind not in ("csv", "table")})
    if kinds:
        return "its sources read %s downloads" % " and ".join(kinds)
    options = sorted(set(DIALECT_OPTION.findall(text)))
    if options:
        return "its sources declare %s" % ", ".join(options)
    return None


def sources_of(spec):
    text = without_comments(open(spec, encoding="utf-8").read())
    out = []
    for m in SOURCE.finditer(text):
        opts = dict(OPTION.findall(m.group(3)))
        out.append((m.group(1), os.path.join(os.path.dirname(spec), m.group(2)), opts.get("date", "date"),
                    opts.get("format")))
    return out


# The superstore spec has no expected/ folder: dates inside, at and after its four years.
AS_OF = {"superstore": ["2017-07-01", "2019-12-31", "2020-01-15"]}


def as_of_dates(folder):
    if os.path.basename(folder.rstrip("/")) in AS_OF:
        return AS_OF[os.path.basename(folder.rstrip("/"))]
    dates = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(folder, "expected", "*.json")))
    extra = os.path.join(folder, "as-of")
    if os.path.exists(extra):
        dates += open(extra).read().split()
    return dates


def run(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stdout, r.stderr


def main():
    engine_name, kpic, work = sys.argv[1:4]
    folders = sys.argv[4:]
    try:
        engine = engines.start(engine_name)
    except engines.Skip as e:
        print("skipped: %s" % e)
        return 77
    failures = 0
    try:
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        for folder in folders:
            failures += check_folder(engine, engine_name, kpic, work, folder)
    finally:
        engine.stop()
    print("%s: %s" % (engine_name, "ok" if failures == 0 else "%d failure(s)" % failures))
    return 1 if failures else 0


def prepare_folder(kpic, work, folder):
    """(name, spec, out folder, native evaluator) or (name, None, None, failures): the folder's spec,
    built into WORK/<name>/eval; the superstore spec next to a link to the shared export."""
    name = os.path.basename(folder.rstrip("/"))
    spec = spec_of(folder)
    why = downloads_in(spec)
    if why:
        print("skipped %s: %s (its query is checked by check_golden.py)" % (name, why))
        return name, None, None, 0
    out = os.path.join(work, name)
    os.makedirs(out)
    if name == "superstore":
        data = os.path.join(os.environ.get("KPI_SHARED_DATA", ""), "superstore.csv")
        if not os.path.exists(data):
            print("skipped %s: KPI_SHARED_DATA/superstore.csv not found" % name)
            return name, None, None, 0
        shutil.copy(spec, out)
        spec = os.path.join(out, os.path.basename(spec))
        os.symlink(data, os.path.join(out, "superstore.csv"))
    evaluator = os.path.join(out, "eval")
    rc, _, err = run([kpic, "build", spec, "-o", evaluator])
    if rc != 0:
        print("FAIL %s: kpic build\n%s" % (name, err.decode()))
        return name, None, None, 1
    return name, spec, out, evaluator


def compare_reports(what, native_eval, computed_argv, dates, out):
    """Failures: COMPUTED_ARGV's reports that differ from NATIVE_EVAL's (bytes and exit status), both kept in OUT."""
    failures = 0
    for day in dates:
        for fmt in ("json", "text", "html"):
            native = run([native_eval, "--as-of", day, "--format", fmt, "--color=never"])
            computed = run([*computed_argv, "--as-of", day, "--format", fmt, "--color=never"])
            if native[0] > 1:
                print("FAIL %s %s %s: the native evaluator failed\n%s" % (what, day, fmt, native[2].decode()))
                failures += 1
            elif native != computed:
                print("FAIL %s as of %s, %s: differs from reading the files" % (what, day, fmt))
                print("  exit %d vs %d; %s" % (native[0], computed[0], computed[2].decode().strip()))
                for suffix, result in (("native", native), ("computed", computed)):
                    with open(os.path.join(out, "%s.%s.%s" % (day, fmt, suffix)), "wb") as f:
                        f.write(result[1])
                failures += 1
    return failures


def check_folder(engine, engine_name, kpic, work, folder):
    name, spec, out, evaluator = prepare_folder(kpic, work, folder)
    if spec is None:
        return evaluator
    tables = []
    for source, path, date_column, date_format in sources_of(spec):
        table = "%s \"loaded\" 'as'; table" % source
        typed = os.path.join(out, source + ".typed.csv")
        engine.load(table, typed, engines.typed_table(path, date_column, date_format, typed))
        tables += ["--table", "%s=%s" % (source, table)]
    query = os.path.join(out, "query.sql")
    rc, _, err = run([kpic, "sql", "--dialect", engine_name, *tables, spec, "-o", query])
    if rc != 0:
        print("FAIL %s: kpic sql\n%s" % (name, err.decode()))
        return 1
    periods = os.path.join(out, "periods.csv")
    engine.query_csv(query, periods)
    failures = compare_reports("%s: --periods from %s" % (name, engine_name), evaluator,
                               [evaluator, "--periods", periods], as_of_dates(folder), out)
    if failures == 0:
        print("ok %s: %d dates x json, text, html byte-identical on %s" % (name, len(as_of_dates(folder)), engine_name))
    return failures


if __name__ == "__main__":
    sys.exit(main())
