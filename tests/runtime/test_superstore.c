/*
** test_superstore.c: the real export in ../shared/data/superstore.csv (a
** BOM, quoted commas, M/D/YYYY dates, four-decimal amounts, negative
** profits) loads and aggregates exactly. The row function is written by
** hand the way kpic generates one: convert every field first, then add to
** the day's cells.
**
** The expected numbers were computed independently with Python's csv and
** decimal modules (exact decimal arithmetic), grouping by the month and year
** of "Order Date":
**
**   rows = csv.DictReader(open(path, newline='', encoding='utf-8-sig'))
**   for r in rows: m, d, y = r['Order Date'].split('/'); key = (int(y), int(m))
**       sales[key] += Decimal(r['Sales']); profit[key] += Decimal(r['Profit'])
**       lines[key] += 1; orders[key].add(r['Order ID'])
**       if r['Region'] == 'West': west[key] += Decimal(r['Sales'])
**
** printed with quantize(Decimal('0.0001')). The test is skipped with a
** message when KPI_SHARED_DATA is unset or the file is missing.
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

enum { M_SALES, M_PROFIT, M_LINES, M_ORDERS, M_WEST_SALES, M_COUNT };
enum { C_DATE, C_SALES, C_PROFIT, C_ORDER, C_REGION };

static int superstore_row(kpirt_ctx *ctx, kpirt_row *row) {
    kpirt_day day;
    int64_t sales, profit;
    const char *order, *region;
    size_t order_len, region_len;
    if (kpirt_field_date(row, C_DATE, &day) < 0) return -1;
    int has_sales = kpirt_field_decimal(row, C_SALES, &sales);
    if (has_sales < 0) return -1;
    int has_profit = kpirt_field_decimal(row, C_PROFIT, &profit);
    if (has_profit < 0) return -1;
    kpirt_field_text(row, C_ORDER, &order, &order_len);
    kpirt_field_text(row, C_REGION, &region, &region_len);

    kpirt_cell *cells = kpirt_day_cells(ctx, day);
    if (has_sales == 0 && kpirt_cell_add(ctx, &cells[M_SALES], sales) < 0) return -1;
    if (has_profit == 0 && kpirt_cell_add(ctx, &cells[M_PROFIT], profit) < 0) return -1;
    if (has_sales == 0 && kpirt_cell_add(ctx, &cells[M_LINES], sales) < 0) return -1;
    if (kpirt_distinct_add(ctx, M_ORDERS, day, order, order_len) < 0) return -1;
    bool west = region_len == 4 && memcmp(region, "West", 4) == 0;
    if (west && has_sales == 0 && kpirt_cell_add(ctx, &cells[M_WEST_SALES], sales) < 0) return -1;
    return 0;
}

typedef struct expected_period {
    int year, month; /* month 0: the whole year */
    const char *sales, *profit;
    int lines, orders;
    const char *west_sales;
} expected_period;

static const expected_period months[] = {
    {2016, 1, "14236.8950", "2450.1907", 79, 32, "2938.7230"},
    {2016, 2, "4519.8920", "862.3084", 46, 28, "1057.9560"},
    {2016, 3, "55691.0090", "498.7299", 157, 71, "11008.8980"},
    {2016, 4, "28295.3450", "3488.8352", 135, 66, "9343.4870"},
    {2016, 5, "23648.2870", "2738.7096", 122, 69, "6570.4380"},
    {2016, 6, "34595.1276", "4976.5244", 135, 66, "9629.4220"},
    {2016, 7, "33946.3930", "-841.4826", 143, 65, "21808.5530"},
    {2016, 8, "27909.4685", "5318.1050", 153, 72, "13248.2310"},
    {2016, 9, "81777.3508", "8328.0994", 268, 130, "14900.5370"},
    {2016, 10, "31453.3930", "3448.2573", 159, 78, "8728.7580"},
    {2016, 11, "78628.7167", "9292.1269", 318, 151, "23191.6245"},
    {2016, 12, "69545.6205", "8983.5699", 278, 141, "25456.4055"},
    {2017, 1, "18174.0756", "-3281.0070", 58, 29, "6026.7360"},
    {2017, 2, "11951.4110", "2813.8508", 64, 36, "1804.1780"},
    {2017, 3, "38726.2520", "9732.0978", 138, 79, "15662.1480"},
    {2017, 4, "34195.2085", "4187.4962", 160, 72, "9056.0240"},
    {2017, 5, "30131.6865", "4667.8690", 146, 74, "12042.6555"},
    {2017, 6, "24797.2920", "3335.5572", 138, 68, "5088.9500"},
    {2017, 7, "28765.3250", "3288.6483", 140, 66, "7089.8260"},
    {2017, 8, "36898.3322", "5355.8084", 159, 68, "12548.3590"},
    {2017, 9, "64595.9180", "8209.1627", 293, 140, "13898.9240"},
    {2017, 10, "31404.9235", "2817.3660", 166, 87, "14016.6800"},
    {2017, 11, "75972.5635", "12474.7884", 324, 158, "14548.8960"},
    {2017, 12, "74919.5212", "8016.9659", 316, 161, "28182.8730"},
    {2018, 1, "18542.4910", "2824.8233", 89, 48, "3657.8220"},
    {2018, 2, "22978.8150", "5004.5795", 83, 45, "3100.1620"},
    {2018, 3, "51715.8750", "3611.9680", 163, 86, "17559.0310"},
    {2018, 4, "38750.0390", "2977.8149", 170, 89, "10482.0090"},
    {2018, 5, "56987.7280", "8662.1464", 225, 108, "10694.2470"},
    {2018, 6, "40344.5340", "4750.3781", 199, 97, "18598.0950"},
    {2018, 7, "39261.9630", "4432.8779", 201, 96, "15280.8830"},
    {2018, 8, "31115.3743", "2062.0693", 176, 90, "11817.8520"},
    {2018, 9, "73410.0249", "9328.6576", 363, 192, "23620.8765"},
    {2018, 10, "59687.7450", "16243.1425", 196, 105, "15624.6940"},
    {2018, 11, "79411.9658", "4011.4075", 370, 183, "23923.0050"},
    {2018, 12, "96999.0430", "17885.3093", 352, 176, "33121.5000"},
    {2019, 1, "43971.3740", "7140.4391", 155, 69, "12081.8440"},
    {2019, 2, "20301.1334", "1613.8720", 107, 53, "9814.9170"},
    {2019, 3, "58872.3528", "14751.8915", 238, 118, "29024.0980"},
    {2019, 4, "36521.5361", "933.2900", 203, 116, "13459.7530"},
    {2019, 5, "44261.1102", "6342.5828", 242, 118, "15609.1460"},
    {2019, 6, "52981.7257", "8223.3357", 245, 133, "15919.8195"},
    {2019, 7, "45264.4160", "6952.6212", 226, 111, "20767.5390"},
    {2019, 8, "63120.8880", "9040.9557", 218, 111, "25737.8940"},
    {2019, 9, "87866.6520", "10991.5556", 459, 226, "27907.0370"},
    {2019, 10, "77776.9232", "9275.2755", 298, 147, "21212.4360"},
    {2019, 11, "118447.8250", "9690.1037", 459, 261, "28941.7870"},
    {2019, 12, "83829.3188", "8483.3468", 462, 224, "29652.0950"},
};

static const expected_period years[] = {
    {2016, 0, "484247.4981", "49543.9741", 1993, 969, "147883.0330"},
    {2017, 0, "470532.5090", "61618.6037", 2102, 1038, "139966.2495"},
    {2018, 0, "609205.5980", "81795.1743", 2587, 1315, "187480.1765"},
    {2019, 0, "733215.2552", "93439.2696", 3312, 1687, "250128.3655"},
};

static void check_money(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                        const char *want) {
    double v;
    char got[40];
    int64_t exact;
    assert_int_equal(kpirt_base_value(ctx, metric, g, period, &v), 1);
    kpirt_format_fixed(v, 4, got, sizeof got);
    assert_string_equal(got, want);
    assert_int_equal(kpirt_base_sum_scaled(ctx, metric, g, period, &exact), 1);
    snprintf(got, sizeof got, "%lld.%04lld", (long long)(exact / KPIRT_SCALE),
             (long long)(exact % KPIRT_SCALE));
    if (exact >= 0) assert_string_equal(got, want);
}

static void check_count(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                        int want) {
    double v;
    assert_int_equal(kpirt_base_value(ctx, metric, g, period, &v), 1);
    assert_true(v == want);
}

static void check_period(const kpirt_ctx *ctx, const expected_period *e, kpirt_granularity g,
                         int32_t period) {
    check_money(ctx, M_SALES, g, period, e->sales);
    check_money(ctx, M_PROFIT, g, period, e->profit);
    check_count(ctx, M_LINES, g, period, e->lines);
    check_count(ctx, M_ORDERS, g, period, e->orders);
    check_money(ctx, M_WEST_SALES, g, period, e->west_sales);
}

static void test_superstore(void **state) {
    (void)state;
    const char *dir = getenv("KPI_SHARED_DATA");
    char path[4096];
    if (!dir) {
        print_message("skipped: KPI_SHARED_DATA is not set (it names the folder of superstore.csv)\n");
        skip();
    }
    snprintf(path, sizeof path, "%s/superstore.csv", dir);
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        print_message("skipped: %s is missing\n", path);
        skip();
    }
    fclose(probe);

    static const char *const columns[] = {"Order Date", "Sales", "Profit", "Order ID", "Region"};
    kpirt_source_desc src = {.name = "superstore",
                             .date_column = "Order Date",
                             .date_format = "M/D/YYYY",
                             .decimal_mark = '.',
                             .column_count = 5,
                             .columns = columns,
                             .row = superstore_row};
    kpirt_metric_desc metrics[M_COUNT] = {
        {.name = "sales", .unit = "USD", .unit_kind = KPIRT_UNIT_MONEY, .aggregate = KPIRT_AGG_SUM},
        {.name = "profit", .unit = "USD", .unit_kind = KPIRT_UNIT_MONEY, .aggregate = KPIRT_AGG_SUM},
        {.name = "lines", .unit = "count", .unit_kind = KPIRT_UNIT_COUNT, .aggregate = KPIRT_AGG_COUNT},
        {.name = "orders",
         .unit = "count",
         .unit_kind = KPIRT_UNIT_COUNT,
         .aggregate = KPIRT_AGG_COUNT_DISTINCT},
        {.name = "west_sales", .unit = "USD", .unit_kind = KPIRT_UNIT_MONEY, .aggregate = KPIRT_AGG_SUM},
    };
    kpirt_goal_desc goals[2] = {
        {.name = "monthly", .metric = M_ORDERS, .parent = -1, .review = KPIRT_MONTH},
        {.name = "yearly", .metric = M_ORDERS, .parent = -1, .review = KPIRT_YEAR},
    };
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION,
                          .spec_name = "superstore.kpi",
                          .source_count = 1,
                          .metric_count = M_COUNT,
                          .goal_count = 2,
                          .sources = &src,
                          .metrics = metrics,
                          .goals = goals};
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, KPIRT_BAD_ROW_FAIL);
    if (kpirt_load_file(ctx, 0, path) != 0) fail_msg("%s", kpirt_ctx_error(ctx));
    assert_int_equal(kpirt_ctx_rows_read(ctx), 9994);
    assert_int_equal(kpirt_ctx_rows_skipped(ctx), 0);

    assert_int_equal(sizeof months / sizeof months[0], 48);
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
        check_period(ctx, &months[i], KPIRT_MONTH, months[i].year * 12 + months[i].month - 1);
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++)
        check_period(ctx, &years[i], KPIRT_YEAR, years[i].year);
    double v;
    assert_int_equal(kpirt_base_value(ctx, M_SALES, KPIRT_MONTH, 2015 * 12 + 11, &v),
                     0); /* before the data */
    kpirt_ctx_free(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_superstore)};
    return cmocka_run_group_tests_name("runtime superstore", tests, NULL, NULL);
}
