/*
** diff.h: what a change does to the goals, for `kpic diff` (docs/reviewing.md).
**
** Two versions of a goal file are compared as checked programs (program.h),
** never as text: a reformatted file, a moved comment or a metric written
** with other spaces makes no change, and a moved deadline is a moved
** deadline whatever the line it is on. Goals are matched by name, then by
** metric (a rename); drivers by their path under the matched goal. A target
** is judged in the goal's own direction with libkpirt's target rule: a change
** that asks less of a goal (a weaker target, a later deadline, a looser
** tolerance, a baseline that lowers a relative target) weakens it. A metric
** or source whose definition changed is reported once, with the goals it
** reaches. The module sees only the checked program, never the AST nor LLVM.
*/
#ifndef KPI_DIFF_H
#define KPI_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "program/program.h"
#include "support/arena.h"

/* id, the name JSON and --fail-on use, the words text and Markdown use. */
#define KPI_DIFF_KINDS(X)                                                    \
    X(GOAL_ADDED, "goal_added", "goal added")                                \
    X(GOAL_REMOVED, "goal_removed", "goal removed")                          \
    X(GOAL_RENAMED, "goal_renamed", "renamed")                               \
    X(TITLE_CHANGED, "title_changed", "title changed")                       \
    X(TARGET_WEAKENED, "target_weakened", "target weakened")                 \
    X(TARGET_STRENGTHENED, "target_strengthened", "target strengthened")     \
    X(TARGET_CHANGED, "target_changed", "target changed")                    \
    X(GOAL_METRIC_CHANGED, "goal_metric_changed", "measures another metric") \
    X(SEGMENT_CHANGED, "segment_changed", "segment changed")                 \
    X(DEADLINE_EARLIER, "deadline_earlier", "deadline moved earlier")        \
    X(DEADLINE_LATER, "deadline_later", "deadline moved later")              \
    X(START_EARLIER, "start_earlier", "start moved earlier")                 \
    X(START_LATER, "start_later", "start moved later")                       \
    X(OWNER_CHANGED, "owner_changed", "owner changed")                       \
    X(REVIEW_CHANGED, "review_changed", "review changed")                    \
    X(BASELINE_CHANGED, "baseline_changed", "baseline changed")              \
    X(TOLERANCE_CHANGED, "tolerance_changed", "tolerance changed")           \
    X(BUDGET_CHANGED, "budget_changed", "budget changed")                    \
    X(DRIVER_ADDED, "driver_added", "driver added")                          \
    X(DRIVER_REMOVED, "driver_removed", "driver removed")                    \
    X(METRIC_CHANGED, "metric_changed", "metric definition changed")         \
    X(SOURCE_CHANGED, "source_changed", "data source changed")

typedef enum kpi_diff_kind {
#define X(id, name, words) KPI_DIFF_##id,
    KPI_DIFF_KINDS(X)
#undef X
        KPI_DIFF_KIND_COUNT
} kpi_diff_kind;

/* What a change does to how hard the goal is to meet. */
typedef enum kpi_diff_effect { KPI_DIFF_NEUTRAL, KPI_DIFF_WEAKENS, KPI_DIFF_STRENGTHENS } kpi_diff_effect;

typedef struct kpi_diff_change {
    kpi_diff_kind kind;
    kpi_diff_effect effect;
    const char *subject;        /* the goal or driver (its new name; the old one when removed),
                                     or the metric or source whose definition changed */
    const char *before, *after; /* the values in words; NULL when a side has none */
    const char **goals;         /* METRIC_CHANGED, SOURCE_CHANGED: the goals it reaches */
    uint32_t goal_count;
} kpi_diff_change;

typedef struct kpi_diff {
    kpi_diff_change *changes; /* goals in the new file's order, then removed goals,
                                     then metrics and sources */
    uint32_t count, cap;
} kpi_diff;

/* The changes from old to new; either may be NULL (the file does not exist on that side). */
void kpi_diff_compute(kpi_arena *arena, const kpi_program *old, const kpi_program *new_, kpi_diff *out);

/* Whether any change weakens a goal; whether any removes one. */
bool kpi_diff_weakens(const kpi_diff *diff);
bool kpi_diff_removes(const kpi_diff *diff);

const char *kpi_diff_kind_name(kpi_diff_kind kind);       /* "target_weakened" */
const char *kpi_diff_kind_words(kpi_diff_kind kind);      /* "target weakened" */
const char *kpi_diff_effect_name(kpi_diff_effect effect); /* "neutral", "weakens", "strengthens" */

/* One compared file: label names it ("goals.kpi", "goals.kpi (main..working tree)"). */
typedef struct kpi_diff_file {
    const char *label;
    kpi_diff diff;
} kpi_diff_file;

/*
** The writers (diff_render.c). Text is one line per change, for people and
** grep; Markdown is a table per file for a pull-request comment; JSON is one
** document for all the files (docs/reviewing.md). Each returns 0, or -1 on a
** write error.
*/
int kpi_diff_write_text(const kpi_diff_file *file, FILE *out);
int kpi_diff_write_markdown(const kpi_diff_file *file, FILE *out);
int kpi_diff_write_json(const kpi_diff_file *files, uint32_t count, FILE *out);

#endif
