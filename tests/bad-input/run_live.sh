#!/bin/sh
# run_live.sh: a data file that changes while the evaluator reads it
# (docs/hardening.md, "Data that changes while it is read").
#
# usage: run_live.sh KPIC SUITE_DIR WORK_DIR
#
# The rule: a report is always of one consistent snapshot of the data, or
# there is no report and a clear error. Checked here:
#   1. a pipe fed by a slow writer that pauses mid-row and inside quotes:
#      the report equals the report of the same bytes in a regular file;
#   2. a pipe whose writer dies inside a quoted field: the exact error;
#   3. a regular file, with the evaluator frozen (SIGSTOP) once it has read
#      part of it, then changed, then resumed (SIGCONT):
#      a. rows appended: the report of the file as it was when opened;
#      b. truncated: the exact "truncated while it was read" error;
#      c. rewritten in place (same size): the exact "rewritten" error;
#      d. the snapshot ended mid-row and the writer then finished that row:
#         the exact "last row was still being written" error;
#   4. `kpic check` on a spec whose source is a pipe nobody writes to: it
#      returns at once with a note (it used to wait forever).
#   5. `kpic check` on a spec that imports a module that is a pipe nobody
#      writes to, or /dev/zero: an N004 error at once (it used to wait
#      forever, or read 1 GiB before refusing).
# Case 3 knows the evaluator was mid-read: it reads the file offset from
# /proc/PID/fdinfo while the process is stopped; if the evaluator already
# finished reading (a very fast machine) the case is retried with a bigger
# file, so no outcome depends on timing.
set -u
kpic=$1
suite=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
fail=0
"$kpic" build "$suite/data/sales.kpi" -o "$work/sales" || { echo "FAIL: kpic build"; exit 1; }
ev() { "$work/sales" --as-of 2026-03-01 --format json "$@"; }

# rows N: N rows over January and February 2026, quoted text in every third.
rows() {
    awk -v n="$1" 'BEGIN {
        print "day,revenue,orders,customer"
        for (i = 0; i < n; i++) {
            d = i % 59; m = d < 31 ? 1 : 2; dd = d < 31 ? d + 1 : d - 30
            c = i % 3 == 0 ? "\"cust, " i % 97 "\"" : "c" i % 89
            printf "2026-%02d-%02d,%d.%02d,%d,%s\n", m, dd, i % 500, i % 100, i % 7, c
        }
    }'
}

# 1. a slow writer on a pipe
rows 3000 >"$work/full.csv"
ev --data sales="$work/full.csv" >"$work/full.json" 2>"$work/full.err" || { echo "FAIL: full.csv"; cat "$work/full.err"; exit 1; }
mkfifo "$work/pipe"
python3 - "$work/full.csv" "$work/pipe" <<'PY' &
import sys, time
data = open(sys.argv[1], 'rb').read()
with open(sys.argv[2], 'wb', buffering=0) as out:
    i = 0
    sizes = [1, 7, 4093, 13, 65536, 2, 70000]   # odd sizes: pauses fall mid-row and inside quotes
    k = 0
    while i < len(data):
        n = sizes[k % len(sizes)]
        out.write(data[i:i + n])
        i += n
        k += 1
        time.sleep(0.002)
PY
ev --data sales="$work/pipe" >"$work/pipe.json" 2>"$work/pipe.err"
wait
if ! cmp -s "$work/full.json" "$work/pipe.json"; then
    echo "FAIL: the report read from a slow pipe differs from the file's"
    diff "$work/full.json" "$work/pipe.json" | head
    fail=1
fi

# 2. the writer dies inside a quoted field
rm -f "$work/pipe"
mkfifo "$work/pipe"
printf 'day,revenue,orders,customer\n2026-01-05,1.00,1,"half a na' >"$work/pipe" &
ev --data sales="$work/pipe" >"$work/cut.json" 2>"$work/cut.err"
rc=$?
wait
expected="sales: error: $work/pipe:2:19: unterminated quoted field (a '\"' opens it here and the file ends before it closes)"
if [ $rc != 2 ] || [ "$(cat "$work/cut.err")" != "$expected" ] || [ -s "$work/cut.json" ]; then
    echo "FAIL: writer died inside quotes: exit $rc, stderr:"; cat "$work/cut.err"; echo "expected: $expected"
    fail=1
fi

# 3. change a regular file while the evaluator is stopped mid-read.
# freeze FILE: starts the evaluator on FILE, stops it mid-read; sets $pid, or
# returns 1 when it finished reading before it could be stopped.
freeze() {
    # the evaluator itself, not a function: $! must be its process id
    "$work/sales" --as-of 2026-03-01 --format json --data sales="$1" >"$work/live.json" 2>"$work/live.err" &
    pid=$!
    size=$(wc -c <"$1")
    # wait until it has read part of the file
    while :; do
        fd=$(ls -l /proc/$pid/fd 2>/dev/null | awk -v f="$1" '$NF == f {print $(NF-2)}')
        if [ -n "$fd" ]; then
            pos=$(awk '/^pos:/ {print $2}' /proc/$pid/fdinfo/$fd 2>/dev/null)
            [ -n "$pos" ] && [ "$pos" -gt 0 ] && break
        fi
        kill -0 $pid 2>/dev/null || { wait $pid; return 1; }
    done
    kill -STOP $pid 2>/dev/null
    # stopped: is it still mid-read?
    pos=$(awk '/^pos:/ {print $2}' /proc/$pid/fdinfo/$fd 2>/dev/null)
    if [ -z "$pos" ] || [ "$pos" -ge "$size" ]; then
        kill -CONT $pid 2>/dev/null
        wait $pid
        return 1
    fi
    return 0
}
resume() { kill -CONT $pid; wait $pid; rc=$?; }

# live CASE CHANGE EXPECT_RC EXPECT_STDERR_FILE_OR_REPORT
live() {
    name=$1
    n=100000
    for attempt in 1 2 3 4; do
        rows $n >"$work/$name.csv"
        [ "$name" = midrow ] && printf '2026-02-27,12' >>"$work/$name.csv"
        cp "$work/$name.csv" "$work/$name.orig"
        freeze "$work/$name.csv"
        freeze_rc=$?
        [ $freeze_rc = 0 ] && return 0
        n=$((n * 2))
    done
    echo "FAIL: $name: could not stop the evaluator mid-read"
    fail=1
    return 1
}

if live append; then
    rows 10 | tail -n 5 >>"$work/append.csv"
    resume
    ev --data sales="$work/append.orig" >"$work/append.expected.json" 2>/dev/null
    if [ $rc -gt 1 ] || ! cmp -s "$work/live.json" "$work/append.expected.json"; then
        echo "FAIL: rows appended mid-read: exit $rc, not the report of the file as opened"; cat "$work/live.err"
        fail=1
    fi
fi

# expect_error NAME MESSAGE: the evaluator failed with exactly MESSAGE and no report.
expect_error() {
    if [ $rc != 2 ] || [ "$(cat "$work/live.err")" != "$2" ] || [ -s "$work/live.json" ]; then
        echo "FAIL: $1: exit $rc, stderr:"; cat "$work/live.err"; echo "expected: $2"
        fail=1
    fi
}

if live truncate; then
    size=$(wc -c <"$work/truncate.csv")
    : >"$work/truncate.csv"
    resume
    expect_error truncate "sales: error: $work/truncate.csv: the file was truncated while it was read ($size bytes when opened, 0 now); run again when the program writing it has finished"
fi

if live rewrite; then
    # the same size, other digits: a rewrite in place
    python3 -c "
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
i = len(b) - 40
b[i:i + 1] = b'9' if b[i:i + 1] != b'9' else b'8'
open(p, 'r+b').write(bytes(b))" "$work/rewrite.csv"
    resume
    expect_error rewrite "sales: error: $work/rewrite.csv: the file was rewritten while it was read; run again when the program writing it has finished"
fi

if live midrow; then
    size=$(wc -c <"$work/midrow.csv")
    printf '34.50,2,zed\n' >>"$work/midrow.csv"
    resume
    expect_error midrow "sales: error: $work/midrow.csv: the file grew while it was read and its last row (at byte $size) was still being written; run again when the program writing it has finished"
fi

# 4. kpic check sniffs a source's header at check time; a pipe without a
# writer must not block it (nor the language server, which checks the same way)
mkfifo "$work/nowriter.csv"
printf 'source s = csv "nowriter.csv" date "day"\nmetric revenue : EUR\n' >"$work/pipe.kpi"
(cd "$work" && timeout 120 "$kpic" check pipe.kpi) >"$work/pipe-check.out" 2>&1
rc=$?
expected="pipe.kpi:1:16: note: columns of source 's' were not verified: cannot read $work/nowriter.csv: it is not a regular file (a pipe or a device is read only by the evaluator) [M003]"
if [ $rc != 0 ] || [ "$(head -n 1 "$work/pipe-check.out")" != "$expected" ]; then
    echo "FAIL: kpic check on a spec whose source is a pipe: exit $rc"; cat "$work/pipe-check.out"; echo "expected: $expected"
    fail=1
fi

# 5. an imported module that is a pipe or a device is refused before it is opened
mkfifo "$work/fifo.kpi"
ln -s /dev/zero "$work/zero.kpi"
for module in fifo zero; do
    printf 'import %s\nmetric revenue : EUR\n' "$module" >"$work/imports-$module.kpi"
    (cd "$work" && timeout 120 "$kpic" check "imports-$module.kpi") >"$work/import-$module.out" 2>&1
    rc=$?
    target=$work/fifo.kpi
    [ $module = zero ] && target=/dev/zero
    expected="imports-$module.kpi:1:8: error: cannot read module '$module' ($target): it is not a regular file (a pipe or a device); a module is a .kpi file [N004]"
    if [ $rc != 1 ] || [ "$(head -n 1 "$work/import-$module.out")" != "$expected" ]; then
        echo "FAIL: kpic check on a spec that imports a $module: exit $rc"; cat "$work/import-$module.out"
        echo "expected: $expected"
        fail=1
    fi
done

[ $fail = 0 ] && echo "a changing data file gives the report of a snapshot or a clear error, in every case"
exit $fail
