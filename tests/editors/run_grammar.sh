#!/bin/sh
# run_grammar.sh EDITORS_VSCODE [KPIC]: tests the VS Code extension's TextMate
# grammar with vscode-tmgrammar-test (from the npm registry, pinned in
# editors/vscode/package-lock.json) against the scope assertions in
# editors/vscode/tests/*.kpi, and its problem matcher against real
# `kpic check` output. Needs `npm ci` in editors/vscode first (.ci/run
# does it); skipped with a message when node or the tool is missing.
# EDITORS_VSCODE and KPIC may be relative to the current folder.
set -u
DIR=$(cd "$1" && pwd) || { echo "FAIL: no folder $1"; exit 1; }
KPIC=${2:-}
case $KPIC in
    */*) KPIC=$(cd "$(dirname "$KPIC")" && pwd)/$(basename "$KPIC") || exit 1 ;;   # a path, not a command name
esac
TOOL=$DIR/node_modules/.bin/vscode-tmgrammar-test
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: node is not installed; the TextMate grammar test did not run"
    exit 0
fi
if [ ! -x "$TOOL" ]; then
    echo "SKIP: run 'npm ci' in editors/vscode to install vscode-tmgrammar-test; the grammar test did not run"
    exit 0
fi
cd "$DIR" || exit 1
# The manifest and the files it names must be valid JSON.
node -e '
const fs = require("fs");
const pkg = JSON.parse(fs.readFileSync("package.json"));
for (const g of pkg.contributes.grammars) JSON.parse(fs.readFileSync(g.path));
for (const l of pkg.contributes.languages) JSON.parse(fs.readFileSync(l.configuration));
if (!fs.existsSync(pkg.main)) throw new Error("missing " + pkg.main);
' || { echo "FAIL: the extension manifest or a file it names is not valid"; exit 1; }
"$TOOL" -g syntaxes/kpi.tmLanguage.json "tests/*.kpi" || exit 1
# The problem matcher (for tasks running `kpic check`) reads kpic's gcc-style lines.
if [ -n "$KPIC" ]; then
    work=${TMPDIR:-/tmp}/kpi-vscode.$$
    mkdir -p "$work"
    printf 'metric revenue : EUR\nmetric profit : EUR = revenue - costs\n' > "$work/doc.kpi"
    (cd "$work" && "$KPIC" check --color=never doc.kpi 2> "$work/out")
    node -e '
const fs = require("fs");
const pkg = JSON.parse(fs.readFileSync("package.json"));
const m = pkg.contributes.problemMatchers[0].pattern;
const re = new RegExp(m.regexp);
const hits = fs.readFileSync(process.argv[1], "utf8").split("\n").map(l => l.match(re)).filter(Boolean);
const want = ["doc.kpi", "2", "33", "error", "unknown metric \u0027costs\u0027", "N001"];
const got = hits.length === 1 ? [m.file, m.line, m.column, m.severity, m.message, m.code].map(i => hits[0][i]) : [];
if (JSON.stringify(got) !== JSON.stringify(want)) {
  console.error("FAIL: the problem matcher read " + JSON.stringify(got) + " from kpic check, expected " + JSON.stringify(want));
  process.exit(1);
}
console.log("problem matcher: ok");
' "$work/out"
    st=$?
    rm -rf "$work"
    exit $st
fi
