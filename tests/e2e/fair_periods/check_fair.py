#!/usr/bin/env python3
"""check_fair.py KIND DATA REPORT.json AS_OF: the fair periods, computed without kpic.

KIND is `superstore` (DATA: the export) or `seasonal` (DATA: the file
../baselines/gen_seasonal.py wrote). The metrics and goals of
superstore_fair.kpi and seasonal_fair.kpi are restated below by hand; their
numbers are computed here from the rows with Decimal, following
docs/evaluation.md ("Fair periods"), and compared with the evaluator's JSON
report of the same date:

- `per day`: the period's total divided by its calendar days, rounded half
  away from zero to 4 decimals (the precision of measures), then printed to
  the cent: exact, like every measure;
- `over N days`: the N days ending on the period's last day, exact;
- a formula over a window reads its operands over the window (kpic computes
  it through doubles: within a cent, or 1e-6 for a ratio);
- `cumulative`: the total since the start (exact), last year's total over
  the same periods as the baseline (exact), expected = target x last year's
  cumulative share by the same point.

The calendar (periods, a year before) is check_baselines.py's, itself
written from Python's datetime. Exit 1 on a difference.
"""
import datetime
import json
import os
import sys
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "baselines"))
import check_baselines as cal  # noqa: E402

D = datetime.date
DAY = datetime.timedelta(days=1)
CENT = Decimal("0.01")
MEASURE = Decimal("0.0001")

# ---- metric values over days --------------------------------------------------------------


def total(days, column, first, last):
    cells, d, out, seen = days[column], first, Decimal(0), False
    while d <= last:
        if d in cells:
            out += cells[d]
            seen = True
        d += DAY
    return out if seen else None


def metric_value(days, metric, p, g):
    """value(p) of a metric as restated from the spec; (value, exact)."""
    last = cal.last_day(p, g)
    first = p if "window" not in metric else last - (metric["window"] - 1) * DAY
    if "ratio" in metric:
        a, b = (total(days, c, first, last) for c in metric["ratio"])
        return (None if a is None or b is None or b == 0 else a / b), False
    v = total(days, metric["column"], first, last)
    if v is None:
        return None, True
    if metric.get("per_day"):
        v /= (last - first).days + 1
        if metric.get("formula"):
            return v, False
        v = v.quantize(MEASURE, ROUND_HALF_UP)
    return v, True


def judge(days, goal, as_of):
    g = goal.get("review", "monthly")
    metric = goal["metric"]
    s = cal.period_of(goal["start"], g)
    d = max(s, cal.last_complete(goal["deadline"], g))
    c = min(cal.last_complete(as_of, g), d)

    def value(p):
        return metric_value(days, metric, p, g)[0]

    exact = metric_value(days, metric, s, g)[1]
    out, series, compared = {}, [], []
    if goal.get("cumulative"):
        ly = [cal.year_before(p, g) for p in cal.periods(s, d, g)]
        values = [value(p) for p in ly]
        b = None if None in values else sum(values)
        out.update(baseline_kind="last_year", baseline=b,
                   baseline_period="%s to %s" % (cal.label(ly[0], g), cal.label(ly[-1], g)))
        ly_start = cal.year_before(s, g)
        for p in cal.periods(s, max(s, c), g):
            got = [v for v in (value(q) for q in cal.periods(s, p, g)) if v is not None]
            then = [v for v in (value(q) for q in cal.periods(ly_start, cal.year_before(p, g), g)) if v is not None]
            # comparisons of totals: the point before, and last year's total to the same point
            compared.append((series[-1] if series else None, sum(then) if then else None))
            series.append(sum(got) if got else None)
        cur = series[-1] if series else None
        t = goal["amount"] if "amount" in goal else b + abs(b) * goal["change"]
        so_far = [value(cal.year_before(p, g)) for p in cal.periods(s, max(s, c), g)]
        if b is not None and b != 0:
            out["path"] = "last_year"
            e = t * sum(so_far) / b
        else:
            out["path"] = "linear"
            e = t * len(cal.periods(s, c, g)) / len(cal.periods(s, d, g))
        lo, band = Decimal(0), abs(t)
    else:
        prev = cal.period_of(s - DAY, g)
        b = value(prev)
        out.update(baseline_kind="previous", baseline=b, baseline_period=cal.label(prev, g), path="linear")
        series = [value(p) for p in cal.periods(s, max(s, c), g)]
        compared = [(value(cal.period_of(p - DAY, g)), value(cal.year_before(p, g)))
                    for p in cal.periods(s, max(s, c), g)]
        cur = series[-1] if series else None
        t = b + abs(b) * goal["change"] if "change" in goal else b + goal["points"]
        e = b + (t - b) * len(cal.periods(s, c, g)) / len(cal.periods(s, d, g))
        lo, band = b, abs(t - b)
    out.update(cumulative=bool(goal.get("cumulative")), target=t)
    if as_of < goal["start"] or c < s:
        out["status"] = "not_started"
        out.pop("path")   # the shape is looked for when the goal is judged
        return out, [], [], exact
    out.update(current=cur, expected=e,
               progress=(cur - lo) / (t - lo))
    if as_of >= goal["deadline"]:
        out["status"] = "achieved" if cur >= t else "missed"
    elif cur >= e:
        out["status"] = "on_track"
    elif e - cur <= Decimal("0.1") * band:
        out["status"] = "at_risk"
    else:
        out["status"] = "off_track"
    return out, series, compared, exact

# ---- the specs, restated --------------------------------------------------------------------


def superstore_goals():
    sales, profit = dict(column="sales"), dict(column="profit")
    daily_sales = dict(sales, per_day=True)
    sales_28d = dict(sales, window=28)
    daily_profit_28d = dict(profit, window=28, per_day=True, formula=True)
    margin_28d = dict(ratio=("profit", "sales"), window=28)
    y19 = dict(start=D(2019, 1, 1), deadline=D(2019, 12, 31))
    return {
        "daily_sales_up": dict(metric=daily_sales, change=Decimal("0.10"), start=D(2019, 2, 1),
                               deadline=D(2019, 6, 30)),
        "rolling_sales_up": dict(metric=sales_28d, change=Decimal("0.05"), **y19),
        "rolling_profit": dict(metric=daily_profit_28d, change=Decimal("0.10"), **y19),
        "rolling_margin": dict(metric=margin_28d, points=Decimal("0.02"), ratio=True, **y19),
        "total_on_last_year": dict(metric=sales, change=Decimal("0.10"), cumulative=True, **y19),
        "total_reach": dict(metric=sales, amount=Decimal(800000), cumulative=True, review="quarterly", **y19),
    }


def seasonal_goals():
    sales = dict(column="sales")
    return {
        "leap_per_day": dict(metric=dict(sales, per_day=True), change=Decimal("0.10"), start=D(2024, 3, 1),
                             deadline=D(2024, 6, 30)),
        "fortnight": dict(metric=dict(sales, window=14), change=Decimal("0.05"), review="weekly",
                          start=D(2024, 1, 1), deadline=D(2024, 6, 30)),
        "total_2024": dict(metric=sales, change=Decimal("0.05"), cumulative=True, start=D(2024, 1, 1),
                           deadline=D(2024, 12, 31)),
    }

# ---- comparison -----------------------------------------------------------------------------


def close(got, want, key, exact, ratio):
    if got is None or want is None:
        return got is None and want is None
    got = Decimal(str(got))
    if key == "progress" or ratio:
        return abs(got - want) <= Decimal("0.000001")
    diff = abs(got - want.quantize(CENT, ROUND_HALF_UP))
    return diff == 0 if exact else diff <= CENT


def main():
    kind, data_path, report_path, as_of = sys.argv[1:5]
    as_of = D.fromisoformat(as_of)
    if kind == "superstore":
        days = cal.read_superstore(data_path)
    else:
        days = cal.read_seasonal(data_path)
    goals = superstore_goals() if kind == "superstore" else seasonal_goals()
    with open(report_path) as f:
        report = cal.flatten(json.load(f)["goals"], {})
    problems = []
    for name, goal in goals.items():
        got = report.get(name)
        if got is None:
            problems.append("%s: not in the report" % name)
            continue
        want, series, compared, exact = judge(days, goal, as_of)
        ratio = goal.get("ratio", False)
        for key, w in want.items():
            a = got.get(key)
            measured = key in ("baseline", "current") and exact
            ok = close(a, w, key, measured, ratio) if isinstance(w, Decimal) or w is None else a == w
            if not ok:
                problems.append("%s.%s: %r, expected %s" % (name, key, a, w))
        values = [pt["value"] for pt in got["series"]]
        if len(values) != len(series) or not all(close(a, w, "", exact, ratio) for a, w in zip(values, series)):
            problems.append("%s.series: %r, expected %s" % (name, values, [str(w) for w in series]))
        # each point's comparisons (docs/evaluation.md, "Comparisons"): the values compared with
        for pt, (previous, last_year) in zip(got["series"], compared):
            for key, w in (("previous", previous), ("last_year", last_year)):
                a = pt.get(key)
                if not close(None if a is None else a["value"], w, "", exact, ratio):
                    problems.append("%s %s.%s: %r, expected %s" % (name, pt["period"], key, a, w))
    for p in problems:
        print("FAIL %s as of %s: %s" % (kind, as_of, p))
    print("%s as of %s: %d goals, %d differences" % (kind, as_of, len(goals), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
