#!/usr/bin/env python3
"""check_baselines.py KIND DATA REPORT.json AS_OF: the measured baselines, computed without kpic.

KIND is `superstore` (DATA: the export) or `seasonal` (DATA: the file
gen_seasonal.py wrote). The goals of superstore_baselines.kpi and
seasonal.kpi are restated below by hand; their numbers are computed here
from the rows with Decimal, following docs/evaluation.md ("Baselines"),
with Python's own calendar (datetime, isocalendar), and compared with the
evaluator's JSON report of the same date. Money must match to the cent
(baseline and current exactly; target and expected, which kpic derives
through doubles, within a cent), progress to 1e-6. Exit 1 on a difference.
"""
import csv
import datetime
import json
import re
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

D = datetime.date
CENT = Decimal("0.01")

# ---- data: one Decimal per metric and day ---------------------------------------------


def read_superstore(path):
    days = defaultdict(lambda: defaultdict(Decimal))
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            m, d, y = (int(x) for x in row["Order Date"].split("/"))
            day = D(y, m, d)
            days["sales"][day] += Decimal(row["Sales"])
            days["profit"][day] += Decimal(row["Profit"])
            if row["Category"] == "Technology":
                days["technology_sales"][day] += Decimal(row["Sales"])
    return days


def read_seasonal(path):
    days = defaultdict(lambda: defaultdict(Decimal))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            days["sales"][D.fromisoformat(row["day"])] += Decimal(row["sales"])
    return days

# ---- periods: (granularity, first day) ------------------------------------------------


def period_of(day, g):
    if g == "daily":
        return day
    if g == "weekly":
        return day - datetime.timedelta(days=day.weekday())
    if g == "monthly":
        return D(day.year, day.month, 1)
    if g == "quarterly":
        return D(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return D(day.year, 1, 1)


def next_period(p, g):
    if g == "daily":
        return p + datetime.timedelta(days=1)
    if g == "weekly":
        return p + datetime.timedelta(days=7)
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}[g]
    n = p.year * 12 + p.month - 1 + months
    return D(n // 12, n % 12 + 1, 1)


def last_day(p, g):
    return next_period(p, g) - datetime.timedelta(days=1)


def last_complete(day, g):
    p = period_of(day, g)
    if last_day(p, g) <= day:
        return p
    return period_of(p - datetime.timedelta(days=1), g)


def periods(first, last, g):
    out, p = [], first
    while p <= last:
        out.append(p)
        p = next_period(p, g)
    return out


def year_before(p, g):
    if g == "daily":
        if p.month == 2 and p.day == 29:
            return D(p.year - 1, 2, 28)
        return D(p.year - 1, p.month, p.day)
    if g == "weekly":
        year, week, _ = p.isocalendar()
        weeks = D(year - 1, 12, 28).isocalendar()[1]
        return D.fromisocalendar(year - 1, min(week, weeks), 1)
    return D(p.year - 1, p.month, 1)


def label(p, g):
    if g == "daily":
        return p.isoformat()
    if g == "weekly":
        y, w, _ = p.isocalendar()
        return "%d-W%02d" % (y, w)
    if g == "monthly":
        return "%d-%02d" % (p.year, p.month)
    if g == "quarterly":
        return "%d-Q%d" % (p.year, (p.month - 1) // 3 + 1)
    return "%d" % p.year


class Data:
    def __init__(self, days):
        self.days = days

    def value(self, metric, p, g):
        cells = self.days[metric]
        d, end, total, seen = p, last_day(p, g), Decimal(0), False
        while d <= end:
            if d in cells:
                total += cells[d]
                seen = True
            d += datetime.timedelta(days=1)
        return total if seen else None

# ---- the rules ------------------------------------------------------------------------


def judge(data, goal, as_of):
    g = goal.get("review", "monthly")
    s = period_of(goal["start"], g)
    d = max(s, last_complete(goal["deadline"], g))
    c = min(last_complete(as_of, g), d)
    kind = goal["baseline"]
    out = {"baseline_kind": kind if kind in ("last_year", "average") else "period"}
    if kind == "last_year":
        ly = year_before(c if c >= s else s, g)
        out["baseline_period"] = label(ly, g)
        b = data.value(goal["metric"], ly, g)
    else:
        if kind == "average":
            before = last_complete(goal["start"] - datetime.timedelta(days=1), g)
            ps = periods(before, before, g)
            while len(ps) < goal["periods"]:
                ps.insert(0, period_of(ps[0] - datetime.timedelta(days=1), g))
        else:
            first, last = goal["period"]
            ps = [p for p in periods(period_of(first, g), last, g) if p >= first and last_day(p, g) <= last]
        out["baseline_period"] = label(ps[0], g) if len(ps) == 1 else "%s to %s" % (label(ps[0], g), label(ps[-1], g))
        values = [data.value(goal["metric"], p, g) for p in ps]
        b = None if None in values else sum(values) / len(values)
    out["baseline"] = b
    out["words"] = words(goal, out["baseline_period"])
    if as_of < goal["start"] or c < s:
        out["status"] = "not_started"
        return out
    cur = data.value(goal["metric"], c, g)
    out["current"] = cur
    if b is None:
        out["status"] = "no_data"
        return out
    r = goal["change"]
    target = b + abs(b) * r
    n_done, n_all = len(periods(s, c, g)), len(periods(s, d, g))
    share = Decimal(1) if goal.get("path") == "flat" else Decimal(n_done) / Decimal(n_all)
    expected = b + share * (target - b)
    out.update(target=target, expected=expected, progress=(cur - b) / (target - b))
    if as_of >= goal["deadline"]:
        out["status"] = "achieved" if cur >= target else "missed"
    elif cur >= expected:
        out["status"] = "on_track"
    elif expected - cur <= Decimal("0.1") * abs(target - b):
        out["status"] = "at_risk"
    else:
        out["status"] = "off_track"
    return out

def words(goal, span):
    """What the reports (text, HTML) say the baseline is (docs/dashboard.md)."""
    kind, several = goal["baseline"], " to " in span
    if kind == "last_year":
        return "%s, the same period last year" % span
    if kind == "period" and several:
        return "%s, the average of %s" % (goal["named"], span)
    return ("the average of " if several else "") + span


def check_other_formats(goals, wants, csv_path, text_path, html_path, problems):
    """The CSV's baseline_kind and baseline_period, the text dashboard's baseline line and the HTML
    card's Baseline term carry what the JSON does, in words computed here."""
    with open(csv_path, newline="") as f:
        rows = {r["name"]: r for r in csv.DictReader(f)}
    text = open(text_path, encoding="utf-8").read()
    html = open(html_path, encoding="utf-8").read()
    for name, want in wants.items():
        row = rows.get(name, {})
        for key in ("baseline_kind", "baseline_period"):
            if row.get(key) != want[key]:
                problems.append("%s: csv %s %r, expected %r" % (name, key, row.get(key), want[key]))
        if want["baseline"] is not None and not re.search(r"\n *(│ *)?baseline [^:\n]+: %s\n" % re.escape(want["words"]), text):
            problems.append("%s: the text dashboard has no line 'baseline ...: %s'" % (name, want["words"]))
        if "<dt>Baseline (%s)</dt>" % want["words"] not in html and "." not in name:
            problems.append("%s: the HTML card has no term 'Baseline (%s)'" % (name, want["words"]))

# ---- the goals of the two specs -------------------------------------------------------


def superstore_goals():
    y19 = dict(start=D(2019, 1, 1), deadline=D(2019, 12, 31))
    h19 = dict(start=D(2019, 1, 1), deadline=D(2019, 6, 30))
    return {
        "on_last_year": dict(metric="sales", baseline="last_year", change=Decimal("0.20"), **y19),
        "on_last_year.technology_sales": dict(metric="technology_sales", baseline="last_year",
                                              change=Decimal("0.10"), **y19),
        "flat_on_last_year": dict(metric="sales", baseline="last_year", change=Decimal("0.05"), path="flat", **y19),
        "on_average": dict(metric="sales", baseline="average", periods=3, change=Decimal("0.10"), **h19),
        "on_q4": dict(metric="sales", baseline="period", period=(D(2018, 10, 1), D(2018, 12, 31)), named="2018-Q4",
                      change=Decimal("0.10"), **h19),
        "on_2018_quarters": dict(metric="sales", baseline="period", period=(D(2018, 1, 1), D(2018, 12, 31)), named="2018",
                                 review="quarterly", change=Decimal("0.10"), **y19),
        "profit_on_last_year": dict(metric="profit", baseline="last_year", review="quarterly",
                                    change=Decimal("0.10"), **y19),
        "before_the_data": dict(metric="sales", baseline="last_year", change=Decimal("0.10"),
                                start=D(2016, 1, 1), deadline=D(2016, 12, 31)),
    }


def seasonal_goals():
    return {
        "daily_leap": dict(metric="sales", baseline="last_year", review="daily", change=Decimal("0.10"),
                           start=D(2024, 2, 1), deadline=D(2024, 3, 31)),
        "monthly_leap": dict(metric="sales", baseline="last_year", change=Decimal("0.10"),
                             start=D(2024, 1, 1), deadline=D(2024, 12, 31)),
        "weekly": dict(metric="sales", baseline="last_year", review="weekly", change=Decimal("0.05"),
                       start=D(2024, 1, 1), deadline=D(2024, 6, 30)),
    }

# ---- comparison -----------------------------------------------------------------------


def flatten(goals, out):
    for g in goals:
        out[g["name"]] = g
        flatten(g["drivers"], out)
    return out


def main():
    kind, data_path, report_path, as_of = sys.argv[1:5]
    as_of = D.fromisoformat(as_of)
    data = Data(read_superstore(data_path) if kind == "superstore" else read_seasonal(data_path))
    goals = superstore_goals() if kind == "superstore" else seasonal_goals()
    with open(report_path) as f:
        report = flatten(json.load(f)["goals"], {})
    problems, wants = [], {}
    for name, goal in goals.items():
        want, got = judge(data, goal, as_of), report.get(name)
        wants[name] = want
        if got is None:
            problems.append("%s: not in the report" % name)
            continue
        for key, w in want.items():
            if key == "words":
                continue
            a = got.get(key)
            if isinstance(w, Decimal):
                exact = key in ("baseline", "current")
                if a is None:
                    ok = False
                elif key == "progress":
                    ok = abs(Decimal(str(a)) - w) <= Decimal("0.000001")
                else:
                    diff = abs(Decimal(str(a)) - w.quantize(CENT, ROUND_HALF_UP))
                    ok = diff == 0 if exact else diff <= CENT
                if not ok:
                    problems.append("%s.%s: %s, expected %s" % (name, key, a, w))
            elif a != w:
                problems.append("%s.%s: %r, expected %r" % (name, key, a, w))
        if want["status"] == "no_data" and "same period last year" not in (got.get("reason") or ""):
            problems.append("%s.reason: %r does not name the missing period" % (name, got.get("reason")))
    if len(sys.argv) > 5:
        check_other_formats(goals, wants, *sys.argv[5:8], problems)
    for p in problems:
        print("FAIL %s as of %s: %s" % (kind, as_of, p))
    print("%s as of %s: %d goals, %d differences" % (kind, as_of, len(goals), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
