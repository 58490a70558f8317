#!/bin/sh
# The main job on the bundled example: check it, compile it into a native
# evaluator, and print its dashboard on the bundled sample data. The sample
# data runs from 2024-07 to 2026-06; AS_OF picks the day the dashboard shows
# (default 2025-10-05, half-way through the goals; AS_OF=today for today).
set -eu
BUILD=${1:-build}
AS_OF=${AS_OF:-2025-10-05}
"$BUILD/kpic" check examples/webshop/webshop.kpi
echo "examples/webshop/webshop.kpi: no errors"
"$BUILD/kpic" build examples/webshop/webshop.kpi -o "$BUILD/webshop"
echo "built $BUILD/webshop; its dashboard as of $AS_OF:"
echo
# exit status 1 means "a goal needs attention", which is what a dashboard is for
status=0
if [ "$AS_OF" = today ]; then
    "$BUILD/webshop" || status=$?
else
    "$BUILD/webshop" --as-of "$AS_OF" || status=$?
fi
[ "$status" -le 1 ]
