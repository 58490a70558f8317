/*
** options.c: the command-line options shared by every command that compiles
** a file, and the driver's error messages and did-you-mean suggestions.
**
** Value options accept both spellings mature tools accept: --format=json and
** --format json, -I dir and -Idir. Every mistake is a usage error (exit 2)
** that names the offending word and, when one is close, the intended one.
*/
#include "driver.h"
#include "support/suggest.h"

#include "kpirt.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *kpi_drv_argv0 = "kpic";

const char *const kpi_drv_front_option_names[] = {
    "--format", "--color", "--max-errors", "--draft",          "-I",
    "-Werror",  "-Wno-",   "-w",           "--growth-ceiling", NULL,
};

void kpi_drv_options_init(kpi_drv_options *o, int argc) {
    memset(o, 0, sizeof *o);
    o->max_errors = KPI_DRV_DEFAULT_MAX_ERRORS;
    size_t n = argc > 0 ? (size_t)argc : 1;
    o->files = calloc(n, sizeof *o->files);
    o->import_dirs = calloc(n, sizeof *o->import_dirs);
    if (!o->files || !o->import_dirs) {
        fputs("kpic: error: out of memory\n", stderr);
        exit(KPI_EXIT_USAGE);
    }
}

void kpi_drv_options_free(kpi_drv_options *o) {
    free(o->files);
    free(o->import_dirs);
    o->files = o->import_dirs = NULL;
}

void kpi_drv_print_help(const kpi_command *cmd, FILE *out) {
    fputs(cmd->help, out);
    if (cmd->evaluator_flags_heading) {
        fprintf(out, "\n%s:\n", cmd->evaluator_flags_heading);
        kpirt_cli_write_options(out);
    }
}

void kpi_drv_error(const char *command, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("kpic: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (command) fprintf(stderr, "Run 'kpic help %s' for usage.\n", command);
}

/* A word may be a third wrong, but always at least two edits. */
static unsigned suggest_limit(const char *word) {
    size_t limit = strlen(word) / 3;
    return limit < 2 ? 2 : limit > 64 ? 64 : (unsigned)limit;
}

const char *kpi_drv_suggest(const char *word, const char *const *candidates) {
    return kpi_suggest(word, candidates, suggest_limit(word));
}

int kpi_drv_unknown_option(const char *command, const char *arg, const char *const *own_names) {
    /* Compare the option name only; keep the user's "=value" in the suggestion. */
    const char *eq = strchr(arg, '=');
    size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
    char name[128];
    if (name_len >= sizeof name) name_len = sizeof name - 1;
    memcpy(name, arg, name_len);
    name[name_len] = '\0';
    const char *s1 = kpi_drv_suggest(name, own_names);
    const char *s2 = kpi_drv_suggest(name, kpi_drv_front_option_names);
    const char *best = s1;
    if (s2 && (!s1 || kpirt_edit_distance(name, s2, 64) < kpirt_edit_distance(name, s1, 64))) best = s2;
    if (best) kpi_drv_error(command, "unknown option '%s'; did you mean '%s%s'?", arg, best, eq ? eq : "");
    else kpi_drv_error(command, "unknown option '%s'", arg);
    return KPI_EXIT_USAGE;
}

/*
** Matches "--name=value" or "--name value". Returns 1 with *value set, 0 when
** argv[*i] is another option, -1 after an error (value missing).
*/
static int take_value(const char *command, const char *name, int argc, char **argv, int *i,
                      const char **value) {
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0') return 0;
    if (*i + 1 >= argc) {
        kpi_drv_error(command, "option '%s' needs a value", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

/* Which of the NULL-terminated words value is; -1 (after an error) when none. */
static int pick(const char *command, const char *option, const char *value, const char *const *words) {
    for (int k = 0; words[k]; k++)
        if (strcmp(value, words[k]) == 0) return k;
    const char *close = kpi_drv_suggest(value, words);
    if (close) kpi_drv_error(command, "invalid value '%s' for %s; did you mean '%s'?", value, option, close);
    else kpi_drv_error(command, "invalid value '%s' for %s (expected %s)", value, option, words[0]);
    return -1;
}

/* -W<flag> that kpi_diag_parse_option refused: suggest the closest code. */
static int unknown_warning_option(const char *command, const char *arg) {
    static const char *const prefixes[] = {"no-error=", "error=", "no-", ""};
    const char *flag = arg + 2;
    const char *ids[KPI_CODE_COUNT + 1];
    for (unsigned c = 0; c < KPI_CODE_COUNT; c++) ids[c] = kpi_diag_code_info((kpi_code)c)->id;
    ids[KPI_CODE_COUNT] = NULL;
    for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
        size_t n = strlen(prefixes[p]);
        if (strncmp(flag, prefixes[p], n) != 0) continue;
        const char *close = flag[n] ? kpi_drv_suggest(flag + n, ids) : NULL;
        if (close) {
            kpi_drv_error(command, "unknown warning option '%s'; did you mean '-W%s%s'?", arg, prefixes[p],
                          close);
            return -1;
        }
        break;
    }
    kpi_drv_error(command, "unknown warning option '%s' (see 'kpic explain --list' for the codes)", arg);
    return -1;
}

static bool parse_count(const char *text, unsigned *out) {
    if (!*text || !isdigit((unsigned char)*text)) return false;
    errno = 0;
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    if (*end || errno || v > 1000000) return false;
    *out = (unsigned)v;
    return true;
}

int kpi_drv_front_option(kpi_drv_options *o, const char *command, int argc, char **argv, int *i) {
    /* the names by enumerator, so that a format's index in this list is its value */
    static const char *const formats[] = {
        [KPI_FORMAT_TEXT] = "text",
        [KPI_FORMAT_JSON] = "json",
        [KPI_FORMAT_SARIF] = "sarif",
        NULL,
    };
    static_assert(sizeof formats / sizeof formats[0] == KPI_FORMAT_SARIF + 2, "every format has its name");
    static const char *const colors[] = {"auto", "always", "never", NULL};
    const char *arg = argv[*i], *value;
    int r;

    if (strcmp(arg, "--draft") == 0) {
        o->diag.draft = true;
        return 1;
    }
    if (strcmp(arg, "-w") == 0) {
        o->diag.no_warnings = true;
        return 1;
    }
    if (strncmp(arg, "-W", 2) == 0) {
        if (!kpi_diag_parse_option(&o->diag, arg + 2)) return unknown_warning_option(command, arg);
        return 1;
    }
    if (strncmp(arg, "-I", 2) == 0) {
        if (arg[2]) {
            o->import_dirs[o->import_dir_count++] = arg + 2;
            return 1;
        }
        if (*i + 1 >= argc) {
            kpi_drv_error(command, "option '-I' needs a folder");
            return -1;
        }
        o->import_dirs[o->import_dir_count++] = argv[++*i];
        return 1;
    }
    if ((r = take_value(command, "--format", argc, argv, i, &value)) != 0) {
        if (r < 0 || (r = pick(command, "--format", value, formats)) < 0) return -1;
        o->format = (kpi_drv_format)r;
        return 1;
    }
    if ((r = take_value(command, "--color", argc, argv, i, &value)) != 0 ||
        (r = take_value(command, "--colour", argc, argv, i, &value)) != 0) {
        if (r < 0 || (r = pick(command, "--color", value, colors)) < 0) return -1;
        o->color = r == 0 ? KPI_COLOR_AUTO : r == 1 ? KPI_COLOR_ALWAYS : KPI_COLOR_NEVER;
        return 1;
    }
    if ((r = take_value(command, "--growth-ceiling", argc, argv, i, &value)) != 0) {
        /* a percentage per month, as in `policy growth_ceiling 15% per month` */
        char *end = NULL;
        double pct = r > 0 ? strtod(value, &end) : 0;
        if (r < 0) return -1;
        if (end == value || !end || strcmp(end, "%") != 0 || !(pct > 0) || pct > 1000) {
            kpi_drv_error(
                command,
                "invalid value '%s' for --growth-ceiling (expected a percentage per month, e.g. 15%%)",
                value);
            return -1;
        }
        o->growth_ceiling = pct / 100.0;
        return 1;
    }
    if ((r = take_value(command, "--max-errors", argc, argv, i, &value)) != 0) {
        if (r < 0) return -1;
        if (!parse_count(value, &o->max_errors)) {
            kpi_drv_error(command, "invalid value '%s' for --max-errors (expected a count; 0 means no limit)",
                          value);
            return -1;
        }
        return 1;
    }
    return 0;
}

bool kpi_drv_parse_args(kpi_drv_options *o, const kpi_command *cmd, int argc, char **argv,
                        kpi_drv_own_option own, void *state, const char *const *own_names, int *exit_status) {
    bool operands_only = false;
    *exit_status = KPI_EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (operands_only || arg[0] != '-' || strcmp(arg, "-") == 0) {
            o->files[o->file_count++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            operands_only = true;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            kpi_drv_print_help(cmd, stdout);
            *exit_status = KPI_EXIT_OK;
            return false;
        }
        int r = own ? own(state, argc, argv, &i) : 0;
        if (r == 0) r = kpi_drv_front_option(o, cmd->name, argc, argv, &i);
        if (r < 0) return false;
        if (r == 0) {
            kpi_drv_unknown_option(cmd->name, arg, own_names);
            return false;
        }
    }
    return true;
}

bool kpi_drv_use_color(kpi_drv_color mode, FILE *stream) {
    if (mode != KPI_COLOR_AUTO) return mode == KPI_COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return isatty(fileno(stream));
}
