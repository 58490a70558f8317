/*
** fuzz_csv.c: libFuzzer target for the runtime's CSV reader and field
** conversions, on every dialect a `source` can declare.
**
** The first three bytes choose the dialect and the reading pattern:
**   byte 0: bits 0-1 delimiter (detect, ',', ';', tab); bits 2-3 decimal mark
**           and thousands separator ('.' none, '.' ',', ',' '.', ',' ' ');
**           bit 4 bad-row policy (fail or skip)
**   byte 1: the date format, from the list below
**   byte 2: how many bytes each read returns (1..255, 0 = as many as asked),
**           so records, quotes and CR LF pairs straddle buffer boundaries
** The rest is the file. A hand-written program (like the code kpic generates)
** reads a date, two decimals, a number filter and a text column that feeds a
** count_distinct, then every metric is computed over the periods seen.
*/
#include <stdlib.h>
#include <string.h>

#include "runtime/include/kpirt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { M_AMOUNT, M_QTY, M_CUSTOMERS, M_AVG_QTY, M_LAST, M_PER_CUSTOMER, M_COUNT };
enum { C_DAY, C_AMOUNT, C_QTY, C_CUSTOMER, C_COUNT };

static const char *const columns[C_COUNT] = {"day", "amount", "qty", "customer"};

/* The first and last day any row touched, for the periods to compute. */
static kpirt_day first_day = KPIRT_NO_DAY, last_day = KPIRT_NO_DAY;

static int fuzz_row(kpirt_ctx *ctx, kpirt_row *row)
{
    kpirt_day day;
    int64_t amount, qty;
    double qty_number;
    const char *customer;
    size_t customer_len;
    if (kpirt_field_date(row, C_DAY, &day) < 0) return -1;
    int has_amount = kpirt_field_decimal(row, C_AMOUNT, &amount);
    if (has_amount < 0) return -1;
    int has_qty = kpirt_field_decimal(row, C_QTY, &qty);
    if (has_qty < 0) return -1;
    int has_number = kpirt_field_number(row, C_QTY, &qty_number);
    if (has_number < 0) return -1;
    kpirt_field_text(row, C_CUSTOMER, &customer, &customer_len);
    if (first_day == KPIRT_NO_DAY || day < first_day) first_day = day;
    if (last_day == KPIRT_NO_DAY || day > last_day) last_day = day;
    kpirt_cell *cells = kpirt_day_cells(ctx, day);
    if (has_amount == 0 && kpirt_cell_add(ctx, &cells[M_AMOUNT], amount) < 0) return -1;
    if (has_qty == 0 && kpirt_cell_add(ctx, &cells[M_QTY], qty) < 0) return -1;
    if (has_number == 0 && qty_number > 1.5 && kpirt_cell_add(ctx, &cells[M_AVG_QTY], qty) < 0) return -1;
    if (has_amount == 0 && kpirt_cell_add(ctx, &cells[M_LAST], amount) < 0) return -1;
    if (customer_len > 0 && kpirt_distinct_add(ctx, M_CUSTOMERS, day, customer, customer_len) < 0) return -1;
    return 0;
}

static int fuzz_metric_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                             double *out)
{
    double a, b;
    if (metric != M_PER_CUSTOMER) return kpirt_base_value(ctx, metric, g, period, out);
    if (!fuzz_metric_value(ctx, M_AMOUNT, g, period, &a)) return 0;
    if (!fuzz_metric_value(ctx, M_CUSTOMERS, g, period, &b) || b == 0) return 0;
    *out = a / b;
    return 1;
}

static const char *const date_formats[] = {
    "YYYY-MM-DD", "M/D/YYYY", "D-M-YYYY", "DD.MM.YYYY", "YYYY/MM/DD", "DD-MMM-YYYY", "MMM D YYYY", "YY-MM-DD",
    "D/M/YY", "YYYYMMDD",
};

static const kpirt_metric_desc metrics[M_COUNT] = {
    {.name = "amount", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .aggregate = KPIRT_AGG_SUM},
    {.name = "qty", .unit = "count", .unit_kind = KPIRT_UNIT_COUNT, .source = 0, .aggregate = KPIRT_AGG_MAX},
    {.name = "customers", .unit = "count", .unit_kind = KPIRT_UNIT_COUNT, .source = 0,
     .aggregate = KPIRT_AGG_COUNT_DISTINCT},
    {.name = "avg_qty", .unit = "count", .unit_kind = KPIRT_UNIT_COUNT, .source = 0, .aggregate = KPIRT_AGG_AVG},
    {.name = "last", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .aggregate = KPIRT_AGG_LAST},
    {.name = "per_customer", .unit = "EUR/count", .unit_kind = KPIRT_UNIT_MONEY, .source = -1},
};

static const kpirt_goal_desc goals[] = {
    {.name = "g", .metric = M_AMOUNT, .parent = -1, .verb = KPIRT_VERB_KEEP, .keep_kind = KPIRT_KEEP_ABOVE,
     .review = KPIRT_MONTH, .start = 0, .deadline = 40000},
};

typedef struct chunk_reader {
    const char *text;
    size_t len, pos, chunk;
} chunk_reader;

static long read_chunks(void *user, char *buf, size_t cap)
{
    chunk_reader *r = user;
    size_t n = r->len - r->pos;
    if (n > cap) n = cap;
    if (r->chunk && n > r->chunk) n = r->chunk;
    memcpy(buf, r->text + r->pos, n);
    r->pos += n;
    return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    static const char delimiters[] = {0, ',', ';', '\t'};
    static const char marks[][2] = {{'.', 0}, {'.', ','}, {',', '.'}, {',', ' '}};
    kpirt_source_desc source = {
        .name = "s", .default_path = "s.csv", .date_column = "day",
        .date_format = date_formats[data[1] % (sizeof date_formats / sizeof *date_formats)],
        .delimiter = delimiters[data[0] & 3], .decimal_mark = marks[(data[0] >> 2) & 3][0],
        .thousands_sep = marks[(data[0] >> 2) & 3][1], .column_count = C_COUNT, .columns = columns,
        .row = fuzz_row,
    };
    kpirt_program program = {
        .abi_version = KPIRT_ABI_VERSION, .spec_name = "fuzz.kpi", .source_count = 1, .metric_count = M_COUNT,
        .goal_count = 1, .sources = &source, .metrics = metrics, .goals = goals, .metric_value = fuzz_metric_value,
    };
    first_day = last_day = KPIRT_NO_DAY;
    kpirt_ctx *ctx = kpirt_ctx_new(&program, (data[0] & 16) ? KPIRT_BAD_ROW_SKIP : KPIRT_BAD_ROW_FAIL);
    chunk_reader reader = {(const char *)data + 3, size - 3, 0, data[2]};
    if (kpirt_load_stream(ctx, 0, "fuzz.csv", read_chunks, &reader) == 0 && first_day != KPIRT_NO_DAY) {
        for (int g = KPIRT_DAY; g <= KPIRT_YEAR; g++) {
            int32_t from = kpirt_period_of(first_day, g), to = kpirt_period_of(last_day, g);
            if (to - from > 40) to = from + 40;   /* bounded work per input */
            for (int32_t p = from; p <= to; p++) {
                for (uint32_t m = 0; m < M_COUNT; m++) {
                    double v;
                    int64_t scaled;
                    (void)kpirt_metric_value(ctx, m, g, p, &v);
                    if (metrics[m].source == 0) (void)kpirt_base_sum_scaled(ctx, m, g, p, &scaled);
                }
            }
        }
    } else {
        (void)kpirt_ctx_error(ctx);
    }
    kpirt_ctx_free(ctx);
    return 0;
}
