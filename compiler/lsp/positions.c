/*
** positions.c: converting between the compiler's byte spans and the LSP's
** positions (0-based line, UTF-16 code units), and reading the document and
** position every text-document request carries.
*/
#include "server.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void kpi_lsp_fail(kpi_lsp_error *err, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

cJSON *kpi_lsp_position_json(const kpi_source *src, uint32_t offset) {
    if (offset > src->len) offset = src->len;
    kpi_position pos = kpi_src_position(src, offset);
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "line", pos.line - 1);
    cJSON_AddNumberToObject(p, "character", kpi_src_utf16_column(src, offset));
    return p;
}

cJSON *kpi_lsp_range_json(const kpi_source *src, kpi_span span) {
    cJSON *r = cJSON_CreateObject();
    uint32_t begin = kpi_span_valid(span) ? span.begin : 0, end = kpi_span_valid(span) ? span.end : 0;
    if (end < begin) end = begin;
    cJSON_AddItemToObject(r, "start", kpi_lsp_position_json(src, begin));
    cJSON_AddItemToObject(r, "end", kpi_lsp_position_json(src, end));
    return r;
}

cJSON *kpi_lsp_location_json(const kpi_lsp_analysis *a, kpi_span span) {
    if (!kpi_span_valid(span)) return NULL;
    const kpi_source *src = kpi_src_get(&a->session.sources, span.file);
    if (!src) return NULL;
    cJSON *loc = cJSON_CreateObject();
    if (src == a->source) {
        cJSON_AddStringToObject(loc, "uri", a->uri);
    } else {
        char *uri = kpi_lsp_path_to_uri(src->path);
        cJSON_AddStringToObject(loc, "uri", uri ? uri : src->path);
        free(uri);
    }
    cJSON_AddItemToObject(loc, "range", kpi_lsp_range_json(src, span));
    return loc;
}

kpi_lsp_document *kpi_lsp_params_document(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    const char *uri = kpi_rpc_string(kpi_rpc_member(params, "textDocument"), "uri");
    if (!uri) {
        kpi_lsp_fail(err, KPI_RPC_INVALID_PARAMS, "missing params.textDocument.uri");
        return NULL;
    }
    kpi_lsp_document *doc = kpi_lsp_doc_find(&s->docs, uri);
    if (doc && !doc->analysis) {
        kpi_lsp_fail(err, KPI_RPC_INVALID_PARAMS, "document is not analysed (over the memory cap): %.200s",
                     uri);
        return NULL;
    }
    if (!doc) {
        kpi_lsp_fail(err, KPI_RPC_INVALID_PARAMS, "document is not open: %.200s", uri);
        return NULL;
    }
    return doc;
}

bool kpi_lsp_read_offset(const kpi_source *src, const cJSON *position, uint32_t *offset) {
    long line, character;
    if (!kpi_rpc_int(position, "line", &line) || !kpi_rpc_int(position, "character", &character))
        return false;
    *offset = kpi_src_offset_from_utf16(src, (uint32_t)line, (uint32_t)character);
    return true;
}

bool kpi_lsp_params_offset(const kpi_lsp_document *doc, const cJSON *params, uint32_t *offset,
                           kpi_lsp_error *err) {
    if (!kpi_lsp_read_offset(doc->analysis->source, kpi_rpc_member(params, "position"), offset)) {
        kpi_lsp_fail(err, KPI_RPC_INVALID_PARAMS, "missing or malformed params.position");
        return false;
    }
    return true;
}

const kpi_sema_symbol *kpi_lsp_params_symbol(kpi_lsp_server *s, const cJSON *params,
                                             kpi_lsp_analysis **analysis, uint32_t *offset,
                                             kpi_lsp_error *err) {
    kpi_lsp_document *doc = kpi_lsp_params_document(s, params, err);
    if (!doc || !kpi_lsp_params_offset(doc, params, offset, err)) return NULL;
    *analysis = doc->analysis;
    return kpi_sema_lookup(doc->analysis->sema, doc->analysis->source->id, *offset);
}
