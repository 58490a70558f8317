#!/usr/bin/env python3
"""generate.py KIND OUT.csv: exports for run_threads.sh.

Most of each file's bytes are quoted notes that hold line ends, so the
places where the evaluator would ideally cut a file for its threads fall
inside quoted fields (the test checks that they do). Some notes hold lines
that look like whole records, so a cut there seems safe and is not. KIND:
  quoted    LF line ends, bad rows scattered through the file
  crlf      the same rows with CRLF line ends
  overflow  two rows of one day whose sum overflows, far apart, and a
            negative one between them
Deterministic: the same bytes on every run.
"""
import random
import sys

kind, out = sys.argv[1], sys.argv[2]
rng = random.Random(22)
regions = ["North", "South", "East", "West"]
words = ["late", "delivery", "box", "\"fragile\"", "call back", "paid, in cash", "gift", "returned"]


def day(i):
    import datetime
    return (datetime.date(2024, 1, 1) + datetime.timedelta(days=i)).isoformat()


def note(i):
    lines = []
    for _ in range(rng.randint(3, 9)):
        lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(2, 12))))
    if i % 3 == 0:   # lines that parse as records with the header's five fields
        at = rng.randint(0, len(lines))
        lines[at:at] = [f"{day(i % 300)},x,{rng.randint(1, 99)}.50,c{i + k},North" for k in range(5)]
    return "\"" + "\n".join(lines).replace("\"", "\"\"") + "\""


rows = ["day,note,amount,customer,region"]
n = 2400
for i in range(n):
    d = day(i * 540 // n)
    amount = f"{rng.randint(1, 4000)}.{rng.randint(0, 99):02d}"
    row = [d, note(i), amount, f"c{rng.randint(1, 900)}", rng.choice(regions)]
    if kind != "overflow" and i % 97 == 13:
        bad = (i // 97) % 4
        if bad == 0:
            row[2] = "12,5x"                      # a bad number
        elif bad == 1:
            row.append("extra")                   # a field too many
        elif bad == 2:
            row[0] = "2024-02-30"                 # no such day
        else:
            row[2] = "\"7\"x"                     # text after a closing quote
    if kind == "overflow" and i in (5, n // 2, n - 5):
        row[0] = "2024-06-01"
        row[2] = "-1.00" if i == n // 2 else "500000000000000.00"
    rows.append(",".join(row))
eol = "\r\n" if kind == "crlf" else "\n"
text = eol.join(rows) + eol
if kind == "crlf":
    text = text.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
with open(out, "w", newline="") as f:
    f.write(text)
