#!/bin/sh
# run_outputs.sh KPIC LIBKPIRT INCLUDE_DIR WORK_DIR
#
# Every output of `kpic build` on the seed example, and the mistakes around
# it. The executable's JSON report is the reference; the other outputs must
# reproduce it byte for byte when linked or loaded by hand:
#   -c            object, linked with `cc obj libkpirt.a -lzstd -lz -pthread -lm`
#   --shared      library + header, called from a C program
#   --emit-llvm   IR text with the documented function names (also to stdout);
#                 with -c bitcode, readable by llvm-dis
#   -S            assembly
# and bad command lines, a spec with errors and a missing linker are clear
# errors with the documented exit statuses.
set -u
kpic=$1
libkpirt=$2
include=$3
work=$4
llvm_tools=${5:-}   # the bin folder of the LLVM kpic is built with (for llvm-dis)
here=$(cd "$(dirname "$0")" && pwd)
spec=$(cd "$here/../../examples/webshop" && pwd)/webshop.kpi
asof=2025-10-05
cc=${CC:-cc}
rm -rf "$work"
mkdir -p "$work"
fail=0

check() {  # check DESCRIPTION COMMAND...: the command must succeed
    what=$1
    shift
    if ! "$@" >"$work/last.out" 2>"$work/last.err"; then
        echo "FAIL: $what"
        cat "$work/last.err"
        fail=1
        return 1
    fi
}

expect_status() {  # expect_status STATUS PATTERN COMMAND...: fails with STATUS, stderr matches PATTERN
    want=$1
    pattern=$2
    shift 2
    "$@" >"$work/last.out" 2>"$work/last.err"
    rc=$?
    if [ $rc -ne "$want" ] || ! grep -q -- "$pattern" "$work/last.err"; then
        echo "FAIL: '$*' gave status $rc (expected $want) and stderr:"
        cat "$work/last.err"
        echo "(expected it to mention: $pattern)"
        fail=1
    fi
}

report() {  # report EXECUTABLE OUT: the JSON report at $asof; status 0 or 1
    "$1" --as-of $asof --format json >"$2" 2>"$2.err"
    [ $? -le 1 ] || { echo "FAIL: $1 failed"; cat "$2.err"; fail=1; }
}

same() {
    cmp -s "$1" "$2" || { echo "FAIL: $3 ($1 vs $2)"; diff "$1" "$2" | head; fail=1; }
}

# the executable, with its default name in the current folder
(cd "$work" && "$kpic" build "$spec") || { echo "FAIL: kpic build"; exit 1; }
[ -x "$work/webshop" ] || { echo "FAIL: kpic build did not write ./webshop"; exit 1; }
report "$work/webshop" "$work/exe.json"

# the default data path is compiled in as an absolute path: any folder works
(cd / && "$work/webshop" --as-of $asof --format json) >"$work/from-root.json" 2>&1
same "$work/exe.json" "$work/from-root.json" "the executable run from /"
# --data NAME=FILE replaces a source's data
cp "$(dirname "$spec")/data/shop.csv" "$work/copy.csv"
"$work/webshop" --data shop="$work/copy.csv" --as-of $asof --format json >"$work/data.json" 2>&1
same "$work/exe.json" "$work/data.json" "--data shop=FILE"
# kpic run: flags after FILE (and after a --) go to the evaluator
check "kpic run FILE -- --help" "$kpic" run "$spec" -- --help &&
    { grep -q -- "--as-of" "$work/last.out" || { echo "FAIL: kpic run -- --help shows no evaluator help"; fail=1; }; }
(cd / && "$kpic" run "$spec" --as-of $asof --format json) >"$work/run-from-root.json" 2>/dev/null
# the evaluator's usage hints name a command that exists: the executable's
# own name, or "kpic run FILE" (never the spec's stem, which is no program)
expect_status 2 "^(run webshop --help for the options)$" "$work/webshop" --as-of 2025-13-01
grep -q "^webshop: error: --as-of" "$work/last.err" || { echo "FAIL: the executable's error is not named 'webshop'"; fail=1; }
expect_status 2 "^(run kpic run $spec --help for the options)$" "$kpic" run "$spec" --as-of 2025-13-01
grep -q "^kpic run $spec: error: --as-of" "$work/last.err" ||
    { echo "FAIL: the evaluator's error under kpic run is not named 'kpic run FILE'"; fail=1; }
# a path a shell would split is quoted in the hint, so it can be pasted
mkdir -p "$work/my goals" && cp -R "$(dirname "$spec")/." "$work/my goals/"
spaced="$work/my goals/$(basename "$spec")"
expect_status 2 "^(run kpic run '$spaced' --help for the options)$" "$kpic" run "$spaced" --as-of 2025-13-01
check "kpic run FILE --help" "$kpic" run "$spec" --help &&
    { grep -q -- "^usage: kpic run $spec \[options\]" "$work/last.out" ||
        { echo "FAIL: kpic run FILE --help does not name 'kpic run FILE'"; cat "$work/last.out"; fail=1; }; }
same "$work/exe.json" "$work/run-from-root.json" "kpic run from /"

# -c, then linked by hand
check "kpic build -c" "$kpic" build -c "$spec" -o "$work/webshop.o" &&
    check "linking the object by hand" $cc -o "$work/by-hand" "$work/webshop.o" "$libkpirt" -lzstd -lz -pthread -lm &&
    report "$work/by-hand" "$work/by-hand.json" && same "$work/exe.json" "$work/by-hand.json" "-c object linked by hand"

# --shared and its header, used from C
if check "kpic build --shared" "$kpic" build --shared "$spec" -o "$work/libwebshop.so"; then
    if [ ! -f "$work/webshop.h" ]; then
        echo "FAIL: --shared wrote no header webshop.h"
        fail=1
    fi
    cat >"$work/host.c" <<'C'
#include <stdio.h>
#include "kpirt.h"
#include "webshop.h"
int main(int argc, char **argv) {
    const kpirt_program *p = webshop_program();
    if (!p || p->abi_version != KPIRT_ABI_VERSION || p->goal_count == 0) {
        fprintf(stderr, "bad program descriptor\n");
        return 3;
    }
    return webshop_evaluate(argc, argv);
}
C
    check "compiling a C program against webshop.h" \
        $cc -std=c17 -Wall -Werror -I"$work" -I"$include" -o "$work/host" "$work/host.c" \
        -L"$work" -lwebshop -Wl,-rpath,"$work" &&
        report "$work/host" "$work/host.json" && same "$work/exe.json" "$work/host.json" "--shared library called from C"
fi

# IR and assembly
if check "kpic build --emit-llvm" "$kpic" build --emit-llvm "$spec" -o "$work/webshop.ll"; then
    for want in 'define internal i32 @kpi.row.shop(' '@kpi.metric_value(' '@kpi.target.more_profit(' \
                'define i32 @main(' '@kpirt_main('; do
        grep -qF "$want" "$work/webshop.ll" || { echo "FAIL: webshop.ll lacks $want"; fail=1; }
    done
fi
check "kpic build --emit-llvm -O0 -o -" "$kpic" build --emit-llvm -O0 -o - "$spec" &&
    { grep -qF '@kpi.metric_value(' "$work/last.out" || { echo "FAIL: no IR on stdout"; fail=1; }; }
# --emit-llvm -c: bitcode, as clang writes it; the llvm-dis of kpic's own LLVM
# (an older one cannot read a newer bitcode) reads it back when installed
if check "kpic build --emit-llvm -c" "$kpic" build --emit-llvm -c "$spec" -o "$work/webshop.bc"; then
    magic=$(od -An -tx1 -N4 "$work/webshop.bc" | tr -d ' ')
    [ "$magic" = "4243c0de" ] || { echo "FAIL: webshop.bc does not start with the bitcode magic (got $magic)"; fail=1; }
    dis="$llvm_tools/llvm-dis"
    if [ -x "$dis" ]; then
        "$dis" "$work/webshop.bc" -o "$work/webshop.dis.ll" &&
            grep -qF '@kpi.metric_value(' "$work/webshop.dis.ll" ||
            { echo "FAIL: llvm-dis cannot read webshop.bc back"; fail=1; }
    fi
fi
check "kpic build --emit-llvm -c -o -" "$kpic" build --emit-llvm -c -o - "$spec" &&
    { cmp -s "$work/last.out" "$work/webshop.bc" || { echo "FAIL: bitcode on stdout differs from the file"; fail=1; }; }
check "kpic build -S" "$kpic" build -S "$spec" -o "$work/webshop.s" &&
    { grep -q 'webshop_evaluate' "$work/webshop.s" || { echo "FAIL: webshop.s lacks webshop_evaluate"; fail=1; }; }

# mistakes
expect_status 2 "no input file" "$kpic" build
expect_status 2 "-O7" "$kpic" build -O7 "$spec"
expect_status 2 "choose one" "$kpic" build -c -S "$spec"
expect_status 2 "standard output" "$kpic" build -c -o - "$spec"
expect_status 2 "did you mean '--shared'" "$kpic" build --shard "$spec"
expect_status 2 "cannot open" "$kpic" build "$work/missing.kpi"
expect_status 2 "cannot run the C compiler" env CC=/nonexistent/cc "$kpic" build "$spec" -o "$work/never"
[ -e "$work/never" ] && { echo "FAIL: a failed link left $work/never"; fail=1; }
printf 'goal g\n  raise nothing 20%%\n' >"$work/broken.kpi"
expect_status 1 "error" "$kpic" build "$work/broken.kpi" -o "$work/broken"
[ -e "$work/broken" ] && { echo "FAIL: a spec with errors produced an executable"; fail=1; }
expect_status 1 "error" "$kpic" run "$work/broken.kpi"

[ $fail -eq 0 ] && echo "ok: every kind of output"
exit $fail
