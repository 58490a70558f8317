#!/usr/bin/env python3
"""Computes the expected reports of examples/webshop without kpic.

The metrics and goals of webshop.kpi are restated here by hand (see the
example's README) and evaluated by ../../evalref.py, which implements the
rules of docs/evaluation.md. Run it after changing the data or the goals:

    python3 examples/webshop/expected/compute.py

It rewrites expected/<as-of>.json and prints each goal's status per date.
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))
import evalref as E  # noqa: E402

D = datetime.date
AS_OF = [D(2024, 12, 15), D(2025, 6, 15), D(2025, 10, 5), D(2026, 2, 10), D(2026, 7, 1)]


def main():
    rows = E.read_csv(os.path.join(HERE, "..", "data", "shop.csv"), date_column="day")
    metrics = {
        # std.web, with conversions rebound to the column "orders"
        "visitors": E.Base("visitors"),
        "sessions": E.Base("sessions"),
        "bounces": E.Base("bounces"),
        "conversions": E.Base("orders"),
        "bounce_rate": E.Derived(lambda v: E.div(v("bounces"), v("sessions"))),
        "conversion_rate": E.Derived(lambda v: E.div(v("conversions"), v("sessions"))),
        # std.finance, with revenue rebound to "omzet"
        "revenue": E.Base("omzet"),
        "costs": E.Base("costs"),
        "profit": E.Derived(lambda v: v("revenue") - v("costs")),
    }
    model = E.Model(rows, metrics, sources=["shop"])
    start, deadline = D(2025, 1, 1), D(2026, 6, 30)
    owner = "Digital marketing manager"
    visitors = E.Goal("more_profit.revenue.visitors", "visitors", "raise", start, deadline,
                      owner=owner, unit="count", amount_kind="relative", amount=0.65)
    revenue = E.Goal("more_profit.revenue", "revenue", "raise", start, deadline, owner=owner,
                     unit="EUR", amount_kind="relative", amount=0.35, drivers=[visitors])
    goals = [
        E.Goal("more_profit", "profit", "raise", start, deadline, owner=owner,
               title="Profit +20% in 18 months", unit="EUR", amount_kind="relative",
               amount=0.20, budget=(50000.0, "EUR", None), why="Grow without buying revenue at any price", drivers=[revenue]),
        E.Goal("calm_bounce", "bounce_rate", "keep", start, deadline, owner="Web team",
               title="Bounce rate stays under 45%", unit="%", better=-1, keep="below", high=0.45),
        E.Goal("steady_conversion", "conversion_rate", "keep", start, deadline,
               owner="E-commerce lead", title="Conversion stays above 1.6%", unit="%",
               keep="above", low=0.016),
    ]
    E.print_summary(E.write_reports(HERE, model, goals, AS_OF))


if __name__ == "__main__":
    main()
