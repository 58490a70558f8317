#!/usr/bin/env python3
"""parity.py KPIC ROOT: the editor shows what `kpic check` prints, for every file.

For every .kpi under ROOT/tests and ROOT/examples (broken ones included),
`kpic check --format=json FILE` is run, and the same text is opened in one
`kpic lsp` session. The diagnostics the server publishes for the document
must be exactly check's: the same number, in the same order, each with the
same code, severity and message (the server appends notes without a place
to the message), and, for those in the document itself, the same start
(check's 1-based byte column converted to the protocol's 0-based UTF-16
character). A diagnostic in an imported file is published at the document's
start with "path:line:column: " before its message, as docs/editors.md says.

Files whose bytes are not UTF-8 text (a NUL byte, invalid UTF-8) cannot be
sent in a JSON-RPC message unchanged, so they are listed as skipped; the
bad-input suite covers them. Prints one line per mismatch and a summary.
"""
import json
import os
import subprocess
import sys


def lsp_session(kpic, docs):
    """Opens every (uri, text) in one server; returns {uri: last published diagnostics}."""
    msgs = [{"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}}]
    for uri, text in docs:
        msgs.append({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": {"uri": uri, "languageId": "kpi", "version": 1, "text": text}}})
        # closed at once, so that later files never read an earlier one's buffer as an import
        msgs.append({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
    msgs.append({"jsonrpc": "2.0", "id": 1, "method": "shutdown"})
    msgs.append({"jsonrpc": "2.0", "method": "exit"})
    data = b""
    for m in msgs:
        body = json.dumps(m).encode()
        data += b"Content-Length: %d\r\n\r\n" % len(body) + body
    out = subprocess.run([kpic, "lsp"], input=data, capture_output=True, timeout=600).stdout
    published = {}
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        length = int(head.split(b":")[1])
        msg = json.loads(rest[:length])
        out = rest[length:]
        if msg.get("method") == "textDocument/publishDiagnostics":
            p = msg["params"]
            if p["diagnostics"] or p["uri"] not in published:   # didClose clears with an empty list
                published[p["uri"]] = p["diagnostics"]
    return published


def utf16_character(text, line, column):
    """0-based UTF-16 offset of 1-based byte column on 1-based line."""
    lines = text.encode().split(b"\n")
    if line - 1 >= len(lines):
        return 0
    prefix = lines[line - 1][:column - 1].decode(errors="replace")
    return len(prefix.encode("utf-16-le")) // 2


def main():
    kpic, root = sys.argv[1], os.path.abspath(sys.argv[2])
    files = []
    for top in ("tests", "examples"):
        for folder, _, names in os.walk(os.path.join(root, top)):
            files += [os.path.join(folder, n) for n in names if n.endswith(".kpi")]
    files.sort()
    docs, texts, skipped = [], {}, []
    for path in files:
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            skipped.append(path)
            continue
        if "\0" in text:
            skipped.append(path)
            continue
        uri = "file://" + path
        docs.append((uri, text))
        texts[uri] = (path, text)
    published = lsp_session(kpic, docs)
    failures = 0
    for uri, (path, text) in texts.items():
        run = subprocess.run([kpic, "check", "--format=json", path], capture_output=True, cwd=os.path.dirname(path))
        expected = json.loads(run.stdout or b"[]")
        got = published.get(uri, [])
        problems = []
        if len(got) != len(expected):
            problems.append("check printed %d diagnostics, the server published %d (%s vs %s)" % (
                len(expected), len(got), [e["code"] for e in expected], [g.get("code") for g in got]))
        for e, g in zip(expected, got):
            sev = {"error": 1, "warning": 2}.get(e["severity"], 3)
            here = e.get("file") == path
            message = e["message"] if here or "line" not in e else "%s:%d:%d: %s" % (
                e["file"], e["line"], e["column"], e["message"])
            start = g["range"]["start"]
            want_start = (e["line"] - 1, utf16_character(text, e["line"], e["column"])) if here and "line" in e else (0, 0)
            if g.get("code") != e["code"] or g.get("severity") != sev or not g.get("message", "").startswith(message):
                problems.append("%s %r vs published %s %r" % (e["code"], e["message"], g.get("code"), g.get("message")))
            elif (start["line"], start["character"]) != want_start:
                problems.append("%s at %s, published at %s" % (e["code"], want_start, (start["line"], start["character"])))
        for p in problems:
            print("FAIL: %s: %s" % (os.path.relpath(path, root), p))
        failures += bool(problems)
    print("%d files: %d the same, %d different; %d skipped (not UTF-8 text: %s)" % (
        len(texts), len(texts) - failures, failures, len(skipped),
        ", ".join(os.path.relpath(p, root) for p in skipped) or "none"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
