#!/bin/sh
# run_fair_periods.sh KPIC WORK_DIR: per day, over N days and cumulative end to end.
#
# seasonal_fair.kpi over generated data (../baselines/gen_seasonal.py) and
# superstore_fair.kpi over the real export in $KPI_SHARED_DATA are built once
# and run at several dates; check_fair.py computes every number without kpic
# and compares. The JIT, and the executable with 1 and 2 threads, must print
# the same bytes. The superstore half is skipped when the export is not
# available.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
fail=0

. "$here/../lib.sh"

python3 "$here/../baselines/gen_seasonal.py" "$work/seasonal.csv"
cp "$here/seasonal_fair.kpi" "$work/"
check_dates "$here/check_fair.py" seasonal seasonal_fair.kpi seasonal "$work/seasonal.csv" 2024-03-31 2024-04-30 2024-06-30 2024-09-30 2024-12-31

data=${KPI_SHARED_DATA:-}/superstore.csv
if [ -n "${KPI_SHARED_DATA:-}" ] && [ -f "$data" ]; then
    cp "$here/superstore_fair.kpi" "$work/"
    ln -s "$data" "$work/superstore.csv"
    check_dates "$here/check_fair.py" superstore superstore_fair.kpi superstore "$data" 2019-02-28 2019-03-31 2019-06-15 2019-12-31
else
    echo "note: KPI_SHARED_DATA/superstore.csv not found; the superstore half did not run"
fi
exit $fail
