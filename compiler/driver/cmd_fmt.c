/*
** cmd_fmt.c: `kpic fmt [-w | --check] FILE...`, the canonical formatter.
**
** Without options the formatted text goes to standard output. -w rewrites
** each file that changes, atomically (kpi_fmt_write_atomic); --check writes
** nothing and names the files that are not formatted. A file with syntax
** errors is never formatted or rewritten: its errors are reported instead, as
** `kpic check` prints them. docs/fmt.md describes the layout.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "driver.h"
#include "fmt/fmt.h"
#include "pipeline.h"

static const char *const fmt_option_names[] = {"-w", "--write", "--check", "--help", NULL};

typedef enum fmt_mode { FMT_PRINT, FMT_WRITE, FMT_CHECK } fmt_mode;

/* Formats one file; returns the exit status it contributes. */
static int format_one(kpi_pipeline *p, const char *path, fmt_mode mode) {
    unsigned errors_before = p->session.diags.errors;
    kpi_unit unit;
    if (!kpi_pipeline_parse_file(p, path, &unit)) return KPI_EXIT_USAGE;
    if (p->session.diags.errors > errors_before || !unit.ast) {
        fprintf(stderr, "kpic: %s: not formatted: it has syntax errors\n", path);
        return KPI_EXIT_ERRORS;
    }
    size_t len;
    const char *text = kpi_fmt_file(&p->session.arena, unit.ast, &len);
    bool same = len == unit.source->len && memcmp(text, unit.source->text, len) == 0;
    switch (mode) {
    case FMT_PRINT: fwrite(text, 1, len, stdout); return KPI_EXIT_OK;
    case FMT_CHECK:
        if (same) return KPI_EXIT_OK;
        printf("%s\n", path);
        return KPI_EXIT_ERRORS;
    case FMT_WRITE:
        if (same) return KPI_EXIT_OK;
        if (strcmp(path, "-") == 0) {
            fwrite(text, 1, len, stdout);
            return KPI_EXIT_OK;
        }
        int e = kpi_fmt_write_atomic(path, text, len);
        if (e == EACCES) {
            kpi_drv_error(NULL,
                          "'%s' is read-only, so it was not rewritten (make it writable, "
                          "e.g. chmod u+w, to format it in place)",
                          path);
            return KPI_EXIT_USAGE;
        }
        if (e) {
            kpi_drv_error(NULL, "cannot write '%s': %s (the file was left unchanged)", path, strerror(e));
            return KPI_EXIT_USAGE;
        }
        return KPI_EXIT_OK;
    }
    return KPI_EXIT_OK;
}

static int worse(int a, int b) {
    return a > b ? a : b;
}

/* -w / --write and --check, which exclude each other. */
static int fmt_option(void *state, int argc, char **argv, int *i) {
    (void)argc;
    fmt_mode *mode = state;
    const char *arg = argv[*i];
    if (strcmp(arg, "-w") != 0 && strcmp(arg, "--write") != 0 && strcmp(arg, "--check") != 0) return 0;
    fmt_mode want = strcmp(arg, "--check") == 0 ? FMT_CHECK : FMT_WRITE;
    if (*mode != FMT_PRINT && *mode != want) {
        kpi_drv_error("fmt", "-w and --check cannot be used together");
        return -1;
    }
    *mode = want;
    return 1;
}

static int run_fmt(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    fmt_mode mode = FMT_PRINT;
    int status = KPI_EXIT_USAGE;

    if (!kpi_drv_parse_args(&o, &kpi_cmd_fmt, argc, argv, fmt_option, &mode, fmt_option_names, &status))
        goto done;
    if (o.format != KPI_FORMAT_TEXT) {
        /* Standard output carries the formatted text; diagnostics stay text on stderr. */
        kpi_drv_error("fmt", "--format is not supported: the formatted text goes to standard output");
        goto done;
    }
    if (o.file_count == 0) {
        kpi_drv_error("fmt", "no input files (use '-' for standard input)");
        goto done;
    }

    kpi_pipeline p;
    kpi_pipeline_init(&p, &o);
    status = KPI_EXIT_OK;
    for (size_t f = 0; f < o.file_count; f++) status = worse(status, format_one(&p, o.files[f], mode));
    kpi_pipeline_report(&p);
    kpi_pipeline_free(&p);
done:
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_fmt = {
    "fmt",
    "print .kpi files in the canonical layout, or rewrite them (-w)",
    "usage: kpic fmt [-w | --check] FILE...\n"
    "\n"
    "Formats each FILE (\"-\" reads standard input) in the one canonical layout\n"
    "described in docs/fmt.md, keeping every comment. A file with syntax errors\n"
    "is never formatted: its errors are reported instead.\n"
    "\n"
    "Options:\n"
    "  (none)      print the formatted text on standard output\n"
    "  -w, --write rewrite each file that changes, atomically (a temporary file\n"
    "              beside it, then rename; permissions are kept; on any failure\n"
    "              the original is left untouched)\n"
    "  --check     write nothing; name each file that is not formatted and exit 1\n"
    "  --color=auto|always|never, --max-errors=N  as for 'kpic check'\n"
    "\n"
    "Exit status: 0 done (or all formatted), 1 syntax errors or --check found\n"
    "unformatted files, 2 usage error or a file could not be read or written.\n",
    run_fmt,
    NULL, /* no evaluator flags in its help */
};
