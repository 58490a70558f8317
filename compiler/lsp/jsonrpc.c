/*
** jsonrpc.c: classifying incoming JSON-RPC messages and sending replies.
**
** A message is a request (method and id), a notification (method, no id) or a
** response to something the server sent (id, no method; the server sends no
** requests, so these are read and dropped). Anything else is an invalid
** request. Ids are echoed back as they came (number or string).
*/
#include "jsonrpc.h"

#include <stdlib.h>
#include <string.h>

kpi_rpc_parse_status kpi_rpc_parse(const char *body, size_t len, kpi_rpc_message *msg) {
    memset(msg, 0, sizeof *msg);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    if (!root) return KPI_RPC_BAD_JSON;
    /* Bytes after the value are no JSON either (often the next message's header; server.c) */
    while (end && end < body + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')) end++;
    if (end && end < body + len && *end) {
        cJSON_Delete(root);
        return KPI_RPC_BAD_JSON;
    }
    msg->root = root;
    if (!cJSON_IsObject(root)) return KPI_RPC_BAD_SHAPE;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (id && !cJSON_IsNumber(id) && !cJSON_IsString(id) && !cJSON_IsNull(id)) return KPI_RPC_BAD_SHAPE;
    msg->id = id;
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(root, "method");
    if (method) {
        if (!cJSON_IsString(method)) return KPI_RPC_BAD_SHAPE;
        msg->method = method->valuestring;
    } else if (!id) {
        return KPI_RPC_BAD_SHAPE;
    }
    msg->params = cJSON_GetObjectItemCaseSensitive(root, "params");
    return KPI_RPC_OK;
}

static bool send_json(kpi_lsp_transport *t, cJSON *msg) {
    char *text = cJSON_PrintUnformatted(msg);
    cJSON_Delete(msg);
    if (!text) return false;
    bool ok = kpi_lsp_write_message(t, text, strlen(text));
    free(text);
    return ok;
}

static cJSON *envelope(const cJSON *id) {
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddItemToObject(msg, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
    return msg;
}

bool kpi_rpc_reply(kpi_lsp_transport *t, const cJSON *id, cJSON *result) {
    cJSON *msg = envelope(id);
    cJSON_AddItemToObject(msg, "result", result ? result : cJSON_CreateNull());
    return send_json(t, msg);
}

bool kpi_rpc_reply_error(kpi_lsp_transport *t, const cJSON *id, int code, const char *message) {
    cJSON *msg = envelope(id);
    cJSON *error = cJSON_AddObjectToObject(msg, "error");
    cJSON_AddNumberToObject(error, "code", code);
    cJSON_AddStringToObject(error, "message", message);
    return send_json(t, msg);
}

bool kpi_rpc_notify(kpi_lsp_transport *t, const char *method, cJSON *params) {
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddStringToObject(msg, "method", method);
    cJSON_AddItemToObject(msg, "params", params ? params : cJSON_CreateNull());
    return send_json(t, msg);
}

const cJSON *kpi_rpc_member(const cJSON *obj, const char *name) {
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

const char *kpi_rpc_string(const cJSON *obj, const char *name) {
    const cJSON *v = kpi_rpc_member(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool kpi_rpc_int(const cJSON *obj, const char *name, long *out) {
    const cJSON *v = kpi_rpc_member(obj, name);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 2147483647.0) return false;
    *out = (long)v->valuedouble;
    return true;
}
