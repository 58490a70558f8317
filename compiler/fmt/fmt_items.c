/*
** fmt_items.c: the canonical layout of each item (docs/fmt.md).
**
** Short declarations stay on one line; a metric or source with two or more
** options, or one that would pass KPI_FMT_LINE_WIDTH, gets one option a line,
** indented by two spaces, in a fixed order; so does a metric with `about` or
** `higher/lower is better`. A goal is always a header line, a
** statement line and one line per clause; its drivers stay on the statement
** line when that fits, otherwise each driver gets a line of its own, indented
** by its depth in the driver tree. Items are separated by a blank line, except
** runs of one-line items of the same kind, which keep the source's grouping.
*/
#include "fmt_internal.h"

#include <string.h>

#include "../parse/parse.h"

static void tok(fmt_printer *p, kpi_span span, const char *text) { fmt_tok(p, span, text, true); }

/* The span of the keyword a construct starting at `construct` begins with. */
static kpi_span keyword_span(kpi_span construct, const char *keyword) {
    kpi_span s = construct;
    s.end = s.begin + (uint32_t)strlen(keyword);
    return s;
}

static void string_tok(fmt_printer *p, const kpi_string *s) {
    tok(p, s->span, fmt_string(p->arena, s->text));
}

static void name_tok(fmt_printer *p, const kpi_name *n) { tok(p, n->span, fmt_name(p->arena, n)); }

/* ---- clauses and drivers ------------------------------------------------------ */

static void print_clause(fmt_printer *p, const kpi_clause *c) {
    kpi_arena *a = p->arena;
    static const char *const kw[] = {"within", "by", "starting", "owner", "review",
                                     "budget", "baseline", "tolerance", "for", "why"};
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
    case KPI_CLAUSE_BASELINE:
    case KPI_CLAUSE_TOLERANCE: tok(p, c->as.quantity.span, fmt_quantity(a, p->src, &c->as.quantity)); break;
    case KPI_CLAUSE_SEGMENT:
        tok(p, c->as.segment.filter ? c->as.segment.filter->span : KPI_SPAN_NONE,
            fmt_filter(a, p->src, c->as.segment.filter));
        break;
    case KPI_CLAUSE_WHY: string_tok(p, &c->as.why); break;
    }
    fmt_mark_end(p, c->span.end);
}

static void print_amount(fmt_printer *p, const kpi_amount *amount, bool with_to) {
    const char *text = fmt_amount(p->arena, p->src, amount, with_to);
    if (text) tok(p, amount->span, text);
}

/* Prints a driver and the drivers hanging from it; broken: one a line at indent. */
static void print_driver(fmt_printer *p, const kpi_driver *d, bool broken, int indent) {
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
        print_driver(p, child, broken, indent + 2);
}

static void print_statement(fmt_printer *p, const kpi_goal *g, bool broken) {
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
    for (const kpi_driver *d = g->drivers; d; d = d->next) print_driver(p, d, broken, 4);
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
           !!s->thousands.text;
}

static void print_source(fmt_printer *p, const kpi_source_decl *s, bool flat) {
    name_tok(p, &s->name);
    fmt_kw(p, "=");
    name_tok(p, &s->kind);
    string_tok(p, &s->path);
    const struct { const char *kw; const kpi_string *value; } opts[] = {
        {"date", &s->date_column}, {"format", &s->date_format}, {"delimiter", &s->delimiter},
        {"decimal", &s->decimal_mark}, {"thousands", &s->thousands},
    };
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
        if (!opts[i].value->text) continue;
        option(p, flat, opts[i].value->span, opts[i].kw);
        string_tok(p, opts[i].value);
    }
}

static int metric_option_count(const kpi_metric *m) {
    return !!m->column.text + !!m->source.text + (m->aggregate != KPI_AGG_DEFAULT) + !!m->formula +
           !!m->where + !!m->description.text + (m->better != KPI_BETTER_UNSPECIFIED);
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

static void print_goal(fmt_printer *p, const kpi_goal *g, bool broken_drivers) {
    name_tok(p, &g->name);
    if (g->title.text) string_tok(p, &g->title);
    fmt_line(p, 2, g->verb_span.begin, 0);
    print_statement(p, g, broken_drivers);
    for (const kpi_clause *c = g->clauses; c; c = c->next) {
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

static const char *item_keyword(kpi_item_kind kind) {
    static const char *const kw[] = {"import", "source", "metric", "goal", "owner", "policy", "link"};
    return (unsigned)kind < sizeof kw / sizeof *kw ? kw[kind] : "";
}

/* Prints the item starting on the current line; flat puts a source or metric on one line. */
static void print_item_body(fmt_printer *p, const kpi_item *it, bool flat) {
    tok(p, keyword_span(it->span, item_keyword(it->kind)), item_keyword(it->kind));
    switch (it->kind) {
    case KPI_ITEM_IMPORT: print_import(p, &it->as.import); break;
    case KPI_ITEM_SOURCE: print_source(p, &it->as.source, flat); break;
    case KPI_ITEM_METRIC: print_metric(p, &it->as.metric, flat); break;
    case KPI_ITEM_GOAL: print_goal(p, &it->as.goal, !flat); break;
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
        if (c->span.begin > it->span.begin && !inside(formula, c->span) && !inside(where, c->span)) return true;
    }
    return false;
}

/*
** Width of the flat rendering of an item, without comments; for a goal, of its
** statement line, the only line whose layout depends on the answer.
*/
static size_t flat_width(kpi_arena *arena, const kpi_ast_file *file, const kpi_item *it) {
    fmt_printer m;
    fmt_printer_init(&m, arena, file, false);
    if (it->kind == KPI_ITEM_GOAL) {
        fmt_line(&m, 2, FMT_NO_OFFSET, 0);
        print_statement(&m, &it->as.goal, false);
    } else {
        print_item_body(&m, it, true);
    }
    bool multiline;
    size_t width = fmt_widest_line(&m, &multiline);
    fmt_printer_free(&m);
    return width;
}

/*
** Whether an item is laid out on several lines. For a goal, "flat" means its
** drivers stay on the statement line, which the goal's other lines do not
** affect, so the question is asked of the statement alone.
*/
static bool item_broken(kpi_arena *arena, const kpi_ast_file *file, const kpi_item *it) {
    switch (it->kind) {
    case KPI_ITEM_SOURCE:
        if (source_option_count(&it->as.source) >= 2) return true;
        break;
    case KPI_ITEM_METRIC:
        /* A description and "higher is better" describe the metric: always on their own lines. */
        if (metric_option_count(&it->as.metric) >= 2 || it->as.metric.description.text ||
            it->as.metric.better != KPI_BETTER_UNSPECIFIED)
            return true;
        break;
    case KPI_ITEM_GOAL:
        if (!it->as.goal.drivers) return false;
        if (fmt_has_comment_inside(file, it->as.goal.statement_span)) return true;
        return flat_width(arena, file, it) > KPI_FMT_LINE_WIDTH;
    default:
        return false;
    }
    if (has_comment_between_tokens(file, it)) return true;
    return flat_width(arena, file, it) > KPI_FMT_LINE_WIDTH;
}

static bool item_is_multiline(const kpi_item *it, bool broken) {
    return it->kind == KPI_ITEM_GOAL || broken;
}

char *kpi_fmt_file(kpi_arena *arena, const kpi_ast_file *file, size_t *len_out) {
    fmt_printer p;
    fmt_printer_init(&p, arena, file, true);
    const kpi_item *prev = NULL;
    bool prev_multiline = false;
    for (const kpi_item *it = file->items; it; it = it->next) {
        bool broken = item_broken(arena, file, it);
        bool multiline = item_is_multiline(it, broken);
        int blank = 1;
        if (prev && (prev->kind != it->kind || prev_multiline || multiline)) blank = 2;
        fmt_line(&p, 0, it->span.begin, blank);
        print_item_body(&p, it, !broken);
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
