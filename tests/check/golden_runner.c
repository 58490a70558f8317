/*
** golden_runner.c: runs `kpic check --format=json` on .kpi files and compares
** the diagnostics with the expectations written in the files themselves.
**
**   golden_runner [--expect-fail] KPIC PATH...
**
** PATH is a .kpi file or a folder searched recursively. The expectation
** syntax is in tests/check/README.md. Every difference is printed (missing,
** unexpected, misplaced), and the exit status is 0 when every file matched.
** With --expect-fail the runner checks itself: each file must NOT match, and
** the report must contain every `# runner-says: TEXT` written in the file.
**
** It is a C program rather than a script so that it parses kpic's JSON with
** the same library kpic writes it with, and runs kpic without a shell.
*/
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ITEMS 512
#define MAX_FLAGS 32

typedef struct expectation {
    char severity[16];     /* error, warning, note */
    char code[16];
    char *substring;       /* NULL: any message */
    int line;              /* 1-based */
    int column;            /* 0: any column */
    int written_at;        /* line of the comment */
    bool matched;
} expectation;

typedef struct actual {
    const char *file, *severity, *code, *message;
    int line, column;
    bool matched;
} actual;

typedef struct file_spec {
    expectation expect[MAX_ITEMS];
    int expect_count;
    char *flags[MAX_FLAGS];
    int flag_count;
    char *runner_says[MAX_ITEMS];
    int runner_says_count;
    bool checks_notes;     /* some expect-note present: notes are compared too */
} file_spec;

/* The report of one file, kept so --expect-fail can search it. */
typedef struct report {
    char *text;
    size_t len, cap;
    int problems;
} report;

static void say(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(report *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (r->len + (size_t)n + 1 > r->cap) {
        r->cap = (r->len + (size_t)n + 1) * 2;
        r->text = realloc(r->text, r->cap);
        if (!r->text) abort();
    }
    va_start(ap, fmt);
    vsnprintf(r->text + r->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    r->len += (size_t)n;
}

static void problem(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(report *r, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    say(r, "  %s\n", buf);
    r->problems++;
}

static char *read_file(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (size_t n; buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0;) {
        len += n;
        if (cap - len - 1 == 0) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) abort();
    buf[len] = '\0';
    if (len_out) *len_out = len;
    return buf;
}

/* ---- expectations ------------------------------------------------------ */

static const char *skip_spaces(const char *p) {
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

static bool parse_int(const char **p, int *out) {
    char *end;
    long v = strtol(*p, &end, 10);
    if (end == *p) return false;
    *out = (int)v;
    *p = end;
    return true;
}

/*
** One "expect-SEV[@LOC]: CODE ["substring"]" starting after "expect-".
** LOC is +N / -N (relative), N (absolute line), each optionally followed by
** :COL; or :COL alone (this line).
*/
static bool parse_expectation(const char *p, int line, expectation *e, const char **why) {
    memset(e, 0, sizeof *e);
    e->written_at = e->line = line;
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz");
    if (n == 0 || n >= sizeof e->severity) return *why = "expected error, warning or note after 'expect-'", false;
    memcpy(e->severity, p, n);
    if (strcmp(e->severity, "error") && strcmp(e->severity, "warning") && strcmp(e->severity, "note"))
        return *why = "the severity must be error, warning or note", false;
    p += n;
    if (*p == '@') {
        p++;
        if (*p == '+' || *p == '-') {
            int offset;
            if (!parse_int(&p, &offset)) return *why = "bad line offset after '@'", false;
            e->line = line + offset;
        } else if (*p != ':') {
            if (!parse_int(&p, &e->line)) return *why = "bad line after '@'", false;
        }
        if (*p == ':' && p[1] >= '0' && p[1] <= '9') {
            p++;
            if (!parse_int(&p, &e->column) || e->column < 1) return *why = "bad column", false;
        }
        if (e->line < 1) return *why = "the expectation points before the first line", false;
    }
    if (*p != ':') return *why = "expected ':' before the code", false;
    p = skip_spaces(p + 1);
    n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    if (n < 2 || n >= sizeof e->code) return *why = "expected a code such as P001", false;
    memcpy(e->code, p, n);
    p = skip_spaces(p + n);
    if (*p == '"') {
        size_t cap = strlen(p), o = 0;
        e->substring = malloc(cap + 1);
        if (!e->substring) abort();
        for (p++; *p && *p != '"' && *p != '\n'; p++) {
            if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
            e->substring[o++] = *p;
        }
        e->substring[o] = '\0';
        if (*p != '"') return *why = "unterminated message substring", false;
        p = skip_spaces(p + 1);
    }
    if (*p && *p != '\n' && *p != '\r' && *p != '#')
        return *why = "unexpected text after the expectation", false;
    return true;
}

/* Reads the expectations, flags and runner-says lines of one file. */
static bool read_spec(const char *path, file_spec *spec, report *r) {
    char *text = read_file(path, NULL);
    if (!text) {
        problem(r, "cannot read %s: %s", path, strerror(errno));
        return false;
    }
    memset(spec, 0, sizeof *spec);
    int line = 1;
    bool ok = true;
    for (char *p = text; *p; line++) {
        char *eol = strchr(p, '\n');
        if (eol) *eol = '\0';
        const char *flags = strstr(p, "# kpic-flags:");
        if (flags) {
            char *copy = strdup(flags + strlen("# kpic-flags:"));
            for (char *tok = strtok(copy, " \t\r"); tok && spec->flag_count < MAX_FLAGS; tok = strtok(NULL, " \t\r"))
                spec->flags[spec->flag_count++] = strdup(tok);
            free(copy);
        }
        const char *says = strstr(p, "# runner-says:");
        if (says && spec->runner_says_count < MAX_ITEMS) {
            char *t = strdup(skip_spaces(says + strlen("# runner-says:")));
            t[strcspn(t, "\r")] = '\0';
            spec->runner_says[spec->runner_says_count++] = t;
        }
        for (const char *hash = strchr(p, '#'); hash; hash = strchr(hash + 1, '#')) {
            const char *q = skip_spaces(hash + 1);
            if (strncmp(q, "expect-", 7) != 0) continue;
            if (spec->expect_count == MAX_ITEMS) {
                problem(r, "%s:%d: too many expectations in one file", path, line);
                ok = false;
                break;
            }
            const char *why = NULL;
            expectation *e = &spec->expect[spec->expect_count];
            if (!parse_expectation(q + 7, line, e, &why)) {
                problem(r, "%s:%d: bad expectation: %s", path, line, why);
                ok = false;
                continue;
            }
            if (strcmp(e->severity, "note") == 0) spec->checks_notes = true;
            spec->expect_count++;
        }
        p = eol ? eol + 1 : p + strlen(p);
    }
    free(text);
    return ok;
}

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
    return (!*a->file || strcmp(a->file, path) == 0) && e->line == a->line && (e->column == 0 || e->column == a->column);
}

static bool same_kind(const expectation *e, const actual *a) {
    return strcmp(e->severity, a->severity) == 0 && strcmp(e->code, a->code) == 0 &&
           (!e->substring || strstr(a->message, e->substring));
}

static void describe_expectation(char *buf, size_t size, const expectation *e) {
    int n = e->column ? snprintf(buf, size, "%s %s at %d:%d", e->severity, e->code, e->line, e->column)
                      : snprintf(buf, size, "%s %s at line %d", e->severity, e->code, e->line);
    if (e->substring && n > 0 && (size_t)n < size) snprintf(buf + n, size - (size_t)n, " with \"%s\"", e->substring);
}

static void compare(const char *path, file_spec *spec, actual *acts, int act_count, report *r) {
    /* Exact matches first, so a misplaced diagnostic cannot steal another's place. */
    for (int i = 0; i < spec->expect_count; i++)
        for (int j = 0; j < act_count && !spec->expect[i].matched; j++)
            if (!acts[j].matched && same_kind(&spec->expect[i], &acts[j]) && same_place(&spec->expect[i], &acts[j], path))
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
            problem(r, "wrong severity: %s:%d: expected %s, reported as %s at %d:%d: %s", path, e->written_at, what,
                    a->severity, a->line, a->column, a->message);
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
            problem(r, "misplaced: %s:%d: expected %s, reported at %d:%d: %s", path, e->written_at, what,
                    a->line, a->column, a->message);
        } else {
            problem(r, "missing: %s:%d: expected %s", path, e->written_at, what);
        }
    }
    for (int j = 0; j < act_count; j++) {
        actual *a = &acts[j];
        if (a->matched) continue;
        if (strcmp(a->severity, "note") == 0 && !spec->checks_notes) continue;
        problem(r, "unexpected: %s:%d:%d: %s: %s [%s]", *a->file ? a->file : path, a->line, a->column, a->severity,
                a->message, a->code);
    }
}

static void free_spec(file_spec *spec) {
    for (int i = 0; i < spec->expect_count; i++) free(spec->expect[i].substring);
    for (int i = 0; i < spec->flag_count; i++) free(spec->flags[i]);
    for (int i = 0; i < spec->runner_says_count; i++) free(spec->runner_says[i]);
    free(spec);
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
        problem(r, "cannot run %s: %s", kpic, strerror(errno));
        return;
    }
    if (!WIFEXITED(status)) {
        problem(r, "kpic crashed (signal %d) on %s", WTERMSIG(status), path);
        say(r, "%s", err);
    } else if (WEXITSTATUS(status) > 1) {
        problem(r, "kpic exited with status %d on %s:", WEXITSTATUS(status), path);
        say(r, "%s", err);
    } else {
        cJSON *root = cJSON_Parse(out);
        if (!cJSON_IsArray(root)) {
            problem(r, "kpic did not print a JSON array for %s:", path);
            say(r, "%s%s", out, err);
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
                problem(r, "kpic exited with status %d, but %d error(s) were reported", WEXITSTATUS(status), errors);
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
    if (count) qsort(names, count, sizeof *names, compare_names);   /* stable output order */
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        size_t len = strlen(names[i]);
        if (stat(names[i], &st) == 0 && (S_ISDIR(st.st_mode) || (len > 4 && strcmp(names[i] + len - 4, ".kpi") == 0)))
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
    if (read_spec(path, spec, &r)) check_file(kpic, path, spec, &r);
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
    free_spec(spec);
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
