/*
** webshop_program.h: a checked program built by hand for the graph tests,
** the shape sema produces for the webshop example of the language sketch:
**
**   source shop = csv "data/shop.csv" date "day"
**   metric visitors : count
**   metric orders   : count
**   metric revenue  : EUR from "omzet"
**   metric costs    : EUR
**   metric profit   : EUR = revenue - costs
**   metric conversion : percent = orders / visitors
**   metric nl_revenue : EUR = revenue where country = "NL"   (a filtered base metric)
**   metric margin   : ratio = (revenue - costs) / revenue
**   goal more_profit "Profit +20% in 18 months"
**     raise profit 20% by revenue +35% within 18 months via visitors +65%
**     owner "Digital marketing manager" starting 2026-01
**   goal guard <title with markup and quotes>
**     keep conversion above 2% owner "Web team" starting 2026-01 by 2026-12-31
**
** Kept in a header so each test builds a fresh copy in its own arena.
*/
#ifndef KPI_TEST_WEBSHOP_PROGRAM_H
#define KPI_TEST_WEBSHOP_PROGRAM_H

#include "compiler/program/program.h"
#include "compiler/support/arena.h"

/* A title that would break every output syntax if it were not escaped. */
#define HOSTILE_TITLE "Conversion \"guard\" \\N <b>&amp; | #1 `x`"

static kpi_prog_expr *webshop_expr(kpi_arena *a, kpi_prog_expr_kind kind, uint32_t metric, kpi_prog_expr *lhs,
                                   kpi_prog_expr *rhs) {
    kpi_prog_expr *e = KPI_NEW(a, kpi_prog_expr);
    e->kind = kind;
    e->metric = metric;
    e->lhs = lhs;
    e->rhs = rhs;
    return e;
}
#define M(i) webshop_expr(a, KPI_PE_METRIC, (i), NULL, NULL)

static kpi_program *webshop_program(kpi_arena *a) {
    kpi_program *p = KPI_NEW(a, kpi_program);
    p->spec_path = "examples/webshop/webshop.kpi";
    p->spec_dir = "examples/webshop";

    static const char *columns[] = {"day", "visitors", "orders", "omzet", "costs", "country"};
    p->source_count = 1;
    p->sources = KPI_NEW_ARRAY(a, kpi_prog_source, 1);
    p->sources[0] = (kpi_prog_source){.name = "shop",
                                      .path = "data/shop.csv",
                                      .date_column = "day",
                                      .columns = columns,
                                      .column_count = 6,
                                      .span = KPI_SPAN_NONE};

    p->metric_count = 8;
    kpi_prog_metric *m = p->metrics = KPI_NEW_ARRAY(a, kpi_prog_metric, 8);
    m[0] = (kpi_prog_metric){.name = "visitors",
                             .unit = "count",
                             .unit_kind = KPIRT_UNIT_COUNT,
                             .better = 1,
                             .is_base = true,
                             .value_column = 1};
    m[1] = (kpi_prog_metric){.name = "orders",
                             .unit = "count",
                             .unit_kind = KPIRT_UNIT_COUNT,
                             .better = 1,
                             .is_base = true,
                             .value_column = 2};
    m[2] = (kpi_prog_metric){.name = "revenue",
                             .title = "Revenue",
                             .unit = "EUR",
                             .unit_kind = KPIRT_UNIT_MONEY,
                             .better = 1,
                             .is_base = true,
                             .value_column = 3};
    m[3] = (kpi_prog_metric){.name = "costs",
                             .unit = "EUR",
                             .unit_kind = KPIRT_UNIT_MONEY,
                             .better = -1,
                             .is_base = true,
                             .value_column = 4};
    m[4] = (kpi_prog_metric){.name = "profit",
                             .unit = "EUR",
                             .unit_kind = KPIRT_UNIT_MONEY,
                             .better = 1,
                             .formula = webshop_expr(a, KPI_PE_SUB, 0, M(2), M(3))};
    m[5] = (kpi_prog_metric){.name = "conversion",
                             .unit = "%",
                             .unit_kind = KPIRT_UNIT_PERCENT,
                             .better = 1,
                             .formula = webshop_expr(a, KPI_PE_DIV, 0, M(1), M(0))};
    kpi_prog_filter *nl = KPI_NEW(a, kpi_prog_filter);
    *nl = (kpi_prog_filter){.kind = KPI_PF_TEXT_CMP, .column = 5, .op = 0 /* = */, .text = "NL"};
    m[6] = (kpi_prog_metric){.name = "nl_revenue",
                             .unit = "EUR",
                             .unit_kind = KPIRT_UNIT_MONEY,
                             .is_base = true,
                             .value_column = 3,
                             .filter = nl};
    m[7] = (kpi_prog_metric){
        .name = "margin",
        .unit = "ratio",
        .unit_kind = KPIRT_UNIT_RATIO,
        .formula = webshop_expr(a, KPI_PE_DIV, 0, webshop_expr(a, KPI_PE_SUB, 0, M(2), M(3)), M(2))};
    for (int i = 0; i < 8; i++) m[i].span = KPI_SPAN_NONE;

    p->goal_count = 4;
    kpi_prog_goal *g = p->goals = KPI_NEW_ARRAY(a, kpi_prog_goal, 4);
    g[0] = (kpi_prog_goal){.name = "more_profit",
                           .title = "Profit +20% in 18 months",
                           .owner = "Digital marketing manager",
                           .metric = 4,
                           .parent = -1,
                           .verb = KPIRT_VERB_RAISE,
                           .amount_kind = KPIRT_AMOUNT_RELATIVE,
                           .amount = 0.20,
                           .review = KPIRT_MONTH,
                           .start = 20454,
                           .deadline = 20999,
                           .tolerance = 0.10};
    g[1] = g[0];
    g[1].name = "more_profit.revenue";
    g[1].title = NULL;
    g[1].metric = 2;
    g[1].parent = 0;
    g[1].amount = 0.35;
    g[2] = g[1];
    g[2].name = "more_profit.revenue.visitors";
    g[2].metric = 0;
    g[2].parent = 1;
    g[2].amount = 0.65;
    g[3] = (kpi_prog_goal){.name = "guard",
                           .title = HOSTILE_TITLE,
                           .owner = "Web team",
                           .metric = 5,
                           .parent = -1,
                           .verb = KPIRT_VERB_KEEP,
                           .keep_kind = KPIRT_KEEP_ABOVE,
                           .keep_low = 0.02,
                           .review = KPIRT_MONTH,
                           .start = 20454,
                           .deadline = 20818};
    for (int i = 0; i < 4; i++) g[i].span = KPI_SPAN_NONE;
    return p;
}
#undef M

#endif
