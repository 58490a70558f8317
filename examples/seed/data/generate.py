#!/usr/bin/env python3
"""Writes the seed example's downloads: two years of a webshop, as its tools export them.

- ga4-traffic.csv: a GA4 exploration (Date, Active users, Sessions) with its
  `#` preamble and Totals row;
- google-ads-campaigns.csv: a Google Ads campaign report (UTF-8 .csv) with its
  title, date range, "--" on paused days and Total rows;
- erp-orders.csv: the shop's ERP order export from a Dutch Windows machine
  (Windows-1252, ';', 1.458,71, DD-MM-YYYY HH:MM).

The formats are those of tests/data/exports/generate.py, whose writers this
reuses; the data are seeded, so a rerun writes the same bytes.
"""
import datetime
import os
import random
import sys
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tests", "data", "exports"))
import generate as G  # noqa: E402

FIRST, LAST = datetime.date(2024, 7, 1), datetime.date(2026, 6, 30)
CAMPAIGNS = [("Brand - NL", 0.9), ("Shopping - Alle producten", 2.1)]


def level(d):
    """The shop's plan at work: flat in 2024, then growth from January 2025 (ads bought from then on)."""
    months = max(0, (d.year - 2025) * 12 + d.month - 1) if d.year >= 2025 else 0
    return 1 + 0.032 * months


def main():
    rng = random.Random(2025)
    text = G.ga4_preamble("Free form 1", FIRST, LAST)
    text += "Date,Active users,Sessions\n"
    rows = []
    for d in G.days(FIRST, LAST):
        users = int(700 * level(d) * G.growth(d, FIRST, 0.0) * rng.uniform(0.9, 1.1))
        rows.append((d, users, int(users * rng.uniform(1.2, 1.35))))
    text += "Totals,%s,%s\n" % ('"%s"' % G.thousands(sum(r[1] for r in rows)),
                                '"%s"' % G.thousands(sum(r[2] for r in rows)))
    for d, users, sessions in rows:
        text += "%s,%d,%d\n" % (d.strftime("%Y%m%d"), users, sessions)
    G.write(os.path.join(HERE, "ga4-traffic.csv"), text)

    ads = []
    for d in G.days(FIRST, LAST):
        for name, cpc in CAMPAIGNS:
            if d.weekday() == 6 and name.startswith("Shopping") and d.year == 2024:
                ads.append((d, name, None, 0, 0, None))         # paused on Sundays in 2024
                continue
            clicks = int(18 * level(d) ** 1.3 * rng.uniform(0.7, 1.3))
            impressions = int(clicks * rng.uniform(25, 60))
            cost = (Decimal(clicks) * Decimal(cpc * rng.uniform(0.85, 1.15))).quantize(G.CENT, ROUND_HALF_UP)
            conv = (Decimal(clicks) * Decimal(rng.uniform(0.02, 0.05))).quantize(G.CENT, ROUND_HALF_UP)
            ads.append((d, name, cost, impressions, clicks, conv))
    G.write(os.path.join(HERE, "google-ads-campaigns.csv"), G.ads_csv_en(ads, FIRST, LAST))

    orders = []
    number = 240000
    for d in G.days(FIRST, LAST):
        for _ in range(int(rng.uniform(1.5, 3.0) * level(d) ** 0.9)):
            number += 1
            revenue = Decimal(rng.uniform(90, 900)).quantize(G.CENT, ROUND_HALF_UP)
            cost = (revenue * Decimal(rng.uniform(0.5, 0.6))).quantize(G.CENT, ROUND_HALF_UP)
            status = rng.choice(["Verzonden", "Verzonden", "Geleverd", "Geleverd", "Geannuleerd"])
            when = datetime.datetime(d.year, d.month, d.day, rng.randint(7, 22), rng.randint(0, 59))
            orders.append((number, when, rng.choice(G.CUSTOMERS), rng.choice(G.PLACES), revenue, cost, status))
    G.write(os.path.join(HERE, "erp-orders.csv"), G.erp_nl(orders))


if __name__ == "__main__":
    main()
