/*
** target.c: the goal target rule, written once for kpic and every evaluator.
**
** Semantic analysis (realism checks on declared baselines), lowering, the
** compiled target functions and the status rules all ask this file what a
** goal aims at, so the compiler and the report can never disagree about it.
** docs/evaluation.md ("Target") is the reference.
*/
#include "kpirt_internal.h"

#include <math.h>

double kpirt_goal_change(kpirt_verb verb, double amount) {
    switch (verb) {
    case KPIRT_VERB_RAISE: return fabs(amount);
    case KPIRT_VERB_LOWER: return -fabs(amount);
    case KPIRT_VERB_REACH: return amount;
    case KPIRT_VERB_KEEP: return 0;
    }
    return 0;
}

kpirt_target_outcome kpirt_goal_target(kpirt_verb verb, kpirt_amount_kind kind, double amount,
                                       double baseline, double *target) {
    *target = NAN;
    if (verb == KPIRT_VERB_KEEP) return KPIRT_TARGET_NONE;
    double change = kpirt_goal_change(verb, amount);
    switch (kind) {
    case KPIRT_AMOUNT_NONE: return KPIRT_TARGET_NONE;
    case KPIRT_AMOUNT_ABSOLUTE: *target = amount; return KPIRT_TARGET_SET;
    case KPIRT_AMOUNT_POINTS: *target = baseline + change; break;
    case KPIRT_AMOUNT_RELATIVE:
        /* a share of nothing is nothing: no direction can be read from 0 */
        if (baseline == 0) return KPIRT_TARGET_ZERO_BASELINE;
        *target = baseline + fabs(baseline) * change;
        break;
    }
    return isfinite(*target) ? KPIRT_TARGET_SET : KPIRT_TARGET_NONE;
}

double kpirt_goal_target_value(kpirt_verb verb, kpirt_amount_kind kind, double amount, double baseline) {
    double t;
    return kpirt_goal_target(verb, kind, amount, baseline, &t) == KPIRT_TARGET_SET ? t : NAN;
}
