/*
** test_csv_fast.c: the CSV reader's fast path for plain lines (csv.c,
** next_plain_line) must give exactly what the general reader gives.
**
** Each input is loaded twice: from memory, where whole lines sit in the
** 64 KiB buffer and take the fast path, and through a reader that hands
** over one byte at a time, where no line is ever whole in the buffer and
** every record goes through the general, byte-by-byte reader. The rows the
** row function sees (every field's text, line and column) and the error
** message, with its line and column, must be the same both ways. The
** inputs mix plain lines with what the fast path must leave alone (quotes,
** CR line ends), and a long file crosses many buffer refills.
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

/* Everything the row functions saw, as text: one line per row. */
typedef struct trace {
    char *text;
    size_t len, cap;
} trace;

static void trace_add(trace *t, const char *s) {
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->text = realloc(t->text, t->cap);
        assert_non_null(t->text);
    }
    memcpy(t->text + t->len, s, n + 1);
    t->len += n;
}

static trace *current;

/* Records every field of the row, then converts the date and the amount. */
static int trace_row(kpirt_ctx *ctx, kpirt_row *row) {
    char line[512];
    int n = 0;
    for (uint32_t f = 0; f < 3; f++) {
        const char *ptr;
        size_t len;
        kpirt_field_text(row, f, &ptr, &len);
        assert_int_equal(ptr[len], 0); /* every field ends with a NUL */
        n += snprintf(line + n, sizeof line - (size_t)n, "[%.*s]", (int)len, ptr);
    }
    snprintf(line + n, sizeof line - (size_t)n, "\n");
    trace_add(current, line);
    kpirt_day day;
    int64_t amount = 0;
    int has = -1;
    if (kpirt_field_date(row, 0, &day) < 0 || (has = kpirt_field_decimal(row, 1, &amount)) < 0 ||
        (has == 0 && kpirt_cell_add(ctx, &kpirt_day_cells(ctx, day)[0], amount) < 0)) {
        snprintf(line, sizeof line, "error: %s\n", kpirt_ctx_error(ctx));
        trace_add(current, line);
        return -1;
    }
    return 0;
}

static const char *const columns[] = {"date", "amount", "name"};
static const kpirt_metric_desc amount_metric = {
    .name = "amount", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .aggregate = KPIRT_AGG_SUM};

typedef struct byte_reader {
    const char *text;
    size_t len, pos;
} byte_reader;

static long read_one_byte(void *user, char *buf, size_t cap) {
    byte_reader *b = user;
    (void)cap;
    if (b->pos == b->len) return 0;
    buf[0] = b->text[b->pos++];
    return 1;
}

/* Loads text under a bad-row policy and traces the rows, the messages, the counts and the sum. */
static void load(const char *text, bool byte_by_byte, kpirt_bad_row_policy policy, trace *t) {
    kpirt_source_desc src = {.name = "shop",
                             .date_column = "date",
                             .decimal_mark = '.',
                             .column_count = 3,
                             .columns = columns,
                             .row = trace_row};
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION,
                          .spec_name = "test.kpi",
                          .source_count = 1,
                          .metric_count = 1,
                          .sources = &src,
                          .metrics = &amount_metric};
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, policy);
    current = t;
    byte_reader b = {text, strlen(text), 0};
    int rc = byte_by_byte ? kpirt_load_stream(ctx, 0, "data.csv", read_one_byte, &b)
                          : kpirt_load_text(ctx, 0, "data.csv", text, strlen(text));
    char line[KPIRT_MESSAGE_MAX + 64];
    snprintf(line, sizeof line, "rc %d: %s\nread %llu, skipped %llu\n", rc,
             rc < 0 ? kpirt_ctx_error(ctx) : "", (unsigned long long)kpirt_ctx_rows_read(ctx),
             (unsigned long long)kpirt_ctx_rows_skipped(ctx));
    trace_add(t, line);
    int64_t sum = 0;
    kpirt_base_sum_scaled(ctx, 0, KPIRT_YEAR, 2026, &sum);
    snprintf(line, sizeof line, "sum %lld\n", (long long)sum);
    trace_add(t, line);
    kpirt_ctx_free(ctx);
}

/*
** The fast and the general reader agree on text, both when bad rows are
** skipped (every row function's message) and at the first bad row that
** stops the load (messages of the reader itself: field counts, quotes).
*/
static void agree(const char *text) {
    for (int policy = 0; policy < 2; policy++) {
        kpirt_bad_row_policy p = policy ? KPIRT_BAD_ROW_FAIL : KPIRT_BAD_ROW_SKIP;
        trace fast = {0}, general = {0};
        load(text, false, p, &fast);
        load(text, true, p, &general);
        assert_string_equal(fast.text, general.text);
        free(fast.text);
        free(general.text);
    }
}

static void test_plain_lines(void **state) {
    (void)state;
    agree("date,amount,name\n2026-01-05,12.50,a\n2026-01-06,3,bb\n\n2026-02-01,-1.25,\n");
    agree("date,amount,name\n2026-01-05,1,x");                      /* no line end at the end */
    agree("date,amount,name\n,,\n");                                /* empty fields: a bad date */
    agree("date,amount,name\n2026-01-05,1,a,\n2026-01-05,1\n");     /* too many, too few fields */
    agree("date,amount,name\n2026-01-05,12O0,a\n2026-13-01,1,b\n"); /* bad number, bad date: columns */
    agree("\xEF\xBB\xBF"
          "date,amount,name\n2026-01-05,1,a\n");          /* byte-order mark */
    agree("sep=;\ndate;amount;name\n2026-01-05;1.5;a\n"); /* Excel's sep= line */
    agree("date\tamount\tname\n2026-01-05\t2\tt\n");      /* tab */
}

static void test_lines_it_leaves_alone(void **state) {
    (void)state;
    agree("date,amount,name\r\n2026-01-05,1,a\r\n2026-01-06,2,b\r\n");        /* CRLF */
    agree("date,amount,name\r2026-01-05,1,a\r2026-01-06,2,b\r");              /* lone CR */
    agree("date,amount,name\n2026-01-05,1,\"a, b\"\n2026-01-06,2,plain\n");   /* quotes */
    agree("date,amount,name\n2026-01-05,1,\"two\nlines\"\n2026-01-06,2,c\n"); /* a newline in quotes */
    agree("date,amount,name\n2026-01-05,1,\"x\"y\n2026-01-06,2,c\n");         /* text after a quote */
    agree("date,amount,name\n2026-01-05,1,a\"b\n");                           /* a quote inside a field */
    agree("date,amount,name\n2026-01-05,1,a\r\n2026-01-06,2,b\n");            /* mixed line ends */
}

/* Many lines of every length cross the 64 KiB buffer's end at every offset. */
static void test_across_refills(void **state) {
    (void)state;
    size_t cap = 400000, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "date,amount,name\n");
    for (int i = 0; len + 200 < cap; i++) {
        if (i % 997 == 0)
            len += (size_t)snprintf(text + len, cap - len, "2026-03-%02d,%d.%02d,\"q%d\"\n", i % 28 + 1, i,
                                    i % 100, i);
        else
            len +=
                (size_t)snprintf(text + len, cap - len, "2026-03-%02d,%d.%02d,%.*s\n", i % 28 + 1, i, i % 100,
                                 i % 61, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij");
    }
    agree(text);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_lines),
        cmocka_unit_test(test_lines_it_leaves_alone),
        cmocka_unit_test(test_across_refills),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
