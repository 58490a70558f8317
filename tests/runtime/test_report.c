/*
** test_report.c: the report writers on a kpirt_report built by hand: JSON
** string escaping and nulls, CSV quoting and formula neutralising, the
** text dashboard's words for goals without numbers, and the format table.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/include/kpirt.h"

static const kpirt_metric_desc metric = {.name = "revenue", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY};
static const kpirt_goal_desc goal_descs[2] = {
    {.name = "g",
     .title = "Say \"hi\", \\ now\n\tx\x01 €",
     .owner = NULL,
     .parent = -1,
     .verb = KPIRT_VERB_RAISE},
    {.name = "g.revenue", .title = NULL, .owner = "Sales, EMEA", .parent = 0, .verb = KPIRT_VERB_RAISE},
};
static const kpirt_program program = {.abi_version = KPIRT_ABI_VERSION,
                                      .spec_name = "r.kpi",
                                      .metric_count = 1,
                                      .goal_count = 2,
                                      .metrics = &metric,
                                      .goals = goal_descs};

/* Two goals: a not-started one and its driver without data; both without numbers. */
static void build(kpirt_report *r, kpirt_goal_report goals[2], bool selected[2], uint32_t *root,
                  uint32_t *driver) {
    memset(r, 0, sizeof *r);
    memset(goals, 0, 2 * sizeof *goals);
    r->program = &program;
    r->as_of = kpirt_day_from_ymd(2026, 1, 10);
    for (int i = 0; i < 2; i++) {
        goals[i].index = (uint32_t)i;
        goals[i].goal = &goal_descs[i];
        goals[i].metric = &metric;
        goals[i].name = goal_descs[i].name;
        goals[i].title = goal_descs[i].title;
        goals[i].owner = goal_descs[i].owner;
        goals[i].metric_name = "revenue";
        goals[i].unit = "EUR";
        goals[i].start = kpirt_day_from_ymd(2026, 2, 1);
        goals[i].deadline = kpirt_day_from_ymd(2026, 7, 31);
        goals[i].review = KPIRT_MONTH;
        goals[i].parent = goal_descs[i].parent;
        goals[i].days_left = goals[i].deadline - r->as_of;
        goals[i].data_first = goals[i].data_last = KPIRT_NO_DAY;
        selected[i] = true;
    }
    goals[0].status = KPIRT_STATUS_NOT_STARTED;
    goals[0].target = (kpirt_opt){.has = true, .v = 1234.5};
    goals[1].status = KPIRT_STATUS_NO_DATA;
    *root = 0;
    *driver = 1;
    goals[0].drivers = driver;
    goals[0].driver_count = 1;
    r->goals = goals;
    r->goal_count = 2;
    r->selected = selected;
    r->roots = root;
    r->root_count = 1;
}

static char *write_with(kpirt_writer_fn fn, const kpirt_report *r) {
    static char text[8192];
    FILE *f = tmpfile();
    assert_non_null(f);
    kpirt_write_options o = {.color = false};
    assert_int_equal(fn(r, &o, f), 0);
    rewind(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    return text;
}

static void test_json_escaping_and_nulls(void **state) {
    (void)state;
    kpirt_report r;
    kpirt_goal_report goals[2];
    bool selected[2];
    uint32_t root, driver;
    build(&r, goals, selected, &root, &driver);
    const char *json = write_with(kpirt_write_json, &r);
    assert_non_null(strstr(json, "\"as_of\": \"2026-01-10\""));
    assert_non_null(strstr(json, "\"title\": \"Say \\\"hi\\\", \\\\ now\\n\\tx\\u0001 €\","));
    assert_non_null(strstr(json, "\"owner\": null,"));
    assert_non_null(strstr(json, "\"baseline\": null,"));
    assert_non_null(strstr(json, "\"target\": 1234.50,"));
    assert_non_null(strstr(json, "\"status\": \"not_started\","));
    assert_non_null(strstr(json, "\"projection\": {\"value\": null, \"low\": null, \"high\": null, "
                                 "\"status\": null, \"method\": null, \"why\": null},"));
    assert_non_null(strstr(json, "\"series\": [],"));
    assert_non_null(strstr(json, "\"owner\": \"Sales, EMEA\","));
    assert_non_null(strstr(json, "\"status\": \"no_data\","));
    assert_non_null(strstr(json, "\"drivers\": []\n"));
}

static void test_csv_quoting(void **state) {
    (void)state;
    kpirt_report r;
    kpirt_goal_report goals[2];
    bool selected[2];
    uint32_t root, driver;
    build(&r, goals, selected, &root, &driver);
    const char *csv = write_with(kpirt_write_csv, &r);
    assert_non_null(
        strstr(csv, "\ng,,\"Say \"\"hi\"\", \\ now\n\tx\x01 €\",revenue,EUR,,2026-02-01,2026-07-31,monthly,"
                    ",previous,,1234.50,,,,not_started,,,,,,\n"));
    assert_non_null(strstr(csv, "\ng.revenue,g,,revenue,EUR,\"Sales, "
                                "EMEA\",2026-02-01,2026-07-31,monthly,,previous,,,,,,no_data,,,,,,\n"));
}

/* Cells a spreadsheet would run as formulas get a leading ' inside quotes;
** a '-' or '=' later in a cell, and numbers (negative ones too), stay as they are. */
static void test_csv_formula_cells(void **state) {
    (void)state;
    kpirt_report r;
    kpirt_goal_report goals[2];
    bool selected[2];
    uint32_t root, driver;
    build(&r, goals, selected, &root, &driver);
    goals[0].title = "=HYPERLINK(\"http://x\",\"y\")";
    goals[0].owner = "@SUM(A1)";
    goals[0].target = (kpirt_opt){.has = true, .v = -5.0};
    goals[1].title = "+1";
    goals[1].owner = "-2";
    goals[1].metric_name = "\tcmd";
    goals[1].unit = "\rx";
    const char *csv = write_with(kpirt_write_csv, &r);
    assert_non_null(strstr(csv, "\ng,,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",revenue,EUR,\"'@SUM(A1)\","
                                "2026-02-01,2026-07-31,monthly,,previous,,-5.00,"));
    assert_non_null(strstr(csv, "\ng.revenue,g,\"'+1\",\"'\tcmd\",\"'\rx\",\"'-2\",2026-02-01,"));
    goals[0].title = "a=b-c";
    csv = write_with(kpirt_write_csv, &r);
    assert_non_null(strstr(csv, "\ng,,a=b-c,revenue,"));
}

static void test_text_without_numbers(void **state) {
    (void)state;
    kpirt_report r;
    kpirt_goal_report goals[2];
    bool selected[2];
    uint32_t root, driver;
    build(&r, goals, selected, &root, &driver);
    const char *text = write_with(kpirt_write_text, &r);
    assert_non_null(strstr(text, "r.kpi as of 2026-01-10: 2 goals: 1 no data, 1 not started\n"));
    assert_non_null(strstr(text, "\nnot started g                - / 1234.50 EUR"));
    assert_non_null(strstr(text, "\nno data     └ revenue        - / - EUR"));
    assert_non_null(strstr(text, "     -\n")); /* no days left before the start */
    assert_non_null(strstr(text, "  202d\n")); /* the driver: 2026-01-10 to 2026-07-31 */
}

/* The text report's values for goal g of a report built with these numbers. */
static const char *text_values(const kpirt_goal_desc *desc, kpirt_opt current, kpirt_opt target,
                               kpirt_status status) {
    static kpirt_report r;
    static kpirt_goal_report goals[2];
    static bool selected[2];
    static uint32_t root, driver;
    build(&r, goals, selected, &root, &driver);
    goals[0].goal = desc;
    goals[0].current = current;
    goals[0].target = target;
    goals[0].status = status;
    goals[0].driver_count = 0;
    return write_with(kpirt_write_text, &r);
}

static kpirt_opt exact(int64_t scaled) {
    return (kpirt_opt){.has = true, .v = (double)scaled / 10000, .exact = true, .scaled = scaled};
}

/*
** The text report abbreviates from 10,000 on (1.2M), but never so that a
** value and the target or bound it is judged against read the same while
** they differ: both then get the decimals it takes, from the exact decimal.
*/
static void test_text_abbreviation_never_hides_a_difference(void **state) {
    (void)state;
    kpirt_goal_desc raise = {.name = "g", .verb = KPIRT_VERB_RAISE};
    kpirt_opt target = {.has = true, .v = 1200000};
    const char *text = text_values(&raise, exact(11999999900), target, KPIRT_STATUS_MISSED);
    assert_non_null(strstr(text, "\nmissed      g                1.19999999M / 1.20000…"));
    text = text_values(&raise, exact(12340000000), target, KPIRT_STATUS_ACHIEVED);
    assert_non_null(strstr(text, " 1.23M / 1.20M EUR "));
    text = text_values(&raise, exact(12000000000), target, KPIRT_STATUS_ACHIEVED);
    assert_non_null(strstr(text, " 1.2M / 1.2M EUR ")); /* equal: nothing to tell apart */
    text = text_values(&raise, exact(1234567890123456700), (kpirt_opt){.has = true, .v = 123.5e12},
                       KPIRT_STATUS_MISSED);
    assert_non_null(strstr(text, " 123.46T / 123.50T EUR ")); /* exact beyond a double's cents */
    kpirt_goal_desc keep = {.name = "g", .verb = KPIRT_VERB_KEEP, .keep_kind = KPIRT_KEEP_BELOW};
    keep.keep_high = 1e9;
    kpirt_opt bound = {.has = true, .v = 1e9};
    text = text_values(&keep, exact(10000000009900), bound, KPIRT_STATUS_BREACHED);
    assert_non_null(strstr(text, "\nbreached    g                1.000000001B / <=1.00…"));
    text = text_values(&keep, exact(9000000000000), bound, KPIRT_STATUS_OK);
    assert_non_null(strstr(text, " 900.0M / <=1.0B EUR "));
}

static void test_format_table(void **state) {
    (void)state;
    kpirt_writer_fn fn = NULL;
    assert_int_equal(kpirt_writer("json", &fn), 1);
    assert_true(fn == kpirt_write_json);
    assert_int_equal(kpirt_writer("text", &fn), 1);
    assert_int_equal(kpirt_writer("csv", &fn), 1);
    assert_int_equal(kpirt_writer("yaml", &fn), 0);
    assert_int_equal(kpirt_writer("html", &fn), 1);
    assert_string_equal(kpirt_status_name(KPIRT_STATUS_OFF_TRACK), "off_track");
    assert_string_equal(kpirt_status_words(KPIRT_STATUS_OFF_TRACK), "off track");
    assert_int_equal(kpirt_status_parse("breached", 8), KPIRT_STATUS_BREACHED);
    assert_int_equal(kpirt_status_parse("late", 4), KPIRT_STATUS_NONE);
}

/* The one control rule: C0 controls, DEL and bidi controls escaped; a cell's NUL too; UTF-8 kept. */
static void test_escape_controls(void **state) {
    (void)state;
    char out[64];
    assert_int_equal(kpirt_escape_controls(out, sizeof out, "a\x1b[2Jb\x7f"), 13);
    assert_string_equal(out, "a\\x1b[2Jb\\x7f");
    kpirt_escape_controls(out, sizeof out, "Li\xc3\xa8ge \xe2\x80\xae! \xe2\x81\xa6 \xe2\x80\xa9");
    assert_string_equal(out, "Li\xc3\xa8ge \\u202e! \\u2066 \xe2\x80\xa9"); /* U+2029 is not a bidi control */
    assert_int_equal(kpirt_escape_controls_len(out, sizeof out, "x\0y\xe2\x80", 5), 8);
    assert_string_equal(out, "x\\x00y\xe2\x80"); /* a cut sequence at the end is not read past */
    assert_int_equal(kpirt_escape_controls(out, 4, "\x01\x02"), 0); /* never half an escape */
    assert_string_equal(out, "");
    assert_true(kpirt_is_control_byte('\t') && kpirt_is_control_byte(0x7f) && !kpirt_is_control_byte(0x80));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_escaping_and_nulls),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_formula_cells),
        cmocka_unit_test(test_text_without_numbers),
        cmocka_unit_test(test_format_table),
        cmocka_unit_test(test_text_abbreviation_never_hides_a_difference),
        cmocka_unit_test(test_escape_controls),
    };
    return cmocka_run_group_tests_name("runtime reports", tests, NULL, NULL);
}
