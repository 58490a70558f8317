#!/bin/sh
# run_valgrind.sh: Valgrind memcheck over the tool chain and the examples:
# `kpic check` of every example, `kpic build` of two (all with
# KPI_VALGRIND_ALL=1), then each built evaluator in three report formats.
# Any memory error, and any leak that is definitely or indirectly lost,
# fails the test (--error-exitcode). The C compiler kpic spawns to link is
# not traced. Reachable memory at exit (LLVM's and libc's
# caches) is not an error.
#
# usage: run_valgrind.sh VALGRIND KPIC SOURCE_ROOT WORK_DIR
set -u
valgrind=$1
kpic=$2
root=$3
work=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/examples.sh"
rm -rf "$work"
mkdir -p "$work"
fail=0
ran=0

# vg NAME EXPECTED_MAX_STATUS COMMAND...
vg() {
    log=$1        # not "name": the callers' loops use that
    max=$2
    shift 2
    "$valgrind" --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --track-origins=yes --log-file="$work/$log.vg" \
        --suppressions="$here/valgrind.supp" \
        "$@" </dev/null >"$work/$log.out" 2>"$work/$log.err"
    rc=$?
    if [ $rc = 99 ] || [ $rc -gt "$max" ] || [ -s "$work/$log.vg" ]; then
        echo "FAIL: $log: exit status $rc from valgrind $*"
        head -60 "$work/$log.vg" "$work/$log.err"
        fail=1
    fi
    ran=$((ran + 1))
}

kpi_examples "$root" >"$work/examples"
while read -r spec date; do
    name=$(basename "$spec" .kpi)
    vg "$name.check" 0 "$kpic" check "$spec"
    # kpic build runs the same LLVM pipeline for every spec and takes about a
    # minute under memcheck: two examples, or all with KPI_VALGRIND_ALL=1
    case "$name:${KPI_VALGRIND_ALL:-0}" in
    webshop:* | marketing:* | *:1) vg "$name.build" 0 "$kpic" build "$spec" -o "$work/$name" ;;
    *) "$kpic" build "$spec" -o "$work/$name" </dev/null ;;
    esac
    [ -x "$work/$name" ] || continue
    for format in text json html; do
        vg "$name.$format" 1 "$work/$name" --as-of "$date" --format "$format"
    done
done <"$work/examples"
# the error paths of check and of an evaluator
vg smart-mistakes.check 1 "$kpic" check "$root/examples/smart-mistakes/smart-mistakes.kpi"
vg bad-kpi.check 1 "$kpic" check "$root/tests/bad-input/kpi/binary-garbage.kpi"
"$kpic" build "$root/tests/bad-input/data/sales.kpi" -o "$work/bad-input-sales" || { echo "FAIL: build sales.kpi"; exit 1; }
for f in "$root"/tests/bad-input/data/cases/*.csv; do
    case $(basename "$f") in eu-*) continue ;; esac
    vg "case-$(basename "$f" .csv)" 2 "$work/bad-input-sales" --as-of 2026-03-01 --data "sales=$f" --on-bad-row skip
done

# every example ran in full (check, three reports; build for two), with at least three of them
examples=$(wc -l <"$work/examples")
[ "$examples" -ge 3 ] && [ $ran -ge $((examples * 4 + 2 + 2)) ] || { echo "FAIL: only $ran runs over $examples examples"; fail=1; }
[ $fail = 0 ] && echo "$ran runs under valgrind memcheck, no error and no leak"
exit $fail
