#!/bin/sh
# write_errors.sh KPIC SPEC: `kpic build` when its output cannot be written.
# Every output kind (-c, -S, --emit-llvm, -c --emit-llvm, an executable) to
# /dev/full, to a full standard output, and to a regular file on a "full disk"
# (a file size limit, so a write fails half-way) must give exit 2 and a clear
# message: no abort (exit 134), no truncated output, no temporary file left in
# the output's folder or in TMPDIR. An existing output stays as it was.
set -u
KPIC=$1 SPEC=$2
WORK=${TMPDIR:-/tmp}/kpi-write-errors.$$
trap 'rm -rf "$WORK"' EXIT INT TERM
mkdir -p "$WORK/out" "$WORK/tmp"
passed=0 failed=0
check() {   # check NAME CONDITION...: one assertion
    name=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; failed=$((failed + 1)); fi
}
empty() { [ -z "$(ls -A "$1")" ]; }

for kind in "-c" "-S" "--emit-llvm" "-c --emit-llvm"; do
    # shellcheck disable=SC2086
    "$KPIC" build $kind "$SPEC" -o /dev/full 2> "$WORK/err"; st=$?
    check "$kind -o /dev/full: exit 2 (was $st)" [ $st -eq 2 ]
    check "$kind -o /dev/full: says why" grep -q "^kpic: error: cannot write /dev/full: No space left on device$" "$WORK/err"
done
for kind in "-S" "--emit-llvm"; do
    "$KPIC" build $kind "$SPEC" -o - > /dev/full 2> "$WORK/err"; st=$?
    check "$kind -o - > /dev/full: exit 2 (was $st)" [ $st -eq 2 ]
    check "$kind -o - > /dev/full: says why" grep -q "cannot write to standard output: No space left on device" "$WORK/err"
done

# A full disk: the output exists from an earlier build and must survive intact.
for kind in "-c" "-S" "--emit-llvm" "-c --emit-llvm"; do
    rm -rf "$WORK/out"; mkdir -p "$WORK/out"
    printf 'old output\n' > "$WORK/out/goals"
    # (stderr through a pipe: under the limit kpic could not write a file either)
    # shellcheck disable=SC2086
    { (ulimit -f 2; trap '' XFSZ; exec "$KPIC" build $kind "$SPEC" -o "$WORK/out/goals") 2>&1; echo "status=$?"; } \
        | cat > "$WORK/err"
    check "$kind, full disk: exit 2" grep -q "^status=2$" "$WORK/err"
    check "$kind, full disk: says why" grep -q "cannot write .*goals: File too large" "$WORK/err"
    check "$kind, full disk: the old output is intact" [ "$(cat "$WORK/out/goals")" = "old output" ]
    check "$kind, full disk: no temporary file" [ "$(ls -A "$WORK/out")" = goals ]
done

# A full TMPDIR while linking an executable: no kpic-XXXXXX.o left behind.
rm -rf "$WORK/out"; mkdir -p "$WORK/out"
{ (ulimit -f 2; trap '' XFSZ; TMPDIR="$WORK/tmp" exec "$KPIC" build "$SPEC" -o "$WORK/out/goals") 2>&1; echo "status=$?"; } \
    | cat > "$WORK/err"
check "full TMPDIR: exit 2" grep -q "^status=2$" "$WORK/err"
check "full TMPDIR: says why" grep -q "cannot write .*kpic-.*\.o: File too large" "$WORK/err"
check "full TMPDIR: no temporary object left" empty "$WORK/tmp"
check "full TMPDIR: no output" empty "$WORK/out"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
