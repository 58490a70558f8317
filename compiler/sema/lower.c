/*
** lower.c: builds the kpi_program (program.h) from a checked file.
**
** Only metrics some goal uses, and what they depend on, are kept. A goal's
** segment (`for channel = "seo"`) and a derived metric's own `where` are
** pushed down: the goal points to a copy of its metric, named
** "conversion[channel=seo]", whose base metrics carry the segment ANDed to
** their own filter. Sources keep only the columns the program reads, the
** date column first. Goals are flattened parents first; a driver inherits
** what goals.c filled in. Amounts are signed fractions: `lower costs 10%` is
** -0.10, `+0.5pp` is 0.005, `to 3.5%` is 0.035. Review defaults to monthly,
** tolerance to 0.10.
*/
#include "sema_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

typedef struct lowering {
    sema_ctx *ctx;
    kpi_program *prog;
    uint32_t metric_cap, source_cap, goal_cap, link_cap;
    sema_table metric_index; /* lowered name -> index + 1 */
    sema_source **source_of; /* program source index -> sema source */
    uint32_t *column_cap;
} lowering;

/* ---- sources and columns ------------------------------------------------------------------ */

static uint32_t source_index(lowering *L, sema_source *s) {
    for (uint32_t i = 0; i < L->prog->source_count; i++)
        if (L->source_of[i] == s) return i;
    kpi_prog_source src = {
        .name = s->name,
        .kind = s->is_table ? KPI_SOURCE_TABLE : KPI_SOURCE_FILE,
        .path = s->path,
        .date_column = s->date_column,
        .date_format = s->date_format,
        .delimiter = s->delimiter,
        .decimal_mark = s->decimal_mark,
        .thousands_sep = s->thousands_sep,
        .span = s->ast->name.span,
        .format = s->kind,
        .encoding = s->encoding,
        .declared = s->declared,
        .skip_lines = s->skip_lines,
        .comment = s->comment,
        .nulls = s->nulls,
        .null_count = s->null_count,
        .table = s->table,
    };
    uint32_t n = L->prog->source_count; /* source_of and column_cap hold every declared source */
    SEMA_PUSH(L->ctx, L->prog->sources, L->prog->source_count, L->source_cap, src);
    L->source_of[n] = s;
    L->column_cap[n] = 0;
    kpi_prog_source *ps = &L->prog->sources[n];
    SEMA_PUSH(L->ctx, ps->columns, ps->column_count, L->column_cap[n], s->date_column);
    return n;
}

static uint32_t column_index(lowering *L, uint32_t source, const char *name) {
    kpi_prog_source *ps = &L->prog->sources[source];
    for (uint32_t i = 0; i < ps->column_count; i++)
        if (strcmp(ps->columns[i], name) == 0) return i;
    SEMA_PUSH(L->ctx, ps->columns, ps->column_count, L->column_cap[source], name);
    return ps->column_count - 1;
}

/* ---- links --------------------------------------------------------------------------------- */

static const sema_metric *current(const sema_metric *m) {
    while (m->rebound_by) m = m->rebound_by;
    return m;
}

/*
** `link A to B` joins the lowered A and B, and within each segment both were
** lowered in ("A[channel=seo]" to "B[channel=seo]"); a link whose metrics no
** goal uses is dropped with them. The links leaving each name are chained in
** declaration order, so every lowered metric finds its own in one lookup.
*/
static void lower_links(lowering *L) {
    sema_ctx *ctx = L->ctx;
    if (!ctx->link_count) return;
    sema_table by_from = {0};
    uint32_t *next = KPI_NEW_ARRAY(ctx->arena, uint32_t, ctx->link_count);
    for (uint32_t i = ctx->link_count; i-- > 0;) {
        const char *key = current(ctx->links[i].from)->name;
        next[i] = (uint32_t)(uintptr_t)sema_table_get(&by_from, key);
        sema_table_put(ctx->arena, &by_from, key, (void *)(uintptr_t)(i + 1));
    }
    for (uint32_t j = 0; j < L->prog->metric_count; j++) {
        const char *name = L->prog->metrics[j].name, *segment = strchr(name, '[');
        const char *base = segment ? kpi_arena_strndup(ctx->arena, name, (size_t)(segment - name)) : name;
        for (uint32_t k = (uint32_t)(uintptr_t)sema_table_get(&by_from, base); k; k = next[k - 1]) {
            const char *to = current(ctx->links[k - 1].to)->name;
            if (segment) to = kpi_arena_join(ctx->arena, to, "", segment);
            uintptr_t target = (uintptr_t)sema_table_get(&L->metric_index, to);
            if (target && target - 1 != j)
                SEMA_PUSH(ctx, L->prog->links, L->prog->link_count, L->link_cap,
                          ((kpi_prog_link){j, (uint32_t)(target - 1)}));
        }
    }
}

/* ---- filters -------------------------------------------------------------------------------- */

static double literal_number(const kpi_literal *l) {
    return l->number.value; /* `- NUMBER` is negated by the parser */
}

static kpi_prog_filter *pf_new(lowering *L, kpi_prog_filter_kind kind) {
    kpi_prog_filter *f = KPI_NEW(L->ctx->arena, kpi_prog_filter);
    f->kind = kind;
    return f;
}

static kpi_prog_filter *pf_binary(lowering *L, kpi_prog_filter_kind kind, kpi_prog_filter *a,
                                  kpi_prog_filter *b) {
    if (!a) return b;
    if (!b) return a;
    kpi_prog_filter *f = pf_new(L, kind);
    f->lhs = a;
    f->rhs = b;
    return f;
}

static kpi_prog_cmp lower_cmp(kpi_cmp_op op) {
    switch (op) {
    case KPI_CMP_EQ: return KPI_PCMP_EQ;
    case KPI_CMP_NE: return KPI_PCMP_NE;
    case KPI_CMP_LT: return KPI_PCMP_LT;
    case KPI_CMP_LE: return KPI_PCMP_LE;
    case KPI_CMP_GT: return KPI_PCMP_GT;
    case KPI_CMP_GE: return KPI_PCMP_GE;
    }
    return KPI_PCMP_EQ;
}
static_assert(KPI_CMP_GE == 5 && KPI_PCMP_COUNT == 6,
              "a comparison added to the AST needs its program form in lower_cmp");

static kpi_prog_filter *lower_filter(lowering *L, uint32_t source, const kpi_filter *f) {
    if (!f) return NULL;
    switch (f->kind) {
    case KPI_FILTER_PAREN: return lower_filter(L, source, f->as.operand);
    case KPI_FILTER_NOT: {
        kpi_prog_filter *n = pf_new(L, KPI_PF_NOT);
        n->lhs = lower_filter(L, source, f->as.operand);
        return n;
    }
    case KPI_FILTER_AND:
    case KPI_FILTER_OR:
        return pf_binary(L, f->kind == KPI_FILTER_AND ? KPI_PF_AND : KPI_PF_OR,
                         lower_filter(L, source, f->as.binary.lhs),
                         lower_filter(L, source, f->as.binary.rhs));
    case KPI_FILTER_CMP: {
        const kpi_literal *v = &f->as.cmp.value;
        kpi_prog_filter *c = pf_new(L, v->is_string ? KPI_PF_TEXT_CMP : KPI_PF_NUM_CMP);
        c->column = column_index(L, source, f->as.cmp.column.text);
        c->op = lower_cmp(f->as.cmp.op);
        if (v->is_string) c->text = v->string.text ? v->string.text : "";
        else c->number = literal_number(v);
        return c;
    }
    case KPI_FILTER_IN: {
        uint32_t col = column_index(L, source, f->as.in.column.text);
        const kpi_literal *first = f->as.in.values;
        if (first && !first->is_string) {
            /* numbers: an OR of equalities, so that 1 and 1.0 compare equal */
            kpi_prog_filter *any = NULL;
            for (const kpi_literal *l = first; l; l = l->next) {
                kpi_prog_filter *eq = pf_new(L, KPI_PF_NUM_CMP);
                eq->column = col;
                eq->op = KPI_PCMP_EQ;
                eq->number = literal_number(l);
                any = pf_binary(L, KPI_PF_OR, any, eq);
            }
            if (!f->as.in.negated) return any;
            kpi_prog_filter *n = pf_new(L, KPI_PF_NOT);
            n->lhs = any;
            return n;
        }
        kpi_prog_filter *in = pf_new(L, KPI_PF_IN);
        in->column = col;
        in->negated = f->as.in.negated;
        for (const kpi_literal *l = first; l; l = l->next) in->text_count++;
        in->texts = KPI_NEW_ARRAY(L->ctx->arena, const char *, in->text_count + 1);
        uint32_t i = 0;
        for (const kpi_literal *l = first; l; l = l->next)
            in->texts[i++] = l->string.text ? l->string.text : "";
        return in;
    }
    }
    return NULL;
}

/* A short canonical text of a filter for metric names: channel=seo, country in (NL,BE). */
static const char *filter_text(lowering *L, const kpi_filter *f) {
    kpi_arena *a = L->ctx->arena;
    static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">="};
    switch (f->kind) {
    case KPI_FILTER_PAREN: return kpi_arena_printf(a, "(%s)", filter_text(L, f->as.operand));
    case KPI_FILTER_NOT: return kpi_arena_printf(a, "not %s", filter_text(L, f->as.operand));
    case KPI_FILTER_AND:
    case KPI_FILTER_OR:
        return kpi_arena_printf(a, "%s %s %s", filter_text(L, f->as.binary.lhs),
                                f->kind == KPI_FILTER_AND ? "and" : "or", filter_text(L, f->as.binary.rhs));
    case KPI_FILTER_CMP: {
        const kpi_literal *v = &f->as.cmp.value;
        return kpi_arena_printf(a, "%s%s%s", f->as.cmp.column.text, ops[f->as.cmp.op],
                                v->is_string ? v->string.text : kpi_arena_printf(a, "%g", literal_number(v)));
    }
    case KPI_FILTER_IN: {
        char *list = kpi_arena_strdup(a, "");
        for (const kpi_literal *l = f->as.in.values; l; l = l->next)
            list = kpi_arena_printf(a, "%s%s%s", list, list[0] ? "," : "",
                                    l->is_string ? l->string.text
                                                 : kpi_arena_printf(a, "%g", literal_number(l)));
        return kpi_arena_printf(a, "%s %sin (%s)", f->as.in.column.text, f->as.in.negated ? "not " : "",
                                list);
    }
    }
    return "";
}

/* ---- metrics -------------------------------------------------------------------------------- */

typedef struct segment {
    const kpi_filter **filters;
    uint32_t count;
    const char *text;
} segment;

static segment segment_with(lowering *L, segment seg, const kpi_filter *extra) {
    segment s = {KPI_NEW_ARRAY(L->ctx->arena, const kpi_filter *, seg.count + 1), seg.count + 1, NULL};
    if (seg.count) memcpy(s.filters, seg.filters, sizeof *s.filters * seg.count);
    s.filters[seg.count] = extra;
    const char *t = filter_text(L, extra);
    s.text = seg.text ? kpi_arena_printf(L->ctx->arena, "%s, %s", seg.text, t) : t;
    return s;
}

static const char *display_unit(lowering *L, const sema_metric *m) {
    kpi_unit u = m->unit;
    if (u.money && !u.currency[0] && L->ctx->currency[0]) memcpy(u.currency, L->ctx->currency, 4);
    /* money of no known currency is shown without a code (docs/stdlib.md) */
    if (kpi_unit_is_money(u) && !u.currency[0]) return "";
    return kpi_unit_format(L->ctx->arena, u);
}

kpirt_aggregate sema_metric_aggregate(const sema_metric *m) {
    switch (m->aggregate) {
    case KPI_AGG_SUM: return KPIRT_AGG_SUM;
    case KPI_AGG_COUNT: return KPIRT_AGG_COUNT;
    case KPI_AGG_COUNT_DISTINCT: return KPIRT_AGG_COUNT_DISTINCT;
    case KPI_AGG_AVG: return KPIRT_AGG_AVG;
    case KPI_AGG_MIN: return KPIRT_AGG_MIN;
    case KPI_AGG_MAX: return KPIRT_AGG_MAX;
    case KPI_AGG_LAST: return KPIRT_AGG_LAST;
    case KPI_AGG_DEFAULT: break;
    }
    /* rates and scores average; flows (counts, money, durations, numbers) sum */
    bool rate =
        m->unit.valid && ((kpi_unit_is_dimensionless(m->unit) && m->unit.flavor != KPI_FLAVOR_NUMBER) ||
                          kpi_unit_kind(m->unit) == KPIRT_UNIT_SCORE);
    return rate ? KPIRT_AGG_AVG : KPIRT_AGG_SUM;
}

static uint32_t lower_metric(lowering *L, sema_metric *m, segment seg);

static kpi_prog_expr *lower_expr(lowering *L, const sema_expr *x, segment seg) {
    kpi_prog_expr *e = KPI_NEW(L->ctx->arena, kpi_prog_expr);
    switch (x->kind) {
    case SEMA_X_NUMBER:
        e->kind = KPI_PE_NUMBER;
        e->number = x->number;
        break;
    case SEMA_X_METRIC:
        e->kind = KPI_PE_METRIC;
        e->metric = lower_metric(L, x->metric, seg);
        break;
    case SEMA_X_NEGATE:
        e->kind = KPI_PE_NEG;
        e->lhs = lower_expr(L, x->lhs, seg);
        break;
    case SEMA_X_BINARY:
        e->kind = x->op == '+'   ? KPI_PE_ADD
                  : x->op == '-' ? KPI_PE_SUB
                  : x->op == '*' ? KPI_PE_MUL
                                 : KPI_PE_DIV;
        e->lhs = lower_expr(L, x->lhs, seg);
        e->rhs = lower_expr(L, x->rhs, seg);
        break;
    }
    return e;
}

static const char *lowered_name(lowering *L, const sema_metric *m, segment seg) {
    return seg.text ? kpi_arena_printf(L->ctx->arena, "%s[%s]", m->name, seg.text) : m->name;
}

static uint32_t lower_metric(lowering *L, sema_metric *m, segment seg) {
    while (m->rebound_by) m = m->rebound_by;
    const char *name = lowered_name(L, m, seg);
    uintptr_t known = (uintptr_t)sema_table_get(&L->metric_index, name);
    if (known) return (uint32_t)(known - 1);
    m->used = true;
    kpi_prog_metric pm = {
        .name = name,
        .title = m->title,
        .description = m->description,
        .unit = display_unit(L, m),
        .unit_kind = kpi_unit_kind(m->unit),
        .better = m->better == KPI_BETTER_HIGHER  ? 1
                  : m->better == KPI_BETTER_LOWER ? -1
                                                  : 0,
        .span = m->ast->name.span,
        .per_day = m->ast->per_day,
        .window_days = (int32_t)m->ast->window.count,
    };
    uint32_t index = L->prog->metric_count;
    SEMA_PUSH(L->ctx, L->prog->metrics, L->prog->metric_count, L->metric_cap, pm);
    sema_table_put(L->ctx->arena, &L->metric_index, name, (void *)(uintptr_t)(index + 1));
    if (m->expr) {
        segment inner = m->ast->where ? segment_with(L, seg, m->ast->where) : seg;
        kpi_prog_expr *formula = lower_expr(L, m->expr, inner);
        L->prog->metrics[index].formula = formula; /* re-index: the array may have moved */
        return index;
    }
    if (!m->source) return index; /* unmeasured: M001 was reported, lowering does not run */
    uint32_t source = source_index(L, m->source);
    kpi_prog_metric *p = &L->prog->metrics[index];
    p->is_base = true;
    p->source = source;
    p->value_column = column_index(L, source, m->column);
    p->aggregate = sema_metric_aggregate(m);
    kpi_prog_filter *filter = lower_filter(L, source, m->ast->where);
    for (uint32_t i = 0; i < seg.count; i++)
        filter = pf_binary(L, KPI_PF_AND, filter, lower_filter(L, source, seg.filters[i]));
    L->prog->metrics[index].filter = filter;
    return index;
}

/*
** Lowers what m uses before m itself, with an explicit stack: lower_metric
** recurses through formulas, and a long chain of derived metrics must not
** exhaust the C stack. After this, lower_metric finds every operand lowered.
*/
typedef struct pre_frame {
    sema_metric *m;
    segment seg;
    uint32_t next;
} pre_frame;

static void lower_dependencies_first(lowering *L, sema_metric *root, segment seg) {
    uint32_t cap = 64, n = 0;
    pre_frame *stack = malloc(sizeof *stack * cap);
    if (!stack) abort();
    stack[n++] = (pre_frame){root, seg, 0};
    while (n) {
        pre_frame *f = &stack[n - 1];
        sema_metric *m = f->m;
        while (m->rebound_by) m = m->rebound_by;
        if (m->expr && f->next < m->dep_count) {
            sema_metric *d = m->deps[f->next++];
            while (d->rebound_by) d = d->rebound_by;
            segment inner = m->ast->where ? segment_with(L, f->seg, m->ast->where) : f->seg;
            if (sema_table_get(&L->metric_index, lowered_name(L, d, inner))) continue;
            if (n == cap) {
                cap *= 2;
                stack = realloc(stack, sizeof *stack * cap);
                if (!stack) abort();
            }
            stack[n++] = (pre_frame){d, inner, 0};
            continue;
        }
        lower_metric(L, m, f->seg);
        n--;
    }
    free(stack);
}

/* ---- goals ---------------------------------------------------------------------------------- */

kpirt_granularity sema_review_granularity(const kpi_clause *c) {
    if (!c) return KPIRT_MONTH;
    switch (c->as.review) {
    case KPI_REVIEW_DAILY: return KPIRT_DAY;
    case KPI_REVIEW_WEEKLY: return KPIRT_WEEK;
    case KPI_REVIEW_MONTHLY: return KPIRT_MONTH;
    case KPI_REVIEW_QUARTERLY: return KPIRT_QUARTER;
    case KPI_REVIEW_YEARLY: return KPIRT_YEAR;
    }
    return KPIRT_MONTH;
}

/* A measured baseline and the path, converted by switch: the AST's forms are not the runtime's kinds. */
static void lower_baseline(const sema_goal *g, kpi_prog_goal *pg) {
    pg->baseline_kind = pg->has_baseline ? KPIRT_BASELINE_DECLARED : KPIRT_BASELINE_PREVIOUS;
    pg->path = g->path && g->path->as.path.kind == KPI_PATH_FLAT ? KPIRT_PATH_FLAT : KPIRT_PATH_LINEAR;
    pg->cumulative = g->cumulative != NULL;
    if (pg->has_baseline || !g->baseline_of) return;
    switch (g->baseline_of->as.baseline_of.form) {
    case KPI_BASELINE_LAST_YEAR: pg->baseline_kind = KPIRT_BASELINE_LAST_YEAR; break;
    case KPI_BASELINE_AVERAGE:
        pg->baseline_kind = KPIRT_BASELINE_AVERAGE;
        pg->baseline_periods = g->baseline_periods;
        break;
    case KPI_BASELINE_PERIOD:
        pg->baseline_kind = KPIRT_BASELINE_PERIOD;
        pg->baseline_from = g->baseline_from;
        pg->baseline_to = g->baseline_to;
        break;
    }
}

static bool owns(const sema_goal *g, const kpi_clause *c) {
    if (!c) return false;
    const kpi_clause *list = g->driver ? g->driver->clauses : g->goal->clauses;
    for (; list; list = list->next)
        if (list == c) return true;
    return false;
}

static void lower_goal(lowering *L, sema_goal *g, int32_t parent) {
    segment seg = {0};
    for (uint32_t i = 0; i < g->segment_count; i++) seg = segment_with(L, seg, g->segments[i]);
    kpi_prog_goal pg = {
        .name = g->name,
        .title = g->driver ? NULL : g->goal->title.text,
        .owner = g->owner_text,
        .why = owns(g, g->why) ? g->why->as.why.text : NULL,
        .parent = parent,
        .review = sema_review_granularity(g->review),
        .start = g->start_day,
        .deadline = g->deadline_day,
        .tolerance = g->tolerance ? sema_quantity_value(&g->tolerance->as.quantity) : 0.10,
        .span = g->driver ? g->driver->span : g->goal->name.span,
    };
    lower_dependencies_first(L, g->metric, seg);
    pg.metric = lower_metric(L, g->metric, seg);
    bool keep = !g->driver && g->goal->verb == KPI_VERB_KEEP;
    if (keep) {
        pg.verb = KPIRT_VERB_KEEP;
        pg.amount_kind = KPIRT_AMOUNT_NONE;
        pg.keep_kind = g->goal->keep == KPI_KEEP_BELOW   ? KPIRT_KEEP_BELOW
                       : g->goal->keep == KPI_KEEP_ABOVE ? KPIRT_KEEP_ABOVE
                                                         : KPIRT_KEEP_BETWEEN;
        pg.keep_low = sema_quantity_value(&g->goal->keep_low);
        pg.keep_high =
            g->goal->keep == KPI_KEEP_BETWEEN ? sema_quantity_value(&g->goal->keep_high) : pg.keep_low;
    } else {
        pg.verb = sema_goal_verb(g);
        pg.amount_kind = sema_goal_amount_kind(g);
        pg.amount = sema_goal_amount(g);
    }
    if (owns(g, g->baseline)) {
        pg.has_baseline = true;
        pg.baseline = sema_quantity_value(&g->baseline->as.quantity);
    }
    lower_baseline(g, &pg);
    if (owns(g, g->budget)) {
        pg.budget = sema_quantity_value(&g->budget->as.budget.amount);
        pg.budget_unit = g->budget->as.budget.amount.unit.text;
        if (g->budget_metric) {
            /* the spend is read in the goal's segment, as the goal's own metric is */
            lower_dependencies_first(L, g->budget_metric, seg);
            pg.budget_metric = lower_metric(L, g->budget_metric, seg) + 1;
            if (!pg.budget_unit) pg.budget_unit = g->budget_metric->unit_text;
        }
    }
    SEMA_PUSH(L->ctx, L->prog->goals, L->prog->goal_count, L->goal_cap, pg);
}

/* Per source column, the currency of the money metrics that read it: the evaluator checks "€ 12,00" against it. */
static void lower_currencies(lowering *L) {
    for (uint32_t s = 0; s < L->prog->source_count; s++) {
        kpi_prog_source *ps = &L->prog->sources[s];
        ps->currencies = KPI_NEW_ARRAY(L->ctx->arena, const char *, ps->column_count + 1);
    }
    for (uint32_t i = 0; i < L->prog->metric_count; i++) {
        const kpi_prog_metric *m = &L->prog->metrics[i];
        if (!m->is_base || m->unit_kind != KPIRT_UNIT_MONEY || !m->unit || !kpi_sema_is_currency(m->unit))
            continue;
        const char **slot = &L->prog->sources[m->source].currencies[m->value_column];
        if (!*slot) *slot = m->unit;
    }
}

/* `money` takes the one currency the checked file's own declarations use, if exactly one. */
static void program_currency(sema_ctx *ctx) {
    const char *found = NULL;
    bool several = false;
    for (uint32_t i = 0; i < ctx->metric_count; i++) {
        sema_metric *m = ctx->metrics[i];
        if (m->module != ctx->root || !m->unit.valid || !m->unit.money || !m->unit.currency[0]) continue;
        if (found && strcmp(found, m->unit.currency) != 0) several = true;
        found = m->unit.currency;
    }
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        const kpi_clause *b = ctx->goals[i]->budget;
        const char *u = b ? b->as.budget.amount.unit.text : NULL;
        if (!u || !kpi_sema_is_currency(u)) continue;
        if (found && strcmp(found, u) != 0) several = true;
        found = u;
    }
    if (found && !several) memcpy(ctx->currency, found, 4);
}

kpi_program *sema_lower(sema_ctx *ctx) {
    lowering L = {.ctx = ctx};
    L.prog = KPI_NEW(ctx->arena, kpi_program);
    L.prog->spec_path = ctx->root->path;
    L.prog->spec_dir = ctx->root->dir;
    program_currency(ctx);
    L.source_of = KPI_NEW_ARRAY(ctx->arena, sema_source *, ctx->source_count + 1);
    L.column_cap = KPI_NEW_ARRAY(ctx->arena, uint32_t, ctx->source_count + 1);
    /* Room for every goal and metric at once: growing by doubling would leave
       the outgrown copies in the arena (tens of MB for a 10 MB spec). */
    L.goal_cap = ctx->goal_count;
    L.prog->goals = kpi_arena_alloc(ctx->arena, sizeof *L.prog->goals * L.goal_cap);
    L.metric_cap = ctx->metric_count;
    L.prog->metrics = kpi_arena_alloc(ctx->arena, sizeof *L.prog->metrics * L.metric_cap);
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        sema_goal *g = ctx->goals[i];
        if (!g->metric) return NULL; /* reported already; never lower a half-resolved goal */
        g->lowered = (int32_t)L.prog->goal_count;
        lower_goal(&L, g, g->parent ? g->parent->lowered : -1); /* parents come first */
    }
    lower_links(&L);
    lower_currencies(&L);
    sema_lower_tests(ctx, L.prog);
    return L.prog;
}
