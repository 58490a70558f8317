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
    NULL,     "not_started", "no_data",  "achieved", "on_track",  "at_risk",   "off_track",
    "missed", "ok",          "breached", "stale",    "uncertain", "overspend",
};
static const char *const status_words[KPIRT_STATUS_COUNT] = {
    "",       "not started", "no data",  "achieved", "on track",  "at risk",   "off track",
    "missed", "ok",          "breached", "stale",    "uncertain", "overspend",
};

const char *kpirt_status_name(kpirt_status s) {
    return (unsigned)s < KPIRT_STATUS_COUNT ? status_names[s] : NULL;
}

const char *kpirt_status_words(kpirt_status s) {
    return (unsigned)s < KPIRT_STATUS_COUNT ? status_words[s] : "";
}

kpirt_status kpirt_status_parse(const char *name, size_t len) {
    for (int s = 1; s < KPIRT_STATUS_COUNT; s++)
        if (strlen(status_names[s]) == len && memcmp(status_names[s], name, len) == 0) return (kpirt_status)s;
    return KPIRT_STATUS_NONE;
}

/*
** Comparisons are made in decimal, never with a relative slack: each side
** becomes a fixed-point integer and the integers are compared.
**
**   - Measures (a sum, count, min, max or last of a base metric) carry their
**     exact value: money and counts compare exactly, at any size.
**   - Other values (a constant of the spec, an average, a formula, a computed
**     target or expected value) are taken at the nearest fixed-point value
**     of `digits` decimals: 4 (the precision of measures) for every unit but
**     percent and ratio, 6 for those (the decimals the reports print them
**     with). That is the only tolerance: half a unit in the last decimal,
**     so 0.1 + 0.2 + 0.1 equals 0.4 and 1,000,000,000.99 is above 1e9.
*/
typedef struct judge {
    int digits; /* 4 or 6 */
} judge;

int64_t kpirt_fixed(kpirt_opt a, int digits) {
    int64_t n;
    if (a.exact && digits == 4) return a.scaled;
    if (a.exact && digits == 6 && !__builtin_mul_overflow(a.scaled, (int64_t)100, &n)) return n;
    if (kpirt_scaled_from_double(a.v, digits, &n) == 0) return n;
    return a.v < 0 ? INT64_MIN : INT64_MAX; /* beyond the range: as far as it goes */
}

static int64_t fixed_of(const judge *j, kpirt_opt a) {
    return kpirt_fixed(a, j->digits);
}

static kpirt_opt num(double v) {
    return (kpirt_opt){.has = true, .v = v};
}

/* a >= b in decimal */
static bool at_least(const judge *j, kpirt_opt a, kpirt_opt b) {
    return fixed_of(j, a) >= fixed_of(j, b);
}

/* a is at least b in direction d (+1: a >= b, -1: a <= b) */
static bool at_least_toward(const judge *j, double d, kpirt_opt a, kpirt_opt b) {
    return d > 0 ? at_least(j, a, b) : at_least(j, b, a);
}

static kpirt_opt some(double v) {
    return (kpirt_opt){.has = isfinite(v), .v = isfinite(v) ? v : 0};
}

static const kpirt_opt none = {.has = false, .v = 0};

/* Which way is better: +1 for raise, -1 for lower, the planned change's sign for reach. */
static double direction(const kpirt_goal_desc *g, double baseline, double target) {
    if (g->verb == KPIRT_VERB_RAISE) return 1;
    if (g->verb == KPIRT_VERB_LOWER) return -1;
    return target < baseline ? -1 : 1;
}

static bool keep_holds(const judge *j, const kpirt_goal_desc *g, kpirt_opt v) {
    switch (g->keep_kind) {
    case KPIRT_KEEP_BELOW: return at_least(j, num(g->keep_high), v);
    case KPIRT_KEEP_ABOVE: return at_least(j, v, num(g->keep_low));
    case KPIRT_KEEP_BETWEEN: return at_least(j, v, num(g->keep_low)) && at_least(j, num(g->keep_high), v);
    }
    return false;
}

/* The status a final value earns against the target (deadline and projection). */
static kpirt_status final_status(const judge *j, const kpirt_goal_desc *g, kpirt_opt value,
                                 kpirt_opt baseline, kpirt_opt target) {
    if (g->verb == KPIRT_VERB_KEEP) return keep_holds(j, g, value) ? KPIRT_STATUS_OK : KPIRT_STATUS_BREACHED;
    double d = direction(g, baseline.v, target.v);
    return at_least_toward(j, d, value, target) ? KPIRT_STATUS_ACHIEVED : KPIRT_STATUS_MISSED;
}

/*
** The baseline and target the deadline period is judged against: the goal's
** own, except under `baseline last year`, where they are those of the
** deadline period (its value a year earlier, and the target from that).
*/
typedef struct final_aim {
    kpirt_opt baseline, target;
} final_aim;

/* What a value at the deadline would earn: against the target (or a keep goal's bounds), or the baseline alone. */
typedef kpirt_status (*verdict_fn)(const judge *j, const kpirt_goal_desc *g, kpirt_opt value, final_aim aim);

static kpirt_status verdict_of_target(const judge *j, const kpirt_goal_desc *g, kpirt_opt value,
                                      final_aim aim) {
    return final_status(j, g, value, aim.baseline, aim.target);
}

/* A driver without an amount is achieved when it ends beyond its baseline. */
static kpirt_status verdict_of_direction(const judge *j, const kpirt_goal_desc *g, kpirt_opt value,
                                         final_aim aim) {
    double d = g->verb == KPIRT_VERB_LOWER ? -1 : 1;
    return !at_least_toward(j, d, aim.baseline, value) ? KPIRT_STATUS_ACHIEVED : KPIRT_STATUS_MISSED;
}

/*
** The projection's status: what its value earns, unless an end of its 80%
** interval would earn another, which makes it `uncertain`. The ends are
** judged with the same decimal comparisons as the value.
*/
static kpirt_status projected_status(const judge *j, const kpirt_goal_desc *g, const kpirt_goal_report *out,
                                     final_aim aim, verdict_fn verdict) {
    kpirt_status s = verdict(j, g, out->projection, aim);
    if (out->projection_low.has && out->projection_high.has &&
        (verdict(j, g, out->projection_low, aim) != s || verdict(j, g, out->projection_high, aim) != s))
        return KPIRT_STATUS_UNCERTAIN;
    return s;
}

static void project(const judge *j, const kpirt_goal_desc *g, kpirt_value_fn value, void *user,
                    kpirt_goal_report *out, int32_t start_p, int32_t deadline_p, final_aim aim) {
    kpirt_projection_in in = {.value = value,
                              .user = user,
                              .review = g->review,
                              .start_p = start_p,
                              .current_p = out->current_period,
                              .deadline_p = deadline_p,
                              .cumulative = g->cumulative != 0,
                              .so_far = g->cumulative && out->current.has ? out->current.v : 0};
    kpirt_projection p;
    kpirt_project(&in, &p);
    out->projection = p.value;
    out->projection_low = p.low;
    out->projection_high = p.high;
    out->projection_method = p.method;
    out->projection_points = p.points;
    out->projection_ratio = p.ratio;
    if (out->projection.has && (g->verb == KPIRT_VERB_KEEP || (aim.target.has && aim.baseline.has)))
        out->projection_status = projected_status(j, g, out, aim, verdict_of_target);
}

/*
** A goal without an amount (a driver that only names its metric) aims at any
** move in its direction: on track while current is at least the baseline,
** achieved at the deadline when current is beyond it.
*/
static void judge_direction_only(const judge *j, const kpirt_goal_desc *g, kpirt_day as_of,
                                 kpirt_goal_report *out) {
    if (!out->baseline.has || !out->current.has) {
        out->status = KPIRT_STATUS_NO_DATA;
        return;
    }
    double d = g->verb == KPIRT_VERB_LOWER ? -1 : 1;
    kpirt_opt b = out->baseline, c = out->current;
    bool beyond = !at_least_toward(j, d, b, c);
    if (out->projection.has)
        out->projection_status = projected_status(j, g, out, (final_aim){b, none}, verdict_of_direction);
    if (as_of >= g->deadline) out->status = beyond ? KPIRT_STATUS_ACHIEVED : KPIRT_STATUS_MISSED;
    else out->status = at_least_toward(j, d, c, b) ? KPIRT_STATUS_ON_TRACK : KPIRT_STATUS_OFF_TRACK;
}

static const char *const baseline_kind_names[] = {"previous", "declared", "last_year", "average", "period"};
_Static_assert(sizeof baseline_kind_names / sizeof *baseline_kind_names == KPIRT_BASELINE_PERIOD + 1,
               "one name per baseline kind");

const char *kpirt_baseline_kind_name(kpirt_baseline_kind kind) {
    return (unsigned)kind <= KPIRT_BASELINE_PERIOD ? baseline_kind_names[kind] : "previous";
}

void kpirt_baseline_words(const kpirt_goal_report *g, char *out, size_t cap) {
    const char *span = g->baseline_period;
    bool several = strstr(span, " to ") != NULL;
    if (cap) *out = 0;
    if ((g->goal && g->goal->verb == KPIRT_VERB_KEEP) ||
        (!*span && g->baseline_kind != KPIRT_BASELINE_DECLARED))
        return;
    switch (g->baseline_kind) {
    case KPIRT_BASELINE_DECLARED: snprintf(out, cap, "declared"); return;
    case KPIRT_BASELINE_PREVIOUS: snprintf(out, cap, "%s, the period before the start", span); return;
    case KPIRT_BASELINE_LAST_YEAR:
        if (g->cumulative) snprintf(out, cap, "last year's total, %s", span);
        else snprintf(out, cap, "%s, the same period last year", span);
        return;
    case KPIRT_BASELINE_AVERAGE: snprintf(out, cap, "%s%s", several ? "the average of " : "", span); return;
    case KPIRT_BASELINE_PERIOD: {
        /* the period as the spec names it ("2025-Q4", "2025"), then the review periods averaged */
        char named[KPIRT_LABEL_MAX] = "";
        for (int gran = KPIRT_YEAR; gran >= KPIRT_DAY && g->goal && !named[0]; gran--) {
            int32_t p = kpirt_period_of(g->goal->baseline_from, (kpirt_granularity)gran);
            if (kpirt_period_first_day(p, (kpirt_granularity)gran) == g->goal->baseline_from &&
                kpirt_period_last_day(p, (kpirt_granularity)gran) == g->goal->baseline_to)
                kpirt_period_label(p, (kpirt_granularity)gran, named);
        }
        if (several && named[0]) snprintf(out, cap, "%s, the average of %s", named, span);
        else snprintf(out, cap, "%s%s", several ? "the average of " : "", span);
        return;
    }
    }
}

/* A declared amount wins whatever the kind says (descriptors written before ABI 4 set only has_baseline). */
static kpirt_baseline_kind baseline_kind_of(const kpirt_goal_desc *g) {
    if (g->has_baseline) return KPIRT_BASELINE_DECLARED;
    return (unsigned)g->baseline_kind <= KPIRT_BASELINE_PERIOD && g->baseline_kind != KPIRT_BASELINE_DECLARED
               ? g->baseline_kind
               : KPIRT_BASELINE_PREVIOUS;
}

void kpirt_period_span(int32_t first, int32_t last, kpirt_granularity gran, char *out, size_t cap) {
    char a[KPIRT_LABEL_MAX], b[KPIRT_LABEL_MAX];
    kpirt_period_label(first, gran, a);
    kpirt_period_label(last, gran, b);
    if (first == last) snprintf(out, cap, "%s", a);
    else snprintf(out, cap, "%s to %s", a, b);
}

/*
** The mean of the values of the review periods first..last. Every one must
** have a value: a mean over the months that happen to have data would
** silently be another baseline. Otherwise *missing is the first without.
*/
static kpirt_opt mean_of(kpirt_value_fn value, void *user, int32_t first, int32_t last, int32_t *missing) {
    double sum = 0, v;
    for (int32_t p = first; p <= last; p++) {
        if (!value(user, p, &v)) {
            *missing = p;
            return none;
        }
        sum += v;
    }
    return some(sum / (double)(last - first + 1));
}

/*
** The baseline of a goal whose baseline is one number (every kind but
** `last year`), with the period(s) it comes from; when there is none,
** `why` says which value is missing and how to get one.
*/
static void fixed_baseline(const kpirt_goal_desc *g, kpirt_value_fn value, void *user, kpirt_goal_report *out,
                           char *why, size_t cap) {
    kpirt_granularity gran = g->review;
    int32_t before = kpirt_last_complete_period(g->start - 1, gran);
    int32_t first = before, last = before, missing = before;
    char label[KPIRT_LABEL_MAX];
    double v;
    switch (out->baseline_kind) {
    case KPIRT_BASELINE_DECLARED: out->baseline = some(g->baseline); return;
    case KPIRT_BASELINE_LAST_YEAR: return; /* per period: judged_baseline() */
    case KPIRT_BASELINE_PREVIOUS:
        kpirt_period_span(before, before, gran, out->baseline_period, sizeof out->baseline_period);
        if (value(user, before, &v)) out->baseline = some(v);
        else
            snprintf(why, cap,
                     "no baseline: no value in %s, the period before the start (or declare `baseline`)",
                     out->baseline_period);
        return;
    case KPIRT_BASELINE_AVERAGE:
        first = before - (g->baseline_periods > 1 ? g->baseline_periods : 1) + 1;
        break;
    case KPIRT_BASELINE_PERIOD:
        /* the review periods that lie wholly inside the named period */
        first = kpirt_period_of(g->baseline_from, gran);
        if (kpirt_period_first_day(first, gran) < g->baseline_from) first++;
        last = kpirt_last_complete_period(g->baseline_to, gran);
        if (last < first) {
            char from[KPIRT_LABEL_MAX], to[KPIRT_LABEL_MAX];
            kpirt_day_format(g->baseline_from, from);
            kpirt_day_format(g->baseline_to, to);
            snprintf(why, cap, "no baseline: %s to %s holds no whole %s period", from, to,
                     kpirt_granularity_name(gran));
            return;
        }
        break;
    }
    kpirt_period_span(first, last, gran, out->baseline_period, sizeof out->baseline_period);
    out->baseline = mean_of(value, user, first, last, &missing);
    if (out->baseline.has) return;
    kpirt_period_label(missing, gran, label);
    snprintf(why, cap, "no baseline: no value in %s, one of the periods %s the baseline averages", label,
             out->baseline_period);
}

/*
** Under `baseline last year` the baseline of period p is the value of the
** same period a year earlier; the goal is judged on its current period
** (its first before any is complete), so that is the baseline it reports.
*/
static kpirt_opt last_year_value(const kpirt_goal_desc *g, kpirt_value_fn value, void *user, int32_t p) {
    double v;
    return value(user, kpirt_period_year_before(p, g->review), &v) ? some(v) : none;
}

static void judged_baseline(const kpirt_goal_desc *g, kpirt_value_fn value, void *user, int32_t judged,
                            kpirt_goal_report *out, char *why, size_t cap) {
    int32_t before = kpirt_period_year_before(judged, g->review);
    kpirt_period_span(before, before, g->review, out->baseline_period, sizeof out->baseline_period);
    out->baseline = last_year_value(g, value, user, judged);
    if (!out->baseline.has)
        snprintf(why, cap,
                 "no baseline: no value in %s, the same period last year (`baseline last year` needs "
                 "the data of the year before the start)",
                 out->baseline_period);
}

/* The target a baseline gives; reason set when a relative change meets a baseline of 0. */
static kpirt_opt target_from(const kpirt_goal_desc *g, kpirt_opt baseline, char *reason, size_t cap) {
    if (!baseline.has && g->amount_kind != KPIRT_AMOUNT_ABSOLUTE) return none;
    double b = baseline.has ? baseline.v : 0, t;
    kpirt_target_outcome o = kpirt_goal_target(g->verb, g->amount_kind, g->amount, b, &t);
    if (o == KPIRT_TARGET_SET && g->target) t = g->target(b); /* the compiled rule, same result */
    if (o == KPIRT_TARGET_ZERO_BASELINE && reason)
        snprintf(reason, cap, "the baseline is 0: a relative change of 0 has no target");
    return o == KPIRT_TARGET_SET ? some(t) : none;
}

/* The values of a period, exact when they are measures (series and current). */
typedef struct opt_values {
    kpirt_opt_fn value;
    void *user;
} opt_values;

static void evaluate_goal(const kpirt_goal_desc *g, const judge *j, const opt_values *exact, kpirt_day as_of,
                          kpirt_value_fn value, void *user, kpirt_goal_report *out, char *baseline_why,
                          size_t cap);

/*
** A cumulative goal runs from 0 at the start to its target T at the
** deadline: expected = T x the share of last year's total reached by the
** same point a year earlier, or the share of time when last year is not all
** in the data; progress = current / T; the tolerance band is a share of T.
*/
static void judge_cumulative(const judge *j, const kpirt_goal_desc *g, kpirt_day as_of,
                             const kpirt_cumulative *total, int32_t start_p, int32_t current_p,
                             int32_t deadline_p, kpirt_goal_report *out) {
    if (!out->target.has || !out->current.has) {
        out->status = KPIRT_STATUS_NO_DATA;
        return;
    }
    double t = out->target.v, c = out->current.v, d = direction(g, 0, t);
    double share = kpirt_cumulative_shape(total, g->review, start_p, current_p, deadline_p);
    out->path = isnan(share) ? "linear" : "last_year";
    if (g->path == KPIRT_PATH_FLAT) share = 1, out->path = "flat";
    else if (isnan(share)) share = (double)(current_p - start_p + 1) / (double)(deadline_p - start_p + 1);
    double e = share * t;
    out->expected = some(e);
    if (t != 0) out->progress = some(c / t);
    if (as_of >= g->deadline) out->status = final_status(j, g, out->current, num(0), out->target);
    else if (at_least_toward(j, d, out->current, out->expected)) out->status = KPIRT_STATUS_ON_TRACK;
    else if (at_least(j, num(g->tolerance * fabs(t)), num(d * (e - c)))) out->status = KPIRT_STATUS_AT_RISK;
    else out->status = KPIRT_STATUS_OFF_TRACK;
}

/*
** The comparisons of a series point (docs/evaluation.md, "Comparisons"):
** the period before and the same period a year earlier, read from the data
** (before the start too), exact when they are measures. A cumulative goal
** compares totals: the point before (none for the first), and last year's
** total from a year before the start to a year before this period.
*/
static void compare_point(const kpirt_goal_desc *g, const opt_values *exact,
                          kpirt_cumulative *total_last_year, const kpirt_series_point *before,
                          kpirt_series_point *pt) {
    kpirt_opt x;
    int32_t year_before = kpirt_period_year_before(pt->period, g->review);
    if (g->cumulative) {
        if (before) pt->previous = before->value;
        if (kpirt_cumulative_value(total_last_year, year_before, &x) == 1 && x.has) pt->last_year = x;
        return;
    }
    if (exact->value(exact->user, pt->period - 1, &x) == 1 && x.has) pt->previous = x;
    if (exact->value(exact->user, year_before, &x) == 1 && x.has) pt->last_year = x;
}

/* Every no_data says which number is missing, so a user knows what to fix. */
static void explain_no_data(const kpirt_goal_desc *g, kpirt_goal_report *out, const char *baseline_why) {
    if (out->status != KPIRT_STATUS_NO_DATA || out->reason[0]) return;
    if (g->verb != KPIRT_VERB_KEEP && !out->baseline.has && baseline_why[0] &&
        (!g->cumulative || !out->target.has))
        snprintf(out->reason, sizeof out->reason, "%s", baseline_why);
    else if (!out->current.has)
        snprintf(out->reason, sizeof out->reason, "no value in the current period %s", out->current_label);
    else snprintf(out->reason, sizeof out->reason, "no target");
}

/* The same values as doubles, for the baseline rules. */
static int opt_as_double(void *user, int32_t period, double *out) {
    const opt_values *ov = user;
    kpirt_opt v;
    if (ov->value(ov->user, period, &v) != 1 || !v.has) return 0;
    *out = v.v;
    return 1;
}

void kpirt_judge_goal(const kpirt_goal_desc *g, kpirt_unit_kind unit, kpirt_day as_of, kpirt_opt_fn value,
                      void *user, kpirt_goal_report *out) {
    judge j = {.digits = unit == KPIRT_UNIT_PERCENT || unit == KPIRT_UNIT_RATIO ? 6 : 4};
    opt_values ov = {value, user};
    char baseline_why[sizeof out->reason] = "";
    evaluate_goal(g, &j, &ov, as_of, opt_as_double, &ov, out, baseline_why, sizeof baseline_why);
    explain_no_data(g, out, baseline_why);
    kpirt_projection_explain(out, as_of);
}

/* A value callback of doubles, as kpirt_evaluate_goal takes it. */
typedef struct double_values {
    kpirt_value_fn value;
    void *user;
} double_values;

static int double_value(void *user, int32_t period, kpirt_opt *out) {
    const double_values *dv = user;
    double v;
    if (!dv->value(dv->user, period, &v)) return 0;
    *out = some(v);
    return out->has;
}

void kpirt_evaluate_goal(const kpirt_goal_desc *g, kpirt_day as_of, kpirt_value_fn value, void *user,
                         kpirt_goal_report *out) {
    double_values dv = {value, user};
    /* without a unit, values are judged at the finer precision, a ratio's */
    kpirt_judge_goal(g, KPIRT_UNIT_RATIO, as_of, double_value, &dv, out);
}

static void evaluate_goal(const kpirt_goal_desc *g, const judge *j, const opt_values *exact, kpirt_day as_of,
                          kpirt_value_fn value, void *user, kpirt_goal_report *out, char *baseline_why,
                          size_t cap) {
    kpirt_granularity gran = g->review;

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
    out->projection_low = out->projection_high = none;
    out->projection_method = NULL;
    out->projection_points = 0;
    out->projection_ratio = NAN;
    out->projection_why[0] = 0;
    out->series = NULL;
    out->series_count = 0;
    out->current_label[0] = 0;
    out->reason[0] = 0;
    out->baseline_kind = baseline_kind_of(g);
    out->cumulative = g->cumulative != 0;
    out->path = g->verb == KPIRT_VERB_KEEP ? NULL : g->path == KPIRT_PATH_FLAT ? "flat" : "linear";
    out->baseline_period[0] = 0;
    out->days_left = g->deadline > as_of ? g->deadline - as_of : 0;

    /*
    ** A goal checked with --draft may lack a start or a deadline: it cannot be
    ** judged, and the report says so rather than measure from an absent day.
    */
    const char *undated = g->start == KPIRT_NO_DAY ? "has no start date (add `starting DATE`)"
                          : g->deadline == KPIRT_NO_DAY
                              ? "has no deadline (add `by DATE` or `within N months`)"
                          : g->deadline < g->start ? "ends before it starts"
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

    /*
    ** Baseline: declared, measured before the start, or (`baseline last
    ** year`) the judged period's value a year earlier; docs/evaluation.md.
    */
    kpirt_cumulative total = {exact->value, exact->user, start_p};
    kpirt_cumulative total_last_year = {exact->value, exact->user, kpirt_period_year_before(start_p, gran)};
    bool last_year = out->baseline_kind == KPIRT_BASELINE_LAST_YEAR;
    if (g->cumulative && out->baseline_kind != KPIRT_BASELINE_DECLARED) {
        /* a total from 0 at the start: it aims beyond last year's total over the same periods */
        out->baseline_kind = KPIRT_BASELINE_LAST_YEAR;
        last_year = false;
        kpirt_cumulative_baseline(&total, gran, start_p, deadline_p, &out->baseline, out->baseline_period,
                                  sizeof out->baseline_period, baseline_why, cap);
    } else if (last_year) {
        judged_baseline(g, value, user, current_p < start_p ? start_p : current_p, out, baseline_why, cap);
    } else {
        fixed_baseline(g, value, user, out, baseline_why, cap);
    }

    /* Target: a guard's bound, the absolute value, or computed from the baseline. */
    bool aimless = g->verb != KPIRT_VERB_KEEP && g->amount_kind == KPIRT_AMOUNT_NONE && !g->target;
    if (aimless) {
        /* a driver that names its metric without an amount: no target */
    } else if (g->verb == KPIRT_VERB_KEEP) {
        if (g->keep_kind == KPIRT_KEEP_BELOW) out->target = some(g->keep_high);
        if (g->keep_kind == KPIRT_KEEP_ABOVE) out->target = some(g->keep_low);
    } else {
        out->target = target_from(g, out->baseline, out->reason, sizeof out->reason);
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
        kpirt_opt x;
        int rc = g->cumulative ? kpirt_cumulative_value(&total, pt->period, &x)
                               : exact->value(exact->user, pt->period, &x);
        if (rc == 1 && x.has) pt->value = x;
        compare_point(g, exact, &total_last_year, i ? &out->series[i - 1] : NULL, pt);
    }
    out->current = out->series[out->series_count - 1].value;
    out->current_period = current_p;
    kpirt_period_label(current_p, gran, out->current_label);

    final_aim aim = {out->baseline, out->target};
    if (g->cumulative) aim.baseline = some(0); /* a total starts from nothing */
    if (last_year && !aimless && g->verb != KPIRT_VERB_KEEP) {
        aim.baseline = last_year_value(g, value, user, deadline_p);
        aim.target = target_from(g, aim.baseline, NULL, 0);
    }
    project(j, g, value, user, out, start_p, deadline_p, aim);

    if (g->verb == KPIRT_VERB_KEEP) {
        out->status = !out->current.has                ? KPIRT_STATUS_NO_DATA
                      : keep_holds(j, g, out->current) ? KPIRT_STATUS_OK
                                                       : KPIRT_STATUS_BREACHED;
        return;
    }
    if (aimless) {
        judge_direction_only(j, g, as_of, out);
        return;
    }
    if (g->cumulative) {
        judge_cumulative(j, g, as_of, &total, start_p, current_p, deadline_p, out);
        return;
    }
    if (!out->baseline.has || !out->target.has) {
        out->status = KPIRT_STATUS_NO_DATA;
        return;
    }

    double b = out->baseline.v, t = out->target.v;
    double d = direction(g, b, t);
    /* `path flat` asks for the whole change from the first period on */
    double share = g->path == KPIRT_PATH_FLAT
                       ? 1
                       : (double)(current_p - start_p + 1) / (double)(deadline_p - start_p + 1);
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
        out->status = final_status(j, g, out->current, out->baseline, out->target);
        return;
    }
    double e = out->expected.v;
    if (at_least_toward(j, d, out->current, out->expected)) out->status = KPIRT_STATUS_ON_TRACK;
    else if (at_least(j, num(g->tolerance * fabs(t - b)), num(d * (e - c))))
        out->status = KPIRT_STATUS_AT_RISK;
    else out->status = KPIRT_STATUS_OFF_TRACK;
}
