/*
** sync.c: text synchronisation notifications (didOpen, didChange, didClose,
** didSave). A change is applied to the text at once, but the document is
** analysed only when no more input is waiting or before the next request
** (kpi_lsp_refresh_stale): edits typed faster than the server analyses are
** coalesced into one analysis, so a hover never waits behind a queue of
** analyses of versions nobody sees. Malformed notifications are ignored, as
** the protocol gives no way to answer them; a change that cannot be applied
** leaves the text as it was.
**
** The memory cap (lsp.h): before a document is analysed, the text of every
** open document plus the analyses kept and the one about to be made must fit
** in max_memory; otherwise the document is not analysed and gets one
** diagnostic that says why. A document whose text alone goes over the cap is
** dropped (edits to it are ignored until the client sends its whole text).
*/
#include "server.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t max_memory(const kpi_lsp_server *s) {
    return s->options->max_memory ? s->options->max_memory : KPI_LSP_DEFAULT_MAX_MEMORY;
}

/* Bytes held for open documents, leaving out skip's analysis. */
static size_t memory_in_use(const kpi_lsp_server *s, const kpi_lsp_document *skip) {
    size_t total = 0;
    for (const kpi_lsp_document *d = s->docs.head; d; d = d->next) {
        total += d->len;
        if (d->analysis && d != skip) total += d->analysis->session.arena.total;
    }
    return total;
}

/* "12 MiB", or "98 KiB" below a MiB (rounded up, so a need never reads as the limit). */
static void format_size(char *buf, size_t size, size_t bytes) {
    if (bytes >= (size_t)1 << 20) snprintf(buf, size, "%zu MiB", (bytes + ((size_t)1 << 20) - 1) >> 20);
    else snprintf(buf, size, "%zu KiB", (bytes + 1023) >> 10);
}

/* The single diagnostic of a document the cap refused. */
static void publish_over_cap(kpi_lsp_server *s, const kpi_lsp_document *doc, size_t need) {
    char text[400], need_text[32], cap_text[32];
    format_size(need_text, sizeof need_text, need);
    format_size(cap_text, sizeof cap_text, max_memory(s));
    snprintf(text, sizeof text,
             "not analysed: the open documents would need %s, more than the language "
             "server's limit of %s (kpic lsp --max-memory=BYTES); close documents or split this one",
             need_text, cap_text);
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "uri", doc->uri);
    cJSON *list = cJSON_AddArrayToObject(params, "diagnostics");
    cJSON *d = cJSON_CreateObject();
    cJSON *range = cJSON_AddObjectToObject(d, "range");
    cJSON *start = cJSON_AddObjectToObject(range, "start");
    cJSON_AddNumberToObject(start, "line", 0);
    cJSON_AddNumberToObject(start, "character", 0);
    cJSON *end = cJSON_AddObjectToObject(range, "end");
    cJSON_AddNumberToObject(end, "line", 0);
    cJSON_AddNumberToObject(end, "character", 0);
    cJSON_AddNumberToObject(d, "severity", 1);
    cJSON_AddStringToObject(d, "source", "kpic");
    cJSON_AddStringToObject(d, "message", text);
    cJSON_AddItemToArray(list, d);
    kpi_rpc_notify(&s->transport, "textDocument/publishDiagnostics", params);
}

/* Drops a document's text when the text alone is over the cap; true when it did. */
static bool drop_if_over_cap(kpi_lsp_server *s, kpi_lsp_document *doc) {
    size_t need = memory_in_use(s, doc);
    if (need <= max_memory(s)) {
        doc->over_cap = false;
        return false;
    }
    kpi_lsp_analysis_free(doc->analysis);
    doc->analysis = NULL;
    free(doc->text);
    doc->text = calloc(1, 1);
    doc->len = 0;
    doc->over_cap = true;
    doc->stale = false;
    publish_over_cap(s, doc, need);
    return true;
}

/* An imported module that is open in the editor is read from its unsaved text. */
static kpi_source *read_module(void *user, kpi_source_map *sources, const char *path) {
    const kpi_lsp_server *s = user;
    char *wanted = realpath(path, NULL);
    const kpi_lsp_document *open = NULL;
    for (const kpi_lsp_document *d = s->docs.head; d && !open; d = d->next) {
        if (strcmp(d->path, path) == 0) open = d;
        else if (wanted) {
            char *have = realpath(d->path, NULL);
            if (have && strcmp(have, wanted) == 0) open = d;
            free(have);
        }
    }
    free(wanted);
    if (!open) return kpi_src_load(sources, path);
    kpi_source *src = kpi_src_add(sources, path, open->text, open->len);
    if (!src) errno = EFBIG;
    return src;
}

void kpi_lsp_refresh(kpi_lsp_server *s, kpi_lsp_document *doc) {
    doc->stale = false;
    if (doc->over_cap) return;
    kpi_lsp_analysis_free(doc->analysis);
    doc->analysis = NULL;
    size_t need = memory_in_use(s, doc) + doc->len * KPI_LSP_ANALYSIS_BYTES_PER_BYTE;
    if (need > max_memory(s)) {
        publish_over_cap(s, doc, need);
        return;
    }
    kpi_lsp_check_options options = s->options->check;
    options.sema.read_module = read_module;
    options.sema.read_module_user = s;
    doc->analysis = kpi_lsp_analyze(doc->uri, doc->path, doc->text, doc->len, &options);
    kpi_lsp_publish_diagnostics(s, doc);
}

void kpi_lsp_refresh_stale(kpi_lsp_server *s) {
    for (kpi_lsp_document *d = s->docs.head; d; d = d->next)
        if (d->stale) kpi_lsp_refresh(s, d);
}

void kpi_lsp_did_open(kpi_lsp_server *s, const cJSON *params) {
    const cJSON *td = kpi_rpc_member(params, "textDocument");
    const char *uri = kpi_rpc_string(td, "uri");
    const char *text = kpi_rpc_string(td, "text");
    if (!uri || !text) return;
    long version = 0;
    kpi_rpc_int(td, "version", &version);
    kpi_lsp_document *doc = kpi_lsp_doc_open(&s->docs, uri, version, text, strlen(text));
    if (doc && !drop_if_over_cap(s, doc)) kpi_lsp_refresh(s, doc);
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
        /* A dropped text can only come back whole (a change without a range). */
        if (doc->over_cap && kpi_rpc_member(change, "range")) continue;
        if (kpi_lsp_doc_apply_change(doc, change)) break;
        if (!kpi_rpc_member(change, "range")) doc->over_cap = false;
    }
    if (doc->over_cap || drop_if_over_cap(s, doc)) return;
    doc->stale = true; /* analysed when no input waits, or before the next request */
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
    if (text) {
        doc = kpi_lsp_doc_open(&s->docs, uri, doc->version, text, strlen(text));
        if (doc) {
            doc->over_cap = false;
            drop_if_over_cap(s, doc);
        }
    }
    for (kpi_lsp_document *d = s->docs.head; d; d = d->next) kpi_lsp_refresh(s, d);
}
