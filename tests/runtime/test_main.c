/*
** test_main.c: kpirt_main end to end with the hand-written program in
** fake_program.c: every option, the exit codes, and the three report
** formats byte for byte.
**
** The data (shop_csv below) has one row per month. The expected numbers
** were worked out by hand, independently of the runtime:
**   profit per month  Dec 1000, Jan 1150, Feb 1300, Mar 1500 (revenue - costs)
**   more_profit       baseline 1000 (December), target 1200, current 1500 (March),
**                     expected 1000 + 200 x 3/6 = 1100, progress 500/200 = 2.5, on track;
**                     trend of 1150, 1300, 1500 at x = 0, 1, 2: slope 175, intercept 1141.67,
**                     June (x = 5) 2016.67 >= 1200: achieved; residuals 8.33, -16.67, 8.33,
**                     s = sqrt(416.67 / 1) = 20.41, 80% half-width t(0.9, 1) 3.0777 x s x
**                     sqrt(1 + 1/3 + 4^2/2) = 191.92: 1824.74 .. 2208.59, both achieved
**   revenue +35%      3000 -> 4050, expected 3525, current 3900, progress 900/1050 = 0.857143,
**                     on track; trend 3300 + 300x, June 4800 (no residual: 4800 .. 4800): achieved
**   visitors +65%     1000 -> 1650, expected 1325, current 1300: short by 25 <= 10% of 650 = 65,
**                     at risk; progress 300/650 = 0.461538; trend 1100 + 100x, June 1600 (1600 .. 1600):
**                     missed
**   conversion >=3.1% Jan 33/1100 = 0.03, Feb 36/1200 = 0.03, Mar 40/1300 = 0.030769: breached;
**                     trend slope (0.030769 - 0.03)/2, at December (x = 11) 0.034103, above 3.1%;
**                     its interval 0.027178 .. 0.041027 holds both: uncertain
** The exit code is 1 (at risk and breached are failing statuses by default).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/include/kpirt.h"

extern const kpirt_program kpi_fake_program;

static const char shop_csv[] = "day,visitors,orders,revenue,costs,channel\n"
                               "2025-12-15,1000,30,3000.00,2000.00,seo\n"
                               "2026-01-15,1100,33,3300.00,2150.00,seo\n"
                               "2026-02-15,1200,36,3600.00,2300.00,ads\n"
                               "2026-03-15,1300,40,3900.00,2400.00,seo\n";

static const char expected_json[] =
    "{\n"
    "  \"as_of\": \"2026-03-31\",\n"
    "  \"sources\": [\n"
    "    {\"name\": \"shop\", \"first_day\": \"2025-12-15\", \"last_day\": \"2026-03-15\", \"rows_read\": 4, "
    "\"rows_skipped\": 0}\n"
    "  ],\n"
    "  \"goals\": [\n"
    "    {\n"
    "      \"name\": \"more_profit\",\n"
    "      \"title\": \"Profit +20% in 6 months\",\n"
    "      \"metric\": \"profit\",\n"
    "      \"unit\": \"EUR\",\n"
    "      \"owner\": \"Digital marketing manager\",\n"
    "      \"why\": null,\n"
    "      \"start\": \"2026-01-01\",\n"
    "      \"deadline\": \"2026-06-30\",\n"
    "      \"review\": \"monthly\",\n"
    "      \"baseline\": 1000.00,\n"
    "      \"baseline_kind\": \"previous\",\n"
    "      \"baseline_period\": \"2025-12\",\n"
    "      \"cumulative\": false,\n"
    "      \"path\": \"linear\",\n"
    "      \"target\": 1200.00,\n"
    "      \"current\": 1500.00,\n"
    "      \"expected\": 1100.00,\n"
    "      \"progress\": 2.5,\n"
    "      \"status\": \"on_track\",\n"
    "      \"reason\": null,\n"
    "      \"data_first\": \"2025-12-15\",\n"
    "      \"data_last\": \"2026-03-15\",\n"
    "      \"projection\": {\"value\": 2016.67, \"low\": 1824.74, \"high\": 2208.59, \"status\": "
    "\"achieved\", \"method\": \"linear\", \"why\": null},\n"
    "      \"budget\": null,\n"
    "      \"realism\": {\"kind\": \"span\", \"measure\": \"relative\", \"asked\": 0.2, \"periods\": 6, "
    "\"largest\": null, \"from\": null, \"to\": null, \"windows\": 0, \"history\": \"2026-01 to 2026-02\", "
    "\"verdict\": \"no_history\"},\n"
    "      \"series\": [\n"
    "        {\"period\": \"2026-01\", \"value\": 1150.00, \"previous\": {\"period\": \"2025-12\", "
    "\"value\": 1000.00, \"change\": 0.15}, \"last_year\": null},\n"
    "        {\"period\": \"2026-02\", \"value\": 1300.00, \"previous\": {\"period\": \"2026-01\", "
    "\"value\": 1150.00, \"change\": 0.130435}, \"last_year\": null},\n"
    "        {\"period\": \"2026-03\", \"value\": 1500.00, \"previous\": {\"period\": \"2026-02\", "
    "\"value\": 1300.00, \"change\": 0.153846}, \"last_year\": null}\n"
    "      ],\n"
    "      \"drivers\": [\n"
    "        {\n"
    "          \"name\": \"more_profit.revenue\",\n"
    "          \"title\": null,\n"
    "          \"metric\": \"revenue\",\n"
    "          \"unit\": \"EUR\",\n"
    "          \"owner\": \"Digital marketing manager\",\n"
    "          \"why\": null,\n"
    "          \"start\": \"2026-01-01\",\n"
    "          \"deadline\": \"2026-06-30\",\n"
    "          \"review\": \"monthly\",\n"
    "          \"baseline\": 3000.00,\n"
    "          \"baseline_kind\": \"previous\",\n"
    "          \"baseline_period\": \"2025-12\",\n"
    "          \"cumulative\": false,\n"
    "          \"path\": \"linear\",\n"
    "          \"target\": 4050.00,\n"
    "          \"current\": 3900.00,\n"
    "          \"expected\": 3525.00,\n"
    "          \"progress\": 0.857143,\n"
    "          \"status\": \"on_track\",\n"
    "          \"reason\": null,\n"
    "          \"data_first\": \"2025-12-15\",\n"
    "          \"data_last\": \"2026-03-15\",\n"
    "          \"projection\": {\"value\": 4800.00, \"low\": 4800.00, \"high\": 4800.00, \"status\": "
    "\"achieved\", \"method\": \"linear\", \"why\": null},\n"
    "          \"budget\": null,\n"
    "          \"realism\": {\"kind\": \"span\", \"measure\": \"relative\", \"asked\": 0.35, \"periods\": 6, "
    "\"largest\": null, \"from\": null, \"to\": null, \"windows\": 0, \"history\": \"2026-01 to 2026-02\", "
    "\"verdict\": \"no_history\"},\n"
    "          \"series\": [\n"
    "            {\"period\": \"2026-01\", \"value\": 3300.00, \"previous\": {\"period\": \"2025-12\", "
    "\"value\": 3000.00, \"change\": 0.1}, \"last_year\": null},\n"
    "            {\"period\": \"2026-02\", \"value\": 3600.00, \"previous\": {\"period\": \"2026-01\", "
    "\"value\": 3300.00, \"change\": 0.090909}, \"last_year\": null},\n"
    "            {\"period\": \"2026-03\", \"value\": 3900.00, \"previous\": {\"period\": \"2026-02\", "
    "\"value\": 3600.00, \"change\": 0.083333}, \"last_year\": null}\n"
    "          ],\n"
    "          \"drivers\": [\n"
    "            {\n"
    "              \"name\": \"more_profit.revenue.visitors\",\n"
    "              \"title\": null,\n"
    "              \"metric\": \"visitors\",\n"
    "              \"unit\": \"count\",\n"
    "              \"owner\": \"Digital marketing manager\",\n"
    "              \"why\": null,\n"
    "              \"start\": \"2026-01-01\",\n"
    "              \"deadline\": \"2026-06-30\",\n"
    "              \"review\": \"monthly\",\n"
    "              \"baseline\": 1000,\n"
    "              \"baseline_kind\": \"previous\",\n"
    "              \"baseline_period\": \"2025-12\",\n"
    "              \"cumulative\": false,\n"
    "              \"path\": \"linear\",\n"
    "              \"target\": 1650,\n"
    "              \"current\": 1300,\n"
    "              \"expected\": 1325,\n"
    "              \"progress\": 0.461538,\n"
    "              \"status\": \"at_risk\",\n"
    "              \"reason\": null,\n"
    "              \"data_first\": \"2025-12-15\",\n"
    "              \"data_last\": \"2026-03-15\",\n"
    "              \"projection\": {\"value\": 1600, \"low\": 1600, \"high\": 1600, \"status\": \"missed\", "
    "\"method\": \"linear\", \"why\": null},\n"
    "              \"budget\": null,\n"
    "              \"realism\": {\"kind\": \"span\", \"measure\": \"relative\", \"asked\": 0.65, "
    "\"periods\": 6, \"largest\": null, \"from\": null, \"to\": null, \"windows\": 0, \"history\": \"2026-01 "
    "to 2026-02\", \"verdict\": \"no_history\"},\n"
    "              \"series\": [\n"
    "                {\"period\": \"2026-01\", \"value\": 1100, \"previous\": {\"period\": \"2025-12\", "
    "\"value\": 1000, \"change\": 0.1}, \"last_year\": null},\n"
    "                {\"period\": \"2026-02\", \"value\": 1200, \"previous\": {\"period\": \"2026-01\", "
    "\"value\": 1100, \"change\": 0.090909}, \"last_year\": null},\n"
    "                {\"period\": \"2026-03\", \"value\": 1300, \"previous\": {\"period\": \"2026-02\", "
    "\"value\": 1200, \"change\": 0.083333}, \"last_year\": null}\n"
    "              ],\n"
    "              \"drivers\": []\n"
    "            }\n"
    "          ]\n"
    "        }\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"healthy_conversion\",\n"
    "      \"title\": null,\n"
    "      \"metric\": \"conversion\",\n"
    "      \"unit\": \"%\",\n"
    "      \"owner\": \"Web team\",\n"
    "      \"why\": null,\n"
    "      \"start\": \"2026-01-01\",\n"
    "      \"deadline\": \"2026-12-31\",\n"
    "      \"review\": \"monthly\",\n"
    "      \"baseline\": 0.03,\n"
    "      \"baseline_kind\": \"previous\",\n"
    "      \"baseline_period\": \"2025-12\",\n"
    "      \"cumulative\": false,\n"
    "      \"path\": null,\n"
    "      \"target\": 0.031,\n"
    "      \"current\": 0.030769,\n"
    "      \"expected\": null,\n"
    "      \"progress\": null,\n"
    "      \"status\": \"breached\",\n"
    "      \"reason\": null,\n"
    "      \"data_first\": \"2025-12-15\",\n"
    "      \"data_last\": \"2026-03-15\",\n"
    "      \"projection\": {\"value\": 0.034103, \"low\": 0.027178, \"high\": 0.041027, \"status\": "
    "\"uncertain\", \"method\": \"linear\", \"why\": null},\n"
    "      \"budget\": null,\n"
    "      \"realism\": null,\n"
    "      \"series\": [\n"
    "        {\"period\": \"2026-01\", \"value\": 0.03, \"previous\": {\"period\": \"2025-12\", \"value\": "
    "0.03, \"change\": 0}, \"last_year\": null},\n"
    "        {\"period\": \"2026-02\", \"value\": 0.03, \"previous\": {\"period\": \"2026-01\", \"value\": "
    "0.03, \"change\": 0}, \"last_year\": null},\n"
    "        {\"period\": \"2026-03\", \"value\": 0.030769, \"previous\": {\"period\": \"2026-02\", "
    "\"value\": 0.03, \"change\": 0.025641}, \"last_year\": null}\n"
    "      ],\n"
    "      \"drivers\": []\n"
    "    }\n"
    "  ]\n"
    "}\n";

static const char expected_csv[] =
    "name,parent,title,metric,unit,owner,start,deadline,review,baseline,baseline_kind,baseline_period,target,"
    "current,expected,progress,status,projection,projection_status,period,data_first,data_last,reason\n"
    "more_profit,,Profit +20% in 6 months,profit,EUR,Digital marketing "
    "manager,2026-01-01,2026-06-30,monthly,1000.00,previous,2025-12,1200.00,1500.00,1100.00,2.5,on_track,"
    "2016.67,achieved,"
    "2026-03,2025-12-15,2026-03-15,\n"
    "more_profit.revenue,more_profit,,revenue,EUR,Digital marketing "
    "manager,2026-01-01,2026-06-30,monthly,3000.00,previous,2025-12,4050.00,3900.00,3525.00,0.857143,on_"
    "track,4800.00,"
    "achieved,2026-03,2025-12-15,2026-03-15,\n"
    "more_profit.revenue.visitors,more_profit.revenue,,visitors,count,Digital marketing "
    "manager,2026-01-01,2026-06-30,monthly,1000,previous,2025-12,1650,1300,1325,0.461538,at_risk,1600,missed,"
    "2026-03,2025-12-"
    "15,2026-03-15,\n"
    "healthy_conversion,,,conversion,%,Web "
    "team,2026-01-01,2026-12-31,monthly,0.03,previous,2025-12,0.031,0.030769,,,breached,0.034103,uncertain,"
    "2026-03,"
    "2025-12-15,2026-"
    "03-15,\n";

typedef struct run_result {
    int rc;
    char out[16384];
    char err[4096];
} run_result;

static char data_path[256];
static char data_arg[300];

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void slurp(FILE *f, char *buf, size_t cap) {
    rewind(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = 0;
}

/* Runs kpirt_main with stdout and stderr captured. argv ends with NULL. */
static run_result *run(const char *first, ...) {
    static run_result r;
    char *argv[32];
    int argc = 0;
    va_list ap;
    argv[argc++] = "webshop";
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *)) argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;

    fflush(stdout);
    fflush(stderr);
    FILE *out = tmpfile(), *err = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    int saved_out = dup(1), saved_err = dup(2);
    dup2(fileno(out), 1);
    dup2(fileno(err), 2);
    r.rc = kpirt_main(&kpi_fake_program, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    slurp(out, r.out, sizeof r.out);
    slurp(err, r.err, sizeof r.err);
    fclose(out);
    fclose(err);
    return &r;
}

static int setup(void **state) {
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(data_path, sizeof data_path, "%s/kpirt_shop_%ld.csv", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    write_file(data_path, shop_csv);
    snprintf(data_arg, sizeof data_arg, "shop=%s", data_path);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    remove(data_path);
    return 0;
}

static void test_json_report(void **state) {
    (void)state;
    run_result *r = run("--data", data_path, "--as-of", "2026-03-31", "--format", "json", NULL);
    assert_string_equal(r->err, "");
    assert_string_equal(r->out, expected_json);
    assert_int_equal(r->rc, 1);
    /* NAME=FILE and --opt=value spellings give the same bytes */
    r = run("--data", data_arg, "--as-of=2026-03-31", "--format=json", NULL);
    assert_string_equal(r->out, expected_json);
}

static void test_csv_report(void **state) {
    (void)state;
    run_result *r = run("--data", data_path, "--as-of", "2026-03-31", "--format", "csv", NULL);
    assert_string_equal(r->out, expected_csv);
    assert_int_equal(r->rc, 1);
}

/* Display columns of one line (each character in the report is one column). */
static int line_columns(const char *s, size_t len) {
    int n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

static void test_text_report(void **state) {
    (void)state;
    run_result *r = run("--data", data_path, "--as-of", "2026-03-31", "--color=never", NULL);
    assert_int_equal(r->rc, 1);
    assert_non_null(
        strstr(r->out, "webshop.kpi as of 2026-03-31: 4 goals: 1 breached, 1 at risk, 2 on track\n"));
    assert_non_null(strstr(r->out, "on track    more_profit      1500 / 1200 EUR"));
    assert_non_null(strstr(r->out, "on track    └ revenue        3900 / 4050 EUR"));
    assert_non_null(strstr(r->out, "at risk       └ visitors     1300 / 1650"));
    assert_non_null(strstr(r->out, "breached    healthy_convers… 3.08% / >=3.10%"));
    assert_non_null(strstr(r->out, "▁▄█"));   /* the profit sparkline: 1150, 1300, 1500 */
    assert_non_null(strstr(r->out, "91d\n")); /* 2026-03-31 to 2026-06-30 */
    assert_null(strstr(r->out, "\033["));     /* no colour */
    for (const char *line = r->out; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        assert_true(line_columns(line, len) <= 80);
        line += len + (end ? 1 : 0);
    }
    r = run("--data", data_path, "--as-of", "2026-03-31", "--color=always", NULL);
    assert_non_null(strstr(r->out, "\033[33mat risk"));
}

static void test_exit_codes(void **state) {
    (void)state;
    assert_int_equal(run("--data", data_path, "--as-of", "2026-03-31", "--fail-on=missed", NULL)->rc, 0);
    assert_int_equal(run("--data", data_path, "--as-of", "2026-03-31", "--fail-on=breached", NULL)->rc, 1);
    assert_int_equal(run("--data", data_path, "--as-of", "2026-03-31", "--fail-on=", NULL)->rc, 0);
    /* before the start everything is not_started, which does not fail by default */
    run_result *r = run("--data", data_path, "--as-of", "2025-12-31", "--format", "csv", NULL);
    assert_int_equal(r->rc, 0);
    assert_non_null(strstr(r->out, ",not_started,"));
    /* only the revenue subtree: on track and at risk */
    r = run("--data", data_path, "--as-of", "2026-03-31", "--goal", "more_profit.revenue", "--format", "csv",
            "--fail-on=breached", NULL);
    assert_int_equal(r->rc, 0);
    assert_null(strstr(r->out, "healthy_conversion"));
    assert_null(strstr(r->out, "\nmore_profit,"));
    assert_non_null(strstr(r->out, "\nmore_profit.revenue,more_profit,"));
    assert_non_null(strstr(r->out, "\nmore_profit.revenue.visitors,"));
}

static void test_usage_errors(void **state) {
    (void)state;
    run_result *r = run("--data", data_path, "--format", "xml", NULL);
    assert_int_equal(r->rc, 2);
    assert_non_null(strstr(r->err, "--format xml: unknown format (expected text, json, csv, html)"));
    r = run("--fromat", "json", NULL);
    assert_int_equal(r->rc, 2);
    assert_non_null(strstr(r->err, "unknown option '--fromat'; did you mean '--format'?"));
    r = run("--as-of", "2026-02-30", NULL);
    assert_int_equal(r->rc, 2);
    assert_non_null(strstr(r->err, "--as-of 2026-02-30: no such day in that month"));
    r = run("--data", data_path, "--goal", "more_proft", NULL);
    assert_int_equal(r->rc, 2);
    assert_non_null(strstr(r->err, "no goal named \"more_proft\"; did you mean \"more_profit\"?"));
    r = run("--on-bad-row=maybe", NULL);
    assert_int_equal(r->rc, 2);
    r = run("--fail-on=late", NULL);
    assert_int_equal(r->rc, 2);
    r = run("--color=sometimes", NULL);
    assert_int_equal(r->rc, 2);
    r = run("--data", NULL);
    assert_int_equal(r->rc, 2);
    assert_non_null(strstr(r->err, "--data needs a value"));
    r = run("extra", NULL);
    assert_int_equal(r->rc, 2);
}

static void test_data_errors(void **state) {
    (void)state;
    run_result *r = run("--data", "/nonexistent/shop.csv", NULL);
    assert_int_equal(r->rc, 2);
    assert_non_null(strstr(r->err,
                           "webshop: error: /nonexistent/shop.csv: cannot open the data file of source "
                           "\"shop\": No such file or directory (give another with --data shop=FILE)"));
    char bad_path[300];
    snprintf(bad_path, sizeof bad_path, "%s.bad", data_path);
    write_file(bad_path, "day,visitors,orders,revenue,costs,channel\n"
                         "2026-01-15,1100,33,3300.00,2150.00,seo\n"
                         "2026-01-16,12O0,1,1,1,seo\n"
                         "2026-01-17,1,1,1,1\n");
    r = run("--data", bad_path, "--as-of", "2026-03-31", NULL);
    assert_int_equal(r->rc, 2);
    char want[512];
    snprintf(want, sizeof want,
             "webshop: error: %s:3:12: bad number \"12O0\" in column \"visitors\": not a number", bad_path);
    assert_non_null(strstr(r->err, want));
    r = run("--data", bad_path, "--as-of", "2026-03-31", "--on-bad-row=skip", "--format", "json", NULL);
    assert_int_equal(r->rc, 1); /* evaluated; no December row, so no baseline: no_data, which fails */
    assert_non_null(strstr(r->err, "webshop: warning: skipped 2 bad rows of 3\n"));
    snprintf(want, sizeof want, "  %s:4:19: wrong field count: expected 6 fields as in the header, found 5\n",
             bad_path);
    assert_non_null(strstr(r->err, want));
    /* its one good row is from January: March is after the data, so the goals are stale */
    assert_non_null(strstr(r->out, "\"status\": \"stale\""));
    assert_non_null(strstr(r->out,
                           "\"reason\": \"stale: the data ends 2026-01-15, 75 days before the as-of date; "
                           "the current period 2026-03 has none\""));
    remove(bad_path);
}

static void test_help_and_version(void **state) {
    (void)state;
    run_result *r = run("--help", NULL);
    assert_int_equal(r->rc, 0);
    assert_non_null(strstr(r->out, "usage: webshop"));
    assert_non_null(strstr(r->out, "Evaluates the goals of webshop.kpi"));
    assert_non_null(strstr(r->out, "  shop             shop.csv (date column \"day\")"));
    assert_non_null(strstr(r->out, "  more_profit      Profit +20% in 6 months"));
    for (const char *line = r->out; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        assert_true(len <= 80);
        line += len + (end ? 1 : 0);
    }
    r = run("--version", NULL);
    assert_int_equal(r->rc, 0);
    assert_non_null(strstr(r->out, "webshop (webshop.kpi) libkpirt "));
    char abi[32];
    snprintf(abi, sizeof abi, "runtime ABI %d", KPIRT_ABI_VERSION);
    assert_non_null(strstr(r->out, abi));
}

/* Two sources, each with one metric counting its rows: --data must name them. */
static int count_row(kpirt_ctx *ctx, kpirt_row *row, uint32_t metric) {
    kpirt_day day;
    if (kpirt_field_date(row, 0, &day) < 0) return -1;
    return kpirt_cell_add(ctx, &kpirt_day_cells(ctx, day)[metric], 0);
}
static int ads_row(kpirt_ctx *ctx, kpirt_row *row) {
    return count_row(ctx, row, 0);
}
static int site_row(kpirt_ctx *ctx, kpirt_row *row) {
    return count_row(ctx, row, 1);
}

static void test_several_files_of_one_source(void **state) {
    (void)state;
    /* the same rows as shop_csv, exported in two parts, each with its header */
    char first[300], second[300], second_arg[320];
    snprintf(first, sizeof first, "%s.part1", data_path);
    snprintf(second, sizeof second, "%s.part2", data_path);
    write_file(first, "day,visitors,orders,revenue,costs,channel\n"
                      "2025-12-15,1000,30,3000.00,2000.00,seo\n"
                      "2026-01-15,1100,33,3300.00,2150.00,seo\n");
    write_file(second, "channel;day;visitors;orders;revenue;costs\n"
                       "ads;2026-02-15;1200;36;3600.00;2300.00\n"
                       "seo;2026-03-15;1300;40;3900.00;2400.00\n");
    snprintf(second_arg, sizeof second_arg, "shop=%s", second);
    run_result *r =
        run("--data", first, "--data", second_arg, "--as-of", "2026-03-31", "--format", "json", NULL);
    assert_string_equal(r->err, "");
    /* the same goals, then which days came from which file */
    size_t goals_len = strlen(expected_json) - strlen("\n}\n");
    assert_memory_equal(r->out, expected_json, goals_len);
    assert_non_null(strstr(r->out, "\"days\": [[\"2025-12-15\", \"2026-01-15\"]], \"rows\": 2"));
    assert_non_null(strstr(r->out, "\"days\": [[\"2026-02-15\", \"2026-03-15\"]], \"rows\": 2"));
    remove(first);
    remove(second);
}

static void test_data_from_stdin(void **state) {
    (void)state;
    fflush(stdin);
    int saved_in = dup(0);
    FILE *in = fopen(data_path, "rb");
    assert_non_null(in);
    dup2(fileno(in), 0);
    clearerr(stdin);
    run_result *r = run("--data", "-", "--as-of", "2026-03-31", "--format", "json", NULL);
    dup2(saved_in, 0);
    close(saved_in);
    fclose(in);
    clearerr(stdin);
    assert_string_equal(r->out, expected_json);
    assert_int_equal(r->rc, 1);
}

static void test_two_sources(void **state) {
    (void)state;
    static const char *const columns[] = {"day"};
    static const kpirt_source_desc sources[2] = {
        {.name = "ads", .column_count = 1, .columns = columns, .row = ads_row},
        {.name = "site", .column_count = 1, .columns = columns, .row = site_row},
    };
    static const kpirt_metric_desc metrics[2] = {
        {.name = "clicks", .unit = "count", .unit_kind = KPIRT_UNIT_COUNT, .aggregate = KPIRT_AGG_COUNT},
        {.name = "visits",
         .unit = "count",
         .unit_kind = KPIRT_UNIT_COUNT,
         .source = 1,
         .aggregate = KPIRT_AGG_COUNT},
    };
    const kpirt_program two = {.abi_version = KPIRT_ABI_VERSION,
                               .spec_name = "two.kpi",
                               .source_count = 2,
                               .metric_count = 2,
                               .sources = sources,
                               .metrics = metrics};
    char ads_path[300], site_path[300], ads_arg[320], site_arg[320];
    snprintf(ads_path, sizeof ads_path, "%s.ads", data_path);
    snprintf(site_path, sizeof site_path, "%s.site", data_path);
    write_file(ads_path, "day\n2026-01-01\n");
    write_file(site_path, "day\n2026-01-01\n2026-01-02\n");
    snprintf(ads_arg, sizeof ads_arg, "ads=%s", ads_path);
    snprintf(site_arg, sizeof site_arg, "site=%s", site_path);

    const kpirt_data_file files[2] = {{0, ads_path}, {1, site_path}};
    kpirt_options o = {.as_of = kpirt_day_from_ymd(2026, 2, 1), .data_files = files, .data_file_count = 2};
    kpirt_report report;
    assert_int_equal(kpirt_evaluate(&two, &o, &report), 0);
    assert_int_equal(report.rows_read, 3);
    kpirt_report_free(&report);

    char *one[4] = {"two", "--data", ads_path, NULL};
    char *unknown[5] = {"two", "--data", ads_arg, "--data=nowhere=x.csv", NULL};
    char *both[7] = {"two", "--data", ads_arg, "--data", site_arg, "--format=csv", NULL};
    fflush(stdout);
    fflush(stderr);
    FILE *out = tmpfile();
    int saved_out = dup(1), saved_err = dup(2);
    dup2(fileno(out), 1);
    dup2(fileno(out), 2);
    int rc_one = kpirt_main(&two, 3, one);
    int rc_unknown = kpirt_main(&two, 4, unknown);
    int rc_both = kpirt_main(&two, 6, both);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    char text[2048];
    slurp(out, text, sizeof text);
    fclose(out);
    assert_int_equal(rc_one, 2);
    assert_non_null(strstr(text, "two: error: --data "));
    assert_non_null(strstr(text, ": this program has several sources; write --data NAME=FILE\n"));
    assert_int_equal(rc_unknown, 2);
    assert_non_null(strstr(text, "two: error: --data nowhere=x.csv: no source named \"nowhere\"\n"));
    assert_int_equal(rc_both, 0);
    assert_non_null(strstr(text, "name,parent,title,metric,unit,owner,start,deadline,"));
    remove(ads_path);
    remove(site_path);
}

static void test_invalid_program(void **state) {
    (void)state;
    kpirt_goal_desc goal = {.name = "broken", .metric = 99, .parent = -1, .review = KPIRT_MONTH};
    kpirt_program bad = kpi_fake_program;
    bad.goals = &goal;
    bad.goal_count = 1;
    kpirt_report report;
    assert_int_equal(kpirt_evaluate(&bad, NULL, &report), -1);
    assert_string_equal(report.error, "invalid program: goal \"broken\" measures metric 99 of 7");
    kpirt_report_free(&report);
    goal.metric = 0;
    goal.parent = 0;
    assert_int_equal(kpirt_evaluate(&bad, NULL, &report), -1);
    assert_string_equal(report.error,
                        "invalid program: goal \"broken\" drives goal 0, which must come before it");
    kpirt_report_free(&report);
    bad.abi_version = KPIRT_ABI_VERSION + 1;
    assert_int_equal(kpirt_evaluate(&bad, NULL, &report), -1);
    assert_non_null(strstr(report.error, "rebuild it with this kpic"));
    kpirt_report_free(&report);
}

static void test_evaluate_api(void **state) {
    (void)state;
    const kpirt_data_file files[1] = {{0, data_path}};
    kpirt_options o = {.as_of = kpirt_day_from_ymd(2026, 3, 31), .data_files = files, .data_file_count = 1};
    kpirt_report report;
    assert_int_equal(kpirt_evaluate(&kpi_fake_program, &o, &report), 0);
    assert_int_equal(report.root_count, 2);
    const kpirt_goal_report *g = &report.goals[report.roots[0]];
    assert_string_equal(g->name, "more_profit");
    assert_int_equal(g->driver_count, 1);
    assert_int_equal(report.goals[g->drivers[0]].status, KPIRT_STATUS_ON_TRACK);
    assert_int_equal(report.rows_read, 4);
    assert_int_equal(report.data_first, kpirt_day_from_ymd(2025, 12, 15));
    assert_int_equal(report.data_last, kpirt_day_from_ymd(2026, 3, 15));
    kpirt_report_free(&report);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_report),      cmocka_unit_test(test_csv_report),
        cmocka_unit_test(test_text_report),      cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_usage_errors),     cmocka_unit_test(test_data_errors),
        cmocka_unit_test(test_help_and_version), cmocka_unit_test(test_evaluate_api),
        cmocka_unit_test(test_two_sources),      cmocka_unit_test(test_invalid_program),
        cmocka_unit_test(test_data_from_stdin),  cmocka_unit_test(test_several_files_of_one_source),
    };
    return cmocka_run_group_tests_name("runtime kpirt_main", tests, setup, teardown);
}
