/*
** graph_tree.c: the metric and driver tree as indented text, for a terminal.
**
** Each top-level goal starts a tree. Under a goal come the metric it measures
** and then its driver goals; under a derived metric come the metrics its
** formula reads, each prefixed with the operator it enters with ([+] revenue,
** [-] costs), and after them the metrics a `link` declares as driving it
** ("linked from visitors", named only). A node prints its label lines
** joined by " · ". Metrics shared
** by several goals are printed under each of them, so every tree reads on its
** own. Box-drawing characters draw the branches; the output is otherwise
** plain text.
*/
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "kpirt.h"

#define MAX_DEPTH 64

typedef struct tree_printer {
    const kpi_graph *graph;
    FILE *out;
    char prefix[MAX_DEPTH * 8]; /* the branch columns of the ancestors */
} tree_printer;

/* The children of a node, in edge order: what it measures, then what drives it, then operands. */
static uint32_t children(const kpi_graph *g, const kpi_graph_node *n, const kpi_graph_edge **out,
                         uint32_t cap) {
    uint32_t count = 0;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < g->edge_count && count < cap; i++) {
            const kpi_graph_edge *e = &g->edges[i];
            bool measured = pass == 0 && e->kind == KPI_GRAPH_MEASURES && e->from == n;
            bool incoming = pass == 1 && e->kind != KPI_GRAPH_MEASURES && e->to == n;
            if (measured || incoming) out[count++] = e;
        }
    return count;
}

static void node_text(FILE *out, const kpi_graph_node *n) {
    for (uint32_t i = 0; i < n->line_count; i++) {
        if (i) fputs(" · ", out);
        for (const unsigned char *p = (const unsigned char *)n->lines[i]; *p; p++)
            fputc(kpirt_is_control_byte(*p) ? ' ' : *p, out);
    }
}

static void print_children(tree_printer *t, const kpi_graph_node *n, int depth) {
    const kpi_graph *g = t->graph;
    const kpi_graph_edge **kids = malloc(sizeof *kids * (g->edge_count + 1));
    if (!kids) return;
    uint32_t count = children(g, n, kids, g->edge_count + 1);
    size_t prefix_len = strlen(t->prefix);
    for (uint32_t i = 0; i < count; i++) {
        const kpi_graph_edge *e = kids[i];
        const kpi_graph_node *child = e->kind == KPI_GRAPH_MEASURES ? e->to : e->from;
        bool last = i + 1 == count;
        fprintf(t->out, "%s%s", t->prefix, last ? "└── " : "├── ");
        switch (e->kind) {
        case KPI_GRAPH_MEASURES: fputs("metric ", t->out); break;
        case KPI_GRAPH_DRIVES: fputs("driver ", t->out); break;
        case KPI_GRAPH_FORMULA: fprintf(t->out, "[%s] ", e->label); break;
        case KPI_GRAPH_LINK: fputs("linked from ", t->out); break;
        }
        /* a linked metric is named, not expanded: links may run in a circle */
        if (e->kind == KPI_GRAPH_LINK) {
            fputs(child->lines[0] ? child->lines[0] : child->id, t->out);
            fputc('\n', t->out);
            continue;
        }
        node_text(t->out, child);
        fputc('\n', t->out);
        if (depth + 1 < MAX_DEPTH && prefix_len + 8 < sizeof t->prefix) {
            strcpy(t->prefix + prefix_len, last ? "    " : "│   ");
            print_children(t, child, depth + 1);
            t->prefix[prefix_len] = '\0';
        }
    }
    free(kids);
}

void kpi_graph_write_tree(const kpi_graph *graph, FILE *out) {
    tree_printer t = {graph, out, ""};
    fprintf(out, "%s\n", graph->title);
    for (uint32_t i = 0; i < graph->node_count; i++) {
        const kpi_graph_node *n = &graph->nodes[i];
        if (n->kind != KPI_GRAPH_GOAL || n->parent >= 0) continue;
        fputs("\ngoal ", out);
        node_text(out, n);
        fputc('\n', out);
        print_children(&t, n, 0);
    }
}
