/*
** project.c: every goal's projection to its deadline, with its 80%
** prediction interval (docs/evaluation.md, "Projection").
**
** Two models, one fit. With a year of history and one period more, the
** projection is seasonal: the ratio of each recent period to the same
** period a year earlier is fitted with a straight line, and last year's
** value of the deadline period is scaled by that line read at the
** deadline. With less, it is the least-squares line through the goal's
** own periods. Both predict a weighted sum of new points on a fitted line
** (one point for a goal's deadline period, the periods still to come for a
** cumulative total), so one interval formula serves both. Kept apart from
** eval.c, which judges the result, so the arithmetic can be tested against
** hand-computed regressions and the published t table on its own.
*/
#include "kpirt_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int kpirt_least_squares(const double *x, const double *y, size_t n, double *slope, double *intercept) {
    kpirt_trend t;
    if (n < 2 || !kpirt_trend_fit(x, y, n, &t)) return 0;
    *slope = t.slope;
    *intercept = t.intercept;
    return 1;
}

bool kpirt_trend_fit(const double *x, const double *y, size_t n, kpirt_trend *t) {
    if (n == 0) return false;
    /* Centre the data first: sums of large period indexes would lose digits. */
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    *t = (kpirt_trend){.n = n, .mean_x = mx, .sxx = sxx, .slope = 0, .intercept = my, .variance = NAN};
    if (n == 1) return true; /* one point: the line is flat through it */
    if (sxx == 0) return false;
    t->slope = sxy / sxx;
    t->intercept = my - t->slope * mx;
    if (n < 3) return true; /* a line through two points leaves no residual to measure */
    double sse = 0;
    for (size_t i = 0; i < n; i++) {
        double r = y[i] - (t->intercept + t->slope * x[i]);
        sse += r * r;
    }
    t->variance = sse / (double)(n - 2);
    return true;
}

double kpirt_trend_predict(const kpirt_trend *t, const double *x, const double *w, size_t m, double *half) {
    double sum = 0, w2 = 0, wsum = 0, wdev = 0;
    for (size_t k = 0; k < m; k++) {
        sum += w[k] * (t->intercept + t->slope * x[k]);
        w2 += w[k] * w[k];
        wsum += w[k];
        wdev += w[k] * (x[k] - t->mean_x);
    }
    *half = NAN;
    if (t->n >= 3 && isfinite(t->variance)) {
        double n = (double)t->n;
        double spread = t->variance * (w2 + wsum * wsum / n + wdev * wdev / t->sxx);
        *half = kpirt_student_t(0.9, (uint32_t)(t->n - 2)) * sqrt(spread);
    }
    return sum;
}

/*
** P(|T| <= t) for Student's t with df degrees of freedom, by the finite
** series for integer df (Abramowitz and Stegun 26.7.3 and 26.7.4).
*/
static double t_central(double t, uint32_t df) {
    double theta = atan(t / sqrt((double)df)), s = sin(theta), c2 = cos(theta) * cos(theta);
    double term = 1, sum = 1;
    if (df % 2 == 0) {
        for (uint32_t k = 1; 2 * k <= df - 2; k++) {
            term *= (double)(2 * k - 1) / (double)(2 * k) * c2;
            sum += term;
        }
        return s * sum;
    }
    if (df == 1) return 2 * theta / M_PI;
    for (uint32_t k = 1; 2 * k + 1 <= df - 2; k++) {
        term *= (double)(2 * k) / (double)(2 * k + 1) * c2;
        sum += term;
    }
    return 2 / M_PI * (theta + s * cos(theta) * sum);
}

double kpirt_student_t(double p, uint32_t df) {
    if (df == 0 || !(p > 0.5 && p < 1)) return NAN;
    double central = 2 * p - 1, lo = 0, hi = 1;
    while (t_central(hi, df) < central && hi < 1e12) hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (t_central(mid, df) < central) lo = mid;
        else hi = mid;
    }
    return (lo + hi) / 2;
}

/* ---- the goal's projection ------------------------------------------------------------- */

static bool value_at(const kpirt_projection_in *in, int32_t p, double *v) {
    return in->value(in->user, p, v) != 0 && isfinite(*v);
}

/* Last year's value of period q, which must be measured by the current period and above 0. */
static bool season_weight(const kpirt_projection_in *in, int32_t q, double *w) {
    int32_t before = kpirt_period_year_before(q, in->review);
    return before <= in->current_p && value_at(in, before, w) && *w > 0;
}

/* Writes the result of a fit: the total so far plus the predicted sum, and the interval around it. */
static void predicted(const kpirt_projection_in *in, const kpirt_trend *t, const double *x, const double *w,
                      size_t m, kpirt_projection *out) {
    double half, v = in->so_far + kpirt_trend_predict(t, x, w, m, &half);
    if (!isfinite(v)) return;
    out->value = (kpirt_opt){.has = true, .v = v};
    if (isfinite(half) && isfinite(v - half) && isfinite(v + half)) {
        out->low = (kpirt_opt){.has = true, .v = v - half};
        out->high = (kpirt_opt){.has = true, .v = v + half};
    }
    out->points = (uint32_t)t->n;
}

/*
** The seasonal model: year-on-year ratios of the periods from a year before
** the current one (or from the start, when that is earlier) to the current
** one, fitted on a line; each period to predict is last year's value times
** the line there. False when a ratio or a weight is missing.
*/
static bool seasonal(const kpirt_projection_in *in, const int32_t *q, size_t m, kpirt_projection *out) {
    int32_t from = kpirt_period_year_before(in->current_p, in->review) + 1;
    if (in->start_p < from) from = in->start_p;
    size_t cap = (size_t)(in->current_p - from + 1);
    double *x = kpirt_xmalloc((cap + m + 1) * sizeof *x), *y = kpirt_xmalloc((cap + 1) * sizeof *y);
    double *fx = x + cap, *w = kpirt_xmalloc((m + 1) * sizeof *w);
    size_t n = 0;
    bool ok = true;
    for (int32_t p = from; p <= in->current_p; p++) {
        double now, then;
        if (!value_at(in, p, &now) || !season_weight(in, p, &then)) continue;
        x[n] = (double)p - in->start_p;
        y[n++] = now / then;
    }
    for (size_t k = 0; k < m && ok; k++) {
        fx[k] = (double)q[k] - in->start_p;
        ok = season_weight(in, q[k], &w[k]);
    }
    kpirt_trend t;
    ok = ok && n >= 1 && kpirt_trend_fit(x, y, n, &t);
    if (ok) {
        predicted(in, &t, fx, w, m, out);
        out->method = "seasonal";
        out->ratio = t.intercept + t.slope * ((double)in->deadline_p - in->start_p);
    }
    free(x);
    free(y);
    free(w);
    return ok && out->value.has;
}

/* The straight line through the goal's own periods, read at each period to predict. */
static void linear(const kpirt_projection_in *in, const int32_t *q, size_t m, kpirt_projection *out) {
    size_t cap = (size_t)(in->current_p - in->start_p + 1);
    double *x = kpirt_xmalloc((cap + m + 1) * sizeof *x), *y = kpirt_xmalloc((cap + 1) * sizeof *y);
    double *fx = x + cap, *w = kpirt_xmalloc((m + 1) * sizeof *w);
    size_t n = 0;
    for (int32_t p = in->start_p; p <= in->current_p; p++) {
        if (!value_at(in, p, &y[n])) continue;
        x[n++] = (double)p - in->start_p;
    }
    for (size_t k = 0; k < m; k++) {
        fx[k] = (double)q[k] - in->start_p;
        w[k] = 1;
    }
    kpirt_trend t;
    if (n >= 2 && kpirt_trend_fit(x, y, n, &t)) {
        predicted(in, &t, fx, w, m, out);
        if (out->value.has) out->method = "linear";
    }
    free(x);
    free(y);
    free(w);
}

void kpirt_project(const kpirt_projection_in *in, kpirt_projection *out) {
    *out = (kpirt_projection){.ratio = NAN};
    if (in->current_p < in->start_p || in->deadline_p < in->current_p) return;
    /* a value predicts the deadline period; a total adds every period still to come */
    size_t m = in->cumulative ? (size_t)(in->deadline_p - in->current_p) : 1;
    int32_t *q = kpirt_xmalloc((m + 1) * sizeof *q);
    for (size_t k = 0; k < m; k++) q[k] = in->cumulative ? in->current_p + 1 + (int32_t)k : in->deadline_p;
    if (!seasonal(in, q, m, out)) {
        *out = (kpirt_projection){.ratio = NAN};
        linear(in, q, m, out);
    }
    free(q);
}

/* +1 good news, -1 bad news, 0 neither (not judged, stale, uncertain). */
static int tone(kpirt_status s) {
    switch (s) {
    case KPIRT_STATUS_ACHIEVED:
    case KPIRT_STATUS_ON_TRACK:
    case KPIRT_STATUS_OK: return 1;
    case KPIRT_STATUS_AT_RISK:
    case KPIRT_STATUS_OFF_TRACK:
    case KPIRT_STATUS_MISSED:
    case KPIRT_STATUS_BREACHED:
    case KPIRT_STATUS_OVERSPEND: return -1; /* a budget's; never a goal's or a projection's */
    case KPIRT_STATUS_NONE:
    case KPIRT_STATUS_NOT_STARTED:
    case KPIRT_STATUS_NO_DATA:
    case KPIRT_STATUS_STALE:
    case KPIRT_STATUS_UNCERTAIN:
    case KPIRT_STATUS_COUNT: return 0;
    }
    return 0;
}

/* What the status compares the current period with, in the words of the why clause. */
static const char *plan_words(const kpirt_goal_report *out, kpirt_day as_of) {
    const kpirt_goal_desc *g = out->goal;
    if (as_of >= out->deadline) return "the status judges the deadline period itself";
    if (!g || g->verb == KPIRT_VERB_KEEP) return "the status judges the latest period alone";
    if (g->amount_kind == KPIRT_AMOUNT_NONE && !g->target)
        return "the status compares the latest period with the baseline";
    if (g->path == KPIRT_PATH_FLAT) return "the plan asks for the whole change from the first period";
    if (out->cumulative && out->path && strcmp(out->path, "last_year") == 0)
        return "the plan follows last year's cumulative shape";
    if (out->baseline_kind == KPIRT_BASELINE_LAST_YEAR && !out->cumulative)
        return "the plan is last year's value of each period plus a straight share of the change";
    return "the plan is a straight line from the baseline to the target";
}

void kpirt_projection_explain(kpirt_goal_report *out, kpirt_day as_of) {
    out->projection_why[0] = 0;
    int now = tone(out->status), then = tone(out->projection_status);
    if (now == 0 || then == 0 || now == then || !out->projection_method) return;
    char basis[96];
    if (strcmp(out->projection_method, "seasonal") == 0) {
        char ratio[24];
        kpirt_format_fixed(out->projection_ratio, 2, ratio, sizeof ratio);
        snprintf(basis, sizeof basis, "the projection follows last year's season (× %s year on year)", ratio);
    } else {
        snprintf(basis, sizeof basis, "the projection extends the trend of %u measured period%s",
                 out->projection_points, out->projection_points == 1 ? "" : "s");
    }
    snprintf(out->projection_why, sizeof out->projection_why, "%s, while %s", basis, plan_words(out, as_of));
}
