#!/usr/bin/env python3
"""Generates examples/customer-service/data/tickets.csv: one row per ticket.

A support team of a subscription business, 2025. In July it adds two agents
and a chat channel to answer faster; first responses speed up over the
autumn, first-contact resolution improves more slowly, and satisfaction dips
in August while the new agents learn.

Columns follow std.support's names where a column means the same thing:
first_response_time (minutes to the first human reply), resolution_time
(hours to the solution; empty while a ticket is open), resolved,
resolved_first_contact, escalations, csat_responses and satisfied_responses
(0 or 1 per ticket), plus ticket_id, created (the day) and channel.

Deterministic (a fixed LCG, no clock):

    python3 examples/customer-service/data/generate.py
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from datagen import Lcg, ramp, write_csv  # noqa: E402

FIRST_DAY = datetime.date(2025, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
PLAN_START = datetime.date(2025, 7, 1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = Lcg(4242)
    lines = ["ticket_id,created,channel,first_response_time,resolution_time,resolved,"
             "resolved_first_contact,escalations,csat_responses,satisfied_responses"]
    ticket = 100000
    day = FIRST_DAY
    while day <= LAST_DAY:
        plan = ramp(day, PLAN_START, 150.0)  # the change takes five months
        per_day = 14 if day.weekday() >= 5 else 30
        for _ in range(per_day + int(rng.unit() * 8)):
            ticket += 1
            channel = "chat" if day >= PLAN_START and rng.unit() < 0.35 else ("email" if rng.unit() < 0.7 else "phone")
            mean_response = 58.0 - 30.0 * plan
            response = round(mean_response * (0.4 + 1.2 * rng.unit()), 1)
            first_contact = rng.unit() < 0.52 + 0.06 * plan
            resolved = first_contact or rng.unit() < 0.93
            hours = round(2.0 + 40.0 * rng.unit(), 2) if resolved and not first_contact else (
                round(0.3 + 2.0 * rng.unit(), 2) if resolved else None)
            escalated = (not first_contact) and rng.unit() < 0.17 - 0.08 * plan
            surveyed = resolved and rng.unit() < 0.3
            august = datetime.date(2025, 8, 1) <= day <= datetime.date(2025, 8, 31)
            satisfied = surveyed and rng.unit() < (0.78 if august else 0.88)
            lines.append("T%d,%s,%s,%.1f,%s,%d,%d,%d,%d,%d" % (
                ticket, day.isoformat(), channel, response, "" if hours is None else "%.2f" % hours,
                resolved, first_contact, escalated, surveyed, satisfied))
        day += datetime.timedelta(days=1)
    write_csv(os.path.join(here, "tickets.csv"), lines)


if __name__ == "__main__":
    main()
