#!/usr/bin/env python3
"""The monthly values of the export corpus, computed without kpic.

Each download is read here as a person would read it by hand, with Python's
csv module and exact decimals: the GA4 preamble and totals row are dropped,
the snapshot's "Nth day" counted from its start date, Google Ads' title,
date-range and Total lines dropped and "--" taken as no value, the German
UTF-16 download's decimal comma and the Dutch ERP export's Windows-1252 text
converted. It prints (or, with --write, writes expected.json) the sum per
month of every measure tests/e2e/exports/exports.kpi reads.
"""
import csv
import datetime
import io
import json
import os
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))


def text_of(name, encoding):
    with open(os.path.join(HERE, name), "rb") as f:
        return f.read().decode(encoding)


def en(s):
    s = s.strip()
    return None if s in ("", "--") else Decimal(s.replace(",", ""))


def nl(s):
    s = s.strip()
    return None if s in ("", "--") else Decimal(s.replace(".", "").replace(",", "."))


def add(sums, metric, day, value):
    if value is None:
        return
    month = "%04d-%02d" % (day.year, day.month)
    sums.setdefault(metric, {}).setdefault(month, Decimal(0))
    sums[metric][month] += value


def without_comments(text):
    return [line for line in text.splitlines() if not line.startswith("#")]


def ymd(s):
    return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))


def main():
    sums = {}
    # GA4 report: preamble lines start with '#'; Date is YYYYMMDD
    for r in csv.DictReader(without_comments(text_of("ga4-traffic-report.csv", "utf-8"))):
        day = ymd(r["Date"])
        add(sums, "report_users", day, en(r["Users"]))
        add(sums, "report_revenue", day, en(r["Total revenue"]))
        if r["Session primary channel group (Default channel group)"] == "Organic Search":
            add(sums, "organic_users", day, en(r["Users"]))
    # GA4 exploration: the first row under the header is the totals row
    rows = list(csv.DictReader(without_comments(text_of("ga4-exploration.csv", "utf-8"))))
    assert rows[0]["Date"] == "Totals"
    for r in rows[1:]:
        add(sums, "explore_users", ymd(r["Date"]), en(r["Active users"]))
        add(sums, "explore_revenue", ymd(r["Date"]), en(r["Total revenue"]))
    # GA4 snapshot: the first table, days counted from its start date
    lines = text_of("ga4-snapshot.csv", "utf-8").splitlines()
    start = ymd([line for line in lines if line.startswith("# Start date:")][0].split(":")[1].strip())
    first_table = []
    for line in lines[lines.index("Nth day,Active users"):]:
        if not line:
            break
        first_table.append(line)
    for r in csv.DictReader(first_table):
        add(sums, "snapshot_users", start + datetime.timedelta(days=int(r["Nth day"])), en(r["Active users"]))
    # Google Ads, UTF-8: two lines before the header, Total rows at the end
    for r in csv.DictReader(text_of("google-ads-campaigns.csv", "utf-8").splitlines()[2:]):
        if r["Day"].startswith("Total:"):
            continue
        day = datetime.date.fromisoformat(r["Day"])
        add(sums, "ad_cost", day, en(r["Cost"]))
        add(sums, "ad_clicks", day, en(r["Clicks"]))
    # Google Ads, German "Excel" download: UTF-16, tabs, decimal comma
    text = text_of("google-ads-campaigns-excel.csv", "utf-16")
    for r in csv.DictReader(io.StringIO("\n".join(text.splitlines()[2:])), delimiter="\t"):
        if r["Tag"].startswith("Gesamt:"):
            continue
        day = datetime.date.fromisoformat(r["Tag"])
        add(sums, "ad_cost_de", day, nl(r["Kosten"]))
        add(sums, "ad_clicks_de", day, nl(r["Klicks"]))
    # The Dutch ERP export: Windows-1252, ';', DD-MM-YYYY HH:MM
    for r in csv.DictReader(text_of("erp-orders-nl.csv", "cp1252").splitlines(), delimiter=";"):
        d, m, y = r["Orderdatum"].split()[0].split("-")
        day = datetime.date(int(y), int(m), int(d))
        add(sums, "erp_revenue", day, nl(r["Omzet excl. btw"]))
        add(sums, "erp_costs", day, nl(r["Kostprijs"]))
        if r["Plaats"] == "Liège":
            add(sums, "liege_revenue", day, nl(r["Omzet excl. btw"]))
    out = {metric: {month: str(v) for month, v in sorted(months.items())} for metric, months in sorted(sums.items())}
    text = json.dumps(out, indent=2, ensure_ascii=False) + "\n"
    if "--write" in sys.argv:
        with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
