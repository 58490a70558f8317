#!/usr/bin/env python3
"""check_report.py REPORT.json EXPECTED.csv: the superstore report's monthly
series against the independently computed expected-monthly.csv, and each
point's comparisons with the month before and the same month a year
earlier (docs/report-json.md).

Every `watch_*` goal of superstore.kpi keeps one metric over 2016-01 ..
2019-12, so its series in the JSON report lists that metric's value for
every month. Money must equal the expected cents exactly, counts exactly,
the margin to the 6 decimals the report prints. Exit status 0 or 1.
"""
import csv
import json
import sys
from decimal import ROUND_HALF_UP, Decimal

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


def month_before(period, months):
    y, m = int(period[:4]), int(period[5:])
    total = y * 12 + m - 1 - months
    return "%04d-%02d" % (total // 12, total % 12 + 1)


def same(got, want, kind):
    if want is None:
        return got is None
    if got is None:
        return False
    tolerance = Decimal("0.0000005") if kind == "ratio" else Decimal(0)
    return abs(got - want) <= tolerance


def check_comparisons(g, column, kind, expected):
    """Each point's `previous` (the month before) and `last_year` (12 months
    before): the expected value, and the change (now - then) / |then| to the
    6 decimals the report prints; null when the export has no such month."""
    errors = []
    for point in g["series"]:
        period = point["period"]
        now = expected.get(period, {}).get(column) or None
        for key, back in (("previous", 1), ("last_year", 12)):
            then_period = month_before(period, back)
            then = expected.get(then_period, {}).get(column) or None
            got = point.get(key)
            if then is None:
                if got is not None:
                    errors.append("%s %s %s: report %s, expected null" % (column, period, key, got))
                continue
            if got is None or got.get("period") != then_period:
                errors.append("%s %s %s: report %s, expected %s" % (column, period, key, got, then_period))
                continue
            if not same(got["value"], Decimal(then), kind):
                errors.append("%s %s %s value: report %s, expected %s" % (column, period, key, got["value"], then))
            want, bound = None, Decimal("0.000001")
            if now is not None and Decimal(then) != 0:
                n, t = Decimal(now), Decimal(then)
                want = ((n - t) / abs(t)).quantize(Decimal("0.000001"), ROUND_HALF_UP)
                # the report's change is from the exact sums, the expected one from values rounded to
                # cents (half a cent each) or 8 decimals: the bound of what that rounding can move
                half = Decimal("0.000000005") if kind == "ratio" else Decimal("0.005") if kind == "money" else 0
                bound += half * (1 / abs(t) + abs(n) / (t * t))
            ok = (want is None and got["change"] is None) or (
                want is not None and got["change"] is not None and abs(got["change"] - want) <= bound)
            if not ok:
                errors.append("%s %s %s change: report %s, expected %s" % (column, period, key, got["change"], want))
    return errors


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
        errors.extend(check_comparisons(g, column, kind, expected))
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
