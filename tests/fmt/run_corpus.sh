#!/bin/sh
# run_corpus.sh KPIC SRCDIR: kpic fmt over every .kpi file of the repository
# (tests/, examples/, stdlib/). For each file that parses:
#   - formatting is idempotent: fmt(fmt(f)) == fmt(f), byte for byte;
#   - the formatted text parses to the same AST: `kpic check --dump-ast`
#     of the input and of the output agree once the " @line:col" positions
#     are removed (positions are all that formatting may change).
# Files with syntax errors must be refused (exit 1, nothing on stdout).
set -u
KPIC=$1
SRC=$2
WORK=${TMPDIR:-/tmp}/kpi-fmt-corpus.$$
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT INT TERM

passed=0 failed=0 refused=0
strip_positions() { sed -E 's/ @[0-9]+:[0-9]+//g'; }

for f in $(cd "$SRC" && find tests examples stdlib -name '*.kpi' | sort); do
    if "$KPIC" fmt "$SRC/$f" > "$WORK/once.kpi" 2> "$WORK/err"; then
        :
    else
        status=$?
        if [ "$status" -eq 1 ] && [ ! -s "$WORK/once.kpi" ] && grep -q "syntax errors" "$WORK/err"; then
            refused=$((refused + 1))
        else
            echo "FAIL $f: kpic fmt exited $status"; cat "$WORK/err"
            failed=$((failed + 1))
        fi
        continue
    fi
    ok=1
    "$KPIC" fmt - < "$WORK/once.kpi" > "$WORK/twice.kpi" 2> "$WORK/err2"
    if ! cmp -s "$WORK/once.kpi" "$WORK/twice.kpi"; then
        echo "FAIL $f: not idempotent"; diff "$WORK/once.kpi" "$WORK/twice.kpi" | head -20; ok=0
    fi
    "$KPIC" check --dump-ast - < "$SRC/$f" 2>/dev/null | strip_positions > "$WORK/ast.in"
    "$KPIC" check --dump-ast - < "$WORK/once.kpi" 2>/dev/null | strip_positions > "$WORK/ast.out"
    if [ ! -s "$WORK/ast.in" ] && [ -n "$(grep -v '^[[:space:]]*\(#.*\)\?$' "$SRC/$f")" ]; then
        echo "FAIL $f: no AST dump"; ok=0
    fi
    if ! cmp -s "$WORK/ast.in" "$WORK/ast.out"; then
        echo "FAIL $f: the formatted file parses to a different AST"; diff "$WORK/ast.in" "$WORK/ast.out" | head -20; ok=0
    fi
    if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "fmt corpus: $refused files with syntax errors refused"
if [ $passed -lt 10 ]; then
    echo "FAIL: only $passed files formatted; the corpus was not found"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
