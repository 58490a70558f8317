/*
** test_calendar.c: libkpirt's civil calendar (runtime/src/date.c), the one
** the compiler's lexer, checks and graphs call too.
** Leap years, month lengths, day numbers both ways (including before 1970
** and around leap days), and month steps that clamp to the month's length.
** Expected day numbers were counted independently: 2026-01-01 is
** 56 * 365 + 14 leap days = 20454 days after 1970-01-01.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "runtime/include/kpirt.h"

static void test_leap_years(void **state) {
    (void)state;
    assert_true(kpirt_is_leap_year(2028));
    assert_true(kpirt_is_leap_year(2000));
    assert_true(kpirt_is_leap_year(2400));
    assert_false(kpirt_is_leap_year(2026));
    assert_false(kpirt_is_leap_year(1900));
    assert_false(kpirt_is_leap_year(2100));
}

static void test_days_in_month(void **state) {
    (void)state;
    const int days_2026[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) assert_int_equal(kpirt_days_in_month(2026, m), days_2026[m - 1]);
    assert_int_equal(kpirt_days_in_month(2028, 2), 29);
    assert_int_equal(kpirt_days_in_month(2100, 2), 28);
    assert_int_equal(kpirt_days_in_month(2400, 2), 29);
    assert_int_equal(kpirt_days_in_month(2026, 13), 0);
    assert_int_equal(kpirt_days_in_month(2026, 0), 0);
}

static void expect_civil(int32_t day, int year, int month, int dom) {
    assert_int_equal(kpirt_day_from_ymd(year, month, dom), day);
    int y = 0, m = 0, d = 0;
    kpirt_ymd_from_day(day, &y, &m, &d);
    assert_int_equal(y, year);
    assert_int_equal(m, month);
    assert_int_equal(d, dom);
}

static void test_days_both_ways(void **state) {
    (void)state;
    expect_civil(0, 1970, 1, 1);
    expect_civil(-1, 1969, 12, 31);
    expect_civil(20454, 2026, 1, 1);
    expect_civil(11017, 2000, 3, 1);
    expect_civil(11016, 2000, 2, 29);
    expect_civil(21243, 2028, 2, 29);
    expect_civil(-719468, 0, 3, 1); /* the start of Hinnant's era 0 */
    /* Every day of 1999..2001 round-trips and follows the one before it. */
    int32_t first = kpirt_day_from_ymd(1999, 1, 1);
    for (int32_t day = first; day < first + 3 * 366; day++) {
        int y, m, d;
        kpirt_ymd_from_day(day, &y, &m, &d);
        assert_int_equal(kpirt_day_from_ymd(y, m, d), day);
        assert_in_range(d, 1, kpirt_days_in_month(y, m));
    }
}

static void test_add_months(void **state) {
    (void)state;
    int32_t out = 0;
    assert_int_equal(kpirt_add_months(kpirt_day_from_ymd(2026, 1, 31), 1, &out), 0);
    assert_int_equal(out, kpirt_day_from_ymd(2026, 2, 28));
    assert_int_equal(kpirt_add_months(kpirt_day_from_ymd(2027, 1, 31), 13, &out), 0);
    assert_int_equal(out, kpirt_day_from_ymd(2028, 2, 29));
    assert_int_equal(kpirt_add_months(20454, 18, &out), 0);
    assert_int_equal(out, kpirt_day_from_ymd(2027, 7, 1));
    assert_int_equal(kpirt_add_months(20454, -1, &out), 0);
    assert_int_equal(out, kpirt_day_from_ymd(2025, 12, 1));
    out = 7;
    assert_int_equal(kpirt_add_months(20454, 12 * 200000, &out), -1);
    assert_int_equal(kpirt_add_months(20454, -12 * 3000, &out), -1);
    assert_int_equal(out, 7);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_days_both_ways),
        cmocka_unit_test(test_add_months),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
