#!/bin/sh
# run_install.sh BUILD_DIR WORK_DIR
#
# `cmake --install` to a fresh prefix, which is then moved elsewhere: the
# installed kpic must find its back end, runtime and stdlib relative to
# itself (docs/install.md) and pass check_installed.sh there. The moved
# stdlib is then given a metric the source tree's lacks, which a spec must
# see: an installed kpic reads its own stdlib before any build tree's.
set -u
build=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 ||
    { echo "FAIL: cmake --install"; cat "$work/install.log"; exit 1; }
mv "$work/prefix" "$work/moved"
sh "$here/check_installed.sh" "$work/moved/bin/kpic" "$work/check" || exit 1

std=$work/moved/share/kpic/stdlib/std/web.kpi
[ -f "$std" ] || { echo "FAIL: no stdlib at $std"; exit 1; }
printf '\nmetric installed_marker "Installed" : count\n' >>"$std"
printf 'import std.web (installed_marker)\n' >"$work/marker.kpi"
"$work/moved/bin/kpic" check "$work/marker.kpi" >"$work/marker.out" 2>&1 ||
    { echo "FAIL: the installed kpic did not read its own stdlib"; cat "$work/marker.out"; exit 1; }
echo "ok: installed kpic works after moving the prefix, with its own stdlib"
