#!/bin/sh
# The main job on the bundled example: check it.
set -eu
BUILD=${1:-build}
"$BUILD/kpic" check examples/webshop/webshop.kpi
echo "examples/webshop/webshop.kpi: no errors"
