/*
** test_lsp_units.c: the language server's building blocks in-process:
** Content-Length framing (transport.c), document URIs and incremental edits
** with UTF-16 positions (documents.c).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lsp/documents.h"
#include "compiler/lsp/transport.h"

/* ---- transport --------------------------------------------------------------- */

static kpi_lsp_read_status read_one(const char *stream, size_t stream_len, size_t cap, char **body,
                                    size_t *len) {
    FILE *in = fmemopen((void *)stream, stream_len, "r");
    assert_non_null(in);
    kpi_lsp_transport t;
    kpi_lsp_transport_init(&t, in, stdout, cap);
    kpi_lsp_read_status st = kpi_lsp_read_message(&t, body, len);
    kpi_lsp_transport_free(&t);
    fclose(in);
    return st;
}

static void test_read_crlf_and_lf(void **state) {
    (void)state;
    char *body;
    size_t len;
    const char *crlf =
        "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}";
    assert_int_equal(read_one(crlf, strlen(crlf), 0, &body, &len), KPI_LSP_READ_OK);
    assert_int_equal(len, 2);
    assert_string_equal(body, "{}");
    free(body);
    const char *lf = "content-length:3\n\n[1]";
    assert_int_equal(read_one(lf, strlen(lf), 0, &body, &len), KPI_LSP_READ_OK);
    assert_string_equal(body, "[1]");
    free(body);
}

static void test_read_bad_headers(void **state) {
    (void)state;
    char *body;
    size_t len;
    const char *none = "Content-Type: x\r\n\r\n{}";
    assert_int_equal(read_one(none, strlen(none), 0, &body, &len), KPI_LSP_READ_BAD_HEADER);
    const char *negative = "Content-Length: -5\r\n\r\n{}";
    assert_int_equal(read_one(negative, strlen(negative), 0, &body, &len), KPI_LSP_READ_BAD_HEADER);
    const char *overflow = "Content-Length: 99999999999999999999999999\r\n\r\n{}";
    assert_int_equal(read_one(overflow, strlen(overflow), 0, &body, &len), KPI_LSP_READ_BAD_HEADER);
    /* an over-long header line is consumed, reported, and the next message is read */
    size_t n = KPI_LSP_MAX_HEADER_LINE * 3;
    char *stream = malloc(n + 100);
    memset(stream, 'X', n);
    strcpy(stream + n, "\r\n\r\nContent-Length: 2\r\n\r\n{}");
    FILE *in = fmemopen(stream, strlen(stream), "r");
    kpi_lsp_transport t;
    kpi_lsp_transport_init(&t, in, stdout, 0);
    assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_BAD_HEADER);
    assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_OK);
    assert_string_equal(body, "{}");
    free(body);
    kpi_lsp_transport_free(&t);
    fclose(in);
    free(stream);
}

/*
** After a header without a usable length (negative, not a number, missing)
** the body's end is unknown: the next message is found by its header, even
** right after the body's last byte, and every later message is read.
*/
static void test_resume_after_bad_length(void **state) {
    (void)state;
    const char *bad[] = {"Content-Length: -5\r\n\r\n", "Content-Length: ten\r\n\r\n",
                         "Content-Type: x\r\n\r\n", "Content-Length: 5\r\nX\r\n\r\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char stream[300];
        snprintf(stream, sizeof stream, "%s{\"id\":1}content-length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]",
                 bad[i]);
        FILE *in = fmemopen(stream, strlen(stream), "r");
        kpi_lsp_transport t;
        kpi_lsp_transport_init(&t, in, stdout, 0);
        char *body;
        size_t len;
        assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_BAD_HEADER);
        assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_OK);
        assert_string_equal(body, "{}");
        free(body);
        assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_OK);
        assert_string_equal(body, "[1]");
        free(body);
        assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_EOF);
        kpi_lsp_transport_free(&t);
        fclose(in);
    }
}

/* A body shorter than declared swallows the next header; handed back, reading resumes there. */
static void test_resume_after_short_body(void **state) {
    (void)state;
    const char *stream =
        "Content-Length: 30\r\n\r\n{\"id\":1}Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]";
    FILE *in = fmemopen((void *)stream, strlen(stream), "r");
    kpi_lsp_transport t;
    kpi_lsp_transport_init(&t, in, stdout, 0);
    char *body;
    size_t len;
    assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_OK);
    assert_int_equal(len, 30);
    assert_true(kpi_lsp_transport_unread_header(&t, body, len));
    free(body);
    assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_OK);
    assert_string_equal(body, "{}");
    free(body);
    assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_OK);
    assert_string_equal(body, "[1]");
    free(body);
    kpi_lsp_transport_free(&t);
    fclose(in);
}

static void test_read_too_large_then_next(void **state) {
    (void)state;
    const char *stream = "Content-Length: 20\r\n\r\n01234567890123456789Content-Length: 2\r\n\r\n{}";
    FILE *in = fmemopen((void *)stream, strlen(stream), "r");
    kpi_lsp_transport t;
    kpi_lsp_transport_init(&t, in, stdout, 10);
    char *body;
    size_t len;
    assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_TOO_LARGE);
    assert_int_equal(t.last_length, 20);
    assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_OK);
    assert_string_equal(body, "{}");
    free(body);
    assert_int_equal(kpi_lsp_read_message(&t, &body, &len), KPI_LSP_READ_EOF);
    kpi_lsp_transport_free(&t);
    fclose(in);
}

static void test_read_truncated_body(void **state) {
    (void)state;
    char *body;
    size_t len;
    const char *cut = "Content-Length: 10\r\n\r\n{\"a\"";
    assert_int_equal(read_one(cut, strlen(cut), 0, &body, &len), KPI_LSP_READ_EOF);
}

static void test_write_frames(void **state) {
    (void)state;
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    kpi_lsp_transport t;
    kpi_lsp_transport_init(&t, stdin, f, 0);
    assert_true(kpi_lsp_write_message(&t, "{\"x\":\"\xC3\xA9\"}", 10));
    fclose(f);
    assert_string_equal(out, "Content-Length: 10\r\n\r\n{\"x\":\"\xC3\xA9\"}");
    free(out);
}

/* ---- documents ----------------------------------------------------------------- */

static void test_uris(void **state) {
    (void)state;
    char *p = kpi_lsp_uri_to_path("file:///home/ann/My%20Goals/caf%C3%A9.kpi");
    assert_string_equal(p, "/home/ann/My Goals/caf\xC3\xA9.kpi");
    char *u = kpi_lsp_path_to_uri(p);
    assert_string_equal(u, "file:///home/ann/My%20Goals/caf%C3%A9.kpi");
    free(p);
    free(u);
    p = kpi_lsp_uri_to_path("file://localhost/tmp/a.kpi");
    assert_string_equal(p, "/tmp/a.kpi");
    free(p);
    assert_null(kpi_lsp_uri_to_path("untitled:Untitled-1"));
    assert_null(kpi_lsp_uri_to_path("file:///a%00b.kpi"));
}

static cJSON *edit(int l0, int c0, int l1, int c1, const char *text) {
    char json[300];
    snprintf(json, sizeof json,
             "{\"range\":{\"start\":{\"line\":%d,\"character\":%d},\"end\":{\"line\":%d,\"character\":%d}},"
             "\"text\":\"%s\"}",
             l0, c0, l1, c1, text);
    return cJSON_Parse(json);
}

static void apply(kpi_lsp_document *doc, cJSON *change) {
    assert_null(kpi_lsp_doc_apply_change(doc, change));
    cJSON_Delete(change);
}

static void test_incremental_edits_utf16(void **state) {
    (void)state;
    kpi_lsp_documents docs = {0};
    /* line 0: a, an emoji (2 UTF-16 units, 4 bytes), b; line 1 with CRLF before it */
    const char *text = "a\xF0\x9F\x98\x80"
                       "b\r\nsecond\n";
    kpi_lsp_document *doc = kpi_lsp_doc_open(&docs, "file:///t.kpi", 1, text, strlen(text));
    assert_non_null(doc);
    assert_string_equal(doc->path, "/t.kpi");
    apply(doc, edit(0, 3, 0, 4, "B")); /* after the emoji: character 3 is 'b' */
    assert_string_equal(doc->text, "a\xF0\x9F\x98\x80"
                                   "B\r\nsecond\n");
    apply(doc, edit(0, 1, 0, 3, "")); /* delete the emoji */
    assert_string_equal(doc->text, "aB\r\nsecond\n");
    apply(doc, edit(0, 2, 1, 3, "-")); /* across the line break */
    assert_string_equal(doc->text, "aB-ond\n");
    apply(doc, edit(5, 0, 9, 9, "end\n")); /* past the end: appended */
    assert_string_equal(doc->text, "aB-ond\nend\n");
    apply(doc, edit(0, 99, 0, 99, "!")); /* past the end of a line: at its end */
    assert_string_equal(doc->text, "aB-ond!\nend\n");
    /* a change without a range replaces everything; a malformed one is refused */
    cJSON *full = cJSON_Parse("{\"text\":\"new\"}");
    apply(doc, full);
    assert_string_equal(doc->text, "new");
    cJSON *bad = cJSON_Parse("{\"range\":{\"start\":{\"line\":\"x\"}},\"text\":\"zz\"}");
    assert_non_null(kpi_lsp_doc_apply_change(doc, bad));
    cJSON_Delete(bad);
    bad = cJSON_Parse("{\"range\":null}");
    assert_non_null(kpi_lsp_doc_apply_change(doc, bad));
    cJSON_Delete(bad);
    assert_string_equal(doc->text, "new");
    assert_true(kpi_lsp_doc_close(&docs, "file:///t.kpi"));
    assert_false(kpi_lsp_doc_close(&docs, "file:///t.kpi"));
    assert_int_equal(docs.count, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_crlf_and_lf),
        cmocka_unit_test(test_read_bad_headers),
        cmocka_unit_test(test_read_too_large_then_next),
        cmocka_unit_test(test_read_truncated_body),
        cmocka_unit_test(test_resume_after_bad_length),
        cmocka_unit_test(test_resume_after_short_body),
        cmocka_unit_test(test_write_frames),
        cmocka_unit_test(test_uris),
        cmocka_unit_test(test_incremental_edits_utf16),
    };
    return cmocka_run_group_tests_name("lsp units", tests, NULL, NULL);
}
