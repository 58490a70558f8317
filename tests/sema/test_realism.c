/*
** test_realism.c: the arithmetic behind the R checks and the goal calendar,
** against values computed by hand (and checked with Python's datetime and
** math modules): formula evaluation and solving for one unknown, implied
** compound growth per month, the months a change needs at a ceiling, and
** day numbers of start dates, deadlines and `within` periods.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "compiler/sema/sema_internal.h"

/* cmocka 1.1's assert_float_equal compares floats; these numbers need doubles. */
#define assert_near(a, b, eps) assert_near_at((a), (b), (eps), __FILE__, __LINE__)
static void assert_near_at(double a, double b, double eps, const char *file, int line) {
    if (fabs(a - b) <= eps) return;
    print_error("%.17g is not within %g of %.17g\n", a, eps, b);
    _fail(file, line);
}

static sema_expr *num(double v) {
    static sema_expr pool[64];
    static int used;
    sema_expr *x = &pool[used++];
    memset(x, 0, sizeof *x);
    x->kind = SEMA_X_NUMBER;
    x->number = v;
    return x;
}

static sema_expr *ref(sema_metric *m) {
    sema_expr *x = num(0);
    x->kind = SEMA_X_METRIC;
    x->metric = m;
    return x;
}

static sema_expr *bin(char op, sema_expr *l, sema_expr *r) {
    sema_expr *x = num(0);
    x->kind = SEMA_X_BINARY;
    x->op = op;
    x->lhs = l;
    x->rhs = r;
    return x;
}

static sema_metric revenue, costs, profit, margin, orders, visitors;

static sema_solve_env env_of(sema_metric **ms, double *vs, uint32_t n) {
    return (sema_solve_env){ms, vs, n};
}

static void test_eval_and_solve_linear(void **state) {
    (void)state;
    sema_expr *f = bin('-', ref(&revenue), ref(&costs)); /* profit = revenue - costs */
    sema_metric *ms[] = {&revenue, &costs};
    double vs[] = {500000, 400000};
    sema_solve_env env = env_of(ms, vs, 2);
    assert_near(sema_eval(f, &env), 100000, 1e-9);
    /* profit +20% (120000) with revenue +35% (675000): costs may reach 555000 (+38.75%) */
    double vt[] = {675000};
    sema_solve_env targets = env_of(ms, vt, 1);
    double c = sema_solve(f, &costs, 120000, &targets);
    assert_near(c, 555000, 1e-6);
    assert_near(c / 400000 - 1, 0.3875, 1e-12);
    /* and the other way round: revenue needed for profit 120000 with costs 400000 */
    sema_metric *ms2[] = {&costs};
    double vs2[] = {400000};
    sema_solve_env env2 = env_of(ms2, vs2, 1);
    assert_near(sema_solve(f, &revenue, 120000, &env2), 520000, 1e-6);
    /* an unknown metric makes the value unknown */
    assert_true(isnan(sema_eval(f, &env2)));
}

static void test_solve_division_and_negation(void **state) {
    (void)state;
    sema_expr *conv = bin('/', ref(&orders), ref(&visitors)); /* conversion = orders / visitors */
    sema_metric *o[] = {&orders};
    double ov[] = {50};
    sema_solve_env env = env_of(o, ov, 1);
    assert_near(sema_solve(conv, &visitors, 0.05, &env), 1000, 1e-9); /* 50 / x = 0.05 */
    sema_metric *v[] = {&visitors};
    double vv[] = {1000};
    sema_solve_env env2 = env_of(v, vv, 1);
    assert_near(sema_solve(conv, &orders, 0.05, &env2), 50, 1e-9); /* x / 1000 = 0.05 */
    /* 2 * (-x + 10) = 6 gives x = 7 */
    sema_expr *neg = num(0);
    neg->kind = SEMA_X_NEGATE;
    neg->lhs = ref(&orders);
    sema_expr *g = bin('*', num(2), bin('+', neg, num(10)));
    sema_solve_env none = env_of(NULL, NULL, 0);
    assert_near(sema_solve(g, &orders, 6, &none), 7, 1e-12);
    /* the unknown twice (x * x) is not solved */
    assert_int_equal(sema_occurrences(bin('*', ref(&orders), ref(&orders)), &orders, &none), 2);
    assert_true(isnan(sema_solve(bin('*', ref(&orders), ref(&orders)), &orders, 4, &none)));
    /* dividing by a zero constant has no value */
    assert_true(isnan(sema_eval(bin('/', num(1), num(0)), &none)));
}

static void test_solve_through_derived_metrics(void **state) {
    (void)state;
    /* margin = profit / revenue, profit = revenue - costs (expanded: profit has no value) */
    profit.expr = bin('-', ref(&revenue), ref(&costs));
    margin.expr = bin('/', ref(&profit), ref(&revenue));
    sema_metric *ms[] = {&revenue};
    double vs[] = {100};
    sema_solve_env env = env_of(ms, vs, 1);
    assert_int_equal(sema_occurrences(margin.expr, &costs, &env), 1);
    assert_near(sema_solve(margin.expr, &costs, 0.2, &env), 80, 1e-9); /* (100 - c) / 100 = 0.2 */
    /* with a value of its own, profit is not expanded */
    sema_metric *ms2[] = {&revenue, &profit};
    double vs2[] = {100, 30};
    sema_solve_env env2 = env_of(ms2, vs2, 2);
    assert_near(sema_eval(margin.expr, &env2), 0.3, 1e-12);
    assert_int_equal(sema_occurrences(margin.expr, &costs, &env2), 0);
    profit.expr = margin.expr = NULL;
}

static void test_growth(void **state) {
    (void)state;
    assert_near(sema_monthly_growth(0.20, 18), 0.010180447086978628, 1e-12); /* 1.2^(1/18) - 1 */
    assert_near(sema_monthly_growth(3.0, 3), 0.5874010519681994, 1e-12);     /* 4^(1/3) - 1 */
    assert_near(sema_monthly_growth(-0.5, 1), -0.5, 1e-12);
    assert_true(isnan(sema_monthly_growth(-1.0, 3)));
    assert_int_equal(sema_months_needed(3.0, 0.10), 15); /* ln 4 / ln 1.1 = 14.55 */
    assert_int_equal(sema_months_needed(0.2, 0.01), 19); /* ln 1.2 / ln 1.01 = 18.32 */
    assert_int_equal(sema_months_needed(-0.5, 0.10), 7); /* ln 0.5 / ln 0.9 = 6.58 */
    assert_int_equal(sema_months_needed(0.1, 0.10), 1);  /* exactly one month at the ceiling */
}

static void test_dates(void **state) {
    (void)state;
    assert_int_equal(kpirt_day_from_ymd(1970, 1, 1), 0);
    assert_int_equal(kpirt_day_from_ymd(1969, 12, 31), -1);
    assert_int_equal(kpirt_day_from_ymd(2026, 1, 1), 20454);
    assert_int_equal(kpirt_day_from_ymd(2000, 3, 1), 11017);
    int y, m, d;
    kpirt_ymd_from_day(21243, &y, &m, &d);
    assert_int_equal(y, 2028);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);

    kpi_date month = {.precision = KPI_DATE_MONTH, .year = 2027, .month = 6};
    assert_int_equal(sema_date_first_day(&month), kpirt_day_from_ymd(2027, 6, 1));
    assert_int_equal(sema_date_last_day(&month), 20999); /* 2027-06-30 */
    kpi_date quarter = {.precision = KPI_DATE_QUARTER, .year = 2027, .quarter = 2};
    assert_int_equal(sema_date_first_day(&quarter), kpirt_day_from_ymd(2027, 4, 1));
    assert_int_equal(sema_date_last_day(&quarter), 20999);
    kpi_date leap = {.precision = KPI_DATE_MONTH, .year = 2028, .month = 2};
    assert_int_equal(sema_date_last_day(&leap), 21243);
    kpi_date year = {.precision = KPI_DATE_YEAR, .year = 2027};
    assert_int_equal(sema_date_last_day(&year), kpirt_day_from_ymd(2027, 12, 31));

    /* starting 2026-01 within 18 months ends on 2027-06-30 */
    kpi_duration eighteen = {.count = 18, .unit = KPI_DUR_MONTHS};
    assert_int_equal(sema_add_duration(20454, &eighteen), 20999);
    kpi_duration one = {.count = 1, .unit = KPI_DUR_MONTHS};
    assert_int_equal(sema_add_duration(kpirt_day_from_ymd(2026, 1, 31), &one), 20511); /* 2026-02-27 */
    kpi_duration days = {.count = 90, .unit = KPI_DUR_DAYS};
    assert_int_equal(sema_add_duration(20454, &days), 20454 + 89);
    kpi_duration weeks = {.count = 6, .unit = KPI_DUR_WEEKS};
    assert_int_equal(sema_add_duration(20454, &weeks), 20454 + 41);
    kpi_duration quarters = {.count = 2, .unit = KPI_DUR_QUARTERS};
    assert_int_equal(sema_add_duration(20454, &quarters), kpirt_day_from_ymd(2026, 6, 30));
    kpi_duration years = {.count = 1, .unit = KPI_DUR_YEARS};
    assert_int_equal(sema_add_duration(20454, &years), kpirt_day_from_ymd(2026, 12, 31));
    assert_int_equal(sema_add_duration(KPIRT_NO_DAY, &years), KPIRT_NO_DAY);
    /* 18 months from 2026-01-01 to 2027-06-30 are 18 calendar months (not 546 days / 30.44 = 17.94) */
    assert_near(sema_months_between(20454, 20999), 18.0, 1e-12);
    /* whole months, then the days left over in average months: 2026-01-01 to 2026-02-14 */
    assert_near(sema_months_between(20454, kpirt_day_from_ymd(2026, 2, 14)), 1 + 14 / 30.436875, 1e-12);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_and_solve_linear),
        cmocka_unit_test(test_solve_division_and_negation),
        cmocka_unit_test(test_solve_through_derived_metrics),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests_name("sema_realism", tests, NULL, NULL);
}
