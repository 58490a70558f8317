#!/bin/sh
# run_example.sh KPIC EXAMPLE_DIR WORK_DIR
#
# One example end to end: build its spec into an executable at -O2 and -O0,
# then for every expected/<as-of>.json run the executable at that date and
#   - compare its JSON with the expected report (compare_json.py),
#   - require the -O0 executable to print the same bytes,
#   - require `kpic run`, with --no-cache (the JIT) and from its cache, to
#     print the same bytes.
# The text and csv reports of the last date must also be identical between
# the executable and the JIT. The expected reports are computed without kpic
# (each example's expected/compute.py).
set -u
kpic=$1
dir=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"

# the spec: <example>/<example>.kpi, or the folder's only .kpi file
spec="$dir/$(basename "$dir").kpi"
if [ ! -f "$spec" ]; then
    set -- "$dir"/*.kpi
    if [ $# -ne 1 ] || [ ! -f "$1" ]; then
        echo "FAIL: $dir needs $(basename "$dir").kpi or exactly one .kpi file"
        exit 1
    fi
    spec=$1
fi
fail=0

"$kpic" build "$spec" -o "$work/eval" || { echo "FAIL: kpic build $spec"; exit 1; }
"$kpic" build -O0 "$spec" -o "$work/eval-O0" || { echo "FAIL: kpic build -O0 $spec"; exit 1; }

# Runs an evaluator command; statuses 0 and 1 (a goal needs attention) are reports.
evaluate() {
    out=$1
    shift
    "$@" >"$out" 2>"$out.err"
    rc=$?
    if [ $rc -gt 1 ]; then
        echo "FAIL: exit status $rc from: $*"
        cat "$out.err"
        fail=1
        return 1
    fi
    return 0
}

same_bytes() {
    if ! cmp -s "$1" "$2"; then
        echo "FAIL: $3: $1 and $2 differ"
        diff "$1" "$2" | head -20
        fail=1
    fi
}

last=
for expected in "$dir"/expected/*.json; do
    [ -f "$expected" ] || continue
    date=$(basename "$expected" .json)
    last=$date
    aot="$work/$date.json"
    evaluate "$aot" "$work/eval" --as-of "$date" --format json || continue
    if ! python3 "$here/compare_json.py" --without data_files "$expected" "$aot"; then
        echo "FAIL: $(basename "$spec") as of $date differs from $expected"
        fail=1
    fi
    evaluate "$work/$date.O0.json" "$work/eval-O0" --as-of "$date" --format json &&
        same_bytes "$aot" "$work/$date.O0.json" "-O2 vs -O0 as of $date"
    evaluate "$work/$date.jit.json" "$kpic" run --no-cache "$spec" --as-of "$date" --format json &&
        same_bytes "$aot" "$work/$date.jit.json" "executable vs kpic run --no-cache (JIT) as of $date"
    evaluate "$work/$date.cached.json" "$kpic" run "$spec" --as-of "$date" --format json &&
        same_bytes "$aot" "$work/$date.cached.json" "executable vs kpic run (its cache) as of $date"
done
if [ -z "$last" ]; then
    echo "FAIL: no expected reports in $dir/expected"
    exit 1
fi
for format in text csv; do
    evaluate "$work/$last.$format" "$work/eval" --as-of "$last" --format "$format" &&
        evaluate "$work/$last.jit.$format" "$kpic" run "$spec" -- --as-of "$last" --format "$format" &&
        same_bytes "$work/$last.$format" "$work/$last.jit.$format" "$format report, executable vs kpic run"
done
[ $fail -eq 0 ] && echo "ok: $(basename "$spec")"
exit $fail
