/*
** fuzz_fmt.c: libFuzzer target for `kpic fmt`'s two promises on any input
** that parses: the formatted text parses again, to the same AST (the
** kpi_ast_dump outputs agree once positions are removed), and formatting is
** idempotent (fmt(fmt(x)) == fmt(x) byte for byte). An input with syntax
** errors must be refused (kpi_fmt_source returns NULL). A broken promise
** aborts with both texts, so libFuzzer keeps the input as a crash.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/fmt/fmt.h"
#include "compiler/parse/parse.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *input = (const char *)data;
    kpi_fuzz_session s;
    kpi_fuzz_session_init(&s);
    const kpi_source *src = kpi_src_add(&s.map, "fuzz.kpi", input, size);
    kpi_ast_file *ast = kpi_parse(&s.arena, &s.diags, src);
    if (kpi_diag_has_errors(&s.diags)) {
        if (kpi_fmt_source(&s.arena, &s.diags, src, NULL) != NULL)
            kpi_fuzz_fail("formatted despite syntax errors", input, size, NULL);
        kpi_fuzz_session_free(&s);
        return 0;
    }
    size_t len1, len2;
    const char *once = kpi_fmt_file(&s.arena, ast, &len1);
    const kpi_source *src1 = kpi_src_add(&s.map, "formatted.kpi", once, len1);
    kpi_ast_file *ast1 = kpi_parse(&s.arena, &s.diags, src1);
    if (kpi_diag_has_errors(&s.diags)) kpi_fuzz_fail("the formatted text does not parse", input, size, once);
    char *dump0 = kpi_fuzz_dump_without_positions(ast);
    char *dump1 = kpi_fuzz_dump_without_positions(ast1);
    if (strcmp(dump0, dump1) != 0) {
        size_t n = strlen(once) + strlen(dump0) + strlen(dump1) + 64;
        char *detail = malloc(n);
        snprintf(detail, n, "%s\n--- AST before\n%s--- AST after\n%s", once, dump0, dump1);
        kpi_fuzz_fail("the formatted text has another AST", input, size, detail);
    }
    free(dump0);
    free(dump1);
    const char *twice = kpi_fmt_file(&s.arena, ast1, &len2);
    if (len1 != len2 || memcmp(once, twice, len1) != 0) {
        size_t n = len1 + len2 + 32;
        char *detail = malloc(n);
        snprintf(detail, n, "%s\n--- twice\n%s", once, twice);
        kpi_fuzz_fail("formatting is not idempotent", input, size, detail);
    }
    kpi_fuzz_session_free(&s);
    return 0;
}
