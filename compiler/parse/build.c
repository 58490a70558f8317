/*
** build.c: AST construction for the grammar's actions, except goals
** (build_goal.c).
**
** The actions in grammar/kpi.y stay one line each by calling these helpers;
** here live the checks that need more than the grammar: options given twice,
** words with a fixed set of values, the depth limit on formulas and filters.
*/
#include "parse_internal.h"

#include <stddef.h>
#include <string.h>

/*
** A node gets the bytes its kind uses, not the whole union: a metric item
** needs about half of a goal, a `review` clause 48 of 120 bytes, an `and`
** filter 32 of 144. Every reader switches on the kind before it touches
** `as`, and nothing copies an item, clause, formula or filter node by value.
*/
#define SIZE_AS(type, member) (offsetof(type, as) + sizeof(((type *)0)->as.member))

static size_t item_size(kpi_item_kind kind) {
    switch (kind) {
    case KPI_ITEM_IMPORT: return SIZE_AS(kpi_item, import);
    case KPI_ITEM_SOURCE: return SIZE_AS(kpi_item, source);
    case KPI_ITEM_METRIC: return SIZE_AS(kpi_item, metric);
    case KPI_ITEM_GOAL: return SIZE_AS(kpi_item, goal);
    case KPI_ITEM_OWNER: return SIZE_AS(kpi_item, owner);
    case KPI_ITEM_POLICY: return SIZE_AS(kpi_item, policy);
    case KPI_ITEM_LINK: return SIZE_AS(kpi_item, link);
    case KPI_ITEM_TEST: return SIZE_AS(kpi_item, test);
    }
    return sizeof(kpi_item);
}

static size_t clause_size(kpi_clause_kind kind) {
    switch (kind) {
    case KPI_CLAUSE_WITHIN: return SIZE_AS(kpi_clause, within);
    case KPI_CLAUSE_BY_DATE:
    case KPI_CLAUSE_STARTING: return SIZE_AS(kpi_clause, date);
    case KPI_CLAUSE_OWNER: return SIZE_AS(kpi_clause, owner);
    case KPI_CLAUSE_REVIEW: return SIZE_AS(kpi_clause, review);
    case KPI_CLAUSE_BUDGET: return SIZE_AS(kpi_clause, budget);
    case KPI_CLAUSE_BASELINE:
    case KPI_CLAUSE_TOLERANCE: return SIZE_AS(kpi_clause, quantity);
    case KPI_CLAUSE_SEGMENT: return SIZE_AS(kpi_clause, segment);
    case KPI_CLAUSE_WHY: return SIZE_AS(kpi_clause, why);
    case KPI_CLAUSE_BASELINE_OF: return SIZE_AS(kpi_clause, baseline_of);
    case KPI_CLAUSE_PATH: return SIZE_AS(kpi_clause, path);
    case KPI_CLAUSE_CUMULATIVE: return offsetof(kpi_clause, as);
    }
    return sizeof(kpi_clause);
}

static size_t expr_size(kpi_expr_kind kind) {
    switch (kind) {
    case KPI_EXPR_NUMBER: return SIZE_AS(kpi_expr, number);
    case KPI_EXPR_NAME: return SIZE_AS(kpi_expr, name);
    case KPI_EXPR_BINARY: return SIZE_AS(kpi_expr, binary);
    case KPI_EXPR_NEGATE:
    case KPI_EXPR_PAREN: return SIZE_AS(kpi_expr, operand);
    }
    return sizeof(kpi_expr);
}

static size_t filter_size(kpi_filter_kind kind) {
    switch (kind) {
    case KPI_FILTER_CMP: return SIZE_AS(kpi_filter, cmp);
    case KPI_FILTER_IN: return SIZE_AS(kpi_filter, in);
    case KPI_FILTER_AND:
    case KPI_FILTER_OR: return SIZE_AS(kpi_filter, binary);
    case KPI_FILTER_NOT:
    case KPI_FILTER_PAREN: return SIZE_AS(kpi_filter, operand);
    }
    return sizeof(kpi_filter);
}

kpi_item *kpi_parse_new_item(kpi_parse_state *st, kpi_item_kind kind, kpi_span span) {
    kpi_item *it = kpi_arena_alloc(st->arena, item_size(kind));
    it->kind = kind;
    it->span = span;
    if (st->items_tail) st->items_tail->next = it;
    else st->file->items = it;
    st->items_tail = it;
    return it;
}

kpi_clause *kpi_parse_new_clause(kpi_parse_state *st, kpi_clause_kind kind, kpi_span keyword) {
    kpi_clause *c = kpi_arena_alloc(st->arena, clause_size(kind));
    c->kind = kind;
    c->keyword_span = keyword;
    c->span = keyword;
    return c;
}

kpi_expr *kpi_parse_new_expr(kpi_parse_state *st, kpi_expr_kind kind, kpi_span span) {
    kpi_expr *e = kpi_arena_alloc(st->arena, expr_size(kind));
    e->kind = kind;
    e->span = span;
    return e;
}

kpi_filter *kpi_parse_new_filter(kpi_parse_state *st, kpi_filter_kind kind, kpi_span span) {
    kpi_filter *f = kpi_arena_alloc(st->arena, filter_size(kind));
    f->kind = kind;
    f->span = span;
    return f;
}

/*
** Later stages walk formulas and filters recursively, so a tree deeper than
** KPI_PARSE_MAX_DEPTH (a formula of 300 terms, say) is refused here and the
** parse stops: no stage ever sees it.
*/
static unsigned check_depth(kpi_parse_state *st, unsigned depth, kpi_span span) {
    if (depth > KPI_PARSE_MAX_DEPTH && !st->stopped) {
        kpi_diagnostic *d =
            kpi_parse_error(st, KPI_P002, span, "nesting too deep: this expression has more than %d levels",
                            KPI_PARSE_MAX_DEPTH);
        if (d) kpi_diag_note(st->diags, d, KPI_SPAN_NONE, "split it into several metrics");
        kpi_parse_stop(st);
    }
    return depth;
}

kpi_expr_ref kpi_parse_binary(kpi_parse_state *st, char op, kpi_expr_ref lhs, kpi_expr_ref rhs,
                              kpi_span op_span, kpi_span span) {
    kpi_expr *e = kpi_parse_new_expr(st, KPI_EXPR_BINARY, span);
    e->as.binary.op = op;
    e->as.binary.op_span = op_span;
    e->as.binary.lhs = lhs.node;
    e->as.binary.rhs = rhs.node;
    unsigned depth = (lhs.depth > rhs.depth ? lhs.depth : rhs.depth) + 1;
    return (kpi_expr_ref){e, check_depth(st, depth, span)};
}

kpi_expr_ref kpi_parse_unary(kpi_parse_state *st, kpi_expr_kind kind, kpi_expr_ref operand, kpi_span span) {
    kpi_expr *e = kpi_parse_new_expr(st, kind, span);
    e->as.operand = operand.node;
    return (kpi_expr_ref){e, check_depth(st, operand.depth + 1, span)};
}

kpi_filter_ref kpi_parse_filter_binary(kpi_parse_state *st, kpi_filter_kind kind, kpi_filter_ref lhs,
                                       kpi_filter_ref rhs, kpi_span span) {
    kpi_filter *f = kpi_parse_new_filter(st, kind, span);
    f->as.binary.lhs = lhs.node;
    f->as.binary.rhs = rhs.node;
    unsigned depth = (lhs.depth > rhs.depth ? lhs.depth : rhs.depth) + 1;
    return (kpi_filter_ref){f, check_depth(st, depth, span)};
}

kpi_filter_ref kpi_parse_filter_unary(kpi_parse_state *st, kpi_filter_kind kind, kpi_filter_ref operand,
                                      kpi_span span) {
    kpi_filter *f = kpi_parse_new_filter(st, kind, span);
    f->as.operand = operand.node;
    return (kpi_filter_ref){f, check_depth(st, operand.depth + 1, span)};
}

kpi_filter_ref kpi_parse_cmp(kpi_parse_state *st, kpi_name column, kpi_cmp_op op, kpi_span op_span,
                             kpi_literal *value, kpi_span span) {
    kpi_filter *f = kpi_parse_new_filter(st, KPI_FILTER_CMP, span);
    f->as.cmp.column = column;
    f->as.cmp.op = op;
    f->as.cmp.op_span = op_span;
    f->as.cmp.value = *value;
    f->as.cmp.value.next = NULL;
    return (kpi_filter_ref){f, 1};
}

kpi_filter_ref kpi_parse_in(kpi_parse_state *st, kpi_name column, bool negated, kpi_literal *values,
                            kpi_span span) {
    kpi_filter *f = kpi_parse_new_filter(st, KPI_FILTER_IN, span);
    f->as.in.column = column;
    f->as.in.negated = negated;
    f->as.in.values = values;
    return (kpi_filter_ref){f, 1};
}

kpi_literal *kpi_parse_literal(kpi_parse_state *st, bool is_string, kpi_string string, kpi_number number,
                               kpi_span span) {
    st->literal_at = (st->literal_at + 1) % KPI_PARSE_SLOTS;
    kpi_literal *lit = &st->literals[st->literal_at];
    memset(lit, 0, sizeof *lit);
    lit->is_string = is_string;
    lit->string = string;
    lit->number = number;
    lit->span = span;
    return lit;
}

kpi_literal *kpi_parse_keep_literal(kpi_parse_state *st, const kpi_literal *lit) {
    kpi_literal *kept = KPI_NEW(st->arena, kpi_literal);
    *kept = *lit;
    return kept;
}

kpi_clause *kpi_parse_segment(kpi_parse_state *st, bool is_for, kpi_filter *filter, kpi_span keyword) {
    kpi_clause *c = kpi_parse_new_clause(st, KPI_CLAUSE_SEGMENT, keyword);
    c->as.segment.is_for = is_for;
    c->as.segment.filter = filter;
    return c;
}

char *kpi_parse_span_text(kpi_parse_state *st, kpi_span span) {
    const char *text = st->source->text;
    char *out = kpi_arena_alloc(st->arena, span.end - span.begin + 1);
    size_t n = 0;
    for (uint32_t i = span.begin; i < span.end; i++) {
        char c = text[i];
        if (c == '#') {
            while (i + 1 < span.end && text[i + 1] != '\n') i++;
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') {
            out[n++] = c;
        }
    }
    return out;
}

kpi_number kpi_parse_negate_number(kpi_number number, kpi_span span) {
    number.sign = '-';
    number.value = -number.value;
    number.span = span;
    return number;
}

kpi_quantity *kpi_parse_new_quantity(kpi_parse_state *st) {
    st->quantity_at = (st->quantity_at + 1) % KPI_PARSE_SLOTS;
    kpi_quantity *q = &st->quantities[st->quantity_at];
    memset(q, 0, sizeof *q);
    return q;
}

kpi_amount *kpi_parse_new_amount(kpi_parse_state *st) {
    st->amount_at = (st->amount_at + 1) % KPI_PARSE_SLOTS;
    kpi_amount *a = &st->amounts[st->amount_at];
    memset(a, 0, sizeof *a);
    return a;
}

kpi_amount *kpi_parse_amount(kpi_parse_state *st, kpi_amount_kind kind, kpi_number number, bool percent,
                             kpi_span span) {
    kpi_amount *a = kpi_parse_new_amount(st);
    a->kind = kind;
    a->span = span;
    a->value.number = number;
    a->value.percent = percent;
    a->value.unit = (kpi_name){NULL, span, false};
    a->value.span = span;
    return a;
}

/* ---- options of sources and metrics -------------------------------------- */

void kpi_parse_report_twice(kpi_parse_state *st, const char *keyword, kpi_span again, kpi_span first) {
    kpi_diagnostic *d = kpi_parse_error(st, KPI_P008, again, "'%s' is given twice", keyword);
    if (d) kpi_diag_note(st->diags, d, first, "first given here");
}

void kpi_parse_set_string(kpi_parse_state *st, kpi_string *slot, kpi_string value, const char *keyword,
                          kpi_span keyword_span) {
    if (slot->text) {
        kpi_parse_report_twice(st, keyword, kpi_span_join(keyword_span, value.span), slot->span);
        return;
    }
    *slot = value;
}

void kpi_parse_source_kind(kpi_parse_state *st, kpi_name kind) {
    static const char *const kinds[] = {"csv", "table", "ga4", "google_ads", NULL};
    for (int k = 0; kinds[k]; k++)
        if (strcmp(kind.text, kinds[k]) == 0) return;
    kpi_diagnostic *d = kpi_parse_error(st, KPI_P006, kind.span, "unknown source kind '%s'", kind.text);
    if (d) {
        kpi_diag_note(
            st->diags, d, KPI_SPAN_NONE,
            "the source kinds are csv (a file), table (a table or view in a "
            "database), ga4 (Google Analytics 4 downloads) and google_ads (Google Ads report downloads)");
        const char *near = strstr(kind.text, "ga") || strstr(kind.text, "analytics")  ? "ga4"
                           : strstr(kind.text, "ads") || strstr(kind.text, "adwords") ? "google_ads"
                                                                                      : "csv";
        kpi_diag_fixit(st->diags, d, kind.span, near,
                       strcmp(near, "csv") == 0   ? "read a CSV file"
                       : strcmp(near, "ga4") == 0 ? "read a Google Analytics 4 download"
                                                  : "read a Google Ads download");
    }
}

void kpi_parse_source_skip(kpi_parse_state *st, kpi_number count, kpi_span span) {
    kpi_source_decl *s = &st->items_tail->as.source;
    if (s->skip.text) {
        kpi_parse_report_twice(st, "skip", span, s->skip_span);
        return;
    }
    s->skip = count;
    s->skip_span = span;
}

void kpi_parse_source_nulls(kpi_parse_state *st, kpi_literal *texts, kpi_span span) {
    kpi_source_decl *s = &st->items_tail->as.source;
    if (s->nulls) {
        kpi_parse_report_twice(st, "null", span, s->nulls_span);
        return;
    }
    s->nulls = texts;
    s->nulls_span = span;
}

void kpi_parse_metric_source(kpi_parse_state *st, kpi_name source, kpi_span keyword_span) {
    kpi_metric *m = &st->items_tail->as.metric;
    if (m->source.text) {
        kpi_parse_report_twice(st, "in", kpi_span_join(keyword_span, source.span), m->source.span);
        return;
    }
    m->source = source;
}

void kpi_parse_metric_aggregate(kpi_parse_state *st, kpi_name word, kpi_span span) {
    kpi_metric *m = &st->items_tail->as.metric;
    if (m->aggregate != KPI_AGG_DEFAULT) {
        kpi_parse_report_twice(st, "aggregate", span, m->aggregate_span);
        return;
    }
    if (kpi_parse_aggregate(st, word, &m->aggregate)) m->aggregate_span = span;
}

void kpi_parse_metric_where(kpi_parse_state *st, kpi_filter *filter, kpi_span keyword_span) {
    kpi_metric *m = &st->items_tail->as.metric;
    if (m->where) {
        kpi_diagnostic *d = kpi_parse_error(st, KPI_P008, keyword_span, "'where' is given twice");
        if (d) {
            kpi_diag_note(st->diags, d, m->where->span, "first given here");
            kpi_diag_note(st->diags, d, KPI_SPAN_NONE, "join the conditions with 'and'");
        }
        return;
    }
    m->where = filter;
}

void kpi_parse_metric_formula(kpi_parse_state *st, kpi_expr *formula, kpi_span keyword_span) {
    kpi_metric *m = &st->items_tail->as.metric;
    if (m->formula) {
        kpi_parse_report_twice(st, "=", keyword_span, m->formula->span);
        return;
    }
    m->formula = formula;
}

void kpi_parse_metric_better(kpi_parse_state *st, kpi_better better, kpi_span span) {
    kpi_metric *m = &st->items_tail->as.metric;
    if (m->better != KPI_BETTER_UNSPECIFIED) {
        kpi_parse_report_twice(st, better == KPI_BETTER_HIGHER ? "higher is better" : "lower is better", span,
                               m->better_span);
        return;
    }
    m->better = better;
    m->better_span = span;
}

/* ---- words with a fixed set of values ------------------------------------- */

bool kpi_parse_aggregate(kpi_parse_state *st, kpi_name word, kpi_aggregate *out) {
    static const struct {
        const char *word;
        kpi_aggregate agg;
    } table[] = {
        {"sum", KPI_AGG_SUM},   {"count", KPI_AGG_COUNT}, {"count_distinct", KPI_AGG_COUNT_DISTINCT},
        {"avg", KPI_AGG_AVG},   {"min", KPI_AGG_MIN},     {"max", KPI_AGG_MAX},
        {"last", KPI_AGG_LAST},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(word.text, table[i].word) == 0) {
            *out = table[i].agg;
            return true;
        }
    }
    kpi_diagnostic *d = kpi_parse_error(st, KPI_P004, word.span, "unknown aggregation '%s'", word.text);
    if (d) {
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                      "the aggregations are sum, count, count_distinct, avg, min, max and last");
        if (strcmp(word.text, "average") == 0 || strcmp(word.text, "mean") == 0)
            kpi_diag_fixit(st->diags, d, word.span, "avg", "use avg");
        else if (strcmp(word.text, "distinct") == 0)
            kpi_diag_fixit(st->diags, d, word.span, "count_distinct", "use count_distinct");
    }
    return false;
}

bool kpi_parse_review(kpi_parse_state *st, kpi_name word, bool allow_unit_words, kpi_review_period *out) {
    static const struct {
        const char *adverb, *noun;
        kpi_review_period period;
    } table[] = {
        {"daily", "day", KPI_REVIEW_DAILY},       {"weekly", "week", KPI_REVIEW_WEEKLY},
        {"monthly", "month", KPI_REVIEW_MONTHLY}, {"quarterly", "quarter", KPI_REVIEW_QUARTERLY},
        {"yearly", "year", KPI_REVIEW_YEARLY},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(word.text, table[i].adverb) == 0 ||
            (allow_unit_words && strcmp(word.text, table[i].noun) == 0)) {
            *out = table[i].period;
            return true;
        }
    }
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(word.text, table[i].noun) == 0) {
            kpi_diagnostic *d =
                kpi_parse_error(st, KPI_P005, word.span, "unknown review period '%s'", word.text);
            if (d) kpi_diag_fixit(st->diags, d, word.span, table[i].adverb, "use the adverb");
            return false;
        }
    }
    kpi_diagnostic *d = kpi_parse_error(st, KPI_P005, word.span, "unknown %s '%s'",
                                        allow_unit_words ? "period" : "review period", word.text);
    if (d)
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE, "%s",
                      allow_unit_words ? "the periods are day, week, month, quarter and year"
                                       : "the review periods are daily, weekly, monthly, quarterly "
                                         "and yearly");
    return false;
}

bool kpi_parse_duration(kpi_parse_state *st, kpi_number count, kpi_name unit, kpi_duration *out) {
    static const struct {
        const char *one, *many;
        kpi_duration_unit unit;
    } table[] = {
        {"day", "days", KPI_DUR_DAYS},       {"week", "weeks", KPI_DUR_WEEKS},
        {"month", "months", KPI_DUR_MONTHS}, {"quarter", "quarters", KPI_DUR_QUARTERS},
        {"year", "years", KPI_DUR_YEARS},
    };
    /* Only whole numbers from 1 to 10000 are converted; others are reported below. */
    bool whole = !count.suffix && !strchr(count.text, '.') && count.value >= 1 && count.value <= 10000;
    out->count = whole ? (int64_t)count.value : 0;
    out->span = kpi_span_join(count.span, unit.span);
    bool known = false;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(unit.text, table[i].one) == 0 || strcmp(unit.text, table[i].many) == 0) {
            out->unit = table[i].unit;
            known = true;
            break;
        }
    }
    if (!known) {
        kpi_diagnostic *d = kpi_parse_error(st, KPI_L007, unit.span, "unknown duration unit '%s'", unit.text);
        if (d)
            kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                          "write days, weeks, months, quarters or years (or the singular)");
        return false;
    }
    if (!whole) {
        kpi_diagnostic *d = kpi_parse_error(st, KPI_L007, count.span,
                                            "a duration is a whole number from 1 to 10000, not '%s'",
                                            kpi_parse_excerpt(st, count.span, 20));
        if (d && strchr(count.text, '.') && out->unit == KPI_DUR_MONTHS)
            kpi_diag_note(st->diags, d, KPI_SPAN_NONE, "write a smaller unit, e.g. 6 weeks");
        return false;
    }
    return true;
}

bool kpi_parse_year(kpi_parse_state *st, kpi_number year, kpi_date *out) {
    memset(out, 0, sizeof *out);
    out->precision = KPI_DATE_YEAR;
    out->span = year.span;
    bool four_digits = strlen(year.text) == 4 && !year.suffix && !strchr(year.text, '.');
    if (four_digits && year.value >= 1000) {
        out->year = (int)year.value;
        return true;
    }
    kpi_diagnostic *d = kpi_parse_error(st, KPI_L003, year.span, "invalid date '%s': a year has four digits",
                                        kpi_parse_excerpt(st, year.span, 20));
    if (d)
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                      "write a year (2027), a quarter (2027-Q2), a month (2027-06) or a day "
                      "(2027-06-30); for an amount write %s%%",
                      kpi_parse_excerpt(st, year.span, 20));
    return false;
}
