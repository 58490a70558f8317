/*
** kpi.y: the grammar of .kpi files (bison, pure, LALR(1) with LAC).
**
** docs/language.md is the binding reference; this file implements it. The
** actions build the AST (compiler/ast/ast.h) in the arena through the helpers
** in compiler/parse/build.c, and check words that are identifiers in the
** lexer but have a fixed set of values here (aggregations, review periods,
** duration units, the source kind). Syntax errors are reported in words by
** compiler/parse/syntax_message.c. Recovery happens at two levels, items and
** clauses (and inside driver overrides), so one run reports every error.
*/
%require "3.8"
%define api.pure full
%define api.prefix {kpi_yy}
%define api.token.prefix {TOK_}
%define api.token.raw
%define api.location.type {kpi_span}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {kpi_parse_state *st}

%code requires {
#include "parse/parse_internal.h"
typedef void *yyscan_t;

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                 \
    do {                                                            \
        if (N) {                                                    \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                     \
            (Cur).begin = YYRHSLOC(Rhs, 1).begin;                   \
            (Cur).end = YYRHSLOC(Rhs, N).end;                       \
        } else {                                                    \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                     \
            (Cur).begin = (Cur).end = YYRHSLOC(Rhs, 0).end;         \
        }                                                           \
    } while (0)
}

%code provides {
#define YYSTYPE KPI_YYSTYPE
#define YYLTYPE KPI_YYLTYPE
int kpi_yylex(KPI_YYSTYPE *lval, KPI_YYLTYPE *lloc, kpi_parse_state *st);
/* The flex scanner (grammar/kpi.l), which the token filter wraps (parse/next_token.h). Defined
   here, before any file includes kpi_lexer.h, so that header does not declare its own kpi_yylex. */
#define YY_DECL int kpi_lex_raw(KPI_YYSTYPE *yylval_param, KPI_YYLTYPE *yylloc_param, yyscan_t yyscanner)
YY_DECL;
}

%code {
static void kpi_yyerror(const KPI_YYLTYPE *loc, kpi_parse_state *st, const char *message);
/* The parser takes its tokens from the inline filter, not through a call to kpi_yylex. */
#include "parse/next_token.h"
#undef yylex
#define yylex kpi_parse_next_token
}

%union {
    kpi_name name;
    kpi_string str;
    kpi_number num;
    kpi_date date;
    kpi_quantity *qty;          /* in the parse state's ring: kpi_parse_new_quantity */
    kpi_amount *amount;         /* likewise: kpi_parse_new_amount */
    kpi_expr_ref expr;
    kpi_filter_ref filter;
    kpi_literal *lit;           /* in the parse state's ring: kpi_parse_literal */
    kpi_literal_chain lits;
    kpi_name_chain names;
    kpi_clause *clause;
    kpi_cmp_op cmp;
}

%token <name>   IDENT       "a name"
%token <str>    STRING      "a string"
%token <num>    NUMBER      "a number"
%token <num>    PERCENT     "a percentage"
%token <num>    POINTS      "percentage points"
%token <date>   DATE        "a date"

%token IMPORT "'import'" SOURCE "'source'" METRIC "'metric'" GOAL "'goal'" OWNER "'owner'"
       POLICY "'policy'" LINK "'link'" TEST "'test'" EXPECT "'expect'"
%token RAISE "'raise'" LOWER "'lower'" REACH "'reach'" KEEP "'keep'"
%token BY "'by'" VIA "'via'" TO "'to'"
%token WITHIN "'within'" STARTING "'starting'" REVIEW "'review'" BUDGET "'budget'"
       BASELINE "'baseline'" TOLERANCE "'tolerance'" FOR "'for'" WHERE "'where'" WHY "'why'"
       PATH "'path'" CUMULATIVE "'cumulative'" OVER "'over'"
%token FROM "'from'" IN "'in'" AGGREGATE "'aggregate'" ABOUT "'about'" HIGHER "'higher'"
       IS "'is'" BETTER "'better'"
%token BELOW "'below'" ABOVE "'above'" BETWEEN "'between'"
%token AND "'and'" OR "'or'" NOT "'not'" PER "'per'"
%token DATE_KW "'date'" FORMAT "'format'" DELIMITER "'delimiter'" DECIMAL "'decimal'"
       ENCODING "'encoding'" NULL_KW "'null'" SKIP "'skip'" COMMENT "'comment'" TABLE "'table'"
       THOUSANDS "'thousands'"
/* Keywords only inside a test (the token filter, build_test.c); names elsewhere. */
%token DATA "'data'" AS "'as'" OF "'of'"
/* A keyword only right after a budget's amount (the token filter, build_goal.c); a name elsewhere. */
%token ON "'on'"
%token COLON "':'" EQ "'='" NE "'!='" LT "'<'" LE "'<='" GT "'>'" GE "'>='"
       LPAREN "'('" RPAREN "')'" COMMA "','" DOT "'.'"
       PLUS "'+'" MINUS "'-'" STAR "'*'" SLASH "'/'"

%type <name> modpath unit_opt
%type <str> title_opt
%type <names> name_list import_names_opt
%type <date> date
%type <qty> quantity tolerance_opt
%type <amount> amount amount_opt reach_opt
%type <expr> expr term factor
%type <filter> filter conj neg cmp
%type <lit> literal
%type <lits> literals null_texts
%type <name> column source_kind
%type <cmp> cmp_op
%type <clause> clause

/*
** A goal's body is open-ended. On `error` it recovers inside the goal (not at
** item level), and on 'owner' it shifts: `owner NAME "title"` after a goal is
** matched by the second `goal` rule, which ends the goal and declares the owner.
*/
%precedence LIST_END
%precedence OWNER error

%initial-action { @$ = kpi_parse_span(st, 0, 0); }

%%

file:
      items
    ;

items:
      %empty
    | items item         { yyerrok; }
    | items error
    ;

item:
      import
    | source
    | metric
    | goal
    | owner_decl
    | policy
    | link
    | test
    ;

/* ---- import ------------------------------------------------------------- */

import:
      IMPORT { yyerrok; } modpath import_names_opt
        {
            kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_IMPORT, @$);
            it->as.import.module = $3;
            it->as.import.module.text = kpi_parse_span_text(st, $3.span);
            it->as.import.names = $4.head;
        }
    ;

modpath:
      IDENT                 { $$ = $1; }
    | modpath DOT IDENT     { $$ = $1; $$.span = @$; }   /* text joined once, in `import` */
    ;

import_names_opt:
      %empty                         { $$.head = $$.tail = NULL; }
    | LPAREN name_list RPAREN        { $$ = $2; }
    ;

name_list:
      IDENT
        {
            kpi_name_list *n = KPI_NEW(st->arena, kpi_name_list);
            n->name = $1;
            $$.head = $$.tail = n;
        }
    | name_list COMMA IDENT
        {
            kpi_name_list *n = KPI_NEW(st->arena, kpi_name_list);
            n->name = $3;
            $$ = $1;
            $$.tail->next = n;
            $$.tail = n;
        }
    ;

/* ---- source --------------------------------------------------------------- */

source:
      source_head source_opts   { st->items_tail->span = @$; }
    ;

source_head:
      SOURCE { yyerrok; } IDENT EQ source_kind STRING
        {
            kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_SOURCE, @$);
            it->as.source.name = $3;
            it->as.source.kind = $5;
            it->as.source.path = $6;
            kpi_parse_source_kind(st, $5);
        }
    ;

/* `table` is one keyword in two places: the kind of a database source, and the
   option that picks a table of a GA4 download (source_opt). */
source_kind:
      IDENT
    | TABLE     { $$ = (kpi_name){"table", @1, false}; }
    ;

source_opts:
      %empty
    | source_opts source_opt    { yyerrok; }
    ;

source_opt:
      DATE_KW STRING    { kpi_parse_set_string(st, &st->items_tail->as.source.date_column, $2, "date", @1); }
    | FORMAT STRING     { kpi_parse_set_string(st, &st->items_tail->as.source.date_format, $2, "format", @1); }
    | DELIMITER STRING  { kpi_parse_set_string(st, &st->items_tail->as.source.delimiter, $2, "delimiter", @1); }
    | DECIMAL STRING    { kpi_parse_set_string(st, &st->items_tail->as.source.decimal_mark, $2, "decimal", @1); }
    | THOUSANDS STRING  { kpi_parse_set_string(st, &st->items_tail->as.source.thousands, $2, "thousands", @1); }
    | ENCODING STRING   { kpi_parse_set_string(st, &st->items_tail->as.source.encoding, $2, "encoding", @1); }
    | COMMENT STRING    { kpi_parse_set_string(st, &st->items_tail->as.source.comment, $2, "comment", @1); }
    | TABLE STRING      { kpi_parse_set_string(st, &st->items_tail->as.source.table, $2, "table", @1); }
    | SKIP NUMBER       { kpi_parse_source_skip(st, $2, @$); }
    | NULL_KW null_texts    { kpi_parse_source_nulls(st, $2.head, @$); }
    ;

null_texts:
      STRING                { $$.head = $$.tail = kpi_parse_keep_literal(st, kpi_parse_literal(st, true, $1, (kpi_number){0}, @1)); }
    | null_texts STRING     { $$ = $1; $$.tail->next = kpi_parse_keep_literal(st, kpi_parse_literal(st, true, $2, (kpi_number){0}, @2)); $$.tail = $$.tail->next; }
    ;

/* ---- metric --------------------------------------------------------------- */

metric:
      metric_head metric_opts   { st->items_tail->span = @$; }
    ;

metric_head:
      METRIC { yyerrok; } IDENT title_opt COLON IDENT
        {
            kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_METRIC, @$);
            it->as.metric.name = $3;
            it->as.metric.title = $4;
            it->as.metric.unit = $6;
        }
    ;

title_opt:
      %empty    { $$ = (kpi_string){NULL, @$}; }
    | STRING    { $$ = $1; }
    ;

metric_opts:
      %empty
    | metric_opts metric_opt    { yyerrok; }
    ;

metric_opt:
      FROM STRING       { kpi_parse_set_string(st, &st->items_tail->as.metric.column, $2, "from", @1); }
    | IN IDENT          { kpi_parse_metric_source(st, $2, @1); }
    | AGGREGATE IDENT   { kpi_parse_metric_aggregate(st, $2, @$); }
    | WHERE filter      { kpi_parse_metric_where(st, $2.node, @1); }
    | EQ expr           { kpi_parse_metric_formula(st, $2.node, @1); }
    | HIGHER IS BETTER  { kpi_parse_metric_better(st, KPI_BETTER_HIGHER, @$); }
    | LOWER IS BETTER   { kpi_parse_metric_better(st, KPI_BETTER_LOWER, @$); }
    | ABOUT STRING      { kpi_parse_set_string(st, &st->items_tail->as.metric.description, $2, "about", @1); }
    | PER IDENT         { kpi_parse_metric_per(st, $2, @$); }
    | OVER NUMBER IDENT { kpi_parse_metric_over(st, $2, $3, @$); }
    ;

/* ---- formulas ------------------------------------------------------------- */

expr:
      expr PLUS term    { $$ = kpi_parse_binary(st, '+', $1, $3, @2, @$); }
    | expr MINUS term   { $$ = kpi_parse_binary(st, '-', $1, $3, @2, @$); }
    | term              { $$ = $1; }
    ;

term:
      term STAR factor  { $$ = kpi_parse_binary(st, '*', $1, $3, @2, @$); }
    | term SLASH factor { $$ = kpi_parse_binary(st, '/', $1, $3, @2, @$); }
    | factor            { $$ = $1; }
    ;

factor:
      NUMBER
        {
            $$.node = kpi_parse_new_expr(st, KPI_EXPR_NUMBER, @$);
            $$.node->as.number = $1;
            $$.depth = 1;
        }
    | IDENT
        {
            $$.node = kpi_parse_new_expr(st, KPI_EXPR_NAME, @$);
            $$.node->as.name = $1;
            $$.depth = 1;
        }
    | LPAREN expr RPAREN    { $$ = kpi_parse_unary(st, KPI_EXPR_PAREN, $2, @$); }
    | MINUS factor          { $$ = kpi_parse_unary(st, KPI_EXPR_NEGATE, $2, @$); }
    ;

/* ---- filters ---------------------------------------------------------------- */

filter:
      filter OR conj    { $$ = kpi_parse_filter_binary(st, KPI_FILTER_OR, $1, $3, @$); }
    | conj              { $$ = $1; }
    ;

conj:
      conj AND neg      { $$ = kpi_parse_filter_binary(st, KPI_FILTER_AND, $1, $3, @$); }
    | neg               { $$ = $1; }
    ;

neg:
      NOT neg                   { $$ = kpi_parse_filter_unary(st, KPI_FILTER_NOT, $2, @$); }
    | LPAREN filter RPAREN      { $$ = kpi_parse_filter_unary(st, KPI_FILTER_PAREN, $2, @$); }
    | cmp                       { $$ = $1; }
    ;

cmp:
      column cmp_op literal                     { $$ = kpi_parse_cmp(st, $1, $2, @2, $3, @$); }
    | column IN LPAREN literals RPAREN          { $$ = kpi_parse_in(st, $1, false, $4.head, @$); }
    | column NOT IN LPAREN literals RPAREN      { $$ = kpi_parse_in(st, $1, true, $5.head, @$); }
    ;

column:
      IDENT     { $$ = $1; }
    | STRING    { $$ = (kpi_name){$1.text, $1.span, true}; }
    ;

cmp_op:
      EQ    { $$ = KPI_CMP_EQ; }
    | NE    { $$ = KPI_CMP_NE; }
    | LT    { $$ = KPI_CMP_LT; }
    | LE    { $$ = KPI_CMP_LE; }
    | GT    { $$ = KPI_CMP_GT; }
    | GE    { $$ = KPI_CMP_GE; }
    ;

literals:
      literal                   { $$.head = $$.tail = kpi_parse_keep_literal(st, $1); }
    | literals COMMA literal    { $$ = $1; $$.tail->next = kpi_parse_keep_literal(st, $3); $$.tail = $$.tail->next; }
    ;

literal:
      STRING        { $$ = kpi_parse_literal(st, true, $1, (kpi_number){0}, @$); }
    | NUMBER        { $$ = kpi_parse_literal(st, false, (kpi_string){0}, $1, @$); }
    | MINUS NUMBER  { $$ = kpi_parse_literal(st, false, (kpi_string){0}, kpi_parse_negate_number($2, @$), @$); }
    ;

/* ---- goals ------------------------------------------------------------------ */

goal:
      goal_head statement goal_body %prec LIST_END
        { st->goal_item->span = @$; }
    | goal_head statement goal_body OWNER IDENT STRING
        {
            /* `owner NAME "title"` after a goal declares an owner; it ends the goal. */
            st->goal_item->span = kpi_span_join(@1, @3);
            kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_OWNER, kpi_span_join(@4, @6));
            it->as.owner.name = $5;
            it->as.owner.title = $6;
        }
    ;

goal_head:
      GOAL { yyerrok; } IDENT title_opt  { kpi_parse_begin_goal(st, $3, $4, @$); }
    ;

statement:
      RAISE IDENT amount_opt    { kpi_parse_statement(st, KPI_VERB_RAISE, @1, $2, $3, @$); }
    | LOWER IDENT amount_opt    { kpi_parse_statement(st, KPI_VERB_LOWER, @1, $2, $3, @$); }
    | REACH IDENT reach_opt     { kpi_parse_statement(st, KPI_VERB_REACH, @1, $2, $3, @$); }
    | KEEP IDENT keep_bound     { kpi_parse_keep(st, @1, $2, @$); }
    ;

amount_opt:
      %empty    { $$ = kpi_parse_new_amount(st); $$->span = @$; }
    | amount    { $$ = $1; }
    ;

amount:
      PERCENT       { $$ = kpi_parse_amount(st, KPI_AMOUNT_RELATIVE, $1, true, @$); }
    | POINTS        { $$ = kpi_parse_amount(st, KPI_AMOUNT_POINTS, $1, false, @$); }
    | TO quantity   { $$ = kpi_parse_new_amount(st); *$$ = (kpi_amount){KPI_AMOUNT_ABSOLUTE, *$2, @$}; }
    ;

reach_opt:
      %empty        { $$ = kpi_parse_new_amount(st); $$->span = @$; }
    | quantity      { $$ = kpi_parse_new_amount(st); *$$ = (kpi_amount){KPI_AMOUNT_ABSOLUTE, *$1, @$}; }
    | TO quantity   { $$ = kpi_parse_new_amount(st); *$$ = (kpi_amount){KPI_AMOUNT_ABSOLUTE, *$2, @$}; }
    ;

keep_bound:
      BELOW quantity    { st->goal->keep = KPI_KEEP_BELOW; st->goal->keep_low = *$2; }
    | ABOVE quantity    { st->goal->keep = KPI_KEEP_ABOVE; st->goal->keep_low = *$2; }
    | BETWEEN quantity AND quantity
        {
            st->goal->keep = KPI_KEEP_BETWEEN;
            st->goal->keep_low = *$2;
            st->goal->keep_high = *$4;
        }
    ;

quantity:
      PERCENT
        {
            $$ = kpi_parse_new_quantity(st);
            *$$ = (kpi_quantity){.number = $1, .percent = true, .unit = {NULL, @$, false}, .span = @$};
        }
    | NUMBER unit_opt
        { $$ = kpi_parse_new_quantity(st); *$$ = (kpi_quantity){.number = $1, .unit = $2, .span = @$}; }
    | MINUS NUMBER unit_opt
        {
            $$ = kpi_parse_new_quantity(st);
            *$$ = (kpi_quantity){.number = kpi_parse_negate_number($2, kpi_span_join(@1, @2)), .unit = $3,
                                 .span = @$};
        }
    ;

unit_opt:
      %empty    { $$ = (kpi_name){NULL, @$, false}; }
    | IDENT     { $$ = $1; }
    ;

goal_body:
      %empty
    | goal_body body_elem   { yyerrok; }
    | goal_body error
    ;

body_elem:
      driver
    | clause        { $1->span = @1; kpi_parse_goal_clause(st, $1); }
    | BY PERCENT    { kpi_parse_late_amount(st, kpi_parse_amount(st, KPI_AMOUNT_RELATIVE, $2, true, @2), @$); }
    | BY POINTS     { kpi_parse_late_amount(st, kpi_parse_amount(st, KPI_AMOUNT_POINTS, $2, false, @2), @$); }
    ;

driver:
      driver_head overrides_opt     { kpi_parse_end_driver(st, @$); }
    ;

driver_head:
      BY IDENT amount_opt   { kpi_parse_driver(st, KPI_LINK_BY, $2, $3, @$); }
    | VIA IDENT amount_opt  { kpi_parse_driver(st, KPI_LINK_VIA, $2, $3, @$); }
    ;

/*
** While the parentheses are open, the token filter in parse.c closes them
** before an item keyword (a forgotten ')' must not swallow the next goal).
*/
overrides_opt:
      %empty
    | LPAREN { st->overrides_open = true; st->overrides_paren = @1; } overrides RPAREN
        { st->overrides_open = false; }
    ;

overrides:
      %empty
    | overrides clause  { $2->span = @2; kpi_parse_driver_clause(st, $2); yyerrok; }
    | overrides error
    ;

clause:
      WITHIN NUMBER IDENT
        {
            $$ = kpi_parse_new_clause(st, KPI_CLAUSE_WITHIN, @1);
            kpi_parse_duration(st, $2, $3, &$$->as.within);
        }
    | BY date           { $$ = kpi_parse_new_clause(st, KPI_CLAUSE_BY_DATE, @1); $$->as.date = $2; }
    | STARTING date     { $$ = kpi_parse_new_clause(st, KPI_CLAUSE_STARTING, @1); $$->as.date = $2; }
    | OWNER STRING      { $$ = kpi_parse_new_clause(st, KPI_CLAUSE_OWNER, @1); $$->as.owner.text = $2; }
    | OWNER IDENT
        {
            $$ = kpi_parse_new_clause(st, KPI_CLAUSE_OWNER, @1);
            $$->as.owner.is_ref = true;
            $$->as.owner.ref = $2;
        }
    | REVIEW IDENT
        {
            $$ = kpi_parse_new_clause(st, KPI_CLAUSE_REVIEW, @1);
            kpi_parse_review(st, $2, false, &$$->as.review);
        }
    | BUDGET quantity           { $$ = kpi_parse_budget(st, @1, $2, NULL); }
    | BUDGET quantity ON IDENT  { $$ = kpi_parse_budget(st, @1, $2, &$4); }
    | BASELINE quantity { $$ = kpi_parse_new_clause(st, KPI_CLAUSE_BASELINE, @1); $$->as.quantity = *$2; }
    | BASELINE IDENT IDENT              { $$ = kpi_parse_baseline_words(st, @1, $2, $3); }
    | BASELINE IDENT NUMBER unit_opt    { $$ = kpi_parse_baseline_count(st, @1, $2, $3, $4); }
    | BASELINE DATE                     { $$ = kpi_parse_baseline_date(st, @1, $2); }
    | PATH IDENT                        { $$ = kpi_parse_path(st, @1, $2); }
    | CUMULATIVE                        { $$ = kpi_parse_new_clause(st, KPI_CLAUSE_CUMULATIVE, @1); }
    | TOLERANCE PERCENT
        {
            $$ = kpi_parse_new_clause(st, KPI_CLAUSE_TOLERANCE, @1);
            $$->as.quantity = kpi_parse_amount(st, KPI_AMOUNT_RELATIVE, $2, true, @2)->value;
        }
    | FOR filter        { $$ = kpi_parse_segment(st, true, $2.node, @1); }
    | WHERE filter      { $$ = kpi_parse_segment(st, false, $2.node, @1); }
    | WHY STRING        { $$ = kpi_parse_new_clause(st, KPI_CLAUSE_WHY, @1); $$->as.why = $2; }
    ;

date:
      DATE      { $$ = $1; }
    | NUMBER    { kpi_parse_year(st, $1, &$$); }
    ;

/* ---- owner, policy, link ----------------------------------------------------- */

owner_decl:
      OWNER IDENT STRING
        {
            kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_OWNER, @$);
            it->as.owner.name = $2;
            it->as.owner.title = $3;
        }
    ;

policy:
      policy_kw IDENT quantity
        {
            kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_POLICY, @$);
            it->as.policy.name = $2;
            it->as.policy.value = *$3;
            it->as.policy.per = KPI_REVIEW_MONTHLY;
        }
    | policy_kw IDENT quantity PER IDENT
        {
            kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_POLICY, @$);
            it->as.policy.name = $2;
            it->as.policy.value = *$3;
            kpi_parse_review(st, $5, true, &it->as.policy.per);
        }
    ;

/* Shifting an item's keyword ends error recovery: the next error is reported. */
policy_kw:
      POLICY    { yyerrok; }
    ;

link:
      LINK { yyerrok; } IDENT TO IDENT
        {
            kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_LINK, @$);
            it->as.link.from = $3;
            it->as.link.to = $5;
        }
    ;

/* ---- test ---------------------------------------------------------------------- */

test:
      test_head test_body %prec LIST_END   { st->items_tail->span = @$; }
    ;

test_head:
      TEST { yyerrok; } IDENT title_opt  { kpi_parse_begin_test(st, $3, $4, @$); }
    ;

test_body:
      %empty
    | test_body test_line   { yyerrok; }
    | test_body error
    ;

test_line:
      DATA STRING                       { kpi_parse_test_data(st, NULL, $2, @$); }
    | DATA IDENT STRING                 { kpi_parse_test_data(st, &$2, $3, @$); }
    | AS OF date                        { kpi_parse_test_as_of(st, $3, @$); }
    | EXPECT modpath IDENT IDENT        { kpi_parse_test_expect(st, $2, $3, &$4, NULL, NULL, @$); }
    | EXPECT modpath IDENT quantity tolerance_opt
        { kpi_parse_test_expect(st, $2, $3, NULL, $4, $5, @$); }
    ;

/* `tolerance 0.5 EUR` after an expected value: how far the actual value may be from it. */
tolerance_opt:
      %empty                { $$ = NULL; }
    | TOLERANCE quantity    { $$ = $2; }
    ;

%%

static int yyreport_syntax_error(const yypcontext_t *ctx, kpi_parse_state *st) {
    if (st->stopped) return 0;
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    int kinds[YYNTOKENS];
    if (n < 0) n = 0;
    for (int i = 0; i < n; i++) kinds[i] = (int)expected[i];
    kpi_parse_syntax_error(st, kinds, n, (int)yypcontext_token(ctx), *yypcontext_location(ctx));
    return 0;
}

const char *kpi_parse_token_name(int kind) {
    return yysymbol_name((yysymbol_kind_t)kind);
}

/* Bison calls this only when its stack is exhausted: a formula nested beyond reason. */
static void kpi_yyerror(const KPI_YYLTYPE *loc, kpi_parse_state *st, const char *message) {
    (void)message;
    kpi_parse_error(st, KPI_P002, *loc, "nesting too deep: the parser's stack is full");
    kpi_parse_stop(st);
}
