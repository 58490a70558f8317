#!/bin/sh
# run_cache.sh KPIC WORK_DIR
#
# `kpic run`'s cache of compiled evaluators (docs/cli.md): the first run
# compiles into $XDG_CACHE_HOME/kpic, the second is a hit (--verbose says
# which), both print the built evaluator's bytes. A changed import, another
# option or --no-cache miss or bypass it; a damaged or truncated entry is
# compiled again, never loaded; concurrent first runs all succeed and leave
# one whole entry and no temporary files; without XDG_CACHE_HOME the cache
# is ~/.cache/kpic, and a folder others can write is not used.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
asof=2025-10-05
rm -rf "$work"
mkdir -p "$work/spec" "$work/lib"
fail=0
export XDG_CACHE_HOME="$work/xdg"
cache="$XDG_CACHE_HOME/kpic"

# a spec that imports a module of its own, beside the example's data
cp -R "$here/../../examples/webshop/data" "$work/spec/"
sed 's|^import std.finance.*|import std.finance\nimport local|' "$here/../../examples/webshop/webshop.kpi" >"$work/spec/goals.kpi"
printf 'metric refunds : count from "orders"\n' >"$work/lib/local.kpi"
spec="$work/spec/goals.kpi"

"$kpic" build -I "$work/lib" "$spec" -o "$work/goals" || { echo "FAIL: kpic build"; exit 1; }
"$work/goals" --as-of $asof --format json >"$work/built.json"

run() {  # run EXPECT OUT [kpic options...]: kpic run -v; stderr must contain EXPECT
    expect=$1 out=$2
    shift 2
    "$kpic" run -v -I "$work/lib" "$@" "$spec" --as-of $asof --format json >"$work/$out" 2>"$work/$out.err"
    rc=$?
    [ $rc -le 1 ] || { echo "FAIL: kpic run $* exited with $rc"; cat "$work/$out.err"; fail=1; }
    grep -q -- "$expect" "$work/$out.err" ||
        { echo "FAIL: kpic run $* did not say '$expect':"; cat "$work/$out.err"; fail=1; }
    cmp -s "$work/built.json" "$work/$out" ||
        { echo "FAIL: kpic run $* differs from the built evaluator"; diff "$work/built.json" "$work/$out" | head; fail=1; }
}

run "kpic run: compiled into the cache: $cache/" first.json
[ "$(ls "$cache" | grep -c '\.so$')" = 1 ] || { echo "FAIL: not one entry in $cache:"; ls -la "$cache"; fail=1; }
run "kpic run: cache hit: $cache/" second.json
entry=$(ls "$cache"/*.so | head -n 1)

# the cache folder is the user's alone
perm=$(stat -c %a "$cache")
[ "$perm" = 700 ] || { echo "FAIL: $cache has mode $perm, expected 700"; fail=1; }

# a changed import, another optimisation level: misses, then hits
printf 'metric refunds : count from "orders"   # changed\n' >"$work/lib/local.kpi"
run "cache miss" import.json
run "cache hit" import2.json
run "cache miss" o1.json -O1
run "cache hit" o1b.json -O1

# --no-cache compiles in memory and writes nothing
before=$(ls "$cache" | wc -l)
run "--no-cache: compiled in memory (JIT)" jit.json --no-cache
[ "$(ls "$cache" | wc -l)" = "$before" ] || { echo "FAIL: --no-cache wrote to the cache"; fail=1; }

# a damaged entry (one byte changed) and a truncated one are compiled again, not loaded
printf 'metric refunds : count from "orders"\n' >"$work/lib/local.kpi"
printf 'X' | dd of="$entry" bs=1 seek=2000 conv=notrunc 2>/dev/null
run "is damaged (its checksum does not match); compiling again" damaged.json
run "cache hit" repaired.json
head -c 1000 "$entry" >"$entry.cut" && mv "$entry.cut" "$entry"
run "is damaged" truncated.json
run "cache hit" repaired2.json

# concurrent first runs: all succeed, one whole entry, no temporary files left
rm -rf "$cache"
for i in 1 2 3 4; do
    "$kpic" run -I "$work/lib" "$spec" --as-of $asof --format json >"$work/par$i.json" 2>"$work/par$i.err" &
done
wait
for i in 1 2 3 4; do
    cmp -s "$work/built.json" "$work/par$i.json" ||
        { echo "FAIL: concurrent run $i differs:"; cat "$work/par$i.err"; fail=1; }
done
ls "$cache" | grep -q '^tmp-' && { echo "FAIL: temporary files left in the cache:"; ls "$cache"; fail=1; }
run "cache hit" after-parallel.json

# without XDG_CACHE_HOME: ~/.cache/kpic
mkdir -p "$work/home"
HOME="$work/home" XDG_CACHE_HOME= "$kpic" run -v -I "$work/lib" "$spec" --as-of $asof --format json \
    >/dev/null 2>"$work/home.err"
grep -q "compiled into the cache: $work/home/.cache/kpic/" "$work/home.err" ||
    { echo "FAIL: without XDG_CACHE_HOME the cache is not ~/.cache/kpic:"; cat "$work/home.err"; fail=1; }

# a cache folder that others can write is not used (its files would be run)
chmod 777 "$cache"
run "is not a folder of this user that only this user can write" unsafe.json
chmod 700 "$cache"

[ $fail -eq 0 ] && echo "kpic run's cache: all checks passed"
exit $fail
