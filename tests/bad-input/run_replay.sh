#!/bin/sh
# run_replay.sh: replays a fuzz target's saved findings (fuzz/regressions/
# TARGET/) and its seed corpus (fuzz/seeds.py) through a build of the target
# with a plain main; a crash, a sanitizer report or a broken formatter
# promise fails the test.
#
# usage: run_replay.sh REPLAY_EXE TARGET SOURCE_ROOT WORK_DIR
set -eu
exe=$1
target=$2
root=$3
work=$4
rm -rf "$work"
mkdir -p "$work/run"
python3 "$root/fuzz/seeds.py" "$root" "$work/seeds"
set -- "$work/seeds/$target"
[ -d "$root/fuzz/regressions/$target" ] && set -- "$root/fuzz/regressions/$target" "$@"
# imports in the inputs resolve against the working directory: keep it empty
cd "$work/run"
"$exe" "$@"
