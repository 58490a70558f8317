/*
** realism.c: realism from history, the one rule for it.
**
** A goal asks its metric to move by some amount in some time. Has the
** metric ever moved that much in that time? This file compares the change a
** goal asks with the changes its metric really made over every window of the
** same length in the data, and says whether the ask lies beyond the largest
** of them. The evaluator calls it with the per-period values it already has
** (evaluate.c); kpic check calls it with the values of the rows it read at
** check time (compiler/sema/history.c). docs/evaluation.md ("Realism from
** history") is the reference.
*/
#include "kpirt_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool kpirt_realism_ask_of(kpirt_verb verb, kpirt_amount_kind kind, double amount, bool percent,
                          kpirt_opt baseline, kpirt_opt target, kpirt_realism_ask *out) {
    memset(out, 0, sizeof *out);
    if (verb == KPIRT_VERB_KEEP) return false;
    double change;
    switch (kind) {
    case KPIRT_AMOUNT_NONE: return false;
    case KPIRT_AMOUNT_RELATIVE: change = kpirt_goal_change(verb, amount); break;
    case KPIRT_AMOUNT_POINTS:
        change = kpirt_goal_change(verb, amount);
        out->points = true;
        break;
    case KPIRT_AMOUNT_ABSOLUTE:
        /* the target against the baseline: in points for a percent, else relative */
        if (!baseline.has || !target.has) return false;
        out->points = percent;
        if (percent) change = target.v - baseline.v;
        else if (baseline.v == 0) return false;
        else change = (target.v - baseline.v) / fabs(baseline.v);
        break;
    default: return false;
    }
    /* a goal that asks no move, or one against its own verb (`raise x to 50` from 80), plans no change */
    if (!isfinite(change) || change == 0) return false;
    if ((verb == KPIRT_VERB_RAISE && change < 0) || (verb == KPIRT_VERB_LOWER && change > 0)) return false;
    out->asked = change;
    return true;
}

/* A change at the 6 decimals the reports print it with, so that equal changes compare equal. */
static int64_t at6(double v) {
    return kpirt_fixed((kpirt_opt){.has = true, .v = v}, 6);
}

typedef struct history {
    double *v;
    bool *has;
    int32_t first;
    uint32_t count;
} history;

static bool at(const history *h, int32_t p, double *v) {
    if (p < h->first || p >= h->first + (int32_t)h->count || !h->has[p - h->first]) return false;
    *v = h->v[p - h->first];
    return true;
}

/* The total of the n periods ending at p; false unless every one has a value. */
static bool total(const history *h, int32_t p, uint32_t n, double *out) {
    double sum = 0, v;
    for (uint32_t i = 0; i < n; i++) {
        if (!at(h, p - (int32_t)i, &v)) return false;
        sum += v;
    }
    *out = sum;
    return true;
}

/* One window: `then` at periods [a0, a1], `now` at [b0, b1]; kept when it moves further the goal's way. */
static void offer(kpirt_realism *r, double then, double now, int32_t a0, int32_t a1, int32_t b0, int32_t b1) {
    if (!r->ask.points && then == 0) return; /* a change from nothing has no size */
    double c = r->ask.points ? now - then : (now - then) / fabs(then);
    if (!isfinite(c)) return;
    r->windows++;
    int64_t d = r->ask.asked > 0 ? 1 : -1;
    if (r->has_largest && !(d * at6(c) > d * at6(r->largest))) return; /* ties: the earliest */
    r->has_largest = true;
    r->largest = c;
    r->from_first = a0, r->from_last = a1, r->to_first = b0, r->to_last = b1;
}

void kpirt_realism_judge(const kpirt_realism_ask *ask, kpirt_value_fn value, void *user, int32_t first,
                         int32_t last, kpirt_realism *out) {
    memset(out, 0, sizeof *out);
    out->ask = *ask;
    out->history_first = first;
    out->history_last = last;
    out->verdict = KPIRT_REALISM_NO_HISTORY;
    if (last < first || ask->periods == 0) return;
    if ((int64_t)last - first + 1 > KPIRT_REALISM_MAX_PERIODS)
        out->history_first = first = last - (KPIRT_REALISM_MAX_PERIODS - 1);
    history h = {.first = first, .count = (uint32_t)(last - first + 1)};
    h.v = kpirt_xcalloc(h.count, sizeof *h.v);
    h.has = kpirt_xcalloc(h.count, sizeof *h.has);
    for (uint32_t i = 0; i < h.count; i++)
        h.has[i] = value(user, first + (int32_t)i, &h.v[i]) && isfinite(h.v[i]);

    int32_t n = (int32_t)ask->periods;
    double a, b;
    for (int32_t q = first; q <= last; q++) {
        int32_t p;
        switch (ask->kind) {
        case KPIRT_REALISM_SPAN:
            p = q - n;
            if (at(&h, p, &a) && at(&h, q, &b)) offer(out, a, b, p, p, q, q);
            break;
        case KPIRT_REALISM_LAST_YEAR:
            p = kpirt_period_year_before(q, ask->review);
            if (at(&h, p, &a) && at(&h, q, &b)) offer(out, a, b, p, p, q, q);
            break;
        case KPIRT_REALISM_CUMULATIVE:
            p = kpirt_period_year_before(q, ask->review);
            if (p - n + 1 >= first && total(&h, p, ask->periods, &a) && total(&h, q, ask->periods, &b))
                offer(out, a, b, p - n + 1, p, q - n + 1, q);
            break;
        }
    }
    free(h.v);
    free(h.has);
    if (!out->windows) return;
    int64_t d = ask->asked > 0 ? 1 : -1;
    out->verdict = d * at6(ask->asked) > d * at6(out->largest) ? KPIRT_REALISM_BEYOND : KPIRT_REALISM_WITHIN;
}

void kpirt_realism_history(kpirt_day data_first, kpirt_day data_last, kpirt_day as_of, kpirt_granularity g,
                           int32_t *first, int32_t *last) {
    *first = 0;
    *last = -1;
    if (data_first == KPIRT_NO_DAY || data_last == KPIRT_NO_DAY) return;
    /* only the periods the data covers whole: a part of a period would fake a fall or a rise */
    *first = kpirt_period_of(data_first, g);
    if (kpirt_period_first_day(*first, g) < data_first) ++*first;
    *last = kpirt_last_complete_period(data_last, g);
    if (as_of != KPIRT_NO_DAY) {
        int32_t now = kpirt_last_complete_period(as_of, g);
        if (now < *last) *last = now;
    }
}

static const char *const verdict_names[] = {NULL, "within", "beyond", "no_history"};
_Static_assert(sizeof verdict_names / sizeof *verdict_names == KPIRT_REALISM_NO_HISTORY + 1,
               "one name per realism verdict");
static const char *const kind_names[] = {"span", "last_year", "cumulative"};
_Static_assert(sizeof kind_names / sizeof *kind_names == KPIRT_REALISM_CUMULATIVE + 1,
               "one name per realism kind");

const char *kpirt_realism_verdict_name(kpirt_realism_verdict v) {
    return (unsigned)v <= KPIRT_REALISM_NO_HISTORY ? verdict_names[v] : NULL;
}

const char *kpirt_realism_kind_name(kpirt_realism_kind k) {
    return (unsigned)k <= KPIRT_REALISM_CUMULATIVE ? kind_names[k] : NULL;
}

/* ---- words ------------------------------------------------------------------------- */

static const char *const unit_words[][2] = {
    {"day", "days"}, {"week", "weeks"}, {"month", "months"}, {"quarter", "quarters"}, {"year", "years"}};
_Static_assert(sizeof unit_words / sizeof *unit_words == KPIRT_YEAR + 1, "one word per granularity");

/* "+65.0%", "-3.5%", "+0.5pp" */
static void change_text(const kpirt_realism_ask *ask, double c, char *out, size_t cap) {
    if (!ask->points) {
        kpirt_text_change(c, out, cap);
        return;
    }
    char num[24];
    kpirt_format_fixed(c * 100, 1, num, sizeof num);
    snprintf(out, cap, "%s%spp", c * 100 >= 0.05 ? "+" : "", strcmp(num, "-0.0") == 0 ? "0.0" : num);
}

int kpirt_realism_words(const kpirt_realism *r, const char *metric, char *out, size_t cap) {
    const kpirt_realism_ask *ask = &r->ask;
    kpirt_granularity g = ask->review <= KPIRT_YEAR ? ask->review : KPIRT_MONTH;
    const char *unit = unit_words[g][ask->periods != 1];
    const char *way = ask->asked > 0 ? "rise" : "fall";
    char asked[40], largest[40], from[40], to[40], window[64], first[KPIRT_LABEL_MAX], last[KPIRT_LABEL_MAX];
    change_text(ask, ask->asked, asked, sizeof asked);
    switch (ask->kind) {
    case KPIRT_REALISM_SPAN: snprintf(window, sizeof window, "over any %u %s", ask->periods, unit); break;
    case KPIRT_REALISM_LAST_YEAR:
        snprintf(window, sizeof window, "of a %s on the year before", unit_words[g][0]);
        break;
    case KPIRT_REALISM_CUMULATIVE:
        snprintf(window, sizeof window, "of a %u-%s total on the year before", ask->periods,
                 unit_words[g][0]);
        break;
    }
    int n;
    if (ask->kind == KPIRT_REALISM_SPAN)
        n = snprintf(out, cap, "asks %s %s in %u %s; ", asked, metric, ask->periods, unit);
    else if (ask->kind == KPIRT_REALISM_LAST_YEAR)
        n = snprintf(out, cap, "asks %s %s on the same %s a year earlier; ", asked, metric, unit_words[g][0]);
    else
        n = snprintf(out, cap, "asks %s %s over %u %s on the same %s a year earlier; ", asked, metric,
                     ask->periods, unit, ask->periods != 1 ? unit : unit_words[g][1]);
    if (n < 0 || (size_t)n >= cap) return n;
    if (r->verdict == KPIRT_REALISM_NO_HISTORY) {
        if (r->history_last < r->history_first)
            return n + snprintf(out + n, cap - (size_t)n, "the data holds no whole %s to compare it with",
                                unit_words[g][0]);
        kpirt_period_label(r->history_first, g, first);
        kpirt_period_label(r->history_last, g, last);
        return n + snprintf(out + n, cap - (size_t)n, "the data (%s to %s) is too short to compare it with",
                            first, last);
    }
    change_text(ask, r->largest, largest, sizeof largest);
    kpirt_period_span(r->from_first, r->from_last, g, from, sizeof from);
    kpirt_period_span(r->to_first, r->to_last, g, to, sizeof to);
    const char *link = ask->kind == KPIRT_REALISM_SPAN ? "to" : "on";
    const char *a = ask->kind == KPIRT_REALISM_SPAN ? from : to,
               *b = ask->kind == KPIRT_REALISM_SPAN ? to : from;
    bool moved = ask->asked > 0 ? r->largest > 0 : r->largest < 0;
    if (moved)
        n += snprintf(out + n, cap - (size_t)n, "the largest %s %s in the data is %s (%s %s %s)", way, window,
                      largest, a, link, b);
    else
        n += snprintf(out + n, cap - (size_t)n, "the data never shows a %s %s (at best %s, %s %s %s)", way,
                      window, largest, a, link, b);
    return n;
}

int kpirt_realism_brief(const kpirt_realism *r, char *out, size_t cap) {
    const kpirt_realism_ask *ask = &r->ask;
    kpirt_granularity g = ask->review <= KPIRT_YEAR ? ask->review : KPIRT_MONTH;
    char asked[40], largest[40];
    change_text(ask, ask->asked, asked, sizeof asked);
    if (!r->has_largest) return snprintf(out, cap, "asks %s, no history to compare", asked);
    change_text(ask, r->largest, largest, sizeof largest);
    const char *most = (ask->asked > 0 ? r->largest > 0 : r->largest < 0) ? "at most" : "at best";
    if (ask->kind == KPIRT_REALISM_SPAN)
        return snprintf(out, cap, "asks %s, %s %s in %u %s", asked, most, largest, ask->periods,
                        unit_words[g][ask->periods != 1]);
    return snprintf(out, cap, "asks %s on last year, %s %s", asked, most, largest);
}
