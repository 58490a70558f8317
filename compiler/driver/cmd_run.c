/*
** cmd_run.c: `kpic run [options] FILE [evaluator flags]`: compile goals in
** memory with the JIT and evaluate them at once.
**
** Options before FILE belong to kpic; everything after FILE (an optional
** `--` first is dropped) goes to the evaluator unchanged, so
** `kpic run goals.kpi --as-of 2026-11-30` and `./goals --as-of 2026-11-30`
** take the same flags and print the same bytes: both run the runtime's
** kpirt_main on the same optimised code. The exit status is the
** evaluator's, or kpic's own when FILE does not compile.
**
** What it compiles is cached (run_cache.c): a second run of the same spec
** checks it and runs the cached library without loading LLVM. --no-cache
** compiles in memory with the JIT as before; --verbose says which it did.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpirt.h"
#include "compile.h"
#include "driver.h"
#include "run_cache.h"

static const char *const run_option_names[] = {"--help",     "-O0",       "-O1",       "-O2", "-O3",
                                               "--no-cache", "--verbose", "--threads", NULL};

/*
** "kpic run FILE" as the evaluator's messages name it ("run kpic run FILE
** --help for the options"), with FILE in single quotes when a shell would
** split or expand it, so the hint can be pasted as it is. malloc'd.
*/
static char *run_command_name(const char *path) {
    bool plain = *path != '\0';
    for (const char *c = path; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("_./+-=:,@%", *c)) plain = false;
    size_t quotes = 0;
    for (const char *c = path; *c; c++) quotes += *c == '\'';
    size_t size = strlen(KPIRT_RUN_COMMAND) + strlen(path) + 3 * quotes + 3;
    char *name = malloc(size);
    if (!name) return NULL;
    char *out = name + sprintf(name, "%s", KPIRT_RUN_COMMAND);
    if (!plain) *out++ = '\'';
    for (const char *c = path; *c; c++) {
        if (*c == '\'' && !plain) {
            memcpy(out, "'\\''", 4); /* close, an escaped quote, reopen */
            out += 4;
        } else {
            *out++ = *c;
        }
    }
    if (!plain) *out++ = '\'';
    *out = '\0';
    return name;
}

static void say(bool verbose, const char *what) {
    if (verbose) fprintf(stderr, "kpic run: %s\n", what);
}

/* Checks path, then runs it from the cache, or compiles it (into the cache, else with the JIT) and runs it. */
static int run_spec(kpi_pipeline *p, const char *path, const kpi_drv_codegen *cg, bool use_cache,
                    bool verbose, char **key_options, int key_count, int eargc, char **eargv) {
    int status;
    const kpi_program *program = kpi_pipeline_program(p, path, "compile", &status);
    if (!program) return status;
    kpi_run_cache cache;
    bool cached = use_cache && kpi_run_cache_open(&cache, p, path, key_options, key_count);
    if (!use_cache) say(verbose, "--no-cache: compiled in memory (JIT)");
    else if (!cached) say(verbose, cache.note);
    if (cached) {
        if (kpi_run_cache_run(&cache, eargc, eargv, &status)) {
            if (verbose) fprintf(stderr, "kpic run: cache hit: %s\n", cache.entry);
            return status;
        }
        say(verbose, cache.note);
    }
    const kpi_cg_table *api = NULL;
    kpi_cg_module *m = kpi_drv_lower_program(program, path, cg, false, &api, &status);
    if (!m) return status;
    if (cached) {
        if (kpi_run_cache_store(&cache, api, m, cg->opt_level) &&
            kpi_run_cache_run(&cache, eargc, eargv, &status)) {
            if (verbose) fprintf(stderr, "kpic run: compiled into the cache: %s\n", cache.entry);
            api->dispose(m);
            return status;
        }
        say(verbose, cache.note);
        say(verbose, "compiled in memory (JIT)");
    }
    kpi_cg_error err = {{0}};
    fflush(stdout);
    status = api->jit_run(m, eargc, eargv, &err);
    if (status < 0) {
        kpi_drv_error(NULL, "%s", err.message);
        status = KPI_EXIT_USAGE;
    }
    return status;
}

static int run_run(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    /* the JIT runs the code where it compiles it: the host's CPU is right */
    kpi_drv_codegen cg = {.opt_level = KPI_DRV_DEFAULT_OPT_LEVEL, .cpu = "native"};
    int status = KPI_EXIT_USAGE;
    bool use_cache = true, verbose = false;
    char *threads[2] = {NULL, NULL}; /* --threads N before FILE, passed on before the flags after FILE */
    /* kpic's own options, which decide the code: part of the cache key */
    char **key_options = calloc((size_t)argc + 1, sizeof *key_options);
    int key_count = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] != '-' || strcmp(arg, "-") == 0) break;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            kpi_drv_print_help(&kpi_cmd_run, stdout);
            status = KPI_EXIT_OK;
            goto done;
        }
        if (strcmp(arg, "--no-cache") == 0) {
            use_cache = false;
            continue;
        }
        if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) {
            verbose = true;
            continue;
        }
        /* --threads decides no code, only how the evaluator reads: it goes to the evaluator */
        if (strncmp(arg, "--threads", 9) == 0 && (arg[9] == 0 || arg[9] == '=')) {
            if (arg[9] == 0 && i + 1 >= argc) {
                kpi_drv_error("run", "--threads needs a value");
                goto done;
            }
            threads[0] = argv[i];
            threads[1] = arg[9] ? NULL : argv[++i];
            continue;
        }
        int first = i;
        int r = kpi_drv_codegen_option(&cg, "run", argc, argv, &i);
        if (r == 0) r = kpi_drv_front_option(&o, "run", argc, argv, &i);
        if (r < 0) goto done;
        if (key_options)
            for (int k = first; k <= i && r > 0; k++) key_options[key_count++] = argv[k];
        if (r == 0) {
            /* a flag only the evaluator takes, written before FILE: a common slip */
            if (kpirt_cli_is_option(arg, strcspn(arg, "=")))
                kpi_drv_error("run",
                              "'%s' is a flag of the evaluator: write it after FILE, as in "
                              "'kpic run goals.kpi %.*s ...'",
                              arg, (int)strcspn(arg, "="), arg);
            else kpi_drv_unknown_option("run", arg, run_option_names);
            goto done;
        }
    }
    if (o.format != KPI_FORMAT_TEXT) {
        /* Standard output carries the report; JSON or SARIF diagnostics there would corrupt it. */
        kpi_drv_error("run", "--format before FILE would mix diagnostics with the report on standard output; "
                             "the report's format goes after FILE, as in 'kpic run goals.kpi --format json'");
        goto done;
    }
    if (i >= argc) {
        kpi_drv_error("run", "no input file");
        goto done;
    }
    const char *path = argv[i++];
    if (i < argc && strcmp(argv[i], "--") == 0) i++;

    /* the evaluator's argv: the command that runs it ("kpic run FILE", which
       its messages and --help name, as the evaluator's own name would be
       wrong here), then the flags after FILE */
    int passed = (threads[0] != NULL) + (threads[1] != NULL);
    int eargc = argc - i + 1 + passed;
    char **eargv = calloc((size_t)eargc + 1, sizeof *eargv);
    char *name = run_command_name(path);
    if (!eargv || !name) {
        free(eargv);
        free(name);
        kpi_drv_error(NULL, "out of memory");
        goto done;
    }
    eargv[0] = name;
    for (int k = 0; k < passed; k++) eargv[1 + k] = threads[k];
    for (int k = 1 + passed; k < eargc; k++) eargv[k] = argv[i + k - 1 - passed];

    kpi_pipeline p;
    kpi_pipeline_init(&p, &o);
    status = run_spec(&p, path, &cg, use_cache && key_options, verbose, key_options, key_count, eargc, eargv);
    kpi_pipeline_free(&p);
    free(eargv);
    free(name);
done:
    free(key_options);
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_run = {
    "run",
    "compile goals in memory (JIT) and evaluate them at once",
    "usage: kpic run [options] FILE [--] [evaluator flags]\n"
    "\n"
    "Checks FILE, compiles it in memory with LLVM's JIT and evaluates the goals,\n"
    "exactly as the executable from 'kpic build' would:\n"
    "\n"
    "  kpic run goals.kpi --data shop.csv --as-of 2026-11-30 --format json\n"
    "\n"
    "Everything after FILE goes to the evaluator (its flags are listed below).\n"
    "The exit status is the evaluator's: 0 every goal is fine; 1 a goal has a\n"
    "failing status (--fail-on) or a where/for value matched no row; 2 a usage or\n"
    "data error. When FILE does not compile, kpic exits 1 (errors in it) or 2.\n"
    "The code is compiled for this machine's CPU, like 'kpic build -march=native'.\n"
    "\n"
    "What is compiled is cached in $XDG_CACHE_HOME/kpic (default ~/.cache/kpic),\n"
    "so the next run of the same spec, imports, options and kpic starts as fast\n"
    "as a built evaluator; remove that folder to clear it.\n"
    "\n"
    "Options (before FILE):\n"
    "  -O0 -O1 -O2 -O3  optimisation level (default -O2)\n"
    "  --no-cache       compile in memory every time (the JIT); write no cache\n"
    "  -v, --verbose    say whether the cache was used, and where it is\n"
    "  --threads N      read data files on N threads (default: one per core it\n"
    "                   may run on; the evaluator's --threads, which may follow FILE)\n"
    "  --format=text|json|sarif, --color=WHEN, --draft, -Werror, -Werror=CODE,\n"
    "  -Wno-CODE, -w, -I DIR, --max-errors=N   as for 'kpic check'\n",
    run_run,
    "Evaluator flags (after FILE; 'kpic run FILE --help' adds FILE's sources and goals)",
};
