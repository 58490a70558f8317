/*
** cli.c: kpirt_main, the whole command line of a compiled evaluator.
**
** Parses the options, runs kpirt_evaluate, writes the report to stdout and
** turns the statuses into the exit code: 0 when every reported goal is
** fine, 1 when any has a failing status (--fail-on) or a `where`/`for`
** value matched no row, 2 for usage and data errors. Messages go to stderr
** as "NAME: error: ...".
*/
#include "kpirt_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef KPIRT_VERSION
#define KPIRT_VERSION "0"
#endif

typedef struct cli {
    const kpirt_program *program;
    const char *prog; /* argv[0] without its folder, or "kpic run FILE" */
    kpirt_options options;
    kpirt_data_file *data_files; /* every --data, in order */
    uint32_t data_file_count;
    const char **goals;
    const char *format;
    const char *color; /* auto, always, never */
    bool fail_on[KPIRT_STATUS_COUNT];
    bool help, version, verbose;
} cli;

static int usage_error(const cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "PROG: error: ..." and a pointer to --help; returns exit status 2. */
static int usage_error(const cli *c, const char *fmt, ...) {
    char raw[1024], safe[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    kpirt_escape_controls(safe, sizeof safe, raw); /* the arguments are the user's */
    fprintf(stderr, "%s: error: %s\n(run %s --help for the options)\n", c->prog, safe, c->prog);
    return 2;
}

/*
** The evaluator's options, in the order --help lists them: the one list that
** the parser, --help, and `kpic run` (its help and its "write it after FILE"
** hint, through kpirt_cli_is_option and kpirt_cli_write_options) read.
*/
typedef struct cli_option {
    const char *name;
    const char *shown; /* the left column of --help; NULL: listed with the entry before */
    const char *help;  /* its lines; NULL: the formats the writers register */
    bool takes_value;
} cli_option;

static const cli_option options[] = {
    {"--data", "--data [NAME=]FILE",
     "the data of a source; repeat it for several files\n"
     "of one source, read in order (\"-\": standard input)",
     true},
    {"--periods", "--periods FILE",
     "per-period values a database computed: the result\n"
     "of the query `kpic sql` prints, as CSV (\"-\": stdin)",
     true},
    {"--engine", "--engine URL",
     "run the query of the table sources on PostgreSQL\n"
     "(postgresql://USER@HOST/DB, libpq5) and evaluate\n"
     "on its result",
     true},
    {"--as-of", "--as-of DATE", "evaluate at DATE, YYYY-MM-DD (default: today, UTC)", true},
    {"--format", "--format FORMAT", NULL, true},
    {"--goal", "--goal NAME", "only this goal and its drivers (repeatable)", true},
    {"--on-bad-row", "--on-bad-row=POLICY",
     "fail: stop at the first bad row (default);\n"
     "skip: leave bad rows out and count them",
     true},
    {"--fail-on", "--fail-on=STATUS,...",
     "statuses (of a goal or its budget) that exit with 1\n"
     "(default: at_risk,off_track,missed,breached,\n"
     "no_data,stale,overspend)",
     true},
    {"--color", "--color=WHEN", "auto (on a terminal, unless NO_COLOR), always, never", true},
    {"--threads", "--threads N",
     "read a data file on N threads (default: one per\n"
     "core it may run on); the report is the same for any N",
     true},
    {"--verbose", "-v, --verbose", "say how each data file is read (threads, or why one)", false},
    {"--help", "--help, --version", "", false},
    {"--version", NULL, NULL, false},
};
enum { OPTION_COUNT = sizeof options / sizeof options[0] };

bool kpirt_cli_is_option(const char *name, size_t len) {
    for (size_t k = 0; k < OPTION_COUNT; k++)
        if (strlen(options[k].name) == len && memcmp(options[k].name, name, len) == 0) return true;
    return false;
}

void kpirt_cli_write_options(FILE *out) {
    for (size_t k = 0; k < OPTION_COUNT; k++) {
        if (!options[k].shown) continue;
        const char *help = options[k].help;
        char formats[128];
        if (!help) {
            snprintf(formats, sizeof formats, "%s (default: text)", kpirt_writer_names());
            help = formats;
        }
        fprintf(out, "  %s", options[k].shown);
        int column = 2 + (int)strlen(options[k].shown);
        if (!*help) {
            fputc('\n', out);
            continue;
        }
        for (const char *line = help; *line;) {
            size_t n = strcspn(line, "\n");
            fprintf(out, "%*s%.*s\n", column < 26 ? 26 - column : 1, "", (int)n, line);
            column = 0;
            line += n + (line[n] == '\n');
        }
    }
}

static int set_data(cli *c, const char *arg) {
    const kpirt_program *p = c->program;
    const char *eq = strchr(arg, '=');
    if (eq) {
        for (uint32_t s = 0; s < p->source_count; s++) {
            if (strlen(p->sources[s].name) == (size_t)(eq - arg) &&
                memcmp(p->sources[s].name, arg, (size_t)(eq - arg)) == 0) {
                c->data_files[c->data_file_count++] = (kpirt_data_file){s, eq + 1};
                return 0;
            }
        }
        /* A file name may contain '=': only a known source name before it counts. */
    }
    if (p->source_count == 1) {
        c->data_files[c->data_file_count++] = (kpirt_data_file){0, arg};
        return 0;
    }
    if (eq) {
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(eq - arg) < 127 ? (int)(eq - arg) : 127, arg);
        return usage_error(c, "--data %s: no source named \"%s\"", arg, name);
    }
    if (p->source_count == 0) return usage_error(c, "--data %s: this program reads no data", arg);
    return usage_error(c, "--data %s: this program has several sources; write --data NAME=FILE", arg);
}

static int set_fail_on(cli *c, const char *arg) {
    memset(c->fail_on, 0, sizeof c->fail_on);
    const char *p = arg;
    while (*p) {
        size_t n = strcspn(p, ",");
        kpirt_status s = kpirt_status_parse(p, n);
        if (s == KPIRT_STATUS_NONE && n > 0)
            return usage_error(c,
                               "--fail-on=%s: unknown status (the statuses: not_started, no_data, achieved, "
                               "on_track, at_risk, off_track, missed, ok, breached, stale, overspend)",
                               arg);
        if (s == KPIRT_STATUS_UNCERTAIN)
            return usage_error(c, "--fail-on=%s: uncertain is a projection's status, never a goal's", arg);
        if (s != KPIRT_STATUS_NONE) c->fail_on[s] = true;
        p += n;
        if (*p == ',') p++;
    }
    return 0;
}

static int set_option(cli *c, const char *name, const char *value) {
    if (strcmp(name, "--data") == 0) return set_data(c, value);
    if (strcmp(name, "--periods") == 0) {
        if (c->options.periods_path)
            return usage_error(c, "--periods is given twice; the query's result is one file");
        if (c->options.engine_url)
            return usage_error(c, "--engine and --periods both give the per-period values; use one");
        c->options.periods_path = value;
        return 0;
    }
    if (strcmp(name, "--engine") == 0) {
        if (c->options.engine_url) return usage_error(c, "--engine is given twice");
        if (c->options.periods_path)
            return usage_error(c, "--engine and --periods both give the per-period values; use one");
        /* libpq would read another scheme as a malformed "key=value" string: say what is supported */
        const char *scheme_end = strstr(value, "://");
        /* the value is not echoed: it may hold a password */
        if (!*value || (scheme_end && strncmp(value, "postgresql://", 13) != 0 &&
                        strncmp(value, "postgres://", 11) != 0))
            return usage_error(c,
                               "--engine takes a PostgreSQL connection (postgresql://USER@HOST/DATABASE or "
                               "\"host=... dbname=...\"), not %s%.*s; for other engines give the result of "
                               "`kpic sql` with --periods FILE",
                               *value ? "a URL of scheme " : "an empty value",
                               scheme_end ? (int)(scheme_end - value) : 0, value);
        c->options.engine_url = value;
        return 0;
    }
    if (strcmp(name, "--goal") == 0) {
        c->goals[c->options.goal_name_count++] = value;
        return 0;
    }
    if (strcmp(name, "--format") == 0) {
        c->format = value;
        return 0;
    }
    if (strcmp(name, "--as-of") == 0) {
        const char *why;
        if (strcmp(value, "today") == 0) c->options.as_of = kpirt_today();
        else if (kpirt_parse_date(value, strlen(value), "YYYY-MM-DD", &c->options.as_of, &why) < 0)
            return usage_error(c, "--as-of %s: %s (write a date as YYYY-MM-DD)", value, why);
        return 0;
    }
    if (strcmp(name, "--on-bad-row") == 0) {
        if (strcmp(value, "fail") == 0) c->options.on_bad_row = KPIRT_BAD_ROW_FAIL;
        else if (strcmp(value, "skip") == 0) c->options.on_bad_row = KPIRT_BAD_ROW_SKIP;
        else return usage_error(c, "--on-bad-row=%s: expected fail or skip", value);
        return 0;
    }
    if (strcmp(name, "--fail-on") == 0) return set_fail_on(c, value);
    if (strcmp(name, "--threads") == 0) {
        char *end;
        long n = strtol(value, &end, 10);
        if (!*value || *end || n < 1 || n > 256)
            return usage_error(c, "--threads %s: expected a number of threads from 1 to 256", value);
        c->options.threads = (uint32_t)n;
        return 0;
    }
    if (strcmp(name, "--color") == 0) {
        if (strcmp(value, "auto") && strcmp(value, "always") && strcmp(value, "never"))
            return usage_error(c, "--color=%s: expected auto, always or never", value);
        c->color = value;
        return 0;
    }
    return -1;
}

static int parse_args(cli *c, int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            c->help = true;
            continue;
        }
        if (strcmp(arg, "--version") == 0) {
            c->version = true;
            continue;
        }
        if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) {
            c->verbose = true;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0) return usage_error(c, "unexpected argument '%s'", arg);
        char name[64];
        const char *eq = strchr(arg, '=');
        size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
        snprintf(name, sizeof name, "%.*s", (int)(n < 63 ? n : 63), arg);
        bool known = false;
        const char *names[OPTION_COUNT];
        for (size_t k = 0; k < OPTION_COUNT; k++) {
            names[k] = options[k].name;
            if (strcmp(options[k].name, name) == 0) known = options[k].takes_value;
        }
        if (!known) {
            const char *near = kpirt_closest_name(name, names, OPTION_COUNT);
            if (near) return usage_error(c, "unknown option '%s'; did you mean '%s'?", name, near);
            return usage_error(c, "unknown option '%s'", name);
        }
        const char *value = eq ? eq + 1 : NULL;
        if (!value) {
            if (i + 1 >= argc) return usage_error(c, "%s needs a value", name);
            value = argv[++i];
        }
        int rc = set_option(c, name, value);
        if (rc) return 2;
    }
    return 0;
}

static void print_help(const cli *c) {
    const kpirt_program *p = c->program;
    printf("usage: %s [options]\n"
           "Evaluates the goals of %s against data and prints a report.\n\n",
           c->prog, p->spec_name ? p->spec_name : "a kpic program");
    kpirt_cli_write_options(stdout);
    putchar('\n');
    if (p->source_count) printf("sources:\n");
    for (uint32_t s = 0; s < p->source_count; s++)
        printf("  %-16s %s (date column \"%s\")\n", p->sources[s].name,
               p->sources[s].default_path ? p->sources[s].default_path : "(no default file)",
               p->sources[s].date_column ? p->sources[s].date_column : "date");
    if (p->goal_count) printf("goals:\n");
    for (uint32_t g = 0; g < p->goal_count; g++) {
        if (p->goals[g].title) printf("  %-16s %s\n", p->goals[g].name, p->goals[g].title);
        else printf("  %s\n", p->goals[g].name);
    }
    printf("\nexit status: 0 every goal is fine, 1 a goal has a failing status (--fail-on)\n"
           "or a where/for value matched no row, 2 a usage or data error\n");
}

/* --verbose: how the data is read, on stderr beside the warnings. */
static void say(void *prog, const char *message) {
    fprintf(stderr, "%s: note: %s\n", (const char *)prog, message);
}

static bool want_color(const cli *c) {
    if (strcmp(c->color, "always") == 0) return true;
    if (strcmp(c->color, "never") == 0) return false;
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return isatty(fileno(stdout));
}

static int run(cli *c, int argc, char **argv) {
    int rc = parse_args(c, argc, argv);
    if (rc) return rc;
    if (c->help) {
        print_help(c);
        return 0;
    }
    if (c->version) {
        printf("%s (%s) libkpirt %s, runtime ABI %d\n", c->prog,
               c->program->spec_name ? c->program->spec_name : "kpic program", KPIRT_VERSION,
               KPIRT_ABI_VERSION);
        return 0;
    }
    kpirt_writer_fn writer = NULL;
    if (!kpirt_writer(c->format, &writer))
        return usage_error(c, "--format %s: unknown format (expected %s)", c->format, kpirt_writer_names());

    kpirt_report report;
    if (c->verbose) {
        c->options.note = say;
        c->options.note_user = (void *)c->prog;
    }
    c->options.data_files = c->data_files;
    c->options.data_file_count = c->data_file_count;
    c->options.goals = c->goals;
    if (kpirt_evaluate(c->program, &c->options, &report) < 0) {
        fprintf(stderr, "%s: error: %s\n", c->prog, report.error);
        kpirt_report_free(&report);
        return 2;
    }
    if (report.rows_skipped) {
        fprintf(stderr, "%s: warning: skipped %llu bad row%s of %llu\n", c->prog,
                (unsigned long long)report.rows_skipped, report.rows_skipped == 1 ? "" : "s",
                (unsigned long long)report.rows_read);
        for (uint32_t i = 0; i < report.bad_row_count; i++) fprintf(stderr, "  %s\n", report.bad_rows[i]);
        if (report.rows_skipped > report.bad_row_count) fprintf(stderr, "  ...\n");
    }
    /* a `where`/`for` text no row held: the spec and the data disagree, which no --fail-on excuses */
    for (uint32_t i = 0; i < report.unmatched_count; i++)
        fprintf(stderr, "%s: warning: %s\n", c->prog, report.unmatched[i].message);
    kpirt_write_options wo = {.color = want_color(c), .width = 80};
    rc = writer(&report, &wo, stdout);
    if (fflush(stdout) != 0 || rc < 0) {
        fprintf(stderr, "%s: error: cannot write the report\n", c->prog);
        kpirt_report_free(&report);
        return 2;
    }
    rc = report.unmatched_count ? 1 : 0;
    for (uint32_t i = 0; i < report.goal_count; i++)
        if (report.selected[i] &&
            (c->fail_on[report.goals[i].status] ||
             (report.goals[i].budget.status == KPIRT_STATUS_OVERSPEND && c->fail_on[KPIRT_STATUS_OVERSPEND])))
            rc = 1;
    kpirt_report_free(&report);
    return rc;
}

int kpirt_main(const kpirt_program *program, int argc, char **argv) {
    cli c = {0};
    c.program = program;
    c.prog = argc > 0 && argv[0] ? argv[0] : "evaluator";
    const char *slash = strrchr(c.prog, '/');
    if (slash && strncmp(c.prog, KPIRT_RUN_COMMAND, strlen(KPIRT_RUN_COMMAND)) != 0) c.prog = slash + 1;
    c.options.as_of = KPIRT_NO_DAY;
    c.format = "text";
    c.color = "auto";
    c.fail_on[KPIRT_STATUS_AT_RISK] = c.fail_on[KPIRT_STATUS_OFF_TRACK] = true;
    c.fail_on[KPIRT_STATUS_MISSED] = c.fail_on[KPIRT_STATUS_BREACHED] = true;
    /* a goal that cannot be judged is no pass: CI must see it */
    c.fail_on[KPIRT_STATUS_NO_DATA] = c.fail_on[KPIRT_STATUS_STALE] = true;
    /* a budget that runs out before the deadline at the current pace needs someone's action */
    c.fail_on[KPIRT_STATUS_OVERSPEND] = true;
    c.data_files = kpirt_xcalloc((size_t)argc + 1, sizeof *c.data_files);
    c.goals = kpirt_xcalloc((size_t)argc + 1, sizeof *c.goals);
    int rc = run(&c, argc, argv);
    free(c.data_files);
    free(c.goals);
    return rc;
}
