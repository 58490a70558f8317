/*
** code_action.c: textDocument/codeAction, the SMART fix-its as quick fixes.
**
** Semantic analysis attaches fix-its to diagnostics ("insert an owner",
** "add a deadline"). Every diagnostic of the current analysis that overlaps
** the requested range and has fix-its in this document becomes one quickfix
** action whose workspace edit applies all of that diagnostic's fix-its; it is
** marked preferred when it is the only fix for that diagnostic.
*/
#include "server.h"

static bool overlaps(kpi_span a, uint32_t begin, uint32_t end) {
    return a.begin <= end && begin <= a.end;
}

cJSON *kpi_lsp_code_action(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    kpi_lsp_document *doc = kpi_lsp_params_document(s, params, err);
    if (!doc) return NULL;
    const kpi_lsp_analysis *a = doc->analysis;
    const cJSON *range = kpi_rpc_member(params, "range");
    uint32_t begin, end;
    if (!kpi_lsp_read_offset(a->source, kpi_rpc_member(range, "start"), &begin) ||
        !kpi_lsp_read_offset(a->source, kpi_rpc_member(range, "end"), &end)) {
        kpi_lsp_fail(err, KPI_RPC_INVALID_PARAMS, "missing or malformed params.range");
        return NULL;
    }
    if (end < begin) {
        uint32_t t = begin;
        begin = end;
        end = t;
    }
    cJSON *actions = cJSON_CreateArray();
    for (const kpi_diagnostic *d = a->session.diags.head; d; d = d->next) {
        if (d->severity == KPI_SEV_IGNORED || !kpi_span_valid(d->span) || d->span.file != a->source->id)
            continue;
        if (!overlaps(d->span, begin, end)) continue;
        cJSON *edits = cJSON_CreateArray();
        const char *title = NULL;
        for (const kpi_fixit *f = d->fixes; f; f = f->next) {
            if (!kpi_span_valid(f->span) || f->span.file != a->source->id) continue;
            cJSON *edit = cJSON_CreateObject();
            cJSON_AddItemToObject(edit, "range", kpi_lsp_range_json(a->source, f->span));
            cJSON_AddStringToObject(edit, "newText", f->replacement ? f->replacement : "");
            cJSON_AddItemToArray(edits, edit);
            if (!title) title = f->description;
        }
        if (cJSON_GetArraySize(edits) == 0) {
            cJSON_Delete(edits);
            continue;
        }
        const kpi_code_info *info = kpi_diag_code_info(d->code);
        cJSON *action = cJSON_CreateObject();
        char text[300];
        snprintf(text, sizeof text, "%s (%s)", title ? title : "apply the suggested fix",
                 info ? info->id : "fix");
        cJSON_AddStringToObject(action, "title", text);
        cJSON_AddStringToObject(action, "kind", "quickfix");
        cJSON *diags = cJSON_AddArrayToObject(action, "diagnostics");
        cJSON_AddItemToArray(diags, kpi_lsp_diagnostic_json(a, d));
        cJSON_AddBoolToObject(action, "isPreferred",
                              cJSON_GetArraySize(edits) >= 1 && d->fixes && !d->fixes->next);
        cJSON *changes = cJSON_AddObjectToObject(cJSON_AddObjectToObject(action, "edit"), "changes");
        cJSON_AddItemToObject(changes, a->uri, edits);
        cJSON_AddItemToArray(actions, action);
    }
    return actions;
}
