/*
** report_html_chart.c: the line chart of one goal, as inline SVG, with its
** text equivalent.
**
** The x axis counts review periods from the goal's start, the way eval.c
** does: x = 0 is the start (where the baseline sits) and the value of period
** p is drawn at the end of that period, x = p - start + 1, so an actual point
** is compared with the expected path exactly where the status rules compare
** them. The deadline is the end of the last complete period on or before it.
** A linear projection is the same least-squares trend eval.c fits, drawn
** from the first measured period to the deadline; a seasonal one (or a
** total's) from the last measured value to the projected one. Its 80%
** interval is a shaded band that fans out to the deadline.
**
** Colours and dash patterns are SVG presentation attributes rather than CSS,
** so the chart still draws correctly where a mail client drops <style>. The
** lines differ by dash pattern as well as colour (solid actual, dashed
** expected path, long-dashed target, dotted projection, a shaded band for
** its range), and a legend, a
** <title>/<desc> sentence and a data table say the same in words
** (report_html_chart_words.c).
*/
#include "report_html_chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
** A chart spans at most this many review periods (about 27 years of days):
** beyond it no axis is readable, and a start or deadline that is not a day
** (or one far off, from a corrupt program) would make the label loop run for
** billions of periods. Such a goal's card keeps its words and numbers, without
** the chart. Period offsets are computed in double, never as int differences
** that could overflow.
*/
#define CHART_MAX_PERIODS 10000

/* Periods from a to b, as a double: exact for every pair of int32 periods. */
static double periods_between(int32_t a, int32_t b) {
    return (double)b - (double)a;
}

static double px(const kpirt_chart *c, double x) {
    return c->left + x / c->periods * (c->right - c->left);
}

static double py(const kpirt_chart *c, double v) {
    return c->bottom - (v - c->y0) / (c->y1 - c->y0) * (c->bottom - c->top);
}

static double period_x(const kpirt_chart *c, int32_t p) {
    return periods_between(c->start_p, p) + 1;
}

bool kpirt_chart_is_keep(const kpirt_goal_report *g) {
    return g->goal && g->goal->verb == KPIRT_VERB_KEEP;
}

/* The expected value at the end of period p, by eval.c's rule; absent for keep goals. */
kpirt_opt kpirt_chart_expected_at(const kpirt_chart *c, int32_t p) {
    const kpirt_goal_report *g = c->g;
    if (kpirt_chart_is_keep(g) || !g->baseline.has || !g->target.has)
        return (kpirt_opt){.has = false, .v = 0};
    double share = period_x(c, p) / c->periods;
    if (share > 1) share = 1;
    return (kpirt_opt){.has = true, .v = g->baseline.v + share * (g->target.v - g->baseline.v)};
}

static double nice_step(double range, int ticks) {
    double raw = range / ticks;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void widen(double *lo, double *hi, bool *any, kpirt_opt v) {
    if (!v.has || !isfinite(v.v)) return;
    if (!*any || v.v < *lo) *lo = v.v;
    if (!*any || v.v > *hi) *hi = v.v;
    *any = true;
}

/* Fits the trend and picks a value domain that holds every line; false when there is nothing to draw. */
static bool layout(kpirt_chart *c, bool compact) {
    const kpirt_goal_report *g = c->g;
    kpirt_granularity r = g->review;
    if (g->start == KPIRT_NO_DAY || g->deadline == KPIRT_NO_DAY) return false;
    c->start_p = kpirt_period_of(g->start, r);
    c->deadline_p = kpirt_last_complete_period(g->deadline, r);
    if (c->deadline_p < c->start_p) c->deadline_p = c->start_p;
    c->periods = periods_between(c->start_p, c->deadline_p) + 1;
    if (c->periods > CHART_MAX_PERIODS) return false;
    c->left = 58;
    c->right = CHART_WIDTH - 16;
    c->top = 28;
    c->bottom = (compact ? CHART_HEIGHT_COMPACT : CHART_HEIGHT) - 30;

    double lo = 0, hi = 0;
    bool any = false;
    uint32_t n = 0;
    double *xs = malloc((g->series_count + 1) * sizeof *xs);
    double *ys = malloc((g->series_count + 1) * sizeof *ys);
    int32_t first = 0, last = 0;
    for (uint32_t i = 0; i < g->series_count; i++) {
        widen(&lo, &hi, &any, g->series[i].value);
        if (!g->series[i].value.has) continue;
        if (!n) first = g->series[i].period;
        last = g->series[i].period;
        if (xs && ys) {
            xs[n] = periods_between(c->start_p, g->series[i].period);
            ys[n] = g->series[i].value.v;
        }
        n++;
    }
    /*
    ** A linear projection of values is the least-squares line through them,
    ** drawn from the first measured period; a seasonal one or a total's
    ** runs from the last measured value. The band fans out from where the
    ** line is at the last measured period to the interval at the deadline.
    */
    bool line = (!g->projection_method || strcmp(g->projection_method, "linear") == 0) && !g->cumulative;
    c->has_trend = line && g->projection.has && xs && ys &&
                   kpirt_least_squares(xs, ys, n, &c->slope, &c->intercept) == 1;
    c->has_projection = g->projection.has && n > 0 && xs && ys && (c->has_trend || !line);
    if (c->has_projection) {
        c->from_x = period_x(c, c->has_trend ? first : last);
        c->fan_x = period_x(c, last);
        c->from_v = c->has_trend ? c->intercept + c->slope * periods_between(c->start_p, first) : ys[n - 1];
        c->fan_v = c->has_trend ? c->intercept + c->slope * periods_between(c->start_p, last) : ys[n - 1];
        c->has_band = g->projection_low.has && g->projection_high.has;
        widen(&lo, &hi, &any, (kpirt_opt){.has = true, .v = c->from_v});
        if (c->has_band) {
            widen(&lo, &hi, &any, g->projection_low);
            widen(&lo, &hi, &any, g->projection_high);
        }
    }
    free(xs);
    free(ys);
    widen(&lo, &hi, &any, g->baseline);
    widen(&lo, &hi, &any, g->target);
    widen(&lo, &hi, &any, g->projection);
    if (kpirt_chart_is_keep(g)) {
        if (g->goal->keep_kind != KPIRT_KEEP_ABOVE)
            widen(&lo, &hi, &any, (kpirt_opt){.has = true, .v = g->goal->keep_high});
        if (g->goal->keep_kind != KPIRT_KEEP_BELOW)
            widen(&lo, &hi, &any, (kpirt_opt){.has = true, .v = g->goal->keep_low});
    }
    if (!any) return false;

    double range = hi - lo;
    if (range <= 0) range = fabs(hi) > 0 ? fabs(hi) * 0.5 : 1; /* one value: room around it */
    double pad_lo = lo - range * 0.08, pad_hi = hi + range * 0.08;
    if (lo >= 0 && pad_lo < 0) pad_lo = 0; /* a count never dips below zero on screen */
    c->step = nice_step(pad_hi - pad_lo, compact ? 3 : 5);
    c->y0 = floor(pad_lo / c->step) * c->step;
    c->y1 = ceil(pad_hi / c->step) * c->step;
    if (c->y1 <= c->y0) c->y1 = c->y0 + c->step;
    return true;
}

/* ---- drawing --------------------------------------------------------------- */

static void label(kpirt_chart *c, double x, double y, const char *anchor, const char *color,
                  const char *text) {
    fprintf(c->out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">", x, y, anchor, color);
    kpirt_html_text(c->out, text);
    fputs("</text>", c->out);
}

static void draw_grid(kpirt_chart *c, bool compact) {
    FILE *out = c->out;
    char tick[KPIRT_HTML_VALUE_MAX];
    fputs("<g class=\"grid\">", out);
    /* counted, not stepped: at extreme values v + step can equal v */
    double span = (c->y1 - c->y0) / c->step + 0.001;
    int ticks = isfinite(span) && span >= 0 ? (span < 64 ? (int)span : 64) : 0;
    for (int i = 0; i <= ticks; i++) {
        double v = c->y0 + i * c->step;
        double y = py(c, v);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", c->left, y,
                c->right, y, COLOR_GRID);
        kpirt_html_tick(c->g, fabs(v) < c->step * 1e-9 ? 0 : v, c->step, tick);
        label(c, c->left - 6, y + 4, "end", COLOR_LABEL, tick);
    }

    /* Period labels counted back from the deadline so the last one is always shown. */
    int total = (int)c->periods;
    int max_labels = compact ? 4 : 5;
    int every = (total + max_labels - 1) / max_labels;
    if (every < 1) every = 1;
    double base = c->bottom;
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", c->left, base,
            c->right, base, COLOR_LABEL);
    for (int i = total - (total - 1) / every * every; i <= total; i += every) {
        char text[KPIRT_LABEL_MAX];
        kpirt_period_label(c->start_p + i - 1, c->g->review, text);
        double x = px(c, i);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x, base, x,
                base + 4, COLOR_LABEL);
        label(c, x, base + 16, i == total ? "end" : "middle", COLOR_LABEL, text);
    }
    fputs("</g>", out);
}

static void draw_keep_band(kpirt_chart *c) {
    const kpirt_goal_desc *d = c->g->goal;
    double hi = d->keep_kind == KPIRT_KEEP_ABOVE ? c->y1 : d->keep_high;
    double lo = d->keep_kind == KPIRT_KEEP_BELOW ? c->y0 : d->keep_low;
    if (hi < c->y0 || lo > c->y1) return;
    if (hi > c->y1) hi = c->y1;
    if (lo < c->y0) lo = c->y0;
    fprintf(c->out,
            "<rect class=\"keep-band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"%s\" fill-opacity=\"0.08\"/>",
            c->left, py(c, hi), c->right - c->left, py(c, lo) - py(c, hi), COLOR_TARGET);
}

static void hline(kpirt_chart *c, const char *cls, double v, const char *word) {
    char value[KPIRT_HTML_VALUE_MAX], text[KPIRT_HTML_VALUE_MAX + 32];
    kpirt_html_value(c->g, (kpirt_opt){.has = true, .v = v}, value);
    snprintf(text, sizeof text, "%s %s", word, value);
    double y = py(c, v);
    fprintf(c->out,
            "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"1.5\" stroke-dasharray=\"%s\"/>",
            cls, c->left, y, c->right, y, COLOR_TARGET, DASH_TARGET);
    label(c, c->left + 4, y - 5, "start", COLOR_TARGET, text);
}

static void vline(kpirt_chart *c, const char *cls, double x, const char *color, const char *dash,
                  const char *text) {
    double X = px(c, x);
    fprintf(c->out, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"", cls,
            X, c->top - 6, X, c->bottom, color);
    if (dash) fprintf(c->out, " stroke-dasharray=\"%s\"", dash);
    fputs("/>", c->out);
    label(c, X - 3, c->top - 9, "end", color, text);
}

/* Where as-of falls, in periods since the start, or -1 outside the goal's time. */
static double asof_x(const kpirt_chart *c) {
    kpirt_day as_of = c->report->as_of;
    if (as_of < c->g->start || as_of >= c->g->deadline) return -1;
    kpirt_granularity r = c->g->review;
    int32_t p = kpirt_period_of(as_of, r);
    kpirt_day first = kpirt_period_first_day(p, r), last = kpirt_period_last_day(p, r);
    double x = periods_between(c->start_p, p) + (double)(as_of - first + 1) / (double)(last - first + 1);
    return x > c->periods ? -1 : x;
}

static void point_title(kpirt_chart *c, const char *what, const char *period, kpirt_opt v) {
    char value[KPIRT_HTML_VALUE_MAX];
    kpirt_html_value(c->g, v, value);
    fputs("<title>", c->out);
    kpirt_html_text(c->out, what);
    kpirt_html_text(c->out, period);
    fputs(": ", c->out);
    kpirt_html_text(c->out, value);
    fputs("</title>", c->out);
}

static void draw_actuals(kpirt_chart *c) {
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
            fprintf(out,
                    "<polyline class=\"actual\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
                    "stroke-linejoin=\"round\" points=\"",
                    COLOR_ACTUAL);
        else fputc(' ', out);
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

/* The projection eval.c made: its line (the least-squares trend, or from the last measured value) and point. */
static void draw_projection(kpirt_chart *c) {
    const kpirt_goal_report *g = c->g;
    if (!c->has_projection) return;
    double x0 = px(c, c->from_x), x1 = px(c, c->periods);
    fprintf(c->out,
            "<line class=\"projection\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
            x0, py(c, c->from_v), x1, py(c, g->projection.v), COLOR_PROJECTION, DASH_PROJECTION);
    fprintf(c->out,
            "<circle class=\"projection-point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#ffffff\" "
            "stroke=\"%s\" stroke-width=\"2\">",
            x1, py(c, g->projection.v), COLOR_PROJECTION);
    point_title(c, "projection at the deadline", "", g->projection);
    fputs("</circle>", c->out);
}

/*
** The projection's 80% range: a shaded wedge from the projection line at the
** last measured period to the interval at the deadline, drawn first so that
** every line stays on top of it.
*/
static void draw_band(kpirt_chart *c) {
    const kpirt_goal_report *g = c->g;
    if (!c->has_projection || !c->has_band) return;
    double x0 = px(c, c->fan_x), x1 = px(c, c->periods);
    if (x1 - x0 < 8) /* measured up to the deadline: a bar of the range at the deadline */
        fprintf(c->out,
                "<polygon class=\"projection-band\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
                "fill=\"%s\" fill-opacity=\"%s\" stroke=\"none\">",
                x1 - 4, py(c, g->projection_high.v), x1 + 4, py(c, g->projection_high.v), x1 + 4,
                py(c, g->projection_low.v), x1 - 4, py(c, g->projection_low.v), COLOR_PROJECTION,
                OPACITY_BAND);
    else
        fprintf(c->out,
                "<polygon class=\"projection-band\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" "
                "fill-opacity=\"%s\" stroke=\"none\">",
                x0, py(c, c->fan_v), x1, py(c, g->projection_high.v), x1, py(c, g->projection_low.v),
                COLOR_PROJECTION, OPACITY_BAND);
    char low[KPIRT_HTML_VALUE_MAX], high[KPIRT_HTML_VALUE_MAX];
    kpirt_html_value(g, g->projection_low, low);
    kpirt_html_value(g, g->projection_high, high);
    fputs("<title>80% range at the deadline: ", c->out);
    kpirt_html_text(c->out, low);
    fputs(" to ", c->out);
    kpirt_html_text(c->out, high);
    fputs("</title></polygon>", c->out);
}

/* ---- words ----------------------------------------------------------------- */

void kpirt_html_chart(FILE *out, const kpirt_report *report, const kpirt_goal_report *g, const char *id,
                      bool compact) {
    kpirt_chart c = {.out = out, .report = report, .g = g};
    uint32_t measured = 0;
    for (uint32_t i = 0; i < g->series_count; i++) measured += g->series[i].value.has;
    /* Plan lines without a single actual value say nothing a sentence cannot. */
    if (measured == 0 || !layout(&c, compact)) {
        fputs("<figure class=\"chart chart-empty\"><p class=\"empty\">No chart yet: ", out);
        kpirt_chart_describe(&c);
        fputs("</p></figure>", out);
        return;
    }
    int height = compact ? CHART_HEIGHT_COMPACT : CHART_HEIGHT;
    fputs("<figure class=\"chart\">", out);
    fprintf(out,
            "<svg class=\"chart-svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
            "role=\"img\" aria-labelledby=\"%s-t %s-d\" font-family=\"system-ui, -apple-system, "
            "'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" font-size=\"11\">",
            CHART_WIDTH, height, CHART_WIDTH, height, id, id);
    fprintf(out, "<title id=\"%s-t\">", id);
    kpirt_html_text(out, g->title && *g->title ? g->title : g->name);
    fputs(": actual against plan</title>", out);
    fprintf(out, "<desc id=\"%s-d\">", id);
    kpirt_chart_describe(&c);
    fputs("</desc>", out);

    draw_grid(&c, compact);
    draw_band(&c);
    if (kpirt_chart_is_keep(g)) {
        draw_keep_band(&c);
        const kpirt_goal_desc *d = g->goal;
        if (d->keep_kind != KPIRT_KEEP_ABOVE) hline(&c, "target", d->keep_high, "limit");
        if (d->keep_kind != KPIRT_KEEP_BELOW) hline(&c, "target", d->keep_low, "limit");
    } else {
        if (g->target.has) hline(&c, "target", g->target.v, "target");
        if (g->baseline.has && g->target.has)
            fprintf(out,
                    "<line class=\"expected\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
                    px(&c, 0), py(&c, g->baseline.v), px(&c, c.periods), py(&c, g->target.v), COLOR_EXPECTED,
                    DASH_EXPECTED);
    }
    double now = asof_x(&c);
    if (now >= 0) vline(&c, "asof", now, COLOR_ASOF, NULL, "as of");
    vline(&c, "deadline", c.periods, COLOR_DEADLINE, DASH_DEADLINE, "deadline");
    draw_projection(&c);
    draw_actuals(&c);
    fputs("</svg><figcaption>", out);
    kpirt_chart_legend(&c);
    fputs("</figcaption>", out);
    kpirt_chart_table(&c);
    fputs("</figure>", out);
}
