/*
** printer.c: lines, indentation and comments for the formatter.
**
** Comments are not in the AST. Each printed token carries the source offset
** it came from, and every comment that started before that offset is printed
** first: as a trailing comment ("  # ...") on the current line when nothing but
** spaces separated it from the code before it in the source, otherwise on a
** line of its own. Line breaks are kept pending until the next text is
** printed, so that a trailing comment can still join the line it followed.
** This keeps every comment, next to the code it was next to, and gives the
** same result when run on its own output.
*/
#include "fmt_internal.h"

#include <stdlib.h>
#include <string.h>

void fmt_printer_init(fmt_printer *p, kpi_arena *arena, const kpi_ast_file *file, bool with_comments) {
    memset(p, 0, sizeof *p);
    p->arena = arena;
    if (file) {
        p->src = file->source;
        p->comment = with_comments ? file->comments : NULL;
    }
}

void fmt_printer_free(fmt_printer *p) {
    free(p->trailing);
    p->trailing = NULL;
    free(p->buf);
    p->buf = NULL;
    p->len = p->cap = 0;
}

static void put(fmt_printer *p, const char *s, size_t n) {
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap ? p->cap : 4096;
        while (cap < p->len + n + 1) cap *= 2;
        char *grown = realloc(p->buf, cap);
        if (!grown) abort(); /* same policy as the arena: out of memory is fatal */
        p->buf = grown;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
    p->buf[p->len] = '\0';
}

static void put_str(fmt_printer *p, const char *s) {
    put(p, s, strlen(s));
}

static int max_int(int a, int b) {
    return a > b ? a : b;
}

/* Writes the pending line breaks and the indentation of the new line. */
static void open_line(fmt_printer *p) {
    if (p->pending_newlines > 0 && p->len > 0) {
        put(p, "\n\n", (size_t)(p->pending_newlines > 1 ? 2 : 1));
        p->line_begin = p->len;
        p->line_has_text = false;
        p->line_indent = p->indent;
    }
    p->pending_newlines = 0;
    if (!p->line_has_text) {
        for (int i = 0; i < p->indent; i++) put(p, " ", 1);
        p->line_indent = p->indent;
    }
}

/* True when the source has an empty line between offsets a and b. */
static bool blank_line_between(const kpi_source *src, uint32_t a, uint32_t b) {
    if (!src || a >= b) return false;
    if (b > src->len) b = src->len;
    int newlines = 0;
    for (uint32_t i = a; i < b; i++) {
        char c = src->text[i];
        if (c == '\n') {
            if (++newlines >= 2) return true;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            newlines = 0;
        }
    }
    return false;
}

static bool newline_between(const kpi_source *src, uint32_t a, uint32_t b) {
    if (!src || a >= b) return false;
    return memchr(src->text + a, '\n', b - a) != NULL;
}

/* Prints the comments that start before offset `before`. */
static void flush_comments(fmt_printer *p, uint32_t before) {
    while (p->comment && p->comment->span.begin < before) {
        const kpi_comment *c = p->comment;
        uint32_t b = c->span.begin, e = c->span.end;
        if (e > p->src->len) e = p->src->len;
        while (e > b && (p->src->text[e - 1] == '\r' || p->src->text[e - 1] == ' ' ||
                         p->src->text[e - 1] == '\t' || p->src->text[e - 1] == '\n'))
            e--;
        bool mid_construct = p->line_has_text && p->pending_newlines == 0;
        bool trailing = p->line_has_text && !newline_between(p->src, p->last_src, b);
        if (trailing) {
            if (p->trailing_count == p->trailing_cap) {
                p->trailing_cap = p->trailing_cap ? p->trailing_cap * 2 : 16;
                p->trailing = realloc(p->trailing, p->trailing_cap * sizeof *p->trailing);
                if (!p->trailing) abort();
            }
            p->trailing[p->trailing_count++] = p->len;
            put(p, "  ", 2);
            put(p, p->src->text + b, e - b);
        } else {
            if (p->len > 0 && p->line_has_text) {
                int want = p->keep_blank_lines && blank_line_between(p->src, p->last_src, b) ? 2 : 1;
                p->pending_newlines = max_int(p->pending_newlines, want);
            }
            if (mid_construct) p->indent = p->line_indent + 2;
            open_line(p);
            put(p, p->src->text + b, e - b);
            p->line_has_text = true;
        }
        p->pending_newlines = max_int(p->pending_newlines, 1);
        if (mid_construct) {
            /* The rest of the construct continues on a deeper line. */
            p->indent = p->line_indent + (trailing ? 2 : 0);
            p->broke_line = true;
        }
        if (c->span.end > p->last_src) p->last_src = c->span.end;
        p->comment = c->next;
    }
}

void fmt_line(fmt_printer *p, int indent, uint32_t at, int blank) {
    p->indent = indent;
    p->broke_line = false;
    p->keep_blank_lines = blank > 0;
    if (p->len > 0 && p->line_has_text)
        p->pending_newlines = max_int(p->pending_newlines, blank == 2 ? 2 : 1);
    if (p->comment && at != FMT_NO_OFFSET) flush_comments(p, at);
    p->indent = indent;
    if (blank >= 1 && p->len > 0 && blank_line_between(p->src, p->last_src, at)) p->pending_newlines = 2;
    p->keep_blank_lines = false;
}

void fmt_tok(fmt_printer *p, kpi_span span, const char *text, bool space) {
    bool located = kpi_span_valid(span) && span.end > 0;
    if (p->comment && located) flush_comments(p, span.begin);
    if (p->pending_newlines > 0 || !p->line_has_text) {
        open_line(p);
    } else if (space && !p->glue) {
        put(p, " ", 1);
    }
    p->glue = false;
    put_str(p, text);
    p->line_has_text = true;
    if (located && span.end > p->last_src) p->last_src = span.end;
}

void fmt_glue(fmt_printer *p) {
    p->glue = true;
}

void fmt_kw(fmt_printer *p, const char *text) {
    fmt_tok(p, KPI_SPAN_NONE, text, true);
}

void fmt_mark_end(fmt_printer *p, uint32_t end) {
    if (end > p->last_src) p->last_src = end;
}

/* Display width of buf[begin, end): UTF-8 continuation bytes take no column. */
static size_t columns(const char *buf, size_t begin, size_t end) {
    size_t n = 0;
    for (size_t i = begin; i < end; i++)
        if (((unsigned char)buf[i] & 0xC0) != 0x80) n++;
    return n;
}

/*
** Aligns the trailing comments of consecutive lines in one column, two
** spaces after the longest code among them, as people align them by hand.
** Runs after printing, on the recorded offsets where each trailing comment's
** separating spaces begin.
*/
static void align_trailing_comments(fmt_printer *p) {
    if (p->trailing_count < 2) return;
    size_t n = p->trailing_count;
    size_t *line = malloc(n * sizeof *line), *width = malloc(n * sizeof *width);
    if (!line || !width) abort();
    size_t cur_line = 0, line_start = 0, scanned = 0;
    for (size_t i = 0; i < n; i++) {
        for (; scanned < p->trailing[i]; scanned++)
            if (p->buf[scanned] == '\n') {
                cur_line++;
                line_start = scanned + 1;
            }
        line[i] = cur_line;
        width[i] = columns(p->buf, line_start, p->trailing[i]);
    }
    char *out = malloc(p->len + 1 + n * 256);
    if (!out) abort();
    size_t o = 0, copied = 0;
    for (size_t g = 0; g < n;) {
        size_t end = g + 1, widest = width[g];
        while (end < n && line[end] == line[end - 1] + 1) {
            if (width[end] > widest) widest = width[end];
            end++;
        }
        for (size_t i = g; i < end; i++) {
            memcpy(out + o, p->buf + copied, p->trailing[i] - copied);
            o += p->trailing[i] - copied;
            copied = p->trailing[i];
            size_t pad = widest - width[i];
            if (pad > 255) pad = 255;
            memset(out + o, ' ', pad);
            o += pad;
        }
        g = end;
    }
    memcpy(out + o, p->buf + copied, p->len - copied);
    o += p->len - copied;
    out[o] = '\0';
    free(p->buf);
    p->buf = out;
    p->len = o;
    p->cap = p->len + 1 + n * 256;
    free(line);
    free(width);
}

void fmt_finish(fmt_printer *p) {
    p->indent = 0;
    p->keep_blank_lines = true;
    if (p->line_has_text) p->pending_newlines = max_int(p->pending_newlines, 1);
    if (p->comment) flush_comments(p, UINT32_MAX);
    if (p->len > 0) put(p, "\n", 1);
    align_trailing_comments(p);
}

bool fmt_has_comment_inside(const kpi_ast_file *file, kpi_span span) {
    for (const kpi_comment *c = file->comments; c; c = c->next) {
        if (c->span.begin >= span.end) break;
        if (c->span.begin > span.begin) return true;
    }
    return false;
}

size_t fmt_widest_line(const fmt_printer *p, bool *multiline) {
    size_t widest = 0, start = 0;
    *multiline = false;
    for (size_t i = 0; i <= p->len; i++) {
        if (i == p->len || p->buf[i] == '\n') {
            if (i - start > widest) widest = i - start;
            if (i < p->len) *multiline = true;
            start = i + 1;
        }
    }
    return widest;
}
