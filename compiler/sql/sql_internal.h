/*
** sql_internal.h: what the files of compiler/sql share: the writer state,
** the dialect's spelling of quotes, types and date truncation
** (sql_dialect.c), and filters (sql_filter.c).
*/
#ifndef KPI_SQL_INTERNAL_H
#define KPI_SQL_INTERNAL_H

#include <stdbool.h>

#include "sql.h"

typedef struct kpi_sql_writer {
    FILE *out;
    kpi_sql_dialect dialect;
    const kpi_program *program;
} kpi_sql_writer;

/* An identifier, quoted the dialect's way whatever it holds. */
void kpi_sql_ident(const kpi_sql_writer *w, const char *name);
/* A table name: split at dots, each part an identifier ("analytics"."events"). */
void kpi_sql_table_name(const kpi_sql_writer *w, const char *dotted);
/* A string literal, escaped the dialect's way. */
void kpi_sql_string(const kpi_sql_writer *w, const char *text);
/* A number literal that reads back as the same double. */
void kpi_sql_number(const kpi_sql_writer *w, double v);
/* Text inside a `--` comment: control bytes become '?', so nothing ends the comment early. */
void kpi_sql_comment_text(const kpi_sql_writer *w, const char *text);

/* Exact money (NUMERIC(38,4) and its kin), text, and 64-bit integers. */
const char *kpi_sql_money_type(kpi_sql_dialect d);
const char *kpi_sql_text_type(kpi_sql_dialect d);
const char *kpi_sql_int_type(kpi_sql_dialect d);
/* A measure column as an exact decimal with the evaluator's 4 places. */
void kpi_sql_money(const kpi_sql_writer *w, const char *column);
/* The first day of the period of granularity g that holds the DATE expression `day`. */
void kpi_sql_period(const kpi_sql_writer *w, kpirt_granularity g, const char *day);

/* A filter over the columns of source `src`, as a condition that is TRUE exactly when the row passes. */
void kpi_sql_filter(const kpi_sql_writer *w, const kpi_prog_source *src, const kpi_prog_filter *f);

#endif
