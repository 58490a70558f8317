/*
** test_run.h: running one `test` item of a checked program (kpic test).
**
** A test is judged by the evaluator itself: the module compiled from the
** file runs in a child process through the JIT, exactly as `kpic run FILE
** --data SOURCE=FIXTURE --as-of DATE --format json` would, and the expected
** values are compared with that JSON report. So every number and status a
** test checks comes from libkpirt, the one owner of goal arithmetic; kpic
** only reads the report. docs/cli.md ("kpic test") has the decision.
*/
#ifndef KPI_DRV_TEST_RUN_H
#define KPI_DRV_TEST_RUN_H

#include <stdbool.h>

#include "compile.h"

/* One expectation that did not hold. */
typedef struct kpi_test_failure {
    struct kpi_test_failure *next;
    const char *what;     /* "more_profit current" */
    const char *expected; /* "1500 EUR (tolerance 0.5)" */
    const char *actual;   /* "1450.5", "none", "at_risk", or why there is no value */
    kpi_span span;        /* the expect line */
} kpi_test_failure;

typedef struct kpi_test_result {
    bool ok;
    bool error;             /* the evaluator could not run (bad fixture, crash): not a comparison */
    const char *error_text; /* its standard error, for the report */
    kpi_test_failure *failures;
    unsigned checked; /* expectations compared */
} kpi_test_result;

/* Runs test t of program (m compiled from it; api the back end) and compares its expectations. */
void kpi_test_run(kpi_arena *arena, const kpi_cg_table *api, kpi_cg_module *m, const kpi_program *program,
                  const kpi_prog_test *t, kpi_test_result *out);

#endif
