/*
** test_csv.c: the CSV reader on every dialect it accepts (quoting, BOM,
** CRLF, delimiters, decimal comma with thousands separators, column names
** with punctuation, declared date formats, records across buffer refills)
** and on every kind of bad input, each with its file:line:column message;
** the skip policy; an empty numeric field as no observation.
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

/* What the row function saw, one line per row: "date|amount|name". */
static char seen[16][160];
static int seen_count;

static int capture_row(kpirt_ctx *ctx, kpirt_row *row) {
    kpirt_day day;
    int64_t amount = 0;
    const char *name;
    size_t len;
    char date[KPIRT_LABEL_MAX], number[40];
    if (kpirt_field_date(row, 0, &day) < 0) return -1;
    int has = kpirt_field_decimal(row, 1, &amount);
    if (has < 0) return -1;
    kpirt_field_text(row, 2, &name, &len);
    kpirt_day_format(day, date);
    if (has == 0) snprintf(number, sizeof number, "%lld", (long long)amount);
    else snprintf(number, sizeof number, "-");
    if (seen_count < 16)
        snprintf(seen[seen_count++], sizeof seen[0], "%s|%s|%.*s", date, number, (int)len, name);
    if (has == 0 && kpirt_cell_add(ctx, &kpirt_day_cells(ctx, day)[0], amount) < 0) return -1;
    return 0;
}

static const char *const default_columns[] = {"date", "amount", "name"};

typedef struct dialect {
    char delimiter, decimal_mark, thousands_sep;
    const char *date_format;
    const char *const *columns;
} dialect;

static const kpirt_metric_desc amount_metric = {
    .name = "amount", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .aggregate = KPIRT_AGG_SUM};

/* Loads text as the only source of a one-metric program; returns the ctx (caller frees). */
static kpirt_ctx *load_with(const char *text, dialect d, kpirt_bad_row_policy policy, kpirt_read_fn read,
                            void *user, int *rc, kpirt_source_desc *src, kpirt_program *prog) {
    *src = (kpirt_source_desc){
        .name = "shop",
        .date_column = "date",
        .date_format = d.date_format,
        .delimiter = d.delimiter,
        .decimal_mark = d.decimal_mark ? d.decimal_mark : '.',
        .thousands_sep = d.thousands_sep,
        .column_count = 3,
        .columns = d.columns ? d.columns : default_columns,
        .row = capture_row,
    };
    *prog = (kpirt_program){.abi_version = KPIRT_ABI_VERSION,
                            .spec_name = "test.kpi",
                            .source_count = 1,
                            .metric_count = 1,
                            .sources = src,
                            .metrics = &amount_metric};
    seen_count = 0;
    kpirt_ctx *ctx = kpirt_ctx_new(prog, policy);
    *rc = read ? kpirt_load_stream(ctx, 0, "data.csv", read, user)
               : kpirt_load_text(ctx, 0, "data.csv", text, strlen(text));
    return ctx;
}

/* Loads and expects success; returns the sum of amounts over all of 2026 (scaled). */
static int64_t load_ok(const char *text, dialect d) {
    kpirt_source_desc src;
    kpirt_program prog;
    int rc;
    kpirt_ctx *ctx = load_with(text, d, KPIRT_BAD_ROW_FAIL, NULL, NULL, &rc, &src, &prog);
    if (rc != 0) fail_msg("load failed: %s", kpirt_ctx_error(ctx));
    int64_t sum = 0;
    kpirt_base_sum_scaled(ctx, 0, KPIRT_YEAR, 2026, &sum);
    kpirt_ctx_free(ctx);
    return sum;
}

/* Loads and expects a failure whose message is exactly want. */
static void load_fails(const char *text, dialect d, const char *want) {
    kpirt_source_desc src;
    kpirt_program prog;
    int rc;
    kpirt_ctx *ctx = load_with(text, d, KPIRT_BAD_ROW_FAIL, NULL, NULL, &rc, &src, &prog);
    assert_int_equal(rc, -1);
    assert_string_equal(kpirt_ctx_error(ctx), want);
    kpirt_ctx_free(ctx);
}

static const dialect plain = {0};

static void test_plain_comma(void **state) {
    (void)state;
    assert_int_equal(load_ok("date,amount,name\n2026-01-05,12.50,a\n2026-01-06,7.5,b\n", plain), 200000);
    assert_int_equal(seen_count, 2);
    assert_string_equal(seen[0], "2026-01-05|125000|a");
    assert_string_equal(seen[1], "2026-01-06|75000|b");
    /* blank lines before the header, no newline at the end, blank lines in between */
    assert_int_equal(load_ok("\n\r\ndate,amount,name\n2026-01-05,1,a\n", plain), 10000);
    assert_int_equal(load_ok("date,amount,name\n\n2026-01-05,1,a\n\n2026-01-06,2,b", plain), 30000);
    assert_int_equal(seen_count, 2);
    /* header columns in another order, extra columns, names matched case-insensitively */
    assert_int_equal(load_ok("Name,Extra,Amount,Date\nx,?,3,2026-02-01\n", plain), 30000);
    assert_string_equal(seen[0], "2026-02-01|30000|x");
}

static void test_bom_crlf(void **state) {
    (void)state;
    assert_int_equal(load_ok("\xEF\xBB\xBF"
                             "date,amount,name\r\n2026-01-05,1.25,a\r\n2026-01-06,2,b\r\n",
                             plain),
                     32500);
    assert_string_equal(seen[0], "2026-01-05|12500|a");
    assert_string_equal(seen[1], "2026-01-06|20000|b");
}

static void test_quoting(void **state) {
    (void)state;
    const char *text = "date,amount,name\n"
                       "2026-01-05,\"1,5\",\"Hon Deluxe, \"\"Stacking\"\" Chairs\"\n"
                       "2026-01-06,2,\"two\nlines\"\n"
                       "\"2026-01-07\",3,\"\"\n";
    dialect d = {.thousands_sep = 0};
    /* "1,5" is quoted so the comma is data; with decimal '.' and no separator it is a bad number */
    kpirt_source_desc src;
    kpirt_program prog;
    int rc;
    kpirt_ctx *ctx = load_with(text, d, KPIRT_BAD_ROW_FAIL, NULL, NULL, &rc, &src, &prog);
    assert_int_equal(rc, -1);
    assert_string_equal(kpirt_ctx_error(ctx),
                        "data.csv:2:12: bad number \"1,5\" in column \"amount\": "
                        "unexpected separator (check the decimal mark and thousands separator)");
    kpirt_ctx_free(ctx);

    dialect comma = {.decimal_mark = ','};
    assert_int_equal(load_ok(text, comma), 15000 + 20000 + 30000);
    assert_string_equal(seen[0], "2026-01-05|15000|Hon Deluxe, \"Stacking\" Chairs");
    assert_string_equal(seen[1], "2026-01-06|20000|two\nlines");
    assert_string_equal(seen[2], "2026-01-07|30000|");
}

static void test_semicolon_decimal_comma(void **state) {
    (void)state;
    /* a Dutch spreadsheet export: ';' between fields, "1.234,56" */
    dialect nl = {.decimal_mark = ',', .thousands_sep = '.', .date_format = "DD-MM-YYYY"};
    assert_int_equal(load_ok("date;amount;name\n05-01-2026;1.234,56;a\n06-01-2026;-0,44;b\n", nl), 12341200);
    assert_string_equal(seen[0], "2026-01-05|12345600|a");
    assert_string_equal(seen[1], "2026-01-06|-4400|b");
    /* Excel's "sep=" line names the delimiter; line numbers still count it */
    assert_int_equal(load_ok("sep=;\r\ndate;amount;name\r\n05-01-2026;1,5;a\r\n", nl), 15000);
    assert_string_equal(seen[0], "2026-01-05|15000|a");
    load_fails("sep=;\ndate;amount;name\n05-01-2026;x;a\n", nl,
               "data.csv:3:12: bad number \"x\" in column \"amount\": not a number");
    /* declared instead of detected */
    dialect nl_declared = nl;
    nl_declared.delimiter = ';';
    assert_int_equal(load_ok("date;amount;name\n05-01-2026;\"1.000,5\";a, with comma\n", nl_declared),
                     10005000);
    assert_string_equal(seen[0], "2026-01-05|10005000|a, with comma");
}

static void test_tab_and_formats(void **state) {
    (void)state;
    dialect us = {.thousands_sep = ',', .date_format = "M/D/YYYY"};
    assert_int_equal(load_ok("date\tamount\tname\n1/5/2026\t\"1,000.25\"\tx\n12/31/2026\t2\ty\n", us),
                     10022500);
    assert_string_equal(seen[0], "2026-01-05|10002500|x");
    assert_string_equal(seen[1], "2026-12-31|20000|y");
    dialect de = {.date_format = "DD.MM.YYYY"};
    assert_int_equal(load_ok("date,amount,name\n05.03.2026,1,x\n", de), 10000);
    assert_string_equal(seen[0], "2026-03-05|10000|x");
    dialect slash = {.date_format = "YYYY/MM/DD"};
    assert_int_equal(load_ok("date,amount,name\n2026/03/05,1,x\n", slash), 10000);
    dialect dmy = {.date_format = "D-M-YYYY"};
    assert_int_equal(load_ok("date,amount,name\n5-3-2026,1,x\n", dmy), 10000);
    assert_string_equal(seen[0], "2026-03-05|10000|x");
}

static void test_column_names_with_punctuation(void **state) {
    (void)state;
    static const char *const cols[] = {"Order Date", "Sales (€), net", "Customer Name"};
    dialect d = {.columns = cols, .date_format = "M/D/YYYY"};
    assert_int_equal(
        load_ok("Row ID,Order Date,\"Sales (€), net\", Customer Name \n1,11/8/2018,261.96,Claire\n", d), 0);
    assert_int_equal(seen_count, 1);
    assert_string_equal(seen[0], "2018-11-08|2619600|Claire");
}

static void test_empty_number_is_no_observation(void **state) {
    (void)state;
    kpirt_source_desc src;
    kpirt_program prog;
    int rc;
    kpirt_ctx *ctx = load_with("date,amount,name\n2026-01-05,,a\n2026-01-06,  ,b\n", plain,
                               KPIRT_BAD_ROW_FAIL, NULL, NULL, &rc, &src, &prog);
    assert_int_equal(rc, 0);
    assert_string_equal(seen[0], "2026-01-05|-|a");
    double v;
    assert_int_equal(kpirt_base_value(ctx, 0, KPIRT_MONTH, 2026 * 12, &v), 0); /* no value, not 0 */
    kpirt_ctx_free(ctx);
}

/* Hands out the text one byte per call, so every record spans many refills. */
typedef struct trickle {
    const char *text;
    size_t pos;
} trickle;

static long read_one_byte(void *user, char *buf, size_t cap) {
    trickle *t = user;
    if (!t->text[t->pos] || cap == 0) return 0;
    buf[0] = t->text[t->pos++];
    return 1;
}

static void test_records_across_refills(void **state) {
    (void)state;
    trickle t = {"\xEF\xBB\xBF"
                 "date;amount;name\r\n2026-01-05;\"1.234,5\";\"a;\r\nb\"\r\n2026-01-06;1;\"\"\"\"\r\n",
                 0};
    dialect nl = {.decimal_mark = ',', .thousands_sep = '.'};
    kpirt_source_desc src;
    kpirt_program prog;
    int rc;
    kpirt_ctx *ctx = load_with(NULL, nl, KPIRT_BAD_ROW_FAIL, read_one_byte, &t, &rc, &src, &prog);
    if (rc) fail_msg("%s", kpirt_ctx_error(ctx));
    assert_int_equal(seen_count, 2);
    assert_string_equal(seen[0], "2026-01-05|12345000|a;\r\nb");
    assert_string_equal(seen[1], "2026-01-06|10000|\"");
    assert_int_equal(kpirt_ctx_rows_read(ctx), 2);
    kpirt_ctx_free(ctx);
}

/* A header, then a record whose last field opens a quote and never closes it: 2 MiB of x. */
typedef struct stray_quote {
    size_t sent;
    int quoted;
} stray_quote;

static long read_stray_quote(void *user, char *buf, size_t cap) {
    stray_quote *q = user;
    static const char head[] = "date,amount,name\n2026-01-05,1,";
    size_t n = 0;
    if (q->sent == 0) {
        memcpy(buf, head, sizeof head - 1);
        n = sizeof head - 1;
        if (q->quoted) buf[n++] = '"';
    }
    while (n < cap && q->sent < (2u << 20)) {
        buf[n++] = 'x';
        q->sent++;
    }
    return (long)n;
}

static void test_huge_records(void **state) {
    (void)state;
    kpirt_source_desc src;
    kpirt_program prog;
    int rc;
    stray_quote q = {0, 1};
    kpirt_ctx *ctx = load_with(NULL, plain, KPIRT_BAD_ROW_SKIP, read_stray_quote, &q, &rc, &src, &prog);
    assert_int_equal(rc, -1);
    assert_string_equal(kpirt_ctx_error(ctx),
                        "data.csv:2:14: a quoted field runs over 1 MiB; is a closing '\"' missing?");
    kpirt_ctx_free(ctx);
    q = (stray_quote){0, 0};
    ctx = load_with(NULL, plain, KPIRT_BAD_ROW_SKIP, read_stray_quote, &q, &rc, &src, &prog);
    assert_int_equal(rc, -1);
    assert_string_equal(kpirt_ctx_error(ctx), "data.csv:2: a record runs over 1 MiB");
    kpirt_ctx_free(ctx);
}

static void test_bad_inputs(void **state) {
    (void)state;
    load_fails("date,amount,name\n2026-01-05,12x,a\n", plain,
               "data.csv:2:12: bad number \"12x\" in column \"amount\": not a number");
    load_fails("date,amount,name\n2026-01-05,1,a\n2026-02-30,1,a\n", plain,
               "data.csv:3:1: bad date \"2026-02-30\" in column \"date\": no such day in that month "
               "(expected the date format YYYY-MM-DD)");
    load_fails(
        "date,amount,name\n,1,a\n", plain,
        "data.csv:2:1: bad date \"\" in column \"date\": empty date (expected the date format YYYY-MM-DD)");
    load_fails("date,amount,name\n2026-01-05,1\n", plain,
               "data.csv:2:13: wrong field count: expected 3 fields as in the header, found 2");
    load_fails("date,amount,name\r\n2026-01-05,1", plain,
               "data.csv:2:13: wrong field count: expected 3 fields as in the header, found 2");
    load_fails("date,amount,name\n2026-01-05,1,a,b\n", plain,
               "data.csv:2:16: wrong field count: expected 3 fields as in the header, found 4");
    /* the line counts the newline inside the quoted field of the record before */
    load_fails("date,amount,name\n2026-01-05,1,\"x\ny\"\n2026-01-06,oops,b\n", plain,
               "data.csv:4:12: bad number \"oops\" in column \"amount\": not a number");
    load_fails("date,amoutn,name\n", plain,
               "data.csv:1: missing column \"amount\" (source \"shop\"); did you mean \"amoutn\"? "
               "The header has: \"date\", \"amoutn\", \"name\"");
    load_fails("day,value,label\n", plain,
               "data.csv:1: missing column \"date\" (source \"shop\"); did you mean \"day\"? "
               "The header has: \"day\", \"value\", \"label\"");
    load_fails("when,value,label\n", plain,
               "data.csv:1: missing column \"date\" (source \"shop\"); the header has: \"when\", \"value\", "
               "\"label\"");
    load_fails("", plain, "data.csv: empty file (expected a header line with the column names)");
    load_fails("\xEF\xBB\xBF", plain, "data.csv: empty file (expected a header line with the column names)");
    /* UTF-16 is read (tests/runtime/test_exports.c); one cut inside a character is a cut download */
    load_fails("\xFF\xFE"
               "d",
               plain,
               "data.csv:1: the UTF-16 file ends in the middle of a character: the download "
               "was cut short; download it again");
    load_fails("\n\r\n\n", plain, "data.csv: empty file (expected a header line with the column names)");
    load_fails(
        "date,amount,name\n2026-01-05,1,\"open\n", plain,
        "data.csv:2:14: unterminated quoted field (a '\"' opens it here and the file ends before it closes)");
    load_fails(
        "date,amount,name\n2026-01-05,1,\"a\"b\n", plain,
        "data.csv:2:17: unexpected text after a closing quote (double a quote inside a quoted field: \"\")");
    load_fails("date,amount,name\n2026-01-05,922337203685477,a\n2026-01-05,1,a\n", plain,
               "data.csv:3: the daily sum of metric \"amount\" overflows (the limit is about 922 trillion)");
}

static void test_missing_file(void **state) {
    (void)state;
    kpirt_source_desc src = {
        .name = "shop", .column_count = 3, .columns = default_columns, .row = capture_row};
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION,
                          .source_count = 1,
                          .metric_count = 1,
                          .sources = &src,
                          .metrics = &amount_metric};
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, KPIRT_BAD_ROW_FAIL);
    assert_int_equal(kpirt_load_file(ctx, 0, "/nonexistent/shop.csv"), -1);
    assert_string_equal(kpirt_ctx_error(ctx),
                        "/nonexistent/shop.csv: cannot open the data file of source \"shop\": "
                        "No such file or directory (give another with --data shop=FILE)");
    kpirt_ctx_free(ctx);
}

static void test_skip_policy(void **state) {
    (void)state;
    kpirt_source_desc src;
    kpirt_program prog;
    int rc;
    const char *text = "date,amount,name\n2026-01-05,1,a\n2026-01-06,x,b\n2026-01-07,2,c\n2026-13-01,3,d\n"
                       "2026-01-08,4\n2026-01-09,y,e\n2026-01-10,z,f\n2026-01-11,w,g\n2026-01-12,8,h\n";
    kpirt_ctx *ctx = load_with(text, plain, KPIRT_BAD_ROW_SKIP, NULL, NULL, &rc, &src, &prog);
    assert_int_equal(rc, 0);
    assert_int_equal(kpirt_ctx_rows_read(ctx), 9);
    assert_int_equal(kpirt_ctx_rows_skipped(ctx), 6);
    int64_t sum;
    assert_int_equal(kpirt_base_sum_scaled(ctx, 0, KPIRT_MONTH, 2026 * 12, &sum), 1);
    assert_int_equal(sum, 110000); /* 1 + 2 + 8: the skipped rows count nothing */

    /* the same through kpirt_evaluate keeps the first messages */
    kpirt_ctx_free(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_comma),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_semicolon_decimal_comma),
        cmocka_unit_test(test_tab_and_formats),
        cmocka_unit_test(test_column_names_with_punctuation),
        cmocka_unit_test(test_empty_number_is_no_observation),
        cmocka_unit_test(test_records_across_refills),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_skip_policy),
        cmocka_unit_test(test_huge_records),
    };
    return cmocka_run_group_tests_name("runtime csv", tests, NULL, NULL);
}
