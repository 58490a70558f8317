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
    int32_t *match;               /* new goal index -> old goal index, -1: none */
    int32_t *old_to_new;          /* the other way */
    bool *old_matched;
} differ;

kpi_diff_change *diff_add(differ *d, kpi_diff_kind kind, kpi_diff_effect effect, const char *subject,
                          const char *before, const char *after);
const kpi_prog_metric *diff_metric_of(const kpi_program *p, const kpi_prog_goal *g);

/* Metrics and sources whose definition changed, with the goals they reach (diff_metrics.c). */
void diff_compare_definitions(differ *d);

#endif
