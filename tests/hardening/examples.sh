# examples.sh: sourced by run_sanitized.sh and run_valgrind.sh. Lists the
# examples to run: "SPEC AS_OF" per line, one date per example (the last of
# its expected/<as-of>.json reports), skipping examples whose data are not
# available (sales-team reads the shared superstore export).
# usage: kpi_examples ROOT
kpi_examples() {
    for dir in "$1"/examples/*/; do
        dir=${dir%/}
        name=$(basename "$dir")
        spec="$dir/$name.kpi"
        [ -f "$spec" ] || spec=$(ls "$dir"/*.kpi 2>/dev/null | head -n 1)
        [ -n "$spec" ] && [ -f "$spec" ] || continue
        last=$(ls "$dir"/expected/*.json 2>/dev/null | tail -n 1)
        [ -n "$last" ] || continue
        case $name in sales-team) [ -f "${KPI_SHARED_DATA:-/nonexistent}/superstore.csv" ] || continue ;; esac
        echo "$spec $(basename "$last" .json)"
    done
}
