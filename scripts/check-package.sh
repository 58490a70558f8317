#!/bin/sh
# check-package.sh [DEB]: installs the Debian package from `make package`
# with dpkg -i, checks the installed /usr/bin/kpic with
# tests/e2e/check_installed.sh (the bundled example checked, built and run
# from a copy in a temporary folder; a C program through pkg-config; man
# pages; completion) with no build tree on any path it uses, then removes the
# package and checks that nothing of it is left. CI runs it (.ci/run);
# docs/install.md. Needs root, or sudo.
set -eu
cd "$(dirname "$0")/.."
deb=${1:-$(ls build-package/kpic_*.deb | tail -1)}
[ -f "$deb" ] || { echo "check-package: no package; run make package" >&2; exit 2; }
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
if dpkg-query -W -f='${Status}' kpic 2>/dev/null | grep -q "install ok installed"; then
    echo "check-package: kpic is already installed as a package; remove it first" >&2
    exit 2
fi
dpkg-deb --info "$deb" | sed -n 's/^ *\(Package\|Version\|Depends\|Recommends\):/&/p'
$SUDO dpkg -i "$deb"
status=0
work=$(mktemp -d)
# nothing from this tree or its build on the installed files
for f in /usr/bin/kpic $(dpkg -L kpic | grep '\.so'); do
    [ -f "$f" ] || continue
    if grep -q -e "$PWD" "$f"; then
        echo "FAIL: $f names $PWD"
        status=1
    fi
done
env -u KPIC_RUNTIME_DIR -u KPI_PATH -u LD_LIBRARY_PATH PATH=/usr/bin:/bin \
    sh tests/e2e/check_installed.sh /usr/bin/kpic "$work/check" || status=1
$SUDO dpkg -r kpic
for f in /usr/bin/kpic /usr/share/kpic; do
    [ ! -e "$f" ] || { echo "FAIL: $f is left after dpkg -r kpic"; status=1; }
done
rm -rf "$work"
[ $status = 0 ] && echo "ok: $deb installs, works from /usr/bin/kpic and removes cleanly"
exit $status
