/*
** next_token.h: the filter between the scanner and the parser. It
** remembers the last few tokens for the syntax messages, ends the input once
** the parse has been stopped, closes a driver's forgotten ')' before an
** item keyword, makes `data`, `as` and `of` keywords inside a test, and
** `on` one right after a budget's amount. Inline, because the parser (grammar/kpi.y) asks for every
** token through it; kpi_yylex (parse.c) is the same filter for the token
** tests.
*/
#ifndef KPI_PARSE_NEXT_TOKEN_H
#define KPI_PARSE_NEXT_TOKEN_H

#include "parse_internal.h"
#include "kpi_parser.h"

/* Reports the forgotten ')' and returns it; the keyword comes next (parse.c). */
int kpi_parse_close_forgotten_paren(kpi_parse_state *st, int kind, KPI_YYLTYPE *lloc);

static inline bool kpi_parse_starts_item(int kind) {
    return kind == TOK_GOAL || kind == TOK_METRIC || kind == TOK_SOURCE || kind == TOK_IMPORT ||
           kind == TOK_POLICY || kind == TOK_LINK || kind == TOK_TEST;
}

static inline int kpi_parse_next_token(KPI_YYSTYPE *lval, KPI_YYLTYPE *lloc, kpi_parse_state *st) {
    int kind;
    if (st->pending_kind >= 0) {
        kind = st->pending_kind;
        *lloc = st->pending_span;
        st->pending_kind = -1;
    } else {
        kind = st->stopped ? TOK_YYEOF : kpi_lex_raw(lval, lloc, st->scanner);
        if (st->stopped || kind == TOK_YYEOF) {
            kind = TOK_YYEOF;
            *lloc = kpi_parse_span(st, st->offset, st->offset);
        }
        if (st->overrides_open && kpi_parse_starts_item(kind))
            kind = kpi_parse_close_forgotten_paren(st, kind, lloc);
        if (kpi_parse_starts_item(kind) || kind == TOK_OWNER) st->in_test = kind == TOK_TEST;
        else if (st->in_test) kind = kpi_parse_test_keyword(st, kind, lval->name.text);
        else if (kind == TOK_IDENT) kind = kpi_parse_budget_keyword(st, kind, lval->name.text);
    }
    st->recent_at = (st->recent_at + 1) % KPI_PARSE_RECENT;
    st->recent_kind[st->recent_at] = kind;
    st->recent_span[st->recent_at] = *lloc;
    return kind;
}

#endif
