/*
** parse.h: source text to AST. The only entry point to the lexer and parser
** generated from grammar/kpi.l and grammar/kpi.y.
*/
#ifndef KPI_PARSE_H
#define KPI_PARSE_H

#include "ast/ast.h"
#include "diag/diag.h"

/* Maximum nesting of parentheses in formulas and filters (P002 beyond it). */
#define KPI_PARSE_MAX_DEPTH 256

/*
** Parses one source. Always returns a file (possibly with fewer items when
** there were syntax errors); every problem is reported to diags.
*/
kpi_ast_file *kpi_parse(kpi_arena *arena, kpi_diag_engine *diags, const kpi_source *source);

#endif
