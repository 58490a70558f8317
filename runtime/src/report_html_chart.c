/*
** report_html_chart.c: the line chart of one goal, as inline SVG, with its
** text equivalent.
**
** The x axis counts review periods from the goal's start, the way eval.c
** does: x = 0 is the start (where the baseline sits) and the value of period
** p is drawn at the end of that period, x = p - start + 1, so an actual point
** is compared with the expected path exactly where the status rules compare
** them. The deadline is the end of the last complete period on or before it.
** The projection is the same least-squares trend eval.c fits (drawn forward
** from the current period to the deadline).
**
** Colours and dash patterns are SVG presentation attributes rather than CSS,
** so the chart still draws correctly where a mail client drops <style>. The
** lines differ by dash pattern as well as colour (solid actual, dashed
** expected path, long-dashed target, dotted projection), and a legend, a
** <title>/<desc> sentence and a data table say the same in words.
*/
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHART_WIDTH 640
#define CHART_HEIGHT 260
#define CHART_HEIGHT_COMPACT 190

#define COLOR_ACTUAL "#1d4ed8"
#define COLOR_EXPECTED "#6b7280"
#define COLOR_TARGET "#15803d"
#define COLOR_PROJECTION "#c2410c"
#define COLOR_DEADLINE "#111827"
#define COLOR_ASOF "#9ca3af"
#define COLOR_GRID "#e5e7eb"
#define COLOR_LABEL "#4b5563"

#define DASH_EXPECTED "7 5"
#define DASH_TARGET "14 4 3 4"
#define DASH_PROJECTION "2 4"
#define DASH_DEADLINE "4 3"

typedef struct chart {
    FILE *out;
    const kpirt_report *report;
    const kpirt_goal_report *g;
    int32_t start_p, deadline_p;      /* review periods */
    double periods;                   /* x of the deadline */
    double y0, y1;                    /* value domain */
    double step;                      /* between y ticks */
    double left, right, top, bottom;  /* plot box in pixels */
    bool has_trend;
    double slope, intercept;          /* value = intercept + slope * (p - start_p) */
} chart;

static double px(const chart *c, double x)
{
    return c->left + x / c->periods * (c->right - c->left);
}

static double py(const chart *c, double v)
{
    return c->bottom - (v - c->y0) / (c->y1 - c->y0) * (c->bottom - c->top);
}

static double period_x(const chart *c, int32_t p) { return (double)(p - c->start_p + 1); }

static bool is_keep(const kpirt_goal_report *g)
{
    return g->goal && g->goal->verb == KPIRT_VERB_KEEP;
}

/* The expected value at the end of period p, by eval.c's rule; absent for keep goals. */
static kpirt_opt expected_at(const chart *c, int32_t p)
{
    const kpirt_goal_report *g = c->g;
    if (is_keep(g) || !g->baseline.has || !g->target.has) return (kpirt_opt){false, 0};
    double share = (double)(p - c->start_p + 1) / (double)(c->deadline_p - c->start_p + 1);
    if (share > 1) share = 1;
    return (kpirt_opt){true, g->baseline.v + share * (g->target.v - g->baseline.v)};
}

static double nice_step(double range, int ticks)
{
    double raw = range / ticks;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void widen(double *lo, double *hi, bool *any, kpirt_opt v)
{
    if (!v.has || !isfinite(v.v)) return;
    if (!*any || v.v < *lo) *lo = v.v;
    if (!*any || v.v > *hi) *hi = v.v;
    *any = true;
}

/* Fits the trend and picks a value domain that holds every line; false when there is nothing to draw. */
static bool layout(chart *c, bool compact)
{
    const kpirt_goal_report *g = c->g;
    kpirt_granularity r = g->review;
    c->start_p = kpirt_period_of(g->start, r);
    c->deadline_p = kpirt_last_complete_period(g->deadline, r);
    if (c->deadline_p < c->start_p) c->deadline_p = c->start_p;
    c->periods = (double)(c->deadline_p - c->start_p + 1);
    c->left = 58;
    c->right = CHART_WIDTH - 16;
    c->top = 28;
    c->bottom = (compact ? CHART_HEIGHT_COMPACT : CHART_HEIGHT) - 30;

    double lo = 0, hi = 0;
    bool any = false;
    uint32_t n = 0;
    double *xs = malloc((g->series_count + 1) * sizeof *xs);
    double *ys = malloc((g->series_count + 1) * sizeof *ys);
    for (uint32_t i = 0; i < g->series_count; i++) {
        widen(&lo, &hi, &any, g->series[i].value);
        if (!g->series[i].value.has || !xs || !ys) continue;
        xs[n] = g->series[i].period - c->start_p;
        ys[n] = g->series[i].value.v;
        n++;
    }
    c->has_trend = g->projection.has && xs && ys &&
                   kpirt_least_squares(xs, ys, n, &c->slope, &c->intercept) == 1;
    free(xs);
    free(ys);
    widen(&lo, &hi, &any, g->baseline);
    widen(&lo, &hi, &any, g->target);
    widen(&lo, &hi, &any, g->projection);
    if (c->has_trend) widen(&lo, &hi, &any, (kpirt_opt){true, c->intercept});   /* the trend at the start */
    if (is_keep(g)) {
        if (g->goal->keep_kind != KPIRT_KEEP_ABOVE) widen(&lo, &hi, &any, (kpirt_opt){true, g->goal->keep_high});
        if (g->goal->keep_kind != KPIRT_KEEP_BELOW) widen(&lo, &hi, &any, (kpirt_opt){true, g->goal->keep_low});
    }
    if (!any) return false;

    double range = hi - lo;
    if (range <= 0) range = fabs(hi) > 0 ? fabs(hi) * 0.5 : 1;   /* one value: room around it */
    double pad_lo = lo - range * 0.08, pad_hi = hi + range * 0.08;
    if (lo >= 0 && pad_lo < 0) pad_lo = 0;   /* a count never dips below zero on screen */
    c->step = nice_step(pad_hi - pad_lo, compact ? 3 : 5);
    c->y0 = floor(pad_lo / c->step) * c->step;
    c->y1 = ceil(pad_hi / c->step) * c->step;
    if (c->y1 <= c->y0) c->y1 = c->y0 + c->step;
    return true;
}

/* ---- drawing --------------------------------------------------------------- */

static void label(chart *c, double x, double y, const char *anchor, const char *color,
                  const char *text)
{
    fprintf(c->out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">", x, y, anchor,
            color);
    kpirt_html_text(c->out, text);
    fputs("</text>", c->out);
}

static void draw_grid(chart *c, bool compact)
{
    FILE *out = c->out;
    char tick[KPIRT_HTML_VALUE_MAX];
    fputs("<g class=\"grid\">", out);
    for (double v = c->y0; v <= c->y1 + c->step * 0.001; v += c->step) {
        double y = py(c, v);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                c->left, y, c->right, y, COLOR_GRID);
        kpirt_html_tick(c->g, fabs(v) < c->step * 1e-9 ? 0 : v, c->step, tick);
        label(c, c->left - 6, y + 4, "end", COLOR_LABEL, tick);
    }

    /* Period labels counted back from the deadline so the last one is always shown. */
    int total = (int)c->periods;
    int max_labels = compact ? 4 : 5;
    int every = (total + max_labels - 1) / max_labels;
    if (every < 1) every = 1;
    double base = c->bottom;
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
            c->left, base, c->right, base, COLOR_LABEL);
    for (int i = 1; i <= total; i++) {
        if ((total - i) % every != 0) continue;
        char text[KPIRT_LABEL_MAX];
        kpirt_period_label(c->start_p + i - 1, c->g->review, text);
        double x = px(c, i);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x,
                base, x, base + 4, COLOR_LABEL);
        label(c, x, base + 16, i == total ? "end" : "middle", COLOR_LABEL, text);
    }
    fputs("</g>", out);
}

static void draw_keep_band(chart *c)
{
    const kpirt_goal_desc *d = c->g->goal;
    double hi = d->keep_kind == KPIRT_KEEP_ABOVE ? c->y1 : d->keep_high;
    double lo = d->keep_kind == KPIRT_KEEP_BELOW ? c->y0 : d->keep_low;
    if (hi < c->y0 || lo > c->y1) return;
    if (hi > c->y1) hi = c->y1;
    if (lo < c->y0) lo = c->y0;
    fprintf(c->out, "<rect class=\"keep-band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"%s\" fill-opacity=\"0.08\"/>",
            c->left, py(c, hi), c->right - c->left, py(c, lo) - py(c, hi), COLOR_TARGET);
}

static void hline(chart *c, const char *cls, double v, const char *word)
{
    char value[KPIRT_HTML_VALUE_MAX], text[KPIRT_HTML_VALUE_MAX + 32];
    kpirt_html_value(c->g, (kpirt_opt){true, v}, value);
    snprintf(text, sizeof text, "%s %s", word, value);
    double y = py(c, v);
    fprintf(c->out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"1.5\" stroke-dasharray=\"%s\"/>",
            cls, c->left, y, c->right, y, COLOR_TARGET, DASH_TARGET);
    label(c, c->left + 4, y - 5, "start", COLOR_TARGET, text);
}

static void vline(chart *c, const char *cls, double x, const char *color, const char *dash,
                  const char *text)
{
    double X = px(c, x);
    fprintf(c->out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"",
            cls, X, c->top - 6, X, c->bottom, color);
    if (dash) fprintf(c->out, " stroke-dasharray=\"%s\"", dash);
    fputs("/>", c->out);
    label(c, X - 3, c->top - 9, "end", color, text);
}

/* Where as-of falls, in periods since the start, or -1 outside the goal's time. */
static double asof_x(const chart *c)
{
    kpirt_day as_of = c->report->as_of;
    if (as_of < c->g->start || as_of >= c->g->deadline) return -1;
    kpirt_granularity r = c->g->review;
    int32_t p = kpirt_period_of(as_of, r);
    kpirt_day first = kpirt_period_first_day(p, r), last = kpirt_period_last_day(p, r);
    double x = (double)(p - c->start_p) + (double)(as_of - first + 1) / (double)(last - first + 1);
    return x > c->periods ? -1 : x;
}

static void point_title(chart *c, const char *what, const char *period, kpirt_opt v)
{
    char value[KPIRT_HTML_VALUE_MAX];
    kpirt_html_value(c->g, v, value);
    fputs("<title>", c->out);
    kpirt_html_text(c->out, what);
    kpirt_html_text(c->out, period);
    fputs(": ", c->out);
    kpirt_html_text(c->out, value);
    fputs("</title>", c->out);
}

static void draw_actuals(chart *c)
{
    const kpirt_goal_report *g = c->g;
    FILE *out = c->out;
    /* One polyline per run of periods with a value: a gap stays a gap. */
    bool open = false;
    for (uint32_t i = 0; i < g->series_count; i++) {
        const kpirt_series_point *pt = &g->series[i];
        if (!pt->value.has) {
            if (open) fputs("\"/>", out);
            open = false;
            continue;
        }
        if (!open)
            fprintf(out, "<polyline class=\"actual\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
                    "stroke-linejoin=\"round\" points=\"", COLOR_ACTUAL);
        else
            fputc(' ', out);
        fprintf(out, "%.1f,%.1f", px(c, period_x(c, pt->period)), py(c, pt->value.v));
        open = true;
    }
    if (open) fputs("\"/>", out);
    for (uint32_t i = 0; i < g->series_count; i++) {
        const kpirt_series_point *pt = &g->series[i];
        if (!pt->value.has) continue;
        fprintf(out, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\">",
                px(c, period_x(c, pt->period)), py(c, pt->value.v), COLOR_ACTUAL);
        point_title(c, "", pt->label, pt->value);
        fputs("</circle>", out);
    }
}

/* The least-squares trend eval.c projects with, from the first measured period to the deadline. */
static void draw_projection(chart *c)
{
    const kpirt_goal_report *g = c->g;
    if (!c->has_trend) return;
    int32_t first = -1;
    for (uint32_t i = 0; i < g->series_count && first < 0; i++)
        if (g->series[i].value.has) first = g->series[i].period;
    if (first < 0) return;
    double from = c->intercept + c->slope * (first - c->start_p);
    double x0 = px(c, period_x(c, first)), x1 = px(c, c->periods);
    fprintf(c->out, "<line class=\"projection\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
            x0, py(c, from), x1, py(c, g->projection.v), COLOR_PROJECTION, DASH_PROJECTION);
    fprintf(c->out, "<circle class=\"projection-point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#ffffff\" "
            "stroke=\"%s\" stroke-width=\"2\">", x1, py(c, g->projection.v), COLOR_PROJECTION);
    point_title(c, "projection at the deadline", "", g->projection);
    fputs("</circle>", c->out);
}

/* ---- words ----------------------------------------------------------------- */

/* The chart in sentences, for <desc> and screen readers. */
static void describe(chart *c)
{
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
    if (is_keep(g)) {
        const kpirt_goal_desc *d = g->goal;
        kpirt_opt lo = {true, d->keep_low}, hi = {true, d->keep_high};
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
        fputs("The trend projects ", out);
        kpirt_html_put_value(out, g, g->projection);
        fputs(" at the deadline", out);
        if (g->projection_status != KPIRT_STATUS_NONE)
            fprintf(out, " (%s)", kpirt_status_words(g->projection_status));
        fputs(".", out);
    }
}

static void legend_item(FILE *out, const char *cls, const char *color, const char *dash,
                        double width, const char *text)
{
    fprintf(out, "<li class=\"%s\"><svg width=\"28\" height=\"10\" aria-hidden=\"true\">"
            "<line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" stroke=\"%s\" stroke-width=\"%.1f\"",
            cls, color, width);
    if (dash) fprintf(out, " stroke-dasharray=\"%s\"", dash);
    fprintf(out, "/></svg>%s</li>", text);
}

static void legend(chart *c)
{
    FILE *out = c->out;
    fputs("<ul class=\"legend\">", out);
    legend_item(out, "lg-actual", COLOR_ACTUAL, NULL, 2.5, "Actual");
    if (!is_keep(c->g) && c->g->baseline.has && c->g->target.has)
        legend_item(out, "lg-expected", COLOR_EXPECTED, DASH_EXPECTED, 2, "Expected path");
    if (is_keep(c->g)) legend_item(out, "lg-target", COLOR_TARGET, DASH_TARGET, 1.5, "Limit");
    else if (c->g->target.has) legend_item(out, "lg-target", COLOR_TARGET, DASH_TARGET, 1.5, "Target");
    if (c->has_trend) legend_item(out, "lg-projection", COLOR_PROJECTION, DASH_PROJECTION, 2, "Trend and projection");
    legend_item(out, "lg-deadline", COLOR_DEADLINE, DASH_DEADLINE, 1, "Deadline");
    if (c->g->unit && *c->g->unit) {
        fputs("<li class=\"lg-unit\">Unit: ", out);
        kpirt_html_text(out, c->g->unit);
        fputs("</li>", out);
    }
    fputs("</ul>", out);
}

static void cell(FILE *out, const kpirt_goal_report *g, const char *prefix, kpirt_opt v)
{
    fputs("<td>", out);
    fputs(prefix, out);
    kpirt_html_put_value(out, g, v);
    fputs("</td>", out);
}

static void data_table(chart *c)
{
    const kpirt_goal_report *g = c->g;
    FILE *out = c->out;
    char day[KPIRT_LABEL_MAX];
    bool expected = !is_keep(g) && g->baseline.has && g->target.has;
    fprintf(out, "<details class=\"chart-data\"><summary>Chart data (%u period%s)</summary>"
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
        if (expected) cell(out, g, "", expected_at(c, pt->period));
        fputs("</tr>", out);
    }
    kpirt_html_day(g->deadline, day);
    if (g->projection.has || expected) {
        fprintf(out, "<tr class=\"deadline-row\"><th scope=\"row\">Deadline %s</th>", day);
        if (g->projection.has) cell(out, g, "projected ", g->projection);
        else fputs("<td>&ndash;</td>", out);
        if (expected) cell(out, g, "target ", g->target);
        fputs("</tr>", out);
    }
    fputs("</tbody></table></details>", out);
}

void kpirt_html_chart(FILE *out, const kpirt_report *report, const kpirt_goal_report *g,
                      const char *id, bool compact)
{
    chart c = {.out = out, .report = report, .g = g};
    uint32_t measured = 0;
    for (uint32_t i = 0; i < g->series_count; i++) measured += g->series[i].value.has;
    /* Plan lines without a single actual value say nothing a sentence cannot. */
    if (measured == 0 || !layout(&c, compact)) {
        fputs("<figure class=\"chart chart-empty\"><p class=\"empty\">No chart yet: ", out);
        describe(&c);
        fputs("</p></figure>", out);
        return;
    }
    int height = compact ? CHART_HEIGHT_COMPACT : CHART_HEIGHT;
    fputs("<figure class=\"chart\">", out);
    fprintf(out, "<svg class=\"chart-svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
            "role=\"img\" aria-labelledby=\"%s-t %s-d\" font-family=\"system-ui, -apple-system, "
            "'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" font-size=\"11\">",
            CHART_WIDTH, height, CHART_WIDTH, height, id, id);
    fprintf(out, "<title id=\"%s-t\">", id);
    kpirt_html_text(out, g->title && *g->title ? g->title : g->name);
    fputs(": actual against plan</title>", out);
    fprintf(out, "<desc id=\"%s-d\">", id);
    describe(&c);
    fputs("</desc>", out);

    draw_grid(&c, compact);
    if (is_keep(g)) {
        draw_keep_band(&c);
        const kpirt_goal_desc *d = g->goal;
        if (d->keep_kind != KPIRT_KEEP_ABOVE) hline(&c, "target", d->keep_high, "limit");
        if (d->keep_kind != KPIRT_KEEP_BELOW) hline(&c, "target", d->keep_low, "limit");
    } else {
        if (g->target.has) hline(&c, "target", g->target.v, "target");
        if (g->baseline.has && g->target.has)
            fprintf(out, "<line class=\"expected\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
                    px(&c, 0), py(&c, g->baseline.v), px(&c, c.periods), py(&c, g->target.v),
                    COLOR_EXPECTED, DASH_EXPECTED);
    }
    double now = asof_x(&c);
    if (now >= 0) vline(&c, "asof", now, COLOR_ASOF, NULL, "as of");
    vline(&c, "deadline", c.periods, COLOR_DEADLINE, DASH_DEADLINE, "deadline");
    draw_projection(&c);
    draw_actuals(&c);
    fputs("</svg><figcaption>", out);
    legend(&c);
    fputs("</figcaption>", out);
    data_table(&c);
    fputs("</figure>", out);
}
