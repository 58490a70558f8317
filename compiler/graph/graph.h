/*
** graph.h: the metric and driver tree of a checked program, as a picture.
**
** `kpic graph` prints the goals, their driver sub-goals, the metrics they
** measure and the formulas that link derived metrics to the metrics they are
** computed from, as Graphviz DOT or as a Mermaid flowchart, so people can
** paste the tree into documentation or render it. The program is first turned
** into a small neutral graph (nodes with label lines, labelled edges) that
** both writers print; the writers only differ in syntax and escaping.
**
** Edges point the way influence flows: metric -> derived metric (labelled by
** the operator the operand enters with), goal -> the metric it measures,
** driver goal -> the goal it drives, and metric -> metric for a declared
** `link` (labelled "link"). Output depends only on the program, so
** it is byte-for-byte reproducible; metrics are numbered in the order a
** reader meets them from the goals, not in sema's storage order. A third
** writer prints the same graph as an indented text tree for terminals. The
** words on the nodes are the program's own (program.h, kpi_prog_*_text).
*/
#ifndef KPI_GRAPH_H
#define KPI_GRAPH_H

#include <stdint.h>
#include <stdio.h>

#include "program/program.h"
#include "support/arena.h"

typedef enum kpi_graph_format { KPI_GRAPH_DOT, KPI_GRAPH_MERMAID, KPI_GRAPH_TEXT } kpi_graph_format;

typedef enum kpi_graph_node_kind {
    KPI_GRAPH_GOAL,
    KPI_GRAPH_BASE_METRIC,
    KPI_GRAPH_DERIVED_METRIC
} kpi_graph_node_kind;

#define KPI_GRAPH_MAX_LINES 5

typedef struct kpi_graph_node {
    kpi_graph_node_kind kind;
    uint32_t index;                         /* into the program's goals or metrics */
    const char *id;                         /* "g0", "m3": safe in every output syntax */
    const char *lines[KPI_GRAPH_MAX_LINES]; /* label, first line is the name or title */
    uint32_t line_count;
    int32_t parent; /* goals: the goal this one drives, -1 at the top */
} kpi_graph_node;

typedef enum kpi_graph_edge_kind {
    KPI_GRAPH_FORMULA,  /* operand metric -> derived metric */
    KPI_GRAPH_MEASURES, /* goal -> its metric */
    KPI_GRAPH_DRIVES,   /* driver goal -> parent goal */
    KPI_GRAPH_LINK,     /* `link A to B`: metric A -> metric B, declared, without a formula */
} kpi_graph_edge_kind;

typedef struct kpi_graph_edge {
    kpi_graph_edge_kind kind;
    const kpi_graph_node *from, *to;
    const char *label; /* never NULL; "" for no label */
} kpi_graph_edge;

typedef struct kpi_graph {
    const char *title; /* the spec's file name */
    kpi_graph_node *nodes;
    uint32_t node_count; /* goals, then metrics as met */
    kpi_graph_edge *edges;
    uint32_t edge_count;
} kpi_graph;

/* Builds the graph of a program; everything is allocated from arena. */
kpi_graph *kpi_graph_build(kpi_arena *arena, const kpi_program *program);

void kpi_graph_write_dot(const kpi_graph *graph, FILE *out);
void kpi_graph_write_mermaid(const kpi_graph *graph, FILE *out);
/* An indented tree per top-level goal, for a terminal (graph_tree.c). */
void kpi_graph_write_tree(const kpi_graph *graph, FILE *out);

/* Builds and writes in one step. Returns 0, or -1 on a write error. */
int kpi_graph_write(kpi_arena *arena, const kpi_program *program, kpi_graph_format format, FILE *out);

/* Parses "dot", "mermaid" or "text"; returns 0, or -1 for an unknown name. */
int kpi_graph_format_parse(const char *name, kpi_graph_format *out);

#endif
