#!/bin/sh
# The README's first command: install what is missing, build, and run kpic on
# the bundled example.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
make
make example
