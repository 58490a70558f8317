/*
** test_graph.c: unit and golden tests of `kpic graph` (compiler/graph).
**
** The program is built by hand (webshop_program.h), so these tests pin the
** graph module alone: the text of formulas, filters and goal statements, the
** edges and their operator labels, escaping of hostile titles in DOT and
** Mermaid, and the exact output against checked-in golden files. Set
** KPI_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change
** (then review the diff).
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/graph/graph.h"
#include "compiler/program/program.h"
#include "webshop_program.h"

static int setup_arena(void **state) {
    kpi_arena *a = malloc(sizeof *a);
    kpi_arena_init(a);
    *state = a;
    return 0;
}

static int teardown_arena(void **state) {
    kpi_arena_free(*state);
    free(*state);
    return 0;
}

/* Runs a writer into a malloc'd string. */
static char *render(kpi_arena *a, const kpi_program *p, kpi_graph_format format) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_int_equal(kpi_graph_write(a, p, format, out), 0);
    fclose(out);
    return text;
}

static const kpi_graph_edge *find_edge(const kpi_graph *g, const char *from, const char *to) {
    for (uint32_t i = 0; i < g->edge_count; i++)
        if (strcmp(g->edges[i].from->id, from) == 0 && strcmp(g->edges[i].to->id, to) == 0)
            return &g->edges[i];
    return NULL;
}

/* The id of the metric node called name. */
static const char *mid(const kpi_graph *g, const char *name) {
    for (uint32_t i = 0; i < g->node_count; i++)
        if (g->nodes[i].kind != KPI_GRAPH_GOAL && strcmp(g->nodes[i].lines[0], name) == 0)
            return g->nodes[i].id;
    fail_msg("no metric node %s", name);
    return NULL;
}

static const kpi_graph_node *node(const kpi_graph *g, const char *id) {
    for (uint32_t i = 0; i < g->node_count; i++)
        if (strcmp(g->nodes[i].id, id) == 0) return &g->nodes[i];
    fail_msg("no node %s", id);
    return NULL;
}

static void test_formula_text(void **state) {
    kpi_arena *a = *state;
    kpi_program *p = webshop_program(a);
    assert_string_equal(kpi_prog_formula_text(a, p, p->metrics[4].formula), "revenue - costs");
    assert_string_equal(kpi_prog_formula_text(a, p, p->metrics[5].formula), "orders / visitors");
    assert_string_equal(kpi_prog_formula_text(a, p, p->metrics[7].formula), "(revenue - costs) / revenue");

    /* a - (b - c) keeps its parentheses, (a - b) - c needs none, -(a + b) keeps them. */
    kpi_prog_expr *m0 = webshop_expr(a, KPI_PE_METRIC, 0, NULL, NULL);
    kpi_prog_expr *m1 = webshop_expr(a, KPI_PE_METRIC, 1, NULL, NULL);
    kpi_prog_expr *m2 = webshop_expr(a, KPI_PE_METRIC, 2, NULL, NULL);
    kpi_prog_expr *right = webshop_expr(a, KPI_PE_SUB, 0, m0, webshop_expr(a, KPI_PE_SUB, 0, m1, m2));
    assert_string_equal(kpi_prog_formula_text(a, p, right), "visitors - (orders - revenue)");
    kpi_prog_expr *left = webshop_expr(a, KPI_PE_SUB, 0, webshop_expr(a, KPI_PE_SUB, 0, m0, m1), m2);
    assert_string_equal(kpi_prog_formula_text(a, p, left), "visitors - orders - revenue");
    kpi_prog_expr *neg = webshop_expr(a, KPI_PE_NEG, 0, webshop_expr(a, KPI_PE_ADD, 0, m0, m1), NULL);
    assert_string_equal(kpi_prog_formula_text(a, p, neg), "-(visitors + orders)");
    kpi_prog_expr *vat = webshop_expr(a, KPI_PE_NUMBER, 0, NULL, NULL);
    vat->number = 1.21;
    assert_string_equal(kpi_prog_formula_text(a, p, webshop_expr(a, KPI_PE_MUL, 0, m2, vat)),
                        "revenue * 1.21");
}

static void test_statement_text(void **state) {
    kpi_arena *a = *state;
    kpi_program *p = webshop_program(a);
    assert_string_equal(kpi_prog_statement_text(a, p, &p->goals[0]), "raise profit 20%");
    assert_string_equal(kpi_prog_statement_text(a, p, &p->goals[1]), "raise revenue 35%");
    assert_string_equal(kpi_prog_statement_text(a, p, &p->goals[3]), "keep conversion above 2%");

    kpi_prog_goal g = p->goals[0];
    g.metric = 5;
    g.amount_kind = KPIRT_AMOUNT_POINTS;
    g.amount = 0.005;
    assert_string_equal(kpi_prog_statement_text(a, p, &g), "raise conversion 0.5pp");
    g.metric = 2;
    g.verb = KPIRT_VERB_REACH;
    g.amount_kind = KPIRT_AMOUNT_ABSOLUTE;
    g.amount = 1200000;
    assert_string_equal(kpi_prog_statement_text(a, p, &g), "reach revenue 1200000 EUR");
    g.metric = 3;
    g.verb = KPIRT_VERB_LOWER;
    g.amount_kind = KPIRT_AMOUNT_RELATIVE;
    g.amount = -0.10;
    assert_string_equal(kpi_prog_statement_text(a, p, &g), "lower costs 10%");
    g.verb = KPIRT_VERB_KEEP;
    g.metric = 5;
    g.keep_kind = KPIRT_KEEP_BETWEEN;
    g.keep_low = 0.015;
    g.keep_high = 0.04;
    assert_string_equal(kpi_prog_statement_text(a, p, &g), "keep conversion between 1.5% and 4%");
}

static void test_filter_and_day_text(void **state) {
    kpi_arena *a = *state;
    kpi_program *p = webshop_program(a);
    assert_string_equal(kpi_prog_filter_text(a, p, &p->metrics[6]), "country = \"NL\"");
    assert_null(kpi_prog_filter_text(a, p, &p->metrics[0]));

    /* (country = "NL" or country = "BE") and not orders > 5: OR inside AND keeps parens. */
    kpi_prog_filter be = {.kind = KPI_PF_TEXT_CMP, .column = 5, .op = 0, .text = "BE"};
    kpi_prog_filter either = {.kind = KPI_PF_OR, .lhs = p->metrics[6].filter, .rhs = &be};
    kpi_prog_filter big = {.kind = KPI_PF_NUM_CMP, .column = 2, .op = 4, .number = 5};
    kpi_prog_filter small = {.kind = KPI_PF_NOT, .lhs = &big};
    kpi_prog_filter both = {.kind = KPI_PF_AND, .lhs = &either, .rhs = &small};
    p->metrics[6].filter = &both;
    assert_string_equal(kpi_prog_filter_text(a, p, &p->metrics[6]),
                        "(country = \"NL\" or country = \"BE\") and not orders > 5");

    assert_string_equal(kpi_prog_day_text(a, 0), "1970-01-01");
    assert_string_equal(kpi_prog_day_text(a, -1), "1969-12-31");
    assert_string_equal(kpi_prog_day_text(a, 11016), "2000-02-29");
    assert_string_equal(kpi_prog_day_text(a, -25508), "1900-03-01");
    assert_string_equal(kpi_prog_day_text(a, 20999), "2027-06-30");
}

static void test_edges(void **state) {
    kpi_arena *a = *state;
    kpi_program *p = webshop_program(a);
    kpi_graph *g = kpi_graph_build(a, p);
    assert_int_equal(g->node_count, 12);

    /* driver -> parent goal */
    assert_int_equal(find_edge(g, "g1", "g0")->kind, KPI_GRAPH_DRIVES);
    assert_int_equal(find_edge(g, "g2", "g1")->kind, KPI_GRAPH_DRIVES);
    assert_null(find_edge(g, "g3", "g0"));
    /* goal -> metric */
    assert_int_equal(find_edge(g, "g0", mid(g, "profit"))->kind, KPI_GRAPH_MEASURES);
    assert_int_equal(find_edge(g, "g3", mid(g, "conversion"))->kind, KPI_GRAPH_MEASURES);
    /* operand -> derived metric, labelled by the operator it enters with */
    assert_string_equal(find_edge(g, mid(g, "revenue"), mid(g, "profit"))->label, "+");
    assert_string_equal(find_edge(g, mid(g, "costs"), mid(g, "profit"))->label, "-");
    assert_string_equal(find_edge(g, mid(g, "orders"), mid(g, "conversion"))->label, "*");
    assert_string_equal(find_edge(g, mid(g, "visitors"), mid(g, "conversion"))->label, "/");
    /* revenue is used twice in margin: one edge, both roles */
    assert_string_equal(find_edge(g, mid(g, "revenue"), mid(g, "margin"))->label, "+ /");
    assert_string_equal(find_edge(g, mid(g, "costs"), mid(g, "margin"))->label, "-");
    /* 2 drives + 4 measures + 2 profit + 2 conversion + 2 margin */
    assert_int_equal(g->edge_count, 12);

    /* labels */
    assert_string_equal(g->nodes[0].lines[0], "Profit +20% in 18 months");
    assert_string_equal(g->nodes[1].lines[0], "more_profit.revenue");
    assert_string_equal(g->nodes[0].lines[2], "owner: Digital marketing manager");
    assert_string_equal(g->nodes[0].lines[3], "2026-01-01 to 2027-06-30");
    assert_string_equal(node(g, mid(g, "nl_revenue"))->lines[2], "where country = \"NL\"");
    assert_string_equal(node(g, mid(g, "revenue"))->lines[2], "sum of \"omzet\" in shop");

    /* metrics are numbered as a reader meets them from the goals, not in storage order */
    const char *met[] = {"profit", "revenue", "costs",     "visitors", "conversion",
                         "orders", "margin",  "nl_revenue"}; /* the last two reached by no goal: by name */
    for (uint32_t i = 0; i < 8; i++) {
        char id[8];
        snprintf(id, sizeof id, "m%u", i);
        assert_string_equal(mid(g, met[i]), id);
    }
}

static void test_dot_escapes_hostile_title(void **state) {
    char *dot = render(*state, webshop_program(*state), KPI_GRAPH_DOT);
    assert_non_null(strstr(dot, "g3 [label=\"Conversion \\\"guard\\\" \\\\N <b>&amp;amp; | #1 "
                                "`x`\\n"));
    /* Every line that declares a node has an even number of unescaped quotes. */
    for (char *line = dot; *line;) {
        char *end = strchr(line, '\n');
        int quotes = 0;
        for (char *c = line; c < end; c++)
            if (*c == '\\') c++;
            else if (*c == '"') quotes++;
        assert_int_equal(quotes % 2, 0);
        line = end + 1;
    }
    free(dot);
}

static void test_mermaid_escapes_hostile_title(void **state) {
    char *mmd = render(*state, webshop_program(*state), KPI_GRAPH_MERMAID);
    assert_non_null(strstr(mmd, "g3(\"Conversion #34;guard#34; #92;N #60;b#62;#38;amp; #124; #35;1 "
                                "#96;x#96;<br/>"));
    assert_null(strstr(mmd, "<b>"));
    assert_non_null(strstr(mmd, "m1 -->|\"+ /\"| m6")); /* revenue into margin */
    assert_non_null(strstr(mmd, "g1 ==>|\"drives\"| g0"));
    free(mmd);
}

static void remap(kpi_prog_expr *e, uint32_t n) {
    if (!e) return;
    if (e->kind == KPI_PE_METRIC) e->metric = n - 1 - e->metric;
    remap(e->lhs, n);
    remap(e->rhs, n);
}

/* The same program with its metrics stored in reverse order draws the same graph. */
static void test_independent_of_storage_order(void **state) {
    kpi_arena *a = *state;
    kpi_program *p = webshop_program(a);
    uint32_t n = p->metric_count;
    kpi_prog_metric *reversed = KPI_NEW_ARRAY(a, kpi_prog_metric, n);
    for (uint32_t i = 0; i < n; i++) {
        reversed[n - 1 - i] = p->metrics[i];
        remap(reversed[n - 1 - i].formula, n);
    }
    p->metrics = reversed;
    for (uint32_t i = 0; i < p->goal_count; i++) p->goals[i].metric = n - 1 - p->goals[i].metric;
    kpi_graph_format formats[] = {KPI_GRAPH_DOT, KPI_GRAPH_MERMAID, KPI_GRAPH_TEXT};
    for (int f = 0; f < 3; f++) {
        char *expected = render(a, webshop_program(a), formats[f]);
        char *actual = render(a, p, formats[f]);
        assert_string_equal(actual, expected);
        free(expected);
        free(actual);
    }
}

static void test_empty_program(void **state) {
    kpi_program empty = {.spec_path = "empty.kpi"};
    char *dot = render(*state, &empty, KPI_GRAPH_DOT);
    assert_non_null(strstr(dot, "digraph \"empty.kpi\" {\n"));
    assert_non_null(strstr(dot, "}\n"));
    free(dot);
    char *mmd = render(*state, &empty, KPI_GRAPH_MERMAID);
    assert_non_null(strstr(mmd, "flowchart LR\n"));
    free(mmd);
}

static void test_format_parse(void **state) {
    (void)state;
    kpi_graph_format f = KPI_GRAPH_MERMAID;
    assert_int_equal(kpi_graph_format_parse("dot", &f), 0);
    assert_int_equal(f, KPI_GRAPH_DOT);
    assert_int_equal(kpi_graph_format_parse("mermaid", &f), 0);
    assert_int_equal(f, KPI_GRAPH_MERMAID);
    assert_int_equal(kpi_graph_format_parse("text", &f), 0);
    assert_int_equal(f, KPI_GRAPH_TEXT);
    assert_int_equal(kpi_graph_format_parse("svg", &f), -1);
}

static char *read_file(const char *path) {
    FILE *in = fopen(path, "rb");
    if (!in) return NULL;
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    rewind(in);
    char *text = malloc((size_t)n + 1);
    size_t got = fread(text, 1, (size_t)n, in);
    text[got] = '\0';
    fclose(in);
    return text;
}

static void check_golden(kpi_arena *a, kpi_graph_format format, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", KPI_GRAPH_GOLDEN_DIR, name);
    char *actual = render(a, webshop_program(a), format);
    char *again = render(a, webshop_program(a), format);
    assert_string_equal(actual, again); /* deterministic */
    const char *update = getenv("KPI_UPDATE_GOLDEN");
    if (update && *update == '1') {
        FILE *out = fopen(path, "wb");
        assert_non_null(out);
        fputs(actual, out);
        fclose(out);
    }
    char *expected = read_file(path);
    if (!expected) fail_msg("missing golden file %s (run with KPI_UPDATE_GOLDEN=1)", path);
    assert_string_equal(actual, expected);
    free(expected);
    free(again);
    free(actual);
}

static void test_text_tree(void **state) {
    char *tree = render(*state, webshop_program(*state), KPI_GRAPH_TEXT);
    /* the driver chain nests under the goal, after the metric it measures */
    assert_non_null(strstr(tree, "\ngoal Profit +20% in 18 months · raise profit 20% · "));
    assert_non_null(strstr(tree, "\n├── metric profit · = revenue - costs · unit: EUR\n"
                                 "│   ├── [+] revenue · Revenue · sum of \"omzet\" in shop · unit: EUR\n"
                                 "│   └── [-] costs · sum of \"costs\" in shop · unit: EUR\n"
                                 "└── driver more_profit.revenue · raise revenue 35% · "));
    assert_non_null(strstr(tree, "\n    └── driver more_profit.revenue.visitors · raise visitors 65%"));
    assert_non_null(strstr(tree, "\n        └── metric visitors · sum of \"visitors\" in shop"));
    /* drivers are not trees of their own */
    assert_null(strstr(tree, "\ngoal more_profit.revenue"));
    assert_non_null(strstr(tree, "\ngoal Conversion \"guard\" \\N <b>&amp; | #1 `x` · keep "));
    free(tree);
}

static uint32_t metric_named(const kpi_program *p, const char *name) {
    for (uint32_t i = 0; i < p->metric_count; i++)
        if (strcmp(p->metrics[i].name, name) == 0) return i;
    fail_msg("no metric %s", name);
    return 0;
}

/* A declared link is a dotted "link" edge; in the tree it names the metric and stops, even in a circle. */
static void test_links(void **state) {
    kpi_arena *a = *state;
    kpi_program *p = webshop_program(a);
    uint32_t visitors = metric_named(p, "visitors"), revenue = metric_named(p, "revenue");
    p->links = KPI_NEW_ARRAY(a, kpi_prog_link, 2);
    p->links[0] = (kpi_prog_link){visitors, revenue};
    p->links[1] = (kpi_prog_link){revenue, visitors}; /* a circle */
    p->link_count = 2;
    const kpi_graph *g = kpi_graph_build(a, p);
    unsigned links = 0;
    for (uint32_t i = 0; i < g->edge_count; i++)
        if (g->edges[i].kind == KPI_GRAPH_LINK) {
            links++;
            assert_string_equal(g->edges[i].label, "link");
        }
    assert_int_equal(links, 2);
    char *dot = render(a, p, KPI_GRAPH_DOT);
    assert_non_null(strstr(dot, "[label=\"link\", style=dotted, color=\"#555555\"];"));
    free(dot);
    char *mermaid = render(a, p, KPI_GRAPH_MERMAID);
    assert_non_null(strstr(mermaid, " -.->|\"link\"| "));
    free(mermaid);
    char *tree = render(a, p, KPI_GRAPH_TEXT);
    assert_non_null(strstr(tree, "[+] revenue · Revenue · sum of \"omzet\" in shop · unit: EUR\n"
                                 "│   │   └── linked from visitors\n"));
    assert_non_null(strstr(tree, "└── metric visitors · sum of \"visitors\" in shop · unit: count\n"
                                 "            └── linked from revenue\n"));
    free(tree);
}

static void test_golden_dot(void **state) {
    check_golden(*state, KPI_GRAPH_DOT, "webshop.dot");
}
static void test_golden_mermaid(void **state) {
    check_golden(*state, KPI_GRAPH_MERMAID, "webshop.mmd");
}
static void test_golden_text(void **state) {
    check_golden(*state, KPI_GRAPH_TEXT, "webshop.txt");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_formula_text, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_statement_text, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_filter_and_day_text, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_edges, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_links, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_dot_escapes_hostile_title, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_mermaid_escapes_hostile_title, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_independent_of_storage_order, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_empty_program, setup_arena, teardown_arena),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test_setup_teardown(test_golden_dot, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_golden_mermaid, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_text_tree, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_golden_text, setup_arena, teardown_arena),
    };
    return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
