/*
** test_project.c: the projection of docs/evaluation.md ("Projection"): the
** Student t quantiles against the published table, the 80% prediction
** interval of a line and of a weighted sum against hand-computed values, the
** choice between the seasonal and the linear model, a cumulative total, the
** `uncertain` status and the clause that says why a projection and a status
** disagree. Every expected number is worked out in the comment beside it.
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

#define DAY(y, m, d) kpirt_day_from_ymd((y), (m), (d))
#define MONTH(y, m) ((y)*12 + (m)-1)
#define FIRST MONTH(2024, 1)

/* Monthly values from January 2024 on; NAN is no value. */
typedef struct months {
    double v[48];
} months;

static int month_value(void *user, int32_t period, double *out) {
    const months *m = user;
    int32_t i = period - FIRST;
    if (i < 0 || i >= 48 || isnan(m->v[i])) return 0;
    *out = m->v[i];
    return 1;
}

static months none_yet(void) {
    months m;
    for (int i = 0; i < 48; i++) m.v[i] = NAN;
    return m;
}

static void test_student_t_table(void **state) {
    (void)state;
    /* the 0.90 column of the t table (NIST/SEMATECH e-Handbook, 1.3.6.7.2) */
    static const struct {
        uint32_t df;
        double t;
    } table[] = {{1, 3.078},  {2, 1.886},  {3, 1.638},  {4, 1.533},  {5, 1.476},
                 {10, 1.372}, {20, 1.325}, {30, 1.310}, {100, 1.290}};
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        assert_true(fabs(kpirt_student_t(0.9, table[i].df) - table[i].t) < 0.0005);
    /* more digits: 3.077684 (df 1), 1.885618 (df 2, where t = 2 sqrt(2) x 0.8 / sqrt(1 - 0.64) exactly) */
    assert_true(fabs(kpirt_student_t(0.9, 1) - 3.0776835) < 1e-6);
    assert_true(fabs(kpirt_student_t(0.9, 2) - 0.8 * sqrt(2) / sqrt(0.36)) < 1e-9);
    /* many degrees of freedom approach the normal quantile 1.281552 */
    assert_true(fabs(kpirt_student_t(0.9, 5000) - 1.2817) < 0.0005);
    assert_true(isnan(kpirt_student_t(0.9, 0)));
    assert_true(isnan(kpirt_student_t(0.4, 3)));
}

static void test_line_interval(void **state) {
    (void)state;
    /*
    ** 1150, 1300, 1500 at x = 0, 1, 2: slope 175, intercept 1141.67; at x = 5
    ** 2016.67. Residuals 8.33, -16.67, 8.33: SSE 416.67 over 1 degree of
    ** freedom; half-width 3.077684 x 20.412 x sqrt(1 + 1/3 + 16/2) = 191.93.
    */
    const double x[] = {0, 1, 2}, y[] = {1150, 1300, 1500}, at[] = {5}, one[] = {1};
    kpirt_trend t;
    assert_true(kpirt_trend_fit(x, y, 3, &t));
    double half, v = kpirt_trend_predict(&t, at, one, 1, &half);
    assert_true(fabs(v - 2016.6667) < 1e-3);
    assert_true(fabs(half - 3.0776835 * sqrt(416.6667) * sqrt(1 + 1.0 / 3 + 8)) < 1e-3);
    assert_true(fabs(v - half - 1824.74) < 0.01 && fabs(v + half - 2208.59) < 0.01);
    /* two points: a line, but no residual to measure: no interval */
    assert_true(kpirt_trend_fit(x, y, 2, &t));
    kpirt_trend_predict(&t, at, one, 1, &half);
    assert_true(isnan(half));
    /* one point: a flat line through it */
    assert_true(kpirt_trend_fit(x, y, 1, &t));
    assert_true(fabs(kpirt_trend_predict(&t, at, one, 1, &half) - 1150) < 1e-9);
    assert_false(kpirt_trend_fit(x, y, 0, &t));
}

static void test_weighted_sum_interval(void **state) {
    (void)state;
    /*
    ** The sum of the line at x = 3 and 4, weights 2 and 1, from the fit of
    ** y = 1, 3, 2, 5 at x = 0..3 (slope 1.1, intercept 1.1, s^2 = 2.7 / 2):
    ** 2 x 4.4 + 5.5 = 14.3; variance s^2 (sum w^2 + W^2/n + (sum w (x - 1.5))^2 / Sxx)
    ** = 1.35 x (5 + 9/4 + 5.5^2 / 5) = 1.35 x 13.3 = 17.955; half t(0.9, 2) x sqrt(17.955).
    */
    const double x[] = {0, 1, 2, 3}, y[] = {1, 3, 2, 5}, at[] = {3, 4}, w[] = {2, 1};
    kpirt_trend t;
    assert_true(kpirt_trend_fit(x, y, 4, &t));
    double half, v = kpirt_trend_predict(&t, at, w, 2, &half);
    assert_true(fabs(v - 14.3) < 1e-9);
    assert_true(fabs(half - kpirt_student_t(0.9, 2) * sqrt(17.955)) < 1e-9);
}

static kpirt_projection project(const months *m, int32_t start, int32_t current, int32_t deadline,
                                bool cumulative, double so_far) {
    kpirt_projection_in in = {.value = month_value,
                              .user = (void *)m,
                              .review = KPIRT_MONTH,
                              .start_p = start,
                              .current_p = current,
                              .deadline_p = deadline,
                              .cumulative = cumulative,
                              .so_far = so_far};
    kpirt_projection p;
    kpirt_project(&in, &p);
    return p;
}

static void test_seasonal_or_linear(void **state) {
    (void)state;
    /* 2024: 100 each month but December 300; 2025 the same x 1.1, so far to June */
    months m = none_yet();
    for (int i = 0; i < 12; i++) m.v[i] = i == 11 ? 300 : 100;
    for (int i = 12; i < 18; i++) m.v[i] = m.v[i - 12] * 1.1;
    /* a goal over 2025 in June: the ratios are 1.1 six times, December reads 300 x 1.1 = 330, no spread */
    kpirt_projection p = project(&m, MONTH(2025, 1), MONTH(2025, 6), MONTH(2025, 12), false, 0);
    assert_string_equal(p.method, "seasonal");
    assert_true(fabs(p.value.v - 330) < 1e-9 && fabs(p.ratio - 1.1) < 1e-12);
    assert_int_equal(p.points, 6);
    assert_true(fabs(p.low.v - 330) < 1e-9 && fabs(p.high.v - 330) < 1e-9);
    /* the straight line through the six 110s would say 110 */
    m.v[11] = NAN;
    p = project(&m, MONTH(2025, 1), MONTH(2025, 6), MONTH(2025, 12), false, 0);
    assert_string_equal(p.method, "linear");
    assert_true(fabs(p.value.v - 110) < 1e-9);
    m.v[11] = 300;
    /* last year's deadline period after the current one is not known yet: linear */
    p = project(&m, MONTH(2025, 1), MONTH(2025, 6), MONTH(2026, 12), false, 0);
    assert_string_equal(p.method, "linear");
    /* a year earlier than the first data: no ratio, linear; one value: no projection at all */
    p = project(&m, MONTH(2024, 1), MONTH(2024, 1), MONTH(2024, 12), false, 0);
    assert_null(p.method);
    assert_false(p.value.has || p.low.has || p.high.has);
    /* a year before that is 0 or below gives no ratio (a ratio to a loss says nothing of growth) */
    for (int i = 0; i < 6; i++) m.v[i] = 0;
    p = project(&m, MONTH(2025, 1), MONTH(2025, 6), MONTH(2025, 12), false, 0);
    assert_string_equal(p.method, "linear");
}

static void test_seasonal_interval(void **state) {
    (void)state;
    /*
    ** Ratios 1.0, 1.2, 1.1, 1.3 at x = 0..3 (2025-01 to 04 against 100 in
    ** 2024): slope 0.08, intercept 1.03, so 2025-12 (x = 11) reads 1.91;
    ** residuals -0.03, 0.09, -0.09, 0.03: SSE 0.018, s^2 0.009; the ratio's
    ** half-width is t(0.9, 2) x sqrt(0.009 x (1 + 1/4 + 9.5^2 / 5)) and the
    ** value's 200 (last December) times that.
    */
    months m = none_yet();
    for (int i = 0; i < 12; i++) m.v[i] = 100;
    m.v[11] = 200;
    const double r[] = {1.0, 1.2, 1.1, 1.3};
    for (int i = 0; i < 4; i++) m.v[12 + i] = 100 * r[i];
    kpirt_projection p = project(&m, MONTH(2025, 1), MONTH(2025, 4), MONTH(2025, 12), false, 0);
    assert_string_equal(p.method, "seasonal");
    assert_true(fabs(p.ratio - 1.91) < 1e-9);
    assert_true(fabs(p.value.v - 382) < 1e-9);
    double half = 200 * kpirt_student_t(0.9, 2) * sqrt(0.009 * (1.25 + 90.25 / 5));
    assert_true(fabs(p.low.v - (382 - half)) < 1e-9 && fabs(p.high.v - (382 + half)) < 1e-9);
}

static void test_cumulative_total(void **state) {
    (void)state;
    /*
    ** No last year: the line through the periods' own values 10, 20, 30
    ** (slope 10) gives 40, 50, 60 for the three months to come, added to the
    ** 60 so far: 210; the values lie on the line, so the interval is 210 .. 210.
    */
    months m = none_yet();
    m.v[12] = 10, m.v[13] = 20, m.v[14] = 30;
    kpirt_projection p = project(&m, MONTH(2025, 1), MONTH(2025, 3), MONTH(2025, 6), true, 60);
    assert_string_equal(p.method, "linear");
    assert_true(fabs(p.value.v - 210) < 1e-9 && fabs(p.low.v - 210) < 1e-9 && fabs(p.high.v - 210) < 1e-9);
    /* with last year (5 a month, April 50) every month to come is last year's x 2: 60 + 100 + 10 + 10 */
    for (int i = 0; i < 12; i++) m.v[i] = 5;
    m.v[3] = 50;
    m.v[12] = 10, m.v[13] = 10, m.v[14] = 10;
    p = project(&m, MONTH(2025, 1), MONTH(2025, 3), MONTH(2025, 6), true, 30);
    assert_string_equal(p.method, "seasonal");
    assert_true(fabs(p.value.v - 150) < 1e-9);
    /* at the deadline there is nothing left to add */
    p = project(&m, MONTH(2025, 1), MONTH(2025, 3), MONTH(2025, 3), true, 30);
    assert_true(fabs(p.value.v - 30) < 1e-9 && fabs(p.high.v - 30) < 1e-9);
}

/* raise 10% from a declared 100 over 2025, monthly */
static kpirt_goal_desc goal(void) {
    return (kpirt_goal_desc){
        .name = "g",
        .parent = -1,
        .verb = KPIRT_VERB_RAISE,
        .amount_kind = KPIRT_AMOUNT_RELATIVE,
        .amount = 0.10,
        .review = KPIRT_MONTH,
        .start = DAY(2025, 1, 1),
        .deadline = DAY(2025, 12, 31),
        .has_baseline = 1,
        .baseline = 100,
        .tolerance = 0.10,
    };
}

static kpirt_goal_report judge(const kpirt_goal_desc *g, kpirt_day as_of, months m) {
    kpirt_goal_report r;
    memset(&r, 0, sizeof r);
    kpirt_evaluate_goal(g, as_of, month_value, &m, &r);
    free(r.series);
    r.series = NULL;
    return r;
}

static void test_uncertain_and_why(void **state) {
    (void)state;
    kpirt_goal_desc g = goal();
    /*
    ** 100 a month in 2024 but 150 in December; 2025 so far 100 x 1.0, 1.02,
    ** 1.0, 1.02, 1.0, 1.02 (target 110, expected in June 105: off track). The
    ** ratios 1.0, 1.02, ... (x = 0..5) have slope 0.03 / 17.5 and mean 1.01,
    ** so December (x = 11) reads 1.01 + 8.5 x 0.001714 = 1.0246 times last
    ** December's 150: about 153.7, far above 110 even at the interval's low
    ** end: achieved, and the card must say why.
    */
    months m = none_yet();
    for (int i = 0; i < 12; i++) m.v[i] = 100;
    m.v[11] = 150;
    for (int i = 0; i < 6; i++) m.v[12 + i] = i % 2 ? 102 : 100;
    kpirt_goal_report r = judge(&g, DAY(2025, 6, 30), m);
    assert_int_equal(r.status, KPIRT_STATUS_OFF_TRACK);
    assert_int_equal(r.projection_status, KPIRT_STATUS_ACHIEVED);
    assert_string_equal(r.projection_method, "seasonal");
    assert_true(r.projection_low.v > 110);
    assert_string_equal(r.projection_why,
                        "the projection follows last year's season (× 1.02 year on year), "
                        "while the plan is a straight line from the baseline to the target");
    /* no last December: the straight line of the noisy months straddles nothing near 110: missed, agreed */
    m.v[11] = NAN;
    r = judge(&g, DAY(2025, 6, 30), m);
    assert_string_equal(r.projection_method, "linear");
    assert_int_equal(r.projection_status, KPIRT_STATUS_MISSED);
    assert_string_equal(r.projection_why, "");
    /*
    ** Noisy months 100, 115, 95, 120 (x = 0..3: Sxy 20, Sxx 5, slope 4,
    ** intercept 101.5): December (x = 11) 145.5, above 110, but residuals
    ** -1.5, 9.5, -14.5, 6.5 give s^2 = 345 / 2 and the half-width
    ** 1.885618 x 13.134 x sqrt(1 + 1/4 + 9.5^2 / 5) = 108.80 takes the low
    ** end to 36.70, below: uncertain, and no verdict to explain.
    */
    m = none_yet();
    m.v[12] = 100, m.v[13] = 115, m.v[14] = 95, m.v[15] = 120;
    r = judge(&g, DAY(2025, 4, 30), m);
    assert_int_equal(r.projection_status, KPIRT_STATUS_UNCERTAIN);
    assert_true(fabs(r.projection.v - 145.5) < 1e-9);
    assert_true(fabs(r.projection_low.v - (145.5 - 1.885618 * sqrt(172.5 * 19.3))) < 1e-4);
    assert_string_equal(kpirt_status_name(r.projection_status), "uncertain");
    assert_string_equal(r.projection_why, "");
    /*
    ** two values, 100 and 101: a projection without an interval, judged on its
    ** value alone: 100 + 11 = 111, achieved, while February is 0.67 short of
    ** the expected 101.67 (at risk)
    */
    m.v[13] = 101, m.v[14] = NAN, m.v[15] = NAN;
    r = judge(&g, DAY(2025, 2, 28), m);
    assert_true(r.projection.has && !r.projection_low.has && !r.projection_high.has);
    assert_int_equal(r.status, KPIRT_STATUS_AT_RISK);
    assert_int_equal(r.projection_status, KPIRT_STATUS_ACHIEVED);
    assert_string_equal(r.projection_why, "the projection extends the trend of 2 measured periods, while the "
                                          "plan is a straight line from the baseline to the target");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_student_t_table),       cmocka_unit_test(test_line_interval),
        cmocka_unit_test(test_weighted_sum_interval), cmocka_unit_test(test_seasonal_or_linear),
        cmocka_unit_test(test_seasonal_interval),     cmocka_unit_test(test_cumulative_total),
        cmocka_unit_test(test_uncertain_and_why),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
