/*
** sema_internal.h: the state semantic analysis passes share, and the entry
** point of each pass. Not installed, not included outside compiler/sema.
**
** Passes run in this order (kpi_sema_analyze in sema.c): resolve.c collects
** declarations and loads imports; formula.c resolves and types formulas and
** finds cycles; goals.c builds the goal and driver tree; formula.c marks the
** metrics the goals use; columns.c samples each source's data through
** libkpirt and checks the used columns; smart.c checks S, M, A and T;
** targets.c checks amounts against units; baselines.c checks measured
** baselines (B); realism.c checks R, history.c the R that reads the data; tests.c checks the test items;
** symbols.c finishes the language server's index; lower.c builds the
** kpi_program when there are no errors.
*/
#ifndef KPI_SEMA_INTERNAL_H
#define KPI_SEMA_INTERNAL_H

#include "sema.h"
#include "units.h"
#include "kpirt.h"

typedef struct sema_module sema_module;
typedef struct sema_metric sema_metric;
typedef struct sema_source sema_source;
typedef struct sema_goal sema_goal;

/* A formula with its names resolved (the AST keeps only text). */
typedef enum sema_expr_kind { SEMA_X_NUMBER, SEMA_X_METRIC, SEMA_X_BINARY, SEMA_X_NEGATE } sema_expr_kind;
typedef struct sema_expr {
    sema_expr_kind kind;
    char op; /* + - * / for BINARY */
    double number;
    sema_metric *metric;         /* NULL when the name is unknown */
    struct sema_expr *lhs, *rhs; /* NEGATE uses lhs */
    kpi_span span;
} sema_expr;

/* ---- a small string-keyed hash table ------------------------------------------ */

/* hash: the key's, kept so that probing and growing compare and rehash no strings. */
typedef struct sema_table_entry {
    const char *key;
    void *value;
    uint32_t hash;
} sema_table_entry;
typedef struct sema_table {
    sema_table_entry *slots;
    uint32_t count, capacity;
} sema_table;

void *sema_table_get(const sema_table *t, const char *key);
/* Inserts or replaces; returns the previous value or NULL. */
void *sema_table_put(kpi_arena *arena, sema_table *t, const char *key, void *value);

/* ---- declarations --------------------------------------------------------------- */

typedef enum sema_column_kind { SEMA_COL_UNKNOWN, SEMA_COL_NUMBER, SEMA_COL_TEXT } sema_column_kind;

struct sema_source {
    const kpi_source_decl *ast;
    sema_module *module;
    const char *name;
    const char *path; /* csv: resolved against the declaring file's folder; table: its name */
    bool is_table;    /* `table "schema.name"`: read by a database, never by kpic */
    const char *date_column;
    const char *date_format;
    char delimiter, decimal_mark,
        thousands_sep;      /* as declared (delimiter 0: detected per file at run time) */
    kpirt_source_kind kind; /* a file's layout: csv, ga4, google_ads (csv for a table) */
    kpirt_encoding encoding;
    uint32_t declared; /* KPIRT_DECLARED_*: the options written (others are the kind's defaults) */
    uint32_t skip_lines;
    const char *comment; /* NULL: none */
    const char **nulls;  /* the `null` texts */
    uint32_t null_count;
    const char *table; /* ga4: the table to read */
    /* the header, when it was read at check time */
    char sampled_delimiter;                  /* the one the sample was read with; reported, never compiled */
    char sampled_decimal, sampled_thousands; /* the number style the evaluator will read it with */
    int32_t sampled_date_column;             /* the header field the evaluator takes as the date, -1: none */
    const char **currencies;   /* per header column: the currency its sampled amounts carry, or NULL */
    const char ***sample_rows; /* the sampled records' cells ("no value" texts as ""), for sampled.c */
    uint32_t sample_row_count;
    bool sample_complete;       /* the sample is the whole file */
    const char *needs_encoding; /* unreadable: the `encoding` that reads it (kpirt_sample), or NULL */
    bool sampled_nth_day;       /* the date column is GA4's "Nth day" axis */
    bool bad_date_format;       /* the written format was refused (D002): the dates are not judged by it */
    bool header_read;
    const char *unreadable; /* why it was not read (the reader's message), or NULL */
    const char **header;
    uint8_t *kinds;          /* sema_column_kind per header column, from a sample of rows */
    uint8_t *whole_percents; /* per column: the whole part of its largest sampled value when
                                      every sampled value is a number from 0 to 100 without a sign
                                      or '%' and one is 5 or more (percentages written as 45, not
                                      0.45); else 0 */
    uint32_t header_count;
    /* the whole file's records for realism from history (history.c), read at most once */
    bool history_read;
    const char ***history_rows; /* NULL: the whole file could not be had */
    uint32_t history_row_count;
    uint32_t symbol;
};

struct sema_metric {
    const kpi_metric *ast;      /* the declaration that counts (a rebinding when rebound) */
    const kpi_metric *original; /* the imported declaration a rebinding replaces, or NULL */
    sema_metric *rebound_by;    /* set on an imported metric the checked file rebinds */
    sema_module *module;        /* where `ast` is written */
    const char *name;
    kpi_unit unit; /* declared; invalid after U001 */
    const char *unit_text;
    const char *title, *description;
    kpi_better better;
    kpi_aggregate aggregate;
    /* base metrics */
    sema_source *source; /* NULL: unmeasured (no source anywhere) */
    const char *column;
    kpi_span column_span; /* `from "..."`, or the name when implicit */
    /* derived metrics */
    const kpi_expr *formula;
    sema_expr *expr;    /* resolved formula (formula.c) */
    sema_metric **deps; /* distinct metrics the formula names */
    uint32_t dep_count;
    kpi_unit inferred;
    /* pass state */
    uint8_t visit;                /* cycle search: 0 new, 1 on the stack, 2 done */
    int8_t measured;              /* -1 not yet known, 0 no, 1 yes */
    sema_metric *unmeasured_base; /* when not measured: the base metric without data it uses */
    bool typed;
    bool used;
    uint32_t walk;    /* generation mark for graph walks (realism.c) */
    uint8_t additive; /* values add up over days: 0 not known yet, 1 yes, 2 no (baselines.c) */
    uint32_t symbol;
};

struct sema_module {
    sema_module *next;
    const kpi_ast_file *ast;
    const char *path, *dir;
    const char *modpath;                        /* "std.web"; NULL for the file being checked */
    sema_table metrics, sources, owners, goals; /* what names mean here (own + imported) */
    sema_table own_metrics;                     /* metrics declared in this file */
    sema_source *first_source;
    bool loading; /* on the import stack: a second visit is a cycle */
    uint32_t symbol;
};

/* ---- goals --------------------------------------------------------------------- */

/* A goal or a driver, with what it inherits already filled in. */
struct sema_goal {
    sema_goal *parent, *children, *next;
    const kpi_goal *goal;     /* the top goal this node belongs to */
    const kpi_driver *driver; /* NULL for the top goal */
    const char *name;
    kpi_name metric_name;
    sema_metric *metric; /* NULL when unknown */
    kpi_verb verb;
    const kpi_amount *amount;
    kpi_span anchor; /* where to insert clauses: the end of the statement / driver */
    /* clauses, own or inherited */
    const kpi_clause *owner, *start, *deadline_by, *within, *review, *baseline, *budget, *tolerance, *why;
    sema_metric *budget_metric; /* `budget ... on METRIC` of an own budget; NULL when none or unknown */
    /* `baseline last year|average N ...|PERIOD` and `path`: inherited unless the node writes its own baseline */
    const kpi_clause *baseline_of, *path, *cumulative;
    int32_t baseline_periods;             /* average: review periods averaged (baselines.c) */
    kpirt_day baseline_from, baseline_to; /* a named period's days */
    const kpi_filter **segments;          /* inherited first */
    uint32_t segment_count;
    const char *owner_text;            /* resolved owner name */
    kpirt_day start_day, deadline_day; /* KPIRT_NO_DAY when unknown */
    char missing[8];                   /* SMART letters with errors */
    bool points_ok;
    int32_t lowered; /* index in kpi_program.goals (lower.c) */
    uint32_t symbol;
};

typedef struct sema_link {
    sema_metric *from, *to;
} sema_link;

typedef struct sema_ctx {
    kpi_arena *arena;
    kpi_diag_engine *diags;
    kpi_source_map *sources;
    kpi_sema_options opts;
    sema_module *root, *modules;
    sema_metric **metrics;
    uint32_t metric_count, metric_cap;
    sema_source **srcs;
    uint32_t source_count, source_cap;
    sema_goal **goals;
    uint32_t goal_count, goal_cap; /* parents before their drivers */
    sema_link *links;
    uint32_t link_count, link_cap;
    sema_metric **topo;
    uint32_t topo_count; /* every metric after what it uses */
    double growth_ceiling;
    const char *ceiling_origin; /* a note saying where the ceiling comes from, when it has no span */
    kpi_span ceiling_span;
    char currency[4]; /* the program's currency for `money`, "" when none or several */
    uint32_t walk_generation;
    sema_table owner_symbols; /* owner name -> symbol index + 1; the checked file's first */
    kpirt_day today;
    kpi_sema_result *result;
    uint32_t symbol_cap, ref_cap;
} sema_ctx;

/* Appends to an arena-backed array, growing it by doubling. */
void *sema_grow(kpi_arena *arena, void *items, uint32_t count, uint32_t *cap, size_t elem);
#define SEMA_PUSH(ctx, arr, count, cap, value)                                  \
    do {                                                                        \
        (arr) = sema_grow((ctx)->arena, (arr), (count), &(cap), sizeof *(arr)); \
        (arr)[(count)++] = (value);                                             \
    } while (0)

/* ---- passes ------------------------------------------------------------------- */

void sema_resolve_file(sema_ctx *ctx, const kpi_ast_file *file); /* resolve.c */
sema_metric *sema_lookup_metric(sema_ctx *ctx, sema_module *scope, const kpi_name *name, bool report);
const char *sema_suggest(const sema_table *table, const char *name);
/* The closest of values (as sema_suggest), else one equal but for case; NULL when none is close. */
const char *sema_suggest_among(sema_ctx *ctx, const char *const *values, uint32_t count, const char *name);
/* Adds "did you mean 'hint'?" and a fix-it writing replacement (the hint itself when NULL)
   over span to d; false, adding nothing, when there is no hint. */
bool sema_note_did_you_mean(sema_ctx *ctx, kpi_diagnostic *d, kpi_span span, const char *hint,
                            const char *replacement);
void sema_report_unknown(sema_ctx *ctx, kpi_code code, const kpi_name *name, const sema_table *table,
                         const char *what);
void sema_check_formulas(sema_ctx *ctx); /* formula.c */
bool sema_metric_measured(sema_ctx *ctx, sema_metric *m, sema_metric **culprit);
/* Marks the metrics goals use, with everything their formulas use. */
void sema_mark_used(sema_ctx *ctx);
/* source_options.c: the kind's defaults and the options of a declaration, checked. */
void sema_source_options(sema_ctx *ctx, sema_source *s, const kpi_source_decl *decl);
void sema_read_columns(sema_ctx *ctx); /* columns.c */
void sema_check_filter_columns(sema_ctx *ctx, sema_source *src, const kpi_filter *filter);
/* The options the runtime's reader takes for s (only what the spec declares). */
kpirt_source_desc sema_sample_options(const sema_source *s);
/* The header field named name, as the evaluator matches names; -1 when none. */
int sema_header_index(const sema_source *s, const char *name);
/* sampled.c: the sampled cells read with the evaluator's parsers (D004), filter values never seen (M007). */
void sema_report_encoding(sema_ctx *ctx, sema_source *s);
void sema_check_sampled_dates(sema_ctx *ctx, sema_source *s);
void sema_check_sampled_numbers(sema_ctx *ctx, sema_metric *m, uint32_t column);
void sema_check_filter_value(sema_ctx *ctx, const sema_source *s, int column, const kpi_literal *lit);
/* Checks a filter against every source the metric's base metrics read. */
void sema_check_filter_for_metric(sema_ctx *ctx, sema_metric *m, const kpi_filter *filter);
void sema_build_goals(sema_ctx *ctx);   /* goals.c */
void sema_check_smart(sema_ctx *ctx);   /* smart.c */
void sema_check_targets(sema_ctx *ctx); /* targets.c */
double sema_quantity_value(const kpi_quantity *q);
/* Whether q is written in m's unit (U007, U001 otherwise, located, with a fix-it); what: "the target". */
bool sema_check_quantity(sema_ctx *ctx, const kpi_quantity *q, const sema_metric *m, const char *what);
/* A goal's verb, amount kind and amount as the program stores them (lower `costs 10%` is -0.10), */
kpirt_verb sema_goal_verb(const sema_goal *g);
kpirt_amount_kind sema_goal_amount_kind(const sema_goal *g);
double sema_goal_amount(const sema_goal *g);
/* and through the runtime's target rule: the signed change, and the target from a baseline. */
double sema_goal_change(const sema_goal *g);
kpirt_target_outcome sema_goal_target(const sema_goal *g, double baseline, double *target);
const char *sema_number_text(sema_ctx *ctx, const kpi_number *n);
/* unsigned, with its k/M/B suffix */     /* percentages as fractions, sign applied */
void sema_check_realism(sema_ctx *ctx);   /* realism.c */
void sema_check_history(sema_ctx *ctx);   /* history.c: R008 */
void sema_check_baselines(sema_ctx *ctx); /* baselines.c */
/* A total: a sum or a count, or a formula that adds and subtracts totals, without per day or a window. */
bool sema_metric_is_total(sema_metric *m); /* baselines.c */
kpi_program *sema_lower(sema_ctx *ctx);    /* lower.c */
void sema_check_tests(sema_ctx *ctx);      /* tests.c */
void sema_lower_tests(sema_ctx *ctx, kpi_program *prog);
uint32_t sema_add_symbol(sema_ctx *ctx, kpi_sema_symbol sym); /* symbols.c */
void sema_add_ref(sema_ctx *ctx, kpi_span span, uint32_t symbol);
void sema_finish_symbols(sema_ctx *ctx);

/* ---- helpers -------------------------------------------------------------------- */

kpi_diagnostic *sema_report(sema_ctx *ctx, kpi_code code, kpi_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The source text of a span (arena copy). */
const char *sema_span_text(sema_ctx *ctx, kpi_span span);
kpi_span sema_span_at(kpi_span s, bool end); /* empty span at the begin or end of s */

/* Dates (dates.c): goal dates as civil days since 1970-01-01 (calendar.h converts). */
kpirt_day sema_date_first_day(const kpi_date *date);
kpirt_day sema_date_last_day(const kpi_date *date);
kpirt_day sema_add_duration(kpirt_day start, const kpi_duration *dur); /* last day of the period */
kpirt_day sema_duration_before(kpirt_day end,
                               const kpi_duration *dur);             /* first day of the one ending on end */
kpirt_granularity sema_review_granularity(const kpi_clause *review); /* monthly when absent (lower.c) */
kpirt_aggregate sema_metric_aggregate(const sema_metric *m); /* the written one, or the unit's (lower.c) */
const char *sema_format_day(kpi_arena *arena, kpirt_day day);
double sema_months_between(kpirt_day start, kpirt_day deadline); /* inclusive, in months */
kpirt_day sema_today(void);

/* Realism arithmetic (realism_math.c), exposed for unit tests. */
typedef struct sema_solve_env {
    sema_metric **metrics; /* metrics with a value */
    const double *values;
    uint32_t count;
} sema_solve_env;
/* Value of expr; NAN when a metric has no value. Derived metrics without a value expand. */
double sema_eval(const sema_expr *expr, const sema_solve_env *env);
/* Solves expr(x) = target for the one metric `unknown` without a value; NAN if it cannot. */
double sema_solve(const sema_expr *expr, const sema_metric *unknown, double target,
                  const sema_solve_env *env);
/* Occurrences of metric m in expr (expanding derived metrics without a value). */
unsigned sema_occurrences(const sema_expr *expr, const sema_metric *m, const sema_solve_env *env);
/* Implied compound growth per month of a change from 1 to 1+change over months. */
double sema_monthly_growth(double change, double months);
/* The shortest whole number of months that keeps change within ceiling per month. */
int sema_months_needed(double change, double ceiling);

#endif
