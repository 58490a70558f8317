/*
** targets.c: amounts, bounds and baselines checked against the unit of the
** metric they apply to.
**
** Points (`+0.5pp`) only move a percent or ratio; a relative change of a
** percent metric is legal but usually meant as points, so it warns; an
** absolute value carries the metric's unit (`to 1.2M EUR` on a USD metric is
** an error, `to 40%` on a count is an error, a bare `to 3.5` on a percent
** metric must say `3.5%`). sema_quantity_value converts a checked quantity to
** the number the program stores: percentages as fractions.
*/
#include "sema_internal.h"

#include <math.h>
#include <string.h>

const char *sema_number_text(sema_ctx *ctx, const kpi_number *n) {
    const char *t = n->text ? n->text : "";
    if (*t == '+' || *t == '-') t++;
    return n->suffix ? kpi_arena_printf(ctx->arena, "%s%c", t, n->suffix) : t;
}

double sema_quantity_value(const kpi_quantity *q) {
    double v = q->number.value; /* the parser has applied the sign and the k/M/B suffix */
    return q->percent ? v / 100.0 : v;
}

/* ---- the goal as the target rule sees it (kpirt_goal_target, one rule for kpic and the runtime) ---- */

kpirt_verb sema_goal_verb(const sema_goal *g) {
    switch (g->verb) {
    case KPI_VERB_RAISE: return KPIRT_VERB_RAISE;
    case KPI_VERB_LOWER: return KPIRT_VERB_LOWER;
    case KPI_VERB_REACH: return KPIRT_VERB_REACH;
    case KPI_VERB_KEEP: return KPIRT_VERB_KEEP;
    }
    return KPIRT_VERB_RAISE;
}

kpirt_amount_kind sema_goal_amount_kind(const sema_goal *g) {
    switch (g->amount->kind) {
    case KPI_AMOUNT_NONE: return KPIRT_AMOUNT_NONE;
    case KPI_AMOUNT_RELATIVE: return KPIRT_AMOUNT_RELATIVE;
    case KPI_AMOUNT_POINTS: return KPIRT_AMOUNT_POINTS;
    case KPI_AMOUNT_ABSOLUTE: return KPIRT_AMOUNT_ABSOLUTE;
    }
    return KPIRT_AMOUNT_NONE;
}

double sema_goal_amount(const sema_goal *g) {
    const kpi_amount *a = g->amount;
    if (a->kind == KPI_AMOUNT_ABSOLUTE) return sema_quantity_value(&a->value);
    if (a->kind == KPI_AMOUNT_NONE) return 0;
    double v = a->value.number.value / 100.0; /* signed by the parser when a sign is written */
    if (a->value.number.sign) return v;
    return g->verb == KPI_VERB_LOWER ? -v : v;
}

double sema_goal_change(const sema_goal *g) {
    return kpirt_goal_change(sema_goal_verb(g), sema_goal_amount(g));
}

kpirt_target_outcome sema_goal_target(const sema_goal *g, double baseline, double *target) {
    return kpirt_goal_target(sema_goal_verb(g), sema_goal_amount_kind(g), sema_goal_amount(g), baseline,
                             target);
}

bool sema_check_quantity(sema_ctx *ctx, const kpi_quantity *q, const sema_metric *m, const char *what) {
    if (!m || !m->unit.valid) return true;
    if (q->percent) {
        if (kpi_unit_is_fraction(m->unit)) return true;
        kpi_diagnostic *d = sema_report(ctx, KPI_U007, q->span, "%s %s is a percentage, but '%s' is %s", what,
                                        sema_span_text(ctx, q->span), m->name, m->unit_text);
        kpi_diag_fixit(ctx->diags, d, q->span,
                       kpi_arena_printf(ctx->arena, "%s%s", q->number.sign == '-' ? "-" : "",
                                        sema_number_text(ctx, &q->number)),
                       "write it in the metric's unit");
        return false;
    }
    if (q->unit.text) {
        kpi_unit u;
        if (!kpi_unit_parse(q->unit.text, &u)) {
            kpi_diagnostic *d = sema_report(ctx, KPI_U001, q->unit.span, "unknown unit '%s'", q->unit.text);
            const char *hint = kpi_unit_suggest(q->unit.text);
            if (hint)
                kpi_diag_fixit(ctx->diags, d, q->unit.span, hint,
                               kpi_arena_printf(ctx->arena, "replace with '%s'", hint));
            return false;
        }
        if (kpi_unit_fits(m->unit, u) && kpi_unit_fits(u, m->unit)) return true;
        kpi_diagnostic *d = sema_report(ctx, KPI_U007, q->unit.span, "%s is in %s, but '%s' is %s", what,
                                        q->unit.text, m->name, m->unit_text);
        kpi_diag_note(ctx->diags, d, m->ast->unit.span, "'%s' is declared %s here", m->name, m->unit_text);
        if (!(kpi_unit_is_money(m->unit) && !m->unit.currency[0]))
            kpi_diag_fixit(ctx->diags, d, q->unit.span, m->unit_text, "use the metric's unit");
        return false;
    }
    if (m->unit.valid && kpi_unit_is_dimensionless(m->unit) && m->unit.flavor == KPI_FLAVOR_PERCENT) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_U007, q->span, "'%s' is a percent: write %s as %s%%", m->name,
                        sema_span_text(ctx, q->span), sema_number_text(ctx, &q->number));
        kpi_diag_fixit(ctx->diags, d, sema_span_at(q->number.span, true), "%", "make it a percentage");
        return false;
    }
    return true;
}

static void check_amount(sema_ctx *ctx, sema_goal *g) {
    const kpi_amount *a = g->amount;
    const sema_metric *m = g->metric;
    if (!m || !m->unit.valid) return;
    switch (a->kind) {
    case KPI_AMOUNT_NONE: break;
    case KPI_AMOUNT_POINTS:
        if (!kpi_unit_is_fraction(m->unit)) {
            kpi_diagnostic *d =
                sema_report(ctx, KPI_U005, a->span, "points (pp) move a percent or ratio, but '%s' is %s",
                            m->name, m->unit_text);
            const char *num = sema_number_text(ctx, &a->value.number);
            kpi_diag_fixit(
                ctx->diags, d, a->value.span,
                kpi_arena_printf(ctx->arena, "%s%s%%", a->value.number.sign == '-' ? "-" : "+", num),
                "make it a relative change");
        } else {
            g->points_ok = true;
        }
        break;
    case KPI_AMOUNT_RELATIVE:
        if (kpi_unit_is_dimensionless(m->unit) && m->unit.flavor == KPI_FLAVOR_PERCENT) {
            const char *num = sema_number_text(ctx, &a->value.number);
            char sign = a->value.number.sign ? a->value.number.sign : g->verb == KPI_VERB_LOWER ? '-' : '+';
            kpi_diagnostic *d =
                sema_report(ctx, KPI_U006, a->value.span,
                            "%s of '%s' is a relative change of a percent; did you mean %c%spp?",
                            sema_span_text(ctx, a->value.span), m->name, sign, num);
            kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                          "%s%% of a 4%% conversion is %.2f%%; %c%spp makes it %.2f%%", num,
                          4.0 * (1 + (sign == '-' ? -1 : 1) * fabs(a->value.number.value) / 100.0), sign, num,
                          4.0 + (sign == '-' ? -1 : 1) * fabs(a->value.number.value));
            kpi_diag_fixit(ctx->diags, d, a->value.span, kpi_arena_printf(ctx->arena, "%c%spp", sign, num),
                           "make it a change in points");
        }
        break;
    case KPI_AMOUNT_ABSOLUTE: sema_check_quantity(ctx, &a->value, m, "the target"); break;
    }
}

/*
** `budget 50000 EUR [on ad_spend]`: a known unit; the metric that spends it
** must exist (N001, with a did-you-mean), be counted in the budget's unit (a
** budget in EUR is not spent in USD nor in visits: U003 with a fix-it to the
** metric's currency, U002) and add up over days, since the spend is its total
** since the start (B007).
*/
static void check_budget(sema_ctx *ctx, sema_goal *g, const kpi_clause *c) {
    const kpi_quantity *q = &c->as.budget.amount;
    kpi_unit u = kpi_unit_invalid();
    if (q->unit.text && !kpi_unit_parse(q->unit.text, &u)) {
        kpi_diagnostic *d = sema_report(ctx, KPI_U001, q->unit.span, "unknown unit '%s'", q->unit.text);
        const char *hint = kpi_unit_suggest(q->unit.text);
        if (hint)
            kpi_diag_fixit(ctx->diags, d, q->unit.span, hint,
                           kpi_arena_printf(ctx->arena, "replace with '%s'", hint));
        u = kpi_unit_invalid();
    }
    const kpi_name *name = &c->as.budget.metric;
    if (!name->text) return;
    sema_metric *m = sema_lookup_metric(ctx, ctx->root, name, true);
    if (!m) return;
    g->budget_metric = m;
    if (!sema_metric_is_total(m)) {
        kpi_diagnostic *d = sema_report(ctx, KPI_B007, name->span,
                                        "'%s' cannot spend a budget: its values do not add up", m->name);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "the spend is the metric's total from the start: a sum or a count, or a formula that "
                      "adds and subtracts them, without `per day` or a window");
    }
    if (!m->unit.valid || !u.valid || kpi_unit_equal(u, m->unit)) return;
    bool currencies = kpi_unit_is_money(u) && kpi_unit_is_money(m->unit);
    kpi_diagnostic *d =
        sema_report(ctx, currencies ? KPI_U003 : KPI_U002, q->unit.span,
                    "the budget is in '%s' but '%s', which spends it, is in '%s'", q->unit.text, m->name,
                    m->unit_text ? m->unit_text : kpi_unit_format(ctx->arena, m->unit));
    if (m->ast) kpi_diag_note(ctx->diags, d, m->ast->unit.span, "'%s' is declared here", m->name);
    if (currencies && m->unit_text)
        kpi_diag_fixit(ctx->diags, d, q->unit.span, m->unit_text,
                       kpi_arena_printf(ctx->arena, "count the budget in '%s'", m->unit_text));
    else
        kpi_diag_note(ctx->diags, d, name->span, "name a metric in '%s' that sums what is spent",
                      q->unit.text);
}

void sema_check_targets(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        sema_goal *g = ctx->goals[i];
        check_amount(ctx, g);
        if (!g->driver && g->goal->verb == KPI_VERB_KEEP) {
            sema_check_quantity(ctx, &g->goal->keep_low, g->metric, "the bound");
            if (g->goal->keep == KPI_KEEP_BETWEEN)
                sema_check_quantity(ctx, &g->goal->keep_high, g->metric, "the bound");
        }
        const kpi_clause *own = g->driver ? g->driver->clauses : g->goal->clauses;
        for (const kpi_clause *c = own; c; c = c->next) {
            if (c->kind == KPI_CLAUSE_BASELINE)
                sema_check_quantity(ctx, &c->as.quantity, g->metric, "the baseline");
            if (c->kind == KPI_CLAUSE_BUDGET) check_budget(ctx, g, c);
        }
    }
}
