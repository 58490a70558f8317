/*
** kpirt_abi.h: the contract between a compiled evaluator and the runtime.
**
** kpic lowers a checked program to LLVM IR that defines one constant
** kpirt_program (the descriptor below) plus the functions it points to:
**
**   - per source, a row function: test the `where` filters on text fields,
**     convert the fields the passing metrics need, then add them into the
**     day's accumulator cells. It converts every field it needs before it
**     touches a cell, so a bad row is never half counted.
**   - metric_value: the value of any metric in one period; base metrics ask
**     the runtime for their rolled-up aggregate, derived metrics are compiled
**     formulas over other metrics (a division by zero is "no value").
**   - per goal, target: the target from a baseline, a call of
**     kpirt_goal_target_value with the goal's constants.
**
** The runtime (kpirt.h) owns input, dates and periods, roll-up from days to
** periods, the status rules, projection, reports and the command line. An
** executable's main is `return kpirt_main(&program, argc, argv);`.
**
** Changes to this header must be additive and bump KPIRT_ABI_VERSION.
*/
#ifndef KPIRT_ABI_H
#define KPIRT_ABI_H

#include <stddef.h>
#include <stdint.h>

#define KPIRT_ABI_VERSION 9

/* Measures are fixed-point: value * KPIRT_SCALE in an int64_t (4 decimals). */
#define KPIRT_SCALE 10000

/* Days since 1970-01-01 (proleptic Gregorian); KPIRT_NO_DAY when absent. */
typedef int32_t kpirt_day;
#define KPIRT_NO_DAY INT32_MIN

typedef enum kpirt_granularity {
    KPIRT_DAY = 0,
    KPIRT_WEEK = 1,
    KPIRT_MONTH = 2,
    KPIRT_QUARTER = 3,
    KPIRT_YEAR = 4
} kpirt_granularity;

typedef enum kpirt_aggregate {
    KPIRT_AGG_SUM = 0,
    KPIRT_AGG_COUNT,
    KPIRT_AGG_COUNT_DISTINCT,
    KPIRT_AGG_AVG,
    KPIRT_AGG_MIN,
    KPIRT_AGG_MAX,
    KPIRT_AGG_LAST
} kpirt_aggregate;

typedef enum kpirt_unit_kind {
    KPIRT_UNIT_NUMBER = 0,
    KPIRT_UNIT_COUNT,
    KPIRT_UNIT_MONEY,
    KPIRT_UNIT_PERCENT,
    KPIRT_UNIT_RATIO,
    KPIRT_UNIT_DURATION,
    KPIRT_UNIT_SCORE
} kpirt_unit_kind;

typedef enum kpirt_verb {
    KPIRT_VERB_RAISE = 0,
    KPIRT_VERB_LOWER,
    KPIRT_VERB_REACH,
    KPIRT_VERB_KEEP
} kpirt_verb;

typedef enum kpirt_amount_kind {
    KPIRT_AMOUNT_NONE = 0,
    KPIRT_AMOUNT_RELATIVE,
    KPIRT_AMOUNT_POINTS,
    KPIRT_AMOUNT_ABSOLUTE
} kpirt_amount_kind;

/* What a source reads: any CSV, or a download of one of the analytics tools (docs/data-sources.md). */
typedef enum kpirt_source_kind {
    KPIRT_SOURCE_CSV = 0,
    KPIRT_SOURCE_GA4,
    KPIRT_SOURCE_GOOGLE_ADS
} kpirt_source_kind;

/* The text encoding of a data file; UTF-16 is always recognised by its byte-order mark. */
typedef enum kpirt_encoding {
    KPIRT_ENCODING_UTF8 = 0,
    KPIRT_ENCODING_WINDOWS_1252,
    KPIRT_ENCODING_LATIN1,
    KPIRT_ENCODING_UTF16
} kpirt_encoding;

/* kpirt_source_desc.declared: the options the spec wrote. The others are the
** kind's defaults, which a download from a localised interface may change. */
#define KPIRT_DECLARED_DECIMAL 1u
#define KPIRT_DECLARED_THOUSANDS 2u
#define KPIRT_DECLARED_DATE_COLUMN 4u
#define KPIRT_DECLARED_FORMAT 8u

typedef enum kpirt_keep_kind { KPIRT_KEEP_BELOW = 0, KPIRT_KEEP_ABOVE, KPIRT_KEEP_BETWEEN } kpirt_keep_kind;

/*
** What a goal is judged against (ABI 4; docs/evaluation.md, "Baselines"):
** the last complete period before the start (the default), a declared
** amount, the same period a year earlier (per period), the mean of the N
** review periods before the start, or the mean of the review periods of a
** named period (`baseline 2025-Q4`).
*/
typedef enum kpirt_baseline_kind {
    KPIRT_BASELINE_PREVIOUS = 0,
    KPIRT_BASELINE_DECLARED,
    KPIRT_BASELINE_LAST_YEAR,
    KPIRT_BASELINE_AVERAGE,
    KPIRT_BASELINE_PERIOD
} kpirt_baseline_kind;

/* The expected path from baseline to target (ABI 4): a straight line, or the whole change from the first period. */
typedef enum kpirt_path { KPIRT_PATH_LINEAR = 0, KPIRT_PATH_FLAT } kpirt_path;

/*
** One accumulator cell: one base metric on one day. Generated code updates
** sum/count inline (with overflow checks) or through kpirt_cell_add, which
** maintains all fields.
*/
typedef struct kpirt_cell {
    int64_t sum;   /* scaled by KPIRT_SCALE */
    int64_t count; /* observations */
    int64_t min;   /* scaled; valid when count > 0 */
    int64_t max;
    int64_t last; /* value of the latest observation on this day (file order) */
} kpirt_cell;

typedef struct kpirt_ctx kpirt_ctx; /* one evaluation: accumulators, options, errors */
typedef struct kpirt_row kpirt_row; /* the current record of a source */

/* ---- called by generated code ------------------------------------------------ */

/*
** Field i of the row is the i-th name in the source's `columns` list.
** Return 0 on success, 1 for an empty field, -1 after recording an error with
** file, line, column and the offending text (the row function then returns -1).
*/
void kpirt_field_text(const kpirt_row *row, uint32_t field, const char **ptr, size_t *len);
int kpirt_field_decimal(kpirt_row *row, uint32_t field, int64_t *scaled_out);
int kpirt_field_date(kpirt_row *row, uint32_t field, kpirt_day *day_out);
/* kpirt_field_date never returns 1: a row without a date is a bad row (-1). */
/* Numeric comparisons in filters: field as double; same return convention. */
int kpirt_field_number(kpirt_row *row, uint32_t field, double *out);

/* The cells of every base metric (indexed by metric index) for one day. */
kpirt_cell *kpirt_day_cells(kpirt_ctx *ctx, kpirt_day day);
/* Adds one observation; returns -1 (error recorded) on overflow. */
int kpirt_cell_add(kpirt_ctx *ctx, kpirt_cell *cell, int64_t scaled);
/* count_distinct: adds the field's text to the metric's set for that day's periods. */
int kpirt_distinct_add(kpirt_ctx *ctx, uint32_t metric, kpirt_day day, const char *ptr, size_t len);
/*
** `where column in (...)` with many values (ABI 3): 1 when the field's len
** bytes at ptr equal one of the count values, 0 otherwise. The values are
** sorted shorter first, then by bytes; value i is blob[offsets[i],
** offsets[i + 1]). A binary search: O(log count) per row.
*/
int kpirt_text_in(const char *ptr, int64_t len, const char *blob, const int64_t *offsets, uint32_t count);
/* Records an overflow of an inline sum for metric; returns -1. */
int kpirt_overflow(kpirt_ctx *ctx, uint32_t metric);

/*
** The goal target rule (docs/evaluation.md), the one definition kpic's checks,
** the compiled target functions and the status rules share. The change is
** +|amount| for raise, -|amount| for lower, the amount as written for reach:
**
**   relative  baseline + |baseline| * change   raise profit 20% from -1000 -> -800
**   points    baseline + change                raise conversion +0.5pp -> b + 0.005
**   absolute  the amount itself                reach revenue 1.2M EUR
**
** A relative change of a zero baseline has no target (KPIRT_TARGET_ZERO_BASELINE);
** keep goals and goals without an amount have none (KPIRT_TARGET_NONE).
*/
typedef enum kpirt_target_outcome {
    KPIRT_TARGET_SET = 0,
    KPIRT_TARGET_NONE,
    KPIRT_TARGET_ZERO_BASELINE
} kpirt_target_outcome;
double kpirt_goal_change(kpirt_verb verb, double amount);
kpirt_target_outcome kpirt_goal_target(kpirt_verb verb, kpirt_amount_kind kind, double amount,
                                       double baseline, double *target);
/* The target, or NaN when there is none: the body of a compiled target function. */
double kpirt_goal_target_value(kpirt_verb verb, kpirt_amount_kind kind, double amount, double baseline);

/*
** The rolled-up aggregate of a base metric in one period, as a double in the
** metric's unit. Returns 1 with *out set, or 0 for no value (no rows, or avg
** of nothing).
*/
int kpirt_base_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period, double *out);
/*
** The value of a derived metric named in another metric's formula (ABI 3),
** computed once per evaluation of the outer metric: `w3 = w2 + w1` with
** `w2 = w1 + w0` computes w1 once, so a chain of metrics that share
** operands costs linear, not exponential, time. Same convention as
** kpirt_base_value.
*/
int kpirt_derived_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                        double *out);

/* ---- the descriptor generated code defines ------------------------------------ */

typedef int (*kpirt_row_fn)(kpirt_ctx *ctx, kpirt_row *row);
/* Same convention as kpirt_base_value, for any metric. */
typedef int (*kpirt_metric_value_fn)(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g,
                                     int32_t period, double *out);
typedef double (*kpirt_target_fn)(double baseline);

typedef struct kpirt_source_desc {
    const char *name;
    const char *default_path;   /* resolved against the spec's folder at compile time */
    const char *date_column;    /* header name */
    const char *date_format;    /* "YYYY-MM-DD" (default), "M/D/YYYY", "D-M-YYYY", ... */
    char delimiter;             /* ',' ';' '\t'; 0 = detect from the header line */
    char decimal_mark;          /* '.' or ',' */
    char thousands_sep;         /* 0, ',', '.', ' ' or '\'' */
    uint32_t column_count;      /* fields the row function reads, in order */
    const char *const *columns; /* header names; columns[0] is the date column */
    kpirt_row_fn row;
    /* ABI 6 */
    kpirt_source_kind kind;
    kpirt_encoding encoding;
    uint32_t declared;   /* KPIRT_DECLARED_* */
    uint32_t skip_lines; /* lines before the header (or the kind's preamble) */
    const char *comment; /* lines starting with it are skipped; NULL: none */
    uint32_t null_count; /* texts that mean "no value", beside the kind's own */
    const char *const *nulls;
    const char *table;             /* ga4: the table of a multi-table download; NULL */
    const char *const *currencies; /* per column: the ISO code its money is in (NULL entry: no money);
                                     NULL: none */
} kpirt_source_desc;

typedef struct kpirt_metric_desc {
    const char *name;
    const char *title; /* NULL: name */
    const char *unit;  /* display: "EUR", "count", "%", "EUR/count" */
    kpirt_unit_kind unit_kind;
    int32_t source;            /* base: index into sources; derived: -1 */
    kpirt_aggregate aggregate; /* base only */
    int32_t better;            /* +1 higher is better, -1 lower, 0 unspecified */
    const char *description;
    /* ABI 7: fair periods (docs/evaluation.md, "Fair periods") */
    int32_t per_day;     /* 1: a period's value is divided by the days it covers */
    int32_t window_days; /* N > 0: a period's value covers the N days ending on its last day */
} kpirt_metric_desc;

typedef struct kpirt_goal_desc {
    const char *name;
    const char *title;
    const char *owner;
    const char *why;
    uint32_t metric;
    int32_t parent; /* index of the goal this one drives, -1 at the top */
    kpirt_verb verb;
    kpirt_amount_kind amount_kind;
    double amount; /* relative: 0.20 for 20%; points: 0.005 for 0.5pp;
                                     absolute: in the metric's unit (percent as fraction) */
    kpirt_keep_kind keep_kind;
    double keep_low, keep_high;
    kpirt_granularity review;
    kpirt_day start;    /* first day of the goal */
    kpirt_day deadline; /* last day of the goal */
    int32_t has_baseline;
    double baseline;  /* declared baseline, when has_baseline */
    double tolerance; /* fraction of the planned change; default 0.10 */
    double budget;    /* 0 when none */
    const char *budget_unit;
    kpirt_target_fn target; /* NULL for keep; NaN: no target (kpirt_goal_target) */
    /* ABI 4 */
    kpirt_baseline_kind baseline_kind;    /* DECLARED exactly when has_baseline */
    int32_t baseline_periods;             /* AVERAGE: how many review periods before the start */
    kpirt_day baseline_from, baseline_to; /* PERIOD: the first and last day of the named period */
    kpirt_path path;
    int32_t cumulative; /* ABI 7: 1: a period's value is the total since the start */
    /* ABI 9: the metric that spends the budget (`budget ... on METRIC`) as its index + 1;
     * 0 when none, so that a zeroed descriptor names none */
    uint32_t budget_metric;
} kpirt_goal_desc;

/*
** A segment (ABI 8): a text a base metric's `where` or a goal's `for` asks a
** column to hold (`country = "NL"`, each value of `in (...)`; not under `not`,
** `!=` or `not in`, where finding none is no mistake). The evaluator notes
** whether any good row held it; one that none did is a warning in every
** report, with a did-you-mean over the texts the column held.
*/
typedef struct kpirt_segment_desc {
    uint32_t source;
    uint32_t column;   /* index into the source's columns */
    const char *value; /* compared byte for byte, as the filter compares */
    uint32_t metric;   /* the first base metric whose filter asks for it */
    uint32_t goal_count;
    const uint32_t *goals; /* the goals (drivers too) judged on a metric that reads it, in order */
} kpirt_segment_desc;

typedef struct kpirt_program {
    uint32_t abi_version;  /* KPIRT_ABI_VERSION */
    const char *spec_name; /* "webshop.kpi" */
    uint32_t source_count, metric_count, goal_count;
    const kpirt_source_desc *sources;
    const kpirt_metric_desc *metrics;
    const kpirt_goal_desc *goals;
    kpirt_metric_value_fn metric_value;
    /* ABI 5: the query `kpic sql --dialect postgres` prints for the program's
    ** table sources, which --engine runs; NULL when it has none. */
    const char *sql_postgres;
    /* ABI 8 */
    uint32_t segment_count;
    const kpirt_segment_desc *segments;
} kpirt_program;

/* An argv[0] starting with this is the command that launched the evaluator
** (`kpic run` passes "kpic run FILE"): kpirt_main names it as is in messages
** and --help. Any other argv[0] is named without its folder. */
#define KPIRT_RUN_COMMAND "kpic run "

/* The evaluator's whole command line (--data, --as-of, --format, ...). */
int kpirt_main(const kpirt_program *program, int argc, char **argv);

#endif
