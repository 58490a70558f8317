#!/bin/sh
# run_target.sh KPIC SPEC WORK_DIR
#
# The machine `kpic build` compiles for (docs/codegen.md, "Target machine"):
# by default the host's architecture at its baseline CPU, as cc, so the
# disassembly of an x86-64 evaluator has no AVX at all (no VEX or EVEX
# instruction, no ymm/zmm or mask register), even on an AVX-512 host;
# -march=native and -march=NAME reach LLVM; --target aarch64-linux-gnu writes
# AArch64 objects and shared libraries; an executable for another machine
# and a misspelt CPU or triple are one clear error each (exit 2).
set -u
kpic=$1
spec=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
unset KPIC_RUNTIME_DIR   # with CC, a cross runtime: the cross link would be tried
fail=0
no() { echo "FAIL: $*"; fail=1; }

# expect_error NAME PATTERN ARGS...: exit 2, one error line matching PATTERN
expect_error() {
    name=$1 pattern=$2
    shift 2
    "$kpic" build "$@" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
    [ $rc = 2 ] || no "$name: exit status $rc, expected 2"
    [ "$(grep -c '^kpic: error: ' "$work/$name.err")" = 1 ] || no "$name: not one error line"
    grep -q -- "$pattern" "$work/$name.err" || { no "$name: no '$pattern' in the error"; cat "$work/$name.err"; }
}

vex='	v[a-z0-9]* '   # objdump's tab, then an AVX mnemonic (vmovsd, vaddpd, ...)
case $(uname -m) in
x86_64)
    "$kpic" build -c "$spec" -o "$work/default.o" || no "default build -c"
    objdump -d "$work/default.o" >"$work/default.dis" || no "objdump of the default object"
    grep -E '%(zmm|ymm)[0-9]|%k[0-7]' "$work/default.dis" >"$work/wide" && no "the default object uses AVX registers: $(head -3 "$work/wide")"
    grep -q "$vex" "$work/default.dis" && no "the default object has AVX instructions: $(grep -m3 "$vex" "$work/default.dis")"
    "$kpic" build -c -march=x86-64-v3 "$spec" -o "$work/v3.o" || no "-march=x86-64-v3"
    objdump -d "$work/v3.o" | grep -q "$vex" || no "-march=x86-64-v3 did not reach LLVM (no AVX instruction)"
    # -march=native and --cpu=native use what this CPU has
    for flag in -march=native --cpu=native; do
        "$kpic" build -c "$flag" "$spec" -o "$work/native.o" || no "$flag"
        if grep -qw avx /proc/cpuinfo; then
            objdump -d "$work/native.o" | grep -q "$vex" || no "$flag on an AVX host has no AVX instruction"
        fi
    done
    # the portable executable still prints what kpic run (host CPU) prints
    "$kpic" build "$spec" -o "$work/portable" || no "default build"
    "$work/portable" --as-of 2025-10-05 --format json >"$work/portable.json"
    "$kpic" run "$spec" --as-of 2025-10-05 --format json >"$work/run.json"
    cmp -s "$work/portable.json" "$work/run.json" || no "the portable evaluator and kpic run differ"
    ;;
esac

# another architecture
"$kpic" build -c --target aarch64-linux-gnu "$spec" -o "$work/arm.o" || no "--target aarch64-linux-gnu -c"
readelf -h "$work/arm.o" >"$work/arm.o.h" 2>&1
grep -q 'Class: *ELF64' "$work/arm.o.h" && grep -q 'Machine: *AArch64' "$work/arm.o.h" &&
    grep -q 'Type: *REL' "$work/arm.o.h" || { no "the aarch64 object is not ELF64 AArch64"; cat "$work/arm.o.h"; }
"$kpic" build -S --target=aarch64-linux-gnu "$spec" -o - | grep -q 'ldr' || no "--target=aarch64-linux-gnu -S"
if command -v ld.lld >/dev/null 2>&1; then
    "$kpic" build --shared --target aarch64-linux-gnu "$spec" -o "$work/libarm.so" || no "--target aarch64 --shared"
    readelf -h "$work/libarm.so" >"$work/arm.so.h" 2>&1
    grep -q 'Machine: *AArch64' "$work/arm.so.h" && grep -q 'Type: *DYN' "$work/arm.so.h" ||
        { no "the aarch64 library is not an AArch64 shared object"; cat "$work/arm.so.h"; }
    readelf --dyn-syms -W "$work/libarm.so" | grep -q ' FUNC .* GLOBAL .* [0-9][0-9]* webshop_program$' ||
        no "the aarch64 library does not define webshop_program"
    grep -ls 'holds the evaluator only, not the runtime' "$work"/*.h | grep -q . ||
        no "the aarch64 library's header does not say the runtime is the program's to link"
fi
expect_error cross-exe 'cannot link an executable for aarch64' --target aarch64-linux-gnu "$spec" -o "$work/arm"
[ -e "$work/arm" ] && no "a failed cross link left $work/arm"
expect_error bad-cpu "unknown CPU 'skylakee'" -march=skylakee "$spec" -o "$work/x"
expect_error bad-triple "unknown target 'nonsense-triple'" -c --target nonsense-triple "$spec" -o "$work/x.o"
expect_error native-cross '-march=native' -c --target aarch64-linux-gnu -march=native "$spec" -o "$work/x.o"
expect_error no-value '--target needs a value' "$spec" --target
[ $fail = 0 ] && echo "ok: default, native, named CPU and aarch64 targets"
exit $fail
