/*
** evaluate.c: one whole evaluation, from data files to a kpirt_report.
**
** Loads every source (the --data path or the compiled default), evaluates
** the selected goals with eval.c's rules on the program's metric values,
** and links the driver tree. The report is the single structure every
** writer (text, JSON, CSV, HTML) reads; it owns its memory.
*/
#define _GNU_SOURCE 1 /* sched_getaffinity */
#include "kpirt_internal.h"

#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct metric_ref {
    const kpirt_ctx *ctx;
    uint32_t metric;
    kpirt_granularity g;
} metric_ref;

/* A base metric's measures are exact; averages and formulas come as doubles. */
static int metric_at(void *user, int32_t period, kpirt_opt *out) {
    const metric_ref *m = user;
    int64_t scaled;
    int rc = kpirt_base_exact(m->ctx, m->metric, m->g, period, &scaled);
    if (rc == 1)
        *out = (kpirt_opt){.has = true, .v = (double)scaled / KPIRT_SCALE, .exact = true, .scaled = scaled};
    if (rc != 2) return rc == 1;
    double v;
    if (kpirt_metric_value(m->ctx, m->metric, m->g, period, &v) != 1 || !isfinite(v)) return 0;
    *out = (kpirt_opt){.has = true, .v = v};
    return 1;
}

/*
** A value the roll-up could not give exactly fails the run: no approximate
** number, and no quiet "no data" for a window the periods cannot give.
*/
static int check_rollup(const kpirt_ctx *ctx, kpirt_report *report) {
    const kpirt_rollup_failure *f = ctx->failure;
    if (!f->problem) return 0;
    const char *metric = ctx->program->metrics[f->metric].name;
    char label[KPIRT_LABEL_MAX];
    kpirt_period_label(f->period, f->granularity, label);
    if (f->problem == KPIRT_ROLLUP_NO_DAYS)
        snprintf(report->error, sizeof report->error,
                 "metric \"%s\" is read over days that are not whole %s periods (`over N days`, or a "
                 "formula's window) in %s, but the per-period values hold no daily values for it; "
                 "run the query of this version's `kpic sql` again, which returns them (docs/warehouse.md)",
                 metric, kpirt_granularity_name(f->granularity), label);
    else
        snprintf(report->error, sizeof report->error,
                 "the %s sum of metric \"%s\" in %s overflows (the limit is about "
                 "922 trillion); no value of that period can be reported exactly",
                 kpirt_granularity_name(f->granularity), metric, label);
    return -1;
}

/*
** --threads' default: the online cores this process may run on, so that
** `taskset -c 1 ./goals` (or a container's CPU set) gets one thread, not
** several that take turns on one core.
*/
static uint32_t online_cores(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return (uint32_t)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 1 ? (uint32_t)n : 1;
}

static int fail(kpirt_report *report, const char *message) {
    snprintf(report->error, sizeof report->error, "%s", message);
    return -1;
}

/* Marks the named goals and everything that drives them; -1 on an unknown name. */
static int select_goals(const kpirt_program *p, const kpirt_options *o, kpirt_report *report) {
    if (!o->goals || o->goal_name_count == 0) {
        for (uint32_t i = 0; i < p->goal_count; i++) report->selected[i] = true;
        return 0;
    }
    for (uint32_t k = 0; k < o->goal_name_count; k++) {
        uint32_t i = 0;
        while (i < p->goal_count && strcmp(p->goals[i].name, o->goals[k]) != 0) i++;
        if (i == p->goal_count) {
            const char **names = kpirt_xmalloc((p->goal_count + 1) * sizeof *names);
            for (uint32_t j = 0; j < p->goal_count; j++) names[j] = p->goals[j].name;
            const char *near = kpirt_closest_name(o->goals[k], names, p->goal_count);
            free(names);
            if (near)
                snprintf(report->error, sizeof report->error, "no goal named \"%s\"; did you mean \"%s\"?",
                         o->goals[k], near);
            else
                snprintf(report->error, sizeof report->error,
                         "no goal named \"%s\" (see --help for the list)", o->goals[k]);
            return -1;
        }
        report->selected[i] = true;
    }
    /* Drivers come after their parents in program order, so one pass reaches every depth. */
    for (uint32_t i = 0; i < p->goal_count; i++) {
        int32_t parent = p->goals[i].parent;
        if (parent >= 0 && (uint32_t)parent < p->goal_count && report->selected[parent])
            report->selected[i] = true;
    }
    return 0;
}

static void link_tree(const kpirt_program *p, kpirt_report *report) {
    report->roots = kpirt_xcalloc(p->goal_count, sizeof *report->roots);
    for (uint32_t i = 0; i < p->goal_count; i++) {
        if (!report->selected[i]) continue;
        int32_t parent = p->goals[i].parent;
        if (parent >= 0 && (uint32_t)parent < p->goal_count && report->selected[parent]) {
            kpirt_goal_report *up = &report->goals[parent];
            up->drivers = kpirt_xrealloc(up->drivers, (up->driver_count + 1) * sizeof *up->drivers);
            up->drivers[up->driver_count++] = i;
        } else {
            report->roots[report->root_count++] = i;
        }
    }
}

/*
** A source without one good row cannot support any judgement: every goal on
** it would be no_data, so the run stops with the reason instead (exit 2).
*/
static int check_rows(const kpirt_ctx *ctx, uint32_t s, const char *path, kpirt_report *report) {
    const kpirt_source_report *st = &ctx->sources[s];
    if (st->rows_read == 0)
        snprintf(report->error, sizeof report->error,
                 "%s: no data rows for source \"%s\": the file holds only its "
                 "header line",
                 path, st->name);
    else if (st->rows_skipped == st->rows_read)
        snprintf(report->error, sizeof report->error,
                 "%s: every row of source \"%s\" is bad (%llu bad row%s "
                 "skipped of %llu read); the first: %.300s",
                 path, st->name, (unsigned long long)st->rows_skipped, st->rows_skipped == 1 ? "" : "s",
                 (unsigned long long)st->rows_read, ctx->bad_row_count ? ctx->bad_rows[0] : "?");
    else return 0;
    return -1;
}

static int load_sources(kpirt_ctx *ctx, const kpirt_program *p, const kpirt_options *o,
                        kpirt_report *report) {
    if (o->periods_path && kpirt_load_periods_file(ctx, o->periods_path) < 0)
        return fail(report, kpirt_ctx_error(ctx));
    if (o->engine_url && kpirt_load_engine(ctx, o->engine_url) < 0) return fail(report, kpirt_ctx_error(ctx));
    const char **paths = kpirt_xcalloc(o->data_file_count + 1, sizeof *paths);
    int rc = 0;
    for (uint32_t s = 0; s < p->source_count && rc == 0; s++) {
        if (ctx->periods.covered[s]) continue; /* a database computed it */
        /* several files of one source are read in order; later files replace the days they cover */
        uint32_t n = 0;
        for (uint32_t f = 0; f < o->data_file_count; f++)
            if (o->data_files[f].source == s) paths[n++] = o->data_files[f].path;
        if (n == 0) {
            paths[0] = p->sources[s].default_path;
            if (!paths[0]) {
                snprintf(
                    report->error, sizeof report->error,
                    "source \"%s\" has no data file; give one with "
                    "--data %s=FILE, or give the result of the query `kpic sql` prints with --periods FILE%s",
                    p->sources[s].name, p->sources[s].name,
                    p->sql_postgres ? ", or let the evaluator run it on PostgreSQL with --engine URL" : "");
                rc = -1;
                break;
            }
            n = 1;
        }
        if (kpirt_load_source_files(ctx, s, paths, n) < 0) rc = fail(report, kpirt_ctx_error(ctx));
        /* the files of one source count together */
        else if (check_rows(ctx, s, strcmp(paths[n - 1], "-") == 0 ? "<stdin>" : paths[n - 1], report) < 0)
            rc = -1;
    }
    free(paths);
    return rc;
}

/*
** Checks the indexes of a program descriptor, so that a defect in generated
** code is reported as such instead of reading out of bounds.
*/
static int check_program(const kpirt_program *p, kpirt_report *report) {
    char *e = report->error;
    size_t cap = sizeof report->error;
    for (uint32_t s = 0; s < p->source_count; s++) {
        const kpirt_source_desc *src = &p->sources[s];
        if (src->column_count == 0 || !src->columns) {
            snprintf(e, cap, "invalid program: source \"%s\" reads no columns (the date column comes first)",
                     src->name);
            return -1;
        }
    }
    for (uint32_t m = 0; m < p->metric_count; m++) {
        const kpirt_metric_desc *md = &p->metrics[m];
        if (md->source >= 0 && (uint32_t)md->source >= p->source_count) {
            snprintf(e, cap, "invalid program: metric \"%s\" reads source %d of %u", md->name, md->source,
                     p->source_count);
            return -1;
        }
    }
    for (uint32_t g = 0; g < p->goal_count; g++) {
        const kpirt_goal_desc *gd = &p->goals[g];
        if (gd->metric >= p->metric_count) {
            snprintf(e, cap, "invalid program: goal \"%s\" measures metric %u of %u", gd->name, gd->metric,
                     p->metric_count);
            return -1;
        }
        if (gd->budget_metric > p->metric_count) {
            snprintf(e, cap, "invalid program: goal \"%s\" spends its budget on metric %u of %u", gd->name,
                     gd->budget_metric - 1, p->metric_count);
            return -1;
        }
        if (gd->parent >= (int32_t)g) {
            snprintf(e, cap, "invalid program: goal \"%s\" drives goal %d, which must come before it",
                     gd->name, gd->parent);
            return -1;
        }
        /* days of the years 0000..9999, or none (a draft); never an allocation from garbage */
        kpirt_day lo = kpirt_day_from_ymd(0, 1, 1), hi = kpirt_day_from_ymd(9999, 12, 31);
        bool start_bad = gd->start != KPIRT_NO_DAY && (gd->start < lo || gd->start > hi);
        bool deadline_bad = gd->deadline != KPIRT_NO_DAY && (gd->deadline < lo || gd->deadline > hi);
        if (start_bad || deadline_bad) {
            snprintf(e, cap, "invalid program: goal \"%s\" has a %s outside the years 0000 to 9999", gd->name,
                     start_bad ? "start" : "deadline");
            return -1;
        }
        if ((unsigned)gd->review > KPIRT_YEAR) {
            snprintf(e, cap, "invalid program: goal \"%s\" has review period %d", gd->name, (int)gd->review);
            return -1;
        }
    }
    return 0;
}

/*
** The sources a database computed (--periods) add their rows, and their days
** widen the span of the days read from files: the totals come from the
** per-source values, which are the only record of them.
*/
static void merge_periods(const kpirt_period_store *s, uint32_t source_count, kpirt_report *report) {
    for (uint32_t i = 0; i < source_count; i++) {
        if (!s->covered[i]) continue;
        report->rows_read += s->source_rows[i];
        if (s->source_first[i] != KPIRT_NO_DAY &&
            (report->data_first == KPIRT_NO_DAY || s->source_first[i] < report->data_first))
            report->data_first = s->source_first[i];
        if (s->source_last[i] != KPIRT_NO_DAY &&
            (report->data_last == KPIRT_NO_DAY || s->source_last[i] > report->data_last))
            report->data_last = s->source_last[i];
    }
}

/*
** The days of data a goal's metric can see: its source's, or for a derived
** metric (whose sources the descriptor does not list) the span of all.
*/
static void data_days_for(const kpirt_program *p, const kpirt_report *report, uint32_t metric,
                          kpirt_goal_report *out) {
    int32_t src = metric < p->metric_count ? p->metrics[metric].source : -1;
    out->data_first = out->data_last = KPIRT_NO_DAY;
    for (uint32_t s = 0; s < report->source_count; s++) {
        const kpirt_source_report *sr = &report->sources[s];
        if ((src >= 0 && (uint32_t)src != s) || sr->last_day == KPIRT_NO_DAY) continue;
        if (out->data_first == KPIRT_NO_DAY || sr->first_day < out->data_first)
            out->data_first = sr->first_day;
        if (out->data_last == KPIRT_NO_DAY || sr->last_day > out->data_last) out->data_last = sr->last_day;
    }
}

/*
** A goal whose current period begins after the last day of data would be
** judged on an empty period: it is stale instead, and says how old the data is.
*/
static void mark_stale(const kpirt_program *p, const kpirt_report *report, const kpirt_goal_desc *g,
                       kpirt_goal_report *out) {
    data_days_for(p, report, g->metric, out);
    if (!out->current_label[0] || out->status == KPIRT_STATUS_NOT_STARTED) return;
    kpirt_day last = out->data_last;
    if (last == KPIRT_NO_DAY || kpirt_period_first_day(out->current_period, g->review) <= last) return;
    char day[KPIRT_LABEL_MAX];
    kpirt_day_format(last, day);
    out->status = KPIRT_STATUS_STALE;
    out->progress = (kpirt_opt){.has = false, .v = 0};
    kpirt_projection_explain(out, report->as_of);
    snprintf(out->reason, sizeof out->reason,
             "stale: the data ends %s, %d days before the as-of date; the current "
             "period %s has none",
             day, report->as_of - last, out->current_label);
}

/* metric_at as doubles, for the realism rule */
static int metric_double(void *user, int32_t period, double *out) {
    kpirt_opt v;
    if (!metric_at(user, period, &v)) return 0;
    *out = v.v;
    return 1;
}

/*
** Realism from history (docs/evaluation.md): the change the goal asks
** against every window of its length in the data the metric sees, read
** through the same per-period values as the rest of the report.
*/
static void judge_realism(const kpirt_program *p, const kpirt_report *report, const kpirt_goal_desc *g,
                          metric_ref *ref, kpirt_goal_report *out) {
    memset(&out->realism, 0, sizeof out->realism);
    if (g->start == KPIRT_NO_DAY || g->deadline == KPIRT_NO_DAY || g->deadline < g->start) return;
    if (g->target == NULL && g->amount_kind == KPIRT_AMOUNT_NONE) return; /* aims at any move */
    kpirt_unit_kind unit = g->metric < p->metric_count ? p->metrics[g->metric].unit_kind : KPIRT_UNIT_NUMBER;
    bool percent = unit == KPIRT_UNIT_PERCENT || unit == KPIRT_UNIT_RATIO;
    kpirt_realism_ask ask;
    if (!kpirt_realism_ask_of(g->verb, g->amount_kind, g->amount, percent, out->baseline, out->target, &ask))
        return;
    int32_t s = kpirt_period_of(g->start, g->review), d = kpirt_last_complete_period(g->deadline, g->review);
    ask.review = g->review;
    ask.periods = d >= s ? (uint32_t)(d - s + 1) : 1;
    ask.kind = g->cumulative                                                      ? KPIRT_REALISM_CUMULATIVE
               : g->baseline_kind == KPIRT_BASELINE_LAST_YEAR && !g->has_baseline ? KPIRT_REALISM_LAST_YEAR
                                                                                  : KPIRT_REALISM_SPAN;
    int32_t first, last;
    kpirt_realism_history(out->data_first, out->data_last, report->as_of, g->review, &first, &last);
    kpirt_realism_judge(&ask, metric_double, ref, first, last, &out->realism);
}

int kpirt_evaluate(const kpirt_program *p, const kpirt_options *o, kpirt_report *report) {
    kpirt_options defaults = {.as_of = KPIRT_NO_DAY};
    if (!o) o = &defaults;
    memset(report, 0, sizeof *report);
    report->program = p;
    report->data_first = report->data_last = KPIRT_NO_DAY;
    report->as_of = o->as_of == KPIRT_NO_DAY ? kpirt_today() : o->as_of;
    if (p->abi_version != KPIRT_ABI_VERSION) {
        snprintf(report->error, sizeof report->error,
                 "the evaluator was built for runtime ABI %u, "
                 "but this runtime has ABI %u; rebuild it with this kpic",
                 p->abi_version, KPIRT_ABI_VERSION);
        return -1;
    }
    if (check_program(p, report) < 0) return -1;
    report->goal_count = p->goal_count;
    report->goals = kpirt_xcalloc(p->goal_count, sizeof *report->goals);
    report->selected = kpirt_xcalloc(p->goal_count, sizeof *report->selected);
    for (uint32_t i = 0; i < p->goal_count; i++) {
        report->goals[i].index = i;
        report->goals[i].name = p->goals[i].name;
        report->goals[i].parent = p->goals[i].parent;
    }
    if (select_goals(p, o, report) < 0) return -1;

    kpirt_ctx *ctx = kpirt_ctx_new(p, o->on_bad_row);
    ctx->threads = o->threads ? o->threads : online_cores();
    ctx->note = o->note;
    ctx->note_user = o->note_user;
    int rc = load_sources(ctx, p, o, report);
    report->rows_read = ctx->rows_read;
    report->rows_skipped = ctx->rows_skipped;
    report->bad_row_count = ctx->bad_row_count;
    kpirt_day_store_span(&ctx->days, &report->data_first, &report->data_last);
    merge_periods(&ctx->periods, p->source_count, report);
    memcpy(report->bad_rows, ctx->bad_rows, sizeof report->bad_rows);
    report->source_count = p->source_count;
    report->sources = kpirt_xcalloc(p->source_count + 1, sizeof *report->sources);
    memcpy(report->sources, ctx->sources, p->source_count * sizeof *report->sources);
    for (uint32_t s = 0; s < p->source_count; s++)
        if (ctx->periods.covered[s]) { /* computed by a database: the days its periods span */
            report->sources[s].first_day = ctx->periods.source_first[s];
            report->sources[s].last_day = ctx->periods.source_last[s];
            report->sources[s].rows_read = ctx->periods.source_rows[s];
        }
    report->files = ctx->files;
    report->file_count = ctx->file_count;
    ctx->files = NULL;
    ctx->file_count = ctx->file_cap = 0;
    if (rc == 0) {
        for (uint32_t i = 0; i < p->goal_count; i++) {
            if (!report->selected[i]) continue;
            const kpirt_goal_desc *g = &p->goals[i];
            kpirt_goal_report *out = &report->goals[i];
            metric_ref ref = {ctx, g->metric, g->review};
            kpirt_unit_kind unit =
                g->metric < p->metric_count ? p->metrics[g->metric].unit_kind : KPIRT_UNIT_NUMBER;
            kpirt_judge_goal(g, unit, report->as_of, metric_at, &ref, out);
            mark_stale(p, report, g, out);
            /* the spend is read per review period, as the goal's values are (and as --periods has them) */
            metric_ref spend = {ctx, g->budget_metric ? g->budget_metric - 1 : 0, g->review};
            kpirt_judge_budget(g, g->budget_metric ? &p->metrics[g->budget_metric - 1] : NULL, metric_at,
                               &spend, out);
            judge_realism(p, report, g, &ref, out);
            out->index = i;
            if (g->metric < p->metric_count) {
                out->metric = &p->metrics[g->metric];
                out->metric_name = out->metric->name;
                out->unit = out->metric->unit;
            }
        }
        link_tree(p, report);
        kpirt_segments_report(ctx, report);
        rc = check_rollup(ctx, report);
    }
    kpirt_ctx_free(ctx);
    return rc;
}

void kpirt_report_free(kpirt_report *report) {
    for (uint32_t i = 0; i < report->goal_count && report->goals; i++) {
        free(report->goals[i].series);
        free(report->goals[i].drivers);
    }
    kpirt_file_reports_free(report->files, report->file_count);
    report->files = NULL;
    report->file_count = 0;
    free(report->goals);
    free(report->selected);
    free(report->roots);
    free(report->sources);
    free(report->unmatched);
    report->unmatched = NULL;
    report->unmatched_count = 0;
    report->sources = NULL;
    report->source_count = 0;
    report->goals = NULL;
    report->selected = NULL;
    report->roots = NULL;
    report->goal_count = report->root_count = 0;
}
