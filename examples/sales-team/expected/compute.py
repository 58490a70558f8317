#!/usr/bin/env python3
"""Computes the expected reports of examples/sales-team without kpic.

The metrics and goals of sales.kpi are restated by hand and evaluated by
../../evalref.py (the rules of docs/evaluation.md) on the real export, found
through KPI_SHARED_DATA or at ../shared/data next to the repository:

    python3 examples/sales-team/expected/compute.py
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))
import evalref as E  # noqa: E402

D = datetime.date
AS_OF = [D(2018, 12, 31), D(2019, 4, 1), D(2019, 7, 1), D(2019, 10, 1), D(2020, 1, 1)]


def main():
    shared = os.environ.get("KPI_SHARED_DATA") or os.path.join(HERE, "..", "..", "..", "..", "shared", "data")
    rows = E.read_csv(os.path.join(shared, "superstore.csv"), date_column="Order Date",
                      date_format="M/D/YYYY")
    west = lambda r: r["Region"] == "West"  # noqa: E731
    metrics = {
        "sales": E.Base("Sales"),
        "orders": E.Base("Order ID", aggregate="count_distinct"),
        "profit": E.Base("Profit"),
        "profit_margin": E.Derived(lambda v: E.div(v("profit"), v("sales"))),
        "sales[Region=West]": E.Base("Sales", where=west),
    }
    model = E.Model(rows, metrics, sources=["store"])
    start, deadline = D(2019, 1, 1), D(2019, 12, 31)
    director = "Sales director"
    goals = [
        E.Goal("more_sales", "sales", "raise", start, deadline, review="quarterly", owner=director,
               title="Sales +20% in 2019", unit="USD", amount_kind="relative", amount=0.20,
               baseline=152300.0,
               drivers=[E.Goal("more_sales.orders", "orders", "raise", start, deadline,
                               review="quarterly", owner=director, unit="count",
                               amount_kind="relative", amount=0.20, baseline=329.0)]),
        E.Goal("west_growth", "sales[Region=West]", "raise", start, deadline, review="quarterly",
               owner="West region manager", title="The West region grows fastest", unit="USD",
               amount_kind="relative", amount=0.25, baseline=46870.0),
        E.Goal("healthy_margin", "profit_margin", "keep", start, deadline, review="quarterly",
               owner="Finance controller", title="Growth does not cost the margin", unit="%",
               keep="above", low=0.12),
    ]
    E.print_summary(E.write_reports(HERE, model, goals, AS_OF))


if __name__ == "__main__":
    main()
