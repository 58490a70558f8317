#!/bin/sh
# run_superstore.sh KPIC WORK_DIR
#
# superstore/superstore.kpi over the real export in $KPI_SHARED_DATA: build
# it, run it as of 2020-01-15 (every month of 2016-2019 complete), and check
# each metric's monthly series against superstore/expected-monthly.csv,
# computed without kpic (superstore/README.md). The JIT must print the same
# bytes. Skipped (status 77) when the export is not available.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
data=${KPI_SHARED_DATA:-}/superstore.csv
if [ -z "${KPI_SHARED_DATA:-}" ] || [ ! -f "$data" ]; then
    echo "skipped: KPI_SHARED_DATA/superstore.csv not found"
    exit 77
fi
rm -rf "$work"
mkdir -p "$work"
cp "$here/superstore/superstore.kpi" "$work/"
ln -s "$data" "$work/superstore.csv"

"$kpic" build "$work/superstore.kpi" -o "$work/superstore" || { echo "FAIL: kpic build"; exit 1; }
"$work/superstore" --as-of 2020-01-15 --format json >"$work/report.json"
[ $? -le 1 ] || { echo "FAIL: the evaluator failed"; exit 1; }
fail=0
python3 "$here/superstore/check_report.py" "$work/report.json" "$here/superstore/expected-monthly.csv" || fail=1
"$kpic" run "$work/superstore.kpi" --as-of 2020-01-15 --format json >"$work/report.jit.json"
[ $? -le 1 ] || { echo "FAIL: kpic run failed"; exit 1; }
cmp -s "$work/report.json" "$work/report.jit.json" || { echo "FAIL: kpic run differs from the executable"; fail=1; }
exit $fail
