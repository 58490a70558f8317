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
from decimal import ROUND_HALF_UP, Decimal

# ---- calendar -----------------------------------------------------------------

EPOCH = datetime.date(1970, 1, 1)


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


def period_year_before(p, g):
    """The same period a year earlier (docs/evaluation.md, "Comparisons"): the
    same month, quarter or year; the same date, 29 February read as the 28th;
    the same ISO week number, week 53 read as week 52 when last year has none."""
    first = period_first_day(p, g)
    if g == "daily":
        day = 28 if (first.month, first.day) == (2, 29) else first.day
        return period_of(datetime.date(first.year - 1, first.month, day), g)
    if g == "weekly":
        year, week, _ = first.isocalendar()
        weeks = datetime.date(year - 1, 12, 28).isocalendar()[1]
        return period_of(datetime.date.fromisocalendar(year - 1, min(week, weeks), 1), g)
    return p - {"monthly": 12, "quarterly": 4, "yearly": 1}[g]


def relative_change(now, then):
    """(now - then) / |then|, None when either is missing or then is 0."""
    if now is None or then is None or then == 0:
        return None
    return (now - then) / abs(then)


def last_complete_period(as_of, g):
    """The last period whose last day is on or before as_of."""
    p = period_of(as_of, g)
    return p if period_last_day(p, g) <= as_of else p - 1


# ---- data and metrics -------------------------------------------------------------


def read_csv(path, date_column="date", date_format="YYYY-MM-DD", delimiter=",", source=None):
    """Rows as dicts of text, plus '__day', the parsed date, and '__source',
    the source's name when given (for specs that read several files)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=delimiter))
    for r in rows:
        r["__day"] = parse_date(r[date_column], date_format)
        if source is not None:
            r["__source"] = source
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
    """sources: the sources' names in the order the program lists them; a row
    without '__source' belongs to the first."""

    def __init__(self, rows, metrics, sources=("data",)):
        self.rows, self.metrics, self.sources = rows, metrics, list(sources)
        self._groups = {}
        self._memo = {}

    def _source(self, r):
        return r.get("__source", self.sources[0])

    def _used(self, r):
        """A row counts as data when some base metric keeps it (docs/runtime.md: its date is read)."""
        return any(isinstance(m, Base) and (m.where is None or m.where(r)) for m in self.metrics.values())

    def source_reports(self):
        """Per source: name, first and last day of the rows used, rows read (no bad rows here)."""
        out = []
        for name in self.sources:
            rows = [r for r in self.rows if self._source(r) == name]
            days = [r["__day"] for r in rows if self._used(r)]
            out.append({"name": name, "first_day": min(days) if days else None,
                        "last_day": max(days) if days else None, "rows_read": len(rows)})
        return out

    def data_days(self, metric):
        """First and last day of data the metric sees: its source's, or all sources' for a formula."""
        m = self.metrics[metric]
        spans = self.source_reports()
        if isinstance(m, Base):
            names = {self._source(r) for r in self.rows if m.where is None or m.where(r)}
            spans = [s for s in spans if s["name"] in names]
        spans = [s for s in spans if s["last_day"] is not None]
        if not spans:
            return None, None
        return min(s["first_day"] for s in spans), max(s["last_day"] for s in spans)

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
    points (0.005 for +0.5pp), absolute. Keep goals use keep: 'below' with
    high, 'above' with low, 'between' with both. budget: (amount, unit, the metric
    that spends it or None), as `budget 50000 EUR on ad_spend` writes it."""

    def __init__(self, name, metric, verb, start, deadline, review="monthly", title=None,
                 owner=None, why=None, unit="", better=1, amount_kind=None, amount=None, keep=None,
                 low=None, high=None, baseline=None, tolerance=0.10, budget=None, drivers=()):
        self.__dict__.update(locals())
        del self.__dict__["self"]
        self.drivers = list(drivers)


def _slack(a, b):
    m = max(abs(a), abs(b))
    return 1e-9 * (m if m > 1 else 1)


def _at_least(a, b):
    """a >= b, forgiving the last bits of a double (0.1 * 3 vs 0.3)."""
    return a >= b - _slack(a, b)


def _direction(goal, baseline, target):
    if goal.verb == "raise":
        return 1.0
    if goal.verb == "lower":
        return -1.0
    return -1.0 if target < baseline else 1.0


def _keep_holds(goal, value):
    if goal.keep == "below":
        return _at_least(goal.high, value)
    if goal.keep == "above":
        return _at_least(value, goal.low)
    return _at_least(value, goal.low) and _at_least(goal.high, value)


def _final_status(goal, value, baseline, target):
    if goal.verb == "keep":
        return "ok" if _keep_holds(goal, value) else "breached"
    d = _direction(goal, baseline, target)
    return "achieved" if _at_least(d * value, d * target) else "missed"


def evaluate(model, goal, as_of):
    """The report entry of one goal, following docs/evaluation.md step by step."""
    g = goal.review
    entry = {
        "name": goal.name, "title": goal.title, "metric": goal.metric, "unit": goal.unit,
        "owner": goal.owner, "why": goal.why, "start": goal.start.isoformat(), "deadline": goal.deadline.isoformat(),
        "review": g,
    }
    baseline = target = current = expected = progress = None
    status = None
    projection = {"value": None, "low": None, "high": None, "status": None, "method": None, "why": None}
    series = []

    # the periods: the start's period, the last complete one at the deadline, and now
    start_p = period_of(goal.start, g)
    deadline_p = max(start_p, last_complete_period(goal.deadline, g))
    current_p = min(last_complete_period(as_of, g), deadline_p)

    # baseline: declared, else the value of the last complete period before the start
    if goal.baseline is not None:
        baseline = goal.baseline
        baseline_kind, baseline_period = "declared", None
    else:
        before = last_complete_period(goal.start - datetime.timedelta(days=1), g)
        baseline = model.value(goal.metric, g, before)
        baseline_kind, baseline_period = "previous", period_label(before, g)

    # target: a guard's bound, the absolute value, or the change applied to the baseline
    if goal.verb == "keep":
        target = goal.high if goal.keep == "below" else goal.low if goal.keep == "above" else None
    elif goal.amount_kind == "absolute":
        target = goal.amount
    elif baseline is not None:
        # the change applies to the baseline's magnitude, in the goal's direction
        sign = -1.0 if goal.verb == "lower" else 1.0
        change = goal.amount if goal.verb == "reach" else sign * abs(goal.amount)
        if goal.amount_kind == "relative":
            target = None if baseline == 0 else baseline + abs(baseline) * change
        else:
            target = baseline + change

    started = not (as_of < goal.start or current_p < start_p)
    budget = _budget(model, goal, start_p, current_p, deadline_p, started)
    if not started:
        status = "not_started"
    else:
        for p in range(start_p, current_p + 1):
            point = {"period": period_label(p, g), "value": model.value(goal.metric, g, p)}
            for key, q in (("previous", p - 1), ("last_year", period_year_before(p, g))):
                then = model.value(goal.metric, g, q)
                point[key] = None if then is None else {
                    "period": period_label(q, g), "value": then, "change": relative_change(point["value"], then)}
            series.append(point)
        current = series[-1]["value"]
        projection = project(model, goal, start_p, current_p, deadline_p)
        if projection["value"] is not None and (goal.verb == "keep" or (target is not None and baseline is not None)):
            projection["status"] = _projection_status(goal, projection, baseline, target)
        status = _status(goal, as_of, start_p, current_p, deadline_p, baseline, target, current)
        if goal.verb != "keep" and baseline is not None and target is not None:
            share = (current_p - start_p + 1) / (deadline_p - start_p + 1)
            planned = _direction(goal, baseline, target) * (target - baseline) > 0
            expected = baseline + share * (target - baseline) if planned else target
            if current is not None and planned:
                progress = (current - baseline) / (target - baseline)

    # a current period after the last day of data is stale, not judged
    data_first, data_last = model.data_days(goal.metric)
    reason = None
    if status not in (None, "not_started") and data_last is not None \
            and period_first_day(current_p, g) > data_last:
        status, progress = "stale", None
        reason = "stale: the data ends %s, %d days before the as-of date; the current period %s has none" % (
            data_last.isoformat(), (as_of - data_last).days, period_label(current_p, g))
    elif status == "no_data":
        if goal.verb != "keep" and goal.amount_kind == "relative" and baseline == 0:
            reason = "the baseline is 0: a relative change of 0 has no target"
        elif goal.verb != "keep" and baseline is None:
            before = last_complete_period(goal.start - datetime.timedelta(days=1), g)
            reason = ("no baseline: no value in %s, the period before the start (or declare `baseline`)"
                      % period_label(before, g))
        elif current is None:
            reason = "no value in the current period %s" % period_label(current_p, g)
        else:
            reason = "no target"

    projection["why"] = projection_why(goal, as_of, status, projection)
    entry.update({"baseline": baseline, "baseline_kind": baseline_kind, "baseline_period": baseline_period,
                  "cumulative": False, "path": None if goal.verb == "keep" else "linear",
                  "target": target, "current": current,
                  "expected": expected, "progress": progress, "status": status, "reason": reason,
                  "data_first": data_first and data_first.isoformat(),
                  "data_last": data_last and data_last.isoformat(),
                  "projection": projection, "budget": budget,
                  "realism": realism(model, goal, baseline, target, as_of, data_first, data_last),
                  "series": series,
                  "drivers": [evaluate(model, d, as_of) for d in goal.drivers]})
    return entry


def _budget(model, goal, start_p, current_p, deadline_p, started):
    """The budget against the spend and its pacing (docs/evaluation.md, "Budgets"), in Decimal."""
    if goal.budget is None:
        return None
    amount, unit, metric = goal.budget
    out = {"amount": amount, "unit": unit, "metric": metric, "through": None, "spent": None,
           "expected": None, "pacing": None, "projected": None, "status": None}
    if metric is None or not started:
        return out
    g = goal.review
    out["through"] = period_label(current_p, g)

    def value(p):
        v = model.value(metric, g, p)
        return None if v is None else Decimal(repr(v))
    values = [value(p) for p in range(start_p, current_p + 1)]
    if all(v is None for v in values):
        return out
    spent = sum(v for v in values if v is not None)
    # last year's share of the spending by the same point, when every period of last year has a value
    first, last = period_year_before(start_p, g), period_year_before(deadline_p, g)
    last_year = [value(p) for p in range(first, last + 1)]
    share = None
    if all(v is not None for v in last_year) and sum(last_year) != 0:
        so_far = sum(value(p) for p in range(first, period_year_before(current_p, g) + 1))
        share = so_far / sum(last_year)
        if not 0 < share <= 1:
            share = None
    out["pacing"] = "last_year" if share is not None else "linear"
    if share is None:
        share = Decimal(current_p - start_p + 1) / Decimal(deadline_p - start_p + 1)
    budget = Decimal(repr(amount))
    expected, projected = budget * share, spent / share
    q = Decimal("0.0001")
    over = projected.quantize(q, rounding=ROUND_HALF_UP) > budget or spent > budget
    out.update({"spent": spent, "expected": expected, "projected": projected,
                "status": "overspend" if over else "ok"})
    return out


def _realism_ask(goal, baseline, target):
    """The change a goal asks (docs/evaluation.md, "Realism from history"): (change, points), or None
    when it plans none. Relative and points amounts as the target rule applies them; an absolute
    target's distance from the baseline, in points for a percent, else relative to |baseline|."""
    if goal.verb == "keep" or goal.amount_kind is None:
        return None
    if goal.amount_kind in ("relative", "points"):
        sign = -1 if goal.verb == "lower" else 1
        change = Decimal(repr(goal.amount)) if goal.verb == "reach" else sign * abs(Decimal(repr(goal.amount)))
        points = goal.amount_kind == "points"
    else:
        if baseline is None or target is None:
            return None
        b, t = Decimal(repr(baseline)), Decimal(repr(target))
        points = goal.unit in ("%", "ratio")
        if points:
            change = t - b
        elif b == 0:
            return None
        else:
            change = (t - b) / abs(b)
    if change == 0 or (goal.verb == "raise" and change < 0) or (goal.verb == "lower" and change > 0):
        return None
    return change, points


def realism(model, goal, baseline, target, as_of, data_first, data_last):
    """The ask against every window of the goal's length in the whole periods of the data, up to the
    as-of date: the largest move the goal's way (the earliest of equal ones at 6 decimals)."""
    ask = _realism_ask(goal, baseline, target)
    if ask is None:
        return None
    asked, points = ask
    g = goal.review
    start_p = period_of(goal.start, g)
    length = max(start_p, last_complete_period(goal.deadline, g)) - start_p + 1
    first, last = 0, -1
    if data_first is not None:
        first = period_of(data_first, g)
        if period_first_day(first, g) < data_first:
            first += 1
        last = min(last_complete_period(data_last, g), last_complete_period(as_of, g))
    six = Decimal("0.000001")
    way = 1 if asked > 0 else -1
    best = best_at = None
    windows = 0
    for q in range(first + length, last + 1):
        a, b = model.value(goal.metric, g, q - length), model.value(goal.metric, g, q)
        if a is None or b is None or (not points and a == 0):
            continue
        a, b = Decimal(repr(a)), Decimal(repr(b))
        change = b - a if points else (b - a) / abs(a)
        windows += 1
        if best is None or way * change.quantize(six, ROUND_HALF_UP) > way * best.quantize(six, ROUND_HALF_UP):
            best, best_at = change, (q - length, q)
    if windows == 0:
        verdict = "no_history"
    elif way * asked.quantize(six, ROUND_HALF_UP) > way * best.quantize(six, ROUND_HALF_UP):
        verdict = "beyond"
    else:
        verdict = "within"
    history = None
    if last >= first:
        history = period_label(first, g) if first == last else "%s to %s" % (period_label(first, g),
                                                                           period_label(last, g))
    return {"kind": "span", "measure": "points" if points else "relative", "asked": asked, "periods": length,
            "largest": best, "from": best_at and period_label(best_at[0], g),
            "to": best_at and period_label(best_at[1], g), "windows": windows, "history": history,
            "verdict": verdict}


def _status(goal, as_of, start_p, current_p, deadline_p, baseline, target, current):
    if goal.verb == "keep":
        if current is None:
            return "no_data"
        return "ok" if _keep_holds(goal, current) else "breached"
    if baseline is None or target is None or current is None:
        return "no_data"
    if as_of >= goal.deadline:
        return _final_status(goal, current, baseline, target)
    share = (current_p - start_p + 1) / (deadline_p - start_p + 1)
    expected = baseline + share * (target - baseline)
    d = _direction(goal, baseline, target)
    if _at_least(d * current, d * expected):
        return "on_track"
    if _at_least(goal.tolerance * abs(target - baseline), d * (expected - current)):
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


# ---- projections (docs/evaluation.md, "Projection") ------------------------------------

_T90 = {}


def student_t90(df):
    """The 0.9 quantile of Student's t with df degrees of freedom: the density
    integrated by Simpson's rule, the quantile found by bisection."""
    if df not in _T90:
        c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

        def cdf(t, steps=4000):
            h = t / steps
            f = [c * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2) for i in range(steps + 1)]
            return 0.5 + h / 3 * (f[0] + f[-1] + 4 * sum(f[1:-1:2]) + 2 * sum(f[2:-1:2]))
        lo, hi = 0.0, 8.0
        for _ in range(80):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if cdf(mid) < 0.9 else (lo, mid)
        _T90[df] = (lo + hi) / 2
    return _T90[df]


def _line_forecast(points, x0):
    """The least-squares line through points read at x0, and the half-width of
    the 80% prediction interval there (t(0.9, n-2) s sqrt(1 + 1/n + (x0-mean)^2/Sxx)),
    None below 3 points. One point: a flat line through it."""
    n = len(points)
    if n == 1:
        return points[0][1], None
    slope, intercept = least_squares(points)
    value = intercept + slope * x0
    if n < 3:
        return value, None
    mx = sum(x for x, _ in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    s2 = sum((y - intercept - slope * x) ** 2 for x, y in points) / (n - 2)
    return value, student_t90(n - 2) * math.sqrt(s2 * (1 + 1 / n + (x0 - mx) ** 2 / sxx))


def project(model, goal, start_p, current_p, deadline_p):
    """Seasonal with a ratio to last year and last year's deadline period measured; else the line."""
    g = goal.review

    def value(p):
        return model.value(goal.metric, g, p)

    def last_year(p):
        before = period_year_before(p, g)
        v = value(before) if before <= current_p else None
        return v if v is not None and v > 0 else None

    out = {"value": None, "low": None, "high": None, "status": None, "method": None, "why": None}
    first = min(start_p, period_year_before(current_p, g) + 1)
    ratios = [(p - start_p, value(p) / last_year(p)) for p in range(first, current_p + 1)
              if value(p) is not None and last_year(p) is not None]
    season = last_year(deadline_p)
    if ratios and season is not None:
        ratio, half = _line_forecast(ratios, deadline_p - start_p)
        out.update({"value": season * ratio, "method": "seasonal", "ratio": ratio, "points": len(ratios)})
        if half is not None:
            out["low"], out["high"] = season * (ratio - half), season * (ratio + half)
        return out
    points = [(p - start_p, value(p)) for p in range(start_p, current_p + 1) if value(p) is not None]
    if len(points) >= 2:
        v, half = _line_forecast(points, deadline_p - start_p)
        out.update({"value": v, "method": "linear", "points": len(points)})
        if half is not None:
            out["low"], out["high"] = v - half, v + half
    return out


def _projection_status(goal, projection, baseline, target):
    """What the value earns; uncertain when an end of the interval earns another."""
    status = _final_status(goal, projection["value"], baseline, target)
    if projection["low"] is not None and any(
            _final_status(goal, projection[end], baseline, target) != status for end in ("low", "high")):
        return "uncertain"
    return status


def _tone(status):
    return 1 if status in ("achieved", "on_track", "ok") else \
        -1 if status in ("at_risk", "off_track", "missed", "breached") else 0


def projection_why(goal, as_of, status, projection):
    """The clause that says why the status and the projection disagree, or None."""
    now, then = _tone(status), _tone(projection["status"])
    if now == 0 or then == 0 or now == then:
        return None
    if projection["method"] == "seasonal":
        ratio = Decimal(projection["ratio"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        basis = "the projection follows last year's season (\u00d7 %s year on year)" % ratio
    else:
        n = projection["points"]
        basis = "the projection extends the trend of %d measured period%s" % (n, "" if n == 1 else "s")
    if as_of >= goal.deadline:
        plan = "the status judges the deadline period itself"
    elif goal.verb == "keep":
        plan = "the status judges the latest period alone"
    else:
        plan = "the plan is a straight line from the baseline to the target"
    return basis + ", while " + plan


# ---- writing ------------------------------------------------------------------------
#
# docs/report-json.md fixes the layout (key order, two-space indentation, one
# series point a line) and how numbers are written: money with exactly two
# decimals, percent and ratio with up to six, everything else with up to
# four, trailing zeros dropped, halves rounded away from zero, no value as
# null. Writing the same bytes lets a test compare reports byte for byte.


def _unit_decimals(unit):
    if len(unit) == 3 and unit.isalpha() and unit.isupper() or unit == "money":
        return 2, False
    if unit in ("%", "ratio"):
        return 6, True
    return 4, True


def format_number(value, decimals, trim):
    if value is None or math.isnan(value) or math.isinf(value):
        return "null"
    # the fixed-point value nearest to the double first (value * 10^4, or
    # 10^6, multiplied as a double), then rounded to the decimals asked for
    scale = max(decimals, 4)
    fixed = Decimal(value * float(10 ** scale)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    text = str(abs(fixed.scaleb(decimals - scale).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    negative = fixed < 0 and int(text) != 0
    text = text.rjust(decimals + 1, "0")
    out = text[:len(text) - decimals] + ("." + text[len(text) - decimals:] if decimals else "")
    if trim and "." in out:
        out = out.rstrip("0").rstrip(".")
    return ("-" if negative else "") + out


def _string(s):
    return "null" if s is None else json.dumps(s, ensure_ascii=False)


def _budget_json(b):
    if b is None:
        return "null"
    decimals, trim = _unit_decimals(b["unit"] or "")

    def num(v):
        return format_number(None if v is None else float(v), decimals, trim)
    return ('{"amount": %s, "unit": %s, "metric": %s, "through": %s, "spent": %s, "expected": %s, '
            '"pacing": %s, "projected": %s, "status": %s}' % (
                num(b["amount"]), _string(b["unit"]), _string(b["metric"]), _string(b["through"]),
                num(b["spent"]), num(b["expected"]), _string(b["pacing"]), num(b["projected"]),
                _string(b["status"])))


def _realism_json(r):
    if r is None:
        return "null"

    def change(v):
        return "null" if v is None else format_decimal(v, 6)
    return ('{"kind": %s, "measure": %s, "asked": %s, "periods": %d, "largest": %s, "from": %s, "to": %s, '
            '"windows": %d, "history": %s, "verdict": %s}' % (
                _string(r["kind"]), _string(r["measure"]), change(r["asked"]), r["periods"],
                change(r["largest"]), _string(r["from"]), _string(r["to"]), r["windows"],
                _string(r["history"]), _string(r["verdict"])))


def format_decimal(value, decimals):
    """An exact Decimal with up to `decimals` decimals, half away from zero, trailing zeros dropped."""
    text = format(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _goal_json(e, depth, out):
    decimals, trim = _unit_decimals(e["unit"])

    def num(v):
        return format_number(v, decimals, trim)

    pad = "  " * (depth + 1)
    out.append("  " * depth + "{")
    fields = [("name", _string(e["name"])), ("title", _string(e["title"])),
              ("metric", _string(e["metric"])), ("unit", _string(e["unit"])),
              ("owner", _string(e["owner"])), ("why", _string(e["why"])), ("start", _string(e["start"])),
              ("deadline", _string(e["deadline"])), ("review", _string(e["review"])),
              ("baseline", num(e["baseline"])), ("baseline_kind", _string(e["baseline_kind"])),
              ("baseline_period", _string(e["baseline_period"])), ("cumulative", "false"),
              ("path", _string(e["path"])), ("target", num(e["target"])),
              ("current", num(e["current"])), ("expected", num(e["expected"])),
              ("progress", format_number(e["progress"], 6, True)), ("status", _string(e["status"])),
              ("reason", _string(e["reason"])), ("data_first", _string(e["data_first"])),
              ("data_last", _string(e["data_last"])),
              ("projection", '{"value": %s, "low": %s, "high": %s, "status": %s, "method": %s, "why": %s}' % (
                  num(e["projection"]["value"]), num(e["projection"]["low"]), num(e["projection"]["high"]),
                  _string(e["projection"]["status"]), _string(e["projection"]["method"]),
                  _string(e["projection"]["why"])))]
    fields.append(("budget", _budget_json(e["budget"])))
    fields.append(("realism", _realism_json(e["realism"])))
    for key, text in fields:
        out.append('%s"%s": %s,' % (pad, key, text))
    if not e["series"]:
        out.append('%s"series": [],' % pad)
    else:
        out.append('%s"series": [' % pad)
        def comparison(c):
            if c is None:
                return "null"
            return '{"period": %s, "value": %s, "change": %s}' % (
                _string(c["period"]), num(c["value"]), format_number(c["change"], 6, True))
        points = ['%s  {"period": %s, "value": %s, "previous": %s, "last_year": %s}' % (
            pad, _string(s["period"]), num(s["value"]), comparison(s["previous"]), comparison(s["last_year"]))
            for s in e["series"]]
        out.append(",\n".join(points))
        out.append("%s]," % pad)
    if not e["drivers"]:
        out.append('%s"drivers": []' % pad)
    else:
        out.append('%s"drivers": [' % pad)
        for i, d in enumerate(e["drivers"]):
            _goal_json(d, depth + 2, out)
            if i + 1 < len(e["drivers"]):
                out[-1] += ","
        out.append("%s]" % pad)
    out.append("  " * depth + "}")


def report_json(model, goals, as_of):
    """The whole report as the evaluator's --format json writes it."""
    out = ["{", '  "as_of": %s,' % _string(as_of.isoformat())]
    sources = ['    {"name": %s, "first_day": %s, "last_day": %s, "rows_read": %d, "rows_skipped": 0}' % (
        _string(s["name"]), _string(s["first_day"] and s["first_day"].isoformat()),
        _string(s["last_day"] and s["last_day"].isoformat()), s["rows_read"]) for s in model.source_reports()]
    out.append('  "sources": [],' if not sources else '  "sources": [\n%s\n  ],' % ",\n".join(sources))
    entries = [evaluate(model, goal, as_of) for goal in goals]
    if not entries:
        out.append('  "goals": []')
    else:
        out.append('  "goals": [')
        for i, e in enumerate(entries):
            _goal_json(e, 2, out)
            if i + 1 < len(entries):
                out[-1] += ","
        out.append("  ]")
    out.append("}")
    return "\n".join(out) + "\n", entries


def write_reports(out_dir, model, goals, as_of_dates):
    """Writes <out_dir>/<as-of>.json for each date; returns {date: [(name, status)]}."""
    summary = {}
    for d in as_of_dates:
        text, entries = report_json(model, goals, d)
        json.loads(text)  # the layout must stay valid JSON
        with open("%s/%s.json" % (out_dir, d.isoformat()), "w", newline="\n") as f:
            f.write(text)
        summary[d.isoformat()] = statuses(entries)
    return summary


def statuses(entries, prefix=""):
    out = []
    for e in entries:
        out.append((prefix + e["name"], e["status"]))
        out.extend(statuses(e["drivers"], prefix + "  "))
    return out


def print_summary(summary):
    for date, entries in summary.items():
        print(date, ", ".join("%s=%s" % (n.strip(), s) for n, s in entries))
