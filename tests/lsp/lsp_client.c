/*
** lsp_client.c: the test client behind test_lsp.c and the benchmark in
** bench/lsp. Plain POSIX: fork/exec, pipes, poll with a generous guard so
** that a hung server fails a test instead of hanging the suite.
*/
#include "lsp_client.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define READ_GUARD_MS 20000

lsp_client *lsp_start(const char *kpic, const char *const *extra_args) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return NULL;
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0) return NULL;
    if (pid == 0) {
        /* Move the ends above 2 first: when the test runs without a standard
        ** input, pipe() may have handed out fd 0 or 1 itself. */
        int r = fcntl(in[0], F_DUPFD, 3), w = fcntl(out[1], F_DUPFD, 3);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        dup2(r, 0);
        dup2(w, 1);
        close(r);
        close(w);
        const char *argv[32] = {kpic, "lsp"};
        int n = 2;
        for (int i = 0; extra_args && extra_args[i] && n < 31; i++) argv[n++] = extra_args[i];
        argv[n] = NULL;
        execv(kpic, (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    lsp_client *c = calloc(1, sizeof *c);
    c->pid = pid;
    c->to_server = in[1];
    c->from_server = out[0];
    c->next_id = 1;
    return c;
}

static int wait_status(pid_t pid, int tries) {
    for (int i = 0; i < tries; i++) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        usleep(10000);
    }
    return -2;
}

int lsp_wait_exit(lsp_client *c) {
    int st = wait_status(c->pid, 2000);
    if (st != -2) c->pid = 0;
    return st;
}

int lsp_finish(lsp_client *c) {
    if (c->to_server >= 0) close(c->to_server);
    int st = c->pid ? wait_status(c->pid, 2000) : 0;
    if (st == -2) {
        kill(c->pid, SIGKILL);
        waitpid(c->pid, NULL, 0);
    }
    close(c->from_server);
    for (int i = 0; i < c->pending_count; i++) cJSON_Delete(c->pending[i]);
    free(c->buf);
    free(c);
    return st;
}

void lsp_send_raw(lsp_client *c, const char *bytes, size_t len) {
    while (len > 0) {
        ssize_t n = write(c->to_server, bytes, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        bytes += n;
        len -= (size_t)n;
    }
}

void lsp_send(lsp_client *c, const char *json) {
    char header[64];
    int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", strlen(json));
    lsp_send_raw(c, header, (size_t)n);
    lsp_send_raw(c, json, strlen(json));
}

void lsp_notify(lsp_client *c, const char *method, const char *params) {
    size_t cap = strlen(params) + strlen(method) + 100;
    char *msg = malloc(cap);
    snprintf(msg, cap, "{\"jsonrpc\":\"2.0\",\"method\":\"%s\",\"params\":%s}", method, params);
    lsp_send(c, msg);
    free(msg);
}

int lsp_send_request(lsp_client *c, const char *method, const char *params) {
    int id = c->next_id++;
    size_t cap = strlen(params) + strlen(method) + 100;
    char *msg = malloc(cap);
    snprintf(msg, cap, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"%s\",\"params\":%s}", id, method, params);
    lsp_send(c, msg);
    free(msg);
    return id;
}

/* memmem is a GNU extension; this is the portable few lines. */
static const char *find_bytes(const char *hay, size_t hay_len, const char *needle, size_t n) {
    for (size_t i = 0; i + n <= hay_len; i++)
        if (memcmp(hay + i, needle, n) == 0) return hay + i;
    return NULL;
}

/* Reads more bytes into the buffer; false on EOF, error or the guard expiring. */
static bool fill(lsp_client *c) {
    struct pollfd pfd = {c->from_server, POLLIN, 0};
    int r = poll(&pfd, 1, READ_GUARD_MS);
    if (r <= 0) return false;
    if (c->len + 65536 > c->cap) {
        c->cap = (c->len + 65536) * 2;
        c->buf = realloc(c->buf, c->cap);
    }
    ssize_t n = read(c->from_server, c->buf + c->len, c->cap - c->len);
    if (n <= 0) return false;
    c->len += (size_t)n;
    return true;
}

cJSON *lsp_read(lsp_client *c) {
    for (;;) {
        const char *end = c->len ? find_bytes(c->buf, c->len, "\r\n\r\n", 4) : NULL;
        if (end) {
            size_t header_len = (size_t)(end - c->buf) + 4;
            const char *cl = find_bytes(c->buf, header_len, "Content-Length:", 15);
            if (!cl) return NULL;
            size_t body_len = strtoul(cl + 15, NULL, 10);
            while (c->len < header_len + body_len)
                if (!fill(c)) return NULL;
            cJSON *msg = cJSON_ParseWithLength(c->buf + header_len, body_len);
            memmove(c->buf, c->buf + header_len + body_len, c->len - header_len - body_len);
            c->len -= header_len + body_len;
            return msg;
        }
        if (!fill(c)) return NULL;
    }
}

cJSON *lsp_response(lsp_client *c, int id) {
    for (;;) {
        cJSON *msg = lsp_read(c);
        if (!msg) return NULL;
        const cJSON *mid = cJSON_GetObjectItemCaseSensitive(msg, "id");
        if (!cJSON_GetObjectItemCaseSensitive(msg, "method") && cJSON_IsNumber(mid) && mid->valueint == id)
            return msg;
        if (c->pending_count < 64) c->pending[c->pending_count++] = msg;
        else cJSON_Delete(msg);
    }
}

cJSON *lsp_request(lsp_client *c, const char *method, const char *params) {
    return lsp_response(c, lsp_send_request(c, method, params));
}

cJSON *lsp_notification(lsp_client *c, const char *method) {
    for (int i = 0; i < c->pending_count; i++) {
        const char *m = lsp_get_string(c->pending[i], "method");
        if (m && strcmp(m, method) == 0) {
            cJSON *msg = c->pending[i];
            memmove(&c->pending[i], &c->pending[i + 1],
                    (size_t)(c->pending_count - i - 1) * sizeof *c->pending);
            c->pending_count--;
            return msg;
        }
    }
    for (;;) {
        cJSON *msg = lsp_read(c);
        if (!msg) return NULL;
        const char *m = lsp_get_string(msg, "method");
        if (m && strcmp(m, method) == 0) return msg;
        if (c->pending_count < 64) c->pending[c->pending_count++] = msg;
        else cJSON_Delete(msg);
    }
}

cJSON *lsp_initialize(lsp_client *c) {
    cJSON *r = lsp_request(c, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}");
    lsp_notify(c, "initialized", "{}");
    return r;
}

cJSON *lsp_open(lsp_client *c, const char *uri, const char *text) {
    cJSON *params = cJSON_CreateObject();
    cJSON *td = cJSON_AddObjectToObject(params, "textDocument");
    cJSON_AddStringToObject(td, "uri", uri);
    cJSON_AddStringToObject(td, "languageId", "kpi");
    cJSON_AddNumberToObject(td, "version", 1);
    cJSON_AddStringToObject(td, "text", text);
    char *p = cJSON_PrintUnformatted(params);
    lsp_notify(c, "textDocument/didOpen", p);
    free(p);
    cJSON_Delete(params);
    return lsp_notification(c, "textDocument/publishDiagnostics");
}

const cJSON *lsp_get(const cJSON *root, const char *path) {
    char key[128];
    const cJSON *cur = root;
    while (cur && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key) return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        path += n + (path[n] == '.');
        if (cJSON_IsArray(cur)) {
            char *end;
            long i = strtol(key, &end, 10);
            cur = *end ? NULL : cJSON_GetArrayItem(cur, (int)i);
        } else {
            cur = cJSON_GetObjectItemCaseSensitive(cur, key);
        }
    }
    return cur;
}

const char *lsp_get_string(const cJSON *root, const char *path) {
    const cJSON *v = lsp_get(root, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double lsp_get_number(const cJSON *root, const char *path, double fallback) {
    const cJSON *v = lsp_get(root, path);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}
