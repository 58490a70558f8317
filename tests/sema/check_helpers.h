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
/*
** Checks text, applies the fix-its of its first diagnostic with this code and
** checks the result again: returns the fixed text (malloc'd) and how many of
** the code and how many errors are left (shown on stderr when any); NULL when
** the code was not reported with a fix-it (the diagnostics shown).
*/
char *fix_and_recheck(const char *name, const char *text, kpi_code code, unsigned *codes_left,
                      unsigned *errors_left);
/* Prints every diagnostic, to explain a failing assertion. */
void dump_diagnostics(const checked *c);
const kpi_prog_metric *find_metric(const kpi_program *p, const char *name, uint32_t *index);
const kpi_prog_goal *find_goal(const kpi_program *p, const char *name, uint32_t *index);

#endif
