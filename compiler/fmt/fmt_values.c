/*
** fmt_values.c: the canonical text of literals, amounts, formulas and filters.
**
** Values are rebuilt from the AST, so spacing and quoting are always the same.
** Numbers are the exception that keeps the author's digit grouping: when the
** source text of a number (without '_') is exactly what the AST says, its
** underscores are kept (1_250_000 stays readable); otherwise the number is
** rebuilt from its parts.
*/
#include "fmt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fmt_string(kpi_arena *arena, const char *text) {
    if (!text) text = "";
    size_t n = strlen(text), extra = 0;
    for (size_t i = 0; i < n; i++)
        if (strchr("\"\\\n\t", text[i])) extra++;
    char *out = kpi_arena_alloc(arena, n + extra + 3), *o = out;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        switch (c) {
        case '"':
            *o++ = '\\';
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            *o++ = '\\';
            break;
        case '\n':
            *o++ = '\\';
            *o++ = 'n';
            break;
        case '\t':
            *o++ = '\\';
            *o++ = 't';
            break;
        default: *o++ = c;
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

const char *fmt_name(kpi_arena *arena, const kpi_name *name) {
    if (!name->text) return "";
    return name->quoted ? fmt_string(arena, name->text) : name->text;
}

/* The number's source text when it spells the same number, with its underscores. */
static const char *number_as_written(kpi_arena *arena, const kpi_source *src, const kpi_number *n,
                                     const char *rebuilt) {
    if (!src || !kpi_span_valid(n->span) || n->span.end > src->len || n->span.begin >= n->span.end)
        return NULL;
    const char *s = src->text + n->span.begin;
    size_t len = n->span.end - n->span.begin;
    /* A percent or points token may include its '%' or "pp". */
    if (len >= 1 && s[len - 1] == '%') len--;
    else if (len >= 2 && s[len - 2] == 'p' && s[len - 1] == 'p') len -= 2;
    if (!memchr(s, '_', len)) return NULL;
    char plain[128];
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_') continue;
        if (k + 1 >= sizeof plain) return NULL;
        plain[k++] = s[i];
    }
    plain[k] = '\0';
    if (strcmp(plain, rebuilt) != 0) return NULL;
    return kpi_arena_strndup(arena, s, len);
}

const char *fmt_number(kpi_arena *arena, const kpi_source *src, const kpi_number *n) {
    char sign[2] = {n->sign, 0}, suffix[2] = {n->suffix, 0};
    const char *rebuilt = kpi_arena_printf(arena, "%s%s%s", sign, n->text ? n->text : "0", suffix);
    const char *written = number_as_written(arena, src, n, rebuilt);
    return written ? written : rebuilt;
}

const char *fmt_quantity(kpi_arena *arena, const kpi_source *src, const kpi_quantity *q) {
    const char *num = fmt_number(arena, src, &q->number);
    if (q->percent) num = kpi_arena_printf(arena, "%s%%", num);
    if (q->unit.text) num = kpi_arena_printf(arena, "%s %s", num, q->unit.text);
    return num;
}

const char *fmt_amount(kpi_arena *arena, const kpi_source *src, const kpi_amount *a, bool with_to) {
    switch (a->kind) {
    case KPI_AMOUNT_NONE: return NULL;
    case KPI_AMOUNT_RELATIVE:
        return kpi_arena_printf(arena, "%s%%", fmt_number(arena, src, &a->value.number));
    case KPI_AMOUNT_POINTS: return kpi_arena_printf(arena, "%spp", fmt_number(arena, src, &a->value.number));
    case KPI_AMOUNT_ABSOLUTE: {
        const char *q = fmt_quantity(arena, src, &a->value);
        return with_to ? kpi_arena_printf(arena, "to %s", q) : q;
    }
    }
    return NULL;
}

const char *fmt_date(kpi_arena *arena, const kpi_date *d) {
    char text[KPI_AST_DATE_TEXT_MAX];
    return kpi_arena_strdup(arena, kpi_ast_date_text(d, text));
}

const char *fmt_duration(kpi_arena *arena, const kpi_duration *d) {
    const char *units = kpi_ast_duration_unit_name(d->unit); /* "months"; one month */
    int len = (int)strlen(units) - (d->count == 1);
    return kpi_arena_printf(arena, "%lld %.*s", (long long)d->count, len, units);
}

/*
** Formulas and filters are printed into one growing buffer and copied into the
** arena once: rebuilding the text level by level (or value by value for an
** `in` list) would copy the whole prefix again for each operand, quadratic in
** the length of a long list or chain (docs/hardening.md).
*/
typedef struct fmt_text {
    kpi_arena *arena;
    const kpi_source *src;
    char *buf;
    size_t len, cap;
} fmt_text;

static void put(fmt_text *t, const char *s) {
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (t->len + n + 1 > cap) cap *= 2;
        char *grown = realloc(t->buf, cap);
        if (!grown) {
            fputs("kpic: out of memory\n", stderr);
            abort();
        }
        t->buf = grown;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n + 1);
    t->len += n;
}

static const char *text_done(fmt_text *t) {
    const char *out = t->buf ? kpi_arena_strndup(t->arena, t->buf, t->len) : "";
    free(t->buf);
    return out;
}

static void put_expr(fmt_text *t, const kpi_expr *e) {
    if (!e) return;
    switch (e->kind) {
    case KPI_EXPR_NUMBER: put(t, fmt_number(t->arena, t->src, &e->as.number)); return;
    case KPI_EXPR_NAME: put(t, fmt_name(t->arena, &e->as.name)); return;
    case KPI_EXPR_BINARY: {
        char op[4] = {' ', e->as.binary.op, ' ', 0};
        put_expr(t, e->as.binary.lhs);
        put(t, op);
        put_expr(t, e->as.binary.rhs);
        return;
    }
    case KPI_EXPR_NEGATE:
        put(t, "-");
        put_expr(t, e->as.operand);
        return;
    case KPI_EXPR_PAREN:
        put(t, "(");
        put_expr(t, e->as.operand);
        put(t, ")");
        return;
    }
}

const char *fmt_expr(kpi_arena *arena, const kpi_source *src, const kpi_expr *e) {
    fmt_text t = {arena, src, NULL, 0, 0};
    put_expr(&t, e);
    return text_done(&t);
}

static const char *literal(kpi_arena *arena, const kpi_source *src, const kpi_literal *l) {
    return l->is_string ? fmt_string(arena, l->string.text) : fmt_number(arena, src, &l->number);
}

static void put_filter(fmt_text *t, const kpi_filter *f) {
    static const char *const ops[] = {"=", "!=", "<", "<=", ">", ">="};
    if (!f) return;
    switch (f->kind) {
    case KPI_FILTER_CMP:
        put(t, fmt_name(t->arena, &f->as.cmp.column));
        put(t, " ");
        put(t, (unsigned)f->as.cmp.op < 6 ? ops[f->as.cmp.op] : "=");
        put(t, " ");
        put(t, literal(t->arena, t->src, &f->as.cmp.value));
        return;
    case KPI_FILTER_IN:
        put(t, fmt_name(t->arena, &f->as.in.column));
        put(t, f->as.in.negated ? " not in (" : " in (");
        for (const kpi_literal *l = f->as.in.values; l; l = l->next) {
            if (l != f->as.in.values) put(t, ", ");
            put(t, literal(t->arena, t->src, l));
        }
        put(t, ")");
        return;
    case KPI_FILTER_AND:
    case KPI_FILTER_OR:
        put_filter(t, f->as.binary.lhs);
        put(t, f->kind == KPI_FILTER_AND ? " and " : " or ");
        put_filter(t, f->as.binary.rhs);
        return;
    case KPI_FILTER_NOT:
        put(t, "not ");
        put_filter(t, f->as.operand);
        return;
    case KPI_FILTER_PAREN:
        put(t, "(");
        put_filter(t, f->as.operand);
        put(t, ")");
        return;
    }
}

const char *fmt_filter(kpi_arena *arena, const kpi_source *src, const kpi_filter *f) {
    fmt_text t = {arena, src, NULL, 0, 0};
    put_filter(&t, f);
    return text_done(&t);
}
