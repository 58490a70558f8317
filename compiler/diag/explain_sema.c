/*
** explain_sema.c: long explanations of the semantic diagnostics: names (N),
** units (U), the SMART letters (S, M, A, R, T) and data sources (D), printed
** by `kpic explain CODE`.
**
** Each entry says what the rule is, shows lines that break it and the same
** lines fixed, and says how to fix it. The rules themselves are documented in
** docs/checks.md; keep the two in step.
*/
#include "diag_private.h"

#define GOAL_TAIL "\n  owner \"Web lead\"\n  starting 2026-01 within 12 months"

const kpi_explain_entry kpi_explain_sema[] = {
    /* ---- names ---- */
    {KPI_N001,
     {
         "A formula or a `link` names a metric that is not declared in the file "
         "and not imported. kpic suggests the closest declared name.",
         "metric revenue : EUR\nmetric costs : EUR\nmetric profit : EUR = revenue - cost",
         "metric revenue : EUR\nmetric costs : EUR\nmetric profit : EUR = revenue - costs",
         "Correct the spelling, declare the metric, or import the module that has it "
         "(`import std.finance`).",
     }},
    {KPI_N002,
     {
         "A metric reads `in SOURCE`, but no source of that name is declared.",
         "source shop = csv \"shop.csv\"\nmetric orders : count in shp",
         "source shop = csv \"shop.csv\"\nmetric orders : count in shop",
         "Use the name of a declared source, or declare it with `source NAME = csv \"file.csv\"`.",
     }},
    {KPI_N003,
     {
         "Two declarations of the same kind use one name: two metrics, two sources, "
         "two owners or two goals. Metrics, sources, owners and goals have separate "
         "namespaces. A metric of the checked file with the name of an imported "
         "metric is not a duplicate: it rebinds it (docs/stdlib.md).",
         "metric orders : count\nmetric orders : count from \"order_id\" aggregate count",
         "metric orders : count from \"order_id\" aggregate count",
         "Remove one declaration or rename it. The note points at the first one.",
     }},
    {KPI_N004,
     {
         "`import a.b` looks for a/b.kpi in the importing file's folder, the -I "
         "folders, the folders in KPI_PATH and the standard library, in that "
         "order, and found it nowhere. The notes list every place searched.",
         "import std.webb",
         "import std.web",
         "Correct the module name, or add the folder that holds it with -I DIR or KPI_PATH.",
     }},
    {KPI_N005,
     {
         "A module imports itself, directly or through other modules. Imports "
         "must form a tree so that every name has one meaning.",
         "# lib/a.kpi\nimport lib.b\n# lib/b.kpi\nimport lib.a",
         "# lib/common.kpi holds what both need\n# lib/a.kpi\nimport lib.common\n# lib/b.kpi\nimport "
         "lib.common",
         "Move what the modules share into a third module that both import.",
     }},
    {KPI_N006,
     {
         "An import list names something the module does not declare.",
         "import std.web (vistors)",
         "import std.web (visitors)",
         "Correct the name; `kpic doc` lists what each standard module declares.",
     }},
    {KPI_N007,
     {
         "Metric formulas depend on each other in a circle, so none of them can be "
         "computed. The message names the whole cycle, e.g. profit -> margin -> profit.",
         "metric revenue : EUR\nmetric profit : EUR = revenue * margin\nmetric margin : ratio = profit / "
         "revenue",
         "metric revenue : EUR\nmetric costs : EUR\nmetric profit : EUR = revenue - costs\nmetric margin : "
         "ratio = profit / revenue",
         "Compute one metric of the cycle from data (a column) instead of from the others.",
     }},
    {KPI_N008,
     {
         "A `policy` line names a policy kpic does not know. The only policy is "
         "growth_ceiling, the largest implied compound growth per month a goal "
         "may ask for before R003 warns.",
         "policy growth_cieling 15% per month",
         "policy growth_ceiling 15% per month",
         "Correct the policy name.",
     }},
    {KPI_N009,
     {
         "A goal or driver gives the same clause twice (two owners, two starts, "
         "two reviews...). Only one can hold, so kpic refuses to guess. (`for` "
         "may be repeated: segments combine with AND.)",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\" owner \"SEO lead\"\n  starting 2026-01 within "
         "12 months",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01 within 12 months",
         "Remove one of the clauses.",
     }},
    {KPI_N010,
     {
         "An imported module contains goals. Modules share metrics, sources and "
         "owners; goals belong to the file being checked, so the module's goals "
         "are ignored.",
         "# lib/web.kpi\nmetric visitors : count\ngoal more_visitors\n  raise visitors 10%",
         "# lib/web.kpi\nmetric visitors : count",
         "Move the goals into the file you check, or check the module on its own.",
     }},
    /* ---- units ---- */
    {KPI_U001,
     {
         "A unit name is not one kpic knows. Units are count, percent, ratio, "
         "number, score, money, seconds, minutes, hours, days, and ISO 4217 "
         "currency codes in capitals (EUR, USD, GBP...).",
         "metric revenue : eur",
         "metric revenue : EUR",
         "Use one of the units above; the message suggests the closest one.",
     }},
    {KPI_U002,
     {
         "A formula adds or subtracts values of different dimensions, such as "
         "money minus a count, or two different time units. Adding them has no "
         "meaning. (Multiplying and dividing is fine: EUR / count is money per item.)",
         "metric revenue : EUR\nmetric orders : count\nmetric odd : EUR = revenue - orders",
         "metric revenue : EUR\nmetric orders : count\nmetric aov : EUR = revenue / orders",
         "Check which metrics the formula should combine; convert durations to one unit.",
     }},
    {KPI_U003,
     {
         "A formula combines two currencies. kpic has no exchange rates, so EUR "
         "and USD never mix, whatever the operator.",
         "metric eu_sales : EUR\nmetric us_sales : USD\nmetric sales : EUR = eu_sales + us_sales",
         "metric eu_sales : EUR\nmetric us_sales_eur : EUR from \"us_sales_in_eur\"\nmetric sales : EUR = "
         "eu_sales + us_sales_eur",
         "Convert the amounts in your data to one currency first.",
     }},
    {KPI_U004,
     {
         "A derived metric's declared unit does not match what its formula "
         "computes. percent and ratio fit each other, number fits any "
         "dimensionless result, and a per-item unit (EUR/count) may be declared "
         "as the unit of one item (EUR). A rebinding of an imported metric must "
         "keep the kind of its unit.",
         "metric orders : count\nmetric visitors : count\nmetric conversion : EUR = orders / visitors",
         "metric orders : count\nmetric visitors : count\nmetric conversion : percent = orders / visitors",
         "Declare the unit the formula gives (the fix-it shows it), or correct the formula.",
     }},
    {KPI_U005,
     {
         "Percentage points (pp) change a percent or a ratio: conversion 3% +0.5pp "
         "is 3.5%. On a count or an amount of money they mean nothing.",
         "metric visitors : count\ngoal g\n  raise visitors +5pp" GOAL_TAIL,
         "metric visitors : count\ngoal g\n  raise visitors +5%" GOAL_TAIL,
         "Use a relative change (+5%) or an absolute target (to 12000).",
     }},
    {KPI_U006,
     {
         "A relative change of a percent metric is a change of the rate itself: "
         "+20% of a 4% conversion is 4.8%, not 24%. That is rarely what is meant, "
         "so kpic warns and asks whether you meant percentage points.",
         "metric conversion : percent = orders / visitors\ngoal g\n  raise conversion 20%" GOAL_TAIL,
         "metric conversion : percent = orders / visitors\ngoal g\n  raise conversion +0.8pp" GOAL_TAIL,
         "Write the change in points (+0.8pp), or an absolute target (to 4.8%). "
         "Silence it with -Wno-U006 when a relative change is meant.",
     }},
    {KPI_U010,
     {
         "A percent metric holds a fraction: 40% is 0.40, and reports print it "
         "as 40%. A formula that multiplies the ratio by 100, as a spreadsheet "
         "would, makes a 3% conversion read as 300%, and every target, bound "
         "and status with it.",
         "metric conversion : percent = orders / visitors * 100\ngoal g\n  raise conversion +0.5pp" GOAL_TAIL,
         "metric conversion : percent = orders / visitors\ngoal g\n  raise conversion +0.5pp" GOAL_TAIL,
         "Remove the factor 100 (the fix-it does). If the column or formula "
         "really is in percent units, declare the metric `number` instead.",
     }},
    {KPI_U007,
     {
         "An absolute target, a bound or a baseline is written in a unit other "
         "than its metric's: 1.2M EUR for a USD metric, 40% for a count, or a "
         "bare number for a percent metric.",
         "metric revenue : USD\ngoal g\n  raise revenue to 1.2M EUR" GOAL_TAIL,
         "metric revenue : USD\ngoal g\n  raise revenue to 1.2M USD" GOAL_TAIL,
         "Write the value in the metric's unit (a percent metric's values as 3.5%).",
     }},
    {KPI_U008,
     {
         "A filter compares a column with a value of the other kind: a text "
         "column with a number, a number column with text, or text with < <= > >=. "
         "kpic learns each column's kind from the source file's first rows.",
         "metric nl_orders : count from \"orders\" where country = 31",
         "metric nl_orders : count from \"orders\" where country = \"NL\"",
         "Quote text values; compare number columns with numbers; use = != or in for text.",
     }},
    {KPI_U009,
     {
         "A policy's value has the wrong form: growth_ceiling takes a positive "
         "percentage per period (default per month).",
         "policy growth_ceiling 15 per month",
         "policy growth_ceiling 15% per month",
         "Write a positive percentage.",
     }},
    /* ---- S ---- */
    {KPI_S001,
     {
         "Specific: a goal names a metric that is not declared. A goal must say "
         "exactly what it measures.",
         "metric visitors : count\ngoal g\n  raise vistors 10%" GOAL_TAIL,
         "metric visitors : count\ngoal g\n  raise visitors 10%" GOAL_TAIL,
         "Correct the name (the fix-it suggests the closest one) or declare the metric.",
     }},
    {KPI_S002,
     {
         "Specific: `raise`, `lower` and `reach` need an amount: a relative "
         "change (+20%), points (+0.5pp) or a target (to 1.2M EUR). `raise "
         "profit` alone cannot be checked or tracked.",
         "goal g\n  raise visitors" GOAL_TAIL,
         "goal g\n  raise visitors +10%" GOAL_TAIL,
         "Insert the amount; the fix-it inserts a placeholder to adjust.",
     }},
    {KPI_S003,
     {
         "Specific: the amount's sign contradicts the verb: `raise X -10%` or "
         "`lower X +10%`.",
         "goal g\n  raise visitors -10%" GOAL_TAIL,
         "goal g\n  raise visitors +10%" GOAL_TAIL,
         "Flip the sign or the verb, whichever was meant.",
     }},
    {KPI_S004,
     {
         "Specific: a driver (`by METRIC` or `via METRIC`) says no amount. Each "
         "driver becomes a sub-goal and needs its own target.",
         "goal g\n  raise revenue 10% by visitors" GOAL_TAIL,
         "goal g\n  raise revenue 10% by visitors +15%" GOAL_TAIL,
         "Add the amount the driver must move by.",
     }},
    {KPI_S005,
     {
         "Specific: the goal moves a metric against its declared direction, "
         "such as raising a bounce rate whose lower is better. Usually a "
         "mistake; a warning.",
         "metric bounce_rate : percent = bounces / sessions\n  lower is better\ngoal g\n  raise bounce_rate "
         "+2pp" GOAL_TAIL,
         "metric bounce_rate : percent = bounces / sessions\n  lower is better\ngoal g\n  lower bounce_rate "
         "-2pp" GOAL_TAIL,
         "Turn the verb around, or silence it with -Wno-S005 when it is intended.",
     }},
    /* ---- M ---- */
    {KPI_M001,
     {
         "Measurable: the goal's metric (or a metric its formula uses) has no "
         "data: no source to read a column from and no formula. kpic could "
         "never say whether the goal is met.",
         "metric reputation : score\ngoal g\n  raise reputation 10%" GOAL_TAIL,
         "source survey = csv \"survey.csv\"\nmetric reputation : score aggregate avg\ngoal g\n  raise "
         "reputation 10%" GOAL_TAIL,
         "Declare the source the metric is read from, or give it a formula over measured metrics.",
     }},
    {KPI_M002,
     {
         "Measurable: the source file is readable and its header has no column "
         "of that name. A base metric reads the column named like itself unless "
         "`from \"...\"` says otherwise; filters and the date column must exist too.",
         "source shop = csv \"shop.csv\"   # header: day,visitors,omzet\n  date \"day\"\nmetric revenue : "
         "EUR",
         "source shop = csv \"shop.csv\"   # header: day,visitors,omzet\n  date \"day\"\nmetric revenue : "
         "EUR from \"omzet\"",
         "Name the right column with `from \"...\"` (the fix-it uses the closest header name).",
     }},
    {KPI_M003,
     {
         "A note: the source file could not be read at check time (it may only "
         "exist where the evaluator runs), so kpic could not verify the columns. "
         "The evaluator checks them when it reads the data.",
         "source shop = csv \"/data/nightly/shop.csv\"",
         "source shop = csv \"samples/shop.csv\"   # a sample with the same header",
         "Point the source at a readable sample and pass the real file with --data at run time, or ignore "
         "the note.",
     }},
    {KPI_M004,
     {
         "Measurable: a metric sums (or averages) a column that holds text. "
         "kpic samples the first rows of the file to learn each column's kind.",
         "metric channels : count from \"channel\"",
         "metric channels : count from \"channel\" aggregate count_distinct",
         "Read a numeric column, or count rows (aggregate count) or distinct values (aggregate "
         "count_distinct).",
     }},
    {KPI_M006,
     {
         "Measurable: a money metric's column holds amounts written with a "
         "currency (\"€116.90\", \"1.234,56 EUR\"), and it is not the metric's. "
         "Adding them as the metric's currency would be wrong, so the evaluator "
         "stops at the first such row; kpic finds it in the sampled rows. A bare "
         "\"$\" stands for any dollar.",
         "source ads = google_ads \"campaigns.csv\"   # Cost holds €116.90, ...\n"
         "metric ad_cost : USD from \"Cost\" in ads",
         "source ads = google_ads \"campaigns.csv\"\nmetric ad_cost : EUR from \"Cost\" in ads",
         "Declare the metric in the currency the file is in, or read a column in the metric's currency.",
     }},
    {KPI_M007,
     {
         "Measurable: a `where` or `for` compares a text column with a value that "
         "none of the sampled rows holds, so the metric would count nothing for "
         "it, silently. Often a difference of case or a typo (\"Organic search\" "
         "for \"Organic Search\"): the fix-it takes the value seen. Without a "
         "likely typo it is said only when the sample is the whole file.",
         "metric organic : count from \"Users\" in web\n  where channel = \"Organic search\"",
         "metric organic : count from \"Users\" in web\n  where channel = \"Organic Search\"",
         "Compare with the value as the file writes it.",
     }},
    {KPI_M005,
     {
         "Measurable: a percent metric holds a fraction (45% is 0.45), and its "
         "column's first rows hold numbers such as 45 without a percent sign, "
         "so every value would read as 4500%. kpic samples the first rows of "
         "the file; values written 45% or 0.45 are read right.",
         "source web = csv \"web.csv\"\nmetric bounce_rate : percent from \"bounce\"   # bounce holds 45, "
         "52, ...",
         "source web = csv \"web.csv\"   # bounce holds 0.45, 0.52, ... or 45%, 52%, ...\n"
         "metric bounce_rate : percent from \"bounce\"",
         "Export the column as fractions (0.45) or with a percent sign (45%); or declare "
         "the metric number to track the values as they are written.",
     }},
    /* ---- A ---- */
    {KPI_A001,
     {
         "Achievable: nobody answers for the goal. A goal needs an owner; drivers "
         "inherit the goal's owner unless they name their own.",
         "goal g\n  raise visitors 10%\n  starting 2026-01 within 12 months",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01 within 12 months",
         "Add `owner \"...\"` with a person or role, or a declared owner's name.",
     }},
    {KPI_A002,
     {
         "Achievable: `owner NAME` without quotes refers to a declared owner "
         "(`owner seo_lead \"SEO lead\"`), and none has that name.",
         "owner seo_lead \"SEO lead\"\ngoal g\n  raise visitors 10%\n  owner seo_laed\n  starting 2026-01 "
         "within 12 months",
         "owner seo_lead \"SEO lead\"\ngoal g\n  raise visitors 10%\n  owner seo_lead\n  starting 2026-01 "
         "within 12 months",
         "Correct the name, declare the owner, or write the owner as a string.",
     }},
    /* ---- R ---- */
    {KPI_R001,
     {
         "Realistic: the target is impossible: a count or amount below zero, a "
         "percent above 100% or below 0%, lowering by 100% or more, or an empty "
         "`keep between` range.",
         "goal g\n  lower returns 120%" GOAL_TAIL,
         "goal g\n  lower returns 50%" GOAL_TAIL,
         "Set a target the metric can take.",
     }},
    {KPI_R002,
     {
         "Realistic: a driver is not connected to what it drives: no formula of "
         "the driven metric uses it, directly or through other formulas. Moving "
         "it may not move the goal. A warning; declare the relation with `link` "
         "when it holds outside any formula.",
         "goal g\n  raise revenue 10% by pageviews +10%" GOAL_TAIL,
         "link pageviews to revenue\ngoal g\n  raise revenue 10% by pageviews +10%" GOAL_TAIL,
         "Drive the goal by a metric its formula uses, or declare `link DRIVER to METRIC`.",
     }},
    {KPI_R003,
     {
         "Realistic: the change asked for implies compound growth per month above "
         "the growth ceiling (default 10% per month; set it with `policy "
         "growth_ceiling 15% per month` in the file or --growth-ceiling=15% on "
         "the command line, which wins). +300% in 3 months is 59% per month.",
         "goal g\n  raise visitors 300%\n  owner \"Web lead\"\n  starting 2026-01 within 3 months",
         "goal g\n  raise visitors 300%\n  owner \"Web lead\"\n  starting 2026-01 within 15 months",
         "Allow more time (the fix-it computes how much), aim lower, or raise the ceiling if the growth is "
         "real.",
     }},
    {KPI_R004,
     {
         "Realistic: with the baselines declared in the file, the drivers' "
         "targets cannot deliver the goal's target (profit = revenue - costs "
         "with revenue +5% cannot give profit +50% unless costs fall), or the "
         "declared baselines do not add up.",
         "metric profit : EUR = revenue - costs\ngoal g\n  raise profit 50%\n    by revenue +5% (baseline "
         "100000 EUR)\n    by costs -2% (baseline 80000 EUR)\n  baseline 20000 EUR" GOAL_TAIL,
         "metric profit : EUR = revenue - costs\ngoal g\n  raise profit 17%\n    by revenue +5% (baseline "
         "100000 EUR)\n    by costs -2% (baseline 80000 EUR)\n  baseline 20000 EUR" GOAL_TAIL,
         "Raise the drivers' targets, add a driver, or lower the goal's target to what the drivers give.",
     }},
    {KPI_R005,
     {
         "A note from the driver arithmetic: with the baselines declared, what "
         "the drivers imply, e.g. \"with revenue +35% and profit +20%, costs may "
         "grow at most +38.7%\". It is a note, not a problem.",
         "goal g\n  raise profit 20%\n  baseline 20000 EUR\n    by revenue +35% (baseline 100000 "
         "EUR)" GOAL_TAIL,
         "goal g\n  raise profit 20%\n  baseline 20000 EUR\n    by revenue +35% (baseline 100000 EUR)\n    "
         "by costs +38% (baseline 80000 EUR)" GOAL_TAIL,
         "Nothing to fix; add the free metric as a driver to track it.",
     }},
    {KPI_R006,
     {
         "Realistic: a driver is another metric that moves the goal's metric. "
         "A driver that is the goal's own metric (`raise profit 10%` by "
         "`profit +5%`), or the metric of a goal or driver above it (the metric "
         "would drive itself), explains nothing, and a driver written twice "
         "under the same goal gives two targets for one metric; all are slips.",
         "goal g\n  raise profit 10%\n    by profit +5%\n    by revenue +5%\n    by revenue +8%" GOAL_TAIL,
         "goal g\n  raise profit 10%\n    by revenue +8%\n    by costs -2%" GOAL_TAIL,
         "Remove the line, or name the metric that drives the goal.",
     }},
    {KPI_R007,
     {
         "Realistic: a relative change (`raise signups 20%`) applies to the "
         "baseline's magnitude, and the declared baseline is 0: 20% of nothing "
         "is nothing, so the goal has no target. Give the target itself, or "
         "the change in the metric's unit from a later start.",
         "goal g\n  raise signups 20%\n  baseline 0" GOAL_TAIL,
         "goal g\n  reach signups to 200\n  baseline 0" GOAL_TAIL,
         "Write the target (`reach METRIC to VALUE`) instead of a percentage.",
     }},
    {KPI_R008,
     {
         "Realistic: the goal asks its metric to move further in its time than "
         "it ever moved over any stretch of the same length in the data (the "
         "whole file of its source, read at check time when it is small "
         "enough). Nothing forbids a first time, but a plan that needs one "
         "should say what will be different.",
         "goal g\n  raise visitors 65%\n  owner \"Web lead\"\n  starting 2026-01 within 6 months",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01 within 6 months\n"
         "  why \"a new channel opens in March\"",
         "Aim within the largest change the data shows, or silence it with -Wno-R008 and say why.",
     }},
    /* ---- T ---- */
    {KPI_T001,
     {
         "Time-bound: the goal has no deadline. Write `within DURATION` (from the "
         "start) or `by DATE`.",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01 within 12 months",
         "Add `within N months` or `by DATE`.",
     }},
    {KPI_T002,
     {
         "Time-bound: `within` counts from the start, and the goal has no "
         "`starting` date.",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  within 6 months",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01 within 6 months",
         "Add `starting DATE`.",
     }},
    {KPI_T003,
     {
         "Time-bound: the deadline is before the start. A month or quarter as a "
         "deadline means its last day; as a start, its first day.",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-06 by 2026-01-31",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-06 by 2026-12-31",
         "Correct the dates.",
     }},
    {KPI_T004,
     {
         "Time-bound: the goal gives both `within` and `by DATE`; only one deadline can hold.",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01 within 6 months by "
         "2026-12-31",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01 within 6 months",
         "Remove one of them.",
     }},
    {KPI_T005,
     {
         "A driver's own deadline is after the deadline of the goal it drives, so "
         "it cannot help the goal in time. A warning.",
         "goal g\n  raise revenue 10%\n    by visitors +10% (by 2027-06-30)\n  owner \"Web lead\"\n  "
         "starting 2026-01 by 2026-12-31",
         "goal g\n  raise revenue 10%\n    by visitors +10% (by 2026-09-30)\n  owner \"Web lead\"\n  "
         "starting 2026-01 by 2026-12-31",
         "End the driver no later than its goal, or drop its own deadline to inherit the goal's.",
     }},
    {KPI_T006,
     {
         "Time-bound: the goal has a deadline (`by DATE`) but no `starting` "
         "date. A goal is measured from its start: its baseline is the period "
         "before it, and its progress is read against the straight line from "
         "there to the deadline. Without a start nothing can be judged.",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  by 2026-12-31",
         "goal g\n  raise visitors 10%\n  owner \"Web lead\"\n  starting 2026-01 by 2026-12-31",
         "Add `starting DATE`.",
     }},
    /* ---- B ---- */
    {KPI_B001,
     {
         "A `baseline` is an amount (`baseline 120k EUR`) or one of the measured "
         "forms: `last year` (each period against the same period a year "
         "earlier), `average N PERIODS` (the mean of the review periods before "
         "the start), a named period (`baseline 2025-Q4`, `baseline 2025-11`, "
         "`baseline year 2025`). `path` is `linear` (the default) or `flat`.",
         "goal g\n  raise visitors 10%\n  baseline avg 3 months" GOAL_TAIL,
         "goal g\n  raise visitors 10%\n  baseline average 3 months" GOAL_TAIL,
         "Write one of the forms; the fix-it corrects the likely slip.",
     }},
    {KPI_B002,
     {
         "Measurable: the baseline period does not fit the goal. A named period "
         "must end before the start, and it must hold at least one whole review "
         "period: a quarterly goal cannot take one month as its baseline, since "
         "its periods are quarters. Likewise `average 10 days` holds no whole "
         "month of a monthly goal.",
         "goal g\n  raise visitors 10%\n  review quarterly\n  baseline 2025-11" GOAL_TAIL,
         "goal g\n  raise visitors 10%\n  review quarterly\n  baseline 2025-Q4" GOAL_TAIL,
         "Name a period of at least the review's length before the start; the fix-it takes the one that "
         "holds it.",
     }},
    {KPI_B003,
     {
         "`baseline 2025` without a unit is the amount 2025, which is rarely "
         "what a four-digit number between 1900 and 2100 was meant to say. The "
         "value of a year is `baseline year 2025`; an amount keeps its unit "
         "(`baseline 2025 count`). A warning.",
         "goal g\n  raise visitors 10%\n  baseline 2025" GOAL_TAIL,
         "goal g\n  raise visitors 10%\n  baseline year 2025" GOAL_TAIL,
         "Write `year 2025` for the year, or the amount with its unit.",
     }},
    {KPI_B004,
     {
         "Measurable: `per day` divides a period's value by its days, and "
         "`cumulative` adds periods up; both need a total (a sum or a count, or a "
         "formula that adds and subtracts totals), not an average or a ratio.",
         "metric conversion : percent = orders / visitors per day",
         "metric daily_orders : count = orders per day",
         "Put the option on the totals, or drop it from the ratio.",
     }},
    {KPI_B005,
     {
         "Measurable: distinct values are kept per review period, not per day, so "
         "a rolling window (`over 28 days`) cannot count them.",
         "metric customers : count from \"customer\" aggregate count_distinct over 28 days",
         "metric customers : count from \"customer\" aggregate count_distinct",
         "Remove the window, and review the goal over the window's length instead.",
     }},
    {KPI_B006,
     {
         "Measurable: a cumulative goal is a total from its start; it aims beyond "
         "last year's total or a declared total, not an average or a named period.",
         "goal g\n  raise sales 10%\n  cumulative\n  baseline average 3 months" GOAL_TAIL,
         "goal g\n  raise sales 10%\n  cumulative\n  baseline last year" GOAL_TAIL,
         "Write `baseline last year`, a declared total, or an absolute target.",
     }},
    {KPI_B007,
     {
         "Measurable: `budget AMOUNT on METRIC` measures the spend as the metric's total "
         "from the goal's start, so the metric must add up over days: a sum or a count, or "
         "a formula that adds and subtracts them. An average, a ratio, a distinct count or a "
         "metric per day or over a window has no total.",
         "metric cpc : EUR = ad_spend / clicks\ngoal g\n  raise sales 10%\n  budget 5000 EUR on "
         "cpc" GOAL_TAIL,
         "goal g\n  raise sales 10%\n  budget 5000 EUR on ad_spend" GOAL_TAIL,
         "Name the metric that sums what is spent.",
     }},
    /* ---- D ---- */
    {KPI_D002,
     {
         "A source option has a value kpic does not accept: delimiter \",\" \";\" "
         "\"\\t\" or \"|\"; decimal \".\" or \",\"; thousands \"\", \",\", \".\", \" \" or "
         "\"'\" (not the decimal mark); a date format with a year, a month and a day. "
         "A `table` source takes only `date` (the database knows its columns' types) "
         "and needs the table's name.",
         "source shop = csv \"shop.csv\"\n  delimiter \"::\"",
         "source shop = csv \"shop.csv\"\n  delimiter \";\"",
         "Use one of the accepted values.",
     }},
    {KPI_D003,
     {
         "The source file exists but is empty, so it has no header to check the "
         "columns against. A warning: the evaluator will find no data either.",
         "source shop = csv \"empty.csv\"",
         "source shop = csv \"shop.csv\"   # with a header line",
         "Point the source at the file with the data.",
     }},
    /* ---- tests ---- */
    {KPI_E001,
     {
         "An expectation of a test names a goal or driver the file does not "
         "declare. Goals are named as in the report: a goal by its name, a "
         "driver as goal.metric (more_profit.revenue).",
         "test march\n  as of 2025-03-31\n  expect more_proft status on_track",
         "test march\n  as of 2025-03-31\n  expect more_profit status on_track",
         "Use the goal's name; the message suggests the closest one.",
     }},
    {KPI_E002,
     {
         "An expectation compares a field the report does not have, or a status "
         "that does not exist. The fields are status, current, target, "
         "expected, progress and baseline; the statuses are those of the JSON "
         "report (not_started, no_data, achieved, on_track, at_risk, off_track, "
         "missed, ok, breached). A number field takes a value or none.",
         "test march\n  as of 2025-03-31\n  expect more_profit state on-track",
         "test march\n  as of 2025-03-31\n  expect more_profit status on_track",
         "Use one of the fields and statuses above.",
     }},
    {KPI_E003,
     {
         "A test must say when the goals are evaluated (as of DATE) and what "
         "it expects of them (at least one expect line); data lines need a "
         "source to feed.",
         "test march\n  expect more_profit status on_track",
         "test march\n  as of 2025-03-31\n  expect more_profit status on_track",
         "Add the missing line.",
     }},
    {KPI_E004,
     {
         "A test's data file cannot be read. Fixture files are small CSV files "
         "next to the .kpi file; the path is relative to its folder. A warning: "
         "the goals still build, and kpic test fails the test.",
         "test march\n  data shop \"fixtures/mrach.csv\"",
         "test march\n  data shop \"fixtures/march.csv\"",
         "Fix the path, or add the fixture file.",
     }},
    {KPI_D004,
     {
         "kpic samples the first rows of the file through the evaluator's own "
         "reader and reads them with its parsers, so that a file that passes the "
         "check also passes the run. A sampled value does not read as the source "
         "declares: a date in another layout, a decimal comma, a word for no value "
         "such as \"--\", or a file that is not UTF-8. The fix-it writes the "
         "declaration that reads it.",
         "source erp = csv \"orders.csv\"   # 01-10-2024 09:15;1.458,71;...\n  delimiter \";\"",
         "source erp = csv \"orders.csv\"\n  format \"DD-MM-YYYY\"\n  delimiter \";\"\n  decimal \",\"\n"
         "  thousands \".\"\n  encoding \"windows-1252\"",
         "Declare the file's format, decimal mark, null texts or encoding (docs/data-sources.md).",
     }},
};

const size_t kpi_explain_sema_count = sizeof kpi_explain_sema / sizeof kpi_explain_sema[0];
