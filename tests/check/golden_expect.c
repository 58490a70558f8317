/*
** golden_expect.c: reading the expectations written in a .kpi file
** (`# expect-error@+1:7: P001 "text"`, `# kpic-flags: ...`, `# runner-says:
** ...`) and collecting the runner's report. The syntax is documented in
** tests/check/README.md.
*/
#include "golden.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void golden_say(report *r, const char *fmt, ...) {
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

void golden_problem(report *r, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    golden_say(r, "  %s\n", buf);
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
    if (n == 0 || n >= sizeof e->severity)
        return *why = "expected error, warning or note after 'expect-'", false;
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

bool golden_read_spec(const char *path, file_spec *spec, report *r) {
    char *text = read_file(path, NULL);
    if (!text) {
        golden_problem(r, "cannot read %s: %s", path, strerror(errno));
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
            for (char *tok = strtok(copy, " \t\r"); tok && spec->flag_count < MAX_FLAGS;
                 tok = strtok(NULL, " \t\r"))
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
                golden_problem(r, "%s:%d: too many expectations in one file", path, line);
                ok = false;
                break;
            }
            const char *why = NULL;
            expectation *e = &spec->expect[spec->expect_count];
            if (!parse_expectation(q + 7, line, e, &why)) {
                golden_problem(r, "%s:%d: bad expectation: %s", path, line, why);
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

void golden_free_spec(file_spec *spec) {
    for (int i = 0; i < spec->expect_count; i++) free(spec->expect[i].substring);
    for (int i = 0; i < spec->flag_count; i++) free(spec->flags[i]);
    for (int i = 0; i < spec->runner_says_count; i++) free(spec->runner_says[i]);
    free(spec);
}
