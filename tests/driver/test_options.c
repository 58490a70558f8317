/*
** test_options.c: the driver's shared option parser (compiler/driver/options.c):
** both spellings of value options, -W options into the engine's options,
** usage errors, did-you-mean suggestions, the colour decision and the
** argument loop the commands share.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/driver/driver.h"

/* Parses argv (NULL-terminated) as `kpic check` would; returns the last result. */
static int parse(kpi_drv_options *o, char **argv) {
    int argc = 0;
    while (argv[argc]) argc++;
    kpi_drv_options_init(o, argc);
    int r = 1;
    for (int i = 0; i < argc && r >= 0; i++) {
        r = kpi_drv_front_option(o, "check", argc, argv, &i);
        if (r == 0) o->files[o->file_count++] = argv[i];
    }
    return r;
}

static void defaults(void **state) {
    (void)state;
    kpi_drv_options o;
    char *argv[] = {"a.kpi", NULL};
    assert_int_equal(parse(&o, argv), 0);
    assert_int_equal(o.format, KPI_FORMAT_TEXT);
    assert_int_equal(o.color, KPI_COLOR_AUTO);
    assert_int_equal(o.max_errors, KPI_DRV_DEFAULT_MAX_ERRORS);
    assert_false(o.diag.draft);
    assert_int_equal(o.file_count, 1);
    kpi_drv_options_free(&o);
}

static void value_options_in_both_spellings(void **state) {
    (void)state;
    kpi_drv_options o;
    char *argv[] = {"--format=json", "--color", "never", "--max-errors", "7", "-I", "lib",
                    "-Iinc",         "x.kpi",   NULL};
    assert_int_not_equal(parse(&o, argv), -1);
    assert_int_equal(o.format, KPI_FORMAT_JSON);
    assert_int_equal(o.color, KPI_COLOR_NEVER);
    assert_int_equal(o.max_errors, 7);
    assert_int_equal(o.import_dir_count, 2);
    assert_string_equal(o.import_dirs[0], "lib");
    assert_string_equal(o.import_dirs[1], "inc");
    assert_int_equal(o.file_count, 1);
    assert_string_equal(o.files[0], "x.kpi");
    kpi_drv_options_free(&o);
}

static void warning_options_reach_the_engine(void **state) {
    (void)state;
    kpi_drv_options o;
    kpi_code r003, t001;
    assert_true(kpi_diag_code_lookup("R003", &r003));
    assert_true(kpi_diag_code_lookup("T001", &t001));
    char *argv[] = {"-Werror", "-Wno-r003", "-Werror=T001", "--draft", "-w", NULL};
    assert_int_equal(parse(&o, argv), 1);
    assert_true(o.diag.warnings_as_errors);
    assert_true(o.diag.disabled[r003]);
    assert_true(o.diag.error[t001]);
    assert_true(o.diag.draft);
    assert_true(o.diag.no_warnings);
    kpi_drv_options_free(&o);
}

static void bad_values_are_usage_errors(void **state) {
    (void)state;
    kpi_drv_options o;
    char *bad[][3] = {
        {"--format=xml", NULL},
        {"--color=sometimes", NULL},
        {"--max-errors=-1", NULL},
        {"--max-errors=ten", NULL},
        {"--max-errors=", NULL},
        {"--format", NULL},
        {"-I", NULL},
        {"-Wno-Z999", NULL},
        {"-Wall", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (parse(&o, bad[i]) != -1) fail_msg("'%s' was accepted", bad[i][0]);
        kpi_drv_options_free(&o);
    }
}

static void suggestions(void **state) {
    (void)state;
    const char *commands[] = {"check", "build", "run", "explain", "fmt", "lsp", NULL};
    assert_string_equal(kpi_drv_suggest("chek", commands), "check");
    assert_string_equal(kpi_drv_suggest("buidl", commands), "build");
    assert_string_equal(kpi_drv_suggest("CHECK", commands), "check");
    assert_string_equal(kpi_drv_suggest("explian", commands), "explain");
    assert_null(kpi_drv_suggest("deploy", commands));
    assert_null(kpi_drv_suggest("x", NULL));
    assert_string_equal(kpi_drv_suggest("--formt", kpi_drv_front_option_names), "--format");
    assert_string_equal(kpi_drv_suggest("--max-error", kpi_drv_front_option_names), "--max-errors");
}

static void colour_decision(void **state) {
    (void)state;
    FILE *not_a_terminal = fopen("/dev/null", "w");
    assert_non_null(not_a_terminal);
    unsetenv("NO_COLOR");
    assert_true(kpi_drv_use_color(KPI_COLOR_ALWAYS, not_a_terminal));
    assert_false(kpi_drv_use_color(KPI_COLOR_NEVER, not_a_terminal));
    assert_false(kpi_drv_use_color(KPI_COLOR_AUTO, not_a_terminal));
    setenv("NO_COLOR", "1", 1);
    assert_true(kpi_drv_use_color(KPI_COLOR_ALWAYS, not_a_terminal)); /* an explicit flag wins */
    assert_false(kpi_drv_use_color(KPI_COLOR_AUTO, not_a_terminal));
    unsetenv("NO_COLOR");
    fclose(not_a_terminal);
}

/* A command's own option for the argument loop: "--own" counts itself. */
static int own_option(void *count, int argc, char **argv, int *i) {
    (void)argc;
    if (strcmp(argv[*i], "--own") != 0) return 0;
    ++*(int *)count;
    return 1;
}

static const kpi_command loop_command = {"loop", "the argument loop", "usage: kpic loop\n", NULL, NULL};

static bool parse_loop(kpi_drv_options *o, char **argv, int *own_count, int *status) {
    int argc = 0;
    while (argv[argc]) argc++;
    kpi_drv_options_init(o, argc);
    static const char *const own_names[] = {"--own", NULL};
    return kpi_drv_parse_args(o, &loop_command, argc, argv, own_option, own_count, own_names, status);
}

static void argument_loop(void **state) {
    (void)state;
    kpi_drv_options o;
    int own = 0, status = -1;
    char *args[] = {"loop", "a.kpi", "--own", "-", "--draft", "--", "--own", "-w", NULL};
    assert_true(parse_loop(&o, args, &own, &status));
    assert_int_equal(own, 1); /* the second --own comes after "--" */
    assert_true(o.diag.draft);
    assert_false(o.diag.no_warnings);
    assert_int_equal(o.file_count, 4);
    assert_string_equal(o.files[0], "a.kpi");
    assert_string_equal(o.files[1], "-");
    assert_string_equal(o.files[2], "--own");
    assert_string_equal(o.files[3], "-w");
    kpi_drv_options_free(&o);

    char *help[] = {"loop", "--bad", "-h", NULL};
    assert_false(parse_loop(&o, help, &own, &status)); /* --bad comes first */
    assert_int_equal(status, KPI_EXIT_USAGE);
    kpi_drv_options_free(&o);
    char *help_first[] = {"loop", "-h", "--bad", NULL};
    assert_false(parse_loop(&o, help_first, &own, &status));
    assert_int_equal(status, KPI_EXIT_OK);
    kpi_drv_options_free(&o);
    char *bad_value[] = {"loop", "--format=xml", NULL};
    assert_false(parse_loop(&o, bad_value, &own, &status));
    assert_int_equal(status, KPI_EXIT_USAGE);
    kpi_drv_options_free(&o);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults),
        cmocka_unit_test(value_options_in_both_spellings),
        cmocka_unit_test(warning_options_reach_the_engine),
        cmocka_unit_test(bad_values_are_usage_errors),
        cmocka_unit_test(suggestions),
        cmocka_unit_test(colour_decision),
        cmocka_unit_test(argument_loop),
    };
    return cmocka_run_group_tests_name("driver options", tests, NULL, NULL);
}
