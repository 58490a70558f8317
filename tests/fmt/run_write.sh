#!/bin/sh
# run_write.sh KPIC: the guarantees of `kpic fmt -w` and `--check`.
#   - -w rewrites an unformatted file, keeps its permission bits, and writes
#     through a symbolic link to the file it points to;
#   - a read-only file is refused (exit 2, untouched); a file with two hard
#     links is rewritten in place, so both names see the new text;
#   - a file with syntax errors is never rewritten (exit 1, errors on stderr);
#   - when writing fails (file size limit reached mid-write; a read-only
#     folder when not running as root) the original is byte-for-byte intact,
#     no temporary file is left behind and the exit status is 2;
#   - --check names the files that would change, exits 1, and writes nothing.
set -u
KPIC=$1
WORK=${TMPDIR:-/tmp}/kpi-fmt-write.$$
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM
passed=0 failed=0
check() {   # check NAME CONDITION...: one assertion
    name=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; failed=$((failed + 1)); fi
}
fresh() {
    rm -rf "$WORK"; mkdir -p "$WORK/d"
    printf 'metric   revenue:EUR\nmetric costs : EUR   # money out\n' > "$WORK/d/ugly.kpi"
    printf 'metric revenue : EUR\nmetric costs : EUR  # money out\n' > "$WORK/d/want.kpi"
    printf 'metric revenue : EUR\n' > "$WORK/d/clean.kpi"
    printf 'metric  revenue : EUR\nmetric costs : @\n' > "$WORK/d/broken.kpi"
    cp "$WORK/d/ugly.kpi" "$WORK/ugly.orig"
    cp "$WORK/d/broken.kpi" "$WORK/broken.orig"
}
leftovers() { [ -z "$(ls -A "$WORK/d" | grep -v -x -e ugly.kpi -e want.kpi -e clean.kpi -e broken.kpi -e link.kpi)" ]; }

# -w rewrites and keeps permissions.
fresh
chmod 640 "$WORK/d/ugly.kpi"
"$KPIC" fmt -w "$WORK/d/ugly.kpi"; st=$?
check "-w exits 0" [ $st -eq 0 ]
check "-w rewrites the file" cmp -s "$WORK/d/ugly.kpi" "$WORK/d/want.kpi"
check "-w keeps the permission bits" [ "$(stat -c %a "$WORK/d/ugly.kpi")" = 640 ]
check "-w leaves no temporary file" leftovers

# -w through a symbolic link rewrites the target and keeps the link.
fresh
ln -s ugly.kpi "$WORK/d/link.kpi"
"$KPIC" fmt -w "$WORK/d/link.kpi"
check "-w through a link keeps the link" [ -L "$WORK/d/link.kpi" ]
check "-w through a link rewrites the target" cmp -s "$WORK/d/ugly.kpi" "$WORK/d/want.kpi"

# A file with syntax errors is never rewritten.
fresh
"$KPIC" fmt -w "$WORK/d/broken.kpi" 2> "$WORK/err"; st=$?
check "syntax errors: exit 1" [ $st -eq 1 ]
check "syntax errors: file untouched" cmp -s "$WORK/d/broken.kpi" "$WORK/broken.orig"
check "syntax errors: reported with file:line:col" grep -q "broken.kpi:2:[0-9]*: error:" "$WORK/err"
"$KPIC" fmt "$WORK/d/broken.kpi" > "$WORK/out" 2>/dev/null; st=$?
check "syntax errors: nothing printed" [ $st -eq 1 ] && [ ! -s "$WORK/out" ]

# A write that fails half-way (file size limit) leaves the original intact.
fresh
# (Output goes through a pipe: under the limit kpic could not write a file either.)
{ (ulimit -f 0; trap '' XFSZ; exec "$KPIC" fmt -w "$WORK/d/ugly.kpi") 2>&1; echo "status=$?"; } | cat > "$WORK/err"
check "failed write: exit 2" grep -q "^status=2$" "$WORK/err"
check "failed write: original intact" cmp -s "$WORK/d/ugly.kpi" "$WORK/ugly.orig"
check "failed write: no temporary file" leftovers
check "failed write: clear error" grep -q "cannot write .*ugly.kpi.*left unchanged" "$WORK/err"

# A read-only folder (root may write anyway, so only as another user).
if [ "$(id -u)" != 0 ]; then
    fresh
    chmod 555 "$WORK/d"
    "$KPIC" fmt -w "$WORK/d/ugly.kpi" 2> "$WORK/err"; st=$?
    chmod 755 "$WORK/d"
    check "read-only folder: exit 2" [ $st -eq 2 ]
    check "read-only folder: original intact" cmp -s "$WORK/d/ugly.kpi" "$WORK/ugly.orig"
else
    echo "note: running as root, the read-only folder case is covered by the size-limit case"
fi

# A read-only file is refused (even for root), and stays as it was.
fresh
chmod 444 "$WORK/d/ugly.kpi"
"$KPIC" fmt -w "$WORK/d/ugly.kpi" 2> "$WORK/err"; st=$?
check "read-only file: exit 2" [ $st -eq 2 ]
check "read-only file: original intact" cmp -s "$WORK/d/ugly.kpi" "$WORK/ugly.orig"
check "read-only file: still read-only" [ "$(stat -c %a "$WORK/d/ugly.kpi")" = 444 ]
check "read-only file: says so" grep -q "ugly.kpi' is read-only, so it was not rewritten" "$WORK/err"
check "read-only file: no temporary file" leftovers
chmod 644 "$WORK/d/ugly.kpi"

# A file with two hard links is rewritten in place: both names see the new text.
fresh
ln "$WORK/d/ugly.kpi" "$WORK/hard.kpi"
"$KPIC" fmt -w "$WORK/d/ugly.kpi"; st=$?
check "hard link: exit 0" [ $st -eq 0 ]
check "hard link: rewritten" cmp -s "$WORK/d/ugly.kpi" "$WORK/d/want.kpi"
check "hard link: the other name sees it" cmp -s "$WORK/hard.kpi" "$WORK/d/want.kpi"
check "hard link: still one file" [ "$(stat -c %h "$WORK/d/ugly.kpi")" = 2 ]
check "hard link: no temporary file" leftovers
rm -f "$WORK/hard.kpi"

# --check names what would change and writes nothing.
fresh
"$KPIC" fmt --check "$WORK/d/ugly.kpi" "$WORK/d/clean.kpi" > "$WORK/out"; st=$?
check "--check exits 1 when a file would change" [ $st -eq 1 ]
check "--check names the unformatted file" grep -q "ugly.kpi" "$WORK/out"
check "--check does not name the formatted file" sh -c "! grep -q clean.kpi '$WORK/out'"
check "--check writes nothing" cmp -s "$WORK/d/ugly.kpi" "$WORK/ugly.orig"
"$KPIC" fmt --check "$WORK/d/clean.kpi" > "$WORK/out"; st=$?
check "--check exits 0 when formatted" [ $st -eq 0 ] && [ ! -s "$WORK/out" ]
"$KPIC" fmt -w --check "$WORK/d/clean.kpi" 2>/dev/null; st=$?
check "-w with --check is a usage error" [ $st -eq 2 ]

"$KPIC" fmt --format=json "$WORK/d/clean.kpi" > "$WORK/out" 2>/dev/null; st=$?
check "--format is refused (stdout is the formatted text)" [ $st -eq 2 ] && [ ! -s "$WORK/out" ]

# Standard input to standard output.
printf 'metric   a:EUR\n' | "$KPIC" fmt - > "$WORK/out"
check "stdin is formatted to stdout" [ "$(cat "$WORK/out")" = "metric a : EUR" ]

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
