/*
** periods.c: per-period values computed elsewhere, instead of rows.
**
** `kpic sql` turns a program into one query that a database runs over its
** tables; the query returns, per base metric and review period, the parts
** of the aggregate (the exact value, the number of observations, the first
** and last day observed), plus one row per source with the number of rows
** the table holds. This file reads that result (CSV with a header, as
** psql --csv, duckdb -csv, bq query --format=csv and spark-sql write it)
** into the context, and answers kpirt_base_value for the sources it
** covers. Everything after that point is the evaluation of rows read by
** kpic itself: the same rules, the same reports (docs/warehouse.md).
*/
#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { COL_SOURCE, COL_METRIC, COL_REVIEW, COL_PERIOD, COL_VALUE, COL_N, COL_FIRST, COL_LAST, COL_COUNT };
static const char *const column_names[COL_COUNT] = {
    "source", "metric", "review", "period", "value", "n", "first_day", "last_day",
};

void kpirt_periods_init(kpirt_period_store *s, uint32_t source_count) {
    memset(s, 0, sizeof *s);
    s->covered = kpirt_xcalloc(source_count + 1, sizeof *s->covered);
    s->source_rows = kpirt_xcalloc(source_count + 1, sizeof *s->source_rows);
    s->source_first = kpirt_xcalloc(source_count + 1, sizeof *s->source_first);
    s->source_last = kpirt_xcalloc(source_count + 1, sizeof *s->source_last);
    for (uint32_t i = 0; i <= source_count; i++) s->source_first[i] = s->source_last[i] = KPIRT_NO_DAY;
}

void kpirt_periods_free(kpirt_period_store *s) {
    free(s->values);
    free(s->covered);
    free(s->source_rows);
    free(s->source_first);
    free(s->source_last);
    memset(s, 0, sizeof *s);
}

static int compare_key(uint32_t m1, uint8_t g1, int32_t p1, const kpirt_period_value *b) {
    if (m1 != b->metric) return m1 < b->metric ? -1 : 1;
    if (g1 != b->granularity) return g1 < b->granularity ? -1 : 1;
    if (p1 != b->period) return p1 < b->period ? -1 : 1;
    return 0;
}

static int compare_values(const void *a, const void *b) {
    const kpirt_period_value *x = a;
    return compare_key(x->metric, x->granularity, x->period, b);
}

/* The index of the first value at or after the key (s->count when none). */
static size_t lower_bound(const kpirt_period_store *s, uint32_t metric, uint8_t g, int32_t period) {
    size_t lo = 0, hi = s->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_key(metric, g, period, &s->values[mid]) <= 0) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

const kpirt_period_value *kpirt_periods_find(const kpirt_period_store *s, uint32_t metric,
                                             kpirt_granularity g, int32_t period) {
    size_t i = lower_bound(s, metric, (uint8_t)g, period);
    return i < s->count && compare_key(metric, (uint8_t)g, period, &s->values[i]) == 0 ? &s->values[i] : NULL;
}

bool kpirt_periods_has(const kpirt_period_store *s, uint32_t metric, kpirt_granularity g) {
    size_t i = lower_bound(s, metric, (uint8_t)g, INT32_MIN);
    return i < s->count && s->values[i].metric == metric && s->values[i].granularity == (uint8_t)g;
}

bool kpirt_periods_has_any(const kpirt_period_store *s, uint32_t metric) {
    size_t i = lower_bound(s, metric, 0, INT32_MIN);
    return i < s->count && s->values[i].metric == metric;
}

int kpirt_periods_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                        double *out) {
    const kpirt_period_value *v = kpirt_periods_find(&ctx->periods, metric, g, period);
    if (!v || !v->has_value) return 0;
    /* the same arithmetic as the roll-up of day cells in accum.c */
    double value = (double)v->value / KPIRT_SCALE;
    switch (ctx->program->metrics[metric].aggregate) {
    case KPIRT_AGG_COUNT_DISTINCT:
        if (v->value == 0) return 0;
        break;
    case KPIRT_AGG_AVG:
        if (v->n == 0) return 0;
        value = value / (double)v->n;
        break;
    default:
        if (v->n == 0) return 0;
        break;
    }
    *out = value;
    return 1;
}

/* ---- reading the query's result ----------------------------------------------------------- */

typedef struct reader {
    kpirt_ctx *ctx;
    kpirt_csv_reader *csv;
    const char *name;
    uint32_t map[COL_COUNT];
} reader;

static const char *field(const reader *r, int col, size_t *len) {
    const kpirt_field_span *f = &r->csv->fields[r->map[col]];
    *len = f->len;
    return r->csv->rec + f->offset;
}

static int fail_at(const reader *r, int col, const char *fmt, const char *text) {
    const kpirt_field_span *f = &r->csv->fields[r->map[col]];
    return kpirt_ctx_fail(r->ctx, "%s:%lld:%u: %s \"%.60s\" in column \"%s\" of the periods", r->name,
                          (long long)f->line, f->column, fmt, text, column_names[col]);
}

static int read_day(const reader *r, int col, kpirt_day *out) {
    size_t len;
    const char *text = field(r, col, &len);
    const char *why = NULL;
    if (len == 0) {
        *out = KPIRT_NO_DAY;
        return 0;
    }
    if (kpirt_parse_date(text, len, "YYYY-MM-DD", out, &why) < 0) return fail_at(r, col, "bad date", text);
    return 0;
}

/* A decimal field: 1 with *scaled, 0 when empty (SQL NULL), -1 on an error. */
static int read_decimal(const reader *r, int col, int64_t *scaled) {
    size_t len;
    const char *text = field(r, col, &len);
    const char *why = NULL;
    int rc = kpirt_parse_decimal(text, len, '.', 0, scaled, &why);
    if (rc < 0) return fail_at(r, col, "bad number", text);
    return rc == 0 ? 1 : 0;
}

static int find_source(const kpirt_program *p, const char *name) {
    for (uint32_t s = 0; s < p->source_count; s++)
        if (strcmp(p->sources[s].name, name) == 0) return (int)s;
    return -1;
}

static int find_metric(const kpirt_program *p, const char *name) {
    for (uint32_t m = 0; m < p->metric_count; m++)
        if (strcmp(p->metrics[m].name, name) == 0) return (int)m;
    return -1;
}

static int find_granularity(const char *name) {
    for (int g = 0; g < KPIRT_GRANULARITIES; g++)
        if (strcmp(kpirt_granularity_name((kpirt_granularity)g), name) == 0) return g;
    return -1;
}

static void push(kpirt_period_store *s, kpirt_period_value v) {
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->values = kpirt_xrealloc(s->values, s->cap * sizeof *s->values);
    }
    s->values[s->count++] = v;
}

static int read_record(reader *r) {
    kpirt_ctx *ctx = r->ctx;
    const kpirt_program *p = ctx->program;
    kpirt_period_store *s = &ctx->periods;
    size_t len;
    const char *source_name = field(r, COL_SOURCE, &len);
    int source = find_source(p, source_name);
    if (source < 0) return fail_at(r, COL_SOURCE, "this program has no source named", source_name);
    s->covered[source] = true;
    size_t metric_len;
    const char *metric_name = field(r, COL_METRIC, &metric_len);
    int64_t n_scaled = 0;
    int has_n = read_decimal(r, COL_N, &n_scaled);
    if (has_n < 0) return -1;
    if (n_scaled < 0 || n_scaled % KPIRT_SCALE != 0)
        return fail_at(r, COL_N, "not a count", field(r, COL_N, &len));
    int64_t n = n_scaled / KPIRT_SCALE;
    if (metric_len == 0) { /* the source's own row: how many rows its table holds */
        s->source_rows[source] += (uint64_t)n;
        return 0;
    }
    int metric = find_metric(p, metric_name);
    if (metric < 0 || p->metrics[metric].source != source)
        return fail_at(r, COL_METRIC,
                       metric < 0 ? "this program has no metric named"
                                  : "the metric does not read this source:",
                       metric_name);
    const char *review = field(r, COL_REVIEW, &len);
    int g = find_granularity(review);
    if (g < 0)
        return fail_at(r, COL_REVIEW,
                       "not a review period (daily, weekly, monthly, quarterly, yearly):", review);
    kpirt_day day, first, last;
    if (read_day(r, COL_PERIOD, &day) < 0 || read_day(r, COL_FIRST, &first) < 0 ||
        read_day(r, COL_LAST, &last) < 0)
        return -1;
    if (day == KPIRT_NO_DAY) return fail_at(r, COL_PERIOD, "a period needs its first day, not", "");
    int32_t period = kpirt_period_of(day, (kpirt_granularity)g);
    if (kpirt_period_first_day(period, (kpirt_granularity)g) != day)
        return fail_at(r, COL_PERIOD,
                       "not the first day of a period (weeks start on Monday):", field(r, COL_PERIOD, &len));
    kpirt_period_value v = {.metric = (uint32_t)metric, .granularity = (uint8_t)g, .period = period, .n = n};
    int has = read_decimal(r, COL_VALUE, &v.value);
    if (has < 0) return -1;
    v.has_value = has == 1;
    push(s, v);
    kpirt_day *sf = &s->source_first[source], *sl = &s->source_last[source];
    if (first != KPIRT_NO_DAY && (*sf == KPIRT_NO_DAY || first < *sf)) *sf = first;
    if (last != KPIRT_NO_DAY && (*sl == KPIRT_NO_DAY || last > *sl)) *sl = last;
    return 0;
}

static int map_header(reader *r) {
    kpirt_csv_reader *c = r->csv;
    for (int col = 0; col < COL_COUNT; col++) {
        bool found = false;
        for (uint32_t h = 0; h < c->field_count && !found; h++) {
            if (strcasecmp(c->rec + c->fields[h].offset, column_names[col]) == 0) {
                r->map[col] = h;
                found = true;
            }
        }
        if (!found)
            return kpirt_ctx_fail(
                r->ctx,
                "%s:1: the periods have no column \"%s\"; they must be the result of the "
                "query `kpic sql` prints, with its header (source, metric, review, period, value, "
                "n, first_day, last_day)",
                r->name, column_names[col]);
    }
    return 0;
}

static int load(reader *r) {
    kpirt_csv_reader *c = r->csv;
    if (kpirt_csv_start(c, r->ctx, r->name) < 0) return -1;
    kpirt_csv_settle_delimiter(c, ',');
    int rc;
    do rc = kpirt_csv_next(c, r->ctx, r->name);
    while (rc == 1 && kpirt_csv_blank(c));
    if (rc < 0) return -1;
    if (rc == 0)
        return kpirt_ctx_fail(r->ctx, "%s: empty periods (expected the header of the query's result)",
                              r->name);
    uint32_t header_count = c->field_count;
    if (map_header(r) < 0) return -1;
    while ((rc = kpirt_csv_next(c, r->ctx, r->name)) == 1) {
        if (kpirt_csv_blank(c)) continue;
        if (c->problem[0]) return kpirt_ctx_fail(r->ctx, "%s", c->problem);
        if (c->field_count != header_count)
            return kpirt_ctx_fail(r->ctx,
                                  "%s:%lld: wrong field count: expected %u fields as in the header, found %u",
                                  r->name, (long long)c->record_line, header_count, c->field_count);
        if (read_record(r) < 0) return -1;
    }
    if (rc < 0) return -1;
    if (c->read_failed) return kpirt_ctx_fail(r->ctx, "%s: read error", r->name);
    return 0;
}

static long read_stream(void *user, char *buf, size_t cap) {
    FILE *f = user;
    size_t n = fread(buf, 1, cap, f);
    if (n == 0 && ferror(f)) return -1;
    return (long)n;
}

int kpirt_load_periods_stream(kpirt_ctx *ctx, const char *name, kpirt_read_fn read, void *user) {
    /* the query's result is UTF-8 text; the decoder drops a byte-order mark and reads UTF-16 (encoding.c) */
    kpirt_text_decoder *d = kpirt_xmalloc(sizeof *d);
    kpirt_text_init(d, KPIRT_ENCODING_UTF8, read, user);
    kpirt_csv_reader *c = kpirt_xcalloc(1, sizeof *c);
    c->read = kpirt_text_read_fn();
    c->user = d;
    c->line = 1;
    c->col = 1;
    reader r = {.ctx = ctx, .csv = c, .name = name};
    int rc = d->nul_at ? -1 : load(&r);
    if (d->nul_at || d->failed || d->truncated) rc = kpirt_text_fail(d, ctx, name);
    free(c->rec);
    free(c->fields);
    free(c);
    free(d);
    kpirt_period_store *s = &ctx->periods;
    if (s->count) qsort(s->values, s->count, sizeof *s->values, compare_values);
    for (size_t i = 1; rc == 0 && i < s->count; i++)
        if (compare_values(&s->values[i - 1], &s->values[i]) == 0)
            rc = kpirt_ctx_fail(ctx, "%s: metric \"%s\" has two %s values for one period", name,
                                ctx->program->metrics[s->values[i].metric].name,
                                kpirt_granularity_name((kpirt_granularity)s->values[i].granularity));
    return rc;
}

int kpirt_load_periods_file(kpirt_ctx *ctx, const char *path) {
    if (strcmp(path, "-") == 0) return kpirt_load_periods_stream(ctx, "<stdin>", read_stream, stdin);
    FILE *f = fopen(path, "rb");
    if (!f) return kpirt_ctx_fail(ctx, "%s: cannot open the periods: %s", path, strerror(errno));
    int rc = kpirt_load_periods_stream(ctx, path, read_stream, f);
    fclose(f);
    return rc;
}
