#!/usr/bin/env python3
"""fixtures.py: the fixtures and expected values of the examples' `test` items.

Each example's .kpi file ends with `test` items that `kpic test` runs
(docs/language.md, "test"). Their data are small CSV files in the example's
fixtures/ folder, and their expected values must be computed without kpic.
This script writes both:

  - each fixture is a small, deterministic selection of the example's data
    (the first days of some months), or for sales-team, whose data is the
    shared Superstore export that never enters the repository, a few
    synthetic orders;
  - the expected values come from ../evalref.py (the reference evaluator of
    docs/evaluation.md), run on the fixture with the metrics and goals that
    each example's expected/compute.py restates by hand. compute.py is run as
    it is; only its input and output are redirected here.

It prints the `test` items; they are pasted at the end of each example's
.kpi file. Run it from the repository root after changing an example:

    python3 examples/fixtures.py

Python 3 standard library only; `make test` never runs it.
"""
import csv
import datetime
import importlib.util
import os
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import evalref as E  # noqa: E402

D = datetime.date


def write_fixture(example, name, source_path, keep, date_column, date_format="YYYY-MM-DD"):
    """Copies the rows of source_path whose date keep() accepts into fixtures/name; returns its path."""
    out_dir = os.path.join(HERE, example, "fixtures")
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, name)
    with open(source_path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = header.index(date_column)
        rows = [r for r in reader if keep(E.parse_date(r[col], date_format))]
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return out


def first_days(days, first, last):
    """Keeps the first `days` days of each month from first to last."""
    return lambda d: first <= d <= last and d.day <= days


def superstore_fixture():
    """A few synthetic orders in Superstore's columns (the real export stays outside the repository)."""
    out_dir = os.path.join(HERE, "sales-team", "fixtures")
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, "orders.csv")
    header = ["Row ID", "Order ID", "Order Date", "Region", "Sales", "Profit"]
    orders = [
        # Q4 2018 (outside the goals' 2019 span), Q1 and Q2 2019
        ("CA-2018-100001", "11/12/2018", "West", "1200.00", "180.00"),
        ("CA-2018-100002", "12/3/2018", "East", "800.50", "40.25"),
        ("CA-2019-100010", "1/7/2019", "West", "15000.00", "2100.00"),
        ("CA-2019-100010", "1/7/2019", "West", "4000.00", "640.00"),
        ("CA-2019-100011", "2/14/2019", "East", "60000.00", "7800.00"),
        ("CA-2019-100012", "3/28/2019", "Central", "81234.56", "9000.44"),
        ("CA-2019-100013", "3/30/2019", "West", "42000.00", "5250.00"),
        ("CA-2019-100014", "4/2/2019", "South", "30000.00", "2400.00"),
        ("CA-2019-100015", "5/19/2019", "West", "25500.75", "3900.10"),
    ]
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i, o in enumerate(orders, 1):
            w.writerow([str(i)] + list(o))
    return out


def captured(example, fixtures):
    """Runs examples/<example>/expected/compute.py with read_csv reading the fixtures
    (by file name) and returns the (model, goals) it evaluates, writing nothing."""
    seen = {}
    real_read, real_write, real_summary = E.read_csv, E.write_reports, E.print_summary

    def read_csv(path, *args, **kwargs):
        return real_read(fixtures[os.path.basename(path)], *args, **kwargs)

    def write_reports(out_dir, model, goals, as_of_dates):
        seen["model"], seen["goals"] = model, goals
        return {}
    E.read_csv, E.write_reports, E.print_summary = read_csv, write_reports, lambda summary: None
    try:
        spec = importlib.util.spec_from_file_location("compute_" + example.replace("-", "_"),
                                                      os.path.join(HERE, example, "expected", "compute.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main()
    finally:
        E.read_csv, E.write_reports, E.print_summary = real_read, real_write, real_summary
    return seen["model"], seen["goals"]


def find(entries, name):
    for e in entries:
        if e["name"] == name:
            return e
        found = find(e["drivers"], name)
        if found:
            return found
    return None


def written(value, unit, currency):
    """A value as the report prints it, written in the goal's unit for a .kpi file."""
    if value is None:
        return "none"
    decimals, trim = E._unit_decimals(unit)
    text = E.format_number(value, decimals, trim)
    if unit == "%":
        # the report prints a fraction with six decimals; a .kpi file writes the percentage
        pct = (Decimal(text) * 100).normalize()
        return "%s%%" % format(pct, "f")
    if currency:
        return "%s %s" % (text, unit)
    return text


def test_item(name, title, data, as_of, model, goals, expects):
    """The text of one test item; expects: (goal, [fields])."""
    entries = [E.evaluate(model, g, as_of) for g in goals]
    lines = ['test %s "%s"' % (name, title)]
    for source, path in data:
        lines.append('  data %s "%s"' % (source, path))
    lines.append("  as of %s" % as_of.isoformat())
    for goal, fields in expects:
        e = find(entries, goal)
        for field in fields:
            if field == "status":
                lines.append("  expect %s status %s" % (goal, e["status"]))
            elif field == "progress":
                v = e["progress"]
                lines.append("  expect %s progress %s" % (goal, "none" if v is None else E.format_number(v, 6, True)))
            else:
                money = len(e["unit"]) == 3 and e["unit"].isupper()   # a currency code
                lines.append("  expect %s %s %s" % (goal, field, written(e[field], e["unit"], money)))
    return "\n".join(lines)


NUMBERS = ["status", "current", "target", "expected", "progress"]


def main():
    items = {}

    # webshop: monthly goals from 2025-01; the baseline is December 2024
    shop = write_fixture("webshop", "shop.csv", os.path.join(HERE, "webshop", "data", "shop.csv"),
                         first_days(3, D(2024, 12, 1), D(2025, 4, 30)), "day")
    model, goals = captured("webshop", {"shop.csv": shop})
    items["webshop"] = [
        test_item("spring_2025", "Three days a month, evaluated at the end of March 2025",
                  [("shop", "fixtures/shop.csv")], D(2025, 3, 31), model, goals,
                  [("more_profit", NUMBERS), ("more_profit.revenue", ["status", "current", "target"]),
                   ("more_profit.revenue.visitors", ["status", "progress"]),
                   ("calm_bounce", ["status", "current"]), ("steady_conversion", ["status", "current"])]),
        test_item("before_the_start", "Nothing is judged before the goals start",
                  [("shop", "fixtures/shop.csv")], D(2024, 12, 31), model, goals,
                  [("more_profit", ["status", "current"]), ("calm_bounce", ["status"])]),
    ]

    # customer-service: from 2025-07, the baseline is June 2025
    tickets = write_fixture("customer-service", "tickets.csv",
                            os.path.join(HERE, "customer-service", "data", "tickets.csv"),
                            first_days(1, D(2025, 6, 1), D(2025, 10, 31)), "created")
    model, goals = captured("customer-service", {"tickets.csv": tickets})
    items["customer-service"] = [
        test_item("autumn_2025", "The first day of each month, evaluated in October 2025",
                  [("tickets", "fixtures/tickets.csv")], D(2025, 10, 15), model, goals,
                  [("faster_replies", NUMBERS), ("first_time_right", ["status", "current", "target"]),
                   ("happy_customers", ["status", "current"]), ("few_escalations", ["status", "current"])]),
    ]

    # hr-team: two sources; from 2025-01
    people = write_fixture("hr-team", "people.csv", os.path.join(HERE, "hr-team", "data", "people.csv"),
                           lambda d: D(2024, 10, 1) <= d <= D(2025, 5, 31), "week")
    hires = write_fixture("hr-team", "hires.csv", os.path.join(HERE, "hr-team", "data", "hires.csv"),
                          lambda d: D(2024, 12, 1) <= d <= D(2025, 5, 31), "hired")
    model, goals = captured("hr-team", {"people.csv": people, "hires.csv": hires})
    items["hr-team"] = [
        test_item("spring_2025", "Weekly headcount and the hires from December 2024",
                  [("people", "fixtures/people.csv"), ("hires", "fixtures/hires.csv")], D(2025, 5, 31),
                  model, goals,
                  [("grow_team", NUMBERS), ("keep_people", ["status", "current"]),
                   ("faster_engineering_hires", ["status", "current", "target"]),
                   ("healthy_absence", ["status", "current"])]),
    ]

    # marketing-funnel: two sources, several rows a day
    ads = write_fixture("marketing-funnel", "ads.csv", os.path.join(HERE, "marketing-funnel", "data", "ads.csv"),
                        first_days(1, D(2024, 12, 1), D(2025, 6, 30)), "day")
    site = write_fixture("marketing-funnel", "site.csv",
                         os.path.join(HERE, "marketing-funnel", "data", "site.csv"),
                         first_days(1, D(2024, 12, 1), D(2025, 6, 30)), "day")
    model, goals = captured("marketing-funnel", {"ads.csv": ads, "site.csv": site})
    items["marketing-funnel"] = [
        test_item("first_half_2025", "The first day of each month, evaluated in June 2025",
                  [("ads", "fixtures/ads.csv"), ("site", "fixtures/site.csv")], D(2025, 6, 30),
                  model, goals,
                  [("organic_growth", NUMBERS), ("seo_conversion", ["status", "current"]),
                   ("efficient_ads", ["status", "current", "target"]),
                   ("efficient_ads.ctr", ["status", "current"]), ("roas_floor", ["status", "current"])]),
    ]

    # sales-team: synthetic orders in Superstore's columns
    orders = superstore_fixture()
    model, goals = captured("sales-team", {"superstore.csv": orders})
    items["sales-team"] = [
        test_item("first_half_2019", "A handful of orders, evaluated at the end of June 2019",
                  [("store", "fixtures/orders.csv")], D(2019, 6, 30), model, goals,
                  [("more_sales", NUMBERS), ("more_sales.orders", ["status", "current"]),
                   ("west_growth", ["status", "current", "target"]),
                   ("healthy_margin", ["status", "current"])]),
    ]

    for example, tests in items.items():
        print("# ---- %s" % example)
        print("\n\n".join(tests))
        print()


if __name__ == "__main__":
    main()
