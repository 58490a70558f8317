/*
** test_budget.c: kpirt_judge_budget (runtime/src/budget.c), the pacing of a
** goal's budget, on hand-made monthly spends: the straight line, last
** year's shape, the fallbacks when last year says nothing (a missing month,
** nothing spent by then), the boundary of overspend, and no spend at all.
** tests/e2e/budget checks the same rules end to end against Decimal.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/src/kpirt_internal.h"

#define NV NAN
/* months of 2024 and 2025: index 0 is 2024-01 */
typedef struct spends {
    double v[24];
} spends;

static int spend_at(void *user, int32_t period, kpirt_opt *out) {
    const spends *s = user;
    int32_t i = period - (2024 * 12);
    if (i < 0 || i >= 24 || isnan(s->v[i])) return 0;
    *out = (kpirt_opt){.has = true, .v = s->v[i]};
    return 1;
}

static const kpirt_metric_desc ad_spend = {.name = "ad_spend", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY};

/* A monthly goal for 2025 with a budget of `amount`, judged with `months` periods complete. */
static void judge(double amount, const spends *s, int months, kpirt_goal_report *out) {
    static kpirt_goal_desc g;
    g = (kpirt_goal_desc){.name = "g", .review = KPIRT_MONTH, .budget = amount, .budget_unit = "EUR"};
    g.start = kpirt_day_from_ymd(2025, 1, 1);
    g.deadline = kpirt_day_from_ymd(2025, 12, 31);
    static kpirt_series_point series[12];
    memset(out, 0, sizeof *out);
    for (int i = 0; i < months; i++) series[i].period = 2025 * 12 + i;
    out->series = months ? series : NULL;
    out->series_count = (uint32_t)months;
    kpirt_judge_budget(&g, &ad_spend, spend_at, (void *)s, out);
}

static void test_straight_line(void **state) {
    (void)state;
    spends s = {{NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, 100, 100, 100}};
    kpirt_goal_report r;
    judge(1200, &s, 3, &r);
    assert_true(r.budget.has);
    assert_string_equal(r.budget.pacing, "linear");
    assert_string_equal(r.budget.through, "2025-03");
    assert_float_equal(r.budget.spent.v, 300, 1e-9);
    assert_float_equal(r.budget.expected.v, 300, 1e-9);
    assert_float_equal(r.budget.projected.v, 1200, 1e-9);
    /* exactly the budget at this pace is no overspend; a cent more is */
    assert_int_equal(r.budget.status, KPIRT_STATUS_OK);
    judge(1199.99, &s, 3, &r);
    assert_int_equal(r.budget.status, KPIRT_STATUS_OVERSPEND);
}

static void test_last_year_shape(void **state) {
    (void)state;
    /* last year spent half its year in December: 100 a month, then 1100 */
    spends s = {{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 1100, 100, 100, 100}};
    kpirt_goal_report r;
    judge(2200, &s, 3, &r);
    assert_string_equal(r.budget.pacing, "last_year");
    assert_float_equal(r.budget.expected.v, 2200 * 300.0 / 2200, 1e-9);
    assert_float_equal(r.budget.projected.v, 2200, 1e-9);
    assert_int_equal(r.budget.status, KPIRT_STATUS_OK); /* on a straight line it would be 1200 of 2200 */
    /* a month of last year without a value: the straight line */
    s.v[5] = NV;
    judge(2200, &s, 3, &r);
    assert_string_equal(r.budget.pacing, "linear");
    /* last year spent nothing by the end of March: no share to divide by, so the straight line */
    spends late = {{0, 0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50, 50, 50}};
    judge(2000, &late, 3, &r);
    assert_string_equal(r.budget.pacing, "linear");
    assert_float_equal(r.budget.projected.v, 600, 1e-9);
}

static void test_nothing_to_pace(void **state) {
    (void)state;
    spends none = {{NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV}};
    kpirt_goal_report r;
    judge(1000, &none, 3, &r); /* no rows: no spend, never a made-up 0 */
    assert_true(r.budget.has);
    assert_false(r.budget.spent.has);
    assert_int_equal(r.budget.status, KPIRT_STATUS_NONE);
    assert_string_equal(r.budget.through, "2025-03");
    judge(1000, &none, 0, &r); /* not started */
    assert_string_equal(r.budget.through, "");
    assert_null(r.budget.pacing);
    judge(0, &none, 3, &r); /* no budget */
    assert_false(r.budget.has);
    /* a budget no metric spends: the amount only */
    kpirt_goal_desc g = {.name = "g", .review = KPIRT_MONTH, .budget = 500, .budget_unit = "USD"};
    kpirt_goal_report plain = {0};
    kpirt_judge_budget(&g, NULL, NULL, NULL, &plain);
    assert_true(plain.budget.has);
    assert_null(plain.budget.metric);
    assert_int_equal(plain.budget.unit_kind, KPIRT_UNIT_MONEY);
    assert_int_equal(plain.budget.status, KPIRT_STATUS_NONE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_straight_line),
        cmocka_unit_test(test_last_year_shape),
        cmocka_unit_test(test_nothing_to_pace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
