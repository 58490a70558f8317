/*
** test_check.c: whole-file checks on .kpi text: every SMART fix-it, applied
** as is, removes its error (what an editor's code action does); the symbol
** index answers hover and go-to-definition; imports, rebinding and the
** search path.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check_helpers.h"

#define HEAD                                                                                \
    "source shop = csv \"data/shop.csv\"\n  date \"day\"\n"                                 \
    "metric visitors : count\nmetric orders : count\nmetric revenue : EUR from \"omzet\"\n" \
    "metric costs : EUR\nmetric profit : EUR = revenue - costs\n"                           \
    "metric conversion : percent = orders / visitors\nlink visitors to revenue\n"

/* Checks text, expects code, applies its fix-its, checks again: the code must be gone. */
static void fix_removes(const char *text, kpi_code code) {
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1); /* 2026-01-01: fix-its start 2026-02-01 */
    unsigned codes_left, errors_left;
    char *fixed = fix_and_recheck("fix.kpi", text, code, &codes_left, &errors_left);
    assert_non_null(fixed);
    assert_int_equal(codes_left, 0);
    assert_int_equal(errors_left, 0);
    free(fixed);
}

static void test_smart_fixits(void **state) {
    (void)state;
    fix_removes(HEAD "goal g\n  raise visitors 10%\n  starting 2026-01 within 12 months\n", KPI_A001);
    fix_removes(HEAD "goal g\n  raise visitors 10%\n  owner \"W\" starting 2026-01\n", KPI_T001);
    fix_removes(HEAD "goal g\n  raise visitors 10%\n  owner \"W\"\n", KPI_T001);
    fix_removes(HEAD "goal g\n  raise visitors 10%\n  owner \"W\" within 6 months\n", KPI_T002);
    fix_removes(HEAD "goal g\n  raise visitors 10%\n  owner \"W\" starting 2026-06 by 2026-01-31\n",
                KPI_T003);
    fix_removes(HEAD
                "goal g\n  raise visitors 10%\n  owner \"W\" starting 2026-01 within 6 months by 2026-12\n",
                KPI_T004);
    fix_removes(HEAD "goal g\n  raise visitors\n  owner \"W\" starting 2026-01 within 12 months\n", KPI_S002);
    fix_removes(HEAD "goal g\n  reach revenue\n  owner \"W\" starting 2026-01 within 12 months\n", KPI_S002);
    fix_removes(HEAD "goal g\n  raise visitors -10%\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_S003);
    fix_removes(HEAD
                "goal g\n  raise revenue 10% by visitors\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_S004);
    fix_removes(HEAD "goal g\n  raise vistors 10%\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_S001);
    fix_removes(
        HEAD "owner web \"W\"\ngoal g\n  raise visitors 10%\n  owner wbe starting 2026-01 within 12 months\n",
        KPI_A002);
    fix_removes(HEAD "goal g\n  raise visitors 10%\n  owner nobody starting 2026-01 within 12 months\n",
                KPI_A002);
    fix_removes(HEAD "goal g\n  lower orders 120%\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_R001);
    fix_removes(HEAD "goal g\n  raise conversion to 120%\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_R001);
    fix_removes(
        HEAD "goal g\n  keep conversion between 8% and 2%\n  owner \"W\" starting 2026-01 within 12 months\n",
        KPI_R001);
    fix_removes(
        HEAD "goal g\n  raise revenue 10% by orders +5%\n  owner \"W\" starting 2026-01 within 12 months\n",
        KPI_R002);
    fix_removes(HEAD "goal g\n  raise visitors 300%\n  owner \"W\" starting 2026-01 within 3 months\n",
                KPI_R003);
    fix_removes(HEAD "metric refunds : EUR from \"omze\"\n", KPI_M002);
    fix_removes(HEAD "metric refunds : EUR from \"omze\"\ngoal g\n  raise refunds 10%\n  owner \"W\" "
                     "starting 2026-01 within 12 months\n",
                KPI_M002);
    fix_removes(HEAD "metric channels : count from \"channel\"\n", KPI_M004);
    /* a wrong declared delimiter: the fix-it is the delimiter, not a column named after the whole header */
    fix_removes(
        "source shop = csv \"data/shop.csv\"\n  date \"day\"\n  delimiter \";\"\nmetric visitors : count\n",
        KPI_M002);
    fix_removes("metric reputation : score\ngoal g\n  raise reputation 10%\n  owner \"W\" starting 2026-01 "
                "within 12 months\n",
                KPI_M001);
}

/* The fair periods' checks (docs/checks.md, B004-B006): each fix-it removes its error. */
static void test_fair_period_fixits(void **state) {
    (void)state;
    fix_removes(HEAD "metric daily_conversion : percent = orders / visitors per day\n", KPI_B004);
    fix_removes(
        HEAD
        "goal g\n  raise conversion 10%\n  cumulative\n  owner \"W\" starting 2026-01 within 12 months\n",
        KPI_B004);
    fix_removes(HEAD "metric channels : count from \"channel\" aggregate count_distinct\n"
                     "metric channels_7d : count = channels over 7 days\n",
                KPI_B005);
    fix_removes(HEAD "goal g\n  raise revenue 10%\n  cumulative\n  baseline average 3 months\n"
                     "  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_B006);
}

/* `budget ... on METRIC` (docs/checks.md): a misspelt metric and another currency are fixed by their fix-its. */
static void test_budget_fixits(void **state) {
    (void)state;
    fix_removes(HEAD "goal g\n  raise revenue 10%\n  budget 5000 EUR on revnue\n"
                     "  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_N001);
    fix_removes(HEAD
                "metric ads : USD from \"costs\"\ngoal g\n  raise revenue 10%\n  budget 5000 EUR on ads\n"
                "  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_U003);
}

static void test_unit_fixits(void **state) {
    (void)state;
    fix_removes(HEAD "metric aov : count = revenue / orders\n", KPI_U004);
    fix_removes(HEAD "metric x : eur from \"omzet\"\n", KPI_U001);
    fix_removes(HEAD "goal g\n  raise visitors +5pp\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_U005);
    fix_removes(HEAD "goal g\n  raise conversion 10%\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_U006);
    fix_removes(HEAD "goal g\n  raise revenue to 2M USD\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_U007);
    fix_removes(HEAD "goal g\n  reach conversion to 4\n  owner \"W\" starting 2026-01 within 12 months\n",
                KPI_U007);
    fix_removes(HEAD "metric p : EUR = revenue - cost\n", KPI_N001);
    fix_removes(HEAD "metric rate : percent = orders / visitors * 100\n", KPI_U010);
    fix_removes(HEAD "metric rate : percent = 100 * orders / visitors\n", KPI_U010);
    fix_removes(HEAD "metric rate : percent = (orders / visitors) * 100\n", KPI_U010);
}

/* U010's fix-it leaves exactly the ratio; a 100 that is no factor of the whole formula is no U010. */
static void test_percent_scale(void **state) {
    (void)state;
    static const char *const cases[][2] = {
        {"orders / visitors * 100", "orders / visitors"},
        {"100 * orders / visitors", "orders / visitors"},
        {"(orders / visitors) * 100", "(orders / visitors)"},
        {"orders * 100 / visitors", "orders / visitors"},
        {"-(orders / visitors * 100)", "-(orders / visitors)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512], want[512];
        snprintf(text, sizeof text, HEAD "metric rate : percent = %s\n", cases[i][0]);
        snprintf(want, sizeof want, HEAD "metric rate : percent = %s\n", cases[i][1]);
        checked *c = check_text("t.kpi", text, NULL);
        const kpi_diagnostic *d = find_code(c, KPI_U010);
        assert_non_null(d);
        assert_int_equal(d->severity, KPI_SEV_WARNING);
        char *fixed = apply_fixits(c, d);
        assert_string_equal(fixed, want);
        free(fixed);
        check_free(c);
    }
    /* a negative or second 100 is warned about, without a fix-it that would change the sign or leave one */
    static const char *const no_fixit[] = {
        "metric rate : percent = -100 * orders / visitors\n",
        "metric rate : percent = orders / visitors * -100\n",
        "metric rate : percent = orders / visitors * 100 * 100\n",
    };
    for (size_t i = 0; i < sizeof no_fixit / sizeof *no_fixit; i++) {
        char text[512];
        snprintf(text, sizeof text, HEAD "%s", no_fixit[i]);
        checked *c = check_text("t.kpi", text, NULL);
        const kpi_diagnostic *d = find_code(c, KPI_U010);
        assert_non_null(d);
        assert_null(d->fixes);
        check_free(c);
    }
    static const char *const fine[] = {
        "metric rate : percent = orders / (visitors * 100)\n",
        "metric rate : percent = orders / visitors + 100\n",
        "metric score100 : number = orders / visitors * 100\n",
        "metric rate : percent = orders / visitors * 10\n",
        "metric rate : percent = (orders * 100) / (visitors * 100)\n", /* cancels */
        "metric rate : percent = orders / visitors / 100 * 100\n",
        "metric rate : percent = 100 * 100\n", /* numbers only */
    };
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
        char text[512];
        snprintf(text, sizeof text, HEAD "%s", fine[i]);
        checked *c = check_text("t.kpi", text, NULL);
        if (count_code(c, KPI_U010)) dump_diagnostics(c);
        assert_int_equal(count_code(c, KPI_U010), 0);
        check_free(c);
    }
}

static void test_fixit_texts(void **state) {
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1); /* 2026-01-01 */
    checked *c =
        check_text("t.kpi", HEAD "goal g\n  raise visitors 10%\n  owner \"W\" within 6 months\n", NULL);
    const kpi_diagnostic *d = find_code(c, KPI_T002);
    assert_non_null(d);
    assert_string_equal(d->fixes->replacement, "starting 2026-02-01 ");
    assert_int_equal(d->smart, 'T');
    check_free(c);
    c = check_text("t.kpi", HEAD "goal g\n  raise visitors 10%\n  starting 2026-01 within 6 months\n", NULL);
    d = find_code(c, KPI_A001);
    assert_string_equal(d->fixes->replacement, " owner \"...\"");
    assert_int_equal(d->fixes->span.begin, c->src->len - 1); /* after the goal's last clause */
    check_free(c);
    c = check_text("t.kpi",
                   HEAD "goal g\n  raise visitors 300%\n  owner \"W\" starting 2026-01 within 3 months\n",
                   NULL);
    d = find_code(c, KPI_R003);
    assert_string_equal(d->fixes->replacement, "within 15 months"); /* ln 4 / ln 1.1 = 14.5 */
    check_free(c);
    c = check_text("t.kpi",
                   HEAD "goal g\n  raise visitors 10%\n  owner \"W\" starting 2026-01-05 within 4 weeks\n",
                   NULL);
    d = find_code(c, KPI_R003);
    assert_non_null(d);
    assert_string_equal(d->fixes->replacement, "within 1 month"); /* ln 1.1 / ln 1.1 = 1: singular */
    check_free(c);
}

static const kpi_sema_symbol *symbol_at(const checked *c, const char *needle, int skip) {
    const char *at = c->src->text;
    for (int i = 0; i <= skip; i++) at = strstr(i ? at + 1 : at, needle);
    assert_non_null(at);
    return kpi_sema_lookup(c->result, c->src->id, (uint32_t)(at - c->src->text) + 1);
}

static void test_symbols(void **state) {
    (void)state;
    checked *c = check_text("sym.kpi",
                            HEAD "owner web \"Web lead\"\n"
                                 "goal more_profit \"Profit up\"\n  raise profit 20% by revenue +35%\n"
                                 "  owner web starting 2026-01 within 18 months\n  why \"Growth\"\n",
                            NULL);
    assert_int_equal(c->diags.errors, 0);
    const kpi_sema_symbol *s = symbol_at(c, "costs", 1); /* the use in profit's formula */
    assert_non_null(s);
    assert_int_equal(s->kind, KPI_SYM_METRIC);
    assert_string_equal(s->name, "costs");
    assert_string_equal(s->unit, "EUR");
    assert_string_equal(s->source, "shop");
    assert_string_equal(s->column, "costs");
    s = symbol_at(c, "profit", 0); /* the declaration */
    assert_string_equal(s->formula, "revenue - costs");
    s = symbol_at(c, "more_profit", 0);
    assert_int_equal(s->kind, KPI_SYM_GOAL);
    assert_string_equal(s->title, "Profit up");
    assert_string_equal(s->target, "raise profit 20%");
    assert_string_equal(s->start, "2026-01-01");
    assert_string_equal(s->deadline, "2027-06-30");
    assert_string_equal(s->owner, "Web lead");
    assert_string_equal(s->smart_missing, "");
    s = symbol_at(c, "web", 1); /* `owner web` refers to the declared owner */
    assert_int_equal(s->kind, KPI_SYM_OWNER);
    s = symbol_at(c, "shop", 0);
    assert_int_equal(s->kind, KPI_SYM_SOURCE);
    bool driver = false;
    for (uint32_t i = 0; i < c->result->symbol_count; i++)
        if (c->result->symbols[i].kind == KPI_SYM_DRIVER) {
            driver = true;
            assert_string_equal(c->result->symbols[i].name, "more_profit.revenue");
            assert_string_equal(c->result->symbols[i].owner, "Web lead");
            assert_string_equal(c->result->symbols[i].deadline, "2027-06-30");
            assert_string_equal(c->result->symbols[i].target, "revenue +35%");
        }
    assert_true(driver);
    assert_null(kpi_sema_lookup(c->result, c->src->id, 0)); /* "source" keyword */
    check_free(c);

    c = check_text("sym.kpi", HEAD "goal g\n  raise visitors 10%\n", NULL);
    s = symbol_at(c, "g\n", 0);
    assert_string_equal(s->smart_missing, "AT");
    check_free(c);
}

static void test_imports_and_rebinding(void **state) {
    (void)state;
    const char *dirs[] = {KPI_SEMA_TEST_DIR "/modules"};
    kpi_sema_options o = {.import_dirs = dirs, .import_dir_count = 1, .verify_columns = true};
    checked *c = check_text("imp.kpi",
                            "import lib.money\nimport lib.with_goal\n"
                            "source shop = csv \"data/shop.csv\"\n  date \"day\"\n"
                            "metric revenue : EUR from \"omzet\"\n"
                            "goal g\n  raise aov 10%\n  owner \"W\" starting 2026-01 within 12 months\n",
                            &o);
    assert_int_equal(count_code(c, KPI_N010), 1); /* lib.with_goal's goal is ignored */
    assert_int_equal(c->diags.errors, 0);
    assert_non_null(c->result->program);
    const kpi_prog_metric *aov = find_metric(c->result->program, "aov", NULL);
    assert_non_null(aov);
    assert_string_equal(aov->unit, "EUR"); /* declared money; the file's currency is EUR */
    const kpi_prog_metric *rev = find_metric(c->result->program, "revenue", NULL);
    assert_non_null(rev);
    assert_true(rev->is_base);
    assert_string_equal(c->result->program->sources[rev->source].columns[rev->value_column], "omzet");
    check_free(c);

    /* without a currency in the file, money stays without a code */
    c = check_text("imp.kpi",
                   "import lib.money\nsource shop = csv \"data/shop.csv\"\n  date \"day\"\n"
                   "metric revenue : money from \"omzet\"\n"
                   "goal g\n  raise aov 10%\n  owner \"W\" starting 2026-01 within 12 months\n",
                   &o);
    assert_int_equal(c->diags.errors, 0);
    assert_string_equal(find_metric(c->result->program, "aov", NULL)->unit, "");
    check_free(c);

    /* a rebinding of another kind is U004 */
    c = check_text("imp.kpi", "import lib.money\nmetric orders : EUR\n", &o);
    assert_true(count_code(c, KPI_U004) >= 1); /* also aov's formula, which uses orders */
    assert_non_null(strstr(find_code(c, KPI_U004)->message, "rebinds lib.money's metric"));
    check_free(c);
}

static void test_search_path(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    const char *dirs[] = {"/i1", "/i2"};
    kpi_sema_options o = {.import_dirs = dirs, .import_dir_count = 2};
    setenv("KPI_PATH", "/p1::/p2", 1);
    const char *out[16];
    size_t n = kpi_sema_search_path(&arena, &o, "/spec", out, 16);
    assert_true(n >= 6);
    assert_string_equal(out[0], "/spec");
    assert_string_equal(out[1], "/i1");
    assert_string_equal(out[2], "/i2");
    assert_string_equal(out[3], "/p1");
    assert_string_equal(out[4], "/p2");
    assert_non_null(strstr(out[5], "stdlib")); /* the installed stdlib, then the build tree's */
    unsetenv("KPI_PATH");
    kpi_arena_free(&arena);
}

/*
** The language server analyses files with syntax errors: every prefix of a
** file, parsed with recovery, must be analysed without a crash, and the
** result must never hold a program when errors were reported.
*/
static void test_partial_trees(void **state) {
    (void)state;
    const char *text =
        HEAD "import lib.money (aov)\nowner web \"W\"\npolicy growth_ceiling 15% per month\n"
             "metric nl : EUR = revenue where country = \"NL\" and visitors > 3\n"
             "goal g \"T\"\n  raise profit 20% by revenue +35% (owner web) via visitors +5%\n"
             "  for channel in (\"seo\", \"sea\")\n  baseline 100 EUR budget 5 EUR tolerance 5%\n"
             "  owner web starting 2026-01 within 18 months review weekly why \"x\"\n"
             "goal k\n  keep conversion between 2% and 8%\n  owner web starting 2026-Q1 by 2026\n";
    size_t len = strlen(text);
    char *prefix = malloc(len + 1);
    for (size_t n = 0; n <= len; n++) {
        memcpy(prefix, text, n);
        prefix[n] = '\0';
        checked *c = check_text("partial.kpi", prefix, NULL);
        if (c->diags.errors) assert_null(c->result->program);
        check_free(c);
    }
    free(prefix);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smart_fixits),  cmocka_unit_test(test_unit_fixits),
        cmocka_unit_test(test_fixit_texts),   cmocka_unit_test(test_fair_period_fixits),
        cmocka_unit_test(test_budget_fixits), cmocka_unit_test(test_percent_scale),
        cmocka_unit_test(test_symbols),       cmocka_unit_test(test_imports_and_rebinding),
        cmocka_unit_test(test_search_path),   cmocka_unit_test(test_partial_trees),
    };
    return cmocka_run_group_tests_name("sema_check", tests, NULL, NULL);
}
