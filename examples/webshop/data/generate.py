#!/usr/bin/env python3
"""Generates examples/webshop/data/shop.csv: two years of daily webshop figures.

The numbers tell the story of the webshop example: from January 2025 the shop
buys traffic to grow. Visitors grow well (slowly at first, then faster); the
new traffic converts worse, so revenue grows less than visitors; marketing
spend rises with the traffic, so profit grows least. A site redesign in
September 2025 makes the bounce rate jump for a month.

Deterministic: a fixed linear congruential generator, no clock, no random
module, so the file is byte-identical on every machine. Run it from anywhere:

    python3 examples/webshop/data/generate.py

Columns: day (YYYY-MM-DD), visitors, sessions, pageviews, bounces, orders,
omzet (revenue in EUR, Dutch for turnover: the example rebinds std.finance's
revenue to it), costs (EUR).
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from datagen import Lcg, ramp, write_csv  # noqa: E402

FIRST_DAY = datetime.date(2024, 7, 1)
LAST_DAY = datetime.date(2026, 6, 30)
GROWTH_START = datetime.date(2025, 1, 1)
GROWTH_DAYS = 546                       # 2025-01-01 .. 2026-06-30
WEEKDAY = [1.00, 1.03, 1.01, 0.99, 0.94, 0.90, 1.08]   # Monday .. Sunday


def growth_fraction(day):
    """0 before the growth plan starts, 1 at its end."""
    return ramp(day, GROWTH_START, GROWTH_DAYS - 1)


def main():
    rng = Lcg(20250101)
    out_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shop.csv")
    rows = ["day,visitors,sessions,pageviews,bounces,orders,omzet,costs"]
    day = FIRST_DAY
    while day <= LAST_DAY:
        f = growth_fraction(day)
        drift = 1.0 + 0.00005 * (day - FIRST_DAY).days     # slow organic growth
        visitors = 3000 * drift * (1.0 + 0.78 * f ** 1.3) * WEEKDAY[day.weekday()] * rng.noise(0.04)
        visitors = int(round(visitors))
        sessions = int(round(visitors * 1.30 * rng.noise(0.02)))
        pageviews = int(round(sessions * 3.1 * rng.noise(0.03)))
        bounce_rate = 0.38 + 0.05 * f
        if datetime.date(2025, 9, 1) <= day <= datetime.date(2025, 9, 30):
            bounce_rate += 0.06                               # the redesign
        bounces = int(round(sessions * bounce_rate * rng.noise(0.03)))
        conversion = (0.0200 - 0.0045 * f) * rng.noise(0.05)
        orders = int(round(sessions * conversion))
        revenue = orders * 62.0 * rng.noise(0.04)
        marketing = 400.0 + 950.0 * f
        costs = 0.50 * revenue + 1100.0 * rng.noise(0.02) + marketing
        rows.append("%s,%d,%d,%d,%d,%d,%.2f,%.2f" % (
            day.isoformat(), visitors, sessions, pageviews, bounces, orders, revenue, costs))
        day += datetime.timedelta(days=1)
    write_csv(out_path, rows)


if __name__ == "__main__":
    main()
