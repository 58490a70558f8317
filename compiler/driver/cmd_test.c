/*
** cmd_test.c: `kpic test [--format tap|junit] FILE|DIR...`: run the `test`
** items of .kpi files and report as TAP (default) or JUnit XML.
**
** Each file is checked and compiled once, as `kpic run` does; each of its
** tests is then run by the evaluator on the test's fixtures (test_run.c). A
** folder is searched for .kpi files that hold tests; a file with errors is
** reported with its diagnostics and counts as a failure. Results go to
** standard output, diagnostics and the evaluator's messages to standard
** error. Exit status: 0 every test passed, 1 a test failed or a file has
** errors, 2 usage or unreadable input.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compile.h"
#include "driver.h"
#include "kpirt.h"
#include "test_run.h"

typedef enum test_format { TEST_TAP, TEST_JUNIT } test_format;

/* One line of the report: a test's result, or a file that could not be compiled. */
typedef struct test_entry {
    const char *file;
    const char *name; /* NULL: the file itself did not compile */
    const char *title;
    kpi_position at;
    kpi_test_result result;
    struct test_entry *next;
} test_entry;

typedef struct test_run {
    kpi_arena arena;
    kpi_drv_options *options;
    test_entry *first, **tail;
    unsigned count, failed;
    int status;
} test_run;

static const char *const test_option_names[] = {"--format", "--help", NULL};

static int test_option(void *state, int argc, char **argv, int *i) {
    test_format *format = state;
    const char *arg = argv[*i];
    const char *value = NULL;
    if (strncmp(arg, "--format=", 9) == 0) value = arg + 9;
    else if (strcmp(arg, "--format") == 0) {
        if (*i + 1 >= argc) {
            kpi_drv_error("test", "--format needs tap or junit");
            return -1;
        }
        value = argv[++*i];
    } else {
        return 0;
    }
    if (strcmp(value, "tap") == 0) *format = TEST_TAP;
    else if (strcmp(value, "junit") == 0) *format = TEST_JUNIT;
    else {
        kpi_drv_error("test", "unknown test report format '%s'; use tap or junit", value);
        return -1;
    }
    return 1;
}

static int path_compare(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .kpi files under dir, sorted, appended to *files. */
static void find_kpi_files(kpi_arena *arena, const char *dir, const char ***files, size_t *count,
                           size_t *cap) {
    DIR *d = opendir(dir);
    if (!d) return;
    const char **found = NULL;
    size_t n = 0, found_cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        const char *path = kpi_arena_printf(arena, "%s/%s", dir, e->d_name);
        if (n == found_cap) {
            found_cap = found_cap ? found_cap * 2 : 16;
            found = realloc(found, found_cap * sizeof *found);
            if (!found) abort();
        }
        found[n++] = path;
    }
    closedir(d);
    qsort(found, n, sizeof *found, path_compare);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        size_t len = strlen(found[i]);
        if (stat(found[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            find_kpi_files(arena, found[i], files, count, cap);
        } else if (len > 4 && strcmp(found[i] + len - 4, ".kpi") == 0) {
            if (*count == *cap) {
                *cap = *cap ? *cap * 2 : 16;
                *files = realloc(*files, *cap * sizeof **files);
                if (!*files) abort();
            }
            (*files)[(*count)++] = found[i];
        }
    }
    free(found);
}

/* Whether the file parses to something with a test item (a quick look before compiling). */
static bool has_tests(test_run *r, const char *path) {
    kpi_pipeline p;
    kpi_pipeline_init(&p, r->options);
    kpi_unit unit;
    bool any = false;
    if (kpi_pipeline_parse_file(&p, path, &unit) && unit.ast)
        for (const kpi_item *it = unit.ast->items; it && !any; it = it->next) any = it->kind == KPI_ITEM_TEST;
    kpi_pipeline_free(&p);
    return any;
}

static test_entry *add_entry(test_run *r, const char *file) {
    test_entry *e = KPI_NEW(&r->arena, test_entry);
    e->file = kpi_arena_strdup(&r->arena, file);
    *r->tail = e;
    r->tail = &e->next;
    r->count++;
    return e;
}

static void run_file(test_run *r, const char *path) {
    kpi_pipeline p;
    kpi_pipeline_init(&p, r->options);
    kpi_drv_codegen cg = {.opt_level = KPI_DRV_DEFAULT_OPT_LEVEL, .cpu = "native"}; /* as kpic run */
    const kpi_cg_table *api = NULL;
    int status = KPI_EXIT_OK;
    const kpi_program *program = kpi_pipeline_program(&p, path, "compile", &status);
    kpi_cg_module *m = program ? kpi_drv_lower_program(program, path, &cg, false, &api, &status) : NULL;
    if (!m || !program) {
        test_entry *e = add_entry(r, path);
        e->result.ok = false;
        e->result.error = true;
        e->result.error_text = status == KPI_EXIT_ERRORS ? "the file has errors (see the diagnostics)"
                                                         : "the file could not be compiled";
        r->failed++;
        if (status > r->status) r->status = status;
        if (r->status < KPI_EXIT_ERRORS) r->status = KPI_EXIT_ERRORS;
        kpi_pipeline_free(&p);
        return;
    }
    const kpi_source *src = NULL;
    for (uint32_t i = 0; i < program->test_count; i++) {
        const kpi_prog_test *t = &program->tests[i];
        if (!src && kpi_span_valid(t->span)) src = kpi_src_get(&p.session.sources, t->span.file);
        test_entry *e = add_entry(r, path);
        e->name = kpi_arena_strdup(&r->arena, t->name);
        e->title = t->title ? kpi_arena_strdup(&r->arena, t->title) : NULL;
        if (src) e->at = kpi_src_position(src, t->span.begin);
        kpi_test_run(&r->arena, api, m, program, t, &e->result);
        for (kpi_test_failure *f = e->result.failures; f; f = f->next) {
            kpi_position at = src ? kpi_src_position(src, f->span.begin) : (kpi_position){0, 0};
            f->what = kpi_arena_printf(&r->arena, "%s:%u:%u: %s", path, at.line, at.column, f->what);
        }
        if (!e->result.ok) {
            r->failed++;
            if (r->status < KPI_EXIT_ERRORS) r->status = KPI_EXIT_ERRORS;
        }
    }
    api->dispose(m);
    kpi_pipeline_free(&p);
}

/* ---- escaping ---------------------------------------------------------------------- */

/* How a format writes one byte of its own syntax; NULL: the byte as it is. */
typedef const char *(*format_escape)(char c);

/*
** s in a format: first the format's own escapes, which add no control byte,
** then every control byte and bidi control written as libkpirt writes them
** in every message (kpirt_escape_controls: \x1b, \u202e), the one owner of
** that rule. Both are valid YAML escapes; in XML they are plain text.
*/
static void put_escaped(FILE *out, const char *s, format_escape escape) {
    if (!s) return;
    size_t len = 0;
    for (const char *c = s; *c; c++) len += escape(*c) ? strlen(escape(*c)) : 1;
    char *own = malloc(len + 1);
    size_t cap = 6 * len + 1; /* a control byte becomes 4 bytes, a 3-byte bidi control 6 */
    char *safe = malloc(cap);
    if (!own || !safe) {
        free(own);
        free(safe);
        fputs("(out of memory)", out);
        return;
    }
    char *o = own;
    for (const char *c = s; *c; c++) {
        const char *e = escape(*c);
        if (e) o += sprintf(o, "%s", e);
        else *o++ = *c;
    }
    *o = '\0';
    kpirt_escape_controls(safe, cap, own);
    fputs(safe, out);
    free(own);
    free(safe);
}

/* A YAML scalar in double quotes. */
static const char *yaml_escape(char c) {
    return c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : NULL;
}

/* A TAP test line's description, where '#' would start a directive. */
static const char *tap_escape(char c) {
    return c == '#' ? "\\#" : c == '\\' ? "\\\\" : NULL;
}

/* XML text or an attribute value. */
static const char *xml_escape(char c) {
    switch (c) {
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '&': return "&amp;";
    case '"': return "&quot;";
    case '\n': return "&#10;";
    default: return NULL;
    }
}

/* ---- TAP -------------------------------------------------------------------------- */

static void yaml_string(FILE *out, const char *s) {
    fputc('"', out);
    put_escaped(out, s, yaml_escape);
    fputc('"', out);
}

static void print_tap(const test_run *r, FILE *out) {
    fputs("TAP version 13\n", out);
    fprintf(out, "1..%u\n", r->count);
    unsigned n = 0;
    for (const test_entry *e = r->first; e; e = e->next) {
        fprintf(out, "%s %u - ", e->result.ok ? "ok" : "not ok", ++n);
        put_escaped(out, e->file, tap_escape);
        if (e->name) {
            fputs(": ", out);
            put_escaped(out, e->name, tap_escape);
        }
        if (e->title) {
            fputs(" (", out);
            put_escaped(out, e->title, tap_escape);
            fputc(')', out);
        }
        fputc('\n', out);
        if (e->result.ok) continue;
        fputs("  ---\n", out);
        if (e->name) { /* quoted: a path may hold what plain YAML cannot (": ", "#") */
            fputs("  at: \"", out);
            put_escaped(out, e->file, yaml_escape);
            fprintf(out, ":%u:%u\"\n", e->at.line, e->at.column);
        }
        if (e->result.error) {
            fputs("  error: ", out);
            yaml_string(out, e->result.error_text);
            fputc('\n', out);
        }
        if (e->result.failures) fputs("  failures:\n", out);
        for (const kpi_test_failure *f = e->result.failures; f; f = f->next) {
            fputs("    - expect: ", out);
            yaml_string(out, f->what);
            fputs("\n      expected: ", out);
            yaml_string(out, f->expected);
            fputs("\n      actual: ", out);
            yaml_string(out, f->actual);
            fputc('\n', out);
        }
        fputs("  ...\n", out);
    }
    fprintf(out, "# %u tests, %u failed\n", r->count, r->failed);
}

/* ---- JUnit XML ---------------------------------------------------------------------- */

/* No control byte is left for XML 1.0 to refuse: put_escaped writes them as text. */
static void xml_text(FILE *out, const char *s) {
    put_escaped(out, s, xml_escape);
}

static void print_junit(const test_run *r, FILE *out) {
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"kpic test\" tests=\"%u\" failures=\"%u\">\n", r->count, r->failed);
    for (const test_entry *e = r->first; e;) {
        const test_entry *end = e;
        unsigned tests = 0, failures = 0;
        for (; end && strcmp(end->file, e->file) == 0; end = end->next) {
            tests++;
            failures += !end->result.ok;
        }
        fputs("  <testsuite name=\"", out);
        xml_text(out, e->file);
        fprintf(out, "\" tests=\"%u\" failures=\"%u\">\n", tests, failures);
        for (; e != end; e = e->next) {
            fputs("    <testcase classname=\"", out);
            xml_text(out, e->file);
            fputs("\" name=\"", out);
            xml_text(out, e->name ? e->name : "(compile)");
            fputs("\" file=\"", out);
            xml_text(out, e->file);
            fprintf(out, "\" line=\"%u\"", e->at.line);
            if (e->result.ok) {
                fputs("/>\n", out);
                continue;
            }
            fputs(">\n", out);
            if (e->result.error) {
                fputs("      <error message=\"", out);
                xml_text(out, e->result.error_text);
                fputs("\"/>\n", out);
            }
            for (const kpi_test_failure *f = e->result.failures; f; f = f->next) {
                fputs("      <failure message=\"", out);
                xml_text(out, f->what);
                fputs(": expected ", out);
                xml_text(out, f->expected);
                fputs(", got ", out);
                xml_text(out, f->actual);
                fputs("\"/>\n", out);
            }
            fputs("    </testcase>\n", out);
        }
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
}

static int run_test(int argc, char **argv) {
    kpi_drv_options o;
    kpi_drv_options_init(&o, argc);
    test_format format = TEST_TAP;
    int status = KPI_EXIT_USAGE;
    if (!kpi_drv_parse_args(&o, &kpi_cmd_test, argc, argv, test_option, &format, test_option_names, &status))
        goto done;
    if (o.file_count == 0) {
        kpi_drv_error("test", "no input files or folders");
        goto done;
    }
    test_run r = {.options = &o, .status = KPI_EXIT_OK};
    kpi_arena_init(&r.arena);
    r.tail = &r.first;
    for (size_t f = 0; f < o.file_count; f++) {
        struct stat st;
        if (stat(o.files[f], &st) != 0) {
            kpi_drv_error("test", "cannot open '%s': no such file or folder", o.files[f]);
            r.status = KPI_EXIT_USAGE;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            run_file(&r, o.files[f]);
            continue;
        }
        const char **files = NULL;
        size_t count = 0, cap = 0;
        find_kpi_files(&r.arena, o.files[f], &files, &count, &cap);
        for (size_t i = 0; i < count; i++)
            if (has_tests(&r, files[i])) run_file(&r, files[i]);
        free(files);
    }
    if (format == TEST_JUNIT) print_junit(&r, stdout);
    else print_tap(&r, stdout);
    fflush(stdout);
    status = r.status;
    kpi_arena_free(&r.arena);
done:
    kpi_drv_options_free(&o);
    return status;
}

const kpi_command kpi_cmd_test = {
    "test",
    "run the test items of .kpi files on their fixture data (TAP or JUnit)",
    "usage: kpic test [--format tap|junit] [options] FILE|DIR...\n"
    "\n"
    "Runs the `test` items of each FILE, and of every .kpi file with tests under\n"
    "each DIR: each test evaluates the file's goals on its fixture data at its\n"
    "date, exactly as 'kpic run FILE --data SOURCE=FIXTURE --as-of DATE' would,\n"
    "and compares the report with its expectations (docs/language.md, \"test\").\n"
    "\n"
    "  kpic test goals.kpi\n"
    "  kpic test --format junit examples/ > results.xml\n"
    "\n"
    "Options:\n"
    "  --format=tap    TAP version 13 on standard output (the default); a failed\n"
    "                  test lists each expectation with expected and actual values\n"
    "  --format=junit  JUnit XML, for CI systems\n"
    "  --color=WHEN, -Werror, -Wno-CODE, -I DIR, --max-errors=N   as for 'kpic check'\n"
    "\n"
    "Diagnostics and the evaluator's messages go to standard error.\n"
    "Exit status: 0 every test passed, 1 a test failed or a file has errors,\n"
    "2 usage error or a file could not be read.\n",
    run_test,
    NULL, /* no evaluator flags in its help */
};
