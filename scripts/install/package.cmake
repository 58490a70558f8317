# `make package`: a Debian package of kpic, built by CPack from the same
# install rules as `make install` (docs/install.md). The Makefile configures
# a Release build of its own for prefix /usr without the build-tree
# fallbacks (KPI_BUILD_TREE_PATHS=OFF) and runs cpack there.
#
# Depends: dpkg-shlibdeps reads the libraries kpic, the back end and libkpirt
# are linked with (libc6, libcjson1, libllvmNN, ...); kpic build also runs the
# system C compiler to link evaluators against libkpirt.a and its libraries
# (-lzstd -lz -pthread -lm, KPIRT_LINK_LIBS), hence a C compiler, libc6-dev,
# zlib1g-dev and libzstd-dev. lld links shared libraries for other architectures
# (--target), pkgconf reads kpirt.pc: recommended, not needed. libpq5 is
# loaded with dlopen by an evaluator run with --engine (runtime/src/engine.c),
# never linked: recommended for that option, not needed otherwise.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kpic)
set(CPACK_PACKAGE_VENDOR kpic)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "compiler for KPI goals: checks them and builds native evaluators")
set(CPACK_PACKAGE_DESCRIPTION "kpic checks KPI goals written in .kpi files like a type checker (names, units,
SMART completeness), compiles them with LLVM into native evaluators that
stream the data once, and reports whether each goal is on track. It also
provides a language server, a formatter, the runtime library libkpirt with
its pkg-config file, and a standard library of ready-made metrics.")
set(KPI_PACKAGE_MAINTAINER "kpic maintainers <maintainers@kpic.invalid>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${KPI_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "gcc | c-compiler, libc6-dev, zlib1g-dev, libzstd-dev")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "lld, pkgconf, libpq5")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
include(CPack)
