/*
** program_text.c: the checked program in words, for `kpic graph` (the words
** on its nodes) and `kpic diff` (the values before and after a change).
**
** Turns the resolved pieces of a checked program back into short text that
** reads like the source the user wrote: formulas with only the parentheses
** they need, filters, goal statements with their amounts in the metric's
** unit, and dates. All text is plain (unescaped); the graph writers escape it
** for their own syntax.
*/
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "program.h"

#include "kpirt.h"

const char *kpi_prog_number_text(kpi_arena *arena, double value) {
    if (value == 0) value = 0; /* no "-0" */
    return kpi_arena_printf(arena, "%.10g", value);
}

const char *kpi_prog_day_text(kpi_arena *arena, kpirt_day day) {
    if (day == KPIRT_NO_DAY) return "?";
    char *text = kpi_arena_alloc(arena, KPIRT_LABEL_MAX);
    kpirt_day_format(day, text);
    return text;
}

/* ---- formulas -------------------------------------------------------------- */

typedef struct text_buf {
    kpi_arena *arena;
    char *text;
    size_t len, cap;
} text_buf;

static void buf_add(text_buf *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *grown = kpi_arena_alloc(b->arena, cap);
        if (b->len) memcpy(grown, b->text, b->len);
        b->text = grown;
        b->cap = cap;
    }
    memcpy(b->text + b->len, s, n + 1);
    b->len += n;
}

static int expr_precedence(const kpi_prog_expr *e) {
    switch (e->kind) {
    case KPI_PE_ADD:
    case KPI_PE_SUB: return 1;
    case KPI_PE_MUL:
    case KPI_PE_DIV: return 2;
    case KPI_PE_NEG: return 3;
    default: return 4;
    }
}

static void expr_write(text_buf *b, const kpi_program *program, const kpi_prog_expr *e, int min_precedence) {
    bool parens = expr_precedence(e) < min_precedence;
    if (parens) buf_add(b, "(");
    switch (e->kind) {
    case KPI_PE_NUMBER: buf_add(b, kpi_prog_number_text(b->arena, e->number)); break;
    case KPI_PE_METRIC:
        buf_add(b, e->metric < program->metric_count ? program->metrics[e->metric].name : "?");
        break;
    case KPI_PE_NEG:
        buf_add(b, "-");
        expr_write(b, program, e->lhs, 3);
        break;
    default: {
        int p = expr_precedence(e);
        static const char *const ops[] = {
            [KPI_PE_ADD] = " + ",
            [KPI_PE_SUB] = " - ",
            [KPI_PE_MUL] = " * ",
            [KPI_PE_DIV] = " / ",
        };
        expr_write(b, program, e->lhs, p);
        buf_add(b, ops[e->kind]);
        /* a - (b - c) and a / (b * c) keep their parentheses; a + (b + c) need not. */
        bool strict = e->kind == KPI_PE_SUB || e->kind == KPI_PE_DIV;
        expr_write(b, program, e->rhs, strict ? p + 1 : p);
        break;
    }
    }
    if (parens) buf_add(b, ")");
}

const char *kpi_prog_formula_text(kpi_arena *arena, const kpi_program *program, const kpi_prog_expr *expr) {
    if (!expr) return "";
    text_buf b = {arena, NULL, 0, 0};
    expr_write(&b, program, expr, 0);
    return b.text ? b.text : "";
}

/* ---- filters --------------------------------------------------------------- */

static bool is_identifier(const char *s) {
    if (!s || !*s || (s[0] >= '0' && s[0] <= '9')) return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        bool ok = c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!ok) return false;
    }
    return true;
}

static void quoted_add(text_buf *b, const char *s) {
    buf_add(b, "\"");
    for (const char *p = s ? s : ""; *p; p++) {
        char one[3] = {*p, 0, 0};
        if (*p == '"' || *p == '\\') {
            one[0] = '\\';
            one[1] = *p;
        }
        buf_add(b, one);
    }
    buf_add(b, "\"");
}

static void column_add(text_buf *b, const kpi_prog_source *source, uint32_t column) {
    const char *name = source && column < source->column_count ? source->columns[column] : "?";
    if (is_identifier(name)) buf_add(b, name);
    else quoted_add(b, name);
}

static void filter_write(text_buf *b, const kpi_prog_source *source, const kpi_prog_filter *f,
                         int min_precedence) {
    static const char *const cmp_ops[] = {
        [KPI_PCMP_EQ] = " = ",  [KPI_PCMP_NE] = " != ", [KPI_PCMP_LT] = " < ",
        [KPI_PCMP_LE] = " <= ", [KPI_PCMP_GT] = " > ",  [KPI_PCMP_GE] = " >= ",
    };
    static_assert(sizeof cmp_ops / sizeof cmp_ops[0] == KPI_PCMP_COUNT, "every comparison has its text");
    int precedence = f->kind == KPI_PF_OR ? 1 : f->kind == KPI_PF_AND ? 2 : 3;
    bool parens = precedence < min_precedence;
    if (parens) buf_add(b, "(");
    switch (f->kind) {
    case KPI_PF_TEXT_CMP:
    case KPI_PF_NUM_CMP:
        column_add(b, source, f->column);
        buf_add(b, f->op < KPI_PCMP_COUNT ? cmp_ops[f->op] : " ? ");
        if (f->kind == KPI_PF_TEXT_CMP) quoted_add(b, f->text);
        else buf_add(b, kpi_prog_number_text(b->arena, f->number));
        break;
    case KPI_PF_IN:
        column_add(b, source, f->column);
        buf_add(b, f->negated ? " not in (" : " in (");
        for (uint32_t i = 0; i < f->text_count; i++) {
            if (i) buf_add(b, ", ");
            quoted_add(b, f->texts[i]);
        }
        buf_add(b, ")");
        break;
    case KPI_PF_AND:
    case KPI_PF_OR:
        filter_write(b, source, f->lhs, precedence);
        buf_add(b, f->kind == KPI_PF_AND ? " and " : " or ");
        filter_write(b, source, f->rhs, precedence + 1);
        break;
    case KPI_PF_NOT:
        buf_add(b, "not ");
        filter_write(b, source, f->lhs, 3);
        break;
    }
    if (parens) buf_add(b, ")");
}

const char *kpi_prog_filter_text(kpi_arena *arena, const kpi_program *program,
                                 const kpi_prog_metric *metric) {
    if (!metric->filter) return NULL;
    const kpi_prog_source *source =
        metric->source < program->source_count ? &program->sources[metric->source] : NULL;
    text_buf b = {arena, NULL, 0, 0};
    filter_write(&b, source, metric->filter, 0);
    return b.text;
}

/* ---- goals ----------------------------------------------------------------- */

/* A value in the metric's unit: percent is stored as a fraction. */
const char *kpi_prog_quantity_text(kpi_arena *arena, const kpi_prog_metric *metric, double value) {
    switch (metric->unit_kind) {
    case KPIRT_UNIT_PERCENT: return kpi_arena_printf(arena, "%s%%", kpi_prog_number_text(arena, value * 100));
    case KPIRT_UNIT_MONEY:
    case KPIRT_UNIT_DURATION:
        return kpi_arena_printf(arena, "%s %s", kpi_prog_number_text(arena, value),
                                metric->unit ? metric->unit : "");
    default: return kpi_prog_number_text(arena, value);
    }
}

static const char *amount_text(kpi_arena *arena, const kpi_prog_goal *goal, const kpi_prog_metric *metric) {
    /* raise/lower carry the direction in the verb; show a sign only when it disagrees. */
    bool keep_sign = goal->verb == KPIRT_VERB_RAISE && goal->amount < 0;
    double magnitude = keep_sign ? goal->amount : fabs(goal->amount);
    switch (goal->amount_kind) {
    case KPIRT_AMOUNT_RELATIVE:
        return kpi_arena_printf(arena, " %s%%", kpi_prog_number_text(arena, magnitude * 100));
    case KPIRT_AMOUNT_POINTS:
        return kpi_arena_printf(arena, " %spp", kpi_prog_number_text(arena, magnitude * 100));
    case KPIRT_AMOUNT_ABSOLUTE:
        return kpi_arena_printf(arena, goal->verb == KPIRT_VERB_REACH ? " %s" : " to %s",
                                kpi_prog_quantity_text(arena, metric, goal->amount));
    default: return "";
    }
}

const char *kpi_prog_statement_text(kpi_arena *arena, const kpi_program *program, const kpi_prog_goal *goal) {
    if (goal->metric >= program->metric_count) return "?";
    const kpi_prog_metric *metric = &program->metrics[goal->metric];
    switch (goal->verb) {
    case KPIRT_VERB_KEEP:
        switch (goal->keep_kind) {
        case KPIRT_KEEP_BELOW:
            return kpi_arena_printf(arena, "keep %s below %s", metric->name,
                                    kpi_prog_quantity_text(arena, metric, goal->keep_high));
        case KPIRT_KEEP_ABOVE:
            return kpi_arena_printf(arena, "keep %s above %s", metric->name,
                                    kpi_prog_quantity_text(arena, metric, goal->keep_low));
        default:
            return kpi_arena_printf(arena, "keep %s between %s and %s", metric->name,
                                    kpi_prog_quantity_text(arena, metric, goal->keep_low),
                                    kpi_prog_quantity_text(arena, metric, goal->keep_high));
        }
    case KPIRT_VERB_RAISE:
    case KPIRT_VERB_LOWER:
    case KPIRT_VERB_REACH: {
        static const char *const verbs[] = {"raise", "lower", "reach"};
        return kpi_arena_printf(arena, "%s %s%s", verbs[goal->verb], metric->name,
                                amount_text(arena, goal, metric));
    }
    }
    return "?";
}

const char *kpi_prog_aggregate_name(kpirt_aggregate aggregate) {
    static const char *const names[] = {
        [KPIRT_AGG_SUM] = "sum",   [KPIRT_AGG_COUNT] = "count", [KPIRT_AGG_COUNT_DISTINCT] = "count_distinct",
        [KPIRT_AGG_AVG] = "avg",   [KPIRT_AGG_MIN] = "min",     [KPIRT_AGG_MAX] = "max",
        [KPIRT_AGG_LAST] = "last",
    };
    return (unsigned)aggregate < sizeof names / sizeof names[0] ? names[aggregate] : "?";
}
