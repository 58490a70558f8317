#!/bin/sh
# run_projections.sh KPIC WORK_DIR: seasonal and linear projections with their 80% interval, end to end.
#
# seasonal_projection.kpi over generated data (gen_projection.py) and
# superstore_projection.kpi over the real export in $KPI_SHARED_DATA are
# built once and run at several dates; check_projections.py computes every
# projection without kpic and compares. The JIT must print the same bytes
# as the executable, and so must every --threads. The superstore half is
# skipped when the export is not available.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
fail=0

# run NAME SPEC KIND DATA DATE...: build SPEC once, then check each date
run() {
    name=$1 spec=$2 kind=$3 data=$4
    shift 4
    "$kpic" build "$work/$spec" -o "$work/$name" || { echo "FAIL: kpic build $spec"; return 1; }
    for date in "$@"; do
        "$work/$name" --as-of "$date" --format json >"$work/$name-$date.json"
        [ $? -le 1 ] || { echo "FAIL: $name --as-of $date"; fail=1; continue; }
        python3 "$here/check_projections.py" "$kind" "$data" "$work/$name-$date.json" "$date" || fail=1
        "$kpic" run "$work/$spec" --as-of "$date" --format json >"$work/$name-$date.jit.json"
        cmp -s "$work/$name-$date.json" "$work/$name-$date.jit.json" || { echo "FAIL: kpic run differs ($date)"; fail=1; }
        for t in 1 3; do
            "$work/$name" --as-of "$date" --format json --threads $t >"$work/$name-$date.t$t.json"
            cmp -s "$work/$name-$date.json" "$work/$name-$date.t$t.json" || { echo "FAIL: --threads $t differs ($date)"; fail=1; }
        done
    done
}

python3 "$here/gen_projection.py" "$work/projection.csv"
cp "$here/seasonal_projection.kpi" "$work/"
run seasonal seasonal_projection.kpi seasonal "$work/projection.csv" 2025-03-31 2025-06-30

data=${KPI_SHARED_DATA:-}/superstore.csv
if [ -n "${KPI_SHARED_DATA:-}" ] && [ -f "$data" ]; then
    cp "$here/superstore_projection.kpi" "$work/"
    ln -s "$data" "$work/superstore.csv"
    run superstore superstore_projection.kpi superstore "$data" 2018-06-30 2018-09-30
else
    echo "note: KPI_SHARED_DATA/superstore.csv not found; the superstore half did not run"
fi
exit $fail
