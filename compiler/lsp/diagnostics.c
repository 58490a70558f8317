/*
** diagnostics.c: the compiler's diagnostics as LSP Diagnostic objects.
**
** Each diagnostic keeps its code ("T002") and message exactly as `kpic check`
** prints them. Ranges are converted to UTF-16 positions; notes with a location
** become relatedInformation, notes without one are appended to the message as
** "note: ..." lines, as the text renderer prints them. The SMART letter and
** the fix-its travel in `data` ({"smart": "T", "fixes": [...]}) so clients and
** the code-action handler can use them. A diagnostic located in another file
** (an imported module) is shown at the start of the document, its message
** prefixed with the file:line:col it belongs to and that place given as
** related information.
*/
#include "server.h"

#include <string.h>

static int lsp_severity(kpi_severity sev) {
    switch (sev) {
    case KPI_SEV_ERROR: return 1;
    case KPI_SEV_WARNING: return 2;
    default: return 3; /* notes are Information */
    }
}

static cJSON *related(const kpi_lsp_analysis *a, kpi_span span, const char *message) {
    cJSON *loc = kpi_lsp_location_json(a, span);
    if (!loc) return NULL;
    cJSON *info = cJSON_CreateObject();
    cJSON_AddItemToObject(info, "location", loc);
    cJSON_AddStringToObject(info, "message", message);
    return info;
}

cJSON *kpi_lsp_diagnostic_json(const kpi_lsp_analysis *a, const kpi_diagnostic *d) {
    const kpi_source *doc = a->source;
    bool here = kpi_span_valid(d->span) && d->span.file == doc->id;
    const char *message = d->message;
    cJSON *related_list = cJSON_CreateArray();
    if (!here && kpi_span_valid(d->span)) {
        const kpi_source *other = kpi_src_get(&a->session.sources, d->span.file);
        if (other) {
            kpi_position pos = kpi_src_position(other, d->span.begin);
            message = kpi_arena_printf((kpi_arena *)&a->session.arena, "%s:%u:%u: %s", other->path, pos.line,
                                       pos.column, message);
            cJSON *info = related(a, d->span, d->message);
            if (info) cJSON_AddItemToArray(related_list, info);
        }
    }
    for (const kpi_note *n = d->notes; n; n = n->next) {
        cJSON *info = kpi_span_valid(n->span) ? related(a, n->span, n->message) : NULL;
        if (info) cJSON_AddItemToArray(related_list, info);
        else message = kpi_arena_printf((kpi_arena *)&a->session.arena, "%s\nnote: %s", message, n->message);
    }

    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "range", kpi_lsp_range_json(doc, here ? d->span : (kpi_span){doc->id, 0, 0}));
    cJSON_AddNumberToObject(j, "severity", lsp_severity(d->severity));
    const kpi_code_info *info = kpi_diag_code_info(d->code);
    if (info) cJSON_AddStringToObject(j, "code", info->id);
    cJSON_AddStringToObject(j, "source", "kpic");
    cJSON_AddStringToObject(j, "message", message);
    if (cJSON_GetArraySize(related_list) > 0) cJSON_AddItemToObject(j, "relatedInformation", related_list);
    else cJSON_Delete(related_list);

    cJSON *data = cJSON_AddObjectToObject(j, "data");
    char smart[2] = {d->smart, 0};
    if (d->smart) cJSON_AddStringToObject(data, "smart", smart);
    cJSON *fixes = cJSON_AddArrayToObject(data, "fixes");
    for (const kpi_fixit *f = d->fixes; f; f = f->next) {
        if (!kpi_span_valid(f->span) || f->span.file != doc->id) continue;
        cJSON *fix = cJSON_CreateObject();
        cJSON_AddStringToObject(fix, "title", f->description ? f->description : "apply the suggested fix");
        cJSON_AddItemToObject(fix, "range", kpi_lsp_range_json(doc, f->span));
        cJSON_AddStringToObject(fix, "newText", f->replacement ? f->replacement : "");
        cJSON_AddItemToArray(fixes, fix);
    }
    return j;
}

void kpi_lsp_publish_diagnostics(kpi_lsp_server *s, const kpi_lsp_document *doc) {
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "uri", doc->uri);
    cJSON *list = cJSON_AddArrayToObject(params, "diagnostics");
    if (doc->analysis) {
        cJSON_AddNumberToObject(params, "version", (double)doc->version);
        for (const kpi_diagnostic *d = doc->analysis->session.diags.head; d; d = d->next)
            if (d->severity != KPI_SEV_IGNORED)
                cJSON_AddItemToArray(list, kpi_lsp_diagnostic_json(doc->analysis, d));
    }
    kpi_rpc_notify(&s->transport, "textDocument/publishDiagnostics", params);
}
