/*
** diff_internal.h: what the files of the diff module share. Not part of its
** interface (diff.h).
*/
#ifndef KPI_DIFF_INTERNAL_H
#define KPI_DIFF_INTERNAL_H

#include "diff.h"

typedef struct differ {
    kpi_arena *arena;
    const kpi_program *old, *new_;
    kpi_diff *out;
    int32_t *match;      /* new goal index -> old goal index, -1: none */
    int32_t *old_to_new; /* the other way */
    bool *old_matched;
    uint32_t *first_change, *end_change; /* per new goal: its changes in out, once compared */
} differ;

/* Names sorted for lookup: fill sorted[i] = {name, index} and sort, or insert one by one into
   room made by diff_index_new (count set to 0); then find (-1: not there). */
typedef struct diff_named {
    const char *name;
    uint32_t index;
} diff_named;
typedef struct diff_index {
    diff_named *sorted;
    uint32_t count;
} diff_index;
diff_index diff_index_new(kpi_arena *arena, uint32_t count);
void diff_index_sort(diff_index *ix);
void diff_index_insert(diff_index *ix, const char *name, uint32_t index);
int32_t diff_index_find(const diff_index *ix, const char *name);

kpi_diff_change *diff_add(differ *d, kpi_diff_kind kind, kpi_diff_effect effect, const char *subject,
                          const char *before, const char *after);
const kpi_prog_metric *diff_metric_of(const kpi_program *p, const kpi_prog_goal *g);

/* Metrics and sources whose definition changed, with the goals they reach (diff_metrics.c). */
void diff_compare_definitions(differ *d);

#endif
