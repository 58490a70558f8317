/*
** sql.h: a checked program as one SQL query, for the databases that hold
** the rows (`kpic sql`, docs/warehouse.md).
**
** The query does every row-level step of the evaluation inside the engine:
** the `where` filters and goal segments, the conversions, and every
** aggregation (count_distinct included), for each review period the goals
** use. It returns only the per-period parts the runtime needs (the exact
** value, the number of observations, the first and last day observed) and
** the row count of each table, as the rows libkpirt's --periods reads. The
** judgement (targets, statuses, projections, reports) stays the runtime's.
**
** Works from the checked program (program.h) only, never the AST, and needs
** no LLVM. The text is deterministic: the same program and options give the
** same bytes.
*/
#ifndef KPI_SQL_H
#define KPI_SQL_H

#include <stdint.h>
#include <stdio.h>

#include "program/program.h"

typedef enum kpi_sql_dialect {
    KPI_SQL_POSTGRES,
    KPI_SQL_DUCKDB,
    KPI_SQL_BIGQUERY,
    KPI_SQL_SPARK
} kpi_sql_dialect;

/* "postgres" (also "postgresql"), "duckdb", "bigquery", "spark": 0, or -1 for an unknown name. */
int kpi_sql_dialect_parse(const char *name, kpi_sql_dialect *out);
const char *kpi_sql_dialect_name(kpi_sql_dialect d);

/* A file source (csv, ga4, google_ads) whose rows were loaded into a table (`--table SOURCE=TABLE`). */
typedef struct kpi_sql_table {
    const char *source;
    const char *table; /* as for `table "..."`: dot-separated, each part quoted */
} kpi_sql_table;

typedef struct kpi_sql_options {
    kpi_sql_dialect dialect;
    const char *spec_name; /* named in the header comment */
    const kpi_sql_table *tables;
    uint32_t table_count;
} kpi_sql_options;

/*
** Writes the query. The sources computed are the table sources and the file
** sources named in options->tables; the others stay files the evaluator
** reads. Returns 0, or -1 with a message in error (no source to compute, a
** --table naming no source of the program).
*/
int kpi_sql_write(const kpi_program *program, const kpi_sql_options *options, FILE *out, char *error,
                  size_t error_cap);

#endif
