/*
** definition.c: textDocument/definition. The name under the cursor resolves
** through the symbol index to its declaring name, in this file, an imported
** file or the stdlib; a module path in an import goes to the module's file.
*/
#include "server.h"

cJSON *kpi_lsp_definition(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    kpi_lsp_document *doc = kpi_lsp_params_document(s, params, err);
    uint32_t offset;
    if (!doc || !kpi_lsp_params_offset(doc, params, &offset, err)) return NULL;
    kpi_lsp_analysis *a = doc->analysis;
    const kpi_sema_symbol *sym = kpi_sema_lookup(a->sema, a->source->id, offset);
    if (!sym) return NULL;
    return kpi_lsp_location_json(a, sym->name_span);
}
