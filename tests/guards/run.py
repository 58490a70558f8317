#!/usr/bin/env python3
"""run.py: the guards suite (README.md in this folder).

Every data a user can hand an evaluator that cannot support a judgement
(empty, stale, unmatched, misread) must be refused or flagged with an exact
message and exit status. Each NAME.kpi here is a spec followed by its cases,
written inline as comments:

    # case NAME: what the user did
    # file FILE              the lines after it, each "#| TEXT", are FILE's lines
    # file FILE empty        FILE has zero bytes
    # file FILE gzip         the "#|" lines, gzip-compressed
    # run: ARGS...           the evaluator's arguments (run in the case's folder)
    # exit: N                its exit status
    # stderr| TEXT           its stderr, line by line, exactly ("# stderr: none" for nothing)
    # stdout-has| TEXT       a text its stdout must contain (any number of them)

The spec is built once with `kpic build NAME.kpi -o NAME`, so messages name
the evaluator NAME. An evaluator that exits with 2 must print nothing on
stdout: no half report.

    run.py KPIC SUITE_DIR WORK_DIR [CASE-NAME-SUBSTRING]
"""
import gzip
import os
import shlex
import shutil
import subprocess
import sys


def parse(path):
    cases, case, current_file = [], None, None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            where = f"{os.path.basename(path)}:{n}"
            if line.startswith("#|"):
                if current_file is None:
                    sys.exit(f"{where}: '#|' outside a '# file'")
                current_file["lines"].append(line[3:] if line.startswith("#| ") else line[2:])
                continue
            current_file = None
            if line.startswith("# case "):
                case = {"name": line[7:].split(":")[0].strip(), "where": where, "files": [], "args": None,
                        "exit": None, "stderr": [], "no_stderr": False, "stdout_has": []}
                cases.append(case)
            elif case is None:
                continue
            elif line.startswith("# file "):
                words = line[7:].split()
                current_file = {"name": words[0], "mode": words[1] if len(words) > 1 else "text", "lines": []}
                case["files"].append(current_file)
            elif line.startswith("# run:"):
                case["args"] = shlex.split(line[6:])
            elif line.startswith("# exit:"):
                case["exit"] = int(line[7:])
            elif line.startswith("# stderr: none"):
                case["no_stderr"] = True
            elif line.startswith("# stderr|"):
                case["stderr"].append(line[10:] if line.startswith("# stderr| ") else line[9:])
            elif line.startswith("# stdout-has|"):
                case["stdout_has"].append(line[14:] if line.startswith("# stdout-has| ") else line[13:])
    for c in cases:
        if c["args"] is None or c["exit"] is None or not (c["stderr"] or c["no_stderr"]):
            sys.exit(f"{c['where']}: case {c['name']} needs '# run:', '# exit:' and its stderr")
    return cases


def write_file(folder, spec):
    path = os.path.join(folder, spec["name"])
    text = "".join(l + "\n" for l in spec["lines"]).encode("utf-8")
    if spec["mode"] == "empty":
        text = b""
    elif spec["mode"] == "gzip":
        text = gzip.compress(text, mtime=0)
    with open(path, "wb") as f:
        f.write(text)


def main():
    kpic, suite, work = sys.argv[1:4]
    only = sys.argv[4] if len(sys.argv) > 4 else ""
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failed = total = 0
    for spec in sorted(f for f in os.listdir(suite) if f.endswith(".kpi")):
        name = spec[:-4]
        exe = os.path.join(work, name)
        built = subprocess.run([kpic, "build", os.path.join(suite, spec), "-o", exe],
                               capture_output=True, text=True)
        if built.returncode != 0:
            print(f"FAIL: kpic build {spec}:\n{built.stderr}")
            failed += 1
            continue
        for case in parse(os.path.join(suite, spec)):
            if only not in case["name"]:
                continue
            total += 1
            folder = os.path.join(work, f"{name}.{case['name']}")
            os.makedirs(folder)
            for f in case["files"]:
                write_file(folder, f)
            env = dict(os.environ, NO_COLOR="1", LC_ALL="C")
            got = subprocess.run([exe] + case["args"], cwd=folder, capture_output=True, env=env, timeout=120)
            out = got.stdout.decode("utf-8", "replace")
            err = got.stderr.decode("utf-8", "replace").splitlines()
            problems = []
            if got.returncode != case["exit"]:
                problems.append(f"exit {got.returncode}, expected {case['exit']}")
            if err != case["stderr"]:
                problems.append("stderr differs:\n  expected: " + "\n            ".join(case["stderr"] or ["(none)"]) +
                                "\n  actual:   " + "\n            ".join(err or ["(none)"]))
            for want in case["stdout_has"]:
                if want not in out:
                    problems.append(f"stdout lacks: {want}")
            if got.returncode == 2 and out:
                problems.append("exit status 2, yet a report was printed")
            if problems:
                failed += 1
                print(f"FAIL: {case['where']}: {name}/{case['name']}: " + "\n  ".join(problems))
                if os.environ.get("KPI_GUARDS_SHOW"):
                    print(out)
    print(f"{total - failed} of {total} guard cases give their exact message and exit status")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
