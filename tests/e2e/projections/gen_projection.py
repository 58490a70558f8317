#!/usr/bin/env python3
"""gen_projection.py OUT.csv: monthly sales from 2023-01 to 2025-06 with a known season and growth.

One row on the 15th of each month. 2023 and 2024 share a shape: 1000 + 50 x
month, and December 3000 more (the peak a straight line cannot know). 2025's
months are 2024's times a ratio that grows by 0.01 a month from 1.10, with
a wobble of +-0.004 so that the ratio's trend has residuals: January 1.104,
February 1.106, March 1.124, ... check_projections.py uses the same
functions, never kpic's arithmetic.
"""
import sys


def shape(month):
    return 1000 + 50 * month + (3000 if month == 12 else 0)


def ratio_2025(month):
    return 1.10 + 0.01 * (month - 1) + (0.004 if month % 2 else -0.004)


def month_value(year, month):
    if year == 2025:
        return round(shape(month) * ratio_2025(month), 2)
    return shape(month) + (0 if year == 2024 else -100)


def main():
    with open(sys.argv[1], "w", newline="") as f:
        f.write("day,sales\n")
        for year in (2023, 2024, 2025):
            for month in range(1, 13):
                if (year, month) > (2025, 6):
                    break
                f.write("%d-%02d-15,%.2f\n" % (year, month, month_value(year, month)))


if __name__ == "__main__":
    main()
