/*
** server.c: the language server's main loop, lifecycle and dispatch.
**
** One message at a time: read a frame, classify it, call the handler, write
** the reply. The lifecycle follows the protocol: before `initialize` every
** request gets ServerNotInitialized (-32002) and notifications are dropped;
** after `shutdown` every request but `exit` is refused; `exit` ends the loop
** with status 0 after a shutdown and 1 otherwise. Bad frames, bad JSON and
** unknown methods get JSON-RPC errors and the loop goes on. When the output
** can no longer be written (the client is gone) the loop ends.
**
** Edits are coalesced: didChange only applies the edit, and edited documents
** are analysed when no more input is waiting or before a request is answered
** (sync.c), so a burst of keystrokes costs one analysis, not one per key.
** A body that is not JSON may hold the next message's header (its
** Content-Length was too large): reading resumes there (transport.h).
*/
#include "server.h"

#include <stdlib.h>
#include <string.h>

typedef struct request_entry {
    const char *method;
    kpi_lsp_request_fn fn;
} request_entry;

typedef struct notification_entry {
    const char *method;
    kpi_lsp_notification_fn fn;
} notification_entry;

static cJSON *capabilities(void) {
    cJSON *caps = cJSON_CreateObject();
    cJSON_AddStringToObject(caps, "positionEncoding", "utf-16");
    cJSON *sync = cJSON_AddObjectToObject(caps, "textDocumentSync");
    cJSON_AddTrueToObject(sync, "openClose");
    cJSON_AddNumberToObject(sync, "change", 2); /* incremental */
    cJSON *save = cJSON_AddObjectToObject(sync, "save");
    cJSON_AddFalseToObject(save, "includeText");
    cJSON_AddTrueToObject(caps, "hoverProvider");
    cJSON_AddTrueToObject(caps, "definitionProvider");
    cJSON *completion = cJSON_AddObjectToObject(caps, "completionProvider");
    const char *triggers[] = {".", ":", "("};
    cJSON_AddItemToObject(completion, "triggerCharacters", cJSON_CreateStringArray(triggers, 3));
    cJSON_AddTrueToObject(caps, "documentSymbolProvider");
    cJSON_AddTrueToObject(caps, "documentFormattingProvider");
    cJSON *actions = cJSON_AddObjectToObject(caps, "codeActionProvider");
    const char *kinds[] = {"quickfix"};
    cJSON_AddItemToObject(actions, "codeActionKinds", cJSON_CreateStringArray(kinds, 1));
    return caps;
}

static cJSON *handle_initialize(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    (void)params;
    if (s->state != KPI_LSP_UNINITIALIZED) {
        kpi_lsp_fail(err, KPI_RPC_INVALID_REQUEST, "initialize was already received");
        return NULL;
    }
    s->state = KPI_LSP_RUNNING;
    cJSON *result = cJSON_CreateObject();
    cJSON_AddItemToObject(result, "capabilities", capabilities());
    cJSON *info = cJSON_AddObjectToObject(result, "serverInfo");
    cJSON_AddStringToObject(info, "name", "kpic");
    return result;
}

static cJSON *handle_shutdown(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    (void)params;
    (void)err;
    s->state = KPI_LSP_SHUT_DOWN;
    return NULL;
}

static const request_entry requests[] = {
    {"initialize", handle_initialize},
    {"shutdown", handle_shutdown},
    {"textDocument/hover", kpi_lsp_hover},
    {"textDocument/definition", kpi_lsp_definition},
    {"textDocument/completion", kpi_lsp_completion},
    {"textDocument/documentSymbol", kpi_lsp_document_symbols},
    {"textDocument/formatting", kpi_lsp_formatting},
    {"textDocument/codeAction", kpi_lsp_code_action},
};

static const notification_entry notifications[] = {
    {"textDocument/didOpen", kpi_lsp_did_open},
    {"textDocument/didChange", kpi_lsp_did_change},
    {"textDocument/didClose", kpi_lsp_did_close},
    {"textDocument/didSave", kpi_lsp_did_save},
};

static void handle_request(kpi_lsp_server *s, const kpi_rpc_message *msg) {
    const request_entry *entry = NULL;
    for (size_t i = 0; i < sizeof requests / sizeof *requests; i++)
        if (strcmp(requests[i].method, msg->method) == 0) entry = &requests[i];
    if (s->state == KPI_LSP_UNINITIALIZED && !(entry && entry->fn == handle_initialize)) {
        kpi_rpc_reply_error(&s->transport, msg->id, KPI_RPC_SERVER_NOT_INITIALIZED,
                            "the server is not initialized: send 'initialize' first");
        return;
    }
    if (s->state == KPI_LSP_SHUT_DOWN) {
        kpi_rpc_reply_error(&s->transport, msg->id, KPI_RPC_INVALID_REQUEST,
                            "the server is shutting down: only 'exit' is accepted");
        return;
    }
    kpi_lsp_refresh_stale(s); /* answer on the text as it is now */
    if (!entry) {
        char text[300];
        snprintf(text, sizeof text, "unknown method '%.200s'", msg->method);
        kpi_rpc_reply_error(&s->transport, msg->id, KPI_RPC_METHOD_NOT_FOUND, text);
        return;
    }
    kpi_lsp_error err = {0};
    cJSON *result = entry->fn(s, msg->params, &err);
    if (err.code) {
        cJSON_Delete(result);
        kpi_rpc_reply_error(&s->transport, msg->id, err.code, err.message);
    } else {
        kpi_rpc_reply(&s->transport, msg->id, result);
    }
}

static void handle_notification(kpi_lsp_server *s, const kpi_rpc_message *msg) {
    if (strcmp(msg->method, "exit") == 0) {
        s->exit_received = true;
        return;
    }
    if (s->state != KPI_LSP_RUNNING) return; /* dropped before initialize and after shutdown */
    for (size_t i = 0; i < sizeof notifications / sizeof *notifications; i++) {
        if (strcmp(notifications[i].method, msg->method) == 0) {
            notifications[i].fn(s, msg->params);
            return;
        }
    }
    /* initialized, $/cancelRequest, $/setTrace and unknown notifications need nothing. */
}

static void handle_body(kpi_lsp_server *s, const char *body, size_t len) {
    kpi_rpc_message msg;
    switch (kpi_rpc_parse(body, len, &msg)) {
    case KPI_RPC_BAD_JSON:
        kpi_rpc_reply_error(&s->transport, NULL, KPI_RPC_PARSE_ERROR, "message is not valid JSON");
        kpi_lsp_transport_unread_header(&s->transport, body, len);
        return;
    case KPI_RPC_BAD_SHAPE:
        kpi_rpc_reply_error(&s->transport, msg.id, KPI_RPC_INVALID_REQUEST,
                            "message is not a JSON-RPC request, notification or response");
        break;
    case KPI_RPC_OK:
        if (!msg.method) break; /* a response: the server sends no requests, nothing to match */
        if (msg.id) handle_request(s, &msg);
        else handle_notification(s, &msg);
        break;
    }
    cJSON_Delete(msg.root);
}

int kpi_lsp_serve(FILE *in, FILE *out, const kpi_lsp_options *options) {
    kpi_lsp_server s;
    memset(&s, 0, sizeof s);
    kpi_lsp_transport_init(&s.transport, in, out, options->max_message);
    s.options = options;
    while (!s.exit_received && !s.transport.output_failed) {
        char *body;
        size_t len;
        kpi_lsp_read_status st = kpi_lsp_read_message(&s.transport, &body, &len);
        if (st == KPI_LSP_READ_EOF) break;
        if (st == KPI_LSP_READ_BAD_HEADER) {
            kpi_rpc_reply_error(&s.transport, NULL, KPI_RPC_INVALID_REQUEST,
                                "message header without a valid Content-Length; message skipped");
            continue;
        }
        if (st == KPI_LSP_READ_TOO_LARGE) {
            char text[200];
            snprintf(text, sizeof text, "message of %zu bytes is larger than the limit of %zu bytes; skipped",
                     s.transport.last_length, s.transport.max_message);
            kpi_rpc_reply_error(&s.transport, NULL, KPI_RPC_INVALID_REQUEST, text);
            continue;
        }
        handle_body(&s, body, len);
        free(body);
        if (!kpi_lsp_transport_has_input(&s.transport)) kpi_lsp_refresh_stale(&s);
    }
    kpi_lsp_doc_close_all(&s.docs);
    kpi_lsp_transport_free(&s.transport);
    return s.state == KPI_LSP_SHUT_DOWN ? 0 : 1;
}
