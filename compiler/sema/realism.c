/*
** realism.c: the R of SMART. Impossible targets are errors; a driver that no
** formula (or `link`) connects to what it drives, and implied compound growth
** above the policy ceiling, are warnings; where baselines are declared, the
** driver arithmetic is solved and its result reported (R004 when the drivers
** cannot reach the parent's target, R005 with what they imply otherwise).
** The arithmetic itself is in realism_math.c.
*/
#include "sema_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool own_baseline(const sema_goal *g, double *out) {
    if (!g->baseline) return false;
    if (g->parent && g->driver) {
        bool own = false;
        for (const kpi_clause *c = g->driver->clauses; c; c = c->next) own |= c == g->baseline;
        if (!own) return false;
    }
    *out = sema_quantity_value(&g->baseline->as.quantity);
    return true;
}

/* The target value from a baseline (the runtime's rule); NAN when the goal has none there. */
static double target_from(const sema_goal *g, double base) {
    double t;
    return sema_goal_target(g, base, &t) == KPIRT_TARGET_SET ? t : NAN;
}

static bool nonnegative_unit(const sema_metric *m) {
    kpi_unit u = m->unit;
    return u.valid && (u.money == 1 || u.count == 1 || u.time == 1) &&
           u.money + u.count + u.time + u.score == 1;
}

static bool is_percent(const sema_metric *m) {
    return m->unit.valid && kpi_unit_is_dimensionless(m->unit) && m->unit.flavor == KPI_FLAVOR_PERCENT;
}

static const char *pct(sema_ctx *ctx, double change) {
    return kpi_arena_printf(ctx->arena, "%+.1f%%", change * 100.0);
}

/* ---- impossible targets ------------------------------------------------------------------ */

static void impossible(sema_ctx *ctx, sema_goal *g, kpi_span span, const char *replacement, const char *fix,
                       const char *fmt, const char *arg1, const char *arg2) {
    kpi_diagnostic *d = sema_report(ctx, KPI_R001, span, fmt, arg1, arg2);
    kpi_diag_fixit(ctx->diags, d, span, replacement, fix);
    size_t n = strlen(g->missing);
    if (!strchr(g->missing, 'R') && n + 1 < sizeof g->missing) {
        g->missing[n] = 'R';
        g->missing[n + 1] = '\0';
    }
}

static void check_bound(sema_ctx *ctx, sema_goal *g, const kpi_quantity *q) {
    double v = sema_quantity_value(q);
    if (is_percent(g->metric) && !q->percent) return; /* U007 already */
    if (nonnegative_unit(g->metric) && v < 0)
        impossible(ctx, g, q->span, "0", "use zero", "%s below zero is impossible for '%s'",
                   sema_span_text(ctx, q->span), g->metric->name);
    else if (is_percent(g->metric) && (v > 1 || v < 0))
        impossible(ctx, g, q->span, v > 1 ? "100%" : "0%", "stay within 0% and 100%",
                   "%s is outside 0%%..100%%, impossible for the percent '%s'", sema_span_text(ctx, q->span),
                   g->metric->name);
}

static void check_impossible(sema_ctx *ctx, sema_goal *g) {
    const sema_metric *m = g->metric;
    if (!m || !m->unit.valid) return;
    const kpi_amount *a = g->amount;
    double base = 0; /* read only when has_base; gcc -O3 cannot see that */
    bool has_base = own_baseline(g, &base);
    if (!g->driver && g->goal->verb == KPI_VERB_KEEP) {
        check_bound(ctx, g, &g->goal->keep_low);
        if (g->goal->keep == KPI_KEEP_BETWEEN) {
            check_bound(ctx, g, &g->goal->keep_high);
            if (sema_quantity_value(&g->goal->keep_low) >= sema_quantity_value(&g->goal->keep_high)) {
                kpi_span both = kpi_span_join(g->goal->keep_low.span, g->goal->keep_high.span);
                impossible(ctx, g, both,
                           kpi_arena_printf(ctx->arena, "%s and %s",
                                            sema_span_text(ctx, g->goal->keep_high.span),
                                            sema_span_text(ctx, g->goal->keep_low.span)),
                           "swap the bounds", "the range %s is empty: the low bound must be below %s",
                           sema_span_text(ctx, both), sema_span_text(ctx, g->goal->keep_high.span));
            }
        }
        return;
    }
    double unused;
    if (a->kind == KPI_AMOUNT_RELATIVE && has_base &&
        sema_goal_target(g, base, &unused) == KPIRT_TARGET_ZERO_BASELINE) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_R007, a->value.span,
                        "%s of a baseline of 0 is no target: a relative change needs a baseline other than 0",
                        sema_span_text(ctx, a->value.span));
        kpi_diag_note(ctx->diags, d, g->baseline->span, "the baseline is declared here");
        size_t n = strlen(g->missing);
        if (!strchr(g->missing, 'R') && n + 1 < sizeof g->missing) {
            g->missing[n] = 'R';
            g->missing[n + 1] = '\0';
        }
        return;
    }
    if (a->kind == KPI_AMOUNT_RELATIVE && sema_goal_change(g) <= -1) {
        impossible(ctx, g, a->value.span, a->value.number.sign == '-' ? "-50%" : "50%",
                   "lower by less than 100%", "lowering '%s' by %s or more is impossible", m->name,
                   sema_span_text(ctx, a->value.span));
        return;
    }
    if (a->kind == KPI_AMOUNT_ABSOLUTE) {
        check_bound(ctx, g, &a->value);
        return;
    }
    if (a->kind == KPI_AMOUNT_POINTS && g->points_ok) {
        double pts = sema_goal_change(g);
        if (fabs(pts) > 1)
            impossible(ctx, g, a->value.span, pts > 0 ? "+1pp" : "-1pp", "move by fewer points",
                       "%s is more than a percent can move (100 points) for '%s'",
                       sema_span_text(ctx, a->value.span), m->name);
        else if (has_base && (base + pts > 1 || base + pts < 0))
            impossible(ctx, g, a->value.span, pts > 0 ? "+1pp" : "-1pp", "move by fewer points",
                       "%s from the baseline would leave 0%%..100%% for '%s'",
                       sema_span_text(ctx, a->value.span), m->name);
        return;
    }
    if (a->kind == KPI_AMOUNT_RELATIVE && has_base && is_percent(m) && target_from(g, base) > 1)
        impossible(ctx, g, a->value.span, "+1pp", "move by points instead",
                   "%s of the baseline takes '%s' above 100%%", sema_span_text(ctx, a->value.span), m->name);
}

/* ---- linkage -------------------------------------------------------------------------- */

/*
** The links sorted by the metric they lead to, each metric's in declaration
** order: a walk finds a metric's incoming links by binary search. (Scanning
** every link at every metric visited made the check quadratic: 20% of the
** instructions of a 5 MB spec.)
*/
typedef struct incoming_links {
    const sema_link **by_to;
    uint32_t count;
} incoming_links;

static int by_target_then_order(const void *a, const void *b) {
    const sema_link *x = *(const sema_link *const *)a, *y = *(const sema_link *const *)b;
    uintptr_t tx = (uintptr_t)x->to, ty = (uintptr_t)y->to;
    if (tx != ty) return tx < ty ? -1 : 1;
    return x < y ? -1 : x > y; /* the same array: its order is the declaration order */
}

static incoming_links index_links(sema_ctx *ctx) {
    incoming_links in = {KPI_NEW_ARRAY(ctx->arena, const sema_link *, ctx->link_count), ctx->link_count};
    for (uint32_t i = 0; i < in.count; i++) in.by_to[i] = &ctx->links[i];
    if (in.count) qsort(in.by_to, in.count, sizeof *in.by_to, by_target_then_order);
    return in;
}

/* What `from` depends on: its formula's metrics, and every metric linked to it. */
static bool reaches(sema_ctx *ctx, const incoming_links *in, sema_metric *from, sema_metric *to, int depth) {
    if (from == to) return true;
    if (depth > 256 || from->walk == ctx->walk_generation) return false;
    from->walk = ctx->walk_generation;
    for (uint32_t i = 0; i < from->dep_count; i++)
        if (reaches(ctx, in, from->deps[i], to, depth + 1)) return true;
    uint32_t lo = 0, hi = in->count; /* the first link to `from` or after it */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)in->by_to[mid]->to < (uintptr_t)from) lo = mid + 1;
        else hi = mid;
    }
    for (uint32_t i = lo; i < in->count && in->by_to[i]->to == from; i++)
        if (reaches(ctx, in, in->by_to[i]->from, to, depth + 1)) return true;
    return false;
}

static bool linked(sema_ctx *ctx, const incoming_links *in, sema_metric *driver, sema_metric *driven) {
    ctx->walk_generation++;
    return reaches(ctx, in, driven, driver, 0);
}

static void check_linked(sema_ctx *ctx, const incoming_links *in, sema_goal *g) {
    if (!g->parent || !g->metric || !g->parent->metric) return;
    if (linked(ctx, in, g->metric, g->parent->metric)) return;
    kpi_diagnostic *d = sema_report(ctx, KPI_R002, g->metric_name.span,
                                    "nothing links '%s' to '%s': no formula of '%s' uses it", g->metric->name,
                                    g->parent->metric->name, g->parent->metric->name);
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "declare the relation if it holds: `link %s to %s`",
                  g->metric->name, g->parent->metric->name);
    const kpi_item *goal_item = NULL;
    for (const kpi_item *it = ctx->root->ast->items; it; it = it->next)
        if (it->kind == KPI_ITEM_GOAL && &it->as.goal == g->goal) goal_item = it;
    if (goal_item)
        kpi_diag_fixit(
            ctx->diags, d, sema_span_at(goal_item->span, false),
            kpi_arena_printf(ctx->arena, "link %s to %s\n", g->metric->name, g->parent->metric->name),
            "declare the link");
}

/* ---- growth ceiling ----------------------------------------------------------------------- */

static void check_growth(sema_ctx *ctx, sema_goal *g) {
    if (!g->metric || g->start_day == KPIRT_NO_DAY || g->deadline_day == KPIRT_NO_DAY ||
        g->deadline_day < g->start_day)
        return;
    double change = NAN, base;
    bool has_base = own_baseline(g, &base);
    if (g->amount->kind == KPI_AMOUNT_RELATIVE) change = sema_goal_change(g);
    else if (has_base && base > 0 &&
             (g->amount->kind == KPI_AMOUNT_POINTS || g->amount->kind == KPI_AMOUNT_ABSOLUTE))
        change = target_from(g, base) / base - 1;
    if (isnan(change) || change <= -1 || change == 0) return;
    double months = sema_months_between(g->start_day, g->deadline_day);
    double monthly = sema_monthly_growth(change, months);
    double rate = change > 0 ? monthly : -monthly;
    if (isnan(rate) || rate <= ctx->growth_ceiling + 1e-12) return;
    kpi_span at = g->amount->kind == KPI_AMOUNT_NONE ? g->metric_name.span : g->amount->span;
    kpi_diagnostic *d = sema_report(
        ctx, KPI_R003, at, "%s%% over %.1f months implies %s%.1f%% per month, above the %.1f%% ceiling",
        kpi_arena_printf(ctx->arena, "%+.1f", change * 100.0), months,
        change > 0 ? "growth of " : "a decline of ", rate * 100.0, ctx->growth_ceiling * 100.0);
    if (kpi_span_valid(ctx->ceiling_span))
        kpi_diag_note(ctx->diags, d, ctx->ceiling_span, "the ceiling is set here");
    else kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "%s", ctx->ceiling_origin);
    int needed = sema_months_needed(change, ctx->growth_ceiling);
    const kpi_clause *own = g->driver ? g->driver->clauses : g->goal->clauses;
    const kpi_clause *dl = NULL;
    for (const kpi_clause *c = own; c; c = c->next)
        if (c->kind == KPI_CLAUSE_WITHIN || c->kind == KPI_CLAUSE_BY_DATE) dl = c;
    if (needed > 0 && dl)
        kpi_diag_fixit(ctx->diags, d, dl->span,
                       kpi_arena_printf(ctx->arena, "within %d %s", needed, needed == 1 ? "month" : "months"),
                       "allow enough time at the ceiling");
}

/* ---- driver arithmetic ------------------------------------------------------------------------ */

typedef struct env_builder {
    sema_solve_env env;
    sema_metric **metrics;
    double *values;
    uint32_t cap;
} env_builder;

static void env_set(env_builder *b, sema_metric *m, double v) {
    for (uint32_t i = 0; i < b->env.count; i++)
        if (b->metrics[i] == m) {
            b->values[i] = v;
            return;
        }
    if (b->env.count < b->cap) {
        b->metrics[b->env.count] = m;
        b->values[b->env.count++] = v;
    }
}

static void collect_unknowns(const sema_expr *x, const sema_solve_env *env, sema_metric **out, uint32_t *n,
                             int depth) {
    if (!x || depth > 64) return;
    if (x->kind == SEMA_X_METRIC) {
        if (!x->metric) {
            out[0] = NULL;
            *n = 99;
            return;
        }
        for (uint32_t i = 0; i < env->count; i++)
            if (env->metrics[i] == x->metric) return;
        if (x->metric->expr) {
            collect_unknowns(x->metric->expr, env, out, n, depth + 1);
            return;
        }
        for (uint32_t i = 0; i < *n && i < 8; i++)
            if (out[i] == x->metric) return;
        if (*n < 8) out[*n] = x->metric;
        (*n)++;
        return;
    }
    if (x->lhs) collect_unknowns(x->lhs, env, out, n, depth + 1);
    if (x->rhs) collect_unknowns(x->rhs, env, out, n, depth + 1);
}

static const char *driver_list(sema_ctx *ctx, const sema_goal *p) {
    char *s = kpi_arena_strdup(ctx->arena, "");
    for (const sema_goal *c = p->children; c; c = c->next)
        if (c->metric && c->amount->kind != KPI_AMOUNT_NONE)
            s = kpi_arena_printf(ctx->arena, "%s%s%s %s", s, s[0] ? " and " : "", c->metric->name,
                                 sema_span_text(ctx, c->amount->value.span));
    return s;
}

static void check_arithmetic(sema_ctx *ctx, sema_goal *p) {
    if (!p->children || !p->metric || !p->metric->expr) return;
    if (p->amount->kind == KPI_AMOUNT_NONE || (!p->driver && p->goal->verb == KPI_VERB_KEEP)) return;
    uint32_t cap = 2;
    for (sema_goal *c = p->children; c; c = c->next) cap++;
    env_builder base = {.metrics = KPI_NEW_ARRAY(ctx->arena, sema_metric *, cap),
                        .values = KPI_NEW_ARRAY(ctx->arena, double, cap),
                        .cap = cap};
    base.env.metrics = base.metrics;
    base.env.values = base.values;
    bool any_baseline = false;
    double v;
    for (sema_goal *c = p->children; c; c = c->next)
        if (c->metric && own_baseline(c, &v)) {
            env_set(&base, c->metric, v);
            any_baseline = true;
        }
    double p_base = NAN;
    bool p_has = own_baseline(p, &p_base);
    if (!p_has && !any_baseline) return;
    const sema_expr *f = p->metric->expr;
    sema_metric *unknown[8];
    uint32_t n = 0;
    collect_unknowns(f, &base.env, unknown, &n, 0);
    sema_metric *free_leaf = NULL;
    if (n > 1) return;
    if (p_has && n == 1) {
        free_leaf = unknown[0];
        double x = sema_solve(f, free_leaf, p_base, &base.env);
        if (isnan(x)) return;
        env_set(&base, free_leaf, x);
    } else if (p_has && n == 0) {
        double computed = sema_eval(f, &base.env);
        if (!isnan(computed) && fabs(computed - p_base) > 1e-6 * fmax(1.0, fabs(p_base))) {
            kpi_diagnostic *d =
                sema_report(ctx, KPI_R004, p->baseline->span,
                            "the baselines do not add up: the drivers' baselines give '%s' %.6g, not %.6g",
                            p->metric->name, computed, p_base);
            kpi_diag_fixit(ctx->diags, d, p->baseline->span,
                           kpi_arena_printf(
                               ctx->arena, "baseline %.6g%s%s", computed,
                               p->baseline->as.quantity.unit.text ? " " : "",
                               p->baseline->as.quantity.unit.text ? p->baseline->as.quantity.unit.text : ""),
                           "use the baseline the drivers give");
            return;
        }
    } else if (!p_has) {
        if (n != 0) return;
        p_base = sema_eval(f, &base.env);
    }
    if (isnan(p_base) || p_base == 0) return;
    double p_target = target_from(p, p_base);
    /* the drivers at their targets; the free leaf stays unknown */
    env_builder tgt = {.metrics = KPI_NEW_ARRAY(ctx->arena, sema_metric *, cap),
                       .values = KPI_NEW_ARRAY(ctx->arena, double, cap),
                       .cap = cap};
    tgt.env.metrics = tgt.metrics;
    tgt.env.values = tgt.values;
    for (uint32_t i = 0; i < base.env.count; i++) {
        sema_metric *m = base.metrics[i];
        if (m == free_leaf) continue;
        double t = base.values[i];
        for (sema_goal *c = p->children; c; c = c->next)
            if (c->metric == m) t = target_from(c, base.values[i]);
        env_set(&tgt, m, t);
    }
    bool want_up = p_target > p_base;
    const char *drivers = driver_list(ctx, p);
    const char *parent =
        kpi_arena_printf(ctx->arena, "%s %s", p->metric->name, pct(ctx, p_target / p_base - 1));
    kpi_span at = p->amount->span;
    if (!free_leaf) {
        double implied = sema_eval(f, &tgt.env);
        if (isnan(implied)) return;
        bool short_of =
            want_up ? implied < p_target - 1e-9 * fabs(p_target) : implied > p_target + 1e-9 * fabs(p_target);
        if (short_of) {
            kpi_diagnostic *d = sema_report(
                ctx, KPI_R004, at, "the drivers cannot reach the target: %s give %s %s, short of %s", drivers,
                p->metric->name, pct(ctx, implied / p_base - 1), pct(ctx, p_target / p_base - 1));
            kpi_diag_fixit(ctx->diags, d, p->amount->value.span, pct(ctx, implied / p_base - 1),
                           "aim for what the drivers give");
        } else {
            sema_report(ctx, KPI_R005, at, "with %s, %s reaches %s (target %s)", drivers, p->metric->name,
                        pct(ctx, implied / p_base - 1), pct(ctx, p_target / p_base - 1));
        }
        return;
    }
    double x_base = base.values[0];
    for (uint32_t i = 0; i < base.env.count; i++)
        if (base.metrics[i] == free_leaf) x_base = base.values[i];
    double x_t = sema_solve(f, free_leaf, p_target, &tgt.env);
    if (isnan(x_t) || x_base == 0) return;
    env_set(&tgt, free_leaf, x_t * (1 + 1e-6) + 1e-9);
    double slope = sema_eval(f, &tgt.env) - p_target;
    env_set(&tgt, free_leaf, x_base);
    double unchanged = sema_eval(f, &tgt.env);
    double change = x_t / x_base - 1;
    bool bound_is_max = want_up ? slope < 0 : slope > 0;
    if (x_t < 0 && nonnegative_unit(free_leaf)) {
        kpi_diagnostic *d = sema_report(
            ctx, KPI_R004, at,
            "the drivers cannot reach the target: with %s and %s, '%s' would have to fall below zero",
            drivers, parent, free_leaf->name);
        if (!isnan(unchanged))
            kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "with %s unchanged, %s reaches %s", free_leaf->name,
                          p->metric->name, pct(ctx, unchanged / p_base - 1));
        return;
    }
    const char *bound;
    if (bound_is_max)
        bound = change >= 0 ? kpi_arena_printf(ctx->arena, "may grow at most %s", pct(ctx, change))
                            : kpi_arena_printf(ctx->arena, "must fall by at least %.1f%%", -change * 100);
    else
        bound = change >= 0 ? kpi_arena_printf(ctx->arena, "must grow at least %s", pct(ctx, change))
                            : kpi_arena_printf(ctx->arena, "may fall at most %.1f%%", -change * 100);
    kpi_diagnostic *d = sema_report(ctx, KPI_R005, at, "with %s and %s, %s %s (from %.6g to %.6g)", drivers,
                                    parent, free_leaf->name, bound, x_base, x_t);
    bool unchanged_short = bound_is_max ? change < 0 : change > 0;
    if (unchanged_short && !isnan(unchanged))
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "with %s unchanged, %s reaches only %s", free_leaf->name,
                      p->metric->name, pct(ctx, unchanged / p_base - 1));
}

void sema_check_realism(sema_ctx *ctx) {
    incoming_links in = index_links(ctx);
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        sema_goal *g = ctx->goals[i];
        check_impossible(ctx, g);
        check_linked(ctx, &in, g);
        if (!strchr(g->missing, 'R')) check_growth(ctx, g);
        check_arithmetic(ctx, g);
    }
}
