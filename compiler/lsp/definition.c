/*
** definition.c: textDocument/definition. The name under the cursor resolves
** through the symbol index to its declaring name, in this file, an imported
** file or the stdlib; a module path in an import goes to the module's file.
*/
#include "server.h"

cJSON *kpi_lsp_definition(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    kpi_lsp_analysis *a;
    uint32_t offset;
    const kpi_sema_symbol *sym = kpi_lsp_params_symbol(s, params, &a, &offset, err);
    if (!sym) return NULL;
    return kpi_lsp_location_json(a, sym->name_span);
}
