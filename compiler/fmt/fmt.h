/*
** fmt.h: the canonical printer behind `kpic fmt` and the language server's
** formatting request.
**
** The formatter prints the AST, not the tokens: one layout for every construct
** (docs/fmt.md), comments put back by their byte offsets. A file with syntax
** errors is never formatted, because its AST is incomplete and printing it
** would drop text.
*/
#ifndef KPI_FMT_H
#define KPI_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "ast/ast.h"
#include "diag/diag.h"

/* Longest line the formatter aims for when it decides to keep a construct on one line. */
#define KPI_FMT_LINE_WIDTH 100

/*
** Prints a parsed file in canonical form. The result is allocated in arena,
** NUL-terminated, *len_out (optional) receives its length.
*/
char *kpi_fmt_file(kpi_arena *arena, const kpi_ast_file *file, size_t *len_out);

/*
** Parses src and formats it. Returns NULL when the parse reported errors (they
** are in diags); otherwise the formatted text, as kpi_fmt_file.
*/
char *kpi_fmt_source(kpi_arena *arena, kpi_diag_engine *diags, const kpi_source *src, size_t *len_out);

/*
** Replaces the file at path with text atomically: a temporary file beside it,
** fsync, the original's permissions, rename. Returns 0 or an errno value; on
** failure the original file is untouched and no temporary file is left.
*/
int kpi_fmt_write_atomic(const char *path, const char *text, size_t len);

#endif
