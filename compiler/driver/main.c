/*
** main.c: the kpic command line: `kpic COMMAND [options] [FILE...]`.
**
** main only dispatches: it answers --help, --version and `help CMD` itself
** and hands everything else to the command table built from commands.def.
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "driver.h"

#ifndef KPI_VERSION
#define KPI_VERSION "unknown"
#endif

static const kpi_command *const commands[] = {
#define KPI_COMMAND(name) &kpi_cmd_##name,
#include "commands.def"
#undef KPI_COMMAND
};
#define COMMAND_COUNT (sizeof commands / sizeof *commands)

static const kpi_command *find_command(const char *name) {
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i]->name, name) == 0) return commands[i];
    return NULL;
}

static void print_usage(FILE *out) {
    fputs("usage: kpic COMMAND [options] [FILE...]\n"
          "\n"
          "kpic checks KPI goals like a compiler checks a program, and compiles them\n"
          "into an evaluator that reports whether they are on track.\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fputs("  help      show the options of a command: kpic help COMMAND\n"
          "\n"
          "Options:\n"
          "  --help     show this text\n"
          "  --version  show the version of kpic (and of LLVM)\n"
          "\n"
          "Exit status: 0 no errors, 1 errors found, 2 usage or I/O problem.\n",
          out);
}

static void print_version(void) {
    printf("kpic %s\n", KPI_VERSION);
#ifdef KPI_LLVM_VERSION
    printf("LLVM %s\n", KPI_LLVM_VERSION);
#endif
}

/* "unknown command 'chek'; did you mean 'check'?" */
static int unknown_command(const char *name) {
    const char *names[COMMAND_COUNT + 2];
    for (size_t i = 0; i < COMMAND_COUNT; i++) names[i] = commands[i]->name;
    names[COMMAND_COUNT] = "help";
    names[COMMAND_COUNT + 1] = NULL;
    const char *close = kpi_drv_suggest(name, names);
    if (close) fprintf(stderr, "kpic: error: unknown command '%s'; did you mean '%s'?\n", name, close);
    else fprintf(stderr, "kpic: error: unknown command '%s'\n", name);
    fputs("Run 'kpic --help' for the list of commands.\n", stderr);
    return KPI_EXIT_USAGE;
}

static int help(int argc, char **argv) {
    if (argc < 2) {
        print_usage(stdout);
        return KPI_EXIT_OK;
    }
    const kpi_command *cmd = find_command(argv[1]);
    if (!cmd) return unknown_command(argv[1]);
    kpi_drv_print_help(cmd, stdout);
    return KPI_EXIT_OK;
}

/*
** Output lost on a full disk must not look like success (`kpic fmt a.kpi >
** b.kpi` would leave a truncated b.kpi with status 0). A command that already
** failed with status 2 has said why; the language server ends on a closed
** output with its own documented status.
*/
static int finish_output(const kpi_command *cmd, int status) {
    if (fflush(stdout) == 0 && !ferror(stdout)) return status;
    if (cmd == &kpi_cmd_lsp || status == KPI_EXIT_USAGE) return status;
    kpi_drv_error(NULL, "cannot write 'standard output': %s", errno ? strerror(errno) : "write error");
    return KPI_EXIT_USAGE;
}

int main(int argc, char **argv) {
    if (argc > 0 && argv[0]) kpi_drv_argv0 = argv[0];
    if (argc < 2) {
        print_usage(stderr);
        return KPI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_usage(stdout);
        return KPI_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0 || strcmp(name, "version") == 0) {
        print_version();
        return KPI_EXIT_OK;
    }
    if (strcmp(name, "help") == 0) return help(argc - 1, argv + 1);
    if (name[0] == '-') {
        static const char *const main_options[] = {"--help", "--version", NULL};
        return kpi_drv_unknown_option(NULL, name, main_options);
    }
    const kpi_command *cmd = find_command(name);
    if (!cmd) return unknown_command(name);
    return finish_output(cmd, cmd->run(argc - 1, argv + 1));
}
