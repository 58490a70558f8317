/*
** test_json.c: the JSON and SARIF 2.1.0 renderers. The output is parsed back
** with cJSON and checked field by field against docs/diagnostics.md.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/diag/diag.h"

typedef struct fixture {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
    kpi_source *src;
} fixture;

/* Line 2 starts at offset 7; "café" makes code-point and byte columns differ. */
static const char text[] = "goal g\n  \"café\" raise profit\n";

static int setup(void **state) {
    static fixture f;
    kpi_arena_init(&f.arena);
    kpi_src_map_init(&f.sources, &f.arena);
    kpi_diag_init(&f.diags, &f.arena, &f.sources);
    f.src = kpi_src_add(&f.sources, "dir/my goals.kpi", text, strlen(text));
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    kpi_arena_free(&f->arena);
    return 0;
}

static kpi_span span_of(const fixture *f, const char *needle) {
    const char *p = strstr(f->src->text, needle);
    assert_non_null(p);
    uint32_t b = (uint32_t)(p - f->src->text);
    return (kpi_span){f->src->id, b, b + (uint32_t)strlen(needle)};
}

static cJSON *render(fixture *f, void (*renderer)(const kpi_diag_engine *, FILE *)) {
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    assert_non_null(out);
    renderer(&f->diags, out);
    fclose(out);
    cJSON *root = cJSON_Parse(buf);
    if (!root) print_error("not JSON:\n%s\n", buf);
    assert_non_null(root);
    free(buf);
    return root;
}

static int number(const cJSON *obj, const char *key) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    assert_true(cJSON_IsNumber(item));
    return item->valueint;
}

static const char *string(const cJSON *obj, const char *key) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    assert_true(cJSON_IsString(item));
    return item->valuestring;
}

static const cJSON *at(const cJSON *obj, const char *path) {
    /* "a.b.0.c": object keys and array indexes */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = obj;
    for (char *part = strtok(buf, "."); part; part = strtok(NULL, ".")) {
        if (part[0] >= '0' && part[0] <= '9') cur = cJSON_GetArrayItem(cur, atoi(part));
        else cur = cJSON_GetObjectItemCaseSensitive(cur, part);
        if (!cur) print_error("no %s in %s\n", part, path);
        assert_non_null(cur);
    }
    return cur;
}

static void report_sample(fixture *f) {
    kpi_diagnostic *d =
        kpi_diag_report(&f->diags, KPI_T001, span_of(f, "raise profit"), "goal 'g' has no deadline");
    kpi_diag_note(&f->diags, d, span_of(f, "g\n"), "goal declared here");
    kpi_diag_note(&f->diags, d, KPI_SPAN_NONE, "add `within` or `by`");
    kpi_span end = span_of(f, "profit");
    end.begin = end.end;
    kpi_diag_fixit(&f->diags, d, end, " within 12 months", "add a time frame");
    kpi_diag_report(&f->diags, KPI_R003, span_of(f, "\xC3\xA9"), "bad \xFF byte in message");
}

static void json_array_has_every_field(void **state) {
    fixture *f = *state;
    report_sample(f);
    cJSON *root = render(f, kpi_diag_render_json);
    assert_true(cJSON_IsArray(root));
    assert_int_equal(cJSON_GetArraySize(root), 2);

    const cJSON *d = cJSON_GetArrayItem(root, 0);
    assert_string_equal(string(d, "file"), "dir/my goals.kpi");
    assert_int_equal(number(d, "line"), 2);
    assert_int_equal(number(d, "column"), 11); /* bytes: "é" is two */
    assert_int_equal(number(d, "end_line"), 2);
    assert_int_equal(number(d, "end_column"), 23); /* exclusive */
    assert_string_equal(string(d, "severity"), "error");
    assert_string_equal(string(d, "code"), "T001");
    assert_string_equal(string(d, "message"), "goal 'g' has no deadline");
    assert_string_equal(string(d, "smart"), "T");

    const cJSON *notes = at(d, "notes");
    assert_int_equal(cJSON_GetArraySize(notes), 2);
    assert_int_equal(number(cJSON_GetArrayItem(notes, 0), "line"), 1);
    assert_int_equal(number(cJSON_GetArrayItem(notes, 0), "column"), 6);
    assert_string_equal(string(cJSON_GetArrayItem(notes, 0), "message"), "goal declared here");
    const cJSON *bare = cJSON_GetArrayItem(notes, 1);
    assert_null(cJSON_GetObjectItemCaseSensitive(bare, "file"));
    assert_null(cJSON_GetObjectItemCaseSensitive(bare, "line"));
    assert_string_equal(string(bare, "message"), "add `within` or `by`");

    const cJSON *fix = at(d, "fixes.0");
    assert_int_equal(number(fix, "column"), 23);
    assert_int_equal(number(fix, "end_column"), 23);
    assert_string_equal(string(fix, "text"), " within 12 months");
    assert_string_equal(string(fix, "description"), "add a time frame");

    const cJSON *w = cJSON_GetArrayItem(root, 1);
    assert_string_equal(string(w, "severity"), "warning");
    assert_string_equal(string(w, "smart"), "R");
    assert_string_equal(string(w, "message"), "bad \xEF\xBF\xBD byte in message"); /* valid UTF-8 */
    assert_int_equal(cJSON_GetArraySize(at(w, "fixes")), 0);
    cJSON_Delete(root);
}

static void json_without_smart_letter_is_null(void **state) {
    fixture *f = *state;
    kpi_diag_report(&f->diags, KPI_P001, span_of(f, "goal"), "x");
    cJSON *root = render(f, kpi_diag_render_json);
    assert_true(cJSON_IsNull(at(root, "0.smart")));
    cJSON_Delete(root);
}

static void json_of_nothing_is_an_empty_array(void **state) {
    fixture *f = *state;
    kpi_diag_parse_option(&f->diags.options, "no-R003");
    kpi_diag_report(&f->diags, KPI_R003, span_of(f, "goal"), "silenced");
    cJSON *root = render(f, kpi_diag_render_json);
    assert_true(cJSON_IsArray(root));
    assert_int_equal(cJSON_GetArraySize(root), 0);
    cJSON_Delete(root);
}

static void sarif_log_structure(void **state) {
    fixture *f = *state;
    report_sample(f);
    kpi_diag_report(&f->diags, KPI_T001, span_of(f, "goal"), "second T001 uses the same rule");
    cJSON *root = render(f, kpi_diag_render_sarif);
    assert_string_equal(string(root, "version"), "2.1.0");
    assert_non_null(strstr(string(root, "$schema"), "sarif-2.1.0"));
    const cJSON *run = at(root, "runs.0");
    assert_string_equal(string(at(run, "tool.driver"), "name"), "kpic");
    assert_string_equal(string(run, "columnKind"), "unicodeCodePoints");

    const cJSON *rules = at(run, "tool.driver.rules");
    assert_int_equal(cJSON_GetArraySize(rules), 2); /* T001 once, R003 */
    assert_string_equal(string(cJSON_GetArrayItem(rules, 0), "id"), "T001");
    assert_string_equal(string(at(rules, "1.shortDescription"), "text"),
                        "implied growth above the policy ceiling");
    assert_string_equal(string(at(rules, "1.defaultConfiguration"), "level"), "warning");
    assert_non_null(strstr(string(at(rules, "0.help"), "text"), "kpic explain T001"));

    const cJSON *results = at(run, "results");
    assert_int_equal(cJSON_GetArraySize(results), 3);
    const cJSON *r = cJSON_GetArrayItem(results, 0);
    assert_string_equal(string(r, "ruleId"), "T001");
    assert_int_equal(number(r, "ruleIndex"), 0);
    assert_string_equal(string(r, "level"), "error");
    assert_string_equal(string(at(r, "message"), "text"), "goal 'g' has no deadline");
    assert_string_equal(string(at(r, "locations.0.physicalLocation.artifactLocation"), "uri"),
                        "dir/my%20goals.kpi");
    const cJSON *region = at(r, "locations.0.physicalLocation.region");
    assert_int_equal(number(region, "startLine"), 2);
    assert_int_equal(number(region, "startColumn"), 10); /* code points: "é" is one */
    assert_int_equal(number(region, "endColumn"), 22);
    assert_string_equal(string(at(r, "relatedLocations.0.message"), "text"), "goal declared here");
    assert_string_equal(string(at(r, "relatedLocations.1.message"), "text"), "add `within` or `by`");
    const cJSON *replacement = at(r, "fixes.0.artifactChanges.0.replacements.0");
    assert_int_equal(number(at(replacement, "deletedRegion"), "startColumn"), 22);
    assert_string_equal(string(at(replacement, "insertedContent"), "text"), " within 12 months");
    assert_string_equal(string(at(r, "fixes.0.description"), "text"), "add a time frame");

    assert_int_equal(number(cJSON_GetArrayItem(results, 1), "ruleIndex"), 1);
    assert_int_equal(number(cJSON_GetArrayItem(results, 2), "ruleIndex"), 0);
    cJSON_Delete(root);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        T(json_array_has_every_field),
        T(json_without_smart_letter_is_null),
        T(json_of_nothing_is_an_empty_array),
        T(sarif_log_structure),
    };
    return cmocka_run_group_tests_name("diag JSON and SARIF", tests, NULL, NULL);
}
