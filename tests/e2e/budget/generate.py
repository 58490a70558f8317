#!/usr/bin/env python3
"""generate.py OUT.csv: one row a day from 2023-01-01 to 2025-12-31 with known answers.

sales = 100 x the month's season factor x 1.1 per year since 2023; spend =
10 x the season factor on a "sea" day (odd days since 0001-01-01), 2 x on a
"seo" day, the same every year, so last year's spending has the shape this
year's follows. Exact to the cent. shop.csv in this folder is its output
(the warehouse tests load it as a table):

    python3 tests/e2e/budget/generate.py tests/e2e/budget/shop.csv
"""
import datetime
import sys
from decimal import ROUND_HALF_UP, Decimal

SEASON = [Decimal(x) for x in ("0.8", "0.7", "0.9", "1", "1", "1.1", "1.2", "1.1", "1", "1", "1.3", "1.8")]
CENT = Decimal("0.01")


def rows():
    d = datetime.date(2023, 1, 1)
    while d <= datetime.date(2025, 12, 31):
        f = SEASON[d.month - 1]
        channel = "sea" if d.toordinal() % 2 else "seo"
        sales = (100 * f * Decimal("1.1") ** (d.year - 2023)).quantize(CENT, ROUND_HALF_UP)
        spend = ((10 if channel == "sea" else 2) * f).quantize(CENT, ROUND_HALF_UP)
        yield d, channel, sales, spend
        d += datetime.timedelta(days=1)


def main():
    with open(sys.argv[1], "w", newline="\n") as f:
        f.write("day,channel,sales,spend\n")
        for d, channel, sales, spend in rows():
            f.write("%s,%s,%s,%s\n" % (d.isoformat(), channel, sales, spend))


if __name__ == "__main__":
    main()
