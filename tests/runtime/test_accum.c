/*
** test_accum.c: accumulation and roll-up. Ten million two-decimal amounts,
** generated deterministically and streamed through the CSV reader, must sum
** to exactly the integer sum of their cents, per month and per year; every
** aggregate (sum, count, avg, min, max, last, count_distinct) rolls up from
** days to weeks, months and years as defined, and count_distinct counts a
** value once per period even when it occurs on several days.
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

/* ---- ten million amounts ---------------------------------------------------------- */

#define AMOUNT_ROWS 10000000

typedef struct amount_stream {
    uint64_t state;              /* the generator */
    long row;                    /* rows written so far; -1 before the header */
    int64_t cents_per_month[12]; /* the reference sums, in integer cents */
} amount_stream;

static uint64_t next_random(uint64_t *s) {
    /* xorshift64*: deterministic on every platform */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/* Writes whole rows "2026-MM-DD,[-]D.CC\n" into buf. */
static long generate_amounts(void *user, char *buf, size_t cap) {
    amount_stream *a = user;
    size_t n = 0;
    if (a->row < 0) {
        n = (size_t)snprintf(buf, cap, "date,amount\n");
        a->row = 0;
    }
    while (a->row < AMOUNT_ROWS && cap - n > 40) {
        uint64_t r = next_random(&a->state);
        int64_t cents = (int64_t)(r % 1000000);  /* 0.00 .. 9999.99 */
        if ((r >> 40) % 10 == 0) cents = -cents; /* one in ten is a refund */
        kpirt_day d = DAY(2026, 1, 1) + (kpirt_day)(a->row % 365);
        int y, m, dd;
        kpirt_ymd_from_day(d, &y, &m, &dd);
        a->cents_per_month[m - 1] += cents;
        int64_t mag = cents < 0 ? -cents : cents;
        n += (size_t)snprintf(buf + n, cap - n, "%04d-%02d-%02d,%s%lld.%02lld\n", y, m, dd,
                              cents < 0 ? "-" : "", (long long)(mag / 100), (long long)(mag % 100));
        a->row++;
    }
    return (long)n;
}

static int amount_row(kpirt_ctx *ctx, kpirt_row *row) {
    kpirt_day day;
    int64_t amount;
    if (kpirt_field_date(row, 0, &day) < 0) return -1;
    int rc = kpirt_field_decimal(row, 1, &amount);
    if (rc < 0) return -1;
    if (rc == 0 && kpirt_cell_add(ctx, &kpirt_day_cells(ctx, day)[0], amount) < 0) return -1;
    return 0;
}

static void test_ten_million_amounts_exact(void **state) {
    (void)state;
    static const char *const columns[] = {"date", "amount"};
    kpirt_source_desc src = {
        .name = "ledger", .decimal_mark = '.', .column_count = 2, .columns = columns, .row = amount_row};
    kpirt_metric_desc metric = {
        .name = "amount", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .aggregate = KPIRT_AGG_SUM};
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION,
                          .source_count = 1,
                          .metric_count = 1,
                          .sources = &src,
                          .metrics = &metric};
    amount_stream *a = calloc(1, sizeof *a);
    a->state = 0x9E3779B97F4A7C15ULL;
    a->row = -1;
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, KPIRT_BAD_ROW_FAIL);
    if (kpirt_load_stream(ctx, 0, "generated", generate_amounts, a) != 0)
        fail_msg("%s", kpirt_ctx_error(ctx));
    assert_int_equal(kpirt_ctx_rows_read(ctx), AMOUNT_ROWS);

    int64_t year_cents = 0;
    for (int m = 0; m < 12; m++) {
        int64_t scaled;
        double v;
        char want[32], got[32];
        assert_int_equal(kpirt_base_sum_scaled(ctx, 0, KPIRT_MONTH, 2026 * 12 + m, &scaled), 1);
        assert_true(scaled == a->cents_per_month[m] * 100);
        /* the double the reports see prints the same cents */
        assert_int_equal(kpirt_base_value(ctx, 0, KPIRT_MONTH, 2026 * 12 + m, &v), 1);
        kpirt_format_fixed(v, 2, got, sizeof got);
        int64_t c = a->cents_per_month[m], mag = c < 0 ? -c : c;
        snprintf(want, sizeof want, "%s%lld.%02lld", c < 0 ? "-" : "", (long long)(mag / 100),
                 (long long)(mag % 100));
        assert_string_equal(got, want);
        year_cents += a->cents_per_month[m];
    }
    int64_t scaled;
    assert_int_equal(kpirt_base_sum_scaled(ctx, 0, KPIRT_YEAR, 2026, &scaled), 1);
    assert_true(scaled == year_cents * 100);
    kpirt_ctx_free(ctx);
    free(a);
}

/* ---- every aggregate -------------------------------------------------------------- */

enum { M_SUM, M_COUNT, M_AVG, M_MIN, M_MAX, M_LAST, M_CUSTOMERS, M_METRICS };

static int sale_row(kpirt_ctx *ctx, kpirt_row *row) {
    kpirt_day day;
    int64_t amount;
    const char *customer;
    size_t len;
    if (kpirt_field_date(row, 0, &day) < 0) return -1;
    int has = kpirt_field_decimal(row, 1, &amount);
    if (has < 0) return -1;
    kpirt_field_text(row, 2, &customer, &len);
    kpirt_cell *cells = kpirt_day_cells(ctx, day);
    if (has == 0)
        for (int m = M_SUM; m <= M_LAST; m++)
            if (kpirt_cell_add(ctx, &cells[m], amount) < 0) return -1;
    return kpirt_distinct_add(ctx, M_CUSTOMERS, day, customer, len);
}

static void test_aggregates_roll_up(void **state) {
    (void)state;
    static const char *const columns[] = {"date", "amount", "customer"};
    kpirt_source_desc src = {
        .name = "sales", .decimal_mark = '.', .column_count = 3, .columns = columns, .row = sale_row};
    kpirt_metric_desc metrics[M_METRICS] = {
        {.name = "sum", .aggregate = KPIRT_AGG_SUM},
        {.name = "count", .aggregate = KPIRT_AGG_COUNT},
        {.name = "avg", .aggregate = KPIRT_AGG_AVG},
        {.name = "min", .aggregate = KPIRT_AGG_MIN},
        {.name = "max", .aggregate = KPIRT_AGG_MAX},
        {.name = "last", .aggregate = KPIRT_AGG_LAST},
        {.name = "customers", .aggregate = KPIRT_AGG_COUNT_DISTINCT},
    };
    /* count_distinct keeps sets for the granularities goals review on: weekly and monthly here */
    kpirt_goal_desc goals[2] = {
        {.name = "a", .metric = M_CUSTOMERS, .parent = -1, .review = KPIRT_WEEK},
        {.name = "b", .metric = M_CUSTOMERS, .parent = -1, .review = KPIRT_MONTH},
    };
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION,
                          .source_count = 1,
                          .metric_count = M_METRICS,
                          .goal_count = 2,
                          .sources = &src,
                          .metrics = metrics,
                          .goals = goals};
    /* 2026-03-01 is a Sunday: it belongs to week 2026-W09, the 2nd and 3rd to W10 */
    const char *text = "date,amount,customer\n"
                       "2026-03-02,10,ann\n"
                       "2026-03-01,5,bob\n"
                       "2026-03-02,-2.5,bob\n"
                       "2026-03-03,7,ann\n"
                       "2026-03-03,,cyd\n" /* no amount: counts for customers only */
                       "2026-03-31,1,ann\n"
                       "2026-04-01,100,dan\n";
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, KPIRT_BAD_ROW_FAIL);
    if (kpirt_load_text(ctx, 0, "sales.csv", text, strlen(text)) != 0) fail_msg("%s", kpirt_ctx_error(ctx));

    int32_t march = 2026 * 12 + 2;
    double v;
    assert_int_equal(kpirt_base_value(ctx, M_SUM, KPIRT_MONTH, march, &v), 1);
    assert_true(v == 20.5);
    assert_int_equal(kpirt_base_value(ctx, M_COUNT, KPIRT_MONTH, march, &v), 1);
    assert_true(v == 5);
    assert_int_equal(kpirt_base_value(ctx, M_AVG, KPIRT_MONTH, march, &v), 1);
    assert_true(v == 4.1);
    assert_int_equal(kpirt_base_value(ctx, M_MIN, KPIRT_MONTH, march, &v), 1);
    assert_true(v == -2.5);
    assert_int_equal(kpirt_base_value(ctx, M_MAX, KPIRT_MONTH, march, &v), 1);
    assert_true(v == 10);
    assert_int_equal(kpirt_base_value(ctx, M_LAST, KPIRT_MONTH, march, &v), 1);
    assert_true(v == 1); /* the latest day's last value */
    assert_int_equal(kpirt_base_value(ctx, M_CUSTOMERS, KPIRT_MONTH, march, &v), 1);
    assert_true(v == 3); /* ann, bob, cyd: not 6 from daily counts */

    int32_t w10 = kpirt_period_of(DAY(2026, 3, 2), KPIRT_WEEK);
    assert_int_equal(kpirt_base_value(ctx, M_CUSTOMERS, KPIRT_WEEK, w10, &v), 1);
    assert_true(v == 3); /* ann, bob, cyd on the 2nd and 3rd */
    assert_int_equal(kpirt_base_value(ctx, M_CUSTOMERS, KPIRT_WEEK, w10 - 1, &v), 1);
    assert_true(v == 1); /* bob on Sunday the 1st */
    assert_int_equal(kpirt_base_value(ctx, M_SUM, KPIRT_WEEK, w10, &v), 1);
    assert_true(v == 14.5);
    assert_int_equal(kpirt_base_value(ctx, M_LAST, KPIRT_WEEK, w10, &v), 1);
    assert_true(v == 7);

    assert_int_equal(kpirt_base_value(ctx, M_SUM, KPIRT_QUARTER, 2026 * 4, &v), 1);
    assert_true(v == 20.5);
    assert_int_equal(kpirt_base_value(ctx, M_SUM, KPIRT_YEAR, 2026, &v), 1);
    assert_true(v == 120.5);
    /* no rows: no value, for every aggregate */
    for (int m = 0; m < M_METRICS; m++)
        assert_int_equal(kpirt_base_value(ctx, (uint32_t)m, KPIRT_MONTH, march - 1, &v), 0);
    /* a granularity no goal reviews on keeps no sets */
    assert_int_equal(kpirt_base_value(ctx, M_CUSTOMERS, KPIRT_YEAR, 2026, &v), 0);
    kpirt_ctx_free(ctx);
}

static void test_days_before_1970_and_far_apart(void **state) {
    (void)state;
    static const char *const columns[] = {"date", "amount"};
    kpirt_source_desc src = {
        .name = "old", .decimal_mark = '.', .column_count = 2, .columns = columns, .row = amount_row};
    kpirt_metric_desc metric = {.name = "amount", .aggregate = KPIRT_AGG_SUM};
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION,
                          .source_count = 1,
                          .metric_count = 1,
                          .sources = &src,
                          .metrics = &metric};
    const char *text = "date,amount\n1969-12-31,1\n1970-01-01,2\n1900-03-01,4\n2999-12-31,8\n1969-12-01,16\n";
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, KPIRT_BAD_ROW_FAIL);
    if (kpirt_load_text(ctx, 0, "old.csv", text, strlen(text)) != 0) fail_msg("%s", kpirt_ctx_error(ctx));
    double v;
    assert_int_equal(kpirt_base_value(ctx, 0, KPIRT_MONTH, 1969 * 12 + 11, &v), 1);
    assert_true(v == 17);
    assert_int_equal(kpirt_base_value(ctx, 0, KPIRT_DAY, DAY(1970, 1, 1), &v), 1);
    assert_true(v == 2);
    assert_int_equal(kpirt_base_value(ctx, 0, KPIRT_YEAR, 1900, &v), 1);
    assert_true(v == 4);
    assert_int_equal(kpirt_base_value(ctx, 0, KPIRT_QUARTER, 2999 * 4 + 3, &v), 1);
    assert_true(v == 8);
    assert_int_equal(kpirt_base_value(ctx, 0, KPIRT_YEAR, 2000, &v), 0);
    kpirt_ctx_free(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aggregates_roll_up),
        cmocka_unit_test(test_days_before_1970_and_far_apart),
        cmocka_unit_test(test_ten_million_amounts_exact),
    };
    return cmocka_run_group_tests_name("runtime accumulation", tests, NULL, NULL);
}
