#!/bin/sh
# run_golden.sh KPIC WORK: `kpic diff OLD NEW` end to end, the expected output
# of each case inline below it. Each case edits a copy of one goal file the
# way a pull request would (sed), runs kpic diff on the two files, and
# compares standard output and the exit status: 0 no changes, 1 changes
# (with --fail-on, only a change of that class), 2 trouble.
set -u
KPIC=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK/old" "$WORK/new"
cd "$WORK" || exit 2
export NO_COLOR=1
failed=0 passed=0

cat > old/goals.kpi <<'EOF'
source shop = csv "data/shop.csv" date "day"

metric revenue : EUR from "omzet"
metric costs : EUR
metric profit : EUR = revenue - costs
metric visitors : count
link visitors to revenue
metric bounce_rate : percent from "bounce" aggregate avg

goal more_profit "Profit +20% in 18 months"
  raise profit 20% by revenue +35% within 18 months via visitors +65%
  owner "Digital marketing manager"
  starting 2025-01
  review monthly
  budget 50000 EUR

goal calm_bounce "Bounce rate stays under 45%"
  keep bounce_rate below 45% within 18 months
  owner "Web team"
  starting 2025-01
EOF

# new SED-SCRIPT: new/goals.kpi is old/goals.kpi edited by the script.
new() { sed "$1" old/goals.kpi > new/goals.kpi; }

# expect NAME STATUS KPIC-ARGS...: the expected standard output is read from standard input.
expect() {
    name=$1 status=$2
    shift 2
    cat > expected.txt
    "$KPIC" diff "$@" > actual.txt 2> stderr.txt
    got=$?
    if [ "$got" -eq "$status" ] && cmp -s expected.txt actual.txt; then
        passed=$((passed + 1))
    else
        echo "FAIL: $name (exit $got, expected $status)"
        diff -u expected.txt actual.txt
        cat stderr.txt
        failed=$((failed + 1))
    fi
}

new 's/^metric costs : EUR$/metric costs :   EUR   # what we pay/'
expect "layout and comments are no change" 0 old/goals.kpi new/goals.kpi <<'EOF'
new/goals.kpi: no changes to the goals
EOF

new 's/raise profit 20% by revenue +35% within 18 months/raise profit 20.0% by revenue +35% by 2026-06-30/; s/budget 50000 EUR/budget 50k EUR/'
expect "the same deadline and amounts, written otherwise, are no change" 0 old/goals.kpi new/goals.kpi <<'EOF'
new/goals.kpi: no changes to the goals
EOF

new 's/raise profit 20%/raise profit 15%/; s/within 18 months via/within 24 months via/; s/budget 50000 EUR/budget 60000 EUR/; s/below 45%/below 40%/; s/owner "Web team"/owner "Web and UX team"/'
expect "a pull request that weakens one goal and tightens another" 1 old/goals.kpi new/goals.kpi <<'EOF'
new/goals.kpi: 5 changes to the goals, 2 weaken a goal
  more_profit: target weakened: raise profit 20% -> raise profit 15%
  more_profit: deadline moved later: 2026-06-30 -> 2026-12-31 (weakens the goal)
  more_profit: budget changed: 50000 EUR -> 60000 EUR
  calm_bounce: target strengthened: keep bounce_rate below 45% -> keep bounce_rate below 40%
  calm_bounce: owner changed: Web team -> Web and UX team
EOF

new 's/^goal calm_bounce /goal low_bounce /; s/ via visitors +65%//'
expect "a rename (matched by metric) and a removed driver" 1 old/goals.kpi new/goals.kpi <<'EOF'
new/goals.kpi: 2 changes to the goals
  low_bounce: renamed from calm_bounce
  more_profit.revenue.visitors: driver removed: raise visitors 65%
EOF

new 's/^metric costs : EUR$/metric costs : EUR from "kosten" where kind != "refund"/'
expect "a metric's binding changes, naming the goals it reaches" 1 old/goals.kpi new/goals.kpi <<'EOF'
new/goals.kpi: 1 change to the goals
  costs: metric definition changed: sum of "costs" from shop (EUR) -> sum of "kosten" from shop where kind != "refund" (EUR); affects more_profit
EOF

new '/^goal calm_bounce/,$d'
expect "a removed goal, --fail-on=weakened: exit 0" 0 --fail-on=weakened old/goals.kpi new/goals.kpi <<'EOF'
new/goals.kpi: 1 change to the goals
  calm_bounce: goal removed: keep bounce_rate below 45%
EOF
expect "a removed goal, --fail-on=removed: exit 1" 1 --fail-on=removed --format=markdown old/goals.kpi new/goals.kpi <<'EOF'
#### Goal changes in `new/goals.kpi`

1 change to the goals.

| Goal | Change | Before | After |
|---|---|---|---|
| `calm_bounce` | goal removed | keep bounce_rate below 45% |  |

EOF

# JSON is compared as data (python3), so its indentation is free.
new 's/raise profit 20%/raise profit 15%/; s/Web team/Web \\"UX\\" team/'
"$KPIC" diff --format=json old/goals.kpi new/goals.kpi > actual.json
got=$?
if [ "$got" -eq 1 ] && python3 -c '
import json, sys
expected = {"files": [{"file": "new/goals.kpi", "changed": True, "weakened": True, "changes": [
    {"kind": "target_weakened", "subject": "more_profit", "effect": "weakens",
     "before": "raise profit 20%", "after": "raise profit 15%"},
    {"kind": "owner_changed", "subject": "calm_bounce", "effect": "neutral",
     "before": "Web team", "after": "Web \"UX\" team"}]}],
    "changed": True, "weakened": True}
actual = json.load(open("actual.json"))
sys.exit(0 if actual == expected else "JSON differs: %s" % json.dumps(actual))'; then
    passed=$((passed + 1))
else
    echo "FAIL: JSON (exit $got)"
    failed=$((failed + 1))
fi

expect "a new file: every goal added" 1 /dev/null old/goals.kpi <<'EOF'
old/goals.kpi: 2 changes to the goals
  more_profit: goal added: raise profit 20%
  calm_bounce: goal added: keep bounce_rate below 45%
EOF

new 's/raise profit 20%/raise profit 20 percent/'
expect "a version with errors is trouble: exit 2, nothing on standard output" 2 old/goals.kpi new/goals.kpi <<'EOF'
EOF
expect "a missing file: exit 2" 2 old/goals.kpi new/missing.kpi <<'EOF'
EOF
expect "one operand: usage, exit 2" 2 old/goals.kpi <<'EOF'
EOF
expect "an unknown --fail-on class: usage, exit 2" 2 --fail-on=slower old/goals.kpi old/goals.kpi <<'EOF'
EOF

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
