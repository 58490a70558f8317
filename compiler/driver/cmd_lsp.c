/*
** cmd_lsp.c: `kpic lsp`, the language server on standard input and output.
**
** The server checks documents as `kpic check` does, so the front-end options
** (-I, -W..., --draft, --max-errors) mean the same here. Editors start it
** without arguments; VS Code's client adds --stdio, which is accepted.
*/
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "lsp/lsp.h"
#include "support/executable.h"

static const char *const lsp_option_names[] = {"--stdio", "--max-message", "--max-memory", "--help", NULL};

static int run_lsp(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    kpi_lsp_options lsp;
    memset(&lsp, 0, sizeof lsp);
    int status = KPI_EXIT_USAGE;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            kpi_drv_print_help(&kpi_cmd_lsp, stdout);
            status = KPI_EXIT_OK;
            goto done;
        }
        if (strcmp(arg, "--stdio") == 0) continue;
        if (strncmp(arg, "--max-memory=", 13) == 0) {
            char *end;
            unsigned long long v = strtoull(arg + 13, &end, 10);
            if (end == arg + 13 || *end || v == 0) {
                kpi_drv_error("lsp", "--max-memory needs a positive number of bytes, got '%s'", arg + 13);
                goto done;
            }
            lsp.max_memory = (size_t)v;
            continue;
        }
        if (strncmp(arg, "--max-message=", 14) == 0) {
            char *end;
            unsigned long long v = strtoull(arg + 14, &end, 10);
            if (end == arg + 14 || *end || v == 0) {
                kpi_drv_error("lsp", "--max-message needs a positive number of bytes, got '%s'", arg + 14);
                goto done;
            }
            lsp.max_message = (size_t)v;
            continue;
        }
        int r = kpi_drv_front_option(&o, "lsp", argc, argv, &i);
        if (r < 0) goto done;
        if (r == 0) {
            kpi_drv_unknown_option("lsp", arg, lsp_option_names);
            goto done;
        }
    }

    /* The running executable, so the stdlib installed next to it is found. */
    char exe[PATH_MAX];
    bool known = kpi_executable_path(kpi_drv_argv0, exe, sizeof exe);
    lsp.check.sema.import_dirs = o.import_dirs;
    lsp.check.sema.import_dir_count = o.import_dir_count;
    lsp.check.sema.verify_columns = true;
    lsp.check.sema.exe_path = known ? exe : kpi_drv_argv0;
    lsp.check.diag = o.diag;
    lsp.check.max_errors = o.max_errors;
    /* A client that goes away must end the server with an error status, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    status = kpi_lsp_serve(stdin, stdout, &lsp);
done:
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_lsp = {
    "lsp",
    "run the language server for editors (on stdin/stdout)",
    "usage: kpic lsp [options]\n"
    "\n"
    "Runs a Language Server Protocol server on standard input and output, for\n"
    "editors: diagnostics as you type (the same as 'kpic check'), hover, go to\n"
    "definition, completion, document symbols, formatting and quick fixes.\n"
    "See docs/editors.md for VS Code, Vim and Neovim.\n"
    "\n"
    "Options:\n"
    "  -I DIR, -W..., --draft, --max-errors=N  check documents as 'kpic check' does\n"
    "  --max-message=BYTES   refuse larger messages (default 64 MiB)\n"
    "  --max-memory=BYTES    memory for open documents and their analyses; a\n"
    "                        document over it is not analysed (default 1 GiB)\n"
    "  --stdio               accepted for clients that pass it; stdio is the only transport\n"
    "\n"
    "Exit status: 0 after a 'shutdown' request and 'exit', 1 when the client\n"
    "exits without 'shutdown' or closes the connection.\n",
    run_lsp,
    NULL, /* no evaluator flags in its help */
};
