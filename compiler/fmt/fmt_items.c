/*
** fmt_items.c: the canonical layout of each item (docs/fmt.md).
**
** Metrics stay on one line while they fit in KPI_FMT_LINE_WIDTH; one that
** does not, a metric with `about` or `higher/lower is better`, or a source
** with two options or more gets one option a line, indented by two spaces, in a fixed order. A goal is a
** header line, a statement line and one line per clause. The statement keeps
** the language's sentence (verb, amount, drivers, `within`/`by` a date) on
** one line while it fits, the deadline where it was written among the
** drivers; otherwise each driver gets a line of its own, indented by its depth
** in the driver tree, and the deadline a clause line. Items are separated by a
** blank line, except runs of one-line items of the same kind, which keep the
** source's grouping.
*/
#include "fmt_internal.h"

#include <stdint.h>
#include <string.h>

#include "parse/parse.h"

/*
** How an item is laid out. Sources and metrics are FLAT or BROKEN. A goal is
** SENTENCE when its drivers and its deadline clauses (`within`, `by DATE`)
** share the statement line, FLAT when only the drivers do, BROKEN when each
** driver has a line of its own.
*/
typedef enum item_layout { LAYOUT_BROKEN, LAYOUT_FLAT, LAYOUT_SENTENCE } item_layout;

static void tok(fmt_printer *p, kpi_span span, const char *text) {
    fmt_tok(p, span, text, true);
}

/* The span of the keyword a construct starting at `construct` begins with. */
static kpi_span keyword_span(kpi_span construct, const char *keyword) {
    kpi_span s = construct;
    s.end = s.begin + (uint32_t)strlen(keyword);
    return s;
}

static void string_tok(fmt_printer *p, const kpi_string *s) {
    tok(p, s->span, fmt_string(p->arena, s->text));
}

static void name_tok(fmt_printer *p, const kpi_name *n) {
    tok(p, n->span, fmt_name(p->arena, n));
}

/* ---- clauses and drivers ------------------------------------------------------ */

static void print_clause(fmt_printer *p, const kpi_clause *c) {
    kpi_arena *a = p->arena;
    static const char *const kw[] = {"within",   "by",       "starting",  "owner", "review",
                                     "budget",   "baseline", "tolerance", "for",   "why",
                                     "baseline", "path",     "cumulative"};
    _Static_assert(sizeof kw / sizeof *kw == KPI_CLAUSE_CUMULATIVE + 1, "one keyword per clause kind");
    const char *keyword = (unsigned)c->kind < sizeof kw / sizeof *kw ? kw[c->kind] : "why";
    if (c->kind == KPI_CLAUSE_SEGMENT && !c->as.segment.is_for) keyword = "where";
    tok(p, c->keyword_span, keyword);
    switch (c->kind) {
    case KPI_CLAUSE_WITHIN: tok(p, c->as.within.span, fmt_duration(a, &c->as.within)); break;
    case KPI_CLAUSE_BY_DATE:
    case KPI_CLAUSE_STARTING: tok(p, c->as.date.span, fmt_date(a, &c->as.date)); break;
    case KPI_CLAUSE_OWNER:
        if (c->as.owner.is_ref) name_tok(p, &c->as.owner.ref);
        else string_tok(p, &c->as.owner.text);
        break;
    case KPI_CLAUSE_REVIEW: fmt_kw(p, kpi_ast_review_name(c->as.review)); break;
    case KPI_CLAUSE_BUDGET:
        tok(p, c->as.budget.amount.span, fmt_quantity(a, p->src, &c->as.budget.amount));
        if (c->as.budget.metric.text) {
            fmt_kw(p, "on");
            name_tok(p, &c->as.budget.metric);
        }
        break;
    case KPI_CLAUSE_BASELINE:
    case KPI_CLAUSE_TOLERANCE: tok(p, c->as.quantity.span, fmt_quantity(a, p->src, &c->as.quantity)); break;
    case KPI_CLAUSE_SEGMENT:
        tok(p, c->as.segment.filter ? c->as.segment.filter->span : KPI_SPAN_NONE,
            fmt_filter(a, p->src, c->as.segment.filter));
        break;
    case KPI_CLAUSE_WHY: string_tok(p, &c->as.why); break;
    case KPI_CLAUSE_BASELINE_OF:
        switch (c->as.baseline_of.form) {
        case KPI_BASELINE_LAST_YEAR:
            fmt_kw(p, "last");
            fmt_kw(p, "year");
            break;
        case KPI_BASELINE_AVERAGE:
            fmt_kw(p, "average");
            tok(p, c->as.baseline_of.average.span, fmt_duration(a, &c->as.baseline_of.average));
            break;
        case KPI_BASELINE_PERIOD:
            /* a year is `year 2025`: a bare 2025 would read as an amount */
            if (c->as.baseline_of.period.precision == KPI_DATE_YEAR) fmt_kw(p, "year");
            tok(p, c->as.baseline_of.period.span, fmt_date(a, &c->as.baseline_of.period));
            break;
        }
        break;
    case KPI_CLAUSE_PATH: fmt_kw(p, c->as.path.kind == KPI_PATH_FLAT ? "flat" : "linear"); break;
    case KPI_CLAUSE_CUMULATIVE: break;
    }
    fmt_mark_end(p, c->span.end);
}

static void print_amount(fmt_printer *p, const kpi_amount *amount, bool with_to) {
    const char *text = fmt_amount(p->arena, p->src, amount, with_to);
    if (text) tok(p, amount->span, text);
}

static const kpi_clause *next_deadline(const kpi_clause *c) {
    while (c && !kpi_ast_clause_is_deadline(c)) c = c->next;
    return c;
}

/*
** Prints, on the statement line, the deadline clauses written before source
** offset `before`; *next is the first one not printed yet (NULL: none left).
** So `by revenue +35% within 18 months via visitors +65%` stays as written.
*/
static void print_deadlines_before(fmt_printer *p, const kpi_clause **next, uint32_t before) {
    while (*next && (*next)->span.begin < before) {
        /*
        ** Printed without positions, so that the comments written before it
        ** (next to other clauses when it comes from a line below) stay where
        ** they were; comment_in_sentence has ruled out the comments of its own.
        */
        kpi_clause detached = **next;
        detached.span = detached.keyword_span = KPI_SPAN_NONE;
        if (detached.kind == KPI_CLAUSE_WITHIN) detached.as.within.span = KPI_SPAN_NONE;
        else detached.as.date.span = KPI_SPAN_NONE;
        print_clause(p, &detached);
        *next = next_deadline((*next)->next);
    }
}

/*
** Prints a driver and the drivers hanging from it; broken: one a line at
** indent. deadlines (NULL when broken) are the sentence's deadline clauses
** still to print, each before the first driver written after it.
*/
static void print_driver(fmt_printer *p, const kpi_driver *d, bool broken, int indent,
                         const kpi_clause **deadlines) {
    if (deadlines) print_deadlines_before(p, deadlines, d->span.begin);
    if (broken) fmt_line(p, indent, d->span.begin, 0);
    const char *link = d->link == KPI_LINK_BY ? "by" : "via";
    tok(p, keyword_span(d->span, link), link);
    name_tok(p, &d->metric);
    print_amount(p, &d->amount, true);
    if (d->clauses) {
        tok(p, KPI_SPAN_NONE, "(");
        fmt_glue(p);
        for (const kpi_clause *c = d->clauses; c; c = c->next) print_clause(p, c);
        fmt_tok(p, KPI_SPAN_NONE, ")", false);
    }
    fmt_mark_end(p, d->span.end);
    for (const kpi_driver *child = d->children; child; child = child->next)
        print_driver(p, child, broken, indent + 2, deadlines);
}

/* Prints the statement: verb, metric, amount, drivers and, for SENTENCE, the deadline clauses. */
static void print_statement(fmt_printer *p, const kpi_goal *g, item_layout layout) {
    kpi_arena *a = p->arena;
    tok(p, g->verb_span, kpi_ast_verb_name(g->verb));
    name_tok(p, &g->metric);
    if (g->verb == KPI_VERB_KEEP) {
        static const char *const kw[] = {"below", "above", "between"};
        fmt_kw(p, (unsigned)g->keep < 3 ? kw[g->keep] : "below");
        tok(p, g->keep_low.span, fmt_quantity(a, p->src, &g->keep_low));
        if (g->keep == KPI_KEEP_BETWEEN) {
            fmt_kw(p, "and");
            tok(p, g->keep_high.span, fmt_quantity(a, p->src, &g->keep_high));
        }
    } else {
        print_amount(p, &g->amount, g->verb != KPI_VERB_REACH);
    }
    const kpi_clause *deadline = layout == LAYOUT_SENTENCE ? next_deadline(g->clauses) : NULL;
    const kpi_clause **deadlines = layout == LAYOUT_SENTENCE ? &deadline : NULL;
    for (const kpi_driver *d = g->drivers; d; d = d->next)
        print_driver(p, d, layout == LAYOUT_BROKEN, 4, deadlines);
    if (deadlines) print_deadlines_before(p, deadlines, UINT32_MAX);
}

/* ---- items -------------------------------------------------------------------- */

static void print_import(fmt_printer *p, const kpi_import *im) {
    name_tok(p, &im->module);
    if (!im->names) return;
    tok(p, KPI_SPAN_NONE, "(");
    fmt_glue(p);
    for (const kpi_name_list *n = im->names; n; n = n->next) {
        name_tok(p, &n->name);
        if (n->next) fmt_tok(p, KPI_SPAN_NONE, ",", false);
    }
    fmt_tok(p, KPI_SPAN_NONE, ")", false);
}

/* An option line: on the item's line when flat, else a line of its own at indent 2. */
static void option(fmt_printer *p, bool flat, kpi_span at, const char *keyword) {
    if (!flat) fmt_line(p, 2, at.begin, 0);
    tok(p, at, keyword);
}

static int source_option_count(const kpi_source_decl *s) {
    return !!s->date_column.text + !!s->date_format.text + !!s->delimiter.text + !!s->decimal_mark.text +
           !!s->thousands.text + !!s->encoding.text + !!s->nulls + !!s->skip.text + !!s->comment.text +
           !!s->table.text;
}

static void print_source(fmt_printer *p, const kpi_source_decl *s, bool flat) {
    name_tok(p, &s->name);
    fmt_kw(p, "=");
    name_tok(p, &s->kind);
    string_tok(p, &s->path);
    const struct {
        const char *kw;
        const kpi_string *value;
    } opts[] = {
        {"date", &s->date_column},     {"format", &s->date_format},  {"delimiter", &s->delimiter},
        {"decimal", &s->decimal_mark}, {"thousands", &s->thousands}, {"encoding", &s->encoding},
    };
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
        if (!opts[i].value->text) continue;
        option(p, flat, opts[i].value->span, opts[i].kw);
        string_tok(p, opts[i].value);
    }
    if (s->nulls) {
        option(p, flat, s->nulls_span, "null");
        for (const kpi_literal *l = s->nulls; l; l = l->next) string_tok(p, &l->string);
    }
    if (s->skip.text) {
        option(p, flat, s->skip_span, "skip");
        tok(p, s->skip.span, fmt_number(p->arena, p->src, &s->skip));
    }
    const struct {
        const char *kw;
        const kpi_string *value;
    } tail[] = {{"comment", &s->comment}, {"table", &s->table}};
    for (size_t i = 0; i < sizeof tail / sizeof *tail; i++) {
        if (!tail[i].value->text) continue;
        option(p, flat, tail[i].value->span, tail[i].kw);
        string_tok(p, tail[i].value);
    }
}

static void print_metric(fmt_printer *p, const kpi_metric *m, bool flat) {
    kpi_arena *a = p->arena;
    name_tok(p, &m->name);
    if (m->title.text) string_tok(p, &m->title);
    fmt_kw(p, ":");
    name_tok(p, &m->unit);
    if (m->column.text) {
        option(p, flat, m->column.span, "from");
        string_tok(p, &m->column);
    }
    if (m->source.text) {
        option(p, flat, m->source.span, "in");
        name_tok(p, &m->source);
    }
    if (m->aggregate != KPI_AGG_DEFAULT) {
        option(p, flat, m->aggregate_span, "aggregate");
        fmt_kw(p, kpi_ast_aggregate_name(m->aggregate));
    }
    if (m->formula) {
        option(p, flat, m->formula->span, "=");
        tok(p, m->formula->span, fmt_expr(a, p->src, m->formula));
    }
    if (m->where) {
        option(p, flat, m->where->span, "where");
        tok(p, m->where->span, fmt_filter(a, p->src, m->where));
    }
    if (m->window.count) {
        option(p, flat, m->window_span, "over");
        tok(p, m->window.span, fmt_duration(a, &m->window));
    }
    if (m->per_day) {
        option(p, flat, m->per_day_span, "per");
        fmt_kw(p, "day");
        fmt_mark_end(p, m->per_day_span.end);
    }
    if (m->description.text) {
        option(p, flat, m->description.span, "about");
        string_tok(p, &m->description);
    }
    if (m->better != KPI_BETTER_UNSPECIFIED) {
        option(p, flat, m->better_span, m->better == KPI_BETTER_HIGHER ? "higher" : "lower");
        fmt_kw(p, "is");
        fmt_kw(p, "better");
        fmt_mark_end(p, m->better_span.end);
    }
}

static void print_goal(fmt_printer *p, const kpi_goal *g, item_layout layout) {
    name_tok(p, &g->name);
    if (g->title.text) string_tok(p, &g->title);
    fmt_line(p, 2, g->verb_span.begin, 0);
    print_statement(p, g, layout);
    for (const kpi_clause *c = g->clauses; c; c = c->next) {
        if (layout == LAYOUT_SENTENCE && kpi_ast_clause_is_deadline(c)) continue;
        fmt_line(p, 2, c->span.begin, 0);
        print_clause(p, c);
    }
}

static void print_policy(fmt_printer *p, const kpi_policy *pol) {
    static const char *const per[] = {"day", "week", "month", "quarter", "year"};
    name_tok(p, &pol->name);
    tok(p, pol->value.span, fmt_quantity(p->arena, p->src, &pol->value));
    if ((unsigned)pol->per < 5) {
        fmt_kw(p, "per");
        fmt_kw(p, per[pol->per]);
    }
}

/* A test: the header line, then one line per data file, date and expectation, in the order written. */
static void print_test(fmt_printer *p, const kpi_test *t) {
    kpi_arena *a = p->arena;
    name_tok(p, &t->name);
    if (t->title.text) string_tok(p, &t->title);
    for (const kpi_test_line *line = t->lines; line; line = line->next) {
        fmt_line(p, 2, line->span.begin, 0);
        switch (line->kind) {
        case KPI_TEST_DATA:
            tok(p, keyword_span(line->span, "data"), "data");
            if (line->source.text) name_tok(p, &line->source);
            string_tok(p, &line->path);
            break;
        case KPI_TEST_AS_OF:
            tok(p, keyword_span(line->span, "as"), "as");
            fmt_kw(p, "of");
            tok(p, line->as_of.span, fmt_date(a, &line->as_of));
            break;
        case KPI_TEST_EXPECT:
            tok(p, keyword_span(line->span, "expect"), "expect");
            tok(p, line->goal.span, line->goal.text); /* a dotted path, as joined by the parser */
            name_tok(p, &line->field);
            if (line->word.text) name_tok(p, &line->word);
            else tok(p, line->value.span, fmt_quantity(a, p->src, &line->value));
            if (line->has_tolerance) {
                fmt_kw(p, "tolerance");
                tok(p, line->tolerance.span, fmt_quantity(a, p->src, &line->tolerance));
            }
            break;
        }
        fmt_mark_end(p, line->span.end);
    }
}

static const char *item_keyword(kpi_item_kind kind) {
    static const char *const kw[] = {"import", "source", "metric", "goal", "owner", "policy", "link", "test"};
    return (unsigned)kind < sizeof kw / sizeof *kw ? kw[kind] : "";
}

/* Prints the item starting on the current line, laid out as decided by item_layout_of. */
static void print_item_body(fmt_printer *p, const kpi_item *it, item_layout layout) {
    bool flat = layout != LAYOUT_BROKEN;
    tok(p, keyword_span(it->span, item_keyword(it->kind)), item_keyword(it->kind));
    switch (it->kind) {
    case KPI_ITEM_IMPORT: print_import(p, &it->as.import); break;
    case KPI_ITEM_SOURCE: print_source(p, &it->as.source, flat); break;
    case KPI_ITEM_METRIC: print_metric(p, &it->as.metric, flat); break;
    case KPI_ITEM_GOAL: print_goal(p, &it->as.goal, layout); break;
    case KPI_ITEM_OWNER:
        name_tok(p, &it->as.owner.name);
        string_tok(p, &it->as.owner.title);
        break;
    case KPI_ITEM_POLICY: print_policy(p, &it->as.policy); break;
    case KPI_ITEM_LINK:
        name_tok(p, &it->as.link.from);
        fmt_kw(p, "to");
        name_tok(p, &it->as.link.to);
        break;
    case KPI_ITEM_TEST: print_test(p, &it->as.test); break;
    }
    fmt_mark_end(p, it->span.end);
}

static bool inside(kpi_span outer, kpi_span s) {
    return kpi_span_valid(outer) && s.begin > outer.begin && s.begin < outer.end;
}

/*
** Whether a comment stands between two tokens of a source or metric. Comments
** inside a formula or filter do not count: those print as one piece of text,
** so such a comment moves behind it and would not be inside on the next run.
*/
static bool has_comment_between_tokens(const kpi_ast_file *file, const kpi_item *it) {
    kpi_span formula = KPI_SPAN_NONE, where = KPI_SPAN_NONE;
    if (it->kind == KPI_ITEM_METRIC) {
        if (it->as.metric.formula) formula = it->as.metric.formula->span;
        if (it->as.metric.where) where = it->as.metric.where->span;
    }
    for (const kpi_comment *c = file->comments; c; c = c->next) {
        if (c->span.begin >= it->span.end) break;
        if (c->span.begin > it->span.begin && !inside(formula, c->span) && !inside(where, c->span))
            return true;
    }
    return false;
}

/*
** Width of an item printed in the given layout, without comments; for a goal,
** of its statement line, the only line whose layout depends on the answer.
*/
static size_t layout_width(kpi_arena *arena, const kpi_ast_file *file, const kpi_item *it,
                           item_layout layout) {
    fmt_printer m;
    fmt_printer_init(&m, arena, file, false);
    if (it->kind == KPI_ITEM_GOAL) {
        fmt_line(&m, 2, FMT_NO_OFFSET, 0);
        print_statement(&m, &it->as.goal, layout);
    } else {
        print_item_body(&m, it, layout);
    }
    bool multiline;
    size_t width = fmt_widest_line(&m, &multiline);
    fmt_printer_free(&m);
    return width;
}

static bool blank_text(const char *text, uint32_t begin, uint32_t end) {
    for (uint32_t i = begin; i < end; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n') return false;
    return true;
}

/*
** Whether moving the deadline clauses onto the statement line would separate
** a comment from the code it was written next to: a comment inside the
** statement, or one above or behind a deadline clause that has a line of its
** own. (A comment behind a line the deadline shares with other clauses stays
** with them.) Such a goal keeps its deadline on a clause line.
*/
static bool comment_in_sentence(const kpi_ast_file *file, const kpi_goal *g) {
    if (fmt_has_comment_inside(file, g->statement_span)) return true;
    const char *text = file->source->text;
    uint32_t prev_end = g->statement_span.end;
    for (const kpi_clause *c = g->clauses; c; prev_end = c->span.end, c = c->next) {
        /* a deadline written inside the statement (`within 18 months via ...`) is part of it */
        if (c->span.begin < prev_end) continue;
        if (!kpi_ast_clause_is_deadline(c) || !blank_text(text, prev_end, c->span.begin)) continue;
        if (!memchr(text + prev_end, '\n', c->span.begin - prev_end)) continue; /* on the statement line */
        uint32_t end = c->span.end;
        while (end < file->source->len && text[end] != '\n') end++;
        if (fmt_has_comment_inside(file, (kpi_span){c->span.file, prev_end, end})) return true;
    }
    return false;
}

static item_layout goal_layout(kpi_arena *arena, const kpi_ast_file *file, const kpi_item *it) {
    const kpi_goal *g = &it->as.goal;
    if (g->drivers && (fmt_has_comment_inside(file, g->statement_span) ||
                       layout_width(arena, file, it, LAYOUT_FLAT) > KPI_FMT_LINE_WIDTH))
        return LAYOUT_BROKEN;
    if (!next_deadline(g->clauses)) return LAYOUT_SENTENCE;
    if (comment_in_sentence(file, g) || layout_width(arena, file, it, LAYOUT_SENTENCE) > KPI_FMT_LINE_WIDTH)
        return LAYOUT_FLAT;
    return LAYOUT_SENTENCE;
}

/*
** The layout of an item: a goal's as goal_layout decides; a source or metric
** is on one line unless it would pass the line width, holds a comment between
** its tokens, is a source with two options or more, or is a metric with a
** description or a direction.
*/
static item_layout item_layout_of(kpi_arena *arena, const kpi_ast_file *file, const kpi_item *it) {
    switch (it->kind) {
    case KPI_ITEM_GOAL: return goal_layout(arena, file, it);
    case KPI_ITEM_SOURCE:
        /* A source's options are settings of the reader: two or more read best one a line. */
        if (source_option_count(&it->as.source) >= 2) return LAYOUT_BROKEN;
        break;
    case KPI_ITEM_METRIC:
        /* A description and "higher is better" describe the metric: always on their own lines. */
        if (it->as.metric.description.text || it->as.metric.better != KPI_BETTER_UNSPECIFIED)
            return LAYOUT_BROKEN;
        break;
    default: return LAYOUT_FLAT;
    }
    if (has_comment_between_tokens(file, it)) return LAYOUT_BROKEN;
    return layout_width(arena, file, it, LAYOUT_FLAT) > KPI_FMT_LINE_WIDTH ? LAYOUT_BROKEN : LAYOUT_FLAT;
}

static bool item_is_multiline(const kpi_item *it, item_layout layout) {
    return it->kind == KPI_ITEM_GOAL || it->kind == KPI_ITEM_TEST || layout == LAYOUT_BROKEN;
}

char *kpi_fmt_file(kpi_arena *arena, const kpi_ast_file *file, size_t *len_out) {
    fmt_printer p;
    fmt_printer_init(&p, arena, file, true);
    const kpi_item *prev = NULL;
    bool prev_multiline = false;
    for (const kpi_item *it = file->items; it; it = it->next) {
        item_layout layout = item_layout_of(arena, file, it);
        bool multiline = item_is_multiline(it, layout);
        int blank = 1;
        if (prev && (prev->kind != it->kind || prev_multiline || multiline)) blank = 2;
        fmt_line(&p, 0, it->span.begin, blank);
        print_item_body(&p, it, layout);
        prev = it;
        prev_multiline = multiline;
    }
    fmt_finish(&p);
    char *out = kpi_arena_strndup(arena, p.buf ? p.buf : "", p.len);
    if (len_out) *len_out = p.len;
    fmt_printer_free(&p);
    return out;
}

char *kpi_fmt_source(kpi_arena *arena, kpi_diag_engine *diags, const kpi_source *src, size_t *len_out) {
    unsigned errors_before = diags->errors;
    kpi_ast_file *file = kpi_parse(arena, diags, src);
    if (!file || diags->errors > errors_before) return NULL;
    return kpi_fmt_file(arena, file, len_out);
}
