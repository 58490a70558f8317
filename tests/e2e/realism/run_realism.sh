#!/bin/sh
# run_realism.sh KPIC WORK_DIR: realism from history end to end.
#
# seasonal_realism.kpi over generated data (../baselines/gen_seasonal.py) and
# superstore_realism.kpi over the real export in $KPI_SHARED_DATA are built once
# and run at several dates; check_realism.py computes every number without kpic
# and compares. The JIT, and the executable with 1 and 2 threads, must print
# the same bytes, and so must 4 threads. The superstore half is skipped when the export is not
# available.
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
        "$work/$name" --as-of "$date" --format json --threads 2 >"$work/$name-$date.json"
        [ $? -le 1 ] || { echo "FAIL: $name --as-of $date"; fail=1; continue; }
        python3 "$here/check_realism.py" "$kind" "$data" "$work/$name-$date.json" "$date" || fail=1
        "$work/$name" --as-of "$date" --format json --threads 1 >"$work/$name-$date.1.json"
        cmp -s "$work/$name-$date.json" "$work/$name-$date.1.json" || { echo "FAIL: --threads 1 differs ($date)"; fail=1; }
        "$work/$name" --as-of "$date" --format json --threads 4 >"$work/$name-$date.4.json"
        cmp -s "$work/$name-$date.json" "$work/$name-$date.4.json" || { echo "FAIL: --threads 4 differs ($date)"; fail=1; }
        "$kpic" run "$work/$spec" --as-of "$date" --format json >"$work/$name-$date.jit.json"
        cmp -s "$work/$name-$date.json" "$work/$name-$date.jit.json" || { echo "FAIL: kpic run differs ($date)"; fail=1; }
    done
}

python3 "$here/../baselines/gen_seasonal.py" "$work/seasonal.csv"
cp "$here/seasonal_realism.kpi" "$work/"
run seasonal seasonal_realism.kpi seasonal "$work/seasonal.csv" 2024-03-31 2024-06-30 2024-12-31

data=${KPI_SHARED_DATA:-}/superstore.csv
if [ -n "${KPI_SHARED_DATA:-}" ] && [ -f "$data" ]; then
    cp "$here/superstore_realism.kpi" "$work/"
    ln -s "$data" "$work/superstore.csv"
    run superstore superstore_realism.kpi superstore "$data" 2019-06-30 2019-12-31
else
    echo "note: KPI_SHARED_DATA/superstore.csv not found; the superstore half did not run"
fi
exit $fail
