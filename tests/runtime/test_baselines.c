/*
** test_baselines.c: the measured baselines of docs/evaluation.md ("Baselines")
** and the calendar step they rest on: `baseline last year` judged period by
** period (with the ramp and `path flat`), `average N` and a named period,
** the no_data reasons when the history is missing, and the same period a
** year earlier for every granularity, leap days and ISO week 53 included.
** Every expected number is worked out in the comment beside it.
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
#define FIRST MONTH(2025, 1)

/* Monthly values from January 2025 on (36 months); NAN is no value. */
typedef struct months {
    double v[36];
} months;

static int month_value(void *user, int32_t period, double *out) {
    const months *m = user;
    int32_t i = period - FIRST;
    if (i < 0 || i >= 36 || isnan(m->v[i])) return 0;
    *out = m->v[i];
    return 1;
}

/* 2025: 100, 110, ... 210 (month m of 2025 is 90 + 10m); 2026: 2025's value + 15. */
static months seasonal(void) {
    months m;
    for (int i = 0; i < 36; i++) m.v[i] = NAN;
    for (int i = 0; i < 12; i++) {
        m.v[i] = 100 + 10 * i;
        m.v[12 + i] = 115 + 10 * i;
    }
    return m;
}

/* raise 20% over 2026, judged monthly against last year. */
static kpirt_goal_desc last_year_goal(void) {
    return (kpirt_goal_desc){
        .name = "g",
        .parent = -1,
        .verb = KPIRT_VERB_RAISE,
        .amount_kind = KPIRT_AMOUNT_RELATIVE,
        .amount = 0.20,
        .review = KPIRT_MONTH,
        .start = DAY(2026, 1, 1),
        .deadline = DAY(2026, 12, 31),
        .tolerance = 0.10,
        .baseline_kind = KPIRT_BASELINE_LAST_YEAR,
    };
}

static kpirt_goal_report run(const kpirt_goal_desc *g, kpirt_day as_of, months m) {
    kpirt_goal_report r;
    memset(&r, 0, sizeof r);
    kpirt_evaluate_goal(g, as_of, month_value, &m, &r);
    free(r.series);
    r.series = NULL;
    return r;
}

static void test_last_year_ramp(void **state) {
    (void)state;
    kpirt_goal_desc g = last_year_goal();
    /* March 2026: last March 120, target 144; t = 3/12, expected 120 * (1 + 0.25 * 0.2) = 126; current 135 */
    kpirt_goal_report r = run(&g, DAY(2026, 3, 31), seasonal());
    assert_int_equal(r.baseline_kind, KPIRT_BASELINE_LAST_YEAR);
    assert_string_equal(r.baseline_period, "2025-03");
    assert_true(r.baseline.has && r.baseline.v == 120);
    assert_true(r.target.has && fabs(r.target.v - 144) < 1e-9);
    assert_true(r.expected.has && fabs(r.expected.v - 126) < 1e-9);
    assert_true(r.current.has && r.current.v == 135);
    assert_int_equal(r.status, KPIRT_STATUS_ON_TRACK);
    /* progress (135 - 120) / 24 = 0.625 */
    assert_true(r.progress.has && fabs(r.progress.v - 0.625) < 1e-9);
    assert_string_equal(kpirt_baseline_kind_name(r.baseline_kind), "last_year");

    /* December: last December 210, t = 1, expected = target 252; 225 is 27 short, tolerance 4.2: off track */
    r = run(&g, DAY(2026, 12, 30), seasonal());
    assert_string_equal(r.baseline_period, "2025-11"); /* December is not complete on the 30th */
    r = run(&g, DAY(2026, 12, 31), seasonal());
    assert_string_equal(r.baseline_period, "2025-12");
    assert_true(fabs(r.target.v - 252) < 1e-9);
    assert_int_equal(r.status, KPIRT_STATUS_MISSED);

    /* path flat: the whole change from January: expected 144 in March, 135 is 9 short > 2.4: off track */
    g.path = KPIRT_PATH_FLAT;
    r = run(&g, DAY(2026, 3, 31), seasonal());
    assert_true(fabs(r.expected.v - 144) < 1e-9);
    assert_int_equal(r.status, KPIRT_STATUS_OFF_TRACK);

    /* +12.5% flat: expected 135 in March, exactly the current value: on track */
    g.amount = 0.125;
    r = run(&g, DAY(2026, 3, 31), seasonal());
    assert_int_equal(r.status, KPIRT_STATUS_ON_TRACK);
}

static void test_last_year_projection_uses_the_deadline_period(void **state) {
    (void)state;
    kpirt_goal_desc g = last_year_goal();
    g.amount = 0.05;
    /*
    ** A year and a period of history: the projection is seasonal. The ratios
    ** to last year of Jan..Mar 2026 are 115/100 = 1.15, 125/110 = 1.136364,
    ** 135/120 = 1.125 at x = 0, 1, 2: slope -0.0125, mean 1.137121, so
    ** December (x = 11) reads 1.137121 - 10 x 0.0125 = 1.012121, times last
    ** December's 210: 212.545. Against December's own aim, 210 x 1.05 =
    ** 220.5, that is missed, the whole interval too (residuals 0.000379,
    ** -0.000758, 0.000379: s = 0.000928; half-width 3.0777 x s x
    ** sqrt(1 + 1/3 + 10^2/2) = 0.020460 on the ratio, 4.30 on the value).
    */
    kpirt_goal_report r = run(&g, DAY(2026, 3, 31), seasonal());
    assert_string_equal(r.projection_method, "seasonal");
    assert_true(r.projection.has && fabs(r.projection.v - 210 * (3.4113636363636 / 3 - 0.125)) < 1e-6);
    assert_true(r.projection_low.has && fabs(r.projection.v - r.projection_low.v - 4.2966) < 1e-3);
    assert_int_equal(r.projection_status, KPIRT_STATUS_MISSED);
    /* +0.5%: the aim 211.05 lies inside the interval 208.25 .. 216.84 */
    g.amount = 0.005;
    r = run(&g, DAY(2026, 3, 31), seasonal());
    assert_int_equal(r.projection_status, KPIRT_STATUS_UNCERTAIN);

    /*
    ** Without last December the seasonal model has nothing to scale: the
    ** straight line 115 + 10x reaches 225, with no residual; December's
    ** aim is unknown then, so there is no status.
    */
    months m = seasonal();
    m.v[11] = NAN;
    g.amount = 0.05;
    r = run(&g, DAY(2026, 3, 31), m);
    assert_string_equal(r.projection_method, "linear");
    assert_true(r.projection.has && fabs(r.projection.v - 225) < 1e-9);
    assert_true(fabs(r.projection_low.v - 225) < 1e-9 && fabs(r.projection_high.v - 225) < 1e-9);
    assert_int_equal(r.projection_status, KPIRT_STATUS_NONE);
}

static void test_last_year_missing(void **state) {
    (void)state;
    kpirt_goal_desc g = last_year_goal();
    months m = seasonal();
    m.v[2] = NAN; /* no March 2025 */
    kpirt_goal_report r = run(&g, DAY(2026, 3, 31), m);
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_non_null(strstr(r.reason, "no value in 2025-03, the same period last year"));
    /* April is judged against April 2025, which is there */
    r = run(&g, DAY(2026, 4, 30), m);
    assert_int_equal(r.status, KPIRT_STATUS_ON_TRACK);
    /* before the first month is complete the goal reports January's baseline */
    r = run(&g, DAY(2026, 1, 15), m);
    assert_int_equal(r.status, KPIRT_STATUS_NOT_STARTED);
    assert_true(r.baseline.has && r.baseline.v == 100);
    assert_string_equal(r.reason, "");
}

static void test_average_and_named_period(void **state) {
    (void)state;
    kpirt_goal_desc g = last_year_goal();
    g.baseline_kind = KPIRT_BASELINE_AVERAGE;
    g.baseline_periods = 3;
    /* Oct, Nov, Dec 2025: 190, 200, 210: mean 200, target 240 */
    kpirt_goal_report r = run(&g, DAY(2026, 3, 31), seasonal());
    assert_string_equal(r.baseline_period, "2025-10 to 2025-12");
    assert_true(r.baseline.has && fabs(r.baseline.v - 200) < 1e-9);
    assert_true(fabs(r.target.v - 240) < 1e-9);
    assert_string_equal(kpirt_baseline_kind_name(r.baseline_kind), "average");
    months m = seasonal();
    m.v[10] = NAN;
    r = run(&g, DAY(2026, 3, 31), m);
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_non_null(strstr(r.reason, "no value in 2025-11, one of the periods 2025-10 to 2025-12"));

    /* baseline 2025-Q2 on a monthly goal: the mean of April, May, June 2025: 130, 140, 150 */
    g.baseline_kind = KPIRT_BASELINE_PERIOD;
    g.baseline_from = DAY(2025, 4, 1);
    g.baseline_to = DAY(2025, 6, 30);
    r = run(&g, DAY(2026, 3, 31), seasonal());
    assert_string_equal(r.baseline_period, "2025-04 to 2025-06");
    assert_true(fabs(r.baseline.v - 140) < 1e-9);
    /* a named month on a quarterly goal holds no whole quarter */
    g.review = KPIRT_QUARTER;
    g.baseline_from = DAY(2025, 11, 1);
    g.baseline_to = DAY(2025, 11, 30);
    r = run(&g, DAY(2026, 6, 30), seasonal());
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_non_null(strstr(r.reason, "2025-11-01 to 2025-11-30 holds no whole quarterly period"));

    /* a declared amount wins, whatever the kind says */
    g = last_year_goal();
    g.has_baseline = 1;
    g.baseline = 50;
    r = run(&g, DAY(2026, 3, 31), seasonal());
    assert_int_equal(r.baseline_kind, KPIRT_BASELINE_DECLARED);
    assert_true(r.baseline.v == 50);
    assert_string_equal(r.baseline_period, "");
}

static void test_year_before(void **state) {
    (void)state;
    int32_t d = kpirt_period_of(DAY(2024, 2, 29), KPIRT_DAY);
    assert_int_equal(kpirt_period_year_before(d, KPIRT_DAY), DAY(2023, 2, 28));
    assert_int_equal(kpirt_period_year_before(DAY(2024, 2, 28), KPIRT_DAY), DAY(2023, 2, 28));
    assert_int_equal(kpirt_period_year_before(DAY(2024, 3, 1), KPIRT_DAY), DAY(2023, 3, 1));
    assert_int_equal(kpirt_period_year_before(DAY(2025, 2, 28), KPIRT_DAY), DAY(2024, 2, 28));
    assert_int_equal(kpirt_period_year_before(MONTH(2024, 2), KPIRT_MONTH), MONTH(2023, 2));
    int32_t q = kpirt_period_of(DAY(2024, 5, 1), KPIRT_QUARTER);
    assert_int_equal(kpirt_period_year_before(q, KPIRT_QUARTER),
                     kpirt_period_of(DAY(2023, 5, 1), KPIRT_QUARTER));
    assert_int_equal(kpirt_period_year_before(2026, KPIRT_YEAR), 2025);
    /* 2026-W10 (Monday 2026-03-02) -> 2025-W10 (Monday 2025-03-03) */
    int32_t w = kpirt_period_of(DAY(2026, 3, 2), KPIRT_WEEK);
    assert_int_equal(kpirt_period_first_day(kpirt_period_year_before(w, KPIRT_WEEK), KPIRT_WEEK),
                     DAY(2025, 3, 3));
    /* 2020-W53 (Monday 2020-12-28) -> 2019-W52 (Monday 2019-12-23): 2019 has 52 weeks */
    w = kpirt_period_of(DAY(2020, 12, 28), KPIRT_WEEK);
    assert_int_equal(kpirt_period_first_day(kpirt_period_year_before(w, KPIRT_WEEK), KPIRT_WEEK),
                     DAY(2019, 12, 23));
    /* 2021-W01 (Monday 2021-01-04) -> 2020-W01 (Monday 2019-12-30) */
    w = kpirt_period_of(DAY(2021, 1, 4), KPIRT_WEEK);
    assert_int_equal(kpirt_period_first_day(kpirt_period_year_before(w, KPIRT_WEEK), KPIRT_WEEK),
                     DAY(2019, 12, 30));
    char label[KPIRT_LABEL_MAX];
    kpirt_period_label(kpirt_period_year_before(kpirt_period_of(DAY(2021, 1, 4), KPIRT_WEEK), KPIRT_WEEK),
                       KPIRT_WEEK, label);
    assert_string_equal(label, "2020-W01");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_year_ramp),
        cmocka_unit_test(test_last_year_projection_uses_the_deadline_period),
        cmocka_unit_test(test_last_year_missing),
        cmocka_unit_test(test_average_and_named_period),
        cmocka_unit_test(test_year_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
