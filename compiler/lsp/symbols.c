/*
** symbols.c: textDocument/documentSymbol, the outline of a document.
**
** Built from the document's AST (not the symbol index, which also holds
** imported names): one DocumentSymbol per item, a goal's drivers nested under
** it as in the driver tree. Kinds: import Module, source File, metric Field,
** goal and driver Event, owner Constant, policy Property, link Interface.
*/
#include "server.h"

enum {
    SK_FILE = 1,
    SK_MODULE = 2,
    SK_PROPERTY = 7,
    SK_FIELD = 8,
    SK_INTERFACE = 11,
    SK_FUNCTION = 12,
    SK_CONSTANT = 14,
    SK_EVENT = 24
};

static cJSON *symbol(const kpi_source *src, const char *name, int kind, const char *detail, kpi_span range,
                     kpi_span selection) {
    if (!name || !*name) name = "(unnamed)";
    if (!kpi_span_valid(selection) || selection.begin < range.begin || selection.end > range.end)
        selection = range;
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "name", name);
    if (detail) cJSON_AddStringToObject(s, "detail", detail);
    cJSON_AddNumberToObject(s, "kind", kind);
    cJSON_AddItemToObject(s, "range", kpi_lsp_range_json(src, range));
    cJSON_AddItemToObject(s, "selectionRange", kpi_lsp_range_json(src, selection));
    return s;
}

static void add_drivers(const kpi_source *src, cJSON *parent, const kpi_driver *d) {
    if (!d) return;
    cJSON *children = cJSON_AddArrayToObject(parent, "children");
    for (; d; d = d->next) {
        cJSON *child = symbol(src, d->metric.text, SK_EVENT, d->link == KPI_LINK_BY ? "by" : "via", d->span,
                              d->metric.span);
        add_drivers(src, child, d->children);
        cJSON_AddItemToArray(children, child);
    }
}

cJSON *kpi_lsp_document_symbols(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    kpi_lsp_document *doc = kpi_lsp_params_document(s, params, err);
    if (!doc) return NULL;
    const kpi_lsp_analysis *a = doc->analysis;
    const kpi_source *src = a->source;
    cJSON *list = cJSON_CreateArray();
    for (const kpi_item *it = a->ast ? a->ast->items : NULL; it; it = it->next) {
        cJSON *sym = NULL;
        switch (it->kind) {
        case KPI_ITEM_IMPORT:
            sym = symbol(src, it->as.import.module.text, SK_MODULE, "import", it->span,
                         it->as.import.module.span);
            break;
        case KPI_ITEM_SOURCE:
            sym = symbol(src, it->as.source.name.text, SK_FILE, it->as.source.path.text, it->span,
                         it->as.source.name.span);
            break;
        case KPI_ITEM_METRIC:
            sym = symbol(src, it->as.metric.name.text, SK_FIELD, it->as.metric.unit.text, it->span,
                         it->as.metric.name.span);
            break;
        case KPI_ITEM_GOAL:
            sym = symbol(src, it->as.goal.name.text, SK_EVENT,
                         it->as.goal.title.text ? it->as.goal.title.text : it->as.goal.metric.text, it->span,
                         it->as.goal.name.span);
            add_drivers(src, sym, it->as.goal.drivers);
            break;
        case KPI_ITEM_OWNER:
            sym = symbol(src, it->as.owner.name.text, SK_CONSTANT, it->as.owner.title.text, it->span,
                         it->as.owner.name.span);
            break;
        case KPI_ITEM_POLICY:
            sym = symbol(src, it->as.policy.name.text, SK_PROPERTY, "policy", it->span,
                         it->as.policy.name.span);
            break;
        case KPI_ITEM_LINK: {
            const char *name = kpi_arena_printf(&doc->analysis->session.arena, "%s -> %s",
                                                it->as.link.from.text ? it->as.link.from.text : "?",
                                                it->as.link.to.text ? it->as.link.to.text : "?");
            sym = symbol(src, name, SK_INTERFACE, "link", it->span, it->as.link.from.span);
            break;
        }
        case KPI_ITEM_TEST:
            sym = symbol(src, it->as.test.name.text, SK_FUNCTION,
                         it->as.test.title.text ? it->as.test.title.text : "test", it->span,
                         it->as.test.name.span);
            break;
        }
        if (sym) cJSON_AddItemToArray(list, sym);
    }
    return list;
}
