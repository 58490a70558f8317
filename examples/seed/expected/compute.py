#!/usr/bin/env python3
"""Computes the expected reports of examples/seed without kpic.

The three downloads are read here by hand, with Python's csv module and exact
decimals: the GA4 exploration without its `#` preamble and Totals row, the
Google Ads report without its title, date-range and Total lines ("--" is no
value), the ERP export decoded from Windows-1252 with its decimal comma. The
metrics and the goal of seed.kpi are restated and evaluated by
../../evalref.py (docs/evaluation.md). Run it after changing the data:

    python3 examples/seed/expected/compute.py
"""
import csv
import datetime
import os
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
sys.path.insert(0, os.path.join(HERE, "..", ".."))
import evalref as E  # noqa: E402

D = datetime.date
AS_OF = [D(2025, 3, 15), D(2025, 10, 5), D(2026, 7, 1)]


def lines(name, encoding):
    with open(os.path.join(DATA, name), encoding=encoding, newline="") as f:
        return f.read().splitlines()


def rows():
    out = []
    web = [l for l in lines("ga4-traffic.csv", "utf-8") if not l.startswith("#")]
    for r in csv.DictReader(web):
        if r["Date"] == "Totals":
            continue
        d = r["Date"]
        out.append({"__day": D(int(d[:4]), int(d[4:6]), int(d[6:])), "__source": "web",
                    "users": r["Active users"]})
    for r in csv.DictReader(lines("google-ads-campaigns.csv", "utf-8")[2:]):
        if r["Day"].startswith("Total:"):
            continue
        cost = "" if r["Cost"] == "--" else r["Cost"].replace(",", "")
        out.append({"__day": D.fromisoformat(r["Day"]), "__source": "ads", "cost": cost})
    for r in csv.DictReader(lines("erp-orders.csv", "cp1252"), delimiter=";"):
        day, month, year = r["Orderdatum"].split()[0].split("-")
        keep = r["Status"] != "Geannuleerd"
        out.append({"__day": D(int(year), int(month), int(day)), "__source": "erp",
                    "revenue": str(Decimal(r["Omzet excl. btw"].replace(".", "").replace(",", "."))) if keep else "",
                    "cogs": str(Decimal(r["Kostprijs"].replace(".", "").replace(",", "."))) if keep else "",
                    "kept": keep})
    return out


def from_source(name, extra=None):
    return lambda r: r["__source"] == name and (extra is None or extra(r))


def main():
    metrics = {
        "visitors": E.Base("users", where=from_source("web")),
        "revenue": E.Base("revenue", where=from_source("erp", lambda r: r["kept"])),
        "cost_of_goods": E.Base("cogs", where=from_source("erp", lambda r: r["kept"])),
        "ad_spend": E.Base("cost", where=from_source("ads")),
        "profit": E.Derived(lambda v: v("revenue") - v("cost_of_goods") - v("ad_spend")),
    }
    model = E.Model(rows(), metrics, sources=["erp", "ads", "web"])
    start, deadline = D(2025, 1, 1), D(2026, 6, 30)
    owner = "Digital marketing manager"
    visitors = E.Goal("more_profit.revenue.visitors", "visitors", "raise", start, deadline,
                      owner=owner, unit="count", amount_kind="relative", amount=0.65)
    revenue = E.Goal("more_profit.revenue", "revenue", "raise", start, deadline, owner=owner,
                     unit="EUR", amount_kind="relative", amount=0.35, drivers=[visitors])
    goals = [E.Goal("more_profit", "profit", "raise", start, deadline, owner=owner,
                    title="Profit +20% in 18 months", unit="EUR", amount_kind="relative",
                    amount=0.20, budget=(38000.0, "EUR", "ad_spend"), drivers=[revenue])]
    E.print_summary(E.write_reports(HERE, model, goals, AS_OF))


if __name__ == "__main__":
    main()
