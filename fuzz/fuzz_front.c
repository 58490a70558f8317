/*
** fuzz_front.c: libFuzzer target for the front end, as `kpic check` runs it:
** arbitrary bytes through the lexer, the parser and semantic analysis (with
** the language server's symbol index), then every diagnostic rendered as
** text (with source lines and carets), JSON and SARIF. Whatever the bytes,
** this must not crash, hang, leak or read out of bounds; findings are listed
** in docs/hardening.md.
*/
#include <stdio.h>
#include <stdlib.h>

#include "compiler/parse/parse.h"
#include "compiler/sema/sema.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static FILE *sink; /* every rendering is written and thrown away */
    if (!sink) sink = fopen("/dev/null", "w");
    kpi_fuzz_session s;
    kpi_fuzz_session_init(&s);
    const kpi_source *src = kpi_src_add(&s.map, "fuzz.kpi", (const char *)data, size);
    kpi_ast_file *ast = kpi_parse(&s.arena, &s.diags, src);
    if (ast) {
        kpi_sema_options options = {0};
        kpi_sema_result *result = kpi_sema_analyze(&s.arena, &s.diags, &s.map, ast, &options);
        if (result && result->symbol_count > 0 && src->len > 0) {
            /* the lookups the language server makes for hover and definition */
            for (uint32_t off = 0; off <= src->len; off += 1 + src->len / 16)
                (void)kpi_sema_lookup(result, 0, off);
        }
    }
    kpi_diag_sort(&s.diags);
    kpi_diag_render_text(&s.diags, sink, (kpi_render_options){.color = true, .show_source = true});
    kpi_diag_render_json(&s.diags, sink);
    kpi_diag_render_sarif(&s.diags, sink);
    kpi_fuzz_session_free(&s);
    return 0;
}
