#!/bin/sh
# run.sh: runs fuzz targets from a KPI_FUZZ build for a given time each, one
# after the other, starting from the seed corpora (seeds.py) plus whatever an
# earlier run added to BUILD/fuzz/corpus/<target>. Crashes are written to
# BUILD/fuzz/crashes/<target>/ and make the script fail. docs/hardening.md.
#
# usage: run.sh BUILD_DIR SECONDS [TARGET...]    (targets: front csv lsp fmt report sql exports)
set -eu
build=$(cd "$1" && pwd)
seconds=$2
shift 2
[ $# -gt 0 ] || set -- front csv lsp fmt report sql exports
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seeds="$build/fuzz/seeds.$$"   # per run: runs may overlap
trap 'rm -rf "$seeds"' EXIT
python3 "$here/seeds.py" "$root" "$seeds"
status=0
for t in "$@"; do
    exe="$build/fuzz/fuzz_$t"
    [ -x "$exe" ] || { echo "run.sh: $exe is not built (configure with CC=clang -DKPI_FUZZ=ON)" >&2; exit 2; }
    corpus="$build/fuzz/corpus/$t"
    crashes="$build/fuzz/crashes/$t"
    work="$build/fuzz/scratch/$t"   # imports resolve here: keep it empty
    mkdir -p "$corpus" "$crashes" "$work"
    echo "== fuzz_$t for ${seconds}s"
    # ASan/UBSan abort on the first error; LeakSanitizer checks every input.
    # Slowness is a finding too: every target is linear in its input (at most
    # 64 KiB), so an input that takes 2 s, a process above 512 MB, or one
    # allocation above 256 MB is saved as a timeout-/oom- artifact and fails
    # the run (docs/hardening.md, "Cost in the size of the input").
    if ! (cd "$work" && ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
          "$exe" -max_total_time="$seconds" -timeout=2 -rss_limit_mb=512 \
                 -malloc_limit_mb=256 -max_len=65536 \
                 -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$seeds/$t"); then
        echo "run.sh: fuzz_$t found a problem; the input is in $crashes" >&2
        status=1
    fi
done
exit $status
