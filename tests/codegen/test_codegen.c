/*
** test_codegen.c: the LLVM back end on a hand-built program (cg_fixture.c).
**
** The IR tests check the shape the docs promise (row function, overflow-
** checked sums, memcmp on text filters, the metric switch). The JIT tests
** compile the program in memory and drive the runtime's kpirt.h calls on the
** generated code, comparing with numbers computed by hand in the comments:
** filters, sums, count, count_distinct, ratios, division by zero, a bad row
** that must not be half counted, an overflow, the targets, and the
** descriptor's layout as the C side of the ABI sees it.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cg_fixture.h"
#include "compiler/codegen/codegen.h"
#include "runtime/include/kpirt.h"

static const char shop_csv[] = "day,country,revenue,visitors\n"
                               "2026-01-05,NL,100.50,10\n"
                               "2026-01-05,DE,200,20\n"
                               "2026-01-20,NL,50.25,5\n"
                               "2026-01-31,BE,99.99,0\n"
                               "2026-02-03,DE,300,0\n"
                               "2026-02-10,FR,0,0\n";

/* cmocka 1.1.5 compares floats in single precision; money needs doubles. */
#define assert_near(actual, expected, eps) near_(actual, expected, eps, #actual, __LINE__)
static void near_(double actual, double expected, double eps, const char *what, int line) {
    double d = actual - expected;
    if (d < 0) d = -d;
    if (!(d <= eps)) fail_msg("line %d: %s = %.17g, expected %.17g", line, what, actual, expected);
}

typedef struct fixture {
    kpi_arena arena;
    kpi_program *program;
    kpi_cg_jit *jit;
    kpirt_ctx *ctx;
} fixture;

static kpi_cg_module *lower(kpi_program *p, int opt_level) {
    kpi_cg_error err = {{0}};
    kpi_cg_options opts = {.name = "shop", .with_main = false};
    kpi_cg_module *m = kpi_cg_lower(p, &opts, &err);
    assert_non_null(m);
    if (!kpi_cg_verify(m, &err)) fail_msg("%s", err.message);
    if (!kpi_cg_optimize(m, opt_level, &err)) fail_msg("%s", err.message);
    if (!kpi_cg_verify(m, &err)) fail_msg("after -O%d: %s", opt_level, err.message);
    return m;
}

static fixture *open_fixture(int opt_level, kpirt_bad_row_policy policy) {
    fixture *f = calloc(1, sizeof *f);
    kpi_arena_init(&f->arena);
    f->program = cg_fixture_program(&f->arena);
    kpi_cg_error err = {{0}};
    f->jit = kpi_cg_jit_open(lower(f->program, opt_level), &err);
    if (!f->jit) fail_msg("%s", err.message);
    f->ctx = kpirt_ctx_new(kpi_cg_jit_program(f->jit), policy);
    return f;
}

static void close_fixture(fixture *f) {
    kpirt_ctx_free(f->ctx);
    kpi_cg_jit_close(f->jit);
    kpi_arena_free(&f->arena);
    free(f);
}

static int32_t month(int y, int m) {
    return kpirt_period_of(kpirt_day_from_ymd(y, m, 1), KPIRT_MONTH);
}

static double value(fixture *f, uint32_t metric, int32_t period) {
    double v = -12345;
    if (kpirt_metric_value(f->ctx, metric, KPIRT_MONTH, period, &v) != 1)
        fail_msg("metric %u has no value in period %d", metric, period);
    return v;
}

static void assert_no_value(fixture *f, uint32_t metric, int32_t period) {
    double v = 0;
    assert_int_equal(kpirt_metric_value(f->ctx, metric, KPIRT_MONTH, period, &v), 0);
}

/* ---- IR --------------------------------------------------------------------------- */

static void test_ir_shape(void **state) {
    (void)state;
    kpi_arena a;
    kpi_arena_init(&a);
    kpi_cg_error err = {{0}};
    kpi_cg_options opts = {.name = "shop", .with_main = true};
    kpi_cg_module *m = kpi_cg_lower(cg_fixture_program(&a), &opts, &err);
    assert_non_null(m);
    assert_true(kpi_cg_verify(m, &err));
    assert_string_equal(kpi_cg_name(m), "shop");
    char *ir = kpi_cg_ir_text(m);
    const char *expected[] = {
        "define internal i32 @kpi.row.shop(",
        "@llvm.sadd.with.overflow.i64(",
        "call i32 @memcmp(",             /* country = "NL" */
        "call i32 @kpirt_field_number(", /* revenue < 100 */
        "call i32 @kpirt_distinct_add(", /* shops */
        "call i32 @kpirt_overflow(",
        "define internal i32 @kpi.metric_value(",
        "define internal i32 @kpi.metric.revenue_per_visitor(",
        "define internal double @kpi.target.more_revenue(double %baseline)",
        "define i32 @shop_evaluate(i32 %argc,",
        "define i32 @main(i32 %argc,",
        "c\"NL\\00\"",
        "c\"Revenue +20% by June\\00\"",
    };
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
        if (!strstr(ir, expected[i])) fail_msg("IR lacks %s", expected[i]);
    /* keep goals and goals without an amount have no target function */
    assert_null(strstr(ir, "kpi.target.calm_share"));
    kpi_cg_free_text(ir);
    kpi_cg_dispose(m);
    kpi_arena_free(&a);
}

static void test_write_files(void **state) {
    (void)state;
    kpi_arena a;
    kpi_arena_init(&a);
    kpi_cg_error err = {{0}};
    char dir[] = "/tmp/kpi_cg_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char obj[64], ll[64], hdr[64];
    snprintf(obj, sizeof obj, "%s/shop.o", dir);
    snprintf(ll, sizeof ll, "%s/shop.ll", dir);
    snprintf(hdr, sizeof hdr, "%s/shop.h", dir);
    kpi_cg_module *m = lower(cg_fixture_program(&a), 2);
    assert_true(kpi_cg_write(m, KPI_CG_FILE_IR, 2, ll, &err));
    assert_true(kpi_cg_write(m, KPI_CG_FILE_OBJECT, 2, obj, &err));
    assert_true(kpi_cg_write_header(m, hdr, "out/libshop.so", &err));
    FILE *f = fopen(obj, "rb");
    assert_non_null(f);
    char magic[4] = {0};
    assert_int_equal(fread(magic, 1, 4, f), 4);
    fclose(f);
    assert_memory_equal(magic, "\177ELF", 4);
    f = fopen(hdr, "r");
    assert_non_null(f);
    char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    assert_non_null(strstr(text, "const struct kpirt_program *shop_program(void);"));
    assert_non_null(strstr(text, "int shop_evaluate(int argc, char **argv);"));
    /* the library carries the whole runtime: the program takes only kpirt.h's folder */
    assert_non_null(strstr(text, "Link with libshop.so\n** (cc ... -lshop $(pkg-config --cflags kpirt))"));
    assert_non_null(strstr(text, "do not link libkpirt again"));
    assert_non_null(strstr(text, "(shop_evaluate with --help lists them;"));
    /* a file that cannot be written is an error, not a crash */
    assert_false(kpi_cg_write(m, KPI_CG_FILE_OBJECT, 2, "/nonexistent-dir/x.o", &err));
    assert_non_null(strstr(err.message, "/nonexistent-dir/x.o"));
    unlink(obj);
    unlink(ll);
    unlink(hdr);
    rmdir(dir);
    kpi_cg_dispose(m);
    kpi_arena_free(&a);
}

static void test_identifier(void **state) {
    (void)state;
    char buf[64];
    kpi_cg_identifier("examples/web-shop.kpi", buf, sizeof buf);
    assert_string_equal(buf, "web_shop");
    kpi_cg_identifier("2026.kpi", buf, sizeof buf);
    assert_string_equal(buf, "k2026");
}

static void test_runtime_dir(void **state) {
    (void)state;
    char buf[4096];
    kpi_cg_error err = {{0}};
    unsetenv("KPIC_RUNTIME_DIR");
    /* this test binary lives in the build tree, whose runtime kpic falls back to */
    const char *dir = kpi_cg_runtime_dir(NULL, buf, sizeof buf, &err);
    if (!dir) fail_msg("%s", err.message);
    char lib[4200];
    snprintf(lib, sizeof lib, "%s/libkpirt.a", dir);
    assert_int_equal(access(lib, R_OK), 0);
    /* an explicit override that holds no runtime is an error that names it */
    setenv("KPIC_RUNTIME_DIR", "/nonexistent-kpirt", 1);
    assert_null(kpi_cg_runtime_dir(NULL, buf, sizeof buf, &err));
    assert_non_null(strstr(err.message, "KPIC_RUNTIME_DIR=/nonexistent-kpirt"));
    unsetenv("KPIC_RUNTIME_DIR");
}

/* ---- JIT: values -------------------------------------------------------------------- */

static void check_values(int opt_level) {
    fixture *f = open_fixture(opt_level, KPIRT_BAD_ROW_FAIL);
    assert_int_equal(kpirt_load_text(f->ctx, 0, "shop.csv", shop_csv, strlen(shop_csv)), 0);
    int32_t jan = month(2026, 1), feb = month(2026, 2);
    /* January: 100.50 + 200 + 50.25 + 99.99 */
    assert_near(value(f, M_REVENUE, jan), 450.74, 1e-9);
    /* only NL rows: 100.50 + 50.25 */
    assert_near(value(f, M_NL_REVENUE, jan), 150.75, 1e-9);
    assert_near(value(f, M_VISITORS, jan), 35, 0);
    /* a ratio of sums: 450.74 / 35 */
    assert_near(value(f, M_REVENUE_PER_VISITOR, jan), 450.74 / 35, 1e-12);
    assert_near(value(f, M_NL_SHARE, jan), 150.75 / 450.74, 1e-12);
    /* BE or DE and revenue >= 100: DE 200 (BE 99.99 is below) */
    assert_near(value(f, M_BIG_ORDERS, jan), 1, 0);
    /* NL, DE, BE */
    assert_near(value(f, M_SHOPS, jan), 3, 0);

    assert_near(value(f, M_REVENUE, feb), 300, 0);
    assert_near(value(f, M_VISITORS, feb), 0, 0);
    assert_no_value(f, M_REVENUE_PER_VISITOR, feb); /* 300 / 0 */
    assert_no_value(f, M_NL_REVENUE, feb);          /* no NL rows */
    assert_no_value(f, M_NL_SHARE, feb);            /* operand without a value */
    assert_near(value(f, M_BIG_ORDERS, feb), 1, 0);
    assert_near(value(f, M_SHOPS, feb), 2, 0);
    assert_no_value(f, M_REVENUE, month(2026, 3));
    /* an index past the metrics has no value rather than undefined behaviour */
    double v;
    assert_int_equal(kpi_cg_jit_program(f->jit)->metric_value(f->ctx, 99, KPIRT_MONTH, jan, &v), 0);
    close_fixture(f);
}

static void test_values_o0(void **state) {
    (void)state;
    check_values(0);
}
static void test_values_o2(void **state) {
    (void)state;
    check_values(2);
}
static void test_values_o3(void **state) {
    (void)state;
    check_values(3);
}

static void test_bad_row_fails(void **state) {
    (void)state;
    fixture *f = open_fixture(2, KPIRT_BAD_ROW_FAIL);
    static const char csv[] = "day,country,revenue,visitors\n2026-01-05,NL,12,abc\n";
    assert_int_equal(kpirt_load_text(f->ctx, 0, "shop.csv", csv, strlen(csv)), -1);
    const char *msg = kpirt_ctx_error(f->ctx);
    if (!strstr(msg, "abc")) fail_msg("message lacks the bad text: %s", msg);
    close_fixture(f);
}

static void test_row_without_date_is_bad(void **state) {
    (void)state;
    fixture *f = open_fixture(2, KPIRT_BAD_ROW_FAIL);
    static const char csv[] = "day,country,revenue,visitors\n,NL,12,1\n";
    assert_int_equal(kpirt_load_text(f->ctx, 0, "shop.csv", csv, strlen(csv)), -1);
    close_fixture(f);
}

static void test_bad_row_not_half_counted(void **state) {
    (void)state;
    fixture *f = open_fixture(2, KPIRT_BAD_ROW_SKIP);
    /* revenue converts, visitors does not: no metric may count the row */
    static const char csv[] = "day,country,revenue,visitors\n"
                              "2026-01-05,NL,12,abc\n"
                              "2026-01-06,NL,5,1\n";
    assert_int_equal(kpirt_load_text(f->ctx, 0, "shop.csv", csv, strlen(csv)), 0);
    assert_near(value(f, M_REVENUE, month(2026, 1)), 5, 0);
    assert_near(value(f, M_NL_REVENUE, month(2026, 1)), 5, 0);
    assert_near(value(f, M_SHOPS, month(2026, 1)), 1, 0);
    assert_int_equal(kpirt_ctx_rows_skipped(f->ctx), 1);
    close_fixture(f);
}

static void test_empty_field_is_no_observation(void **state) {
    (void)state;
    fixture *f = open_fixture(2, KPIRT_BAD_ROW_FAIL);
    /* an empty measure is neither 0 nor an error: revenue has no value at all;
       and an empty field fails a numeric filter even under `not`
       (big_orders: country in ("BE","DE") and not revenue < 100) */
    static const char csv[] = "day,country,revenue,visitors\n2026-01-05,DE,,3\n";
    assert_int_equal(kpirt_load_text(f->ctx, 0, "shop.csv", csv, strlen(csv)), 0);
    assert_no_value(f, M_REVENUE, month(2026, 1));
    assert_no_value(f, M_BIG_ORDERS, month(2026, 1));
    assert_near(value(f, M_SHOPS, month(2026, 1)), 1, 0);
    assert_near(value(f, M_VISITORS, month(2026, 1)), 3, 0);
    close_fixture(f);
}

static void test_overflow_is_an_error(void **state) {
    (void)state;
    fixture *f = open_fixture(2, KPIRT_BAD_ROW_FAIL);
    /* each fits int64 at 4 decimals (9e18), their sum does not */
    static const char csv[] = "day,country,revenue,visitors\n"
                              "2026-01-05,FR,900000000000000,1\n"
                              "2026-01-05,FR,900000000000000,1\n";
    assert_int_equal(kpirt_load_text(f->ctx, 0, "shop.csv", csv, strlen(csv)), -1);
    assert_true(strlen(kpirt_ctx_error(f->ctx)) > 0);
    close_fixture(f);
}

/* ---- JIT: the descriptor as C sees it --------------------------------------------------- */

static void test_descriptor(void **state) {
    (void)state;
    fixture *f = open_fixture(2, KPIRT_BAD_ROW_FAIL);
    const kpirt_program *p = kpi_cg_jit_program(f->jit);
    assert_int_equal(p->abi_version, KPIRT_ABI_VERSION);
    assert_string_equal(p->spec_name, "shop.kpi");
    assert_int_equal(p->source_count, 1);
    assert_int_equal(p->metric_count, M_COUNT);
    assert_int_equal(p->goal_count, G_COUNT);
    const kpirt_source_desc *s = &p->sources[0];
    assert_string_equal(s->name, "shop");
    assert_string_equal(s->date_column, "day");
    assert_string_equal(s->date_format, "YYYY-MM-DD");
    assert_int_equal(s->delimiter, ',');
    assert_int_equal(s->decimal_mark, '.');
    assert_int_equal(s->thousands_sep, 0);
    assert_int_equal(s->column_count, C_COLUMNS);
    assert_string_equal(s->columns[C_VISITORS], "visitors");
    assert_non_null(s->row);
    assert_null(p->sql_postgres); /* no table source: nothing for --engine to run */
    assert_string_equal(p->metrics[M_NL_SHARE].name, "nl_share");
    assert_string_equal(p->metrics[M_NL_SHARE].unit, "%");
    assert_int_equal(p->metrics[M_NL_SHARE].unit_kind, KPIRT_UNIT_PERCENT);
    assert_int_equal(p->metrics[M_NL_SHARE].source, -1);
    assert_int_equal(p->metrics[M_SHOPS].source, 0);
    assert_int_equal(p->metrics[M_SHOPS].aggregate, KPIRT_AGG_COUNT_DISTINCT);
    assert_null(p->metrics[M_SHOPS].title);

    const kpirt_goal_desc *g = &p->goals[G_MORE_REVENUE];
    assert_string_equal(g->name, "more_revenue");
    assert_string_equal(g->title, "Revenue +20% by June");
    assert_string_equal(g->owner, "Web team");
    assert_int_equal(g->parent, -1);
    assert_int_equal(g->review, KPIRT_MONTH);
    assert_int_equal(g->start, 20454);
    assert_int_equal(g->deadline, 20634);
    assert_near(g->tolerance, 0.10, 0);
    assert_near(g->amount, 0.20, 0);
    assert_int_equal(p->goals[G_VISITORS].parent, G_MORE_REVENUE);
    assert_int_equal(p->goals[G_SHARE].has_baseline, 1);
    assert_near(p->goals[G_SHARE].baseline, 0.3, 0);
    assert_int_equal(p->goals[G_CALM].keep_kind, KPIRT_KEEP_BETWEEN);
    assert_near(p->goals[G_CALM].keep_high, 0.5, 0);

    /* targets: raise 20%; lower 10% (direction from the verb); +points; keep has none */
    assert_near(g->target(1000), 1200, 1e-9);
    assert_near(p->goals[G_VISITORS].target(1000), 900, 1e-9);
    assert_near(p->goals[G_SHARE].target(0.3), 0.305, 1e-12);
    assert_null(p->goals[G_CALM].target);
    close_fixture(f);
}

/* The query the driver hands over for --engine is in the descriptor byte for byte. */
static void test_descriptor_query(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    kpi_program *program = cg_fixture_program(&arena);
    static const char query[] =
        "WITH \"shop by day\" AS (\n  SELECT 'it''s' AS \"x\"\n)\nSELECT * FROM \"shop by day\";\n";
    kpi_cg_error err = {{0}};
    kpi_cg_options opts = {.name = "shop", .sql_postgres = query};
    kpi_cg_module *m = kpi_cg_lower(program, &opts, &err);
    assert_non_null(m);
    if (!kpi_cg_verify(m, &err)) fail_msg("%s", err.message);
    kpi_cg_jit *jit = kpi_cg_jit_open(m, &err);
    if (!jit) fail_msg("%s", err.message);
    assert_string_equal(kpi_cg_jit_program(jit)->sql_postgres, query);
    kpi_cg_jit_close(jit);
    kpi_arena_free(&arena);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ir_shape),
        cmocka_unit_test(test_write_files),
        cmocka_unit_test(test_identifier),
        cmocka_unit_test(test_runtime_dir),
        cmocka_unit_test(test_values_o0),
        cmocka_unit_test(test_values_o2),
        cmocka_unit_test(test_values_o3),
        cmocka_unit_test(test_bad_row_fails),
        cmocka_unit_test(test_row_without_date_is_bad),
        cmocka_unit_test(test_bad_row_not_half_counted),
        cmocka_unit_test(test_empty_field_is_no_observation),
        cmocka_unit_test(test_overflow_is_an_error),
        cmocka_unit_test(test_descriptor),
        cmocka_unit_test(test_descriptor_query),
    };
    return cmocka_run_group_tests_name("codegen", tests, NULL, NULL);
}
