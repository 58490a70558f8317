/*
** cmd_explain.c: `kpic explain CODE...` prints the long explanation of a
** diagnostic code; `kpic explain --list` lists every code with its title.
*/
#include <stdio.h>
#include <string.h>

#include "driver.h"

static const char *const explain_option_names[] = {"--list", "--help", NULL};

static void list_codes(void) {
    for (unsigned c = 0; c < KPI_CODE_COUNT; c++) {
        const kpi_code_info *info = kpi_diag_code_info((kpi_code)c);
        const char *severity = info->severity == KPI_SEV_ERROR     ? "error"
                               : info->severity == KPI_SEV_WARNING ? "warning"
                                                                   : "note";
        char smart[4] = "";
        if (info->smart) snprintf(smart, sizeof smart, "%c", info->smart);
        printf("%-5s %-7s %-1s  %s\n", info->id, severity, smart, info->title);
    }
}

static int explain_one(const char *id) {
    kpi_code code;
    if (!kpi_diag_code_lookup(id, &code)) {
        const char *ids[KPI_CODE_COUNT + 1];
        for (unsigned c = 0; c < KPI_CODE_COUNT; c++) ids[c] = kpi_diag_code_info((kpi_code)c)->id;
        ids[KPI_CODE_COUNT] = NULL;
        const char *close = kpi_drv_suggest(id, ids);
        if (close) kpi_drv_error(NULL, "unknown diagnostic code '%s'; did you mean '%s'?", id, close);
        else kpi_drv_error(NULL, "unknown diagnostic code '%s' (see 'kpic explain --list')", id);
        return KPI_EXIT_USAGE;
    }
    if (!kpi_diag_print_explanation(code, stdout)) {
        kpi_drv_error(NULL, "no explanation is written for %s yet", kpi_diag_code_info(code)->id);
        return KPI_EXIT_USAGE;
    }
    return KPI_EXIT_OK;
}

static int run_explain(int argc, char **argv) {
    int codes = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0) {
            list_codes();
            return KPI_EXIT_OK;
        }
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            kpi_drv_print_help(&kpi_cmd_explain, stdout);
            return KPI_EXIT_OK;
        }
        if (argv[i][0] == '-') return kpi_drv_unknown_option("explain", argv[i], explain_option_names);
    }
    int status = KPI_EXIT_OK;
    for (int i = 1; i < argc; i++) {
        if (codes++) fputs("\n", stdout);
        int r = explain_one(argv[i]);
        if (r != KPI_EXIT_OK) status = r;
    }
    if (codes == 0) {
        kpi_drv_error("explain", "which code? e.g. 'kpic explain P001', or 'kpic explain --list'");
        return KPI_EXIT_USAGE;
    }
    return status;
}

const kpi_command kpi_cmd_explain = {
    "explain",
    "explain a diagnostic code, with a wrong and a right example",
    "usage: kpic explain CODE...\n"
    "       kpic explain --list\n"
    "\n"
    "Prints what the diagnostic CODE (as in [T002] after a message) means, an\n"
    "example that triggers it, the example fixed, and how to fix it. Codes are\n"
    "case-insensitive. --list prints every code with its default severity,\n"
    "SMART letter and title.\n",
    run_explain,
    NULL, /* no evaluator flags in its help */
};
