/*
** diag_render.c: diagnostics as clang-style text for people at a terminal.
**
**   shop.kpi:12:3: error: goal 'x' has no owner [A001]
**     raise profit 20%
**     ^~~~~~~~~~~~~~~~
**   shop.kpi:9:1: note: declared here
**   shop.kpi:12:3: fix-it: insert an owner
**
** The source line is printed with tabs expanded (tab stop 8) and control or
** invalid bytes shown as <XX>, and the caret line is computed in the same
** display columns, so the caret stays under the right character whatever the
** line contains. Colour codes are written only when the caller asks.
*/
#include "diag_private.h"

#include "kpirt.h"

#include <stdlib.h>
#include <string.h>

#define TAB_STOP 8

/* ANSI sequences, as clang uses them. */
#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_ERROR "\033[0;1;31m"
#define SGR_WARNING "\033[0;1;35m"
#define SGR_NOTE "\033[0;1;36m"
#define SGR_CARET "\033[0;1;32m"
#define SGR_FIXIT "\033[0;32m"

typedef struct renderer {
    FILE *out;
    kpi_render_options opts;
    const kpi_source_map *sources;
} renderer;

static void sgr(const renderer *r, const char *code) {
    if (r->opts.color) fputs(code, r->out);
}

/*
** A source line as it is shown: the printable text, and for every byte of
** the original line (plus one past the end) the display column it starts at.
*/
typedef struct display_line {
    char *text;
    size_t text_len;
    uint32_t *column; /* len + 1 entries */
} display_line;

static void display_line_build(display_line *d, const char *line, uint32_t len) {
    /* At most TAB_STOP display bytes per source byte (a tab; "<XX>" is 4). */
    d->text = malloc((size_t)len * TAB_STOP + 1);
    d->column = malloc(((size_t)len + 1) * sizeof *d->column);
    if (!d->text || !d->column) abort();
    const unsigned char *s = (const unsigned char *)line;
    size_t t = 0;
    uint32_t col = 0, i = 0;
    while (i < len) {
        d->column[i] = col;
        unsigned char c = s[i];
        if (c == '\t') {
            uint32_t n = TAB_STOP - col % TAB_STOP;
            memset(d->text + t, ' ', n);
            t += n, col += n, i++;
            continue;
        }
        size_t n = c >= 0x20 && c != 0x7F ? kpi_diag_utf8_len(s + i, len - i) : 0;
        if (n == 0) { /* control or invalid byte: show its value */
            t += (size_t)sprintf(d->text + t, "<%02X>", c);
            col += 4, i++;
            continue;
        }
        memcpy(d->text + t, s + i, n);
        t += n;
        for (size_t k = 1; k < n; k++) d->column[i + k] = col;
        col++, i += (uint32_t)n;
    }
    d->column[len] = col;
    d->text[t] = '\0';
    d->text_len = t;
}

static void display_line_free(display_line *d) {
    free(d->text);
    free(d->column);
}

static void put_repeated(FILE *out, char c, uint32_t n) {
    while (n--) fputc(c, out);
}

/*
** Text from outside the spec's own syntax (a CSV header cell, a file name, a
** column named in a message) is shown with its control bytes escaped (\x1b),
** and so are Unicode bidi embedding, override and isolate controls
** (\u202e): a crafted name can neither send terminal escape sequences nor
** start a line that looks like another diagnostic, nor reorder what
** follows it. The runtime owns the rule (kpirt_escape_controls), so kpic's
** diagnostics and an evaluator's messages escape the same bytes.
*/
static void put_safe(FILE *out, const char *text) {
    size_t cap = strlen(text) * 6 + 1; /* the longest escape, \u202e, is six bytes for three */
    char stack[1024], *buf = cap <= sizeof stack ? stack : malloc(cap);
    if (!buf) return;
    kpirt_escape_controls(buf, cap, text);
    fputs(buf, out);
    if (buf != stack) free(buf);
}

/* Fix-it text on one line: newlines and tabs shown as escapes. */
static void put_inline(FILE *out, const char *text) {
    for (; *text; text++) {
        if (*text == '\n') fputs("\\n", out);
        else if (*text == '\t') fputs("\\t", out);
        else fputc(*text, out);
    }
}

/*
** Lines longer than this many bytes (minified or generated input) are shown
** as a window around the caret, starting WINDOW_BEFORE bytes before it, with
** "..." marking what was cut, so one bad line cannot flood the terminal.
*/
#define MAX_SHOWN_BYTES 240
#define WINDOW_BEFORE 80

/* The byte range [*begin, *end) of a line of len bytes to show around byte at. */
static void choose_window(const char *line, uint32_t len, uint32_t at, uint32_t *begin, uint32_t *end) {
    *begin = 0, *end = len;
    if (len <= MAX_SHOWN_BYTES) return;
    uint32_t b = at > WINDOW_BEFORE ? at - WINDOW_BEFORE : 0;
    if (b > len - MAX_SHOWN_BYTES) b = len - MAX_SHOWN_BYTES;
    uint32_t e = b + MAX_SHOWN_BYTES;
    /* Do not cut a UTF-8 sequence in two (at most three continuation bytes). */
    for (int k = 0; k < 3 && b > 0 && ((unsigned char)line[b] & 0xC0) == 0x80; k++) b--;
    for (int k = 0; k < 3 && e < len && ((unsigned char)line[e] & 0xC0) == 0x80; k++) e++;
    *begin = b, *end = e;
}

static uint32_t clamp(uint32_t v, uint32_t lo, uint32_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/*
** The source line of loc, a caret under its first byte and tildes under the
** rest of the range on that line, and when insert is given, its text on the
** next line starting under insert_at's column.
*/
static void print_snippet(const renderer *r, const kpi_diag_location *loc, const kpi_diag_location *insert_at,
                          const char *insert) {
    uint32_t len;
    const char *line = kpi_src_line(loc->source, loc->begin.line, &len);
    uint32_t first = clamp(loc->begin.column - 1, 0, len);
    uint32_t last = loc->end.line == loc->begin.line ? clamp(loc->end.column - 1, first, len) : len;

    uint32_t wb, we;
    choose_window(line, len, first, &wb, &we);
    const uint32_t indent = wb > 0 ? 3 : 0; /* the leading "..." */
    display_line d;
    display_line_build(&d, line + wb, we - wb);
    first -= wb;
    last = clamp(last, wb, we) - wb;

    fprintf(r->out, "%s%s%s\n", wb > 0 ? "..." : "", d.text, we < len ? "..." : "");
    put_repeated(r->out, ' ', indent + d.column[first]);
    sgr(r, SGR_CARET);
    fputc('^', r->out);
    uint32_t caret_end = d.column[last] > d.column[first] + 1 ? d.column[last] : d.column[first] + 1;
    put_repeated(r->out, '~', caret_end - d.column[first] - 1);
    sgr(r, SGR_RESET);
    fputc('\n', r->out);
    if (insert && *insert && insert_at) {
        /* Each line of the text starts under the insertion point; empty lines are skipped. */
        uint32_t at = clamp(insert_at->begin.column - 1, wb, we) - wb;
        for (const char *part = insert; *part;) {
            size_t n = strcspn(part, "\n");
            if (n) {
                put_repeated(r->out, ' ', indent + d.column[at]);
                sgr(r, SGR_FIXIT);
                for (size_t k = 0; k < n; k++) {
                    if (part[k] == '\t') fputs("\\t", r->out);
                    else fputc(part[k], r->out);
                }
                sgr(r, SGR_RESET);
                fputc('\n', r->out);
            }
            part += n + (part[n] == '\n');
        }
    }
    display_line_free(&d);
}

/* "file:line:col: " (bold), or "kpic: " for a diagnostic without a location. */
static void print_location(const renderer *r, const kpi_diag_location *loc) {
    sgr(r, SGR_BOLD);
    if (loc->source) {
        put_safe(r->out, loc->source->path);
        fprintf(r->out, ":%u:%u: ", loc->begin.line, loc->begin.column);
    } else {
        fputs("kpic: ", r->out);
    }
    sgr(r, SGR_RESET);
}

static void print_label(const renderer *r, const char *color, const char *label) {
    sgr(r, color);
    fprintf(r->out, "%s: ", label);
    sgr(r, SGR_RESET);
}

static const char *severity_color(kpi_severity s) {
    return s == KPI_SEV_ERROR ? SGR_ERROR : s == KPI_SEV_WARNING ? SGR_WARNING : SGR_NOTE;
}

static void print_note(const renderer *r, const kpi_note *n) {
    kpi_diag_location loc = kpi_diag_locate(r->sources, n->span);
    if (loc.source) print_location(r, &loc);
    print_label(r, SGR_NOTE, "note");
    put_safe(r->out, n->message);
    fputc('\n', r->out);
    if (loc.source && r->opts.show_source) print_snippet(r, &loc, NULL, NULL);
}

/* What a fix-it does, in words, when the reporter gave no description. */
static void print_fixit_summary(const renderer *r, const kpi_fixit *f, const kpi_diag_location *loc) {
    if (f->description) {
        fputs(f->description, r->out);
        return;
    }
    int old_len = loc->source ? (int)(loc->end_offset - loc->begin_offset) : 0;
    const char *old = loc->source ? loc->source->text + loc->begin_offset : "";
    if (old_len == 0) {
        fputs("insert '", r->out);
        put_inline(r->out, f->replacement);
        fputc('\'', r->out);
    } else if (!*f->replacement) {
        fprintf(r->out, "remove '%.*s'", old_len, old);
    } else {
        fprintf(r->out, "replace '%.*s' with '", old_len, old);
        put_inline(r->out, f->replacement);
        fputc('\'', r->out);
    }
}

static void print_fixit(const renderer *r, const kpi_fixit *f, bool shown_inline) {
    kpi_diag_location loc = kpi_diag_locate(r->sources, f->span);
    print_location(r, &loc);
    print_label(r, SGR_FIXIT, "fix-it");
    print_fixit_summary(r, f, &loc);
    fputc('\n', r->out);
    if (loc.source && r->opts.show_source && !shown_inline) print_snippet(r, &loc, &loc, f->replacement);
}

static bool same_line(const kpi_diag_location *a, const kpi_diag_location *b) {
    return a->source && b->source && a->source == b->source && a->begin.line == b->begin.line;
}

static void print_diagnostic(const renderer *r, const kpi_diagnostic *d) {
    kpi_diag_location loc = kpi_diag_locate(r->sources, d->span);
    print_location(r, &loc);
    print_label(r, severity_color(d->severity), kpi_diag_severity_name(d->severity));
    sgr(r, SGR_BOLD);
    put_safe(r->out, d->message);
    /* Located diagnostics carry their code; driver messages read like clang's own. */
    if (loc.source) fprintf(r->out, " [%s]", kpi_diag_code_info(d->code)->id);
    sgr(r, SGR_RESET);
    fputc('\n', r->out);

    /* clang shows the first fix-it on the diagnostic's own line right under the caret. */
    const kpi_fixit *inline_fix = NULL;
    kpi_diag_location fix_loc = {0};
    for (const kpi_fixit *f = d->fixes; f && !inline_fix; f = f->next) {
        fix_loc = kpi_diag_locate(r->sources, f->span);
        if (same_line(&loc, &fix_loc)) inline_fix = f;
    }
    if (loc.source && r->opts.show_source)
        print_snippet(r, &loc, inline_fix ? &fix_loc : NULL, inline_fix ? inline_fix->replacement : NULL);
    for (const kpi_note *n = d->notes; n; n = n->next) print_note(r, n);
    for (const kpi_fixit *f = d->fixes; f; f = f->next)
        print_fixit(r, f, f == inline_fix && r->opts.show_source);
}

static void print_summary(const renderer *r, unsigned errors, unsigned warnings) {
    if (!errors && !warnings) return;
    if (errors) fprintf(r->out, "%u error%s", errors, errors == 1 ? "" : "s");
    if (errors && warnings) fputs(" and ", r->out);
    if (warnings) fprintf(r->out, "%u warning%s", warnings, warnings == 1 ? "" : "s");
    fputs(" generated.\n", r->out);
}

void kpi_diag_render_text(const kpi_diag_engine *engine, FILE *out, kpi_render_options opts) {
    renderer r = {out, opts, engine->sources};
    for (const kpi_diagnostic *d = engine->head; d; d = d->next)
        if (d->severity != KPI_SEV_IGNORED) print_diagnostic(&r, d);
    if (engine->dropped) {
        kpi_diag_location nowhere = {0};
        print_location(&r, &nowhere);
        print_label(&r, SGR_NOTE, "note");
        fprintf(out, "%u more error%s not shown (limit: --max-errors=%u)\n", engine->dropped,
                engine->dropped == 1 ? "" : "s", engine->max_errors);
    }
    print_summary(&r, engine->errors, engine->warnings);
}
