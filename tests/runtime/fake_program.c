/*
** fake_program.c: a compiled evaluator written by hand, the reference for
** what kpic's code generator emits for this spec:
**
**   source shop = csv "shop.csv" date "day"
**   metric visitors   : count
**   metric orders     : count
**   metric revenue    : EUR
**   metric costs      : EUR
**   metric profit     : EUR = revenue - costs
**   metric conversion : percent = orders / visitors
**   metric seo_orders : count = orders where channel = "seo"
**
**   goal more_profit "Profit +20% in 6 months"
**     raise profit 20% by revenue +35% via visitors +65%
**     owner "Digital marketing manager" starting 2026-01 within 6 months review monthly
**   goal healthy_conversion
**     keep conversion above 3.1% owner "Web team" starting 2026-01 within 12 months
**
** The row function converts every field it needs before it touches a cell,
** so a bad row is never half counted; metric_value computes derived metrics
** from the rolled-up values of their parts, per period (a ratio of sums),
** with "no value" for a missing part or a division by zero.
*/
#include <string.h>

#include "runtime/include/kpirt.h"

enum { M_VISITORS, M_ORDERS, M_REVENUE, M_COSTS, M_PROFIT, M_CONVERSION, M_SEO_ORDERS, M_COUNT };
enum { C_DAY, C_VISITORS, C_ORDERS, C_REVENUE, C_COSTS, C_CHANNEL, C_COUNT };

static const char *const shop_columns[C_COUNT] = {"day", "visitors", "orders", "revenue", "costs", "channel"};

static int shop_row(kpirt_ctx *ctx, kpirt_row *row) {
    kpirt_day day;
    int64_t visitors, orders, revenue, costs;
    const char *channel;
    size_t channel_len;

    /* 1. convert: any failure returns -1 before a cell changes */
    if (kpirt_field_date(row, C_DAY, &day) < 0) return -1;
    int has_visitors = kpirt_field_decimal(row, C_VISITORS, &visitors);
    if (has_visitors < 0) return -1;
    int has_orders = kpirt_field_decimal(row, C_ORDERS, &orders);
    if (has_orders < 0) return -1;
    int has_revenue = kpirt_field_decimal(row, C_REVENUE, &revenue);
    if (has_revenue < 0) return -1;
    int has_costs = kpirt_field_decimal(row, C_COSTS, &costs);
    if (has_costs < 0) return -1;
    kpirt_field_text(row, C_CHANNEL, &channel, &channel_len);

    /* 2. filters of `where` metrics, on text fields */
    int is_seo = channel_len == 3 && memcmp(channel, "seo", 3) == 0;

    /* 3. accumulate; an empty field (has_* == 1) is no observation */
    kpirt_cell *cells = kpirt_day_cells(ctx, day);
    if (has_visitors == 0 && kpirt_cell_add(ctx, &cells[M_VISITORS], visitors) < 0) return -1;
    if (has_orders == 0 && kpirt_cell_add(ctx, &cells[M_ORDERS], orders) < 0) return -1;
    if (has_revenue == 0 && kpirt_cell_add(ctx, &cells[M_REVENUE], revenue) < 0) return -1;
    if (has_costs == 0 && kpirt_cell_add(ctx, &cells[M_COSTS], costs) < 0) return -1;
    if (is_seo && has_orders == 0 && kpirt_cell_add(ctx, &cells[M_SEO_ORDERS], orders) < 0) return -1;
    return 0;
}

static int webshop_metric_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                                double *out) {
    double a, b;
    switch (metric) {
    case M_PROFIT:
        if (!webshop_metric_value(ctx, M_REVENUE, g, period, &a)) return 0;
        if (!webshop_metric_value(ctx, M_COSTS, g, period, &b)) return 0;
        *out = a - b;
        return 1;
    case M_CONVERSION:
        if (!webshop_metric_value(ctx, M_ORDERS, g, period, &a)) return 0;
        if (!webshop_metric_value(ctx, M_VISITORS, g, period, &b)) return 0;
        if (b == 0) return 0;
        *out = a / b;
        return 1;
    default: return kpirt_base_value(ctx, metric, g, period, out);
    }
}

static double profit_target(double baseline) {
    return baseline * (1 + 0.20);
}
static double revenue_target(double baseline) {
    return baseline * (1 + 0.35);
}
static double visitors_target(double baseline) {
    return baseline * (1 + 0.65);
}

static const kpirt_source_desc sources[] = {
    {.name = "shop",
     .default_path = "shop.csv",
     .date_column = "day",
     .date_format = "YYYY-MM-DD",
     .delimiter = 0,
     .decimal_mark = '.',
     .thousands_sep = 0,
     .column_count = C_COUNT,
     .columns = shop_columns,
     .row = shop_row},
};

static const kpirt_metric_desc metrics[M_COUNT] = {
    {.name = "visitors",
     .unit = "count",
     .unit_kind = KPIRT_UNIT_COUNT,
     .source = 0,
     .aggregate = KPIRT_AGG_SUM,
     .better = 1},
    {.name = "orders",
     .unit = "count",
     .unit_kind = KPIRT_UNIT_COUNT,
     .source = 0,
     .aggregate = KPIRT_AGG_SUM,
     .better = 1},
    {.name = "revenue",
     .unit = "EUR",
     .unit_kind = KPIRT_UNIT_MONEY,
     .source = 0,
     .aggregate = KPIRT_AGG_SUM,
     .better = 1},
    {.name = "costs",
     .unit = "EUR",
     .unit_kind = KPIRT_UNIT_MONEY,
     .source = 0,
     .aggregate = KPIRT_AGG_SUM,
     .better = -1},
    {.name = "profit", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = -1, .better = 1},
    {.name = "conversion", .unit = "%", .unit_kind = KPIRT_UNIT_PERCENT, .source = -1, .better = 1},
    {.name = "seo_orders",
     .unit = "count",
     .unit_kind = KPIRT_UNIT_COUNT,
     .source = 0,
     .aggregate = KPIRT_AGG_SUM,
     .better = 1},
};

#define JAN_2026 20454 /* days from 1970-01-01 to 2026-01-01 */
#define JUN_30_2026 (JAN_2026 + 180)
#define DEC_31_2026 (JAN_2026 + 364)

static const kpirt_goal_desc goals[] = {
    {.name = "more_profit",
     .title = "Profit +20% in 6 months",
     .owner = "Digital marketing manager",
     .metric = M_PROFIT,
     .parent = -1,
     .verb = KPIRT_VERB_RAISE,
     .amount_kind = KPIRT_AMOUNT_RELATIVE,
     .amount = 0.20,
     .review = KPIRT_MONTH,
     .start = JAN_2026,
     .deadline = JUN_30_2026,
     .tolerance = 0.10,
     .target = profit_target},
    {.name = "more_profit.revenue",
     .owner = "Digital marketing manager",
     .metric = M_REVENUE,
     .parent = 0,
     .verb = KPIRT_VERB_RAISE,
     .amount_kind = KPIRT_AMOUNT_RELATIVE,
     .amount = 0.35,
     .review = KPIRT_MONTH,
     .start = JAN_2026,
     .deadline = JUN_30_2026,
     .tolerance = 0.10,
     .target = revenue_target},
    {.name = "more_profit.revenue.visitors",
     .owner = "Digital marketing manager",
     .metric = M_VISITORS,
     .parent = 1,
     .verb = KPIRT_VERB_RAISE,
     .amount_kind = KPIRT_AMOUNT_RELATIVE,
     .amount = 0.65,
     .review = KPIRT_MONTH,
     .start = JAN_2026,
     .deadline = JUN_30_2026,
     .tolerance = 0.10,
     .target = visitors_target},
    {.name = "healthy_conversion",
     .owner = "Web team",
     .metric = M_CONVERSION,
     .parent = -1,
     .verb = KPIRT_VERB_KEEP,
     .keep_kind = KPIRT_KEEP_ABOVE,
     .keep_low = 0.031,
     .review = KPIRT_MONTH,
     .start = JAN_2026,
     .deadline = DEC_31_2026,
     .tolerance = 0.10},
};

const kpirt_program kpi_fake_program = {
    .abi_version = KPIRT_ABI_VERSION,
    .spec_name = "webshop.kpi",
    .source_count = 1,
    .metric_count = M_COUNT,
    .goal_count = 4,
    .sources = sources,
    .metrics = metrics,
    .goals = goals,
    .metric_value = webshop_metric_value,
};
