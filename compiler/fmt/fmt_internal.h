/*
** fmt_internal.h: the layout engine shared by the formatter's files.
**
** printer.c knows about lines, indentation, spaces and comments; fmt_values.c
** turns literals, formulas and filters into text; fmt_items.c decides the
** layout of each item. Output is a malloc'ed buffer owned by the printer until
** kpi_fmt_file copies it into the caller's arena.
*/
#ifndef KPI_FMT_INTERNAL_H
#define KPI_FMT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

/* A token without a position in the source: it flushes no comments. */
#define FMT_NO_OFFSET 0u

typedef struct fmt_printer {
    kpi_arena *arena;
    const kpi_source *src;      /* for comments and numbers as written */
    const kpi_comment *comment; /* next comment not yet printed; NULL when measuring */
    char *buf;
    size_t len, cap;
    size_t line_begin;     /* offset in buf of the current (last) line */
    bool line_has_text;    /* the current line holds a token or comment */
    int pending_newlines;  /* 0, 1 (line break) or 2 (blank line) before the next text */
    int indent;            /* indentation of the next line */
    int line_indent;       /* indentation of the current line */
    uint32_t last_src;     /* source offset just after the last printed thing */
    bool keep_blank_lines; /* own-line comments keep one blank line before them */
    bool broke_line;       /* a comment forced a line break inside a construct */
    bool glue;             /* the next token follows without a space */
    size_t *trailing;      /* buf offsets where trailing comments' spaces start */
    size_t trailing_count, trailing_cap;
} fmt_printer;

void fmt_printer_init(fmt_printer *p, kpi_arena *arena, const kpi_ast_file *file, bool with_comments);
void fmt_printer_free(fmt_printer *p);

/*
** Starts a new line at indent for a construct that begins at source offset at.
** Comments before it are printed first. blank: 2 forces a blank line before
** the construct (or before the comments just above it), 1 keeps one when the
** source had one, 0 never puts one.
*/
void fmt_line(fmt_printer *p, int indent, uint32_t at, int blank);
/*
** Prints a token written at span (comments before it come first), preceded by
** a space unless it starts the line or space is false.
*/
void fmt_tok(fmt_printer *p, kpi_span span, const char *text, bool space);
/* The next token is printed without a space before it (after an opening parenthesis). */
void fmt_glue(fmt_printer *p);
/* Prints a keyword, which has no position of its own, after a space. */
void fmt_kw(fmt_printer *p, const char *text);
/* The construct printed last ends at source offset end (for trailing comments). */
void fmt_mark_end(fmt_printer *p, uint32_t end);
/* Prints every comment left, then ends the output with exactly one newline. */
void fmt_finish(fmt_printer *p);
/* Whether some comment starts strictly inside the span (so it cannot go on one line). */
bool fmt_has_comment_inside(const kpi_ast_file *file, kpi_span span);
/* Length of the longest line printed so far, and whether more than one line was printed. */
size_t fmt_widest_line(const fmt_printer *p, bool *multiline);

/* ---- text of values (fmt_values.c) ------------------------------------------ */

const char *fmt_string(kpi_arena *arena, const char *text);   /* "quoted \"escaped\"" */
const char *fmt_name(kpi_arena *arena, const kpi_name *name); /* ident or "quoted" */
const char *fmt_number(kpi_arena *arena, const kpi_source *src, const kpi_number *n);
const char *fmt_quantity(kpi_arena *arena, const kpi_source *src, const kpi_quantity *q);
/* The amount after a verb or driver metric; absolute amounts get "to" when with_to. */
const char *fmt_amount(kpi_arena *arena, const kpi_source *src, const kpi_amount *a, bool with_to);
const char *fmt_date(kpi_arena *arena, const kpi_date *d);
const char *fmt_duration(kpi_arena *arena, const kpi_duration *d);
const char *fmt_expr(kpi_arena *arena, const kpi_source *src, const kpi_expr *e);
const char *fmt_filter(kpi_arena *arena, const kpi_source *src, const kpi_filter *f);

#endif
