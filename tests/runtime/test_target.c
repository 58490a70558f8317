/*
** test_target.c: the goal target rule (kpirt_goal_target), which kpic's
** checks, the compiled target functions and the status rules share: the
** change applies to the baseline's magnitude in the goal's direction, a
** relative change of 0 has no target, and over every sign of baseline,
** direction and amount kind, progress and status never contradict.
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

static double target_of(kpirt_verb verb, kpirt_amount_kind kind, double amount, double baseline) {
    double t;
    assert_int_equal(kpirt_goal_target(verb, kind, amount, baseline, &t), KPIRT_TARGET_SET);
    return t;
}

typedef struct flat_value {
    double v;
} flat_value;

static int flat(void *user, int32_t period, double *out) {
    (void)period;
    *out = ((const flat_value *)user)->v;
    return 1;
}

static kpirt_goal_report evaluate(const kpirt_goal_desc *g, kpirt_day as_of, double current) {
    flat_value fv = {current};
    kpirt_goal_report r;
    memset(&r, 0, sizeof r);
    kpirt_evaluate_goal(g, as_of, flat, &fv, &r);
    free(r.series);
    r.series = NULL;
    return r;
}

static void test_magnitude_in_the_goals_direction(void **state) {
    (void)state;
    /* raise profit 20% from -1000 aims at -800 (a fifth of the loss less), not -1200 */
    assert_true(target_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_RELATIVE, 0.20, -1000) == -800);
    assert_true(target_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_RELATIVE, 0.20, 1000) == 1200);
    /* lower takes the amount's size, written with or without its sign */
    assert_true(target_of(KPIRT_VERB_LOWER, KPIRT_AMOUNT_RELATIVE, -0.10, 1000) == 900);
    assert_true(target_of(KPIRT_VERB_LOWER, KPIRT_AMOUNT_RELATIVE, 0.10, 1000) == 900);
    assert_true(target_of(KPIRT_VERB_LOWER, KPIRT_AMOUNT_RELATIVE, -0.10, -1000) == -1100);
    /* reach takes the sign as written */
    assert_true(target_of(KPIRT_VERB_REACH, KPIRT_AMOUNT_RELATIVE, 0.25, -200) == -150);
    assert_true(target_of(KPIRT_VERB_REACH, KPIRT_AMOUNT_RELATIVE, -0.25, -200) == -250);
    /* points add, absolute targets are the amount */
    assert_true(target_of(KPIRT_VERB_LOWER, KPIRT_AMOUNT_POINTS, 0.5, -2) == -2.5);
    assert_true(target_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_ABSOLUTE, 7, -2) == 7);
    assert_true(kpirt_goal_change(KPIRT_VERB_RAISE, -0.2) == 0.2);
    assert_true(kpirt_goal_change(KPIRT_VERB_REACH, -0.2) == -0.2);
    assert_true(isnan(kpirt_goal_target_value(KPIRT_VERB_KEEP, KPIRT_AMOUNT_NONE, 0, 5)));
}

static void test_zero_baseline_has_no_target(void **state) {
    (void)state;
    double t;
    assert_int_equal(kpirt_goal_target(KPIRT_VERB_RAISE, KPIRT_AMOUNT_RELATIVE, 0.2, 0, &t),
                     KPIRT_TARGET_ZERO_BASELINE);
    assert_true(isnan(t));
    assert_true(isnan(kpirt_goal_target_value(KPIRT_VERB_RAISE, KPIRT_AMOUNT_RELATIVE, 0.2, 0)));
    /* points and absolute targets are defined from 0 */
    assert_true(target_of(KPIRT_VERB_RAISE, KPIRT_AMOUNT_POINTS, 0.01, 0) == 0.01);

    /* measured at run time: no_data with the reason, never `achieved` at 0 */
    kpirt_goal_desc g = {.name = "g",
                         .parent = -1,
                         .verb = KPIRT_VERB_RAISE,
                         .amount_kind = KPIRT_AMOUNT_RELATIVE,
                         .amount = 0.2,
                         .review = KPIRT_MONTH,
                         .start = DAY(2026, 1, 1),
                         .deadline = DAY(2026, 6, 30),
                         .has_baseline = 1,
                         .baseline = 0,
                         .tolerance = 0.1};
    kpirt_goal_report r = evaluate(&g, DAY(2026, 8, 1), 0);
    assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
    assert_false(r.target.has);
    assert_string_equal(r.reason, "the baseline is 0: a relative change of 0 has no target");
}

/* ---- the property: progress and status agree ------------------------------------- */

static void test_progress_and_status_never_contradict(void **state) {
    (void)state;
    static const double baselines[] = {-1000, -3, -0.5, 0, 0.25, 7, 1000};
    static const kpirt_verb verbs[] = {KPIRT_VERB_RAISE, KPIRT_VERB_LOWER, KPIRT_VERB_REACH};
    static const kpirt_amount_kind kinds[] = {KPIRT_AMOUNT_RELATIVE, KPIRT_AMOUNT_POINTS,
                                              KPIRT_AMOUNT_ABSOLUTE};
    static const double amounts[] = {-1.5, -0.2, 0.01, 0.2, 2};
    /* 12 monthly periods; 3 elapsed in April, all after the deadline */
    const kpirt_day start = DAY(2026, 1, 1), deadline = DAY(2026, 12, 31);
    const kpirt_day as_ofs[] = {DAY(2026, 3, 31), DAY(2027, 1, 15)};
    unsigned checked = 0;
    for (size_t bi = 0; bi < sizeof baselines / sizeof *baselines; bi++)
        for (size_t vi = 0; vi < sizeof verbs / sizeof *verbs; vi++)
            for (size_t ki = 0; ki < sizeof kinds / sizeof *kinds; ki++)
                for (size_t ai = 0; ai < sizeof amounts / sizeof *amounts; ai++)
                    for (size_t oi = 0; oi < 2; oi++) {
                        kpirt_goal_desc g = {.name = "g",
                                             .parent = -1,
                                             .verb = verbs[vi],
                                             .amount_kind = kinds[ki],
                                             .amount = amounts[ai],
                                             .review = KPIRT_MONTH,
                                             .start = start,
                                             .deadline = deadline,
                                             .has_baseline = 1,
                                             .baseline = baselines[bi],
                                             .tolerance = 0.1};
                        double b = baselines[bi], t;
                        kpirt_target_outcome o = kpirt_goal_target(g.verb, g.amount_kind, g.amount, b, &t);
                        for (int k = -8; k <= 16; k++) {
                            double step = o == KPIRT_TARGET_SET && t != b ? (t - b) / 8 : 0.125;
                            double c = b + k * step;
                            kpirt_goal_report r = evaluate(&g, as_ofs[oi], c);
                            checked++;
                            if (o == KPIRT_TARGET_ZERO_BASELINE) {
                                assert_int_equal(r.status, KPIRT_STATUS_NO_DATA);
                                assert_false(r.target.has);
                                assert_false(r.progress.has);
                                assert_non_null(strstr(r.reason, "baseline is 0"));
                                continue;
                            }
                            assert_true(r.target.has);
                            /* the direction the goal asks for */
                            double d = g.verb == KPIRT_VERB_RAISE   ? 1
                                       : g.verb == KPIRT_VERB_LOWER ? -1
                                                                    : (t < b ? -1 : 1);
                            if (g.amount_kind != KPIRT_AMOUNT_ABSOLUTE)
                                assert_true(d * (t - b) >=
                                            0); /* a relative or points target never lies behind */
                            bool good =
                                r.status == KPIRT_STATUS_ACHIEVED || r.status == KPIRT_STATUS_ON_TRACK;
                            bool bad = r.status == KPIRT_STATUS_MISSED ||
                                       r.status == KPIRT_STATUS_OFF_TRACK || r.status == KPIRT_STATUS_AT_RISK;
                            assert_true(good || bad);
                            if (!r.progress.has) {
                                /* no planned change: judged against the target itself */
                                /* (values computed apart, like c here, compare within 1e-9 of their size) */
                                double slack = 1e-9 * fmax(1, fmax(fabs(c), fabs(t)));
                                if (d * c > d * t + slack) assert_true(good);
                                if (d * c < d * t - slack) assert_false(good);
                                continue;
                            }
                            double p = r.progress.v;
                            double share = oi == 0 ? 3.0 / 12 : 1;
                            /* good exactly when progress reached the share of the time gone (within rounding) */
                            if (good) assert_true(p >= share - 1e-9);
                            if (bad) assert_true(p < share + 1e-9);
                            /* moving the wrong way is never good */
                            if (d * (c - b) < 0) assert_false(good);
                        }
                    }
    assert_true(checked > 10000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_magnitude_in_the_goals_direction),
        cmocka_unit_test(test_zero_baseline_has_no_target),
        cmocka_unit_test(test_progress_and_status_never_contradict),
    };
    return cmocka_run_group_tests_name("goal target rule", tests, NULL, NULL);
}
