/*
** eval.c: the status rules, written once for every evaluator.
**
** Given a goal and the value of its metric in any period of its review
** granularity, compute baseline, target, current, expected, progress,
** status and the projection exactly as docs/evaluation.md defines them.
** Generated code supplies only the numbers (metric formulas and the target
** function); every judgement is made here.
*/
#include "kpirt_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[KPIRT_STATUS_COUNT] = {
    NULL, "not_started", "no_data", "achieved", "on_track", "at_risk", "off_track", "missed", "ok", "breached",
    "stale",
};
static const char *const status_words[KPIRT_STATUS_COUNT] = {
    "", "not started", "no data", "achieved", "on track", "at risk", "off track", "missed", "ok", "breached",
    "stale",
};

const char *kpirt_status_name(kpirt_status s)
{
    return (unsigned)s < KPIRT_STATUS_COUNT ? status_names[s] : NULL;
}

const char *kpirt_status_words(kpirt_status s)
{
    return (unsigned)s < KPIRT_STATUS_COUNT ? status_words[s] : "";
}

kpirt_status kpirt_status_parse(const char *name, size_t len)
{
    for (int s = 1; s < KPIRT_STATUS_COUNT; s++)
        if (strlen(status_names[s]) == len && memcmp(status_names[s], name, len) == 0) return (kpirt_status)s;
    return KPIRT_STATUS_NONE;
}

/*
** Values that are equal in decimal may differ in the last bits of a double
** (0.1 * 3 != 0.3); comparisons allow a relative error of 1e-9.
*/
static double slack(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return 1e-9 * (m > 1 ? m : 1);
}

static bool at_least(double a, double b)
{
    return a >= b - slack(a, b);
}

static kpirt_opt some(double v)
{
    return (kpirt_opt){.has = isfinite(v), .v = isfinite(v) ? v : 0};
}

static const kpirt_opt none = {false, 0};

/* Which way is better: +1 for raise, -1 for lower, the planned change's sign for reach. */
static double direction(const kpirt_goal_desc *g, double baseline, double target)
{
    if (g->verb == KPIRT_VERB_RAISE) return 1;
    if (g->verb == KPIRT_VERB_LOWER) return -1;
    return target < baseline ? -1 : 1;
}

static bool keep_holds(const kpirt_goal_desc *g, double v)
{
    switch (g->keep_kind) {
    case KPIRT_KEEP_BELOW: return at_least(g->keep_high, v);
    case KPIRT_KEEP_ABOVE: return at_least(v, g->keep_low);
    case KPIRT_KEEP_BETWEEN: return at_least(v, g->keep_low) && at_least(g->keep_high, v);
    }
    return false;
}

/* The status a final value earns against the target (deadline and projection). */
static kpirt_status final_status(const kpirt_goal_desc *g, double value, double baseline, double target)
{
    if (g->verb == KPIRT_VERB_KEEP) return keep_holds(g, value) ? KPIRT_STATUS_OK : KPIRT_STATUS_BREACHED;
    double d = direction(g, baseline, target);
    return at_least(d * value, d * target) ? KPIRT_STATUS_ACHIEVED : KPIRT_STATUS_MISSED;
}

static void project(const kpirt_goal_desc *g, kpirt_goal_report *out, int32_t start_p, int32_t deadline_p)
{
    double *x = kpirt_xmalloc((out->series_count + 1) * sizeof *x);
    double *y = kpirt_xmalloc((out->series_count + 1) * sizeof *y);
    size_t n = 0;
    for (uint32_t i = 0; i < out->series_count; i++) {
        if (!out->series[i].value.has) continue;
        x[n] = out->series[i].period - start_p;
        y[n] = out->series[i].value.v;
        n++;
    }
    double slope, intercept;
    if (kpirt_least_squares(x, y, n, &slope, &intercept)) {
        out->projection = some(intercept + slope * (deadline_p - start_p));
        if (out->projection.has && (g->verb == KPIRT_VERB_KEEP || (out->target.has && out->baseline.has)))
            out->projection_status = final_status(g, out->projection.v, out->baseline.v, out->target.v);
    }
    free(x);
    free(y);
}

/*
** A goal without an amount (a driver that only names its metric) aims at any
** move in its direction: on track while current is at least the baseline,
** achieved at the deadline when current is beyond it.
*/
static void judge_direction_only(const kpirt_goal_desc *g, kpirt_day as_of, kpirt_goal_report *out)
{
    if (!out->baseline.has || !out->current.has) {
        out->status = KPIRT_STATUS_NO_DATA;
        return;
    }
    double d = g->verb == KPIRT_VERB_LOWER ? -1 : 1;
    double b = out->baseline.v, c = out->current.v;
    bool beyond = !at_least(d * b, d * c);
    if (out->projection.has)
        out->projection_status = !at_least(d * b, d * out->projection.v) ? KPIRT_STATUS_ACHIEVED : KPIRT_STATUS_MISSED;
    if (as_of >= g->deadline)
        out->status = beyond ? KPIRT_STATUS_ACHIEVED : KPIRT_STATUS_MISSED;
    else
        out->status = at_least(d * c, d * b) ? KPIRT_STATUS_ON_TRACK : KPIRT_STATUS_OFF_TRACK;
}

static void evaluate_goal(const kpirt_goal_desc *g, kpirt_day as_of, kpirt_value_fn value, void *user,
                          kpirt_goal_report *out);

/* Every no_data says which number is missing, so a user knows what to fix. */
static void explain_no_data(const kpirt_goal_desc *g, kpirt_goal_report *out)
{
    if (out->status != KPIRT_STATUS_NO_DATA || out->reason[0]) return;
    char before[KPIRT_LABEL_MAX];
    kpirt_period_label(kpirt_last_complete_period(g->start - 1, g->review), g->review, before);
    if (g->verb != KPIRT_VERB_KEEP && !out->baseline.has)
        snprintf(out->reason, sizeof out->reason, "no baseline: no value in %s, the period before the start "
                 "(or declare `baseline`)", before);
    else if (!out->current.has)
        snprintf(out->reason, sizeof out->reason, "no value in the current period %s", out->current_label);
    else
        snprintf(out->reason, sizeof out->reason, "no target");
}

void kpirt_evaluate_goal(const kpirt_goal_desc *g, kpirt_day as_of, kpirt_value_fn value, void *user,
                         kpirt_goal_report *out)
{
    evaluate_goal(g, as_of, value, user, out);
    explain_no_data(g, out);
}

static void evaluate_goal(const kpirt_goal_desc *g, kpirt_day as_of, kpirt_value_fn value, void *user,
                          kpirt_goal_report *out)
{
    kpirt_granularity gran = g->review;
    double v;

    out->goal = g;
    out->name = g->name;
    out->title = g->title;
    out->owner = g->owner;
    out->start = g->start;
    out->deadline = g->deadline;
    out->review = gran;
    out->parent = g->parent;
    out->baseline = out->target = out->current = out->expected = out->progress = out->projection = none;
    out->status = out->projection_status = KPIRT_STATUS_NONE;
    out->series = NULL;
    out->series_count = 0;
    out->current_label[0] = 0;
    out->reason[0] = 0;
    out->days_left = g->deadline > as_of ? g->deadline - as_of : 0;

    /*
    ** A goal checked with --draft may lack a start or a deadline: it cannot be
    ** judged, and the report says so rather than measure from an absent day.
    */
    const char *undated = g->start == KPIRT_NO_DAY      ? "has no start date (add `starting DATE`)"
                          : g->deadline == KPIRT_NO_DAY ? "has no deadline (add `by DATE` or `within N months`)"
                          : g->deadline < g->start      ? "ends before it starts"
                                                        : NULL;
    if (undated) {
        out->days_left = 0;
        out->status = KPIRT_STATUS_NO_DATA;
        snprintf(out->reason, sizeof out->reason, "not judged: the goal %s", undated);
        return;
    }

    int32_t start_p = kpirt_period_of(g->start, gran);
    int32_t deadline_p = kpirt_last_complete_period(g->deadline, gran);
    if (deadline_p < start_p) deadline_p = start_p;
    int32_t current_p = kpirt_last_complete_period(as_of, gran);
    if (current_p > deadline_p) current_p = deadline_p;

    /* Baseline: declared, else the last full period before the start. */
    if (g->has_baseline)
        out->baseline = some(g->baseline);
    else if (value(user, kpirt_last_complete_period(g->start - 1, gran), &v))
        out->baseline = some(v);

    /* Target: a guard's bound, the absolute value, or computed from the baseline. */
    bool aimless = g->verb != KPIRT_VERB_KEEP && g->amount_kind == KPIRT_AMOUNT_NONE && !g->target;
    if (aimless) {
        /* a driver that names its metric without an amount: no target */
    } else if (g->verb == KPIRT_VERB_KEEP) {
        if (g->keep_kind == KPIRT_KEEP_BELOW) out->target = some(g->keep_high);
        if (g->keep_kind == KPIRT_KEEP_ABOVE) out->target = some(g->keep_low);
    } else if (out->baseline.has || g->amount_kind == KPIRT_AMOUNT_ABSOLUTE) {
        double b = out->baseline.has ? out->baseline.v : 0, t;
        kpirt_target_outcome o = kpirt_goal_target(g->verb, g->amount_kind, g->amount, b, &t);
        if (o == KPIRT_TARGET_SET && g->target) t = g->target(b);   /* the compiled rule, same result */
        if (o == KPIRT_TARGET_ZERO_BASELINE)
            snprintf(out->reason, sizeof out->reason, "the baseline is 0: a relative change of 0 has no target");
        out->target = o == KPIRT_TARGET_ZERO_BASELINE ? none : some(t);
    }

    if (as_of < g->start || current_p < start_p) {
        out->status = KPIRT_STATUS_NOT_STARTED;
        return;
    }

    /* The series: every period from the start to the current one. */
    out->series_count = (uint32_t)(current_p - start_p + 1);
    out->series = kpirt_xcalloc(out->series_count, sizeof *out->series);
    for (uint32_t i = 0; i < out->series_count; i++) {
        kpirt_series_point *pt = &out->series[i];
        pt->period = start_p + (int32_t)i;
        kpirt_period_label(pt->period, gran, pt->label);
        if (value(user, pt->period, &v)) pt->value = some(v);
    }
    out->current = out->series[out->series_count - 1].value;
    out->current_period = current_p;
    kpirt_period_label(current_p, gran, out->current_label);

    project(g, out, start_p, deadline_p);

    if (g->verb == KPIRT_VERB_KEEP) {
        out->status = !out->current.has ? KPIRT_STATUS_NO_DATA
                      : keep_holds(g, out->current.v) ? KPIRT_STATUS_OK : KPIRT_STATUS_BREACHED;
        return;
    }
    if (aimless) {
        judge_direction_only(g, as_of, out);
        return;
    }
    if (!out->baseline.has || !out->target.has) {
        out->status = KPIRT_STATUS_NO_DATA;
        return;
    }

    double b = out->baseline.v, t = out->target.v;
    double d = direction(g, b, t);
    double share = (double)(current_p - start_p + 1) / (double)(deadline_p - start_p + 1);
    /*
    ** A target that does not lie ahead of the baseline in the goal's
    ** direction (`raise revenue to 1M` from 2M) plans no change: the goal
    ** asks to be at or beyond it. It expects the target itself and has no
    ** progress, so that progress and status never point different ways.
    */
    bool planned = d * (t - b) > 0;
    out->expected = some(planned ? b + share * (t - b) : t);
    if (!out->current.has) {
        out->status = KPIRT_STATUS_NO_DATA;
        return;
    }
    double c = out->current.v;
    if (planned) out->progress = some((c - b) / (t - b));

    if (as_of >= g->deadline) {
        out->status = final_status(g, c, b, t);
        return;
    }
    double e = out->expected.v;
    if (at_least(d * c, d * e))
        out->status = KPIRT_STATUS_ON_TRACK;
    else if (at_least(g->tolerance * fabs(t - b), d * (e - c)))
        out->status = KPIRT_STATUS_AT_RISK;
    else
        out->status = KPIRT_STATUS_OFF_TRACK;
}
