#!/usr/bin/env python3
"""check_exports.py KPIC WORK: the downloads of tests/data/exports, end to end.

1. `kpic check exports.kpi` passes on the files as they come, and the
   evaluator's monthly values equal expected.json (computed without kpic by
   tests/data/exports/expected.py), exactly.
2. Overlapping files are never counted twice: Google Ads downloads of
   overlapping, nested and identical ranges (cut from the corpus file into
   WORK, the corpus itself untouched) give the sums computed here by hand
   under the rule "later files replace the days they cover", also through a
   folder and a glob, given with --data or as the spec's own path (which
   `kpic check` then samples, file by file); a count_distinct metric over
   overlapping files counts the values of the days each file keeps, exactly.
3. Bad input: a download of another kind and a cut download are one error
   each, with the place and what the file looks like.
Prints each failure; exit status 0 when all hold.
"""
import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "exports")
failures = []


def run(kpic, *args):
    return subprocess.run([kpic, *args], capture_output=True, text=True)


def series(report, goal):
    for g in report["goals"]:
        if g["name"] == goal:
            return {p["period"]: p["value"] for p in g["series"] if p["value"] is not None}
    raise KeyError(goal)


def same(a, b):
    return Decimal(str(a)) == Decimal(str(b))


def expect(what, got, want):
    if got != want:
        failures.append("%s:\n  got:  %s\n  want: %s" % (what, got, want))


def corpus(kpic):
    spec = os.path.join(HERE, "exports.kpi")
    r = run(kpic, "check", spec)
    expect("kpic check exports.kpi (exit status)", r.returncode, 0)
    r = run(kpic, "run", spec, "--", "--as-of", "2025-01-15", "--format", "json")
    if r.returncode not in (0, 1):
        failures.append("kpic run exports.kpi failed: %s" % r.stderr)
        return
    report = json.loads(r.stdout)
    with open(os.path.join(DATA, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    for metric, months in expected.items():
        got = series(report, "g_" + metric)
        for month, value in months.items():
            if month not in got or not same(got[month], value):
                failures.append("%s in %s: kpic %s, expected %s" % (metric, month, got.get(month), value))
    files = {f["source"]: f for f in report.get("data_files", [])}
    expect("the GA4 report's stated range", files.get("traffic", {}).get("states"), ["2024-10-01", "2024-12-31"])
    expect("the exploration's totals row", files.get("explore", {}).get("totals_rows_left_out"), 1)


def ads_rows():
    with open(os.path.join(DATA, "google-ads-campaigns.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    head, rows, totals = lines[:3], [l for l in lines[3:] if not l.startswith("Total:")], \
        [l for l in lines[3:] if l.startswith("Total:")]
    return head, rows, totals


def cut(work, name, head, rows, totals, first, last, scale=None):
    """A download of [first, last]; scale multiplies the cost (a corrected re-download)."""
    out = []
    for line in rows:
        day = line[:10]
        if first <= day <= last:
            if scale is not None:
                parts = next(csv.reader([line]))
                if parts[4] != "--":
                    parts[4] = "%.2f" % (Decimal(parts[4].replace(",", "")) * scale)
                buf = io.StringIO()
                csv.writer(buf, lineterminator="").writerow(parts)
                line = buf.getvalue()
            out.append(line)
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(head + out + totals) + "\n")
    return path


def cost_by_month(paths_and_ranges):
    """The rule, by hand: per day, the last file (in order) whose range holds it gives its rows."""
    by_day = {}
    for path, first, last in paths_and_ranges:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()[3:]
        days = {}
        for parts in csv.reader(lines):
            if parts[0].startswith("Total:"):
                continue
            days.setdefault(parts[0], Decimal(0))
            if parts[4] != "--":
                days[parts[0]] += Decimal(parts[4].replace(",", ""))
        for day in list(by_day):
            if first <= day <= last:
                del by_day[day]
        by_day.update(days)
    months = {}
    for day, v in by_day.items():
        months[day[:7]] = months.get(day[:7], Decimal(0)) + v
    return months


def overlaps(kpic, work):
    head, rows, totals = ads_rows()
    spec = os.path.join(work, "ads.kpi")
    with open(spec, "w") as f:
        f.write('source ads = google_ads "none.csv"\n\nmetric ad_cost : EUR from "Cost" in ads\n\n'
                'goal g "Ad cost"\n  lower ad_cost 10% within 12 months\n  owner "Ads"\n  starting 2024-10\n'
                '  review monthly\n')
    oct_nov = cut(work, "ads-oct-nov.csv", head, rows, totals, "2024-10-01", "2024-11-30")
    nov_dec = cut(work, "ads-nov-dec.csv", head, rows, totals, "2024-11-01", "2024-12-31")
    week = cut(work, "ads-dec-week.csv", head, rows, totals, "2024-12-09", "2024-12-15", Decimal("1.1"))
    whole = os.path.join(DATA, "google-ads-campaigns.csv")
    cases = {
        "overlapping": [(oct_nov, "2024-10-01", "2024-11-30"), (nov_dec, "2024-11-01", "2024-12-31")],
        "nested": [(whole, "2024-10-01", "2024-12-31"), (week, "2024-12-09", "2024-12-15")],
        "identical": [(whole, "2024-10-01", "2024-12-31"), (whole, "2024-10-01", "2024-12-31")],
        "replaced whole": [(week, "2024-12-09", "2024-12-15"), (whole, "2024-10-01", "2024-12-31")],
    }
    for name, files in cases.items():
        args = ["run", spec, "--"]
        for path, _, _ in files:
            args += ["--data", "ads=" + path]
        r = run(kpic, *args, "--as-of", "2025-01-15", "--format", "json")
        if r.returncode not in (0, 1):
            failures.append("%s files: %s" % (name, r.stderr.strip()))
            continue
        got = series(json.loads(r.stdout), "g")
        want = cost_by_month(files)
        for month, value in sorted(want.items()):
            if month not in got or not same(got[month], value):
                failures.append("%s files, ad_cost in %s: kpic %s, by hand %s" % (name, month, got.get(month), value))
    # the same through a folder and a glob: files in name order
    folder = os.path.join(work, "folder")
    os.makedirs(folder, exist_ok=True)
    for src, dst in ((oct_nov, "1-oct-nov.csv"), (nov_dec, "2-nov-dec.csv")):
        with open(src, encoding="utf-8") as f, open(os.path.join(folder, dst), "w", encoding="utf-8") as g:
            g.write(f.read())
    want = cost_by_month(cases["overlapping"])
    for arg in (folder, os.path.join(folder, "*.csv")):
        r = run(kpic, "run", spec, "--", "--data", "ads=" + arg, "--as-of", "2025-01-15", "--format", "json")
        got = series(json.loads(r.stdout), "g") if r.returncode in (0, 1) else {}
        for month, value in want.items():
            if not same(got.get(month, "nan"), value):
                failures.append("--data ads=%s, ad_cost in %s: kpic %s, by hand %s" % (arg, month, got.get(month),
                                                                                      value))
    # ... and as the spec's own path: check samples the files, the run reads them without --data
    for path in ("folder/", "folder/*.csv"):
        own = os.path.join(work, "ads-own-path.kpi")
        with open(own, "w") as f:
            f.write('source ads = google_ads "%s"\n\nmetric ad_cost : EUR from "Cost" in ads\n\n'
                    'goal g "Ad cost"\n  lower ad_cost 10%% within 12 months\n  owner "Ads"\n  starting 2024-10\n'
                    '  review monthly\n' % path)
        r = run(kpic, "check", own)
        expect("kpic check with the spec's path %s (exit status, output)" % path, (r.returncode, r.stdout + r.stderr),
               (0, ""))
        r = run(kpic, "run", own, "--", "--as-of", "2025-01-15", "--format", "json")
        got = series(json.loads(r.stdout), "g") if r.returncode in (0, 1) else {}
        for month, value in want.items():
            if not same(got.get(month, "nan"), value):
                failures.append("the spec's path %s, ad_cost in %s: kpic %s, by hand %s" % (path, month,
                                                                                         got.get(month), value))
    r = run(kpic, "run", spec, "--", "--data", "ads=" + week, "--data", "ads=" + whole, "--as-of", "2025-01-15")
    if "ads-dec-week.csv gave no days (later files cover all of them)" not in r.stdout:
        failures.append("a file whose days were all replaced is not named in the report:\n" + r.stdout)


def visits_file(work, name, tag, first, last, skip=()):
    """Rows of (day, user, views) every day of [first, last] but skip; users named after tag, so that files differ."""
    import datetime
    day = datetime.date.fromisoformat(first)
    end = datetime.date.fromisoformat(last)
    lines = ["day,user,views"]
    k = 0
    while day <= end:
        if day.isoformat() not in skip:
            for j in range(1 + day.day % 3):
                k += 1
                lines.append("%s,%s-%d,%d" % (day.isoformat(), tag, (k * 7 + j) % 23, 1 + (k + j) % 5))
        day += datetime.timedelta(days=1)
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def visits_by_month(paths):
    """The rule, by hand: per day, the last file whose first-to-last row days hold it gives its rows."""
    by_day = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        first, last = min(r["day"] for r in rows), max(r["day"] for r in rows)
        for day in [d for d in by_day if first <= d <= last]:
            del by_day[day]
        for r in rows:
            by_day.setdefault(r["day"], []).append(r)
    users, views = {}, {}
    for day, rows in by_day.items():
        for r in rows:
            users.setdefault(day[:7], set()).add(r["user"])
            views[day[:7]] = views.get(day[:7], 0) + int(r["views"])
    return {m: len(u) for m, u in users.items()}, views


def distinct_overlaps(kpic, work):
    """count_distinct over overlapping files: exact, by the same rule as sums."""
    spec = os.path.join(work, "visits.kpi")
    with open(spec, "w") as f:
        f.write('source visits = csv "none.csv"\n  date "day"\n\n'
                'metric visitors : count from "user" aggregate count_distinct\nmetric views : count\n\n'
                'goal g_visitors "Visitors"\n  raise visitors 10% within 12 months\n  owner "Web"\n'
                '  starting 2024-10\n  review monthly\n\n'
                'goal g_views "Views"\n  raise views 10% within 12 months\n  owner "Web"\n'
                '  starting 2024-10\n  review monthly\n')
    oct_nov = visits_file(work, "visits-oct-nov.csv", "a", "2024-10-01", "2024-11-30")
    nov_dec = visits_file(work, "visits-nov-dec.csv", "b", "2024-11-01", "2024-12-31", skip={"2024-11-20"})
    week = visits_file(work, "visits-week.csv", "c", "2024-11-11", "2024-11-17")
    cases = {
        "overlapping": [oct_nov, nov_dec],
        "nested": [oct_nov, week],
        "identical": [oct_nov, oct_nov],
        "replaced whole": [week, oct_nov],
        "three": [oct_nov, week, nov_dec],
        "three, nested last": [oct_nov, nov_dec, week],
    }
    for name, paths in cases.items():
        args = ["run", spec, "--"]
        for path in paths:
            args += ["--data", "visits=" + path]
        r = run(kpic, *args, "--as-of", "2025-01-15", "--format", "json")
        if r.returncode not in (0, 1):
            failures.append("count_distinct, %s files: %s" % (name, r.stderr.strip()))
            continue
        report = json.loads(r.stdout)
        users, views = visits_by_month(paths)
        for goal, want in (("g_visitors", users), ("g_views", views)):
            got = series(report, goal)
            for month, value in sorted(want.items()):
                if month not in got or not same(got[month], value):
                    failures.append("count_distinct, %s files, %s in %s: kpic %s, by hand %s"
                                    % (name, goal, month, got.get(month), value))
        kept = [f["path"] for f in report.get("data_files", []) if f.get("source") == "visits"]
        expect("count_distinct, %s files: the report's files in the order given" % name, kept, paths)


def bad_input(kpic, work):
    spec = os.path.join(work, "web.kpi")
    with open(spec, "w") as f:
        f.write('source web = ga4 "none.csv"\n\nmetric visitors : count from "Users" in web\n\n'
                'goal g "Visitors"\n  raise visitors 10% within 12 months\n  owner "Web"\n  starting 2024-10\n'
                '  review monthly\n')
    ads = os.path.join(DATA, "google-ads-campaigns.csv")
    r = run(kpic, "run", spec, "--", "--data", ads, "--as-of", "2025-01-15")
    expect("an Ads download read as ga4 (exit status)", r.returncode, 2)
    want = ('missing column "Date" (source "web", read as ga4): the file looks like a Google Ads download (read '
            'it with google_ads); its line 1 has: "Campaign performance"')
    if want not in r.stderr:
        failures.append("an Ads download read as ga4:\n  got:  %s\n  want: ...%s" % (r.stderr.strip(), want))
    with open(ads, "rb") as f:
        data = f.read()
    cut_at = data.index(b"\n2024-11-15") + 30            # inside the row of 2024-11-15
    truncated = os.path.join(work, "cut.csv")
    with open(truncated, "wb") as f:
        f.write(data[:cut_at])
    spec_ads = os.path.join(work, "ads.kpi")
    r = run(kpic, "run", spec_ads, "--", "--data", "ads=" + truncated, "--as-of", "2025-01-15")
    line = data[:cut_at].count(b"\n") + 1
    expect("a cut download (exit status)", r.returncode, 2)
    if ("cut.csv:%d:" % line) not in r.stderr:
        failures.append("a cut download names no place (line %d):\n  %s" % (line, r.stderr.strip()))
    before_totals = os.path.join(work, "no-totals.csv")
    with open(before_totals, "wb") as f:
        f.write(data[:data.index(b"Total: Account")])
    r = run(kpic, "run", spec_ads, "--", "--data", "ads=" + before_totals, "--as-of", "2025-01-15")
    if "the file ends without the \"Total:\" rows that end a Google Ads download" not in r.stderr:
        failures.append("a download cut before its Total rows:\n  %s" % r.stderr.strip())


def main():
    kpic, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    corpus(kpic)
    overlaps(kpic, work)
    distinct_overlaps(kpic, work)
    bad_input(kpic, work)
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("the export corpus reads as computed by hand; overlaps, wrong kinds and cut downloads as documented")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
