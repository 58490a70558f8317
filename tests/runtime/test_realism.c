/*
** test_realism.c: realism from history (runtime/src/realism.c), the one
** window rule the evaluator and kpic check share: the change a goal asks,
** the largest move the goal's way over every window of its length, the
** year-on-year and cumulative kinds, points, zero and negative values, gaps,
** too little history, and the words every report prints.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "runtime/include/kpirt.h"

#define MONTH(y, m) ((y)*12 + (m)-1)

/* Values by month from 2023-01; NAN: no value. */
typedef struct series {
    const double *v;
    int32_t count;
} series;

static int value_of(void *user, int32_t period, double *out) {
    const series *s = user;
    int32_t i = period - MONTH(2023, 1);
    if (i < 0 || i >= s->count || isnan(s->v[i])) return 0;
    *out = s->v[i];
    return 1;
}

static kpirt_realism judge(kpirt_realism_kind kind, bool points, double asked, uint32_t periods,
                           const double *v, int32_t count) {
    kpirt_realism_ask ask = {
        .kind = kind, .points = points, .asked = asked, .review = KPIRT_MONTH, .periods = periods};
    series s = {v, count};
    kpirt_realism r;
    kpirt_realism_judge(&ask, value_of, &s, MONTH(2023, 1), MONTH(2023, 1) + count - 1, &r);
    return r;
}

static void ask_of_amounts(void **state) {
    (void)state;
    kpirt_realism_ask a;
    kpirt_opt none = {0}, b = {.has = true, .v = 200}, t = {.has = true, .v = 250};
    assert_true(kpirt_realism_ask_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_RELATIVE, 0.65, false, none, none, &a));
    assert_false(a.points);
    assert_float_equal(a.asked, 0.65, 1e-12);
    /* lower's amount is a fall whatever its sign is written with */
    assert_true(kpirt_realism_ask_of(KPIRT_VERB_LOWER, KPIRT_AMOUNT_RELATIVE, 0.10, false, none, none, &a));
    assert_float_equal(a.asked, -0.10, 1e-12);
    assert_true(kpirt_realism_ask_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_POINTS, 0.005, true, none, none, &a));
    assert_true(a.points);
    assert_float_equal(a.asked, 0.005, 1e-12);
    /* an absolute target: relative to |baseline|, in points for a percent */
    assert_true(kpirt_realism_ask_of(KPIRT_VERB_REACH, KPIRT_AMOUNT_ABSOLUTE, 250, false, b, t, &a));
    assert_float_equal(a.asked, 0.25, 1e-12);
    kpirt_opt pb = {.has = true, .v = 0.02}, pt = {.has = true, .v = 0.03};
    assert_true(kpirt_realism_ask_of(KPIRT_VERB_REACH, KPIRT_AMOUNT_ABSOLUTE, 0.03, true, pb, pt, &a));
    assert_true(a.points);
    assert_float_equal(a.asked, 0.01, 1e-12);
    /* a negative baseline: the change is on its magnitude, as the target rule applies it */
    kpirt_opt nb = {.has = true, .v = -1000}, nt = {.has = true, .v = -800};
    assert_true(kpirt_realism_ask_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_ABSOLUTE, -800, false, nb, nt, &a));
    assert_float_equal(a.asked, 0.2, 1e-12);
    /* no change planned: keep, no amount, unknown baseline, zero baseline, a target behind the verb */
    assert_false(kpirt_realism_ask_of(KPIRT_VERB_KEEP, KPIRT_AMOUNT_NONE, 0, false, b, t, &a));
    assert_false(kpirt_realism_ask_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_NONE, 0, false, b, none, &a));
    assert_false(kpirt_realism_ask_of(KPIRT_VERB_REACH, KPIRT_AMOUNT_ABSOLUTE, 250, false, none, t, &a));
    kpirt_opt zero = {.has = true, .v = 0};
    assert_false(kpirt_realism_ask_of(KPIRT_VERB_REACH, KPIRT_AMOUNT_ABSOLUTE, 250, false, zero, t, &a));
    assert_false(kpirt_realism_ask_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_ABSOLUTE, 200, false, t, b, &a));
    assert_false(kpirt_realism_ask_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_RELATIVE, 0, false, none, none, &a));
}

static void span_largest_rise(void **state) {
    (void)state;
    /* over 2 months: 100->90 -10%, 110->120 +9.1%, 90->130 +44.4%, 120->99 -17.5% */
    const double v[] = {100, 110, 90, 120, 130, 99};
    kpirt_realism r = judge(KPIRT_REALISM_SPAN, false, 0.65, 2, v, 6);
    assert_int_equal(r.verdict, KPIRT_REALISM_BEYOND);
    assert_int_equal(r.windows, 4);
    assert_float_equal(r.largest, 40.0 / 90.0, 1e-12);
    assert_int_equal(r.from_first, MONTH(2023, 3));
    assert_int_equal(r.to_first, MONTH(2023, 5));
    /* an ask the data has done is within, and one exactly as large too */
    r = judge(KPIRT_REALISM_SPAN, false, 0.40, 2, v, 6);
    assert_int_equal(r.verdict, KPIRT_REALISM_WITHIN);
    r = judge(KPIRT_REALISM_SPAN, false, 40.0 / 90.0, 2, v, 6);
    assert_int_equal(r.verdict, KPIRT_REALISM_WITHIN);
    char words[200];
    r = judge(KPIRT_REALISM_SPAN, false, 0.65, 2, v, 6);
    kpirt_realism_words(&r, "visitors", words, sizeof words);
    assert_string_equal(words, "asks +65.0% visitors in 2 months; the largest rise over any 2 months in the "
                               "data is +44.4% (2023-03 to 2023-05)");
}

static void lower_goal_looks_for_falls(void **state) {
    (void)state;
    const double v[] = {100, 80, 120, 60, 90};
    /* falls over 1 month: -20%, -50% (120 -> 60) */
    kpirt_realism r = judge(KPIRT_REALISM_SPAN, false, -0.30, 1, v, 5);
    assert_int_equal(r.verdict, KPIRT_REALISM_WITHIN);
    assert_float_equal(r.largest, -0.5, 1e-12);
    assert_int_equal(r.from_first, MONTH(2023, 3));
    r = judge(KPIRT_REALISM_SPAN, false, -0.60, 1, v, 5);
    assert_int_equal(r.verdict, KPIRT_REALISM_BEYOND);
    /* a metric that never fell: the best is a rise, and the words say so */
    const double up[] = {100, 110, 121};
    r = judge(KPIRT_REALISM_SPAN, false, -0.10, 1, up, 3);
    assert_int_equal(r.verdict, KPIRT_REALISM_BEYOND);
    assert_float_equal(r.largest, 0.1, 1e-12);
    char words[200];
    kpirt_realism_words(&r, "costs", words, sizeof words);
    assert_string_equal(words, "asks -10.0% costs in 1 month; the data never shows a fall over any 1 month "
                               "(at best +10.0%, 2023-01 to 2023-02)");
}

static void zero_negative_and_gaps(void **state) {
    (void)state;
    /* a window from 0 has no relative size; from -100 to -50 is +50% of its magnitude */
    const double v[] = {0, 100, -100, -50, NAN, 10};
    kpirt_realism r = judge(KPIRT_REALISM_SPAN, false, 0.2, 1, v, 6);
    assert_int_equal(r.windows, 2); /* 100 -> -100, -100 -> -50; none from 0, none across the gap */
    assert_float_equal(r.largest, 0.5, 1e-12);
    assert_int_equal(r.from_first, MONTH(2023, 3));
    /* in points a window from 0 counts */
    r = judge(KPIRT_REALISM_SPAN, true, 0.2, 1, v, 6);
    assert_int_equal(r.windows, 3);
    assert_float_equal(r.largest, 100, 1e-12);
}

static void too_little_history(void **state) {
    (void)state;
    const double v[] = {100, 110, 120};
    kpirt_realism r = judge(KPIRT_REALISM_SPAN, false, 0.65, 3, v, 3);
    assert_int_equal(r.verdict, KPIRT_REALISM_NO_HISTORY);
    assert_int_equal(r.windows, 0);
    assert_false(r.has_largest);
    char words[200];
    kpirt_realism_words(&r, "visitors", words, sizeof words);
    assert_string_equal(words, "asks +65.0% visitors in 3 months; the data (2023-01 to 2023-03) is too short "
                               "to compare it with");
    /* two periods apart, one window */
    r = judge(KPIRT_REALISM_SPAN, false, 0.65, 2, v, 3);
    assert_int_equal(r.windows, 1);
    assert_int_equal(r.verdict, KPIRT_REALISM_BEYOND);
}

static void last_year_compares_the_same_month(void **state) {
    (void)state;
    /* two years: each month of 2024 on the same month of 2023; December doubles in both */
    double v[24];
    for (int i = 0; i < 24; i++) v[i] = (i % 12 == 11 ? 200 : 100) * (i >= 12 ? 1.05 : 1);
    v[12 + 4] = 130; /* 2024-05: +30% on 2023-05 */
    kpirt_realism r = judge(KPIRT_REALISM_LAST_YEAR, false, 0.2, 12, v, 24);
    assert_int_equal(r.windows, 12);
    assert_float_equal(r.largest, 0.3, 1e-12);
    assert_int_equal(r.from_first, MONTH(2023, 5));
    assert_int_equal(r.to_first, MONTH(2024, 5));
    assert_int_equal(r.verdict, KPIRT_REALISM_WITHIN);
    char words[220];
    kpirt_realism_words(&r, "sales", words, sizeof words);
    assert_string_equal(words,
                        "asks +20.0% sales on the same month a year earlier; the largest rise of a month on "
                        "the year before in the data is +30.0% (2024-05 on 2023-05)");
}

static void cumulative_compares_totals(void **state) {
    (void)state;
    /* 3-month totals on the same 3 months a year earlier, over 2 years and 3 months */
    double v[27];
    for (int i = 0; i < 27; i++) v[i] = i < 12 ? 100 : 110;
    v[25] = 140; /* 2025-02 */
    kpirt_realism r = judge(KPIRT_REALISM_CUMULATIVE, false, 0.1, 3, v, 27);
    /* totals end 2024-01 (needs 2022-11: absent) ... the first pair ends 2024-03 */
    assert_int_equal(r.windows, 13);
    /* 2024-12..2025-02 (110 + 110 + 140) on 2023-12..2024-02 (100 + 110 + 110): +12.5% */
    assert_float_equal(r.largest, 0.125, 1e-12);
    assert_int_equal(r.from_first, MONTH(2023, 12));
    assert_int_equal(r.from_last, MONTH(2024, 2));
    assert_int_equal(r.to_first, MONTH(2024, 12));
    assert_int_equal(r.to_last, MONTH(2025, 2));
    assert_int_equal(r.verdict, KPIRT_REALISM_WITHIN);
    char words[220];
    kpirt_realism_words(&r, "sales", words, sizeof words);
    assert_string_equal(words,
                        "asks +10.0% sales over 3 months on the same months a year earlier; the largest "
                        "rise of a 3-month total on the year before in the data is +12.5% (2024-12 to "
                        "2025-02 on 2023-12 to 2024-02)");
}

static void history_is_whole_periods(void **state) {
    (void)state;
    int32_t first, last;
    /* data from 2023-01-03 to 2024-12-30: January 2023 and December 2024 are only partly there */
    kpirt_realism_history(kpirt_day_from_ymd(2023, 1, 3), kpirt_day_from_ymd(2024, 12, 30), KPIRT_NO_DAY,
                          KPIRT_MONTH, &first, &last);
    assert_int_equal(first, MONTH(2023, 2));
    assert_int_equal(last, MONTH(2024, 11));
    /* the as-of date ends it too */
    kpirt_realism_history(kpirt_day_from_ymd(2023, 1, 1), kpirt_day_from_ymd(2024, 12, 31),
                          kpirt_day_from_ymd(2024, 6, 15), KPIRT_MONTH, &first, &last);
    assert_int_equal(first, MONTH(2023, 1));
    assert_int_equal(last, MONTH(2024, 5));
    kpirt_realism_history(KPIRT_NO_DAY, KPIRT_NO_DAY, KPIRT_NO_DAY, KPIRT_MONTH, &first, &last);
    assert_true(last < first);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ask_of_amounts),
        cmocka_unit_test(span_largest_rise),
        cmocka_unit_test(lower_goal_looks_for_falls),
        cmocka_unit_test(zero_negative_and_gaps),
        cmocka_unit_test(too_little_history),
        cmocka_unit_test(last_year_compares_the_same_month),
        cmocka_unit_test(cumulative_compares_totals),
        cmocka_unit_test(history_is_whole_periods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
