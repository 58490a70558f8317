#!/bin/sh
# run_nvim.sh KPIC EDITORS_VIM: a real LSP client, headless Neovim, opens a
# .kpi file with an error through editors/vim and reports the diagnostics it
# received from `kpic lsp` (nvim_client.lua). Skipped, with a message, when
# nvim is not installed (scripts/install-deps.sh installs it).
set -u
# Absolute paths: the session runs in a scratch folder.
KPIC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
EDITORS_VIM=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v nvim >/dev/null 2>&1; then
    echo "SKIP: nvim is not installed (apt-get install neovim); the Neovim client test did not run"
    exit 0
fi
WORK=${TMPDIR:-/tmp}/kpi-nvim.$$
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT INT TERM
printf 'metric revenue : EUR\nmetric profit : EUR = revenue - costs\n' > "$WORK/doc.kpi"

cd "$WORK"
PATH="$(dirname "$KPIC"):$PATH" KPI_NVIM_OUT="$WORK/out" KPI_KPIC="$KPIC" KPI_EDITORS_VIM="$EDITORS_VIM" HOME="$WORK" XDG_STATE_HOME="$WORK" \
    timeout 60 nvim --headless --clean -u "$HERE/nvim_client.lua" "$WORK/doc.kpi" > "$WORK/nvim.log" 2>&1
status=$?
passed=0 failed=0
check() {
    name=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; failed=$((failed + 1)); fi
}
check "nvim exited normally (status $status)" [ $status -eq 0 ]
check "nvim wrote its report" [ -s "$WORK/out" ]
echo "--- what Neovim received:"; cat "$WORK/out" 2>/dev/null; echo "---"
check "the file type is kpi" grep -q "^filetype:kpi$" "$WORK/out"
# line 1 (0-based), column 32: 'costs', an unknown metric, as `kpic check` reports it
check "the N001 diagnostic arrived with its range" grep -q "^1:32:1:N001:unknown metric 'costs'" "$WORK/out"
check "it is the only diagnostic" [ "$(grep -c '^[0-9]' "$WORK/out")" -eq 1 ]
check "hover answered through the client" grep -q "^hover:.*revenue.*EUR" "$WORK/out"
check ":make put kpic check's error in the quickfix list" grep -q "^make:2:33:e:unknown metric 'costs' \[N001\]" "$WORK/out"
check "the syntax file highlights keywords" grep -q "^syntax:kpiDeclaration$" "$WORK/out"
[ $failed -eq 0 ] || { echo "--- nvim log:"; cat "$WORK/nvim.log"; }
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
