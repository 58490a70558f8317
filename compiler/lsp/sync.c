/*
** sync.c: text synchronisation notifications (didOpen, didChange, didClose,
** didSave). Every change re-analyses the document at once and publishes its
** diagnostics; a 2,000-line file takes milliseconds (bench/lsp measures it),
** so there is no debouncing. Malformed notifications are ignored, as the
** protocol gives no way to answer them; a change that cannot be applied
** leaves the text as it was.
*/
#include "server.h"

#include <string.h>

void kpi_lsp_refresh(kpi_lsp_server *s, kpi_lsp_document *doc) {
    kpi_lsp_analysis_free(doc->analysis);
    doc->analysis = kpi_lsp_analyze(doc->uri, doc->path, doc->text, doc->len, &s->options->check);
    kpi_lsp_publish_diagnostics(s, doc);
}

void kpi_lsp_did_open(kpi_lsp_server *s, const cJSON *params) {
    const cJSON *td = kpi_rpc_member(params, "textDocument");
    const char *uri = kpi_rpc_string(td, "uri");
    const char *text = kpi_rpc_string(td, "text");
    if (!uri || !text) return;
    long version = 0;
    kpi_rpc_int(td, "version", &version);
    kpi_lsp_document *doc = kpi_lsp_doc_open(&s->docs, uri, version, text, strlen(text));
    if (doc) kpi_lsp_refresh(s, doc);
}

void kpi_lsp_did_change(kpi_lsp_server *s, const cJSON *params) {
    const cJSON *td = kpi_rpc_member(params, "textDocument");
    const char *uri = kpi_rpc_string(td, "uri");
    const cJSON *changes = kpi_rpc_member(params, "contentChanges");
    if (!uri || !cJSON_IsArray(changes)) return;
    kpi_lsp_document *doc = kpi_lsp_doc_find(&s->docs, uri);
    if (!doc) return;
    long version;
    if (kpi_rpc_int(td, "version", &version)) doc->version = version;
    const cJSON *change;
    cJSON_ArrayForEach(change, changes) {
        if (kpi_lsp_doc_apply_change(doc, change)) break;
    }
    kpi_lsp_refresh(s, doc);
}

void kpi_lsp_did_close(kpi_lsp_server *s, const cJSON *params) {
    const char *uri = kpi_rpc_string(kpi_rpc_member(params, "textDocument"), "uri");
    if (!uri || !kpi_lsp_doc_close(&s->docs, uri)) return;
    /* Clear what the editor shows for a file that is no longer open. */
    cJSON *clear = cJSON_CreateObject();
    cJSON_AddStringToObject(clear, "uri", uri);
    cJSON_AddArrayToObject(clear, "diagnostics");
    kpi_rpc_notify(&s->transport, "textDocument/publishDiagnostics", clear);
}

void kpi_lsp_did_save(kpi_lsp_server *s, const cJSON *params) {
    /*
    ** Imports are read from disk, so a saved module can change what every
    ** open document that imports it reports: re-check all of them.
    */
    const char *uri = kpi_rpc_string(kpi_rpc_member(params, "textDocument"), "uri");
    kpi_lsp_document *doc = uri ? kpi_lsp_doc_find(&s->docs, uri) : NULL;
    if (!doc) return;
    const char *text = kpi_rpc_string(params, "text");
    if (text) kpi_lsp_doc_open(&s->docs, uri, doc->version, text, strlen(text));
    for (kpi_lsp_document *d = s->docs.head; d; d = d->next) kpi_lsp_refresh(s, d);
}
