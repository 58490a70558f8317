/*
** ast_dump.c: the AST as stable, indented text, one node a line.
**
** This is what `kpic check --dump-ast` prints and what the parser tests
** compare against, so the format is part of the contract and documented in
** docs/language.md ("The AST dump"). Items carry @line:column; nested nodes
** are indented by two spaces under their parent. Numbers are printed as
** written (sign, digits, magnitude suffix), strings quoted with escapes.
*/
#include "ast.h"

static void indent(FILE *out, int depth) {
    for (int i = 0; i < depth; i++) fputs("  ", out);
}

static void print_string(FILE *out, const char *text) {
    fputc('"', out);
    for (const char *p = text ? text : ""; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        default: fputc(*p, out); break;
        }
    }
    fputc('"', out);
}

static void print_name(FILE *out, kpi_name name) {
    if (!name.text) fputs("<missing>", out);
    else if (name.quoted) print_string(out, name.text);
    else fputs(name.text, out);
}

static void print_number(FILE *out, kpi_number n) {
    if (n.sign) fputc(n.sign, out);
    fputs(n.text ? n.text : "?", out);
    if (n.suffix) fputc(n.suffix, out);
}

static void print_quantity(FILE *out, kpi_quantity q) {
    print_number(out, q.number);
    if (q.percent) fputc('%', out);
    if (q.unit.text) fprintf(out, " %s", q.unit.text);
}

static void print_amount(FILE *out, kpi_amount a) {
    switch (a.kind) {
    case KPI_AMOUNT_NONE: fputs("none", out); return;
    case KPI_AMOUNT_RELATIVE: fputs("relative(", out); break;
    case KPI_AMOUNT_POINTS: fputs("points(", out); break;
    case KPI_AMOUNT_ABSOLUTE: fputs("absolute(", out); break;
    }
    print_quantity(out, a.value);
    if (a.kind == KPI_AMOUNT_POINTS) fputs("pp", out);
    fputc(')', out);
}

static void print_date(FILE *out, kpi_date d) {
    char text[KPI_AST_DATE_TEXT_MAX];
    fputs(kpi_ast_date_text(&d, text), out);
}

static void print_literal(FILE *out, const kpi_literal *lit) {
    if (lit->is_string) print_string(out, lit->string.text);
    else print_number(out, lit->number);
}

static void print_position(FILE *out, const kpi_ast_file *file, kpi_span span) {
    if (!file->source || !kpi_span_valid(span)) return;
    kpi_position p = kpi_src_position(file->source, span.begin);
    fprintf(out, " @%u:%u", p.line, p.column);
}

static void dump_expr(FILE *out, const kpi_expr *e, int depth) {
    indent(out, depth);
    if (!e) {
        fputs("<missing>\n", out);
        return;
    }
    switch (e->kind) {
    case KPI_EXPR_NUMBER:
        fputs("number ", out);
        print_number(out, e->as.number);
        fputc('\n', out);
        return;
    case KPI_EXPR_NAME:
        fputs("name ", out);
        print_name(out, e->as.name);
        fputc('\n', out);
        return;
    case KPI_EXPR_BINARY:
        fprintf(out, "binary %c\n", e->as.binary.op);
        dump_expr(out, e->as.binary.lhs, depth + 1);
        dump_expr(out, e->as.binary.rhs, depth + 1);
        return;
    case KPI_EXPR_NEGATE:
    case KPI_EXPR_PAREN:
        fputs(e->kind == KPI_EXPR_NEGATE ? "negate\n" : "paren\n", out);
        dump_expr(out, e->as.operand, depth + 1);
        return;
    }
}

static const char *cmp_text(kpi_cmp_op op) {
    static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">="};
    return (unsigned)op < sizeof ops / sizeof ops[0] ? ops[op] : "?";
}

static void dump_filter(FILE *out, const kpi_filter *f, int depth) {
    indent(out, depth);
    if (!f) {
        fputs("<missing>\n", out);
        return;
    }
    switch (f->kind) {
    case KPI_FILTER_CMP:
        fputs("cmp ", out);
        print_name(out, f->as.cmp.column);
        fprintf(out, " %s ", cmp_text(f->as.cmp.op));
        print_literal(out, &f->as.cmp.value);
        fputc('\n', out);
        return;
    case KPI_FILTER_IN:
        fputs("in ", out);
        print_name(out, f->as.in.column);
        fputs(f->as.in.negated ? " not (" : " (", out);
        for (const kpi_literal *l = f->as.in.values; l; l = l->next) {
            print_literal(out, l);
            if (l->next) fputs(", ", out);
        }
        fputs(")\n", out);
        return;
    case KPI_FILTER_AND:
    case KPI_FILTER_OR:
        fputs(f->kind == KPI_FILTER_AND ? "and\n" : "or\n", out);
        dump_filter(out, f->as.binary.lhs, depth + 1);
        dump_filter(out, f->as.binary.rhs, depth + 1);
        return;
    case KPI_FILTER_NOT:
    case KPI_FILTER_PAREN:
        fputs(f->kind == KPI_FILTER_NOT ? "not\n" : "paren\n", out);
        dump_filter(out, f->as.operand, depth + 1);
        return;
    }
}

static void dump_clause(FILE *out, const kpi_clause *c, int depth) {
    indent(out, depth);
    fputs("clause ", out);
    switch (c->kind) {
    case KPI_CLAUSE_WITHIN:
        fprintf(out, "within %lld %s\n", (long long)c->as.within.count,
                kpi_ast_duration_unit_name(c->as.within.unit));
        return;
    case KPI_CLAUSE_BY_DATE:
    case KPI_CLAUSE_STARTING:
        fputs(c->kind == KPI_CLAUSE_BY_DATE ? "by " : "starting ", out);
        print_date(out, c->as.date);
        fputc('\n', out);
        return;
    case KPI_CLAUSE_OWNER:
        fputs("owner ", out);
        if (c->as.owner.is_ref) {
            fputs("ref ", out);
            print_name(out, c->as.owner.ref);
        } else {
            print_string(out, c->as.owner.text.text);
        }
        fputc('\n', out);
        return;
    case KPI_CLAUSE_REVIEW: fprintf(out, "review %s\n", kpi_ast_review_name(c->as.review)); return;
    case KPI_CLAUSE_BUDGET:
        fputs("budget ", out);
        print_quantity(out, c->as.budget.amount);
        if (c->as.budget.metric.text) {
            fputs(" on ", out);
            print_name(out, c->as.budget.metric);
        }
        fputc('\n', out);
        return;
    case KPI_CLAUSE_BASELINE:
    case KPI_CLAUSE_TOLERANCE:
        fputs(c->kind == KPI_CLAUSE_BASELINE ? "baseline " : "tolerance ", out);
        print_quantity(out, c->as.quantity);
        fputc('\n', out);
        return;
    case KPI_CLAUSE_SEGMENT:
        fputs(c->as.segment.is_for ? "for\n" : "where\n", out);
        dump_filter(out, c->as.segment.filter, depth + 1);
        return;
    case KPI_CLAUSE_WHY:
        fputs("why ", out);
        print_string(out, c->as.why.text);
        fputc('\n', out);
        return;
    case KPI_CLAUSE_BASELINE_OF:
        switch (c->as.baseline_of.form) {
        case KPI_BASELINE_LAST_YEAR: fputs("baseline last year\n", out); return;
        case KPI_BASELINE_AVERAGE:
            fprintf(out, "baseline average %lld %s\n", (long long)c->as.baseline_of.average.count,
                    kpi_ast_duration_unit_name(c->as.baseline_of.average.unit));
            return;
        case KPI_BASELINE_PERIOD:
            fputs("baseline period ", out);
            print_date(out, c->as.baseline_of.period);
            fputc('\n', out);
            return;
        }
        return;
    case KPI_CLAUSE_PATH:
        fprintf(out, "path %s\n", c->as.path.kind == KPI_PATH_FLAT ? "flat" : "linear");
        return;
    case KPI_CLAUSE_CUMULATIVE: fputs("cumulative\n", out); return;
    }
}

static void dump_driver(FILE *out, const kpi_driver *d, int depth) {
    indent(out, depth);
    fprintf(out, "driver %s ", d->link == KPI_LINK_BY ? "by" : "via");
    print_name(out, d->metric);
    fputs(" amount=", out);
    print_amount(out, d->amount);
    fputc('\n', out);
    for (const kpi_clause *c = d->clauses; c; c = c->next) dump_clause(out, c, depth + 1);
    for (const kpi_driver *child = d->children; child; child = child->next)
        dump_driver(out, child, depth + 1);
}

/*
** deadlines_first prints the deadline clauses (`within`, `by DATE`) before the
** goal's other clauses: `kpic fmt` moves them onto the statement line, and
** their place among clauses of other kinds carries no meaning (each kind is
** set once; only the order within a kind is reported on).
*/
static void dump_goal(FILE *out, const kpi_goal *g, bool deadlines_first) {
    indent(out, 1);
    fprintf(out, "%s metric=", kpi_ast_verb_name(g->verb));
    print_name(out, g->metric);
    if (g->verb == KPI_VERB_KEEP) {
        static const char *const bounds[] = {"below", "above", "between"};
        fprintf(out, " %s ", bounds[g->keep]);
        print_quantity(out, g->keep_low);
        if (g->keep == KPI_KEEP_BETWEEN) {
            fputs(" and ", out);
            print_quantity(out, g->keep_high);
        }
    } else {
        fputs(" amount=", out);
        print_amount(out, g->amount);
    }
    fputc('\n', out);
    for (const kpi_driver *d = g->drivers; d; d = d->next) dump_driver(out, d, 1);
    if (deadlines_first)
        for (const kpi_clause *c = g->clauses; c; c = c->next)
            if (kpi_ast_clause_is_deadline(c)) dump_clause(out, c, 1);
    for (const kpi_clause *c = g->clauses; c; c = c->next)
        if (!deadlines_first || !kpi_ast_clause_is_deadline(c)) dump_clause(out, c, 1);
}

static void dump_option_string(FILE *out, const char *label, kpi_string s) {
    if (!s.text) return;
    fprintf(out, "  %s ", label);
    print_string(out, s.text);
    fputc('\n', out);
}

static void dump_metric(FILE *out, const kpi_metric *m) {
    dump_option_string(out, "from", m->column);
    if (m->source.text) fprintf(out, "  in %s\n", m->source.text);
    if (m->aggregate != KPI_AGG_DEFAULT)
        fprintf(out, "  aggregate %s\n", kpi_ast_aggregate_name(m->aggregate));
    if (m->where) {
        fputs("  where\n", out);
        dump_filter(out, m->where, 2);
    }
    if (m->formula) {
        fputs("  formula\n", out);
        dump_expr(out, m->formula, 2);
    }
    if (m->better != KPI_BETTER_UNSPECIFIED)
        fprintf(out, "  better %s\n", m->better == KPI_BETTER_HIGHER ? "higher" : "lower");
    dump_option_string(out, "about", m->description);
    if (m->per_day) fputs("  per day\n", out);
    if (m->window.count) fprintf(out, "  over %lld days\n", (long long)m->window.count);
}

static void dump_test_line(FILE *out, const kpi_test_line *line) {
    switch (line->kind) {
    case KPI_TEST_DATA:
        fputs("  data ", out);
        if (line->source.text) {
            print_name(out, line->source);
            fputc(' ', out);
        }
        print_string(out, line->path.text);
        break;
    case KPI_TEST_AS_OF:
        fputs("  as of ", out);
        print_date(out, line->as_of);
        break;
    case KPI_TEST_EXPECT:
        fputs("  expect ", out);
        print_name(out, line->goal);
        fputc(' ', out);
        print_name(out, line->field);
        fputc(' ', out);
        if (line->word.text) {
            print_name(out, line->word);
        } else {
            print_quantity(out, line->value);
        }
        if (line->has_tolerance) {
            fputs(" tolerance ", out);
            print_quantity(out, line->tolerance);
        }
        break;
    }
    fputc('\n', out);
}

static void dump_item(FILE *out, const kpi_ast_file *file, const kpi_item *it) {
    switch (it->kind) {
    case KPI_ITEM_IMPORT:
        fputs("import ", out);
        print_name(out, it->as.import.module);
        print_position(out, file, it->span);
        fputc('\n', out);
        for (const kpi_name_list *n = it->as.import.names; n; n = n->next) {
            fputs("  name ", out);
            print_name(out, n->name);
            fputc('\n', out);
        }
        return;
    case KPI_ITEM_SOURCE: {
        const kpi_source_decl *s = &it->as.source;
        fputs("source ", out);
        print_name(out, s->name);
        fputc(' ', out);
        print_name(out, s->kind);
        fputc(' ', out);
        print_string(out, s->path.text);
        print_position(out, file, it->span);
        fputc('\n', out);
        dump_option_string(out, "date", s->date_column);
        dump_option_string(out, "format", s->date_format);
        dump_option_string(out, "delimiter", s->delimiter);
        dump_option_string(out, "decimal", s->decimal_mark);
        dump_option_string(out, "thousands", s->thousands);
        dump_option_string(out, "encoding", s->encoding);
        if (s->nulls) {
            fputs("  null", out);
            for (const kpi_literal *l = s->nulls; l; l = l->next) {
                fputc(' ', out);
                print_string(out, l->string.text);
            }
            fputc('\n', out);
        }
        if (s->skip.text) fprintf(out, "  skip %s\n", s->skip.text);
        dump_option_string(out, "comment", s->comment);
        dump_option_string(out, "table", s->table);
        return;
    }
    case KPI_ITEM_METRIC:
        fputs("metric ", out);
        print_name(out, it->as.metric.name);
        if (it->as.metric.title.text) {
            fputc(' ', out);
            print_string(out, it->as.metric.title.text);
        }
        fputs(" : ", out);
        print_name(out, it->as.metric.unit);
        print_position(out, file, it->span);
        fputc('\n', out);
        dump_metric(out, &it->as.metric);
        return;
    case KPI_ITEM_GOAL:
        fputs("goal ", out);
        print_name(out, it->as.goal.name);
        if (it->as.goal.title.text) {
            fputc(' ', out);
            print_string(out, it->as.goal.title.text);
        }
        print_position(out, file, it->span);
        fputc('\n', out);
        dump_goal(out, &it->as.goal, !file->source);
        return;
    case KPI_ITEM_OWNER:
        fputs("owner ", out);
        print_name(out, it->as.owner.name);
        fputc(' ', out);
        print_string(out, it->as.owner.title.text);
        print_position(out, file, it->span);
        fputc('\n', out);
        return;
    case KPI_ITEM_POLICY:
        fputs("policy ", out);
        print_name(out, it->as.policy.name);
        fputc(' ', out);
        print_quantity(out, it->as.policy.value);
        fprintf(out, " per %s", kpi_ast_review_name(it->as.policy.per));
        print_position(out, file, it->span);
        fputc('\n', out);
        return;
    case KPI_ITEM_LINK:
        fputs("link ", out);
        print_name(out, it->as.link.from);
        fputs(" to ", out);
        print_name(out, it->as.link.to);
        print_position(out, file, it->span);
        fputc('\n', out);
        return;
    case KPI_ITEM_TEST:
        fputs("test ", out);
        print_name(out, it->as.test.name);
        if (it->as.test.title.text) {
            fputc(' ', out);
            print_string(out, it->as.test.title.text);
        }
        print_position(out, file, it->span);
        fputc('\n', out);
        for (const kpi_test_line *line = it->as.test.lines; line; line = line->next)
            dump_test_line(out, line);
        return;
    }
}

void kpi_ast_dump(const kpi_ast_file *file, FILE *out) {
    if (!file) return;
    for (const kpi_item *it = file->items; it; it = it->next) dump_item(out, file, it);
}

void kpi_ast_dump_without_positions(const kpi_ast_file *file, FILE *out) {
    if (!file) return;
    kpi_ast_file unplaced = *file;
    unplaced.source = NULL; /* print_position prints nothing without a source; deadlines come first */
    kpi_ast_dump(&unplaced, out);
}
