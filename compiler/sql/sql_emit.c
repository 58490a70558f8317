/*
** sql_emit.c: the query of `kpic sql`, one WITH per program.
**
**   1. per computed source, one CTE "<source> by day" that scans the table
**      once and aggregates every base metric of that source per day (a CASE
**      applies each metric's filter and segment), plus the row count;
**   2. per base metric (a segment is a metric of its own, named like
**      "conversion[channel=seo]"), one CTE named after it with its days;
**      count_distinct cannot be added up from days, so its CTE keeps the
**      distinct (day, value) pairs instead;
**   3. one SELECT per base metric and review period the goals use, rolling
**      the days up into periods (and its days as they are, when a window
**      reads it), all joined by UNION ALL and ordered, plus one row per
**      source with the rows its table holds.
**
** This mirrors the evaluator's own day cells (runtime/src/accum.c), so the
** numbers are the same: values are cast to an exact decimal with 4 places
** (the evaluator's fixed point) before anything is added, and an average
** is returned as its sum and count for the runtime to divide, as it does.
*/
#include <stdlib.h>
#include <string.h>

#include "sql_internal.h"

#include "kpirt.h" /* kpirt_granularity_name: the review names the periods carry */

/* CTE names longer than this are numbered instead: PostgreSQL cuts identifiers at 63 bytes. */
#define NAME_MAX_BYTES 56

typedef struct emitter {
    kpi_sql_writer w;
    const char **table_of; /* per source: the table to read, or NULL (a file) */
    uint8_t *reviews;      /* per metric: bit g set when a goal reviews it (through formulas) on g */
    uint32_t *slot;        /* per base metric: its column number in the day CTE */
    bool first_cte;
} emitter;

static const char *const aggregate_names[] = {"sum", "count", "count_distinct", "avg", "min", "max", "last"};
_Static_assert(sizeof aggregate_names / sizeof aggregate_names[0] == KPIRT_AGG_LAST + 1,
               "one name per aggregate");

/* Doubles the expression stack (NULL when memory runs out). */
static const kpi_prog_expr **grow(const kpi_prog_expr **stack, size_t *cap) {
    size_t n = *cap ? *cap * 2 : 64;
    const kpi_prog_expr **more = realloc(stack, n * sizeof *more);
    if (!more) {
        free(stack);
        *cap = 0;
        return NULL;
    }
    *cap = n;
    return more;
}

/* Marks metric and every metric its formula reads, through any depth, with review bit `bit`. */
static void mark_reviews(emitter *e, uint32_t metric, uint8_t bit) {
    const kpi_program *p = e->w.program;
    uint32_t *work = calloc(p->metric_count + 1, sizeof *work);
    const kpi_prog_expr **stack = NULL;
    size_t top = 0, cap = 0;
    uint32_t pending = 0;
    if (!work) return;
    work[pending++] = metric;
    e->reviews[metric] |= bit;
    while (pending) {
        const kpi_prog_metric *m = &p->metrics[work[--pending]];
        if (m->is_base || !m->formula) continue;
        top = 0;
        if (top == cap) stack = grow(stack, &cap);
        stack[top++] = m->formula;
        while (top && stack) {
            const kpi_prog_expr *x = stack[--top];
            if (x->kind == KPI_PE_METRIC && x->metric < p->metric_count &&
                (e->reviews[x->metric] & bit) != bit) {
                e->reviews[x->metric] |= bit; /* each metric enters the work list once per bit */
                work[pending++] = x->metric;
            }
            for (int k = 0; k < 2; k++) {
                const kpi_prog_expr *c = k ? x->rhs : x->lhs;
                if (!c) continue;
                if (top == cap) stack = grow(stack, &cap);
                if (stack) stack[top++] = c;
            }
        }
    }
    free(stack);
    free(work);
}

static bool computed(const emitter *e, const kpi_prog_metric *m) {
    return m->is_base && e->table_of[m->source] && e->reviews[(size_t)(m - e->w.program->metrics)];
}

static void cte_name(const emitter *e, uint32_t metric) {
    const char *name = e->w.program->metrics[metric].name;
    if (strlen(name) <= NAME_MAX_BYTES) {
        kpi_sql_ident(&e->w, name);
    } else {
        char numbered[32];
        snprintf(numbered, sizeof numbered, "metric %u", metric + 1);
        kpi_sql_ident(&e->w, numbered);
    }
}

static void day_cte_name(const emitter *e, uint32_t source) {
    char name[NAME_MAX_BYTES + 16];
    const char *src = e->w.program->sources[source].name;
    if (strlen(src) <= NAME_MAX_BYTES - 7) snprintf(name, sizeof name, "%s by day", src);
    else snprintf(name, sizeof name, "source %u by day", source + 1);
    kpi_sql_ident(&e->w, name);
}

static void begin_cte(emitter *e) {
    fputs(e->first_cte ? "WITH\n" : ",\n", e->w.out);
    e->first_cte = false;
}

static void describe(const emitter *e, const kpi_prog_metric *m) {
    const kpi_prog_source *src = &e->w.program->sources[m->source];
    FILE *out = e->w.out;
    fputs("  -- ", out);
    kpi_sql_comment_text(&e->w, m->name);
    fprintf(out, ": %s of ", aggregate_names[m->aggregate]);
    kpi_sql_ident(&e->w, src->columns[m->value_column]);
    fputs(" in ", out);
    kpi_sql_comment_text(&e->w, src->name);
    fputc('\n', out);
}

/* The measure of one row for metric m, NULL when the row does not pass its filter. */
static void measure(const emitter *e, const kpi_prog_metric *m, const kpi_prog_source *src) {
    FILE *out = e->w.out;
    if (m->filter) {
        fputs("CASE WHEN ", out);
        kpi_sql_filter(&e->w, src, m->filter);
        fputs(" THEN ", out);
    }
    kpi_sql_money(&e->w, src->columns[m->value_column]);
    if (m->filter) fputs(" END", out);
}

/* The field is not empty: neither NULL nor '' (as text, whatever the column's type). */
static void present(const emitter *e, const kpi_prog_metric *m, const kpi_prog_source *src) {
    fputs("CAST(", e->w.out);
    kpi_sql_ident(&e->w, src->columns[m->value_column]);
    fprintf(e->w.out, " AS %s) <> ''", kpi_sql_text_type(e->w.dialect));
}

static void day_cte(emitter *e, uint32_t s) {
    const kpi_program *p = e->w.program;
    const kpi_prog_source *src = &p->sources[s];
    FILE *out = e->w.out;
    begin_cte(e);
    day_cte_name(e, s);
    fputs(" AS (\n  -- one scan of ", out);
    kpi_sql_comment_text(&e->w, e->table_of[s]);
    fputs(": every base metric of source ", out);
    kpi_sql_comment_text(&e->w, src->name);
    fputs(" per day, and the rows read\n  SELECT CAST(", out);
    kpi_sql_ident(&e->w, src->columns[0]);
    fputs(" AS DATE) AS day,\n         COUNT(*) AS row_count", out);
    uint32_t slot = 0;
    for (uint32_t i = 0; i < p->metric_count; i++) {
        const kpi_prog_metric *m = &p->metrics[i];
        if (!computed(e, m) || m->source != s || m->aggregate == KPIRT_AGG_COUNT_DISTINCT) continue;
        e->slot[i] = ++slot;
        fputs(",\n       ", out);
        describe(e, m);
        if (m->aggregate == KPIRT_AGG_COUNT) {
            fputs("         COUNT(CASE WHEN ", out);
            if (m->filter) {
                fputc('(', out);
                kpi_sql_filter(&e->w, src, m->filter);
                fputs(") AND ", out);
            }
            present(e, m, src);
            fprintf(out, " THEN 1 END) AS n%u", slot);
            continue;
        }
        /* min, max and last keep the day's extreme; a table's rows have no order, so `last` of a day is its largest */
        const char *fn = m->aggregate == KPIRT_AGG_MIN                                     ? "MIN"
                         : m->aggregate == KPIRT_AGG_MAX || m->aggregate == KPIRT_AGG_LAST ? "MAX"
                                                                                           : "SUM";
        fprintf(out, "         %s(", fn);
        measure(e, m, src);
        fprintf(out, ") AS v%u,\n         COUNT(", slot);
        measure(e, m, src);
        fprintf(out, ") AS n%u", slot);
    }
    fputs("\n  FROM ", out);
    kpi_sql_table_name(&e->w, e->table_of[s]);
    fputs("\n  GROUP BY CAST(", out);
    kpi_sql_ident(&e->w, src->columns[0]);
    fputs(" AS DATE)\n)", out);
}

static void metric_cte(emitter *e, uint32_t i) {
    const kpi_program *p = e->w.program;
    const kpi_prog_metric *m = &p->metrics[i];
    const kpi_prog_source *src = &p->sources[m->source];
    FILE *out = e->w.out;
    begin_cte(e);
    cte_name(e, i);
    fputs(" AS (\n", out);
    describe(e, m);
    if (m->aggregate == KPIRT_AGG_COUNT_DISTINCT) {
        /* distinct values cannot be added up from days: keep each (day, value) once */
        fputs("  SELECT DISTINCT CAST(", out);
        kpi_sql_ident(&e->w, src->columns[0]);
        fputs(" AS DATE) AS day, CAST(", out);
        kpi_sql_ident(&e->w, src->columns[m->value_column]);
        fprintf(out, " AS %s) AS value\n  FROM ", kpi_sql_text_type(e->w.dialect));
        kpi_sql_table_name(&e->w, e->table_of[m->source]);
        fputs("\n  WHERE ", out);
        kpi_sql_ident(&e->w, src->columns[0]);
        fputs(" IS NOT NULL AND ", out);
        present(e, m, src);
        if (m->filter) {
            fputs("\n    AND (", out);
            kpi_sql_filter(&e->w, src, m->filter);
            fputc(')', out);
        }
        fputs("\n)", out);
        return;
    }
    uint32_t k = e->slot[i];
    if (m->aggregate == KPIRT_AGG_COUNT) fprintf(out, "  SELECT day, n%u AS value, n%u AS n\n", k, k);
    else fprintf(out, "  SELECT day, v%u AS value, n%u AS n\n", k, k);
    fputs("  FROM ", out);
    day_cte_name(e, m->source);
    fprintf(out, "\n  WHERE day IS NOT NULL AND n%u > 0\n)", k);
}

/* One SELECT of the final UNION ALL: metric i rolled up into periods of granularity g. */
static void rollup(emitter *e, uint32_t i, kpirt_granularity g) {
    const kpi_program *p = e->w.program;
    const kpi_prog_metric *m = &p->metrics[i];
    const kpi_sql_writer *w = &e->w;
    FILE *out = w->out;
    const char *money = kpi_sql_money_type(w->dialect), *integer = kpi_sql_int_type(w->dialect);
    bool last = m->aggregate == KPIRT_AGG_LAST;
    fputs("SELECT ", out);
    kpi_sql_string(w, p->sources[m->source].name);
    fputs(" AS source, ", out);
    kpi_sql_string(w, m->name);
    fputs(" AS metric, ", out);
    kpi_sql_string(w, kpirt_granularity_name(g));
    fputs(" AS review,\n       ", out);
    kpi_sql_period(w, g, "day");
    fputs(" AS period,\n       ", out);
    switch (m->aggregate) {
    case KPIRT_AGG_COUNT_DISTINCT:
        fprintf(out, "CAST(COUNT(DISTINCT value) AS %s) AS value, CAST(COUNT(*) AS %s) AS n", money, integer);
        break;
    case KPIRT_AGG_MIN:
    case KPIRT_AGG_MAX:
        fprintf(out, "CAST(%s(value) AS %s) AS value, CAST(SUM(n) AS %s) AS n",
                m->aggregate == KPIRT_AGG_MIN ? "MIN" : "MAX", money, integer);
        break;
    case KPIRT_AGG_LAST:
        fprintf(
            out,
            "CAST(MAX(CASE WHEN day = period_last THEN value END) AS %s) AS value, CAST(SUM(n) AS %s) AS n",
            money, integer);
        break;
    default: /* sum, count, and avg as its sum: the runtime divides by n */
        fprintf(out, "CAST(SUM(value) AS %s) AS value, CAST(SUM(n) AS %s) AS n", money, integer);
        break;
    }
    fputs(",\n       MIN(day) AS first_day, MAX(day) AS last_day\nFROM ", out);
    if (last) {
        /* the period's last day with an observation, beside each day */
        fputs("(SELECT day, value, n, MAX(day) OVER (PARTITION BY ", out);
        kpi_sql_period(w, g, "day");
        fputs(") AS period_last FROM ", out);
        cte_name(e, i);
        fputs(") AS days", out);
    } else {
        cte_name(e, i);
    }
    fputs("\nGROUP BY ", out);
    kpi_sql_period(w, g, "day");
    fputc('\n', out);
}

static void source_row(emitter *e, uint32_t s) {
    const kpi_sql_writer *w = &e->w;
    FILE *out = w->out;
    const char *money = kpi_sql_money_type(w->dialect), *integer = kpi_sql_int_type(w->dialect);
    fputs("SELECT ", out);
    kpi_sql_string(w, w->program->sources[s].name);
    fprintf(out,
            " AS source, '' AS metric, '' AS review,\n       CAST(NULL AS DATE) AS period, CAST(NULL AS %s) "
            "AS value, "
            "CAST(SUM(row_count) AS %s) AS n,\n       CAST(NULL AS DATE) AS first_day, CAST(NULL AS DATE) AS "
            "last_day\nFROM ",
            money, integer);
    day_cte_name(e, s);
    fputc('\n', out);
}

static int resolve_tables(emitter *e, const kpi_sql_options *o, char *error, size_t cap) {
    const kpi_program *p = e->w.program;
    for (uint32_t s = 0; s < p->source_count; s++)
        if (p->sources[s].kind == KPI_SOURCE_TABLE) e->table_of[s] = p->sources[s].path;
    for (uint32_t t = 0; t < o->table_count; t++) {
        uint32_t s = 0;
        while (s < p->source_count && strcmp(p->sources[s].name, o->tables[t].source) != 0) s++;
        if (s == p->source_count) {
            snprintf(error, cap, "--table %s=%s: the goals read no source named '%s'", o->tables[t].source,
                     o->tables[t].table, o->tables[t].source);
            return -1;
        }
        if (!o->tables[t].table[0]) {
            snprintf(error, cap, "--table %s=: the table's name is missing", o->tables[t].source);
            return -1;
        }
        e->table_of[s] = o->tables[t].table;
    }
    for (uint32_t s = 0; s < p->source_count; s++)
        if (e->table_of[s]) return 0;
    snprintf(error, cap,
             "the goals read no table source, so there is nothing for a database to compute; "
             "declare one with `source NAME = table \"schema.table\"`, or name the table a file source's "
             "rows were loaded into with --table SOURCE=TABLE");
    return -1;
}

static int write_query(emitter *e, const kpi_sql_options *o, char *error, size_t error_cap) {
    const kpi_program *p = e->w.program;
    FILE *out = e->w.out;
    const char **table_of = e->table_of;
    uint8_t *reviews = e->reviews;
    if (resolve_tables(e, o, error, error_cap) < 0) return -1;
    for (uint32_t g = 0; g < p->goal_count; g++)
        if ((unsigned)p->goals[g].review <= KPIRT_YEAR) {
            mark_reviews(e, p->goals[g].metric, (uint8_t)(1u << p->goals[g].review));
            /* the metric that spends a goal's budget is paced over the goal's review periods */
            if (p->goals[g].budget_metric)
                mark_reviews(e, p->goals[g].budget_metric - 1, (uint8_t)(1u << p->goals[g].review));
        }
    /*
    ** A window (`over N days`) is not made of whole periods: the evaluator
    ** adds up the days it covers, so the query returns the daily values of
    ** every base metric a reviewed window reads.
    */
    for (uint32_t i = 0; i < p->metric_count; i++)
        if (p->metrics[i].window_days > 0 && reviews[i]) mark_reviews(e, i, (uint8_t)(1u << KPIRT_DAY));

    fprintf(out, "-- kpic sql --dialect %s", kpi_sql_dialect_name(o->dialect));
    if (o->spec_name) {
        fputc(' ', out);
        kpi_sql_comment_text(&e->w, o->spec_name);
    }
    fputs("\n-- Per-period values of the goals' base metrics, computed where the rows live.\n"
          "-- Save the result as CSV with its header and give it to the evaluator:\n"
          "--   ./goals --periods result.csv   (docs/warehouse.md)\n",
          out);
    /* in the header, not between two CTEs, where a comment would split `)` from its `,` */
    for (uint32_t s = 0; s < p->source_count; s++) {
        if (table_of[s]) continue;
        fputs("-- source ", out);
        kpi_sql_comment_text(&e->w, p->sources[s].name);
        fputs(" is a file: the evaluator reads it\n", out);
    }
    for (uint32_t s = 0; s < p->source_count; s++)
        if (table_of[s]) day_cte(e, s);
    for (uint32_t i = 0; i < p->metric_count; i++)
        if (computed(e, &p->metrics[i])) metric_cte(e, i);
    fputc('\n', out);
    bool first = true;
    for (uint32_t i = 0; i < p->metric_count; i++) {
        if (!computed(e, &p->metrics[i])) continue;
        for (int g = 0; g <= KPIRT_YEAR; g++) {
            if (!(reviews[i] & (1u << g))) continue;
            if (!first) fputs("UNION ALL\n", out);
            first = false;
            rollup(e, i, (kpirt_granularity)g);
        }
    }
    for (uint32_t s = 0; s < p->source_count; s++) {
        if (!table_of[s]) continue;
        if (!first) fputs("UNION ALL\n", out);
        first = false;
        source_row(e, s);
    }
    fputs("ORDER BY source, metric, review, period;\n", out);
    return ferror(out) ? -1 : 0;
}

int kpi_sql_write(const kpi_program *p, const kpi_sql_options *o, FILE *out, char *error, size_t error_cap) {
    emitter e = {.w = {out, o->dialect, p}, .first_cte = true};
    const char **table_of = calloc(p->source_count + 1, sizeof *table_of);
    uint8_t *reviews = calloc(p->metric_count + 1, sizeof *reviews);
    uint32_t *slot = calloc(p->metric_count + 1, sizeof *slot);
    if (!table_of || !reviews || !slot) {
        free(table_of);
        free(reviews);
        free(slot);
        snprintf(error, error_cap, "out of memory");
        return -1;
    }
    e.table_of = table_of;
    e.reviews = reviews;
    e.slot = slot;
    int rc = write_query(&e, o, error, error_cap);
    free(table_of);
    free(reviews);
    free(slot);
    return rc;
}
