#!/bin/sh
# run.sh: the bad-input suite (README.md in this folder). Every case names
# the exact stderr and exit status it must give; nothing else passes.
#
#   run.sh kpi  KPIC SUITE_DIR WORK_DIR   kpic check on each kpi/*.kpi
#   run.sh data KPIC SUITE_DIR WORK_DIR   evaluators built from data/*.kpi on
#                                         each data/cases/*.csv and on the
#                                         files gen_data.py writes
#
# A case NAME.kpi or NAME.csv has NAME.expected beside it (generated files:
# data/generated/NAME.expected): the line "exit N", then the exact stderr,
# where the suite's absolute path is written $SUITE. (data/cases/folder.csv
# is a folder on purpose.)
# An evaluator that fails (exit 2) must also print nothing on stdout: no half
# report. KPI_BLESS=1 rewrites the .expected files from the actual output
# (review the diff before committing it).
set -u
mode=$1
kpic=$2
suite=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
failed=0
total=0

# check CASE_DIR NAME EXPECTED_FILE COMMAND...: runs COMMAND in CASE_DIR, compares.
check() {
    dir=$1
    name=$2
    expected=$3
    shift 3
    total=$((total + 1))
    (cd "$dir" && "$@") >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
    # absolute paths in messages (a resolved source path) are written as $SUITE
    { echo "exit $rc"; sed "s|$suite|\$SUITE|g" "$work/$name.err"; } >"$work/$name.actual"
    if [ "${KPI_BLESS:-0}" = 1 ]; then
        cp "$work/$name.actual" "$expected"
        return
    fi
    if [ ! -f "$expected" ]; then
        echo "FAIL: $name: no $expected; the output was:"
        cat "$work/$name.actual"
        failed=$((failed + 1))
    elif ! cmp -s "$expected" "$work/$name.actual"; then
        echo "FAIL: $name: the output differs from $expected:"
        diff "$expected" "$work/$name.actual" | head -30
        failed=$((failed + 1))
    elif [ "$mode" = data ] && [ "$rc" = 2 ] && [ -s "$work/$name.out" ]; then
        echo "FAIL: $name: exit status 2, yet a report was printed"
        failed=$((failed + 1))
    fi
}

case $mode in
kpi)
    for f in "$suite"/kpi/*.kpi; do
        name=$(basename "$f" .kpi)
        check "$suite/kpi" "$name" "$suite/kpi/$name.expected" "$kpic" check "$name.kpi"
    done
    ;;
data)
    for spec in sales eu; do
        "$kpic" build "$suite/data/$spec.kpi" -o "$work/$spec" || { echo "FAIL: kpic build $spec.kpi"; exit 1; }
    done
    python3 "$suite/gen_data.py" "$work/generated" || exit 1
    # eu-*.csv are in the European dialect of eu.kpi; the rest go with sales.kpi.
    for expected in "$suite"/data/cases/*.expected "$suite"/data/generated/*.expected; do
        name=$(basename "$expected" .expected)
        case $expected in */generated/*) dir="$work/generated" ;; *) dir="$suite/data/cases" ;; esac
        case $name in eu-*) spec=eu ;; *) spec=sales ;; esac
        [ -e "$dir/$name.csv" ] || { echo "FAIL: $name: no $dir/$name.csv"; failed=$((failed + 1)); continue; }
        check "$dir" "$name" "$expected" "$work/$spec" --data "sales=$name.csv" --as-of 2026-03-01 --format json
    done
    # every case file has an expectation
    for f in "$suite"/data/cases/*.csv; do
        [ -f "${f%.csv}.expected" ] || [ "${KPI_BLESS:-0}" = 1 ] || {
            echo "FAIL: $f has no .expected"; failed=$((failed + 1)); }
    done
    ;;
*)
    echo "usage: run.sh kpi|data KPIC SUITE_DIR WORK_DIR" >&2
    exit 2
    ;;
esac
echo "$((total - failed)) of $total bad-input cases ($mode) give their exact message"
[ "$failed" = 0 ]
