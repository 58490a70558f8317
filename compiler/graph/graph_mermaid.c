/*
** graph_mermaid.c: the metric and driver tree as a Mermaid flowchart.
**
** Mermaid reads labels between double quotes and decodes "#NN;" codes, so
** every character that could end a label, start a comment or be read as
** markup or a line break (" # < > & | ` \) is written as its decimal code;
** the text stays readable in the source and renders exactly as written.
** Shapes match the DOT output: goals are rounded boxes, base metrics
** stadiums, derived metrics hexagons; "measures" edges are dotted.
*/
#include "graph.h"
#include "kpirt.h"

static void mermaid_text(FILE *out, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
        case '#':
        case '<':
        case '>':
        case '&':
        case '|':
        case '`':
        case '\\': fprintf(out, "#%d;", *p); break;
        default: fputc(kpirt_is_control_byte(*p) ? ' ' : *p, out);
        }
    }
}

static void mermaid_label(FILE *out, const kpi_graph_node *n) {
    fputc('"', out);
    for (uint32_t i = 0; i < n->line_count; i++) {
        if (i) fputs("<br/>", out);
        mermaid_text(out, n->lines[i]);
    }
    fputc('"', out);
}

static void shape_open_close(const kpi_graph_node *n, const char **open, const char **close) {
    switch (n->kind) {
    case KPI_GRAPH_GOAL:
        *open = "(";
        *close = ")";
        return;
    case KPI_GRAPH_BASE_METRIC:
        *open = "([";
        *close = "])";
        return;
    case KPI_GRAPH_DERIVED_METRIC:
        *open = "{{";
        *close = "}}";
        return;
    }
}

static void class_line(FILE *out, const kpi_graph *g, const char *cls, int kind, int top) {
    bool first = true;
    for (uint32_t i = 0; i < g->node_count; i++) {
        const kpi_graph_node *n = &g->nodes[i];
        if ((int)n->kind != kind) continue;
        if (top >= 0 && (n->parent < 0) != (top == 1)) continue;
        fprintf(out, first ? "  class %s" : ",%s", n->id);
        first = false;
    }
    if (!first) fprintf(out, " %s;\n", cls);
}

void kpi_graph_write_mermaid(const kpi_graph *graph, FILE *out) {
    fputs("%% kpic graph: ", out);
    mermaid_text(out, graph->title);
    fputs("\nflowchart LR\n", out);
    for (uint32_t i = 0; i < graph->node_count; i++) {
        const kpi_graph_node *n = &graph->nodes[i];
        const char *open = "[", *close = "]";
        shape_open_close(n, &open, &close);
        fprintf(out, "  %s%s", n->id, open);
        mermaid_label(out, n);
        fprintf(out, "%s\n", close);
    }
    for (uint32_t i = 0; i < graph->edge_count; i++) {
        const kpi_graph_edge *e = &graph->edges[i];
        const char *arrow = e->kind == KPI_GRAPH_MEASURES || e->kind == KPI_GRAPH_LINK ? "-.->"
                            : e->kind == KPI_GRAPH_DRIVES                              ? "==>"
                                                                                       : "-->";
        fprintf(out, "  %s %s", e->from->id, arrow);
        if (*e->label) {
            fputs("|\"", out);
            mermaid_text(out, e->label);
            fputs("\"|", out);
        }
        fprintf(out, " %s\n", e->to->id);
    }
    fputs("  classDef goal fill:#dbe8fb,stroke:#2f5d9e,stroke-width:2px;\n"
          "  classDef driver fill:#eef4fd,stroke:#2f5d9e;\n"
          "  classDef base fill:#f1f1f1,stroke:#666666;\n"
          "  classDef derived fill:#fdf1d8,stroke:#9a6b00;\n",
          out);
    class_line(out, graph, "goal", KPI_GRAPH_GOAL, 1);
    class_line(out, graph, "driver", KPI_GRAPH_GOAL, 0);
    class_line(out, graph, "base", KPI_GRAPH_BASE_METRIC, -1);
    class_line(out, graph, "derived", KPI_GRAPH_DERIVED_METRIC, -1);
}
