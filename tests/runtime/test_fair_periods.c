/*
** test_fair_periods.c: `per day`, `over N days` and `cumulative`
** (docs/evaluation.md, "Fair periods") on a hand-written program: per-day
** values over February 2024 (29 days) and January, a 28-day window that
** ends on the period's last day, a formula read over its own window and
** divided once, and the totals, baseline and seasonal shape of a
** cumulative goal. Every expected number is worked out beside it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/include/kpirt.h"

#define DAY(y, m, d) kpirt_day_from_ymd((y), (m), (d))
#define MONTH(y, m) ((y)*12 + (m)-1)

enum { SALES, SALES_PER_DAY, SALES_28, COSTS, PROFIT_PER_DAY, PROFIT_7, METRICS };

/* date,sales,costs: sales add to the three sales metrics, costs to COSTS. */
static int row(kpirt_ctx *ctx, kpirt_row *r) {
    kpirt_day day;
    int64_t sales, costs;
    if (kpirt_field_date(r, 0, &day) < 0) return -1;
    if (kpirt_field_decimal(r, 1, &sales) < 0 || kpirt_field_decimal(r, 2, &costs) < 0) return -1;
    kpirt_cell *cells = kpirt_day_cells(ctx, day);
    for (int m = SALES; m <= SALES_28; m++)
        if (kpirt_cell_add(ctx, &cells[m], sales) < 0) return -1;
    return kpirt_cell_add(ctx, &cells[COSTS], costs);
}

/* What generated code does: base metrics ask the runtime, formulas combine what it answers. */
static int metric_value(const kpirt_ctx *ctx, uint32_t m, kpirt_granularity g, int32_t p, double *out) {
    if (m != PROFIT_PER_DAY && m != PROFIT_7) return kpirt_base_value(ctx, m, g, p, out);
    double s, c;
    if (!kpirt_base_value(ctx, SALES, g, p, &s) || !kpirt_base_value(ctx, COSTS, g, p, &c)) return 0;
    *out = s - c;
    return 1;
}

static const char *const columns[] = {"date", "sales", "costs"};
static const kpirt_source_desc source = {
    .name = "shop", .decimal_mark = '.', .column_count = 3, .columns = columns, .row = row};
static const kpirt_metric_desc metrics[METRICS] = {
    [SALES] = {.name = "sales", .unit_kind = KPIRT_UNIT_MONEY, .aggregate = KPIRT_AGG_SUM},
    [SALES_PER_DAY] = {.name = "sales_per_day",
                       .unit_kind = KPIRT_UNIT_MONEY,
                       .aggregate = KPIRT_AGG_SUM,
                       .per_day = 1},
    [SALES_28] = {.name = "sales_28",
                  .unit_kind = KPIRT_UNIT_MONEY,
                  .aggregate = KPIRT_AGG_SUM,
                  .window_days = 28},
    [COSTS] = {.name = "costs", .unit_kind = KPIRT_UNIT_MONEY, .aggregate = KPIRT_AGG_SUM},
    [PROFIT_PER_DAY] = {.name = "profit_per_day", .unit_kind = KPIRT_UNIT_MONEY, .source = -1, .per_day = 1},
    [PROFIT_7] = {.name = "profit_7", .unit_kind = KPIRT_UNIT_MONEY, .source = -1, .window_days = 7},
};
static const kpirt_program program = {.abi_version = KPIRT_ABI_VERSION,
                                      .source_count = 1,
                                      .metric_count = METRICS,
                                      .sources = &source,
                                      .metrics = metrics,
                                      .metric_value = metric_value};

/* 2024-01-01 .. 2024-03-31: sales on day-of-year n are n.00, costs 1.00 a day. */
static kpirt_ctx *load(void) {
    static char text[8192];
    size_t n = (size_t)snprintf(text, sizeof text, "date,sales,costs\n");
    for (int doy = 1; doy <= 91; doy++) {
        int y, m, d;
        kpirt_ymd_from_day(DAY(2024, 1, 1) + doy - 1, &y, &m, &d);
        n += (size_t)snprintf(text + n, sizeof text - n, "%04d-%02d-%02d,%d.00,1.00\n", y, m, d, doy);
    }
    kpirt_ctx *ctx = kpirt_ctx_new(&program, KPIRT_BAD_ROW_FAIL);
    if (kpirt_load_text(ctx, 0, "shop.csv", text, n) != 0) fail_msg("%s", kpirt_ctx_error(ctx));
    return ctx;
}

static double value(kpirt_ctx *ctx, uint32_t m, kpirt_granularity g, int32_t p) {
    double v = NAN;
    assert_int_equal(kpirt_metric_value(ctx, m, g, p, &v), 1);
    return v;
}

static void test_per_day(void **state) {
    (void)state;
    kpirt_ctx *ctx = load();
    /* February 2024: days 32..60, sum (32 + 60) * 29 / 2 = 1334 over 29 days = 46 a day */
    assert_true(value(ctx, SALES, KPIRT_MONTH, MONTH(2024, 2)) == 1334);
    assert_true(fabs(value(ctx, SALES_PER_DAY, KPIRT_MONTH, MONTH(2024, 2)) - 46) < 1e-9);
    /* January: 1..31, 496 over 31 days = 16; so February is fairly above January */
    assert_true(fabs(value(ctx, SALES_PER_DAY, KPIRT_MONTH, MONTH(2024, 1)) - 16) < 1e-9);
    /* Q1: 1..91 = 4186 over 91 days = 46 */
    assert_true(fabs(value(ctx, SALES_PER_DAY, KPIRT_QUARTER, 2024 * 4) - 46) < 1e-9);
    /* a formula divided once: February's profit (1334 - 29) / 29 = 45 */
    assert_true(fabs(value(ctx, PROFIT_PER_DAY, KPIRT_MONTH, MONTH(2024, 2)) - 45) < 1e-9);
    /* a day is its own value */
    assert_true(fabs(value(ctx, SALES_PER_DAY, KPIRT_DAY, DAY(2024, 2, 29)) - 60) < 1e-9);
    kpirt_ctx_free(ctx);
}

static void test_rolling_window(void **state) {
    (void)state;
    kpirt_ctx *ctx = load();
    /* February's 28 days end on the 29th: days 33..60, (33 + 60) * 28 / 2 = 1302 */
    assert_true(value(ctx, SALES_28, KPIRT_MONTH, MONTH(2024, 2)) == 1302);
    /* March: days 64..91 = 2170; a week ending Sunday 2024-03-10 (day 70): 43..70 = 1582 */
    assert_true(value(ctx, SALES_28, KPIRT_MONTH, MONTH(2024, 3)) == 2170);
    assert_true(value(ctx, SALES_28, KPIRT_WEEK, kpirt_period_of(DAY(2024, 3, 10), KPIRT_WEEK)) == 1582);
    /* January's window reaches back before the data (days 4..31): only the days that have rows count */
    assert_true(value(ctx, SALES_28, KPIRT_MONTH, MONTH(2024, 1)) == (4 + 31) * 28 / 2);
    /* a formula over its window: the last 7 days of March, 85..91 = 616, less 7 of costs */
    assert_true(value(ctx, PROFIT_7, KPIRT_MONTH, MONTH(2024, 3)) == 609);
    /* and its operands keep their own days when read alone */
    assert_true(value(ctx, SALES, KPIRT_MONTH, MONTH(2024, 3)) == (61 + 91) * 31 / 2);
    kpirt_ctx_free(ctx);
}

/* ---- cumulative goals ----------------------------------------------------------------------- */

/* Monthly values from January 2025 (24 months); NAN is no value. */
typedef struct months {
    double v[24];
} months;

static int month_value(void *user, int32_t period, double *out) {
    const months *m = user;
    int32_t i = period - MONTH(2025, 1);
    if (i < 0 || i >= 24 || isnan(m->v[i])) return 0;
    *out = m->v[i];
    return 1;
}

static kpirt_goal_report run(const kpirt_goal_desc *g, kpirt_day as_of, months *m) {
    kpirt_goal_report r;
    memset(&r, 0, sizeof r);
    kpirt_evaluate_goal(g, as_of, month_value, m, &r);
    return r;
}

static void test_cumulative(void **state) {
    (void)state;
    /* 2025: 100 a month but 300 in December (total 1400); 2026: 110 a month */
    months m;
    for (int i = 0; i < 24; i++) m.v[i] = i < 12 ? (i == 11 ? 300 : 100) : 110;
    kpirt_goal_desc g = {
        .name = "total",
        .parent = -1,
        .verb = KPIRT_VERB_RAISE,
        .amount_kind = KPIRT_AMOUNT_RELATIVE,
        .amount = 0.10,
        .review = KPIRT_MONTH,
        .start = DAY(2026, 1, 1),
        .deadline = DAY(2026, 12, 31),
        .tolerance = 0.10,
        .cumulative = 1,
    };
    kpirt_goal_report r = run(&g, DAY(2026, 3, 31), &m);
    /* baseline: last year's total 1400; target 1540; the series are totals: 110, 220, 330 */
    assert_int_equal(r.baseline_kind, KPIRT_BASELINE_LAST_YEAR);
    assert_string_equal(r.baseline_period, "2025-01 to 2025-12");
    assert_true(r.baseline.has && r.baseline.v == 1400);
    assert_true(r.target.has && fabs(r.target.v - 1540) < 1e-9);
    assert_int_equal(r.series_count, 3);
    assert_true(r.series[0].value.v == 110 && r.series[2].value.v == 330);
    assert_true(r.current.v == 330);
    /* last year's shape: 300 of 1400 by March, expected 1540 * 3 / 14 = 330: on track exactly */
    assert_true(r.expected.has && fabs(r.expected.v - 330) < 1e-9);
    assert_int_equal(r.status, KPIRT_STATUS_ON_TRACK);
    assert_string_equal(r.path, "last_year");
    assert_true(r.cumulative);
    /* progress: 330 of 1540 */
    assert_true(r.progress.has && fabs(r.progress.v - 330.0 / 1540) < 1e-9);
    free(r.series);

    /* without last year's February the shape is unknown: straight line 1540 * 3 / 12 = 385, and no baseline */
    m.v[1] = NAN;
    g.amount_kind = KPIRT_AMOUNT_ABSOLUTE;
    g.verb = KPIRT_VERB_REACH;
    g.amount = 1540;
    r = run(&g, DAY(2026, 3, 31), &m);
    assert_false(r.baseline.has);
    assert_true(fabs(r.expected.v - 385) < 1e-9);
    assert_string_equal(r.path, "linear");
    /* 330 is 55 short of 385, within 10% of 1540 = 154: at risk */
    assert_int_equal(r.status, KPIRT_STATUS_AT_RISK);
    free(r.series);

    /* a relative target without last year's total has no baseline: no_data, with the missing month named */
    g.verb = KPIRT_VERB_RAISE;
    g.amount_kind = KPIRT_AMOUNT_RELATIVE;
    g.amount = 0.10;
    r = run(&g, DAY(2026, 3, 31), &m);
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_non_null(
        strstr(r.reason, "no value in 2025-02, one of the periods 2025-01 to 2025-12 of last year's total"));
    free(r.series);

    /* at the deadline: the year's total 1320 against 1540: missed */
    m.v[1] = 100;
    r = run(&g, DAY(2026, 12, 31), &m);
    assert_true(r.current.v == 1320);
    assert_int_equal(r.status, KPIRT_STATUS_MISSED);
    free(r.series);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_day),
        cmocka_unit_test(test_rolling_window),
        cmocka_unit_test(test_cumulative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
