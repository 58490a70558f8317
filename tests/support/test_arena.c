/*
** test_arena.c: the bump allocator (compiler/support/arena.c): zeroed,
** aligned allocations after unaligned strings, large requests, and the
** string helpers.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "compiler/support/arena.h"

/* Strings are packed byte by byte; the next object must still be aligned for any type. */
static void test_objects_stay_aligned_after_strings(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    const char *a = kpi_arena_strndup(&arena, "abc", 3);
    const char *b = kpi_arena_strdup(&arena, "de");
    assert_string_equal(a, "abc");
    assert_string_equal(b, "de");
    assert_ptr_equal(b, a + 4); /* packed: "abc\0" then "de" */
    for (size_t size = 1; size < 100; size += 7) {
        kpi_arena_strndup(&arena, "xyz", size % 4);
        unsigned char *p = kpi_arena_alloc(&arena, size);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t i = 0; i < size; i++) assert_int_equal(p[i], 0);
        memset(p, 0xAB, size);
    }
    assert_string_equal(a, "abc");
    kpi_arena_free(&arena);
}

/* Requests beyond one block, and many small ones across block boundaries, all zeroed and distinct. */
static void test_large_and_many_allocations(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    unsigned char *big = kpi_arena_alloc(&arena, 1 << 20);
    for (size_t i = 0; i < 1 << 20; i += 4096) assert_int_equal(big[i], 0);
    memset(big, 1, 1 << 20);
    char *prev = NULL;
    for (int i = 0; i < 100000; i++) {
        char *s = kpi_arena_printf(&arena, "name%d", i);
        char *o = kpi_arena_alloc(&arena, 24);
        assert_int_equal((uintptr_t)o % _Alignof(max_align_t), 0);
        for (int k = 0; k < 24; k++) assert_int_equal(o[k], 0);
        memset(o, 0xFF, 24);
        if (prev) assert_ptr_not_equal(prev, s);
        prev = s;
    }
    assert_string_equal(prev, "name99999");
    assert_int_equal(big[(1 << 20) - 1], 1);
    kpi_arena_free(&arena);
}

static void test_join(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    assert_string_equal(kpi_arena_join(&arena, "grow_profit", ".", "revenue"), "grow_profit.revenue");
    assert_string_equal(kpi_arena_join(&arena, "", "", ""), "");
    assert_string_equal(kpi_arena_join(&arena, "a", " and ", "b"), "a and b");
    kpi_arena_free(&arena);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_objects_stay_aligned_after_strings),
        cmocka_unit_test(test_large_and_many_allocations),
        cmocka_unit_test(test_join),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
