/*
** check_helpers.h: running semantic analysis on .kpi text in unit tests, and
** looking at what it reported.
*/
#ifndef KPI_TEST_SEMA_CHECK_HELPERS_H
#define KPI_TEST_SEMA_CHECK_HELPERS_H

#include "compiler/parse/parse.h"
#include "compiler/sema/sema.h"

typedef struct checked {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
    kpi_source *src;
    kpi_sema_result *result;
} checked;

/* Parses and checks text as if it were the file tests/sema/NAME. */
checked *check_text(const char *name, const char *text, const kpi_sema_options *options);
void check_free(checked *c);
/* How many diagnostics with this code were reported (at any severity kept). */
unsigned count_code(const checked *c, kpi_code code);
const kpi_diagnostic *find_code(const checked *c, kpi_code code);
/* The text with every fix-it of d applied (malloc'd). */
char *apply_fixits(const checked *c, const kpi_diagnostic *d);
/* Prints every diagnostic, to explain a failing assertion. */
void dump_diagnostics(const checked *c);
const kpi_prog_metric *find_metric(const kpi_program *p, const char *name, uint32_t *index);
const kpi_prog_goal *find_goal(const kpi_program *p, const char *name, uint32_t *index);

#endif
