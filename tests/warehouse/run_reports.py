"""run_reports.py ENGINE KPIC WORK SPEC_DIR...

For each spec folder (an example, the superstore spec, the hostile-names
fixture): build the evaluator, load every file source into ENGINE (postgres
or duckdb) as a typed table, as a loader would (downloads.py decodes GA4 and
Google Ads downloads and csv files with their options, without kpic), print
the query with `kpic sql --dialect ENGINE --table SOURCE=TABLE`, run it
there, and require the evaluator given the result with --periods to print
the same bytes and exit status as the evaluator reading the files itself,
in the json, text and html formats, at every as-of date the folder's
expected/ reports use (or KPI_AS_OF dates). The one difference allowed is
the lines on files (from_tables): a source computed in the engine read
none.

Table names are hostile on purpose (quotes of both kinds, spaces, a
semicolon), so identifier quoting is exercised on every run. Exit 77 when
the engine is not installed.
"""
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys

import downloads
import engines


# Folders whose spec is not named after them, and those whose spec reads the shared superstore export.
SPECS = {"fair_periods": "superstore_fair.kpi"}
ON_SUPERSTORE = ("superstore", "fair_periods")


def spec_of(folder):
    name = os.path.basename(folder.rstrip("/"))
    if name in SPECS:
        return os.path.join(folder, SPECS[name])
    own = os.path.join(folder, name + ".kpi")
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


def sources_of(spec):
    """[downloads.Source]: the spec's file sources (csv, ga4, google_ads), their paths made absolute."""
    out = []
    for src in downloads.spec_sources(without_comments(open(spec, encoding="utf-8").read())):
        if src.kind != "table":
            src.path = os.path.join(os.path.dirname(os.path.abspath(spec)), src.path)
            out.append(src)
    return out


def load_tables(engine, spec, out, table_of, files=None):
    """Loads each file source of SPEC into ENGINE as the table TABLE_OF(name), typed as a loader would
    (downloads.py); FILES maps a source to its files when not the spec's own.
    Returns [(Source, table, its rows)]."""
    loaded = []
    for src in sources_of(spec):
        typed = os.path.join(out, src.name + ".typed.csv")
        columns = downloads.typed_table(src, (files or {}).get(src.name, [src.path]), typed)
        engine.load(table_of(src.name), typed, columns)
        with open(typed, newline="", encoding="utf-8") as f:
            loaded.append((src, table_of(src.name), sum(1 for _ in csv.reader(f)) - 1))
    return loaded


# The superstore specs have no expected/ folder: dates inside, at and after its four years; for the
# windows of fair_periods, month ends and a day inside a month.
AS_OF = {"superstore": ["2017-07-01", "2019-12-31", "2020-01-15"],
         "fair_periods": ["2019-02-28", "2019-06-15", "2019-12-31"]}


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
    out = os.path.join(work, name)
    os.makedirs(out)
    if name in ON_SUPERSTORE:
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


# ---- what a report from tables says of the files ------------------------------------------------

def noteworthy(entries):
    """Whether the report lists its files (report-json.md): a download with a title, a stated range or
    totals rows, or a source with several files. ENTRIES: [(source, title, states, totals)]."""
    sources = [e[0] for e in entries]
    return any(e[1] is not None or e[2] is not None or e[3] or sources.count(e[0]) > 1 for e in entries)


def from_tables(fmt, report, table_sources, rows=None):
    """The report the evaluator prints when TABLE_SOURCES are computed in an engine instead of read from
    the files REPORT (the native evaluator's) came from: those sources read no file, so the data files
    section (text) and data_files (JSON) lose their entries, and the whole section when what is left is
    not noteworthy. ROWS, when every source is a table: {source: rows of its table}, the rows read
    (JSON's sources, the dashboard's total), fewer than the files' when later files replaced days.
    Everything else is the same bytes; the dashboard lists no files."""
    if rows is not None:
        report = with_rows(fmt, report, rows)
    if fmt == "text":
        head, sep, tail = report.partition(b"\ndata files:\n")
        if not sep:
            return report
        lines = tail.split(b"\n")
        end = next(i for i, line in enumerate(lines) if not line.startswith(b"  "))
        kept = [line for line in lines[:end] if line[2:].split(b":")[0].decode() not in table_sources]
        entries = [(line[2:].split(b":")[0], True if b"; the download" in line else None, None,
                    b"totals row" in line) for line in kept]
        section = sep + b"".join(line + b"\n" for line in kept) if noteworthy(entries) else b""
        return head + section + b"\n".join(lines[end:])
    if fmt == "json":
        at = report.find(b',\n  "data_files": [')
        if at < 0:
            return report
        assert report.endswith(b"\n  ]\n}\n"), "data_files is not the report's last member"
        lines = report[at:-len(b"\n  ]\n}\n")].split(b"\n")[2:]
        records = [json.loads(line.rstrip(b",")) for line in lines]
        kept = [r for r in records if r["source"] not in table_sources]
        if not noteworthy([(r["source"], r["title"], r["states"], r["totals_rows_left_out"]) for r in kept]):
            return report[:at] + b"\n}\n"
        body = b",\n".join(b"    " + line.strip().rstrip(b",") for line, r in zip(lines, records) if r in kept)
        return report[:at] + b',\n  "data_files": [\n' + body + b"\n  ]\n}\n"
    return report


def with_rows(fmt, report, rows):
    if fmt == "json":
        def count(m):
            return m.group(1) + (b"%d" % rows[m.group(2).decode()])
        return re.sub(rb'(\n    \{"name": "([^"]*)", .*?"rows_read": )\d+', count, report)
    if fmt == "html":
        total = sum(rows.values())
        return re.sub(rb'(<p class="sub">[^<]*?)\d+ rows? read',
                      lambda m: b"%s%d row%s read" % (m.group(1), total, b"" if total == 1 else b"s"), report)
    return report


def compare_reports(what, native_argv, computed_argv, dates, out, table_sources=(), rows=None):
    """(failures, why): COMPUTED_ARGV's reports that differ from NATIVE_ARGV's (bytes and exit status), both
    kept in OUT; the native report's lines on the files of TABLE_SOURCES are left out first (from_tables),
    and WHY says so when that changed a report."""
    failures, adjusted = 0, False
    for day in dates:
        for fmt in ("json", "text", "html"):
            native = run([*native_argv, "--as-of", day, "--format", fmt, "--color=never"])
            computed = run([*computed_argv, "--as-of", day, "--format", fmt, "--color=never"])
            expected = (native[0], from_tables(fmt, native[1], set(table_sources), rows), native[2])
            adjusted = adjusted or expected[1] != native[1]
            if native[0] > 1:
                print("FAIL %s %s %s: the native evaluator failed\n%s" % (what, day, fmt, native[2].decode()))
                failures += 1
            elif expected != computed:
                print("FAIL %s as of %s, %s: differs from reading the files" % (what, day, fmt))
                print("  exit %d vs %d; %s" % (native[0], computed[0], computed[2].decode().strip()))
                for suffix, result in (("native", expected), ("computed", computed)):
                    with open(os.path.join(out, "%s.%s.%s" % (day, fmt, suffix)), "wb") as f:
                        f.write(result[1])
                failures += 1
    return failures, " (but for the lines on files)" if adjusted else ""


# Folders checked again with a later download of each source given after the spec's own (--data
# twice): its days replace the earlier file's (docs/data-sources.md), and the loader must do the same.
REDOWNLOADS = {"seed": {"web": ["data/ga4-traffic.csv", "fixtures/ga4-traffic.csv"],
                        "ads": ["data/google-ads-campaigns.csv", "fixtures/google-ads-campaigns.csv"],
                        "erp": ["data/erp-orders.csv", "fixtures/erp-orders.csv"]}}


def variants(name, folder):
    """[(label, {source: [file]} or None, the native evaluator's --data arguments)]."""
    out = [("", None, [])]
    if name in REDOWNLOADS:
        files = {s: [os.path.join(folder, p) for p in paths] for s, paths in REDOWNLOADS[name].items()}
        argv = [a for s, paths in files.items() for p in paths for a in ("--data", "%s=%s" % (s, p))]
        out.append((" (re-downloaded)", files, argv))
    return out


def check_folder(engine, engine_name, kpic, work, folder):
    name, spec, out, evaluator = prepare_folder(kpic, work, folder)
    if spec is None:
        return evaluator
    failures = 0
    for label, files, data_argv in variants(name, folder):
        here = os.path.join(out, label.strip(" ()").replace(" ", "-"))
        os.makedirs(here, exist_ok=True)
        tables = []
        loaded = load_tables(engine, spec, here, lambda source: "%s \"loaded\" 'as'; table" % source, files)
        for src, table, _rows in loaded:
            tables += ["--table", "%s=%s" % (src.name, table)]
        query = os.path.join(here, "query.sql")
        rc, _, err = run([kpic, "sql", "--dialect", engine_name, *tables, spec, "-o", query])
        if rc != 0:
            print("FAIL %s: kpic sql\n%s" % (name, err.decode()))
            failures += 1
            continue
        periods = os.path.join(here, "periods.csv")
        engine.query_csv(query, periods)
        failed, why = compare_reports("%s%s: --periods from %s" % (name, label, engine_name), [evaluator, *data_argv],
                                 [evaluator, "--periods", periods], as_of_dates(folder), here,
                                 [src.name for src, _t, _r in loaded], {src.name: n for src, _t, n in loaded})
        if not failed:
            print("ok %s%s: %d dates x json, text, html byte-identical on %s%s"
                  % (name, label, len(as_of_dates(folder)), engine_name, why))
        failures += failed
    return failures


if __name__ == "__main__":
    sys.exit(main())
