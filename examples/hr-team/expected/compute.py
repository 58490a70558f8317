#!/usr/bin/env python3
"""Computes the expected reports of examples/hr-team without kpic.

The metrics and goals of hr.kpi are restated by hand and evaluated by
../../evalref.py (the rules of docs/evaluation.md):

    python3 examples/hr-team/expected/compute.py
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))
import evalref as E  # noqa: E402

D = datetime.date
AS_OF = [D(2024, 12, 31), D(2025, 3, 3), D(2025, 7, 1), D(2025, 10, 6), D(2026, 1, 1)]


def main():
    data = os.path.join(HERE, "..", "data")
    people = E.read_csv(os.path.join(data, "people.csv"), date_column="week", source="people")
    hires = E.read_csv(os.path.join(data, "hires.csv"), date_column="hired", source="hires")
    in_people = lambda r: r["__source"] == "people"  # noqa: E731
    engineering = lambda r: r["__source"] == "hires" and r["department"] == "Engineering"  # noqa: E731
    metrics = {
        "headcount": E.Base("headcount", aggregate="last", where=in_people),
        "leavers": E.Base("leavers", where=in_people),
        "absence_days": E.Base("absence_days", where=in_people),
        "scheduled_days": E.Base("scheduled_days", where=in_people),
        "turnover_rate": E.Derived(lambda v: E.div(v("leavers"), v("headcount"))),
        "absenteeism": E.Derived(lambda v: E.div(v("absence_days"), v("scheduled_days"))),
        "time_to_hire[department=Engineering]": E.Base("time_to_hire", aggregate="avg", where=engineering),
    }
    model = E.Model(people + hires, metrics, sources=["people", "hires"])
    start, deadline = D(2025, 1, 1), D(2025, 12, 31)
    lead = "Head of people"
    goals = [
        E.Goal("grow_team", "headcount", "reach", start, deadline, owner=lead,
               title="280 people by the end of 2025", unit="count",
               amount_kind="absolute", amount=280.0),
        E.Goal("keep_people", "turnover_rate", "lower", start, deadline, review="quarterly",
               owner=lead, title="Fewer leavers per quarter", unit="%", better=-1,
               amount_kind="absolute", amount=0.03,
               why="Every leaver costs about four months of a new hire's time"),
        E.Goal("faster_engineering_hires", "time_to_hire[department=Engineering]", "lower", start,
               deadline, owner="Engineering recruiter", title="Engineers hired 20% faster",
               unit="days", better=-1, amount_kind="relative", amount=-0.20),
        E.Goal("healthy_absence", "absenteeism", "keep", start, deadline, owner=lead,
               title="Absence stays under 4%", unit="%", better=-1, keep="below", high=0.04),
    ]
    E.print_summary(E.write_reports(HERE, model, goals, AS_OF))


if __name__ == "__main__":
    main()
