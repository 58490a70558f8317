/*
** golden_runner.c: runs `kpic check --format=json` on .kpi files and compares
** the diagnostics with the expectations written in the files themselves.
**
**   golden_runner [--expect-fail] KPIC PATH...
**
** PATH is a .kpi file or a folder searched recursively. The expectation
** syntax is in tests/check/README.md; golden_expect.c reads it. Every
** difference is printed (missing, unexpected, misplaced, wrong severity), and
** the exit status is 0 when every file matched.
** With --expect-fail the runner checks itself: each file must NOT match, and
** the report must contain every `# runner-says: TEXT` written in the file.
**
** It is a C program rather than a script so that it parses kpic's JSON with
** the same library kpic writes it with, and runs kpic without a shell.
*/
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "golden.h"

typedef struct actual {
    const char *file, *severity, *code, *message;
    int line, column;
    bool matched;
} actual;

/* ---- running kpic ------------------------------------------------------ */

/* Runs argv with stdout and stderr captured; returns the wait status or -1. */
static int run_captured(char *const argv[], char **out, char **err) {
    FILE *fo = tmpfile(), *fe = tmpfile();
    if (!fo || !fe) return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(fileno(fo), 1);
        dup2(fileno(fe), 2);
        execv(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    for (int k = 0; k < 2; k++) {
        FILE *f = k ? fe : fo;
        long size = (fseek(f, 0, SEEK_END), ftell(f));
        rewind(f);
        char *buf = malloc((size_t)size + 1);
        if (!buf) abort();
        size_t got = fread(buf, 1, (size_t)size, f);
        buf[got] = '\0';
        *(k ? err : out) = buf;
        fclose(f);
    }
    return status;
}

/* ---- comparing --------------------------------------------------------- */

static const char *json_string(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int json_int(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? v->valueint : 0;
}

static bool same_place(const expectation *e, const actual *a, const char *path) {
    return (!*a->file || strcmp(a->file, path) == 0) && e->line == a->line &&
           (e->column == 0 || e->column == a->column);
}

static bool same_kind(const expectation *e, const actual *a) {
    return strcmp(e->severity, a->severity) == 0 && strcmp(e->code, a->code) == 0 &&
           (!e->substring || strstr(a->message, e->substring));
}

static void describe_expectation(char *buf, size_t size, const expectation *e) {
    int n = e->column ? snprintf(buf, size, "%s %s at %d:%d", e->severity, e->code, e->line, e->column)
                      : snprintf(buf, size, "%s %s at line %d", e->severity, e->code, e->line);
    if (e->substring && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " with \"%s\"", e->substring);
}

static void compare(const char *path, file_spec *spec, actual *acts, int act_count, report *r) {
    /* Exact matches first, so a misplaced diagnostic cannot steal another's place. */
    for (int i = 0; i < spec->expect_count; i++)
        for (int j = 0; j < act_count && !spec->expect[i].matched; j++)
            if (!acts[j].matched && same_kind(&spec->expect[i], &acts[j]) &&
                same_place(&spec->expect[i], &acts[j], path))
                spec->expect[i].matched = acts[j].matched = true;
    char what[512];
    for (int i = 0; i < spec->expect_count; i++) {
        expectation *e = &spec->expect[i];
        if (e->matched) continue;
        describe_expectation(what, sizeof what, e);
        /* The same code on the same spot with another severity (a flag not applied, say). */
        int other = -1;
        for (int j = 0; j < act_count && other < 0; j++)
            if (!acts[j].matched && strcmp(e->code, acts[j].code) == 0 && same_place(e, &acts[j], path) &&
                (!e->substring || strstr(acts[j].message, e->substring)))
                other = j;
        if (other >= 0) {
            actual *a = &acts[other];
            a->matched = true;
            golden_problem(r, "wrong severity: %s:%d: expected %s, reported as %s at %d:%d: %s", path,
                           e->written_at, what, a->severity, a->line, a->column, a->message);
            continue;
        }
        /* The same diagnostic reported elsewhere: the nearest one is the likely culprit. */
        int misplaced = -1;
        for (int j = 0; j < act_count; j++)
            if (!acts[j].matched && same_kind(e, &acts[j]) &&
                (misplaced < 0 || abs(acts[j].line - e->line) < abs(acts[misplaced].line - e->line)))
                misplaced = j;
        if (misplaced >= 0) {
            actual *a = &acts[misplaced];
            a->matched = true;
            golden_problem(r, "misplaced: %s:%d: expected %s, reported at %d:%d: %s", path, e->written_at,
                           what, a->line, a->column, a->message);
        } else {
            golden_problem(r, "missing: %s:%d: expected %s", path, e->written_at, what);
        }
    }
    for (int j = 0; j < act_count; j++) {
        actual *a = &acts[j];
        if (a->matched) continue;
        if (strcmp(a->severity, "note") == 0 && !spec->checks_notes) continue;
        golden_problem(r, "unexpected: %s:%d:%d: %s: %s [%s]", *a->file ? a->file : path, a->line, a->column,
                       a->severity, a->message, a->code);
    }
}

/* Runs kpic on one file and compares; every difference goes to r. */
static void check_file(const char *kpic, const char *path, file_spec *spec, report *r) {
    char *argv[MAX_FLAGS + 5];
    int argc = 0;
    argv[argc++] = (char *)kpic;
    argv[argc++] = "check";
    argv[argc++] = "--format=json";
    for (int i = 0; i < spec->flag_count; i++) argv[argc++] = spec->flags[i];
    argv[argc++] = (char *)path;
    argv[argc] = NULL;
    char *out = NULL, *err = NULL;
    int status = run_captured(argv, &out, &err);
    if (status == -1) {
        golden_problem(r, "cannot run %s: %s", kpic, strerror(errno));
        return;
    }
    if (!WIFEXITED(status)) {
        golden_problem(r, "kpic crashed (signal %d) on %s", WTERMSIG(status), path);
        golden_say(r, "%s", err);
    } else if (WEXITSTATUS(status) > 1) {
        golden_problem(r, "kpic exited with status %d on %s:", WEXITSTATUS(status), path);
        golden_say(r, "%s", err);
    } else {
        cJSON *root = cJSON_Parse(out);
        if (!cJSON_IsArray(root)) {
            golden_problem(r, "kpic did not print a JSON array for %s:", path);
            golden_say(r, "%s%s", out, err);
        } else {
            static actual acts[MAX_ITEMS];
            int n = 0, errors = 0;
            const cJSON *d;
            cJSON_ArrayForEach(d, root) {
                if (n == MAX_ITEMS) break;
                actual *a = &acts[n++];
                a->file = json_string(d, "file");
                a->severity = json_string(d, "severity");
                a->code = json_string(d, "code");
                a->message = json_string(d, "message");
                a->line = json_int(d, "line");
                a->column = json_int(d, "column");
                a->matched = false;
                if (strcmp(a->severity, "error") == 0) errors++;
            }
            compare(path, spec, acts, n, r);
            int want = errors ? 1 : 0;
            if (WEXITSTATUS(status) != want)
                golden_problem(r, "kpic exited with status %d, but %d error(s) were reported",
                               WEXITSTATUS(status), errors);
        }
        cJSON_Delete(root);
    }
    free(out);
    free(err);
}

/* ---- files and folders ------------------------------------------------- */

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct totals {
    int files, failed;
} totals;

static void run_path(const char *kpic, const char *path, bool expect_fail, totals *t);

static void run_folder(const char *kpic, const char *dir, bool expect_fail, totals *t) {
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "golden_runner: cannot open %s: %s\n", dir, strerror(errno));
        t->failed++;
        return;
    }
    char **names = NULL;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        names = realloc(names, (count + 1) * sizeof *names);
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[count] = malloc(len);
        snprintf(names[count++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (count) qsort(names, count, sizeof *names, compare_names); /* stable output order */
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        size_t len = strlen(names[i]);
        if (stat(names[i], &st) == 0 &&
            (S_ISDIR(st.st_mode) || (len > 4 && strcmp(names[i] + len - 4, ".kpi") == 0)))
            run_path(kpic, names[i], expect_fail, t);
        free(names[i]);
    }
    free(names);
}

static void run_path(const char *kpic, const char *path, bool expect_fail, totals *t) {
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "golden_runner: cannot open %s: %s\n", path, strerror(errno));
        t->failed++;
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        run_folder(kpic, path, expect_fail, t);
        return;
    }
    report r = {0};
    file_spec *spec = calloc(1, sizeof *spec);
    if (!spec) abort();
    if (golden_read_spec(path, spec, &r)) check_file(kpic, path, spec, &r);
    const char *text = r.text ? r.text : "";
    t->files++;
    if (!expect_fail) {
        if (r.problems) {
            printf("FAIL %s\n%s", path, text);
            t->failed++;
        } else {
            printf("ok   %s\n", path);
        }
    } else {
        /* Self-test: the comparison must fail, and say what the file says it will. */
        bool ok = r.problems > 0;
        if (!ok) printf("FAIL %s: expected the comparison to fail, but it matched\n", path);
        for (int i = 0; ok && i < spec->runner_says_count; i++) {
            if (!strstr(text, spec->runner_says[i])) {
                printf("FAIL %s: the report does not say \"%s\"\n", path, spec->runner_says[i]);
                ok = false;
            }
        }
        if (ok) printf("ok   %s (fails as intended)\n", path);
        printf("%s", text);
        if (!ok) t->failed++;
    }
    golden_free_spec(spec);
    free(r.text);
}

int main(int argc, char **argv) {
    bool expect_fail = false;
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--expect-fail") == 0) expect_fail = true, first = 2;
    if (argc - first < 2) {
        fprintf(stderr, "usage: golden_runner [--expect-fail] KPIC PATH...\n");
        return 2;
    }
    const char *kpic = argv[first];
    totals t = {0, 0};
    for (int i = first + 1; i < argc; i++) run_path(kpic, argv[i], expect_fail, &t);
    if (t.files == 0 && t.failed == 0) {
        fprintf(stderr, "golden_runner: no .kpi files found\n");
        return 1;
    }
    printf("%d file(s), %d failed\n", t.files, t.failed);
    return t.failed ? 1 : 0;
}
