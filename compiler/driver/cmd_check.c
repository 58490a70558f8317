/*
** cmd_check.c: `kpic check [options] FILE...`: parse and check .kpi files and
** report every problem, without building anything.
**
** This is the command editors, CI and the golden tests run, so its output
** formats (text, JSON, SARIF) and exit statuses are documented contracts
** (docs/cli.md, docs/diagnostics.md).
*/
#include <stdio.h>
#include <string.h>

#include "driver.h"
#include "pipeline.h"

static const char *const check_option_names[] = {"--dump-ast", "--help", NULL};

static int check_option(void *dump_ast, int argc, char **argv, int *i) {
    (void)argc;
    if (strcmp(argv[*i], "--dump-ast") != 0) return 0;
    *(bool *)dump_ast = true;
    return 1;
}

static int run_check(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    bool dump_ast = false;
    int status = KPI_EXIT_USAGE;

    if (!kpi_drv_parse_args(&o, &kpi_cmd_check, argc, argv, check_option, &dump_ast, check_option_names,
                            &status))
        goto done;
    if (o.file_count == 0) {
        kpi_drv_error("check", "no input files");
        goto done;
    }
    if (dump_ast && o.format != KPI_FORMAT_TEXT) {
        /* Both would write to standard output and the JSON would no longer parse. */
        kpi_drv_error("check", "--dump-ast cannot be combined with --format=%s",
                      o.format == KPI_FORMAT_JSON ? "json" : "sarif");
        goto done;
    }

    kpi_pipeline p;
    kpi_pipeline_init(&p, &o);
    p.diagnostics_only = true;
    for (size_t f = 0; f < o.file_count; f++) {
        kpi_unit unit;
        if (kpi_pipeline_check_file(&p, o.files[f], &unit) && dump_ast && unit.ast)
            kpi_ast_dump(unit.ast, stdout);
    }
    kpi_pipeline_report(&p);
    status = kpi_pipeline_exit_status(&p);
    kpi_pipeline_free(&p);
done:
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_check = {
    "check",
    "check .kpi files and report problems, without building",
    "usage: kpic check [options] FILE...\n"
    "\n"
    "Parses and checks each FILE (\"-\" reads standard input) and reports every\n"
    "problem. Exit status: 0 no errors, 1 errors found, 2 usage or I/O problem.\n"
    "\n"
    "Options:\n"
    "  --format=text|json|sarif  output format (default text, on stderr; json and\n"
    "                            sarif go to stdout)\n"
    "  --color=auto|always|never colour the text output (default auto: only on a\n"
    "                            terminal, and never when NO_COLOR is set)\n"
    "  --dump-ast                print the syntax tree of each file on stdout\n"
    "  --draft                   SMART errors become warnings (drafting goals)\n"
    "  -Werror                   treat warnings as errors\n"
    "  -Werror=CODE              treat one warning as an error\n"
    "  -Wno-CODE                 do not report the warning or note CODE\n"
    "  -w                        do not report any warning\n"
    "  -I DIR                    search DIR for imported modules\n"
    "  --max-errors=N            stop listing errors after N (default 50, 0 = all)\n"
    "  --growth-ceiling=P%       largest implied growth per month before R003 warns\n"
    "                            (default: the file's policy, else 10%)\n"
    "\n"
    "See 'kpic explain CODE' for what a diagnostic means.\n",
    run_check,
    NULL, /* no evaluator flags in its help */
};
