/*
** test_lsp_features.c: what `kpic lsp` answers, one server per test:
** diagnostics (compared with `kpic check --format=json` for the same text,
** with UTF-16 positions), incremental synchronisation, hover, go to
** definition (including the stdlib), completion in context, document
** symbols, formatting and code actions. Each test drives the real executable
** over pipes (lsp_client.c).
**
** usage: test_lsp_features KPIC
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsp_fixture.h"

static const char *kpic;  /* set once in main */
static char workdir[256]; /* a temporary folder for files the tests need on disk */

/* A document with a syntax-clean body and three semantic errors (N001, A002 twice). */
static const char *const doc_text = "import std.web\n"
                                    "\n"
                                    "owner seo_lead \"SEO lead\"\n"
                                    "\n"
                                    "source site = csv \"site.csv\"\n"
                                    "metric revenue : EUR\n"
                                    "metric profit : EUR = revenue - costs\n"
                                    "\n"
                                    "goal g \"Grow\"\n"
                                    "  raise revenue 10%\n"
                                    "  owner seo_led\n"
                                    "  starting 2026-01\n"
                                    "  within 6 months\n"
                                    "\n"
                                    "goal g2 \"\xF0\x9F\x93\x88\xE2\x82\xAC\" raise visitors 5% owner "
                                    "seo_led starting 2026-01 within 6 months\n";

static char doc_uri[400], doc_path[300];
/* ---- diagnostics ---------------------------------------------------------------- */

/* Runs kpic check --format=json on the test document written to disk. */
static cJSON *check_json(void) {
    char cmd[800];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' check --format=json doc.kpi 2>/dev/null", workdir, kpic);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char out[1 << 16];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    pclose(p);
    return cJSON_Parse(out);
}

static void test_diagnostics_match_check(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    cJSON *pub = lsp_open(c, doc_uri, doc_text);
    assert_non_null(pub);
    assert_string_equal(lsp_get_string(pub, "params.uri"), doc_uri);
    const cJSON *diags = lsp_get(pub, "params.diagnostics");
    cJSON *expected = check_json();
    assert_non_null(expected);
    assert_int_equal(cJSON_GetArraySize(diags), cJSON_GetArraySize(expected));
    assert_true(cJSON_GetArraySize(diags) >= 3);
    for (int i = 0; i < cJSON_GetArraySize(expected); i++) {
        const cJSON *e = cJSON_GetArrayItem(expected, i), *d = cJSON_GetArrayItem(diags, i);
        assert_string_equal(lsp_get_string(d, "code"), lsp_get_string(e, "code"));
        /* the LSP message is the check message (location-less notes follow on their own lines) */
        const char *msg = lsp_get_string(d, "message"), *want = lsp_get_string(e, "message");
        assert_int_equal(strncmp(msg, want, strlen(want)), 0);
        assert_int_equal(lsp_get_number(d, "range.start.line", -1), lsp_get_number(e, "line", 0) - 1);
        const char *sev = lsp_get_string(e, "severity");
        assert_int_equal(lsp_get_number(d, "severity", 0), strcmp(sev, "error") == 0     ? 1
                                                           : strcmp(sev, "warning") == 0 ? 2
                                                                                         : 3);
        const char *smart = lsp_get_string(e, "smart");
        if (smart) assert_string_equal(lsp_get_string(d, "data.smart"), smart);
        if (lsp_get_number(e, "line", 0) < 15) /* ASCII lines: UTF-16 column = byte column */
            assert_int_equal(lsp_get_number(d, "range.start.character", -1),
                             lsp_get_number(e, "column", 0) - 1);
    }
    /* the last error sits after a 4-byte and a 3-byte character: 42 bytes, 38 UTF-16 units */
    const cJSON *last = cJSON_GetArrayItem(diags, cJSON_GetArraySize(diags) - 1);
    assert_string_equal(lsp_get_string(last, "code"), "A002");
    assert_int_equal(lsp_get_number(last, "range.start.line", -1), 14);
    assert_int_equal(lsp_get_number(last, "range.start.character", -1), 38);
    assert_int_equal(lsp_get_number(last, "range.end.character", -1), 45);
    assert_string_equal(lsp_get_string(last, "data.fixes.0.newText"), "seo_lead");
    assert_non_null(strstr(lsp_get_string(last, "message"), "note: did you mean 'seo_lead'?"));
    cJSON_Delete(expected);
    cJSON_Delete(pub);
    shut_down(c);
}

static void test_unparsable_document(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    cJSON *pub = lsp_open(c, "file:///tmp/broken.kpi", "metric a : \ngoal ( raise\n\"unterminated");
    const cJSON *diags = lsp_get(pub, "params.diagnostics");
    assert_true(cJSON_GetArraySize(diags) >= 2);
    bool has_p001 = false, has_l002 = false;
    const cJSON *d;
    cJSON_ArrayForEach(d, diags) {
        const char *code = lsp_get_string(d, "code");
        has_p001 |= strcmp(code, "P001") == 0;
        has_l002 |= strcmp(code, "L002") == 0;
    }
    assert_true(has_p001);
    assert_true(has_l002);
    cJSON_Delete(pub);
    /* binary junk and an empty document are diagnosed too, never a crash */
    pub = lsp_open(c, "file:///tmp/junk.kpi", "\x01\x02\xff\xfe goal \xc3");
    assert_true(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")) >= 1);
    cJSON_Delete(pub);
    pub = lsp_open(c, "file:///tmp/empty.kpi", "");
    assert_int_equal(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")), 0);
    cJSON_Delete(pub);
    shut_down(c);
}

static void change(lsp_client *c, const char *uri, int version, int l0, int c0, int l1, int c1,
                   const char *text) {
    char params[800];
    snprintf(params, sizeof params,
             "{\"textDocument\":{\"uri\":\"%s\",\"version\":%d},\"contentChanges\":[{\"range\":{\"start\":{"
             "\"line\":%d,"
             "\"character\":%d},\"end\":{\"line\":%d,\"character\":%d}},\"text\":\"%s\"}]}",
             uri, version, l0, c0, l1, c1, text);
    lsp_notify(c, "textDocument/didChange", params);
}

static void test_incremental_changes(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    const char *uri = "file:///tmp/inc.kpi";
    cJSON *pub = lsp_open(c, uri, "metric a : EUR\nmetric b : EUR = a + zz\n");
    assert_int_equal(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")), 1);
    assert_string_equal(lsp_get_string(pub, "params.diagnostics.0.code"), "N001");
    cJSON_Delete(pub);
    /* replace "zz" (line 1, characters 21-23) with "a": clean */
    change(c, uri, 2, 1, 21, 1, 23, "a");
    pub = lsp_notification(c, "textDocument/publishDiagnostics");
    assert_int_equal(lsp_get_number(pub, "params.version", 0), 2);
    assert_int_equal(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")), 0);
    cJSON_Delete(pub);
    /* insert a title with a non-BMP character, then an error after it on the same line */
    change(c, uri, 3, 0, 9, 0, 9, "\\\"\xF0\x9F\x98\x80\\\" ");
    pub = lsp_notification(c, "textDocument/publishDiagnostics");
    assert_int_equal(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")), 0);
    cJSON_Delete(pub);
    /* line 0 is now: metric a "😀" : EUR   (the emoji is 2 UTF-16 units: ':' at 14, "EUR" at 16-19) */
    change(c, uri, 4, 0, 16, 0, 19, "@");
    pub = lsp_notification(c, "textDocument/publishDiagnostics");
    const cJSON *diags = lsp_get(pub, "params.diagnostics");
    assert_true(cJSON_GetArraySize(diags) >= 1);
    assert_string_equal(lsp_get_string(diags, "0.code"), "L001");
    assert_int_equal(lsp_get_number(diags, "0.range.start.character", -1), 16);
    cJSON_Delete(pub);
    /* a full replacement (no range) */
    lsp_notify(c, "textDocument/didChange",
               "{\"textDocument\":{\"uri\":\"file:///tmp/"
               "inc.kpi\",\"version\":5},\"contentChanges\":[{\"text\":\"metric q : EUR\\n\"}]}");
    pub = lsp_notification(c, "textDocument/publishDiagnostics");
    assert_int_equal(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")), 0);
    cJSON_Delete(pub);
    /* positions past the end are clamped, not a crash */
    change(c, uri, 6, 99, 99, 120, 5, "metric r : EUR\\n");
    pub = lsp_notification(c, "textDocument/publishDiagnostics");
    assert_int_equal(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")), 0);
    cJSON_Delete(pub);
    cJSON *syms =
        lsp_request(c, "textDocument/documentSymbol", "{\"textDocument\":{\"uri\":\"file:///tmp/inc.kpi\"}}");
    assert_int_equal(cJSON_GetArraySize(lsp_get(syms, "result")), 2);
    assert_string_equal(lsp_get_string(syms, "result.1.name"), "r");
    cJSON_Delete(syms);
    /* didSave re-checks; didClose clears the diagnostics */
    lsp_notify(c, "textDocument/didSave", "{\"textDocument\":{\"uri\":\"file:///tmp/inc.kpi\"}}");
    pub = lsp_notification(c, "textDocument/publishDiagnostics");
    assert_non_null(pub);
    cJSON_Delete(pub);
    lsp_notify(c, "textDocument/didClose", "{\"textDocument\":{\"uri\":\"file:///tmp/inc.kpi\"}}");
    pub = lsp_notification(c, "textDocument/publishDiagnostics");
    assert_string_equal(lsp_get_string(pub, "params.uri"), uri);
    assert_int_equal(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")), 0);
    cJSON_Delete(pub);
    cJSON *r = lsp_request(c, "textDocument/hover", at(uri, 0, 0));
    assert_int_equal(error_code(r), -32602); /* closed */
    cJSON_Delete(r);
    shut_down(c);
}

/* Writes text to a file in the work folder. */
static void write_file(const char *name, const char *text) {
    char path[400];
    snprintf(path, sizeof path, "%s/%s", workdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_imports_and_save(void **state) {
    (void)state;
    write_file("lib.kpi", "metric shared_metric : EUR\n");
    char main_uri[400], lib_uri[400];
    snprintf(main_uri, sizeof main_uri, "file://%s/main.kpi", workdir);
    snprintf(lib_uri, sizeof lib_uri, "file://%s/lib.kpi", workdir);
    lsp_client *c = started(kpic);
    cJSON *pub = lsp_open(c, main_uri, "import lib\nmetric y : EUR = shared_metric * 2\n");
    assert_int_equal(cJSON_GetArraySize(lsp_get(pub, "params.diagnostics")), 0);
    cJSON_Delete(pub);
    /* go to definition across a user import */
    cJSON *r = lsp_request(c, "textDocument/definition", at(main_uri, 1, 20));
    assert_string_equal(lsp_get_string(r, "result.uri"), lib_uri);
    assert_int_equal(lsp_get_number(r, "result.range.start.line", -1), 0);
    assert_int_equal(lsp_get_number(r, "result.range.start.character", -1), 7);
    cJSON_Delete(r);
    /* the module is edited and saved without the metric: its importer is re-checked */
    write_file("lib.kpi", "metric other : EUR\n");
    cJSON_Delete(lsp_open(c, lib_uri, "metric other : EUR\n"));
    char params[500];
    snprintf(params, sizeof params, "{\"textDocument\":{\"uri\":\"%s\"}}", lib_uri);
    lsp_notify(c, "textDocument/didSave", params);
    bool main_rechecked = false;
    for (int i = 0; i < 2; i++) {
        pub = lsp_notification(c, "textDocument/publishDiagnostics");
        assert_non_null(pub);
        if (strcmp(lsp_get_string(pub, "params.uri"), main_uri) == 0) {
            main_rechecked = true;
            assert_string_equal(lsp_get_string(pub, "params.diagnostics.0.code"), "N001");
        }
        cJSON_Delete(pub);
    }
    assert_true(main_rechecked);
    shut_down(c);
}

/* ---- features ----------------------------------------------------------------------- */

static const char *const feature_text = "import std.web\n"                                       /* 0 */
                                        "\n"                                                     /* 1 */
                                        "owner seo_lead \"SEO lead\"\n"                          /* 2 */
                                        "source site = csv \"site.csv\"\n"                       /* 3 */
                                        "metric revenue \"Revenue\" : EUR\n"                     /* 4 */
                                        "  about \"Money in\"\n"                                 /* 5 */
                                        "metric costs : EUR\n"                                   /* 6 */
                                        "metric profit : EUR = revenue - costs\n"                /* 7 */
                                        "\n"                                                     /* 8 */
                                        "goal more \"More profit\"\n"                            /* 9 */
                                        "  raise profit 20% by revenue +35% via visitors +10%\n" /* 10 */
                                        "  owner seo_lead\n"                                     /* 11 */
                                        "  starting 2026-01\n"                                   /* 12 */
                                        "  within 12 months\n";                                  /* 13 */

static lsp_client *with_features(void) {
    lsp_client *c = started(kpic);
    cJSON *pub = lsp_open(c, doc_uri, feature_text);
    assert_non_null(pub);
    cJSON_Delete(pub);
    return c;
}

static void test_hover(void **state) {
    (void)state;
    lsp_client *c = with_features();
    /* on the use of `revenue` in profit's formula (line 7, character 23) */
    cJSON *r = lsp_request(c, "textDocument/hover", at(doc_uri, 7, 23));
    const char *md = lsp_get_string(r, "result.contents.value");
    assert_non_null(md);
    assert_string_equal(lsp_get_string(r, "result.contents.kind"), "markdown");
    assert_non_null(strstr(md, "revenue"));
    assert_non_null(strstr(md, "EUR"));
    assert_non_null(strstr(md, "Money in"));
    /* the range is the hovered word */
    assert_int_equal(lsp_get_number(r, "result.range.start.line", -1), 7);
    assert_int_equal(lsp_get_number(r, "result.range.start.character", -1), 22);
    assert_int_equal(lsp_get_number(r, "result.range.end.character", -1), 29);
    cJSON_Delete(r);
    /* a derived metric shows its formula */
    r = lsp_request(c, "textDocument/hover", at(doc_uri, 7, 8));
    assert_non_null(strstr(lsp_get_string(r, "result.contents.value"), "revenue - costs"));
    cJSON_Delete(r);
    /* a goal: target, dates, owner, SMART status */
    r = lsp_request(c, "textDocument/hover", at(doc_uri, 9, 6));
    md = lsp_get_string(r, "result.contents.value");
    assert_non_null(md);
    assert_non_null(strstr(md, "goal"));
    /* (the wording of target and dates comes from the symbol index, or from the goal as written) */
    assert_non_null(strstr(md, "metric `profit`"));
    assert_non_null(strstr(md, "20%"));
    assert_non_null(strstr(md, "owner: SEO lead"));
    assert_non_null(strstr(md, "start: 2026-01"));
    assert_null(strstr(md, "deadline: (none)"));
    assert_non_null(strstr(md, "SMART: complete"));
    cJSON_Delete(r);
    /* nothing under the cursor: null */
    r = lsp_request(c, "textDocument/hover", at(doc_uri, 1, 0));
    assert_true(cJSON_IsNull(lsp_get(r, "result")));
    cJSON_Delete(r);
    /* a malformed position is an invalid-params error */
    r = lsp_request(c, "textDocument/hover", "{\"textDocument\":{\"uri\":\"x\"}}");
    assert_int_equal(error_code(r), -32602);
    cJSON_Delete(r);
    shut_down(c);
}

static void test_definition(void **state) {
    (void)state;
    lsp_client *c = with_features();
    /* `costs` in the formula goes to its declaration on line 6 */
    cJSON *r = lsp_request(c, "textDocument/definition", at(doc_uri, 7, 33));
    assert_string_equal(lsp_get_string(r, "result.uri"), doc_uri);
    assert_int_equal(lsp_get_number(r, "result.range.start.line", -1), 6);
    assert_int_equal(lsp_get_number(r, "result.range.start.character", -1), 7);
    cJSON_Delete(r);
    /* `visitors` comes from the stdlib module std.web */
    r = lsp_request(c, "textDocument/definition", at(doc_uri, 10, 42));
    const char *uri = lsp_get_string(r, "result.uri");
    assert_non_null(uri);
    assert_non_null(strstr(uri, "stdlib/std/web.kpi"));
    assert_true(lsp_get_number(r, "result.range.start.line", -1) > 0);
    cJSON_Delete(r);
    /* the module path in the import goes to the module's file */
    r = lsp_request(c, "textDocument/definition", at(doc_uri, 0, 9));
    assert_non_null(strstr(lsp_get_string(r, "result.uri"), "std/web.kpi"));
    cJSON_Delete(r);
    shut_down(c);
}

static bool has_label(const cJSON *items, const char *label) {
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        const char *l = lsp_get_string(it, "label");
        if (l && strcmp(l, label) == 0) return true;
    }
    return false;
}

/* Replaces the whole text of an open document, then asks for completion at (line, character). */
static cJSON *complete(lsp_client *c, const char *uri, const char *text, int line, int character) {
    cJSON *params = cJSON_CreateObject();
    cJSON *td = cJSON_AddObjectToObject(params, "textDocument");
    cJSON_AddStringToObject(td, "uri", uri);
    cJSON_AddNumberToObject(td, "version", 2);
    cJSON *change = cJSON_CreateObject();
    cJSON_AddStringToObject(change, "text", text);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(params, "contentChanges"), change);
    char *p = cJSON_PrintUnformatted(params);
    lsp_notify(c, "textDocument/didChange", p);
    free(p);
    cJSON_Delete(params);
    cJSON_Delete(lsp_notification(c, "textDocument/publishDiagnostics"));
    return lsp_request(c, "textDocument/completion", at(uri, line, character));
}

static void test_completion(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    const char *uri = "file:///tmp/complete.kpi";
    cJSON_Delete(lsp_open(c, uri, ""));
    /* module paths after import; the edit replaces the partial path "std." */
    cJSON *r = complete(c, uri, "import std.\n", 0, 11);
    const cJSON *items = lsp_get(r, "result.items");
    assert_true(has_label(items, "std.web"));
    assert_true(has_label(items, "std.finance"));
    assert_int_equal(lsp_get_number(items, "0.textEdit.range.start.character", -1), 7);
    assert_int_equal(lsp_get_number(items, "0.textEdit.range.end.character", -1), 11);
    cJSON_Delete(r);
    /* units after the colon of a metric */
    r = complete(c, uri, "metric m : \n", 0, 11);
    items = lsp_get(r, "result.items");
    assert_true(has_label(items, "count"));
    assert_true(has_label(items, "EUR"));
    assert_true(has_label(items, "percent"));
    assert_false(has_label(items, "goal"));
    cJSON_Delete(r);
    /* metric names, imported ones included, after a verb (the line itself does not parse yet) */
    r = complete(c, uri, "import std.web\nmetric m : EUR\ngoal g\n  raise \n", 3, 8);
    items = lsp_get(r, "result.items");
    assert_true(has_label(items, "m"));
    assert_true(has_label(items, "visitors"));
    assert_false(has_label(items, "within"));
    cJSON_Delete(r);
    /* at the start of a line in a goal: its clause keywords and the item keywords */
    r = complete(c, uri, "goal g\n  raise m 1%\n  \n", 2, 2);
    items = lsp_get(r, "result.items");
    assert_true(has_label(items, "owner"));
    assert_true(has_label(items, "within"));
    assert_true(has_label(items, "goal"));
    assert_false(has_label(items, "aggregate"));
    cJSON_Delete(r);
    /* in a metric: its options */
    r = complete(c, uri, "metric m : EUR\n  \n", 1, 2);
    items = lsp_get(r, "result.items");
    assert_true(has_label(items, "aggregate"));
    assert_true(has_label(items, "about"));
    assert_false(has_label(items, "within"));
    cJSON_Delete(r);
    /* after review: exactly the five periods */
    r = complete(c, uri, "goal g\n  review \n", 1, 9);
    items = lsp_get(r, "result.items");
    assert_true(has_label(items, "monthly"));
    assert_int_equal(cJSON_GetArraySize(items), 5);
    cJSON_Delete(r);
    /* after a budget's `on`: the metrics that may spend it, no clause keywords */
    r = complete(c, uri, "metric ad_spend : EUR\ngoal g\n  budget 5000 EUR on \n", 2, 21);
    items = lsp_get(r, "result.items");
    assert_true(has_label(items, "ad_spend"));
    assert_false(has_label(items, "within"));
    cJSON_Delete(r);
    shut_down(c);
}

static void test_document_symbols(void **state) {
    (void)state;
    lsp_client *c = with_features();
    cJSON *r = lsp_request(c, "textDocument/documentSymbol", "{\"textDocument\":{\"uri\":\"file:///DOC\"}}");
    cJSON_Delete(r);
    char params[500];
    snprintf(params, sizeof params, "{\"textDocument\":{\"uri\":\"%s\"}}", doc_uri);
    r = lsp_request(c, "textDocument/documentSymbol", params);
    const cJSON *list = lsp_get(r, "result");
    assert_int_equal(cJSON_GetArraySize(list), 7);
    assert_string_equal(lsp_get_string(list, "0.name"), "std.web");
    assert_int_equal(lsp_get_number(list, "0.kind", 0), 2);
    assert_string_equal(lsp_get_string(list, "2.name"), "site");
    assert_string_equal(lsp_get_string(list, "3.name"), "revenue");
    assert_string_equal(lsp_get_string(list, "3.detail"), "EUR");
    assert_int_equal(lsp_get_number(list, "3.range.start.line", -1), 4);
    assert_int_equal(lsp_get_number(list, "3.range.end.line", -1), 5);
    assert_int_equal(lsp_get_number(list, "3.selectionRange.start.character", -1), 7);
    assert_string_equal(lsp_get_string(list, "6.name"), "more");
    assert_string_equal(lsp_get_string(list, "6.children.0.name"), "revenue");
    assert_string_equal(lsp_get_string(list, "6.children.0.children.0.name"), "visitors");
    cJSON_Delete(r);
    shut_down(c);
}

static void test_formatting(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    const char *uri = "file:///tmp/fmt.kpi";
    cJSON_Delete(lsp_open(c, uri, "metric   a:EUR   # money\nmetric b : EUR=a*2\n"));
    cJSON *r = lsp_request(c, "textDocument/formatting",
                           "{\"textDocument\":{\"uri\":\"file:///tmp/"
                           "fmt.kpi\"},\"options\":{\"tabSize\":2,\"insertSpaces\":true}}");
    assert_int_equal(cJSON_GetArraySize(lsp_get(r, "result")), 1);
    assert_string_equal(lsp_get_string(r, "result.0.newText"),
                        "metric a : EUR  # money\nmetric b : EUR = a * 2\n");
    assert_int_equal(lsp_get_number(r, "result.0.range.start.line", -1), 0);
    assert_int_equal(lsp_get_number(r, "result.0.range.end.line", -1), 2);
    cJSON_Delete(r);
    /* formatted text needs no edit */
    lsp_notify(c, "textDocument/didChange",
               "{\"textDocument\":{\"uri\":\"file:///tmp/"
               "fmt.kpi\",\"version\":2},\"contentChanges\":[{\"text\":\"metric a : EUR\\n\"}]}");
    cJSON_Delete(lsp_notification(c, "textDocument/publishDiagnostics"));
    r = lsp_request(c, "textDocument/formatting",
                    "{\"textDocument\":{\"uri\":\"file:///tmp/fmt.kpi\"},\"options\":{}}");
    assert_int_equal(cJSON_GetArraySize(lsp_get(r, "result")), 0);
    cJSON_Delete(r);
    /* a document with syntax errors is not formatted */
    lsp_notify(c, "textDocument/didChange",
               "{\"textDocument\":{\"uri\":\"file:///tmp/"
               "fmt.kpi\",\"version\":3},\"contentChanges\":[{\"text\":\"metric a : \\n\"}]}");
    cJSON_Delete(lsp_notification(c, "textDocument/publishDiagnostics"));
    r = lsp_request(c, "textDocument/formatting",
                    "{\"textDocument\":{\"uri\":\"file:///tmp/fmt.kpi\"},\"options\":{}}");
    assert_int_equal(error_code(r), -32803);
    assert_non_null(strstr(lsp_get_string(r, "error.message"), "syntax error"));
    cJSON_Delete(r);
    shut_down(c);
}

static void test_code_action(void **state) {
    (void)state;
    lsp_client *c = started(kpic);
    cJSON_Delete(lsp_open(c, doc_uri, doc_text));
    char params[800];
    /* the range of `seo_led` on line 10 */
    snprintf(params, sizeof params,
             "{\"textDocument\":{\"uri\":\"%s\"},\"range\":{\"start\":{\"line\":10,\"character\":10},"
             "\"end\":{\"line\":10,\"character\":10}},\"context\":{\"diagnostics\":[]}}",
             doc_uri);
    cJSON *r = lsp_request(c, "textDocument/codeAction", params);
    const cJSON *actions = lsp_get(r, "result");
    assert_int_equal(cJSON_GetArraySize(actions), 1);
    assert_string_equal(lsp_get_string(actions, "0.kind"), "quickfix");
    assert_non_null(strstr(lsp_get_string(actions, "0.title"), "seo_lead"));
    assert_string_equal(lsp_get_string(actions, "0.diagnostics.0.code"), "A002");
    const cJSON *edits = cJSON_GetObjectItemCaseSensitive(lsp_get(actions, "0.edit.changes"), doc_uri);
    assert_int_equal(cJSON_GetArraySize(edits), 1);
    assert_string_equal(lsp_get_string(edits, "0.newText"), "seo_lead");
    assert_int_equal(lsp_get_number(edits, "0.range.start.line", -1), 10);
    assert_int_equal(lsp_get_number(edits, "0.range.start.character", -1), 8);
    assert_int_equal(lsp_get_number(edits, "0.range.end.character", -1), 15);
    cJSON_Delete(r);
    /* the goal with the unknown owner is not SMART-complete, and hover says why */
    r = lsp_request(c, "textDocument/hover", at(doc_uri, 14, 5));
    const char *md = lsp_get_string(r, "result.contents.value");
    assert_non_null(md);
    assert_non_null(strstr(md, "SMART: incomplete, errors in A (Achievable)"));
    cJSON_Delete(r);
    /* a range without fixable diagnostics: no actions */
    snprintf(params, sizeof params,
             "{\"textDocument\":{\"uri\":\"%s\"},\"range\":{\"start\":{\"line\":2,\"character\":0},"
             "\"end\":{\"line\":2,\"character\":3}},\"context\":{\"diagnostics\":[]}}",
             doc_uri);
    r = lsp_request(c, "textDocument/codeAction", params);
    assert_int_equal(cJSON_GetArraySize(lsp_get(r, "result")), 0);
    cJSON_Delete(r);
    shut_down(c);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_lsp_features KPIC\n");
        return 2;
    }
    kpic = argv[1];
    snprintf(workdir, sizeof workdir, "%s/kpi-lsp-test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(workdir)) return 2;
    snprintf(doc_path, sizeof doc_path, "%s/doc.kpi", workdir);
    snprintf(doc_uri, sizeof doc_uri, "file://%s", doc_path);
    FILE *f = fopen(doc_path, "w");
    fputs(doc_text, f);
    fclose(f);
    char csv[300];
    snprintf(csv, sizeof csv, "%s/site.csv", workdir);
    f = fopen(csv, "w");
    fputs("date,revenue,costs,visitors\n2026-01-01,10,5,100\n", f);
    fclose(f);

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diagnostics_match_check),
        cmocka_unit_test(test_unparsable_document),
        cmocka_unit_test(test_incremental_changes),
        cmocka_unit_test(test_imports_and_save),
        cmocka_unit_test(test_hover),
        cmocka_unit_test(test_definition),
        cmocka_unit_test(test_completion),
        cmocka_unit_test(test_document_symbols),
        cmocka_unit_test(test_formatting),
        cmocka_unit_test(test_code_action),
    };
    int failed = cmocka_run_group_tests_name("lsp features", tests, NULL, NULL);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", workdir);
    return failed ? 1 : 0;
}
