/*
** jsonrpc.h: JSON-RPC 2.0 messages for the language server, built and read
** with cJSON (Debian's libcjson) on top of the framing in transport.h.
**
** Every reply goes through here so that the shape of responses, errors and
** notifications is written once.
*/
#ifndef KPI_LSP_JSONRPC_H
#define KPI_LSP_JSONRPC_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "transport.h"

/* JSON-RPC and LSP error codes. */
#define KPI_RPC_PARSE_ERROR (-32700)
#define KPI_RPC_INVALID_REQUEST (-32600)
#define KPI_RPC_METHOD_NOT_FOUND (-32601)
#define KPI_RPC_INVALID_PARAMS (-32602)
#define KPI_RPC_INTERNAL_ERROR (-32603)
#define KPI_RPC_SERVER_NOT_INITIALIZED (-32002)
#define KPI_RPC_INVALID_AFTER_SHUTDOWN (-32600)
#define KPI_RPC_REQUEST_FAILED (-32803)

/* One incoming message, classified. Pointers point into `root`. */
typedef struct kpi_rpc_message {
    cJSON *root;
    const char *method;  /* NULL for responses */
    const cJSON *id;     /* NULL for notifications */
    const cJSON *params; /* may be NULL */
} kpi_rpc_message;

typedef enum kpi_rpc_parse_status {
    KPI_RPC_OK,
    KPI_RPC_BAD_JSON,  /* not JSON: answer -32700 with id null */
    KPI_RPC_BAD_SHAPE, /* JSON, but not a request/notification/response: -32600 */
} kpi_rpc_parse_status;

/* Parses body; on OK and BAD_SHAPE msg->root must be freed with cJSON_Delete. */
kpi_rpc_parse_status kpi_rpc_parse(const char *body, size_t len, kpi_rpc_message *msg);

/* Sends a response with result (ownership taken; NULL sends `null`). */
bool kpi_rpc_reply(kpi_lsp_transport *t, const cJSON *id, cJSON *result);
/* Sends an error response; id NULL sends `"id": null`. */
bool kpi_rpc_reply_error(kpi_lsp_transport *t, const cJSON *id, int code, const char *message);
/* Sends a notification with params (ownership taken). */
bool kpi_rpc_notify(kpi_lsp_transport *t, const char *method, cJSON *params);

/* Small readers that tolerate missing or mistyped members. */
const cJSON *kpi_rpc_member(const cJSON *obj, const char *name);
const char *kpi_rpc_string(const cJSON *obj, const char *name);
bool kpi_rpc_int(const cJSON *obj, const char *name, long *out);

#endif
