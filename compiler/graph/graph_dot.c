/*
** graph_dot.c: the metric and driver tree as Graphviz DOT.
**
** Every identifier is a generated id ("g0", "m3") and every label a quoted
** string with `"` and `\` escaped and `&` written as `&amp;` (Graphviz
** decodes HTML entities in labels), so titles can hold any text without
** breaking the graph or being read as a DOT escape such as \N or \l.
** Control characters become spaces. Shapes say what a node is without
** colour: goals are boxes (top-level goals drawn bold), base metrics
** ellipses, derived metrics hexagons; "measures" edges are dashed.
*/
#include "graph.h"
#include "kpirt.h"

/* The inside of a quoted DOT string. */
static void dot_text(FILE *out, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fputc('\\', out), fputc(*p, out);
        else if (*p == '&') fputs("&amp;", out); /* Graphviz decodes entities */
        else if (kpirt_is_control_byte(*p)) fputc(' ', out);
        else fputc(*p, out);
    }
}

static void dot_string(FILE *out, const char *s) {
    fputc('"', out);
    dot_text(out, s);
    fputc('"', out);
}

static void dot_label(FILE *out, const kpi_graph_node *n) {
    fputc('"', out);
    for (uint32_t i = 0; i < n->line_count; i++) {
        if (i) fputs("\\n", out);
        dot_text(out, n->lines[i]);
    }
    fputc('"', out);
}

static const char *node_style(const kpi_graph_node *n) {
    switch (n->kind) {
    case KPI_GRAPH_GOAL:
        return n->parent < 0 ? "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#dbe8fb\""
                             : "shape=box, style=\"rounded,filled\", fillcolor=\"#eef4fd\"";
    case KPI_GRAPH_BASE_METRIC: return "shape=ellipse, style=filled, fillcolor=\"#f1f1f1\"";
    case KPI_GRAPH_DERIVED_METRIC: return "shape=hexagon, style=filled, fillcolor=\"#fdf1d8\"";
    }
    return "";
}

static const char *edge_style(kpi_graph_edge_kind kind) {
    switch (kind) {
    case KPI_GRAPH_DRIVES: return "penwidth=2";
    case KPI_GRAPH_MEASURES: return "style=dashed, arrowhead=open";
    case KPI_GRAPH_FORMULA: return "color=\"#555555\"";
    case KPI_GRAPH_LINK: return "style=dotted, color=\"#555555\"";
    }
    return "";
}

void kpi_graph_write_dot(const kpi_graph *graph, FILE *out) {
    fputs("// kpic graph: ", out);
    dot_text(out, graph->title);
    fputs("\n// goals (boxes), metrics (ellipses), derived metrics (hexagons);\n"
          "// edges: driver -> goal it drives, goal -> its metric (dashed), operand -> formula,\n"
          "// metric -> metric it is declared to drive (dotted, \"link\")\n",
          out);
    fputs("digraph ", out);
    dot_string(out, graph->title);
    fputs(" {\n"
          "  rankdir=LR;\n"
          "  node [fontname=\"Helvetica\", fontsize=11];\n"
          "  edge [fontname=\"Helvetica\", fontsize=10];\n",
          out);
    for (uint32_t i = 0; i < graph->node_count; i++) {
        const kpi_graph_node *n = &graph->nodes[i];
        fprintf(out, "  %s [label=", n->id);
        dot_label(out, n);
        fprintf(out, ", %s];\n", node_style(n));
    }
    for (uint32_t i = 0; i < graph->edge_count; i++) {
        const kpi_graph_edge *e = &graph->edges[i];
        fprintf(out, "  %s -> %s [", e->from->id, e->to->id);
        if (*e->label) {
            fputs("label=", out);
            dot_string(out, e->label);
            fputs(", ", out);
        }
        fprintf(out, "%s];\n", edge_style(e->kind));
    }
    fputs("}\n", out);
}
