#!/bin/sh
# run_kpic_test.sh KPIC EXAMPLES WORK: `kpic test` end to end.
#   - every example's tests pass (their expected values were computed by
#     examples/fixtures.py with the reference evaluator, not by kpic), and
#     every example that compiles has tests;
#   - a wrong expected value fails, exit 1, and TAP shows expected and actual;
#     the same run as JUnit XML parses and counts the failure;
#   - a fixture the evaluator cannot read is a failed test with its message;
#   - a file with errors, a bad --format and a missing path exit as documented.
set -u
KPIC=$1
EXAMPLES=$2
WORK=$3
rm -rf "$WORK"
mkdir -p "$WORK"
passed=0 failed=0
check() {   # check NAME CONDITION...
    name=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; failed=$((failed + 1)); fi
}

"$KPIC" test "$EXAMPLES" > "$WORK/all.tap" 2> "$WORK/all.err"
status=$?
check "the examples' tests pass (exit $status)" [ "$status" -eq 0 ]
check "no test fails" sh -c "! grep -q '^not ok' '$WORK/all.tap'"
oks=$(grep -c '^ok ' "$WORK/all.tap")
check "at least six tests ran ($oks)" [ "$oks" -ge 6 ]
check "the plan counts them" grep -q "^1\.\.$oks\$" "$WORK/all.tap"
for kpi in "$EXAMPLES"/*/*.kpi; do
    case "$kpi" in */smart-mistakes/*) continue ;; esac   # fails to check by design
    check "$(basename "$kpi") has tests" grep -q "^test " "$kpi"
done

# A wrong expectation: the copied webshop with one value changed.
cp -r "$EXAMPLES/webshop" "$WORK/webshop"
sed 's/^  expect calm_bounce current .*/  expect calm_bounce current 40%/' "$EXAMPLES/webshop/webshop.kpi" \
    > "$WORK/webshop/webshop.kpi"
"$KPIC" test "$WORK/webshop/webshop.kpi" > "$WORK/wrong.tap" 2> "$WORK/wrong.err"
status=$?
check "a wrong value fails with exit 1 (exit $status)" [ "$status" -eq 1 ]
check "TAP names the failed test" grep -q '^not ok 1 - .*webshop.kpi: spring_2025' "$WORK/wrong.tap"
check "TAP shows the expected value" grep -q 'expected: "40%"' "$WORK/wrong.tap"
check "TAP shows the actual value" grep -q 'actual: "38.0323%"' "$WORK/wrong.tap"
check "TAP says where the expectation is" grep -q 'webshop.kpi:[0-9]*:3: calm_bounce current' "$WORK/wrong.tap"
check "the other test passes" grep -q '^ok 2 - ' "$WORK/wrong.tap"
"$KPIC" test --format junit "$WORK/webshop/webshop.kpi" > "$WORK/wrong.xml"
check "--format junit exits 1 too" [ $? -eq 1 ]
check "JUnit XML parses and counts one failure in two tests" python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall("./testsuite/testcase")
failures = [c for c in cases if c.find("failure") is not None]
assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1", root.attrib
assert len(cases) == 2 and len(failures) == 1
assert "expected 40%, got 38.0323%" in failures[0].find("failure").get("message")
' "$WORK/wrong.xml"

# A fixture the evaluator refuses: a number column holding text.
mkdir -p "$WORK/badfix/fixtures"
printf 'day,visitors\n2025-12-01,10\n2026-01-01,lots\n' > "$WORK/badfix/fixtures/site.csv"
printf 'day,visitors\n2025-12-01,10\n' > "$WORK/badfix/site.csv"
cat > "$WORK/badfix/goals.kpi" <<'EOF'
source site = csv "site.csv" date "day"

metric visitors : count

goal more_visitors
  raise visitors 10% within 6 months
  owner "Web"
  starting 2026-01

test bad_fixture
  data site "fixtures/site.csv"
  as of 2026-01-31
  expect more_visitors status on_track
EOF
"$KPIC" test "$WORK/badfix" > "$WORK/badfix.tap" 2> "$WORK/badfix.err"
check "a bad fixture fails the test (exit $?)" grep -q '^not ok 1 - .*goals.kpi: bad_fixture' "$WORK/badfix.tap"
check "with the evaluator's message" grep -q 'error: ".*site.csv' "$WORK/badfix.tap"

# A file with errors: its diagnostics, a failed entry, exit 1.
sed 's/expect more_visitors status on_track/expect more_visitor status on_track/' "$WORK/badfix/goals.kpi" \
    > "$WORK/badfix/typo.kpi"
"$KPIC" test "$WORK/badfix/typo.kpi" > "$WORK/typo.tap" 2> "$WORK/typo.err"
check "a file with errors exits 1" [ $? -eq 1 ]
check "its diagnostic is printed" grep -q 'typo.kpi:13:10: error: unknown goal .more_visitor. \[E001\]' "$WORK/typo.err"
check "and it is a failed entry" grep -q '^not ok 1 - .*typo.kpi' "$WORK/typo.tap"

# A file name with a control byte, a bidi control and '#': written as kpic
# writes them in every message (\x1b, \u202e), never raw, and '#' does not
# start a TAP directive; the JUnit XML still parses.
odd="$WORK/badfix/odd$(printf '\033')[31m#1$(printf '\342\200\256')x.kpi"
cp "$WORK/badfix/goals.kpi" "$odd"
"$KPIC" test "$odd" > "$WORK/odd.tap" 2> "$WORK/odd.err"
check "the odd name fails like the plain one" grep -q '^not ok 1 - .*odd\\x1b\[31m\\#1\\u202ex\.kpi: bad_fixture' "$WORK/odd.tap"
check "its YAML place is quoted and escaped" grep -q '^  at: ".*odd\\x1b\[31m#1\\u202ex\.kpi:[0-9]*:1"' "$WORK/odd.tap"
check "no raw control in TAP" sh -c "! LC_ALL=C grep -q \"\$(printf '\033')\" '$WORK/odd.tap' && ! grep -q \"\$(printf '\342\200\256')\" '$WORK/odd.tap'"
"$KPIC" test --format junit "$odd" > "$WORK/odd.xml" 2> /dev/null
check "JUnit XML with the odd name parses, escaped" python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
name = root.find("./testsuite").get("name")
assert "\\x1b[31m#1\\u202ex.kpi" in name, name
assert "\x1b" not in name and "\u202e" not in name, name
' "$WORK/odd.xml"

"$KPIC" test --format xml "$WORK/badfix/goals.kpi" > /dev/null 2> "$WORK/usage.err"
check "--format xml is a usage error (exit 2)" [ $? -eq 2 ]
check "naming the formats" grep -q 'use tap or junit' "$WORK/usage.err"
"$KPIC" test "$WORK/nothing-here" > /dev/null 2>&1
check "a missing path exits 2" [ $? -eq 2 ]
"$KPIC" test --help | grep -q '^usage: kpic test'
check "--help prints the usage" [ $? -eq 0 ]

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
