/*
** documents.h: the text of every document the client has open.
**
** The client owns these texts while they are open (didOpen .. didClose); the
** server keeps a copy, applies incremental edits whose positions are LSP
** (0-based line, UTF-16 character) pairs, and keeps the latest analysis of
** each document for the feature handlers.
*/
#ifndef KPI_LSP_DOCUMENTS_H
#define KPI_LSP_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct kpi_lsp_analysis;

typedef struct kpi_lsp_document {
    struct kpi_lsp_document *next;
    char *uri;  /* as the client sent it */
    char *path; /* file system path for file: URIs, else the URI */
    long version;
    char *text; /* malloc'ed, NUL-terminated */
    size_t len;
    struct kpi_lsp_analysis *analysis; /* latest; NULL until analysed, or when over the memory cap */
    bool stale;                        /* edited since the analysis: analysed before the next request */
    bool over_cap;                     /* refused by the memory cap (sync.c): not analysed, edits ignored */
} kpi_lsp_document;

typedef struct kpi_lsp_documents {
    kpi_lsp_document *head;
    size_t count;
} kpi_lsp_documents;

/* Opens (or replaces) a document; returns it, NULL on out of memory. */
kpi_lsp_document *kpi_lsp_doc_open(kpi_lsp_documents *docs, const char *uri, long version, const char *text,
                                   size_t len);
kpi_lsp_document *kpi_lsp_doc_find(const kpi_lsp_documents *docs, const char *uri);
/* Closes a document and frees it with its analysis; false when it was not open. */
bool kpi_lsp_doc_close(kpi_lsp_documents *docs, const char *uri);
void kpi_lsp_doc_close_all(kpi_lsp_documents *docs);

/*
** Applies one TextDocumentContentChangeEvent: with a "range" it replaces that
** range, without one it replaces the whole text. Returns NULL on success or a
** static message describing what was wrong with the change.
*/
const char *kpi_lsp_doc_apply_change(kpi_lsp_document *doc, const cJSON *change);

/* file:///a%20b.kpi -> /a b.kpi (malloc'ed); NULL for other schemes. */
char *kpi_lsp_uri_to_path(const char *uri);
/* /a b.kpi -> file:///a%20b.kpi (malloc'ed); relative paths are made absolute. */
char *kpi_lsp_path_to_uri(const char *path);

#endif
