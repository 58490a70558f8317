/*
** budget.c: a goal's budget against what its metric spent, and whether it
** lasts to the deadline at the current pace (docs/evaluation.md, "Budgets").
**
** The spend is the total of the spending metric over the goal's review
** periods from the start period to the current one, the periods the goal
** itself is judged on, so a report computed by a database (--periods) has
** every number it needs. The pacing is the share of the budget that should
** be gone by then: last year's share of the spending over the same periods
** when the data holds every one of them (the rule of a cumulative goal's
** expected path, cumulative.c), else the share of the goal's periods gone.
** At that pace the spend reaches spent / share by the deadline; beyond the
** budget is `overspend`.
*/
#include "kpirt_internal.h"

#include <math.h>

/* A unit written as an ISO 4217 code (EUR, USD) is money; sema accepts no other three capitals. */
static kpirt_unit_kind unit_kind_of(const char *unit) {
    bool code = unit && unit[0] >= 'A' && unit[0] <= 'Z' && unit[1] >= 'A' && unit[1] <= 'Z' &&
                unit[2] >= 'A' && unit[2] <= 'Z' && unit[3] == 0;
    return code ? KPIRT_UNIT_MONEY : KPIRT_UNIT_NUMBER;
}

void kpirt_judge_budget(const kpirt_goal_desc *g, const kpirt_metric_desc *spender, kpirt_opt_fn spend,
                        void *user, kpirt_goal_report *out) {
    kpirt_budget_report *b = &out->budget;
    *b = (kpirt_budget_report){.status = KPIRT_STATUS_NONE};
    if (!(g->budget > 0)) return;
    b->has = true;
    b->amount = g->budget;
    b->unit = g->budget_unit ? g->budget_unit : spender ? spender->unit : NULL;
    b->unit_kind = spender ? spender->unit_kind : unit_kind_of(g->budget_unit);
    b->metric = spender ? spender->name : NULL;
    if (!spender || !spend || out->series_count == 0) return; /* nothing to pace, or not started */

    kpirt_granularity gran = g->review;
    int32_t start_p = out->series[0].period, current_p = out->series[out->series_count - 1].period;
    int32_t deadline_p = kpirt_last_complete_period(g->deadline, gran);
    if (deadline_p < current_p) deadline_p = current_p;
    kpirt_period_label(current_p, gran, b->through);
    kpirt_cumulative total = {spend, user, start_p};
    kpirt_opt spent;
    if (kpirt_cumulative_value(&total, current_p, &spent) != 1) return; /* no period has a value */
    b->spent = spent;

    /* the share of the budget the pacing expects gone by the end of the current period */
    double share = kpirt_cumulative_shape(&total, gran, start_p, current_p, deadline_p);
    b->pacing = "last_year";
    double gone = (double)(current_p - start_p + 1), periods = (double)(deadline_p - start_p + 1);
    if (isnan(share) || share <= 0 || share > 1) {
        b->pacing = "linear";
        share = gone / periods;
    }
    b->expected = (kpirt_opt){.has = true, .v = g->budget * share};
    b->projected = (kpirt_opt){.has = true, .v = spent.v / share};
    kpirt_opt amount = {.has = true, .v = g->budget};
    /* compared at 4 decimals, as the status rules compare money (docs/evaluation.md, "Status") */
    int64_t limit = kpirt_fixed(amount, 4);
    b->status = kpirt_fixed(b->projected, 4) > limit || kpirt_fixed(spent, 4) > limit ? KPIRT_STATUS_OVERSPEND
                                                                                      : KPIRT_STATUS_OK;
}
