/*
** history.c: realism from history at check time (R008).
**
** The evaluator compares the change each goal asks with the changes its
** metric made over windows of the same length in the data (libkpirt's
** kpirt_realism_judge, docs/evaluation.md). kpic check says the same before
** anything is built, when the data it can read tells: a goal that asks more
** than its metric ever moved in the same time is a warning. It must never be
** a false alarm from a partial look at the data, so only the whole file
** counts: the sample when it holds every row, or the whole file read again
** when it is at most HISTORY_MAX_BYTES. And only what check can compute
** exactly as the evaluator does without generated code: a base metric summed
** from one column, without a filter, segment, `per day` or window. The
** window rule itself is libkpirt's; docs/checks.md has the limits.
*/
#include "sema_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { HISTORY_MAX_BYTES = 1 << 20, HISTORY_MAX_ROWS = 1 << 20 };

/* The rows of the whole file of s, read once: its sample when complete, else the file when small. */
static bool whole_file(sema_ctx *ctx, sema_source *s) {
    if (s->history_read) return s->history_rows != NULL;
    s->history_read = true;
    if (s->sample_complete) {
        s->history_rows = s->sample_rows;
        s->history_row_count = s->sample_row_count;
        return true;
    }
    struct stat st;
    if (stat(s->path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > HISTORY_MAX_BYTES) return false;
    kpirt_source_desc options = sema_sample_options(s);
    kpirt_sample sample;
    if (kpirt_sample_file(s->path, &options, HISTORY_MAX_ROWS, &sample) == 0 && sample.complete &&
        sample.column_count == s->header_count && sample.date_column == s->sampled_date_column) {
        s->history_rows = KPI_NEW_ARRAY(ctx->arena, const char **, sample.row_count + 1);
        for (uint32_t r = 0; r < sample.row_count; r++) {
            const char **cells = KPI_NEW_ARRAY(ctx->arena, const char *, sample.column_count + 1);
            for (uint32_t c = 0; c < sample.column_count; c++)
                cells[c] =
                    c < sample.rows[r].count ? kpi_arena_strdup(ctx->arena, sample.rows[r].cells[c]) : "";
            s->history_rows[r] = cells;
        }
        s->history_row_count = sample.row_count;
    }
    kpirt_sample_free(&sample);
    return s->history_rows != NULL;
}

/* A metric's exact sums per review period first..first+count-1 (has: a value). */
typedef struct period_sums {
    int32_t first;
    uint32_t count;
    int64_t *sum;
    bool *has;
} period_sums;

static int sum_at(void *user, int32_t period, double *out) {
    const period_sums *p = user;
    if (period < p->first || period >= p->first + (int32_t)p->count || !p->has[period - p->first]) return 0;
    *out = (double)p->sum[period - p->first] / KPIRT_SCALE;
    return 1;
}

/*
** Sums the metric's column per review period over the whole file, as the
** evaluator would; false when a date or a number does not read (D004 and
** the evaluator speak of those) or a sum overflows. data_first/last: the
** days of the rows.
*/
static bool sum_periods(sema_ctx *ctx, const sema_source *s, const sema_metric *m, int column,
                        kpirt_granularity g, period_sums *out, kpirt_day *data_first, kpirt_day *data_last) {
    uint32_t n = s->history_row_count;
    if (n == 0) return false;
    kpirt_day *days = calloc(n, sizeof *days);
    int64_t *values = calloc(n, sizeof *values);
    bool *present = calloc(n, sizeof *present);
    if (!days || !values || !present) abort();
    bool ok = true, money = kpi_unit_kind(m->unit) == KPIRT_UNIT_MONEY;
    *data_first = *data_last = KPIRT_NO_DAY;
    for (uint32_t r = 0; r < n && ok; r++) {
        const char *date = s->history_rows[r][s->sampled_date_column], *cell = s->history_rows[r][column];
        const char *why;
        char found[4];
        ok = kpirt_parse_date(date, strlen(date), s->date_format, &days[r], &why) == 0;
        if (!ok) break;
        if (*data_first == KPIRT_NO_DAY || days[r] < *data_first) *data_first = days[r];
        if (*data_last == KPIRT_NO_DAY || days[r] > *data_last) *data_last = days[r];
        int rc = money ? kpirt_parse_money(cell, strlen(cell), s->sampled_decimal, s->sampled_thousands, NULL,
                                           &values[r], found, &why)
                       : kpirt_parse_decimal(cell, strlen(cell), s->sampled_decimal, s->sampled_thousands,
                                             &values[r], &why);
        ok = rc >= 0;
        present[r] = rc == 0;
    }
    if (ok) {
        out->first = kpirt_period_of(*data_first, g);
        out->count = (uint32_t)(kpirt_period_of(*data_last, g) - out->first + 1);
        out->sum = KPI_NEW_ARRAY(ctx->arena, int64_t, out->count);
        out->has = KPI_NEW_ARRAY(ctx->arena, bool, out->count);
        for (uint32_t r = 0; r < n && ok; r++) {
            if (!present[r]) continue;
            uint32_t i = (uint32_t)(kpirt_period_of(days[r], g) - out->first);
            ok = !__builtin_add_overflow(out->sum[i], values[r], &out->sum[i]);
            out->has[i] = true;
        }
    }
    free(days);
    free(values);
    free(present);
    return ok;
}

/* What check can compute as the evaluator does: a base sum of one column, unfiltered. */
static int summed_column(sema_ctx *ctx, const sema_goal *g) {
    const sema_metric *m = g->metric;
    if (!m || m->formula || !m->source || !m->ast || g->segment_count || g->missing[0]) return -1;
    const sema_source *s = m->source;
    if (s->is_table || !s->header_read || s->unreadable || s->sampled_nth_day || s->bad_date_format ||
        s->sampled_date_column < 0)
        return -1;
    if (m->ast->where || m->ast->per_day || m->ast->window.count || sema_metric_aggregate(m) != KPIRT_AGG_SUM)
        return -1;
    (void)ctx;
    return sema_header_index(s, m->column);
}

static void check_goal(sema_ctx *ctx, sema_goal *g) {
    if (g->start_day == KPIRT_NO_DAY || g->deadline_day == KPIRT_NO_DAY || g->deadline_day < g->start_day)
        return;
    int column = summed_column(ctx, g);
    if (column < 0 || !whole_file(ctx, g->metric->source)) return;
    sema_source *s = g->metric->source;
    kpirt_granularity gran = sema_review_granularity(g->review);
    period_sums sums = {0};
    kpirt_day data_first, data_last;
    if (!sum_periods(ctx, s, g->metric, column, gran, &sums, &data_first, &data_last)) return;

    int32_t start_p = kpirt_period_of(g->start_day, gran);
    int32_t deadline_p = kpirt_last_complete_period(g->deadline_day, gran);
    if (deadline_p < start_p) deadline_p = start_p;
    bool cumulative = g->cumulative != NULL;
    bool last_year =
        g->baseline_of && g->baseline_of->as.baseline_of.form == KPI_BASELINE_LAST_YEAR && !g->baseline;
    /* an absolute target asks its distance from the baseline: a declared one, or the period before the start */
    kpirt_opt baseline = {0}, target = {0};
    double b, t;
    if (g->baseline) baseline = (kpirt_opt){.has = true, .v = sema_quantity_value(&g->baseline->as.quantity)};
    else if (!g->baseline_of && !cumulative && sum_at(&sums, start_p - 1, &b))
        baseline = (kpirt_opt){.has = true, .v = b};
    if (baseline.has && sema_goal_target(g, baseline.v, &t) == KPIRT_TARGET_SET)
        target = (kpirt_opt){.has = true, .v = t};
    kpirt_unit_kind unit = kpi_unit_kind(g->metric->unit);
    kpirt_realism_ask ask;
    if (!kpirt_realism_ask_of(sema_goal_verb(g), sema_goal_amount_kind(g), sema_goal_amount(g),
                              unit == KPIRT_UNIT_PERCENT || unit == KPIRT_UNIT_RATIO, baseline, target, &ask))
        return;
    ask.kind = cumulative  ? KPIRT_REALISM_CUMULATIVE
               : last_year ? KPIRT_REALISM_LAST_YEAR
                           : KPIRT_REALISM_SPAN;
    ask.review = gran;
    ask.periods = (uint32_t)(deadline_p - start_p + 1);
    int32_t first, last;
    kpirt_realism_history(data_first, data_last, KPIRT_NO_DAY, gran, &first, &last);
    kpirt_realism r;
    kpirt_realism_judge(&ask, sum_at, &sums, first, last, &r);
    if (r.verdict != KPIRT_REALISM_BEYOND) return;

    char words[400], largest[40], from[KPIRT_LABEL_MAX], to[KPIRT_LABEL_MAX];
    kpirt_realism_words(&r, g->metric->name, words, sizeof words);
    kpi_span at = g->amount ? g->amount->span : g->anchor;
    kpi_diagnostic *d = sema_report(ctx, KPI_R008, at, "%s", words);
    kpirt_period_label(r.history_first, gran, from);
    kpirt_period_label(r.history_last, gran, to);
    if (ask.points) snprintf(largest, sizeof largest, "%+.1fpp", r.largest * 100);
    else snprintf(largest, sizeof largest, "%+.1f%%", r.largest * 100);
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                  "%u window%s of the whole file of source '%s' (%s to %s) compared; a change of at most %s "
                  "is one the metric has made, or say with `why` what will be different",
                  r.windows, r.windows == 1 ? "" : "s", s->name, from, to, largest);
}

void sema_check_history(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->goal_count; i++) check_goal(ctx, ctx->goals[i]);
}
