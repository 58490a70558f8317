#!/usr/bin/env python3
"""compare.py: bench/run.sh's helper for checking that every tool agrees.

    compare.py rows REPORT.json      the evaluator's JSON report as rows
    compare.py same REFERENCE OTHER  exit 1 (and say where) if OTHER differs
    compare.py median NUMBER...      the median
    compare.py tools-table MB ROWS   Markdown table of "tool wall cpu rss" lines
    compare.py check-table           Markdown table of "mb bytes wall cpu rss" lines

Rows are YYYY-MM,visitors,orders,profit,conversion, one month a line.
The evaluator's report of bench/spec/export.kpi carries each number as a goal's
monthly series: visitors (more_visitors), orders (a driver of more_profit),
profit (more_profit) and conversion (steady_conversion). Counts and money must
match exactly (money to the cent, as text); conversion, a ratio printed to six
decimals, may differ by one unit in the last place, since tools round a
binary double differently at a tie.
"""
import json
import statistics
import sys


def series_by_metric(report):
    found = {}

    def walk(goal):
        found.setdefault(goal["metric"], goal["series"])
        for driver in goal["drivers"]:
            walk(driver)

    for goal in report["goals"]:
        walk(goal)
    return found


def report_rows(path):
    with open(path) as f:
        series = series_by_metric(json.load(f))
    columns = [{s["period"]: s["value"] for s in series[m]}
               for m in ("visitors", "orders", "profit", "conversion")]
    for month in sorted(columns[0]):
        v, o, p, c = (col.get(month) for col in columns)
        if v is None:
            continue
        print(f"{month},{v},{o},{p:.2f},{c:.6f}")


def read_rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split(",") for line in f if line.strip()]


def same(reference, other):
    ref, got = read_rows(reference), read_rows(other)
    if len(ref) != len(got):
        print(f"{other}: {len(got)} months, expected {len(ref)} as in {reference}")
        return 1
    for r, g in zip(ref, got):
        if r[:4] != g[:4] or abs(float(r[4]) - float(g[4])) > 1.5e-6:
            print(f"{other}: {','.join(g)}\n  expected {','.join(r)} (as in {reference})")
            return 1
    return 0


def tools_table(mb, rows, lines):
    wall, cpu, rss, tools = {}, {}, {}, []
    for line in lines:
        t, w, c, r = line.split()
        tools.append(t)
        wall[t], cpu[t], rss[t] = float(w), max(float(c), 1.0), float(r)

    def ratio(t, ref, d):
        return f"{d[t] / d[ref]:.2f}" if ref in d else "-"

    print("| tool | wall ms | CPU ms | MB/s (wall) | MB/s (CPU) | Mrows/s (CPU) | peak MB "
          "| wall / DuckDB | CPU / DuckDB | wall / floor | CPU / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in tools:
        print(f"| {t} | {wall[t]:.0f} | {cpu[t]:.0f} | {mb / wall[t] * 1000:.0f} | {mb / cpu[t] * 1000:.0f} "
              f"| {rows / cpu[t] / 1000:.2f} | {rss[t] / 1024:.1f} | {ratio(t, 'duckdb', wall)} "
              f"| {ratio(t, 'duckdb', cpu)} | {ratio(t, 'floor', wall)} | {ratio(t, 'floor', cpu)} |")


def check_table(lines):
    rows = [line.split() for line in lines if line.strip()]
    print("| spec | bytes | wall ms | CPU ms | MB/s (wall) | MB/s (CPU) | CPU ms per MB | peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, size, wall, cpu, rss in rows:
        mb, wall, cpu = int(size) / 1e6, float(wall), max(float(cpu), 1.0)
        print(f"| {name} MB | {size} | {wall:.0f} | {cpu:.0f} | {mb / wall * 1000:.1f} | "
              f"{mb / cpu * 1000:.1f} | {cpu / mb:.1f} | {float(rss) / 1024:.1f} |")
    first, last = rows[0], rows[-1]
    growth = (float(last[3]) / int(last[1])) / (max(float(first[3]), 1.0) / int(first[1]))
    print()
    print(f"CPU time per byte at {last[0]} MB / at {first[0]} MB: {growth:.2f} (1.00 is exactly linear)")


def main(argv):
    if len(argv) == 2 and argv[0] == "rows":
        report_rows(argv[1])
        return 0
    if len(argv) == 3 and argv[0] == "same":
        return same(argv[1], argv[2])
    if len(argv) >= 2 and argv[0] == "median":
        print(statistics.median(float(x) for x in argv[1:]))
        return 0
    if len(argv) == 3 and argv[0] == "tools-table":
        tools_table(float(argv[1]), int(argv[2]), sys.stdin)
        return 0
    if len(argv) == 1 and argv[0] == "check-table":
        check_table(sys.stdin)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
