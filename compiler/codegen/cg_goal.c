/*
** cg_goal.c: the target of every goal as a compiled function.
**
** double kpi.target.<goal>(double baseline) returns the value the goal aims
** at, given the baseline the runtime measured (or the declared one). The rule
** itself belongs to libkpirt (kpirt_goal_target in kpirt_abi.h, shared with
** kpic's checks and the status rules), so the function only passes the
** goal's verb, amount kind and amount to kpirt_goal_target_value, which
** returns NaN when the goal has no target (a relative change of a zero
** baseline). `keep` goals (a band, no target) and goals without an amount (a
** driver that only names its metric) get no function: their descriptor's
** target is NULL and the runtime reports no target.
*/
#include "cg_internal.h"

static void lower_target(kpi_cg_module *m, uint32_t i) {
    const kpi_prog_goal *g = &m->program->goals[i];
    if (g->verb == KPIRT_VERB_KEEP || g->amount_kind == KPIRT_AMOUNT_NONE) return;
    static const char *const params[1] = {"baseline"};
    char *name = kpi_arena_printf(&m->arena, "kpi.target.%s", g->name);
    LLVMValueRef fn = kpi_cg_define(m, name, m->t_target_fn, params);
    m->target_fns[i] = fn;
    LLVMPositionBuilderAtEnd(m->b, kpi_cg_block(m, fn, "entry"));
    LLVMValueRef args[4] = {kpi_cg_i32(m, g->verb), kpi_cg_i32(m, g->amount_kind), kpi_cg_f64(m, g->amount),
                            LLVMGetParam(fn, 0)};
    LLVMBuildRet(m->b, kpi_cg_call(m, m->rt_goal_target_value, args, 4, "target"));
}

void kpi_cg_lower_targets(kpi_cg_module *m) {
    const kpi_program *p = m->program;
    m->target_fns = KPI_NEW_ARRAY(&m->arena, LLVMValueRef, p->goal_count + 1);
    for (uint32_t i = 0; i < p->goal_count; i++) lower_target(m, i);
}
