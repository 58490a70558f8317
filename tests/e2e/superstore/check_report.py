#!/usr/bin/env python3
"""check_report.py REPORT.json EXPECTED.csv: the superstore report's monthly
series against the independently computed expected-monthly.csv.

Every `watch_*` goal of superstore.kpi keeps one metric over 2016-01 ..
2019-12, so its series in the JSON report lists that metric's value for
every month. Money must equal the expected cents exactly, counts exactly,
the margin to the 6 decimals the report prints. Exit status 0 or 1.
"""
import csv
import json
import sys
from decimal import Decimal

GOALS = {
    "watch_sales": ("sales", "money"),
    "watch_profit": ("profit", "money"),
    "watch_orders": ("orders", "count"),
    "watch_technology": ("technology_sales", "money"),
    "watch_west_furniture": ("west_furniture_profit", "money"),
    "watch_margin": ("margin", "ratio"),
}


def goals_of(report):
    todo = list(report["goals"])
    while todo:
        g = todo.pop()
        todo.extend(g.get("drivers", []))
        yield g


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        report = json.load(f, parse_float=Decimal, parse_int=Decimal)
    with open(sys.argv[2], newline="") as f:
        expected = {row["period"]: row for row in csv.DictReader(f)}
    errors = []
    found = set()
    for g in goals_of(report):
        if g["name"] not in GOALS:
            continue
        found.add(g["name"])
        column, kind = GOALS[g["name"]]
        series = {p["period"]: p["value"] for p in g["series"]}
        if sorted(series) != sorted(expected):
            errors.append("%s: periods %s..%s (%d), expected %d months"
                          % (g["name"], min(series, default="-"), max(series, default="-"),
                             len(series), len(expected)))
        for period, row in sorted(expected.items()):
            want = row[column]
            got = series.get(period)
            if want == "":
                ok = got is None
            elif got is None:
                ok = False
            elif kind == "ratio":
                ok = abs(got - Decimal(want)) <= Decimal("0.0000005")
            else:
                ok = got == Decimal(want)
            if not ok:
                errors.append("%s %s: report %s, expected %s" % (column, period, got, want or "no value"))
    for name in GOALS:
        if name not in found:
            errors.append("goal %s is missing from the report" % name)
    for e in errors[:30]:
        print("  " + e)
    checked = len(expected) * len(GOALS)
    print("%s: %d monthly values checked, %d differences" % (sys.argv[1], checked, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
