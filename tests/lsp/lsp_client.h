/*
** lsp_client.h: a minimal Language Server Protocol client for tests. It runs
** `kpic lsp` as a child process on two pipes, writes framed messages and reads
** framed replies, keeping notifications that arrive while a response is
** awaited so a test can ask for them afterwards.
*/
#ifndef KPI_TEST_LSP_CLIENT_H
#define KPI_TEST_LSP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

typedef struct lsp_client {
    pid_t pid;
    int to_server, from_server;
    char *buf; /* bytes read and not yet consumed */
    size_t len, cap;
    cJSON *pending[64]; /* notifications received while waiting for a response */
    int pending_count;
    int next_id;
} lsp_client;

/* Starts KPIC lsp with extra arguments (NULL-terminated, may be NULL). */
lsp_client *lsp_start(const char *kpic, const char *const *extra_args);
/* Closes the pipes, waits for the server and returns its exit status (-1 on a signal). */
int lsp_finish(lsp_client *c);
/* Waits for the server to exit by itself; its exit status, or -2 if it is still running after the wait. */
int lsp_wait_exit(lsp_client *c);

void lsp_send_raw(lsp_client *c, const char *bytes, size_t len);
/* Sends one framed message. */
void lsp_send(lsp_client *c, const char *json);
/* Sends a notification; params is JSON text. */
void lsp_notify(lsp_client *c, const char *method, const char *params);
/* Sends a request and returns its id. */
int lsp_send_request(lsp_client *c, const char *method, const char *params);

/* Reads the next message (NULL when the server closed its output or did not answer within 20 s). */
cJSON *lsp_read(lsp_client *c);
/* Reads until the response with this id; NULL on failure. Notifications are kept. */
cJSON *lsp_response(lsp_client *c, int id);
/* Sends a request and waits for its response. */
cJSON *lsp_request(lsp_client *c, const char *method, const char *params);
/* The next notification of this method (kept or newly read); NULL on failure. */
cJSON *lsp_notification(lsp_client *c, const char *method);

/* initialize + initialized; returns the initialize result message. */
cJSON *lsp_initialize(lsp_client *c);
/* Opens a document and returns the publishDiagnostics notification for it. */
cJSON *lsp_open(lsp_client *c, const char *uri, const char *text);

/* Looks up a path of object members and array indexes: "result.items.0.label". */
const cJSON *lsp_get(const cJSON *root, const char *path);
const char *lsp_get_string(const cJSON *root, const char *path);
double lsp_get_number(const cJSON *root, const char *path, double fallback);

#endif
