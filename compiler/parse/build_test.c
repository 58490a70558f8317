/*
** build_test.c: AST construction for `test` items (kpic test), and the
** contextual keywords of their lines.
**
** A test is built line by line as it is parsed, like a goal's clauses. Its
** words `data`, `as` and `of` are keywords only inside a test, so that a
** source or metric may still be called `data`: the token filter asks
** kpi_parse_test_keyword for every name while a test is open.
*/
#include "parse_internal.h"

#include <string.h>

#include "kpi_parser.h"

void kpi_parse_begin_test(kpi_parse_state *st, kpi_name name, kpi_string title, kpi_span span) {
    kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_TEST, span);
    it->as.test.name = name;
    it->as.test.title = title;
    st->test_lines_tail = NULL;
}

static kpi_test_line *new_line(kpi_parse_state *st, kpi_test_line_kind kind, kpi_span span) {
    kpi_test_line *line = KPI_NEW(st->arena, kpi_test_line);
    line->kind = kind;
    line->span = span;
    kpi_item *it = st->items_tail;
    if (!it || it->kind != KPI_ITEM_TEST) return line; /* not reached: lines follow a test head */
    if (st->test_lines_tail) st->test_lines_tail->next = line;
    else it->as.test.lines = line;
    st->test_lines_tail = line;
    return line;
}

void kpi_parse_test_data(kpi_parse_state *st, const kpi_name *source, kpi_string path, kpi_span span) {
    kpi_test_line *line = new_line(st, KPI_TEST_DATA, span);
    if (source) line->source = *source;
    line->path = path;
}

void kpi_parse_test_as_of(kpi_parse_state *st, kpi_date date, kpi_span span) {
    new_line(st, KPI_TEST_AS_OF, span)->as_of = date;
}

void kpi_parse_test_expect(kpi_parse_state *st, kpi_name goal, kpi_name field, const kpi_name *word,
                           const kpi_quantity *value, const kpi_quantity *tolerance, kpi_span span) {
    kpi_test_line *line = new_line(st, KPI_TEST_EXPECT, span);
    line->goal = goal;
    line->goal.text = kpi_parse_span_text(st, goal.span);
    line->field = field;
    if (word) line->word = *word;
    if (value) line->value = *value;
    if (tolerance) {
        line->has_tolerance = true;
        line->tolerance = *tolerance;
    }
}

int kpi_parse_test_keyword(const kpi_parse_state *st, int kind, const char *text) {
    if (kind != TOK_IDENT || !text) return kind;
    int prev = kpi_parse_recent_kind(st, 0);
    /* a name right after these is a name: `test data`, `expect data`, `data data "x.csv"` */
    if (prev == TOK_TEST || prev == TOK_EXPECT || prev == TOK_DATA || prev == TOK_DOT) return kind;
    if (strcmp(text, "data") == 0) return TOK_DATA;
    if (strcmp(text, "as") == 0) return TOK_AS;
    if (strcmp(text, "of") == 0 && prev == TOK_AS) return TOK_OF;
    return kind;
}
