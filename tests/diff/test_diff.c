/*
** test_diff.c: unit tests of compiler/diff, the semantic diff of two goal sets.
**
** Each test checks one base file and a variant of it through the real front
** end (parse, sema, lowering; no data files read), then asserts the changes
** kpi_diff_compute reports: their kinds, their effect on the goal, their
** values in words and the goals a definition change reaches. The variants
** are the base with one or two phrases replaced, so each test reads as the
** edit a pull request would make.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/diag/diag.h"
#include "compiler/diff/diff.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/sema.h"

static const char base[] = "source shop = csv \"data/shop.csv\" date \"day\"\n"
                           "\n"
                           "metric revenue : EUR from \"omzet\"\n"
                           "metric costs : EUR\n"
                           "metric profit : EUR = revenue - costs\n"
                           "metric visitors : count\n"
                           "metric orders : count\n"
                           "metric conversion : percent = orders / visitors\n"
                           "metric wait : minutes from \"wait_minutes\" aggregate avg\n"
                           "link visitors to revenue\n"
                           "\n"
                           "goal more_profit \"Profit +20%\"\n"
                           "  raise profit 20% by revenue +35% within 18 months via visitors +65%\n"
                           "  owner \"Marketing\"\n"
                           "  starting 2025-01\n"
                           "  review monthly\n"
                           "\n"
                           "goal seo_conversion \"SEO converts\"\n"
                           "  keep conversion above 2% within 12 months\n"
                           "  for channel = \"seo\"\n"
                           "  owner \"SEO lead\"\n"
                           "  starting 2025-01\n"
                           "\n"
                           "goal faster \"Answer faster\"\n"
                           "  lower wait to 30 minutes within 12 months\n"
                           "  owner \"Support\"\n"
                           "  starting 2025-01\n";

typedef struct fixture {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
    kpi_diff diff;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    kpi_arena_init(&f->arena);
    kpi_src_map_init(&f->sources, &f->arena);
    kpi_diag_init(&f->diags, &f->arena, &f->sources);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    kpi_arena_free(&f->arena);
    free(f);
    return 0;
}

/* text with each (from, to) pair replaced once; every from must be there. */
static char *edit(fixture *f, const char *text, ...) {
    char *s = kpi_arena_strdup(&f->arena, text);
    va_list ap;
    va_start(ap, text);
    for (const char *from; (from = va_arg(ap, const char *));) {
        const char *to = va_arg(ap, const char *);
        char *at = strstr(s, from);
        if (!at) fail_msg("the base has no '%s'", from);
        s = kpi_arena_printf(&f->arena, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
    }
    va_end(ap);
    return s;
}

/* The checked program of text as the file at path; fails the test on errors. */
static const kpi_program *program(fixture *f, const char *path, const char *text) {
    const kpi_source *src = kpi_src_add(&f->sources, path, text, strlen(text));
    unsigned errors = f->diags.errors;
    kpi_ast_file *ast = kpi_parse(&f->arena, &f->diags, src);
    kpi_sema_options options = {.verify_columns = false};
    const kpi_program *p = kpi_sema_check(&f->arena, &f->diags, &f->sources, ast, &options);
    if (f->diags.errors != errors || !p) {
        kpi_diag_render_text(&f->diags, stderr, (kpi_render_options){0});
        fail_msg("%s has errors", path);
    }
    return p;
}

static const kpi_diff *diff(fixture *f, const char *old_text, const char *new_text) {
    const kpi_program *o = old_text ? program(f, "old/goals.kpi", old_text) : NULL;
    const kpi_program *n = new_text ? program(f, "new/goals.kpi", new_text) : NULL;
    kpi_diff_compute(&f->arena, o, n, &f->diff);
    return &f->diff;
}

/* The one change of kind about subject; fails when there is none or several. */
static const kpi_diff_change *change(const kpi_diff *d, kpi_diff_kind kind, const char *subject) {
    const kpi_diff_change *found = NULL;
    for (uint32_t i = 0; i < d->count; i++) {
        if (d->changes[i].kind != kind || strcmp(d->changes[i].subject, subject) != 0) continue;
        if (found) fail_msg("two %s changes of %s", kpi_diff_kind_name(kind), subject);
        found = &d->changes[i];
    }
    if (!found) {
        for (uint32_t i = 0; i < d->count; i++)
            print_message("  have %s %s\n", kpi_diff_kind_name(d->changes[i].kind), d->changes[i].subject);
        fail_msg("no %s change of %s", kpi_diff_kind_name(kind), subject);
    }
    return found;
}

static void test_layout_and_comments_are_no_change(void **state) {
    fixture *f = *state;
    const char *reformatted = edit(f, base, "metric costs : EUR\n", "# what we pay\nmetric   costs :  EUR\n",
                                   "  owner \"Support\"\n", "  owner   \"Support\"   # the desk\n", NULL);
    assert_int_equal(diff(f, base, reformatted)->count, 0);
    assert_false(kpi_diff_weakens(&f->diff));
}

static void test_raise_target_weakened_and_strengthened(void **state) {
    fixture *f = *state;
    const kpi_diff *d = diff(f, base, edit(f, base, "raise profit 20%", "raise profit 15%", NULL));
    assert_int_equal(d->count, 1);
    const kpi_diff_change *c = change(d, KPI_DIFF_TARGET_WEAKENED, "more_profit");
    assert_int_equal(c->effect, KPI_DIFF_WEAKENS);
    assert_string_equal(c->before, "raise profit 20%");
    assert_string_equal(c->after, "raise profit 15%");
    assert_true(kpi_diff_weakens(d));
    d = diff(f, base, edit(f, base, "by revenue +35%", "by revenue +40%", NULL));
    assert_int_equal(change(d, KPI_DIFF_TARGET_STRENGTHENED, "more_profit.revenue")->effect,
                     KPI_DIFF_STRENGTHENS);
    assert_false(kpi_diff_weakens(d));
}

/* lower: a lower target asks more; keep above: a higher floor asks more. */
static void test_direction_follows_the_verb(void **state) {
    fixture *f = *state;
    const kpi_diff *d = diff(f, base,
                             edit(f, base, "lower wait to 30 minutes", "lower wait to 35 minutes",
                                  "keep conversion above 2%", "keep conversion above 2.5%", NULL));
    assert_int_equal(d->count, 2);
    const kpi_diff_change *c = change(d, KPI_DIFF_TARGET_WEAKENED, "faster");
    assert_string_equal(c->before, "lower wait to 30 minutes");
    assert_string_equal(c->after, "lower wait to 35 minutes");
    c = change(d, KPI_DIFF_TARGET_STRENGTHENED, "seo_conversion");
    assert_string_equal(c->after, "keep conversion[channel=seo] above 2.5%");
}

/* Another verb cannot be ranked: it is a changed target, neither weaker nor stronger. */
static void test_other_verb_is_changed_not_judged(void **state) {
    fixture *f = *state;
    const kpi_diff *d =
        diff(f, base, edit(f, base, "keep conversion above 2%", "keep conversion below 5%", NULL));
    assert_int_equal(change(d, KPI_DIFF_TARGET_CHANGED, "seo_conversion")->effect, KPI_DIFF_NEUTRAL);
}

static void test_dates_owner_review(void **state) {
    fixture *f = *state;
    const kpi_diff *d =
        diff(f, base,
             edit(f, base, "+65%\n  owner \"Marketing\"", "+65%\n  owner \"Growth\"", "within 18 months",
                  "within 24 months", "review monthly", "review weekly", NULL));
    const kpi_diff_change *c = change(d, KPI_DIFF_DEADLINE_LATER, "more_profit");
    assert_int_equal(c->effect, KPI_DIFF_WEAKENS);
    assert_string_equal(c->before, "2026-06-30");
    assert_string_equal(c->after, "2026-12-31");
    c = change(d, KPI_DIFF_OWNER_CHANGED, "more_profit");
    assert_string_equal(c->before, "Marketing");
    assert_string_equal(c->after, "Growth");
    c = change(d, KPI_DIFF_REVIEW_CHANGED, "more_profit");
    assert_string_equal(c->after, "weekly");
    /* the drivers inherit the deadline, owner and review: one change each, not one per driver */
    assert_int_equal(d->count, 3);
    d = diff(
        f, base,
        edit(f, base, "lower wait to 30 minutes within 12 months\n  owner \"Support\"\n  starting 2025-01",
             "lower wait to 30 minutes within 12 months\n  owner \"Support\"\n  starting 2025-03", NULL));
    /* the deadline counts from the start, so both move */
    assert_int_equal(change(d, KPI_DIFF_START_LATER, "faster")->effect, KPI_DIFF_NEUTRAL);
    assert_int_equal(change(d, KPI_DIFF_DEADLINE_LATER, "faster")->effect, KPI_DIFF_WEAKENS);
}

static void test_added_removed_renamed(void **state) {
    fixture *f = *state;
    const kpi_diff *d =
        diff(f, base, edit(f, base, "goal faster \"Answer faster\"", "goal quicker \"Answer faster\"", NULL));
    assert_int_equal(d->count, 1);
    const kpi_diff_change *c = change(d, KPI_DIFF_GOAL_RENAMED, "quicker");
    assert_string_equal(c->before, "faster");
    /* the renamed goal is still compared: a rename and a weaker target are two changes */
    d = diff(f, base, edit(f, base, "goal faster", "goal quicker", "to 30 minutes", "to 40 minutes", NULL));
    assert_int_equal(d->count, 2);
    change(d, KPI_DIFF_TARGET_WEAKENED, "quicker");
    /* removed, and a new goal on another metric: not a rename */
    d = diff(f, base,
             edit(f, base, "goal faster \"Answer faster\"\n  lower wait to 30 minutes",
                  "goal orders_up \"More orders\"\n  raise orders 10%", NULL));
    assert_int_equal(d->count, 2);
    assert_string_equal(change(d, KPI_DIFF_GOAL_ADDED, "orders_up")->after, "raise orders 10%");
    assert_string_equal(change(d, KPI_DIFF_GOAL_REMOVED, "faster")->before, "lower wait to 30 minutes");
    assert_true(kpi_diff_removes(d));
}

static void test_drivers_follow_their_goal(void **state) {
    fixture *f = *state;
    const kpi_diff *d = diff(f, base, edit(f, base, " via visitors +65%", "", NULL));
    assert_int_equal(d->count, 1);
    assert_string_equal(change(d, KPI_DIFF_DRIVER_REMOVED, "more_profit.revenue.visitors")->before,
                        "raise visitors 65%");
    d = diff(f, base, edit(f, base, "by revenue +35%", "by revenue +35% by costs -5%", NULL));
    assert_string_equal(change(d, KPI_DIFF_DRIVER_ADDED, "more_profit.costs")->after, "lower costs 5%");
    /* a renamed goal keeps its drivers: they are matched under the new name */
    d = diff(f, base, edit(f, base, "goal more_profit", "goal profit_up", NULL));
    assert_int_equal(d->count, 1);
    change(d, KPI_DIFF_GOAL_RENAMED, "profit_up");
}

static void test_segment_and_metric_of_goal(void **state) {
    fixture *f = *state;
    const kpi_diff *d = diff(f, base, edit(f, base, "for channel = \"seo\"", "for channel = \"sea\"", NULL));
    const kpi_diff_change *c = change(d, KPI_DIFF_SEGMENT_CHANGED, "seo_conversion");
    assert_string_equal(c->before, "[channel=seo]");
    assert_string_equal(c->after, "[channel=sea]");
    /* another metric: its amount cannot be ranked against the old one's */
    d = diff(f, base, edit(f, base, "lower wait to 30 minutes", "lower costs to 20 EUR", NULL));
    assert_int_equal(d->count, 2);
    c = change(d, KPI_DIFF_GOAL_METRIC_CHANGED, "faster");
    assert_string_equal(c->before, "wait");
    assert_string_equal(c->after, "costs");
    c = change(d, KPI_DIFF_TARGET_CHANGED, "faster");
    assert_int_equal(c->effect, KPI_DIFF_NEUTRAL);
    assert_string_equal(c->after, "lower costs to 20 EUR");
}

/* A metric's column or formula changes without a word of the goals changing. */
static void test_definition_changes_name_the_goals(void **state) {
    fixture *f = *state;
    const kpi_diff *d =
        diff(f, base, edit(f, base, "metric costs : EUR\n", "metric costs : EUR from \"kosten\"\n", NULL));
    assert_int_equal(d->count, 1);
    const kpi_diff_change *c = change(d, KPI_DIFF_METRIC_CHANGED, "costs");
    assert_string_equal(c->before, "sum of \"costs\" from shop (EUR)");
    assert_string_equal(c->after, "sum of \"kosten\" from shop (EUR)");
    assert_int_equal(c->goal_count, 1);
    assert_string_equal(c->goals[0], "more_profit");
    /* orders feeds the segmented conversion: reported once, as declared, naming the goal */
    d = diff(f, base,
             edit(f, base, "metric orders : count", "metric orders : count where status = \"paid\"", NULL));
    assert_int_equal(d->count, 1);
    c = change(d, KPI_DIFF_METRIC_CHANGED, "orders");
    assert_int_equal(c->goal_count, 1);
    assert_string_equal(c->goals[0], "seo_conversion");
    d = diff(f, base, edit(f, base, "= revenue - costs", "= revenue - costs * 2", NULL));
    c = change(d, KPI_DIFF_METRIC_CHANGED, "profit");
    assert_string_equal(c->after, "revenue - costs * 2 (EUR)");
    d = diff(f, base, edit(f, base, "\"data/shop.csv\"", "\"data/shop-2025.csv\"", NULL));
    c = change(d, KPI_DIFF_SOURCE_CHANGED, "shop");
    /* as the file wrote it, not as the folder of each version resolves it */
    assert_string_equal(c->before, "csv \"data/shop.csv\" date \"day\" format \"YYYY-MM-DD\"");
    assert_int_equal(c->goal_count, 5); /* every goal and driver reads shop */
}

/* A base metric reaches goals through formulas of formulas, each goal named once. */
static void test_definition_reaches_through_formulas(void **state) {
    fixture *f = *state;
    const char *chained = edit(f, base, "link visitors to revenue\n",
                               "link visitors to revenue\nmetric margin : EUR = profit - costs\n"
                               "metric margin2 : EUR = margin + margin\n",
                               "goal faster",
                               "goal wide \"Margin\"\n  raise margin2 5% within 12 months\n"
                               "  owner \"Finance\"\n  starting 2025-01\n\ngoal faster",
                               NULL);
    const kpi_diff *d = diff(
        f, chained, edit(f, chained, "metric costs : EUR\n", "metric costs : EUR aggregate max\n", NULL));
    assert_int_equal(d->count, 1);
    const kpi_diff_change *c = change(d, KPI_DIFF_METRIC_CHANGED, "costs");
    assert_string_equal(c->after, "max of \"costs\" from shop (EUR)");
    assert_int_equal(c->goal_count, 2);
    assert_string_equal(c->goals[0], "more_profit");
    assert_string_equal(c->goals[1], "wide");
}

static void test_tolerance_baseline_budget(void **state) {
    fixture *f = *state;
    const char *with = edit(f, base, "  review monthly\n",
                            "  review monthly\n  tolerance 5%\n  baseline 1000 EUR\n"
                            "  budget 500 EUR\n",
                            NULL);
    const kpi_diff *d = diff(f, with,
                             edit(f, with, "tolerance 5%", "tolerance 10%", "baseline 1000 EUR",
                                  "baseline 800 EUR", "budget 500 EUR", "budget 900 EUR", NULL));
    const kpi_diff_change *c = change(d, KPI_DIFF_TOLERANCE_CHANGED, "more_profit");
    assert_int_equal(c->effect, KPI_DIFF_WEAKENS);
    assert_string_equal(c->before, "5%");
    assert_string_equal(c->after, "10%");
    /* +20% of a lower baseline is a lower target: raising profit asks less */
    c = change(d, KPI_DIFF_BASELINE_CHANGED, "more_profit");
    assert_int_equal(c->effect, KPI_DIFF_WEAKENS);
    assert_string_equal(c->before, "1000 EUR");
    assert_string_equal(c->after, "800 EUR");
    assert_int_equal(change(d, KPI_DIFF_BUDGET_CHANGED, "more_profit")->effect, KPI_DIFF_NEUTRAL);
    d = diff(f, base, with);
    assert_null(change(d, KPI_DIFF_BASELINE_CHANGED, "more_profit")->before);
    /* the same amount spent by another metric is a changed budget */
    d = diff(f, edit(f, with, "budget 500 EUR", "budget 500 EUR on revenue", NULL),
             edit(f, with, "budget 500 EUR", "budget 500 EUR on costs", NULL));
    c = change(d, KPI_DIFF_BUDGET_CHANGED, "more_profit");
    assert_string_equal(c->before, "500 EUR on revenue");
    assert_string_equal(c->after, "500 EUR on costs");
}

/* A new file (no old version) adds every top goal; a deleted one removes them. */
static void test_new_and_deleted_file(void **state) {
    fixture *f = *state;
    const kpi_diff *d = diff(f, NULL, base);
    assert_int_equal(d->count, 3);
    assert_int_equal(d->changes[0].kind, KPI_DIFF_GOAL_ADDED);
    assert_string_equal(d->changes[0].subject, "more_profit");
    d = diff(f, base, NULL);
    assert_int_equal(d->count, 3);
    assert_int_equal(d->changes[2].kind, KPI_DIFF_GOAL_REMOVED);
}

static char *render(const kpi_diff_file *file, int (*write)(const kpi_diff_file *, FILE *)) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_int_equal(write(file, out), 0);
    fclose(out);
    return text;
}

static void test_text_and_markdown(void **state) {
    fixture *f = *state;
    kpi_diff_file file = {"goals.kpi", *diff(f, base,
                                             edit(f, base, "raise profit 20%", "raise profit 15%",
                                                  "owner \"Support\"", "owner \"Help | desk\"", NULL))};
    char *text = render(&file, kpi_diff_write_text);
    assert_string_equal(text, "goals.kpi: 2 changes to the goals, 1 weakens a goal\n"
                              "  more_profit: target weakened: raise profit 20% -> raise profit 15%\n"
                              "  faster: owner changed: Support -> Help | desk\n");
    free(text);
    char *md = render(&file, kpi_diff_write_markdown);
    assert_non_null(
        strstr(md, "| `more_profit` | **target weakened** | raise profit 20% | raise profit 15% |\n"));
    assert_non_null(strstr(md, "| `faster` | owner changed | Support | Help \\| desk |\n"));
    free(md);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_layout_and_comments_are_no_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raise_target_weakened_and_strengthened, setup, teardown),
        cmocka_unit_test_setup_teardown(test_direction_follows_the_verb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_verb_is_changed_not_judged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dates_owner_review, setup, teardown),
        cmocka_unit_test_setup_teardown(test_added_removed_renamed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drivers_follow_their_goal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_segment_and_metric_of_goal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_definition_changes_name_the_goals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_definition_reaches_through_formulas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tolerance_baseline_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_and_deleted_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_and_markdown, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
