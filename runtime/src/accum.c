/*
** accum.c: where rows end up. Every base metric has one kpirt_cell per day
** (sum, count, min, max, last), kept in pages of 64 days so that memory
** grows with the days the data covers times the metrics, never with rows.
** At evaluation the cells of a period's days are rolled up into the period's
** aggregate, or (`over 28 days`) the cells of the days ending on its last
** day, divided by their number for `per day`. count_distinct cannot be
** rolled up from daily counts: its values are kept by distinct.c.
*/
#include "kpirt_internal.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_DAYS 64

static int64_t page_of(kpirt_day day) {
    int64_t d = day;
    return d >= 0 ? d / PAGE_DAYS : -((-d + PAGE_DAYS - 1) / PAGE_DAYS);
}

void kpirt_day_store_init(kpirt_day_store *s, uint32_t metric_count) {
    memset(s, 0, sizeof *s);
    s->metric_count = metric_count ? metric_count : 1;
}

void kpirt_day_store_free(kpirt_day_store *s) {
    for (uint32_t i = 0; i < s->page_count; i++) free(s->pages[i]);
    free(s->pages);
    memset(s, 0, sizeof *s);
}

const kpirt_cell *kpirt_day_store_peek(const kpirt_day_store *s, kpirt_day day) {
    int64_t p = page_of(day) - s->first_page;
    if (s->page_count == 0 || p < 0 || p >= s->page_count || !s->pages[p]) return NULL;
    return s->pages[p] + (int64_t)(day - page_of(day) * PAGE_DAYS) * s->metric_count;
}

void kpirt_day_store_span(const kpirt_day_store *s, kpirt_day *first, kpirt_day *last) {
    *first = *last = KPIRT_NO_DAY;
    for (uint32_t p = 0; p < s->page_count; p++) {
        if (!s->pages[p]) continue;
        for (uint32_t i = 0; i < PAGE_DAYS; i++) {
            const kpirt_cell *cells = s->pages[p] + (size_t)i * s->metric_count;
            bool any = false;
            for (uint32_t m = 0; m < s->metric_count && !any; m++) any = cells[m].count > 0;
            if (!any) continue;
            kpirt_day d = (kpirt_day)((s->first_page + p) * PAGE_DAYS + i);
            if (*first == KPIRT_NO_DAY) *first = d;
            *last = d;
        }
    }
}

/* Grows the page table so that it covers page; new entries are NULL. */
static void cover_page(kpirt_day_store *s, int64_t page) {
    if (s->page_count == 0) {
        s->pages = kpirt_xcalloc(1, sizeof *s->pages);
        s->first_page = page;
        s->page_count = 1;
        return;
    }
    int64_t lo = s->first_page < page ? s->first_page : page;
    int64_t hi = s->first_page + s->page_count > page + 1 ? s->first_page + s->page_count : page + 1;
    if (lo == s->first_page && hi == s->first_page + s->page_count) return;
    kpirt_cell **pages = kpirt_xcalloc((size_t)(hi - lo), sizeof *pages);
    memcpy(pages + (s->first_page - lo), s->pages, s->page_count * sizeof *pages);
    free(s->pages);
    s->pages = pages;
    s->first_page = lo;
    s->page_count = (uint32_t)(hi - lo);
}

/* The cells of a page, made on first use. */
static kpirt_cell *page_cells(kpirt_day_store *s, int64_t page) {
    cover_page(s, page);
    kpirt_cell **slot = &s->pages[page - s->first_page];
    if (!*slot) *slot = kpirt_xcalloc((size_t)PAGE_DAYS * s->metric_count, sizeof(kpirt_cell));
    return *slot;
}

kpirt_cell *kpirt_day_cells(kpirt_ctx *ctx, kpirt_day day) {
    kpirt_day_store *s = &ctx->days;
    int64_t page = page_of(day);
    return page_cells(s, page) + (int64_t)(day - page * PAGE_DAYS) * s->metric_count;
}

/*
** Two chunks' cells of one day add up as the rows would have one after the
** other: sums and counts add, min and max widen, and the later chunk's last
** observation is the day's last. Fields a metric's row code does not keep
** (min, max, last of a sum) merge into values nobody reads.
*/
int kpirt_day_store_merge(kpirt_day_store *dst, const kpirt_day_store *src) {
    size_t per_page = (size_t)PAGE_DAYS * src->metric_count;
    for (uint32_t p = 0; p < src->page_count; p++) { /* first look: nothing changes on an overflow */
        int64_t page = src->first_page + p, at = page - dst->first_page;
        if (!src->pages[p] || dst->page_count == 0 || at < 0 || at >= dst->page_count || !dst->pages[at])
            continue;
        for (size_t i = 0; i < per_page; i++) {
            int64_t sum;
            if (__builtin_add_overflow(dst->pages[at][i].sum, src->pages[p][i].sum, &sum)) return 1;
        }
    }
    for (uint32_t p = 0; p < src->page_count; p++) {
        if (!src->pages[p]) continue;
        kpirt_cell *to = page_cells(dst, src->first_page + p);
        const kpirt_cell *from = src->pages[p];
        for (size_t i = 0; i < per_page; i++) {
            const kpirt_cell *c = &from[i];
            kpirt_cell *d = &to[i];
            if (c->count == 0) continue;
            if (d->count == 0) {
                *d = *c;
                continue;
            }
            d->sum += c->sum;
            d->count += c->count;
            if (c->min < d->min) d->min = c->min;
            if (c->max > d->max) d->max = c->max;
            d->last = c->last;
        }
    }
    return 0;
}

/* The metric a cell belongs to (for messages only). */
static int64_t metric_of_cell(const kpirt_ctx *ctx, const kpirt_cell *cell) {
    const kpirt_day_store *s = &ctx->days;
    for (uint32_t i = 0; i < s->page_count; i++) {
        const kpirt_cell *p = s->pages[i];
        if (p && cell >= p && cell < p + (size_t)PAGE_DAYS * s->metric_count)
            return (cell - p) % s->metric_count;
    }
    return -1;
}

int kpirt_cell_add(kpirt_ctx *ctx, kpirt_cell *cell, int64_t scaled) {
    int64_t sum;
    if (__builtin_add_overflow(cell->sum, scaled, &sum)) {
        int64_t m = metric_of_cell(ctx, cell);
        return kpirt_overflow(ctx, m < 0 ? UINT32_MAX : (uint32_t)m);
    }
    if (cell->count == 0 || scaled < cell->min) cell->min = scaled;
    if (cell->count == 0 || scaled > cell->max) cell->max = scaled;
    cell->sum = sum;
    cell->count++;
    cell->last = scaled;
    return 0;
}

int kpirt_overflow(kpirt_ctx *ctx, uint32_t metric) {
    const char *name = metric < ctx->program->metric_count ? ctx->program->metrics[metric].name : "?";
    const kpirt_row *row = ctx->row;
    ctx->overflowed = true;
    if (row)
        return kpirt_ctx_fail(ctx,
                              "%s:%lld: the daily sum of metric \"%s\" overflows "
                              "(the limit is about 922 trillion)",
                              row->file, (long long)row->line, name);
    return kpirt_ctx_fail(ctx, "the daily sum of metric \"%s\" overflows (the limit is about 922 trillion)",
                          name);
}

/* ---- roll-up --------------------------------------------------------------------- */

/*
** The days one value of a metric covers (docs/evaluation.md, "Fair
** periods"): the period's, or the N days ending on its last day for `over N
** days`; an operand of a formula with its own days reads those, without its
** own options. *divide: the value is divided by the number of days (`per
** day`). Returns whether they are exactly the period's days.
*/
static bool value_days(const kpirt_ctx *ctx, const kpirt_metric_desc *md, kpirt_granularity g, int32_t period,
                       kpirt_day *first, kpirt_day *last, bool *divide) {
    const kpirt_metric_memo *memo = ctx->memo;
    kpirt_day own_first = kpirt_period_first_day(period, g), own_last = kpirt_period_last_day(period, g);
    *divide = false;
    if (memo->window_first != KPIRT_NO_DAY) {
        *first = memo->window_first;
        *last = memo->window_last;
    } else {
        *last = own_last;
        *first = md->window_days > 0 ? own_last - md->window_days + 1 : own_first;
        *divide = md->per_day != 0;
    }
    return *first == own_first && *last == own_last;
}

static bool has_fair_options(const kpirt_metric_desc *md) {
    return md->per_day || md->window_days > 0;
}

/*
** A total divided by its days, rounded half away from zero to the 4
** decimals of measures: computed on the integers, so a per-day value of
** money is the same decimal on every machine and for any --threads.
*/
static int64_t per_day_scaled(int64_t total, kpirt_day first, kpirt_day last) {
    int64_t days = (int64_t)(last - first + 1), q = total / days, r = total % days;
    if (2 * (r < 0 ? -r : r) >= days) q += total < 0 ? -1 : 1;
    return q;
}

/* The cells of one metric over some days, added up exactly. */
typedef struct rollup {
    int64_t sum, count, min, max, latest;
} rollup;

static bool from_periods(const kpirt_ctx *ctx, uint32_t metric) {
    int32_t source = ctx->program->metrics[metric].source;
    return source >= 0 && (uint32_t)source < ctx->program->source_count && ctx->periods.covered[source];
}

/*
** A metric's cell of one day: its own from the rows, or, when its source's
** values come from a database (--periods), the day's row of the query's
** result as a cell (value and n; the value is the day's sum, minimum,
** maximum or last as the aggregate asks, so each field holds it).
*/
static const kpirt_cell *day_cell(const kpirt_ctx *ctx, uint32_t metric, bool periods, kpirt_day d,
                                  kpirt_cell *scratch) {
    if (!periods) {
        const kpirt_cell *cells = kpirt_day_store_peek(&ctx->days, d);
        return cells && cells[metric].count ? &cells[metric] : NULL;
    }
    const kpirt_period_value *v = kpirt_periods_find(&ctx->periods, metric, KPIRT_DAY, d);
    if (!v || !v->has_value || v->n == 0) return NULL;
    *scratch =
        (kpirt_cell){.sum = v->value, .count = v->n, .min = v->value, .max = v->value, .last = v->value};
    return scratch;
}

static int fail_rollup(const kpirt_ctx *ctx, kpirt_rollup_problem problem, uint32_t metric,
                       kpirt_granularity g, int32_t period) {
    kpirt_rollup_failure *f = ctx->failure;
    if (!f->problem) *f = (kpirt_rollup_failure){problem, metric, g, period};
    return -1;
}

/*
** Returns 1 with *r, 0 when the days have no observation, -1 when the sum
** leaves the int64 range or the periods of a database hold no days for a
** window: never an approximation or a quiet "no data", the evaluation fails
** naming the metric and the period (the first such failure is noted).
*/
static int roll_up(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                   kpirt_day first, kpirt_day last, rollup *r) {
    bool periods = from_periods(ctx, metric);
    memset(r, 0, sizeof *r);
    if (periods && !kpirt_periods_has(&ctx->periods, metric, KPIRT_DAY) &&
        kpirt_periods_has_any(&ctx->periods, metric))
        return fail_rollup(ctx, KPIRT_ROLLUP_NO_DAYS, metric, g, period);
    kpirt_cell scratch;
    for (kpirt_day d = first; d <= last; d++) {
        const kpirt_cell *c = day_cell(ctx, metric, periods, d, &scratch);
        if (!c) continue;
        if (__builtin_add_overflow(r->sum, c->sum, &r->sum))
            return fail_rollup(ctx, KPIRT_ROLLUP_OVERFLOW, metric, g, period);
        if (r->count == 0 || c->min < r->min) r->min = c->min;
        if (r->count == 0 || c->max > r->max) r->max = c->max;
        r->latest = c->last;
        r->count += c->count;
    }
    return r->count > 0;
}

/*
** The exact value over first..last, as kpirt_base_exact returns it. A
** database's values of a whole period are taken as they are; other days
** (a window) are rolled up from its daily values. Distinct counts exist
** per period only: a window of them has no value (sema rejects it, B005).
*/
static int exact_over(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                      kpirt_day first, kpirt_day last, bool whole_period, int64_t *out) {
    const kpirt_program *prog = ctx->program;
    kpirt_aggregate agg = prog->metrics[metric].aggregate;
    if (from_periods(ctx, metric) && (whole_period || agg == KPIRT_AGG_COUNT_DISTINCT)) {
        const kpirt_period_value *v =
            whole_period ? kpirt_periods_find(&ctx->periods, metric, g, period) : NULL;
        if (!v || !v->has_value || (agg == KPIRT_AGG_COUNT_DISTINCT ? v->value == 0 : v->n == 0)) return 0;
        *out = v->value;
        return 1;
    }
    if (agg == KPIRT_AGG_COUNT_DISTINCT) {
        int64_t n = whole_period ? kpirt_distinct_count_of(&ctx->distinct, metric, g, period) : 0;
        if (n == 0) return 0;
        return __builtin_mul_overflow(n, (int64_t)KPIRT_SCALE, out) ? 2 : 1;
    }
    rollup r;
    int rc = roll_up(ctx, metric, g, period, first, last, &r);
    if (rc <= 0) return rc;
    switch (agg) {
    case KPIRT_AGG_SUM: *out = r.sum; break;
    case KPIRT_AGG_COUNT:
        if (__builtin_mul_overflow(r.count, (int64_t)KPIRT_SCALE, out)) return 2;
        break;
    case KPIRT_AGG_MIN: *out = r.min; break;
    case KPIRT_AGG_MAX: *out = r.max; break;
    case KPIRT_AGG_LAST: *out = r.latest; break;
    default: return 2;
    }
    return 1;
}

int kpirt_base_exact(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                     int64_t *out) {
    const kpirt_program *prog = ctx->program;
    if (metric >= prog->metric_count || prog->metrics[metric].source < 0) return 2;
    const kpirt_metric_desc *md = &prog->metrics[metric];
    if (md->aggregate == KPIRT_AGG_AVG) return 2; /* a quotient: judged at the unit's precision */
    kpirt_day first, last;
    bool divide;
    bool whole = value_days(ctx, md, g, period, &first, &last, &divide);
    int64_t v;
    int rc = exact_over(ctx, metric, g, period, first, last, whole, &v);
    if (rc != 1) return rc;
    *out = divide ? per_day_scaled(v, first, last) : v;
    return 1;
}

int kpirt_base_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                     double *out) {
    const kpirt_program *prog = ctx->program;
    if (metric >= prog->metric_count) return 0;
    const kpirt_metric_desc *md = &prog->metrics[metric];
    kpirt_aggregate agg = md->aggregate;
    kpirt_day first, last;
    bool divide;
    bool whole = value_days(ctx, md, g, period, &first, &last, &divide);
    if (from_periods(ctx, metric) && whole && !divide)
        return kpirt_periods_value(ctx, metric, g, period, out);

    if (agg == KPIRT_AGG_COUNT_DISTINCT || divide) {
        /* the same decimal as the exact value, so that every report and rule sees one number */
        int64_t v;
        if (kpirt_base_exact(ctx, metric, g, period, &v) != 1) return 0;
        *out = (double)v / KPIRT_SCALE;
        return 1;
    }

    rollup r;
    if (roll_up(ctx, metric, g, period, first, last, &r) <= 0) return 0;
    double total = (double)r.sum / KPIRT_SCALE;
    switch (agg) {
    case KPIRT_AGG_SUM: *out = total; break;
    case KPIRT_AGG_COUNT: *out = (double)r.count; break;
    case KPIRT_AGG_AVG: *out = total / (double)r.count; break;
    case KPIRT_AGG_MIN: *out = (double)r.min / KPIRT_SCALE; break;
    case KPIRT_AGG_MAX: *out = (double)r.max / KPIRT_SCALE; break;
    case KPIRT_AGG_LAST: *out = (double)r.latest / KPIRT_SCALE; break;
    default: return 0;
    }
    return 1;
}

int kpirt_base_sum_scaled(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                          int64_t *out) {
    kpirt_day first = kpirt_period_first_day(period, g), last = kpirt_period_last_day(period, g);
    int64_t sum = 0, count = 0;
    if (metric >= ctx->program->metric_count) return 0;
    for (kpirt_day d = first; d <= last; d++) {
        const kpirt_cell *cells = kpirt_day_store_peek(&ctx->days, d);
        if (!cells || cells[metric].count == 0) continue;
        if (__builtin_add_overflow(sum, cells[metric].sum, &sum)) return -1;
        count += cells[metric].count;
    }
    if (count == 0) return 0;
    *out = sum;
    return 1;
}

/* A new generation of the derived-value memo: every value kept so far is forgotten. */
static void memo_restart(const kpirt_ctx *ctx, kpirt_granularity g, int32_t period) {
    kpirt_metric_memo *memo = ctx->memo;
    memo->granularity = (int)g;
    memo->period = period;
    if (++memo->generation == 0) { /* after 2^32 generations: forget every stamp */
        memset(memo->stamp, 0, sizeof *memo->stamp * ctx->program->metric_count);
        memo->generation = 1;
    }
}

/*
** A formula's value. With `per day` or `over N days` (and no such formula
** of its own under way), its operands are read over its days, and the value
** is divided once: a fresh memo generation before and after, so that no
** value read over other days is shared.
*/
static int formula_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                         double *out) {
    const kpirt_metric_desc *md = &ctx->program->metrics[metric];
    kpirt_metric_memo *memo = ctx->memo;
    if (md->source >= 0 || !has_fair_options(md) || memo->window_first != KPIRT_NO_DAY)
        return ctx->program->metric_value(ctx, metric, g, period, out);
    kpirt_day first, last;
    bool divide;
    value_days(ctx, md, g, period, &first, &last, &divide);
    memo->window_first = first;
    memo->window_last = last;
    memo_restart(ctx, g, period);
    int rc = ctx->program->metric_value(ctx, metric, g, period, out);
    memo->window_first = memo->window_last = KPIRT_NO_DAY;
    memo_restart(ctx, g, period);
    if (rc == 1 && divide) *out /= (double)(last - first + 1);
    return rc;
}

int kpirt_metric_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                       double *out) {
    memo_restart(ctx, g, period);
    if (metric >= ctx->program->metric_count) return 0;
    if (ctx->program->metric_value) return formula_value(ctx, metric, g, period, out);
    return kpirt_base_value(ctx, metric, g, period, out);
}

int kpirt_derived_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                        double *out) {
    kpirt_metric_memo *memo = ctx->memo;
    if (metric >= ctx->program->metric_count || !ctx->program->metric_value) return 0;
    if (memo->granularity != (int)g || memo->period != period) memo_restart(ctx, g, period);
    if (memo->stamp[metric] != memo->generation) {
        double value = 0;
        int rc = formula_value(ctx, metric, g, period, &value);
        memo->stamp[metric] = memo->generation;
        memo->rc[metric] = rc;
        memo->value[metric] = value;
    }
    if (memo->rc[metric] == 1) *out = memo->value[metric];
    return memo->rc[metric];
}

int kpirt_text_in(const char *ptr, int64_t len, const char *blob, const int64_t *offsets, uint32_t count) {
    uint32_t lo = 0, hi = count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int64_t key_len = offsets[mid + 1] - offsets[mid];
        int order = key_len != len ? (key_len < len ? -1 : 1)
                    : len          ? memcmp(blob + offsets[mid], ptr, (size_t)len)
                                   : 0;
        if (order == 0) return 1;
        if (order < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}
