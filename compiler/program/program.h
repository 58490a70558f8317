/*
** program.h: the resolved and checked program, the one thing the back ends see.
**
** Semantic analysis turns the ASTs of a file and its imports into this flat,
** index-based form: every name resolved, every unit known, every date a day
** number, every goal a node in a driver tree. Only metrics the goals use (and
** what they depend on) are kept. A goal's segment (`for channel = "seo"`) is
** pushed down here: the goal points to a specialised copy of its metric whose
** base metrics carry the segment as an extra filter. Code generation, the
** graph printer and the language server read this; none of them reads the AST
** for meaning (spans are kept only for messages and editor features).
*/
#ifndef KPI_PROGRAM_H
#define KPI_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "kpirt_abi.h"
#include "support/arena.h"
#include "support/source.h"

/* Where a source's rows live: a file kpic's evaluator streams (its layout is `format`), or a database table. */
typedef enum kpi_prog_source_kind { KPI_SOURCE_FILE, KPI_SOURCE_TABLE } kpi_prog_source_kind;

typedef struct kpi_prog_source {
    const char *name;
    kpi_prog_source_kind kind;
    const char *path; /* csv: resolved against the spec's folder; table: its name as written */
    const char *date_column;
    const char *date_format;
    char delimiter, decimal_mark, thousands_sep;
    const char **columns; /* columns the program reads; [0] is the date column */
    uint32_t column_count;
    kpi_span span;
    kpirt_source_kind format; /* a file's layout: csv, ga4, google_ads (csv for a table) */
    kpirt_encoding encoding;
    uint32_t declared; /* KPIRT_DECLARED_*: options written, not the kind's defaults */
    uint32_t skip_lines;
    const char *comment; /* NULL: none */
    const char **nulls;  /* texts that mean no value */
    uint32_t null_count;
    const char *table;       /* ga4: the table to read; NULL */
    const char **currencies; /* per column: the currency its money is in (NULL entry: none) */
} kpi_prog_source;

typedef enum kpi_prog_column_kind { KPI_COL_TEXT, KPI_COL_NUMBER } kpi_prog_column_kind;

typedef enum kpi_prog_filter_kind {
    KPI_PF_TEXT_CMP, /* field = / != "text" */
    KPI_PF_NUM_CMP,  /* field <,<=,>,>=,=,!= number */
    KPI_PF_IN,       /* field in ("a","b") */
    KPI_PF_AND,
    KPI_PF_OR,
    KPI_PF_NOT,
} kpi_prog_filter_kind;

/* The program's own comparisons: back ends never see the AST's (sema/lower.c converts them). */
typedef enum kpi_prog_cmp {
    KPI_PCMP_EQ,
    KPI_PCMP_NE,
    KPI_PCMP_LT,
    KPI_PCMP_LE,
    KPI_PCMP_GT,
    KPI_PCMP_GE,
    KPI_PCMP_COUNT
} kpi_prog_cmp;

typedef struct kpi_prog_filter {
    kpi_prog_filter_kind kind;
    uint32_t column;    /* index into the source's columns */
    kpi_prog_cmp op;    /* TEXT_CMP (only EQ, NE), NUM_CMP */
    const char *text;   /* TEXT_CMP */
    double number;      /* NUM_CMP */
    const char **texts; /* IN */
    uint32_t text_count;
    bool negated;                      /* IN: not in */
    struct kpi_prog_filter *lhs, *rhs; /* AND, OR; NOT uses lhs */
} kpi_prog_filter;

typedef enum kpi_prog_expr_kind {
    KPI_PE_NUMBER,
    KPI_PE_METRIC,
    KPI_PE_ADD,
    KPI_PE_SUB,
    KPI_PE_MUL,
    KPI_PE_DIV,
    KPI_PE_NEG
} kpi_prog_expr_kind;

typedef struct kpi_prog_expr {
    kpi_prog_expr_kind kind;
    double number;
    uint32_t metric; /* index into metrics */
    struct kpi_prog_expr *lhs, *rhs;
} kpi_prog_expr;

typedef struct kpi_prog_metric {
    const char *name; /* unique; a segmented copy is "conversion[channel=seo]" */
    const char *title;
    const char *description;
    const char *unit; /* display form */
    kpirt_unit_kind unit_kind;
    int better; /* +1, -1, 0 */
    bool is_base;
    /* base */
    uint32_t source;
    uint32_t value_column; /* index into the source's columns */
    kpirt_aggregate aggregate;
    kpi_prog_filter *filter; /* NULL: every row */
    /* derived */
    kpi_prog_expr *formula;
    /* fair periods: `per day` divides a period's value by the days it covers; `over N days` reads the N days
       ending on the period's last day (0: the period itself) */
    bool per_day;
    int32_t window_days;
    kpi_span span; /* the declaration */
} kpi_prog_metric;

typedef struct kpi_prog_goal {
    const char *name; /* drivers: "parent.metric" */
    const char *title, *owner, *why;
    uint32_t metric;
    int32_t parent; /* -1 at the top */
    kpirt_verb verb;
    kpirt_amount_kind amount_kind;
    double amount; /* as in kpirt_goal_desc */
    kpirt_keep_kind keep_kind;
    double keep_low, keep_high;
    kpirt_granularity review;
    kpirt_day start, deadline;
    bool has_baseline;
    double baseline;
    kpirt_baseline_kind baseline_kind;    /* DECLARED exactly when has_baseline */
    int32_t baseline_periods;             /* AVERAGE */
    kpirt_day baseline_from, baseline_to; /* PERIOD */
    kpirt_path path;
    bool cumulative; /* a period's value is the total since the start */
    double tolerance;
    double budget;
    const char *budget_unit;
    uint32_t budget_metric; /* `budget ... on METRIC`: index into metrics + 1; 0 when none, as when zeroed */
    kpi_span span;
} kpi_prog_goal;

/* `link FROM to TO` between two lowered metrics (kpic graph draws it; evaluation ignores it). */
typedef struct kpi_prog_link {
    uint32_t from, to; /* indexes into metrics */
} kpi_prog_link;

/* What an expectation of a test compares (`expect GOAL FIELD ...`), a field of the JSON report. */
typedef enum kpi_prog_expect_field {
    KPI_EXPECT_STATUS,
    KPI_EXPECT_CURRENT,
    KPI_EXPECT_TARGET,
    KPI_EXPECT_EXPECTED,
    KPI_EXPECT_PROGRESS,
    KPI_EXPECT_BASELINE,
} kpi_prog_expect_field;

typedef struct kpi_prog_expect {
    const char *goal; /* a goal's or driver's name, as in kpi_prog_goal */
    kpi_prog_expect_field field;
    const char *field_name; /* "current": the JSON report's key */
    const char *status;     /* STATUS: the status name (on_track) */
    bool expect_none;       /* a number field that must have no value (`none`) */
    double value;           /* the metric's unit; percentages as fractions */
    double tolerance;       /* how far the actual value may be; 0: equal as printed */
    const char *written;    /* the expected value as written, for messages */
    bool percent;           /* written as a percentage: messages show the actual value so too */
    kpi_span span;
} kpi_prog_expect;

typedef struct kpi_prog_test_data {
    const char *source; /* a source's name */
    const char *path;   /* resolved against the spec's folder */
    kpi_span span;
} kpi_prog_test_data;

/* A `test` item (`kpic test`): the evaluator run on fixture data at a date, and what it must report. */
typedef struct kpi_prog_test {
    const char *name, *title;
    const char *as_of; /* YYYY-MM-DD */
    kpi_prog_test_data *data;
    uint32_t data_count;
    kpi_prog_expect *expects;
    uint32_t expect_count;
    kpi_span span;
} kpi_prog_test;

typedef struct kpi_program {
    const char *spec_path;
    const char *spec_dir;
    kpi_prog_source *sources;
    uint32_t source_count;
    kpi_prog_metric *metrics;
    uint32_t metric_count;
    kpi_prog_goal *goals;
    uint32_t goal_count; /* parents before their drivers */
    kpi_prog_link *links;
    uint32_t link_count; /* in declaration order, per lowered metric */
    kpi_prog_test *tests;
    uint32_t test_count; /* the checked file's tests; evaluation ignores them */
} kpi_program;

/* ---- the program in words (program_text.c) ---------------------------------
** The resolved pieces turned back into short text that reads like the source
** the user wrote, for `kpic graph` and `kpic diff`. Plain text, unescaped,
** allocated from the arena. */

/* A number without trailing noise: 0.35 * 100 prints as 35, not 35.000000000000004. */
const char *kpi_prog_number_text(kpi_arena *arena, double value);
/* A day number as YYYY-MM-DD ("?" for KPIRT_NO_DAY). */
const char *kpi_prog_day_text(kpi_arena *arena, kpirt_day day);
/* The formula of a derived metric in source syntax, with minimal parentheses. */
const char *kpi_prog_formula_text(kpi_arena *arena, const kpi_program *program, const kpi_prog_expr *expr);
/* The metric's `where` filter in source syntax, NULL without one. */
const char *kpi_prog_filter_text(kpi_arena *arena, const kpi_program *program, const kpi_prog_metric *metric);
/* A value in the metric's display unit ("3.5%", "1200000 EUR", "42"). */
const char *kpi_prog_quantity_text(kpi_arena *arena, const kpi_prog_metric *metric, double value);
/* "raise profit 20%", "keep bounce_rate below 40%". */
const char *kpi_prog_statement_text(kpi_arena *arena, const kpi_program *program, const kpi_prog_goal *goal);
/* "sum", "count_distinct", ... as written in a metric declaration. */
const char *kpi_prog_aggregate_name(kpirt_aggregate aggregate);

#endif
