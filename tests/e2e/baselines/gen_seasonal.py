#!/usr/bin/env python3
"""gen_seasonal.py OUT.csv: daily sales from 2022-01-01 to 2024-12-31 with known values.

The value of a day says which day it is, so that a baseline read from the
wrong day shows: 1000 * (year - 2020) + 10 * month + day, plus a season
(December doubles), e.g. 2023-02-28 is 3048.00 and 2024-02-29 is 4049.00.
check_baselines.py uses the same function, never kpic's arithmetic.
"""
import datetime
import sys


def day_value(d):
    v = 1000 * (d.year - 2020) + 10 * d.month + d.day
    return 2 * v if d.month == 12 else v


def main():
    d = datetime.date(2022, 1, 1)
    with open(sys.argv[1], "w", newline="") as f:
        f.write("day,sales\n")
        while d <= datetime.date(2024, 12, 31):
            f.write("%s,%d.00\n" % (d.isoformat(), day_value(d)))
            d += datetime.timedelta(days=1)


if __name__ == "__main__":
    main()
