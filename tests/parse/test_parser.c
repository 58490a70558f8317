/*
** test_parser.c: the parser on every construct of docs/language.md, checked
** through the AST (fields for the product's sentence, the dump for the rest),
** with no diagnostics expected.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parse_test_util.h"

/* Parses text, requires no diagnostics, and compares the dump. */
static void expect_dump(const char *text, const char *want) {
    parse_run *run = parse_text(text, -1);
    if (run->diags.head) {
        print_error("unexpected diagnostics for:\n%s\n%s", text, parse_messages(run));
        fail();
    }
    const char *got = parse_dump(run);
    if (strcmp(got, want) != 0) {
        print_error("dump of:\n%s\n--- got:\n%s--- want:\n%s", text, got, want);
        fail();
    }
    parse_run_free(run);
}

static void test_product_sentence(void **state) {
    (void)state;
    const char *text = "goal g raise profit 20% by revenue +35% within 18 months via visitors +65%";
    parse_run *run = parse_text(text, -1);
    assert_null(run->diags.head);
    const kpi_item *it = run->file->items;
    assert_non_null(it);
    assert_null(it->next);
    assert_int_equal(it->kind, KPI_ITEM_GOAL);
    const kpi_goal *g = &it->as.goal;
    assert_string_equal(g->name.text, "g");
    assert_int_equal(g->verb, KPI_VERB_RAISE);
    assert_string_equal(g->metric.text, "profit");
    assert_int_equal(g->amount.kind, KPI_AMOUNT_RELATIVE);
    assert_true(g->amount.value.percent);
    assert_true(g->amount.value.number.value == 20);
    assert_int_equal(g->amount.value.number.sign, 0);

    const kpi_driver *revenue = g->drivers;
    assert_non_null(revenue);
    assert_null(revenue->next);
    assert_int_equal(revenue->link, KPI_LINK_BY);
    assert_string_equal(revenue->metric.text, "revenue");
    assert_int_equal(revenue->amount.kind, KPI_AMOUNT_RELATIVE);
    assert_true(revenue->amount.value.number.value == 35);
    assert_int_equal(revenue->amount.value.number.sign, '+');
    assert_null(revenue->clauses);

    const kpi_driver *visitors = revenue->children;
    assert_non_null(visitors);
    assert_null(visitors->next);
    assert_null(visitors->children);
    assert_int_equal(visitors->link, KPI_LINK_VIA);
    assert_string_equal(visitors->metric.text, "visitors");
    assert_true(visitors->amount.value.number.value == 65);

    const kpi_clause *c = g->clauses;
    assert_non_null(c);
    assert_null(c->next);
    assert_int_equal(c->kind, KPI_CLAUSE_WITHIN);
    assert_int_equal(c->as.within.count, 18);
    assert_int_equal(c->as.within.unit, KPI_DUR_MONTHS);
    /* Spans: the clause covers "within 18 months", the item the whole text. */
    assert_int_equal(c->span.begin, strstr(text, "within") - text);
    assert_int_equal(c->span.end, strstr(text, " via") - text);
    assert_int_equal(it->span.begin, 0);
    assert_int_equal(it->span.end, strlen(text));
    assert_int_equal(visitors->span.end, strlen(text));
    parse_run_free(run);

    expect_dump(text, "goal g @1:1\n"
                      "  raise metric=profit amount=relative(20%)\n"
                      "  driver by revenue amount=relative(+35%)\n"
                      "    driver via visitors amount=relative(+65%)\n"
                      "  clause within 18 months\n");
}

static void test_import(void **state) {
    (void)state;
    expect_dump(
        "import std.web\nimport std . web # the web module\n .extra (visitors, sessions)\nimport mine ( a )",
        "import std.web @1:1\n"
        "import std.web.extra @2:1\n"
        "  name visitors\n"
        "  name sessions\n"
        "import mine @4:1\n"
        "  name a\n");
}

static void test_source(void **state) {
    (void)state;
    expect_dump("source shop = csv \"data/shop.csv\"\n"
                "source s2 = csv \"x.csv\" date \"Order Date\" format \"M/D/YYYY\" delimiter \";\"\n"
                "  decimal \",\" thousands \".\"",
                "source shop csv \"data/shop.csv\" @1:1\n"
                "source s2 csv \"x.csv\" @2:1\n"
                "  date \"Order Date\"\n"
                "  format \"M/D/YYYY\"\n"
                "  delimiter \";\"\n"
                "  decimal \",\"\n"
                "  thousands \".\"\n");
}

static void test_base_metrics(void **state) {
    (void)state;
    expect_dump("metric visitors : count\n"
                "metric revenue \"Revenue\" : EUR from \"omzet\" in shop aggregate sum\n"
                "  higher is better about \"Money in\"\n"
                "metric customers : count aggregate count_distinct from \"Customer ID\"\n"
                "metric bounce : percent aggregate avg lower is better\n"
                "metric stock : count aggregate last\n"
                "metric lo : number aggregate min metric hi : number aggregate max\n"
                "metric rows : count aggregate count\n",
                "metric visitors : count @1:1\n"
                "metric revenue \"Revenue\" : EUR @2:1\n"
                "  from \"omzet\"\n"
                "  in shop\n"
                "  aggregate sum\n"
                "  better higher\n"
                "  about \"Money in\"\n"
                "metric customers : count @4:1\n"
                "  from \"Customer ID\"\n"
                "  aggregate count_distinct\n"
                "metric bounce : percent @5:1\n"
                "  aggregate avg\n"
                "  better lower\n"
                "metric stock : count @6:1\n"
                "  aggregate last\n"
                "metric lo : number @7:1\n"
                "  aggregate min\n"
                "metric hi : number @7:34\n"
                "  aggregate max\n"
                "metric rows : count @8:1\n"
                "  aggregate count\n");
}

static void test_formula_precedence(void **state) {
    (void)state;
    /* * and / bind tighter than + and -; both associate to the left. */
    expect_dump("metric m : EUR = a - b - c * d / 2 + -(e + 1.5k)", "metric m : EUR @1:1\n"
                                                                    "  formula\n"
                                                                    "    binary +\n"
                                                                    "      binary -\n"
                                                                    "        binary -\n"
                                                                    "          name a\n"
                                                                    "          name b\n"
                                                                    "        binary /\n"
                                                                    "          binary *\n"
                                                                    "            name c\n"
                                                                    "            name d\n"
                                                                    "          number 2\n"
                                                                    "      negate\n"
                                                                    "        paren\n"
                                                                    "          binary +\n"
                                                                    "            name e\n"
                                                                    "            number 1.5k\n");
}

static void test_derived_metric_with_where(void **state) {
    (void)state;
    expect_dump("metric nl : EUR = revenue where country = \"NL\"", "metric nl : EUR @1:1\n"
                                                                    "  where\n"
                                                                    "    cmp country = \"NL\"\n"
                                                                    "  formula\n"
                                                                    "    name revenue\n");
}

static void test_filters(void **state) {
    (void)state;
    /* not binds tighter than and, and tighter than or. */
    expect_dump("metric m : count where a = 1 or b != \"x\" and not c < -2 or d <= 3 and e > 4 and f >= 5",
                "metric m : count @1:1\n"
                "  where\n"
                "    or\n"
                "      or\n"
                "        cmp a = 1\n"
                "        and\n"
                "          cmp b != \"x\"\n"
                "          not\n"
                "            cmp c < -2\n"
                "      and\n"
                "        and\n"
                "          cmp d <= 3\n"
                "          cmp e > 4\n"
                "        cmp f >= 5\n");
    expect_dump("metric m : count where (\"Sub-Category\" in (\"Phones\", \"Chairs\") or x not in (1, -2))",
                "metric m : count @1:1\n"
                "  where\n"
                "    paren\n"
                "      or\n"
                "        in \"Sub-Category\" (\"Phones\", \"Chairs\")\n"
                "        in x not (1, -2)\n");
}

static void test_goal_verbs_and_amounts(void **state) {
    (void)state;
    expect_dump("goal a raise x 20%\n"
                "goal b lower x -10%\n"
                "goal c raise x +0.5pp\n"
                "goal d raise x to 3.5%\n"
                "goal e lower x to 1.2M EUR\n"
                "goal f raise x by 20%\n"
                "goal g lower x by -2pp\n"
                "goal h reach x 500\n"
                "goal i reach x to 40%\n"
                "goal j reach x 2 hours\n"
                "goal k raise x\n",
                "goal a @1:1\n  raise metric=x amount=relative(20%)\n"
                "goal b @2:1\n  lower metric=x amount=relative(-10%)\n"
                "goal c @3:1\n  raise metric=x amount=points(+0.5pp)\n"
                "goal d @4:1\n  raise metric=x amount=absolute(3.5%)\n"
                "goal e @5:1\n  lower metric=x amount=absolute(1.2M EUR)\n"
                "goal f @6:1\n  raise metric=x amount=relative(20%)\n"
                "goal g @7:1\n  lower metric=x amount=points(-2pp)\n"
                "goal h @8:1\n  reach metric=x amount=absolute(500)\n"
                "goal i @9:1\n  reach metric=x amount=absolute(40%)\n"
                "goal j @10:1\n  reach metric=x amount=absolute(2 hours)\n"
                "goal k @11:1\n  raise metric=x amount=none\n");
}

static void test_keep(void **state) {
    (void)state;
    expect_dump("goal a keep x below 40%\n"
                "goal b keep x above 1000 EUR by 2027\n"
                "goal c keep x between 10 and -2 count",
                "goal a @1:1\n  keep metric=x below 40%\n"
                "goal b @2:1\n  keep metric=x above 1000 EUR\n  clause by 2027\n"
                "goal c @3:1\n  keep metric=x between 10 and -2 count\n");
}

static void test_title_and_every_clause(void **state) {
    (void)state;
    expect_dump("goal g \"Profit +20%\"\n"
                "  raise profit 20%\n"
                "  within 90 days within 6 weeks within 1 month within 2 quarters within 1 year\n"
                "  by 2027-06-30 by 2027-06 by 2027-Q2 by 2027\n"
                "  starting 2026-01\n"
                "  owner \"Digital marketing manager\" owner seo_lead\n"
                "  review daily review weekly review monthly review quarterly review yearly\n"
                "  budget 50000 EUR baseline 120k EUR tolerance 5%\n"
                "  for channel = \"seo\" where device != \"mobile\"\n"
                "  why \"Because \\\"growth\\\"\"\n",
                "goal g \"Profit +20%\" @1:1\n"
                "  raise metric=profit amount=relative(20%)\n"
                "  clause within 90 days\n"
                "  clause within 6 weeks\n"
                "  clause within 1 months\n"
                "  clause within 2 quarters\n"
                "  clause within 1 years\n"
                "  clause by 2027-06-30\n"
                "  clause by 2027-06\n"
                "  clause by 2027-Q2\n"
                "  clause by 2027\n"
                "  clause starting 2026-01\n"
                "  clause owner \"Digital marketing manager\"\n"
                "  clause owner ref seo_lead\n"
                "  clause review daily\n"
                "  clause review weekly\n"
                "  clause review monthly\n"
                "  clause review quarterly\n"
                "  clause review yearly\n"
                "  clause budget 50000 EUR\n"
                "  clause baseline 120k EUR\n"
                "  clause tolerance 5%\n"
                "  clause for\n"
                "    cmp channel = \"seo\"\n"
                "  clause where\n"
                "    cmp device != \"mobile\"\n"
                "  clause why \"Because \\\"growth\\\"\"\n");
}

static void test_drivers_nest_and_override(void **state) {
    (void)state;
    /* `by` adds to the goal, `via` to the driver before it; clauses may stand between. */
    expect_dump("goal g raise profit 20%\n"
                "  by revenue +35% (owner \"Sales lead\" by 2027-Q2)\n"
                "  via orders +20% via visitors +65% ()\n"
                "  owner \"CFO\"\n"
                "  by costs to 1M EUR\n"
                "  via rent -5% (review quarterly)\n"
                "  by staff\n",
                "goal g @1:1\n"
                "  raise metric=profit amount=relative(20%)\n"
                "  driver by revenue amount=relative(+35%)\n"
                "    clause owner \"Sales lead\"\n"
                "    clause by 2027-Q2\n"
                "    driver via orders amount=relative(+20%)\n"
                "      driver via visitors amount=relative(+65%)\n"
                "  driver by costs amount=absolute(1M EUR)\n"
                "    driver via rent amount=relative(-5%)\n"
                "      clause review quarterly\n"
                "  driver by staff amount=none\n"
                "  clause owner \"CFO\"\n");
}

static void test_by_is_told_apart_by_the_next_token(void **state) {
    (void)state;
    expect_dump("goal g raise x by 10% by y +5% by 2027-06-30 by 2028",
                "goal g @1:1\n"
                "  raise metric=x amount=relative(10%)\n"
                "  driver by y amount=relative(+5%)\n"
                "  clause by 2027-06-30\n"
                "  clause by 2028\n");
}

static void test_owner_policy_link(void **state) {
    (void)state;
    expect_dump("owner seo_lead \"SEO lead\"\n"
                "policy growth_ceiling 15% per month\n"
                "policy cap 20% per quarterly\n"
                "policy floor 5%\n"
                "link visitors to revenue\n",
                "owner seo_lead \"SEO lead\" @1:1\n"
                "policy growth_ceiling 15% per monthly @2:1\n"
                "policy cap 20% per quarterly @3:1\n"
                "policy floor 5% per monthly @4:1\n"
                "link visitors to revenue @5:1\n");
}

static void test_owner_declaration_after_goal_ends_it(void **state) {
    (void)state;
    /* `owner NAME "title"` is an item; `owner NAME` alone is the goal's clause. */
    expect_dump("goal g raise x 5% owner lead\nowner lead \"Lead\"\ngoal h raise y 1%",
                "goal g @1:1\n"
                "  raise metric=x amount=relative(5%)\n"
                "  clause owner ref lead\n"
                "owner lead \"Lead\" @2:1\n"
                "goal h @3:1\n"
                "  raise metric=y amount=relative(1%)\n");
}

static void test_newlines_and_comments_carry_no_meaning(void **state) {
    (void)state;
    const char *a = "goal g raise profit 20% by revenue +35% within 18 months via visitors +65%";
    const char *b = "# a goal\ngoal\ng # name\n  raise\n profit\n\t20%   by\nrevenue\n+35%\n"
                    "within 18\nmonths via\n\nvisitors +65%\n# end";
    parse_run *ra = parse_text(a, -1), *rb = parse_text(b, -1);
    assert_null(rb->diags.head);
    /* Same tree; only the item's position differs. */
    const char *da = strchr(parse_dump(ra), '\n'), *db = strchr(parse_dump(rb), '\n');
    assert_string_equal(da, db);
    int comments = 0;
    for (const kpi_comment *c = rb->file->comments; c; c = c->next) comments++;
    assert_int_equal(comments, 3);
    parse_run_free(ra);
    parse_run_free(rb);
}

static void test_keywords_as_quoted_columns(void **state) {
    (void)state;
    expect_dump("metric m : count where \"date\" != \"\" and \"for\" = 1", "metric m : count @1:1\n"
                                                                           "  where\n"
                                                                           "    and\n"
                                                                           "      cmp \"date\" != \"\"\n"
                                                                           "      cmp \"for\" = 1\n");
}

static void test_empty_file(void **state) {
    (void)state;
    expect_dump("", "");
    expect_dump("# only a comment\n\n", "");
}

static void test_deep_but_allowed_nesting(void **state) {
    (void)state;
    /* 200 parentheses are within the limit. */
    char text[1024] = "metric m : EUR = ";
    size_t n = strlen(text);
    for (int i = 0; i < 200; i++) text[n++] = '(';
    text[n++] = 'a';
    for (int i = 0; i < 200; i++) text[n++] = ')';
    text[n] = '\0';
    parse_run *run = parse_text(text, -1);
    assert_null(run->diags.head);
    assert_non_null(run->file->items->as.metric.formula);
    parse_run_free(run);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_product_sentence),
        cmocka_unit_test(test_import),
        cmocka_unit_test(test_source),
        cmocka_unit_test(test_base_metrics),
        cmocka_unit_test(test_formula_precedence),
        cmocka_unit_test(test_derived_metric_with_where),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_goal_verbs_and_amounts),
        cmocka_unit_test(test_keep),
        cmocka_unit_test(test_title_and_every_clause),
        cmocka_unit_test(test_drivers_nest_and_override),
        cmocka_unit_test(test_by_is_told_apart_by_the_next_token),
        cmocka_unit_test(test_owner_policy_link),
        cmocka_unit_test(test_owner_declaration_after_goal_ends_it),
        cmocka_unit_test(test_newlines_and_comments_carry_no_meaning),
        cmocka_unit_test(test_keywords_as_quoted_columns),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_deep_but_allowed_nesting),
    };
    return cmocka_run_group_tests_name("parser", tests, NULL, NULL);
}
