#!/bin/sh
# run_budget.sh KPIC WORK_DIR: budgets paced end to end (README.md).
#
# budget.kpi over shop.csv (generate.py's known answers; the test first
# requires the checked-in file to be what generate.py writes) is built once
# and run at every date of as-of; check.py computes every budget without
# kpic and compares. The JIT, and the executable with 1 and 2 threads, must
# print the same bytes. Overspend is a status --fail-on knows, on by default.
# The warehouse tests run the same folder through PostgreSQL and DuckDB.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
fail=0
python3 "$here/generate.py" "$work/shop.csv" || { echo "FAIL: generate.py"; exit 1; }
cmp -s "$work/shop.csv" "$here/shop.csv" || { echo "FAIL: shop.csv is not what generate.py writes"; exit 1; }
cp "$here/budget.kpi" "$work/"
"$kpic" build "$work/budget.kpi" -o "$work/budget" || { echo "FAIL: kpic build"; exit 1; }
for date in $(cat "$here/as-of"); do
    "$work/budget" --as-of "$date" --format json --threads 2 >"$work/$date.json"
    [ $? -le 1 ] || { echo "FAIL: the evaluator failed at $date"; fail=1; continue; }
    python3 "$here/check.py" "$work/shop.csv" "$work/$date.json" "$date" || fail=1
    "$work/budget" --as-of "$date" --format json --threads 1 >"$work/$date.1.json"
    cmp -s "$work/$date.json" "$work/$date.1.json" || { echo "FAIL: --threads 1 differs ($date)"; fail=1; }
    "$kpic" run "$work/budget.kpi" --as-of "$date" --format json >"$work/$date.jit.json"
    cmp -s "$work/$date.json" "$work/$date.jit.json" || { echo "FAIL: kpic run differs ($date)"; fail=1; }
done

# exit status: overspend fails the run by default and by name, and only a budget's
expect_rc() {
    want=$1
    shift
    "$work/budget" --as-of 2025-05-15 "$@" >/dev/null 2>&1
    rc=$?
    [ $rc -eq "$want" ] || { echo "FAIL: exit status $rc, expected $want: $*"; fail=1; }
}
expect_rc 1 --goal lean --fail-on=overspend
expect_rc 0 --goal grow --fail-on=overspend
expect_rc 0 --goal lean --fail-on=missed
expect_rc 1 --goal lean --fail-on=missed,overspend
expect_rc 0 --goal leap_days
expect_rc 1 --goal launch_tight
"$work/budget" --fail-on=overspent >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: --fail-on=overspent is not a usage error"; fail=1; }
exit $fail
