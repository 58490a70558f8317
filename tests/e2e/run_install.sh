#!/bin/sh
# run_install.sh BUILD_DIR WORK_DIR
#
# `cmake --install` to a fresh prefix, then the installed kpic builds the
# seed example: it must find its runtime (and the stdlib) relative to itself,
# with the build tree out of the way, and print the same report as the
# build tree's kpic.
set -u
build=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
spec=$(cd "$here/../../examples/webshop" && pwd)/webshop.kpi
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 ||
    { echo "FAIL: cmake --install"; cat "$work/install.log"; exit 1; }
"$work/prefix/bin/kpic" build "$spec" -o "$work/installed" || { echo "FAIL: installed kpic build"; exit 1; }
"$build/kpic" build "$spec" -o "$work/from-build-tree" || { echo "FAIL: build-tree kpic build"; exit 1; }
"$work/installed" --as-of 2025-10-05 --format json >"$work/installed.json"
"$work/from-build-tree" --as-of 2025-10-05 --format json >"$work/build.json"
cmp -s "$work/installed.json" "$work/build.json" || { echo "FAIL: installed kpic's evaluator differs"; exit 1; }
"$work/prefix/bin/kpic" run "$spec" --as-of 2025-10-05 --format json >"$work/installed-run.json"
cmp -s "$work/installed-run.json" "$work/build.json" || { echo "FAIL: installed kpic run differs"; exit 1; }
echo "ok: installed kpic builds and runs"
