/*
** build_goal.c: AST construction for goals, their drivers and clauses.
**
** A goal is built while it is parsed: its head creates the item, and each
** driver or clause after the statement is appended as it is reduced. That is
** what lets `via` attach to the driver written just before it, and clauses
** stand between drivers, without the grammar carrying the tree around.
*/
#include "parse_internal.h"

#include <string.h>

#include "kpi_parser.h"

void kpi_parse_begin_goal(kpi_parse_state *st, kpi_name name, kpi_string title, kpi_span span) {
    kpi_item *it = kpi_parse_new_item(st, KPI_ITEM_GOAL, span);
    it->as.goal.name = name;
    it->as.goal.title = title;
    st->goal_item = it;
    st->goal = &it->as.goal;
    st->goal_clauses_tail = NULL;
    st->drivers_tail = NULL;
    st->last_driver = NULL;
    st->driver_depth = 0;
    st->driver_clauses_tail = NULL;
    st->goal_has_body = false;
    st->overrides_open = false;
}

void kpi_parse_statement(kpi_parse_state *st, kpi_verb verb, kpi_span verb_span, kpi_name metric,
                         const kpi_amount *amount, kpi_span span) {
    kpi_goal *g = st->goal;
    g->verb = verb;
    g->verb_span = verb_span;
    g->metric = metric;
    g->amount = *amount;
    g->statement_span = span;
}

void kpi_parse_keep(kpi_parse_state *st, kpi_span verb_span, kpi_name metric, kpi_span span) {
    kpi_goal *g = st->goal;
    g->verb = KPI_VERB_KEEP;
    g->verb_span = verb_span;
    g->metric = metric;
    g->statement_span = span;
}

void kpi_parse_late_amount(kpi_parse_state *st, const kpi_amount *amount, kpi_span span) {
    kpi_goal *g = st->goal;
    bool fits = !st->goal_has_body && g->amount.kind == KPI_AMOUNT_NONE &&
                (g->verb == KPI_VERB_RAISE || g->verb == KPI_VERB_LOWER);
    if (fits) {
        g->amount = *amount;
        g->amount.span = span;
        g->statement_span = kpi_span_join(g->statement_span, span);
        return;
    }
    kpi_diagnostic *d;
    if (g->amount.kind != KPI_AMOUNT_NONE && !st->goal_has_body)
        d = kpi_parse_error(st, KPI_P007, span, "the goal has an amount already");
    else if (g->verb == KPI_VERB_REACH || g->verb == KPI_VERB_KEEP)
        d = kpi_parse_error(st, KPI_P007, span, "'by' with an amount belongs to 'raise' or 'lower'");
    else
        d = kpi_parse_error(st, KPI_P007, span,
                            "misplaced amount: 'by %s' must come right after the "
                            "metric",
                            kpi_parse_excerpt(st, amount->span, 20));
    if (d) kpi_diag_note(st->diags, d, g->statement_span, "the goal's statement is here");
}

void kpi_parse_goal_clause(kpi_parse_state *st, kpi_clause *clause) {
    if (st->goal_clauses_tail) st->goal_clauses_tail->next = clause;
    else st->goal->clauses = clause;
    st->goal_clauses_tail = clause;
    st->goal_has_body = true;
}

void kpi_parse_driver(kpi_parse_state *st, kpi_driver_link link, kpi_name metric, const kpi_amount *amount,
                      kpi_span span) {
    kpi_goal *g = st->goal;
    kpi_driver *d = KPI_NEW(st->arena, kpi_driver);
    d->link = link;
    d->metric = metric;
    d->amount = *amount;
    d->span = span;
    st->goal_has_body = true;
    st->driver_clauses_tail = NULL;
    if (g->verb == KPI_VERB_KEEP) {
        kpi_diagnostic *e =
            kpi_parse_error(st, KPI_P010, span, "a 'keep' goal is a guard and takes no drivers");
        if (e)
            kpi_diag_note(st->diags, e, KPI_SPAN_NONE,
                          "write a separate 'raise' or 'lower' goal for what should move");
    }
    if (link == KPI_LINK_VIA && !st->last_driver) {
        kpi_diagnostic *e = kpi_parse_error(st, KPI_P009, span,
                                            "'via' adds a driver to the driver before it, but there is none");
        if (e)
            kpi_diag_fixit(st->diags, e, (kpi_span){span.file, span.begin, span.begin + 3}, "by",
                           "make it a driver of the goal");
        link = KPI_LINK_BY;
    }
    if (link == KPI_LINK_BY) {
        if (st->drivers_tail) st->drivers_tail->next = d;
        else g->drivers = d;
        st->drivers_tail = d;
        st->driver_depth = 1;
    } else {
        /* Each driver gets at most one `via` child: the next one nests under it. */
        kpi_driver **slot = &st->last_driver->children;
        while (*slot) slot = &(*slot)->next;
        *slot = d;
        if (++st->driver_depth > KPI_PARSE_MAX_DEPTH) {
            kpi_parse_error(st, KPI_P002, span, "nesting too deep: more than %d drivers in one chain",
                            KPI_PARSE_MAX_DEPTH);
            kpi_parse_stop(st);
        }
    }
    st->last_driver = d;
    g->statement_span = kpi_span_join(g->statement_span, span);
}

void kpi_parse_end_driver(kpi_parse_state *st, kpi_span span) {
    if (!st->last_driver) return;
    st->last_driver->span = span;
    st->goal->statement_span = kpi_span_join(st->goal->statement_span, span);
}

void kpi_parse_driver_clause(kpi_parse_state *st, kpi_clause *clause) {
    kpi_driver *d = st->last_driver;
    if (!d) return;
    if (st->driver_clauses_tail) st->driver_clauses_tail->next = clause;
    else d->clauses = clause;
    st->driver_clauses_tail = clause;
}

kpi_clause *kpi_parse_budget(kpi_parse_state *st, kpi_span keyword, const kpi_quantity *amount,
                             const kpi_name *metric) {
    kpi_clause *c = kpi_parse_new_clause(st, KPI_CLAUSE_BUDGET, keyword);
    c->as.budget.amount = *amount;
    if (metric) c->as.budget.metric = *metric;
    return c;
}

/*
** `on` is a name like any other (a metric or column may be called `on`)
** except right after a budget's amount: `budget 5000 on ad_spend`,
** `budget 50k EUR on ad_spend`. The amount is a number, a number and a unit,
** or a percentage, possibly after a minus sign (sema rejects those).
*/
int kpi_parse_budget_keyword(const kpi_parse_state *st, int kind, const char *text) {
    if (kind != TOK_IDENT || !text || strcmp(text, "on") != 0) return kind;
    int at = 0;
    if (kpi_parse_recent_kind(st, at) == TOK_IDENT) at++; /* the amount's unit */
    int amount = kpi_parse_recent_kind(st, at);
    if (amount != TOK_NUMBER && (amount != TOK_PERCENT || at != 0)) return kind;
    at++;
    if (kpi_parse_recent_kind(st, at) == TOK_MINUS) at++;
    return kpi_parse_recent_kind(st, at) == TOK_BUDGET ? TOK_ON : kind;
}
