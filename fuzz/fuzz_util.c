/*
** fuzz_util.c: the helpers of fuzz_util.h.
*/
#define _GNU_SOURCE
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kpi_fuzz_session_init(kpi_fuzz_session *s) {
    kpi_arena_init(&s->arena);
    kpi_src_map_init(&s->map, &s->arena);
    kpi_diag_init(&s->diags, &s->arena, &s->map);
}

void kpi_fuzz_session_free(kpi_fuzz_session *s) {
    kpi_arena_free(&s->arena);
}

char *kpi_fuzz_dump_without_positions(const kpi_ast_file *file) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) abort();
    kpi_ast_dump_without_positions(file, out);
    fclose(out);
    return text;
}

void kpi_fuzz_fail(const char *what, const char *input, size_t len, const char *detail) {
    fprintf(stderr, "FUZZ FAILURE: %s\n--- input (%zu bytes)\n%.*s\n--- detail\n%s\n", what, len, (int)len,
            input, detail ? detail : "");
    abort();
}
