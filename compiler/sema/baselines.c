/*
** baselines.c: checks of the measured baselines (`baseline last year`,
** `average 3 months`, `2025-Q4`) and of baseline amounts that read like a
** year, and the days and periods lowering passes to the runtime.
**
** The runtime measures these baselines (runtime/src/eval.c); here the forms
** are checked against the goal's review period and start, where a mistake
** shows before any data is read: a named period that does not end before
** the start, or that holds no whole review period, or an average shorter
** than one review period (B002), each with the fix-it that makes it fit.
*/
#include "sema_internal.h"

#include <string.h>

static const char *period_noun(kpirt_granularity g) {
    static const char *const nouns[] = {"day", "week", "month", "quarter", "year"};
    _Static_assert(sizeof nouns / sizeof *nouns == KPIRT_YEAR + 1, "one noun per granularity");
    return (unsigned)g <= KPIRT_YEAR ? nouns[g] : "period";
}

/* The review periods that lie wholly inside the days from..to: *first..*last (none when *last < *first). */
static void whole_periods(kpirt_day from, kpirt_day to, kpirt_granularity g, int32_t *first, int32_t *last) {
    *first = kpirt_period_of(from, g);
    if (kpirt_period_first_day(*first, g) < from) (*first)++;
    *last = kpirt_last_complete_period(to, g);
}

/* `baseline 2025-11` on a quarterly goal: the review period that holds the named one, as a baseline. */
static const char *enclosing_period(sema_ctx *ctx, kpirt_day day, kpirt_granularity g) {
    char label[KPIRT_LABEL_MAX];
    if (g == KPIRT_WEEK || g == KPIRT_DAY) return NULL;
    kpirt_period_label(kpirt_period_of(day, g), g, label);
    return kpi_arena_printf(ctx->arena, g == KPIRT_YEAR ? "year %s" : "%s", label);
}

static void check_period(sema_ctx *ctx, sema_goal *g, const kpi_clause *c, kpirt_granularity review, bool own) {
    const kpi_date *date = &c->as.baseline_of.period;
    g->baseline_from = sema_date_first_day(date);
    g->baseline_to = sema_date_last_day(date);
    if (!own) return;
    const char *written = sema_span_text(ctx, date->span);
    if (g->start_day != KPIRT_NO_DAY && g->baseline_to >= g->start_day) {
        kpi_diagnostic *d = sema_report(ctx, KPI_B002, date->span, "the baseline period %s does not end before the "
                                        "goal starts on %s", written, sema_format_day(ctx->arena, g->start_day));
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "a baseline is what the goal starts from: name a period before "
                      "the start, or use `baseline last year` to compare each period with a year earlier");
        return;
    }
    int32_t first, last;
    whole_periods(g->baseline_from, g->baseline_to, review, &first, &last);
    if (last >= first) return;
    kpi_diagnostic *d = sema_report(ctx, KPI_B002, date->span, "the baseline period %s holds no whole %s, and the "
                                    "goal is reviewed %s", written, period_noun(review),
                                    kpirt_granularity_name(review));
    const char *wider = enclosing_period(ctx, g->baseline_from, review);
    if (wider && kpirt_period_last_day(kpirt_period_of(g->baseline_from, review), review) < g->start_day)
        kpi_diag_fixit(ctx->diags, d, date->span, wider, kpi_arena_printf(ctx->arena, "take the %s that holds it",
                                                                          period_noun(review)));
}

static void check_average(sema_ctx *ctx, sema_goal *g, const kpi_clause *c, kpirt_granularity review, bool own) {
    const kpi_duration *dur = &c->as.baseline_of.average;
    if (g->start_day == KPIRT_NO_DAY || dur->count <= 0) return;
    /* the duration ending with the last review period before the start */
    int32_t before = kpirt_last_complete_period(g->start_day - 1, review);
    kpirt_day from = sema_duration_before(kpirt_period_last_day(before, review), dur);
    int32_t first, last;
    whole_periods(from, kpirt_period_last_day(before, review), review, &first, &last);
    g->baseline_periods = last >= first ? last - first + 1 : 0;
    if (g->baseline_periods > 0 || !own) return;
    kpi_diagnostic *d = sema_report(ctx, KPI_B002, dur->span, "'average %s' holds no whole %s, and the goal is "
                                    "reviewed %s", sema_span_text(ctx, dur->span), period_noun(review),
                                    kpirt_granularity_name(review));
    kpi_diag_fixit(ctx->diags, d, dur->span, kpi_arena_printf(ctx->arena, "1 %s", period_noun(review)),
                   kpi_arena_printf(ctx->arena, "average whole %ss", period_noun(review)));
}

/* `baseline 2025` is the amount 2025; written without a unit, it was most likely meant as the year. */
static void check_year_like_amount(sema_ctx *ctx, const kpi_clause *c) {
    const kpi_quantity *q = &c->as.quantity;
    const kpi_number *n = &q->number;
    if (q->unit.text || q->percent || n->suffix || n->sign || strlen(n->text) != 4 || strchr(n->text, '.')) return;
    if (n->value < 1900 || n->value > 2100) return;
    kpi_diagnostic *d = sema_report(ctx, KPI_B003, q->span, "'baseline %s' is the amount %s, not the value of the "
                                    "year %s", n->text, n->text, n->text);
    kpi_diag_fixit(ctx->diags, d, q->span, kpi_arena_printf(ctx->arena, "year %s", n->text),
                   "measure the baseline in that year");
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "to keep the amount, write it with its unit (baseline %s count)",
                  n->text);
}

static bool written_by(const sema_goal *g, const kpi_clause *c) {
    const kpi_clause *list = g->driver ? g->driver->clauses : g->goal->clauses;
    for (; list; list = list->next) if (list == c) return true;
    return false;
}

void sema_check_baselines(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        sema_goal *g = ctx->goals[i];
        if (g->baseline && written_by(g, g->baseline)) check_year_like_amount(ctx, g->baseline);
        const kpi_clause *c = g->baseline_of;
        if (!c) continue;
        kpirt_granularity review = sema_review_granularity(g->review);
        bool own = written_by(g, c);
        switch (c->as.baseline_of.form) {
        case KPI_BASELINE_LAST_YEAR: break;
        case KPI_BASELINE_AVERAGE: check_average(ctx, g, c, review, own); break;
        case KPI_BASELINE_PERIOD: check_period(ctx, g, c, review, own); break;
        }
    }
}
