#!/bin/sh
# run_projections.sh KPIC WORK_DIR: seasonal and linear projections with their 80% interval, end to end.
#
# seasonal_projection.kpi over generated data (gen_projection.py) and
# superstore_projection.kpi over the real export in $KPI_SHARED_DATA are
# built once and run at several dates; check_projections.py computes every
# projection without kpic and compares. The JIT must print the same bytes
# as the executable, and so must 1 and 3 threads (../lib.sh). The superstore half is
# skipped when the export is not available.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
fail=0

. "$here/../lib.sh"
also_threads="1 3"

python3 "$here/gen_projection.py" "$work/projection.csv"
cp "$here/seasonal_projection.kpi" "$work/"
check_dates "$here/check_projections.py" seasonal seasonal_projection.kpi seasonal "$work/projection.csv" 2025-03-31 2025-06-30

data=${KPI_SHARED_DATA:-}/superstore.csv
if [ -n "${KPI_SHARED_DATA:-}" ] && [ -f "$data" ]; then
    cp "$here/superstore_projection.kpi" "$work/"
    ln -s "$data" "$work/superstore.csv"
    check_dates "$here/check_projections.py" superstore superstore_projection.kpi superstore "$data" 2018-06-30 2018-09-30
else
    echo "note: KPI_SHARED_DATA/superstore.csv not found; the superstore half did not run"
fi
exit $fail
