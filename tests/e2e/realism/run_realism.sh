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

. "$here/../lib.sh"
also_threads="1 4"

python3 "$here/../baselines/gen_seasonal.py" "$work/seasonal.csv"
cp "$here/seasonal_realism.kpi" "$work/"
check_dates "$here/check_realism.py" seasonal seasonal_realism.kpi seasonal "$work/seasonal.csv" 2024-03-31 2024-06-30 2024-12-31

data=${KPI_SHARED_DATA:-}/superstore.csv
if [ -n "${KPI_SHARED_DATA:-}" ] && [ -f "$data" ]; then
    cp "$here/superstore_realism.kpi" "$work/"
    ln -s "$data" "$work/superstore.csv"
    check_dates "$here/check_realism.py" superstore superstore_realism.kpi superstore "$data" 2019-06-30 2019-12-31
else
    echo "note: KPI_SHARED_DATA/superstore.csv not found; the superstore half did not run"
fi
exit $fail
