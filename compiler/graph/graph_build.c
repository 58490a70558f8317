/*
** graph_build.c: a checked program to the neutral graph both writers print.
**
** Nodes: every goal (driver sub-goals included) then every metric, in the
** program's index order. Edges: driver goal -> parent goal ("drives"), goal ->
** its metric, and each metric a formula reads -> the derived metric. A formula
** edge is labelled with the operator its operand enters with, read as a signed
** term: in `profit = revenue - costs` revenue enters with "+" and costs with
** "-"; in `conversion = orders / visitors` orders with "*" and visitors with
** "/". A metric used twice in one formula gets one edge with both labels.
*/
#include <string.h>

#include "graph.h"
#include "graph_internal.h"

typedef struct graph_builder {
    kpi_arena *arena;
    const kpi_program *program;
    kpi_graph *graph;
    uint32_t edge_capacity;
} graph_builder;

static kpi_graph_node *goal_node(const kpi_graph *g, uint32_t goal) { return &g->nodes[goal]; }

static kpi_graph_node *metric_node(const kpi_graph *g, const kpi_program *p, uint32_t metric)
{
    return &g->nodes[p->goal_count + metric];
}

static void add_edge(graph_builder *b, kpi_graph_edge_kind kind, const kpi_graph_node *from,
                     const kpi_graph_node *to, const char *label)
{
    kpi_graph *g = b->graph;
    /* Merge a second use of the same operand into the existing edge's label. */
    for (uint32_t i = 0; i < g->edge_count; i++) {
        kpi_graph_edge *e = &g->edges[i];
        if (e->kind != kind || e->from != from || e->to != to) continue;
        if (strcmp(e->label, label) != 0) {
            bool present = false;
            size_t n = strlen(label);
            for (const char *p = e->label; (p = strstr(p, label)) != NULL; p += n)
                if ((p == e->label || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) present = true;
            if (!present) e->label = kpi_arena_printf(b->arena, "%s %s", e->label, label);
        }
        return;
    }
    if (g->edge_count == b->edge_capacity) {
        uint32_t cap = b->edge_capacity ? b->edge_capacity * 2 : 16;
        kpi_graph_edge *grown = KPI_NEW_ARRAY(b->arena, kpi_graph_edge, cap);
        if (g->edge_count) memcpy(grown, g->edges, sizeof *grown * g->edge_count);
        g->edges = grown;
        b->edge_capacity = cap;
    }
    g->edges[g->edge_count++] = (kpi_graph_edge){kind, from, to, label};
}

/* Walks a formula; `role` is the label of the operand position we are in. */
static void add_formula_edges(graph_builder *b, const kpi_graph_node *derived,
                              const kpi_prog_expr *e, const char *role)
{
    if (!e) return;
    switch (e->kind) {
    case KPI_PE_NUMBER:
        return;
    case KPI_PE_METRIC:
        if (e->metric < b->program->metric_count)
            add_edge(b, KPI_GRAPH_FORMULA, metric_node(b->graph, b->program, e->metric), derived,
                     role);
        return;
    case KPI_PE_NEG:
        add_formula_edges(b, derived, e->lhs, "-");
        return;
    case KPI_PE_ADD:
        add_formula_edges(b, derived, e->lhs, "+");
        add_formula_edges(b, derived, e->rhs, "+");
        return;
    case KPI_PE_SUB:
        add_formula_edges(b, derived, e->lhs, "+");
        add_formula_edges(b, derived, e->rhs, "-");
        return;
    case KPI_PE_MUL:
        add_formula_edges(b, derived, e->lhs, "*");
        add_formula_edges(b, derived, e->rhs, "*");
        return;
    case KPI_PE_DIV:
        add_formula_edges(b, derived, e->lhs, "*");
        add_formula_edges(b, derived, e->rhs, "/");
        return;
    }
}

static void add_line(kpi_graph_node *n, const char *text)
{
    if (text && *text && n->line_count < KPI_GRAPH_MAX_LINES) n->lines[n->line_count++] = text;
}

static void describe_goal(graph_builder *b, kpi_graph_node *n, const kpi_prog_goal *goal)
{
    kpi_arena *a = b->arena;
    add_line(n, goal->title && *goal->title ? goal->title : goal->name);
    add_line(n, kpi_graph_statement_text(a, b->program, goal));
    if (goal->owner && *goal->owner) add_line(n, kpi_arena_printf(a, "owner: %s", goal->owner));
    if (goal->start != KPIRT_NO_DAY || goal->deadline != KPIRT_NO_DAY)
        add_line(n, kpi_arena_printf(a, "%s to %s", kpi_graph_day_text(a, goal->start),
                                     kpi_graph_day_text(a, goal->deadline)));
}

static void describe_metric(graph_builder *b, kpi_graph_node *n, const kpi_prog_metric *m)
{
    kpi_arena *a = b->arena;
    const kpi_program *p = b->program;
    add_line(n, m->name);
    if (m->title && *m->title && strcmp(m->title, m->name) != 0) add_line(n, m->title);
    if (m->is_base) {
        const kpi_prog_source *src = m->source < p->source_count ? &p->sources[m->source] : NULL;
        const char *column = src && m->value_column < src->column_count
                                 ? src->columns[m->value_column] : "?";
        add_line(n, kpi_arena_printf(a, "%s of \"%s\"%s%s", kpi_graph_aggregate_name(m->aggregate),
                                     column, src ? " in " : "", src ? src->name : ""));
        const char *filter = kpi_graph_filter_text(a, p, m);
        if (filter) add_line(n, kpi_arena_printf(a, "where %s", filter));
    } else {
        add_line(n, kpi_arena_printf(a, "= %s", kpi_graph_formula_text(a, p, m->formula)));
    }
    if (m->unit && *m->unit) add_line(n, kpi_arena_printf(a, "unit: %s", m->unit));
}

kpi_graph *kpi_graph_build(kpi_arena *arena, const kpi_program *program)
{
    kpi_graph *g = KPI_NEW(arena, kpi_graph);
    graph_builder b = {arena, program, g, 0};
    const char *path = program->spec_path ? program->spec_path : "goals.kpi";
    const char *slash = strrchr(path, '/');
    g->title = slash ? slash + 1 : path;
    g->node_count = program->goal_count + program->metric_count;
    g->nodes = KPI_NEW_ARRAY(arena, kpi_graph_node, g->node_count ? g->node_count : 1);

    for (uint32_t i = 0; i < program->goal_count; i++) {
        kpi_graph_node *n = goal_node(g, i);
        n->kind = KPI_GRAPH_GOAL;
        n->index = i;
        n->id = kpi_arena_printf(arena, "g%u", i);
        n->parent = program->goals[i].parent;
        describe_goal(&b, n, &program->goals[i]);
    }
    for (uint32_t i = 0; i < program->metric_count; i++) {
        const kpi_prog_metric *m = &program->metrics[i];
        kpi_graph_node *n = metric_node(g, program, i);
        n->kind = m->is_base ? KPI_GRAPH_BASE_METRIC : KPI_GRAPH_DERIVED_METRIC;
        n->index = i;
        n->id = kpi_arena_printf(arena, "m%u", i);
        n->parent = -1;
        describe_metric(&b, n, m);
    }

    /* Goals first, top-down, so a reader sees the tree before the arithmetic. */
    for (uint32_t i = 0; i < program->goal_count; i++) {
        const kpi_prog_goal *goal = &program->goals[i];
        if (goal->parent >= 0 && (uint32_t)goal->parent < program->goal_count)
            add_edge(&b, KPI_GRAPH_DRIVES, goal_node(g, i), goal_node(g, (uint32_t)goal->parent),
                     "drives");
    }
    for (uint32_t i = 0; i < program->goal_count; i++) {
        const kpi_prog_goal *goal = &program->goals[i];
        if (goal->metric < program->metric_count)
            add_edge(&b, KPI_GRAPH_MEASURES, goal_node(g, i),
                     metric_node(g, program, goal->metric), "");
    }
    for (uint32_t i = 0; i < program->metric_count; i++) {
        const kpi_prog_metric *m = &program->metrics[i];
        if (!m->is_base) add_formula_edges(&b, metric_node(g, program, i), m->formula, "+");
    }
    return g;
}

int kpi_graph_format_parse(const char *name, kpi_graph_format *out)
{
    if (strcmp(name, "dot") == 0 || strcmp(name, "graphviz") == 0) *out = KPI_GRAPH_DOT;
    else if (strcmp(name, "mermaid") == 0) *out = KPI_GRAPH_MERMAID;
    else if (strcmp(name, "text") == 0) *out = KPI_GRAPH_TEXT;
    else return -1;
    return 0;
}

int kpi_graph_write(kpi_arena *arena, const kpi_program *program, kpi_graph_format format,
                    FILE *out)
{
    const kpi_graph *g = kpi_graph_build(arena, program);
    if (format == KPI_GRAPH_MERMAID) kpi_graph_write_mermaid(g, out);
    else if (format == KPI_GRAPH_TEXT) kpi_graph_write_tree(g, out);
    else kpi_graph_write_dot(g, out);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
