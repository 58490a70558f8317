#!/usr/bin/env python3
"""check-layers.py [ROOT]: the include graph follows the one-way data flow.

    grammar/ -> compiler/ (support, diag, ast, parse, sema, program, session,
    codegen, sql, fmt, lsp, graph, diff, driver) -> runtime/ (libkpirt)

Every quoted #include of a file under compiler/ and runtime/ is resolved (its
own folder, then compiler/, then runtime/include/) and must land in a layer
the including layer may see:
  - runtime/ sees only runtime/: libkpirt stands alone in every evaluator;
  - program/ sees support/ and the runtime's headers, and codegen/ sees
    program/, support/ and the runtime: the back end never sees the AST
    (ast/, parse/, sema/), so the checked program is its whole input; sql/,
    the other back end, sees the same and never LLVM;
  - fmt/, lsp/ and graph/ never see codegen/ nor LLVM (editor tools need no
    LLVM); diff/ compares checked programs, so it sees program/ and support/
    only, like a back end, and never LLVM;
  - no stage sees the driver, and earlier stages never see later ones.
A quoted include never climbs with ../ (docs/style.md: project headers are
named from compiler/, the runtime's by their bare name).
Prints each violation as FILE:LINE: and exits 1; 0 when the graph is clean.
"""
import os
import re
import sys

ALLOWED = {
    "support": {"support", "runtime"},
    "diag": {"support", "diag", "runtime"},
    "ast": {"support", "diag", "ast", "runtime"},
    "parse": {"support", "diag", "ast", "parse", "runtime", "generated"},
    "sema": {"support", "diag", "ast", "parse", "sema", "program", "runtime"},
    "program": {"support", "program", "runtime"},
    "codegen": {"support", "program", "codegen", "runtime", "llvm"},
    "sql": {"support", "program", "sql", "runtime"},
    "fmt": {"support", "diag", "ast", "parse", "fmt", "runtime"},
    "session": {"support", "diag", "ast", "parse", "sema", "program", "session", "runtime"},
    "lsp": {"support", "diag", "ast", "parse", "sema", "program", "session", "fmt", "lsp", "runtime"},
    "graph": {"support", "diag", "ast", "parse", "sema", "program", "graph", "runtime"},
    "diff": {"support", "program", "diff", "runtime"},
    "driver": {"support", "diag", "ast", "parse", "sema", "program", "session", "codegen", "sql", "fmt",
               "lsp", "graph", "diff", "driver", "runtime", "generated"},
    "runtime": {"runtime"},
}
GENERATED = {"kpi_parser.h", "kpi_lexer.h"}   # bison and flex write them into the build tree
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def layer_of(rel):
    parts = rel.split(os.sep)
    if parts[0] == "runtime":
        return "runtime"
    if parts[0] == "compiler" and len(parts) > 2:
        return parts[1]
    return None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    os.chdir(root)
    problems = 0
    for top in ("compiler", "runtime"):
        for folder, _, names in sorted(os.walk(top)):
            for name in sorted(names):
                if not name.endswith((".c", ".h", ".inc", ".def")):
                    continue
                path = os.path.join(folder, name)
                source = layer_of(path)
                if source not in ALLOWED:
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        kind, inc = m.groups()
                        if kind == "<":
                            target = "llvm" if inc.startswith("llvm-c/") else None
                        elif inc in GENERATED:
                            target = "generated"
                        else:
                            target = None
                            for base in (folder, "compiler", os.path.join("runtime", "include")):
                                candidate = os.path.normpath(os.path.join(base, inc))
                                if os.path.exists(candidate):
                                    target = layer_of(candidate)
                                    break
                        if kind == '"' and inc.startswith("../"):
                            print(f"{path}:{number}: includes with ../; name the header from compiler/ "
                                  f"or the runtime's by its bare name ({line.strip()})")
                            problems += 1
                        if target and target not in ALLOWED[source]:
                            print(f"{path}:{number}: the {source} layer includes {target} ({line.strip()})")
                            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
