#!/bin/sh
# run_golden.sh KPIC CASES: each CASES/NAME.kpi formats to CASES/NAME.expected
# (each line checked against the rules in docs/fmt.md when it was added; a
# change of layout must update docs/fmt.md and these files together), and the
# expected text is a fixed point of the formatter.
set -u
KPIC=$1
CASES=$2
passed=0 failed=0
for input in "$CASES"/*.kpi; do
    name=${input%.kpi}
    expected=$name.expected
    if "$KPIC" fmt "$input" | cmp -s - "$expected" && "$KPIC" fmt "$expected" | cmp -s - "$expected"; then
        passed=$((passed + 1))
    else
        echo "FAIL $(basename "$input"):"
        "$KPIC" fmt "$input" | diff "$expected" - | head -40
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
