#!/usr/bin/env python3
"""compare_json.py [--without KEY]... EXPECTED ACTUAL: do two JSON reports say the same thing?

--without KEY leaves out a top-level key of ACTUAL that EXPECTED does not
hold (the examples' `data_files`, which name files by the absolute paths an
evaluator was compiled with; tests/e2e/exports checks them).

Objects are compared by key (order does not matter), arrays element by
element, strings and nulls exactly. Numbers are compared at the precision
the less precise side printed: 34401.13 matches 34401.132, but 34401.14
does not. That is the only tolerance: it lets a report print money with two
decimals while the reference keeps three, and catches any other difference.

Prints every difference with its JSON path; exit status 0 when equal, 1 when
not, 2 when a file is not JSON.
"""
import json
import sys
from decimal import Decimal


def decimals(d):
    exp = d.as_tuple().exponent
    return -exp if exp < 0 else 0


def same_number(a, b):
    places = min(decimals(a), decimals(b))
    half_unit = Decimal(1).scaleb(-places) / 2
    return abs(a - b) <= half_unit


def compare(exp, act, path, out):
    if isinstance(exp, dict) and isinstance(act, dict):
        for k in exp:
            if k not in act:
                out.append("%s.%s: missing (expected %s)" % (path, k, json.dumps(exp[k], default=str)))
            else:
                compare(exp[k], act[k], "%s.%s" % (path, k), out)
        for k in act:
            if k not in exp:
                out.append("%s.%s: unexpected (%s)" % (path, k, json.dumps(act[k], default=str)))
    elif isinstance(exp, list) and isinstance(act, list):
        if len(exp) != len(act):
            out.append("%s: %d elements, expected %d" % (path, len(act), len(exp)))
        for i, (e, a) in enumerate(zip(exp, act)):
            compare(e, a, "%s[%d]" % (path, i), out)
    elif isinstance(exp, Decimal) and isinstance(act, Decimal):
        if not same_number(exp, act):
            out.append("%s: %s, expected %s" % (path, act, exp))
    elif exp != act or type(exp) is not type(act):
        out.append("%s: %s, expected %s" % (path, json.dumps(act, default=str), json.dumps(exp, default=str)))


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal, parse_int=Decimal)


def main():
    args = sys.argv[1:]
    without = []
    while len(args) > 2 and args[0] == "--without":
        without.append(args[1])
        args = args[2:]
    if len(args) != 2:
        print("usage: compare_json.py [--without KEY]... EXPECTED ACTUAL", file=sys.stderr)
        return 2
    try:
        exp, act = load(args[0]), load(args[1])
    except (OSError, ValueError) as e:
        print("compare_json.py: %s" % e, file=sys.stderr)
        return 2
    for key in without:                   # a top-level key the expected report does not restate
        if isinstance(act, dict) and key not in exp:
            act.pop(key, None)
    out = []
    compare(exp, act, "$", out)
    for line in out[:40]:
        print("  " + line)
    if len(out) > 40:
        print("  ... and %d more differences" % (len(out) - 40))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
