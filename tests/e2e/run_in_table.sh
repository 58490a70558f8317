#!/bin/sh
# run_in_table.sh KPIC WORK_DIR
#
# Long `in` lists (a sorted table searched by the runtime) and short ones (a
# chain of comparisons) against Python's membership test: in_table/gen.py
# writes the spec, 20,000 rows and the expected monthly sums (Decimal). The
# evaluator and kpic run must both agree with them to the cent.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
python3 "$here/in_table/gen.py" "$work" || { echo "FAIL: gen.py"; exit 1; }
"$kpic" build "$work/in_table.kpi" -o "$work/in_table" || { echo "FAIL: kpic build"; exit 1; }
(cd "$work" && ./in_table --as-of 2026-01-15 --format json >report.json)
[ $? -le 1 ] || { echo "FAIL: the evaluator failed"; exit 1; }
fail=0
python3 "$here/in_table/check.py" "$work/report.json" "$work/expected.csv" || fail=1
(cd "$work" && "$kpic" run in_table.kpi --as-of 2026-01-15 --format json >report.jit.json)
[ $? -le 1 ] || { echo "FAIL: kpic run failed"; exit 1; }
cmp -s "$work/report.json" "$work/report.jit.json" || { echo "FAIL: kpic run differs from the executable"; fail=1; }
exit $fail
