#!/bin/sh
# cli.sh: the kpic driver's contract, end to end: exit statuses, the exact
# wording of usage and I/O errors, did-you-mean suggestions, output formats,
# colour decisions, standard input, and `kpic explain`.
#
#   sh tests/check/cli.sh KPIC DIAG_CODES_DEF
#
# Every check prints what it expected and what it got when it fails; the
# script exits 1 if any check failed.
set -u
abspath() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
KPIC=$(abspath "$1")
CODES_DEF=$(abspath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kpic-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
failures=0

# run ARGS...: runs kpic with stdout in $out, stderr in $err, status in $rc.
run() {
    "$KPIC" "$@" >out.txt 2>err.txt
    rc=$?
    out=$(cat out.txt)
    err=$(cat err.txt)
}

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

expect_rc() {
    [ "$rc" = "$1" ] || fail "'kpic $2' exited with $rc, expected $1 (stderr: $err)"
}

expect_in() {   # expect_in WHAT HAYSTACK NEEDLE
    case $2 in
        *"$3"*) ;;
        *) fail "$1 does not contain '$3'; it is: $2" ;;
    esac
}

expect_not_in() {
    case $2 in
        *"$3"*) fail "$1 contains '$3'; it is: $2" ;;
    esac
}

expect_eq() {
    [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"
}

printf '# only a comment\n' > clean.kpi
printf 'metric m : count @\n' > bad.kpi
mkdir folder

# --- version, help, commands -------------------------------------------------
run --version
expect_rc 0 --version
expect_eq "first line of --version" "$(sed -n 1p out.txt)" "kpic 0.1.0"
expect_in "--version" "$out" "LLVM "

run
expect_rc 2 "(no arguments)"
expect_in "usage on stderr" "$err" "usage: kpic COMMAND"

run --help
expect_rc 0 --help
expect_in "--help" "$out" "check"
expect_in "--help" "$out" "explain"

run help check
expect_rc 0 "help check"
expect_in "help check" "$out" "usage: kpic check"

run check --help
expect_rc 0 "check --help"
expect_in "check --help" "$out" "--max-errors"

run help nosuch
expect_rc 2 "help nosuch"

run chek clean.kpi
expect_rc 2 "chek"
expect_in "unknown command" "$err" "kpic: error: unknown command 'chek'; did you mean 'check'?"

run --verison
expect_rc 2 "--verison"
expect_in "unknown global option" "$err" "did you mean '--version'?"

# --- usage errors ----------------------------------------------------------------
run check
expect_rc 2 "check (no files)"
expect_in "no input" "$err" "kpic: error: no input files"

run check --formt=json clean.kpi
expect_rc 2 "check --formt=json"
expect_in "misspelt option" "$err" "kpic: error: unknown option '--formt=json'; did you mean '--format=json'?"
expect_in "misspelt option" "$err" "Run 'kpic help check' for usage."

run run --as-of 2026-01-31 clean.kpi
expect_rc 2 "run --as-of before FILE"
expect_in "evaluator flag before FILE" "$err" "kpic: error: '--as-of' is a flag of the evaluator: write it after FILE"

run run --periods totals.csv clean.kpi
expect_rc 2 "run --periods before FILE"
expect_in "every evaluator flag is known to kpic run" "$err" "kpic: error: '--periods' is a flag of the evaluator: write it after FILE"

# kpic run's help lists the evaluator's flags from the runtime's own table:
# every line of the evaluator's option list, and nothing else, follows its header.
run help run
expect_rc 0 "help run"
flags=$(printf '%s\n' "$out" | sed -n '/^Evaluator flags/,$p' | sed 1d)
for want in "--data [NAME=]FILE" "--periods FILE" "--as-of DATE" "--format FORMAT" "--goal NAME" \
            "--on-bad-row=POLICY" "--fail-on=STATUS,..." "--color=WHEN" "--threads N" "-v, --verbose" \
            "--help, --version"; do
    expect_in "kpic help run's evaluator flags" "$flags" "  $want"
done
expect_in "the formats come from the writers" "$flags" "text, json, csv, html (default: text)"

run run --format=json clean.kpi
expect_rc 2 "run --format before FILE"
expect_in "diagnostics format would mix with the report" "$err" "the report's format goes after FILE"

run doc -o nodir/stdlib.md
expect_rc 2 "doc -o into a missing folder"
expect_in "doc says why it cannot write" "$err" "kpic: error: cannot write 'nodir/stdlib.md': No such file or directory"

if [ -w /dev/full ]; then     # output lost on a full disk is an error, not success
    "$KPIC" fmt clean.kpi >/dev/full 2>err.txt
    rc=$?
    expect_rc 2 "fmt onto a full disk"
    expect_in "full disk" "$(cat err.txt)" "kpic: error: cannot write 'standard output': No space left on device"
fi

run check --format=xml clean.kpi
expect_rc 2 "check --format=xml"
expect_in "bad format" "$err" "invalid value 'xml' for --format"

run check --format
expect_rc 2 "check --format (no value)"
expect_in "missing value" "$err" "option '--format' needs a value"

run check -Wno-R03 clean.kpi
expect_rc 2 "check -Wno-R03"
expect_in "unknown warning option" "$err" "did you mean '-Wno-R003'?"

run check --max-errors=many clean.kpi
expect_rc 2 "check --max-errors=many"

run check --dump-ast --format=json clean.kpi
expect_rc 2 "check --dump-ast --format=json"
expect_in "conflicting options" "$err" "--dump-ast cannot be combined with --format=json"

run check --dump-ast clean.kpi
expect_rc 0 "check --dump-ast clean.kpi"

run check --color=sometimes clean.kpi
expect_rc 2 "check --color=sometimes"

# --- files that cannot be read ---------------------------------------------------
run check missing.kpi
expect_rc 2 "check missing.kpi"
expect_eq "missing file message" "$err" "kpic: error: cannot open 'missing.kpi': No such file or directory"
expect_eq "missing file stdout" "$out" ""

run check folder
expect_rc 2 "check folder"
expect_eq "directory message" "$err" "kpic: error: cannot open 'folder': Is a directory"

if [ "$(id -u)" != 0 ]; then   # root reads anything; the check means nothing there
    printf 'metric m : count\n' > locked.kpi
    chmod 000 locked.kpi
    run check locked.kpi
    expect_rc 2 "check locked.kpi"
    expect_eq "unreadable message" "$err" "kpic: error: cannot open 'locked.kpi': Permission denied"
fi

# A sparse file just over the 1 GiB limit: refused before it is read.
if truncate -s 1025M huge.kpi 2>/dev/null; then
    run check huge.kpi
    expect_rc 2 "check huge.kpi"
    expect_eq "too large message" "$err" "kpic: error: cannot open 'huge.kpi': file too large (the limit is 1024 MiB)"
    rm -f huge.kpi
fi

# A missing file does not stop the others from being checked.
run check missing.kpi bad.kpi
expect_rc 2 "check missing.kpi bad.kpi"
expect_in "other files still checked" "$err" "bad.kpi:1:18: error:"

# --- results and formats -----------------------------------------------------------
run check clean.kpi
expect_rc 0 "check clean.kpi"
expect_eq "clean file stderr" "$err" ""

run check --format=json clean.kpi
expect_rc 0 "check --format=json clean.kpi"
expect_eq "clean file JSON" "$out" "[]"

run check bad.kpi
expect_rc 1 "check bad.kpi"
expect_in "text diagnostic" "$err" "bad.kpi:1:18: error:"
expect_in "text diagnostic" "$err" "[L001]"
expect_in "caret line" "$err" "                 ^"
expect_in "summary" "$err" "1 error generated."
expect_eq "text goes to stderr only" "$out" ""

run check --format=json bad.kpi
expect_rc 1 "check --format=json bad.kpi"
expect_in "JSON diagnostic" "$out" '"code":	"L001"'
expect_in "JSON diagnostic" "$out" '"end_column":	19'
expect_eq "JSON mode stderr" "$err" ""

run check --format=sarif bad.kpi
expect_rc 1 "check --format=sarif bad.kpi"
expect_in "SARIF log" "$out" '"version":	"2.1.0"'
expect_in "SARIF log" "$out" '"ruleId":	"L001"'

printf 'metric m : count @\n' | "$KPIC" check - >out.txt 2>err.txt
rc=$?
err=$(cat err.txt)
expect_rc 1 "check - (stdin)"
expect_in "stdin" "$err" "<stdin>:1:18: error:"

run check --max-errors=0 --format=json bad.kpi bad.kpi
expect_in "two files, two errors" "$(grep -c '"code"' out.txt)" "2"

# --- colour ------------------------------------------------------------------------------
ESC=$(printf '\033')
run check --color=always bad.kpi
expect_in "--color=always" "$err" "$ESC["
run check --color=never bad.kpi
expect_not_in "--color=never" "$err" "$ESC"
err=$(NO_COLOR=1 "$KPIC" check --color=always bad.kpi 2>&1)
expect_in "--color=always wins over NO_COLOR" "$err" "$ESC["
run check bad.kpi
expect_not_in "auto colour when stderr is not a terminal" "$err" "$ESC"

# --- explain -----------------------------------------------------------------------------
run explain p001
expect_rc 0 "explain p001"
expect_in "explain" "$out" "P001: syntax error"
expect_in "explain" "$out" "Wrong:"
expect_in "explain" "$out" "Right:"

run explain P0001
expect_rc 2 "explain P0001"
expect_in "unknown code" "$err" "did you mean"

run explain
expect_rc 2 "explain (no code)"

run explain --list
expect_rc 0 "explain --list"
expect_eq "every code listed" "$(wc -l < out.txt | tr -d ' ')" "$(grep -c '^KPI_CODE(' "$CODES_DEF")"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all driver checks passed"
