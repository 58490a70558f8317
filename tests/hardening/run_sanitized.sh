#!/bin/sh
# run_sanitized.sh: in a -DKPI_SANITIZE=ON build, kpic links evaluators with
# -fsanitize=address,undefined against the instrumented runtime. For every
# example: build its evaluator, check it really carries AddressSanitizer,
# and run it in every report format and on its error paths (a missing data
# file, a bad row under both policies, bad flags). Any sanitizer report
# aborts the evaluator, which fails the test.
#
# usage: run_sanitized.sh KPIC SOURCE_ROOT WORK_DIR
set -u
kpic=$1
root=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/examples.sh"
rm -rf "$work"
mkdir -p "$work"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
fail=0
ran=0

# run NAME EXPECTED_MAX_STATUS COMMAND...: the command must exit with at most
# that status and print no sanitizer report.
run() {
    log=$1        # not "name": the callers' loops use that
    max=$2
    shift 2
    "$@" </dev/null >"$work/$log.out" 2>"$work/$log.err"
    rc=$?
    if [ $rc -gt "$max" ] || grep -q -e "Sanitizer" -e "runtime error" "$work/$log.err"; then
        echo "FAIL: $log: exit status $rc from: $*"
        head -40 "$work/$log.err"
        fail=1
    fi
    ran=$((ran + 1))
}

bad_rows="$work/bad-rows.csv"
kpi_examples "$root" >"$work/examples"
while read -r spec date; do
    name=$(basename "$spec" .kpi)
    exe="$work/$name"
    "$kpic" build "$spec" -o "$exe" </dev/null || { echo "FAIL: kpic build $spec"; fail=1; continue; }
    if ! nm "$exe" | grep -q __asan_init; then
        echo "FAIL: $exe was not linked with AddressSanitizer"
        fail=1
    fi
    for format in text json csv html; do
        run "$name.$format" 1 "$exe" --as-of "$date" --format "$format"
    done
    run "$name.help" 0 "$exe" --help
    run "$name.badflag" 2 "$exe" --no-such-flag
    run "$name.missing" 2 "$exe" --as-of "$date" --data "$(awk '/^source/ {print $2; exit}' "$spec")=$work/missing.csv"
done <"$work/examples"

# a bad row, failing and skipped, through the bad-input suite's spec
sales="$root/tests/bad-input/data/sales.kpi"
"$kpic" build "$sales" -o "$work/bad-input-sales" || { echo "FAIL: kpic build $sales"; exit 1; }
printf 'day,revenue,orders,customer\n2026-01-05,1x,1,a\n2026-01-06,2.5,1,"b"\n' >"$bad_rows"
run bad-row-fail 2 "$work/bad-input-sales" --as-of 2026-03-01 --data "sales=$bad_rows"
run bad-row-skip 1 "$work/bad-input-sales" --as-of 2026-03-01 --data "sales=$bad_rows" --on-bad-row skip
for f in "$root"/tests/bad-input/data/cases/*.csv; do
    case $(basename "$f") in eu-*) continue ;; esac
    run "case-$(basename "$f" .csv)" 2 "$work/bad-input-sales" --as-of 2026-03-01 --data "sales=$f" --format json
done

# every example ran in full (7 runs each), with at least three of them
examples=$(wc -l <"$work/examples")
[ "$examples" -ge 3 ] && [ $ran -ge $((examples * 7 + 2)) ] || { echo "FAIL: only $ran runs over $examples examples"; fail=1; }
[ $fail = 0 ] && echo "$ran evaluator runs under ASan and UBSan, no report"
exit $fail
