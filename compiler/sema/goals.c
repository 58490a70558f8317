/*
** goals.c: builds the tree of goals and drivers that the SMART, target and
** realism checks walk and that lowering flattens.
**
** Each node gets its clauses with inheritance applied: a driver takes its
** parent's owner, start, deadline, review, tolerance and segment unless its
** parenthesised clauses override them; the segments of a driver are its
** parent's AND its own. A `baseline` amount, `budget` and `why` belong to the
** node that writes them; a measured baseline (`baseline last year`) and `path`
** are inherited like the review period. A clause written twice on one node is N009; a driver that is
** its goal's own metric or is repeated under one parent is R006.
*/
#include "sema_internal.h"

#include <string.h>

static const char *clause_name(kpi_clause_kind k) {
    switch (k) {
    case KPI_CLAUSE_WITHIN: return "within";
    case KPI_CLAUSE_BY_DATE: return "by";
    case KPI_CLAUSE_STARTING: return "starting";
    case KPI_CLAUSE_OWNER: return "owner";
    case KPI_CLAUSE_REVIEW: return "review";
    case KPI_CLAUSE_BUDGET: return "budget";
    case KPI_CLAUSE_BASELINE: return "baseline";
    case KPI_CLAUSE_TOLERANCE: return "tolerance";
    case KPI_CLAUSE_SEGMENT: return "for";
    case KPI_CLAUSE_WHY: return "why";
    case KPI_CLAUSE_BASELINE_OF: return "baseline";
    case KPI_CLAUSE_PATH: return "path";
    case KPI_CLAUSE_CUMULATIVE: return "cumulative";
    }
    return "clause";
}

static void set_once(sema_ctx *ctx, const kpi_clause **slot, const kpi_clause *c, const kpi_clause **own) {
    if (*own) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_N009, c->keyword_span, "'%s' is given twice", clause_name(c->kind));
        kpi_diag_note(ctx->diags, d, (*own)->span, "first given here");
        kpi_diag_fixit(ctx->diags, d, c->span, "", "remove the second one");
        return;
    }
    *own = c;
    *slot = c;
}

static void resolve_owner(sema_ctx *ctx, sema_goal *g) {
    const kpi_clause *c = g->owner;
    if (!c) return;
    if (!c->as.owner.is_ref) {
        g->owner_text = c->as.owner.text.text;
        return;
    }
    const kpi_item *decl = sema_table_get(&ctx->root->owners, c->as.owner.ref.text);
    if (decl) {
        g->owner_text = decl->as.owner.title.text ? decl->as.owner.title.text : decl->as.owner.name.text;
        return;
    }
    g->owner_text = c->as.owner.ref.text;
}

/* Reports unknown owner references once, on the node that writes them. */
static void check_owner_ref(sema_ctx *ctx, const kpi_clause *c) {
    if (!c->as.owner.is_ref || !c->as.owner.ref.text) return;
    const kpi_item *decl = sema_table_get(&ctx->root->owners, c->as.owner.ref.text);
    if (decl) {
        uintptr_t sym = (uintptr_t)sema_table_get(&ctx->owner_symbols, c->as.owner.ref.text);
        if (sym) sema_add_ref(ctx, c->as.owner.ref.span, (uint32_t)(sym - 1));
        return;
    }
    const kpi_name *ref = &c->as.owner.ref;
    kpi_diagnostic *d = sema_report(ctx, KPI_A002, ref->span, "unknown owner '%s'", ref->text);
    if (!sema_note_did_you_mean(ctx, d, ref->span, sema_suggest(&ctx->root->owners, ref->text), NULL)) {
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "declare it with `owner %s \"...\"`, or write the owner as a string", ref->text);
        kpi_diag_fixit(ctx->diags, d, ref->span, kpi_arena_printf(ctx->arena, "\"%s\"", ref->text),
                       "write the owner as a string");
    }
}

static void apply_clauses(sema_ctx *ctx, sema_goal *g, const kpi_clause *clauses) {
    const kpi_clause *own_owner = NULL, *own_start = NULL, *own_by = NULL, *own_within = NULL,
                     *own_review = NULL, *own_baseline = NULL, *own_budget = NULL, *own_tol = NULL,
                     *own_why = NULL, *own_path = NULL, *own_cumulative = NULL;
    for (const kpi_clause *c = clauses; c; c = c->next) {
        switch (c->kind) {
        case KPI_CLAUSE_OWNER:
            set_once(ctx, &g->owner, c, &own_owner);
            check_owner_ref(ctx, c);
            break;
        case KPI_CLAUSE_STARTING: set_once(ctx, &g->start, c, &own_start); break;
        case KPI_CLAUSE_BY_DATE:
            set_once(ctx, &g->deadline_by, c, &own_by);
            if (!own_within) g->within = NULL; /* an own deadline replaces an inherited one */
            break;
        case KPI_CLAUSE_WITHIN:
            set_once(ctx, &g->within, c, &own_within);
            if (!own_by) g->deadline_by = NULL;
            break;
        case KPI_CLAUSE_REVIEW: set_once(ctx, &g->review, c, &own_review); break;
        case KPI_CLAUSE_BASELINE:
            set_once(ctx, &g->baseline, c, &own_baseline);
            if (own_baseline == c) g->baseline_of = NULL; /* an own amount replaces an inherited form */
            break;
        case KPI_CLAUSE_BASELINE_OF: set_once(ctx, &g->baseline_of, c, &own_baseline); break;
        case KPI_CLAUSE_PATH: set_once(ctx, &g->path, c, &own_path); break;
        case KPI_CLAUSE_CUMULATIVE: set_once(ctx, &g->cumulative, c, &own_cumulative); break;
        case KPI_CLAUSE_BUDGET: set_once(ctx, &g->budget, c, &own_budget); break;
        case KPI_CLAUSE_TOLERANCE: set_once(ctx, &g->tolerance, c, &own_tol); break;
        case KPI_CLAUSE_WHY: set_once(ctx, &g->why, c, &own_why); break;
        case KPI_CLAUSE_SEGMENT: {
            uint32_t cap = g->segment_count;
            g->segments = sema_grow(ctx->arena, g->segments, g->segment_count, &cap, sizeof *g->segments);
            g->segments[g->segment_count++] = c->as.segment.filter;
            break;
        }
        }
    }
}

static void compute_days(sema_goal *g) {
    g->start_day = g->start ? sema_date_first_day(&g->start->as.date) : KPIRT_NO_DAY;
    if (g->deadline_by) g->deadline_day = sema_date_last_day(&g->deadline_by->as.date);
    else if (g->within && g->start_day != KPIRT_NO_DAY)
        g->deadline_day = sema_add_duration(g->start_day, &g->within->as.within);
    else g->deadline_day = KPIRT_NO_DAY;
}

static sema_goal *new_node(sema_ctx *ctx, sema_goal *parent, const kpi_goal *goal, const kpi_driver *driver) {
    sema_goal *g = KPI_NEW(ctx->arena, sema_goal);
    g->parent = parent;
    g->goal = goal;
    g->driver = driver;
    if (parent) {
        /* inherited: everything but a baseline amount, budget and why (a measured baseline's form is) */
        g->baseline_of = parent->baseline_of;
        g->path = parent->path;
        g->cumulative = parent->cumulative;
        g->owner = parent->owner;
        g->start = parent->start;
        g->deadline_by = parent->deadline_by;
        g->within = parent->within;
        g->review = parent->review;
        g->tolerance = parent->tolerance;
        g->segment_count = parent->segment_count;
        g->segments = KPI_NEW_ARRAY(ctx->arena, const kpi_filter *, parent->segment_count + 1);
        if (parent->segment_count)
            memcpy(g->segments, parent->segments, sizeof *g->segments * parent->segment_count);
        /* append as a child, keeping source order */
        sema_goal **tail = &parent->children;
        while (*tail) tail = &(*tail)->next;
        *tail = g;
    }
    SEMA_PUSH(ctx, ctx->goals, ctx->goal_count, ctx->goal_cap, g);
    return g;
}

static void lookup_goal_metric(sema_ctx *ctx, sema_goal *g) {
    const kpi_name *name = &g->metric_name;
    if (!name->text) return;
    g->metric = sema_lookup_metric(ctx, ctx->root, name, false);
    if (g->metric) return;
    kpi_diagnostic *d = sema_report(ctx, KPI_S001, name->span, "'%s' is not a declared metric", name->text);
    if (!sema_note_did_you_mean(ctx, d, name->span, sema_suggest(&ctx->root->metrics, name->text), NULL)) {
        const kpi_item *first = ctx->root->ast->items;
        kpi_span at = first ? sema_span_at(first->span, false) : (kpi_span){name->span.file, 0, 0};
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "declare it with `metric %s : UNIT`, or import a module that has it", name->text);
        kpi_diag_fixit(ctx->diags, d, at, kpi_arena_printf(ctx->arena, "metric %s : count\n", name->text),
                       "declare the metric");
    }
}

/* R006: a driver that is its parent's own metric, or an ancestor's (the tree
** would say the metric drives itself), or one written twice under the same
** parent, drives nothing new; the node is still built so the other checks
** and the report see what was written. */
static void check_driver_metric(sema_ctx *ctx, const sema_goal *parent, const kpi_driver *drv) {
    const char *metric = drv->metric.text;
    if (!metric) return;
    if (parent->metric_name.text && strcmp(metric, parent->metric_name.text) == 0) {
        kpi_diagnostic *d = sema_report(ctx, KPI_R006, drv->metric.span,
                                        "driver '%s' is the metric of the goal it drives", metric);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "a driver is another metric that moves '%s'; remove this line "
                      "or name the metric that drives it",
                      metric);
        return;
    }
    for (const sema_goal *a = parent->parent; a; a = a->parent) {
        if (!a->metric_name.text || strcmp(metric, a->metric_name.text) != 0) continue;
        kpi_diagnostic *d = sema_report(
            ctx, KPI_R006, drv->metric.span,
            "driver '%s' is the metric of '%s' above it, so it would drive itself", metric, a->name);
        kpi_diag_note(ctx->diags, d, a->metric_name.span,
                      "'%s' is the metric of '%s' here; remove the line "
                      "or name the metric that drives '%s'",
                      metric, a->name, parent->metric_name.text ? parent->metric_name.text : "?");
        return;
    }
    const kpi_driver *first = parent->driver ? parent->driver->children : parent->goal->drivers;
    for (const kpi_driver *o = first; o && o != drv; o = o->next) {
        if (!o->metric.text || strcmp(o->metric.text, metric) != 0) continue;
        kpi_diagnostic *d = sema_report(ctx, KPI_R006, drv->metric.span,
                                        "driver '%s' is listed twice under '%s'", metric, parent->name);
        kpi_diag_note(ctx->diags, d, o->metric.span, "first listed here; keep one line per driver");
        return;
    }
}

static void add_driver(sema_ctx *ctx, sema_goal *parent, const kpi_driver *drv) {
    check_driver_metric(ctx, parent, drv);
    sema_goal *g = new_node(ctx, parent, parent->goal, drv);
    g->metric_name = drv->metric;
    g->verb = parent->verb == KPI_VERB_KEEP ? KPI_VERB_REACH : parent->verb;
    g->amount = &drv->amount;
    g->anchor = sema_span_at(drv->amount.kind != KPI_AMOUNT_NONE ? drv->amount.span : drv->metric.span, true);
    g->name = kpi_arena_join(ctx->arena, parent->name, ".", drv->metric.text ? drv->metric.text : "?");
    /* a driver's direction follows its amount's sign, else its parent's verb */
    if (drv->amount.kind == KPI_AMOUNT_RELATIVE || drv->amount.kind == KPI_AMOUNT_POINTS) {
        if (drv->amount.value.number.sign == '-') g->verb = KPI_VERB_LOWER;
        else if (drv->amount.value.number.sign == '+') g->verb = KPI_VERB_RAISE;
    } else if (drv->amount.kind == KPI_AMOUNT_ABSOLUTE) {
        g->verb = KPI_VERB_REACH;
    }
    lookup_goal_metric(ctx, g);
    apply_clauses(ctx, g, drv->clauses);
    resolve_owner(ctx, g);
    compute_days(g);
    for (const kpi_driver *c = drv->children; c; c = c->next) add_driver(ctx, g, c);
}

void sema_build_goals(sema_ctx *ctx) {
    for (const kpi_item *it = ctx->root->ast->items; it; it = it->next) {
        if (it->kind != KPI_ITEM_GOAL || !it->as.goal.name.text) continue;
        const kpi_goal *goal = &it->as.goal;
        sema_goal *g = new_node(ctx, NULL, goal, NULL);
        g->name = goal->name.text;
        g->metric_name = goal->metric;
        g->verb = goal->verb;
        g->amount = &goal->amount;
        g->anchor = sema_span_at(it->span, true);
        lookup_goal_metric(ctx, g);
        apply_clauses(ctx, g, goal->clauses);
        resolve_owner(ctx, g);
        compute_days(g);
        g->symbol = sema_add_symbol(ctx, (kpi_sema_symbol){.kind = KPI_SYM_GOAL,
                                                           .name = g->name,
                                                           .title = goal->title.text,
                                                           .name_span = goal->name.span,
                                                           .decl_span = it->span,
                                                           .metric = goal->metric.text});
        for (const kpi_driver *d = goal->drivers; d; d = d->next) add_driver(ctx, g, d);
    }
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        sema_goal *g = ctx->goals[i];
        if (!g->driver) continue;
        g->symbol = sema_add_symbol(ctx, (kpi_sema_symbol){.kind = KPI_SYM_DRIVER,
                                                           .name = g->name,
                                                           .name_span = KPI_SPAN_NONE,
                                                           .decl_span = g->driver->span,
                                                           .metric = g->metric_name.text});
    }
}
