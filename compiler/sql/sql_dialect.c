/*
** sql_dialect.c: how each engine spells the few things that differ:
** quoted identifiers and string literals (the only places user text enters
** the query, so every byte is escaped here), the exact decimal type, and
** truncating a date to its review period (weeks start on Monday, as the
** runtime's do).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sql_internal.h"
#include "kpirt.h"

static const char *const dialect_names[] = {"postgres", "duckdb", "bigquery", "spark"};
_Static_assert(sizeof dialect_names / sizeof dialect_names[0] == KPI_SQL_SPARK + 1, "one name per dialect");

int kpi_sql_dialect_parse(const char *name, kpi_sql_dialect *out) {
    for (int d = 0; d <= KPI_SQL_SPARK; d++) {
        if (strcmp(name, dialect_names[d]) == 0) {
            *out = (kpi_sql_dialect)d;
            return 0;
        }
    }
    if (strcmp(name, "postgresql") == 0) {
        *out = KPI_SQL_POSTGRES;
        return 0;
    }
    return -1;
}

const char *kpi_sql_dialect_name(kpi_sql_dialect d) {
    return (unsigned)d <= KPI_SQL_SPARK ? dialect_names[d] : "?";
}

/* BigQuery and Spark read backslash escapes in quoted text; PostgreSQL and DuckDB do not. */
static bool backslash_escapes(kpi_sql_dialect d) {
    return d == KPI_SQL_BIGQUERY || d == KPI_SQL_SPARK;
}

/* One byte inside quotes `q`: the quote doubled or escaped, and in backslash dialects \, newline, tab, CR. */
static void quoted_byte(const kpi_sql_writer *w, char q, char c) {
    if (backslash_escapes(w->dialect) && !(w->dialect == KPI_SQL_SPARK && q == '`')) {
        switch (c) {
        case '\\': fputs("\\\\", w->out); return;
        case '\n': fputs("\\n", w->out); return;
        case '\r': fputs("\\r", w->out); return;
        case '\t': fputs("\\t", w->out); return;
        default: break;
        }
        if (c == q) {
            fputc('\\', w->out);
            fputc(c, w->out);
            return;
        }
    } else if (c == q) {
        fputc(c, w->out); /* doubled: "" inside "...", '' inside '...', `` inside Spark's `...` */
    }
    fputc(c, w->out);
}

static void quoted(const kpi_sql_writer *w, char q, const char *text, size_t len) {
    fputc(q, w->out);
    for (size_t i = 0; i < len; i++) quoted_byte(w, q, text[i]);
    fputc(q, w->out);
}

void kpi_sql_ident(const kpi_sql_writer *w, const char *name) {
    char q = w->dialect == KPI_SQL_BIGQUERY || w->dialect == KPI_SQL_SPARK ? '`' : '"';
    quoted(w, q, name, strlen(name));
}

void kpi_sql_table_name(const kpi_sql_writer *w, const char *dotted) {
    char q = w->dialect == KPI_SQL_BIGQUERY || w->dialect == KPI_SQL_SPARK ? '`' : '"';
    const char *p = dotted;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        quoted(w, q, p, n);
        if (!dot) break;
        fputc('.', w->out);
        p = dot + 1;
    }
}

void kpi_sql_string(const kpi_sql_writer *w, const char *text) {
    quoted(w, '\'', text, strlen(text));
}

void kpi_sql_number(const kpi_sql_writer *w, double v) {
    char buf[64];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) break;
    }
    /* a negative literal in parentheses, so `x > -1` can never read as a comment `--1` */
    if (buf[0] == '-') fprintf(w->out, "(%s)", buf);
    else fputs(buf, w->out);
}

void kpi_sql_comment_text(const kpi_sql_writer *w, const char *text) {
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        fputc(kpirt_is_control_byte(*p) ? '?' : *p, w->out);
}

const char *kpi_sql_money_type(kpi_sql_dialect d) {
    switch (d) {
    case KPI_SQL_POSTGRES: return "NUMERIC(38,4)";
    case KPI_SQL_BIGQUERY: return "NUMERIC"; /* fixed: 38 digits, 9 after the point */
    case KPI_SQL_DUCKDB:
    case KPI_SQL_SPARK: return "DECIMAL(38,4)";
    }
    return "NUMERIC(38,4)";
}

void kpi_sql_money(const kpi_sql_writer *w, const char *column) {
    /* BigQuery's NUMERIC keeps 9 decimals: ROUND brings a value to the evaluator's 4 */
    if (w->dialect == KPI_SQL_BIGQUERY) fputs("ROUND(", w->out);
    fputs("CAST(", w->out);
    kpi_sql_ident(w, column);
    fprintf(w->out, " AS %s)", kpi_sql_money_type(w->dialect));
    if (w->dialect == KPI_SQL_BIGQUERY) fputs(", 4)", w->out);
}

const char *kpi_sql_text_type(kpi_sql_dialect d) {
    switch (d) {
    case KPI_SQL_POSTGRES: return "TEXT";
    case KPI_SQL_DUCKDB: return "VARCHAR";
    case KPI_SQL_BIGQUERY:
    case KPI_SQL_SPARK: return "STRING";
    }
    return "TEXT";
}

const char *kpi_sql_int_type(kpi_sql_dialect d) {
    return d == KPI_SQL_BIGQUERY ? "INT64" : "BIGINT";
}

void kpi_sql_period(const kpi_sql_writer *w, kpirt_granularity g, const char *day) {
    static const char *const units[] = {"day", "week", "month", "quarter", "year"};
    static const char *const bigquery_units[] = {"DAY", "ISOWEEK", "MONTH", "QUARTER", "YEAR"};
    static const char *const spark_units[] = {"DAY", "WEEK", "MONTH", "QUARTER", "YEAR"};
    _Static_assert(KPIRT_DAY == 0 && KPIRT_WEEK == 1 && KPIRT_MONTH == 2 && KPIRT_QUARTER == 3 &&
                       KPIRT_YEAR == 4,
                   "the tables follow kpirt_granularity");
    if (g == KPIRT_DAY || (unsigned)g > KPIRT_YEAR) {
        fputs(day, w->out);
        return;
    }
    switch (w->dialect) {
    case KPI_SQL_BIGQUERY:
        /* ISOWEEK: the Monday on or before the day (WEEK would start on Sunday) */
        fprintf(w->out, "DATE_TRUNC(%s, %s)", day, bigquery_units[g]);
        return;
    case KPI_SQL_SPARK:
        /* TRUNC takes and returns a DATE; its WEEK is the Monday on or before the day */
        fprintf(w->out, "TRUNC(%s, '%s')", day, spark_units[g]);
        return;
    case KPI_SQL_POSTGRES:
    case KPI_SQL_DUCKDB: fprintf(w->out, "CAST(DATE_TRUNC('%s', %s) AS DATE)", units[g], day); return;
    }
}
