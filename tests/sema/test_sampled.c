/*
** test_sampled.c: the fix-its of D004 (a sampled value the evaluator would
** refuse) and M007 (a filter value no sampled row holds), applied as an
** editor's code action applies them: each must remove its diagnostic and
** leave no error, so a file that passes check after the fix is read as the
** source now declares. The data are tests/check/sema/data, shared with the
** golden tests of the same checks.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check_helpers.h"

#define DATA "../check/sema/data/"
#define NL "source orders = csv \"" DATA "orders_nl.csv\"\n  date \"Orderdatum\"\n  delimiter \";\"\n"

/* Checks text, expects code with a fix-it whose replacement contains want; applies it and checks again. */
static void fix_gives(const char *text, kpi_code code, const char *want) {
    unsigned codes_left, errors_left;
    char *fixed = fix_and_recheck("sampled.kpi", text, code, &codes_left, &errors_left);
    assert_non_null(fixed);
    if (!strstr(fixed, want)) fprintf(stderr, "after the fix-it:\n%s\n", fixed);
    assert_non_null(strstr(fixed, want));
    assert_int_equal(codes_left, 0);
    assert_int_equal(errors_left, 0);
    free(fixed);
}

static void test_date_layout(void **state) {
    (void)state;
    /* 01-10-2024 09:15 under the default YYYY-MM-DD: the layout that reads every sampled date */
    fix_gives(NL "  decimal \",\"\n  thousands \".\"\nmetric revenue : EUR from \"Bedrag\" in orders\n",
              KPI_D004, "format \"DD-MM-YYYY\"");
    /* a written format is replaced, not doubled */
    fix_gives(NL "  format \"M/D/YYYY\"\n  decimal \",\"\n  thousands \".\"\n"
                 "metric revenue : EUR from \"Bedrag\" in orders\n",
              KPI_D004, "  format \"DD-MM-YYYY\"\n");
}

static void test_number_style(void **state) {
    (void)state;
    /* 1.458,71: both options in one insertion */
    fix_gives(NL "  format \"DD-MM-YYYY\"\nmetric revenue : EUR from \"Bedrag\" in orders\n", KPI_D004,
              "decimal \",\" thousands \".\"");
    /* 1,234.56 under a declared decimal comma: the written option is replaced, the other inserted */
    fix_gives("source a = csv \"" DATA
              "amounts_points.csv\"\n  date \"day\"\n  delimiter \";\"\n  decimal \",\"\n"
              "metric amount : EUR from \"amount\" in a\n",
              KPI_D004, "thousands \",\"");
    /* 1,234 and 12,345 alone: a comma before three digits is a thousands separator */
    fix_gives("source a = csv \"" DATA "amounts_thousands.csv\"\n  date \"day\"\n  delimiter \";\"\n"
              "metric amount : EUR from \"amount\" in a\n",
              KPI_D004, "decimal \".\" thousands \",\"");
    /* a typo is the data's fault: no D004, the evaluator names the row */
    checked *c = check_text("sampled.kpi",
                            "source shop = csv \"" DATA "typo.csv\"\n  date \"day\"\n"
                            "metric visitors : count from \"visitors\" aggregate sum\n",
                            NULL);
    assert_int_equal(count_code(c, KPI_D004), 1); /* "n/a", a word for no value; "12O" is not reported */
    assert_non_null(strstr(find_code(c, KPI_D004)->message, "\"n/a\""));
    check_free(c);
}

static void test_null_texts(void **state) {
    (void)state;
    const char *base = NL "  format \"DD-MM-YYYY\"\n  decimal \",\"\n  thousands \".\"\n";
    char text[1024];
    snprintf(text, sizeof text, "%smetric discounts : EUR from \"Korting\" in orders\n", base);
    fix_gives(text, KPI_D004, "null \"--\"");
    /* with null texts written, the text is added to them */
    snprintf(text, sizeof text, "%s  null \"NA\"\nmetric discounts : EUR from \"Korting\" in orders\n", base);
    fix_gives(text, KPI_D004, "null \"NA\" \"--\"");
}

static void test_encodings(void **state) {
    (void)state;
    fix_gives("source orders = csv \"" DATA
              "orders_1252.csv\"\n  date \"Orderdatum\"\n  format \"DD-MM-YYYY\"\n"
              "  delimiter \";\"\n  decimal \",\"\n  thousands \".\"\nmetric revenue : EUR from \"Bedrag\" "
              "in orders\n",
              KPI_D004, "encoding \"windows-1252\"");
    fix_gives("source orders = csv \"" DATA
              "orders_utf16.csv\"\n  date \"Orderdatum\"\n  format \"DD-MM-YYYY\"\n"
              "  delimiter \";\"\n  decimal \",\"\nmetric revenue : EUR from \"Bedrag\" in orders\n",
              KPI_D004, "encoding \"utf-16\"");
}

static void test_filter_values(void **state) {
    (void)state;
    const char *head = "source web = csv \"" DATA "channels.csv\"\n  date \"day\"\n";
    char text[1024];
    snprintf(text, sizeof text,
             "%smetric organic : count from \"visitors\" where channel = \"Organic search\"\n", head);
    fix_gives(text, KPI_M007, "= \"Organic Search\"");
    /* a goal's segment (for) is checked the same way */
    snprintf(text, sizeof text,
             "%smetric visitors : count from \"visitors\"\ngoal g\n  raise visitors 10%%\n"
             "  for channel = \"Drect\"\n  owner \"W\" starting 2026-01 within 12 months\n",
             head);
    fix_gives(text, KPI_M007, "\"Direct\"");
    /* a value seen in the sample, and a number column, say nothing */
    snprintf(text, sizeof text,
             "%smetric organic : count from \"visitors\" where channel in (\"Direct\", "
             "\"Organic Search\")\n",
             head);
    checked *c = check_text("sampled.kpi", text, NULL);
    assert_int_equal(count_code(c, KPI_M007), 0);
    check_free(c);
}

int main(void) {
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1); /* 2026-01-01 */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_layout),   cmocka_unit_test(test_number_style),
        cmocka_unit_test(test_null_texts),    cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_filter_values),
    };
    return cmocka_run_group_tests_name("sema_sampled", tests, NULL, NULL);
}
