#!/usr/bin/env bash
# bench/run.sh: kpic's performance, measured against its peers in one run.
#
#     bench/run.sh [--rows N] [--runs N] [--build DIR] [--cpu N] [--skip-peers]
#                  [--only peers,check,startup,compressed,threads]
#     make bench [BENCH_FLAGS="--rows 1000000 --runs 3"]
#
# --build defaults to build-release/ (configured as a Release build when new).
#
# 1. The evaluator benchmark: on one generated export (bench/gen/gen_export,
#    default 10M rows, ~460 MB) it runs kpic's evaluator of
#    bench/spec/export.kpi (built portable, kpic's default, and with
#    -march=native), DuckDB (bench/peers/duckdb.mjs), mawk
#    (bench/peers/export.awk) and the floor (bench/floor/floor.c), checks
#    that all print the same numbers (money exact to the cent), then times
#    --runs rounds of all four, interleaved so that load from other processes
#    falls on every tool alike, and prints medians of wall time, CPU time,
#    throughput, peak memory and the ratios to DuckDB and to the floor.
# 2. `kpic check` on generated 1, 2, 5 and 10 MB specs (bench/gen/gen_spec):
#    MB/s, and the time per MB at each size, which stays flat when the check
#    is linear.
# 3. `kpic build` latency for examples/webshop, and the start-up of
#    `kpic run` against the built evaluator on the same data: from its cache
#    (in bench/out/cache; the first run fills it) and with --no-cache (JIT).
# 4. Compressed input: the export of 1. as .csv.gz (gzip -6) and .csv.zst
#    (zstd -3), the evaluator on each against `gzip -dc FILE >/dev/null` and
#    `zstd -dc FILE >/dev/null`, interleaved. This part runs on every core
#    (the evaluator decompresses on a second thread), the others on one.
# 5. Threads: on every core, interleaved, the evaluator on the export of 1.
#    with --threads 1 and --threads 2, the filter-first floor
#    (bench_floor --filter-first) on 1 and 2 threads, and DuckDB with its
#    default threads; all checked to give the same numbers first. With
#    BENCH_BASELINE_EVAL=EXE in the environment, EXE (an evaluator of
#    bench/spec/export.kpi linked with an older libkpirt) runs beside them
#    as eval-base, to show that one thread is no slower than before.
#
# --only runs some of the parts (by the names above: peers, check, startup,
# compressed, threads); the default is all five.
#
# Every tool runs pinned to one core (taskset --cpu, default 1) at nice -5
# when allowed. Inputs and results go to bench/out/ (git-ignored); the
# results table is also written to bench/out/results.md.
# docs/performance.md explains the numbers.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=10000000
runs=5
build="$root/build-release"
cpu=1
skip_peers=0
only=peers,check,startup,compressed,threads
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) rows=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        --cpu) cpu=$2; shift 2 ;;
        --skip-peers) skip_peers=1; shift ;;
        --only) only=$2; shift 2 ;;
        -h|--help) sed -n '2,45p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$build" in /*) ;; *) build="$PWD/$build" ;; esac
wants() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

out="$here/out"
mkdir -p "$out" "$out/spec" "$out/runs"
results="$out/results.md"

need() { command -v "$1" >/dev/null || { echo "run.sh: '$1' is needed: $2" >&2; exit 2; }; }
need python3 "install python3"
need taskset "install util-linux"
wants peers || skip_peers=1
if wants compressed; then
    need gzip "apt-get install gzip"
    need zstd "apt-get install zstd"
fi
if [ "$skip_peers" = 0 ] || wants threads; then
    need mawk "apt-get install mawk"
    need node "apt-get install nodejs npm"
    if [ ! -d "$here/peers/node_modules/@duckdb/node-api" ]; then
        echo "== installing DuckDB into bench/peers/node_modules (npm ci)"
        (cd "$here/peers" && npm ci --no-audit --no-fund --loglevel=error)
    fi
fi

# Pinning and priority: nice -5 needs root; without it run at normal priority.
runner=(taskset -c "$cpu")
every_core=(taskset -c "0-$(($(nproc) - 1))")
if nice -n -5 true 2>/dev/null; then
    runner=(nice -n -5 "${runner[@]}")
    every_core=(nice -n -5 "${every_core[@]}")
fi

echo "== building kpic, the runtime and the bench tools in $build"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target kpic kpirt_static bench_gen_export bench_gen_spec bench_floor >/dev/null
kpic="$build/kpic"

# ---- measuring ---------------------------------------------------------------------------
# measure NAME OUTFILE CMD...: runs CMD once with stdout to OUTFILE and appends
# "wall_ms cpu_ms peak_kb" to $out/runs/NAME (compare.py measure: wait4's
# rusage, so CPU time has microsecond resolution and includes the children
# CMD waits for, such as the linker under kpic build). Exit status 1 of an
# evaluator means "a goal needs attention" and is not a failure here.
measure() {
    local name=$1 outfile=$2; shift 2
    local wall cpu rss rc
    read -r wall cpu rss rc < <(python3 "$here/compare.py" measure "$outfile" "$out/runs/$name.stderr" \
                                "${runner[@]}" "$@")
    if [ -z "$rc" ] || [ "$rc" -gt 1 ] || [ "$rc" -lt 0 ]; then
        echo "run.sh: $name failed (exit $rc):" >&2; cat "$out/runs/$name.stderr" >&2; exit 1
    fi
    echo "$wall $cpu $rss" >>"$out/runs/$name"
}
median_of() { python3 "$here/compare.py" median $(awk -v c="$2" '{print $c}' "$out/runs/$1"); }

load_now() { cut -d' ' -f1-3 /proc/loadavg; }

# ---- the machine ---------------------------------------------------------------------------
{
    echo "# kpic benchmark results"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
    echo "- kernel: $(uname -sr); cc: $(cc --version | head -n1)"
    echo "- kpic: $("$kpic" --version 2>&1 | head -n1); build type: $(grep -m1 CMAKE_BUILD_TYPE: "$build/CMakeCache.txt" | cut -d= -f2)"
    echo "- pinned: ${runner[*]}; runs: $runs (medians)"
    echo "- load average (1, 5, 15 min) at start: $(load_now)"
} >"$results"
cat "$results"

# ---- 1. the evaluator against its peers -------------------------------------------------------
data="$out/export-$rows.csv"
if [ ! -f "$data" ]; then
    echo "== generating $data ($rows rows)"
    "$build/bench/gen/bench_gen_export" "$rows" "$data.tmp"
    mv "$data.tmp" "$data"
fi
bytes=$(stat -c %s "$data")
mb=$(python3 -c "print($bytes / 1e6)")

echo "== kpic build bench/spec/export.kpi (portable, and -march=native)"
"$kpic" build -w "$here/spec/export.kpi" -o "$out/export_eval"
"$kpic" build -w -march=native "$here/spec/export.kpi" -o "$out/export_eval_native"

if wants peers; then

rm -f "$out"/runs/*
tools=(evaluator evaluator-native floor)
[ "$skip_peers" = 0 ] && tools=(evaluator evaluator-native duckdb mawk floor)
run_tool() {   # run_tool TOOL OUTFILE
    case "$1" in
        evaluator|evaluator-native)
                   exe=$out/export_eval
                   [ "$1" = evaluator-native ] && exe=$out/export_eval_native
                   measure "$1" "$2.json" "$exe" --data "$data" --as-of 2026-09-30 --format json
                   python3 "$here/compare.py" rows "$2.json" >"$2" ;;
        duckdb)    measure duckdb "$2" node "$here/peers/duckdb.mjs" "$data" NL 1 ;;
        mawk)      measure mawk "$2" mawk -F, -v country=NL -f "$here/peers/export.awk" "$data" ;;
        floor)     measure floor "$2" "$build/bench/floor/bench_floor" "$data" NL ;;
    esac
}

echo "== checking that every tool gives the same numbers (and warming the page cache)"
for t in "${tools[@]}"; do run_tool "$t" "$out/$t.rows"; done
status=0
for t in "${tools[@]}"; do
    [ "$t" = floor ] && continue
    python3 "$here/compare.py" same "$out/floor.rows" "$out/$t.rows" || status=1
done
[ "$status" = 0 ] || { echo "run.sh: the tools disagree (see above)" >&2; exit 1; }
echo "   all agree: $(wc -l <"$out/floor.rows") months, e.g. $(head -n1 "$out/floor.rows")"
rm -f "$out"/runs/*

echo "== $runs rounds on $data ($mb MB, $rows rows), tools interleaved"
for ((i = 1; i <= runs; i++)); do
    for t in "${tools[@]}"; do run_tool "$t" "$out/$t.round.rows"; done
    echo "   round $i done (load $(load_now))"
done

least_of() { awk -v c="$2" 'NR == 1 || $c < m { m = $c } END { print m }' "$out/runs/$1"; }
table=$(for t in "${tools[@]}"; do
            echo "$t $(median_of "$t" 1) $(median_of "$t" 2) $(median_of "$t" 3) $(least_of "$t" 2)"
        done |
        python3 "$here/compare.py" tools-table "$mb" "$rows")
{
    echo
    echo "## Evaluator and peers: $rows rows, $mb MB (medians of $runs runs)"
    echo
    echo "$table"
} | tee -a "$results"
fi

# ---- 2. kpic check throughput -----------------------------------------------------------------
if wants check; then
# The specs' source is a small export next to them, so the check also reads its header.
head -n 3 "$data" >"$out/spec/export.csv"
check_rows=()
for size_mb in 1 2 5 10; do
    spec="$out/spec/big-${size_mb}mb.kpi"
    [ -f "$spec" ] || "$build/bench/gen/bench_gen_spec" $((size_mb * 1000000)) "$spec"
    "$kpic" check "$spec" >/dev/null 2>"$out/runs/check.stderr" || {
        echo "run.sh: kpic check failed on $spec:" >&2; head -n 20 "$out/runs/check.stderr" >&2; exit 1; }
    rm -f "$out/runs/check-$size_mb"
    for ((i = 1; i <= runs; i++)); do measure "check-$size_mb" /dev/null "$kpic" check "$spec"; done
    check_rows+=("$size_mb $(stat -c %s "$spec") $(median_of "check-$size_mb" 1) $(median_of "check-$size_mb" 2) $(median_of "check-$size_mb" 3)")
done
check_table=$(printf '%s\n' "${check_rows[@]}" | python3 "$here/compare.py" check-table)
{
    echo
    echo "## kpic check (medians of $runs runs)"
    echo
    echo "$check_table"
} | tee -a "$results"
fi

# ---- 3. kpic build latency and kpic run start-up ------------------------------------------------
if wants startup; then
web="$root/examples/webshop"
rm -f "$out"/runs/build "$out"/runs/run "$out"/runs/run-jit "$out"/runs/exe
export XDG_CACHE_HOME="$out/cache"
"$kpic" build -w "$web/webshop.kpi" -o "$out/webshop_eval"
"$kpic" run -w "$web/webshop.kpi" --as-of 2025-06-30 --format json >/dev/null || [ $? = 1 ]
for ((i = 1; i <= runs; i++)); do
    measure build /dev/null "$kpic" build -w "$web/webshop.kpi" -o "$out/webshop_eval"
    measure run /dev/null "$kpic" run -w "$web/webshop.kpi" --as-of 2025-06-30 --format json
    measure run-jit /dev/null "$kpic" run --no-cache -w "$web/webshop.kpi" --as-of 2025-06-30 --format json
    measure exe /dev/null "$out/webshop_eval" --as-of 2025-06-30 --format json
done
{
    echo
    echo "## kpic build and kpic run on examples/webshop (medians of $runs runs)"
    echo
    echo "| command | wall ms | CPU ms | peak MB |"
    echo "|---|---:|---:|---:|"
    for c in build run run-jit exe; do
        case $c in
            build) label='kpic build webshop.kpi -o webshop (check, LLVM -O2, link)' ;;
            run) label='kpic run webshop.kpi (check, cached evaluator, evaluate)' ;;
            run-jit) label='kpic run --no-cache webshop.kpi (check, JIT, evaluate)' ;;
            exe) label='./webshop (the built evaluator, same data)' ;;
        esac
        echo "| $label | $(median_of "$c" 1) | $(median_of "$c" 2) | $(python3 -c "print(f'{$(median_of "$c" 3) / 1024:.1f}')") |"
    done
    echo
    echo "kpic run start-up (minus the built evaluator): from the cache $(python3 -c "print(round($(median_of run 1) - $(median_of exe 1), 1))") ms wall, $(python3 -c "print(round($(median_of run 2) - $(median_of exe 2), 1))") ms CPU; --no-cache (JIT) $(python3 -c "print(round($(median_of run-jit 1) - $(median_of exe 1), 1))") ms wall, $(python3 -c "print(round($(median_of run-jit 2) - $(median_of exe 2), 1))") ms CPU"
} | tee -a "$results"
fi

# ---- 4. compressed input --------------------------------------------------------------------
if wants compressed; then
gz="$data.gz"
zst="$data.zst"
if [ ! -f "$gz" ]; then
    echo "== compressing $data with gzip -6"
    gzip -6 -c "$data" >"$gz.tmp" && mv "$gz.tmp" "$gz"
fi
if [ ! -f "$zst" ]; then
    echo "== compressing $data with zstd -3"
    zstd -q -3 -c "$data" >"$zst.tmp" && mv "$zst.tmp" "$zst"
fi
saved=("${runner[@]}")
runner=("${every_core[@]}")
rm -f "$out"/runs/gunzip "$out"/runs/eval-gz "$out"/runs/unzstd "$out"/runs/eval-zst "$out"/runs/eval-plain
echo "== checking that the evaluator reads both as the plain file (and warming the page cache)"
measure eval-plain "$out/plain.json" "$out/export_eval" --data "$data" --as-of 2026-09-30 --format json
for f in gz zst; do
    file=$gz
    [ $f = zst ] && file=$zst
    measure "eval-$f" "$out/$f.json" "$out/export_eval" --data "$file" --as-of 2026-09-30 --format json
    cmp -s "$out/plain.json" "$out/$f.json" || { echo "run.sh: the report on $file differs from the plain one" >&2; exit 1; }
done
rm -f "$out"/runs/eval-*
echo "== $runs rounds: gzip -dc, the evaluator on .gz, zstd -dc, the evaluator on .zst, the evaluator on .csv"
for ((i = 1; i <= runs; i++)); do
    measure gunzip /dev/null gzip -dc "$gz"
    measure eval-gz "$out/gz.json" "$out/export_eval" --data "$gz" --as-of 2026-09-30 --format json
    measure unzstd /dev/null zstd -dc "$zst"
    measure eval-zst "$out/zst.json" "$out/export_eval" --data "$zst" --as-of 2026-09-30 --format json
    measure eval-plain "$out/plain.json" "$out/export_eval" --data "$data" --as-of 2026-09-30 --format json
    echo "   round $i done (load $(load_now))"
done
runner=("${saved[@]}")
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
{
    echo
    echo "## Compressed input: $rows rows (medians of $runs runs, on ${every_core[*]})"
    echo
    echo "$(basename "$gz"): $(stat -c %s "$gz") bytes; $(basename "$zst"): $(stat -c %s "$zst") bytes"
    echo
    echo "| command | wall ms | CPU ms | peak MB | wall / decompressor | CPU / decompressor |"
    echo "|---|---:|---:|---:|---:|---:|"
    for c in gunzip eval-gz unzstd eval-zst eval-plain; do
        case $c in
            gunzip) label='gzip -dc FILE.gz >/dev/null'; ref=gunzip ;;
            eval-gz) label='evaluator --data FILE.gz'; ref=gunzip ;;
            unzstd) label='zstd -dc FILE.zst >/dev/null'; ref=unzstd ;;
            eval-zst) label='evaluator --data FILE.zst'; ref=unzstd ;;
            eval-plain) label='evaluator --data FILE (plain, for comparison)'; ref=eval-plain ;;
        esac
        echo "| $label | $(median_of "$c" 1) | $(median_of "$c" 2) | $(python3 -c "print(f'{$(median_of "$c" 3) / 1024:.1f}')") | $(ratio "$(median_of "$c" 1)" "$(median_of "$ref" 1)") | $(ratio "$(median_of "$c" 2)" "$(median_of "$ref" 2)") |"
    done
} | tee -a "$results"
fi

# ---- 5. threads --------------------------------------------------------------------------------
if wants threads; then
saved=("${runner[@]}")
runner=("${every_core[@]}")
par_tools=(eval-t1 eval-t2 floor-t1 floor-t2 duckdb-default)
[ -n "${BENCH_BASELINE_EVAL:-}" ] && par_tools=(eval-base "${par_tools[@]}")
run_par() {   # run_par TOOL OUTFILE
    case "$1" in
        eval-t*)  measure "$1" "$2.json" "$out/export_eval" --threads "${1#eval-t}" --data "$data" \
                          --as-of 2026-09-30 --format json
                  python3 "$here/compare.py" rows "$2.json" >"$2" ;;
        eval-base) measure "$1" "$2.json" "$BENCH_BASELINE_EVAL" --data "$data" --as-of 2026-09-30 --format json
                  python3 "$here/compare.py" rows "$2.json" >"$2" ;;
        floor-t*) measure "$1" "$2" "$build/bench/floor/bench_floor" --filter-first "${1#floor-t}" "$data" NL ;;
        duckdb-default) measure "$1" "$2" node "$here/peers/duckdb.mjs" "$data" NL default ;;
    esac
}
rm -f "$out"/runs/eval-t* "$out"/runs/eval-base "$out"/runs/floor-t* "$out"/runs/duckdb-default
echo "== checking that the threaded tools agree with the floor (and warming the page cache)"
"$build/bench/floor/bench_floor" "$data" NL >"$out/floor-every.rows" 2>/dev/null
for t in "${par_tools[@]}"; do
    run_par "$t" "$out/$t.rows"
    python3 "$here/compare.py" same "$out/floor-every.rows" "$out/$t.rows" ||
        { echo "run.sh: $t disagrees (see above)" >&2; exit 1; }
done
rm -f "$out"/runs/eval-t* "$out"/runs/eval-base "$out"/runs/floor-t* "$out"/runs/duckdb-default
echo "== $runs rounds on every core: ${par_tools[*]}"
for ((i = 1; i <= runs; i++)); do
    for t in "${par_tools[@]}"; do run_par "$t" "$out/$t.round.rows"; done
    echo "   round $i done (load $(load_now))"
done
runner=("${saved[@]}")
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
{
    echo
    echo "## Threads: $rows rows, $mb MB (medians of $runs runs, on ${every_core[*]})"
    echo
    echo "| command | wall ms | CPU ms | peak MB | wall / floor, same threads | CPU / floor, same threads | DuckDB wall / this wall |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for c in "${par_tools[@]}"; do
        case $c in
            eval-base) label='evaluator before threads (BENCH_BASELINE_EVAL)'; ref=floor-t1 ;;
            eval-t1) label='evaluator --threads 1'; ref=floor-t1 ;;
            eval-t2) label='evaluator --threads 2'; ref=floor-t2 ;;
            floor-t1) label='bench_floor --filter-first 1'; ref=floor-t1 ;;
            floor-t2) label='bench_floor --filter-first 2'; ref=floor-t2 ;;
            duckdb-default) label='DuckDB, default threads'; ref=floor-t2 ;;
        esac
        echo "| $label | $(median_of "$c" 1) | $(median_of "$c" 2) | $(python3 -c "print(f'{$(median_of "$c" 3) / 1024:.1f}')") | $(ratio "$(median_of "$c" 1)" "$(median_of "$ref" 1)") | $(ratio "$(median_of "$c" 2)" "$(median_of "$ref" 2)") | $(ratio "$(median_of duckdb-default 1)" "$(median_of "$c" 1)") |"
    done
} | tee -a "$results"
fi

{
    echo
    echo "- load average at the end: $(load_now)"
} | tee -a "$results"
echo
echo "results: $results"
