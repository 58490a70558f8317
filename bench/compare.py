#!/usr/bin/env python3
"""compare.py: bench/run.sh's helper for checking that every tool agrees.

    compare.py rows REPORT.json      the evaluator's JSON report as rows
    compare.py same REFERENCE OTHER  exit 1 (and say where) if OTHER differs
    compare.py median NUMBER...      the median
    compare.py measure OUT ERR CMD...  runs CMD (stdout to OUT, stderr to ERR) and
                                     prints "wall_ms cpu_ms peak_kb exit_status"
    compare.py tools-table MB ROWS   Markdown table of "tool wall cpu rss best_cpu" lines
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
import os
import statistics
import subprocess
import sys
import time


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
    """Lines "tool wall_ms cpu_ms peak_kb best_cpu_ms" (medians, and the
    least CPU time of any run, the one least disturbed by other load)."""
    wall, cpu, rss, best, tools = {}, {}, {}, {}, []
    for line in lines:
        t, w, c, r, b = line.split()
        tools.append(t)
        wall[t], cpu[t], rss[t], best[t] = float(w), max(float(c), 1.0), float(r), max(float(b), 1.0)

    def ratio(t, ref, d):
        return f"{d[t] / d[ref]:.2f}" if ref in d else "-"

    print("| tool | wall ms | CPU ms | best CPU ms | MB/s (wall) | MB/s (CPU) | Mrows/s (CPU) | peak MB "
          "| wall / DuckDB | CPU / DuckDB | wall / floor | CPU / floor | best CPU / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in tools:
        print(f"| {t} | {wall[t]:.0f} | {cpu[t]:.0f} | {best[t]:.0f} | {mb / wall[t] * 1000:.0f} "
              f"| {mb / cpu[t] * 1000:.0f} | {rows / cpu[t] / 1000:.2f} | {rss[t] / 1024:.1f} "
              f"| {ratio(t, 'duckdb', wall)} | {ratio(t, 'duckdb', cpu)} | {ratio(t, 'floor', wall)} "
              f"| {ratio(t, 'floor', cpu)} | {ratio(t, 'floor', best)} |")


def check_table(lines):
    rows = [line.split() for line in lines if line.strip()]
    print("| spec | bytes | wall ms | CPU ms | MB/s (wall) | MB/s (CPU) | CPU ms per MB | peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, size, wall, cpu, rss in rows:
        mb, wall, cpu = int(size) / 1e6, float(wall), max(float(cpu), 1.0)
        print(f"| {name} MB | {size} | {wall:.0f} | {cpu:.0f} | {mb / wall * 1000:.1f} | "
              f"{mb / cpu * 1000:.1f} | {cpu / mb:.1f} | {float(rss) / 1024:.1f} |")
    # CPU time = fixed + per_mb * size, fitted by least squares: linear growth
    # means every point lies near the line (the fixed part is kpic's start-up).
    xs = [int(r[1]) / 1e6 for r in rows]
    ys = [float(r[3]) for r in rows]
    n, mx, my = len(xs), sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    per_mb = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if n > 1 and sxx else my / mx
    fixed = my - per_mb * mx
    worst = max(abs(y - (fixed + per_mb * x)) / y for x, y in zip(xs, ys))
    print()
    print(f"CPU time = {fixed:.0f} ms + {per_mb:.1f} ms per MB (least squares): {1000 / per_mb:.1f} MB/s "
          f"for each further MB; no size is more than {worst * 100:.0f}% off that line")


def measure(out, err, command):
    """Wall time from just before the start to the end, and the CPU time (user
    + system, microsecond resolution, the children it waits for included)
    from wait4's rusage. The peak resident memory comes from /usr/bin/time
    run in between: a process started by Python inherits Python's own peak
    (about 14 MB) in its ru_maxrss, which would hide a small program's."""
    peak_file = err + ".peak"
    if os.path.exists("/usr/bin/time"):
        command = ["/usr/bin/time", "-f", "%M", "-o", peak_file] + command
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        start = time.perf_counter_ns()
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        wall = (time.perf_counter_ns() - start) / 1e6
    code = os.waitstatus_to_exitcode(status)
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    peak = usage.ru_maxrss
    if os.path.exists(peak_file):
        with open(peak_file) as f:
            lines = f.read().split()
        os.remove(peak_file)
        peak = int(lines[-1]) if lines and lines[-1].isdigit() else peak
    print(f"{wall:.1f} {cpu:.1f} {peak} {code}")
    return 0


def main(argv):
    if len(argv) == 2 and argv[0] == "rows":
        report_rows(argv[1])
        return 0
    if len(argv) == 3 and argv[0] == "same":
        return same(argv[1], argv[2])
    if len(argv) >= 2 and argv[0] == "median":
        print(statistics.median(float(x) for x in argv[1:]))
        return 0
    if len(argv) >= 4 and argv[0] == "measure":
        return measure(argv[1], argv[2], argv[3:])
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
