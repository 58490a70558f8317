/*
** test_suggest.c: the compiler's did-you-mean (compiler/support/suggest.c):
** the capped edit distance it counts with (libkpirt's kpirt_edit_distance:
** swaps of neighbours cost one edit, case is ignored) and the choice of the
** closest candidate, and libkpirt's kpirt_suggest_offer, the choice that
** sema_suggest and the evaluator's warnings for `where` values share.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>

#include "compiler/support/suggest.h"
#include "runtime/include/kpirt.h"

static void test_edit_distance(void **state) {
    (void)state;
    assert_int_equal(kpirt_edit_distance("profit", "profit", 3), 0);
    assert_int_equal(kpirt_edit_distance("profit", "proift", 3), 1);  /* transposition */
    assert_int_equal(kpirt_edit_distance("revenue", "revnue", 3), 1); /* deletion */
    assert_int_equal(kpirt_edit_distance("cost", "coast", 3), 1);     /* insertion */
    assert_int_equal(kpirt_edit_distance("CHECK", "check", 3), 0);    /* case is ignored */
    assert_int_equal(kpirt_edit_distance("kitten", "sitting", 5), 3);
    assert_int_equal(kpirt_edit_distance("a", "abcdef", 2), 3);       /* capped */
    assert_int_equal(kpirt_edit_distance("kitten", "sitting", 2), 3); /* capped */
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

/* Offers every candidate in the given order; the suggestion kpirt_suggest_offer keeps. */
static const char *offer_all(const char *word, const char *const *candidates, const int *order, int n) {
    const char *best = NULL;
    unsigned distance = UINT_MAX;
    for (int i = 0; i < n; i++) kpirt_suggest_offer(word, candidates[order[i]], &best, &distance);
    return best;
}

/*
** The one choice of kpic's checks and the evaluator's `where` warnings: the
** nearest within 1 edit up to 3 bytes, 2 up to 6, 3 beyond; among the
** equally near the first in byte order, in whatever order they come (the
** evaluator merges what threads saw, in any order).
*/
static void test_suggest_offer(void **state) {
    (void)state;
    assert_int_equal(kpirt_suggest_limit("NL"), 1);
    assert_int_equal(kpirt_suggest_limit("tiktok"), 2);
    assert_int_equal(kpirt_suggest_limit("Germany"), 3);
    static const char *const seen[] = {"c299", "c99", "c199", "c9999x", "C9999"};
    static const int orders[][5] = {{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}, {1, 4, 0, 3, 2}};
    static const char *const ties[] = {"c299", "c99", "c199"}; /* each two edits from c9999 */
    static const int tie_orders[][3] = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {1, 0, 2}};
    for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
        assert_string_equal(offer_all("c9999", seen, orders[k], 5), "C9999");    /* case only: 0 edits */
        assert_string_equal(offer_all("c9999", ties, tie_orders[k], 3), "c199"); /* byte order */
    }
    static const char *const far[] = {"ads", "email", "seo"};
    static const int three[] = {0, 1, 2};
    assert_null(offer_all("tiktok", far, three, 3));
    const char *best = NULL;
    unsigned distance = UINT_MAX;
    assert_true(kpirt_suggest_offer("Nl", "NL", &best, &distance));
    assert_int_equal(distance, 0);
    assert_false(kpirt_suggest_offer("Nl", "nl", &best, &distance)); /* as near, later in byte order */
    assert_string_equal(best, "NL");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_suggest_offer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
