/*
** test_lsp_protocol.c: the protocol side of `kpic lsp`, one server per test:
** the lifecycle, and what a client may get wrong (malformed JSON, unknown
** methods, requests before initialize or after shutdown, bad headers,
** oversized messages, a stream that ends in the middle of a message). Each
** test drives the real executable over pipes (lsp_client.c).
**
** usage: test_lsp_protocol KPIC
*/
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsp_fixture.h"

static const char *kpic; /* set once in main */

/* ---- lifecycle ------------------------------------------------------------- */

static void test_initialize_capabilities(void **state) {
    (void)state;
    lsp_client *c = lsp_start(kpic, NULL);
    cJSON *r = lsp_request(c, "initialize", "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}");
    assert_non_null(r);
    assert_int_equal(lsp_get_number(r, "id", -1), 1);
    assert_int_equal(lsp_get_number(r, "result.capabilities.textDocumentSync.change", 0), 2);
    assert_true(cJSON_IsTrue(lsp_get(r, "result.capabilities.textDocumentSync.openClose")));
    assert_true(cJSON_IsTrue(lsp_get(r, "result.capabilities.hoverProvider")));
    assert_true(cJSON_IsTrue(lsp_get(r, "result.capabilities.definitionProvider")));
    assert_true(cJSON_IsTrue(lsp_get(r, "result.capabilities.documentSymbolProvider")));
    assert_true(cJSON_IsTrue(lsp_get(r, "result.capabilities.documentFormattingProvider")));
    assert_non_null(lsp_get(r, "result.capabilities.completionProvider"));
    assert_string_equal(lsp_get_string(r, "result.capabilities.codeActionProvider.codeActionKinds.0"),
                        "quickfix");
    assert_string_equal(lsp_get_string(r, "result.serverInfo.name"), "kpic");
    cJSON_Delete(r);
    /* a second initialize is refused */
    r = lsp_request(c, "initialize", "{\"capabilities\":{}}");
    assert_int_equal(error_code(r), -32600);
    cJSON_Delete(r);
    lsp_notify(c, "initialized", "{}");
    shut_down(c);
}

static void test_exit_without_shutdown(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    lsp_notify(c, "exit", "null");
    assert_int_equal(lsp_wait_exit(c), 1);
    lsp_finish(c);
}

static void test_end_of_input_ends_server(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    /* half a message, then the client goes away: the server must not hang */
    lsp_send_raw(c, "Content-Length: 100\r\n\r\n{\"jsonrpc\"", 33);
    assert_int_equal(lsp_finish(c), 1);
}

static void test_client_stops_reading(void **state) {
    (void)state;
    lsp_client *c = lsp_start(kpic, NULL);
    /* the client closes its end of the server's output: writing fails, the server ends with 1, not a signal */
    close(c->from_server);
    c->from_server = open("/dev/null", O_RDONLY);
    lsp_send(c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
    lsp_send(c, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
    assert_int_equal(lsp_wait_exit(c), 1);
    lsp_finish(c);
}

static void test_before_initialize(void **state) {
    (void)state;
    lsp_client *c = lsp_start(kpic, NULL);
    cJSON *r = lsp_request(c, "textDocument/hover", at("file:///x.kpi", 0, 0));
    assert_int_equal(error_code(r), -32002);
    cJSON_Delete(r);
    /* a notification before initialize is dropped: the document is not open afterwards */
    lsp_notify(c, "textDocument/didOpen",
               "{\"textDocument\":{\"uri\":\"file:///"
               "early.kpi\",\"languageId\":\"kpi\",\"version\":1,\"text\":\"metric a : EUR\\n\"}}");
    cJSON_Delete(lsp_initialize(c));
    r = lsp_request(c, "textDocument/documentSymbol", "{\"textDocument\":{\"uri\":\"file:///early.kpi\"}}");
    assert_int_equal(error_code(r), -32602);
    cJSON_Delete(r);
    assert_int_equal(c->pending_count, 0); /* no diagnostics were published for it */
    shut_down(c);
}

static void test_after_shutdown(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    cJSON *r = lsp_request(c, "shutdown", "null");
    cJSON_Delete(r);
    r = lsp_request(c, "textDocument/hover", at("file:///x.kpi", 0, 0));
    assert_int_equal(error_code(r), -32600);
    cJSON_Delete(r);
    lsp_notify(c, "exit", "null");
    assert_int_equal(lsp_wait_exit(c), 0);
    lsp_finish(c);
}

/* ---- bad input ---------------------------------------------------------------- */

static void test_malformed_json(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    lsp_send(c, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":");
    cJSON *r = lsp_read(c);
    assert_int_equal(error_code(r), -32700);
    assert_true(cJSON_IsNull(lsp_get(r, "id")));
    cJSON_Delete(r);
    /* not an object, and an object that is neither request nor notification */
    lsp_send(c, "[1,2,3]");
    r = lsp_read(c);
    assert_int_equal(error_code(r), -32600);
    cJSON_Delete(r);
    lsp_send(c, "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"shutdown\"}");
    r = lsp_read(c);
    assert_int_equal(error_code(r), -32600);
    cJSON_Delete(r);
    /* deeply nested JSON is refused by the parser, not a crash */
    char deep[5000];
    memset(deep, '[', 4000);
    deep[4000] = '\0';
    lsp_send(c, deep);
    r = lsp_read(c);
    assert_int_equal(error_code(r), -32700);
    cJSON_Delete(r);
    shut_down(c);
}

static void test_unknown_method(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    cJSON *r = lsp_request(c, "textDocument/rename", "{}");
    assert_int_equal(error_code(r), -32601);
    assert_non_null(strstr(lsp_get_string(r, "error.message"), "textDocument/rename"));
    cJSON_Delete(r);
    /* an unknown notification gets no answer: the next reply is the next request's */
    lsp_notify(c, "custom/whatever", "{}");
    lsp_notify(c, "$/cancelRequest", "{\"id\":1}");
    int id = lsp_send_request(c, "shutdown", "null");
    r = lsp_read(c);
    assert_int_equal(lsp_get_number(r, "id", -1), id);
    cJSON_Delete(r);
    lsp_notify(c, "exit", "null");
    assert_int_equal(lsp_wait_exit(c), 0);
    lsp_finish(c);
}

static void test_bad_header_then_resync(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    const char *bad = "Content-Type: application/json\r\n\r\n";
    lsp_send_raw(c, bad, strlen(bad));
    cJSON *r = lsp_read(c);
    assert_int_equal(error_code(r), -32600);
    assert_non_null(strstr(lsp_get_string(r, "error.message"), "Content-Length"));
    cJSON_Delete(r);
    const char *garbage =
        "Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}";
    lsp_send_raw(c, garbage, strlen(garbage));
    r = lsp_read(c);
    assert_int_equal(error_code(r), -32600);
    cJSON_Delete(r);
    /* negative, and a body shorter than declared: the next message is still read */
    const char *negative = "Content-Length: -5\r\n\r\n{}";
    lsp_send_raw(c, negative, strlen(negative));
    r = lsp_read(c);
    assert_int_equal(error_code(r), -32600);
    cJSON_Delete(r);
    const char *short_body = "Content-Length: 40\r\n\r\n{}";
    lsp_send_raw(c, short_body, strlen(short_body));
    int id = lsp_send_request(c, "textDocument/hover", "{}");
    r = lsp_read(c);
    assert_int_equal(error_code(r), -32700); /* the short body and the header it swallowed */
    cJSON_Delete(r);
    r = lsp_read(c);
    assert_int_equal(lsp_get_number(r, "id", -1), id); /* answered: the stream is back in step */
    cJSON_Delete(r);
    shut_down(c); /* shutdown and exit are read too */
}

/*
** Edits that arrive together are coalesced: 20 didChange and a hover sent in
** one write (under PIPE_BUF, so the server finds them all queued) give one
** check, published once with the last version, before the hover's answer.
*/
static void test_queued_edits_are_coalesced(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    cJSON_Delete(lsp_open(c, "file:///co.kpi", "metric a : EUR\n"));
    char burst[4000];
    size_t n = 0;
    for (int v = 2; v <= 21; v++) {
        char body[200];
        int len = snprintf(
            body, sizeof body,
            "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":"
            "{\"uri\":\"file:///co.kpi\",\"version\":%d},\"contentChanges\":[{\"text\":\"metric a%d : "
            "EUR\\n\"}]}}",
            v, v);
        n += (size_t)snprintf(burst + n, sizeof burst - n, "Content-Length: %d\r\n\r\n%s", len, body);
    }
    const char *hover =
        "{\"jsonrpc\":\"2.0\",\"id\":900,\"method\":\"textDocument/hover\",\"params\":"
        "{\"textDocument\":{\"uri\":\"file:///co.kpi\"},\"position\":{\"line\":0,\"character\":8}}}";
    n += (size_t)snprintf(burst + n, sizeof burst - n, "Content-Length: %zu\r\n\r\n%s", strlen(hover), hover);
    assert_true(n < 4096);
    lsp_send_raw(c, burst, n);
    int published = 0;
    for (;;) {
        cJSON *m = lsp_read(c);
        assert_non_null(m);
        if (lsp_get_number(m, "id", -1) == 900) {
            assert_null(lsp_get(m, "error"));
            cJSON_Delete(m);
            break;
        }
        if (lsp_get_string(m, "method") &&
            strcmp(lsp_get_string(m, "method"), "textDocument/publishDiagnostics") == 0) {
            published++;
            assert_int_equal(lsp_get_number(m, "params.version", -1), 21);
        }
        cJSON_Delete(m);
    }
    assert_int_equal(published, 1);
    shut_down(c);
}

/* The memory cap: a document whose analysis would not fit is not analysed, and says why. */
static void test_memory_cap(void **state) {
    (void)state;
    const char *args[] = {"--max-memory=100000", NULL};
    lsp_client *c = lsp_start(kpic, args);
    cJSON_Delete(lsp_initialize(c));
    char text[5100];
    size_t n = 0;
    while (n < 5000) n += (size_t)snprintf(text + n, sizeof text - n, "metric m%zu : EUR\n", n);
    cJSON *d = lsp_open(c, "file:///big.kpi", text);
    assert_non_null(d);
    assert_int_equal(cJSON_GetArraySize(lsp_get(d, "params.diagnostics")), 1);
    const char *message = lsp_get_string(d, "params.diagnostics.0.message");
    assert_non_null(strstr(message,
                           "not analysed: the open documents would need 201 KiB, more than the language "
                           "server's limit of 98 KiB (kpic lsp --max-memory=BYTES)"));
    cJSON_Delete(d);
    cJSON *r = lsp_request(c, "textDocument/hover", at("file:///big.kpi", 0, 8));
    assert_int_equal(error_code(r), -32602);
    assert_non_null(strstr(lsp_get_string(r, "error.message"), "over the memory cap"));
    cJSON_Delete(r);
    /* a small document still fits beside it */
    d = lsp_open(c, "file:///small.kpi", "metric a : EUR\n");
    assert_int_equal(cJSON_GetArraySize(lsp_get(d, "params.diagnostics")), 0);
    assert_int_equal(lsp_get_number(d, "params.version", -1), 1);
    cJSON_Delete(d);
    shut_down(c);
}

static void test_oversized_message(void **state) {
    (void)state;
    const char *args[] = {"--max-message=1000", NULL};
    lsp_client *c = lsp_start(kpic, args);
    cJSON_Delete(lsp_initialize(c));
    char big[5000];
    memset(big, ' ', sizeof big);
    memcpy(big, "{\"a\":1}", 7);
    char header[64];
    int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", sizeof big);
    lsp_send_raw(c, header, (size_t)n);
    lsp_send_raw(c, big, sizeof big);
    cJSON *r = lsp_read(c);
    assert_int_equal(error_code(r), -32600);
    assert_non_null(strstr(lsp_get_string(r, "error.message"), "larger than the limit of 1000 bytes"));
    cJSON_Delete(r);
    shut_down(c);
}

static void test_default_limit_is_64_mib(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    size_t size = ((size_t)64 << 20) + 1;
    char header[64];
    int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", size);
    lsp_send_raw(c, header, (size_t)n);
    char *chunk = malloc(1 << 20);
    memset(chunk, ' ', 1 << 20);
    for (size_t sent = 0; sent < size;) {
        size_t k = size - sent < (1u << 20) ? size - sent : (1u << 20);
        lsp_send_raw(c, chunk, k);
        sent += k;
    }
    free(chunk);
    cJSON *r = lsp_read(c);
    assert_int_equal(error_code(r), -32600);
    assert_non_null(strstr(lsp_get_string(r, "error.message"), "67108865 bytes"));
    cJSON_Delete(r);
    shut_down(c);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_lsp_protocol KPIC\n");
        return 2;
    }
    kpic = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_initialize_capabilities),
        cmocka_unit_test(test_exit_without_shutdown),
        cmocka_unit_test(test_end_of_input_ends_server),
        cmocka_unit_test(test_client_stops_reading),
        cmocka_unit_test(test_before_initialize),
        cmocka_unit_test(test_after_shutdown),
        cmocka_unit_test(test_malformed_json),
        cmocka_unit_test(test_unknown_method),
        cmocka_unit_test(test_bad_header_then_resync),
        cmocka_unit_test(test_queued_edits_are_coalesced),
        cmocka_unit_test(test_memory_cap),
        cmocka_unit_test(test_oversized_message),
        cmocka_unit_test(test_default_limit_is_64_mib),
    };
    return cmocka_run_group_tests_name("lsp protocol", tests, NULL, NULL) ? 1 : 0;
}
