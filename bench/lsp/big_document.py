#!/usr/bin/env python3
"""big_document.py KPIC [BYTES]: kpic lsp on a 1 MB document.

Opens a generated document of about BYTES (default 1,000,000) bytes of goals,
waits for its diagnostics, then times 20 hovers one after the other (each
from sending the request to reading its answer), then sends 300 one-character
edits without waiting (a fast typist the server cannot keep up with) followed
by one hover, and times that hover too: with coalescing it waits for one
check of the last version, not 300. Prints medians and maxima. A benchmark,
not a test: docs/hardening.md records the result with the machine and date.
"""
import json
import statistics
import subprocess
import sys
import time

URI = "file:///tmp/kpi-bench/big.kpi"


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read_message(out):
    length = None
    while True:
        line = out.readline()
        if not line:
            raise SystemExit("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(out.read(length))


def wait_for(out, pred):
    while True:
        m = read_message(out)
        if pred(m):
            return m


def document(size):
    out = ['source s = csv "data.csv"\n  date "day"\n\nmetric revenue : EUR from "amount" in s\n\n']
    i = 0
    while sum(map(len, out)) < size:
        out.append('goal g%d "Goal %d"\n  raise revenue %d%% within 12 months\n  owner "Team %d"\n'
                   '  starting 2026-01\n  review monthly\n\n' % (i, i, 1 + i % 50, i % 7))
        i += 1
    return "".join(out)


def main():
    kpic = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    text = document(size)
    p = subprocess.Popen([kpic, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send = lambda obj: (p.stdin.write(frame(obj)), p.stdin.flush())
    send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}})
    wait_for(p.stdout, lambda m: m.get("id") == 0)
    t = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": URI, "languageId": "kpi", "version": 1, "text": text}}})
    wait_for(p.stdout, lambda m: m.get("method") == "textDocument/publishDiagnostics")
    opened = time.perf_counter() - t
    hover = lambda i: {"jsonrpc": "2.0", "id": i, "method": "textDocument/hover",
                       "params": {"textDocument": {"uri": URI}, "position": {"line": 3, "character": 9}}}
    times = []
    for i in range(1, 21):
        t = time.perf_counter()
        send(hover(i))
        wait_for(p.stdout, lambda m: m.get("id") == i)
        times.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    for v in range(2, 302):
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": URI, "version": v},
            "contentChanges": [{"range": {"start": {"line": 7, "character": 16}, "end": {"line": 7, "character": 16}},
                                "text": "1" if v % 2 else ""}]}})
    send(hover(100))
    wait_for(p.stdout, lambda m: m.get("id") == 100)
    burst = (time.perf_counter() - t) * 1000
    send({"jsonrpc": "2.0", "id": 101, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    p.wait()
    print("document: %d bytes, %d lines; open (check + publish) %.0f ms" % (len(text), text.count("\n"), opened * 1000))
    print("hover                       median %7.2f ms   max %7.2f ms   (20 runs)" % (statistics.median(times), max(times)))
    print("300 queued edits, then hover: %.0f ms until the hover's answer" % burst)


if __name__ == "__main__":
    main()
