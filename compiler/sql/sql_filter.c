/*
** sql_filter.c: `where` filters and goal segments as SQL conditions that
** select exactly the rows kpic's own evaluator selects.
**
** Two rules differ from SQL's, and the text is written so that the engine
** follows kpic's:
**
**   - An empty text field is the empty string, not "unknown": `channel !=
**     "seo"` keeps a row whose channel is empty. Where SQL's NULL would
**     change the outcome, a text column is read as COALESCE(col, '').
**   - An empty number in a comparison makes the whole filter fail, but the
**     evaluator decides left to right and stops as soon as the outcome is
**     known (codegen/cg_filter.c): in `a = "x" or n > 5` a row with a = "x"
**     passes even when n is empty, while in `n > 5 or a = "x"` it does not.
**     SQL's three-valued logic agrees with that except under `not` and on
**     the left of `or`; there the condition becomes a CASE that stops the
**     same way (a NULL comparison is "stop, the row fails").
**
** So a plain filter reads as plain SQL ("channel" = 'seo' AND "device" <>
** 'mobile'), and only the rare numeric comparison under `or` or `not` gets
** the CASE. Each node is written once: the text grows with the filter,
** never exponentially.
*/
#include "sql_internal.h"

/*
** TOP: only TRUE matters (WHERE, CASE WHEN): FALSE and NULL both drop the row.
** EXACT: the value is read further (under NOT, as a CASE operand), so a
** comparison must be NULL exactly when the evaluator would stop on an empty
** number, and never NULL for a text column.
*/
typedef enum context { TOP, EXACT } context;

static bool has_number(const kpi_prog_filter *f) {
    if (!f) return false;
    switch (f->kind) {
    case KPI_PF_NUM_CMP: return true;
    case KPI_PF_TEXT_CMP:
    case KPI_PF_IN: return false;
    case KPI_PF_AND:
    case KPI_PF_OR: return has_number(f->lhs) || has_number(f->rhs);
    case KPI_PF_NOT: return has_number(f->lhs);
    }
    return false;
}

static const char *operator_text(kpi_prog_cmp op) {
    switch (op) {
    case KPI_PCMP_EQ: return "=";
    case KPI_PCMP_NE: return "<>";
    case KPI_PCMP_LT: return "<";
    case KPI_PCMP_LE: return "<=";
    case KPI_PCMP_GT: return ">";
    case KPI_PCMP_GE:
    case KPI_PCMP_COUNT: break;
    }
    return ">=";
}

static void text_column(const kpi_sql_writer *w, const kpi_prog_source *src, uint32_t column,
                        bool never_null) {
    if (never_null) fputs("COALESCE(", w->out);
    kpi_sql_ident(w, src->columns[column]);
    if (never_null) fputs(", '')", w->out);
}

static bool mentions_empty(const kpi_prog_filter *f) {
    if (f->kind == KPI_PF_TEXT_CMP) return f->text[0] == '\0';
    for (uint32_t i = 0; i < f->text_count; i++)
        if (f->texts[i][0] == '\0') return true;
    return false;
}

static void emit(const kpi_sql_writer *w, const kpi_prog_source *src, const kpi_prog_filter *f, context ctx);

static void operand(const kpi_sql_writer *w, const kpi_prog_source *src, const kpi_prog_filter *f,
                    context ctx) {
    bool group = f->kind == KPI_PF_AND || f->kind == KPI_PF_OR;
    if (group) fputc('(', w->out);
    emit(w, src, f, ctx);
    if (group) fputc(')', w->out);
}

/* `CASE l WHEN TRUE THEN ... WHEN FALSE THEN ... END`: NULL (an empty number) matches neither, so stops. */
static void stopping(const kpi_sql_writer *w, const kpi_prog_source *src, const kpi_prog_filter *f,
                     context ctx) {
    fputs("CASE ", w->out);
    operand(w, src, f->lhs, EXACT);
    if (f->kind == KPI_PF_AND) {
        fputs(" WHEN TRUE THEN ", w->out);
        operand(w, src, f->rhs, ctx);
        fputs(" WHEN FALSE THEN FALSE END", w->out);
    } else {
        fputs(" WHEN TRUE THEN TRUE WHEN FALSE THEN ", w->out);
        operand(w, src, f->rhs, ctx);
        fputs(" END", w->out);
    }
}

static void emit(const kpi_sql_writer *w, const kpi_prog_source *src, const kpi_prog_filter *f, context ctx) {
    switch (f->kind) {
    case KPI_PF_TEXT_CMP: {
        /* at the top, `col = 'x'` drops a NULL as the evaluator drops an empty field */
        bool never_null = ctx == EXACT || f->op == KPI_PCMP_NE || mentions_empty(f);
        text_column(w, src, f->column, never_null);
        fprintf(w->out, " %s ", f->op == KPI_PCMP_NE ? "<>" : "=");
        kpi_sql_string(w, f->text);
        return;
    }
    case KPI_PF_IN: {
        bool never_null = ctx == EXACT || f->negated || mentions_empty(f);
        text_column(w, src, f->column, never_null);
        fputs(f->negated ? " NOT IN (" : " IN (", w->out);
        for (uint32_t i = 0; i < f->text_count; i++) {
            if (i) fputs(", ", w->out);
            kpi_sql_string(w, f->texts[i]);
        }
        if (f->text_count == 0) fputs("NULL", w->out); /* sema refuses an empty list; stay valid SQL */
        fputc(')', w->out);
        return;
    }
    case KPI_PF_NUM_CMP:
        /* NULL when the field is empty: the evaluator's "stop, the row fails" */
        kpi_sql_ident(w, src->columns[f->column]);
        fprintf(w->out, " %s ", operator_text(f->op));
        kpi_sql_number(w, f->number);
        return;
    case KPI_PF_NOT:
        fputs("NOT ", w->out);
        if (f->lhs->kind == KPI_PF_NOT) {
            fputc('(', w->out);
            emit(w, src, f->lhs, EXACT);
            fputc(')', w->out);
        } else {
            bool group = f->lhs->kind != KPI_PF_AND && f->lhs->kind != KPI_PF_OR;
            if (group) fputc('(', w->out);
            operand(w, src, f->lhs, EXACT);
            if (group) fputc(')', w->out);
        }
        return;
    case KPI_PF_AND:
    case KPI_PF_OR:
        /* SQL's AND agrees at the top (TRUE only when both are); OR agrees unless its left side can stop */
        if (has_number(f->lhs) && (ctx == EXACT || f->kind == KPI_PF_OR)) {
            stopping(w, src, f, ctx);
            return;
        }
        operand(w, src, f->lhs, ctx);
        fputs(f->kind == KPI_PF_AND ? " AND " : " OR ", w->out);
        operand(w, src, f->rhs, ctx);
        return;
    }
}

void kpi_sql_filter(const kpi_sql_writer *w, const kpi_prog_source *src, const kpi_prog_filter *f) {
    if (!f) {
        fputs("TRUE", w->out);
        return;
    }
    emit(w, src, f, TOP);
}
