/*
** pipeline.c: load, parse, check and report, the same way for every command;
** the front end itself is the session's (session/session.h).
**
** A file that cannot be read is a usage problem, not a diagnostic about the
** file: it is printed at once as "kpic: error: cannot open 'x': reason" and
** turns the exit status into 2, while the other files are still checked.
*/
#include "pipeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void kpi_pipeline_init(kpi_pipeline *p, const kpi_drv_options *options) {
    memset(p, 0, sizeof *p);
    kpi_session_options session = {
        .sema =
            {
                .import_dirs = options->import_dirs,
                .import_dir_count = options->import_dir_count,
                .verify_columns = true,
                .growth_ceiling = options->growth_ceiling,
            },
        .diag = options->diag,
        .max_errors = options->max_errors,
    };
    kpi_session_init(&p->session, &session, kpi_drv_argv0);
    p->options = options;
}

void kpi_pipeline_free(kpi_pipeline *p) {
    kpi_session_free(&p->session);
}

/* Loads path into the session, or says why it cannot (a usage problem, exit status 2). */
static const kpi_source *load(kpi_pipeline *p, const char *path) {
    kpi_source *src = kpi_session_load(&p->session, path);
    if (src) return src;
    if (errno == EFBIG)
        kpi_drv_error(NULL, "cannot open '%s': file too large (the limit is %u MiB)", path,
                      (unsigned)(KPI_SOURCE_MAX_BYTES >> 20));
    else kpi_drv_error(NULL, "cannot open '%s': %s", path, strerror(errno));
    p->io_failed = true;
    return NULL;
}

bool kpi_pipeline_parse_file(kpi_pipeline *p, const char *path, kpi_unit *out) {
    memset(out, 0, sizeof *out);
    const kpi_source *src = load(p, path);
    if (!src) return false;
    kpi_session_unit unit;
    kpi_session_parse(&p->session, src, &unit);
    out->source = src;
    out->ast = unit.ast;
    return true;
}

/* Checks src under the session's policy; a command that compares versions reads no data files. */
static void check_source(kpi_pipeline *p, const kpi_source *src, kpi_unit *out) {
    p->session.options.sema.verify_columns = !p->skip_data_files;
    kpi_session_unit unit;
    kpi_session_check(&p->session, src, p->diagnostics_only ? KPI_SESSION_DIAGNOSTICS : KPI_SESSION_PROGRAM,
                      &unit);
    out->source = src;
    out->ast = unit.ast;
    out->program = unit.sema ? unit.sema->program : NULL;
}

bool kpi_pipeline_check_file(kpi_pipeline *p, const char *path, kpi_unit *out) {
    memset(out, 0, sizeof *out);
    const kpi_source *src = load(p, path);
    if (!src) return false;
    check_source(p, src, out);
    return true;
}

void kpi_pipeline_check_text(kpi_pipeline *p, const char *path, const char *text, size_t len, kpi_unit *out) {
    memset(out, 0, sizeof *out);
    check_source(p, kpi_session_add_text(&p->session, path, text, len), out);
}

void kpi_pipeline_report(kpi_pipeline *p) {
    kpi_diag_sort(&p->session.diags);
    switch (p->options->format) {
    case KPI_FORMAT_JSON: kpi_diag_render_json(&p->session.diags, stdout); break;
    case KPI_FORMAT_SARIF: kpi_diag_render_sarif(&p->session.diags, stdout); break;
    case KPI_FORMAT_TEXT: {
        kpi_render_options ro = {.color = kpi_drv_use_color(p->options->color, stderr), .show_source = true};
        kpi_diag_render_text(&p->session.diags, stderr, ro);
        break;
    }
    }
    fflush(stdout);
}

int kpi_pipeline_exit_status(const kpi_pipeline *p) {
    if (p->io_failed) return KPI_EXIT_USAGE;
    return kpi_diag_has_errors(&p->session.diags) ? KPI_EXIT_ERRORS : KPI_EXIT_OK;
}

const kpi_program *kpi_pipeline_program(kpi_pipeline *p, const char *path, const char *action, int *status) {
    kpi_unit unit;
    bool read = kpi_pipeline_check_file(p, path, &unit);
    kpi_pipeline_report(p);
    *status = kpi_pipeline_exit_status(p);
    if (!read || *status != KPI_EXIT_OK) return NULL;
    if (!unit.program) {
        kpi_drv_error(NULL, "cannot %s '%s': some goals are too incomplete (see the warnings above)", action,
                      path);
        *status = KPI_EXIT_ERRORS;
    }
    return unit.program;
}
