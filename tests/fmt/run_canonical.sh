#!/bin/sh
# run_canonical.sh KPIC ROOT: the project's own goal files are in the canonical
# layout (docs/fmt.md): every .kpi under examples/ and stdlib/, every ```kpi
# code block of docs/*.md, and the README's opening example, which must read
# exactly as written (the statement sentence on one line). A failure prints
# what `kpic fmt` would change; fix it with `kpic fmt -w FILE` or by hand.
set -u
KPIC=$1
ROOT=$2
WORK=${TMPDIR:-/tmp}/kpi-fmt-canonical.$$
trap 'rm -rf "$WORK"' EXIT INT TERM
mkdir -p "$WORK"
passed=0 failed=0

check_file() {   # check_file FILE LABEL
    if "$KPIC" fmt --check "$1" >/dev/null 2>"$WORK/err"; then
        passed=$((passed + 1))
    else
        echo "FAIL $2 is not in the canonical layout:"
        cat "$WORK/err"
        "$KPIC" fmt "$1" 2>/dev/null | diff "$1" - | head -20
        failed=$((failed + 1))
    fi
}

for f in $(find "$ROOT/examples" "$ROOT/stdlib" -name '*.kpi' | sort); do
    check_file "$f" "${f#"$ROOT"/}"
done

# Each ```kpi block of the docs, named by its file and first line.
for doc in "$ROOT"/docs/*.md; do
    awk -v out="$WORK/block" '
        /^```kpi[ \t]*$/ { n++; file = sprintf("%s-%03d-%d.kpi", out, n, NR + 1); inblock = 1; printf "" > file; next }
        /^```/ && inblock { inblock = 0; close(file); next }
        inblock { print > file }
    ' "$doc"
    for block in "$WORK"/block-*.kpi; do
        [ -e "$block" ] || continue
        line=${block##*-}
        check_file "$block" "docs/$(basename "$doc"):${line%.kpi} (a kpi code block)"
        rm -f "$block"
    done
done

# The README's example: the indented block after "write their goals down precisely".
awk '/goals down precisely/ { on = 1; next } on && /^    / { print substr($0, 5); seen = 1; next } seen { exit }' \
    "$ROOT/README.md" > "$WORK/readme.kpi"
if [ -s "$WORK/readme.kpi" ]; then
    check_file "$WORK/readme.kpi" "README.md's example"
else
    echo "FAIL README.md's example was not found"
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 10 ]
