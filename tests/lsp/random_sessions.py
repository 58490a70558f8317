#!/usr/bin/env python3
"""random_sessions.py KPIC [SEEDS]: robustness of kpic lsp against a careless client.

For each fixed seed (reproducible), one session of 400 messages: well-formed
requests and notifications for every method with random documents, edits and
positions, mixed with random JSON values as params, truncated bodies, bad
header blocks and responses to nothing. The server must answer every request
that has a usable id, never crash (no signal, no sanitizer report), and end
by itself within a minute when the input ends. Prints "N passed, N failed".
"""
import json
import random
import subprocess
import sys

METHODS = ["initialized", "textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
           "textDocument/didSave", "textDocument/hover", "textDocument/definition", "textDocument/completion",
           "textDocument/documentSymbol", "textDocument/formatting", "textDocument/codeAction", "workspace/unknown"]
TEXTS = ["metric a : EUR\n",
         "goal g raise a 10% by b +5% via c 1% owner x starting 2026-01 within 6 months\n",
         "import std.web\nmetric r : EUR = visitors * 2\ngoal q raise r 5% owner \"o\" by 2027\n",
         "\x00\xff", "é€😀 metric ( ( (\n", "", "goal\n" * 50, "metric m : EUR where a in (1, 2, \"x\"\n"]


def random_value(rng, depth=0):
    r = rng.random()
    if depth > 3 or r < 0.3:
        return rng.choice([None, True, -1, 0, 2 ** 40, "x", "file:///tmp/f.kpi", 1.5, ""])
    if r < 0.6:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = ["textDocument", "uri", "position", "line", "character", "range", "start", "end", "text",
            "contentChanges", "version"]
    return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def params_for(rng, method):
    uri = "file:///tmp/kpi-random/f%d.kpi" % rng.randint(0, 2)
    pos = {"line": rng.randint(0, 5), "character": rng.randint(0, 40)}
    if method == "textDocument/didOpen":
        return {"textDocument": {"uri": uri, "languageId": "kpi", "version": 1, "text": rng.choice(TEXTS)}}
    if method == "textDocument/didChange":
        change = {"text": rng.choice(TEXTS)[: rng.randint(0, 30)]}
        if rng.random() < 0.7:
            change["range"] = {"start": pos, "end": {"line": rng.randint(0, 9), "character": rng.randint(0, 99)}}
        return {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}
    if method == "textDocument/codeAction":
        return {"textDocument": {"uri": uri}, "range": {"start": pos, "end": pos}, "context": {"diagnostics": []}}
    return {"textDocument": {"uri": uri}, "position": pos, "options": {}}


def session(kpic, seed):
    rng = random.Random(seed)
    messages = [{"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}]
    for i in range(1, 400):
        method = rng.choice(METHODS)
        params = params_for(rng, method) if rng.random() < 0.7 else random_value(rng)
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if rng.random() < 0.6:
            msg["id"] = i
        messages.append(msg)
    data, expected_ids = b"", set()
    for msg in messages:
        body = json.dumps(msg).encode()
        r = rng.random()
        if r < 0.05:
            body = body[: rng.randint(0, len(body))]      # truncated: a parse error, id unknown
        elif "id" in msg:
            expected_ids.add(msg["id"])
        if r > 0.97:
            data += b"Garbage-Without-Length\r\n\r\n"
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    try:
        proc = subprocess.run([kpic, "lsp"], input=data, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "the server did not finish within 60 s"
    if proc.returncode not in (0, 1) or b"Sanitizer" in proc.stderr or b"runtime error" in proc.stderr:
        return "exit status %d, stderr: %s" % (proc.returncode, proc.stderr[-1500:].decode(errors="replace"))
    answered, out = set(), proc.stdout
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        length = int(head.split(b":")[1])
        reply = json.loads(rest[:length])
        out = rest[length:]
        if isinstance(reply.get("id"), int):
            answered.add(reply["id"])
    if expected_ids - answered:
        return "requests without an answer: %s" % sorted(expected_ids - answered)[:10]
    return None


def main():
    kpic = sys.argv[1]
    seeds = [int(s) for s in sys.argv[2:]] or [1, 2, 3, 4, 5]
    passed = failed = 0
    for seed in seeds:
        problem = session(kpic, seed)
        if problem:
            print("FAIL seed %d: %s" % (seed, problem))
            failed += 1
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
