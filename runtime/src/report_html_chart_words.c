/*
** report_html_chart_words.c: what each chart says in words.
**
** A chart is a picture; these are its text equivalents, written from the
** same goal report: the <desc> sentences a screen reader speaks ("Actual
** values for 9 of 10 periods ...; Target ... by ...; The trend projects
** ..."), the legend under the chart, and the collapsible table of the data
** (baseline, each period's actual and expected value, the deadline with the
** projection and the target). Every value goes through kpirt_html_put_value,
** so it is escaped and shown in the goal's unit.
*/
#include "report_html_chart.h"

#include <string.h>

void kpirt_chart_describe(kpirt_chart *c) {
    const kpirt_goal_report *g = c->g;
    FILE *out = c->out;
    char day[KPIRT_LABEL_MAX];
    uint32_t with_value = 0;
    for (uint32_t i = 0; i < g->series_count; i++) with_value += g->series[i].value.has;
    if (g->series_count == 0) {
        fputs("No period has been measured yet. ", out);
    } else if (with_value == 0) {
        fprintf(out, "None of the %u period%s from ", g->series_count, g->series_count == 1 ? "" : "s");
        kpirt_html_text(out, g->series[0].label);
        fputs(" to ", out);
        kpirt_html_text(out, g->series[g->series_count - 1].label);
        fputs(" has a value. ", out);
    } else {
        fprintf(out, "Actual values for %u of %u periods from ", with_value, g->series_count);
        kpirt_html_text(out, g->series[0].label);
        fputs(" to ", out);
        kpirt_html_text(out, g->series[g->series_count - 1].label);
        fputs("; latest ", out);
        kpirt_html_put_value(out, g, g->current);
        fputs(". ", out);
    }
    if (g->baseline.has) {
        fputs("Baseline ", out);
        kpirt_html_put_value(out, g, g->baseline);
        fputs(". ", out);
    }
    if (g->expected.has) {
        fputs("Expected now ", out);
        kpirt_html_put_value(out, g, g->expected);
        fputs(". ", out);
    }
    kpirt_html_day(g->deadline, day);
    if (kpirt_chart_is_keep(g)) {
        const kpirt_goal_desc *d = g->goal;
        kpirt_opt lo = {.has = true, .v = d->keep_low}, hi = {.has = true, .v = d->keep_high};
        if (d->keep_kind == KPIRT_KEEP_ABOVE) {
            fputs("Must stay above ", out);
            kpirt_html_put_value(out, g, lo);
        } else if (d->keep_kind == KPIRT_KEEP_BELOW) {
            fputs("Must stay below ", out);
            kpirt_html_put_value(out, g, hi);
        } else {
            fputs("Must stay between ", out);
            kpirt_html_put_value(out, g, lo);
            fputs(" and ", out);
            kpirt_html_put_value(out, g, hi);
        }
        fprintf(out, " until %s. ", day);
    } else if (g->target.has) {
        fputs("Target ", out);
        kpirt_html_put_value(out, g, g->target);
        fprintf(out, " by %s. ", day);
    }
    if (g->projection.has) {
        bool seasonal = g->projection_method && strcmp(g->projection_method, "seasonal") == 0;
        fputs(seasonal ? "Last year's season projects " : "The trend projects ", out);
        kpirt_html_put_value(out, g, g->projection);
        fputs(" at the deadline", out);
        kpirt_html_put_range(out, g, " (80% range ", ")");
        if (g->projection_status != KPIRT_STATUS_NONE)
            fprintf(out, ": %s", kpirt_status_words(g->projection_status));
        fputs(".", out);
        if (g->projection_why[0]) {
            fputs(" Why they differ: ", out);
            kpirt_html_text(out, g->projection_why);
            fputs(".", out);
        }
    }
}

static void legend_item(FILE *out, const char *cls, const char *color, const char *dash, double width,
                        const char *text) {
    fprintf(out,
            "<li class=\"%s\"><svg width=\"28\" height=\"10\" aria-hidden=\"true\">"
            "<line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" stroke=\"%s\" stroke-width=\"%.1f\"",
            cls, color, width);
    if (dash) fprintf(out, " stroke-dasharray=\"%s\"", dash);
    fprintf(out, "/></svg>%s</li>", text);
}

void kpirt_chart_legend(kpirt_chart *c) {
    FILE *out = c->out;
    fputs("<ul class=\"legend\">", out);
    legend_item(out, "lg-actual", COLOR_ACTUAL, NULL, 2.5, "Actual");
    if (!kpirt_chart_is_keep(c->g) && c->g->baseline.has && c->g->target.has)
        legend_item(out, "lg-expected", COLOR_EXPECTED, DASH_EXPECTED, 2, "Expected path");
    if (kpirt_chart_is_keep(c->g)) legend_item(out, "lg-target", COLOR_TARGET, DASH_TARGET, 1.5, "Limit");
    else if (c->g->target.has) legend_item(out, "lg-target", COLOR_TARGET, DASH_TARGET, 1.5, "Target");
    if (c->has_trend)
        legend_item(out, "lg-projection", COLOR_PROJECTION, DASH_PROJECTION, 2, "Trend and projection");
    else if (c->has_projection)
        legend_item(out, "lg-projection", COLOR_PROJECTION, DASH_PROJECTION, 2,
                    c->g->projection_method && strcmp(c->g->projection_method, "seasonal") == 0
                        ? "Seasonal projection"
                        : "Projection");
    if (c->has_projection && c->has_band)
        fprintf(out,
                "<li class=\"lg-band\"><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><rect x=\"1\" "
                "y=\"1\" width=\"26\" height=\"8\" fill=\"%s\" fill-opacity=\"%s\"/></svg>80%% range of "
                "the projection</li>",
                COLOR_PROJECTION, OPACITY_BAND);
    legend_item(out, "lg-deadline", COLOR_DEADLINE, DASH_DEADLINE, 1, "Deadline");
    if (c->g->unit && *c->g->unit) {
        fputs("<li class=\"lg-unit\">Unit: ", out);
        kpirt_html_text(out, c->g->unit);
        fputs("</li>", out);
    }
    fputs("</ul>", out);
}

static void cell(FILE *out, const kpirt_goal_report *g, const char *prefix, kpirt_opt v) {
    fputs("<td>", out);
    fputs(prefix, out);
    kpirt_html_put_value(out, g, v);
    fputs("</td>", out);
}

void kpirt_chart_table(kpirt_chart *c) {
    const kpirt_goal_report *g = c->g;
    FILE *out = c->out;
    char day[KPIRT_LABEL_MAX];
    bool expected = !kpirt_chart_is_keep(g) && g->baseline.has && g->target.has;
    fprintf(out,
            "<details class=\"chart-data\"><summary>Chart data (%u period%s)</summary>"
            "<table><thead><tr><th scope=\"col\">Period</th><th scope=\"col\">Actual</th>",
            g->series_count, g->series_count == 1 ? "" : "s");
    if (expected) fputs("<th scope=\"col\">Expected</th>", out);
    fputs("</tr></thead><tbody>", out);
    if (g->baseline.has) {
        fputs("<tr><th scope=\"row\">Baseline</th>", out);
        cell(out, g, "", g->baseline);
        if (expected) cell(out, g, "", g->baseline);
        fputs("</tr>", out);
    }
    for (uint32_t i = 0; i < g->series_count; i++) {
        const kpirt_series_point *pt = &g->series[i];
        fputs("<tr><th scope=\"row\">", out);
        kpirt_html_text(out, pt->label);
        fputs("</th>", out);
        cell(out, g, "", pt->value);
        if (expected) cell(out, g, "", kpirt_chart_expected_at(c, pt->period));
        fputs("</tr>", out);
    }
    kpirt_html_day(g->deadline, day);
    if (g->projection.has || expected) {
        fprintf(out, "<tr class=\"deadline-row\"><th scope=\"row\">Deadline %s</th>", day);
        if (g->projection.has) {
            fputs("<td>projected ", out);
            kpirt_html_put_value(out, g, g->projection);
            kpirt_html_put_range(out, g, " (80%: ", ")");
            fputs("</td>", out);
        } else fputs("<td>&ndash;</td>", out);
        if (expected) cell(out, g, "target ", g->target);
        fputs("</tr>", out);
    }
    fputs("</tbody></table></details>", out);
}
