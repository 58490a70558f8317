/*
** graph_internal.h: text helpers shared by the graph builder and its tests.
** Not part of the graph module's interface (graph.h).
*/
#ifndef KPI_GRAPH_INTERNAL_H
#define KPI_GRAPH_INTERNAL_H

#include "graph.h"

const char *kpi_graph_number_text(kpi_arena *arena, double value);
/* The metric's `where` filter in source syntax, NULL without one. */
const char *kpi_graph_filter_text(kpi_arena *arena, const kpi_program *program,
                                  const kpi_prog_metric *metric);
/* A value in the metric's display unit ("3.5%", "1200000 EUR", "42"). */
const char *kpi_graph_quantity_text(kpi_arena *arena, const kpi_prog_metric *metric, double value);
/* "raise profit 20%", "keep bounce_rate below 40%". */
const char *kpi_graph_statement_text(kpi_arena *arena, const kpi_program *program,
                                     const kpi_prog_goal *goal);
const char *kpi_graph_aggregate_name(kpirt_aggregate aggregate);

#endif
