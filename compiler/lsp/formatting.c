/*
** formatting.c: textDocument/formatting through the same printer as
** `kpic fmt` (compiler/fmt). The document is formatted from its current AST;
** the reply is one edit replacing the whole text, or no edit when the text is
** already formatted. A document with syntax errors is not formatted: the
** request fails with a message that says so (the errors are already shown as
** diagnostics), rather than silently doing nothing.
*/
#include "server.h"

#include <string.h>

#include "fmt/fmt.h"

cJSON *kpi_lsp_formatting(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    kpi_lsp_document *doc = kpi_lsp_params_document(s, params, err);
    if (!doc) return NULL;
    const kpi_lsp_analysis *a = doc->analysis;
    if (a->syntax_errors > 0 || !a->ast) {
        kpi_lsp_fail(err, KPI_RPC_REQUEST_FAILED, "cannot format %s: it has %u syntax error%s; fix %s first",
                     a->source->path, a->syntax_errors, a->syntax_errors == 1 ? "" : "s",
                     a->syntax_errors == 1 ? "it" : "them");
        return NULL;
    }
    kpi_arena scratch;
    kpi_arena_init(&scratch);
    size_t len;
    char *formatted = kpi_fmt_file(&scratch, a->ast, &len);
    cJSON *edits = cJSON_CreateArray();
    if (len != a->source->len || memcmp(formatted, a->source->text, len) != 0) {
        cJSON *edit = cJSON_CreateObject();
        cJSON_AddItemToObject(edit, "range",
                              kpi_lsp_range_json(a->source, (kpi_span){a->source->id, 0, a->source->len}));
        cJSON_AddStringToObject(edit, "newText", formatted);
        cJSON_AddItemToArray(edits, edit);
    }
    kpi_arena_free(&scratch);
    return edits;
}
