/*
** fuzz_rows.h: the program the data-reader targets (fuzz_csv, fuzz_exports)
** evaluate: a hand-written stand-in for the code kpic generates, with one
** source whose row function reads a date, two decimals, a number filter and
** a text column that feeds a count_distinct, and every aggregate after it.
** Only the source's dialect differs between the targets; this file keeps
** the rest in one place. Links libkpirt only.
*/
#ifndef KPI_FUZZ_ROWS_H
#define KPI_FUZZ_ROWS_H

#include <stddef.h>

#include "runtime/include/kpirt.h"

/* The columns the row function reads, in the order of a source's `columns`. */
enum { KPI_FUZZ_DAY, KPI_FUZZ_AMOUNT, KPI_FUZZ_QTY, KPI_FUZZ_CUSTOMER, KPI_FUZZ_COLUMNS };

/* A kpirt_read_fn over memory that returns at most `chunk` bytes a call (0: as many as asked). */
typedef struct kpi_fuzz_chunks {
    const char *text;
    size_t len, pos, chunk;
} kpi_fuzz_chunks;

long kpi_fuzz_read_chunks(void *user, char *buf, size_t cap);

/*
** Points source->row at the row function and fills program with the one
** source, the metrics (sum, max, count_distinct, avg, last and a derived
** ratio) and a goal. source must name KPI_FUZZ_COLUMNS columns.
*/
void kpi_fuzz_rows_program(kpirt_program *program, kpirt_source_desc *source);

/*
** Streams the reader's bytes through the program's source as the evaluator
** does (kpirt_load_stream), then computes every metric over the periods the
** rows touched (at most 41 of each granularity); frees everything.
*/
void kpi_fuzz_rows_evaluate(const kpirt_program *program, kpirt_bad_row_policy policy,
                            kpi_fuzz_chunks *reader);

#endif
