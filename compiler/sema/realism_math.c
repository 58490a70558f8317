/*
** realism_math.c: the arithmetic behind the R checks, kept apart from the
** diagnostics so that unit tests can check it against hand-computed numbers.
**
** Formulas are evaluated over an environment of known metric values; a
** derived metric without a value of its own is expanded into its formula. A
** formula is solved for one unknown metric by inverting, step by step, the
** operations on the path from the root to the one place the unknown occurs
** (profit = revenue - costs with profit and revenue known gives costs =
** revenue - profit). Growth is compound: a change c over m months is
** (1 + c)^(1/m) - 1 per month.
*/
#include "sema_internal.h"

#include <math.h>

static bool lookup(const sema_solve_env *env, const sema_metric *m, double *out) {
    for (uint32_t i = 0; i < env->count; i++) {
        if (env->metrics[i] == m) {
            *out = env->values[i];
            return true;
        }
    }
    return false;
}

static double eval_depth(const sema_expr *x, const sema_solve_env *env, int depth) {
    if (!x || depth > 64) return NAN;
    switch (x->kind) {
    case SEMA_X_NUMBER: return x->number;
    case SEMA_X_METRIC: {
        double v;
        if (!x->metric) return NAN;
        if (lookup(env, x->metric, &v)) return v;
        return x->metric->expr ? eval_depth(x->metric->expr, env, depth + 1) : NAN;
    }
    case SEMA_X_NEGATE: return -eval_depth(x->lhs, env, depth + 1);
    case SEMA_X_BINARY: break;
    }
    double l = eval_depth(x->lhs, env, depth + 1), r = eval_depth(x->rhs, env, depth + 1);
    switch (x->op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    default: return r == 0 ? NAN : l / r;
    }
}

double sema_eval(const sema_expr *expr, const sema_solve_env *env) {
    return eval_depth(expr, env, 0);
}

static unsigned occurrences_depth(const sema_expr *x, const sema_metric *m, const sema_solve_env *env,
                                  int depth) {
    if (!x || depth > 64) return 0;
    switch (x->kind) {
    case SEMA_X_NUMBER: return 0;
    case SEMA_X_METRIC: {
        double v;
        if (x->metric == m) return 1;
        if (!x->metric || lookup(env, x->metric, &v) || !x->metric->expr) return 0;
        return occurrences_depth(x->metric->expr, m, env, depth + 1);
    }
    case SEMA_X_NEGATE: return occurrences_depth(x->lhs, m, env, depth + 1);
    case SEMA_X_BINARY: break;
    }
    return occurrences_depth(x->lhs, m, env, depth + 1) + occurrences_depth(x->rhs, m, env, depth + 1);
}

unsigned sema_occurrences(const sema_expr *expr, const sema_metric *m, const sema_solve_env *env) {
    return occurrences_depth(expr, m, env, 0);
}

static double solve_depth(const sema_expr *x, const sema_metric *u, double target, const sema_solve_env *env,
                          int depth) {
    if (!x || depth > 64 || isnan(target)) return NAN;
    switch (x->kind) {
    case SEMA_X_NUMBER: return NAN;
    case SEMA_X_METRIC:
        if (x->metric == u) return target;
        if (x->metric && x->metric->expr) return solve_depth(x->metric->expr, u, target, env, depth + 1);
        return NAN;
    case SEMA_X_NEGATE: return solve_depth(x->lhs, u, -target, env, depth + 1);
    case SEMA_X_BINARY: break;
    }
    bool in_left = occurrences_depth(x->lhs, u, env, depth + 1) > 0;
    const sema_expr *with = in_left ? x->lhs : x->rhs, *other = in_left ? x->rhs : x->lhs;
    double k = eval_depth(other, env, depth + 1);
    if (isnan(k)) return NAN;
    double t;
    switch (x->op) {
    case '+': t = target - k; break;                        /* w + k = t, k + w = t */
    case '-': t = in_left ? target + k : k - target; break; /* w - k = t, k - w = t */
    case '*':
        if (k == 0) return NAN;
        t = target / k;
        break; /* w * k = t */
    default:
        if (in_left) t = target * k; /* w / k = t */
        else {
            if (target == 0) return NAN;
            t = k / target;
        } /* k / w = t */
        break;
    }
    return solve_depth(with, u, t, env, depth + 1);
}

double sema_solve(const sema_expr *expr, const sema_metric *unknown, double target,
                  const sema_solve_env *env) {
    if (sema_occurrences(expr, unknown, env) != 1) return NAN;
    return solve_depth(expr, unknown, target, env, 0);
}

double sema_monthly_growth(double change, double months) {
    if (months <= 0 || change <= -1) return NAN;
    return pow(1.0 + change, 1.0 / months) - 1.0;
}

int sema_months_needed(double change, double ceiling) {
    if (ceiling <= 0 || change <= -1 || change == 0) return 0;
    double m = change > 0 ? log(1.0 + change) / log(1.0 + ceiling) : log(1.0 + change) / log(1.0 - ceiling);
    if (ceiling >= 1 && change < 0) return 0;
    return (int)ceil(m - 1e-9);
}
