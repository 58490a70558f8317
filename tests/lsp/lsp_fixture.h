/*
** lsp_fixture.h: helpers the scripted LSP tests share: a started and
** initialized server, a clean shutdown, and request parameters. Static inline
** so that each test program takes only what it uses.
*/
#ifndef KPI_TEST_LSP_FIXTURE_H
#define KPI_TEST_LSP_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "lsp_client.h"

/* A server that has answered initialize and been told initialized. */
static inline lsp_client *started(const char *kpic) {
    lsp_client *c = lsp_start(kpic, NULL);
    assert_non_null(c);
    cJSON *init = lsp_initialize(c);
    assert_non_null(init);
    cJSON_Delete(init);
    return c;
}

/* shutdown (answered with null), exit, and exit status 0. */
static inline void shut_down(lsp_client *c) {
    cJSON *r = lsp_request(c, "shutdown", "null");
    assert_non_null(r);
    assert_true(cJSON_IsNull(lsp_get(r, "result")));
    cJSON_Delete(r);
    lsp_notify(c, "exit", "null");
    assert_int_equal(lsp_wait_exit(c), 0);
    lsp_finish(c);
}

static inline int error_code(const cJSON *msg) {
    return (int)lsp_get_number(msg, "error.code", 0);
}

/* TextDocumentPositionParams for (line, character) of uri, in a static buffer. */
static inline const char *at(const char *uri, int line, int character) {
    static char buf[600];
    snprintf(buf, sizeof buf,
             "{\"textDocument\":{\"uri\":\"%s\"},\"position\":{\"line\":%d,\"character\":%d}}", uri, line,
             character);
    return buf;
}

#endif
