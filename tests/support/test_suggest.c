/*
** test_suggest.c: the compiler's did-you-mean (compiler/support/suggest.c):
** the capped edit distance it counts with (libkpirt's kpirt_edit_distance:
** swaps of neighbours cost one edit, case is ignored) and the choice of the
** closest candidate.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "compiler/support/suggest.h"
#include "runtime/include/kpirt.h"

static void test_edit_distance(void **state) {
    (void)state;
    assert_int_equal(kpirt_edit_distance("profit", "profit", 3), 0);
    assert_int_equal(kpirt_edit_distance("profit", "proift", 3), 1);   /* transposition */
    assert_int_equal(kpirt_edit_distance("revenue", "revnue", 3), 1);  /* deletion */
    assert_int_equal(kpirt_edit_distance("cost", "coast", 3), 1);      /* insertion */
    assert_int_equal(kpirt_edit_distance("CHECK", "check", 3), 0);     /* case is ignored */
    assert_int_equal(kpirt_edit_distance("kitten", "sitting", 5), 3);
    assert_int_equal(kpirt_edit_distance("a", "abcdef", 2), 3);        /* capped */
    assert_int_equal(kpirt_edit_distance("kitten", "sitting", 2), 3);  /* capped */
    char long_word[70];
    for (int i = 0; i < 69; i++) long_word[i] = 'x';
    long_word[69] = '\0';
    assert_int_equal(kpirt_edit_distance(long_word, long_word, 4), 5); /* too long to compare */
}

static void test_suggest(void **state) {
    (void)state;
    static const char *const words[] = {"revenue", "returns", "profit", "cost", NULL};
    assert_string_equal(kpi_suggest("revnue", words, 2), "revenue");
    assert_string_equal(kpi_suggest("porfit", words, 2), "profit");
    assert_null(kpi_suggest("margin", words, 2));
    assert_null(kpi_suggest("revnue", NULL, 2));
    /* ties go to the first candidate; a closer one later still wins */
    static const char *const tie[] = {"cast", "cost", "coast", NULL};
    assert_string_equal(kpi_suggest("cist", tie, 2), "cast");
    assert_string_equal(kpi_suggest("coast", tie, 2), "coast");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_suggest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
