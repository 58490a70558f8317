/*
** test_units.c: the unit algebra of compiler/sema/units.c: parsing unit
** names, + - * / of units, declared against inferred units, display forms,
** currency codes and "did you mean" for units.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "compiler/sema/sema.h"
#include "compiler/sema/units.h"

static kpi_unit U(const char *name) {
    kpi_unit u;
    assert_true(kpi_unit_parse(name, &u));
    return u;
}

static const char *fmt(kpi_unit u) {
    static kpi_arena arena;
    static int init;
    if (!init) {
        kpi_arena_init(&arena);
        init = 1;
    }
    return kpi_unit_format(&arena, u);
}

static void test_parse(void **state) {
    (void)state;
    kpi_unit u;
    assert_true(kpi_unit_parse("EUR", &u));
    assert_int_equal(u.money, 1);
    assert_string_equal(u.currency, "EUR");
    assert_true(kpi_unit_parse("count", &u));
    assert_int_equal(u.count, 1);
    assert_true(kpi_unit_parse("hours", &u));
    assert_int_equal(u.time, 1);
    assert_int_equal(u.time_unit, KPI_TIME_HOURS);
    assert_true(kpi_unit_parse("money", &u));
    assert_string_equal(u.currency, "");
    assert_false(kpi_unit_parse("eur", &u)); /* currencies are capitals */
    assert_false(kpi_unit_parse("XYZ", &u)); /* the shape is right, the code is not real */
    assert_false(kpi_unit_parse("hour", &u));
    assert_false(kpi_unit_parse("", &u));
    assert_true(kpi_sema_is_currency("JPY"));
    assert_false(kpi_sema_is_currency("XXX"));
    /* both ends of the sorted list, and near misses on either side of a code */
    assert_true(kpi_sema_is_currency("AED"));
    assert_true(kpi_sema_is_currency("ZWL"));
    assert_true(kpi_sema_is_currency("EUR"));
    assert_false(kpi_sema_is_currency("AAA"));
    assert_false(kpi_sema_is_currency("ZZZ"));
    assert_false(kpi_sema_is_currency("EUQ"));
    assert_false(kpi_sema_is_currency("EUS"));
    assert_false(kpi_sema_is_currency("EURO"));
    assert_false(kpi_sema_is_currency("EU"));
    assert_false(kpi_sema_is_currency("E"));
    assert_false(kpi_sema_is_currency("Eur"));
    assert_false(kpi_sema_is_currency(NULL));
    assert_string_equal(kpi_unit_suggest("eur"), "EUR");
    assert_string_equal(kpi_unit_suggest("zwl"), "ZWL");
}

static void test_add(void **state) {
    (void)state;
    kpi_unit out;
    assert_int_equal(kpi_unit_add(U("EUR"), U("EUR"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "EUR");
    assert_int_equal(kpi_unit_add(U("EUR"), U("count"), &out), KPI_UNIT_MISMATCH); /* money - count */
    assert_int_equal(kpi_unit_add(U("EUR"), U("USD"), &out), KPI_UNIT_CURRENCY_MIX);
    assert_int_equal(kpi_unit_add(U("minutes"), U("hours"), &out), KPI_UNIT_TIME_MIX);
    assert_int_equal(kpi_unit_add(U("money"), U("EUR"), &out), KPI_UNIT_OK); /* money takes EUR */
    assert_string_equal(out.currency, "EUR");
    /* a literal takes the other side's unit */
    assert_int_equal(kpi_unit_add(U("EUR"), kpi_unit_literal(), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "EUR");
    assert_int_equal(kpi_unit_add(kpi_unit_literal(), U("count"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "count");
    /* percent + ratio is a fraction */
    assert_int_equal(kpi_unit_add(U("percent"), U("ratio"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "ratio");
    assert_int_equal(kpi_unit_add(U("percent"), U("percent"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "%");
}

static void test_mul_div(void **state) {
    (void)state;
    kpi_unit out;
    assert_int_equal(kpi_unit_div(U("EUR"), U("count"), &out), KPI_UNIT_OK); /* money per item */
    assert_string_equal(fmt(out), "EUR/count");
    assert_int_equal(kpi_unit_div(U("count"), U("count"), &out), KPI_UNIT_OK); /* a ratio */
    assert_string_equal(fmt(out), "ratio");
    assert_int_equal(kpi_unit_kind(out), KPIRT_UNIT_RATIO);
    assert_int_equal(kpi_unit_div(U("EUR"), U("EUR"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "ratio");
    assert_int_equal(kpi_unit_div(U("EUR"), U("USD"), &out), KPI_UNIT_CURRENCY_MIX);
    assert_int_equal(kpi_unit_mul(U("EUR"), U("USD"), &out), KPI_UNIT_CURRENCY_MIX);
    assert_int_equal(kpi_unit_mul(U("EUR"), U("count"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "EUR*count");
    kpi_unit per_item;
    assert_int_equal(kpi_unit_div(U("EUR"), U("count"), &per_item), KPI_UNIT_OK);
    assert_int_equal(kpi_unit_mul(per_item, U("count"), &out), KPI_UNIT_OK); /* cancels */
    assert_string_equal(fmt(out), "EUR");
    assert_int_equal(kpi_unit_mul(U("percent"), U("EUR"), &out), KPI_UNIT_OK); /* share of an amount */
    assert_string_equal(fmt(out), "EUR");
    assert_int_equal(kpi_unit_mul(U("percent"), U("percent"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "ratio");
    assert_int_equal(kpi_unit_div(kpi_unit_literal(), U("count"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "1/count");
    assert_int_equal(kpi_unit_div(U("EUR"), U("hours"), &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "EUR/hours");
    kpi_unit odd;
    assert_int_equal(kpi_unit_mul(U("count"), U("hours"), &odd), KPI_UNIT_OK);
    assert_int_equal(kpi_unit_div(U("EUR"), odd, &out), KPI_UNIT_OK);
    assert_string_equal(fmt(out), "EUR/(count*hours)");
    /* an invalid operand absorbs, so one mistake is reported once */
    assert_int_equal(kpi_unit_add(kpi_unit_invalid(), U("count"), &out), KPI_UNIT_OK);
    assert_false(out.valid);
}

static void test_fits(void **state) {
    (void)state;
    kpi_unit ratio, per_item, money_per_item, secs_per_item;
    kpi_unit_div(U("count"), U("count"), &ratio);
    assert_true(kpi_unit_fits(U("percent"), ratio)); /* conversion : percent = orders / visitors */
    assert_true(kpi_unit_fits(U("ratio"), U("percent")));
    assert_true(kpi_unit_fits(U("number"), ratio));
    assert_false(kpi_unit_fits(U("count"), ratio));
    assert_false(kpi_unit_fits(U("EUR"), ratio));
    kpi_unit_div(U("EUR"), U("count"), &money_per_item);
    assert_true(kpi_unit_fits(U("EUR"), money_per_item)); /* average order value */
    assert_false(kpi_unit_fits(U("USD"), money_per_item));
    assert_false(kpi_unit_fits(U("count"), money_per_item));
    kpi_unit_div(U("seconds"), U("count"), &secs_per_item);
    assert_true(kpi_unit_fits(U("seconds"), secs_per_item)); /* time per session */
    assert_false(kpi_unit_fits(U("minutes"), secs_per_item));
    kpi_unit_div(U("money"), U("count"), &per_item);
    assert_true(kpi_unit_fits(U("EUR"), per_item));
    assert_true(kpi_unit_fits(U("money"), U("GBP")));
    assert_true(kpi_unit_fits(U("count"), kpi_unit_literal()));
    assert_true(kpi_unit_fits(U("score"), kpi_unit_number()));
    assert_false(kpi_unit_fits(U("count"), U("score")));
}

static void test_kind_and_suggest(void **state) {
    (void)state;
    assert_int_equal(kpi_unit_kind(U("EUR")), KPIRT_UNIT_MONEY);
    assert_int_equal(kpi_unit_kind(U("count")), KPIRT_UNIT_COUNT);
    assert_int_equal(kpi_unit_kind(U("percent")), KPIRT_UNIT_PERCENT);
    assert_int_equal(kpi_unit_kind(U("days")), KPIRT_UNIT_DURATION);
    assert_int_equal(kpi_unit_kind(U("score")), KPIRT_UNIT_SCORE);
    assert_int_equal(kpi_unit_kind(U("number")), KPIRT_UNIT_NUMBER);
    assert_string_equal(kpi_unit_suggest("eur"), "EUR");
    assert_string_equal(kpi_unit_suggest("cuont"), "count");
    assert_string_equal(kpi_unit_suggest("percentage"), "percent");
    assert_string_equal(kpi_unit_suggest("hour"), "hours");
    assert_null(kpi_unit_suggest("zzzzzzzz"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_mul_div),
        cmocka_unit_test(test_fits),
        cmocka_unit_test(test_kind_and_suggest),
    };
    return cmocka_run_group_tests_name("sema_units", tests, NULL, NULL);
}
