/*
** cg_fixture.c: the hand-built program described in cg_fixture.h.
*/
#include <string.h>

#include "cg_fixture.h"

static kpi_prog_filter *text_cmp(kpi_arena *a, uint32_t column, kpi_prog_cmp op, const char *text) {
    kpi_prog_filter *f = KPI_NEW(a, kpi_prog_filter);
    f->kind = KPI_PF_TEXT_CMP;
    f->column = column;
    f->op = op;
    f->text = text;
    return f;
}

static kpi_prog_filter *binary(kpi_arena *a, kpi_prog_filter_kind kind, kpi_prog_filter *l,
                               kpi_prog_filter *r) {
    kpi_prog_filter *f = KPI_NEW(a, kpi_prog_filter);
    f->kind = kind;
    f->lhs = l;
    f->rhs = r;
    return f;
}

static kpi_prog_expr *expr(kpi_arena *a, kpi_prog_expr_kind kind, uint32_t metric, kpi_prog_expr *l,
                           kpi_prog_expr *r) {
    kpi_prog_expr *e = KPI_NEW(a, kpi_prog_expr);
    e->kind = kind;
    e->metric = metric;
    e->lhs = l;
    e->rhs = r;
    return e;
}

static kpi_prog_expr *ratio(kpi_arena *a, uint32_t num, uint32_t den) {
    return expr(a, KPI_PE_DIV, 0, expr(a, KPI_PE_METRIC, num, NULL, NULL),
                expr(a, KPI_PE_METRIC, den, NULL, NULL));
}

static void base(kpi_prog_metric *m, const char *name, const char *unit, kpirt_unit_kind kind,
                 uint32_t column, kpirt_aggregate agg) {
    m->name = name;
    m->unit = unit;
    m->unit_kind = kind;
    m->better = 1;
    m->is_base = true;
    m->source = 0;
    m->value_column = column;
    m->aggregate = agg;
    m->span = KPI_SPAN_NONE;
}

static void derived(kpi_prog_metric *m, const char *name, const char *unit, kpirt_unit_kind kind,
                    kpi_prog_expr *formula) {
    m->name = name;
    m->unit = unit;
    m->unit_kind = kind;
    m->better = 1;
    m->formula = formula;
    m->span = KPI_SPAN_NONE;
}

static void goal(kpi_prog_goal *g, const char *name, uint32_t metric, int32_t parent, kpirt_verb verb,
                 kpirt_amount_kind kind, double amount) {
    g->name = name;
    g->owner = "Web team";
    g->metric = metric;
    g->parent = parent;
    g->verb = verb;
    g->amount_kind = kind;
    g->amount = amount;
    g->review = KPIRT_MONTH;
    g->start = 20454;    /* 2026-01-01 */
    g->deadline = 20634; /* 2026-06-30 */
    g->tolerance = 0.10;
    g->span = KPI_SPAN_NONE;
}

kpi_program *cg_fixture_program(kpi_arena *a) {
    kpi_program *p = KPI_NEW(a, kpi_program);
    p->spec_path = "tests/codegen/shop.kpi";
    p->spec_dir = "tests/codegen";

    static const char *columns[C_COLUMNS] = {"day", "country", "revenue", "visitors"};
    p->source_count = 1;
    p->sources = KPI_NEW_ARRAY(a, kpi_prog_source, 1);
    p->sources[0] = (kpi_prog_source){
        .name = "shop",
        .path = "tests/codegen/shop.csv",
        .date_column = "day",
        .date_format = "YYYY-MM-DD",
        .delimiter = ',',
        .decimal_mark = '.',
        .thousands_sep = 0,
        .columns = columns,
        .column_count = C_COLUMNS,
        .span = KPI_SPAN_NONE,
    };

    p->metric_count = M_COUNT;
    p->metrics = KPI_NEW_ARRAY(a, kpi_prog_metric, M_COUNT);
    kpi_prog_metric *m = p->metrics;
    base(&m[M_REVENUE], "revenue", "EUR", KPIRT_UNIT_MONEY, C_REVENUE, KPIRT_AGG_SUM);
    base(&m[M_NL_REVENUE], "nl_revenue", "EUR", KPIRT_UNIT_MONEY, C_REVENUE, KPIRT_AGG_SUM);
    m[M_NL_REVENUE].filter = text_cmp(a, C_COUNTRY, KPI_PCMP_EQ, "NL");
    base(&m[M_VISITORS], "visitors", "count", KPIRT_UNIT_COUNT, C_VISITORS, KPIRT_AGG_SUM);
    derived(&m[M_REVENUE_PER_VISITOR], "revenue_per_visitor", "EUR/count", KPIRT_UNIT_MONEY,
            ratio(a, M_REVENUE, M_VISITORS));
    derived(&m[M_NL_SHARE], "nl_share", "%", KPIRT_UNIT_PERCENT, ratio(a, M_NL_REVENUE, M_REVENUE));
    base(&m[M_BIG_ORDERS], "big_orders", "count", KPIRT_UNIT_COUNT, C_REVENUE, KPIRT_AGG_COUNT);
    kpi_prog_filter *in = KPI_NEW(a, kpi_prog_filter);
    static const char *countries[2] = {"BE", "DE"};
    *in = (kpi_prog_filter){.kind = KPI_PF_IN, .column = C_COUNTRY, .texts = countries, .text_count = 2};
    kpi_prog_filter *small = KPI_NEW(a, kpi_prog_filter);
    *small = (kpi_prog_filter){.kind = KPI_PF_NUM_CMP, .column = C_REVENUE, .op = KPI_PCMP_LT, .number = 100};
    m[M_BIG_ORDERS].filter = binary(a, KPI_PF_AND, in, binary(a, KPI_PF_NOT, small, NULL));
    base(&m[M_SHOPS], "shops", "count", KPIRT_UNIT_COUNT, C_COUNTRY, KPIRT_AGG_COUNT_DISTINCT);

    p->goal_count = G_COUNT;
    p->goals = KPI_NEW_ARRAY(a, kpi_prog_goal, G_COUNT);
    goal(&p->goals[G_MORE_REVENUE], "more_revenue", M_REVENUE, -1, KPIRT_VERB_RAISE, KPIRT_AMOUNT_RELATIVE,
         0.20);
    p->goals[G_MORE_REVENUE].title = "Revenue +20% by June";
    goal(&p->goals[G_VISITORS], "more_revenue.visitors", M_VISITORS, G_MORE_REVENUE, KPIRT_VERB_LOWER,
         KPIRT_AMOUNT_RELATIVE, 0.10);
    goal(&p->goals[G_CALM], "calm_share", M_NL_SHARE, -1, KPIRT_VERB_KEEP, KPIRT_AMOUNT_NONE, 0);
    p->goals[G_CALM].keep_kind = KPIRT_KEEP_BETWEEN;
    p->goals[G_CALM].keep_low = 0.2;
    p->goals[G_CALM].keep_high = 0.5;
    goal(&p->goals[G_SHARE], "more_share", M_NL_SHARE, -1, KPIRT_VERB_RAISE, KPIRT_AMOUNT_POINTS, -0.005);
    p->goals[G_SHARE].has_baseline = true;
    p->goals[G_SHARE].baseline = 0.3;
    return p;
}
