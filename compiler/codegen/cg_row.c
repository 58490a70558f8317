/*
** cg_row.c: one row function per source, specialised to the spec.
**
** int kpi.row.<source>(kpirt_ctx *ctx, kpirt_row *row) runs once per record
** and does, in this order (docs/codegen.md shows the IR):
**
**   1. fetch the text of every column a `where` filter compares as text
**      (pointers into the runtime's buffer; no conversion);
**   2. evaluate each base metric's filter into a "passes" flag (cg_filter.c);
**      if no metric of the source wants the row, return at once;
**   3. convert the date, then each measure column that a passing metric
**      needs, once per column; any conversion error returns -1 before a
**      single cell is touched, so a bad row is never half counted;
**   4. add the values into the day's cells: sums inline with
**      llvm.sadd.with.overflow, avg/min/max/last through kpirt_cell_add,
**      count as a row counter, count_distinct through kpirt_distinct_add.
**
** An empty measure field is no observation (it is neither 0 nor an error);
** `aggregate count` counts rows whose field is not empty.
*/
#include <string.h>

#include "cg_internal.h"

/* What the row function keeps per base metric of its source. */
typedef struct row_metric {
    uint32_t index;      /* into program->metrics */
    LLVMValueRef passes; /* i1 alloca, or NULL when the metric has no filter */
} row_metric;

static bool needs_decimal(kpirt_aggregate a) {
    return a != KPIRT_AGG_COUNT && a != KPIRT_AGG_COUNT_DISTINCT;
}

static LLVMValueRef load_flag(kpi_cg_module *m, const row_metric *rm) {
    if (!rm->passes) return LLVMConstInt(m->t_i1, 1, 0);
    return LLVMBuildLoad2(m->b, m->t_i1, rm->passes, "passes");
}

/* Jumps to `then` when cond holds, otherwise to a fresh block that becomes current. */
static LLVMBasicBlockRef branch_off(kpi_cg_module *m, LLVMValueRef fn, LLVMValueRef cond,
                                    LLVMBasicBlockRef then, const char *cont_name) {
    LLVMBasicBlockRef cont = kpi_cg_block(m, fn, cont_name);
    LLVMBuildCondBr(m->b, cond, then, cont);
    kpi_cg_enter(m, cont);
    return cont;
}

static void accumulate(kpi_cg_module *m, LLVMValueRef fn, LLVMValueRef ctx, LLVMValueRef row,
                       const row_metric *rm, LLVMValueRef cells, LLVMValueRef day, LLVMValueRef *value_slot,
                       LLVMValueRef *present_slot, LLVMBasicBlockRef fail) {
    const kpi_prog_metric *x = &m->program->metrics[rm->index];
    const char *name = x->name;
    LLVMBasicBlockRef add = kpi_cg_block(m, fn, kpi_arena_printf(&m->arena, "add.%s", name));
    LLVMBasicBlockRef done = kpi_cg_block(m, fn, kpi_arena_printf(&m->arena, "added.%s", name));
    LLVMValueRef want = load_flag(m, rm);
    if (needs_decimal(x->aggregate)) {
        LLVMValueRef present = LLVMBuildLoad2(m->b, m->t_i1, present_slot[x->value_column], "present");
        want = LLVMBuildAnd(m->b, want, present, "want");
    }
    LLVMBuildCondBr(m->b, want, add, done);
    kpi_cg_enter(m, add);

    LLVMValueRef index = kpi_cg_i32(m, rm->index);
    LLVMValueRef cell = LLVMBuildInBoundsGEP2(m->b, m->t_cell, cells, &index, 1,
                                              kpi_arena_printf(&m->arena, "cell.%s", name));
    switch (x->aggregate) {
    case KPIRT_AGG_SUM: {
        LLVMValueRef v = LLVMBuildLoad2(m->b, m->t_i64, value_slot[x->value_column], "v");
        LLVMValueRef sum_p = LLVMBuildStructGEP2(m->b, m->t_cell, cell, 0, "sum.p");
        LLVMValueRef sum = LLVMBuildLoad2(m->b, m->t_i64, sum_p, "sum");
        LLVMValueRef args[2] = {sum, v};
        LLVMValueRef r = kpi_cg_call(m, m->i_sadd_overflow, args, 2, "r");
        LLVMValueRef overflow = LLVMBuildExtractValue(m->b, r, 1, "overflow");
        LLVMBasicBlockRef ovf = kpi_cg_block(m, fn, "overflow");
        LLVMBasicBlockRef store = kpi_cg_block(m, fn, "store");
        LLVMBuildCondBr(m->b, overflow, ovf, store);
        kpi_cg_enter(m, ovf);
        LLVMValueRef oargs[2] = {ctx, index};
        LLVMBuildRet(m->b, kpi_cg_call(m, m->rt_overflow, oargs, 2, "rc"));
        kpi_cg_enter(m, store);
        LLVMBuildStore(m->b, LLVMBuildExtractValue(m->b, r, 0, "sum.new"), sum_p);
        LLVMValueRef count_p = LLVMBuildStructGEP2(m->b, m->t_cell, cell, 1, "count.p");
        LLVMValueRef count = LLVMBuildLoad2(m->b, m->t_i64, count_p, "count");
        LLVMBuildStore(m->b, LLVMBuildAdd(m->b, count, kpi_cg_i64(m, 1), "count.new"), count_p);
        break;
    }
    case KPIRT_AGG_COUNT:
    case KPIRT_AGG_COUNT_DISTINCT: {
        LLVMValueRef ptr = kpi_cg_entry_alloca(m, fn, m->t_str, "field");
        LLVMValueRef len = kpi_cg_entry_alloca(m, fn, m->t_i64, "field.len");
        LLVMValueRef targs[4] = {row, kpi_cg_i32(m, x->value_column), ptr, len};
        kpi_cg_call(m, m->rt_field_text, targs, 4, "");
        LLVMValueRef n = LLVMBuildLoad2(m->b, m->t_i64, len, "n");
        LLVMValueRef empty = LLVMBuildICmp(m->b, LLVMIntEQ, n, kpi_cg_i64(m, 0), "empty");
        branch_off(m, fn, empty, done, "nonempty");
        if (x->aggregate == KPIRT_AGG_COUNT) {
            LLVMValueRef count_p = LLVMBuildStructGEP2(m->b, m->t_cell, cell, 1, "count.p");
            LLVMValueRef count = LLVMBuildLoad2(m->b, m->t_i64, count_p, "count");
            LLVMBuildStore(m->b, LLVMBuildAdd(m->b, count, kpi_cg_i64(m, 1), "count.new"), count_p);
        } else {
            LLVMValueRef text = LLVMBuildLoad2(m->b, m->t_str, ptr, "text");
            LLVMValueRef dargs[5] = {ctx, index, day, text, n};
            LLVMValueRef rc = kpi_cg_call(m, m->rt_distinct_add, dargs, 5, "rc");
            LLVMValueRef bad = LLVMBuildICmp(m->b, LLVMIntSLT, rc, kpi_cg_i32(m, 0), "bad");
            branch_off(m, fn, bad, fail, "distinct.ok");
        }
        break;
    }
    default: { /* avg, min, max, last need every field of the cell */
        LLVMValueRef v = LLVMBuildLoad2(m->b, m->t_i64, value_slot[x->value_column], "v");
        LLVMValueRef args[3] = {ctx, cell, v};
        LLVMValueRef rc = kpi_cg_call(m, m->rt_cell_add, args, 3, "rc");
        LLVMValueRef bad = LLVMBuildICmp(m->b, LLVMIntSLT, rc, kpi_cg_i32(m, 0), "bad");
        branch_off(m, fn, bad, fail, "cell.ok");
        break;
    }
    }
    LLVMBuildBr(m->b, done);
    kpi_cg_enter(m, done);
}

static void lower_row(kpi_cg_module *m, uint32_t s) {
    const kpi_program *p = m->program;
    const kpi_prog_source *src = &p->sources[s];
    LLVMValueRef fn = m->row_fns[s];
    LLVMValueRef ctx = LLVMGetParam(fn, 0), row = LLVMGetParam(fn, 1);
    uint32_t ncol = src->column_count;

    LLVMBasicBlockRef entry = kpi_cg_block(m, fn, "entry");
    LLVMBasicBlockRef fail = kpi_cg_block(m, fn, "bad_row");
    LLVMBasicBlockRef skip = kpi_cg_block(m, fn, "skip");
    LLVMPositionBuilderAtEnd(m->b, fail);
    LLVMBuildRet(m->b, kpi_cg_i32(m, -1));
    LLVMPositionBuilderAtEnd(m->b, skip);
    LLVMBuildRet(m->b, kpi_cg_i32(m, 0));
    LLVMPositionBuilderAtEnd(m->b, entry);

    /* The base metrics that read this source. */
    row_metric *rms = KPI_NEW_ARRAY(&m->arena, row_metric, p->metric_count + 1);
    uint32_t nrm = 0;
    for (uint32_t i = 0; i < p->metric_count; i++)
        if (p->metrics[i].is_base && p->metrics[i].source == s) rms[nrm++].index = i;

    /* 1. text of filtered columns */
    bool *uses_text = KPI_NEW_ARRAY(&m->arena, bool, ncol + 1);
    for (uint32_t i = 0; i < nrm; i++) kpi_cg_filter_text_columns(p->metrics[rms[i].index].filter, uses_text);
    kpi_cg_filter_env env = {
        .fn = fn,
        .row = row,
        .on_error = fail,
        .text_ptr = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, ncol + 1),
        .text_len = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, ncol + 1),
        .number_slot = kpi_cg_entry_alloca(m, fn, m->t_f64, "number"),
    };
    for (uint32_t c = 0; c < ncol; c++) {
        if (!uses_text[c]) continue;
        env.text_ptr[c] = kpi_cg_entry_alloca(m, fn, m->t_str, kpi_arena_printf(&m->arena, "text.%u", c));
        env.text_len[c] = kpi_cg_entry_alloca(m, fn, m->t_i64, kpi_arena_printf(&m->arena, "len.%u", c));
        LLVMValueRef args[4] = {row, kpi_cg_i32(m, c), env.text_ptr[c], env.text_len[c]};
        kpi_cg_call(m, m->rt_field_text, args, 4, "");
    }

    /* 2. filters */
    LLVMValueRef any = LLVMConstInt(m->t_i1, 0, 0);
    for (uint32_t i = 0; i < nrm; i++) {
        const kpi_prog_metric *x = &p->metrics[rms[i].index];
        if (!x->filter) {
            any = LLVMConstInt(m->t_i1, 1, 0);
            continue;
        }
        rms[i].passes =
            kpi_cg_entry_alloca(m, fn, m->t_i1, kpi_arena_printf(&m->arena, "passes.%s", x->name));
        LLVMBasicBlockRef yes = kpi_cg_block(m, fn, kpi_arena_printf(&m->arena, "where.%s.yes", x->name));
        LLVMBasicBlockRef no = kpi_cg_block(m, fn, kpi_arena_printf(&m->arena, "where.%s.no", x->name));
        LLVMBasicBlockRef next = kpi_cg_block(m, fn, kpi_arena_printf(&m->arena, "where.%s.done", x->name));
        env.on_empty = no;
        kpi_cg_lower_filter(m, &env, x->filter, yes, no);
        kpi_cg_enter(m, yes);
        LLVMBuildStore(m->b, LLVMConstInt(m->t_i1, 1, 0), rms[i].passes);
        LLVMBuildBr(m->b, next);
        kpi_cg_enter(m, no);
        LLVMBuildStore(m->b, LLVMConstInt(m->t_i1, 0, 0), rms[i].passes);
        LLVMBuildBr(m->b, next);
        kpi_cg_enter(m, next);
        any = LLVMBuildOr(m->b, any, load_flag(m, &rms[i]), "any");
    }
    LLVMValueRef none = LLVMBuildNot(m->b, any, "none");
    branch_off(m, fn, none, skip, "wanted");

    /* 3. conversions: the date, then each needed measure column once */
    LLVMValueRef day_slot = kpi_cg_entry_alloca(m, fn, m->t_i32, "day");
    LLVMValueRef dargs[3] = {row, kpi_cg_i32(m, 0), day_slot};
    LLVMValueRef drc = kpi_cg_call(m, m->rt_field_date, dargs, 3, "date.rc");
    branch_off(m, fn, LLVMBuildICmp(m->b, LLVMIntSLT, drc, kpi_cg_i32(m, 0), "date.bad"), fail, "date.ok");
    /* a row without a date belongs to no period */
    branch_off(m, fn, LLVMBuildICmp(m->b, LLVMIntNE, drc, kpi_cg_i32(m, 0), "date.empty"), skip, "dated");

    LLVMValueRef *value_slot = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, ncol + 1);
    LLVMValueRef *present_slot = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, ncol + 1);
    for (uint32_t c = 0; c < ncol; c++) {
        LLVMValueRef need = NULL;
        for (uint32_t i = 0; i < nrm; i++) {
            const kpi_prog_metric *x = &p->metrics[rms[i].index];
            if (x->value_column != c || !needs_decimal(x->aggregate)) continue;
            LLVMValueRef flag = load_flag(m, &rms[i]);
            need = need ? LLVMBuildOr(m->b, need, flag, "need") : flag;
        }
        if (!need) continue;
        const char *col = src->columns[c];
        value_slot[c] = kpi_cg_entry_alloca(m, fn, m->t_i64, kpi_arena_printf(&m->arena, "value.%u", c));
        present_slot[c] = kpi_cg_entry_alloca(m, fn, m->t_i1, kpi_arena_printf(&m->arena, "present.%u", c));
        LLVMBuildStore(m->b, LLVMConstInt(m->t_i1, 0, 0), present_slot[c]);
        LLVMBasicBlockRef convert = kpi_cg_block(m, fn, kpi_arena_printf(&m->arena, "convert.%s", col));
        LLVMBasicBlockRef after = kpi_cg_block(m, fn, kpi_arena_printf(&m->arena, "converted.%s", col));
        LLVMBuildCondBr(m->b, need, convert, after);
        kpi_cg_enter(m, convert);
        LLVMValueRef args[3] = {row, kpi_cg_i32(m, c), value_slot[c]};
        LLVMValueRef rc = kpi_cg_call(m, m->rt_field_decimal, args, 3, "rc");
        branch_off(m, fn, LLVMBuildICmp(m->b, LLVMIntSLT, rc, kpi_cg_i32(m, 0), "bad"), fail, "decimal.ok");
        LLVMBuildStore(m->b, LLVMBuildICmp(m->b, LLVMIntEQ, rc, kpi_cg_i32(m, 0), "present"),
                       present_slot[c]);
        LLVMBuildBr(m->b, after);
        kpi_cg_enter(m, after);
    }

    /* 4. accumulate */
    LLVMValueRef day = LLVMBuildLoad2(m->b, m->t_i32, day_slot, "day.v");
    LLVMValueRef cargs[2] = {ctx, day};
    LLVMValueRef cells = kpi_cg_call(m, m->rt_day_cells, cargs, 2, "cells");
    branch_off(m, fn, LLVMBuildIsNull(m->b, cells, "no_cells"), fail, "have_cells");
    for (uint32_t i = 0; i < nrm; i++)
        accumulate(m, fn, ctx, row, &rms[i], cells, day, value_slot, present_slot, fail);
    LLVMBuildRet(m->b, kpi_cg_i32(m, 0));
    /* the two exits read best at the end */
    LLVMMoveBasicBlockAfter(skip, LLVMGetLastBasicBlock(fn));
    LLVMMoveBasicBlockAfter(fail, skip);
}

void kpi_cg_lower_rows(kpi_cg_module *m) {
    const kpi_program *p = m->program;
    m->row_fns = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, p->source_count + 1);
    static const char *const params[2] = {"ctx", "row"};
    for (uint32_t s = 0; s < p->source_count; s++) {
        char *name = kpi_arena_printf(&m->arena, "kpi.row.%s", p->sources[s].name);
        m->row_fns[s] = kpi_cg_define(m, name, m->t_row_fn, params);
        lower_row(m, s);
    }
}
