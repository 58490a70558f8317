/*
** cg_segment.c: the segments of the descriptor (kpirt_segment_desc).
**
** A `where country = "Nl"` or a goal's `for channel = "seo"` whose text no
** row holds leaves its metric without data, which reads like an answer. The
** evaluator warns about it, naming the value, the metric (the one the spec
** declares with the `where`, not its filtered copy) and the goals judged on
** it. This file lists, once each, the texts the base metrics' filters ask a
** column to hold: through `and` and `or`; not under `not`, `!=` or `not
** in`, whose texts the rows must not hold; not the values of an `in` list
** longer than SEGMENT_IN_MAX, which is generated rather than typed and would
** cost the evaluator memory per value. Each comes with the first metric
** that asks for it and every goal whose metric reads one of those metrics,
** directly or through a formula.
*/
#include <stdint.h>
#include <string.h>

#include "cg_internal.h"

/* The longest `in` list whose values are checked one by one. */
#define SEGMENT_IN_MAX 64

typedef struct segment {
    uint32_t source, column, metric; /* metric: the descriptor's, a base metric until named */
    const char *value;
    uint32_t *goals;
    uint32_t goal_count;
} segment;

typedef struct segment_list {
    segment *items;
    uint32_t count, cap;
    kpi_strmap index; /* "source:column:value" -> index + 1 */
} segment_list;

/* The index of the segment (source, column, value), added when new. */
static uint32_t segment_index(kpi_cg_module *m, segment_list *l, uint32_t metric, uint32_t column,
                              const char *value) {
    uint32_t source = m->program->metrics[metric].source;
    const char *key = kpi_arena_printf(&m->arena, "%u:%u:%s", source, column, value);
    uintptr_t known = (uintptr_t)kpi_strmap_get(&l->index, key, strlen(key));
    if (known) return (uint32_t)(known - 1);
    kpi_strmap_put(&l->index, key, strlen(key), (void *)(uintptr_t)(l->count + 1));
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        segment *items = KPI_NEW_ARRAY(&m->arena, segment, l->cap);
        if (l->count) memcpy(items, l->items, l->count * sizeof *items);
        l->items = items;
    }
    l->items[l->count] = (segment){.source = source,
                                   .column = column,
                                   .metric = metric,
                                   .value = value,
                                   .goals = KPI_NEW_ARRAY(&m->arena, uint32_t, m->program->goal_count + 1)};
    return l->count++;
}

static void add(kpi_cg_module *m, segment_list *l, uint32_t metric, uint32_t column, const char *value,
                int64_t goal) {
    segment *s = &l->items[segment_index(m, l, metric, column, value)];
    if (goal >= 0 && (s->goal_count == 0 || s->goals[s->goal_count - 1] != (uint32_t)goal))
        s->goals[s->goal_count++] = (uint32_t)goal;
}

/* The texts filter f asks its columns to hold, for goal (or -1: none, listing only). */
static void collect(kpi_cg_module *m, segment_list *l, uint32_t metric, const kpi_prog_filter *f,
                    int64_t goal) {
    if (!f) return;
    switch (f->kind) {
    case KPI_PF_TEXT_CMP:
        if (f->op == KPI_PCMP_EQ) add(m, l, metric, f->column, f->text, goal);
        return;
    case KPI_PF_IN:
        if (!f->negated && f->text_count <= SEGMENT_IN_MAX)
            for (uint32_t i = 0; i < f->text_count; i++) add(m, l, metric, f->column, f->texts[i], goal);
        return;
    case KPI_PF_AND:
    case KPI_PF_OR:
        collect(m, l, metric, f->lhs, goal);
        collect(m, l, metric, f->rhs, goal);
        return;
    case KPI_PF_NUM_CMP:
    case KPI_PF_NOT: return;
    }
}

/* Marks in reads[] the metrics metric reads, itself included. */
static void mark_reads(const kpi_program *p, uint32_t metric, bool *reads);

static void mark_expr(const kpi_program *p, const kpi_prog_expr *e, bool *reads) {
    if (!e) return;
    if (e->kind == KPI_PE_METRIC) mark_reads(p, e->metric, reads);
    mark_expr(p, e->lhs, reads);
    mark_expr(p, e->rhs, reads);
}

static void mark_reads(const kpi_program *p, uint32_t metric, bool *reads) {
    if (metric >= p->metric_count || reads[metric]) return;
    reads[metric] = true;
    if (!p->metrics[metric].is_base) mark_expr(p, p->metrics[metric].formula, reads);
}

LLVMValueRef kpi_cg_segments(kpi_cg_module *m, uint32_t *count) {
    const kpi_program *p = m->program;
    segment_list l = {0};
    kpi_strmap_init(&l.index, &m->arena);
    /* in metric order first, so that a segment names the first metric that asks for it */
    for (uint32_t i = 0; i < p->metric_count; i++)
        if (p->metrics[i].is_base) collect(m, &l, i, p->metrics[i].filter, -1);
    bool *reads = KPI_NEW_ARRAY(&m->arena, bool, p->metric_count + 1);
    for (uint32_t g = 0; g < p->goal_count; g++) {
        memset(reads, 0, (p->metric_count + 1) * sizeof *reads);
        mark_reads(p, p->goals[g].metric, reads);
        for (uint32_t i = 0; i < p->metric_count; i++)
            if (reads[i] && p->metrics[i].is_base) collect(m, &l, i, p->metrics[i].filter, g);
    }
    /* `metric nl_revenue = revenue where country = "NL"` names its filtered copy: say nl_revenue */
    for (uint32_t i = 0; i < l.count; i++)
        for (uint32_t k = 0; k < p->metric_count; k++) {
            const kpi_prog_expr *f = p->metrics[k].formula;
            if (p->metrics[k].is_base || !f || f->kind != KPI_PE_METRIC || f->metric != l.items[i].metric)
                continue;
            l.items[i].metric = k;
            break;
        }
    LLVMValueRef *items = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, l.count + 1);
    for (uint32_t i = 0; i < l.count; i++) {
        const segment *s = &l.items[i];
        LLVMValueRef *goals = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, s->goal_count + 1);
        for (uint32_t k = 0; k < s->goal_count; k++) goals[k] = kpi_cg_i32(m, s->goals[k]);
        LLVMValueRef fields[] = {
            kpi_cg_i32(m, s->source),
            kpi_cg_i32(m, s->column),
            kpi_cg_cstring(m, s->value),
            kpi_cg_i32(m, s->metric),
            kpi_cg_i32(m, s->goal_count),
            kpi_cg_global_array(m, m->t_i32, goals, s->goal_count,
                                kpi_arena_printf(&m->arena, "kpi.segment.goals.%u", i)),
        };
        items[i] = LLVMConstNamedStruct(m->t_segment_desc, fields, sizeof fields / sizeof *fields);
    }
    *count = l.count;
    return kpi_cg_global_array(m, m->t_segment_desc, items, l.count, "kpi.segments");
}
