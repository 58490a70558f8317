#!/bin/sh
# run_vsix.sh EDITORS_VSCODE WORK_DIR: packages the VS Code extension into a
# .vsix with @vscode/vsce (from the npm registry, pinned in
# editors/vscode/package-lock.json; `npm run package` is the same command)
# and checks what is inside: the manifest, the client, the grammar, the
# language configuration and the client's runtime dependency, and none of
# the tests or the development tools. Needs `npm ci` in editors/vscode
# first (.ci/run does it); skipped with a message when node or vsce is
# missing.
set -u
dir=$(cd "$1" && pwd)
work=$2
vsce=$dir/node_modules/.bin/vsce
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: node is not installed; the .vsix was not built"
    exit 0
fi
if [ ! -x "$vsce" ]; then
    echo "SKIP: run 'npm ci' in editors/vscode to install @vscode/vsce; the .vsix was not built"
    exit 0
fi
rm -rf "$work"
mkdir -p "$work"
vsix=$work/kpi-language.vsix
(cd "$dir" && "$vsce" package --no-rewrite-relative-links --skip-license --allow-missing-repository \
    --out "$vsix") >"$work/vsce.log" 2>&1 || { echo "FAIL: vsce package"; cat "$work/vsce.log"; exit 1; }
python3 - "$vsix" "$dir/package.json" <<'EOF_PY'
import json, sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
pkg = json.load(open(sys.argv[2]))
need = ["extension.vsixmanifest", "extension/package.json", "extension/" + pkg["main"].lstrip("./"),
        "extension/language-configuration.json", "extension/README.md",
        "extension/node_modules/vscode-languageclient/package.json"]
need += ["extension/" + g["path"].lstrip("./") for g in pkg["contributes"]["grammars"]]
missing = [n for n in need if n not in names]
banned = ("extension/tests/", "extension/node_modules/vscode-tmgrammar-test/",
          "extension/node_modules/@vscode/vsce/", "extension/node_modules/.bin/")
extra = sorted(n for n in names if n.startswith(banned) or n.endswith(".vsix"))
if missing or extra:
    print("FAIL: the .vsix lacks %s and has %s" % (missing, extra[:5]))
    sys.exit(1)
print("ok: %s holds the extension (%d files)" % (sys.argv[1], len(names)))
EOF_PY
