/*
** test_decimal.c: exact decimal parsing in every dialect (decimal point or
** comma, thousands separators), rounding half to even beyond four
** decimals, overflow as an error, and fixed-point printing.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "runtime/include/kpirt.h"

static int64_t parse(const char *s, char mark, char sep) {
    int64_t v = 0;
    const char *why = NULL;
    int rc = kpirt_parse_decimal(s, strlen(s), mark, sep, &v, &why);
    if (rc != 0) fail_msg("\"%s\": rc %d (%s)", s, rc, why ? why : "");
    return v;
}

static void bad(const char *s, char mark, char sep) {
    int64_t v = 0;
    const char *why = NULL;
    assert_int_equal(kpirt_parse_decimal(s, strlen(s), mark, sep, &v, &why), -1);
    assert_non_null(why);
}

static void test_plain(void **state) {
    (void)state;
    assert_int_equal(parse("0", '.', 0), 0);
    assert_int_equal(parse("261.96", '.', 0), 2619600);
    assert_int_equal(parse("41.9136", '.', 0), 419136);
    assert_int_equal(parse("-383.031", '.', 0), -3830310);
    assert_int_equal(parse("+5", '.', 0), 50000);
    assert_int_equal(parse(".5", '.', 0), 5000);
    assert_int_equal(parse("5.", '.', 0), 50000);
    assert_int_equal(parse("  12.5\t", '.', 0), 125000);
    assert_int_equal(parse("12.5%", '.', 0), 1250); /* percent as a fraction */
    assert_int_equal(parse("3.125%", '.', 0), 312); /* 0.03125 -> half to even: 0.0312 */
}

static void test_dialects(void **state) {
    (void)state;
    assert_int_equal(parse("1.234,56", ',', '.'), 12345600);
    assert_int_equal(parse("1.234.567,5", ',', '.'), 12345675000);
    assert_int_equal(parse("0,25", ',', 0), 2500);
    assert_int_equal(parse("1,234.56", '.', ','), 12345600);
    assert_int_equal(parse("1 234,56", ',', ' '), 12345600);
    assert_int_equal(parse("1'234.5", '.', '\''), 12345000);
    assert_int_equal(parse("1\xC2\xA0"
                           "234,5",
                           ',', ' '),
                     12345000); /* no-break space */
    assert_int_equal(parse("12\xE2\x80\xAF"
                           "345\xE2\x80\xAF"
                           "678",
                           ',', ' '),
                     123456780000);
    bad("1\xC2\xA0"
        "234,5",
        ',', '.');
    assert_int_equal(parse("1234.5", '.', ','), 12345000); /* separators are optional */
    bad("1,5", '.', ','); /* a group of one digit: a decimal comma in the wrong dialect */
    bad("12,34,567", '.', ',');
    bad("1234,567", '.', ','); /* a first group longer than three */
    bad("1.234,56", '.', 0);
    bad("1,5", '.', 0);
}

static void test_rounding_half_even(void **state) {
    (void)state;
    assert_int_equal(parse("0.00005", '.', 0), 0);  /* tie, 0 is even */
    assert_int_equal(parse("0.00015", '.', 0), 2);  /* tie, 1 is odd: up */
    assert_int_equal(parse("0.00025", '.', 0), 2);  /* tie, 2 is even */
    assert_int_equal(parse("0.000251", '.', 0), 3); /* above the tie */
    assert_int_equal(parse("0.000249", '.', 0), 2);
    assert_int_equal(parse("-0.00015", '.', 0), -2);
    assert_int_equal(parse("1.99995", '.', 0), 20000); /* carries into the units */
}

static void test_errors_and_limits(void **state) {
    (void)state;
    int64_t v;
    const char *why;
    assert_int_equal(kpirt_parse_decimal("   ", 3, '.', 0, &v, &why), 1); /* blank: no observation */
    assert_int_equal(kpirt_parse_decimal("", 0, '.', 0, &v, &why), 1);
    bad("abc", '.', 0);
    bad("12a", '.', 0);
    bad("1e5", '.', 0);
    bad("-", '.', 0);
    bad(".", '.', 0);
    bad("1.2.3", '.', 0);
    bad("--1", '.', 0);
    /* int64 holds 922337203685477.5807 at 4 decimals */
    assert_int_equal(parse("922337203685477.5807", '.', 0), INT64_MAX);
    assert_true(parse("-922337203685477.5808", '.', 0) == INT64_MIN);
    bad("922337203685477.5808", '.', 0);
    bad("99999999999999999999", '.', 0);
    bad("1000000000000000", '.', 0);
}

static void test_parse_number(void **state) {
    (void)state;
    double d;
    const char *why;
    assert_int_equal(kpirt_parse_number("1.234,5", 7, ',', '.', &d, &why), 0);
    assert_true(d == 1234.5);
    assert_int_equal(kpirt_parse_number("0.000001", 8, '.', 0, &d, &why), 0);
    assert_true(d == 0.000001);
    assert_int_equal(kpirt_parse_number("40%", 3, '.', 0, &d, &why), 0);
    assert_true(d == 0.4);
    assert_int_equal(kpirt_parse_number("x", 1, '.', 0, &d, &why), -1);
}

static void check_fixed(double v, int decimals, const char *want) {
    char buf[64];
    kpirt_format_fixed(v, decimals, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_format_fixed(void **state) {
    (void)state;
    check_fixed(1234.5, 2, "1234.50");
    check_fixed(0.125, 2, "0.13"); /* half away from zero on the exact value */
    check_fixed(-0.125, 2, "-0.13");
    check_fixed(-0.001, 2, "0.00"); /* no negative zero */
    check_fixed(2297200.8603, 4, "2297200.8603");
    check_fixed(2297200.8603, 2, "2297200.86");
    check_fixed(0.1 + 0.2, 2, "0.30");
    check_fixed(1.0 / 3.0, 6, "0.333333");
    check_fixed(42, 0, "42");
    char buf[16];
    kpirt_format_fixed(0.0 / 0.0, 2, buf, sizeof buf);
    assert_string_equal(buf, "null");
    kpirt_format_value(1200, KPIRT_UNIT_MONEY, buf, sizeof buf);
    assert_string_equal(buf, "1200.00");
    kpirt_format_value(0.031, KPIRT_UNIT_PERCENT, buf, sizeof buf);
    assert_string_equal(buf, "0.031");
    kpirt_format_value(1650, KPIRT_UNIT_COUNT, buf, sizeof buf);
    assert_string_equal(buf, "1650");
}

static void check_scaled(int64_t scaled, int decimals, const char *want) {
    char buf[64];
    kpirt_format_scaled(scaled, decimals, buf, sizeof buf);
    assert_string_equal(buf, want);
}

/* Every value of the fixed-point range prints from its decimal, with no double involved. */
static void test_format_scaled(void **state) {
    (void)state;
    check_scaled(1234567890123456700, 2, "123456789012345.67"); /* a double would print .68 */
    check_scaled(-1234567890123456700, 2, "-123456789012345.67");
    check_scaled(INT64_MAX, 4, "922337203685477.5807");
    check_scaled(INT64_MIN, 4, "-922337203685477.5808");
    check_scaled(INT64_MIN, 2, "-922337203685477.58");
    check_scaled(12345, 3, "1.235"); /* half away from zero */
    check_scaled(-12345, 3, "-1.235");
    check_scaled(-49, 2, "0.00"); /* no negative zero */
    check_scaled(12345, 6, "1.234500");
    check_scaled(99995, 0, "10");
    char buf[64];
    kpirt_opt v = {.has = true, .v = 123456789012345.67, .exact = true, .scaled = 1234567890123456700};
    kpirt_format_opt(v, KPIRT_UNIT_MONEY, buf, sizeof buf);
    assert_string_equal(buf, "123456789012345.67");
    v.has = false;
    kpirt_format_opt(v, KPIRT_UNIT_MONEY, buf, sizeof buf);
    assert_string_equal(buf, "null");
    int64_t n;
    assert_int_equal(kpirt_scaled_from_double(123456789012345.0, 4, &n), 0);
    assert_true(n == 1234567890123450000); /* the integral part is not multiplied */
    assert_int_equal(kpirt_scaled_from_double(0.1 + 0.2, 4, &n), 0);
    assert_true(n == 3000);
    /* a spec's 885557234973.82 is 885557234973.81994... in binary: the decimal it was written as counts */
    assert_int_equal(kpirt_scaled_from_double(885557234973.82, 4, &n), 0);
    assert_true(n == 8855572349738200);
    assert_int_equal(kpirt_scaled_from_double(-885557234973.82, 2, &n), 0);
    assert_true(n == -88555723497382);
    assert_int_equal(kpirt_scaled_from_double(567816759511.43, 4, &n), 0); /* binary .43005... */
    assert_true(n == 5678167595114300);
    assert_int_equal(kpirt_scaled_from_double(2.5, 0, &n), 0); /* half away from zero */
    assert_true(n == 3);
    assert_int_equal(kpirt_scaled_from_double(-0.00005, 4, &n), 0);
    assert_true(n == -1);
    assert_int_equal(kpirt_scaled_from_double(1e15, 4, &n), -1); /* beyond the range */
    assert_int_equal(kpirt_scaled_from_double(NAN, 4, &n), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_dialects),
        cmocka_unit_test(test_rounding_half_even),
        cmocka_unit_test(test_errors_and_limits),
        cmocka_unit_test(test_parse_number),
        cmocka_unit_test(test_format_fixed),
        cmocka_unit_test(test_format_scaled),
    };
    return cmocka_run_group_tests_name("runtime decimals", tests, NULL, NULL);
}
