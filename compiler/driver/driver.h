/*
** driver.h: what the command files of the kpic driver share.
**
** Each command lives in its own cmd_<name>.c and exports one kpi_command;
** commands.def lists them, so a new command is one line there. The shared
** front-end options (-W..., --draft, -I, --format, --color, --max-errors) are
** parsed once here, for every command that compiles a file.
*/
#ifndef KPI_DRIVER_H
#define KPI_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag/diag.h"

/* Exit statuses of every command (docs/cli.md). */
enum {
    KPI_EXIT_OK = 0,     /* no errors */
    KPI_EXIT_ERRORS = 1, /* the input has errors */
    KPI_EXIT_USAGE = 2,  /* bad command line, or a file could not be read */
};

typedef struct kpi_command {
    const char *name;
    const char *summary;               /* one line, for `kpic --help` */
    const char *help;                  /* the full text of `kpic help NAME` (usage line first) */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    /* When set, the help ends with this heading and the evaluator's flags, from
       the runtime's own table (the commands whose output takes them). */
    const char *evaluator_flags_heading;
} kpi_command;

#define KPI_COMMAND(name) extern const kpi_command kpi_cmd_##name;
#include "commands.def"
#undef KPI_COMMAND

/* The path kpic was started as (argv[0]), for finding the installed stdlib. */
extern const char *kpi_drv_argv0;

typedef enum kpi_drv_format { KPI_FORMAT_TEXT, KPI_FORMAT_JSON, KPI_FORMAT_SARIF } kpi_drv_format;
typedef enum kpi_drv_color { KPI_COLOR_AUTO, KPI_COLOR_ALWAYS, KPI_COLOR_NEVER } kpi_drv_color;

/* Options every compiling command understands; arrays point into argv. */
typedef struct kpi_drv_options {
    kpi_diag_options diag;
    unsigned max_errors; /* --max-errors=N; 0 = no limit */
    kpi_drv_format format;
    kpi_drv_color color;
    const char **import_dirs; /* -I DIR */
    size_t import_dir_count;
    double growth_ceiling; /* --growth-ceiling=15%: fraction per month; 0 = the file's or the default */
    const char **files;    /* the operands */
    size_t file_count;
} kpi_drv_options;

#define KPI_DRV_DEFAULT_MAX_ERRORS 50

/* Sets the defaults; room for argc operands. Free with kpi_drv_options_free. */
void kpi_drv_options_init(kpi_drv_options *o, int argc);
void kpi_drv_options_free(kpi_drv_options *o);

/*
** Tries argv[*i] as a front-end option. Returns 1 when it was one (and *i
** moved past a separate value), 0 when it is not a front-end option, and -1
** after printing a usage error.
*/
int kpi_drv_front_option(kpi_drv_options *o, const char *command, int argc, char **argv, int *i);
/* The front-end option spellings, for did-you-mean; NULL-terminated. */
extern const char *const kpi_drv_front_option_names[];

/*
** A command's own options, tried before the front-end ones: like
** kpi_drv_front_option, returns 1 when argv[*i] was one (moving *i past a
** separate value), 0 when not, -1 after printing a usage error.
*/
typedef int (*kpi_drv_own_option)(void *state, int argc, char **argv, int *i);

/*
** The argument loop of a command that takes files: operands go to o->files
** ("-" is standard input; everything after "--" is an operand), --help and -h
** print the command's help on stdout, every other option goes to own (may be NULL),
** then to kpi_drv_front_option, and an option neither takes is reported with
** a suggestion from own_names. Returns true when the command should go on;
** false, with *exit_status set, after printing the help (KPI_EXIT_OK) or a
** usage error (KPI_EXIT_USAGE).
*/
bool kpi_drv_parse_args(kpi_drv_options *o, const kpi_command *cmd, int argc, char **argv,
                        kpi_drv_own_option own, void *state, const char *const *own_names, int *exit_status);

/*
** Reports an option no parser took: "kpic: error: unknown option '--formt';
** did you mean '--format'?" with candidates from both lists (either may be
** NULL). Returns KPI_EXIT_USAGE.
*/
int kpi_drv_unknown_option(const char *command, const char *arg, const char *const *own_names);

/*
** `kpic help NAME`, `kpic NAME --help`: cmd->help on out; for `kpic run`,
** which passes what follows FILE to the evaluator, then the evaluator's flags
** from the runtime's own table (kpirt_cli_write_options).
*/
void kpi_drv_print_help(const kpi_command *cmd, FILE *out);

/* "kpic: error: <message>" on stderr, plus "run 'kpic help CMD'" when command is given. */
void kpi_drv_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The candidate closest to word (edit distance), or NULL when none is close. */
const char *kpi_drv_suggest(const char *word, const char *const *candidates);

/* Whether to colour output to stream: --color=always/never, or auto (a terminal and NO_COLOR unset or empty). */
bool kpi_drv_use_color(kpi_drv_color mode, FILE *stream);

#endif
