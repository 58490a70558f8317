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


def seed_fixtures(keep):
    """Small downloads in the seed's three formats, as the tools write them, with
    the data rows whose day keep() accepts: the GA4 exploration keeps its #
    preamble (its dates restated for the rows kept) and a Totals row of the
    rows kept, the Google Ads report its title, date-range and Total: lines,
    the ERP export its Windows-1252 encoding, ';' and DD-MM-YYYY HH:MM dates."""
    src = os.path.join(HERE, "seed", "data")
    out_dir = os.path.join(HERE, "seed", "fixtures")
    os.makedirs(out_dir, exist_ok=True)

    def read(name, encoding):
        with open(os.path.join(src, name), encoding=encoding, newline="") as f:
            text = f.read()
        return text.splitlines(), "\r\n" if "\r\n" in text else "\n"

    def write(name, encoding, lines, newline):
        with open(os.path.join(out_dir, name), "w", encoding=encoding, newline="") as f:
            f.write(newline.join(lines) + newline)

    web, nl = read("ga4-traffic.csv", "utf-8")
    web = [l for l in web if l]
    header = next(l for l in web if not l.startswith("#"))
    data = [r for r in csv.reader([l for l in web if l[:1].isdigit()])
            if keep(D(int(r[0][:4]), int(r[0][4:6]), int(r[0][6:])))]
    days = [r[0] for r in data]
    totals = [_quoted("{:,}".format(sum(int(r[i]) for r in data))) for i in (1, 2)]
    preamble = [l for l in web if l.startswith("#")]
    preamble = [("# Start date: %s" % min(days)) if l.startswith("# Start date:") else
                ("# End date: %s" % max(days)) if l.startswith("# End date:") else l for l in preamble]
    rows = [",".join(r) for r in data]
    write("ga4-traffic.csv", "utf-8", preamble + [header, "Totals,%s,%s" % tuple(totals)] + rows, nl)

    ads, nl = read("google-ads-campaigns.csv", "utf-8")
    ads = [l for l in ads if l]
    body = [r for r in csv.reader(ads[3:]) if not r[0].startswith("Total:")]
    body = [r for r in body if keep(D.fromisoformat(r[0]))]
    first, last = min(D.fromisoformat(r[0]) for r in body), max(D.fromisoformat(r[0]) for r in body)
    cost = sum(Decimal(r[4].replace(",", "")) for r in body if r[4] != "--")
    lines = [ads[0], '"%s %d, %d - %s %d, %d"' % (first.strftime("%B"), first.day, first.year,
                                                  last.strftime("%B"), last.day, last.year), ads[2]]
    text = []
    w = csv.writer(_Lines(text), lineterminator="")
    for r in body:
        w.writerow(r)
    lines += text
    lines.append("Total: Account,--,--,EUR,%s,--,--,--,--,--" % _quoted("{:,.2f}".format(cost)))
    write("google-ads-campaigns.csv", "utf-8", lines, nl)

    erp, nl = read("erp-orders.csv", "cp1252")
    erp = [l for l in erp if l]
    kept = [l for l in erp[1:] if keep(D(*reversed([int(x) for x in l.split(";")[1].split()[0].split("-")])))]
    write("erp-orders.csv", "cp1252", [erp[0]] + kept, nl)
    return out_dir


def _quoted(text):
    """A CSV field as the tools write a number with thousands separators."""
    return '"%s"' % text if "," in text else text


class _Lines:
    """A file-like target for csv.writer that collects one string per row."""
    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.append(text)


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


def captured(example, fixtures, data_dir=None):
    """Runs examples/<example>/expected/compute.py with read_csv reading the fixtures
    (by file name), or with its DATA folder set to data_dir for an example that
    reads its downloads itself (seed), and returns the (model, goals) it
    evaluates, writing nothing."""
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
        if data_dir:
            module.DATA = data_dir
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

    # seed: the three downloads, three days a month; monthly goals from 2025-01
    seed_dir = seed_fixtures(first_days(3, D(2024, 12, 1), D(2025, 4, 30)))
    model, goals = captured("seed", {}, data_dir=seed_dir)
    seed_data = [("web", "fixtures/ga4-traffic.csv"), ("ads", "fixtures/google-ads-campaigns.csv"),
                 ("erp", "fixtures/erp-orders.csv")]
    items["seed"] = [
        test_item("spring_2025", "Three days a month of each download, evaluated at the end of March 2025",
                  seed_data, D(2025, 3, 31), model, goals,
                  [("more_profit", NUMBERS), ("more_profit.revenue", ["status", "current", "target"]),
                   ("more_profit.revenue.visitors", ["status", "current", "progress"])]),
        test_item("before_the_start", "Nothing is judged before the goal starts",
                  seed_data, D(2024, 12, 31), model, goals,
                  [("more_profit", ["status", "current"])]),
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
