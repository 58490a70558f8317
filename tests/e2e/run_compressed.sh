#!/bin/sh
# run_compressed.sh KPIC LIBKPIRT INCLUDE_DIR WORK_DIR
#
# Compressed exports read directly (docs/runtime.md): the seed example's data
# as .csv.gz and .csv.zst (and multi-member, and under a misleading name,
# since the magic bytes decide), read by the built evaluator, by `kpic run`
# (JIT), from standard input with `--data -`, by an object linked by hand with
# the documented line and by a `--shared` library called from C: every report
# is byte for byte the one of the plain file. A cut or corrupt file, stray
# bytes after the end and a format that is not read are errors (status 2)
# that name the file and say what is wrong. `kpic check` verifies a spec's
# columns against a compressed source too.
set -u
kpic=$1
libkpirt=$2
include=$3
work=$4
here=$(cd "$(dirname "$0")" && pwd)
spec=$(cd "$here/../../examples/webshop" && pwd)/webshop.kpi
plain=$(dirname "$spec")/data/shop.csv
asof=2025-10-05
cc=${CC:-cc}
rm -rf "$work"
mkdir -p "$work"
fail=0
for tool in gzip zstd; do
    command -v $tool >/dev/null || { echo "FAIL: the $tool command is needed (scripts/install-deps.sh)"; exit 1; }
done

same() {  # same FILE DESCRIPTION: FILE is the plain file's report
    cmp -s "$work/plain.json" "$1" || { echo "FAIL: $2"; diff "$work/plain.json" "$1" | head; fail=1; }
}

report() {  # report OUT COMMAND...: the JSON report; status 0 or 1 (a goal needs attention)
    out=$1
    shift
    "$@" --as-of $asof --format json >"$out" 2>"$out.err"
    [ $? -le 1 ] || { echo "FAIL: $*"; cat "$out.err"; fail=1; }
}

expect_error() {  # expect_error PATTERN COMMAND...: status 2, stderr matches the extended regex
    pattern=$1
    shift
    "$@" --as-of $asof >/dev/null 2>"$work/last.err"
    rc=$?
    if [ $rc -ne 2 ] || ! grep -Eq -- "$pattern" "$work/last.err"; then
        echo "FAIL: '$*' gave status $rc and stderr:"
        cat "$work/last.err"
        echo "(expected status 2 and: $pattern)"
        fail=1
    fi
}

"$kpic" build "$spec" -o "$work/webshop" || { echo "FAIL: kpic build"; exit 1; }
report "$work/plain.json" "$work/webshop" --data "$plain"

gzip -c "$plain" >"$work/shop.csv.gz"
zstd -q -c "$plain" >"$work/shop.csv.zst"
head -n 300 "$plain" | gzip -c >"$work/multi.csv.gz"
tail -n +301 "$plain" | gzip -c >>"$work/multi.csv.gz"
cp "$work/shop.csv.zst" "$work/named-plain.csv"

for f in shop.csv.gz shop.csv.zst multi.csv.gz named-plain.csv; do
    report "$work/$f.exe.json" "$work/webshop" --data "$work/$f"
    same "$work/$f.exe.json" "the evaluator on $f"
    report "$work/$f.run.json" "$kpic" run "$spec" --data "$work/$f"
    same "$work/$f.run.json" "kpic run on $f"
    report "$work/$f.stdin.json" "$work/webshop" --data - <"$work/$f"
    same "$work/$f.stdin.json" "the evaluator on $f from standard input"
done
cat "$work/shop.csv.gz" | "$work/webshop" --data - --as-of $asof --format json >"$work/pipe.json" 2>"$work/pipe.err"
same "$work/pipe.json" "the evaluator at the end of a pipe of gzip data"
"$kpic" run "$spec" --data - --as-of $asof --format json <"$work/shop.csv.zst" >"$work/run-stdin.json" 2>/dev/null
same "$work/run-stdin.json" "kpic run on zstd data from standard input"

# an object linked by hand with the documented line, and a --shared library called from C
if "$kpic" build -c "$spec" -o "$work/webshop.o" &&
    $cc -o "$work/by-hand" "$work/webshop.o" "$libkpirt" -lzstd -lz -pthread -lm; then
    report "$work/by-hand.json" "$work/by-hand" --data "$work/shop.csv.zst"
    same "$work/by-hand.json" "an object linked by hand reading zstd data"
else
    echo "FAIL: kpic build -c and 'cc OBJECT libkpirt.a -lzstd -lz -pthread -lm'"
    fail=1
fi
if "$kpic" build --shared "$spec" -o "$work/libwebshop.so"; then
    printf '#include "webshop.h"\nint main(int argc, char **argv) { return webshop_evaluate(argc, argv); }\n' \
        >"$work/host.c"
    if $cc -I"$work" -I"$include" -o "$work/host" "$work/host.c" -L"$work" -lwebshop -Wl,-rpath,"$work"; then
        report "$work/host.json" "$work/host" --data "$work/shop.csv.gz"
        same "$work/host.json" "a --shared library reading gzip data"
    else
        echo "FAIL: linking a C program with the --shared library"
        fail=1
    fi
else
    echo "FAIL: kpic build --shared"
    fail=1
fi

# kpic check samples a compressed source as the evaluator reads it: its columns are verified
sed 's|csv "data/shop.csv"|csv "shop.csv.gz"|' "$spec" >"$work/gz.kpi"
if ! "$kpic" check "$work/gz.kpi" >/dev/null 2>"$work/check.err" || grep -q "M003" "$work/check.err"; then
    echo "FAIL: kpic check of a spec whose source is a .csv.gz:"
    cat "$work/check.err"
    fail=1
fi
sed 's|from "omzet"|from "omzett"|' "$work/gz.kpi" >"$work/typo.kpi"
"$kpic" check "$work/typo.kpi" >/dev/null 2>"$work/check.err"
grep -q "column 'omzett' not found in shop.csv.gz" "$work/check.err" && grep -q "did you mean 'omzet'" "$work/check.err" ||
    { echo "FAIL: kpic check does not verify a compressed source's columns:"; cat "$work/check.err"; fail=1; }

# bad input: cut, corrupt, stray bytes after the end, formats that are not read
size=$(wc -c <"$work/shop.csv.gz")
head -c $((size / 2)) "$work/shop.csv.gz" >"$work/cut.csv.gz"
expect_error "^webshop: error: $work/cut.csv.gz:[0-9]+: the gzip data is cut short: the file ends after $((size / 2)) bytes" \
    "$work/webshop" --data "$work/cut.csv.gz"
expect_error "^webshop: error: <stdin>:[0-9]+: the gzip data is cut short" \
    "$work/webshop" --data - <"$work/cut.csv.gz"
zsize=$(wc -c <"$work/shop.csv.zst")
head -c $((zsize - 5)) "$work/shop.csv.zst" >"$work/cut.csv.zst"
expect_error "^kpic run $spec: error: $work/cut.csv.zst:[0-9]+: the zstd data is cut short" \
    "$kpic" run "$spec" --data "$work/cut.csv.zst"
# the CRC-32 in gzip's trailer, 8 bytes before the end
cp "$work/shop.csv.gz" "$work/crc.csv.gz"
printf 'XXXX' | dd of="$work/crc.csv.gz" bs=1 seek=$((size - 8)) conv=notrunc 2>/dev/null
expect_error "crc.csv.gz:[0-9]+: corrupt gzip data near byte [0-9]+ of the file \(incorrect data check\)" \
    "$work/webshop" --data "$work/crc.csv.gz"
{ cat "$work/shop.csv.gz"; echo; } >"$work/newline.csv.gz"
expect_error "unexpected bytes after the end of the gzip data, at byte $((size + 1)) of the file" \
    "$work/webshop" --data "$work/newline.csv.gz"
if command -v xz >/dev/null; then
    xz -c "$plain" >"$work/shop.csv.xz"
    expect_error "shop.csv.xz: the file is compressed with xz, which is not read directly" \
        "$work/webshop" --data "$work/shop.csv.xz"
fi

[ $fail -eq 0 ] && echo "compressed input: all checks passed"
exit $fail
