#!/bin/sh
# check_format_test.sh ROOT: scripts/check-format.sh finds what differs from
# ROOT's .clang-format, over the whole tree and, with --base, only in the files
# changed since a revision. Runs in a scratch git repository.
set -eu
root=$1
CLANG_FORMAT=${CLANG_FORMAT:-clang-format-14}
export CLANG_FORMAT
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/scripts" "$work/src"
cp "$root/scripts/check-format.sh" "$work/scripts/"
cp "$root/.clang-format" "$work/"
cd "$work"
git init -q
printf 'int good(int x) {\n    return x + 1;\n}\n' > src/good.c
printf 'int old_bad( int x ){return x+1;}\n' > src/old_bad.c
git add -A
git -c user.name=t -c user.email=t@t commit -q -m base

# The whole tree: the old file is named, the formatted one is not.
if out=$(sh scripts/check-format.sh); then fail "a misformatted file passed"; fi
echo "$out" | grep -q '^src/old_bad.c: ' || fail "old_bad.c not named: $out"
echo "$out" | grep -q 'good.c' && fail "good.c named: $out"

# Nothing changed since HEAD: --base passes though the tree has an old misformatted file.
sh scripts/check-format.sh --base HEAD || fail "--base HEAD failed with no change"

# A change since HEAD that is misformatted: only it is named.
printf 'int good(int x) {\n    return x+2;\n}\n' > src/good.c
printf 'int fresh(void){return 0;}\n' > src/fresh.c
git add src/fresh.c
if out=$(sh scripts/check-format.sh --base HEAD); then fail "--base passed a misformatted change"; fi
echo "$out" | grep -q '^src/good.c: ' || fail "changed good.c not named: $out"
echo "$out" | grep -q '^src/fresh.c: ' || fail "new fresh.c not named: $out"
echo "$out" | grep -q 'old_bad.c' && fail "--base named an unchanged file: $out"

# Formatted again, the change passes.
"$CLANG_FORMAT" -i --style=file src/good.c src/fresh.c
sh scripts/check-format.sh --base HEAD || fail "--base failed after formatting"

# --count and usage errors.
sh scripts/check-format.sh --count | grep -q '^1 lines in 1 files would change$' || fail "--count"
set +e
sh scripts/check-format.sh --base no-such-rev 2>/dev/null; [ $? -eq 2 ] || fail "unknown revision is not exit 2"
sh scripts/check-format.sh --bogus 2>/dev/null; [ $? -eq 2 ] || fail "unknown option is not exit 2"
echo "ok"
