/*
** test_source_read.c: reading sources (compiler/support/source.c): a file
** by path and an open stream (standard input for `kpic check -`) go through
** the same reader, so both give the same text and the same errors.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/support/source.h"

static void test_stream_and_file_read_alike(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    kpi_source_map map;
    kpi_src_map_init(&map, &arena);

    /* Longer than the stream reader's first buffer, so it has to grow. */
    size_t len = 200000;
    char *text = malloc(len);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++) text[i] = (i % 40 == 39) ? '\n' : (char)('a' + i % 26);
    char path[] = "/tmp/kpi-source-read-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);

    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    kpi_source *streamed = kpi_src_read(&map, "<stdin>", f);
    fclose(f);
    kpi_source *loaded = kpi_src_load(&map, path);
    unlink(path);
    assert_non_null(streamed);
    assert_non_null(loaded);
    assert_string_equal(streamed->path, "<stdin>");
    assert_int_equal(streamed->len, len);
    assert_int_equal(loaded->len, len);
    assert_memory_equal(streamed->text, text, len);
    assert_memory_equal(loaded->text, text, len);
    assert_int_equal(streamed->line_count, loaded->line_count);
    free(text);
    kpi_arena_free(&arena);
}

static void test_load_errors(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    kpi_source_map map;
    kpi_src_map_init(&map, &arena);
    errno = 0;
    assert_null(kpi_src_load(&map, "/nonexistent/goals.kpi"));
    assert_int_equal(errno, ENOENT);
    errno = 0;
    assert_null(kpi_src_load(&map, "/tmp"));
    assert_int_equal(errno, EISDIR);
    kpi_arena_free(&arena);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_and_file_read_alike),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
