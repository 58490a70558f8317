/*
** parse.c: kpi_parse(), the front door of the parse stage.
**
** It checks the encoding of the whole text once, runs the flex scanner over
** the bytes in memory (NUL bytes included: the scanner works on lengths, not C
** strings) and the bison parser over the tokens, and hands back the AST.
** Between the two sits the token filter of next_token.h; an item keyword
** inside a driver's parentheses is handled here.
*/
#include "parse_internal.h"
#include "next_token.h"

#include "kpi_parser.h"
#include "kpi_lexer.h"

#include <string.h>

/*
** An item keyword inside a driver's `( clauses )` means the ')' was
** forgotten: report it, hand the parser a ')' first and the keyword next, so
** the next item parses normally instead of being skipped by recovery.
*/
int kpi_parse_close_forgotten_paren(kpi_parse_state *st, int kind, KPI_YYLTYPE *lloc) {
    uint32_t end = kpi_parse_recent_span(st, 0).end;
    kpi_span at = kpi_parse_span(st, end, end);
    kpi_diagnostic *d =
        kpi_parse_error(st, KPI_P001, *lloc, "expected ')' to close the driver's clauses, found '%s'",
                        kpi_parse_excerpt(st, *lloc, 30));
    if (d) {
        kpi_diag_note(st->diags, d, st->overrides_paren, "the clauses start here");
        kpi_diag_fixit(st->diags, d, at, ")", "close the parentheses");
    }
    st->pending_kind = kind;
    st->pending_span = *lloc;
    st->overrides_open = false;
    *lloc = at;
    return TOK_RPAREN;
}

int kpi_yylex(KPI_YYSTYPE *lval, KPI_YYLTYPE *lloc, kpi_parse_state *st) {
    return kpi_parse_next_token(lval, lloc, st);
}

kpi_ast_file *kpi_parse(kpi_arena *arena, kpi_diag_engine *diags, const kpi_source *source) {
    kpi_ast_file *file = KPI_NEW(arena, kpi_ast_file);
    file->source = source;

    kpi_parse_state st;
    memset(&st, 0, sizeof st);
    st.arena = arena;
    st.diags = diags;
    st.source = source;
    st.file = file;
    st.pending_kind = -1;
    for (size_t i = 0; i < KPI_PARSE_RECENT; i++) {
        st.recent_kind[i] = -1;
        st.recent_span[i] = kpi_parse_span(&st, 0, 0);
    }

    kpi_parse_check_encoding(&st);

    yyscan_t scanner;
    if (kpi_yylex_init_extra(&st, &scanner) != 0) {
        kpi_diag_report(diags, KPI_X001, kpi_parse_span(&st, 0, 0), "out of memory while reading %s",
                        source->path);
        return file;
    }
    YY_BUFFER_STATE buffer = kpi_yy_scan_bytes(source->text, (int)source->len, scanner);
    st.scanner = scanner;
    kpi_yyparse(&st);
    kpi_yy_delete_buffer(buffer, scanner);
    kpi_yylex_destroy(scanner);
    return file;
}
