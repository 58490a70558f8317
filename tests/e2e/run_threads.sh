#!/bin/sh
# run_threads.sh KPIC WORK_DIR
#
# Parallel evaluation (docs/runtime.md, "Threads"): the report, the
# warnings with their bad rows and line numbers, the first error under
# --on-bad-row=fail and the exit status are byte for byte the same on 1, 2,
# 3 and 4 threads. Over the Superstore export ($KPI_SHARED_DATA, when
# present) and over generated files (threads/generate.py) whose cut places
# fall inside quoted fields that hold line ends, some of them lines that
# look like records, with bad rows, count_distinct per week and month,
# min, max, last and avg, CRLF line ends, and a daily sum that overflows
# only when two far-apart chunks meet. KPIRT_MIN_CHUNK makes small files
# worth cutting. --verbose must say that more than one thread read, that a
# bad cut was read again, and why standard input and gzip data are read on
# one thread.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
fail=0
no() { echo "FAIL: $*"; fail=1; }
export KPIRT_MIN_CHUNK=4096

# same NAME EVALUATOR ARGS...: every output on 2..4 threads is the one on 1 thread
same() {
    name=$1
    shift
    for t in 1 2 3 4; do
        "$@" --threads $t --verbose >"$work/$name.$t.out" 2>"$work/$name.$t.verbose"
        echo $? >"$work/$name.$t.rc"
        grep -v ": note: " "$work/$name.$t.verbose" >"$work/$name.$t.err"
        if [ $t -gt 1 ] && ! grep -q "read on [2-4] threads in [0-9]* chunks" "$work/$name.$t.verbose"; then
            no "$name: --threads $t did not read on several threads:"
            cat "$work/$name.$t.verbose"
        fi
        [ $t -eq 1 ] && continue
        for part in out err rc; do
            cmp -s "$work/$name.1.$part" "$work/$name.$t.$part" || {
                no "$name: the $part on $t threads differs from one thread"
                diff "$work/$name.1.$part" "$work/$name.$t.$part" | head -8
            }
        done
    done
}

"$kpic" build "$here/threads/threads.kpi" -o "$work/threads" || { echo "FAIL: kpic build"; exit 1; }
for kind in quoted crlf overflow; do
    python3 "$here/threads/generate.py" $kind "$work/$kind.csv" || { echo "FAIL: generate.py $kind"; exit 1; }
done

# the test means something only when the places the file would ideally be
# cut (parallel.c's plan: 4 chunks per thread, equal in bytes after the
# header) fall inside quoted fields
python3 - "$work/quoted.csv" <<'PY' || fail=1
import sys
data = open(sys.argv[1], "rb").read()
quoted, inside, i = bytearray(len(data)), False, 0
while i < len(data):
    if data[i] == 34 and inside and data[i + 1:i + 2] == b'"':
        quoted[i] = quoted[i + 1] = 1
        i += 2
        continue
    if data[i] == 34:
        inside = not inside
    quoted[i] = inside
    i += 1
start = data.index(b"\n") + 1
for threads in (2, 3, 4):
    n = 4 * threads
    ideal = [start + (len(data) - start) * k // n for k in range(1, n)]
    if sum(quoted[x] for x in ideal) * 2 < len(ideal):
        sys.exit(f"FAIL: few cut places of {threads} threads fall inside quoted fields")
PY

for kind in quoted crlf overflow; do
    for run in skip-json skip-text fail-text; do
        [ $run = skip-text ] && [ $kind != quoted ] && continue
        same $kind-$run "$work/threads" --data "$work/$kind.csv" --as-of 2025-07-01 \
            --on-bad-row=${run%-*} --format ${run#*-}
    done
done
grep -q "a bad row\|overflows\|wrong field count" "$work/quoted-skip-text.1.err" || no "quoted.csv has no bad rows"
# the did-you-mean: c199, c299, ..., c899 are all two edits from c9999 and byte order picks the first
grep -qxF 'threads: warning: no row of source "sales" has customer = "c9999" (metric vip, goal unmatched_customer); did you mean "c199"?' "$work/quoted-skip-text.1.err" &&
    grep -qxF 'threads: warning: no row of source "sales" has region = "Mars" (metric mars, goal unmatched_anything); the column holds "East", "North", "South", ...' "$work/quoted-skip-text.1.err" ||
    no "no warning, or another one, for the where values no row holds"
grep -q "overflows" "$work/overflow-skip-json.1.err" && grep -q "overflows" "$work/overflow-fail-text.1.err" ||
    no "overflow.csv: no overflow reported"
cat "$work"/quoted-*.verbose "$work"/crlf-*.verbose | grep -q "read again" ||
    no "no cut fell inside a record that looks like records: the test lost its point"

if [ -n "${KPI_SHARED_DATA:-}" ] && [ -f "$KPI_SHARED_DATA/superstore.csv" ]; then
    mkdir -p "$work/superstore"
    cp "$here/superstore/superstore.kpi" "$work/superstore/"
    ln -s "$KPI_SHARED_DATA/superstore.csv" "$work/superstore/superstore.csv"
    "$kpic" build "$work/superstore/superstore.kpi" -o "$work/superstore/evaluator" || no "kpic build superstore"
    for format in json text; do
        same superstore-$format "$work/superstore/evaluator" --as-of 2020-01-15 --format $format
    done
    same superstore-run "$kpic" run "$work/superstore/superstore.kpi" --as-of 2020-01-15 --format json
    cmp -s "$work/superstore-run.1.out" "$work/superstore-json.1.out" || no "kpic run differs from the evaluator"
else
    echo "note: KPI_SHARED_DATA/superstore.csv not found; the Superstore part is skipped"
fi

# a byte that is not UTF-8 (a Windows-1252 "è") in the middle and near the end: the same error
# as one thread, never a report read past it (each chunk checks its bytes as one reader does)
for at in 50 90; do
    python3 - "$work/quoted.csv" "$work/latin1-$at.csv" $at <<'PY' || no "latin1-$at.csv"
import sys
data = open(sys.argv[1], "rb").read()
cut = data.index(b"\n", len(data) * int(sys.argv[3]) // 100) + 1
open(sys.argv[2], "wb").write(data[:cut] + b"2024-03-01,\"Li\xe8ge\",7.00,c1,North\n" + data[cut:])
PY
    for t in 1 2 3 4; do
        "$work/threads" --data "$work/latin1-$at.csv" --as-of 2025-07-01 --on-bad-row=skip --threads $t \
            --verbose >"$work/latin1-$at.$t.out" 2>"$work/latin1-$at.$t.verbose"
        echo $? >"$work/latin1-$at.$t.rc"
        grep -v ": note: " "$work/latin1-$at.$t.verbose" >"$work/latin1-$at.$t.err"
        [ $t -eq 1 ] && continue
        grep -q "read on one thread: a byte is not UTF-8" "$work/latin1-$at.$t.verbose" ||
            no "latin1-$at: $t threads do not say why they read on one"
        for part in out err rc; do
            cmp -s "$work/latin1-$at.1.$part" "$work/latin1-$at.$t.$part" ||
                no "latin1-$at: the $part on $t threads differs from one thread"
        done
    done
    grep -q "byte 0xE8 is not UTF-8" "$work/latin1-$at.1.err" && [ "$(cat "$work/latin1-$at.1.rc")" = 2 ] ||
        no "latin1-$at: no encoding error on one thread: $(cat "$work/latin1-$at.1.err")"
done

# what is read on one thread says why
"$work/threads" --data - --threads 4 --verbose --as-of 2025-07-01 --on-bad-row=skip <"$work/quoted.csv" \
    >"$work/stdin.out" 2>"$work/stdin.err"
grep -q "note: <stdin>: read on one thread: a stream" "$work/stdin.err" || { no "stdin: no note"; cat "$work/stdin.err"; }
gzip -c "$work/quoted.csv" >"$work/quoted.csv.gz"
"$work/threads" --data "$work/quoted.csv.gz" --threads 4 --verbose --as-of 2025-07-01 --on-bad-row=skip \
    >"$work/gzip.out" 2>"$work/gzip.err"
grep -q "read on one thread: gzip data is one stream" "$work/gzip.err" || { no "gzip: no note"; cat "$work/gzip.err"; }
cmp -s "$work/stdin.out" "$work/quoted-skip-text.1.out" || no "stdin's report differs"
cmp -s "$work/gzip.out" "$work/quoted-skip-text.1.out" || no "gzip's report differs"
KPIRT_MIN_CHUNK= "$work/threads" --data "$work/quoted.csv" --threads 2 --verbose --as-of 2025-07-01 \
    --on-bad-row=skip >/dev/null 2>"$work/small.err"
grep -q "read on one thread: the file is too small to share" "$work/small.err" || no "small file: no note"

# --threads takes 1 to 256
for bad in 0 -1 x 257 ""; do
    "$work/threads" --threads "$bad" >/dev/null 2>"$work/bad.err"
    rc=$?
    [ $rc -eq 2 ] && grep -q "expected a number of threads from 1 to 256" "$work/bad.err" ||
        no "--threads '$bad' gave status $rc: $(cat "$work/bad.err")"
done
# kpic run takes --threads before FILE too, and passes it on
"$kpic" run --threads 3 "$here/threads/threads.kpi" --data "$work/quoted.csv" --as-of 2025-07-01 \
    --on-bad-row=skip --verbose >"$work/run.out" 2>"$work/run.err"
grep -q "read on 3 threads" "$work/run.err" || { no "kpic run --threads 3 FILE"; cat "$work/run.err"; }
cmp -s "$work/run.out" "$work/quoted-skip-text.1.out" || no "kpic run --threads 3: another report"
exit $fail
