#!/usr/bin/env python3
"""check_realism.py KIND DATA REPORT.json AS_OF: realism from history, computed without kpic.

KIND is `superstore` (DATA: the export) or `seasonal` (DATA: the file
../baselines/gen_seasonal.py wrote, whose every day's value is known). The
goals of superstore_realism.kpi and seasonal_realism.kpi are restated below
by hand; their `realism` is computed here from the rows with Decimal,
following docs/evaluation.md ("Realism from history"), and compared with the
evaluator's JSON report of the same date:

- the ask: the relative amount as the verb applies it;
- the history: the review periods the days of data cover whole, up to the
  last complete period at the as-of date;
- the windows: two periods L apart (L = deadline period - start period + 1),
  a period and the same period a year earlier (`baseline last year`), or the
  totals of L periods and of the L periods a year earlier (`cumulative`);
  both sides with a value, the first not 0;
- the largest change the goal's way at 6 decimals, the earliest of equal
  ones; `beyond` when the ask goes further, `no_history` without a window.

The calendar is check_baselines.py's, written from Python's datetime.
Exit 1 on a difference.
"""
import datetime
import json
import os
import sys
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "baselines"))
import check_baselines as cal  # noqa: E402

D = datetime.date
SIX = Decimal("0.000001")


def goal(name, verb, amount, start, deadline, review="monthly", kind="span", metric="sales"):
    return {"name": name, "verb": verb, "amount": Decimal(amount), "start": start, "deadline": deadline,
            "review": review, "kind": kind, "metric": metric}


def seasonal_goals():
    return [
        goal("year_up", "raise", "0.20", D(2024, 1, 1), D(2024, 12, 31)),
        goal("spring_down", "lower", "0.10", D(2024, 1, 1), D(2024, 3, 31)),
        goal("seasonal_up", "raise", "0.60", D(2024, 1, 1), D(2024, 12, 31), kind="last_year"),
        goal("total_up", "raise", "0.05", D(2024, 1, 1), D(2024, 12, 31), kind="cumulative"),
        goal("weeks_up", "raise", "0.30", D(2024, 1, 1), D(2024, 6, 30), review="weekly"),
        goal("too_long", "raise", "0.10", D(2024, 1, 1), D(2027, 12, 31)),
    ]


def superstore_goals():
    return [
        goal("sales_up", "raise", "0.65", D(2019, 1, 1), D(2020, 6, 30)),
        goal("profit_down", "lower", "0.20", D(2019, 1, 1), D(2019, 6, 30), metric="profit"),
        goal("seasonal_sales", "raise", "0.10", D(2019, 1, 1), D(2019, 12, 31), kind="last_year"),
        goal("total_sales", "raise", "0.05", D(2019, 1, 1), D(2019, 12, 31), kind="cumulative"),
        goal("quarters_up", "raise", "0.30", D(2019, 1, 1), D(2019, 12, 31), review="quarterly"),
    ]


def span_label(first, last, g):
    return cal.label(first, g) if first == last else "%s to %s" % (cal.label(first, g), cal.label(last, g))


def realism(data, days_of, gl, as_of):
    g = gl["review"]
    asked = -abs(gl["amount"]) if gl["verb"] == "lower" else abs(gl["amount"])
    way = 1 if asked > 0 else -1
    start_p = cal.period_of(gl["start"], g)
    deadline_p = max(start_p, cal.last_complete(gl["deadline"], g))
    length = len(cal.periods(start_p, deadline_p, g))
    data_first, data_last = min(days_of), max(days_of)
    first = cal.period_of(data_first, g)
    if first < data_first:
        first = cal.next_period(first, g)
    last = min(cal.last_complete(data_last, g), cal.last_complete(as_of, g))
    history = cal.periods(first, last, g) if first <= last else []
    index = {p: i for i, p in enumerate(history)}
    values = [data.value(gl["metric"], p, g) for p in history]

    def total(i):
        if i - length + 1 < 0 or any(v is None for v in values[i - length + 1:i + 1]):
            return None
        return sum(values[i - length + 1:i + 1])

    best = best_at = None
    windows = 0
    for i, q in enumerate(history):
        if gl["kind"] == "span":
            j = i - length
            a, b = (values[j] if j >= 0 else None), values[i]
            at = (j, j, i, i)
        else:
            p = cal.year_before(q, g)
            if p not in index:
                continue
            j = index[p]
            if gl["kind"] == "last_year":
                a, b = values[j], values[i]
                at = (j, j, i, i)
            else:
                a, b = total(j), total(i)
                at = (j - length + 1, j, i - length + 1, i)
        if a is None or b is None or a == 0:
            continue
        change = (b - a) / abs(a)
        windows += 1
        if best is None or way * change.quantize(SIX, ROUND_HALF_UP) > way * best.quantize(SIX, ROUND_HALF_UP):
            best, best_at = change, at
    if windows == 0:
        verdict = "no_history"
    else:
        verdict = "beyond" if way * asked.quantize(SIX, ROUND_HALF_UP) > way * best.quantize(SIX, ROUND_HALF_UP) else "within"
    out = {"kind": gl["kind"], "measure": "relative", "asked": asked, "periods": length, "largest": best,
           "from": None, "to": None, "windows": windows,
           "history": span_label(history[0], history[-1], g) if history else None, "verdict": verdict}
    if best_at:
        out["from"] = span_label(history[best_at[0]], history[best_at[1]], g)
        out["to"] = span_label(history[best_at[2]], history[best_at[3]], g)
    return out


def flatten(goals, out):
    for g in goals:
        out[g["name"]] = g
        flatten(g.get("drivers", []), out)
    return out


def main():
    kind, data_path, report_path, as_of = sys.argv[1:5]
    as_of = D.fromisoformat(as_of)
    days = cal.read_superstore(data_path) if kind == "superstore" else cal.read_seasonal(data_path)
    data = cal.Data(days)
    goals = superstore_goals() if kind == "superstore" else seasonal_goals()
    with open(report_path) as f:
        report = flatten(json.load(f)["goals"], {})
    fail = 0
    for gl in goals:
        got = report[gl["name"]]["realism"]
        # every row of both files has sales: their days are the source's days
        want = realism(data, list(days["sales"].keys()), gl, as_of)
        for key, value in want.items():
            mine = got.get(key) if got else None
            if isinstance(value, Decimal):
                ok = mine is not None and abs(Decimal(str(mine)) - value.quantize(SIX, ROUND_HALF_UP)) == 0
            else:
                ok = mine == value
            if not ok:
                print("FAIL %s %s realism.%s: kpic %r, expected %s" % (report_path, gl["name"], key, mine, value))
                fail = 1
    return fail


if __name__ == "__main__":
    sys.exit(main())
