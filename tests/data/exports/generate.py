#!/usr/bin/env python3
"""Writes realistic downloads of GA4, Google Ads and a Dutch ERP, as they come.

The layouts follow the tools' public descriptions of their downloads
(docs/data-sources.md): GA4's `#` preamble with its start and end date, a
report by channel and Date, an exploration with its Totals row under the
header, a multi-table "Reports snapshot" with an "Nth day" axis; Google Ads'
title and date-range lines, "--" cells, quoted thousands, percentages and
`Total:` rows, once as the UTF-8 CSV download and once as the UTF-16
tab-separated "Excel" download from the German interface; an ERP order
export in Windows-1252 with ';', decimal comma and DD-MM-YYYY HH:MM dates.

The numbers come from a seeded generator, so the files are the same on every
run. `python3 tests/data/exports/generate.py` rewrites the corpus (Q4 2024);
examples/seed/data/generate.py calls write_all() for its two years.
"""
import datetime
import os
import random
from decimal import Decimal, ROUND_HALF_UP

CHANNELS = ["Organic Search", "Direct", "Paid Search", "Organic Social", "Email", "Referral"]
CAMPAIGNS = [("Brand - NL", 0.9), ("Generic - Schoenen", 1.6), ("Shopping - Alle producten", 2.1)]
PLACES = ["Amsterdam", "Rotterdam", "Utrecht", "Liège", "Den Haag", "'s-Hertogenbosch", "Groningen",
          "Maastricht", "Eindhoven", "Gent"]
CUSTOMERS = ["Bakkerij Jansen", "Café De Kroon", "Hotel Zoë", "Boekhandel Müller", "Fietsen Smit",
             "Bloemen & Zo", "Crème de la Crème", "Atelier Noël"]
CENT = Decimal("0.01")


def days(first, last):
    d = first
    while d <= last:
        yield d
        d += datetime.timedelta(days=1)


def growth(d, first, yearly):
    """A trend factor: 1 at the first day, growing by `yearly` a year, with a weekly rhythm."""
    t = (d - first).days / 365.0
    weekly = [1.05, 1.08, 1.04, 1.0, 0.95, 0.88, 0.92][d.weekday()]
    return (1 + yearly) ** t * weekly


def thousands(n):
    return "{:,}".format(n)


def money_en(x):
    return "{:,.2f}".format(x)


def money_de(x):
    s = "{:,.2f}".format(x)
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


def ga4_preamble(title, first, last):
    return ("# ----------------------------------------\n"
            "# %s\n"
            "# Account: Demo shop\n"
            "# Property: shop.example - GA4\n"
            "# ----------------------------------------\n"
            "#\n"
            "# Start date: %s\n"
            "# End date: %s\n") % (title, first.strftime("%Y%m%d"), last.strftime("%Y%m%d"))


def traffic(rng, first, last, yearly):
    """Users and sessions per day and channel."""
    share = [0.38, 0.22, 0.18, 0.1, 0.07, 0.05]
    out = []
    for d in days(first, last):
        base = 900 * growth(d, first, yearly)
        for ch, s in zip(CHANNELS, share):
            users = int(base * s * rng.uniform(0.85, 1.15))
            sessions = int(users * rng.uniform(1.15, 1.4))
            engaged = int(sessions * rng.uniform(0.5, 0.7))
            revenue = (Decimal(users) * Decimal(rng.uniform(0.4, 1.6))).quantize(CENT, ROUND_HALF_UP)
            out.append((d, ch, users, sessions, engaged, revenue))
    return out


def ga4_report(rows, first, last):
    """Acquisition > Traffic acquisition, with Date as secondary dimension: sorted by sessions."""
    text = ga4_preamble("Traffic acquisition: Session primary channel group (Default channel group)", first, last)
    text += ("Session primary channel group (Default channel group),Date,Users,Sessions,Engaged sessions,"
             "Engagement rate,Total revenue\n")
    for d, ch, users, sessions, engaged, revenue in sorted(rows, key=lambda r: (-r[3], r[0], r[1])):
        rate = Decimal(engaged) / Decimal(sessions)
        text += "%s,%s,%d,%d,%d,%s,%s\n" % (ch, d.strftime("%Y%m%d"), users, sessions, engaged,
                                             format(rate.quantize(Decimal("0.0000000001")), "f"), revenue)
    return text


def ga4_exploration(rows, first, last):
    """Explore > Free form: Date and channel rows, a Totals row under the header."""
    text = ga4_preamble("Free form 1", first, last)
    text += "Date,Session default channel group,Active users,Sessions,Total revenue\n"
    text += "Totals,,%s,%s,%s\n" % ('"%s"' % thousands(sum(r[2] for r in rows)),
                                     '"%s"' % thousands(sum(r[3] for r in rows)),
                                     '"%s"' % money_en(sum(r[5] for r in rows)))
    for d, ch, users, sessions, engaged, revenue in sorted(rows, key=lambda r: (r[0], r[1])):
        text += "%s,%s,%d,%d,%s\n" % (d.strftime("%Y%m%d"), ch, users, sessions, revenue)
    return text


def ga4_snapshot(rows, first, last):
    """Reports snapshot: one card per table; the users card counts days from the start date."""
    per_day = {}
    for d, ch, users, *_ in rows:
        per_day[d] = per_day.get(d, 0) + users
    text = ga4_preamble("Reports snapshot", first, last)
    text += "Nth day,Active users\n"
    for n, d in enumerate(days(first, last)):
        text += "%04d,%d\n" % (n, per_day[d])
    per_channel = {}
    for d, ch, users, *_ in rows:
        per_channel[ch] = per_channel.get(ch, 0) + users
    text += "\n# ----------------------------------------\n# Users by Session default channel group\n"
    text += "# ----------------------------------------\n#\n"
    text += "# Start date: %s\n# End date: %s\n" % (first.strftime("%Y%m%d"), last.strftime("%Y%m%d"))
    text += "Session default channel group,Active users\n"
    for ch in CHANNELS:
        text += "%s,%d\n" % (ch, per_channel[ch])
    text += "\n# ----------------------------------------\n# Views by Page title and screen class\n"
    text += "# ----------------------------------------\n#\n"
    text += "# Start date: %s\n# End date: %s\n" % (first.strftime("%Y%m%d"), last.strftime("%Y%m%d"))
    text += "Page title and screen class,Views\nHome,%d\nSale,%d\n" % (sum(per_day.values()) * 2,
                                                                        sum(per_day.values()) // 3)
    return text


def ads(rng, first, last, yearly, paused=()):
    """Cost, impressions, clicks and conversions per day and campaign; a paused day shows "--"."""
    out = []
    for d in days(first, last):
        for name, cpc in CAMPAIGNS:
            if (d, name) in paused:
                out.append((d, name, None, 0, 0, None))
                continue
            clicks = int(40 * growth(d, first, yearly) * rng.uniform(0.6, 1.4))
            impressions = int(clicks * rng.uniform(25, 60))
            cost = (Decimal(clicks) * Decimal(cpc * rng.uniform(0.8, 1.2))).quantize(CENT, ROUND_HALF_UP)
            conversions = (Decimal(clicks) * Decimal(rng.uniform(0.02, 0.06))).quantize(CENT, ROUND_HALF_UP)
            out.append((d, name, cost, impressions, clicks, conversions))
    return out


def ads_csv_en(rows, first, last):
    """Campaigns > Download > .csv (UTF-8): English interface, EUR account."""
    text = "Campaign performance\n"
    text += '"%s - %s"\n' % (first.strftime("%B %-d, %Y"), last.strftime("%B %-d, %Y"))
    text += "Day,Campaign,Campaign status,Currency code,Cost,Impr.,Clicks,CTR,Avg. CPC,Conversions\n"
    for d, name, cost, impr, clicks, conv in rows:
        if cost is None:
            text += "%s,%s,Paused,EUR,--,0,0,--,--,--\n" % (d.isoformat(), name)
            continue
        ctr = (Decimal(clicks) * 100 / Decimal(impr)).quantize(CENT, ROUND_HALF_UP)
        cpc = (cost / clicks).quantize(CENT, ROUND_HALF_UP) if clicks else None
        text += "%s,%s,Enabled,EUR,%s,%s,%s,%s%%,%s,%s\n" % (
            d.isoformat(), name, q(money_en(cost)), q(thousands(impr)), q(thousands(clicks)), ctr,
            q(money_en(cpc)) if cpc is not None else "--", q(money_en(conv)))
    total_cost = sum(r[2] for r in rows if r[2] is not None)
    total_impr = sum(r[3] for r in rows)
    total_clicks = sum(r[4] for r in rows)
    for label in ("Total: Account", "Total: Search", "Total: Shopping"):
        text += "%s,--,--,EUR,%s,%s,%s,--,--,--\n" % (label, q(money_en(total_cost)), q(thousands(total_impr)),
                                                   q(thousands(total_clicks)))
    return text


def q(s):
    return '"%s"' % s if "," in s else s


MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember"]


def ads_excel_de(rows, first, last):
    """Kampagnen > Herunterladen > Excel .csv: UTF-16 LE with a byte-order mark, tab-separated, German."""
    lines = ["Kampagnenleistung",
             "%d. %s %d - %d. %s %d" % (first.day, MONTHS_DE[first.month - 1], first.year, last.day,
                                       MONTHS_DE[last.month - 1], last.year),
             "\t".join(["Tag", "Kampagne", "Kampagnenstatus", "Währungscode", "Kosten", "Impr.", "Klicks", "CTR",
                        "Durchschn. CPC", "Conversions"])]
    for d, name, cost, impr, clicks, conv in rows:
        if cost is None:
            lines.append("\t".join([d.isoformat(), name, "Pausiert", "EUR", "--", "0", "0", "--", "--", "--"]))
            continue
        ctr = (Decimal(clicks) * 100 / Decimal(impr)).quantize(CENT, ROUND_HALF_UP)
        cpc = (cost / clicks).quantize(CENT, ROUND_HALF_UP)
        lines.append("\t".join([d.isoformat(), name, "Aktiviert", "EUR", money_de(cost), money_de(impr)[:-3],
                                money_de(clicks)[:-3], money_de(ctr) + " %", money_de(cpc), money_de(conv)]))
    total_cost = sum(r[2] for r in rows if r[2] is not None)
    for label in ("Gesamt: Konto", "Gesamt: Suchnetzwerk"):
        lines.append("\t".join([label, "--", "--", "EUR", money_de(total_cost), "--", "--", "--", "--", "--"]))
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")      # Python writes the LE byte-order mark


def orders(rng, first, last, yearly, start_number=100000):
    out = []
    number = start_number
    for d in days(first, last):
        for _ in range(int(rng.uniform(3, 7) * growth(d, first, yearly))):
            number += 1
            hour, minute = rng.randint(7, 21), rng.randint(0, 59)
            revenue = Decimal(rng.uniform(80, 2400)).quantize(CENT, ROUND_HALF_UP)
            cost = (revenue * Decimal(rng.uniform(0.48, 0.62))).quantize(CENT, ROUND_HALF_UP)
            status = rng.choice(["Verzonden", "Verzonden", "Verzonden", "Geleverd", "Geannuleerd"])
            out.append((number, datetime.datetime(d.year, d.month, d.day, hour, minute), rng.choice(CUSTOMERS),
                        rng.choice(PLACES), revenue, cost, status))
    return out


def erp_nl(rows):
    """An ERP's order export from a Dutch Windows machine: Windows-1252, ';', 1.458,71, DD-MM-YYYY HH:MM."""
    lines = ["Ordernummer;Orderdatum;Klant;Plaats;Omzet excl. btw;Kostprijs;Status"]
    for number, when, customer, place, revenue, cost, status in rows:
        lines.append("%d;%s;%s;%s;%s;%s;%s" % (number, when.strftime("%d-%m-%Y %H:%M"), customer, place,
                                               money_de(revenue), money_de(cost), status))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def write_corpus(out):
    rng = random.Random(20241231)
    first, last = datetime.date(2024, 10, 1), datetime.date(2024, 12, 31)
    t = traffic(rng, first, last, 0.4)
    write(os.path.join(out, "ga4-traffic-report.csv"), ga4_report(t, first, last))
    write(os.path.join(out, "ga4-exploration.csv"), ga4_exploration(t, first, last))
    write(os.path.join(out, "ga4-snapshot.csv"), ga4_snapshot(t, first, last))
    paused = {(datetime.date(2024, 11, 3), "Generic - Schoenen"), (datetime.date(2024, 12, 25), "Brand - NL")}
    a = ads(rng, first, last, 0.3, paused)
    write(os.path.join(out, "google-ads-campaigns.csv"), ads_csv_en(a, first, last))
    write(os.path.join(out, "google-ads-campaigns-excel.csv"), ads_excel_de(a, first, last))
    write(os.path.join(out, "erp-orders-nl.csv"), erp_nl(orders(rng, first, last, 0.3)))


if __name__ == "__main__":
    write_corpus(os.path.dirname(os.path.abspath(__file__)))
