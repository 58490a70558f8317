/*
** compare.c: the comparisons every report shows beside a number, as
** Looker Studio scorecards and GA4 do: the change from the period before
** and from the same period a year earlier, and whether that change is good
** news for the goal. One definition, so that the JSON, the terminal and the
** HTML page can never disagree about a change or its colour.
** docs/evaluation.md ("Comparisons") is the reference.
*/
#include "kpirt_internal.h"

#include <math.h>

kpirt_opt kpirt_change(kpirt_opt now, kpirt_opt then) {
    /* a change from nothing has no size: no made-up infinity or 100% */
    if (!now.has || !then.has || then.v == 0) return (kpirt_opt){.has = false, .v = 0};
    double c = (now.v - then.v) / fabs(then.v);
    return (kpirt_opt){.has = isfinite(c), .v = isfinite(c) ? c : 0};
}

int kpirt_change_tone(const kpirt_goal_report *g, double change) {
    if (!(change > 0) && !(change < 0)) return 0;
    int up = change > 0 ? 1 : -1;
    const kpirt_goal_desc *d = g->goal;
    if (!d) return 0;
    switch (d->verb) {
    case KPIRT_VERB_RAISE: return up;
    case KPIRT_VERB_LOWER: return -up;
    case KPIRT_VERB_REACH:
        if (g->baseline.has && g->target.has && g->target.v != g->baseline.v)
            return g->target.v > g->baseline.v ? up : -up;
        break;
    case KPIRT_VERB_KEEP:
        switch (d->keep_kind) {
        case KPIRT_KEEP_BELOW: return -up;
        case KPIRT_KEEP_ABOVE: return up;
        case KPIRT_KEEP_BETWEEN: return 0; /* neither way is better inside a band */
        }
        break;
    }
    /* a goal that does not say which way is better: the metric may */
    return g->metric && g->metric->better ? (g->metric->better > 0 ? up : -up) : 0;
}
