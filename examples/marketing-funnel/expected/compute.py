#!/usr/bin/env python3
"""Computes the expected reports of examples/marketing-funnel without kpic.

The metrics and goals of marketing.kpi are restated by hand and evaluated by
../../evalref.py (the rules of docs/evaluation.md):

    python3 examples/marketing-funnel/expected/compute.py
"""
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", ".."))
import evalref as E  # noqa: E402

D = datetime.date
AS_OF = [D(2024, 12, 20), D(2025, 4, 2), D(2025, 7, 1), D(2025, 10, 1), D(2026, 1, 5)]


def main():
    data = os.path.join(HERE, "..", "data")
    ads = E.read_csv(os.path.join(data, "ads.csv"), date_column="day", source="ads")
    site = E.read_csv(os.path.join(data, "site.csv"), date_column="day", source="site")

    def in_source(name, extra=None):
        return lambda r: r["__source"] == name and (extra is None or extra(r))
    seo = in_source("site", lambda r: r["channel"] == "seo")
    metrics = {
        "impressions": E.Base("impressions", where=in_source("ads")),
        "clicks": E.Base("clicks", where=in_source("ads")),
        "ad_spend": E.Base("ad_spend", where=in_source("ads")),
        "ad_conversions": E.Base("ad_conversions", where=in_source("ads")),
        "ad_revenue": E.Base("ad_revenue", where=in_source("ads")),
        "ctr": E.Derived(lambda v: E.div(v("clicks"), v("impressions"))),
        "cpa": E.Derived(lambda v: E.div(v("ad_spend"), v("ad_conversions"))),
        "roas": E.Derived(lambda v: E.div(v("ad_revenue"), v("ad_spend"))),
        "organic_sessions": E.Base("sessions", where=seo),
        # the seo_conversion goal's segment: conversion_rate's parts, seo rows only
        "sessions[channel=seo]": E.Base("sessions", where=seo),
        "conversions[channel=seo]": E.Base("conversions", where=seo),
        "conversion_rate[channel=seo]": E.Derived(
            lambda v: E.div(v("conversions[channel=seo]"), v("sessions[channel=seo]"))),
    }
    model = E.Model(ads + site, metrics, sources=["site", "ads"])
    start, deadline = D(2025, 1, 1), D(2025, 12, 31)
    seo_lead, sea_lead = "SEO lead", "SEA specialist"
    goals = [
        E.Goal("organic_growth", "organic_sessions", "raise", start, deadline, owner=seo_lead,
               title="40% more organic sessions in 2025", unit="count",
               amount_kind="relative", amount=0.40),
        E.Goal("seo_conversion", "conversion_rate[channel=seo]", "raise", start, deadline,
               review="quarterly", owner=seo_lead, title="Organic visitors convert better",
               unit="%", amount_kind="points", amount=0.003),
        E.Goal("efficient_ads", "cpa", "lower", start, deadline, owner=sea_lead,
               title="Cheaper conversions from paid search", unit="EUR", better=-1,
               amount_kind="relative", amount=-0.15, budget=(460000.0, "EUR", "ad_spend"),
               drivers=[E.Goal("efficient_ads.ctr", "ctr", "raise", start, deadline, owner=sea_lead,
                               unit="%", amount_kind="points", amount=0.005)]),
        E.Goal("roas_floor", "roas", "keep", start, deadline, owner=sea_lead,
               title="Ads pay back at least three times", unit="ratio", keep="above", low=3.0),
    ]
    E.print_summary(E.write_reports(HERE, model, goals, AS_OF))


if __name__ == "__main__":
    main()
