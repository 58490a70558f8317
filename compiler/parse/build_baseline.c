/*
** build_baseline.c: the measured baselines, the expected path and the fair
** periods (`per day`, `over 28 days`) for the grammar's actions.
**
** `baseline` takes an amount (`baseline 120k EUR`, build.c's quantity) or
** words the grammar reads as identifiers, numbers and dates: `last year`,
** `average 3 months`, `year 2025`, `2025-Q4`. Their words have a fixed set of
** values, checked here with a fix-it for the likely slips (`last month`,
** `avg`; `baseline 2025` written for a year is sema's B003). A rolling
** window is whole days (weeks become days): months have no fixed length.
*/
#include "parse_internal.h"

#include <string.h>

static kpi_clause *baseline_of(kpi_parse_state *st, kpi_span keyword, kpi_baseline_form form) {
    kpi_clause *c = kpi_parse_new_clause(st, KPI_CLAUSE_BASELINE_OF, keyword);
    c->as.baseline_of.form = form;
    return c;
}

static void note_forms(kpi_parse_state *st, kpi_diagnostic *d) {
    if (d)
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                      "a baseline is an amount (baseline 120k EUR), `last year`, `average 3 months`, "
                      "a period (baseline 2025-Q4, baseline 2025-11) or `year 2025`");
}

kpi_clause *kpi_parse_baseline_words(kpi_parse_state *st, kpi_span keyword, kpi_name first, kpi_name second) {
    kpi_clause *c = baseline_of(st, keyword, KPI_BASELINE_LAST_YEAR);
    bool last = strcmp(first.text, "last") == 0 || strcmp(first.text, "previous") == 0;
    if (last && strcmp(second.text, "year") == 0) {
        if (first.text[0] == 'p') {
            kpi_diagnostic *d = kpi_parse_error(st, KPI_B001, first.span, "unknown baseline 'previous year'");
            if (d) kpi_diag_fixit(st->diags, d, first.span, "last", "write `last year`");
        }
        return c;
    }
    kpi_span words = kpi_span_join(first.span, second.span);
    kpi_diagnostic *d =
        kpi_parse_error(st, KPI_B001, words, "unknown baseline '%s %s'", first.text, second.text);
    if (d && last &&
        (strcmp(second.text, "month") == 0 || strcmp(second.text, "period") == 0 ||
         strcmp(second.text, "quarter") == 0 || strcmp(second.text, "week") == 0))
        kpi_diag_fixit(st->diags, d, kpi_span_join(keyword, second.span), "",
                       "the period before the start is the baseline when none is written: remove the clause");
    else note_forms(st, d);
    return c;
}

kpi_clause *kpi_parse_baseline_count(kpi_parse_state *st, kpi_span keyword, kpi_name word, kpi_number count,
                                     kpi_name unit) {
    bool average = strcmp(word.text, "average") == 0;
    if (strcmp(word.text, "year") == 0 && !unit.text) {
        kpi_clause *c = baseline_of(st, keyword, KPI_BASELINE_PERIOD);
        kpi_parse_year(st, count, &c->as.baseline_of.period);
        c->as.baseline_of.period.span = kpi_span_join(word.span, count.span);
        return c;
    }
    kpi_clause *c = baseline_of(st, keyword, KPI_BASELINE_AVERAGE);
    if (!average) {
        bool alias = strcmp(word.text, "avg") == 0 || strcmp(word.text, "mean") == 0;
        kpi_diagnostic *d = kpi_parse_error(st, KPI_B001, word.span, "unknown baseline '%s'", word.text);
        if (d && alias) kpi_diag_fixit(st->diags, d, word.span, "average", "write `average`");
        else note_forms(st, d);
        return c;
    }
    if (!unit.text) {
        kpi_diagnostic *d = kpi_parse_error(st, KPI_B001, count.span,
                                            "'average %s' needs the periods it averages", count.text);
        if (d)
            kpi_diag_fixit(st->diags, d, count.span,
                           kpi_arena_printf(st->arena, "%s months", kpi_parse_excerpt(st, count.span, 20)),
                           "average over months");
        if (d)
            kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                          "write the goal's review period: days, weeks, months, "
                          "quarters or years");
        c->as.baseline_of.average.count = 0;
        return c;
    }
    kpi_parse_duration(st, count, unit, &c->as.baseline_of.average);
    return c;
}

kpi_clause *kpi_parse_baseline_date(kpi_parse_state *st, kpi_span keyword, kpi_date date) {
    kpi_clause *c = baseline_of(st, keyword, KPI_BASELINE_PERIOD);
    c->as.baseline_of.period = date;
    return c;
}

kpi_clause *kpi_parse_path(kpi_parse_state *st, kpi_span keyword, kpi_name word) {
    kpi_clause *c = kpi_parse_new_clause(st, KPI_CLAUSE_PATH, keyword);
    c->as.path.word_span = word.span;
    if (strcmp(word.text, "flat") == 0) c->as.path.kind = KPI_PATH_FLAT;
    else if (strcmp(word.text, "linear") == 0) c->as.path.kind = KPI_PATH_LINEAR;
    else {
        kpi_diagnostic *d = kpi_parse_error(st, KPI_B001, word.span, "unknown path '%s'", word.text);
        if (d)
            kpi_diag_note(
                st->diags, d, KPI_SPAN_NONE,
                "the paths are `linear` (the default: the planned change "
                "grows from 0 at the start to all of it at the deadline) and `flat` (all of it from "
                "the first period)");
        if (d && (strcmp(word.text, "constant") == 0 || strcmp(word.text, "fixed") == 0 ||
                  strcmp(word.text, "full") == 0))
            kpi_diag_fixit(st->diags, d, word.span, "flat", "write `flat`");
    }
    return c;
}

/* ---- fair periods: `per day` and `over 28 days` on a metric ---------------------------------- */

void kpi_parse_metric_per(kpi_parse_state *st, kpi_name word, kpi_span span) {
    kpi_metric *m = &st->items_tail->as.metric;
    if (m->per_day) {
        kpi_parse_report_twice(st, "per day", span, m->per_day_span);
        return;
    }
    if (strcmp(word.text, "day") == 0 || strcmp(word.text, "days") == 0) {
        m->per_day = true;
        m->per_day_span = span;
        return;
    }
    kpi_diagnostic *d = kpi_parse_error(st, KPI_B001, word.span, "unknown rate 'per %s'", word.text);
    if (d)
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                      "a period's value is already per %s; `per day` divides it by "
                      "its calendar days so that periods of different lengths compare fairly",
                      word.text);
    if (d && (strcmp(word.text, "daily") == 0))
        kpi_diag_fixit(st->diags, d, word.span, "day", "write `per day`");
}

void kpi_parse_metric_over(kpi_parse_state *st, kpi_number count, kpi_name unit, kpi_span span) {
    kpi_metric *m = &st->items_tail->as.metric;
    if (m->window.count) {
        kpi_parse_report_twice(st, "over", span, m->window_span);
        return;
    }
    kpi_duration window;
    if (!kpi_parse_duration(st, count, unit, &window)) return;
    if (window.unit != KPI_DUR_DAYS && window.unit != KPI_DUR_WEEKS) {
        /* months and years have no fixed number of days: a window of them would not be a fair one */
        kpi_diagnostic *d = kpi_parse_error(st, KPI_B001, window.span,
                                            "a rolling window is counted in days or "
                                            "weeks, not %s",
                                            kpi_ast_duration_unit_name(window.unit));
        int days = window.unit == KPI_DUR_MONTHS ? 28 : window.unit == KPI_DUR_QUARTERS ? 91 : 364;
        if (d && window.count == 1)
            kpi_diag_fixit(st->diags, d, window.span, kpi_arena_printf(st->arena, "%d days", days),
                           "a window of whole weeks, as long as the period");
        return;
    }
    if (window.unit == KPI_DUR_WEEKS) {
        window.count *= 7;
        window.unit = KPI_DUR_DAYS;
    }
    m->window = window;
    m->window_span = span;
}
