#!/bin/sh
# run_cli.sh KPIC WORK: the command-line contract of `kpic sql` and of an
# evaluator's --periods: exit statuses, messages, determinism, and that a
# failure leaves neither a query file nor a partial report behind.
set -u
kpic=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
fail=0

# expect STATUS TEXT CMD...: CMD exits with STATUS and prints TEXT on stderr.
expect() {
    want=$1 text=$2
    shift 2
    "$@" >"$work/out" 2>"$work/err"
    rc=$?
    if [ $rc -ne "$want" ] || ! grep -qF -- "$text" "$work/err"; then
        echo "FAIL: $* exited $rc (want $want) with:"
        cat "$work/err"
        echo "  (expected \"$text\")"
        fail=1
    fi
}

spec=$root/examples/webshop/webshop.kpi
expect 2 "which database? add --dialect=postgres, duckdb, bigquery or spark" "$kpic" sql "$spec"
expect 2 "unknown dialect 'oracle'" "$kpic" sql --dialect=oracle "$spec"
expect 2 "the goals read no table source" "$kpic" sql --dialect postgres "$spec"
expect 2 "--table shp=x: the goals read no source named 'shp'" "$kpic" sql --dialect postgres --table shp=x "$spec"
expect 2 "write --table SOURCE=TABLE" "$kpic" sql --dialect postgres --table shop "$spec"
expect 2 "no input file" "$kpic" sql --dialect postgres

# a file with errors: exit 1, no query
printf 'metric m : EUR\ngoal g raise m 5%%\n' >"$work/bad.kpi"
expect 1 "error" "$kpic" sql --dialect postgres -o "$work/bad.sql" "$work/bad.kpi"
[ ! -e "$work/bad.sql" ] || { echo "FAIL: a query file was left for a spec with errors"; fail=1; }
expect 2 "the goals read no table source" "$kpic" sql --dialect postgres -o "$work/none.sql" "$spec"
[ ! -e "$work/none.sql" ] || { echo "FAIL: a query file was left after an error"; fail=1; }

# a table source: the query names it; two runs print the same bytes; -o writes the same
cat >"$work/events.kpi" <<'KPI'
source events = table "analytics.daily events"
  date "event_day"
metric signups : count
goal more "More signups"
  raise signups 10%
  owner "Growth"
  starting 2026-01 within 6 months
  review weekly
KPI
"$kpic" sql --dialect duckdb "$work/events.kpi" >"$work/a.sql" || { echo "FAIL: kpic sql on a table source"; fail=1; }
"$kpic" sql --dialect duckdb "$work/events.kpi" -o "$work/b.sql"
cmp -s "$work/a.sql" "$work/b.sql" || { echo "FAIL: kpic sql is not deterministic (or -o differs)"; fail=1; }
grep -qF 'FROM "analytics"."daily events"' "$work/a.sql" || { echo "FAIL: the table is not quoted part by part"; fail=1; }
grep -qF "CAST(DATE_TRUNC('week', day) AS DATE)" "$work/a.sql" || { echo "FAIL: no weekly periods"; fail=1; }

# a file source after a computed one: its comment is in the header, not between `)` and `,`
"$kpic" sql --dialect postgres --table erp=warehouse.erp "$root/examples/seed/seed.kpi" >"$work/mixed.sql"
sed -n '/^WITH$/q;p' "$work/mixed.sql" | grep -q '^-- source ads is a file: the evaluator reads it$' &&
    ! grep -q '^)--' "$work/mixed.sql" || { echo "FAIL: a file source's comment is not in the query's header"; fail=1; }

# the evaluator of a table source: no periods, no report
"$kpic" build "$work/events.kpi" -o "$work/events" || { echo "FAIL: kpic build of a table source"; fail=1; }
expect 2 'source "events" has no data file' "$work/events" --as-of 2026-03-01
[ ! -s "$work/out" ] || { echo "FAIL: a partial report was printed"; fail=1; }
expect 2 "cannot open the periods" "$work/events" --periods "$work/nonexistent.csv" --as-of 2026-03-01
expect 2 "--periods is given twice" "$work/events" --periods a.csv --periods b.csv
printf 'source,metric,review,period,value,n,first_day,last_day\nevents,signup,monthly,2026-01-01,1,1,,\n' >"$work/p.csv"
expect 2 'p.csv:2:8: this program has no metric named "signup"' "$work/events" --periods "$work/p.csv" --as-of 2026-03-01
printf 'source,metric,review,period,value,n,first_day,last_day\nevents,signups,weekly,2026-01-04,1,1,,\n' >"$work/p.csv"
expect 2 'not the first day of a period (weeks start on Monday)' "$work/events" --periods "$work/p.csv"
[ ! -s "$work/out" ] || { echo "FAIL: a partial report was printed"; fail=1; }
# from standard input
printf 'source,metric,review,period,value,n,first_day,last_day\nevents,signups,weekly,2026-01-05,12,12,2026-01-05,2026-01-09\nevents,,,,,12,,\n' |
    "$work/events" --periods - --as-of 2026-03-01 --format html >"$work/stdin.html" 2>"$work/err"
[ $? -le 1 ] && grep -q '12 rows read' "$work/stdin.html" || { echo "FAIL: --periods - did not read standard input"; cat "$work/err"; fail=1; }

# a window (`over 7 days`) is made of days: the query returns them, and periods without them are an
# error, never a quiet "no data"
cat >"$work/window.kpi" <<'KPI'
source events = table "events"
  date "event_day"
metric signups : count
metric signups_7d : count = signups over 7 days
goal more "More signups"
  raise signups_7d 10%
  owner "Growth"
  baseline 10
  starting 2026-01 within 6 months
  review monthly
KPI
"$kpic" sql --dialect duckdb "$work/window.kpi" >"$work/window.sql" &&
    grep -qF "'signups' AS metric, 'daily' AS review" "$work/window.sql" || { echo "FAIL: the query of a window returns no days"; fail=1; }
"$kpic" build "$work/window.kpi" -o "$work/window" || { echo "FAIL: kpic build of a window"; fail=1; }
printf 'source,metric,review,period,value,n,first_day,last_day
events,signups,monthly,2026-01-01,40,40,2026-01-02,2026-01-31
events,,,,,40,,
' >"$work/p.csv"
expect 2 'metric "signups" is read over days that are not whole monthly periods' "$work/window" --periods "$work/p.csv" --as-of 2026-02-01
[ ! -s "$work/out" ] || { echo "FAIL: a partial report was printed"; fail=1; }
# the days 2026-01-25..31 hold 3 + 4 signups; a day before the window does not count
printf 'source,metric,review,period,value,n,first_day,last_day
events,signups,daily,2026-01-24,30,30,2026-01-24,2026-01-24
events,signups,daily,2026-01-25,3,3,2026-01-25,2026-01-25
events,signups,daily,2026-01-31,4,4,2026-01-31,2026-01-31
events,signups,monthly,2026-01-01,37,37,2026-01-24,2026-01-31
events,,,,,37,,
' >"$work/p.csv"
"$work/window" --periods "$work/p.csv" --as-of 2026-02-01 --format json >"$work/window.json" 2>"$work/err"
grep -q '"current": 7,' "$work/window.json" || { echo "FAIL: a 7-day window from daily periods is not 7"; cat "$work/err"; fail=1; }

[ $fail -eq 0 ] && echo "ok: kpic sql and --periods command lines"
exit $fail
