/*
** explain_front.c: long explanations of the lexical (L), syntax (P) and
** driver (X) diagnostics, printed by `kpic explain CODE`.
**
** Each entry says what the diagnostic means, shows lines that trigger it and
** the same lines fixed, and says how to fix it. Examples follow
** docs/language.md; keep them in step with the grammar.
*/
#include "diag_private.h"

const kpi_explain_entry kpi_explain_front[] = {
    {KPI_L001,
     {
         "The file contains a character that cannot start any token of the .kpi "
         "language, such as '@', '$' or a typographic quote outside a string. "
         "Non-ASCII letters are allowed only inside strings and comments.",
         "metric revenue : EUR from “omzet”",
         "metric revenue : EUR from \"omzet\"",
         "Delete the character, or put the text in a \"string\" or after '#' as a "
         "comment. Typographic quotes often come from word processors: retype "
         "them as plain double quotes.",
     }},
    {KPI_L002,
     {
         "A string starts with '\"' but the line ends before the closing quote. "
         "Strings cannot span lines; the error points at the opening quote.",
         "goal seo_growth\n  raise visitors 20% within 6 months\n  owner \"SEO lead",
         "goal seo_growth\n  raise visitors 20% within 6 months\n  owner \"SEO lead\"",
         "Close the string on the same line. Write a quote inside a string as \\\" "
         "and a line break as \\n.",
     }},
    {KPI_L003,
     {
         "A date is written in one of the forms 2026-01-31 (day), 2026-01 (month), "
         "2026-Q3 (quarter) or 2027 (year), and the value must exist: months run "
         "from 01 to 12, quarters from Q1 to Q4, and the day must exist in that "
         "month (2026-02-29 does not; 2028-02-29 does). The message says which "
         "part is wrong.",
         "goal q_close\n  reach orders 500\n  starting 2026-13-01",
         "goal q_close\n  reach orders 500\n  starting 2026-12-01",
         "Correct the month, quarter or day. Use two digits for months and days "
         "(2026-03-05, not 2026-3-5).",
     }},
    {KPI_L004,
     {
         "A number is malformed: digits must follow a decimal point, underscores "
         "only separate digits (1_250_000), and the only magnitude suffixes are "
         "k (thousand), M (million) and B (billion), written directly after the "
         "digits.",
         "goal cash\n  reach revenue 1.2.5M EUR",
         "goal cash\n  reach revenue 1.25M EUR",
         "Write the number with at most one decimal point, single underscores "
         "between digits and one of the suffixes k, M or B.",
     }},
    {KPI_L005,
     {
         "The file is not valid UTF-8 at this byte. .kpi files are UTF-8; a file "
         "saved as Latin-1 or Windows-1252 shows this error at its first accented "
         "letter. The byte is shown as <XX> in the source line.",
         "owner ceo \"Direction g\\xE9n\\xE9rale\"   # saved as Latin-1",
         "owner ceo \"Direction générale\"           # saved as UTF-8",
         "Convert the file to UTF-8, for example with "
         "`iconv -f latin1 -t utf-8 old.kpi > new.kpi`, or retype the character.",
     }},
    {KPI_L006,
     {
         "The file contains a NUL byte (shown as <00>). Text files never contain "
         "one; the file is probably binary, UTF-16 encoded, or damaged.",
         "metric orders : count<00>",
         "metric orders : count",
         "Delete the byte. If every other byte is <00>, the file is UTF-16: "
         "convert it with `iconv -f utf-16 -t utf-8`.",
     }},
    {KPI_L007,
     {
         "A duration is a whole number followed by one of the units day, week, "
         "month, quarter or year (singular or plural). Fractions, other units and "
         "a missing unit are rejected, because a goal's time frame must be exact.",
         "goal growth\n  raise visitors 20% within 1.5 years\n  starting 2026-01",
         "goal growth\n  raise visitors 20% within 18 months\n  starting 2026-01",
         "Use a whole number of a smaller unit (18 months instead of 1.5 years), "
         "or a deadline date with `by 2027-06-30`.",
     }},
    {KPI_L008,
     {
         "A backslash in a string starts an escape, and only four exist: \\\" (a "
         "quote), \\\\ (a backslash), \\n (a line break) and \\t (a tab). Any "
         "other letter after a backslash is rejected rather than guessed.",
         "source shop = csv \"C:\\data\\shop.csv\"",
         "source shop = csv \"C:\\\\data\\\\shop.csv\"     # or: \"C:/data/shop.csv\"",
         "Double the backslash (\\\\), or use forward slashes in paths.",
     }},
    {KPI_P001,
     {
         "The tokens do not fit the grammar of the language here. The message "
         "says what was found and what could come next; the error is reported at "
         "the first token that cannot continue the item. Parsing resumes at the "
         "next item (a line starting with a keyword such as goal, metric or "
         "source), so later errors are still reported.",
         "metric visitors count\n\ngoal more_visitors\n  raise visitors 20% within",
         "metric visitors : count\n\ngoal more_visitors\n  raise visitors 20% within 6 months",
         "Compare the line with the grammar in docs/language.md: every clause "
         "starts with a keyword, a metric needs ':' and a unit, and `within` needs "
         "a duration such as `6 months`. A fix-it is shown when the missing token "
         "is certain.",
     }},
    {KPI_P002,
     {
         "A formula or filter nests parentheses more deeply than the parser "
         "allows (256 levels). No real formula needs this; the limit protects the "
         "compiler from generated or damaged input.",
         "metric m : EUR = ((((((((((revenue))))))))))   # ... 300 levels",
         "metric m : EUR = revenue",
         "Remove redundant parentheses, or split the formula into several "
         "derived metrics that refer to each other.",
     }},
    {KPI_P003,
     {
         "A note after the last error kpic reports for a file: the file has so "
         "many lexical or syntax errors that the parser stopped there, because "
         "further messages would mostly be consequences of the first ones. "
         "Usually the file is not a .kpi file at all, or an early error (an "
         "unterminated string, a missing keyword) confuses everything after it.",
         "kpic check data/shop.csv",
         "kpic check goals.kpi",
         "Fix the first errors and check again. Make sure the file given to kpic "
         "is a .kpi source file.",
     }},
    {KPI_P004,
     {
         "`aggregate` names how a base metric combines the rows of one period, "
         "and only these kinds exist: sum (the default for flows), count, "
         "count_distinct, avg, min, max and last (for stocks such as a customer "
         "count).",
         "metric customers : count aggregate latest",
         "metric customers : count aggregate last",
         "Use one of sum, count, count_distinct, avg, min, max or last; the "
         "message suggests the closest one.",
     }},
    {KPI_P005,
     {
         "`review` says how often a goal is evaluated, and takes one of daily, "
         "weekly, monthly, quarterly or yearly.",
         "goal g\n  keep bounce_rate below 40%\n  review biweekly",
         "goal g\n  keep bounce_rate below 40%\n  review weekly",
         "Write one of the five review periods.",
     }},
    {KPI_P006,
     {
         "A source declares where a metric's data comes from. The kinds are `csv` "
         "(a comma, semicolon or tab separated file with a header line, which the "
         "evaluator reads), `table` (a table or view in a database, computed there "
         "with the query `kpic sql` prints), `ga4` (a Google Analytics 4 download) "
         "and `google_ads` (a Google Ads report download).",
         "source shop = xlsx \"data/shop.xlsx\"",
         "source shop = csv \"data/shop.csv\"",
         "Export the data as CSV and declare it with `csv`, name the database table "
         "it lives in with `table`, or declare an analytics download with `ga4` or "
         "`google_ads` (docs/data-sources.md).",
     }},
    {KPI_P007,
     {
         "An amount (20%, +0.5pp, to 3.5%, to 1.2M EUR) belongs directly after "
         "the metric it changes: the goal's metric in raise, lower or reach, or "
         "a driver's metric after `by` or `via`. Written anywhere else, it is "
         "not clear what it changes.",
         "goal g\n  raise profit within 18 months 20%",
         "goal g\n  raise profit 20% within 18 months",
         "Move the amount right after the metric it belongs to.",
     }},
    {KPI_P008,
     {
         "A source or metric option (such as `from`, `in`, `aggregate`, `date`, "
         "`delimiter` or a formula) is given twice in one declaration. Only one "
         "can apply, so kpic refuses to pick one.",
         "metric revenue : EUR from \"omzet\" from \"revenue\"",
         "metric revenue : EUR from \"omzet\"",
         "Delete one of the two options.",
     }},
    {KPI_P009,
     {
         "`via METRIC AMOUNT` adds a driver to the driver written just before it "
         "(`raise profit 20% by revenue +35% via visitors +65%` is the tree "
         "profit <- revenue <- visitors). A `via` with no `by` driver before it "
         "has nothing to attach to.",
         "goal g\n  raise profit 20% via visitors +65%",
         "goal g\n  raise profit 20% by revenue +35% via visitors +65%",
         "Write the driver the `via` metric moves with `by` first, or use `by` "
         "instead of `via` when the metric drives the goal directly.",
     }},
    {KPI_P010,
     {
         "A `keep` goal is a guard that a metric stays below, above or between "
         "limits; it has no change for drivers to add up to, so `by METRIC` or "
         "`via METRIC` drivers are not allowed on it.",
         "goal calm_bounce\n  keep bounce_rate below 40% by visitors +10%",
         "goal calm_bounce\n  keep bounce_rate below 40%\n\ngoal more_visitors\n  raise visitors 10%",
         "Remove the driver, or make it a goal of its own with raise or lower.",
     }},
    {KPI_X001,
     {
         "A document cannot be checked as a whole: an editor sent the language "
         "server a document over 1 GiB (positions are 32-bit), or memory ran out "
         "while a file was read. (A file named on the command line that cannot "
         "be read is a usage error: kpic prints the reason and exits with status "
         "2; an import that cannot be read is N004, a data file M003.)",
         "# one document of 1.5 GiB, sent by an editor",
         "import sales.metrics   # the same declarations, split into modules",
         "Split the document into modules and import them; when memory ran "
         "out, free some and check again.",
     }},
};

const size_t kpi_explain_front_count = sizeof kpi_explain_front / sizeof *kpi_explain_front;
