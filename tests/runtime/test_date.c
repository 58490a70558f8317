/*
** test_date.c: the calendar of libkpirt: days from and to dates across leap
** years, ISO weeks at year boundaries, period indexes, labels, first and
** last days, the last complete period, and date parsing in declared formats.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "runtime/include/kpirt.h"

#define DAY(y, m, d) kpirt_day_from_ymd((y), (m), (d))

static void test_epoch_and_round_trip(void **state) {
    (void)state;
    assert_int_equal(DAY(1970, 1, 1), 0);
    assert_int_equal(DAY(1970, 1, 2), 1);
    assert_int_equal(DAY(1969, 12, 31), -1);
    assert_int_equal(DAY(2000, 3, 1) - DAY(2000, 2, 28), 2); /* 2000 is a leap year */
    assert_int_equal(DAY(1900, 3, 1) - DAY(1900, 2, 28), 1); /* 1900 is not */
    assert_int_equal(DAY(2024, 3, 1) - DAY(2024, 2, 28), 2);
    assert_int_equal(DAY(2026, 1, 1) - DAY(2025, 1, 1), 365);
    assert_int_equal(DAY(2025, 1, 1) - DAY(2024, 1, 1), 366);
    for (kpirt_day d = DAY(1899, 1, 1); d < DAY(2101, 1, 1); d++) {
        int y, m, dd;
        kpirt_ymd_from_day(d, &y, &m, &dd);
        assert_int_equal(DAY(y, m, dd), d);
    }
}

static void test_weekday(void **state) {
    (void)state;
    assert_int_equal(kpirt_weekday(DAY(1970, 1, 1)), 3);   /* Thursday */
    assert_int_equal(kpirt_weekday(DAY(2026, 11, 30)), 0); /* Monday */
    assert_int_equal(kpirt_weekday(DAY(1969, 12, 28)), 6); /* Sunday */
}

static void check_iso(int y, int m, int d, int want_year, int want_week) {
    int wy, w;
    kpirt_iso_week(DAY(y, m, d), &wy, &w);
    assert_int_equal(wy, want_year);
    assert_int_equal(w, want_week);
}

static void test_iso_weeks(void **state) {
    (void)state;
    check_iso(2020, 12, 31, 2020, 53);
    check_iso(2021, 1, 3, 2020, 53);
    check_iso(2021, 1, 4, 2021, 1);
    check_iso(2019, 12, 30, 2020, 1); /* Monday of the week with 2020's first Thursday */
    check_iso(2026, 1, 1, 2026, 1);   /* a Thursday */
    check_iso(2027, 1, 1, 2026, 53);  /* a Friday */
    check_iso(2016, 2, 29, 2016, 9);
    char label[KPIRT_LABEL_MAX];
    kpirt_period_label(kpirt_period_of(DAY(2021, 1, 3), KPIRT_WEEK), KPIRT_WEEK, label);
    assert_string_equal(label, "2020-W53");
    kpirt_period_label(kpirt_period_of(DAY(2021, 1, 4), KPIRT_WEEK), KPIRT_WEEK, label);
    assert_string_equal(label, "2021-W01");
    /* 2021-01-03 (Sunday) and 2021-01-04 (Monday) are consecutive weeks. */
    assert_int_equal(kpirt_period_of(DAY(2021, 1, 4), KPIRT_WEEK),
                     kpirt_period_of(DAY(2021, 1, 3), KPIRT_WEEK) + 1);
    assert_int_equal(kpirt_period_of(DAY(2020, 12, 28), KPIRT_WEEK),
                     kpirt_period_of(DAY(2021, 1, 3), KPIRT_WEEK));
}

static void test_periods(void **state) {
    (void)state;
    char label[KPIRT_LABEL_MAX];
    int32_t feb = kpirt_period_of(DAY(2024, 2, 10), KPIRT_MONTH);
    assert_int_equal(kpirt_period_first_day(feb, KPIRT_MONTH), DAY(2024, 2, 1));
    assert_int_equal(kpirt_period_last_day(feb, KPIRT_MONTH), DAY(2024, 2, 29));
    assert_int_equal(kpirt_period_last_day(feb + 12, KPIRT_MONTH), DAY(2025, 2, 28));
    kpirt_period_label(feb, KPIRT_MONTH, label);
    assert_string_equal(label, "2024-02");
    /* December to January is one step. */
    assert_int_equal(kpirt_period_of(DAY(2026, 1, 1), KPIRT_MONTH),
                     kpirt_period_of(DAY(2025, 12, 31), KPIRT_MONTH) + 1);

    int32_t q = kpirt_period_of(DAY(2026, 8, 15), KPIRT_QUARTER);
    kpirt_period_label(q, KPIRT_QUARTER, label);
    assert_string_equal(label, "2026-Q3");
    assert_int_equal(kpirt_period_first_day(q, KPIRT_QUARTER), DAY(2026, 7, 1));
    assert_int_equal(kpirt_period_last_day(q, KPIRT_QUARTER), DAY(2026, 9, 30));

    int32_t y = kpirt_period_of(DAY(2024, 6, 1), KPIRT_YEAR);
    kpirt_period_label(y, KPIRT_YEAR, label);
    assert_string_equal(label, "2024");
    assert_int_equal(kpirt_period_last_day(y, KPIRT_YEAR) - kpirt_period_first_day(y, KPIRT_YEAR), 365);

    int32_t w = kpirt_period_of(DAY(2026, 11, 27), KPIRT_WEEK); /* a Friday */
    assert_int_equal(kpirt_period_first_day(w, KPIRT_WEEK), DAY(2026, 11, 23));
    assert_int_equal(kpirt_period_last_day(w, KPIRT_WEEK), DAY(2026, 11, 29));
    /* weeks before 1970 */
    w = kpirt_period_of(DAY(1969, 12, 28), KPIRT_WEEK);
    assert_int_equal(kpirt_period_first_day(w, KPIRT_WEEK), DAY(1969, 12, 22));

    kpirt_period_label(DAY(2026, 3, 9), KPIRT_DAY, label);
    assert_string_equal(label, "2026-03-09");
}

static void test_last_complete_period(void **state) {
    (void)state;
    char label[KPIRT_LABEL_MAX];
    kpirt_period_label(kpirt_last_complete_period(DAY(2026, 3, 31), KPIRT_MONTH), KPIRT_MONTH, label);
    assert_string_equal(label, "2026-03"); /* its last day is the as-of date */
    kpirt_period_label(kpirt_last_complete_period(DAY(2026, 3, 30), KPIRT_MONTH), KPIRT_MONTH, label);
    assert_string_equal(label, "2026-02");
    kpirt_period_label(kpirt_last_complete_period(DAY(2026, 1, 15), KPIRT_MONTH), KPIRT_MONTH, label);
    assert_string_equal(label, "2025-12");
    kpirt_period_label(kpirt_last_complete_period(DAY(2026, 6, 30), KPIRT_QUARTER), KPIRT_QUARTER, label);
    assert_string_equal(label, "2026-Q2");
    kpirt_period_label(kpirt_last_complete_period(DAY(2026, 12, 30), KPIRT_YEAR), KPIRT_YEAR, label);
    assert_string_equal(label, "2025");
    kpirt_period_label(kpirt_last_complete_period(DAY(2021, 1, 3), KPIRT_WEEK), KPIRT_WEEK, label);
    assert_string_equal(label, "2020-W53"); /* Sunday completes the week */
    kpirt_period_label(kpirt_last_complete_period(DAY(2021, 1, 4), KPIRT_WEEK), KPIRT_WEEK, label);
    assert_string_equal(label, "2020-W53");
    assert_int_equal(kpirt_last_complete_period(DAY(2026, 5, 5), KPIRT_DAY), DAY(2026, 5, 5));
}

static void check_date(const char *text, const char *format, int y, int m, int d) {
    kpirt_day day;
    const char *why = NULL;
    int rc = kpirt_parse_date(text, strlen(text), format, &day, &why);
    if (rc != 0) fail_msg("%s (%s): %s", text, format ? format : "ISO", why);
    assert_int_equal(day, DAY(y, m, d));
}

static void check_bad_date(const char *text, const char *format) {
    kpirt_day day;
    const char *why = NULL;
    assert_int_equal(kpirt_parse_date(text, strlen(text), format, &day, &why), -1);
    assert_non_null(why);
}

static void test_parse_dates(void **state) {
    (void)state;
    check_date("2026-01-05", NULL, 2026, 1, 5);
    check_date(" 2026-01-05 ", "YYYY-MM-DD", 2026, 1, 5);
    check_date("2026-01-05T10:30:00Z", NULL, 2026, 1, 5);
    check_date("2026-01-05 10:30", NULL, 2026, 1, 5);
    check_date("11/8/2018", "M/D/YYYY", 2018, 11, 8);
    check_date("1/31/2019", "M/D/YYYY", 2019, 1, 31);
    check_date("31-1-2019", "D-M-YYYY", 2019, 1, 31);
    check_date("05.03.2026", "DD.MM.YYYY", 2026, 3, 5);
    check_date("2026/03/05", "YYYY/MM/DD", 2026, 3, 5);
    check_date("05-Jan-2026", "DD-MMM-YYYY", 2026, 1, 5);
    check_date("Dec 31 2026", "MMM D YYYY", 2026, 12, 31);
    check_date("5 SEP 26", "D MMM YY", 2026, 9, 5);
    check_bad_date("05-Jun.-2026", "DD-MMM-YYYY");
    check_bad_date("05-Juni-2026", "DD-MMM-YYYY");
    check_date("2024-02-29", NULL, 2024, 2, 29);
    check_date("2000-02-29", NULL, 2000, 2, 29);
    check_bad_date("1900-02-29", NULL);
    check_bad_date("2023-02-29", NULL);
    check_bad_date("2026-13-01", NULL);
    check_bad_date("2026-04-31", NULL);
    check_bad_date("2026-1-5x", "YYYY-M-D");
    check_bad_date("11/8/2018", NULL);
    check_bad_date("2018-11-08", "M/D/YYYY");
    check_bad_date("", NULL);
    check_bad_date("18-11-08", NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_epoch_and_round_trip),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_iso_weeks),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_last_complete_period),
        cmocka_unit_test(test_parse_dates),
    };
    return cmocka_run_group_tests_name("runtime dates", tests, NULL, NULL);
}
