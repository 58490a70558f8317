/*
** test_run.c: one test item, run by the evaluator and compared with its
** JSON report (test_run.h says why it goes through the evaluator).
**
** The evaluator runs in a child process: its standard output and error go
** to temporary files, and a fixture that makes it fail, or a crash, is a
** test error instead of the end of `kpic test`. The module is compiled once
** per file; each child JIT-links its own copy.
*/
#include "test_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kpirt_abi.h"

static char *slurp(kpi_arena *arena, FILE *f) {
    fflush(f);
    long size = ftell(f);
    if (size < 0) size = 0;
    char *text = kpi_arena_alloc(arena, (size_t)size + 1);
    rewind(f);
    size_t n = fread(text, 1, (size_t)size, f);
    text[n] = '\0';
    return text;
}

/* Runs the evaluator with argv in a child; *out and *err receive what it printed. Returns its status. */
static int run_child(kpi_arena *arena, const kpi_cg_table *api, kpi_cg_module *m, int argc, char **argv,
                     char **out, char **err) {
    FILE *out_f = tmpfile(), *err_f = tmpfile();
    *out = *err = "";
    if (!out_f || !err_f) {
        if (out_f) fclose(out_f);
        if (err_f) fclose(err_f);
        *err = "cannot create a temporary file for the evaluator's output";
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fileno(out_f), STDOUT_FILENO);
        dup2(fileno(err_f), STDERR_FILENO);
        kpi_cg_error e = {{0}};
        int status = api->jit_run(m, argc, argv, &e);
        if (status < 0) {
            fprintf(stderr, "%s\n", e.message);
            status = 2;
        }
        fflush(stdout);
        fflush(stderr);
        _exit(status);
    }
    int status = -1;
    if (pid > 0) {
        int ws;
        while (waitpid(pid, &ws, 0) < 0) {}
        if (WIFEXITED(ws)) status = WEXITSTATUS(ws);
        else if (WIFSIGNALED(ws)) status = 128 + WTERMSIG(ws);
    }
    fseek(out_f, 0, SEEK_END);
    fseek(err_f, 0, SEEK_END);
    *out = slurp(arena, out_f);
    *err = slurp(arena, err_f);
    if (pid < 0) *err = "cannot start the evaluator (fork failed)";
    fclose(out_f);
    fclose(err_f);
    return status;
}

/* The goal or driver called name in the report's goal list (drivers are nested). */
static const cJSON *find_goal(const cJSON *goals, const char *name) {
    const cJSON *g;
    cJSON_ArrayForEach(g, goals) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(g, "name");
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) return g;
        const cJSON *found = find_goal(cJSON_GetObjectItemCaseSensitive(g, "drivers"), name);
        if (found) return found;
    }
    return NULL;
}

static void fail(kpi_arena *arena, kpi_test_result *r, const kpi_prog_expect *e, const char *expected,
                 const char *actual) {
    kpi_test_failure *f = KPI_NEW(arena, kpi_test_failure);
    f->what = kpi_arena_printf(arena, "%s %s", e->goal, e->field_name);
    /* The program's strings die with its file; the report outlives it. */
    f->expected = kpi_arena_strdup(arena, expected);
    f->actual = kpi_arena_strdup(arena, actual);
    f->span = e->span;
    kpi_test_failure **tail = &r->failures;
    while (*tail) tail = &(*tail)->next;
    *tail = f;
    r->ok = false;
}

/*
** Equal as the report prints them: a number the report rounded to the cent
** (or to 4 or 6 decimals) equals the value written with the same digits; a
** tolerance widens that.
*/
static bool close_enough(double actual, double expected, double tolerance) {
    double slack = 1e-9 * fmax(1.0, fabs(expected));
    return fabs(actual - expected) <= tolerance + slack;
}

static void compare(kpi_arena *arena, const cJSON *report, const kpi_prog_expect *e, kpi_test_result *r) {
    r->checked++;
    const cJSON *goal = find_goal(cJSON_GetObjectItemCaseSensitive(report, "goals"), e->goal);
    if (!goal) {
        fail(arena, r, e, e->written, "the report has no such goal");
        return;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(goal, e->field_name);
    if (e->field == KPI_EXPECT_STATUS) {
        const char *actual = cJSON_IsString(v) ? v->valuestring : "none";
        if (strcmp(actual, e->status) != 0) fail(arena, r, e, e->status, kpi_arena_strdup(arena, actual));
        return;
    }
    if (e->expect_none) {
        if (!cJSON_IsNull(v) && v)
            fail(arena, r, e, "none", kpi_arena_printf(arena, "%.10g", v->valuedouble));
        return;
    }
    const char *expected = e->tolerance > 0
                               ? kpi_arena_printf(arena, "%s (tolerance %.10g)", e->written, e->tolerance)
                               : e->written;
    if (!cJSON_IsNumber(v)) {
        fail(arena, r, e, expected, "none");
        return;
    }
    if (!close_enough(v->valuedouble, e->value, e->tolerance))
        fail(arena, r, e, expected,
             e->percent ? kpi_arena_printf(arena, "%.10g%%", v->valuedouble * 100)
                        : kpi_arena_printf(arena, "%.10g", v->valuedouble));
}

void kpi_test_run(kpi_arena *arena, const kpi_cg_table *api, kpi_cg_module *m, const kpi_program *program,
                  const kpi_prog_test *t, kpi_test_result *out) {
    (void)program;
    memset(out, 0, sizeof *out);
    out->ok = true;
    int argc = 0;
    char **argv = kpi_arena_alloc(arena, sizeof *argv * (6 + 2 * (size_t)t->data_count + 1));
    argv[argc++] = "kpic test";
    argv[argc++] = "--as-of";
    argv[argc++] = (char *)t->as_of;
    argv[argc++] = "--format";
    argv[argc++] = "json";
    for (uint32_t i = 0; i < t->data_count; i++) {
        argv[argc++] = "--data";
        argv[argc++] = kpi_arena_printf(arena, "%s=%s", t->data[i].source, t->data[i].path);
    }
    argv[argc] = NULL;
    char *report_text, *err_text;
    int status = run_child(arena, api, m, argc, argv, &report_text, &err_text);
    /* 0 and 1 (a goal needs attention) both come with a report; anything else is an error */
    cJSON *report = status == 0 || status == 1 ? cJSON_Parse(report_text) : NULL;
    if (!report) {
        out->ok = false;
        out->error = true;
        out->error_text = *err_text ? err_text
                          : status > 128
                              ? kpi_arena_printf(arena, "the evaluator stopped on signal %d", status - 128)
                              : "the evaluator printed no report";
        return;
    }
    for (uint32_t i = 0; i < t->expect_count; i++) compare(arena, report, &t->expects[i], out);
    cJSON_Delete(report);
}
