/*
** cg_goal.c: the target of every goal as a compiled function.
**
** double kpi.target.<goal>(double baseline) returns the value the goal aims
** at, given the baseline the runtime measured (or the declared one):
**
**   relative  baseline * (1 + change)     raise profit 20%   -> b * 1.20
**   points    baseline + change           raise conversion +0.5pp -> b + 0.005
**   absolute  the amount itself           reach revenue 1.2M EUR
**
** The direction comes from the verb, so `lower costs 10%` and
** `lower costs -10%` both aim at b * 0.90 and `raise` always aims up; `reach`
** takes the change with its sign. `keep` goals (a band, no target) and goals
** without an amount (a driver that only names its metric) get no function:
** their descriptor's target is NULL and the runtime reports no target.
*/
#include <math.h>

#include "cg_internal.h"

/* The signed change the verb asks for. */
static double directed(kpirt_verb verb, double amount) {
    if (verb == KPIRT_VERB_RAISE) return fabs(amount);
    if (verb == KPIRT_VERB_LOWER) return -fabs(amount);
    return amount;
}

static void lower_target(kpi_cg_module *m, uint32_t i) {
    const kpi_prog_goal *g = &m->program->goals[i];
    if (g->verb == KPIRT_VERB_KEEP || g->amount_kind == KPIRT_AMOUNT_NONE) return;
    static const char *const params[1] = {"baseline"};
    char *name = kpi_arena_printf(&m->arena, "kpi.target.%s", g->name);
    LLVMValueRef fn = kpi_cg_define(m, name, m->t_target_fn, params);
    m->target_fns[i] = fn;
    LLVMPositionBuilderAtEnd(m->b, kpi_cg_block(m, fn, "entry"));
    LLVMValueRef baseline = LLVMGetParam(fn, 0);
    double change = directed(g->verb, g->amount);
    LLVMValueRef target;
    switch (g->amount_kind) {
    case KPIRT_AMOUNT_RELATIVE:
        target = LLVMBuildFMul(m->b, baseline, kpi_cg_f64(m, 1.0 + change), "target");
        break;
    case KPIRT_AMOUNT_POINTS:
        target = LLVMBuildFAdd(m->b, baseline, kpi_cg_f64(m, change), "target");
        break;
    default:
        target = kpi_cg_f64(m, g->amount);
        break;
    }
    LLVMBuildRet(m->b, target);
}

void kpi_cg_lower_targets(kpi_cg_module *m) {
    const kpi_program *p = m->program;
    m->target_fns = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, p->goal_count + 1);
    for (uint32_t i = 0; i < p->goal_count; i++) lower_target(m, i);
}
