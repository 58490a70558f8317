/*
** analysis.c: running the front end on an open document.
**
** The steps and options mirror the driver's pipeline (compiler/driver/
** pipeline.c) so that the editor shows exactly what `kpic check` prints:
** parse, then semantic analysis even when the parse had errors, with column
** verification on, then the same stable sort.
*/
#include "analysis.h"

#include <stdlib.h>

#include "../parse/parse.h"

kpi_lsp_analysis *kpi_lsp_analyze(const char *uri, const char *path, const char *text, size_t len,
                                  const kpi_lsp_check_options *options) {
    kpi_lsp_analysis *a = calloc(1, sizeof *a);
    if (!a) abort();
    kpi_arena_init(&a->arena);
    kpi_src_map_init(&a->sources, &a->arena);
    kpi_diag_init(&a->diags, &a->arena, &a->sources);
    a->uri = kpi_arena_strdup(&a->arena, uri);
    a->diags.options = options->diag;
    a->diags.max_errors = options->max_errors;
    kpi_source *src = kpi_src_add(&a->sources, path, text, len);
    if (!src) {
        /* Too large for 32-bit offsets: analyse nothing, report it at the start. */
        src = kpi_src_add(&a->sources, path, "", 0);
        kpi_diag_report(&a->diags, KPI_X001, (kpi_span){src->id, 0, 0},
                        "document is too large to check (the limit is %u MiB)",
                        (unsigned)(KPI_SOURCE_MAX_BYTES >> 20));
    }
    a->source = src;
    a->ast = kpi_parse(&a->arena, &a->diags, src);
    a->syntax_errors = a->diags.errors;
    a->sema = kpi_sema_analyze(&a->arena, &a->diags, &a->sources, a->ast, &options->sema);
    kpi_diag_sort(&a->diags);
    return a;
}

void kpi_lsp_analysis_free(kpi_lsp_analysis *a) {
    if (!a) return;
    kpi_arena_free(&a->arena);
    free(a);
}
