/*
** kpirt_internal.h: what the runtime's files share and nobody else sees.
**
** The evaluation context (kpirt_ctx) with its day cells and count_distinct
** sets, the current CSV record (kpirt_row), a small string pool, and the
** helpers that record errors with file:line:column. Generated code only
** knows the opaque types of kpirt_abi.h.
*/
#ifndef KPIRT_INTERNAL_H
#define KPIRT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kpirt.h"

#define KPIRT_GRANULARITIES 5

/* ---- util.c --------------------------------------------------------------------- */

/* malloc/calloc/realloc that abort with a message when memory runs out. */
void *kpirt_xmalloc(size_t size);
void *kpirt_xcalloc(size_t count, size_t size);
void *kpirt_xrealloc(void *ptr, size_t size);

/* A bump allocator for strings that live as long as the context. */
typedef struct kpirt_pool_block kpirt_pool_block;
typedef struct kpirt_pool {
    kpirt_pool_block *head;
} kpirt_pool;
char *kpirt_pool_strndup(kpirt_pool *pool, const char *s, size_t len);
void kpirt_pool_free(kpirt_pool *pool);

/* The candidate closest to name within a small distance (kpirt_edit_distance), or NULL. */
const char *kpirt_closest_name(const char *name, const char *const *candidates, size_t count);

/* ---- accum.c: day cells and count_distinct sets ------------------------------------ */

typedef struct kpirt_day_store {
    kpirt_cell **pages; /* page table covering [first_page, first_page + page_count) */
    int64_t first_page;
    uint32_t page_count;
    uint32_t metric_count; /* cells per day */
} kpirt_day_store;

/* ---- distinct.c: count_distinct sets ---------------------------------------------- */

/* One distinct value of one metric; its bytes live in the store's pool. */
typedef struct kpirt_distinct_value {
    const char *text;
    uint32_t len, metric;
} kpirt_distinct_value;

typedef struct kpirt_distinct_count {
    uint64_t key; /* 0: empty slot */
    int64_t count;
} kpirt_distinct_count;

typedef struct kpirt_distinct_store {
    uint64_t key[2];              /* SipHash key, random per run */
    kpirt_distinct_value *values; /* [1, value_count]; id 0 is "none" */
    uint32_t value_count, value_cap;
    uint32_t *index; /* open addressing, value ids, at most half full */
    size_t index_cap;
    int32_t *first_period; /* per value and kept rhythm: the period it was first seen in */
    uint64_t *pairs;       /* (value, rhythm, period) seen after the first period */
    size_t pair_cap, pair_used;
    kpirt_distinct_count *counts; /* (metric, rhythm, period) -> distinct values */
    size_t count_cap, count_used;
    bool kept[KPIRT_GRANULARITIES]; /* granularities the goals review on */
    int8_t kept_slot[KPIRT_GRANULARITIES];
    uint8_t kept_count; /* 0 until the first value; UINT8_MAX when none is kept */
    kpirt_pool strings;
} kpirt_distinct_store;

/* SipHash-1-3 of data under a 128-bit key, and a key drawn at random (getrandom). */
uint64_t kpirt_siphash(const uint64_t key[2], const void *data, size_t len);
void kpirt_random_key(uint64_t key[2]);

void kpirt_day_store_init(kpirt_day_store *s, uint32_t metric_count);
void kpirt_day_store_free(kpirt_day_store *s);
/* The cells of one day, or NULL when no row touched it. */
const kpirt_cell *kpirt_day_store_peek(const kpirt_day_store *s, kpirt_day day);
/* The first and last day on which any metric has an observation; KPIRT_NO_DAY when none. */
void kpirt_day_store_span(const kpirt_day_store *s, kpirt_day *first, kpirt_day *last);

/* dst += src, cell by cell, src's rows after dst's; 1 (dst unchanged) when a sum would overflow. */
int kpirt_day_store_merge(kpirt_day_store *dst, const kpirt_day_store *src);

void kpirt_distinct_init(kpirt_distinct_store *s);
/* Adds src's values and the periods they were seen in to ctx's sets; -1 (message in ctx) when full. */
int kpirt_distinct_merge(kpirt_ctx *ctx, const kpirt_distinct_store *src);
void kpirt_distinct_free(kpirt_distinct_store *s);
int64_t kpirt_distinct_count_of(const kpirt_distinct_store *s, uint32_t metric, kpirt_granularity g,
                                int32_t period);

/* ---- periods.c: per-period values a database computed (kpic sql) ---------------------- */

typedef struct kpirt_period_value {
    uint32_t metric;
    uint8_t granularity;
    int32_t period;
    bool has_value;
    int64_t value; /* scaled; avg: the sum */
    int64_t n;     /* observations */
} kpirt_period_value;

typedef struct kpirt_period_store {
    kpirt_period_value *values; /* sorted by metric, granularity, period once loaded */
    size_t count, cap;
    bool *covered; /* per source: its values come from the periods, not from rows */
    /* per source, the only record of them (the report's totals are derived): */
    uint64_t *source_rows;   /* the rows its table holds */
    kpirt_day *source_first; /* its first and last day observed; KPIRT_NO_DAY when none */
    kpirt_day *source_last;
} kpirt_period_store;

void kpirt_periods_init(kpirt_period_store *s, uint32_t source_count);
void kpirt_periods_free(kpirt_period_store *s);
const kpirt_period_value *kpirt_periods_find(const kpirt_period_store *s, uint32_t metric,
                                             kpirt_granularity g, int32_t period);
/* Whether the store holds a value of the metric at granularity g; at any granularity. */
bool kpirt_periods_has(const kpirt_period_store *s, uint32_t metric, kpirt_granularity g);
bool kpirt_periods_has_any(const kpirt_period_store *s, uint32_t metric);
/* kpirt_base_value for a metric of a covered source. */
int kpirt_periods_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                        double *out);

/* ---- eval.c: the status rules ------------------------------------------------------- */

/*
** A value as the status rules compare it: a fixed-point integer of `digits`
** decimals (4 or 6; eval.c says why), exact for a measure, the nearest for
** any other value, INT64_MIN or INT64_MAX beyond the range. Every judgement
** (status, budget, realism) compares through it, never with a slack.
*/
int64_t kpirt_fixed(kpirt_opt v, int digits);

/* "2025-12" for one period, "2025-10 to 2025-12" for several (baseline_period, realism's windows). */
void kpirt_period_span(int32_t first, int32_t last, kpirt_granularity gran, char *out, size_t cap);

/* A value of a period: 1 with *out set (exact when it is a measure), 0 for no value. */
typedef int (*kpirt_opt_fn)(void *user, int32_t period, kpirt_opt *out);
/*
** kpirt_evaluate_goal on values that may be exact, judged in decimal at the
** precision of the metric's unit (eval.c explains the comparisons).
*/
void kpirt_judge_goal(const kpirt_goal_desc *g, kpirt_unit_kind unit, kpirt_day as_of, kpirt_opt_fn value,
                      void *user, kpirt_goal_report *out);

/* ---- project.c: projections and their 80% prediction interval ------------------------ */

/* A least-squares line y = intercept + slope * x, with what its prediction interval needs. */
typedef struct kpirt_trend {
    size_t n;
    double mean_x, sxx, slope, intercept;
    double variance; /* of the residuals, SSE / (n - 2); NaN below 3 points */
} kpirt_trend;
/* Fits n >= 1 points (one point: a flat line through it); false when n is 0 or every x is the same. */
bool kpirt_trend_fit(const double *x, const double *y, size_t n, kpirt_trend *t);
/*
** The sum of w[k] x (the line at x[k]), k < m: the prediction of that sum of
** new points; *half is the half-width of its 80% prediction interval
** (t(0.9, n - 2) x the prediction's standard error), NaN below 3 points.
*/
double kpirt_trend_predict(const kpirt_trend *t, const double *x, const double *w, size_t m, double *half);
/* Student's t quantile: P(T <= t) = p with df degrees of freedom (0.5 < p < 1), else NaN. */
double kpirt_student_t(double p, uint32_t df);

typedef struct kpirt_projection_in {
    kpirt_value_fn value; /* a period's own value (for a cumulative goal, not the total) */
    void *user;
    kpirt_granularity review;
    int32_t start_p, current_p, deadline_p;
    bool cumulative; /* predict the total: so_far plus the periods after current_p */
    double so_far;   /* the total up to current_p; 0 unless cumulative */
} kpirt_projection_in;
typedef struct kpirt_projection {
    kpirt_opt value, low, high; /* low and high absent below 3 points */
    const char *method;         /* "seasonal", "linear"; NULL when there is no projection */
    uint32_t points;            /* the points the line was fitted on */
    double ratio;               /* seasonal: the year-on-year ratio the line reads at the deadline */
} kpirt_projection;
/* docs/evaluation.md, "Projection": seasonal with a year and a period of history, else linear. */
void kpirt_project(const kpirt_projection_in *in, kpirt_projection *out);
/*
** Sets out->projection_why when the goal's status and its projection's
** disagree (one good news, the other bad), else clears it: the clause says
** what each is based on. Call it again whenever the status changes.
*/
void kpirt_projection_explain(kpirt_goal_report *out, kpirt_day as_of);

/* ---- segment.c: `where` and `for` texts no row held ------------------------------------ */

#define KPIRT_SEGMENT_LISTED 3 /* texts a warning without a close one names */
#define KPIRT_SEGMENT_RECENT 8 /* texts already weighed, to skip their distance (speed only) */

/*
** What the rows said about one segment while none held its text: the
** closest text the column held and the first few in byte order. Both depend
** only on the set of texts, never on their order, so that chunks read on
** any number of threads merge into what one reader finds.
*/
typedef struct kpirt_segment_seen {
    bool matched;
    bool more; /* the column held texts beyond `listed` */
    uint8_t listed_count;
    uint8_t recent_next;
    unsigned best_distance; /* UINT_MAX: no close text yet */
    char best[KPIRT_SEGMENT_TEXT_MAX + 1];
    char listed[KPIRT_SEGMENT_LISTED][KPIRT_SEGMENT_TEXT_MAX + 1];
    uint8_t recent_len[KPIRT_SEGMENT_RECENT];
    char recent[KPIRT_SEGMENT_RECENT][KPIRT_SEGMENT_TEXT_MAX];
} kpirt_segment_seen;

typedef struct kpirt_segment_store {
    kpirt_segment_seen *seen; /* per program segment */
    uint32_t *open;           /* per source: its segments no row held yet */
} kpirt_segment_store;

void kpirt_segments_init(kpirt_segment_store *s, const kpirt_program *p);
void kpirt_segments_free(kpirt_segment_store *s);
/* Notes a good row (its source's segments that it holds, or the texts it holds instead). */
void kpirt_segments_note(kpirt_ctx *ctx, const kpirt_row *row);
/* dst learns what src's rows said. */
void kpirt_segments_merge(kpirt_segment_store *dst, const kpirt_segment_store *src, const kpirt_program *p);
/* Fills report->unmatched: the segments of sources read from rows that none held, for selected goals. */
void kpirt_segments_report(const kpirt_ctx *ctx, kpirt_report *report);

/* ---- the context ----------------------------------------------------------------- */

/*
** The derived metrics already computed in the evaluation under way: entry i
** is valid when stamp[i] == generation. kpirt_metric_value, and a request
** for another period, start a new generation, so a value is shared only
** within one evaluation of one metric in one period and can never be stale.
*/
typedef struct kpirt_metric_memo {
    uint32_t generation;
    int granularity;
    int32_t period;
    /*
    ** The days a formula with `per day` or `over N days` reads under way
    ** (window_first == KPIRT_NO_DAY: none): every base operand reads them,
    ** without its own options, and the formula's value is divided once.
    */
    kpirt_day window_first, window_last;
    uint32_t *stamp;
    int *rc;
    double *value;
} kpirt_metric_memo;

/*
** The first value the roll-up could not give exactly (accum.c): a period sum
** that left the int64 range, or a window of a metric whose per-period values
** (--periods) hold no days. The evaluation fails naming it, rather than
** report an approximate number or a quiet "no data".
*/
typedef enum kpirt_rollup_problem {
    KPIRT_ROLLUP_OVERFLOW = 1,
    KPIRT_ROLLUP_NO_DAYS,
} kpirt_rollup_problem;

typedef struct kpirt_rollup_failure {
    kpirt_rollup_problem problem; /* 0: none yet */
    uint32_t metric;
    kpirt_granularity granularity;
    int32_t period;
} kpirt_rollup_failure;

/*
** The exact value (scaled) of a base metric in one period: 1 with *out, 0
** for no value, -1 when it cannot be given exactly (noted in ctx->failure), 2 when
** the aggregate is not exact (avg) or the metric is derived.
*/
int kpirt_base_exact(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                     int64_t *out);

/* Days as sorted, disjoint [lo, hi] ranges (files.c). */
typedef struct kpirt_day_ranges {
    kpirt_day *pairs; /* lo, hi, lo, hi, ... */
    uint32_t count;
} kpirt_day_ranges;
bool kpirt_day_ranges_has(const kpirt_day_ranges *r, kpirt_day day);

struct kpirt_ctx {
    const kpirt_program *program;
    kpirt_bad_row_policy on_bad_row;
    kpirt_day_store days;
    kpirt_distinct_store distinct;
    kpirt_metric_memo *memo; /* derived values of the evaluation under way (accum.c) */
    kpirt_period_store periods;
    kpirt_row *row; /* the record being processed, for messages */
    char error[KPIRT_MESSAGE_MAX];
    bool has_error;
    uint64_t rows_read, rows_skipped;
    uint32_t bad_row_count;
    char bad_rows[KPIRT_BAD_ROWS_KEPT][KPIRT_MESSAGE_MAX];
    kpirt_source_report *sources; /* per source: rows and the days of the rows used */
    uint32_t threads;             /* threads a data file may be read on (parallel.c); 1 unless asked */
    void (*note)(void *user, const char *message); /* what --verbose prints; NULL: nothing */
    void *note_user;
    bool overflowed;          /* a daily sum overflowed (a chunk then cannot stand for its rows) */
    kpirt_file_report *files; /* the files read so far; the last is being read */
    uint32_t file_count, file_cap;
    kpirt_rollup_failure *failure; /* written by the roll-up, which sees the context as const */
    kpirt_segment_store segments;  /* which `where`/`for` texts the rows held (segment.c) */
    /* days that later files of the source being read replace: their rows are left out of the
       count_distinct sets (files.c reads such a source's files last first); NULL: none */
    const kpirt_day_ranges *replaced;
};

/* Starts the record of a file being read (load.c); the path and title are copied. */
kpirt_file_report *kpirt_ctx_add_file(kpirt_ctx *ctx, uint32_t source, const char *path);
void kpirt_file_reports_free(kpirt_file_report *files, uint32_t count);

/* One field of the current record, as the reader unquoted it. */
typedef struct kpirt_field_span {
    uint32_t offset, len; /* into the record buffer */
    int64_t line;         /* where the field starts in the file */
    uint32_t column;      /* byte column, 1-based */
} kpirt_field_span;

struct kpirt_row {
    kpirt_ctx *ctx;
    const kpirt_source_desc *source;
    const char *file;               /* name for messages */
    const char *text;               /* record buffer; each field is NUL-terminated */
    const kpirt_field_span *fields; /* every field of the record */
    uint32_t field_count;
    const uint32_t *column_map; /* source column i -> record field */
    int64_t line;               /* first line of the record */
    kpirt_day day;              /* the record's date once converted, else KPIRT_NO_DAY */
    /* the file's dialect: the source's, or what a localised download uses */
    char decimal_mark, thousands_sep;
    const char *date_format;
    kpirt_day nth_base;             /* GA4 "Nth day" axis: the day numbered 0; KPIRT_NO_DAY: dates */
    kpirt_file_report *file_report; /* its first and last day grow with each date read */
};

/* Records an error about a field of the current row ("bad number ..."); returns -1. */
int kpirt_row_error(kpirt_row *row, uint32_t field, const char *what, const char *why);
/* Records an error with printf formatting; returns -1. */
int kpirt_ctx_fail(kpirt_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Tells ctx->note (--verbose) how the work is done; nothing when there is none. */
void kpirt_ctx_note(kpirt_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
** Adds what src counted from rows that come after dst's in file order:
** cells, count_distinct sets, row counts, bad rows (the first kept win),
** the days of each source, the `where` texts seen. Returns 0; 1, having changed nothing, when a
** daily sum would overflow (only reading the rows in order can say at
** which row); -1 with the message in dst when count_distinct is full.
*/
int kpirt_ctx_merge(kpirt_ctx *dst, const kpirt_ctx *src);

/* ---- cumulative.c: the totals of a `cumulative` goal ------------------------------- */

/* A metric's values (exact when they are measures) summed from the period `from` on. */
typedef struct kpirt_cumulative {
    kpirt_opt_fn value;
    void *user;
    int32_t from;
} kpirt_cumulative;
/*
** The total from c->from to period (a kpirt_opt_fn on a kpirt_cumulative),
** exact when every value is; 0 when no period has a value.
*/
int kpirt_cumulative_value(void *user, int32_t period, kpirt_opt *out);
/*
** Last year's total over the periods a year before start_p..deadline_p (c
** reads single periods): every one must have a value, else *baseline is
** left alone and why says which is missing. label: "2025-01 to 2025-12".
*/
void kpirt_cumulative_baseline(const kpirt_cumulative *c, kpirt_granularity g, int32_t start_p,
                               int32_t deadline_p, kpirt_opt *baseline, char *label, size_t label_cap,
                               char *why, size_t why_cap);
/* The share of last year's total reached a year before current_p, or NaN when last year is not all there. */
double kpirt_cumulative_shape(const kpirt_cumulative *c, kpirt_granularity g, int32_t start_p,
                              int32_t current_p, int32_t deadline_p);

/* ---- budget.c: a goal's budget and its pacing ----------------------------------------- */

/*
** out->budget of a goal already judged (out->series set), from the values of
** the metric that spends it per review period (spend, exact when measures);
** spender NULL when the goal names none.
*/
void kpirt_judge_budget(const kpirt_goal_desc *g, const kpirt_metric_desc *spender, kpirt_opt_fn spend,
                        void *user, kpirt_goal_report *out);

/* ---- csv.c ----------------------------------------------------------------------- */

int kpirt_csv_load(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user);

/* A kpirt_read_fn over text in memory (load.c): kpirt_load_text, and --engine's result. */
typedef struct kpirt_text_reader {
    const char *text;
    size_t len, pos;
} kpirt_text_reader;
long kpirt_read_text(void *user, char *buf, size_t cap);

/* ---- files.c --------------------------------------------------------------------- */

/* Paths in order, each malloc'd. */
typedef struct kpirt_path_list {
    char **items;
    uint32_t count, cap;
} kpirt_path_list;
void kpirt_path_list_free(kpirt_path_list *l);

/*
** Appends the files a path names for a source: a glob's matches or a
** folder's data files (*.csv, *.tsv, *.txt), in name order, folders left
** out; any other path as it is. Returns NULL, or why nothing was appended
** ("no file matches", "is a folder without data files ...").
*/
const char *kpirt_expand_data_path(const char *path, kpirt_path_list *out);

/*
** Reads the files of one source, in order: each path may be a glob or a
** folder (its files in name order). With several files, the days a later
** file covers replace the same days of the earlier ones. Returns 0 or -1.
*/
int kpirt_load_source_files(kpirt_ctx *ctx, uint32_t source, const char *const *paths, uint32_t count);

/* ---- report.c -------------------------------------------------------------------- */

/* Appends text to a growable buffer (for writers that build lines). */
typedef struct kpirt_buf {
    char *data;
    size_t len, cap;
} kpirt_buf;
void kpirt_buf_put(kpirt_buf *b, const char *s, size_t len);
void kpirt_buf_puts(kpirt_buf *b, const char *s);
void kpirt_buf_printf(kpirt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kpirt_buf_free(kpirt_buf *b);

/* report_files.c: the files a source was read from, when that says more than one plain CSV. */
bool kpirt_report_files_noteworthy(const kpirt_report *r);
void kpirt_report_files_text(const kpirt_report *r, kpirt_buf *b);

/* ---- report_text_notes.c ------------------------------------------------------- */

/*
** realism.c: the finding in a few words, for the terminal's narrow line:
** "asks +65.0%, at most +12.0% in 18 months".
*/
int kpirt_realism_brief(const kpirt_realism *r, char *out, size_t cap);

/* "+15.4%", "-3.0%", ">+999%": a relative change for people. */
void kpirt_text_change(double change, char *out, size_t cap);
/* A value in the dashboard's short human form: 12.3k, 1.5M, 3.2%, 512.30, 1500. */
void kpirt_text_compact(double v, kpirt_unit_kind unit, char *out, size_t cap);
/*
** The lines under a goal's row of the terminal dashboard: the current
** period against the period before and a year earlier, the budget's spend
** and pacing, the projection with its 80% range (and why it differs from
** the status), and the goal's `why`; branches continues the driver tree.
*/
void kpirt_text_notes(kpirt_buf *b, const kpirt_goal_report *g, const kpirt_write_options *o,
                      const char *branches);

/*
** How urgently a status asks for action, 0 first: missed, breached,
** overspend (a budget's), off track, at risk, stale, uncertain (a
** projection's), no data, not started, on track, ok, achieved; NONE last.
** Reports list statuses and goals worst first in this order.
*/
int kpirt_status_rank(kpirt_status s);

#endif
