#!/bin/sh
# man_pages.sh KPIC MAN_DIR
#
# The man pages say what --help says (scripts/install/kpic-man.sh writes
# them from it at build time): there is kpic.1 and one kpic-COMMAND.1 per
# command of `kpic --help`, and no other; the text of each page, with its
# roff markup undone, is the help text the command prints today, usage line
# included; the NAME line carries the command's summary from `kpic --help`;
# and groff, when installed, renders each page without a warning.
set -u
kpic=$1
man=$2
fail=0
no() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the help text a page was made from: SYNOPSIS lines, a blank line, DESCRIPTION
from_page() {
    sed -n '/^\.SH SYNOPSIS/,/^\.SH SEE ALSO/p' "$1" |
        sed -e '/^\.SH SYNOPSIS/d' -e '/^\.SH SEE ALSO/d' -e '/^\.nf$/d' -e '/^\.fi$/d' \
            -e 's/^\.SH DESCRIPTION$//' -e 's/^\\&//' -e 's/\\-/-/g' -e 's/\\e/\\/g'
}
# the same from the command: the usage lines without "usage:" and indent
from_help() {
    sed -e '1,/^$/{s/^usage: //;s/^ *//;}'
}

"$kpic" --help >"$tmp/kpic-main.txt"
commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' "$tmp/kpic-main.txt" | grep -v '^help$')
[ -n "$commands" ] || no "no commands in kpic --help"
expected="kpic.1"
for cmd in $commands; do expected="$expected kpic-$cmd.1"; done
actual=$(cd "$man" && ls *.1 | sort | tr '\n' ' ')
[ "$(echo "$expected" | tr ' ' '\n' | sort | tr '\n' ' ')" = "$actual" ] ||
    no "the pages in $man are '$actual', the commands ask for '$expected'"

check_page() {
    page=$man/$1.1
    [ -f "$page" ] || { no "no $page"; return; }
    from_page "$page" >"$tmp/$1.page"
    from_help <"$2" >"$tmp/$1.help"
    if ! cmp -s "$tmp/$1.page" "$tmp/$1.help"; then
        no "$page says other than its --help:"
        diff "$tmp/$1.help" "$tmp/$1.page" | head -10
    fi
    if command -v groff >/dev/null 2>&1; then
        groff -man -Tutf8 -ww -z "$page" >"$tmp/$1.groff" 2>&1
        [ -s "$tmp/$1.groff" ] && { no "groff warns about $page:"; head -5 "$tmp/$1.groff"; }
    fi
}
check_page kpic "$tmp/kpic-main.txt"
for cmd in $commands; do
    "$kpic" help "$cmd" >"$tmp/$cmd.txt"
    check_page "kpic-$cmd" "$tmp/$cmd.txt"
    summary=$(sed -n "s/^  $cmd  *//p" "$tmp/kpic-main.txt")
    grep -qxF "kpic-$cmd \\- $(printf '%s' "$summary" | sed 's/-/\\-/g')" "$man/kpic-$cmd.1" ||
        no "the NAME line of kpic-$cmd.1 is not '$summary'"
done
[ $fail = 0 ] && echo "ok: the man pages are the --help texts"
exit $fail
