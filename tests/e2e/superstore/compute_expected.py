#!/usr/bin/env python3
"""Monthly values of superstore.kpi's metrics, computed without kpic.

Reads the export with Python's csv module (utf-8-sig drops its byte-order
mark), groups rows by the month of "Order Date" (M/D/YYYY), and sums with
Decimal, so money is exact before it is rounded to cents (half away from
zero, as reports print it). A month in which no row passes a metric's
filter has no value (an empty cell), not 0. Writes expected-monthly.csv next to this file:

    python3 tests/e2e/superstore/compute_expected.py "$KPI_SHARED_DATA/superstore.csv"
"""
import csv
import os
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def month_of(text):
    m, _d, y = text.strip().split("/")
    return "%04d-%02d" % (int(y), int(m))


def cents(d):
    return d.quantize(CENT, ROUND_HALF_UP)


def main():
    path = sys.argv[1]
    sales = defaultdict(Decimal)
    profit = defaultdict(Decimal)
    tech = defaultdict(Decimal)
    west_furniture = defaultdict(Decimal)
    orders = defaultdict(set)
    seen = defaultdict(set)   # which filtered metrics had a row in the month
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            p = month_of(row["Order Date"])
            sales[p] += Decimal(row["Sales"])
            profit[p] += Decimal(row["Profit"])
            orders[p].add(row["Order ID"])
            if row["Category"] == "Technology":
                tech[p] += Decimal(row["Sales"])
                seen[p].add("tech")
            if row["Region"] == "West" and row["Category"] == "Furniture":
                west_furniture[p] += Decimal(row["Profit"])
                seen[p].add("west")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected-monthly.csv")
    with open(out, "w", newline="\n") as f:
        f.write("period,sales,profit,orders,technology_sales,west_furniture_profit,margin\n")
        for p in sorted(sales):
            margin = profit[p] / sales[p]
            f.write("%s,%s,%s,%d,%s,%s,%s\n" % (
                p, cents(sales[p]), cents(profit[p]), len(orders[p]),
                cents(tech[p]) if "tech" in seen[p] else "",
                cents(west_furniture[p]) if "west" in seen[p] else "",
                margin.quantize(Decimal("0.00000001"), ROUND_HALF_UP)))


if __name__ == "__main__":
    main()
