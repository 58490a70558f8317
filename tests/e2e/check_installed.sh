#!/bin/sh
# check_installed.sh KPIC WORK_DIR
#
# What an installed kpic must do wherever it was installed, run from a copy
# of the bundled example in WORK_DIR (so no build or source tree is on any
# path kpic is given):
#   - check, build and run (JIT) the example, which imports the stdlib, and
#     print the report computed without kpic (expected/, compare_json.py);
#   - link a C program against a --shared evaluator with
#     $(pkg-config --cflags kpirt), as docs/install.md says: the library
#     carries the whole runtime, the program no copy of its own; it prints
#     the same report;
#   - carry kpic(1), a man page per command of `kpic --help`, and a bash
#     completion that completes the commands.
# Used by run_install.sh (cmake --install, then moved), run_install_layout.sh
# (an absolute CMAKE_INSTALL_LIBDIR) and CI's Debian package check (.ci/run).
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
example=$(cd "$here/../../examples/webshop" && pwd)
bindir=$(cd "$(dirname "$kpic")" && pwd)
prefix=$(dirname "$bindir")
kpic=$bindir/$(basename "$kpic")
rm -rf "$work"
mkdir -p "$work"
cp "$example/webshop.kpi" "$work/"
cp -R "$example/data" "$work/data"
cd "$work" || exit 1
fail=0
no() { echo "FAIL: $*"; fail=1; }
date=2025-10-05
expected=$example/expected/$date.json

# 0 and 1 (a goal needs attention) are reports
report() {
    out=$1
    shift
    "$@" >"$out" 2>"$out.err"
    rc=$?
    [ $rc -le 1 ] || { no "exit status $rc from: $*"; cat "$out.err"; }
}

"$kpic" check webshop.kpi || no "kpic check webshop.kpi"
"$kpic" build webshop.kpi -o webshop || no "kpic build webshop.kpi"
report built.json ./webshop --as-of $date --format json
python3 "$here/compare_json.py" "$expected" built.json || no "the installed kpic's evaluator differs from $expected"
report run.json "$kpic" run webshop.kpi --as-of $date --format json
cmp -s built.json run.json || no "kpic run and the built evaluator differ"

# pkg-config: a C program against the --shared evaluator and libkpirt
pcdir=
for d in "$prefix"/lib/pkgconfig "$prefix"/lib/*/pkgconfig "$prefix"/share/pkgconfig; do
    [ -f "$d/kpirt.pc" ] && pcdir=$d
done
if [ -z "$pcdir" ]; then
    no "no kpirt.pc under $prefix"
else
    mkdir -p lib
    "$kpic" build --shared webshop.kpi -o lib/libwebshop.so || no "kpic build --shared"
    cat >app.c <<'EOF'
/* a program of the user's: the shared evaluator through its header, the runtime through kpirt.h */
#include <kpirt.h>
#include "webshop.h"

int main(int argc, char **argv) {
    kpirt_options options = {.as_of = kpirt_day_from_ymd(2025, 10, 5)};
    kpirt_report report;
    int rc = kpirt_evaluate(webshop_program(), &options, &report);
    kpirt_report_free(&report);
    if (rc != 0) return 3;
    return webshop_evaluate(argc, argv);
}
EOF
    flags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags kpirt) || no "pkg-config --cflags kpirt"
    # shellcheck disable=SC2086 # the flags are words; $CC carries the sanitizers in an instrumented build
    ${CC:-cc} -o app app.c -Ilib -Llib -lwebshop $flags -Wl,-rpath,"$work/lib" ||
        no "cc app.c \$(pkg-config --cflags kpirt) against the --shared evaluator"
    # one runtime: the library's (a second copy in the program is what ASan calls an ODR violation)
    [ -x app ] && nm app | grep -q ' [TD] kpirt_' && no "the program carries a copy of the runtime"
    grep -q 'do not link libkpirt again' lib/webshop.h || no "webshop.h does not say how to link"
    [ -x app ] && report app.json ./app --as-of $date --format json
    [ -x app ] && { cmp -s built.json app.json || no "the program linked through pkg-config prints another report"; }
fi

# man pages, one per command, and the completion
man1=$prefix/share/man/man1
[ -f "$man1/kpic.1" ] || no "no kpic(1) in $man1"
for cmd in $("$kpic" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' | grep -v '^help$'); do
    [ -f "$man1/kpic-$cmd.1" ] || no "no man page kpic-$cmd(1) in $man1"
done
completion=$prefix/share/bash-completion/completions/kpic
if [ ! -f "$completion" ]; then
    no "no bash completion at $completion"
elif command -v bash >/dev/null 2>&1; then
    got=$(PATH=$bindir:$PATH bash -c '. "$1"; COMP_WORDS=(kpic bu); COMP_CWORD=1; _kpic; echo "${COMPREPLY[*]}"' sh "$completion")
    [ "$got" = build ] || no "the bash completion completes 'kpic bu' to '$got', not 'build'"
fi
[ $fail = 0 ] && echo "ok: $kpic builds, runs, links through pkg-config, has its man pages and completion"
exit $fail
