# lib.sh: what the end-to-end scripts that check a spec against an
# independent reference share. Sourced after setting kpic, work and fail.
#
# check_dates CHECKER NAME SPEC KIND DATA DATE...: build $work/SPEC once into
# $work/NAME, then at each DATE run it on 2 threads and hand the JSON report
# to `python3 CHECKER KIND DATA REPORT.json DATE REPORT.csv REPORT.txt
# REPORT.html` (the checker computes every number without kpic; the other
# formats are there for checkers that look at them). The report must be the
# same bytes on each thread count of $also_threads (default 1) and from
# `kpic run` (the JIT). Sets fail=1 on a difference.
check_dates() {
    checker=$1 name=$2 spec=$3 kind=$4 data=$5
    shift 5
    "$kpic" build "$work/$spec" -o "$work/$name" || {
        echo "FAIL: kpic build $spec"
        fail=1
        return 1
    }
    for date in "$@"; do
        out=$work/$name-$date
        "$work/$name" --as-of "$date" --format json --threads 2 >"$out.json"
        [ $? -le 1 ] || { echo "FAIL: $name --as-of $date"; fail=1; continue; }
        for format in csv text html; do
            "$work/$name" --as-of "$date" --format $format >"$out.$format"
        done
        python3 "$checker" "$kind" "$data" "$out.json" "$date" "$out.csv" "$out.text" "$out.html" || fail=1
        for t in ${also_threads:-1}; do
            "$work/$name" --as-of "$date" --format json --threads "$t" >"$out.$t.json"
            cmp -s "$out.json" "$out.$t.json" || { echo "FAIL: $name --threads $t differs ($date)"; fail=1; }
        done
        "$kpic" run "$work/$spec" --as-of "$date" --format json >"$out.jit.json"
        cmp -s "$out.json" "$out.jit.json" || { echo "FAIL: $name: kpic run differs ($date)"; fail=1; }
    done
}
