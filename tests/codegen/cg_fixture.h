/*
** cg_fixture.h: a checked program built by hand, for the back end's tests.
**
** The tests of compiler/codegen must not depend on the parser or on semantic
** analysis, so this builds the kpi_program those would produce for
**
**   source shop = csv "shop.csv" date "day"
**   metric revenue : EUR
**   metric nl_revenue : EUR = revenue where country = "NL"    (a filtered base metric)
**   metric visitors : count
**   metric revenue_per_visitor : EUR = revenue / visitors
**   metric nl_share : percent = nl_revenue / revenue
**   metric big_orders : count from "revenue" aggregate count
**       where country in ("BE", "DE") and not revenue < 100
**   metric shops : count from "country" aggregate count_distinct
**   goal more_revenue raise revenue 20% by visitors +10% ...
*/
#ifndef KPI_TEST_CG_FIXTURE_H
#define KPI_TEST_CG_FIXTURE_H

#include "compiler/program/program.h"
#include "compiler/support/arena.h"

enum {
    M_REVENUE,
    M_NL_REVENUE,
    M_VISITORS,
    M_REVENUE_PER_VISITOR,
    M_NL_SHARE,
    M_BIG_ORDERS,
    M_SHOPS,
    M_COUNT
};
enum { G_MORE_REVENUE, G_VISITORS, G_CALM, G_SHARE, G_COUNT };

/* Column indexes of the source. */
enum { C_DAY, C_COUNTRY, C_REVENUE, C_VISITORS, C_COLUMNS };

kpi_program *cg_fixture_program(kpi_arena *arena);

#endif
