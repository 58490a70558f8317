/*
** diff_metrics.c: metrics and sources whose definition changed (diff.h).
**
** A goal can change without a word of it changing: its metric now sums
** another column, filters other rows, or is computed by another formula, or
** the source reads another file. Each such metric or source is reported once,
** by its name as declared, with its definition before and after in source
** syntax and the goals of the new file that reach it through their formulas.
** A goal's segmented copy of a metric ("conversion[channel=seo]") counts as
** that metric: a segment change itself is the goal's (diff_goals.c).
*/
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "diff_internal.h"

static const kpi_prog_source *source_of(const kpi_program *p, const kpi_prog_metric *m) {
    return m->is_base && m->source < p->source_count ? &p->sources[m->source] : NULL;
}

/* The metric's definition as one comparable line: "sum of \"omzet\" from shop (EUR)", "revenue - costs (EUR)". */
static const char *definition(kpi_arena *a, const kpi_program *p, const kpi_prog_metric *m) {
    const char *unit = m->unit && *m->unit ? m->unit : "number";
    if (!m->is_base) return kpi_arena_printf(a, "%s (%s)", kpi_prog_formula_text(a, p, m->formula), unit);
    const kpi_prog_source *s = source_of(p, m);
    const char *column = s && m->value_column < s->column_count ? s->columns[m->value_column] : "?";
    const char *filter = kpi_prog_filter_text(a, p, m);
    return kpi_arena_printf(a, "%s of \"%s\" from %s%s%s (%s)", kpi_prog_aggregate_name(m->aggregate), column,
                            s ? s->name : "?", filter ? " where " : "", filter ? filter : "", unit);
}

/* The declared name of a lowered metric: "conversion[channel=seo]" -> "conversion". */
static const char *declared_name(kpi_arena *a, const char *name) {
    const char *bracket = strchr(name, '[');
    return bracket ? kpi_arena_strndup(a, name, (size_t)(bracket - name)) : name;
}

/* Which metrics reach what hit matches, through their formulas; each metric is walked once. */
typedef struct reach {
    const kpi_program *p;
    bool (*hit)(const kpi_program *, uint32_t, const void *);
    const void *what;
    uint8_t *state; /* per metric: 0 not walked yet, 1 does not reach, 2 reaches */
} reach;

static bool metric_reaches(reach *r, uint32_t metric, unsigned depth);

/* The metrics of a formula: an explicit stack, so a deep formula cannot exhaust the C stack. */
static bool expr_reaches(reach *r, const kpi_prog_expr *formula, unsigned depth) {
    size_t cap = 64, top = 0;
    const kpi_prog_expr **stack = malloc(sizeof *stack * cap);
    bool yes = false;
    if (stack && formula) stack[top++] = formula;
    while (stack && top && !yes) {
        const kpi_prog_expr *e = stack[--top];
        if (e->kind == KPI_PE_METRIC) {
            yes = metric_reaches(r, e->metric, depth + 1);
            continue;
        }
        if (top + 2 > cap) {
            const kpi_prog_expr **grown = realloc(stack, sizeof *stack * (cap *= 2));
            if (!grown) break;
            stack = grown;
        }
        if (e->lhs) stack[top++] = e->lhs;
        if (e->rhs) stack[top++] = e->rhs;
    }
    free(stack);
    return yes;
}

static bool metric_reaches(reach *r, uint32_t metric, unsigned depth) {
    if (metric >= r->p->metric_count || depth > 1024) return false;
    if (r->state[metric]) return r->state[metric] == 2;
    r->state[metric] = 1; /* a formula cannot read itself (sema), but never loop if one did */
    const kpi_prog_metric *m = &r->p->metrics[metric];
    bool yes = r->hit(r->p, metric, r->what) || (!m->is_base && expr_reaches(r, m->formula, depth));
    r->state[metric] = yes ? 2 : 1;
    return yes;
}

static bool is_declared(const kpi_program *p, uint32_t metric, const void *name) {
    const char *lowered = p->metrics[metric].name, *bracket = strchr(lowered, '[');
    size_t len = bracket ? (size_t)(bracket - lowered) : strlen(lowered);
    return strlen(name) == len && strncmp(lowered, name, len) == 0;
}

static bool reads_source(const kpi_program *p, uint32_t metric, const void *source) {
    const kpi_prog_metric *m = &p->metrics[metric];
    return m->is_base && m->source == *(const uint32_t *)source;
}

/* The new file's goals that reach what hit matches. */
static void affected_goals(differ *d, kpi_diff_change *c,
                           bool (*hit)(const kpi_program *, uint32_t, const void *), const void *what) {
    const kpi_program *p = d->new_;
    reach r = {p, hit, what, KPI_NEW_ARRAY(d->arena, uint8_t, p->metric_count + 1)};
    c->goals = KPI_NEW_ARRAY(d->arena, const char *, p->goal_count + 1);
    for (uint32_t g = 0; g < p->goal_count; g++)
        if (metric_reaches(&r, p->goals[g].metric, 0)) c->goals[c->goal_count++] = p->goals[g].name;
}

static void compare_metrics(differ *d) {
    diff_index old_metrics = diff_index_new(d->arena, d->old->metric_count);
    for (uint32_t j = 0; j < old_metrics.count; j++)
        old_metrics.sorted[j] = (diff_named){d->old->metrics[j].name, j};
    diff_index_sort(&old_metrics);
    diff_index reported = diff_index_new(d->arena, d->new_->metric_count); /* declared names reported */
    reported.count = 0;
    /* unsegmented metrics first, so a change reads as declared, without a goal's segment in it */
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < d->new_->metric_count; i++) {
            const kpi_prog_metric *n = &d->new_->metrics[i];
            if ((strchr(n->name, '[') != NULL) != (pass == 1)) continue;
            int32_t j = diff_index_find(&old_metrics, n->name);
            if (j < 0) continue;
            const char *before = definition(d->arena, d->old, &d->old->metrics[j]);
            const char *after = definition(d->arena, d->new_, n);
            const char *name = declared_name(d->arena, n->name);
            if (strcmp(before, after) == 0 || diff_index_find(&reported, name) >= 0) continue;
            diff_index_insert(&reported, name, i);
            kpi_diff_change *c = diff_add(d, KPI_DIFF_METRIC_CHANGED, KPI_DIFF_NEUTRAL, name, before, after);
            affected_goals(d, c, is_declared, name);
        }
    }
}

/* Where a source's rows come from, as written: `csv "data/shop.csv" date "day"`. */
static const char *source_text(kpi_arena *a, const kpi_program *p, const kpi_prog_source *s) {
    const char *path = s->path ? s->path : "";
    size_t dir = p->spec_dir ? strlen(p->spec_dir) : 0;
    if (s->kind == KPI_SOURCE_FILE && dir && strncmp(path, p->spec_dir, dir) == 0 && path[dir] == '/')
        path += dir + 1; /* as the file says it: both versions lie in different folders for `kpic diff a b` */
    const char *kind = s->kind == KPI_SOURCE_TABLE            ? "table"
                       : s->format == KPIRT_SOURCE_GA4        ? "ga4"
                       : s->format == KPIRT_SOURCE_GOOGLE_ADS ? "google_ads"
                                                              : "csv";
    return kpi_arena_printf(a, "%s \"%s\" date \"%s\"%s%s%s", kind, path,
                            s->date_column ? s->date_column : "", s->date_format ? " format \"" : "",
                            s->date_format ? s->date_format : "", s->date_format ? "\"" : "");
}

static void compare_sources(differ *d) {
    for (uint32_t i = 0; i < d->new_->source_count; i++) {
        const kpi_prog_source *n = &d->new_->sources[i];
        for (uint32_t j = 0; j < d->old->source_count; j++) {
            const kpi_prog_source *o = &d->old->sources[j];
            if (strcmp(o->name, n->name) != 0) continue;
            const char *before = source_text(d->arena, d->old, o), *after = source_text(d->arena, d->new_, n);
            if (strcmp(before, after) != 0) {
                kpi_diff_change *c =
                    diff_add(d, KPI_DIFF_SOURCE_CHANGED, KPI_DIFF_NEUTRAL, n->name, before, after);
                affected_goals(d, c, reads_source, &i);
            }
            break;
        }
    }
}

void diff_compare_definitions(differ *d) {
    if (!d->old || !d->new_) return;
    compare_metrics(d);
    compare_sources(d);
}
