/*
** test_periods.c: the evaluator fed per-period values instead of rows
** (--periods, runtime/src/periods.c). Values come back with the same
** arithmetic as the roll-up of rows (an average is its sum over its count),
** the row count and the observed days reach the report, and every way the
** query's result can be wrong is one error naming the file, line, column
** and what is wrong, never a report.
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

#define DAY(y, m, d) kpirt_day_from_ymd((y), (m), (d))

static const char *const columns[] = {"day", "amount", "customer"};
static const kpirt_source_desc sources[] = {
    {.name = "shop", .default_path = NULL, .date_column = "day", .column_count = 3, .columns = columns},
    {.name = "files",
     .default_path = "/nonexistent/files.csv",
     .date_column = "day",
     .column_count = 3,
     .columns = columns},
};
static const kpirt_metric_desc metrics[] = {
    {.name = "revenue",
     .unit = "EUR",
     .unit_kind = KPIRT_UNIT_MONEY,
     .source = 0,
     .aggregate = KPIRT_AGG_SUM},
    {.name = "basket", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .aggregate = KPIRT_AGG_AVG},
    {.name = "customers",
     .unit = "count",
     .unit_kind = KPIRT_UNIT_COUNT,
     .source = 0,
     .aggregate = KPIRT_AGG_COUNT_DISTINCT},
    {.name = "other", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 1, .aggregate = KPIRT_AGG_SUM},
};
static const kpirt_goal_desc goals[] = {
    {.name = "g",
     .metric = 0,
     .parent = -1,
     .verb = KPIRT_VERB_KEEP,
     .keep_kind = KPIRT_KEEP_ABOVE,
     .review = KPIRT_MONTH,
     .start = 20454 /* 2026-01-01 */,
     .deadline = 20819,
     .tolerance = 0.1},
};
static const kpirt_program program = {
    .abi_version = KPIRT_ABI_VERSION,
    .spec_name = "shop.kpi",
    .source_count = 2,
    .metric_count = 4,
    .goal_count = 1,
    .sources = sources,
    .metrics = metrics,
    .goals = goals,
};

#define HEADER "source,metric,review,period,value,n,first_day,last_day\n"

typedef struct text_reader {
    const char *text;
    size_t pos;
} text_reader;

static long read_text(void *user, char *buf, size_t cap) {
    text_reader *t = user;
    size_t n = strlen(t->text + t->pos);
    if (n > cap) n = cap;
    memcpy(buf, t->text + t->pos, n);
    t->pos += n;
    return (long)n;
}

/* Loads text as periods; returns the error message ("" when none) in a static buffer. */
static const char *load(kpirt_ctx *ctx, const char *text) {
    static char message[KPIRT_MESSAGE_MAX];
    text_reader t = {text, 0};
    int rc = kpirt_load_periods_stream(ctx, "periods.csv", read_text, &t);
    snprintf(message, sizeof message, "%s", rc == 0 ? "" : kpirt_ctx_error(ctx));
    return message;
}

static void test_values_as_rows_would_give(void **state) {
    (void)state;
    kpirt_ctx *ctx = kpirt_ctx_new(&program, KPIRT_BAD_ROW_FAIL);
    const char *err = load(ctx, HEADER "shop,revenue,monthly,2026-01-01,12.3450,3,2026-01-02,2026-01-30\n"
                                       "shop,basket,monthly,2026-01-01,10.0000,4,2026-01-02,2026-01-30\n"
                                       "shop,customers,monthly,2026-01-01,3.0000,5,2026-01-02,2026-01-30\n"
                                       "shop,revenue,weekly,2026-01-05,1.5000,1,2026-01-06,2026-01-06\n"
                                       "shop,revenue,monthly,2026-02-01,,0,,\n"
                                       "shop,,,,,42,,\n");
    assert_string_equal(err, "");
    int32_t jan = 2026 * 12, feb = jan + 1;
    double v = 0;
    assert_int_equal(kpirt_metric_value(ctx, 0, KPIRT_MONTH, jan, &v), 1);
    assert_true(v == 12.345);
    assert_int_equal(kpirt_metric_value(ctx, 1, KPIRT_MONTH, jan, &v), 1);
    assert_true(v == 2.5); /* the sum over the count, as the runtime divides */
    assert_int_equal(kpirt_metric_value(ctx, 2, KPIRT_MONTH, jan, &v), 1);
    assert_true(v == 3);
    assert_int_equal(kpirt_metric_value(ctx, 0, KPIRT_WEEK, kpirt_period_of(DAY(2026, 1, 5), KPIRT_WEEK), &v),
                     1);
    assert_true(v == 1.5);
    assert_int_equal(kpirt_metric_value(ctx, 0, KPIRT_MONTH, feb, &v), 0);     /* NULL value: no value */
    assert_int_equal(kpirt_metric_value(ctx, 0, KPIRT_MONTH, jan + 2, &v), 0); /* absent period */
    assert_int_equal(kpirt_metric_value(ctx, 0, KPIRT_QUARTER, 2026 * 4, &v), 0);
    kpirt_ctx_free(ctx);
}

static void expect_error(const char *text, const char *want) {
    kpirt_ctx *ctx = kpirt_ctx_new(&program, KPIRT_BAD_ROW_FAIL);
    const char *err = load(ctx, text);
    if (!strstr(err, want)) fail_msg("expected \"%s\" in \"%s\"", want, err);
    kpirt_ctx_free(ctx);
}

static void test_wrong_results_are_errors(void **state) {
    (void)state;
    expect_error("", "periods.csv: empty periods");
    expect_error("source,metric,review,period,value,n,first_day\n",
                 "periods.csv:1: the periods have no column \"last_day\"");
    expect_error(HEADER "shop,revenu,monthly,2026-01-01,1,1,,\n",
                 "periods.csv:2:6: this program has no metric named \"revenu\" in column \"metric\"");
    expect_error(HEADER "shops,revenue,monthly,2026-01-01,1,1,,\n",
                 "periods.csv:2:1: this program has no source named \"shops\"");
    expect_error(HEADER "files,revenue,monthly,2026-01-01,1,1,,\n",
                 "the metric does not read this source: \"revenue\"");
    expect_error(HEADER "shop,revenue,month,2026-01-01,1,1,,\n", "not a review period");
    expect_error(HEADER "shop,revenue,monthly,2026-01-02,1,1,,\n", "not the first day of a period");
    expect_error(HEADER "shop,revenue,weekly,2026-01-04,1,1,,\n",
                 "not the first day of a period (weeks start on Monday)");
    expect_error(HEADER "shop,revenue,monthly,2026-01-01,1.5e3,1,,\n",
                 "bad number \"1.5e3\" in column \"value\"");
    expect_error(HEADER "shop,revenue,monthly,2026-01-01,1,1.5,,\n", "not a count \"1.5\" in column \"n\"");
    expect_error(HEADER "shop,revenue,monthly,2026/01/01,1,1,,\n",
                 "bad date \"2026/01/01\" in column \"period\"");
    expect_error(HEADER "shop,revenue,monthly,2026-01-01,1,1,,\nshop,revenue,monthly,2026-01-01,2,1,,\n",
                 "metric \"revenue\" has two monthly values for one period");
    expect_error(HEADER "shop,revenue,monthly\n", "wrong field count");
}

/* Writes text to a new temporary file whose name goes into path ("/tmp/kpic-periods-XXXXXX"). */
static void write_periods(char *path, const char *text) {
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_report_takes_rows_and_days(void **state) {
    (void)state;
    char path[] = "/tmp/kpic-periods-XXXXXX";
    write_periods(path,
                  HEADER "shop,revenue,monthly,2025-12-01,7,2,2025-12-03,2025-12-30\n"
                         "shop,revenue,monthly,2026-01-01,9,2,2026-01-02,2026-01-29\nshop,,,,,1234,,\n");
    /* the second source is a file that does not exist: only a source the periods cover is not read */
    kpirt_options o = {.as_of = DAY(2026, 2, 10), .periods_path = path};
    kpirt_report r;
    assert_int_equal(kpirt_evaluate(&program, &o, &r), -1);
    assert_non_null(strstr(r.error, "/nonexistent/files.csv"));
    kpirt_report_free(&r);

    static kpirt_program one_source;
    one_source = program;
    one_source.source_count = 1;
    one_source.metric_count = 3;
    assert_int_equal(kpirt_evaluate(&one_source, &o, &r), 0);
    assert_int_equal(r.rows_read, 1234);
    assert_int_equal(r.data_first, DAY(2025, 12, 3));
    assert_int_equal(r.data_last, DAY(2026, 1, 29));
    assert_true(r.goals[0].current.has && r.goals[0].current.v == 9);
    kpirt_report_free(&r);

    /* a table source without periods: the error says how to give them */
    kpirt_options none = {.as_of = DAY(2026, 2, 10)};
    assert_int_equal(kpirt_evaluate(&one_source, &none, &r), -1);
    assert_non_null(strstr(r.error, "source \"shop\" has no data file"));
    assert_non_null(strstr(r.error, "--periods FILE"));
    kpirt_report_free(&r);
    remove(path);
}

/* Two sources a database computed: the report's totals are those of both, each source keeps its own. */
static void test_totals_come_from_the_sources(void **state) {
    (void)state;
    char path[] = "/tmp/kpic-periods-XXXXXX";
    write_periods(path, HEADER "shop,revenue,monthly,2026-01-01,9,2,2026-01-05,2026-01-20\nshop,,,,,100,,\n"
                               "files,other,monthly,2025-11-01,4,1,2025-11-07,2025-11-07\n"
                               "files,other,monthly,2026-01-01,5,1,2026-01-28,2026-01-28\nfiles,,,,,23,,\n");
    kpirt_options o = {.as_of = DAY(2026, 2, 10), .periods_path = path};
    kpirt_report r;
    assert_int_equal(kpirt_evaluate(&program, &o, &r), 0);
    assert_int_equal(r.rows_read, 123);
    assert_int_equal(r.data_first, DAY(2025, 11, 7));
    assert_int_equal(r.data_last, DAY(2026, 1, 28));
    assert_int_equal(r.source_count, 2);
    assert_int_equal(r.sources[0].rows_read, 100);
    assert_int_equal(r.sources[0].first_day, DAY(2026, 1, 5));
    assert_int_equal(r.sources[0].last_day, DAY(2026, 1, 20));
    assert_int_equal(r.sources[1].rows_read, 23);
    assert_int_equal(r.sources[1].first_day, DAY(2025, 11, 7));
    assert_int_equal(r.sources[1].last_day, DAY(2026, 1, 28));
    kpirt_report_free(&r);
    remove(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_as_rows_would_give),
        cmocka_unit_test(test_wrong_results_are_errors),
        cmocka_unit_test(test_report_takes_rows_and_days),
        cmocka_unit_test(test_totals_come_from_the_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
