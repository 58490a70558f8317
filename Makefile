# A thin wrapper around CMake so the usual words work: make, make test,
# make install, make example. Everything real lives in CMakeLists.txt.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local
CMAKE_FLAGS ?=
ifeq ($(KPI_WERROR),1)
CMAKE_FLAGS += -DKPI_WERROR=ON
endif
# make test BUILD=build-asan KPI_SANITIZE=1: the suite under ASan and UBSan.
ifeq ($(KPI_SANITIZE),1)
CMAKE_FLAGS += -DKPI_SANITIZE=ON
endif
# make fuzz FUZZ_SECONDS=600: builds the libFuzzer targets with clang in
# FUZZ_BUILD and runs each for that long (fuzz/run.sh, docs/hardening.md).
FUZZ_SECONDS ?= 600
FUZZ_BUILD ?= build-fuzz
FUZZ_CC ?= clang

.PHONY: all configure test test-llvm19 example install package vsix clean bench fuzz

all: configure
	cmake --build $(BUILD) -j $(JOBS)

configure:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

test: all
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The suite built with LLVM 19 (Debian's llvm-19-dev) instead of the default
# LLVM, in a build of its own; CI's second stage (docs/codegen.md). The
# browser and hardening tests do not depend on LLVM and run in the first.
LLVM19_BUILD ?= build-llvm19
LLVM19_DIR ?= /usr/lib/llvm-19/lib/cmake/llvm
test-llvm19:
	@test -f $(LLVM19_BUILD)/CMakeCache.txt || cmake -S . -B $(LLVM19_BUILD) $(CMAKE_FLAGS) -DLLVM_DIR=$(LLVM19_DIR)
	cmake --build $(LLVM19_BUILD) -j $(JOBS)
	ctest --test-dir $(LLVM19_BUILD) --output-on-failure -j $(JOBS) -LE 'browser|hardening'

example: all
	./scripts/example.sh $(BUILD)

install: all
	cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package (docs/install.md): a Release build of its own for /usr,
# without fallbacks to this build tree; the .deb lands in PACKAGE_BUILD.
PACKAGE_BUILD ?= build-package
package:
	@test -f $(PACKAGE_BUILD)/CMakeCache.txt || cmake -S . -B $(PACKAGE_BUILD) -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_INSTALL_PREFIX=/usr -DKPI_BUILD_TESTS=OFF -DKPI_BUILD_TREE_PATHS=OFF $(CMAKE_FLAGS)
	cmake --build $(PACKAGE_BUILD) -j $(JOBS)
	cd $(PACKAGE_BUILD) && cpack -G DEB
	@ls $(PACKAGE_BUILD)/*.deb

# The VS Code extension as editors/vscode/kpi-language-VERSION.vsix (docs/editors.md).
vsix:
	npm ci --prefix editors/vscode --ignore-scripts --no-audit --no-fund
	npm run --prefix editors/vscode package

# Benchmarks against DuckDB, mawk and a C floor (docs/performance.md); a
# Release build of its own, never part of `make test`. BENCH_FLAGS passes
# options to bench/run.sh, e.g. BENCH_FLAGS="--rows 1000000 --runs 3".
BENCH_BUILD ?= build-release
BENCH_FLAGS ?=
bench:
	./bench/run.sh --build $(BENCH_BUILD) $(BENCH_FLAGS)

clean:
	rm -rf $(BUILD)

fuzz:
	@test -f $(FUZZ_BUILD)/CMakeCache.txt || CC=$(FUZZ_CC) cmake -S . -B $(FUZZ_BUILD) -DKPI_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all
	sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)
