/*
** fuzz_rows.c: the program of fuzz_rows.h, its row function and the
** evaluation of every metric after the load.
*/
#include "fuzz_rows.h"

#include <string.h>

enum { M_AMOUNT, M_QTY, M_CUSTOMERS, M_AVG_QTY, M_LAST, M_PER_CUSTOMER, M_COUNT };

/* The first and last day any row touched, for the periods to compute. */
static kpirt_day first_day = KPIRT_NO_DAY, last_day = KPIRT_NO_DAY;

static int fuzz_row(kpirt_ctx *ctx, kpirt_row *row) {
    kpirt_day day;
    int64_t amount, qty;
    double qty_number;
    const char *customer;
    size_t customer_len;
    if (kpirt_field_date(row, KPI_FUZZ_DAY, &day) < 0) return -1;
    int has_amount = kpirt_field_decimal(row, KPI_FUZZ_AMOUNT, &amount);
    if (has_amount < 0) return -1;
    int has_qty = kpirt_field_decimal(row, KPI_FUZZ_QTY, &qty);
    if (has_qty < 0) return -1;
    int has_number = kpirt_field_number(row, KPI_FUZZ_QTY, &qty_number);
    if (has_number < 0) return -1;
    kpirt_field_text(row, KPI_FUZZ_CUSTOMER, &customer, &customer_len);
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
                             double *out) {
    double a, b;
    if (metric != M_PER_CUSTOMER) return kpirt_base_value(ctx, metric, g, period, out);
    if (!fuzz_metric_value(ctx, M_AMOUNT, g, period, &a)) return 0;
    if (!fuzz_metric_value(ctx, M_CUSTOMERS, g, period, &b) || b == 0) return 0;
    *out = a / b;
    return 1;
}

static const kpirt_metric_desc metrics[M_COUNT] = {
    {.name = "amount", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .aggregate = KPIRT_AGG_SUM},
    {.name = "qty", .unit = "count", .unit_kind = KPIRT_UNIT_COUNT, .source = 0, .aggregate = KPIRT_AGG_MAX},
    {.name = "customers",
     .unit = "count",
     .unit_kind = KPIRT_UNIT_COUNT,
     .source = 0,
     .aggregate = KPIRT_AGG_COUNT_DISTINCT},
    {.name = "avg_qty",
     .unit = "count",
     .unit_kind = KPIRT_UNIT_COUNT,
     .source = 0,
     .aggregate = KPIRT_AGG_AVG},
    {.name = "last", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .aggregate = KPIRT_AGG_LAST},
    {.name = "per_customer", .unit = "EUR/count", .unit_kind = KPIRT_UNIT_MONEY, .source = -1},
};

static const kpirt_goal_desc goals[] = {
    {.name = "g",
     .metric = M_AMOUNT,
     .parent = -1,
     .verb = KPIRT_VERB_KEEP,
     .keep_kind = KPIRT_KEEP_ABOVE,
     .review = KPIRT_MONTH,
     .start = 0,
     .deadline = 40000},
};

long kpi_fuzz_read_chunks(void *user, char *buf, size_t cap) {
    kpi_fuzz_chunks *r = user;
    size_t n = r->len - r->pos;
    if (n > cap) n = cap;
    if (r->chunk && n > r->chunk) n = r->chunk;
    memcpy(buf, r->text + r->pos, n);
    r->pos += n;
    return (long)n;
}

void kpi_fuzz_rows_program(kpirt_program *program, kpirt_source_desc *source) {
    source->row = fuzz_row;
    *program = (kpirt_program){
        .abi_version = KPIRT_ABI_VERSION,
        .spec_name = "fuzz.kpi",
        .source_count = 1,
        .metric_count = M_COUNT,
        .goal_count = 1,
        .sources = source,
        .metrics = metrics,
        .goals = goals,
        .metric_value = fuzz_metric_value,
    };
}

void kpi_fuzz_rows_evaluate(const kpirt_program *program, kpirt_bad_row_policy policy,
                            kpi_fuzz_chunks *reader) {
    first_day = last_day = KPIRT_NO_DAY;
    kpirt_ctx *ctx = kpirt_ctx_new(program, policy);
    if (kpirt_load_stream(ctx, 0, "fuzz.csv", kpi_fuzz_read_chunks, reader) == 0 &&
        first_day != KPIRT_NO_DAY) {
        for (int g = KPIRT_DAY; g <= KPIRT_YEAR; g++) {
            int32_t from = kpirt_period_of(first_day, g), to = kpirt_period_of(last_day, g);
            if (to - from > 40) to = from + 40; /* bounded work per input */
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
}
