/*
** cumulative.c: the numbers of a `cumulative` goal (docs/evaluation.md,
** "Fair periods"), for eval.c's rules.
**
** A cumulative goal's value in period p is the total of its metric from the
** start period to p ("reach 1M EUR of sales in 2026"). It starts from 0, so
** its baseline is not the period before the start but last year's total
** over the same periods, and its expected path follows last year's
** cumulative shape where the data covers last year, a straight line
** otherwise. Totals are sums of the period values (sema allows
** `cumulative` only on metrics that add up: sums, counts and formulas that
** add and subtract them).
*/
#include "kpirt_internal.h"

#include <math.h>

/*
** acc += v, exact while every value added is (a measure's sum stays a
** decimal at any size up to int64); a double once one is not.
*/
static void add_value(kpirt_opt *acc, kpirt_opt v) {
    int64_t n;
    bool exact = acc->exact && v.exact && !__builtin_add_overflow(acc->scaled, v.scaled, &n);
    acc->v = exact ? (double)n / KPIRT_SCALE : acc->v + v.v;
    acc->exact = exact;
    acc->scaled = exact ? n : 0;
}

static int period_value(const kpirt_cumulative *c, int32_t p, kpirt_opt *v) {
    return c->value(c->user, p, v) == 1 && v->has;
}

int kpirt_cumulative_value(void *user, int32_t period, kpirt_opt *out) {
    const kpirt_cumulative *c = user;
    kpirt_opt total = {.has = true, .exact = true}, v;
    bool any = false;
    for (int32_t p = c->from; p <= period; p++) {
        if (!period_value(c, p, &v)) continue; /* a period without rows adds nothing */
        add_value(&total, v);
        any = true;
    }
    if (!any) return 0;
    *out = total;
    return 1;
}

/* The total over the periods first..last, each of which must have a value; else *missing is the first without. */
static bool covered_total(const kpirt_cumulative *c, int32_t first, int32_t last, kpirt_opt *total,
                          int32_t *missing) {
    kpirt_opt v;
    *total = (kpirt_opt){.has = true, .exact = true};
    for (int32_t p = first; p <= last; p++) {
        if (!period_value(c, p, &v)) {
            *missing = p;
            return false;
        }
        add_value(total, v);
    }
    return true;
}

void kpirt_cumulative_baseline(const kpirt_cumulative *c, kpirt_granularity g, int32_t start_p,
                               int32_t deadline_p, kpirt_opt *baseline, char *label, size_t label_cap,
                               char *why, size_t why_cap) {
    int32_t first = kpirt_period_year_before(start_p, g), last = kpirt_period_year_before(deadline_p, g),
            missing;
    char a[KPIRT_LABEL_MAX], b[KPIRT_LABEL_MAX], m[KPIRT_LABEL_MAX];
    kpirt_period_label(first, g, a);
    kpirt_period_label(last, g, b);
    snprintf(label, label_cap, "%s to %s", a, b);
    kpirt_opt total;
    if (covered_total(c, first, last, &total, &missing)) {
        *baseline = total;
        return;
    }
    kpirt_period_label(missing, g, m);
    snprintf(why, why_cap,
             "no baseline: no value in %s, one of the periods %s of last year's total (or declare "
             "`baseline` with a total)",
             m, label);
}

double kpirt_cumulative_shape(const kpirt_cumulative *c, kpirt_granularity g, int32_t start_p,
                              int32_t current_p, int32_t deadline_p) {
    int32_t first = kpirt_period_year_before(start_p, g), missing;
    kpirt_opt so_far, whole;
    if (!covered_total(c, first, kpirt_period_year_before(deadline_p, g), &whole, &missing) || whole.v == 0)
        return NAN;
    covered_total(c, first, kpirt_period_year_before(current_p, g), &so_far, &missing);
    double share = so_far.v / whole.v;
    return isfinite(share) ? share : NAN;
}
