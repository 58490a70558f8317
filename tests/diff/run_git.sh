#!/bin/sh
# run_git.sh KPIC WORK: kpic diff with git, in a repository this test creates.
#   - as git's external diff driver (.gitattributes '*.kpi diff=kpi' and
#     diff.kpi.command), for git diff, git diff --cached, and git show and
#     git log -p with --ext-diff, from the top and from a subfolder: old versions come from
#     git's temporary files and still resolve their local import;
#   - a new file (all goals added), a deleted one (all removed), a
#     reformatted one (no changes), and a version with errors, after which
#     git goes on;
#   - kpic diff --git REV [FILE]: the exit statuses, --fail-on, a bad revision.
set -u
KPIC=$1
WORK=$2
rm -rf "$WORK"
OUT=$WORK/out
mkdir -p "$WORK/repo/goals" "$OUT"
cd "$WORK/repo" || exit 2
export NO_COLOR=1 GIT_CONFIG_NOSYSTEM=1 HOME="$WORK" GIT_PAGER=cat PAGER=cat
failed=0 passed=0
check() {   # check NAME CONDITION...
    name=$1; shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; failed=$((failed + 1)); fi
}
has() { grep -qxF -- "$2" "$1" || { echo "--- $1 has no line '$2':"; cat "$1"; return 1; }; }

git init -q .
git config user.email reviewer@example.com
git config user.name Reviewer
git config diff.kpi.command "$KPIC diff"
echo '*.kpi diff=kpi' > .gitattributes

# a local module beside the goals: the old version must find it too
cat > goals/shop_metrics.kpi <<'EOF'
metric revenue : EUR from "omzet"
metric costs : EUR
metric profit : EUR = revenue - costs
EOF
cat > goals/team.kpi <<'EOF'
import shop_metrics

source shop = csv "data/shop.csv" date "day"

goal more_profit "Profit +20%"
  raise profit 20% within 12 months
  owner "Finance"
  starting 2025-01
EOF
"$KPIC" check goals/team.kpi > "$OUT/check.out" 2>&1
check "the goal file checks (its import resolves)" [ $? -eq 0 ]
git add -A && git commit -qm "goals"

sed -i 's/raise profit 20%/raise profit 12%/' goals/team.kpi
git diff > "$OUT/diff.out" 2> "$OUT/diff.err"
check "git diff exits 0 with the driver" [ $? -eq 0 ]
check "git diff names the file" has "$OUT/diff.out" "goals/team.kpi: 1 change to the goals, 1 weakens a goal"
check "git diff says the target was weakened" \
    has "$OUT/diff.out" "  more_profit: target weakened: raise profit 20% -> raise profit 12%"
(cd goals && git diff) > "$OUT/sub.out" 2>&1
check "git diff from a subfolder" has "$OUT/sub.out" "  more_profit: target weakened: raise profit 20% -> raise profit 12%"

"$KPIC" diff --git HEAD > "$OUT/rev.out" 2> "$OUT/rev.err"
check "kpic diff --git HEAD exits 1 on changes ($?)" [ $? -eq 1 ]
check "kpic diff --git HEAD finds the changed file" \
    has "$OUT/rev.out" "goals/team.kpi (HEAD..working tree): 1 change to the goals, 1 weakens a goal"
(cd goals && "$KPIC" diff --git HEAD team.kpi) > "$OUT/rev-sub.out" 2>&1
check "kpic diff --git HEAD FILE from a subfolder" \
    has "$OUT/rev-sub.out" "team.kpi (HEAD..working tree): 1 change to the goals, 1 weakens a goal"
"$KPIC" diff --git HEAD --fail-on=removed > /dev/null 2>&1
check "--fail-on=removed ignores a weakened target" [ $? -eq 0 ]
"$KPIC" diff --git HEAD --fail-on=weakened > /dev/null 2>&1
check "--fail-on=weakened exits 1" [ $? -eq 1 ]
"$KPIC" diff --git no-such-branch > "$OUT/bad.out" 2> "$OUT/bad.err"
check "a bad revision exits 2" [ $? -eq 2 ]
check "a bad revision is named" grep -q "'no-such-branch' is not a git revision" "$OUT/bad.err"

"$KPIC" diff --git HEAD goals/no-such.kpi > /dev/null 2> "$OUT/nofile.err"
check "a file on neither side exits 2" [ $? -eq 2 ]
check "a file on neither side is named" grep -q "'goals/no-such.kpi' exists neither at 'HEAD' nor in the working tree" "$OUT/nofile.err"
cp goals/team.kpi goals/draft.kpi
"$KPIC" diff --git HEAD goals/draft.kpi > "$OUT/untracked.out" 2>&1
check "a file not yet in git: every goal added" has "$OUT/untracked.out" "  more_profit: goal added: raise profit 12%"
rm goals/draft.kpi

git commit -qam "weaker profit target"
git show --ext-diff HEAD > "$OUT/show.out" 2>&1
check "git show runs the driver on two blobs" \
    has "$OUT/show.out" "  more_profit: target weakened: raise profit 20% -> raise profit 12%"

# layout only: no change to the goals
sed -i 's/^  owner "Finance"$/  owner   "Finance"   # the CFO/' goals/team.kpi
git diff > "$OUT/layout.out" 2>&1
check "a layout change is no change" has "$OUT/layout.out" "goals/team.kpi: no changes to the goals"
git commit -qam "layout"

# a new file and a deleted one, staged
cat > goals/support.kpi <<'EOF'
source desk = csv "data/desk.csv" date "day"
metric tickets : count

goal fewer_tickets "Fewer tickets"
  lower tickets 10% within 6 months
  owner "Support"
  starting 2025-01
EOF
git add goals/support.kpi
git diff --cached > "$OUT/added.out" 2>&1
check "a new file: its goals are added" has "$OUT/added.out" "  fewer_tickets: goal added: lower tickets 10%"
git commit -qm "support goals"
git rm -q goals/support.kpi
git diff --cached > "$OUT/removed.out" 2>&1
check "a deleted file: its goals are removed" has "$OUT/removed.out" "  fewer_tickets: goal removed: lower tickets 10%"
git commit -qm "no support goals"

# a version with errors: reported, and git goes on to the next file
printf 'goal broken\n  raise profit 20 percent\n' >> goals/team.kpi
git diff > "$OUT/broken.out" 2> "$OUT/broken.err"
check "git diff goes on after a version with errors" [ $? -eq 0 ]
check "the broken version is named in the output" \
    has "$OUT/broken.out" "goals/team.kpi: the goals cannot be compared: a version has errors (see 'kpic check')"
check "its diagnostics go to standard error" grep -q "error:" "$OUT/broken.err"
git checkout -q -- goals

git log -p --ext-diff --format=%s > "$OUT/log.out" 2>&1
check "git log -p runs the driver for every commit" [ "$(grep -c '^goals/.*kpi: ' "$OUT/log.out")" -ge 5 ]
check "git log -p shows the history of the target" \
    has "$OUT/log.out" "  more_profit: target weakened: raise profit 20% -> raise profit 12%"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
