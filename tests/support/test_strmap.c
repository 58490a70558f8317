/*
** test_strmap.c: the string map (compiler/support/strmap.h) finds what was
** put, by bytes and length, across its growth, and nothing else.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "compiler/support/strmap.h"

static void test_put_and_get(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    kpi_strmap m;
    kpi_strmap_init(&m, &arena);
    int a = 1, b = 2, c = 3;
    assert_null(kpi_strmap_get(&m, "revenue", 7));
    kpi_strmap_put(&m, "revenue", 7, &a);
    kpi_strmap_put(&m, "revenue", 3, &b); /* "rev": another key, a prefix */
    kpi_strmap_put(&m, "a\0b", 3, &c);    /* bytes, not C strings */
    assert_ptr_equal(kpi_strmap_get(&m, "revenue", 7), &a);
    assert_ptr_equal(kpi_strmap_get(&m, "rev", 3), &b);
    assert_ptr_equal(kpi_strmap_get(&m, "a\0b", 3), &c);
    assert_null(kpi_strmap_get(&m, "a\0c", 3));
    assert_null(kpi_strmap_get(&m, "revenue", 6));
    assert_null(kpi_strmap_get(&m, "", 0));
    kpi_strmap_put(&m, "revenue", 7, &c); /* replaces */
    assert_ptr_equal(kpi_strmap_get(&m, "revenue", 7), &c);
    assert_int_equal(m.count, 3);
    kpi_arena_free(&arena);
}

/* 20,000 keys: every one found after the table grew many times, no stranger found. */
static void test_many_keys(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    kpi_strmap m;
    kpi_strmap_init(&m, &arena);
    enum { N = 20000 };
    for (int i = 0; i < N; i++) {
        char *key = kpi_arena_printf(&arena, "metric_%d", i);
        kpi_strmap_put(&m, key, strlen(key), (void *)(intptr_t)(i + 1));
    }
    assert_int_equal(m.count, N);
    assert_true(m.cap >= 2 * m.count);
    for (int i = 0; i < N; i++) {
        char key[32];
        int n = snprintf(key, sizeof key, "metric_%d", i);
        assert_int_equal((intptr_t)kpi_strmap_get(&m, key, (size_t)n), i + 1);
    }
    assert_null(kpi_strmap_get(&m, "metric_20000", 12));
    kpi_arena_free(&arena);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_and_get),
        cmocka_unit_test(test_many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
