#!/bin/sh
# run_dialect.sh KPIC WORK_DIR
#
# Sampling at check time only reports: the delimiter kpic detects in a
# source's sample file never goes into the evaluator, which detects the
# delimiter of each file it reads (docs/runtime.md). dialect/sales.kpi is
# compiled against a ';'-separated sample and run on comma, tab and ';'
# files; each January sum must be the one Python's csv module and decimal
# compute from the same file. A '|'-separated sample is not read as columns
# (the evaluator would not detect '|' either): check says so and names the
# delimiter to declare.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
cp "$here/dialect/sales.kpi" "$here/dialect/sample.csv" "$work/"
cd "$work" || exit 1
fail=0

"$kpic" build sales.kpi -o sales 2>build.err || { echo "FAIL: kpic build"; cat build.err; exit 1; }

printf 'day,revenue\n2025-01-03,10.50\n2025-01-20,4.25\n2025-02-02,1.00\n' >comma.csv
printf 'day\trevenue\n2025-01-03\t7.10\n2025-01-31\t0.05\n' >tab.csv
printf 'day;revenue\n2025-01-09;3.33\n' >semicolon.csv
for data in comma.csv tab.csv semicolon.csv; do
    want=$(python3 - "$data" <<'PY'
import csv, sys
from decimal import Decimal
text = open(sys.argv[1], newline="").read()
delim = max(",;\t", key=lambda c: text.splitlines()[0].count(c))
rows = list(csv.DictReader(text.splitlines(), delimiter=delim))
print(sum((Decimal(r["revenue"]) for r in rows if r["day"].startswith("2025-01")), Decimal(0)))
PY
)
    got=$(./sales --data "$data" --as-of 2025-02-10 --format json 2>run.err | python3 -c '
import json, sys
from decimal import Decimal
goal = json.load(sys.stdin, parse_float=Decimal)["goals"][0]
print([p["value"] for p in goal["series"] if p["period"] == "2025-01"][0])' 2>/dev/null)
    if [ "$got" != "$want" ]; then
        echo "FAIL: --data $data: January revenue $got, expected $want"
        cat run.err
        fail=1
    fi
done

printf 'day|revenue\n2025-01-03|10.50\n' >sample.csv
"$kpic" check sales.kpi >check.out 2>&1
rc=$?
if [ $rc -ne 1 ] || ! grep -q "separates its columns with '|'" check.out; then
    echo "FAIL: a '|' sample without a declared delimiter: status $rc (expected 1), output:"
    cat check.out
    fail=1
fi
exit $fail
