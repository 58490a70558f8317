/*
** formula.c: derived metrics. Resolves the names in each formula, finds
** cycles in the graph of metrics (naming the whole cycle), types formulas with
** the unit algebra and compares the result with the declared unit, and decides
** which metrics are measured (reach a data column through their formula).
**
** Operands are typed by their declared units, which are checked against their
** own formulas separately, so one mistake is reported once, where it is made.
*/
#include "sema_internal.h"

#include <math.h>
#include <string.h>

static sema_expr *resolve_expr(sema_ctx *ctx, sema_metric *owner, const kpi_expr *e) {
    if (!e) return NULL;
    if (e->kind == KPI_EXPR_PAREN) return resolve_expr(ctx, owner, e->as.operand);
    sema_expr *x = KPI_NEW(ctx->arena, sema_expr);
    x->span = e->span;
    switch (e->kind) {
    case KPI_EXPR_NUMBER:
        x->kind = SEMA_X_NUMBER;
        x->number = e->as.number.value;
        break;
    case KPI_EXPR_NAME:
        x->kind = SEMA_X_METRIC;
        x->metric = sema_lookup_metric(ctx, owner->module, &e->as.name, true);
        if (x->metric) {
            bool seen = false;
            for (uint32_t i = 0; i < owner->dep_count; i++) seen |= owner->deps[i] == x->metric;
            if (!seen) {
                uint32_t cap = owner->dep_count; /* deps only ever grow here: cap tracks count */
                owner->deps = sema_grow(ctx->arena, owner->deps, owner->dep_count, &cap, sizeof *owner->deps);
                owner->deps[owner->dep_count++] = x->metric;
            }
        }
        break;
    case KPI_EXPR_BINARY:
        x->kind = SEMA_X_BINARY;
        x->op = e->as.binary.op;
        x->lhs = resolve_expr(ctx, owner, e->as.binary.lhs);
        x->rhs = resolve_expr(ctx, owner, e->as.binary.rhs);
        x->span = e->as.binary.op_span;
        if (!x->lhs || !x->rhs) return NULL;
        break;
    case KPI_EXPR_NEGATE:
        x->kind = SEMA_X_NEGATE;
        x->lhs = resolve_expr(ctx, owner, e->as.operand);
        if (!x->lhs) return NULL;
        break;
    default: return NULL;
    }
    return x;
}

/* ---- cycles ------------------------------------------------------------------------- */

static void report_cycle(sema_ctx *ctx, sema_metric **stack, uint32_t depth, sema_metric *again) {
    uint32_t from = 0;
    while (from < depth && stack[from] != again) from++;
    char *path = kpi_arena_strdup(ctx->arena, "");
    for (uint32_t i = from; i < depth; i++)
        path = kpi_arena_printf(ctx->arena, "%s%s -> ", path, stack[i]->name);
    path = kpi_arena_printf(ctx->arena, "%s%s", path, again->name);
    kpi_diagnostic *d = sema_report(ctx, KPI_N007, again->ast->name.span, "formula cycle: %s", path);
    for (uint32_t i = from + 1; i < depth; i++)
        kpi_diag_note(ctx->diags, d, stack[i]->ast->name.span, "'%s' is part of the cycle", stack[i]->name);
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                  "a metric cannot depend on itself; compute one of them from data");
}

/* Iterative depth-first search, so that a long chain of metrics cannot overflow the C stack. */
static void find_cycles(sema_ctx *ctx) {
    sema_metric **stack = KPI_NEW_ARRAY(ctx->arena, sema_metric *, ctx->metric_count + 1);
    ctx->topo = KPI_NEW_ARRAY(ctx->arena, sema_metric *, ctx->metric_count + 1);
    ctx->topo_count = 0;
    uint32_t *next_dep = KPI_NEW_ARRAY(ctx->arena, uint32_t, ctx->metric_count + 1);
    for (uint32_t i = 0; i < ctx->metric_count; i++) {
        sema_metric *start = ctx->metrics[i];
        if (start->visit) continue;
        uint32_t depth = 0;
        stack[depth] = start;
        next_dep[depth++] = 0;
        start->visit = 1;
        while (depth) {
            sema_metric *m = stack[depth - 1];
            if (next_dep[depth - 1] < m->dep_count) {
                sema_metric *d = m->deps[next_dep[depth - 1]++];
                if (d->visit == 1) {
                    report_cycle(ctx, stack, depth, d);
                    for (uint32_t k = 0; k < depth; k++)
                        if (stack[k] == d) d->measured = 1;
                    d->expr = NULL; /* stop further checks from walking the cycle */
                } else if (d->visit == 0 && depth <= ctx->metric_count) {
                    d->visit = 1;
                    stack[depth] = d;
                    next_dep[depth++] = 0;
                }
            } else {
                m->visit = 2;
                ctx->topo[ctx->topo_count++] = m; /* post-order: after everything it uses */
                depth--;
            }
        }
    }
}

/* ---- units ----------------------------------------------------------------------------- */

/* "subtract count from EUR", "add minutes and hours", "divide EUR by USD" */
static const char *op_phrase(sema_ctx *ctx, char op, const char *l, const char *r) {
    switch (op) {
    case '+': return kpi_arena_printf(ctx->arena, "add %s and %s", l, r);
    case '-': return kpi_arena_printf(ctx->arena, "subtract %s from %s", r, l);
    case '*': return kpi_arena_printf(ctx->arena, "multiply %s by %s", l, r);
    default: return kpi_arena_printf(ctx->arena, "divide %s by %s", l, r);
    }
}

static kpi_unit infer(sema_ctx *ctx, const sema_expr *x) {
    if (!x) return kpi_unit_invalid();
    switch (x->kind) {
    case SEMA_X_NUMBER: return kpi_unit_literal();
    case SEMA_X_METRIC: return x->metric ? x->metric->unit : kpi_unit_invalid();
    case SEMA_X_NEGATE: return infer(ctx, x->lhs);
    case SEMA_X_BINARY: break;
    }
    kpi_unit l = infer(ctx, x->lhs), r = infer(ctx, x->rhs), out = kpi_unit_invalid();
    kpi_unit_status st;
    switch (x->op) {
    case '+':
    case '-': st = kpi_unit_add(l, r, &out); break;
    case '*': st = kpi_unit_mul(l, r, &out); break;
    default: st = kpi_unit_div(l, r, &out); break;
    }
    if (st == KPI_UNIT_OK) return out;
    const char *lu = kpi_unit_format(ctx->arena, l), *ru = kpi_unit_format(ctx->arena, r);
    kpi_diagnostic *d;
    if (st == KPI_UNIT_CURRENCY_MIX)
        d = sema_report(ctx, KPI_U003, x->span, "cannot %s: two currencies never mix",
                        op_phrase(ctx, x->op, lu, ru));
    else if (st == KPI_UNIT_TIME_MIX)
        d = sema_report(ctx, KPI_U002, x->span, "cannot %s: convert to one time unit first",
                        op_phrase(ctx, x->op, lu, ru));
    else d = sema_report(ctx, KPI_U002, x->span, "cannot %s", op_phrase(ctx, x->op, lu, ru));
    kpi_diag_note(ctx->diags, d, x->lhs->span, "this is %s", lu);
    kpi_diag_note(ctx->diags, d, x->rhs->span, "this is %s", ru);
    return kpi_unit_invalid();
}

/* The unit name to suggest for an inferred unit, or NULL when it has no single name. */
static const char *declarable(sema_ctx *ctx, kpi_unit u) {
    if (u.count == -1 && (u.money || u.time || u.score))
        u.count = 0; /* per item: EUR/count is declared EUR */
    const char *text = kpi_unit_format(ctx->arena, u);
    if (strcmp(text, "%") == 0) return "percent";
    kpi_unit parsed;
    return kpi_unit_parse(text, &parsed) ? text : NULL;
}

/*
** U010: a percent metric holds a fraction, so `orders / visitors * 100`
** reads a 3% conversion as 300%. The formula's factors are collected through
** `*`, `/`, parentheses and minus signs, each 100 counted +1 in the numerator
** and -1 in the divisor; a net count above zero scales the whole result up
** (`(a * 100) / (b * 100)` cancels; a 100 inside a sum is no factor). On the
** syntax tree, whose spans cover parentheses too.
*/
typedef struct hundred_factors {
    int net;               /* 100s in the numerator minus 100s in the divisor */
    unsigned count;        /* 100s found, on either side */
    const kpi_expr *first; /* the first 100 met in the numerator */
    kpi_span cut;          /* what removing `first` deletes, when it can be deleted */
    bool removable;
    bool metric; /* the formula names a metric (not numbers only) */
} hundred_factors;

static const kpi_expr *strip_parens(const kpi_expr *e) {
    while (e && e->kind == KPI_EXPR_PAREN) e = e->as.operand;
    return e;
}

static bool is_hundred(const kpi_expr *e) {
    e = strip_parens(e);
    while (e && e->kind == KPI_EXPR_NEGATE) e = strip_parens(e->as.operand);
    return e && e->kind == KPI_EXPR_NUMBER && fabs(e->as.number.value) == 100;
}

static void collect_hundreds(const kpi_expr *e, int side, hundred_factors *h, int depth) {
    e = strip_parens(e);
    if (!e || depth > 64) return;
    if (e->kind == KPI_EXPR_NAME) {
        h->metric = true;
        return;
    }
    if (e->kind == KPI_EXPR_NEGATE) {
        collect_hundreds(e->as.operand, side, h, depth + 1);
        return;
    }
    if (e->kind == KPI_EXPR_NUMBER) {
        if (fabs(e->as.number.value) == 100) {
            h->net += side;
            h->count++;
        }
        return;
    }
    if (e->kind != KPI_EXPR_BINARY) return;
    const kpi_expr *lhs = e->as.binary.lhs, *rhs = e->as.binary.rhs;
    if (e->as.binary.op == '+' || e->as.binary.op == '-') {
        /* not a factor of the whole: only whether a metric is named matters */
        hundred_factors inner = {0};
        collect_hundreds(lhs, 1, &inner, depth + 1);
        collect_hundreds(rhs, 1, &inner, depth + 1);
        h->metric |= inner.metric;
        return;
    }
    /* a plain 100 (in parentheses or not, unsigned) multiplying the rest can be deleted with its '*' */
    if (e->as.binary.op == '*' && side > 0 && !h->first) {
        const kpi_expr *l = strip_parens(lhs), *r = strip_parens(rhs);
        if (r->kind == KPI_EXPR_NUMBER && r->as.number.value == 100 && !r->as.number.sign) {
            h->first = rhs;
            h->cut = (kpi_span){e->span.file, lhs->span.end, rhs->span.end};
            h->removable = true;
        } else if (l->kind == KPI_EXPR_NUMBER && l->as.number.value == 100 && !l->as.number.sign) {
            h->first = lhs;
            h->cut = (kpi_span){e->span.file, lhs->span.begin, rhs->span.begin};
            h->removable = true;
        }
    }
    collect_hundreds(lhs, side, h, depth + 1);
    collect_hundreds(rhs, e->as.binary.op == '/' ? -side : side, h, depth + 1);
    if (!h->first && side > 0) {
        if (is_hundred(rhs) && e->as.binary.op == '*') h->first = rhs;
        else if (is_hundred(lhs)) h->first = lhs;
    }
}

static void check_percent_scale(sema_ctx *ctx, const sema_metric *m) {
    if (m->unit.flavor != KPI_FLAVOR_PERCENT || !kpi_unit_is_dimensionless(m->unit)) return;
    hundred_factors h = {0};
    collect_hundreds(m->formula, 1, &h, 0);
    if (h.net <= 0 || !h.metric || !h.first) return;
    kpi_diagnostic *d = sema_report(
        ctx, KPI_U010, h.first->span,
        "'%s' is a percent, which kpic keeps as a fraction: '* 100' makes 3%% read as 300%%", m->name);
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "write the plain ratio; reports print it as a percentage");
    /* one 100 and nothing that cancels it: deleting it leaves the ratio */
    if (h.removable && h.net == 1 && h.count == 1)
        kpi_diag_fixit(ctx->diags, d, h.cut, "", "remove the factor 100");
}

static void type_metric(sema_ctx *ctx, sema_metric *m) {
    if (!m->expr || !m->unit.valid) return;
    m->inferred = infer(ctx, m->expr);
    m->typed = true;
    if (kpi_unit_fits(m->unit, m->inferred)) {
        check_percent_scale(ctx, m);
        return;
    }
    const char *inferred = kpi_unit_format(ctx->arena, m->inferred);
    kpi_diagnostic *d =
        sema_report(ctx, KPI_U004, m->formula->span, "'%s' is declared %s but its formula gives %s", m->name,
                    m->unit_text, inferred);
    kpi_diag_note(ctx->diags, d, m->ast->unit.span, "declared here");
    const char *name = declarable(ctx, m->inferred);
    if (name)
        kpi_diag_fixit(ctx->diags, d, m->ast->unit.span, name,
                       kpi_arena_printf(ctx->arena, "declare it %s", name));
}

/* ---- measured ---------------------------------------------------------------------------- */

/* In dependency order, so that no chain of formulas, however long, recurses. */
static void decide_measured(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->topo_count; i++) {
        sema_metric *m = ctx->topo[i];
        if (m->measured >= 0) continue; /* set on a cycle: counts as measured */
        if (!m->formula) {
            m->measured = m->source != NULL || m->ast->source.text != NULL;
            if (!m->measured) m->unmeasured_base = m;
            continue;
        }
        m->measured = 1;
        for (uint32_t d = 0; d < m->dep_count && m->measured; d++) {
            if (m->deps[d]->measured == 0) {
                m->measured = 0;
                m->unmeasured_base = m->deps[d]->unmeasured_base;
            }
        }
    }
}

bool sema_metric_measured(sema_ctx *ctx, sema_metric *m, sema_metric **culprit) {
    (void)ctx;
    while (m->rebound_by) m = m->rebound_by;
    if (m->measured == 0 && culprit && !*culprit) *culprit = m->unmeasured_base;
    return m->measured != 0;
}

void sema_mark_used(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->goal_count; i++)
        if (ctx->goals[i]->metric) ctx->goals[i]->metric->used = true;
    /* dependents come after their dependencies in topo: walk it backwards */
    for (uint32_t i = ctx->topo_count; i-- > 0;) {
        sema_metric *m = ctx->topo[i];
        if (!m->used) continue;
        for (uint32_t d = 0; d < m->dep_count; d++) m->deps[d]->used = true;
    }
}

void sema_check_formulas(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->metric_count; i++) {
        sema_metric *m = ctx->metrics[i];
        if (m->formula && !m->rebound_by) m->expr = resolve_expr(ctx, m, m->formula);
    }
    find_cycles(ctx);
    decide_measured(ctx);
    for (uint32_t i = 0; i < ctx->metric_count; i++) {
        sema_metric *m = ctx->metrics[i];
        if (!m->rebound_by) type_metric(ctx, m);
    }
}
