/*
** test_eval.c: the status rules of docs/evaluation.md at their boundaries,
** for raise, lower, reach (up and down), points and keep goals; the
** not_started and no_data cases; and the least-squares projection against
** regressions computed by hand (the arithmetic is written next to each).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/include/kpirt.h"

#define DAY(y, m, d) kpirt_day_from_ymd((y), (m), (d))
#define MONTH(y, m) ((y)*12 + (m)-1)
#define NO NAN

/* Monthly values from December 2025 (the baseline period) on; NAN is no value. */
typedef struct months {
    double v[24];
} months;

static int month_value(void *user, int32_t period, double *out) {
    const months *m = user;
    int32_t i = period - MONTH(2025, 12);
    if (i < 0 || i >= 24 || isnan(m->v[i])) return 0;
    *out = m->v[i];
    return 1;
}

/* A raise-by-20% goal over ten months of 2026 with a declared baseline of 100. */
static kpirt_goal_desc raise_goal(void) {
    return (kpirt_goal_desc){
        .name = "g",
        .parent = -1,
        .verb = KPIRT_VERB_RAISE,
        .amount_kind = KPIRT_AMOUNT_RELATIVE,
        .amount = 0.20,
        .review = KPIRT_MONTH,
        .start = DAY(2026, 1, 1),
        .deadline = DAY(2026, 10, 31),
        .has_baseline = 1,
        .baseline = 100,
        .tolerance = 0.10,
    };
}

/* Evaluates g with the May value (and every other month) set to may. */
static kpirt_goal_report eval_with(const kpirt_goal_desc *g, kpirt_day as_of, months m) {
    kpirt_goal_report r;
    memset(&r, 0, sizeof r);
    kpirt_evaluate_goal(g, as_of, month_value, &m, &r);
    free(r.series);
    r.series = NULL;
    return r;
}

static months flat(double v) {
    months m;
    for (int i = 0; i < 24; i++) m.v[i] = v;
    return m;
}

static kpirt_status status_at(const kpirt_goal_desc *g, kpirt_day as_of, double value) {
    return eval_with(g, as_of, flat(value)).status;
}

static void test_raise_boundaries(void **state) {
    (void)state;
    kpirt_goal_desc g = raise_goal();
    kpirt_day end_of_may = DAY(2026, 5, 31);
    /* target 120; after 5 of 10 months expected 110; tolerance 10% of the planned +20 = 2 */
    kpirt_goal_report r = eval_with(&g, end_of_may, flat(108));
    assert_true(r.baseline.has && r.baseline.v == 100);
    assert_true(r.target.has && fabs(r.target.v - 120) < 1e-12);
    assert_true(r.expected.has && fabs(r.expected.v - 110) < 1e-12);
    assert_true(r.current.has && r.current.v == 108);
    assert_true(r.progress.has && fabs(r.progress.v - 0.4) < 1e-12);
    assert_string_equal(r.current_label, "2026-05");
    assert_int_equal(r.days_left, 153);

    assert_int_equal(status_at(&g, end_of_may, 110.5), KPIRT_STATUS_ON_TRACK);
    assert_int_equal(status_at(&g, end_of_may, 110), KPIRT_STATUS_ON_TRACK); /* exactly expected */
    assert_int_equal(status_at(&g, end_of_may, 109.99), KPIRT_STATUS_AT_RISK);
    assert_int_equal(status_at(&g, end_of_may, 108), KPIRT_STATUS_AT_RISK); /* short by exactly 2 */
    assert_int_equal(status_at(&g, end_of_may, 107.99), KPIRT_STATUS_OFF_TRACK);
    assert_int_equal(status_at(&g, end_of_may, 90), KPIRT_STATUS_OFF_TRACK);
    /* mid-June the current period is still May */
    assert_int_equal(status_at(&g, DAY(2026, 6, 29), 108), KPIRT_STATUS_AT_RISK);
    /* reaching the target early is on track: the deadline decides achieved */
    assert_int_equal(status_at(&g, end_of_may, 130), KPIRT_STATUS_ON_TRACK);
}

static void test_deadline(void **state) {
    {
        /* reach 1e9 at the deadline: 99 cents short is missed */
        kpirt_goal_desc r = raise_goal();
        r.verb = KPIRT_VERB_REACH;
        r.amount_kind = KPIRT_AMOUNT_ABSOLUTE;
        r.amount = 1e9;
        r.baseline = 0;
        assert_int_equal(status_at(&r, DAY(2026, 11, 1), 999999999.01), KPIRT_STATUS_MISSED);
        assert_int_equal(status_at(&r, DAY(2026, 11, 1), 1e9), KPIRT_STATUS_ACHIEVED);
    }
    (void)state;
    kpirt_goal_desc g = raise_goal();
    kpirt_day deadline = DAY(2026, 10, 31);
    assert_int_equal(status_at(&g, deadline, 120), KPIRT_STATUS_ACHIEVED);
    assert_int_equal(status_at(&g, deadline, 125), KPIRT_STATUS_ACHIEVED);
    assert_int_equal(status_at(&g, deadline, 119.99), KPIRT_STATUS_MISSED);
    /* long after: still judged on October, the deadline's period */
    months m = flat(119);
    m.v[10] = 121; /* October 2026 */
    kpirt_goal_report r = eval_with(&g, DAY(2027, 3, 1), m);
    assert_int_equal(r.status, KPIRT_STATUS_ACHIEVED);
    assert_string_equal(r.current_label, "2026-10");
    assert_int_equal(r.days_left, 0);
    /* the day before the deadline: September, expected 118, band 2 */
    assert_int_equal(status_at(&g, DAY(2026, 10, 30), 118), KPIRT_STATUS_ON_TRACK);
    assert_int_equal(status_at(&g, DAY(2026, 10, 30), 116), KPIRT_STATUS_AT_RISK);
    assert_int_equal(status_at(&g, DAY(2026, 10, 30), 115.99), KPIRT_STATUS_OFF_TRACK);
}

static void test_lower_mirrors_raise(void **state) {
    (void)state;
    kpirt_goal_desc g = raise_goal();
    g.verb = KPIRT_VERB_LOWER;
    g.amount = 0.10; /* target 90; expected in May 95; band 1 */
    kpirt_day end_of_may = DAY(2026, 5, 31);
    kpirt_goal_report r = eval_with(&g, end_of_may, flat(95));
    assert_true(fabs(r.target.v - 90) < 1e-12);
    assert_true(fabs(r.expected.v - 95) < 1e-12);
    assert_int_equal(r.status, KPIRT_STATUS_ON_TRACK);
    assert_int_equal(status_at(&g, end_of_may, 94), KPIRT_STATUS_ON_TRACK);
    assert_int_equal(status_at(&g, end_of_may, 96), KPIRT_STATUS_AT_RISK);
    assert_int_equal(status_at(&g, end_of_may, 96.01), KPIRT_STATUS_OFF_TRACK);
    assert_int_equal(status_at(&g, DAY(2026, 10, 31), 90), KPIRT_STATUS_ACHIEVED);
    assert_int_equal(status_at(&g, DAY(2026, 10, 31), 90.01), KPIRT_STATUS_MISSED);
}

static double times_one_and_a_half(double b) {
    return b * 1.5;
}

static void test_reach_and_points(void **state) {
    (void)state;
    /* reach 150 from the data's December value of 100: expected in May 125, band 5 */
    kpirt_goal_desc g = raise_goal();
    g.verb = KPIRT_VERB_REACH;
    g.amount_kind = KPIRT_AMOUNT_ABSOLUTE;
    g.amount = 150;
    g.has_baseline = 0;
    kpirt_day end_of_may = DAY(2026, 5, 31);
    months m = flat(120);
    m.v[0] = 100;
    kpirt_goal_report r = eval_with(&g, end_of_may, m);
    assert_true(r.baseline.v == 100 && r.target.v == 150 && fabs(r.expected.v - 125) < 1e-12);
    assert_int_equal(r.status, KPIRT_STATUS_AT_RISK);
    m.v[5] = 119.9;
    assert_int_equal(eval_with(&g, end_of_may, m).status, KPIRT_STATUS_OFF_TRACK);
    /* reach downwards: 50 from 100, expected 75, band 5 */
    g.amount = 50;
    m.v[5] = 80;
    assert_int_equal(eval_with(&g, end_of_may, m).status, KPIRT_STATUS_AT_RISK);
    m.v[5] = 80.01;
    assert_int_equal(eval_with(&g, end_of_may, m).status, KPIRT_STATUS_OFF_TRACK);
    m.v[5] = 70;
    assert_int_equal(eval_with(&g, end_of_may, m).status, KPIRT_STATUS_ON_TRACK);

    /* +0.5pp on a percent metric: 3.0% -> 3.5%; expected in May 3.25% */
    kpirt_goal_desc p = raise_goal();
    p.amount_kind = KPIRT_AMOUNT_POINTS;
    p.amount = 0.005;
    p.baseline = 0.03;
    r = eval_with(&p, end_of_may, flat(0.0325));
    assert_true(fabs(r.target.v - 0.035) < 1e-15);
    assert_int_equal(r.status, KPIRT_STATUS_ON_TRACK);
    assert_int_equal(status_at(&p, end_of_may, 0.03225), KPIRT_STATUS_AT_RISK);
    assert_int_equal(status_at(&p, end_of_may, 0.032), KPIRT_STATUS_AT_RISK); /* short by 0.1 x 0.5pp */
    assert_int_equal(status_at(&p, end_of_may, 0.03199), KPIRT_STATUS_OFF_TRACK);

    /* a compiled target function wins over the amount */
    g = raise_goal();
    g.target = times_one_and_a_half;
    assert_true(eval_with(&g, end_of_may, flat(100)).target.v == 150);
}

static void test_keep(void **state) {
    (void)state;
    kpirt_goal_desc g = {.name = "k",
                         .parent = -1,
                         .verb = KPIRT_VERB_KEEP,
                         .keep_kind = KPIRT_KEEP_BELOW,
                         .keep_high = 0.40,
                         .review = KPIRT_MONTH,
                         .start = DAY(2026, 1, 1),
                         .deadline = DAY(2026, 12, 31),
                         .tolerance = 0.10};
    kpirt_day as_of = DAY(2026, 5, 31);
    kpirt_goal_report r = eval_with(&g, as_of, flat(0.40));
    assert_int_equal(r.status, KPIRT_STATUS_OK); /* the bound itself is allowed */
    assert_true(r.target.has && r.target.v == 0.40);
    assert_false(r.expected.has);
    assert_false(r.progress.has);
    assert_int_equal(status_at(&g, as_of, 0.4001), KPIRT_STATUS_BREACHED);
    assert_int_equal(status_at(&g, as_of, 0.1 + 0.2 + 0.1), KPIRT_STATUS_OK); /* 0.4000000000000001 */
    /* compared in decimal, without a relative slack: 99 cents above a billion is above it */
    g.keep_high = 1e9;
    assert_int_equal(status_at(&g, as_of, 1000000000.99), KPIRT_STATUS_BREACHED);
    assert_int_equal(status_at(&g, as_of, 1000000000.0001), KPIRT_STATUS_BREACHED);
    assert_int_equal(status_at(&g, as_of, 1000000000.0000004), KPIRT_STATUS_OK); /* beyond the 6th decimal */
    assert_int_equal(status_at(&g, as_of, 1e9), KPIRT_STATUS_OK);
    g.keep_kind = KPIRT_KEEP_ABOVE;
    g.keep_low = 0.02;
    assert_int_equal(status_at(&g, as_of, 0.02), KPIRT_STATUS_OK);
    assert_int_equal(status_at(&g, as_of, 0.0199), KPIRT_STATUS_BREACHED);
    g.keep_kind = KPIRT_KEEP_BETWEEN;
    g.keep_low = 1;
    g.keep_high = 2;
    assert_int_equal(status_at(&g, as_of, 1), KPIRT_STATUS_OK);
    assert_int_equal(status_at(&g, as_of, 2), KPIRT_STATUS_OK);
    assert_int_equal(status_at(&g, as_of, 2.01), KPIRT_STATUS_BREACHED);
    assert_int_equal(status_at(&g, as_of, 0.99), KPIRT_STATUS_BREACHED);
    assert_false(eval_with(&g, as_of, flat(1)).target.has);
    assert_int_equal(status_at(&g, as_of, NO), KPIRT_STATUS_NO_DATA);
    /* after the deadline a guard is still ok or breached on its last period */
    assert_int_equal(status_at(&g, DAY(2027, 2, 1), 1.5), KPIRT_STATUS_OK);
}

static void test_not_started_and_no_data(void **state) {
    (void)state;
    kpirt_goal_desc g = raise_goal();
    kpirt_goal_report r = eval_with(&g, DAY(2025, 12, 31), flat(100));
    assert_int_equal(r.status, KPIRT_STATUS_NOT_STARTED);
    assert_int_equal(r.series_count, 0);
    assert_true(r.target.has); /* known before the start */
    /* started, but January is not complete yet */
    assert_int_equal(status_at(&g, DAY(2026, 1, 30), 100), KPIRT_STATUS_NOT_STARTED);
    assert_int_equal(status_at(&g, DAY(2026, 1, 31), 102), KPIRT_STATUS_ON_TRACK); /* expected 102 */

    /* no declared baseline and no data before the start */
    g.has_baseline = 0;
    months m = flat(110);
    m.v[0] = NO;
    r = eval_with(&g, DAY(2026, 5, 31), m);
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_false(r.baseline.has);
    assert_false(r.target.has);
    /* a baseline but no value in the current period */
    m.v[0] = 100;
    m.v[5] = NO;
    r = eval_with(&g, DAY(2026, 5, 31), m);
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_true(r.expected.has && fabs(r.expected.v - 110) < 1e-12);
    assert_false(r.current.has);
}

/* A draft's goal without a start or deadline is not judged, and nothing is allocated from the missing day. */
static void test_undated_goal_is_not_judged(void **state) {
    (void)state;
    kpirt_goal_desc g = raise_goal();
    g.start = KPIRT_NO_DAY;
    kpirt_goal_report r = eval_with(&g, DAY(2026, 5, 31), flat(100));
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_int_equal(r.series_count, 0);
    assert_string_equal(r.reason, "not judged: the goal has no start date (add `starting DATE`)");
    g = raise_goal();
    g.deadline = KPIRT_NO_DAY;
    r = eval_with(&g, DAY(2026, 5, 31), flat(100));
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_int_equal(r.days_left, 0);
    assert_non_null(strstr(r.reason, "has no deadline"));
    g = raise_goal();
    g.deadline = g.start - 1;
    assert_string_equal(eval_with(&g, DAY(2026, 5, 31), flat(100)).reason,
                        "not judged: the goal ends before it starts");
}

static void test_driver_without_amount(void **state) {
    (void)state;
    /* `via visitors` without an amount: no target, any rise from the baseline of 100 */
    kpirt_goal_desc g = raise_goal();
    g.amount_kind = KPIRT_AMOUNT_NONE;
    kpirt_day end_of_may = DAY(2026, 5, 31);
    kpirt_goal_report r = eval_with(&g, end_of_may, flat(100));
    assert_false(r.target.has);
    assert_false(r.expected.has);
    assert_false(r.progress.has);
    assert_int_equal(r.status, KPIRT_STATUS_ON_TRACK);
    assert_int_equal(status_at(&g, end_of_may, 99.99), KPIRT_STATUS_OFF_TRACK);
    assert_int_equal(status_at(&g, DAY(2026, 10, 31), 100), KPIRT_STATUS_MISSED); /* not raised */
    assert_int_equal(status_at(&g, DAY(2026, 10, 31), 100.01), KPIRT_STATUS_ACHIEVED);
    g.verb = KPIRT_VERB_LOWER;
    assert_int_equal(status_at(&g, end_of_may, 100.01), KPIRT_STATUS_OFF_TRACK);
    assert_int_equal(status_at(&g, DAY(2026, 10, 31), 99), KPIRT_STATUS_ACHIEVED);
    g.has_baseline = 0;
    months m = flat(90);
    m.v[0] = NO;
    assert_int_equal(eval_with(&g, end_of_may, m).status, KPIRT_STATUS_NO_DATA);
}

static void test_least_squares_by_hand(void **state) {
    (void)state;
    double slope, intercept;
    /* x 1..5, y 2 4 5 4 5: means 3 and 4; Sxy = (-2)(-2)+(-1)(0)+0+(1)(0)+(2)(1) = 6; Sxx = 10 */
    const double x[] = {1, 2, 3, 4, 5}, y[] = {2, 4, 5, 4, 5};
    assert_int_equal(kpirt_least_squares(x, y, 5, &slope, &intercept), 1);
    assert_true(fabs(slope - 0.6) < 1e-12);
    assert_true(fabs(intercept - 2.2) < 1e-12); /* 4 - 0.6 x 3 */
    assert_int_equal(kpirt_least_squares(x, y, 1, &slope, &intercept), 0);
    const double same[] = {2, 2, 2};
    assert_int_equal(kpirt_least_squares(same, y, 3, &slope, &intercept), 0);
}

static void test_projection(void **state) {
    (void)state;
    kpirt_goal_desc g = raise_goal();
    months m = flat(NO);
    m.v[0] = 100;
    /* Jan..Apr 1, 3, 2, 5 at x = 0..3: means 1.5 and 2.75; Sxy = 2.625 - 0.125 - 0.375 + 3.375 = 5.5;
       Sxx = 5; slope 1.1, intercept 2.75 - 1.65 = 1.1; October is x = 9: 1.1 + 9.9 = 11 */
    m.v[1] = 1;
    m.v[2] = 3;
    m.v[3] = 2;
    m.v[4] = 5;
    kpirt_goal_desc small = g;
    small.baseline = 1; /* target 1.2 */
    kpirt_goal_report r = eval_with(&small, DAY(2026, 4, 30), m);
    assert_true(r.projection.has && fabs(r.projection.v - 11) < 1e-9);
    assert_int_equal(r.projection_status, KPIRT_STATUS_ACHIEVED);

    /* 101, 103, 105, 107, 109: slope 2 from 101, October 101 + 18 = 119 < 120 */
    for (int i = 1; i <= 5; i++) m.v[i] = 99 + 2 * i;
    r = eval_with(&g, DAY(2026, 5, 31), m);
    assert_true(fabs(r.projection.v - 119) < 1e-9);
    assert_int_equal(r.projection_status, KPIRT_STATUS_MISSED);
    /* 102 .. 110 reaches exactly 120 */
    for (int i = 1; i <= 5; i++) m.v[i] = 100 + 2 * i;
    r = eval_with(&g, DAY(2026, 5, 31), m);
    assert_true(fabs(r.projection.v - 120) < 1e-9);
    assert_int_equal(r.projection_status, KPIRT_STATUS_ACHIEVED);
    /* a period without a value is left out of the fit: still the same line */
    m.v[3] = NO;
    r = eval_with(&g, DAY(2026, 5, 31), m);
    assert_true(fabs(r.projection.v - 120) < 1e-9);
    /* one period is not a trend */
    r = eval_with(&g, DAY(2026, 1, 31), m);
    assert_false(r.projection.has);
    assert_int_equal(r.projection_status, KPIRT_STATUS_NONE);
}

static void test_series_and_other_periods(void **state) {
    (void)state;
    kpirt_goal_desc g = raise_goal();
    months m = flat(105);
    m.v[2] = NO;
    kpirt_goal_report r;
    memset(&r, 0, sizeof r);
    kpirt_evaluate_goal(&g, DAY(2026, 3, 31), month_value, &m, &r);
    assert_int_equal(r.series_count, 3);
    assert_string_equal(r.series[0].label, "2026-01");
    assert_string_equal(r.series[2].label, "2026-03");
    assert_true(r.series[0].value.has && r.series[0].value.v == 105);
    assert_false(r.series[1].value.has);
    free(r.series);

    /* quarterly over 2026: in mid-July the current period is Q2, half-way */
    g.review = KPIRT_QUARTER;
    g.deadline = DAY(2026, 12, 31);
    r = eval_with(&g, DAY(2026, 7, 15), flat(NO));
    assert_true(fabs(r.expected.v - 110) < 1e-12);
    assert_string_equal(r.current_label, "2026-Q2");
}

/* Each point carries the period before and the same period a year earlier, or nothing. */
static void test_comparisons(void **state) {
    (void)state;
    kpirt_goal_desc g = raise_goal();
    g.deadline = DAY(2026, 12, 31);
    months m = flat(NO);
    m.v[0] = 100;  /* 2025-12 */
    m.v[1] = 110;  /* 2026-01 */
    m.v[13] = 121; /* 2027-01 is outside the goal; 2026-12 is m.v[12] */
    m.v[12] = 99;
    kpirt_goal_report r;
    memset(&r, 0, sizeof r);
    kpirt_evaluate_goal(&g, DAY(2026, 12, 31), month_value, &m, &r);
    assert_int_equal(r.series_count, 12);
    assert_true(r.series[0].previous.has && r.series[0].previous.v == 100);
    assert_false(r.series[0].last_year.has); /* 2025-01 is before the data */
    assert_false(r.series[11].previous.has); /* 2026-11 has no value */
    assert_true(r.series[11].last_year.has && r.series[11].last_year.v == 100);
    kpirt_opt c = kpirt_change(r.series[0].value, r.series[0].previous);
    assert_true(c.has && fabs(c.v - 0.10) < 1e-12);
    c = kpirt_change(r.series[11].value, r.series[11].last_year); /* 99 against 100 */
    assert_true(c.has && fabs(c.v + 0.01) < 1e-12);
    assert_false(kpirt_change(r.series[11].value, r.series[11].previous).has);
    /* down is bad news for raise, good for keep below, neither inside a band */
    assert_int_equal(kpirt_change_tone(&r, c.v), -1);
    assert_int_equal(kpirt_change_tone(&r, 0), 0);
    kpirt_goal_desc keep = g;
    keep.verb = KPIRT_VERB_KEEP;
    keep.keep_kind = KPIRT_KEEP_BELOW;
    r.goal = &keep;
    assert_int_equal(kpirt_change_tone(&r, c.v), 1);
    keep.keep_kind = KPIRT_KEEP_BETWEEN;
    assert_int_equal(kpirt_change_tone(&r, c.v), 0);
    keep.verb = KPIRT_VERB_LOWER;
    assert_int_equal(kpirt_change_tone(&r, 0.5), -1);
    free(r.series);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raise_boundaries),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_lower_mirrors_raise),
        cmocka_unit_test(test_reach_and_points),
        cmocka_unit_test(test_keep),
        cmocka_unit_test(test_not_started_and_no_data),
        cmocka_unit_test(test_driver_without_amount),
        cmocka_unit_test(test_undated_goal_is_not_judged),
        cmocka_unit_test(test_least_squares_by_hand),
        cmocka_unit_test(test_projection),
        cmocka_unit_test(test_series_and_other_periods),
        cmocka_unit_test(test_comparisons),
    };
    return cmocka_run_group_tests_name("runtime evaluation", tests, NULL, NULL);
}
