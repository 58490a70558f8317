#!/usr/bin/env python3
"""scaling.py KPIC CASE: the cost of one command at two input sizes, 1x and 8x.

Each case writes an input of size n and of size 8n, runs the command on each
in this one process's children, and reads the child's CPU time (user + system)
and peak resident memory from wait4's rusage, not from a wall clock: the
machine may be loaded, but CPU time and memory are the program's own. The
case fails when the larger input costs more than LIMIT (12) times the
smaller in either: a linear or n log n command costs about 8 times, a
quadratic one 64. Each size runs three times and the cheapest run counts, so
disturbed runs do not fail the test. The larger run is also limited to
5 s plus 30 times the smaller one's CPU time (RLIMIT_CPU), so an exponential
or endless run fails soon instead of stalling the suite.

The cases, one ctest each (tests/scaling/CMakeLists.txt), are the probes of
docs/hardening.md ("Cost in the size of the input"): every command that once
was quadratic or worse on some input is measured on that input.
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile

LIMIT = 12.0


def run(argv, cwd, stdin_path=None, cpu_cap=120, ok=(0, 1)):
    """Runs argv; returns (cpu seconds, peak RSS in KiB) of the child."""
    def limit_child():
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_cap, cpu_cap + 2))
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    proc = subprocess.Popen(argv, cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=limit_child)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdin_path:
        stdin.close()
    if proc.returncode in (-24, -9):
        sys.exit("FAIL: %s used more than %d s of CPU time" % (" ".join(argv), cpu_cap))
    if proc.returncode not in ok:
        sys.exit("FAIL: %s exited with %d\n%s" % (" ".join(argv), proc.returncode, err.decode(errors="replace")[-2000:]))
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


# ---- inputs --------------------------------------------------------------------------------------

HEAD = 'source s = csv "data.csv"\n  date "day"\n\n'


def in_list(n):
    values = ", ".join('"v%d"' % i for i in range(n))
    return HEAD + 'metric a : EUR from "amount" in s where c in (%s)\n' % values


def goals(n):
    out = [HEAD, 'metric revenue : EUR from "amount" in s\n\n']
    for i in range(n):
        out.append('goal g%d "Goal %d"\n  raise revenue %d%% within 12 months\n  owner "Team %d"\n'
                   '  starting 2026-01\n  review monthly\n\n' % (i, i, 1 + i % 50, i % 7))
    return "".join(out)


def shared_operands(n):
    """w2 = w1 + w0, w3 = w2 + w1, ...: every metric shares operands with the next."""
    out = [HEAD, 'metric w0 : EUR from "amount" in s\nmetric w1 : EUR from "cost" in s\n']
    out += ["metric w%d : EUR = w%d + w%d\n" % (i, i - 1, i - 2) for i in range(2, n)]
    out.append('goal g "g"\n  raise w%d 10%% within 12 months\n  owner "o"\n  starting 2026-01\n'
               '  review monthly\n' % (n - 1))
    return "".join(out)


def days_csv(rows):
    return "day,amount,cost,c\n" + "".join("2026-%02d-%02d,%d.25,%d,v%d\n" % (1 + i % 12, 1 + i % 28, i % 97, i % 13, i)
                                           for i in range(rows))


def lsp_frame(obj):
    import json
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def lsp_session(text, requests):
    uri = "file:///tmp/kpi-scaling/doc.kpi"
    msgs = [{"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": uri, "languageId": "kpi", "version": 1, "text": text}}}]
    for i, (method, params) in enumerate(requests):
        p = {"textDocument": {"uri": uri}}
        p.update(params)
        msgs.append({"jsonrpc": "2.0", "id": i + 1, "method": method, "params": p})
    msgs += [{"jsonrpc": "2.0", "id": 999999, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]
    return b"".join(lsp_frame(m) for m in msgs)


# ---- cases: name -> (n, prepare(folder, n) -> (argv, stdin file or None)) -----------------------

def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)
    return path


def case_fmt_in_list(kpic, folder, n):
    return [kpic, "fmt", write(folder, "in.kpi", in_list(n))], None


def case_evaluator_shared_operands(kpic, folder, n):
    write(folder, "data.csv", days_csv(200))
    spec = write(folder, "chain.kpi", shared_operands(n))
    return [kpic, "run", "-O0", spec, "--", "--as-of", "2026-12-31", "--format", "json"], None


def case_build_in_list(kpic, folder, n):
    write(folder, "data.csv", days_csv(10))
    spec = in_list(n) + 'goal g "g"\n  raise a 10% within 12 months\n  owner "o"\n  starting 2026-01\n  review monthly\n'
    return [kpic, "build", "-c", "-O2", write(folder, "in.kpi", spec), "-o", os.path.join(folder, "in.o")], None


def built_evaluator(kpic, folder, spec):
    """Builds the evaluator of spec (not measured); returns its command line."""
    path = write(folder, "spec.kpi", spec)
    subprocess.run([kpic, "build", "-O2", path, "-o", os.path.join(folder, "ev")], check=True)
    return [os.path.join(folder, "ev"), "--as-of", "2026-12-31", "--format", "json"]


def case_evaluator_rows(kpic, folder, n):
    """The evaluator's cost per row, with a long `in` list: rows grow, the list stays."""
    write(folder, "data.csv", days_csv(n))
    spec = in_list(2000) + 'goal g "g"\n  raise a 10% within 12 months\n  owner "o"\n  starting 2026-01\n  review monthly\n'
    return built_evaluator(kpic, folder, spec), None


DISTINCT_SPEC = HEAD + """metric customers : count from "c" in s aggregate count_distinct
goal weekly "w"
  raise customers 10% within 12 months
  owner "o"
  starting 2026-01
  review weekly
goal monthly "m"
  raise customers 10% within 12 months
  owner "o"
  starting 2026-01
  review monthly
"""


def case_evaluator_distinct(kpic, folder, n):
    """count_distinct memory: every row a new value, reviewed weekly and monthly."""
    write(folder, "data.csv", days_csv(n))
    return built_evaluator(kpic, folder, DISTINCT_SPEC), None


# Bytes one more distinct value may cost the evaluator (two review rhythms, values of 2-8 bytes):
# about 40 plus its bytes when the tables are half full, up to twice that just after they grew.
DISTINCT_BYTES_MAX = 120


def metrics(n):
    out = [HEAD]
    out += ['metric m%d : EUR from "amount" in s about "Metric %d"\n' % (i, i) for i in range(n)]
    return "".join(out)


def case_check_goals(kpic, folder, n):
    write(folder, "data.csv", days_csv(10))
    return [kpic, "check", write(folder, "goals.kpi", goals(n))], None


def case_build_goals(kpic, folder, n):
    write(folder, "data.csv", days_csv(10))
    return [kpic, "build", "-c", "-O2", write(folder, "goals.kpi", goals(n)), "-o", os.path.join(folder, "g.o")], None


def driven_goals(n, months):
    out = [HEAD, 'metric revenue : EUR from "amount" in s\nmetric visits : count in s\nlink visits to revenue\n\n']
    for i in range(n):
        out.append('goal g%d "Goal %d"\n  raise revenue %d%% by visits +5%% within %d months\n  owner "Team %d"\n'
                   '  starting 2026-01\n\n' % (i, i, 1 + i % 50, months, i % 7))
    return "".join(out)


def case_diff_goals(kpic, folder, n):
    # every goal's deadline moves, which its driver inherits: one change per goal, matched by name
    old = write(folder, "old.kpi", driven_goals(n, 12))
    return [kpic, "diff", old, write(folder, "new.kpi", driven_goals(n, 18))], None


def case_lsp_document_symbols(kpic, folder, n):
    text = goals(n)
    session = lsp_session(text, [("textDocument/documentSymbol", {})] * 3)
    return [kpic, "lsp"], write(folder, "session.bin", session)


def case_lsp_completion(kpic, folder, n):
    text = metrics(n) + "goal g \"g\"\n  raise m\n"
    line = text.count("\n") - 1
    requests = [("textDocument/completion", {"position": {"line": line, "character": 9}})] * 3
    requests += [("textDocument/hover", {"position": {"line": 3, "character": 8}})] * 3
    return [kpic, "lsp"], write(folder, "session.bin", lsp_session(text, requests))



CASES = {
    "fmt_in_list": (3000, case_fmt_in_list),
    "evaluator_shared_operands": (25, case_evaluator_shared_operands),
    "build_in_list": (1000, case_build_in_list),
    "evaluator_rows": (100000, case_evaluator_rows),
    "evaluator_distinct": (100000, case_evaluator_distinct),
    "check_goals": (1000, case_check_goals),
    "build_goals": (100, case_build_goals),
    "diff_goals": (1000, case_diff_goals),
    "lsp_document_symbols": (2000, case_lsp_document_symbols),
    "lsp_completion": (1000, case_lsp_completion),
}


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        sys.exit("usage: scaling.py KPIC CASE (one of: %s)" % ", ".join(CASES))
    kpic, name = os.path.abspath(sys.argv[1]), sys.argv[2]
    n, prepare = CASES[name]
    results = []
    for size in (n, 8 * n):
        folder = tempfile.mkdtemp(prefix="kpi-scaling-")
        try:
            argv, stdin = prepare(kpic, folder, size)
            cap = 120 if not results else int(5 + 30 * results[0][0])
            runs = [run(argv, folder, stdin, cap) for _ in range(3)]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        results.append((min(r[0] for r in runs), min(r[1] for r in runs)))
    (cpu1, rss1), (cpu8, rss8) = results
    # CPU time is counted in clock ticks: a floor of 10 ms keeps a 0-tick run from dividing by zero.
    cpu_ratio = cpu8 / max(cpu1, 0.01)
    rss_ratio = rss8 / max(rss1, 1)
    print("%s: n=%d cpu %.3f s, rss %d KiB; 8n cpu %.3f s (x%.1f), rss %d KiB (x%.1f); limit x%.0f"
          % (name, n, cpu1, rss1, cpu8, cpu_ratio, rss8, rss_ratio, LIMIT))
    if cpu_ratio > LIMIT or rss_ratio > LIMIT:
        sys.exit("FAIL: %s grows faster than linearly" % name)
    if name == "evaluator_distinct":
        per_value = (rss8 - rss1) * 1024 / (7 * n)
        print("count_distinct: %.0f bytes per distinct value (limit %d)" % (per_value, DISTINCT_BYTES_MAX))
        if per_value > DISTINCT_BYTES_MAX:
            sys.exit("FAIL: count_distinct takes %.0f bytes per value" % per_value)


if __name__ == "__main__":
    main()
