/*
** ast.h: the syntax tree of a .kpi file, exactly as written.
**
** The parser builds it in an arena; nothing here is resolved or checked. Names
** are text with spans, units are identifiers, numbers keep their source text so
** that money stays exact and the formatter can reprint them. Lists are singly
** linked through `next` in source order. docs/language.md is the reference for
** what each node means; ast_dump.c prints the tree for tests.
*/
#ifndef KPI_AST_H
#define KPI_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "support/source.h"

/* A name as written: an identifier, a dotted module path, or a quoted column. */
typedef struct kpi_name {
    const char *text; /* unquoted, unescaped; NULL when absent */
    kpi_span span;
    bool quoted; /* written as "Order Date" */
} kpi_name;

typedef struct kpi_name_list {
    struct kpi_name_list *next;
    kpi_name name;
} kpi_name_list;

typedef struct kpi_string {
    const char *text; /* unescaped; NULL when absent */
    kpi_span span;    /* including the quotes */
} kpi_string;

/* A number as written, e.g. 1_250_000, 3.5, 1.2M, +35. */
typedef struct kpi_number {
    const char *text; /* source text without '_' and suffix, e.g. "1.2" */
    double value;     /* with the magnitude suffix applied (1.2M = 1200000) */
    char suffix;      /* 0, 'k', 'M' or 'B' */
    char sign;        /* 0, '+' or '-' when written explicitly */
    kpi_span span;
} kpi_number;

/* A number with an optional percent sign and unit: 40%, 1.2M EUR, 35 minutes. */
typedef struct kpi_quantity {
    kpi_number number;
    bool percent;  /* written with '%' */
    kpi_name unit; /* .text NULL when no unit written */
    kpi_span span;
} kpi_quantity;

typedef enum kpi_date_precision {
    KPI_DATE_DAY,
    KPI_DATE_MONTH,
    KPI_DATE_QUARTER,
    KPI_DATE_YEAR
} kpi_date_precision;

/* 2026-01-01, 2026-01, 2026-Q3 or 2027; the lexer has checked the values. */
typedef struct kpi_date {
    kpi_date_precision precision;
    int year, month, day, quarter; /* unused parts are 0 */
    kpi_span span;
} kpi_date;

typedef enum kpi_duration_unit {
    KPI_DUR_DAYS,
    KPI_DUR_WEEKS,
    KPI_DUR_MONTHS,
    KPI_DUR_QUARTERS,
    KPI_DUR_YEARS
} kpi_duration_unit;

typedef struct kpi_duration {
    int64_t count;
    kpi_duration_unit unit;
    kpi_span span;
} kpi_duration;

/* ---- formulas ------------------------------------------------------------ */

typedef enum kpi_expr_kind {
    KPI_EXPR_NUMBER, /* 100 */
    KPI_EXPR_NAME,   /* revenue */
    KPI_EXPR_BINARY, /* a + b, a - b, a * b, a / b */
    KPI_EXPR_NEGATE, /* -a */
    KPI_EXPR_PAREN,  /* (a), kept so fmt can reprint it */
} kpi_expr_kind;

typedef struct kpi_expr {
    kpi_expr_kind kind;
    kpi_span span;
    union {
        kpi_number number;
        kpi_name name;
        struct {
            char op;
            kpi_span op_span;
            struct kpi_expr *lhs, *rhs;
        } binary;
        struct kpi_expr *operand; /* NEGATE, PAREN */
    } as;
} kpi_expr;

/* ---- filters (where / for) ------------------------------------------------ */

typedef enum kpi_cmp_op { KPI_CMP_EQ, KPI_CMP_NE, KPI_CMP_LT, KPI_CMP_LE, KPI_CMP_GT, KPI_CMP_GE } kpi_cmp_op;

typedef struct kpi_literal {
    struct kpi_literal *next; /* in `in (...)` lists */
    bool is_string;
    kpi_string string; /* when is_string */
    kpi_number number; /* otherwise */
    kpi_span span;
} kpi_literal;

typedef enum kpi_filter_kind {
    KPI_FILTER_CMP, /* country = "NL", quantity > 3 */
    KPI_FILTER_IN,  /* country in ("NL", "BE"), not in */
    KPI_FILTER_AND,
    KPI_FILTER_OR,
    KPI_FILTER_NOT,
    KPI_FILTER_PAREN,
} kpi_filter_kind;

typedef struct kpi_filter {
    kpi_filter_kind kind;
    kpi_span span;
    union {
        struct {
            kpi_name column;
            kpi_cmp_op op;
            kpi_span op_span;
            kpi_literal value;
        } cmp;
        struct {
            kpi_name column;
            bool negated;
            kpi_literal *values;
        } in;
        struct {
            struct kpi_filter *lhs, *rhs;
        } binary;                   /* AND, OR */
        struct kpi_filter *operand; /* NOT, PAREN */
    } as;
} kpi_filter;

/* ---- goals ---------------------------------------------------------------- */

typedef enum kpi_amount_kind {
    KPI_AMOUNT_NONE,     /* not written: an S error for raise/lower/reach */
    KPI_AMOUNT_RELATIVE, /* 20%, +35%, -10% */
    KPI_AMOUNT_POINTS,   /* +0.5pp */
    KPI_AMOUNT_ABSOLUTE, /* to 3.5%, to 1.2M EUR, reach X 500 */
} kpi_amount_kind;

typedef struct kpi_amount {
    kpi_amount_kind kind;
    kpi_quantity value; /* for RELATIVE: percent; POINTS: number in points */
    kpi_span span;      /* whole amount including `to` */
} kpi_amount;

typedef enum kpi_verb { KPI_VERB_RAISE, KPI_VERB_LOWER, KPI_VERB_REACH, KPI_VERB_KEEP } kpi_verb;

typedef enum kpi_keep_kind { KPI_KEEP_BELOW, KPI_KEEP_ABOVE, KPI_KEEP_BETWEEN } kpi_keep_kind;

typedef enum kpi_review_period {
    KPI_REVIEW_DAILY,
    KPI_REVIEW_WEEKLY,
    KPI_REVIEW_MONTHLY,
    KPI_REVIEW_QUARTERLY,
    KPI_REVIEW_YEARLY
} kpi_review_period;

typedef enum kpi_clause_kind {
    KPI_CLAUSE_WITHIN,      /* within 18 months */
    KPI_CLAUSE_BY_DATE,     /* by 2027-06-30 */
    KPI_CLAUSE_STARTING,    /* starting 2026-01 */
    KPI_CLAUSE_OWNER,       /* owner "SEO lead" | owner seo_lead */
    KPI_CLAUSE_REVIEW,      /* review monthly */
    KPI_CLAUSE_BUDGET,      /* budget 50000 EUR [on ad_spend] */
    KPI_CLAUSE_BASELINE,    /* baseline 120000 EUR */
    KPI_CLAUSE_TOLERANCE,   /* tolerance 5% */
    KPI_CLAUSE_SEGMENT,     /* for channel = "seo" | where ... */
    KPI_CLAUSE_WHY,         /* why "..." */
    KPI_CLAUSE_BASELINE_OF, /* baseline last year | baseline average 3 months | baseline 2025-Q4 */
    KPI_CLAUSE_PATH,        /* path flat */
    KPI_CLAUSE_CUMULATIVE,  /* cumulative: a period's value is the total since the start */
} kpi_clause_kind;

/* A baseline measured from the data rather than declared (`baseline 120k EUR` is BASELINE). */
typedef enum kpi_baseline_form {
    KPI_BASELINE_LAST_YEAR, /* baseline last year: each period against the same period a year earlier */
    KPI_BASELINE_AVERAGE,   /* baseline average 3 months: the mean of the periods before the start */
    KPI_BASELINE_PERIOD,    /* baseline 2025-Q4, baseline year 2025: the value of a named period */
} kpi_baseline_form;

typedef enum kpi_path_kind { KPI_PATH_LINEAR, KPI_PATH_FLAT } kpi_path_kind;

typedef struct kpi_clause {
    struct kpi_clause *next;
    kpi_clause_kind kind;
    kpi_span span; /* keyword through end of clause */
    kpi_span keyword_span;
    union {
        kpi_duration within;
        kpi_date date; /* BY_DATE, STARTING */
        struct {
            bool is_ref;
            kpi_string text;
            kpi_name ref;
        } owner;
        kpi_review_period review;
        kpi_quantity quantity; /* BASELINE, TOLERANCE */
        struct {
            kpi_quantity amount;
            kpi_name metric; /* `on METRIC`: the metric that spends it; text NULL without */
        } budget;
        struct {
            bool is_for;
            kpi_filter *filter;
        } segment;
        kpi_string why;
        struct {
            kpi_baseline_form form;
            kpi_duration average;
            kpi_date period;
        } baseline_of;
        struct {
            kpi_path_kind kind;
            kpi_span word_span;
        } path;
    } as;
} kpi_clause;

/*
** A driver: `by METRIC AMOUNT` or `via METRIC AMOUNT`. `by` adds a driver to
** the goal; `via` adds one to the driver written just before it, so
** `raise A 1% by B 2% via C 3%` is the tree A <- B <- C. Clauses in
** parentheses after the amount override what the driver inherits.
*/
typedef enum kpi_driver_link { KPI_LINK_BY, KPI_LINK_VIA } kpi_driver_link;

typedef struct kpi_driver {
    struct kpi_driver *next; /* next sibling */
    kpi_driver_link link;
    kpi_span span;
    kpi_name metric;
    kpi_amount amount;
    kpi_clause *clauses; /* overrides, may be NULL */
    struct kpi_driver *children;
} kpi_driver;

typedef struct kpi_goal {
    kpi_name name;
    kpi_string title; /* optional */
    kpi_verb verb;
    kpi_span verb_span;
    kpi_span statement_span; /* verb through last driver */
    kpi_name metric;
    kpi_amount amount;                /* raise, lower, reach */
    kpi_keep_kind keep;               /* keep */
    kpi_quantity keep_low, keep_high; /* below/above use keep_low; between uses both */
    kpi_driver *drivers;
    kpi_clause *clauses;
} kpi_goal;

/* ---- top-level items -------------------------------------------------------- */

typedef enum kpi_aggregate {
    KPI_AGG_DEFAULT, /* not written: sum for flows */
    KPI_AGG_SUM,
    KPI_AGG_COUNT,
    KPI_AGG_COUNT_DISTINCT,
    KPI_AGG_AVG,
    KPI_AGG_MIN,
    KPI_AGG_MAX,
    KPI_AGG_LAST,
} kpi_aggregate;

typedef enum kpi_better { KPI_BETTER_UNSPECIFIED, KPI_BETTER_HIGHER, KPI_BETTER_LOWER } kpi_better;

typedef struct kpi_metric {
    kpi_name name;
    kpi_string title;  /* optional display name */
    kpi_name unit;     /* count, EUR, percent, ... */
    kpi_string column; /* from "omzet"; absent: the metric's name */
    kpi_name source;   /* in shop; absent: the file's only/first source */
    kpi_aggregate aggregate;
    kpi_span aggregate_span;
    kpi_filter *where;
    kpi_expr *formula; /* = expr: a derived metric */
    kpi_better better; /* higher is better | lower is better */
    kpi_span better_span;
    kpi_string description; /* about "..." */
    bool per_day;           /* per day: a period's value is its total divided by its days */
    kpi_span per_day_span;
    kpi_duration window;  /* over 28 days: the days ending on a period's last day; count 0: none */
    kpi_span window_span; /* `over` through the unit */
} kpi_metric;

typedef struct kpi_source_decl {
    kpi_name name;
    kpi_name kind; /* csv or table */
    kpi_string path;
    kpi_string date_column;    /* date "day" */
    kpi_string date_format;    /* format "M/D/YYYY" */
    kpi_string delimiter;      /* delimiter ";" */
    kpi_string decimal_mark;   /* decimal "," */
    kpi_string thousands;      /* thousands "." */
    kpi_string encoding;       /* encoding "windows-1252" */
    kpi_string comment;        /* comment "#" */
    kpi_string table;          /* table "Reports snapshot" (ga4) */
    kpi_number skip;           /* skip 3; .text NULL when absent */
    kpi_span skip_span;        /* from 'skip' through the number */
    struct kpi_literal *nulls; /* null "--" "NA": strings only */
    kpi_span nulls_span;
} kpi_source_decl;

typedef struct kpi_import {
    kpi_name module;      /* std.web */
    kpi_name_list *names; /* import std.web (visitors, sessions); NULL = all */
} kpi_import;

typedef struct kpi_owner_decl {
    kpi_name name; /* owner seo_lead "SEO lead" */
    kpi_string title;
} kpi_owner_decl;

typedef struct kpi_policy {
    kpi_name name; /* policy growth_ceiling 15% per month */
    kpi_quantity value;
    kpi_review_period per;
} kpi_policy;

typedef struct kpi_link {
    kpi_name from; /* link visitors to revenue */
    kpi_name to;
} kpi_link;

/*
** A test of the file's goals on fixture data (`kpic test`, docs/language.md):
**
**     test march "On track at the end of March"
**       data shop "fixtures/march.csv"
**       as of 2025-03-31
**       expect more_profit status on_track
**       expect more_profit.revenue current 1500 EUR tolerance 0.5 EUR
**
** Its lines are kept in the order written. `data`, `as` and `of` are keywords
** only inside a test (the token filter, next_token.h).
*/
typedef enum kpi_test_line_kind { KPI_TEST_DATA, KPI_TEST_AS_OF, KPI_TEST_EXPECT } kpi_test_line_kind;

typedef struct kpi_test_line {
    struct kpi_test_line *next;
    kpi_test_line_kind kind;
    kpi_span span;
    /* DATA */
    kpi_name source; /* text NULL: the file's first source */
    kpi_string path; /* relative to the .kpi file's folder */
    /* AS_OF */
    kpi_date as_of;
    /* EXPECT */
    kpi_name goal;  /* "more_profit", a driver "more_profit.revenue" */
    kpi_name field; /* status, current, target, expected, progress, baseline */
    kpi_name word;  /* a status (on_track) or none; text NULL when a value is given */
    kpi_quantity value;
    bool has_tolerance;
    kpi_quantity tolerance;
} kpi_test_line;

typedef struct kpi_test {
    kpi_name name;
    kpi_string title; /* optional */
    kpi_test_line *lines;
} kpi_test;

typedef enum kpi_item_kind {
    KPI_ITEM_IMPORT,
    KPI_ITEM_SOURCE,
    KPI_ITEM_METRIC,
    KPI_ITEM_GOAL,
    KPI_ITEM_OWNER,
    KPI_ITEM_POLICY,
    KPI_ITEM_LINK,
    KPI_ITEM_TEST,
} kpi_item_kind;

typedef struct kpi_item {
    struct kpi_item *next;
    kpi_item_kind kind;
    kpi_span span; /* keyword through the item's last token */
    union {
        kpi_import import;
        kpi_source_decl source;
        kpi_metric metric;
        kpi_goal goal;
        kpi_owner_decl owner;
        kpi_policy policy;
        kpi_link link;
        kpi_test test;
    } as;
} kpi_item;

/* Comments are not in the tree; the formatter puts them back by offset. */
typedef struct kpi_comment {
    struct kpi_comment *next;
    kpi_span span; /* from '#' to end of line */
} kpi_comment;

typedef struct kpi_ast_file {
    const kpi_source *source;
    kpi_item *items;
    kpi_comment *comments;
} kpi_ast_file;

/* Stable, indented, one node a line; what --dump-ast prints and tests compare. */
void kpi_ast_dump(const kpi_ast_file *file, FILE *out);
/* The same dump without the @line:column of items, a goal's deadline clauses first:
   equal for two parses of the same items laid out differently (the formatter's
   round-trip checks). */
void kpi_ast_dump_without_positions(const kpi_ast_file *file, FILE *out);

const char *kpi_ast_verb_name(kpi_verb verb);
/* Whether a clause is a goal's deadline, `within DURATION` or `by DATE`: part of the statement sentence. */
bool kpi_ast_clause_is_deadline(const kpi_clause *c);
const char *kpi_ast_aggregate_name(kpi_aggregate agg);
const char *kpi_ast_review_name(kpi_review_period review);
const char *kpi_ast_duration_unit_name(kpi_duration_unit unit);
/* A date literal as the source spells it (2026-03-31, 2026-03, 2026-Q1, 2026), written into buf. */
enum { KPI_AST_DATE_TEXT_MAX = 48 };
const char *kpi_ast_date_text(const kpi_date *d, char buf[KPI_AST_DATE_TEXT_MAX]);

#endif
