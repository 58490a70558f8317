#!/usr/bin/env python3
"""Computes the expected reports of examples/customer-service without kpic.

The metrics and goals of support.kpi are restated by hand and evaluated by
../../evalref.py (the rules of docs/evaluation.md):

    python3 examples/customer-service/expected/compute.py
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))
import evalref as E  # noqa: E402

D = datetime.date
AS_OF = [D(2025, 6, 30), D(2025, 8, 3), D(2025, 9, 1), D(2025, 11, 2), D(2026, 1, 4)]


def main():
    rows = E.read_csv(os.path.join(HERE, "..", "data", "tickets.csv"), date_column="created")
    metrics = {
        "tickets": E.Base("ticket_id", aggregate="count"),
        "tickets_resolved": E.Base("resolved"),
        "resolved_first_contact": E.Base("resolved_first_contact"),
        "escalations": E.Base("escalations"),
        "csat_responses": E.Base("csat_responses"),
        "satisfied_responses": E.Base("satisfied_responses"),
        "first_response_time": E.Base("first_response_time", aggregate="avg"),
        "first_contact_resolution": E.Derived(
            lambda v: E.div(v("resolved_first_contact"), v("tickets_resolved"))),
        "escalation_rate": E.Derived(lambda v: E.div(v("escalations"), v("tickets"))),
        "csat": E.Derived(lambda v: E.div(v("satisfied_responses"), v("csat_responses"))),
    }
    model = E.Model(rows, metrics, sources=["tickets"])
    start, deadline = D(2025, 7, 1), D(2025, 12, 31)
    lead, first_line = "Head of customer service", "Team lead, first line"
    goals = [
        E.Goal("faster_replies", "first_response_time", "lower", start, deadline, owner=lead,
               title="First reply within half an hour", unit="minutes", better=-1,
               amount_kind="absolute", amount=30.0,
               why="Customers who wait more than an hour open a second ticket"),
        E.Goal("first_time_right", "first_contact_resolution", "raise", start, deadline,
               review="quarterly", owner=first_line, title="Solve more tickets in the first reply",
               unit="%", amount_kind="points", amount=0.05),
        E.Goal("happy_customers", "csat", "keep", start, deadline, owner=lead,
               title="Satisfaction stays above 85%", unit="%", keep="above", low=0.85),
        E.Goal("few_escalations", "escalation_rate", "keep", start, deadline, review="weekly",
               owner=first_line, title="At most one ticket in ten needs the second line",
               unit="%", better=-1, keep="below", high=0.10),
    ]
    E.print_summary(E.write_reports(HERE, model, goals, AS_OF))


if __name__ == "__main__":
    main()
