#!/bin/sh
# run_install_layout.sh SOURCE_DIR WORK_DIR [CMAKE_ARGS...]
#
# The layout of a distribution package: kpic configured for prefix /usr with
# an absolute CMAKE_INSTALL_LIBDIR (/usr/lib/<multiarch>) and no fallback to
# the build tree (KPI_BUILD_TREE_PATHS=OFF, as `make package` builds it),
# installed with DESTDIR into a temporary root. The staged kpic must find its
# back end, runtime and stdlib relative to itself there (check_installed.sh),
# and neither kpic nor the back end may name the build or source tree.
set -u
src=$1
work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
multiarch=$(gcc -print-multiarch 2>/dev/null)
libdir=/usr/lib${multiarch:+/$multiarch}
mkdir -p "$work"
rm -rf "$work/root"
# the build folder stays between runs: a second run only rebuilds what changed
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DKPI_BUILD_TESTS=OFF -DKPI_BUILD_TREE_PATHS=OFF \
    -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_LIBDIR="$libdir" "$@" >"$work/configure.log" 2>&1 ||
    { echo "FAIL: configure"; cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j 2 >"$work/build.log" 2>&1 || { echo "FAIL: build"; tail -30 "$work/build.log"; exit 1; }
DESTDIR=$work/root cmake --install "$work/build" >"$work/install.log" 2>&1 ||
    { echo "FAIL: install"; cat "$work/install.log"; exit 1; }
root=$work/root
[ -f "$root$libdir/libkpirt.a" ] && [ -f "$root$libdir/kpic/libkpic-codegen.so" ] &&
    [ -f "$root$libdir/pkgconfig/kpirt.pc" ] || { echo "FAIL: nothing installed in $libdir"; find "$work/root"; exit 1; }
fail=0
for f in "$root/usr/bin/kpic" "$root$libdir/kpic/libkpic-codegen.so"; do
    if grep -q -e "$src" -e "$work/build" "$f"; then
        echo "FAIL: $f names the source or build tree"
        fail=1
    fi
done
sh "$here/check_installed.sh" "$root/usr/bin/kpic" "$work/check" || fail=1
[ $fail = 0 ] && echo "ok: installed with CMAKE_INSTALL_LIBDIR=$libdir into a DESTDIR root"
exit $fail
