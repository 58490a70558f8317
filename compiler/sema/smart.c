/*
** smart.c: the S, M, A and T letters of SMART, checked on every goal and
** driver (R is realism.c; units of amounts are targets.c).
**
** Every error carries a fix-it that makes the goal complete when applied as
** is: an amount, `owner "..."`, `starting DATE`, `within 12 months`. Dates in
** fix-its start on the first day of the next month (SOURCE_DATE_EPOCH fixes
** "today" for reproducible output). Drivers inherit owner and time frame, so
** A and T are checked on a driver only for what it writes itself.
*/
#include "sema_internal.h"

#include <string.h>

static void mark(sema_goal *g, char letter) {
    if (!strchr(g->missing, letter)) {
        size_t n = strlen(g->missing);
        if (n + 1 < sizeof g->missing) {
            g->missing[n] = letter;
            g->missing[n + 1] = '\0';
        }
    }
}

/* The year and month after the month of day. */
static void month_after(kpirt_day day, int *y, int *m) {
    int d;
    kpirt_ymd_from_day(day, y, m, &d);
    if (++*m > 12) {
        *m = 1;
        ++*y;
    }
}

static const char *next_month_start(sema_ctx *ctx) {
    int y, m;
    month_after(ctx->today, &y, &m);
    return kpi_arena_printf(ctx->arena, "%04d-%02d-01", y, m);
}

/* A start for a goal ending on deadline: next month when that is before it, else a year before it ends. */
static const char *start_before(sema_ctx *ctx, kpirt_day deadline) {
    int y, m;
    month_after(ctx->today, &y, &m);
    if (kpirt_day_from_ymd(y, m, 1) < deadline) return next_month_start(ctx);
    month_after(deadline, &y, &m);
    return kpi_arena_printf(ctx->arena, "%04d-%02d-01", y - 1, m);
}

static const char *amount_placeholder(sema_ctx *ctx, const sema_goal *g) {
    if (g->verb == KPI_VERB_REACH) {
        if (g->metric && kpi_unit_is_fraction(g->metric->unit)) return " to 5%";
        if (g->metric && kpi_unit_is_money(g->metric->unit) && g->metric->unit.currency[0])
            return kpi_arena_printf(ctx->arena, " to 100000 %s", g->metric->unit.currency);
        return " to 100";
    }
    return g->verb == KPI_VERB_LOWER ? " -10%" : " +10%";
}

/* ---- S ------------------------------------------------------------------------------ */

static void check_specific(sema_ctx *ctx, sema_goal *g) {
    if (g->metric_name.text && !g->metric) mark(g, 'S');
    const kpi_amount *a = g->amount;
    bool is_keep = !g->driver && g->goal->verb == KPI_VERB_KEEP;
    if (is_keep) return; /* keep always has its bounds */
    if (a->kind == KPI_AMOUNT_NONE) {
        kpi_span at =
            g->driver ? sema_span_at(g->driver->metric.span, true) : sema_span_at(g->goal->metric.span, true);
        kpi_diagnostic *d;
        if (g->driver)
            d = sema_report(ctx, KPI_S004, g->driver->metric.span,
                            "driver '%s' has no amount: by how much must it move?", g->metric_name.text);
        else
            d = sema_report(ctx, KPI_S002, g->goal->verb_span,
                            "'%s %s' says no amount: by how much, or to what?",
                            kpi_ast_verb_name(g->goal->verb), g->metric_name.text ? g->metric_name.text : "");
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "write a relative change (+20%%), points (+0.5pp) or a target (to 1.2M EUR)");
        kpi_diag_fixit(ctx->diags, d, at, amount_placeholder(ctx, g), "insert an amount (adjust the number)");
        mark(g, 'S');
        return;
    }
    if (g->driver) return; /* a driver's sign sets its direction */
    if ((a->kind == KPI_AMOUNT_RELATIVE || a->kind == KPI_AMOUNT_POINTS) && a->value.number.value != 0) {
        char sign = a->value.number.sign;
        bool contradicts =
            (g->verb == KPI_VERB_RAISE && sign == '-') || (g->verb == KPI_VERB_LOWER && sign == '+');
        if (contradicts) {
            kpi_diagnostic *d =
                sema_report(ctx, KPI_S003, a->span, "'%s' with %s: the amount goes the other way",
                            kpi_ast_verb_name(g->verb), sema_span_text(ctx, a->value.span));
            const char *fixed = kpi_arena_printf(ctx->arena, "%c%s%s", sign == '-' ? '+' : '-',
                                                 sema_number_text(ctx, &a->value.number),
                                                 a->kind == KPI_AMOUNT_POINTS ? "pp" : "%");
            kpi_diag_fixit(ctx->diags, d, a->value.span, fixed, "flip the sign");
            mark(g, 'S');
        }
    }
    /* `raise x to 50` from a declared baseline of 80 goes down */
    if (a->kind == KPI_AMOUNT_ABSOLUTE && g->baseline &&
        (g->verb == KPI_VERB_RAISE || g->verb == KPI_VERB_LOWER)) {
        double base = sema_quantity_value(&g->baseline->as.quantity), target = sema_quantity_value(&a->value);
        bool contradicts = g->verb == KPI_VERB_RAISE ? target < base : target > base;
        if (contradicts) {
            kpi_diagnostic *d =
                sema_report(ctx, KPI_S003, a->span, "'%s %s' from the baseline %s goes the other way",
                            kpi_ast_verb_name(g->verb), sema_span_text(ctx, a->span),
                            sema_span_text(ctx, g->baseline->as.quantity.span));
            kpi_diag_fixit(ctx->diags, d, g->goal->verb_span, g->verb == KPI_VERB_RAISE ? "lower" : "raise",
                           "turn the direction around");
            mark(g, 'S');
        }
    }
    if (g->metric && g->metric->better != KPI_BETTER_UNSPECIFIED &&
        (g->verb == KPI_VERB_RAISE || g->verb == KPI_VERB_LOWER)) {
        bool against = (g->verb == KPI_VERB_RAISE) == (g->metric->better == KPI_BETTER_LOWER);
        if (against) {
            kpi_diagnostic *d =
                sema_report(ctx, KPI_S005, g->goal->verb_span,
                            "'%s %s' works against the metric: %s is better", kpi_ast_verb_name(g->verb),
                            g->metric->name, g->metric->better == KPI_BETTER_LOWER ? "lower" : "higher");
            kpi_diag_fixit(ctx->diags, d, g->goal->verb_span, g->verb == KPI_VERB_RAISE ? "lower" : "raise",
                           "turn the direction around");
        }
    }
}

/* ---- M ------------------------------------------------------------------------------ */

static void check_measurable(sema_ctx *ctx, sema_goal *g) {
    if (!g->metric) return;
    sema_metric *culprit = NULL;
    if (!sema_metric_measured(ctx, g->metric, &culprit)) {
        kpi_diagnostic *d = sema_report(
            ctx, KPI_M001, g->metric_name.span, "'%s' cannot be measured: %s", g->metric->name,
            culprit == g->metric ? "it has no data source and no formula"
                                 : kpi_arena_printf(ctx->arena, "it uses '%s', which has no data source",
                                                    culprit ? culprit->name : "?"));
        if (culprit)
            kpi_diag_note(ctx->diags, d, culprit->ast->name.span,
                          "'%s' declared here without a source or formula", culprit->name);
        const kpi_item *first = ctx->root->ast->items;
        kpi_span top = first ? sema_span_at(first->span, false) : (kpi_span){g->metric_name.span.file, 0, 0};
        kpi_diag_fixit(ctx->diags, d, top, "source data = csv \"data.csv\"\n",
                       "declare the data source it is read from");
        mark(g, 'M');
    }
    const kpi_clause *own = g->driver ? g->driver->clauses : g->goal->clauses;
    for (const kpi_clause *c = own; c; c = c->next)
        if (c->kind == KPI_CLAUSE_SEGMENT) sema_check_filter_for_metric(ctx, g->metric, c->as.segment.filter);
}

/* ---- A ------------------------------------------------------------------------------ */

static void check_achievable_owner(sema_ctx *ctx, sema_goal *g) {
    if (g->driver) return; /* inherits */
    if (g->owner) {
        if (g->owner->as.owner.is_ref && !sema_table_get(&ctx->root->owners, g->owner->as.owner.ref.text))
            mark(g, 'A');
        return;
    }
    kpi_diagnostic *d = sema_report(ctx, KPI_A001, g->goal->name.span,
                                    "goal '%s' has no owner: who answers for it?", g->name);
    kpi_diag_fixit(ctx->diags, d, g->anchor, " owner \"...\"", "insert an owner");
    mark(g, 'A');
}

/* ---- T ------------------------------------------------------------------------------ */

static void check_time(sema_ctx *ctx, sema_goal *g) {
    const kpi_clause *own = g->driver ? g->driver->clauses : g->goal->clauses;
    const kpi_clause *own_by = NULL, *own_within = NULL, *own_start = NULL;
    for (const kpi_clause *c = own; c; c = c->next) {
        if (c->kind == KPI_CLAUSE_BY_DATE && !own_by) own_by = c;
        if (c->kind == KPI_CLAUSE_WITHIN && !own_within) own_within = c;
        if (c->kind == KPI_CLAUSE_STARTING && !own_start) own_start = c;
    }
    if (own_by && own_within) {
        const kpi_clause *second = own_by->span.begin > own_within->span.begin ? own_by : own_within;
        const kpi_clause *first = second == own_by ? own_within : own_by;
        kpi_diagnostic *d = sema_report(ctx, KPI_T004, second->span, "goal has two deadlines");
        kpi_diag_note(ctx->diags, d, first->span, "the other deadline");
        kpi_diag_fixit(ctx->diags, d, second->span, "", "remove this deadline");
        mark(g, 'T');
    }
    if (!g->driver && !g->deadline_by && !g->within) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_T001, g->goal->name.span, "goal '%s' has no deadline: by when?", g->name);
        const char *text =
            g->start ? " within 12 months"
                     : kpi_arena_printf(ctx->arena, " starting %s within 12 months", next_month_start(ctx));
        kpi_diag_fixit(ctx->diags, d, g->anchor, text, "insert a time frame");
        mark(g, 'T');
        return;
    }
    if (g->within && !g->start && (!g->driver || own_within)) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_T002, g->within->span, "'%s' from when? `within` needs a `starting` date",
                        sema_span_text(ctx, g->within->span));
        kpi_diag_fixit(ctx->diags, d, sema_span_at(g->within->span, false),
                       kpi_arena_printf(ctx->arena, "starting %s ", next_month_start(ctx)),
                       "insert a start date");
        mark(g, 'T');
        return;
    }
    if (g->deadline_by && !g->start && (!g->driver || own_by)) {
        kpi_diagnostic *d = sema_report(ctx, KPI_T006, g->deadline_by->span,
                                        "'%s' from when? goal '%s' has a deadline but no `starting` date",
                                        sema_span_text(ctx, g->deadline_by->span), g->name);
        kpi_diag_fixit(ctx->diags, d, sema_span_at(g->deadline_by->span, false),
                       kpi_arena_printf(ctx->arena, "starting %s ", start_before(ctx, g->deadline_day)),
                       "insert a start date");
        mark(g, 'T');
        return;
    }
    bool own_dates = !g->driver || own_by || own_within || own_start;
    if (own_dates && g->start_day != KPIRT_NO_DAY && g->deadline_day != KPIRT_NO_DAY &&
        g->deadline_day < g->start_day) {
        const kpi_clause *dl = g->deadline_by ? g->deadline_by : g->within;
        kpi_diagnostic *d = sema_report(ctx, KPI_T003, dl->span, "the deadline %s is before the start %s",
                                        sema_format_day(ctx->arena, g->deadline_day),
                                        sema_format_day(ctx->arena, g->start_day));
        kpi_diag_note(ctx->diags, d, g->start->span, "the goal starts here");
        kpi_diag_fixit(ctx->diags, d, dl->span, "within 12 months", "end 12 months after the start");
        mark(g, 'T');
        return;
    }
    if (g->parent && (own_by || own_within) && g->deadline_day != KPIRT_NO_DAY &&
        g->parent->deadline_day != KPIRT_NO_DAY && g->deadline_day > g->parent->deadline_day) {
        const kpi_clause *dl = own_by ? own_by : own_within;
        kpi_diagnostic *d =
            sema_report(ctx, KPI_T005, dl->span, "driver '%s' ends %s, after the goal it drives (%s)",
                        g->name, sema_format_day(ctx->arena, g->deadline_day),
                        sema_format_day(ctx->arena, g->parent->deadline_day));
        kpi_diag_fixit(ctx->diags, d, dl->span, "", "inherit the goal's deadline");
    }
}

void sema_check_smart(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        sema_goal *g = ctx->goals[i];
        check_specific(ctx, g);
        check_measurable(ctx, g);
        check_achievable_owner(ctx, g);
        check_time(ctx, g);
    }
}
