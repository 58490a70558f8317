/*
** pipeline.h: the front-end session (session/session.h) as the commands use
** it: load a file named on the command line, parse and check it, report what
** was found and turn it into an exit status.
**
** Every command that reads .kpi files goes through kpi_pipeline_check_file or
** kpi_pipeline_parse_file, so check, build, run and the tools see the same
** diagnostics for the same file as the language server. One pipeline holds
** one session for all the files of a command line.
*/
#ifndef KPI_PIPELINE_H
#define KPI_PIPELINE_H

#include <stdbool.h>

#include "ast/ast.h"
#include "diag/diag.h"
#include "driver.h"
#include "program/program.h"
#include "session/session.h"
#include "support/arena.h"
#include "support/source.h"

typedef struct kpi_pipeline {
    kpi_session session; /* its arena, sources and diagnostics serve every file of the command */
    const kpi_drv_options *options;
    bool io_failed; /* a file could not be read: exit status 2 */
    /* Set by commands that only report (check): no kpi_program is built, so
       kpi_unit.program stays NULL; the diagnostics are the same. */
    bool diagnostics_only;
    /* Set by commands that compare versions (diff): a CSV source's header is
       not read at check time, since an old version was written against the
       data of its day. */
    bool skip_data_files;
} kpi_pipeline;

/* What the pipeline made of one file. */
typedef struct kpi_unit {
    const kpi_source *source;
    kpi_ast_file *ast;
    kpi_program *program; /* NULL when there were errors or the pipeline is diagnostics_only */
} kpi_unit;

void kpi_pipeline_init(kpi_pipeline *p, const kpi_drv_options *options);
void kpi_pipeline_free(kpi_pipeline *p);

/*
** Loads path ("-" reads standard input), parses it and runs semantic
** analysis under the session's policy. Returns false, after printing "kpic:
** error: cannot open ...", when the file cannot be read; problems in the
** file itself go to p->session.diags.
*/
bool kpi_pipeline_check_file(kpi_pipeline *p, const char *path, kpi_unit *out);

/*
** Checks text as if it were the file at path (which need not hold it): its
** imports and data paths resolve from path's folder, and diagnostics name
** path. kpic diff checks a version from git this way.
*/
void kpi_pipeline_check_text(kpi_pipeline *p, const char *path, const char *text, size_t len, kpi_unit *out);

/* Loads and parses path like kpi_pipeline_check_file, without semantic analysis (kpic fmt). */
bool kpi_pipeline_parse_file(kpi_pipeline *p, const char *path, kpi_unit *out);

/* Sorts the diagnostics and prints them in the format the options ask for. */
void kpi_pipeline_report(kpi_pipeline *p);

/* KPI_EXIT_USAGE after an I/O failure, else KPI_EXIT_ERRORS when errors were reported, else KPI_EXIT_OK. */
int kpi_pipeline_exit_status(const kpi_pipeline *p);

/*
** Checks path, reports, and returns its checked program for a command that
** needs one (build, run, test, sql, graph); else NULL with *status set. Under
** --draft SMART errors are warnings, but a goal without a resolved metric
** has no program: "cannot ACTION 'path': some goals are too incomplete".
*/
const kpi_program *kpi_pipeline_program(kpi_pipeline *p, const char *path, const char *action, int *status);

#endif
