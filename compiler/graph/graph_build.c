/*
** graph_build.c: a checked program to the neutral graph the writers print.
**
** Nodes: every goal (driver sub-goals included) in the program's order, then
** every metric in the order a reader meets them (see place_metric). Edges:
** driver goal -> parent goal ("drives"), goal -> its metric, each metric
** a formula reads -> the derived metric, and `link A to B` as A -> B ("link").
** A formula
** edge is labelled with the operator its operand enters with, read as a signed
** term: in `profit = revenue - costs` revenue enters with "+" and costs with
** "-"; in `conversion = orders / visitors` orders with "*" and visitors with
** "/". A metric used twice in one formula gets one edge with both labels.
*/
#include <string.h>

#include "graph.h"

typedef struct graph_builder {
    kpi_arena *arena;
    const kpi_program *program;
    kpi_graph *graph;
    uint32_t edge_capacity;
    uint32_t *metric_slot;  /* metric index -> position among the metric nodes */
    uint32_t *metric_order; /* position -> metric index */
    uint32_t placed;
} graph_builder;

static kpi_graph_node *goal_node(const kpi_graph *g, uint32_t goal) {
    return &g->nodes[goal];
}

static kpi_graph_node *metric_node(const graph_builder *b, uint32_t metric) {
    return &b->graph->nodes[b->program->goal_count + b->metric_slot[metric]];
}

/*
** Metric nodes are numbered in the order a reader meets them: each goal's
** metric, then the operands of its formula, depth first, left to right;
** metrics no goal reaches come last, by name. This keeps the output
** the same whatever order semantic analysis stores metrics in. The walk uses
** an explicit stack, so a long chain of formulas cannot overflow the C stack.
*/
static void place_metric(graph_builder *b, uint32_t first) {
    const kpi_program *p = b->program;
    if (first >= p->metric_count || b->metric_slot[first] != UINT32_MAX) return;
    kpi_prog_expr **stack = KPI_NEW_ARRAY(b->arena, kpi_prog_expr *, 64);
    uint32_t depth = 0, cap = 64;
    b->metric_slot[first] = b->placed;
    b->metric_order[b->placed++] = first;
    if (!p->metrics[first].is_base && p->metrics[first].formula) stack[depth++] = p->metrics[first].formula;
    while (depth > 0) {
        kpi_prog_expr *e = stack[--depth];
        if (e->kind == KPI_PE_METRIC) {
            uint32_t m = e->metric;
            if (m >= p->metric_count || b->metric_slot[m] != UINT32_MAX) continue;
            b->metric_slot[m] = b->placed;
            b->metric_order[b->placed++] = m;
            if (!p->metrics[m].is_base && p->metrics[m].formula) e = p->metrics[m].formula;
            else continue;
        }
        if (depth + 2 > cap) {
            kpi_prog_expr **grown = KPI_NEW_ARRAY(b->arena, kpi_prog_expr *, cap * 2);
            memcpy(grown, stack, sizeof *stack * depth);
            stack = grown;
            cap *= 2;
        }
        /* right pushed first so the left operand is placed first */
        if (e->kind != KPI_PE_NUMBER && e->kind != KPI_PE_METRIC) {
            if (e->rhs) stack[depth++] = e->rhs;
            if (e->lhs) stack[depth++] = e->lhs;
        } else if (e->kind == KPI_PE_METRIC) {
            stack[depth++] = e;
        }
    }
}

static void add_edge(graph_builder *b, kpi_graph_edge_kind kind, const kpi_graph_node *from,
                     const kpi_graph_node *to, const char *label) {
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
static void add_formula_edges(graph_builder *b, const kpi_graph_node *derived, const kpi_prog_expr *e,
                              const char *role) {
    if (!e) return;
    switch (e->kind) {
    case KPI_PE_NUMBER: return;
    case KPI_PE_METRIC:
        if (e->metric < b->program->metric_count)
            add_edge(b, KPI_GRAPH_FORMULA, metric_node(b, e->metric), derived, role);
        return;
    case KPI_PE_NEG: add_formula_edges(b, derived, e->lhs, "-"); return;
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

static void add_line(kpi_graph_node *n, const char *text) {
    if (text && *text && n->line_count < KPI_GRAPH_MAX_LINES) n->lines[n->line_count++] = text;
}

static void describe_goal(graph_builder *b, kpi_graph_node *n, const kpi_prog_goal *goal) {
    kpi_arena *a = b->arena;
    add_line(n, goal->title && *goal->title ? goal->title : goal->name);
    add_line(n, kpi_prog_statement_text(a, b->program, goal));
    if (goal->owner && *goal->owner) add_line(n, kpi_arena_printf(a, "owner: %s", goal->owner));
    if (goal->start != KPIRT_NO_DAY || goal->deadline != KPIRT_NO_DAY)
        add_line(n, kpi_arena_printf(a, "%s to %s", kpi_prog_day_text(a, goal->start),
                                     kpi_prog_day_text(a, goal->deadline)));
}

static void describe_metric(graph_builder *b, kpi_graph_node *n, const kpi_prog_metric *m) {
    kpi_arena *a = b->arena;
    const kpi_program *p = b->program;
    add_line(n, m->name);
    if (m->title && *m->title && strcmp(m->title, m->name) != 0) add_line(n, m->title);
    if (m->is_base) {
        const kpi_prog_source *src = m->source < p->source_count ? &p->sources[m->source] : NULL;
        const char *column = src && m->value_column < src->column_count ? src->columns[m->value_column] : "?";
        add_line(n, kpi_arena_printf(a, "%s of \"%s\"%s%s", kpi_prog_aggregate_name(m->aggregate), column,
                                     src ? " in " : "", src ? src->name : ""));
        const char *filter = kpi_prog_filter_text(a, p, m);
        if (filter) add_line(n, kpi_arena_printf(a, "where %s", filter));
    } else {
        add_line(n, kpi_arena_printf(a, "= %s", kpi_prog_formula_text(a, p, m->formula)));
    }
    if (m->unit && *m->unit) add_line(n, kpi_arena_printf(a, "unit: %s", m->unit));
}

kpi_graph *kpi_graph_build(kpi_arena *arena, const kpi_program *program) {
    kpi_graph *g = KPI_NEW(arena, kpi_graph);
    graph_builder b = {.arena = arena, .program = program, .graph = g};
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
    uint32_t metrics = program->metric_count ? program->metric_count : 1;
    b.metric_slot = KPI_NEW_ARRAY(arena, uint32_t, metrics);
    b.metric_order = KPI_NEW_ARRAY(arena, uint32_t, metrics);
    for (uint32_t i = 0; i < program->metric_count; i++) b.metric_slot[i] = UINT32_MAX;
    for (uint32_t i = 0; i < program->goal_count; i++) place_metric(&b, program->goals[i].metric);
    /* Metrics no goal reaches (sema normally drops them) follow by name. */
    for (;;) {
        uint32_t next = UINT32_MAX;
        for (uint32_t i = 0; i < program->metric_count; i++)
            if (b.metric_slot[i] == UINT32_MAX &&
                (next == UINT32_MAX || strcmp(program->metrics[i].name, program->metrics[next].name) < 0))
                next = i;
        if (next == UINT32_MAX) break;
        place_metric(&b, next);
    }
    for (uint32_t slot = 0; slot < program->metric_count; slot++) {
        uint32_t i = b.metric_order[slot];
        const kpi_prog_metric *m = &program->metrics[i];
        kpi_graph_node *n = &g->nodes[program->goal_count + slot];
        n->kind = m->is_base ? KPI_GRAPH_BASE_METRIC : KPI_GRAPH_DERIVED_METRIC;
        n->index = i;
        n->id = kpi_arena_printf(arena, "m%u", slot);
        n->parent = -1;
        describe_metric(&b, n, m);
    }

    /* Goals first, top-down, so a reader sees the tree before the arithmetic. */
    for (uint32_t i = 0; i < program->goal_count; i++) {
        const kpi_prog_goal *goal = &program->goals[i];
        if (goal->parent >= 0 && (uint32_t)goal->parent < program->goal_count)
            add_edge(&b, KPI_GRAPH_DRIVES, goal_node(g, i), goal_node(g, (uint32_t)goal->parent), "drives");
    }
    for (uint32_t i = 0; i < program->goal_count; i++) {
        const kpi_prog_goal *goal = &program->goals[i];
        if (goal->metric < program->metric_count)
            add_edge(&b, KPI_GRAPH_MEASURES, goal_node(g, i), metric_node(&b, goal->metric), "");
    }
    for (uint32_t slot = 0; slot < program->metric_count; slot++) {
        const kpi_prog_metric *m = &program->metrics[b.metric_order[slot]];
        if (!m->is_base) add_formula_edges(&b, metric_node(&b, b.metric_order[slot]), m->formula, "+");
    }
    for (uint32_t i = 0; i < program->link_count; i++) {
        const kpi_prog_link *l = &program->links[i];
        if (l->from < program->metric_count && l->to < program->metric_count)
            add_edge(&b, KPI_GRAPH_LINK, metric_node(&b, l->from), metric_node(&b, l->to), "link");
    }
    return g;
}

int kpi_graph_format_parse(const char *name, kpi_graph_format *out) {
    if (strcmp(name, "dot") == 0 || strcmp(name, "graphviz") == 0) *out = KPI_GRAPH_DOT;
    else if (strcmp(name, "mermaid") == 0) *out = KPI_GRAPH_MERMAID;
    else if (strcmp(name, "text") == 0) *out = KPI_GRAPH_TEXT;
    else return -1;
    return 0;
}

int kpi_graph_write(kpi_arena *arena, const kpi_program *program, kpi_graph_format format, FILE *out) {
    const kpi_graph *g = kpi_graph_build(arena, program);
    if (format == KPI_GRAPH_MERMAID) kpi_graph_write_mermaid(g, out);
    else if (format == KPI_GRAPH_TEXT) kpi_graph_write_tree(g, out);
    else kpi_graph_write_dot(g, out);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
