#!/usr/bin/env python3
"""Generates the hr-team example's data: data/people.csv and data/hires.csv.

A software company of about 220 people plans to grow to 260 in 2025 while
keeping people: fewer leavers, faster engineering hires, and absence under
control (a flu wave in February 2025 pushes it up for a month).

people.csv has one row per week (dated on its Monday) for the whole company:
headcount at the end of the week, hires, leavers, absence_days and
scheduled_days. hires.csv has one row per hire: the day the offer was
accepted, the department and time_to_hire in days. The weekly hires column
counts the rows of hires.csv, so the two files agree.

Deterministic (a fixed LCG, no clock):

    python3 examples/hr-team/data/generate.py
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from datagen import Lcg, ramp, write_csv  # noqa: E402

FIRST_MONDAY = datetime.date(2024, 7, 1)
LAST_MONDAY = datetime.date(2025, 12, 29)
PLAN_START = datetime.date(2025, 1, 1)
DEPARTMENTS = ("Engineering", "Sales", "Support", "Operations")


def plan_fraction(day):
    return ramp(day, PLAN_START, 364.0)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = Lcg(1234)
    people = ["week,headcount,hires,leavers,absence_days,scheduled_days"]
    hires_rows = ["hired,department,time_to_hire"]
    headcount = 214
    monday = FIRST_MONDAY
    while monday <= LAST_MONDAY:
        f = plan_fraction(monday)
        hires = rng.poisson_like(1.55 if monday >= PLAN_START else 1.2)
        leavers = rng.poisson_like(headcount * (0.0037 - 0.0012 * f))
        for _ in range(hires):
            day = monday + datetime.timedelta(days=int(rng.unit() * 5))
            department = DEPARTMENTS[int(rng.unit() * 10) % 4 if rng.unit() < 0.5 else 0]
            base = 48.0 - 13.0 * f if department == "Engineering" else 30.0
            days = int(round(base * (0.7 + 0.6 * rng.unit())))
            hires_rows.append("%s,%s,%d" % (day.isoformat(), department, days))
        headcount += hires - leavers
        scheduled = headcount * 5
        flu = datetime.date(2025, 2, 1) <= monday <= datetime.date(2025, 2, 28)
        absence_rate = (0.052 if flu else 0.034) * (0.85 + 0.3 * rng.unit())
        absence = round(scheduled * absence_rate, 1)
        people.append("%s,%d,%d,%d,%.1f,%d" % (monday.isoformat(), headcount, hires, leavers, absence, scheduled))
        monday += datetime.timedelta(days=7)
    for name, lines in (("people.csv", people), ("hires.csv", hires_rows)):
        write_csv(os.path.join(here, name), lines)


if __name__ == "__main__":
    main()
