#!/usr/bin/env python3
"""check.py REPORT.json EXPECTED.csv: every watch_<metric> goal's monthly
series equals gen.py's expected sums exactly (a month without rows has no
value). Exit status 0 or 1."""
import csv
import json
import sys
from decimal import Decimal


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        report = json.load(f, parse_float=Decimal, parse_int=Decimal)
    with open(sys.argv[2], newline="") as f:
        expected = list(csv.DictReader(f))
    metrics = [c for c in expected[0] if c != "period"]
    goals = {g["name"]: g for g in report["goals"]}
    errors = []
    for m in metrics:
        g = goals.get("watch_" + m)
        if g is None:
            errors.append("no goal watch_%s in the report" % m)
            continue
        series = {p["period"]: p["value"] for p in g["series"]}
        for row in expected:
            want, got = row[m], series.get(row["period"])
            if (want == "" and got is not None) or (want != "" and got != Decimal(want)):
                errors.append("%s %s: expected %s, the report says %s" % (m, row["period"], want or "no value", got))
    for e in errors:
        print("FAIL:", e)
    print("%d metrics x %d months checked, %d wrong" % (len(metrics), len(expected), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
