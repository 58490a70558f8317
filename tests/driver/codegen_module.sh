#!/bin/sh
# codegen_module.sh: only the commands that generate code load LLVM.
#
#   sh tests/driver/codegen_module.sh KPIC LLVM_VERSION SPEC
#
# kpic does not link libLLVM; `kpic build` and `kpic run` load it with the
# back end, libkpic-codegen.so, found next to kpic (docs/codegen.md). The
# dynamic loader's own trace (LD_DEBUG=files) shows which objects a command
# loads: none of LLVM for check, fmt, graph, explain, doc, lsp and
# --version, and LLVM for build and run, which must still work; a second run
# of the same spec comes from kpic run's cache and loads no LLVM. A kpic whose
# module is missing, is no shared object, lacks the table or belongs to
# another kpic refuses build and run with one clear message and status 2,
# and still checks.
set -u
abspath() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
KPIC=$(abspath "$1")
LLVM_VERSION=$2
SPEC=$(abspath "$3")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kpic-cgmod.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
cd "$WORK" || exit 1
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# traced KPIC ARGS...: runs with the loader's trace; status in $rc, the
# command's standard error and the trace in $err.
traced() {
    k=$1
    shift
    LD_DEBUG=files "$k" "$@" >out.txt 2>err.txt
    rc=$?
    err=$(cat err.txt)
}

loads_llvm() {
    grep -q 'file=[^ ]*libLLVM' err.txt
}

# --- no LLVM without code generation ----------------------------------------
ldd "$KPIC" >ldd.txt 2>&1
grep -qi 'libLLVM' ldd.txt && fail "kpic is linked against libLLVM: $(grep -i libLLVM ldd.txt)"

traced "$KPIC" --version
[ "$rc" = 0 ] || fail "kpic --version exited with $rc"
[ "$(sed -n 2p out.txt)" = "LLVM $LLVM_VERSION" ] || fail "--version's second line is '$(sed -n 2p out.txt)', expected 'LLVM $LLVM_VERSION'"
loads_llvm && fail "kpic --version loads libLLVM"
for cmd in check fmt graph; do
    traced "$KPIC" $cmd "$SPEC"
    [ "$rc" = 0 ] || fail "kpic $cmd exited with $rc: $(grep -v '^ *[0-9]*:' err.txt)"
    loads_llvm && fail "kpic $cmd loads libLLVM"
done
traced "$KPIC" explain T002
[ "$rc" = 0 ] || fail "kpic explain exited with $rc"
loads_llvm && fail "kpic explain loads libLLVM"
traced "$KPIC" doc -o "$WORK/stdlib.md"
[ "$rc" = 0 ] || fail "kpic doc exited with $rc: $(grep -v '^ *[0-9]*:' err.txt)"
loads_llvm && fail "kpic doc loads libLLVM"
# an editor's session: initialize, shutdown, exit
printf 'Content-Length: 58\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}Content-Length: 44\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}Content-Length: 33\r\n\r\n{"jsonrpc":"2.0","method":"exit"}' >lsp.in
LD_DEBUG=files "$KPIC" lsp <lsp.in >out.txt 2>err.txt
rc=$?
[ "$rc" = 0 ] || fail "kpic lsp exited with $rc"
loads_llvm && fail "kpic lsp loads libLLVM"

# --- build and run load it, and work -----------------------------------------
traced "$KPIC" build "$SPEC" -o "$WORK/goals"
[ "$rc" = 0 ] || fail "kpic build exited with $rc: $(grep -v '^ *[0-9]*:' err.txt)"
loads_llvm || fail "kpic build does not load libLLVM (or the trace shows no loads: the test sees nothing)"
"$WORK/goals" --as-of 2025-10-05 --format json >built.json 2>/dev/null
[ -s built.json ] || fail "the built evaluator printed no report"
traced "$KPIC" run "$SPEC" --as-of 2025-10-05 --format json
loads_llvm || fail "kpic run does not load libLLVM"
cmp -s out.txt built.json || fail "kpic run's report differs from the built evaluator's"
traced "$KPIC" run "$SPEC" --as-of 2025-10-05 --format json
loads_llvm && fail "a second kpic run of the same spec (a cache hit) loads libLLVM"
cmp -s out.txt built.json || fail "kpic run's report from its cache differs from the built evaluator's"

# --- a kpic without its back end -------------------------------------------------
mkdir -p "$WORK/alone/bin"
cp "$KPIC" "$WORK/alone/bin/kpic"
ALONE=$WORK/alone/bin/kpic
MODULE=$WORK/alone/bin/libkpic-codegen.so

# expect_refusal WHAT REASON: build and run exit 2 naming the module and REASON.
expect_refusal() {
    for cmd in "build -o $WORK/never" run; do
        "$ALONE" $cmd "$SPEC" >out.txt 2>err.txt
        rc=$?
        err=$(cat err.txt)
        [ "$rc" = 2 ] || fail "$1: kpic $cmd exited with $rc, expected 2 (stderr: $err)"
        case $err in
            *"kpic: error: cannot load the code generator '$MODULE': "*"$2"*) ;;
            *) fail "$1: kpic $cmd says: $err" ;;
        esac
    done
    [ -e "$WORK/never" ] && fail "$1: kpic build wrote an output"
    "$ALONE" check "$SPEC" >out.txt 2>err.txt || fail "$1: kpic check fails: $(cat err.txt)"
}

expect_refusal "missing module" "No such file or directory"
case $err in
    *"kpic: note: "*) ;;
    *) fail "missing module: no note on where the module belongs: $err" ;;
esac
printf 'not a shared object\n' >"$MODULE"
expect_refusal "module that is no shared object" "file too short"
CC=${CC:-cc}
if printf 'int kpi_something_else;\n' | $CC -shared -fPIC -x c - -o "$MODULE" 2>cc.txt; then
    expect_refusal "module without the table" "kpi_cg_exports"
    printf 'const struct { unsigned long size; const char *version; } kpi_cg_exports = {16, "0.0.1"};\n' |
        $CC -shared -fPIC -x c - -o "$MODULE" 2>cc.txt
    expect_refusal "module of another kpic" "built for kpic of another version"
else
    echo "note: '$CC' cannot build a shared object ($(cat cc.txt)); skipped the two fake modules"
fi

[ "$failures" = 0 ] && echo "ok: only build and run load LLVM"
[ "$failures" = 0 ]
