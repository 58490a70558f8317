/*
** baselines.c: checks of the measured baselines (`baseline last year`,
** `average 3 months`, `2025-Q4`), of baseline amounts that read like a
** year, and of the fair periods (`per day`, `over 28 days`, `cumulative`);
** and the days and periods lowering passes to the runtime.
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

static void check_period(sema_ctx *ctx, sema_goal *g, const kpi_clause *c, kpirt_granularity review,
                         bool own) {
    const kpi_date *date = &c->as.baseline_of.period;
    g->baseline_from = sema_date_first_day(date);
    g->baseline_to = sema_date_last_day(date);
    if (!own) return;
    const char *written = sema_span_text(ctx, date->span);
    if (g->start_day != KPIRT_NO_DAY && g->baseline_to >= g->start_day) {
        kpi_diagnostic *d = sema_report(ctx, KPI_B002, date->span,
                                        "the baseline period %s does not end before the "
                                        "goal starts on %s",
                                        written, sema_format_day(ctx->arena, g->start_day));
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "a baseline is what the goal starts from: name a period before "
                      "the start, or use `baseline last year` to compare each period with a year earlier");
        return;
    }
    int32_t first, last;
    whole_periods(g->baseline_from, g->baseline_to, review, &first, &last);
    if (last >= first) return;
    kpi_diagnostic *d = sema_report(ctx, KPI_B002, date->span,
                                    "the baseline period %s holds no whole %s, and the "
                                    "goal is reviewed %s",
                                    written, period_noun(review), kpirt_granularity_name(review));
    const char *wider = enclosing_period(ctx, g->baseline_from, review);
    if (wider && kpirt_period_last_day(kpirt_period_of(g->baseline_from, review), review) < g->start_day)
        kpi_diag_fixit(ctx->diags, d, date->span, wider,
                       kpi_arena_printf(ctx->arena, "take the %s that holds it", period_noun(review)));
}

static void check_average(sema_ctx *ctx, sema_goal *g, const kpi_clause *c, kpirt_granularity review,
                          bool own) {
    const kpi_duration *dur = &c->as.baseline_of.average;
    if (g->start_day == KPIRT_NO_DAY || dur->count <= 0) return;
    /* the duration ending with the last review period before the start */
    int32_t before = kpirt_last_complete_period(g->start_day - 1, review);
    kpirt_day from = sema_duration_before(kpirt_period_last_day(before, review), dur);
    int32_t first, last;
    whole_periods(from, kpirt_period_last_day(before, review), review, &first, &last);
    g->baseline_periods = last >= first ? last - first + 1 : 0;
    if (g->baseline_periods > 0 || !own) return;
    kpi_diagnostic *d =
        sema_report(ctx, KPI_B002, dur->span,
                    "'average %s' holds no whole %s, and the goal is "
                    "reviewed %s",
                    sema_span_text(ctx, dur->span), period_noun(review), kpirt_granularity_name(review));
    kpi_diag_fixit(ctx->diags, d, dur->span, kpi_arena_printf(ctx->arena, "1 %s", period_noun(review)),
                   kpi_arena_printf(ctx->arena, "average whole %ss", period_noun(review)));
}

/* `baseline 2025` is the amount 2025; written without a unit, it was most likely meant as the year. */
static void check_year_like_amount(sema_ctx *ctx, const kpi_clause *c) {
    const kpi_quantity *q = &c->as.quantity;
    const kpi_number *n = &q->number;
    if (q->unit.text || q->percent || n->suffix || n->sign || strlen(n->text) != 4 || strchr(n->text, '.'))
        return;
    if (n->value < 1900 || n->value > 2100) return;
    kpi_diagnostic *d = sema_report(ctx, KPI_B003, q->span,
                                    "'baseline %s' is the amount %s, not the value of the "
                                    "year %s",
                                    n->text, n->text, n->text);
    kpi_diag_fixit(ctx->diags, d, q->span, kpi_arena_printf(ctx->arena, "year %s", n->text),
                   "measure the baseline in that year");
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                  "to keep the amount, write it with its unit (baseline %s count)", n->text);
}

static bool written_by(const sema_goal *g, const kpi_clause *c) {
    const kpi_clause *list = g->driver ? g->driver->clauses : g->goal->clauses;
    for (; list; list = list->next)
        if (list == c) return true;
    return false;
}

/* ---- fair periods ----------------------------------------------------------------------------- */

static bool additive_metric(sema_metric *m, uint32_t depth);

static bool constant_expr(const sema_expr *x) {
    if (x->kind == SEMA_X_NUMBER) return true;
    if (x->kind == SEMA_X_NEGATE) return constant_expr(x->lhs);
    return x->kind == SEMA_X_BINARY && constant_expr(x->lhs) && constant_expr(x->rhs);
}

/* A formula that adds, subtracts and scales totals by constants is a total itself. */
static bool additive_expr(const sema_expr *x, uint32_t depth) {
    switch (x->kind) {
    case SEMA_X_NUMBER: return false; /* a constant does not grow with the days it covers */
    case SEMA_X_METRIC: return additive_metric(x->metric, depth + 1);
    case SEMA_X_NEGATE: return additive_expr(x->lhs, depth);
    case SEMA_X_BINARY:
        if (x->op == '+' || x->op == '-') return additive_expr(x->lhs, depth) && additive_expr(x->rhs, depth);
        if (x->op == '*')
            return (constant_expr(x->lhs) && additive_expr(x->rhs, depth)) ||
                   (constant_expr(x->rhs) && additive_expr(x->lhs, depth));
        return x->op == '/' && constant_expr(x->rhs) && additive_expr(x->lhs, depth);
    }
    return false;
}

/*
** Whether a metric's value over some days is the sum of its daily values: a
** sum or a count, or such a formula; not an average, a ratio, a distinct
** count, or a metric that is already per day or over a window. Memoised,
** so a long chain of formulas sharing operands costs linear time.
*/
static bool additive_metric(sema_metric *m, uint32_t depth) {
    if (!m || depth > 10000) return false;
    while (m->rebound_by) m = m->rebound_by;
    if (m->additive) return m->additive == 1;
    bool yes;
    if (m->ast->per_day || m->ast->window.count) yes = false;
    else if (m->expr) yes = additive_expr(m->expr, depth);
    else {
        kpirt_aggregate a = sema_metric_aggregate(m);
        yes = m->source && (a == KPIRT_AGG_SUM || a == KPIRT_AGG_COUNT);
    }
    m->additive = yes ? 1 : 2;
    return yes;
}

bool sema_metric_is_total(sema_metric *m) {
    return additive_metric(m, 0);
}

/* The first distinct count a metric reads, or NULL: a window cannot be summed from days of distinct counts. */
static const sema_metric *distinct_in(const sema_metric *m, uint32_t depth);

static const sema_metric *distinct_in_expr(const sema_expr *x, uint32_t depth) {
    if (!x || depth > 10000) return NULL;
    if (x->kind == SEMA_X_METRIC) return distinct_in(x->metric, depth + 1);
    const sema_metric *found = x->lhs ? distinct_in_expr(x->lhs, depth + 1) : NULL;
    return found ? found : x->kind == SEMA_X_BINARY ? distinct_in_expr(x->rhs, depth + 1) : NULL;
}

static const sema_metric *distinct_in(const sema_metric *m, uint32_t depth) {
    if (!m || depth > 10000) return NULL;
    while (m->rebound_by) m = m->rebound_by;
    if (m->expr) return distinct_in_expr(m->expr, depth);
    return m->source && sema_metric_aggregate(m) == KPIRT_AGG_COUNT_DISTINCT ? m : NULL;
}

/* The fix-it removes the option: an average or a ratio is already fair across periods of any length. */
static void not_a_total(sema_ctx *ctx, kpi_span at, const char *option, const sema_metric *m) {
    kpi_diagnostic *d =
        sema_report(ctx, KPI_B004, at, "%s needs a total, and '%s' is not one", option, m->name);
    kpi_diag_note(
        ctx->diags, d, KPI_SPAN_NONE,
        "a total is a sum or a count, or a formula that adds and subtracts "
        "totals; an average, a ratio, a distinct count or a metric already per day or over a window "
        "does not add up over days");
    kpi_diag_fixit(ctx->diags, d, at, "",
                   strcmp(option, "'cumulative'") == 0 ? "remove 'cumulative'" : "remove 'per day'");
}

static void check_metric_periods(sema_ctx *ctx, sema_metric *m) {
    const kpi_metric *ast = m->ast;
    if (ast->per_day) {
        /* judged without its own option: a per-day metric is no total, but may be divided once */
        uint8_t seen = m->additive;
        bool total = m->expr ? additive_expr(m->expr, 0)
                             : m->source && (sema_metric_aggregate(m) == KPIRT_AGG_SUM ||
                                             sema_metric_aggregate(m) == KPIRT_AGG_COUNT);
        m->additive = seen;
        if (!total) not_a_total(ctx, ast->per_day_span, "'per day'", m);
    }
    const sema_metric *distinct = ast->window.count ? distinct_in(m, 0) : NULL;
    if (distinct) {
        kpi_diagnostic *d = sema_report(ctx, KPI_B005, ast->window_span,
                                        "a rolling window cannot count the distinct "
                                        "values of '%s'",
                                        distinct->name);
        kpi_diag_note(
            ctx->diags, d, KPI_SPAN_NONE,
            "distinct values are kept per review period, not per day, so "
            "the values of a window that crosses periods are not known; review the goal over the window's "
            "length instead (review weekly for 7 days)");
        kpi_diag_fixit(ctx->diags, d, ast->window_span, "", "remove the window");
    }
}

static void check_cumulative(sema_ctx *ctx, sema_goal *g) {
    if (!written_by(g, g->cumulative) || !g->metric) return;
    if (!additive_metric(g->metric, 0)) not_a_total(ctx, g->cumulative->span, "'cumulative'", g->metric);
    const kpi_clause *b = g->baseline_of;
    if (b && b->as.baseline_of.form != KPI_BASELINE_LAST_YEAR) {
        kpi_diagnostic *d = sema_report(ctx, KPI_B006, b->span,
                                        "a cumulative goal is a total from its start, not "
                                        "a period's value to compare with %s",
                                        sema_span_text(ctx, b->span));
        kpi_diag_note(
            ctx->diags, d, KPI_SPAN_NONE,
            "it aims at last year's total over the same periods (the "
            "default, or `baseline last year`), at a declared total (`baseline 900k EUR`), or at an "
            "absolute target (`reach sales 1M EUR`)");
        kpi_diag_fixit(ctx->diags, d, b->span, "baseline last year", "aim at last year's total");
    }
}

void sema_check_baselines(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->metric_count; i++) {
        sema_metric *m = ctx->metrics[i];
        if (m->module == ctx->root && (m->ast->per_day || m->ast->window.count)) check_metric_periods(ctx, m);
    }
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        sema_goal *g = ctx->goals[i];
        if (g->baseline && written_by(g, g->baseline)) check_year_like_amount(ctx, g->baseline);
        if (g->cumulative) check_cumulative(ctx, g);
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
