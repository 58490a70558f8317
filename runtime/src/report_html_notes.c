/*
** report_html_notes.c: what a goal's card says besides its figures and
** chart: under the current value, the change from the period before and
** from the same period a year earlier, as Looker Studio scorecards show
** them (arrow and sign for the direction, green or red for good or bad
** news for this goal, and the same in words for screen readers), the
** goal's `why`, its budget against the spend and the pacing, and how the
** change it asks compares with the changes its metric made in the data
** (realism.c).
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

/* A value in the budget's unit, as the card prints values in the goal's. */
static void budget_value(FILE *out, const kpirt_budget_report *b, kpirt_opt v) {
    kpirt_metric_desc unit = {.unit = b->unit, .unit_kind = b->unit_kind};
    kpirt_goal_report as = {.metric = &unit, .unit = b->unit};
    kpirt_html_put_value(out, &as, v);
}

void kpirt_html_budget(FILE *out, const kpirt_goal_report *g) {
    const kpirt_budget_report *b = &g->budget;
    if (!b->has) return;
    kpirt_opt amount = {.has = true, .v = b->amount};
    fprintf(out, "<p class=\"goal-budget\" data-status=\"%s\">", kpirt_html_status_class(b->status));
    if (b->status != KPIRT_STATUS_NONE) {
        kpirt_html_badge(out, b->status);
        fputs(" ", out);
    }
    fputs("<span class=\"sub\">Budget: </span>", out);
    if (!b->spent.has) {
        budget_value(out, b, amount);
        fputs(b->metric ? " (nothing spent yet)" : " (no metric spends it: write `budget ... on METRIC`)",
              out);
        fputs("</p>", out);
        return;
    }
    budget_value(out, b, b->spent);
    fputs(" of ", out);
    budget_value(out, b, amount);
    fputs(" spent on ", out);
    kpirt_html_text(out, b->metric);
    fputs(" by the end of ", out);
    kpirt_html_text(out, b->through);
    fputs("; expected by then ", out);
    budget_value(out, b, b->expected);
    bool last_year = b->pacing && strcmp(b->pacing, "last_year") == 0;
    fputs(last_year ? " (following last year's spending)" : " (on a straight line)", out);
    fputs("; at this pace ", out);
    budget_value(out, b, b->projected);
    fputs(" by the deadline.</p>", out);
}

void kpirt_html_realism(FILE *out, const kpirt_goal_report *g) {
    const kpirt_realism *r = &g->realism;
    if (r->verdict == KPIRT_REALISM_NONE) return;
    char words[400];
    kpirt_realism_words(r, g->metric_name ? g->metric_name : "", words, sizeof words);
    fprintf(out, "<p class=\"goal-realism\" data-verdict=\"%s\"><span class=\"sub\">%s: </span>",
            kpirt_realism_verdict_name(r->verdict),
            r->verdict == KPIRT_REALISM_BEYOND   ? "Beyond history"
            : r->verdict == KPIRT_REALISM_WITHIN ? "Within history"
                                                 : "History");
    kpirt_html_text(out, words);
    fputs("</p>", out);
}
