#!/bin/sh
# check-format.sh [--count] [--base REV | FILE...]: the C sources follow .clang-format.
#
# Without arguments it checks every tracked .c and .h file (the planted
# fixtures of tests/layers aside) and prints the ones clang-format would
# change, exiting 1 when there is any. --base REV checks only the .c and .h
# files that changed since REV (committed or not), so a branch can be checked
# against main. --count prints instead how many lines a reformat would change
# (how .clang-format was chosen: docs/style.md). Exit 2: no clang-format, or
# REV unknown. Uses $CLANG_FORMAT, else clang-format-14 or clang-format.
#
# The whole tree is formatted with:
#   git ls-files '*.c' '*.h' | grep -v '^tests/layers/planted/' | xargs clang-format-14 -i --style=file
set -u
cd "$(dirname "$0")/.." || exit 2
tool=${CLANG_FORMAT:-}
if [ -z "$tool" ]; then
    for t in clang-format-14 clang-format; do
        command -v "$t" >/dev/null 2>&1 && { tool=$t; break; }
    done
fi
[ -n "$tool" ] || { echo "check-format.sh: clang-format not found (apt-get install clang-format-14)" >&2; exit 2; }
count=false
base=
while [ $# -gt 0 ]; do
    case $1 in
    --count) count=true; shift ;;
    --base) [ $# -ge 2 ] || { echo "check-format.sh: --base needs a revision" >&2; exit 2; }
            base=$2; shift 2 ;;
    --base=*) base=${1#--base=}; shift ;;
    -h|--help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) echo "check-format.sh: unknown option '$1'" >&2; exit 2 ;;
    *) break ;;
    esac
done
if [ -n "$base" ]; then
    [ $# -eq 0 ] || { echo "check-format.sh: --base takes no file names" >&2; exit 2; }
    git rev-parse --verify -q "$base^{commit}" >/dev/null || { echo "check-format.sh: unknown revision '$base'" >&2; exit 2; }
    files=$(git diff --name-only --diff-filter=ACMR "$base" -- '*.c' '*.h' | grep -v '^tests/layers/planted/')
elif [ $# -gt 0 ]; then
    files=$*
else
    files=$(git ls-files '*.c' '*.h' | grep -v '^tests/layers/planted/')
fi
bad=0
lines=0
for f in $files; do
    n=$("$tool" --style=file "$f" | diff "$f" - | grep -c '^<')
    if [ "$n" -gt 0 ]; then
        lines=$((lines + n))
        bad=$((bad + 1))
        $count || echo "$f: $n lines differ from .clang-format (run: $tool -i --style=file $f)"
    fi
done
if $count; then
    echo "$lines lines in $bad files would change"
    exit 0
fi
[ $bad -eq 0 ]
