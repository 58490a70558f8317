/*
** pipeline.h: the front end as the commands use it: load a file, parse it,
** check it, and report what was found.
**
** Every command that reads .kpi files goes through kpi_pipeline_check_file, so
** check, build, run and the tools see the same diagnostics for the same file.
** One pipeline holds one arena, source map and diagnostics engine for all the
** files of a command line.
*/
#ifndef KPI_PIPELINE_H
#define KPI_PIPELINE_H

#include <stdbool.h>

#include "ast/ast.h"
#include "diag/diag.h"
#include "driver.h"
#include "program/program.h"
#include "support/arena.h"
#include "support/source.h"

typedef struct kpi_pipeline {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
    const kpi_drv_options *options;
    bool io_failed;            /* a file could not be read: exit status 2 */
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
    kpi_program *program;      /* NULL when there were errors, semantic analysis is not built in,
                                  or the pipeline is diagnostics_only */
} kpi_unit;

void kpi_pipeline_init(kpi_pipeline *p, const kpi_drv_options *options);
void kpi_pipeline_free(kpi_pipeline *p);

/*
** Loads path ("-" reads standard input), parses it and runs semantic
** analysis. Returns false, after printing "kpic: error: cannot open ...", when
** the file cannot be read; problems in the file itself go to p->diags.
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

#endif
