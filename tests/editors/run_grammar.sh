#!/bin/sh
# run_grammar.sh EDITORS_VSCODE: tests the VS Code extension's TextMate
# grammar with vscode-tmgrammar-test (from the npm registry, pinned in
# editors/vscode/package-lock.json) against the scope assertions in
# editors/vscode/tests/*.kpi. Needs `npm ci` in editors/vscode first (.ci/run
# does it); skipped with a message when node or the tool is missing.
set -u
DIR=$1
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
"$TOOL" -g syntaxes/kpi.tmLanguage.json "tests/*.kpi"
