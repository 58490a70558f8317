#!/usr/bin/env python3
"""Generates the marketing-funnel example's data: data/site.csv and data/ads.csv.

site.csv has one row per day and traffic channel (seo, sea, social, direct)
with the sessions and conversions the web analytics tool counted. ads.csv has
one row per day and search campaign (brand, generic) with what the ad platform
reports. The story, from January 2025: an SEO programme lifts organic traffic
steadily but its visitors convert only a little better; the paid-search team
raises click-through rates and lowers the cost per conversion, except in
March 2025, when a bidding mistake sinks the return on ad spend for a month.

Deterministic (a fixed LCG, no clock): the files are identical on every run.

    python3 examples/marketing-funnel/data/generate.py
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from datagen import Lcg, ramp, write_csv  # noqa: E402

FIRST_DAY = datetime.date(2024, 7, 1)
LAST_DAY = datetime.date(2025, 12, 31)
PLAN_START = datetime.date(2025, 1, 1)
PLAN_DAYS = 365


def plan_fraction(day):
    return ramp(day, PLAN_START, PLAN_DAYS - 1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = Lcg(7)
    site = ["day,channel,sessions,conversions"]
    ads = ["day,campaign,impressions,clicks,ad_spend,ad_conversions,ad_revenue"]
    day = FIRST_DAY
    while day <= LAST_DAY:
        f = plan_fraction(day)
        weekend = day.weekday() >= 5
        base = {"seo": 1500 * (1.0 + 0.46 * f ** 1.15), "sea": 900.0, "social": 400.0, "direct": 700.0}
        rate = {"seo": 0.018 + 0.0021 * f, "sea": 0.025, "social": 0.008, "direct": 0.030}
        for channel in ("seo", "sea", "social", "direct"):
            sessions = int(round(base[channel] * (0.85 if weekend else 1.0) * rng.noise(0.06)))
            conversions = int(round(sessions * rate[channel] * rng.noise(0.10)))
            site.append("%s,%s,%d,%d" % (day.isoformat(), channel, sessions, conversions))
        bidding_mistake = datetime.date(2025, 3, 1) <= day <= datetime.date(2025, 3, 31)
        for campaign, share in (("brand", 0.35), ("generic", 0.65)):
            impressions = int(round(60000 * share * rng.noise(0.05)))
            ctr = (0.030 + 0.0065 * f) * rng.noise(0.05)
            clicks = int(round(impressions * ctr))
            cpc = (0.62 - 0.04 * f) * rng.noise(0.04) * (1.45 if bidding_mistake else 1.0)
            spend = clicks * cpc
            conversions = int(round(clicks * (0.025 + 0.002 * f) * rng.noise(0.08)))
            revenue = conversions * 84.0 * rng.noise(0.05)
            ads.append("%s,%s,%d,%d,%.2f,%d,%.2f" % (
                day.isoformat(), campaign, impressions, clicks, spend, conversions, revenue))
        day += datetime.timedelta(days=1)
    for name, lines in (("site.csv", site), ("ads.csv", ads)):
        write_csv(os.path.join(here, name), lines)


if __name__ == "__main__":
    main()
