/*
** parse_test_util.c: see parse_test_util.h. The scanner is driven exactly as
** kpi_parse() drives it, through kpi_yylex, so token tests see what the
** parser sees.
*/
#include "parse_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi_lexer.h"

static void init_run(parse_run *run, const char *text, long len) {
    kpi_arena_init(&run->arena);
    kpi_src_map_init(&run->sources, &run->arena);
    kpi_diag_init(&run->diags, &run->arena, &run->sources);
    run->src = kpi_src_add(&run->sources, "test.kpi", text, len < 0 ? strlen(text) : (size_t)len);
}

parse_run *parse_text(const char *text, long len) {
    parse_run *run = calloc(1, sizeof *run);
    init_run(run, text, len);
    run->file = kpi_parse(&run->arena, &run->diags, run->src);
    return run;
}

void parse_run_free(parse_run *run) {
    kpi_arena_free(&run->arena);
    free(run);
}

const char *parse_dump(parse_run *run) {
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    kpi_ast_dump(run->file, out);
    fclose(out);
    const char *copy = kpi_arena_strdup(&run->arena, buf);
    free(buf);
    return copy;
}

const char *parse_messages(parse_run *run) {
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    kpi_diag_render_text(&run->diags, out, (kpi_render_options){false, false});
    fclose(out);
    const char *copy = kpi_arena_strdup(&run->arena, buf);
    free(buf);
    return copy;
}

unsigned count_code(const parse_run *run, kpi_code code) {
    unsigned n = 0;
    for (const kpi_diagnostic *d = run->diags.head; d; d = d->next) n += d->code == code;
    return n;
}

const kpi_diagnostic *find_code(const parse_run *run, kpi_code code) {
    for (const kpi_diagnostic *d = run->diags.head; d; d = d->next)
        if (d->code == code) return d;
    return NULL;
}

kpi_position diag_position(const parse_run *run, const kpi_diagnostic *d) {
    return kpi_src_position(run->src, d->span.begin);
}

lex_run *lex_text(const char *text, long len) {
    lex_run *run = calloc(1, sizeof *run);
    init_run(&run->base, text, len);
    kpi_parse_state *st = &run->state;
    st->arena = &run->base.arena;
    st->diags = &run->base.diags;
    st->source = run->base.src;
    st->file = KPI_NEW(st->arena, kpi_ast_file);
    st->file->source = run->base.src;
    st->pending_kind = -1;
    kpi_parse_check_encoding(st);
    yyscan_t scanner;
    kpi_yylex_init_extra(st, &scanner);
    YY_BUFFER_STATE buffer = kpi_yy_scan_bytes(run->base.src->text, (int)run->base.src->len, scanner);
    st->scanner = scanner;
    for (;;) {
        lexed_token *t = &run->tokens[run->count < MAX_TEST_TOKENS ? run->count : MAX_TEST_TOKENS - 1];
        t->kind = kpi_yylex(&t->value, &t->span, st);
        if (t->kind == TOK_YYEOF) break;
        if (run->count < MAX_TEST_TOKENS) run->count++;
    }
    kpi_yy_delete_buffer(buffer, scanner);
    kpi_yylex_destroy(scanner);
    return run;
}

void lex_run_free(lex_run *run) {
    kpi_arena_free(&run->base.arena);
    free(run);
}
