/*
** server.h: the language server's state and the handler interface shared by
** the feature files (sync.c, hover.c, definition.c, completion.c, symbols.c,
** formatting.c, code_action.c). Private to compiler/lsp.
*/
#ifndef KPI_LSP_SERVER_H
#define KPI_LSP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "analysis.h"
#include "documents.h"
#include "jsonrpc.h"
#include "lsp.h"
#include "transport.h"

typedef enum kpi_lsp_state {
    KPI_LSP_UNINITIALIZED, /* only initialize (and exit) are accepted */
    KPI_LSP_RUNNING,
    KPI_LSP_SHUT_DOWN, /* after shutdown: only exit */
} kpi_lsp_state;

typedef struct kpi_lsp_server {
    kpi_lsp_transport transport;
    kpi_lsp_documents docs;
    const kpi_lsp_options *options;
    kpi_lsp_state state;
    bool exit_received;
} kpi_lsp_server;

/* An error a request handler reports instead of a result. */
typedef struct kpi_lsp_error {
    int code; /* 0: no error */
    char message[256];
} kpi_lsp_error;

void kpi_lsp_fail(kpi_lsp_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A request handler returns its result (NULL means JSON null) or sets *err. */
typedef cJSON *(*kpi_lsp_request_fn)(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err);
typedef void (*kpi_lsp_notification_fn)(kpi_lsp_server *s, const cJSON *params);

/* ---- positions (positions.c) -------------------------------------------------- */

/* {line, character} of a byte offset, in UTF-16 code units. */
cJSON *kpi_lsp_position_json(const kpi_source *src, uint32_t offset);
/* {start, end} of a span in src. */
cJSON *kpi_lsp_range_json(const kpi_source *src, kpi_span span);
/* {uri, range} of a span in whichever file of the analysis it belongs to; NULL if none. */
cJSON *kpi_lsp_location_json(const kpi_lsp_analysis *a, kpi_span span);
/* The open document named by params.textDocument.uri, or NULL after setting *err. */
kpi_lsp_document *kpi_lsp_params_document(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err);
/* The byte offset of params.position in the document; false after setting *err. */
bool kpi_lsp_params_offset(const kpi_lsp_document *doc, const cJSON *params, uint32_t *offset,
                           kpi_lsp_error *err);
/*
** The symbol named at params.position in the open document (hover, definition),
** with the document's analysis and the byte offset; NULL when no name is
** there, or after setting *err.
*/
const kpi_sema_symbol *kpi_lsp_params_symbol(kpi_lsp_server *s, const cJSON *params,
                                             kpi_lsp_analysis **analysis, uint32_t *offset,
                                             kpi_lsp_error *err);
/* Byte offset of an LSP Position object in src; false when malformed. */
bool kpi_lsp_read_offset(const kpi_source *src, const cJSON *position, uint32_t *offset);

/* ---- features ------------------------------------------------------------------- */

/* Re-analyses a document after its text changed and publishes its diagnostics. */
void kpi_lsp_refresh(kpi_lsp_server *s, kpi_lsp_document *doc);
/* Analyses every document edited since its last analysis (coalesced didChange). */
void kpi_lsp_refresh_stale(kpi_lsp_server *s);
/* The LSP Diagnostic for one compiler diagnostic located in the document. */
cJSON *kpi_lsp_diagnostic_json(const kpi_lsp_analysis *a, const kpi_diagnostic *d);
/* Sends textDocument/publishDiagnostics for the document (empty list when clean). */
void kpi_lsp_publish_diagnostics(kpi_lsp_server *s, const kpi_lsp_document *doc);

void kpi_lsp_did_open(kpi_lsp_server *s, const cJSON *params);
void kpi_lsp_did_change(kpi_lsp_server *s, const cJSON *params);
void kpi_lsp_did_close(kpi_lsp_server *s, const cJSON *params);
void kpi_lsp_did_save(kpi_lsp_server *s, const cJSON *params);

cJSON *kpi_lsp_hover(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err);
cJSON *kpi_lsp_definition(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err);
cJSON *kpi_lsp_completion(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err);
cJSON *kpi_lsp_document_symbols(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err);
cJSON *kpi_lsp_formatting(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err);
cJSON *kpi_lsp_code_action(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err);

#endif
