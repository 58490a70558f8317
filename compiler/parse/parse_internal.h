/*
** parse_internal.h: state shared by the scanner (grammar/kpi.l), the parser
** (grammar/kpi.y) and the helpers in compiler/parse/. Private to the parse
** stage; other stages include parse.h only.
**
** One kpi_parse_state lives on kpi_parse()'s stack for one source. The
** scanner reaches it through flex's "extra" slot, the parser and the token
** filter (next_token.h) through their parameter (and the scanner through
** it), so nothing here is global.
*/
#ifndef KPI_PARSE_INTERNAL_H
#define KPI_PARSE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

/* After this many lexical and syntax errors in one file the parser stops (P003). */
#define KPI_PARSE_MAX_ERRORS 50

/* Ring slots for quantities and amounts (see kpi_parse_state). */
#define KPI_PARSE_SLOTS 4

/* How many of the last tokens the token filter (next_token.h) keeps for the messages (a power of 2). */
#define KPI_PARSE_RECENT 4

typedef struct kpi_parse_state {
    kpi_arena *arena;
    kpi_diag_engine *diags;
    const kpi_source *source;
    kpi_ast_file *file;
    kpi_item *items_tail;
    kpi_comment *comments_tail;
    void *scanner; /* flex's yyscan_t */

    uint32_t offset;      /* scanner position: byte offset of the next token */
    unsigned paren_depth; /* open '(' seen by the scanner and not yet closed */
    unsigned errors;      /* lexical and syntax errors reported so far */
    bool stopped;         /* too many errors or too deep: the scanner returns end of input */

    /*
    ** The last tokens handed to the parser, a ring read through
    ** kpi_parse_recent_kind/_span: back 0 is the newest (the lookahead when a
    ** syntax error is found), 1 the one before it. Messages use them to say
    ** "after 'by'" and to name what is expected. -1 before the file.
    */
    int recent_kind[KPI_PARSE_RECENT];
    kpi_span recent_span[KPI_PARSE_RECENT];
    unsigned recent_at; /* index of the newest */

    /* What grammar actions are building; reset at each goal. */
    kpi_item *goal_item;
    kpi_goal *goal;
    kpi_clause *goal_clauses_tail;
    kpi_driver *drivers_tail; /* last top-level driver of the goal */
    kpi_driver *last_driver;  /* the driver written last: `via` nests under it */
    unsigned driver_depth;    /* depth of last_driver (1 = a `by` driver) */
    kpi_clause *driver_clauses_tail;
    bool goal_has_body;  /* a driver or clause was written: a late `by 20%` is misplaced */
    bool overrides_open; /* inside a driver's `( clauses )` */
    bool in_test;        /* inside a test item: `data`, `as`, `of` are keywords */
    kpi_test_line *test_lines_tail;
    kpi_span overrides_paren; /* its '(' */
    int pending_kind;         /* a token held back by the token filter, or -1 */
    kpi_span pending_span;

    /*
    ** Quantities and amounts (80 and 104 bytes) would make every value on
    ** bison's stack that big, and bison copies a value at each shift and
    ** reduce; the grammar keeps them here and passes pointers instead. A slot
    ** is reused KPI_PARSE_SLOTS values later. At most two quantities are ever
    ** on the stack at once (`between Q and Q`), one amount and one literal;
    ** each is copied into the tree by the reduction that consumes it (a
    ** literal kept in the arena would be garbage once its comparison has
    ** copied it).
    */
    kpi_quantity quantities[KPI_PARSE_SLOTS];
    kpi_amount amounts[KPI_PARSE_SLOTS];
    kpi_literal literals[KPI_PARSE_SLOTS];
    unsigned quantity_at, amount_at, literal_at;
} kpi_parse_state;

/* The token handed to the parser `back` tokens ago (0: the newest), back < KPI_PARSE_RECENT. */
static inline int kpi_parse_recent_kind(const kpi_parse_state *st, unsigned back) {
    return st->recent_kind[(st->recent_at - back) % KPI_PARSE_RECENT];
}
static inline kpi_span kpi_parse_recent_span(const kpi_parse_state *st, unsigned back) {
    return st->recent_span[(st->recent_at - back) % KPI_PARSE_RECENT];
}

/* ---- reporting (parse_report.c) ------------------------------------------- */

kpi_span kpi_parse_span(const kpi_parse_state *st, uint32_t begin, uint32_t end);
/* Reports a lexical or syntax error; after KPI_PARSE_MAX_ERRORS it stops the parse. */
kpi_diagnostic *kpi_parse_error(kpi_parse_state *st, kpi_code code, kpi_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Stops the parse: the scanner returns end of input from now on. */
void kpi_parse_stop(kpi_parse_state *st);
/* Source text of a span, shortened to at most max bytes with "..." for messages. */
const char *kpi_parse_excerpt(const kpi_parse_state *st, kpi_span span, size_t max);
/* Reports every NUL byte (L006) and invalid UTF-8 sequence (L005) in the source. */
void kpi_parse_check_encoding(kpi_parse_state *st);

/* ---- token values (lex_values.c); pure functions, unit-tested ------------- */

/*
** Each returns true when the text is valid and fills *out; otherwise fills
** reason (a sentence for the user, without the code) and returns false.
*/
bool kpi_lex_date(const char *text, size_t len, kpi_date *out, char *reason, size_t reason_cap);
bool kpi_lex_number(kpi_arena *arena, const char *text, size_t len, kpi_number *out, char *reason,
                    size_t reason_cap);
/* Unescapes the inside of a string literal (without quotes); false on a bad escape at *bad_at. */
bool kpi_lex_unescape(kpi_arena *arena, const char *text, size_t len, const char **out, size_t *bad_at);
/* Length of the valid UTF-8 sequence at text (1..4), or 0 when the bytes are not valid UTF-8. */
size_t kpi_lex_utf8_sequence(const unsigned char *text, size_t avail);

/* ---- syntax error messages (syntax_message.c) ---------------------------- */

/*
** Builds "expected a metric name, a date or an amount after 'by', found
** 'owner'" from the token kinds the parser could accept (api.token.raw makes
** them equal to symbol kinds) and the token it found.
*/
const char *kpi_parse_syntax_message(kpi_parse_state *st, const int *expected, int count, int found_kind,
                                     kpi_span found_span);

/* ---- AST construction helpers (build.c, build_goal.c) --------------------- */

/* Formulas and filters carry their depth so a deep tree is refused (P002). */
typedef struct kpi_expr_ref {
    kpi_expr *node;
    unsigned depth;
} kpi_expr_ref;
typedef struct kpi_filter_ref {
    kpi_filter *node;
    unsigned depth;
} kpi_filter_ref;
typedef struct kpi_literal_chain {
    kpi_literal *head, *tail;
} kpi_literal_chain;
typedef struct kpi_name_chain {
    kpi_name_list *head, *tail;
} kpi_name_chain;

/* Reports the syntax error the parser found (P001), in words. */
/* The parser's name for a token kind ("'by'", "a name"); defined in kpi.y. */
const char *kpi_parse_token_name(int kind);
void kpi_parse_syntax_error(kpi_parse_state *st, const int *expected, int count, int found_kind,
                            kpi_span found_span);

/* Appends a new item to the file. */
kpi_item *kpi_parse_new_item(kpi_parse_state *st, kpi_item_kind kind, kpi_span span);
kpi_clause *kpi_parse_new_clause(kpi_parse_state *st, kpi_clause_kind kind, kpi_span keyword);
kpi_expr *kpi_parse_new_expr(kpi_parse_state *st, kpi_expr_kind kind, kpi_span span);
kpi_filter *kpi_parse_new_filter(kpi_parse_state *st, kpi_filter_kind kind, kpi_span span);

kpi_expr_ref kpi_parse_binary(kpi_parse_state *st, char op, kpi_expr_ref lhs, kpi_expr_ref rhs,
                              kpi_span op_span, kpi_span span);
kpi_expr_ref kpi_parse_unary(kpi_parse_state *st, kpi_expr_kind kind, kpi_expr_ref operand, kpi_span span);
kpi_filter_ref kpi_parse_filter_binary(kpi_parse_state *st, kpi_filter_kind kind, kpi_filter_ref lhs,
                                       kpi_filter_ref rhs, kpi_span span);
kpi_filter_ref kpi_parse_filter_unary(kpi_parse_state *st, kpi_filter_kind kind, kpi_filter_ref operand,
                                      kpi_span span);
kpi_filter_ref kpi_parse_cmp(kpi_parse_state *st, kpi_name column, kpi_cmp_op op, kpi_span op_span,
                             kpi_literal *value, kpi_span span);
kpi_filter_ref kpi_parse_in(kpi_parse_state *st, kpi_name column, bool negated, kpi_literal *values,
                            kpi_span span);
/* A literal in a ring slot: a comparison copies it into its filter node... */
kpi_literal *kpi_parse_literal(kpi_parse_state *st, bool is_string, kpi_string string, kpi_number number,
                               kpi_span span);
/* ...and an `in` list keeps an arena copy of each. */
kpi_literal *kpi_parse_keep_literal(kpi_parse_state *st, const kpi_literal *lit);
kpi_clause *kpi_parse_segment(kpi_parse_state *st, bool is_for, kpi_filter *filter, kpi_span keyword);
/* `budget AMOUNT [on METRIC]`; metric NULL without `on`. */
kpi_clause *kpi_parse_budget(kpi_parse_state *st, kpi_span keyword, const kpi_quantity *amount,
                             const kpi_name *metric);
/* TOK_ON for the name `on` right after a budget's amount (`budget 5000 EUR on`), else kind (build_goal.c). */
int kpi_parse_budget_keyword(const kpi_parse_state *st, int kind, const char *text);
/*
** The text of a span without layout and comments: `std . web` is "std.web".
** Linear, unlike joining the parts one by one (a path of a million parts).
*/
char *kpi_parse_span_text(kpi_parse_state *st, kpi_span span);
kpi_number kpi_parse_negate_number(kpi_number number, kpi_span span);
/* A zeroed ring slot for a quantity or an amount the grammar is building. */
kpi_quantity *kpi_parse_new_quantity(kpi_parse_state *st);
kpi_amount *kpi_parse_new_amount(kpi_parse_state *st);
kpi_amount *kpi_parse_amount(kpi_parse_state *st, kpi_amount_kind kind, kpi_number number, bool percent,
                             kpi_span span);

/* P008: an option of the current item given a second time. */
void kpi_parse_report_twice(kpi_parse_state *st, const char *keyword, kpi_span again, kpi_span first);
/* Sets an optional string of the current item; P008 when it was set already. */
void kpi_parse_set_string(kpi_parse_state *st, kpi_string *slot, kpi_string value, const char *keyword,
                          kpi_span keyword_span);
void kpi_parse_source_kind(kpi_parse_state *st, kpi_name kind);
void kpi_parse_source_skip(kpi_parse_state *st, kpi_number count, kpi_span span);
void kpi_parse_source_nulls(kpi_parse_state *st, kpi_literal *texts, kpi_span span);
void kpi_parse_metric_source(kpi_parse_state *st, kpi_name source, kpi_span keyword_span);
void kpi_parse_metric_aggregate(kpi_parse_state *st, kpi_name word, kpi_span span);
void kpi_parse_metric_where(kpi_parse_state *st, kpi_filter *filter, kpi_span keyword_span);
void kpi_parse_metric_formula(kpi_parse_state *st, kpi_expr *formula, kpi_span keyword_span);
void kpi_parse_metric_better(kpi_parse_state *st, kpi_better better, kpi_span span);

/* Words with a fixed set of values; each reports a located error and returns false. */
bool kpi_parse_aggregate(kpi_parse_state *st, kpi_name word, kpi_aggregate *out);
bool kpi_parse_review(kpi_parse_state *st, kpi_name word, bool allow_unit_words, kpi_review_period *out);
bool kpi_parse_duration(kpi_parse_state *st, kpi_number count, kpi_name unit, kpi_duration *out);
bool kpi_parse_year(kpi_parse_state *st, kpi_number year, kpi_date *out);

/* `baseline last year`, `baseline average 3 months`, `baseline 2025-Q4`, `baseline year 2025`, `path flat`
   (build_baseline.c): the words are checked there (B001). */
kpi_clause *kpi_parse_baseline_words(kpi_parse_state *st, kpi_span keyword, kpi_name first, kpi_name second);
kpi_clause *kpi_parse_baseline_count(kpi_parse_state *st, kpi_span keyword, kpi_name word, kpi_number count,
                                     kpi_name unit);
kpi_clause *kpi_parse_baseline_date(kpi_parse_state *st, kpi_span keyword, kpi_date date);
kpi_clause *kpi_parse_path(kpi_parse_state *st, kpi_span keyword, kpi_name word);
/* The fair-period options of the current metric: `per day`, `over 28 days` (B001 for other words). */
void kpi_parse_metric_per(kpi_parse_state *st, kpi_name word, kpi_span span);
void kpi_parse_metric_over(kpi_parse_state *st, kpi_number count, kpi_name unit, kpi_span span);

/* Goals (build_goal.c). */
void kpi_parse_begin_goal(kpi_parse_state *st, kpi_name name, kpi_string title, kpi_span span);
void kpi_parse_statement(kpi_parse_state *st, kpi_verb verb, kpi_span verb_span, kpi_name metric,
                         const kpi_amount *amount, kpi_span span);
void kpi_parse_keep(kpi_parse_state *st, kpi_span verb_span, kpi_name metric, kpi_span span);
void kpi_parse_late_amount(kpi_parse_state *st, const kpi_amount *amount, kpi_span span);
void kpi_parse_goal_clause(kpi_parse_state *st, kpi_clause *clause);
void kpi_parse_driver(kpi_parse_state *st, kpi_driver_link link, kpi_name metric, const kpi_amount *amount,
                      kpi_span span);
void kpi_parse_end_driver(kpi_parse_state *st, kpi_span span);
void kpi_parse_driver_clause(kpi_parse_state *st, kpi_clause *clause);

/* Tests (build_test.c). */
void kpi_parse_begin_test(kpi_parse_state *st, kpi_name name, kpi_string title, kpi_span span);
void kpi_parse_test_data(kpi_parse_state *st, const kpi_name *source, kpi_string path, kpi_span span);
void kpi_parse_test_as_of(kpi_parse_state *st, kpi_date date, kpi_span span);
/* An expectation; word is NULL when a value is given, tolerance NULL when none is. */
void kpi_parse_test_expect(kpi_parse_state *st, kpi_name goal, kpi_name field, const kpi_name *word,
                           const kpi_quantity *value, const kpi_quantity *tolerance, kpi_span span);
/* The token kind a word has inside a test: TOK_DATA, TOK_AS, TOK_OF or TOK_IDENT. */
int kpi_parse_test_keyword(const kpi_parse_state *st, int kind, const char *text);

#endif
