/*
** report_html.c: `--format html`, the dashboard managers open.
**
** One self-contained page: inline CSS (report_html_style.c) and inline SVG
** charts (report_html_chart.c), no scripts, fonts or images from anywhere,
** so it works offline, as an e-mail attachment and on paper. At the top, an
** overview: how many goals are in each status and every goal sorted worst
** first. Below, one card per top-level goal: title, owner, status badge,
** progress bar with the expected position marked, current against target in
** the metric's unit, days left, the chart, and the driver tree with each
** sub-goal's status and its own smaller chart.
**
** Everything from the program or the data is escaped by kpirt_html_text().
** Status is never told by colour alone: badges carry words and an icon shape.
*/
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef KPIRT_VERSION
#define KPIRT_VERSION "dev"
#endif

#define MAX_TREE_DEPTH 32

typedef struct page {
    FILE *out;
    const kpirt_report *report;
} page;

static const char *goal_label(const kpirt_goal_report *g) {
    return g->title && *g->title ? g->title : g->name;
}

static bool is_keep(const kpirt_goal_report *g) {
    return g->goal && g->goal->verb == KPIRT_VERB_KEEP;
}

/* An id for a goal's card: its name with anything unusual replaced. */
static void goal_anchor(FILE *out, const kpirt_goal_report *g) {
    fputs("goal-", out);
    for (const unsigned char *p = (const unsigned char *)(g->name ? g->name : ""); *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                     *p == '_' || *p == '.' || *p == '-';
        fputc(plain ? *p : '-', out);
    }
}

/* "212 days left", "starts in 30 days", "ended 12 days ago". */
static void days_text(const page *pg, const kpirt_goal_report *g, char *out, size_t cap) {
    kpirt_day as_of = pg->report->as_of;
    if (g->start != KPIRT_NO_DAY && as_of < g->start) {
        int n = g->start - as_of;
        snprintf(out, cap, "starts in %d day%s", n, n == 1 ? "" : "s");
    } else if (g->deadline != KPIRT_NO_DAY && as_of > g->deadline) {
        int n = as_of - g->deadline;
        snprintf(out, cap, "ended %d day%s ago", n, n == 1 ? "" : "s");
    } else {
        snprintf(out, cap, "%d day%s left", g->days_left, g->days_left == 1 ? "" : "s");
    }
}

/* ---- head and overview ----------------------------------------------------- */

static void write_head(const page *pg) {
    FILE *out = pg->out;
    const kpirt_report *r = pg->report;
    char day[KPIRT_LABEL_MAX];
    kpirt_html_day(r->as_of, day);
    const char *spec = r->program && r->program->spec_name ? r->program->spec_name : "goals";
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"color-scheme\" content=\"light\">\n",
          out);
    fprintf(out, "<meta name=\"generator\" content=\"kpirt %s\">\n<title>KPI report: ", KPIRT_VERSION);
    kpirt_html_text(out, spec);
    fprintf(out, " as of %s</title>\n<style>\n", day);
    for (const char *const *part = kpirt_html_css; *part; part++) fputs(*part, out);
    fputs("</style>\n</head>\n<body>\n<div class=\"page\">\n", out);
    fputs("<header class=\"report-head\"><h1>", out);
    kpirt_html_text(out, spec);
    fprintf(out, "</h1><p>Status as of <time datetime=\"%s\">%s</time></p>", day, day);
    fputs("<p class=\"sub\">", out);
    for (uint32_t s = 0; s < r->source_count; s++) {
        const kpirt_source_report *src = &r->sources[s];
        fputs("Data of ", out);
        kpirt_html_text(out, src->name);
        if (src->last_day == KPIRT_NO_DAY) {
            fputs(": no rows used, ", out);
            continue;
        }
        char first[KPIRT_LABEL_MAX], last[KPIRT_LABEL_MAX];
        kpirt_html_day(src->first_day, first);
        kpirt_html_day(src->last_day, last);
        fprintf(out, " from %s to %s", first, last);
        if (r->as_of > src->last_day)
            fprintf(out, " (%d day%s old)", r->as_of - src->last_day,
                    r->as_of - src->last_day == 1 ? "" : "s");
        fputs(", ", out);
    }
    fprintf(out, "%llu row%s read", (unsigned long long)r->rows_read, r->rows_read == 1 ? "" : "s");
    if (r->rows_skipped) fprintf(out, ", %llu skipped as bad", (unsigned long long)r->rows_skipped);
    fputs("</p></header>\n", out);

    if (r->bad_row_count > 0 || r->unmatched_count > 0) {
        fputs("<section class=\"card warnings\" aria-labelledby=\"warnings-h\">"
              "<h2 id=\"warnings-h\">Data warnings</h2><ul>",
              out);
        for (uint32_t i = 0; i < r->unmatched_count; i++) {
            fputs("<li>", out);
            kpirt_html_text(out, r->unmatched[i].message);
            fputs("</li>", out);
        }
        for (uint32_t i = 0; i < r->bad_row_count && i < KPIRT_BAD_ROWS_KEPT; i++) {
            fputs("<li>", out);
            kpirt_html_text(out, r->bad_rows[i]);
            fputs("</li>", out);
        }
        fputs("</ul></section>\n", out);
    }
}

static void progress_cell(FILE *out, const kpirt_goal_report *g) {
    if (g->progress.has && isfinite(g->progress.v))
        fprintf(out, "<td class=\"num\" data-label=\"Progress\">%.0f%%</td>", g->progress.v * 100);
    else fputs("<td class=\"num\" data-label=\"Progress\">&ndash;</td>", out);
}

static void write_overview(const page *pg) {
    FILE *out = pg->out;
    const kpirt_report *r = pg->report;
    uint32_t *order = malloc((r->goal_count + 1) * sizeof *order);
    if (!order) return;
    /* Worst first, one pass per rank, so goals of equal status keep program order. */
    uint32_t n = 0, counts[KPIRT_STATUS_COUNT] = {0};
    for (int rank = 0; rank <= KPIRT_STATUS_COUNT; rank++)
        for (uint32_t i = 0; i < r->goal_count; i++) {
            if ((r->selected && !r->selected[i]) || kpirt_status_rank(r->goals[i].status) != rank) continue;
            order[n++] = i;
            if ((unsigned)r->goals[i].status < KPIRT_STATUS_COUNT) counts[r->goals[i].status]++;
        }

    fputs("<section class=\"card overview\" aria-labelledby=\"overview-h\">"
          "<h2 id=\"overview-h\">Overview</h2>",
          out);
    fprintf(out, "<p class=\"summary\">%u goal%s", n, n == 1 ? "" : "s");
    /* statuses in the same worst-first order as the table */
    kpirt_status by_rank[KPIRT_STATUS_COUNT];
    int ranked = 0;
    for (int rank = 0; rank <= KPIRT_STATUS_COUNT; rank++)
        for (int s = 0; s < KPIRT_STATUS_COUNT; s++)
            if (kpirt_status_rank((kpirt_status)s) == rank && counts[s]) by_rank[ranked++] = (kpirt_status)s;
    for (int i = 0; i < ranked; i++) {
        const char *words =
            by_rank[i] == KPIRT_STATUS_NONE ? "without status" : kpirt_status_words(by_rank[i]);
        fprintf(out, "%s%u %s", i == 0 ? ": " : ", ", counts[by_rank[i]], words);
    }
    fputs(".</p><ul class=\"counts\" aria-label=\"Goals per status\">", out);
    for (int i = 0; i < ranked; i++) {
        fprintf(out, "<li data-status=\"%s\">", kpirt_html_status_class(by_rank[i]));
        kpirt_html_badge(out, by_rank[i]);
        fprintf(out, "<span class=\"n\">%u</span></li>", counts[by_rank[i]]);
    }
    fputs("</ul>", out);

    if (n == 0) {
        fputs("<p class=\"empty\">The report has no goals.</p></section>\n", out);
        free(order);
        return;
    }
    fputs(
        "<div class=\"table-wrap\"><table class=\"worst-first\"><caption class=\"sub\" "
        "style=\"text-align:left\">Every goal, worst first</caption><thead><tr>"
        "<th scope=\"col\">Status</th><th scope=\"col\">Goal</th>"
        "<th scope=\"col\" class=\"hide-narrow\">Owner</th><th scope=\"col\" class=\"num\">Progress</th>"
        "<th scope=\"col\" class=\"num\">Current</th><th scope=\"col\" class=\"num hide-narrow\">Target</th>"
        "<th scope=\"col\" class=\"num\">Time</th></tr></thead><tbody>",
        out);
    for (uint32_t k = 0; k < n; k++) {
        const kpirt_goal_report *g = &r->goals[order[k]];
        char days[48];
        days_text(pg, g, days, sizeof days);
        fprintf(out, "<tr data-status=\"%s\"><td>", kpirt_html_status_class(g->status));
        kpirt_html_badge(out, g->status);
        fputs("</td><td><a href=\"#", out);
        goal_anchor(out, g);
        fputs("\">", out);
        kpirt_html_text(out, goal_label(g));
        fputs("</a>", out);
        if (g->parent >= 0 && (uint32_t)g->parent < r->goal_count) {
            fputs("<div class=\"sub\">drives ", out);
            kpirt_html_text(out, goal_label(&r->goals[g->parent]));
            fputs("</div>", out);
        }
        fputs("</td><td class=\"hide-narrow\">", out);
        kpirt_html_text(out, g->owner ? g->owner : "");
        fputs("</td>", out);
        progress_cell(out, g);
        fputs("<td class=\"num\" data-label=\"Current\">", out);
        kpirt_html_put_value(out, g, g->current);
        fputs("</td><td class=\"num hide-narrow\">", out);
        if (g->target.has) kpirt_html_put_value(out, g, g->target);
        else fputs("&ndash;", out);
        fprintf(out, "</td><td class=\"num days\">%s</td></tr>", days);
    }
    fputs("</tbody></table></div></section>\n", out);
    free(order);
}

/* ---- one goal -------------------------------------------------------------- */

static void write_meta(const page *pg, const kpirt_goal_report *g) {
    FILE *out = pg->out;
    char start[KPIRT_LABEL_MAX], deadline[KPIRT_LABEL_MAX], days[48];
    kpirt_html_day(g->start, start);
    kpirt_html_day(g->deadline, deadline);
    days_text(pg, g, days, sizeof days);
    fputs("<p class=\"goal-meta\">", out);
    if (g->owner && *g->owner) {
        fputs("<span class=\"owner\">Owner: ", out);
        kpirt_html_text(out, g->owner);
        fputs("</span>", out);
    }
    fputs("<span class=\"metric\">Metric: ", out);
    kpirt_html_text(out, g->metric_name);
    if (g->unit && *g->unit) {
        fputs(" (", out);
        kpirt_html_text(out, g->unit);
        fputs(")", out);
    }
    fprintf(out, "</span><span class=\"period\">%s to %s, reviewed %s</span>", start, deadline,
            kpirt_granularity_name(g->review));
    fprintf(out, "<span class=\"days-left\">%s</span></p>", days);
}

static void write_progress(const page *pg, const kpirt_goal_report *g) {
    FILE *out = pg->out;
    if (is_keep(g)) return; /* a guard has no planned change; its limits are in the figures */
    if (!g->progress.has || !isfinite(g->progress.v)) {
        fputs("<div class=\"progress\"><span class=\"progress-text\">Progress: not measurable yet "
              "(needs a baseline, a target and a current value)</span></div>",
              out);
        return;
    }
    double pct = g->progress.v * 100;
    double shown = pct < 0 ? 0 : pct > 100 ? 100 : pct;
    fprintf(out,
            "<div class=\"progress\"><div class=\"bar st-%s\" role=\"progressbar\" "
            "aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"%.0f\" "
            "aria-valuetext=\"%.0f%% of the planned change\" aria-label=\"Progress\">"
            "<span class=\"fill\" style=\"width:%.1f%%\"></span>",
            kpirt_html_status_class(g->status), shown, pct, shown);
    double expected_pct = -1;
    if (g->expected.has && g->baseline.has && g->target.has && g->target.v != g->baseline.v) {
        expected_pct = (g->expected.v - g->baseline.v) / (g->target.v - g->baseline.v) * 100;
        double mark = expected_pct < 0 ? 0 : expected_pct > 100 ? 100 : expected_pct;
        fprintf(out, "<span class=\"mark\" style=\"left:%.1f%%\" title=\"expected by now\"></span>", mark);
    }
    fprintf(out, "</div><span class=\"progress-text\">%.0f%% of the planned change", pct);
    if (expected_pct >= 0) fprintf(out, "; expected %.0f%% by now (dashed mark)", expected_pct);
    if (pct > 100) fputs("; target passed", out);
    if (pct < 0) fputs("; moving away from the target", out);
    fputs("</span></div>", out);
}

static void figure(FILE *out, const char *cls, const char *term, const char *term_extra,
                   const kpirt_goal_report *g, kpirt_opt v, kpirt_status note) {
    bool current = strcmp(cls, "current") == 0;
    fprintf(out, "<div class=\"%s\"><dt>%s", cls, term);
    if (term_extra && *term_extra) {
        fputs(" (", out);
        kpirt_html_text(out, term_extra);
        fputs(")", out);
    }
    fputs("</dt><dd>", out);
    kpirt_html_put_value(out, g, v);
    if (note != KPIRT_STATUS_NONE) fprintf(out, " <span class=\"sub\">(%s)</span>", kpirt_status_words(note));
    if (current) kpirt_html_deltas(out, g);
    if (strcmp(cls, "projection") == 0)
        kpirt_html_put_range(out, g, "<span class=\"sub range\">80% range ", "</span>");
    fputs("</dd></div>", out);
}

static void write_figures(const page *pg, const kpirt_goal_report *g, bool compact) {
    FILE *out = pg->out;
    fputs("<dl class=\"figures\">", out);
    figure(out, "current", "Current", g->current_label, g, g->current, KPIRT_STATUS_NONE);
    if (is_keep(g)) {
        const kpirt_goal_desc *d = g->goal;
        if (d->keep_kind != KPIRT_KEEP_ABOVE)
            figure(out, "target", "Must stay below", NULL, g, (kpirt_opt){.has = true, .v = d->keep_high},
                   KPIRT_STATUS_NONE);
        if (d->keep_kind != KPIRT_KEEP_BELOW)
            figure(out, "target", "Must stay above", NULL, g, (kpirt_opt){.has = true, .v = d->keep_low},
                   KPIRT_STATUS_NONE);
    } else {
        figure(out, "target", "Target", NULL, g, g->target, KPIRT_STATUS_NONE);
        if (!compact) {
            char words[2 * KPIRT_LABEL_MAX + 48];
            kpirt_baseline_words(g, words, sizeof words);
            figure(out, "baseline", "Baseline", words, g, g->baseline, KPIRT_STATUS_NONE);
        }
        figure(out, "expected", "Expected now", NULL, g, g->expected, KPIRT_STATUS_NONE);
    }
    if (!compact || g->projection.has)
        figure(out, "projection", "Projected at deadline", NULL, g, g->projection, g->projection_status);
    fputs("</dl>", out);
    /* a status and a projection that disagree say why, in one clause under the figures */
    if (g->projection_why[0]) {
        fputs("<p class=\"sub why-differs\">Projected ", out);
        fputs(kpirt_status_words(g->projection_status), out);
        fputs(" while ", out);
        fputs(kpirt_status_words(g->status), out);
        fputs(": ", out);
        kpirt_html_text(out, g->projection_why);
        fputs(".</p>", out);
    }
}

static void write_goal(const page *pg, uint32_t index, int depth);

static void write_drivers(const page *pg, const kpirt_goal_report *g, int depth) {
    FILE *out = pg->out;
    const kpirt_report *r = pg->report;
    uint32_t shown = 0;
    for (uint32_t i = 0; i < g->driver_count; i++)
        if (g->drivers[i] < r->goal_count && (!r->selected || r->selected[g->drivers[i]])) shown++;
    if (shown == 0 || depth >= MAX_TREE_DEPTH) return;
    if (depth == 0) fputs("<section class=\"drivers\"><h3>Drivers</h3>", out);
    fputs("<ul class=\"tree\">", out);
    for (uint32_t i = 0; i < g->driver_count; i++) {
        uint32_t d = g->drivers[i];
        if (d >= r->goal_count || (r->selected && !r->selected[d])) continue;
        fputs("<li>", out);
        write_goal(pg, d, depth + 1);
        fputs("</li>", out);
    }
    fputs("</ul>", out);
    if (depth == 0) fputs("</section>", out);
}

/* A top-level goal (depth 0) is a card with a full chart; drivers are nested and compact. */
static void write_goal(const page *pg, uint32_t index, int depth) {
    FILE *out = pg->out;
    const kpirt_goal_report *g = &pg->report->goals[index];
    bool compact = depth > 0;
    fprintf(out, "<article class=\"%s\" id=\"", compact ? "goal driver" : "card goal");
    goal_anchor(out, g);
    fprintf(out, "\" data-status=\"%s\"><div class=\"goal-head\"><%s class=\"goal-title\">",
            kpirt_html_status_class(g->status), compact ? "h4" : "h2");
    kpirt_html_text(out, goal_label(g));
    fprintf(out, "</%s>", compact ? "h4" : "h2");
    kpirt_html_badge(out, g->status);
    fputs("</div>", out);
    write_meta(pg, g);
    kpirt_html_why(out, g);
    kpirt_html_realism(out, g);
    if (g->reason[0]) {
        fputs("<p class=\"goal-reason\">", out);
        kpirt_html_text(out, g->reason);
        fputs("</p>", out);
    }
    write_progress(pg, g);
    kpirt_html_budget(out, g);
    write_figures(pg, g, compact);
    char id[32];
    snprintf(id, sizeof id, "chart-%u", index);
    kpirt_html_chart(out, pg->report, g, id, compact);
    write_drivers(pg, g, depth);
    fputs("</article>\n", out);
}

int kpirt_write_html(const kpirt_report *report, const kpirt_write_options *options, FILE *out) {
    (void)options; /* colour and width are terminal concerns */
    page pg = {out, report};
    write_head(&pg);
    write_overview(&pg);
    fputs("<main>\n", out);
    for (uint32_t i = 0; i < report->root_count; i++)
        if (report->roots[i] < report->goal_count) write_goal(&pg, report->roots[i], 0);
    fputs("</main>\n<footer><p>Generated by kpirt ", out);
    fputs(KPIRT_VERSION, out);
    fputs(". This page is self-contained: no scripts and nothing loaded from the network. "
          "Status words and icon shapes, not colours, carry the status; each chart's data is "
          "in the table under it.</p></footer>\n</div>\n</body>\n</html>\n",
          out);
    fflush(out);
    return ferror(out) ? -1 : 0;
}
