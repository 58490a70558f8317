#!/bin/sh
# Installs the Debian/Ubuntu packages kpic needs to build and test, when any
# are missing. Runs apt-get directly as root, through sudo otherwise.
set -eu

# postgresql-15: the warehouse tests run kpic's SQL on a private cluster (tests/warehouse).
# libpq-dev: libpq-fe.h, for the evaluator's --engine (runtime/src/engine.c loads libpq5 with dlopen).
# llvm-19-dev: CI's second stage, make test-llvm19 (docs/codegen.md).
# git: kpic diff --git and the diff driver test run git in a repository they create (tests/diff).
# clang-format-14: scripts/check-format.sh, the one C style (docs/style.md).
PACKAGES="build-essential cmake flex bison llvm-dev libcmocka-dev libcjson-dev \
zlib1g-dev libzstd-dev zstd libtinfo-dev libxml2-dev libffi-dev python3 chromium neovim valgrind \
lld pkgconf postgresql-15 libpq-dev llvm-19-dev git clang-format-14"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# npm ships inside some nodejs packages and separately in Debian: ask for the command.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "kpic setup: missing packages:$missing" >&2
    echo "kpic setup: run this script as root or install sudo" >&2
    exit 2
fi
echo "kpic setup: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
