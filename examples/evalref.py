"""evalref.py: a small reference evaluator for the examples' expected reports.

The expected JSON reports under examples/*/expected/ must be computed
independently of kpic, so that an end-to-end test that compares kpic's report
with them can catch a wrong number in the compiler or the runtime. This module
re-implements, from the written rules in docs/evaluation.md and the report
schema in docs/report-json.md, only what the examples need: reading a CSV,
aggregating base metrics per calendar period, computing derived metrics from
the aggregates, and evaluating goals. It never reads a .kpi file: each
example's expected/compute.py states its metrics and goals again in Python,
by hand, from the README's description.

Python 3 standard library only. `make test` does not run it; the reports it
writes are checked in.
"""
import csv
import datetime
import json
import math
from decimal import Decimal

# ---- calendar -----------------------------------------------------------------

EPOCH = datetime.date(1970, 1, 1)
GRANULARITIES = ("daily", "weekly", "monthly", "quarterly", "yearly")


def parse_date(text, fmt="YYYY-MM-DD"):
    """ISO dates and the M/D/YYYY family: Y, M and D runs with any separators."""
    text = text.strip().split(" ")[0].split("T")[0]
    if fmt == "YYYY-MM-DD":
        return datetime.date.fromisoformat(text)
    seps = [c for c in fmt if c not in "YMD"]
    parts = text
    for s in set(seps):
        parts = parts.replace(s, " ")
    values = [int(p) for p in parts.split()]
    order = []
    for c in fmt:
        if c in "YMD" and (not order or order[-1] != c):
            order.append(c)
    fields = dict(zip(order, values))
    return datetime.date(fields["Y"], fields["M"], fields["D"])


def day_number(d):
    return (d - EPOCH).days


def period_of(d, g):
    """The runtime's period index: consecutive periods have consecutive indexes."""
    if g == "daily":
        return day_number(d)
    if g == "weekly":
        monday = d - datetime.timedelta(days=d.weekday())
        return (monday - (EPOCH - datetime.timedelta(days=EPOCH.weekday()))).days // 7
    if g == "monthly":
        return d.year * 12 + d.month - 1
    if g == "quarterly":
        return d.year * 4 + (d.month - 1) // 3
    return d.year


def period_first_day(p, g):
    if g == "daily":
        return EPOCH + datetime.timedelta(days=p)
    if g == "weekly":
        return EPOCH - datetime.timedelta(days=EPOCH.weekday()) + datetime.timedelta(days=7 * p)
    if g == "monthly":
        return datetime.date(p // 12, p % 12 + 1, 1)
    if g == "quarterly":
        return datetime.date(p // 4, (p % 4) * 3 + 1, 1)
    return datetime.date(p, 1, 1)


def period_last_day(p, g):
    return period_first_day(p + 1, g) - datetime.timedelta(days=1)


def period_label(p, g):
    first = period_first_day(p, g)
    if g == "daily":
        return first.isoformat()
    if g == "weekly":
        year, week, _ = first.isocalendar()
        return "%04d-W%02d" % (year, week)
    if g == "monthly":
        return "%04d-%02d" % (first.year, first.month)
    if g == "quarterly":
        return "%04d-Q%d" % (first.year, (first.month - 1) // 3 + 1)
    return "%04d" % first.year


def last_complete_period(as_of, g):
    """The last period whose last day is on or before as_of."""
    p = period_of(as_of, g)
    return p if period_last_day(p, g) <= as_of else p - 1


# ---- data and metrics -------------------------------------------------------------


def read_csv(path, date_column="date", date_format="YYYY-MM-DD", delimiter=","):
    """Rows as dicts of text, plus '__day', the parsed date."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=delimiter))
    for r in rows:
        r["__day"] = parse_date(r[date_column], date_format)
    return rows


def number(text):
    """Exact decimal of a field; None when blank."""
    text = text.strip()
    return None if text == "" else Decimal(text)


class NoValue(Exception):
    """A metric has no value in a period (no rows, or a division by zero)."""


class Base:
    """A column aggregated per period, optionally over the rows a filter keeps."""

    def __init__(self, column, aggregate="sum", where=None):
        self.column, self.aggregate, self.where = column, aggregate, where

    def value(self, rows):
        rows = [r for r in rows if self.where is None or self.where(r)]
        if self.aggregate == "count":
            return float(sum(1 for r in rows if r[self.column].strip() != "")) if rows else None
        if self.aggregate == "count_distinct":
            distinct = {r[self.column] for r in rows if r[self.column].strip() != ""}
            return float(len(distinct)) if rows else None
        values = [number(r[self.column]) for r in rows]
        values = [v for v in values if v is not None]
        if not values:
            return None
        if self.aggregate == "sum":
            return float(sum(values))
        if self.aggregate == "avg":
            return float(sum(values)) / len(values)
        if self.aggregate == "min":
            return float(min(values))
        if self.aggregate == "max":
            return float(max(values))
        if self.aggregate == "last":
            # the latest day's last row in file order
            last_day = max(r["__day"] for r in rows if number(r[self.column]) is not None)
            return float([number(r[self.column]) for r in rows
                          if r["__day"] == last_day and number(r[self.column]) is not None][-1])
        raise ValueError(self.aggregate)


class Derived:
    """A formula over other metrics, evaluated per period after aggregation.

    fn receives a function v(name) that returns a metric's value in the same
    period, or raises NoValue; a division must go through div()."""

    def __init__(self, fn):
        self.fn = fn


def div(a, b):
    if b == 0:
        raise NoValue()
    return a / b


class Model:
    def __init__(self, rows, metrics):
        self.rows, self.metrics = rows, metrics
        self._groups = {}
        self._memo = {}

    def _rows_in(self, g, p):
        if g not in self._groups:
            groups = {}
            for r in self.rows:
                groups.setdefault(period_of(r["__day"], g), []).append(r)
            self._groups[g] = groups
        return self._groups[g].get(p, [])

    def value(self, name, g, p):
        key = (name, g, p)
        if key not in self._memo:
            self._memo[key] = self._compute(name, g, p)
        return self._memo[key]

    def _compute(self, name, g, p):
        m = self.metrics[name]
        if isinstance(m, Base):
            rows = self._rows_in(g, p)
            return m.value(rows) if rows else None

        def v(other):
            x = self.value(other, g, p)
            if x is None:
                raise NoValue()
            return x
        try:
            return m.fn(v)
        except NoValue:
            return None


# ---- goals --------------------------------------------------------------------------


class Goal:
    """One goal or driver, with the fields the runtime's goal descriptor has.

    verb: raise, lower, reach, keep. amount_kind: relative (0.20 for 20%,
    always written as the change the verb asks for: lower 10% is -0.10),
    points (0.005 for +0.5pp), absolute. Keep goals use keep ('below',
    'above', 'between') with low/high."""

    def __init__(self, name, metric, verb, start, deadline, review="monthly", title=None,
                 owner=None, unit="", better=1, amount_kind=None, amount=None, keep=None,
                 low=None, high=None, baseline=None, tolerance=0.10, drivers=()):
        self.__dict__.update(locals())
        del self.__dict__["self"]
        self.drivers = list(drivers)


def start_of(goal):
    return goal.start


def evaluate(model, goal, as_of):
    """The report entry of one goal, as docs/report-json.md lays it out."""
    g = goal.review
    entry = {
        "name": goal.name, "title": goal.title, "metric": goal.metric, "unit": goal.unit,
        "owner": goal.owner, "start": goal.start.isoformat(), "deadline": goal.deadline.isoformat(),
        "review": g,
    }
    start_p = period_of(goal.start, g)
    current_p = last_complete_period(min(as_of, goal.deadline), g)

    # baseline: declared, else the last full period before the start
    if goal.baseline is not None:
        baseline = goal.baseline
    else:
        baseline = model.value(goal.metric, g, start_p - 1)

    target = None
    if goal.verb != "keep" and baseline is not None:
        if goal.amount_kind == "relative":
            target = baseline * (1.0 + goal.amount)
        elif goal.amount_kind == "points":
            target = baseline + goal.amount
        else:
            target = goal.amount
    if goal.verb != "keep" and goal.amount_kind == "absolute":
        target = goal.amount

    started = current_p >= start_p
    current = model.value(goal.metric, g, current_p) if started else None

    series = []
    if started:
        for p in range(start_p, current_p + 1):
            series.append({"period": period_label(p, g), "value": model.value(goal.metric, g, p)})

    expected = progress = None
    if goal.verb != "keep" and started and baseline is not None and target is not None:
        t_end = period_last_day(current_p, g)
        span = (goal.deadline - goal.start).days + 1
        elapsed = (t_end - goal.start).days + 1
        expected = baseline + (target - baseline) * min(1.0, elapsed / span)
        if current is not None and target != baseline:
            progress = (current - baseline) / (target - baseline)

    status = goal_status(goal, as_of, started, baseline, target, current, expected)

    projection = {"value": None, "status": None}
    points = [(i, s["value"]) for i, s in enumerate(series) if s["value"] is not None]
    if goal.verb != "keep" and len(points) >= 2 and target is not None:
        slope, intercept = least_squares(points)
        deadline_x = period_of(goal.deadline, g) - start_p
        value = intercept + slope * deadline_x
        projection = {"value": value,
                      "status": "achieved" if meets(goal, value, target) else "missed"}

    entry.update({"baseline": baseline, "target": target, "current": current,
                  "expected": expected, "progress": progress, "status": status,
                  "projection": projection, "series": series,
                  "drivers": [evaluate(model, d, as_of) for d in goal.drivers]})
    return entry


def meets(goal, value, target):
    if goal.verb == "lower" or (goal.verb == "reach" and goal.better < 0):
        return value <= target
    return value >= target


def goal_status(goal, as_of, started, baseline, target, current, expected):
    if as_of < goal.start or not started:
        return "not_started"
    if current is None or (goal.verb != "keep" and target is None):
        return "no_data"
    if goal.verb == "keep":
        if goal.keep == "below":
            ok = current < goal.low
        elif goal.keep == "above":
            ok = current > goal.low
        else:
            ok = goal.low <= current <= goal.high
        return "ok" if ok else "breached"
    if meets(goal, current, target):
        return "achieved"
    if as_of >= goal.deadline:
        return "missed"
    planned = abs(target - baseline)
    direction = -1.0 if target < baseline else 1.0
    shortfall = (expected - current) * direction
    if shortfall <= 0:
        return "on_track"
    if shortfall <= goal.tolerance * planned:
        return "at_risk"
    return "off_track"


def least_squares(points):
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    slope = sxy / sxx
    return slope, my - slope * mx


# ---- writing ------------------------------------------------------------------------


def report(model, goals, as_of, spec_name):
    return {"spec": spec_name, "as_of": as_of.isoformat(),
            "goals": [evaluate(model, goal, as_of) for goal in goals]}


def _round(obj, digits):
    if isinstance(obj, float):
        if math.isnan(obj) or math.isinf(obj):
            return None
        return round(obj, digits)
    if isinstance(obj, dict):
        return {k: _round(v, digits) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v, digits) for v in obj]
    return obj


def write_reports(out_dir, model, goals, as_of_dates, spec_name, digits=6):
    """Writes <out_dir>/<as-of>.json for each date; returns {date: statuses}."""
    summary = {}
    for d in as_of_dates:
        rep = _round(report(model, goals, d, spec_name), digits)
        with open("%s/%s.json" % (out_dir, d.isoformat()), "w") as f:
            json.dump(rep, f, indent=2)
            f.write("\n")
        summary[d.isoformat()] = statuses(rep["goals"])
    return summary


def statuses(entries, prefix=""):
    out = []
    for e in entries:
        out.append((prefix + e["name"], e["status"]))
        out.extend(statuses(e["drivers"], prefix + "  "))
    return out
