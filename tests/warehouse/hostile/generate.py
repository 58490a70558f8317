"""generate.py: writes orders.csv and stock.csv, the hostile-names fixture's data.

Column names and values hold quotes of both kinds, backslashes, SQL comment
and statement separators, empty fields and a line break, so that a query
that did not quote or escape them would fail or count the wrong rows.
Deterministic: run it again and the files are the same bytes.
"""
import csv
import random
from datetime import date, timedelta

rng = random.Random(20)
regions = ["O'Brien", 'say "hi"', "a\\b", "x' OR '1'='1", "semi;-- colon", "", "plain", "two\nlines"]
with open("orders.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["order day", 'it\'s "amount"', "qty;--", "back\\slash region", "customer"])
    day = date(2024, 11, 1)
    while day < date(2026, 2, 1):
        for _ in range(rng.randint(0, 4)):
            amount = "" if rng.random() < 0.1 else "%.2f" % (rng.randint(-500, 20000) / 100)
            qty = "" if rng.random() < 0.15 else str(rng.randint(0, 6))
            w.writerow([day.isoformat(), amount, qty, rng.choice(regions), "c%d" % rng.randint(1, 40)])
        day += timedelta(days=1)
with open("stock.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["day", "units"])
    day = date(2024, 11, 1)
    while day < date(2026, 2, 1):
        if rng.random() < 0.8:
            w.writerow([day.isoformat(), rng.randint(100, 400)])
        day += timedelta(days=1)
