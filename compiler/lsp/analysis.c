/*
** analysis.c: running the front-end session on an open document.
**
** The session is the one every command uses (session/session.h), so the
** editor shows exactly what `kpic check` prints for the same text: the same
** parse-then-check policy, column verification on, the same stable sort. The
** symbol index is kept even after syntax errors, for the feature handlers.
*/
#include "analysis.h"

#include <stdlib.h>

kpi_lsp_analysis *kpi_lsp_analyze(const char *uri, const char *path, const char *text, size_t len,
                                  const kpi_lsp_check_options *options) {
    kpi_lsp_analysis *a = calloc(1, sizeof *a);
    if (!a) abort();
    kpi_session_init(&a->session, options, NULL);
    a->uri = kpi_arena_strdup(&a->session.arena, uri);
    a->source = kpi_session_add_text(&a->session, path, text, len);
    kpi_session_unit unit;
    kpi_session_check(&a->session, a->source, KPI_SESSION_SYMBOLS, &unit);
    a->ast = unit.ast;
    a->sema = unit.sema;
    a->syntax_errors = unit.syntax_errors;
    kpi_diag_sort(&a->session.diags);
    return a;
}

void kpi_lsp_analysis_free(kpi_lsp_analysis *a) {
    if (!a) return;
    kpi_session_free(&a->session);
    free(a);
}
