#!/usr/bin/env python3
"""check.py DATA.csv REPORT.json AS_OF: the budgets of budget.kpi, computed without kpic.

Restates budget.kpi's goals and applies docs/evaluation.md ("Budgets") with
Python's Decimal on the generated rows: the spend is the spending metric's
total over the goal's review periods from the start period to the current
one; the pacing share is last year's share of the spending over the same
periods when every one of them has a value (else the share of the goal's
periods gone); expected = budget x share, projected = spent / share, and
`overspend` when the projection or the spend passes the budget. Compares
every field of each goal's `budget` and its `why`; prints each difference.
Exit status 0 when the report agrees.
"""
import csv
import datetime
import json
import sys
from decimal import ROUND_HALF_UP, Decimal

D = datetime.date
WHY = {"grow": "The new range must pay for its advertising"}
# name: (review, start, deadline, budget, spending metric's channel filter or None, metric or None)
GOALS = {
    "grow": ("monthly", D(2025, 1, 1), D(2025, 12, 31), "2500", None, "spend"),
    "lean": ("monthly", D(2025, 1, 1), D(2025, 12, 31), "2200", None, "spend"),
    "by_quarter": ("quarterly", D(2025, 1, 1), D(2025, 12, 31), "2500", None, "spend"),
    "paid": ("monthly", D(2025, 1, 1), D(2025, 12, 31), "1900", "sea", "spend[channel=sea]"),
    "launch": ("monthly", D(2023, 4, 1), D(2023, 12, 31), "2000", None, "spend"),
    "launch_tight": ("monthly", D(2023, 4, 1), D(2023, 12, 31), "1500", None, "spend"),
    "leap_days": ("daily", D(2024, 2, 1), D(2024, 3, 31), "300", None, "spend"),
    "unpaced": ("monthly", D(2025, 1, 1), D(2025, 12, 31), "1000", None, None),
}


def period_of(d, review):
    if review == "daily":
        return d.toordinal()
    if review == "monthly":
        return d.year * 12 + d.month - 1
    return d.year * 4 + (d.month - 1) // 3


def first_day(p, review):
    if review == "daily":
        return D.fromordinal(p)
    if review == "monthly":
        return D(p // 12, p % 12 + 1, 1)
    return D(p // 4, p % 4 * 3 + 1, 1)


def last_day(p, review):
    return first_day(p + 1, review) - datetime.timedelta(days=1)


def label(p, review):
    f = first_day(p, review)
    if review == "daily":
        return f.isoformat()
    if review == "monthly":
        return "%04d-%02d" % (f.year, f.month)
    return "%04d-Q%d" % (f.year, (f.month - 1) // 3 + 1)


def year_before(p, review):
    """The same period a year earlier; 29 February is read as the 28th."""
    if review != "daily":
        return p - (12 if review == "monthly" else 4)
    f = first_day(p, review)
    return D(f.year - 1, f.month, 28 if (f.month, f.day) == (2, 29) else f.day).toordinal()


def last_complete(d, review):
    p = period_of(d, review)
    return p if last_day(p, review) <= d else p - 1


def expected_budget(rows, name, as_of):
    review, start, deadline, amount, channel, metric = GOALS[name]
    amount = Decimal(amount)
    out = {"amount": amount, "unit": "EUR", "metric": metric, "through": None, "spent": None,
           "expected": None, "pacing": None, "projected": None, "status": None}
    start_p = period_of(start, review)
    deadline_p = max(start_p, last_complete(deadline, review))
    current_p = min(last_complete(as_of, review), deadline_p)
    if metric is None or as_of < start or current_p < start_p:
        return out
    spend = {}
    for day, ch, value in rows:
        if channel is None or ch == channel:
            p = period_of(day, review)
            spend[p] = spend.get(p, Decimal(0)) + value
    out["through"] = label(current_p, review)
    spent = sum(spend.get(p, Decimal(0)) for p in range(start_p, current_p + 1))
    first, last = year_before(start_p, review), year_before(deadline_p, review)
    share = None
    if all(p in spend for p in range(first, last + 1)):
        whole = sum(spend[p] for p in range(first, last + 1))
        share = sum(spend[p] for p in range(first, year_before(current_p, review) + 1)) / whole
    out["pacing"] = "last_year" if share is not None else "linear"
    if share is None:
        share = Decimal(current_p - start_p + 1) / Decimal(deadline_p - start_p + 1)
    out.update({"spent": spent, "expected": amount * share, "projected": spent / share})
    over = spent > amount or out["projected"].quantize(Decimal("0.0001"), ROUND_HALF_UP) > amount
    out["status"] = "overspend" if over else "ok"
    return out


def main():
    data, report_path, as_of = sys.argv[1], sys.argv[2], D.fromisoformat(sys.argv[3])
    with open(data, newline="") as f:
        rows = [(D.fromisoformat(r["day"]), r["channel"], Decimal(r["spend"])) for r in csv.DictReader(f)]
    with open(report_path) as f:
        report = json.load(f, parse_float=Decimal, parse_int=Decimal)
    goals = {g["name"]: g for g in report["goals"]}
    fail = []
    if sorted(goals) != sorted(GOALS):
        fail.append("goals %s, expected %s" % (sorted(goals), sorted(GOALS)))
    for name in GOALS:
        g = goals.get(name)
        if g is None:
            continue
        if g.get("why") != WHY.get(name):
            fail.append("%s.why: %r, expected %r" % (name, g.get("why"), WHY.get(name)))
        want, got = expected_budget(rows, name, as_of), g.get("budget")
        if not isinstance(got, dict) or sorted(got) != sorted(want):
            fail.append("%s.budget: %r, expected the fields %s" % (name, got, sorted(want)))
            continue
        for key, w in want.items():
            v = got[key]
            if isinstance(w, Decimal) and isinstance(v, Decimal):
                # spent is a sum of cents: exact; a ratio's product is the nearest cent to the exact value
                exact = key in ("amount", "spent")
                if (v != w) if exact else abs(v - w) > Decimal("0.005") + Decimal("1e-9"):
                    fail.append("%s.budget.%s: %s, expected %s" % (name, key, v, w))
            elif v != w:
                fail.append("%s.budget.%s: %r, expected %r" % (name, key, v, w))
    for line in fail:
        print("FAIL %s at %s: %s" % (report_path, as_of, line))
    if not fail:
        print("ok %s: %d budgets" % (as_of, len(GOALS)))
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
