/*
** parse_test_util.h: fixtures shared by the scanner and parser tests: parse a
** string, dump its AST to a string, scan a string into tokens, find
** diagnostics by code.
*/
#ifndef KPI_PARSE_TEST_UTIL_H
#define KPI_PARSE_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/parse/parse_internal.h"
#include "kpi_parser.h"

typedef struct parse_run {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
    kpi_source *src;
    kpi_ast_file *file;
} parse_run;

typedef struct lexed_token {
    int kind;
    KPI_YYSTYPE value;
    kpi_span span;
} lexed_token;

enum { MAX_TEST_TOKENS = 256 };

typedef struct lex_run {
    parse_run base;
    kpi_parse_state state;
    lexed_token tokens[MAX_TEST_TOKENS];
    int count; /* tokens before end of input */
} lex_run;

/* Parses text (len bytes; -1 for strlen). Free with parse_run_free. */
parse_run *parse_text(const char *text, long len);
void parse_run_free(parse_run *run);
/* The AST dump as a string in the run's arena. */
const char *parse_dump(parse_run *run);
/* All diagnostics rendered as plain text, for failure messages. */
const char *parse_messages(parse_run *run);
unsigned count_code(const parse_run *run, kpi_code code);
/* The first diagnostic with that code, or NULL. */
const kpi_diagnostic *find_code(const parse_run *run, kpi_code code);
/* Line and column of a diagnostic's start. */
kpi_position diag_position(const parse_run *run, const kpi_diagnostic *d);

/* Scans text into tokens without parsing. Free with lex_run_free. */
lex_run *lex_text(const char *text, long len);
void lex_run_free(lex_run *run);

#endif
