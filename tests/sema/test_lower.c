/*
** test_lower.c: the kpi_program built from a checked file: only used
** metrics, columns per source with the date column first, segments pushed
** into metric copies, dates as day numbers, amounts as signed fractions,
** drivers flattened with parents first and inheritance applied.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "check_helpers.h"
#include "compiler/sema/sema_internal.h"

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-12)

static const char *const SPEC =
    "source shop = csv \"data/shop.csv\"\n  date \"day\"\n"
    "metric visitors : count\n"
    "metric orders : count\n"
    "metric revenue : EUR from \"omzet\"\n"
    "metric costs : EUR\n"
    "metric unused : count from \"sessions\"\n"
    "metric rating : score\n"
    "metric profit : EUR = revenue - costs\n"
    "metric conversion : percent = orders / visitors\n"
    "metric nl_revenue : EUR = revenue where country = \"NL\"\n"
    "link visitors to revenue\n"
    "goal more_profit \"Profit +20%\"\n"
    "  raise profit 20% by revenue +35% within 18 months via visitors +65% (owner \"Traffic\")\n"
    "  owner \"Marketing\"\n  starting 2026-01\n  budget 50000 EUR\n  review weekly\n  tolerance 5%\n"
    "  why \"Second shop\"\n"
    "goal seo_conversion\n  raise conversion +0.5pp by 2027-06\n  for channel = \"seo\"\n"
    "  owner \"SEO\" starting 2026-01-01\n"
    "goal cheaper\n  lower costs 10%\n  baseline 80000 EUR\n  owner \"Ops\" starting 2026-Q1 by 2026-Q4\n"
    "goal nl\n  reach nl_revenue to 1.2M EUR\n  owner \"NL\" starting 2026 by 2026\n"
    "goal steady\n  keep conversion between 2% and 8%\n  owner \"Web\" starting 2026-01 within 12 months\n"
    "goal rated\n  reach rating 4.5\n  owner \"Web\" starting 2026-01 within 12 months\n";

static checked *lowered(void) {
    checked *c = check_text("lower.kpi", SPEC, NULL);
    if (c->diags.errors || !c->result->program) dump_diagnostics(c);
    assert_int_equal(c->diags.errors, 0);
    assert_non_null(c->result->program);
    return c;
}

static void test_metrics_and_columns(void **state) {
    (void)state;
    checked *c = lowered();
    const kpi_program *p = c->result->program;
    assert_null(find_metric(p, "unused", NULL)); /* no goal uses it */
    assert_int_equal(p->source_count, 1);
    const kpi_prog_source *s = &p->sources[0];
    assert_string_equal(s->name, "shop");
    assert_string_equal(s->columns[0], "day"); /* the date column first */
    assert_string_equal(s->path, KPI_SEMA_TEST_DIR "/data/shop.csv");
    for (uint32_t i = 0; i < s->column_count; i++) assert_string_not_equal(s->columns[i], "sessions");
    uint32_t rev_i, costs_i;
    const kpi_prog_metric *rev = find_metric(p, "revenue", &rev_i);
    assert_non_null(rev);
    assert_true(rev->is_base);
    assert_string_equal(s->columns[rev->value_column], "omzet");
    assert_int_equal(rev->aggregate, KPIRT_AGG_SUM);
    assert_int_equal(rev->unit_kind, KPIRT_UNIT_MONEY);
    assert_string_equal(rev->unit, "EUR");
    assert_null(rev->filter);
    find_metric(p, "costs", &costs_i);
    const kpi_prog_metric *profit = find_metric(p, "profit", NULL);
    assert_false(profit->is_base);
    assert_int_equal(profit->formula->kind, KPI_PE_SUB);
    assert_int_equal(profit->formula->lhs->metric, rev_i);
    assert_int_equal(profit->formula->rhs->metric, costs_i);
    const kpi_prog_metric *rating = find_metric(p, "rating", NULL);
    assert_int_equal(rating->aggregate, KPIRT_AGG_AVG); /* scores average by default */
    assert_int_equal(find_metric(p, "conversion", NULL)->unit_kind, KPIRT_UNIT_PERCENT);
    assert_string_equal(find_metric(p, "conversion", NULL)->unit, "%");
    check_free(c);
}

static void test_segments(void **state) {
    (void)state;
    checked *c = lowered();
    const kpi_program *p = c->result->program;
    const kpi_prog_goal *g = find_goal(p, "seo_conversion", NULL);
    const kpi_prog_metric *m = &p->metrics[g->metric];
    assert_string_equal(m->name, "conversion[channel=seo]");
    assert_int_equal(m->formula->kind, KPI_PE_DIV);
    const kpi_prog_metric *orders = &p->metrics[m->formula->lhs->metric];
    assert_string_equal(orders->name, "orders[channel=seo]");
    assert_true(orders->is_base);
    assert_non_null(orders->filter);
    assert_int_equal(orders->filter->kind, KPI_PF_TEXT_CMP);
    assert_string_equal(p->sources[0].columns[orders->filter->column], "channel");
    assert_string_equal(orders->filter->text, "seo");
    /* the unsegmented conversion (goal steady) is a different metric */
    const kpi_prog_metric *plain = &p->metrics[find_goal(p, "steady", NULL)->metric];
    assert_string_equal(plain->name, "conversion");
    assert_null(p->metrics[plain->formula->lhs->metric].filter);
    /* a derived metric's own where is pushed into its base metrics */
    const kpi_prog_metric *nl = &p->metrics[find_goal(p, "nl", NULL)->metric];
    assert_string_equal(nl->name, "nl_revenue");
    const kpi_prog_metric *nl_base = &p->metrics[nl->formula->metric];
    assert_string_equal(nl_base->name, "revenue[country=NL]");
    assert_string_equal(nl_base->filter->text, "NL");
    check_free(c);
}

/* `link A to B` joins the lowered metrics, unsegmented and within each segment both were lowered in. */
static void test_links(void **state) {
    (void)state;
    checked *c = lowered();
    const kpi_program *p = c->result->program;
    assert_int_equal(p->link_count, 1); /* visitors -> revenue; no segment lowers both */
    assert_string_equal(p->metrics[p->links[0].from].name, "visitors");
    assert_string_equal(p->metrics[p->links[0].to].name, "revenue");
    check_free(c);

    c = check_text("links.kpi",
                   "source shop = csv \"data/shop.csv\"\n  date \"day\"\n"
                   "metric visitors : count\nmetric orders : count\nmetric unused : count from \"sessions\"\n"
                   "metric conversion : percent = orders / visitors\n"
                   "link visitors to orders\nlink unused to orders\n"
                   "goal seo\n  raise conversion +0.5pp\n  for channel = \"seo\"\n  owner \"SEO\" starting "
                   "2026-01 within 12 months\n"
                   "goal all\n  raise conversion +0.5pp\n  owner \"Web\" starting 2026-01 within 12 months\n",
                   NULL);
    if (!c->result->program) dump_diagnostics(c);
    p = c->result->program;
    assert_non_null(p);
    assert_int_equal(p->link_count, 2);
    for (uint32_t i = 0; i < p->link_count; i++) {
        const char *from = p->metrics[p->links[i].from].name, *to = p->metrics[p->links[i].to].name;
        bool plain = strcmp(from, "visitors") == 0 && strcmp(to, "orders") == 0;
        bool seo = strcmp(from, "visitors[channel=seo]") == 0 && strcmp(to, "orders[channel=seo]") == 0;
        if (!plain && !seo) fail_msg("unexpected link %s -> %s", from, to);
    }
    assert_true(strcmp(p->metrics[p->links[0].from].name, p->metrics[p->links[1].from].name) != 0);
    check_free(c);
}

static void test_goals(void **state) {
    (void)state;
    checked *c = lowered();
    const kpi_program *p = c->result->program;
    uint32_t top_i, rev_i, vis_i;
    const kpi_prog_goal *top = find_goal(p, "more_profit", &top_i);
    const kpi_prog_goal *rev = find_goal(p, "more_profit.revenue", &rev_i);
    const kpi_prog_goal *vis = find_goal(p, "more_profit.revenue.visitors", &vis_i);
    assert_non_null(top);
    assert_non_null(rev);
    assert_non_null(vis);
    assert_true(top_i < rev_i && rev_i < vis_i); /* parents first */
    assert_int_equal(top->parent, -1);
    assert_int_equal(rev->parent, (int32_t)top_i);
    assert_int_equal(vis->parent, (int32_t)rev_i);
    assert_int_equal(top->verb, KPIRT_VERB_RAISE);
    assert_int_equal(top->amount_kind, KPIRT_AMOUNT_RELATIVE);
    assert_near(top->amount, 0.20);
    assert_near(rev->amount, 0.35);
    assert_near(vis->amount, 0.65);
    assert_int_equal(top->start, kpirt_day_from_ymd(2026, 1, 1));
    assert_int_equal(top->deadline, kpirt_day_from_ymd(2027, 6, 30)); /* within 18 months */
    assert_int_equal(vis->start, top->start);                         /* inherited */
    assert_int_equal(vis->deadline, top->deadline);
    assert_string_equal(top->owner, "Marketing");
    assert_string_equal(rev->owner, "Marketing");
    assert_string_equal(vis->owner, "Traffic"); /* overridden */
    assert_int_equal(top->review, KPIRT_WEEK);
    assert_int_equal(vis->review, KPIRT_WEEK);
    assert_near(top->tolerance, 0.05);
    assert_near(vis->tolerance, 0.05);
    assert_near(top->budget, 50000);
    assert_string_equal(top->budget_unit, "EUR");
    assert_near(rev->budget, 0); /* budget is not inherited */
    assert_string_equal(top->why, "Second shop");
    assert_null(rev->why);
    assert_string_equal(top->title, "Profit +20%");

    const kpi_prog_goal *seo = find_goal(p, "seo_conversion", NULL);
    assert_int_equal(seo->amount_kind, KPIRT_AMOUNT_POINTS);
    assert_near(seo->amount, 0.005);
    assert_int_equal(seo->deadline, kpirt_day_from_ymd(2027, 6, 30)); /* by 2027-06: its last day */
    assert_int_equal(seo->review, KPIRT_MONTH);                       /* default */
    assert_near(seo->tolerance, 0.10);                                /* default */

    const kpi_prog_goal *cheaper = find_goal(p, "cheaper", NULL);
    assert_int_equal(cheaper->verb, KPIRT_VERB_LOWER);
    assert_near(cheaper->amount, -0.10); /* a signed change */
    assert_true(cheaper->has_baseline);
    assert_near(cheaper->baseline, 80000);
    assert_int_equal(cheaper->start, kpirt_day_from_ymd(2026, 1, 1));
    assert_int_equal(cheaper->deadline, kpirt_day_from_ymd(2026, 12, 31));

    const kpi_prog_goal *nl = find_goal(p, "nl", NULL);
    assert_int_equal(nl->verb, KPIRT_VERB_REACH);
    assert_int_equal(nl->amount_kind, KPIRT_AMOUNT_ABSOLUTE);
    assert_near(nl->amount, 1200000);
    assert_int_equal(nl->deadline, kpirt_day_from_ymd(2026, 12, 31));

    const kpi_prog_goal *steady = find_goal(p, "steady", NULL);
    assert_int_equal(steady->verb, KPIRT_VERB_KEEP);
    assert_int_equal(steady->keep_kind, KPIRT_KEEP_BETWEEN);
    assert_near(steady->keep_low, 0.02);
    assert_near(steady->keep_high, 0.08);
    assert_int_equal(steady->deadline, kpirt_day_from_ymd(2026, 12, 31));
    check_free(c);
}

static void test_no_program_on_errors(void **state) {
    (void)state;
    checked *c = check_text("bad.kpi", "metric visitors : count\ngoal g\n  raise visitors 10%\n", NULL);
    assert_true(c->diags.errors > 0);
    assert_null(c->result->program);
    assert_non_null(c->result->symbols); /* the index is still there for the editor */
    check_free(c);
    c = check_text("empty.kpi", "", NULL);
    assert_int_equal(c->diags.errors, 0);
    assert_non_null(c->result->program);
    assert_int_equal(c->result->program->goal_count, 0);
    check_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_and_columns),
        cmocka_unit_test(test_segments),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_goals),
        cmocka_unit_test(test_no_program_on_errors),
    };
    return cmocka_run_group_tests_name("sema_lower", tests, NULL, NULL);
}
