#!/bin/sh
# kpic-man.sh KPIC OUT_DIR
#
# Writes the man pages kpic(1) and kpic-COMMAND(1), one per command, from the
# texts `kpic --help` and `kpic help COMMAND` print, so a man page cannot say
# anything --help does not (tests/doc/man_pages.sh checks that they
# agree). The text keeps its --help layout: no-fill mode, with roff's
# special characters escaped.
set -eu
kpic=$1
out=$2
mkdir -p "$out"
version=$("$kpic" --version | sed -n '1s/^kpic //p')

# the body of a page: escape backslashes and minus signs, protect a leading
# dot or quote, then print it as it is
roff_text() {
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

# page NAME SUMMARY HELP_FILE: one page from a help text (usage line first)
page() {
    upper=$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')
    {
        printf '.TH %s 1 "" "kpic %s" "kpic manual"\n' "$upper" "$version"
        printf '.SH NAME\n%s \\- %s\n' "$1" "$(printf '%s' "$2" | roff_text)"
        printf '.SH SYNOPSIS\n.nf\n'
        sed -n '1,/^$/{/^$/d;s/^usage: //;s/^ *//;p;}' "$3" | roff_text
        printf '.fi\n.SH DESCRIPTION\n.nf\n'
        sed '1,/^$/d' "$3" | roff_text
        printf '.fi\n.SH SEE ALSO\n'
        if [ "$1" = kpic ]; then
            sed -n 's/^\([a-z-]*\)$/.BR \1 (1)/p' "$out/.commands" | sed '$!s/$/ ,/'
        else
            printf '.BR kpic (1)\n'
        fi
    } >"$out/$1.1"
}

"$kpic" --help >"$out/.kpic.help"
# the commands: the lines of the Commands: section, without `help`
sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\)  *\(.*\)$/\1	\2/p' "$out/.kpic.help" |
    grep -v '^help	' >"$out/.summaries"
cut -f1 "$out/.summaries" | sed 's/^/kpic-/' >"$out/.commands"
page kpic "check and compile KPI goals" "$out/.kpic.help"
while IFS='	' read -r name summary; do
    "$kpic" help "$name" >"$out/.help"
    page "kpic-$name" "$summary" "$out/.help"
done <"$out/.summaries"
rm -f "$out/.kpic.help" "$out/.help" "$out/.summaries" "$out/.commands"
