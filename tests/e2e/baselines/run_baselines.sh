#!/bin/sh
# run_baselines.sh KPIC WORK_DIR: the measured baselines end to end.
#
# superstore_baselines.kpi over the real export in $KPI_SHARED_DATA and
# seasonal.kpi over generated data (gen_seasonal.py) are built once and run at
# several dates; check_baselines.py computes every number without kpic and
# compares, with the words the other formats give each baseline; the same
# bytes on 1 and 2 threads and from the JIT (../lib.sh). The
# superstore half is skipped when the export is not available.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
fail=0

. "$here/../lib.sh"

python3 "$here/gen_seasonal.py" "$work/seasonal.csv"
cp "$here/seasonal.kpi" "$work/"
check_dates "$here/check_baselines.py" seasonal seasonal.kpi seasonal "$work/seasonal.csv" 2024-02-28 2024-02-29 2024-03-10 2024-03-31 2024-12-31

data=${KPI_SHARED_DATA:-}/superstore.csv
if [ -n "${KPI_SHARED_DATA:-}" ] && [ -f "$data" ]; then
    cp "$here/superstore_baselines.kpi" "$work/"
    ln -s "$data" "$work/superstore.csv"
    check_dates "$here/check_baselines.py" superstore superstore_baselines.kpi superstore "$data" 2019-03-31 2019-06-15 2019-12-31
else
    echo "note: KPI_SHARED_DATA/superstore.csv not found; the superstore half did not run"
fi
exit $fail
