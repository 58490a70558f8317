/*
** cg_metric.c: the value of every metric in one period.
**
** Each metric gets  i32 kpi.metric.<name>(ctx, g, period, double *out)  with
** the convention of kpirt_base_value: 1 with *out set, 0 for "no value".
** A base metric asks the runtime for its rolled-up aggregate. A derived
** metric is its formula compiled to straight-line code over the values of
** the metrics it names, computed after aggregation, per period: a ratio is
** sum/sum, never a mean of ratios. A base operand is a direct call (which
** the optimiser inlines); a derived operand is asked of the runtime's
** kpirt_derived_value, which computes it once per evaluation: direct calls
** would compute an operand shared down a chain (`w3 = w2 + w1`,
** `w2 = w1 + w0`, ...) once per path to it, exponentially often.
**
** "No value" propagates: an operand without a value, a division by zero, or
** a result that is not finite makes the whole formula have no value, which
** the report shows as such instead of a made-up 0 or inf.
**
** kpi.metric_value(ctx, metric, g, period, out), the descriptor's
** metric_value, is a switch over the metric index into these functions.
*/
#include <math.h>

#include "cg_internal.h"

void kpi_cg_declare_metrics(kpi_cg_module *m) {
    const kpi_program *p = m->program;
    m->metric_fns = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, p->metric_count + 1);
    static const char *const params[4] = {"ctx", "g", "period", "out"};
    for (uint32_t i = 0; i < p->metric_count; i++) {
        char *name = kpi_arena_printf(&m->arena, "kpi.metric.%s", p->metrics[i].name);
        m->metric_fns[i] = kpi_cg_define(m, name, m->t_metric_fn, params);
    }
}

/* A value and whether it exists. */
typedef struct opt_value {
    LLVMValueRef v;   /* double */
    LLVMValueRef has; /* i1 */
} opt_value;

static opt_value lower_expr(kpi_cg_module *m, LLVMValueRef fn, const kpi_prog_expr *e) {
    LLVMValueRef yes = LLVMConstInt(m->t_i1, 1, 0);
    switch (e->kind) {
    case KPI_PE_NUMBER: return (opt_value){kpi_cg_f64(m, e->number), yes};
    case KPI_PE_METRIC: {
        const char *name = m->program->metrics[e->metric].name;
        LLVMValueRef slot = kpi_cg_entry_alloca(m, fn, m->t_f64, name);
        LLVMBuildStore(m->b, kpi_cg_f64(m, 0.0), slot);
        LLVMValueRef rc;
        if (m->program->metrics[e->metric].is_base) {
            LLVMValueRef args[4] = {LLVMGetParam(fn, 0), LLVMGetParam(fn, 1), LLVMGetParam(fn, 2), slot};
            rc = LLVMBuildCall2(m->b, m->t_metric_fn, m->metric_fns[e->metric], args, 4, "rc");
        } else {
            LLVMValueRef args[5] = {LLVMGetParam(fn, 0), kpi_cg_i32(m, e->metric), LLVMGetParam(fn, 1),
                                    LLVMGetParam(fn, 2), slot};
            rc = kpi_cg_call(m, m->rt_derived_value, args, 5, "rc");
        }
        LLVMValueRef has = LLVMBuildICmp(m->b, LLVMIntNE, rc, kpi_cg_i32(m, 0), "has");
        return (opt_value){LLVMBuildLoad2(m->b, m->t_f64, slot, name), has};
    }
    case KPI_PE_NEG: {
        opt_value x = lower_expr(m, fn, e->lhs);
        return (opt_value){LLVMBuildFNeg(m->b, x.v, "neg"), x.has};
    }
    default: break;
    }
    opt_value l = lower_expr(m, fn, e->lhs);
    opt_value r = lower_expr(m, fn, e->rhs);
    LLVMValueRef has = LLVMBuildAnd(m->b, l.has, r.has, "has");
    switch (e->kind) {
    case KPI_PE_ADD: return (opt_value){LLVMBuildFAdd(m->b, l.v, r.v, "add"), has};
    case KPI_PE_SUB: return (opt_value){LLVMBuildFSub(m->b, l.v, r.v, "sub"), has};
    case KPI_PE_MUL: return (opt_value){LLVMBuildFMul(m->b, l.v, r.v, "mul"), has};
    default: {
        LLVMValueRef nonzero = LLVMBuildFCmp(m->b, LLVMRealONE, r.v, kpi_cg_f64(m, 0.0), "nonzero");
        /* divide by 1 instead of 0 so no inf is ever computed; the flag says "no value" */
        LLVMValueRef divisor = LLVMBuildSelect(m->b, nonzero, r.v, kpi_cg_f64(m, 1.0), "divisor");
        return (opt_value){LLVMBuildFDiv(m->b, l.v, divisor, "div"), LLVMBuildAnd(m->b, has, nonzero, "has")};
    }
    }
}

static void lower_base(kpi_cg_module *m, uint32_t i) {
    LLVMValueRef fn = m->metric_fns[i];
    kpi_cg_enter(m, kpi_cg_block(m, fn, "entry"));
    LLVMValueRef args[5] = {LLVMGetParam(fn, 0), kpi_cg_i32(m, i), LLVMGetParam(fn, 1), LLVMGetParam(fn, 2),
                            LLVMGetParam(fn, 3)};
    LLVMValueRef rc = kpi_cg_call(m, m->rt_base_value, args, 5, "rc");
    LLVMSetTailCall(rc, 1);
    LLVMBuildRet(m->b, rc);
}

static void lower_derived(kpi_cg_module *m, uint32_t i) {
    LLVMValueRef fn = m->metric_fns[i];
    kpi_cg_enter(m, kpi_cg_block(m, fn, "entry"));
    if (!m->program->metrics[i].formula) { /* sema never produces this; stay defined */
        LLVMBuildRet(m->b, kpi_cg_i32(m, 0));
        return;
    }
    opt_value x = lower_expr(m, fn, m->program->metrics[i].formula);
    LLVMValueRef magnitude = kpi_cg_call(m, m->i_fabs, &x.v, 1, "magnitude");
    LLVMValueRef finite = LLVMBuildFCmp(m->b, LLVMRealOLT, magnitude, kpi_cg_f64(m, INFINITY), "finite");
    LLVMValueRef has = LLVMBuildAnd(m->b, x.has, finite, "has.value");
    LLVMBasicBlockRef store = kpi_cg_block(m, fn, "value");
    LLVMBasicBlockRef none = kpi_cg_block(m, fn, "no_value");
    LLVMBuildCondBr(m->b, has, store, none);
    kpi_cg_enter(m, store);
    LLVMBuildStore(m->b, x.v, LLVMGetParam(fn, 3));
    LLVMBuildRet(m->b, kpi_cg_i32(m, 1));
    kpi_cg_enter(m, none);
    LLVMBuildRet(m->b, kpi_cg_i32(m, 0));
}

static void lower_metric_value(kpi_cg_module *m) {
    const kpi_program *p = m->program;
    static const char *const params[5] = {"ctx", "metric", "g", "period", "out"};
    LLVMValueRef fn = kpi_cg_define(m, "kpi.metric_value", m->t_metric_value_fn, params);
    m->metric_value_fn = fn;
    LLVMBasicBlockRef entry = kpi_cg_block(m, fn, "entry");
    LLVMBasicBlockRef unknown = kpi_cg_block(m, fn, "unknown");
    LLVMPositionBuilderAtEnd(m->b, entry);
    LLVMValueRef sw = LLVMBuildSwitch(m->b, LLVMGetParam(fn, 1), unknown, p->metric_count);
    for (uint32_t i = 0; i < p->metric_count; i++) {
        LLVMBasicBlockRef bb = kpi_cg_block(m, fn, p->metrics[i].name);
        LLVMAddCase(sw, kpi_cg_i32(m, i), bb);
        kpi_cg_enter(m, bb);
        LLVMValueRef args[4] = {LLVMGetParam(fn, 0), LLVMGetParam(fn, 2), LLVMGetParam(fn, 3),
                                LLVMGetParam(fn, 4)};
        LLVMValueRef rc = LLVMBuildCall2(m->b, m->t_metric_fn, m->metric_fns[i], args, 4, "rc");
        LLVMBuildRet(m->b, rc);
    }
    kpi_cg_enter(m, unknown);
    LLVMBuildRet(m->b, kpi_cg_i32(m, 0));
}

void kpi_cg_lower_metrics(kpi_cg_module *m) {
    const kpi_program *p = m->program;
    for (uint32_t i = 0; i < p->metric_count; i++) {
        if (p->metrics[i].is_base) lower_base(m, i);
        else lower_derived(m, i);
    }
    lower_metric_value(m);
}
