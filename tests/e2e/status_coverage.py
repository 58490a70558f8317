#!/usr/bin/env python3
"""status_coverage.py EXAMPLES_DIR: the expected reports of the examples,
together, must show every goal status the end-to-end tests promise to cover
(not_started, on_track, at_risk, off_track, achieved, missed), every
projection status (achieved, missed, uncertain, ok, breached) and method
(linear, seasonal), and a projection that says why it disagrees with the
status, so that the e2e tests exercise each rule of the evaluator at least once.
"""
import glob
import json
import os
import sys

WANTED = ["not_started", "on_track", "at_risk", "off_track", "achieved", "missed",
          "projection achieved", "projection missed", "projection uncertain", "projection ok",
          "projection breached", "method linear", "method seasonal", "projection why"]


def statuses(goal, seen, where):
    seen.setdefault(goal.get("status"), where)
    projection = goal.get("projection", {})
    seen.setdefault("projection %s" % projection.get("status"), where)
    seen.setdefault("method %s" % projection.get("method"), where)
    if projection.get("why"):
        seen.setdefault("projection why", where)
    for d in goal.get("drivers", []):
        statuses(d, seen, where)


def main():
    seen = {}
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*", "expected", "*.json"))):
        with open(path, encoding="utf-8") as f:
            for g in json.load(f)["goals"]:
                statuses(g, seen, path)
    missing = [s for s in WANTED if s not in seen]
    for s in WANTED:
        print("%-22s %s" % (s, seen.get(s, "MISSING")))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
