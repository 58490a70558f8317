/*
** report_html_notes.c: what a goal's card says besides its figures and
** chart: under the current value, the change from the period before and
** from the same period a year earlier, as Looker Studio scorecards show
** them (arrow and sign for the direction, green or red for good or bad
** news for this goal, and the same in words for screen readers), and the
** goal's `why`.
*/
#include "report_html.h"

#include <string.h>

static void delta(FILE *out, const kpirt_goal_report *g, const char *which, kpirt_opt now, kpirt_opt then,
                  int32_t period) {
    char label[KPIRT_LABEL_MAX], pct[24];
    kpirt_period_label(period, g->review, label);
    kpirt_opt c = kpirt_change(now, then);
    if (!c.has) return;
    kpirt_text_change(c.v, pct, sizeof pct);
    int tone = kpirt_change_tone(g, c.v);
    const char *cls = tone > 0 ? "good" : tone < 0 ? "bad" : "flat";
    const char *words = tone > 0   ? "good news for this goal"
                        : tone < 0 ? "bad news for this goal"
                                   : "neutral";
    fprintf(out,
            "<span class=\"delta %s\" data-compare=\"%s\" title=\"%s against %s: %s\">"
            "<span aria-hidden=\"true\">%s</span> %s <span class=\"sub\">vs %s</span>"
            "<span class=\"vh\">, %s</span></span>",
            cls, which, pct, label, words,
            c.v > 0   ? "&#9650;"
            : c.v < 0 ? "&#9660;"
                      : "=",
            pct, label, words);
}

void kpirt_html_deltas(FILE *out, const kpirt_goal_report *g) {
    const kpirt_series_point *pt = g->series_count ? &g->series[g->series_count - 1] : NULL;
    if (!pt || !pt->value.has) return;
    delta(out, g, "previous", pt->value, pt->previous, pt->period - 1);
    delta(out, g, "last_year", pt->value, pt->last_year, kpirt_period_year_before(pt->period, g->review));
}

void kpirt_html_why(FILE *out, const kpirt_goal_report *g) {
    const char *why = g->goal ? g->goal->why : NULL;
    if (!why || !*why) return;
    fputs("<p class=\"goal-why\"><span class=\"sub\">Why: </span>", out);
    kpirt_html_text(out, why);
    fputs("</p>", out);
}
