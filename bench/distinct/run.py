#!/usr/bin/env python3
"""run.py KPIC [VALUES]: the memory of exact count_distinct per distinct value.

Writes a CSV of VALUES rows (default 2,000,000), each with a distinct customer
id of 12 bytes spread over 2026, builds an evaluator whose goals review the
count weekly and monthly (two rhythms), runs it on the file and on a file of
the same rows whose ids repeat (only 1,000 distinct), and reads each run's peak
resident memory from wait4. The difference, divided by the extra distinct
values, is what one distinct value costs; it is printed with the value's
bytes. A benchmark, never a test (memory depends on the allocator):
docs/hardening.md records the result.
"""
import os
import shutil
import subprocess
import sys
import tempfile

SPEC = '''source s = csv "data.csv"
  date "day"

metric customers : count from "customer" aggregate count_distinct

goal weekly "weekly"
  raise customers 10% within 12 months
  owner "o"
  starting 2026-01
  review weekly

goal monthly "monthly"
  raise customers 10% within 12 months
  owner "o"
  starting 2026-01
  review monthly
'''


def write_csv(path, rows, distinct):
    with open(path, "w") as f:
        f.write("day,customer\n")
        for i in range(rows):
            f.write("2026-%02d-%02d,c%011d\n" % (1 + i % 12, 1 + (i // 12) % 28, i % distinct))


def peak_rss_kib(argv):
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit("failed: %s\n%s" % (" ".join(argv), err.decode(errors="replace")))
    return usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main():
    kpic = os.path.abspath(sys.argv[1])
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 2000000
    work = tempfile.mkdtemp(prefix="kpi-bench-distinct-")
    try:
        with open(os.path.join(work, "d.kpi"), "w") as f:
            f.write(SPEC)
        subprocess.run([kpic, "build", os.path.join(work, "d.kpi"), "-o", os.path.join(work, "ev")], check=True)
        write_csv(os.path.join(work, "few.csv"), rows, 1000)
        write_csv(os.path.join(work, "all.csv"), rows, rows)
        run = lambda name: peak_rss_kib([os.path.join(work, "ev"), "--data", "s=" + os.path.join(work, name),
                                         "--as-of", "2026-12-31", "--format", "json"])
        few, few_cpu = run("few.csv")
        many, many_cpu = run("all.csv")
        per_value = (many - few) * 1024 / (rows - 1000)
        print("rows %d, two review rhythms (weekly, monthly), values of 12 bytes" % rows)
        print("1,000 distinct:      peak RSS %8d KiB, cpu %.2f s" % (few, few_cpu))
        print("%d distinct: peak RSS %8d KiB, cpu %.2f s" % (rows, many, many_cpu))
        print("per distinct value: %.1f bytes (of which 13 are the value and its NUL)" % per_value)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
