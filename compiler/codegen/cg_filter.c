/*
** cg_filter.c: `where` filters lowered to branches.
**
** A filter becomes jumping code: each comparison branches to the block for
** "row passes" or "row fails", `and`/`or` short-circuit by chaining blocks,
** `not` swaps the two targets. No boolean is materialised and a numeric field
** is converted only when the comparisons before it have not decided already.
**
** Text comparisons use the field's bytes as the runtime found them (no copy):
** equal when the length matches the constant's and memcmp says so. Numeric
** comparisons convert the field with kpirt_field_number; an empty field
** makes the metric's whole filter fail, whatever `not` or `or` surround the
** comparison (like SQL's NULL, which a WHERE never keeps; unlike SQL, an
** `or` with a true other side does not rescue it). A malformed field is a
** bad row (branch to on_error, where the row function returns -1).
**
** A long `in` list is one call to kpirt_text_in, a binary search over its
** values sorted into one constant blob: a chain of comparisons is linear per
** row and, at -O2, costs LLVM super-linear time (8,000 values took 17.5 s,
** 100,000 over 300 s). Up to IN_CHAIN_MAX values stay a chain of
** comparisons, which the optimiser turns into a switch on the length.
*/
#include <stdlib.h>
#include <string.h>

#include "cg_internal.h"

void kpi_cg_filter_text_columns(const kpi_prog_filter *f, bool *uses_text) {
    if (!f) return;
    switch (f->kind) {
    case KPI_PF_TEXT_CMP:
    case KPI_PF_IN: uses_text[f->column] = true; break;
    case KPI_PF_NUM_CMP: break;
    case KPI_PF_AND:
    case KPI_PF_OR:
        kpi_cg_filter_text_columns(f->lhs, uses_text);
        kpi_cg_filter_text_columns(f->rhs, uses_text);
        break;
    case KPI_PF_NOT: kpi_cg_filter_text_columns(f->lhs, uses_text); break;
    }
}

/* Branches on field == text (both as byte strings). */
static void text_equal(kpi_cg_module *m, const kpi_cg_filter_env *env, uint32_t column, const char *text,
                       LLVMBasicBlockRef eq, LLVMBasicBlockRef ne) {
    size_t n = strlen(text);
    LLVMValueRef len = LLVMBuildLoad2(m->b, m->t_i64, env->text_len[column], "len");
    LLVMValueRef same_len = LLVMBuildICmp(m->b, LLVMIntEQ, len, kpi_cg_i64(m, (int64_t)n), "same_len");
    if (n == 0) {
        LLVMBuildCondBr(m->b, same_len, eq, ne);
        return;
    }
    LLVMBasicBlockRef bytes = kpi_cg_block(m, env->fn, "cmp.bytes");
    LLVMBuildCondBr(m->b, same_len, bytes, ne);
    kpi_cg_enter(m, bytes);
    LLVMValueRef ptr = LLVMBuildLoad2(m->b, m->t_str, env->text_ptr[column], "text");
    LLVMValueRef args[3] = {ptr, kpi_cg_bytes(m, text, n), kpi_cg_i64(m, (int64_t)n)};
    LLVMValueRef diff = kpi_cg_call(m, m->c_memcmp, args, 3, "diff");
    LLVMValueRef same = LLVMBuildICmp(m->b, LLVMIntEQ, diff, kpi_cg_i32(m, 0), "same");
    LLVMBuildCondBr(m->b, same, eq, ne);
}

#define IN_CHAIN_MAX 8

/* Shorter first, then by bytes: the order kpirt_text_in searches. */
static int key_order(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    if (lx != ly) return lx < ly ? -1 : 1;
    return memcmp(x, y, lx);
}

/* Branches on "field is one of the values" with one runtime call over a sorted table. */
static void text_in_table(kpi_cg_module *m, const kpi_cg_filter_env *env, const kpi_prog_filter *f,
                          LLVMBasicBlockRef member, LLVMBasicBlockRef outsider) {
    uint32_t n = f->text_count;
    const char **keys = KPI_NEW_ARRAY(&m->arena, const char *, n);
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        keys[i] = f->texts[i];
        total += strlen(f->texts[i]);
    }
    qsort(keys, n, sizeof *keys, key_order);
    char *blob = kpi_arena_alloc(&m->arena, total + 1);
    LLVMValueRef *offsets = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, n + 1);
    size_t at = 0;
    for (uint32_t i = 0; i < n; i++) {
        offsets[i] = kpi_cg_i64(m, (int64_t)at);
        size_t len = strlen(keys[i]);
        memcpy(blob + at, keys[i], len);
        at += len;
    }
    offsets[n] = kpi_cg_i64(m, (int64_t)at);
    LLVMTypeRef table_type = LLVMArrayType(m->t_i64, n + 1);
    LLVMValueRef table = LLVMAddGlobal(m->mod, table_type, "in.offsets");
    LLVMSetInitializer(table, LLVMConstArray(m->t_i64, offsets, n + 1));
    LLVMSetGlobalConstant(table, 1);
    LLVMSetLinkage(table, LLVMPrivateLinkage);
    LLVMValueRef zero[2] = {kpi_cg_i32(m, 0), kpi_cg_i32(m, 0)};
    LLVMValueRef args[5] = {LLVMBuildLoad2(m->b, m->t_str, env->text_ptr[f->column], "text"),
                            LLVMBuildLoad2(m->b, m->t_i64, env->text_len[f->column], "len"),
                            kpi_cg_bytes(m, blob, total), LLVMConstInBoundsGEP2(table_type, table, zero, 2),
                            kpi_cg_i32(m, n)};
    LLVMValueRef rc = kpi_cg_call(m, m->rt_text_in, args, 5, "in");
    LLVMValueRef hit = LLVMBuildICmp(m->b, LLVMIntNE, rc, kpi_cg_i32(m, 0), "is.member");
    LLVMBuildCondBr(m->b, hit, member, outsider);
}

static LLVMRealPredicate real_predicate(kpi_prog_cmp op) {
    switch (op) {
    case KPI_PCMP_EQ: return LLVMRealOEQ;
    case KPI_PCMP_NE: return LLVMRealONE;
    case KPI_PCMP_LT: return LLVMRealOLT;
    case KPI_PCMP_LE: return LLVMRealOLE;
    case KPI_PCMP_GT: return LLVMRealOGT;
    case KPI_PCMP_GE:
    case KPI_PCMP_COUNT: break;
    }
    return LLVMRealOGE;
}

static void number_compare(kpi_cg_module *m, const kpi_cg_filter_env *env, const kpi_prog_filter *f,
                           LLVMBasicBlockRef on_true, LLVMBasicBlockRef on_false) {
    LLVMValueRef args[3] = {env->row, kpi_cg_i32(m, f->column), env->number_slot};
    LLVMValueRef rc = kpi_cg_call(m, m->rt_field_number, args, 3, "rc");
    LLVMBasicBlockRef converted = kpi_cg_block(m, env->fn, "num.ok");
    LLVMBasicBlockRef present = kpi_cg_block(m, env->fn, "num.present");
    LLVMValueRef bad = LLVMBuildICmp(m->b, LLVMIntSLT, rc, kpi_cg_i32(m, 0), "bad");
    LLVMBuildCondBr(m->b, bad, env->on_error, converted);
    kpi_cg_enter(m, converted);
    LLVMValueRef empty = LLVMBuildICmp(m->b, LLVMIntNE, rc, kpi_cg_i32(m, 0), "empty");
    LLVMBuildCondBr(m->b, empty, env->on_empty, present);
    kpi_cg_enter(m, present);
    LLVMValueRef v = LLVMBuildLoad2(m->b, m->t_f64, env->number_slot, "v");
    LLVMValueRef hit = LLVMBuildFCmp(m->b, real_predicate(f->op), v, kpi_cg_f64(m, f->number), "hit");
    LLVMBuildCondBr(m->b, hit, on_true, on_false);
}

void kpi_cg_lower_filter(kpi_cg_module *m, const kpi_cg_filter_env *env, const kpi_prog_filter *f,
                         LLVMBasicBlockRef on_true, LLVMBasicBlockRef on_false) {
    switch (f->kind) {
    case KPI_PF_TEXT_CMP:
        /* sema admits only = and != on text */
        if (f->op == KPI_PCMP_NE) text_equal(m, env, f->column, f->text, on_false, on_true);
        else text_equal(m, env, f->column, f->text, on_true, on_false);
        return;
    case KPI_PF_NUM_CMP: number_compare(m, env, f, on_true, on_false); return;
    case KPI_PF_IN: {
        LLVMBasicBlockRef member = f->negated ? on_false : on_true;
        LLVMBasicBlockRef outsider = f->negated ? on_true : on_false;
        if (f->text_count > IN_CHAIN_MAX) {
            text_in_table(m, env, f, member, outsider);
            return;
        }
        for (uint32_t i = 0; i < f->text_count; i++) {
            LLVMBasicBlockRef next = i + 1 < f->text_count ? kpi_cg_block(m, env->fn, "in.next") : outsider;
            text_equal(m, env, f->column, f->texts[i], member, next);
            if (next != outsider) kpi_cg_enter(m, next);
        }
        if (f->text_count == 0) LLVMBuildBr(m->b, outsider);
        return;
    }
    case KPI_PF_AND: {
        LLVMBasicBlockRef rhs = kpi_cg_block(m, env->fn, "and.rhs");
        kpi_cg_lower_filter(m, env, f->lhs, rhs, on_false);
        kpi_cg_enter(m, rhs);
        kpi_cg_lower_filter(m, env, f->rhs, on_true, on_false);
        return;
    }
    case KPI_PF_OR: {
        LLVMBasicBlockRef rhs = kpi_cg_block(m, env->fn, "or.rhs");
        kpi_cg_lower_filter(m, env, f->lhs, on_true, rhs);
        kpi_cg_enter(m, rhs);
        kpi_cg_lower_filter(m, env, f->rhs, on_true, on_false);
        return;
    }
    case KPI_PF_NOT: kpi_cg_lower_filter(m, env, f->lhs, on_false, on_true); return;
    }
}
