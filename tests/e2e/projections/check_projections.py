#!/usr/bin/env python3
"""check_projections.py KIND DATA REPORT.json AS_OF: the projections, computed without kpic.

KIND is `seasonal` (DATA: the file gen_projection.py wrote) or `superstore`
(DATA: the export). The goals of seasonal_projection.kpi and
superstore_projection.kpi are restated below by hand; period values are
summed from the rows with Decimal, the lines are fitted with Python's
statistics.linear_regression, the t quantile comes from examples/evalref.py
(Simpson's rule on the density, not the runtime's series), and the rules are
those of docs/evaluation.md ("Projection"). Each goal's projection (method,
value, low, high, status, and whether it says why) is compared with the
evaluator's JSON report of the same date: values within a cent (they come
through doubles), statuses exactly. Exit 1 on a difference.
"""
import csv
import datetime
import json
import math
import os
import statistics
import sys
from collections import defaultdict
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples"))
import evalref  # noqa: E402  (only its t quantile)

D = datetime.date
PER_YEAR = {"monthly": 12, "quarterly": 4}


def period(day, g):
    return day.year * 12 + day.month - 1 if g == "monthly" else day.year * 4 + (day.month - 1) // 3


def last_complete(day, g):
    nxt = day + datetime.timedelta(days=1)
    p = period(day, g)
    return p if period(nxt, g) != p else p - 1


def read(kind, path):
    """Decimal totals per (granularity, period)."""
    days = defaultdict(Decimal)
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if kind == "superstore":
                m, d, y = (int(x) for x in row["Order Date"].split("/"))
                days[D(y, m, d)] += Decimal(row["Sales"])
            else:
                days[D.fromisoformat(row["day"])] += Decimal(row["sales"])
    totals = defaultdict(Decimal)
    for day, v in days.items():
        for g in PER_YEAR:
            totals[(g, period(day, g))] += v
    return totals


def forecast(points, x0, weights=None):
    """sum w_k * line(x_k) over (x_k, w_k), and the 80% half-width (None below 3 points)."""
    weights = weights if weights is not None else [(x0, 1.0)]
    if len(points) == 1:
        return sum(w for _, w in weights) * points[0][1], None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    slope, intercept = statistics.linear_regression(xs, ys)
    value = sum(w * (intercept + slope * x) for x, w in weights)
    n = len(points)
    if n < 3:
        return value, None
    mx = statistics.fmean(xs)
    sxx = sum((x - mx) ** 2 for x in xs)
    s2 = sum((y - intercept - slope * x) ** 2 for x, y in points) / (n - 2)
    wsum = sum(w for _, w in weights)
    spread = sum(w * w for _, w in weights) + wsum ** 2 / n + sum(w * (x - mx) for x, w in weights) ** 2 / sxx
    return value, evalref.student_t90(n - 2) * math.sqrt(s2 * spread)


def project(totals, goal, as_of):
    g = goal.get("review", "monthly")
    year = PER_YEAR[g]
    s, d = period(goal["start"], g), last_complete(goal["deadline"], g)
    c = min(last_complete(as_of, g), d)

    def value(p):
        v = totals.get((g, p))
        return float(v) if v is not None and p <= c else None

    def last_year(p):
        v = value(p - year)
        return v if v is not None and v > 0 else None

    todo = list(range(c + 1, d + 1)) if goal.get("cumulative") else [d]
    so_far = sum(v for v in (value(p) for p in range(s, c + 1)) if v is not None) if goal.get("cumulative") else 0
    ratios = [(p - s, value(p) / last_year(p)) for p in range(min(s, c - year + 1), c + 1)
              if value(p) is not None and last_year(p) is not None]
    if ratios and all(last_year(q) is not None for q in todo) and not goal.get("line"):
        v, half = forecast(ratios, d - s, [(q - s, last_year(q)) for q in todo])
        method = "seasonal"
    else:
        points = [(p - s, value(p)) for p in range(s, c + 1) if value(p) is not None]
        v, half = forecast(points, d - s, [(q - s, 1.0) for q in todo])
        method = "linear"
    v += so_far
    low, high = (None, None) if half is None else (v - half, v + half)

    # the aim at the deadline: the target from the baseline, or last year's deadline value plus the change
    if goal.get("baseline") == "last_year":
        aim = float(totals[(g, d - year)]) * (1 + goal["change"])
    elif goal.get("cumulative"):
        aim = float(sum(totals[(g, p - year)] for p in range(s, d + 1))) * (1 + goal["change"])
    elif "reach" in goal:
        aim = goal["reach"]
    else:
        aim = float(totals[(g, s - 1)]) * (1 + goal["change"])

    def verdict(x):
        return "achieved" if round(x, 4) >= round(aim, 4) else "missed"
    status = verdict(v)
    if low is not None and (verdict(low) != status or verdict(high) != status):
        status = "uncertain"
    return {"method": method, "value": v, "low": low, "high": high, "status": status}


def seasonal_goals():
    y25 = dict(start=D(2025, 1, 1), deadline=D(2025, 12, 31))
    return {
        "peak": dict(change=0.10, why=True, **y25),
        "near_target": dict(reach=5560.0, **y25),
        "quarterly": dict(change=0.10, review="quarterly", **y25),
        "total": dict(change=0.10, cumulative=True, **y25),
        "on_last_year": dict(change=0.15, baseline="last_year", **y25),
        "two_years": dict(change=0.10, start=D(2025, 1, 1), deadline=D(2026, 6, 30)),
    }


def superstore_goals():
    return {
        "sales_2018": dict(change=0.10, start=D(2018, 1, 1), deadline=D(2018, 12, 31), apart_from_line=True),
        "sales_2018_total": dict(change=0.05, cumulative=True, start=D(2018, 1, 1), deadline=D(2018, 12, 31)),
    }


def main():
    kind, data_path, report_path, as_of = sys.argv[1:5]
    as_of = D.fromisoformat(as_of)
    totals = read(kind, data_path)
    goals = seasonal_goals() if kind == "seasonal" else superstore_goals()
    with open(report_path) as f:
        report = {g["name"]: g for g in json.load(f)["goals"]}
    problems = []
    for name, goal in goals.items():
        want, got = project(totals, goal, as_of), report[name]["projection"]
        for key in ("method", "status"):
            if got[key] != want[key]:
                problems.append("%s.%s: %r, expected %r" % (name, key, got[key], want[key]))
        for key in ("value", "low", "high"):
            w, a = want[key], got[key]
            if (w is None) != (a is None) or (w is not None and abs(a - w) > 0.01 + 1e-9 * abs(w)):
                problems.append("%s.%s: %r, expected %r" % (name, key, a, w))
        if goal.get("apart_from_line"):
            line = project(totals, dict(goal, line=True), as_of)["value"]
            if abs(got["value"] - line) < 0.2 * abs(line):
                problems.append("%s: the seasonal projection %s is close to the straight line's %s"
                                % (name, got["value"], line))
            print("%s %s: the straight line would say %.2f" % (as_of, name, line))
        if goal.get("why") and as_of.month >= 6 and not got["why"]:
            problems.append("%s.why: missing (status %s, projection %s)" % (name, report[name]["status"], got["status"]))
        print("%s %s: %s %s %s (%s .. %s) status %s%s" % (
            as_of, name, got["method"], got["status"], got["value"], got["low"], got["high"],
            report[name]["status"], "; why: " + got["why"] if got["why"] else ""))
    for p in problems:
        print("FAIL %s as of %s: %s" % (kind, as_of, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
