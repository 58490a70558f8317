/*
** kpirt.h: the public interface of libkpirt, the runtime every evaluator links.
**
** A compiled evaluator only needs kpirt_main() from kpirt_abi.h. This header
** is for programs that embed the evaluation (tests, the JIT driver, a report
** writer): load data, evaluate every goal into an in-memory report, and write
** that report in one of the registered formats. It also exposes the calendar
** (days, ISO weeks, periods) and the exact decimal parser so that callers
** never reimplement them.
**
** Ownership: a kpirt_report owns everything it points to except the strings
** of the program descriptor; kpirt_report_free() releases it.
*/
#ifndef KPIRT_H
#define KPIRT_H

#include <stdbool.h>
#include <stdio.h>

#include "kpirt_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- calendar ------------------------------------------------------------------ */

/*
** The proleptic Gregorian calendar (Howard Hinnant's civil-date
** algorithms), the only one in kpic: the compiler's lexer, checks, lowering
** and graphs call these too. Month 1..12, day 1..31.
*/
kpirt_day kpirt_day_from_ymd(int year, int month, int day);
void kpirt_ymd_from_day(kpirt_day d, int *year, int *month, int *day);
bool kpirt_is_leap_year(int year);
/* Days in a month of a year (28..31), or 0 when month is not 1..12. */
int kpirt_days_in_month(int year, int month);
/*
** The same day of month `months` months later (or earlier when negative),
** clamped to the target month's length: 2026-01-31 + 1 month is 2026-02-28.
** Returns 0, or -1 leaving *out alone when the result falls outside years
** 0..100000.
*/
int kpirt_add_months(kpirt_day day, int64_t months, kpirt_day *out);
/* Monday = 0 ... Sunday = 6. */
int kpirt_weekday(kpirt_day d);
/* ISO 8601 week: Monday start; week 1 holds the year's first Thursday. */
void kpirt_iso_week(kpirt_day d, int *week_year, int *week);

/*
** A period index per granularity: the day itself; Monday-based weeks counted
** from the week of 1970-01-01; year*12+month-1; year*4+quarter-1; the year.
** Consecutive periods have consecutive indexes.
*/
int32_t kpirt_period_of(kpirt_day d, kpirt_granularity g);
kpirt_day kpirt_period_first_day(int32_t period, kpirt_granularity g);
kpirt_day kpirt_period_last_day(int32_t period, kpirt_granularity g);
/* The last period whose last day is <= as_of. */
int32_t kpirt_last_complete_period(kpirt_day as_of, kpirt_granularity g);
/*
** The same period a year earlier (`baseline last year`): 12 months, 4
** quarters or 1 year back; the same date (2024-02-29 -> 2023-02-28); the
** same ISO week number (week 53 -> week 52 when last year has none).
*/
int32_t kpirt_period_year_before(int32_t period, kpirt_granularity g);
/* "2026-01-05", "2020-W53", "2026-01", "2026-Q1", "2026"; returns the length. */
#define KPIRT_LABEL_MAX 16
int kpirt_period_label(int32_t period, kpirt_granularity g, char out[KPIRT_LABEL_MAX]);
/* "daily", "weekly", "monthly", "quarterly", "yearly". */
const char *kpirt_granularity_name(kpirt_granularity g);
/* "YYYY-MM-DD"; returns the length (10 for years 0..9999). */
int kpirt_day_format(kpirt_day d, char out[KPIRT_LABEL_MAX]);

/*
** Parses a date in `format` ("YYYY-MM-DD" when NULL; also "M/D/YYYY",
** "D-M-YYYY", "DD.MM.YYYY", "YYYY/MM/DD", ...: Y, M and D runs with any
** separators). M/MM and D/DD accept one or two digits, YYYY exactly four,
** YY 20YY, MMM an English month abbreviation ("05-Jan-2026" as DD-MMM-YYYY).
** A time part after a space or 'T' is ignored. Returns 0, or -1 with a
** short reason in *why.
*/
int kpirt_parse_date(const char *text, size_t len, const char *format, kpirt_day *out, const char **why);

/* ---- did you mean ------------------------------------------------------------------ */

/*
** Case-insensitive edit distance (Damerau's optimal string alignment: an
** insertion, deletion, substitution or swap of neighbours costs 1), capped:
** returns cap + 1 when the distance is larger, or either word is longer than
** 64 bytes. Every "did you mean" of kpic and of evaluators counts edits
** with it; each caller keeps its own threshold.
*/
unsigned kpirt_edit_distance(const char *a, const char *b, unsigned cap);

/*
** The one choice of "did you mean" among candidates for a word a user wrote
** (a name, a `where` value): offers candidate and keeps it in *best, its
** distance in *best_distance, when it is within kpirt_suggest_limit(word)
** edits and nearer than *best, or as near and first in byte order, so the
** choice never depends on the order the candidates come in (a hash table's,
** or the rows of a file read on any number of threads). Start with *best
** NULL and *best_distance UINT_MAX; returns true when candidate was kept.
** kpic's checks (sema_suggest) and the evaluator's warnings both use it.
*/
bool kpirt_suggest_offer(const char *word, const char *candidate, const char **best, unsigned *best_distance);
/* The edits a word may need to be suggested for: 1 up to 3 bytes, 2 up to 6, else 3. */
unsigned kpirt_suggest_limit(const char *word);

/* ---- exact decimals ---------------------------------------------------------------- */

/*
** Parses decimal text into value * KPIRT_SCALE exactly: optional sign,
** digits with optional thousands separators (groups of three), optional
** decimal mark and fraction, optional trailing '%' (divides by 100).
** Digits beyond the fourth decimal round half to even. Surrounding blanks
** are ignored. Returns 0, 1 when the text is blank, or -1 with *why set
** (bad syntax or out of the int64 range).
*/
int kpirt_parse_decimal(const char *text, size_t len, char decimal_mark, char thousands_sep,
                        int64_t *scaled_out, const char **why);
/*
** A money amount with an optional currency before or after it ("€ 1.234,56",
** "$1,234.56", "1.234,56 EUR", "-€5.00"), as the evaluator reads a money
** metric's cells. found gets the currency written ("" when none; "$" for a
** bare dollar sign, which stands for any dollar). With `expected` (an ISO
** code), another currency returns -1 with *why naming it. Otherwise as
** kpirt_parse_decimal.
*/
int kpirt_parse_money(const char *text, size_t len, char decimal_mark, char thousands_sep,
                      const char *expected, int64_t *scaled_out, char found[4], const char **why);
/* Same syntax, as a double (for comparisons in filters). */
int kpirt_parse_number(const char *text, size_t len, char decimal_mark, char thousands_sep, double *out,
                       const char **why);
/*
** Writes v with exactly `decimals` digits after the point (0..6), rounding
** half away from zero on the fixed-point value nearest to v, so a sum held
** as a double prints exact cents. Non-finite values print as "null".
** Returns the length.
*/
int kpirt_format_fixed(double v, int decimals, char *out, size_t cap);
/*
** The same from an exact fixed-point value (value * KPIRT_SCALE): no double
** is involved, so every value of the int64 range prints exactly
** (123456789012345.67 with 2 decimals is "123456789012345.67").
*/
int kpirt_format_scaled(int64_t scaled, int decimals, char *out, size_t cap);
/*
** v * 10^decimals (0..6) as an integer, nearest for the fraction, exact for
** an integral part up to 2^53: 0, or -1 when v is not finite or the result
** leaves the int64 range. A v that is the nearest double to a decimal of at
** most 15 significant digits is taken as that decimal (rounded half away
** from zero), so a bound or baseline a spec writes as 885557234973.82
** compares as exactly that, not as its binary neighbour .81994...
*/
int kpirt_scaled_from_double(double v, int decimals, int64_t *out);

/* ---- evaluation ---------------------------------------------------------------- */

typedef enum kpirt_status {
    KPIRT_STATUS_NONE = 0, /* no status (e.g. a projection without data) */
    KPIRT_STATUS_NOT_STARTED,
    KPIRT_STATUS_NO_DATA,
    KPIRT_STATUS_ACHIEVED,
    KPIRT_STATUS_ON_TRACK,
    KPIRT_STATUS_AT_RISK,
    KPIRT_STATUS_OFF_TRACK,
    KPIRT_STATUS_MISSED,
    KPIRT_STATUS_OK,
    KPIRT_STATUS_BREACHED,
    KPIRT_STATUS_STALE,     /* the current period lies after the last day of data */
    KPIRT_STATUS_UNCERTAIN, /* a projection only: its 80% interval holds both achieving and missing */
    KPIRT_STATUS_OVERSPEND, /* a budget that runs out before the deadline at the current pace */
    KPIRT_STATUS_COUNT
} kpirt_status;

/* "on_track" ...; NULL for KPIRT_STATUS_NONE. */
const char *kpirt_status_name(kpirt_status s);
/* "on track" ... for people. */
const char *kpirt_status_words(kpirt_status s);
/* Parses a status name; KPIRT_STATUS_NONE when unknown. */
kpirt_status kpirt_status_parse(const char *name, size_t len);

/* A number that may be absent ("no value"). */
typedef struct kpirt_opt {
    bool has;
    double v;
    /*
    ** The value exactly, as value * KPIRT_SCALE, when it is a measure (a sum,
    ** count, min, max or last of a base metric): comparisons and printing use
    ** it, so money beyond the range a double holds to the cent stays exact.
    */
    bool exact;
    int64_t scaled;
} kpirt_opt;

/* ---- realism from history (realism.c; docs/evaluation.md) ---------------------- */

/* The value of a period: 1 with *out set, 0 for no value (kpirt_evaluate_goal, kpirt_realism_judge). */
typedef int (*kpirt_value_fn)(void *user, int32_t period, double *out);

/*
** Which changes of the past a goal's ask is compared with: the change from a
** period to the period `periods` later (the goal's length); under `baseline
** last year`, the change of a period on the same period a year earlier; for a
** cumulative goal, the total of `periods` periods on the total of the same
** periods a year earlier.
*/
typedef enum kpirt_realism_kind {
    KPIRT_REALISM_SPAN = 0,
    KPIRT_REALISM_LAST_YEAR,
    KPIRT_REALISM_CUMULATIVE
} kpirt_realism_kind;

typedef enum kpirt_realism_verdict {
    KPIRT_REALISM_NONE = 0,   /* the goal plans no change (keep, no amount, no target known) */
    KPIRT_REALISM_WITHIN,     /* some window moved at least as far the goal's way */
    KPIRT_REALISM_BEYOND,     /* the ask lies beyond every window of the data */
    KPIRT_REALISM_NO_HISTORY, /* the data holds no window to compare with: no verdict */
} kpirt_realism_verdict;

/* At most this many periods of history are looked at, the latest (27 years of days). */
#define KPIRT_REALISM_MAX_PERIODS 10000

typedef struct kpirt_realism_ask {
    kpirt_realism_kind kind;
    bool points;  /* changes in points (now - then), else relative ((now - then) / |then|) */
    double asked; /* the change the goal asks, signed: 0.65, -0.10, 0.005 (points) */
    kpirt_granularity review;
    uint32_t periods; /* the goal's length in review periods: deadline period - start period + 1 */
} kpirt_realism_ask;

typedef struct kpirt_realism {
    kpirt_realism_verdict verdict;
    kpirt_realism_ask ask;
    bool has_largest;
    double largest;                      /* the largest move the goal's way (signed; may be the other way) */
    int32_t from_first, from_last;       /* the periods it moved from (one, or a total's) */
    int32_t to_first, to_last;           /* and to */
    uint32_t windows;                    /* windows looked at */
    int32_t history_first, history_last; /* the periods of history; last < first: none */
} kpirt_realism;

/*
** The change a goal asks: the amount as the target rule applies it
** (relative, or points), or for an absolute target its distance from the
** baseline (points for a percent metric, else relative to |baseline|).
** Sets kind review periods to 0; returns false when the goal plans no change
** (keep, no amount, no target or baseline known, a target behind the verb).
*/
bool kpirt_realism_ask_of(kpirt_verb verb, kpirt_amount_kind kind, double amount, bool percent,
                          kpirt_opt baseline, kpirt_opt target, kpirt_realism_ask *out);
/*
** The rule: reads value() once for every period first..last (the latest
** KPIRT_REALISM_MAX_PERIODS), compares every window of the ask's kind whose
** two sides have values (and, for a relative change, a first side not 0),
** keeps the largest move the goal's way (the earliest of equal ones, at 6
** decimals), and judges the ask against it at 6 decimals.
*/
void kpirt_realism_judge(const kpirt_realism_ask *ask, kpirt_value_fn value, void *user, int32_t first,
                         int32_t last, kpirt_realism *out);
/*
** The periods of history: those the days data_first..data_last cover whole,
** up to the last complete period at as_of (KPIRT_NO_DAY: no limit).
*/
void kpirt_realism_history(kpirt_day data_first, kpirt_day data_last, kpirt_day as_of, kpirt_granularity g,
                           int32_t *first, int32_t *last);
/* "within", "beyond", "no_history"; NULL for NONE. "span", "last_year", "cumulative". */
const char *kpirt_realism_verdict_name(kpirt_realism_verdict v);
const char *kpirt_realism_kind_name(kpirt_realism_kind k);
/*
** The finding for people, as every report and kpic check word it: "asks
** +65.0% visitors in 18 months; the largest rise over any 18 months in the
** data is +12.0% (2023-01 to 2024-07)". Returns snprintf's length.
*/
int kpirt_realism_words(const kpirt_realism *r, const char *metric, char *out, size_t cap);

typedef struct kpirt_series_point {
    int32_t period;
    char label[KPIRT_LABEL_MAX];
    kpirt_opt value;
    /* the comparisons every report shows: the period before, and the same
     * period a year earlier (kpirt_period_year_before); absent when the data has none */
    kpirt_opt previous, last_year;
} kpirt_series_point;

/*
** A goal's budget (`budget 50000 EUR on ad_spend`) against what its metric
** spent from the start period to the goal's current period, and the pacing:
** the spend expected by now along last year's spending over the same
** periods where the data holds all of them, else on a straight line
** (docs/evaluation.md, "Budgets").
*/
typedef struct kpirt_budget_report {
    bool has;                             /* the goal declares a budget */
    double amount;                        /* in the budget's unit */
    const char *unit;                     /* as written, or the spending metric's */
    kpirt_unit_kind unit_kind;            /* the spending metric's; money for a currency code; else number */
    const char *metric;                   /* the metric that spends it; NULL without `on` */
    char through[KPIRT_LABEL_MAX];        /* the last period counted (the goal's current one), or "" */
    kpirt_opt spent, expected, projected; /* projected: the spend at the deadline at the current pace */
    const char *pacing;                   /* "linear" or "last_year"; NULL when nothing is paced */
    kpirt_status status;                  /* OK, OVERSPEND, or NONE (no metric, not started, no spend) */
} kpirt_budget_report;

typedef struct kpirt_goal_report {
    uint32_t index; /* into program->goals */
    const kpirt_goal_desc *goal;
    const kpirt_metric_desc *metric;
    /* the JSON schema's fields, in its order */
    const char *name, *title, *metric_name, *unit, *owner; /* title/owner may be NULL */
    kpirt_day start, deadline;
    kpirt_granularity review;
    kpirt_opt baseline, target, current, expected, progress;
    kpirt_status status;
    /* what the baseline is (JSON baseline_kind) and the period(s) it was read from: "2025-12",
       "2025-10 to 2025-12", "" for a declared amount */
    kpirt_baseline_kind baseline_kind;
    char baseline_period[2 * KPIRT_LABEL_MAX + 8];
    bool cumulative;  /* values are totals since the start (JSON cumulative) */
    const char *path; /* the expected path: "linear", "flat", "last_year" (a cumulative goal
                                     following last year's shape); NULL for keep goals */
    kpirt_opt projection;
    kpirt_status projection_status;
    kpirt_opt projection_low, projection_high; /* its 80% prediction interval; absent below 3 points */
    const char *projection_method;             /* "linear", "seasonal"; NULL without a projection */
    uint32_t projection_points;                /* the periods (seasonal: year-on-year ratios) fitted */
    double projection_ratio;                   /* seasonal: the ratio to last year read at the deadline */
    char projection_why[200];   /* why the projection and the status disagree (JSON projection.why), or "" */
    kpirt_series_point *series; /* the periods from the start to the current period */
    uint32_t series_count;
    uint32_t *drivers; /* indexes into report->goals, in program order */
    uint32_t driver_count;
    /* extra facts for dashboards */
    int32_t parent;         /* -1 at the top */
    int32_t current_period; /* valid when current_label[0] */
    char current_label[KPIRT_LABEL_MAX];
    int32_t days_left;               /* deadline - as_of, never below 0 */
    char reason[160];                /* why the goal has no status it could be judged by, or "" */
    kpirt_day data_first, data_last; /* of the source(s) its metric reads; KPIRT_NO_DAY when none */
    kpirt_budget_report budget;
    kpirt_realism realism; /* the ask against history (JSON realism); verdict NONE: none */
} kpirt_goal_report;

/* What was read of one source, for the report's freshness line. */
typedef struct kpirt_source_report {
    const char *name;
    uint64_t rows_read, rows_skipped;
    kpirt_day first_day, last_day; /* of the rows the goals used; KPIRT_NO_DAY when none */
} kpirt_source_report;

#define KPIRT_BAD_ROWS_KEPT 5
#define KPIRT_MESSAGE_MAX 512

/*
** One data file as it was read. Files of one source are read in the order
** given; the days a later file covers replace the same days of earlier files
** (docs/data-sources.md), so `kept` lists the day ranges whose data came from
** this file.
*/
typedef struct kpirt_file_report {
    uint32_t source;
    char *path;
    char *title;                             /* a GA4 table's title, a Google Ads report's title line; NULL */
    kpirt_day declared_first, declared_last; /* the range a GA4 download states; KPIRT_NO_DAY */
    kpirt_day first, last;                   /* the days it covers; KPIRT_NO_DAY when it has no rows */
    uint64_t rows;                           /* data records read */
    uint32_t totals_skipped;                 /* totals rows left out (they repeat the rows' sums) */
    uint32_t kept_count;                     /* ranges kept[2i] .. kept[2i+1] */
    kpirt_day *kept;
} kpirt_file_report;

/*
** A `where` or `for` text (kpirt_segment_desc) that no good row of its source
** held: a warning in every report, on stderr, and exit status 1.
*/
#define KPIRT_SEGMENT_TEXT_MAX 64 /* longer texts the column holds are neither suggested nor listed */
typedef struct kpirt_unmatched {
    const kpirt_segment_desc *segment;
    char did_you_mean[KPIRT_SEGMENT_TEXT_MAX + 1]; /* the closest text the column held, or "" */
    char message[KPIRT_MESSAGE_MAX];               /* the warning as every report words it */
} kpirt_unmatched;

typedef struct kpirt_report {
    const kpirt_program *program;
    kpirt_day as_of;
    kpirt_goal_report *goals; /* goal_count entries, same index as program->goals */
    uint32_t goal_count;
    bool *selected;  /* per goal: part of the report (--goal) */
    uint32_t *roots; /* selected goals without a selected parent, in order */
    uint32_t root_count;
    /* data */
    uint64_t rows_read, rows_skipped;
    kpirt_day data_first, data_last; /* first and last day with an observation; KPIRT_NO_DAY when none */
    kpirt_source_report *sources;    /* program->source_count entries */
    uint32_t source_count;
    uint32_t bad_row_count; /* messages kept, at most KPIRT_BAD_ROWS_KEPT */
    char bad_rows[KPIRT_BAD_ROWS_KEPT][KPIRT_MESSAGE_MAX];
    char error[KPIRT_MESSAGE_MAX]; /* set when kpirt_evaluate() fails */
    kpirt_file_report *files;      /* every data file read, in reading order */
    uint32_t file_count;
    kpirt_unmatched *unmatched; /* segments no row held, in the program's order */
    uint32_t unmatched_count;
} kpirt_report;

typedef enum kpirt_bad_row_policy { KPIRT_BAD_ROW_FAIL = 0, KPIRT_BAD_ROW_SKIP } kpirt_bad_row_policy;

/* One data file of a source; a source may have several (read in order, as one). */
typedef struct kpirt_data_file {
    uint32_t source;
    const char *path; /* "-": standard input */
} kpirt_data_file;

typedef struct kpirt_options {
    kpirt_day as_of; /* KPIRT_NO_DAY: today (UTC) */
    kpirt_bad_row_policy on_bad_row;
    const char *const *goals; /* names to report (with their drivers); NULL: all */
    uint32_t goal_name_count;
    /*
    ** The data files, each naming its source; a source's files are read in
    ** this order, as one. A source with none is read from its default_path.
    */
    const kpirt_data_file *data_files;
    uint32_t data_file_count;
    /*
    ** The result of the query `kpic sql` prints (CSV; "-": standard input):
    ** per-period values of the sources it computed, which are then not read
    ** from files. NULL: every source is read from its files.
    */
    const char *periods_path;
    /*
    ** Threads a large plain data file is read on, in chunks split between
    ** records; the report is the same for any number. 0: one per online
    ** core. Standard input and compressed data are read on one thread.
    */
    uint32_t threads;
    /* Says how the data is read (the evaluator's --verbose); NULL: nothing. */
    void (*note)(void *user, const char *message);
    void *note_user;
    /*
    ** A PostgreSQL connection (a libpq URI or "key=value" string): the
    ** evaluator runs program->sql_postgres there and evaluates on its result,
    ** as with periods_path. NULL: not used.
    */
    const char *engine_url;
} kpirt_options;

/* "previous", "declared", "last_year", "average", "period" (JSON baseline_kind). */
const char *kpirt_baseline_kind_name(kpirt_baseline_kind kind);
/*
** What a goal's baseline is, for people, as every report words it:
** "declared", "2025-12, the period before the start", "2025-03, the same
** period last year", "last year's total, 2025-01 to 2025-12", "the average
** of 2025-10 to 2025-12", or a named period's label ("2025-Q4" read
** quarterly); "" for a goal without a baseline (keep).
*/
void kpirt_baseline_words(const kpirt_goal_report *g, char *out, size_t cap);

/* Today's date in UTC. */
kpirt_day kpirt_today(void);

/*
** Loads every source and evaluates every goal. Returns 0, or -1 with
** report->error set (missing file, bad row under the fail policy, unknown
** goal name, ABI mismatch, a descriptor with indexes out of range). Free the
** report with kpirt_report_free() either way.
*/
int kpirt_evaluate(const kpirt_program *program, const kpirt_options *options, kpirt_report *report);
void kpirt_report_free(kpirt_report *report);

/*
** Comparisons (compare.c): (now - then) / |then|, absent when either is
** absent or then is 0; and whether a change is good news for the goal:
** +1 (up for raise and keep above, down for lower and keep below), -1, or
** 0 (no change, keep between, no direction known). Every report colours
** and words a change with these.
*/
kpirt_opt kpirt_change(kpirt_opt now, kpirt_opt then);
int kpirt_change_tone(const kpirt_goal_report *g, double change);

/* ---- the lower-level steps kpirt_evaluate() is made of ------------------------- */

kpirt_ctx *kpirt_ctx_new(const kpirt_program *program, kpirt_bad_row_policy on_bad_row);
void kpirt_ctx_free(kpirt_ctx *ctx);
/* The message of the last error (empty when none). */
const char *kpirt_ctx_error(const kpirt_ctx *ctx);

/* Reads up to cap bytes; returns the count, 0 at the end, -1 on a read error. */
typedef long (*kpirt_read_fn)(void *user, char *buf, size_t cap);

/* Streams one source; `name` is used in messages; the path "-" is stdin. Returns 0 or -1. */
int kpirt_load_file(kpirt_ctx *ctx, uint32_t source, const char *path);
int kpirt_load_stream(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user);
/*
** Reads per-period values (the result of the query `kpic sql` prints) into
** the context; the sources they name are then answered from them. Returns
** 0 or -1. See docs/warehouse.md for the columns.
*/
int kpirt_load_periods_file(kpirt_ctx *ctx, const char *path);
int kpirt_load_periods_stream(kpirt_ctx *ctx, const char *name, kpirt_read_fn read, void *user);
/* Runs program->sql_postgres on PostgreSQL (libpq, loaded on first use) and reads its result so. */
int kpirt_load_engine(kpirt_ctx *ctx, const char *url);
int kpirt_load_text(kpirt_ctx *ctx, uint32_t source, const char *name, const char *text, size_t len);

/* Data records read (blank lines aside), and those skipped as bad (skip policy). */
uint64_t kpirt_ctx_rows_read(const kpirt_ctx *ctx);
uint64_t kpirt_ctx_rows_skipped(const kpirt_ctx *ctx);

/*
** Copies src into dst (at most cap bytes with the NUL) with control bytes
** written \x1b and Unicode bidi embedding, override and isolate controls
** \u202e, so that a file name or header cell in a message can neither drive
** the terminal nor forge or reorder a line. Returns the length written.
*/
size_t kpirt_escape_controls(char *dst, size_t cap, const char *src);
/* The same for len bytes that may hold NUL (a data cell): a NUL is written \x00. */
size_t kpirt_escape_controls_len(char *dst, size_t cap, const char *src, size_t len);

/*
** The one rule for what may not reach a terminal, a report or generated text
** as it is. Each writer decides what it writes instead (an escape, a space, an
** entity), never which bytes: C0 controls and DEL; and the bidi embedding,
** override and isolate controls (U+202A-E, U+2066-9), which reorder the rest
** of a line. kpirt_bidi_control_length gives 3 where p (NUL-terminated, or
** with 3 bytes left) starts one, else 0.
*/
static inline bool kpirt_is_control_byte(unsigned char c) {
    return c < 0x20 || c == 0x7f;
}
static inline size_t kpirt_bidi_control_length(const unsigned char *p) {
    return p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
                            (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))
               ? 3
               : 0;
}

/* The value of any metric in one period (the program's metric_value, or the base value). */
int kpirt_metric_value(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                       double *out);

/*
** The exact sum (scaled by KPIRT_SCALE) of a base metric's observations in
** one period: 1 with *out, 0 when the period has none, -1 when the sum
** leaves the int64 range.
*/
int kpirt_base_sum_scaled(const kpirt_ctx *ctx, uint32_t metric, kpirt_granularity g, int32_t period,
                          int64_t *out);

/*
** Evaluates one goal from a value callback: the rules of eval.c, usable
** without data files. Values are compared in decimal at 6 decimals (the
** precision of a ratio; an evaluation knows the metric's unit and judges
** money and counts exactly, see docs/evaluation.md). `value` returns 1 with *out set, or 0 for no value.
** out->series is allocated (free it with free()); drivers are left empty.
*/
void kpirt_evaluate_goal(const kpirt_goal_desc *goal, kpirt_day as_of, kpirt_value_fn value, void *user,
                         kpirt_goal_report *out);

/*
** Least squares over (x_i, y_i): returns 1 with slope and intercept, 0 when
** fewer than two distinct x.
*/
int kpirt_least_squares(const double *x, const double *y, size_t n, double *slope, double *intercept);

/* ---- sampling a data file (check time) ----------------------------------------- */

/* One record as the reader unquoted it: count cells, each NUL-terminated. */
typedef struct kpirt_sample_row {
    uint32_t count;
    const char **cells;
    char *text; /* the block the cells point into */
} kpirt_sample_row;

typedef struct kpirt_sample {
    /* what the reader used, declared or detected (a report: nothing here goes into a program) */
    char delimiter;
    bool delimiter_detected; /* the source declares none; each run detects again per file */
    const char *encoding;    /* "UTF-8", "UTF-8 with byte-order mark", "UTF-16", "Windows-1252", "Latin-1" */
    char decimal_mark,
        thousands_sep;          /* the number style: declared, or a localised download's (ga4, google_ads) */
    int32_t date_column;        /* the header field the evaluator takes as the date column
                                     (also under a localised name), -1 when none */
    bool nth_day;               /* the date column is GA4's "Nth day" axis */
    bool complete;              /* the rows are all the file's (it has no more than max_rows) */
    const char *needs_encoding; /* failed: the `encoding` that reads the file ("windows-1252" at a byte
                                     that is not UTF-8, "utf-16" for UTF-16 without a byte-order mark), or NULL */
    /* the header, blanks trimmed as the evaluator matches column names; no columns: an empty file */
    uint32_t column_count;
    const char **header;
    kpirt_sample_row header_row;
    /* the first data records, blank lines, comments and totals rows skipped, "no value" texts ("--",
       the source's `null`) as empty cells; sampling stops early at a record the reader refuses */
    uint32_t row_count;
    kpirt_sample_row *rows;
    char error[KPIRT_MESSAGE_MAX]; /* why kpirt_sample_file() failed */
} kpirt_sample;

/*
** Reads the header and up to max_rows records of the file at path with the
** reader evaluators use (a glob or a folder: of each of its files, as
** --data expands them, under the columns every file has), with the options `source` declares (delimiter 0:
** detected as at run time); the source's name and default_path serve only
** in messages, and its row function is not called. Returns 0, or -1 with
** out->error set (errno too when the file cannot be opened): a file the
** evaluator would refuse from its start (binary, a byte that is not UTF-8,
** a GA4 download with several tables and no `table`). Free the sample with
** kpirt_sample_free() either way.
*/
int kpirt_sample_file(const char *path, const kpirt_source_desc *source, uint32_t max_rows,
                      kpirt_sample *out);
void kpirt_sample_free(kpirt_sample *sample);

/* ---- writing reports ------------------------------------------------------------- */

typedef struct kpirt_write_options {
    bool color; /* ANSI colours (text) */
    int width;  /* text: columns available; 0 = 80 */
} kpirt_write_options;

typedef int (*kpirt_writer_fn)(const kpirt_report *report, const kpirt_write_options *options, FILE *out);

/*
** The registered formats (every runtime has them all). kpirt_writer()
** returns 1 with *fn set, or 0 for an unknown name.
*/
int kpirt_writer(const char *format, kpirt_writer_fn *fn);
/* "text|json|csv|html" for messages. */
const char *kpirt_writer_names(void);

/*
** The evaluator's command line (kpirt_main) for `kpic run`, which passes it
** on: whether name (len bytes, "--as-of") is one of its options, and its
** options as the evaluator's --help lists them.
*/
bool kpirt_cli_is_option(const char *name, size_t len);
void kpirt_cli_write_options(FILE *out);

int kpirt_write_text(const kpirt_report *report, const kpirt_write_options *options, FILE *out);
int kpirt_write_json(const kpirt_report *report, const kpirt_write_options *options, FILE *out);
int kpirt_write_csv(const kpirt_report *report, const kpirt_write_options *options, FILE *out);
/* One self-contained page (inline CSS and SVG, no scripts); docs/dashboard.md. */
int kpirt_write_html(const kpirt_report *report, const kpirt_write_options *options, FILE *out);

/*
** Numbers as the reports print them: money with exactly 2 decimals, percent
** and ratio with up to 6, everything else with up to 4 (trailing zeros
** dropped). Non-finite as "null".
*/
int kpirt_format_value(double v, kpirt_unit_kind unit, char *out, size_t cap);
/* The same for a value that may be absent ("null") or exact (printed from its decimal). */
int kpirt_format_opt(kpirt_opt v, kpirt_unit_kind unit, char *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
