/*
** pipeline.c: load, parse, check and report, the same way for every command.
**
** A file that cannot be read is a usage problem, not a diagnostic about the
** file: it is printed at once as "kpic: error: cannot open 'x': reason" and
** turns the exit status into 2, while the other files are still checked.
*/
#include "pipeline.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/parse.h"

/* Semantic analysis runs when the sema stage is built (compiler/sema/sema.h). */
#ifdef HAVE_KPIC_SEMA
#include "sema/sema.h"
#define PIPELINE_RUNS_SEMA 1
#endif

void kpi_pipeline_init(kpi_pipeline *p, const kpi_drv_options *options) {
    memset(p, 0, sizeof *p);
    kpi_arena_init(&p->arena);
    kpi_src_map_init(&p->sources, &p->arena);
    kpi_diag_init(&p->diags, &p->arena, &p->sources);
    p->diags.options = options->diag;
    p->diags.max_errors = options->max_errors;
    p->options = options;
}

void kpi_pipeline_free(kpi_pipeline *p) {
    kpi_arena_free(&p->arena);
}

#ifdef PIPELINE_RUNS_SEMA
/* The running executable's path, so sema can find the installed stdlib next to it. */
static const char *executable_path(kpi_arena *arena) {
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return kpi_drv_argv0;
    return kpi_arena_strndup(arena, buf, (size_t)n);
}
#endif

bool kpi_pipeline_parse_file(kpi_pipeline *p, const char *path, kpi_unit *out) {
    memset(out, 0, sizeof *out);
    kpi_source *src = strcmp(path, "-") == 0 ? kpi_src_read(&p->sources, "<stdin>", stdin)
                                            : kpi_src_load(&p->sources, path);
    if (!src) {
        if (errno == EFBIG)
            kpi_drv_error(NULL, "cannot open '%s': file too large (the limit is %u MiB)", path,
                          (unsigned)(KPI_SOURCE_MAX_BYTES >> 20));
        else
            kpi_drv_error(NULL, "cannot open '%s': %s", path, strerror(errno));
        p->io_failed = true;
        return false;
    }
    out->source = src;
    out->ast = kpi_parse(&p->arena, &p->diags, src);
    return true;
}

/*
** Semantic analysis runs only on a file that parsed without errors: checking
** a tree with holes in it would bury the one real typo under unknown-name
** errors about what the parser had to skip (Go makes the same choice).
*/
static void check_unit(kpi_pipeline *p, unsigned errors_before, kpi_unit *out) {
    if (p->diags.errors != errors_before || !out->ast) return;
#ifdef PIPELINE_RUNS_SEMA
    kpi_sema_options sema = {
        .import_dirs = p->options->import_dirs,
        .import_dir_count = p->options->import_dir_count,
        .verify_columns = !p->skip_data_files,
        .exe_path = executable_path(&p->arena),
        .growth_ceiling = p->options->growth_ceiling,
        .skip_symbols = true,
        .skip_lowering = p->diagnostics_only,
    };
    out->program = kpi_sema_check(&p->arena, &p->diags, &p->sources, out->ast, &sema);
#endif
}

bool kpi_pipeline_check_file(kpi_pipeline *p, const char *path, kpi_unit *out) {
    unsigned errors_before = p->diags.errors;
    if (!kpi_pipeline_parse_file(p, path, out)) return false;
    check_unit(p, errors_before, out);
    return true;
}

void kpi_pipeline_check_text(kpi_pipeline *p, const char *path, const char *text, size_t len, kpi_unit *out) {
    unsigned errors_before = p->diags.errors;
    memset(out, 0, sizeof *out);
    out->source = kpi_src_add(&p->sources, path, text, len);
    out->ast = kpi_parse(&p->arena, &p->diags, out->source);
    check_unit(p, errors_before, out);
}

void kpi_pipeline_report(kpi_pipeline *p) {
    kpi_diag_sort(&p->diags);
    switch (p->options->format) {
    case KPI_FORMAT_JSON:
        kpi_diag_render_json(&p->diags, stdout);
        break;
    case KPI_FORMAT_SARIF:
        kpi_diag_render_sarif(&p->diags, stdout);
        break;
    case KPI_FORMAT_TEXT: {
        kpi_render_options ro = {.color = kpi_drv_use_color(p->options->color, stderr), .show_source = true};
        kpi_diag_render_text(&p->diags, stderr, ro);
        break;
    }
    }
    fflush(stdout);
}

int kpi_pipeline_exit_status(const kpi_pipeline *p) {
    if (p->io_failed) return KPI_EXIT_USAGE;
    return kpi_diag_has_errors(&p->diags) ? KPI_EXIT_ERRORS : KPI_EXIT_OK;
}
