/*
** report_html_chart.h: what the two halves of the HTML chart share: the
** drawing (report_html_chart.c) and its words (report_html_chart_words.c:
** the <desc> sentences, the legend and the data table). Private to the
** HTML writer.
*/
#ifndef KPIRT_REPORT_HTML_CHART_H
#define KPIRT_REPORT_HTML_CHART_H

#include "report_html.h"

#define CHART_WIDTH 640
#define CHART_HEIGHT 260
#define CHART_HEIGHT_COMPACT 190

#define COLOR_ACTUAL "#1d4ed8"
#define COLOR_EXPECTED "#6b7280"
#define COLOR_TARGET "#15803d"
#define COLOR_PROJECTION "#c2410c"
#define OPACITY_BAND "0.14" /* the projection's 80% range, under every line */
#define COLOR_DEADLINE "#111827"
#define COLOR_ASOF "#9ca3af"
#define COLOR_GRID "#e5e7eb"
#define COLOR_LABEL "#4b5563"

#define DASH_EXPECTED "7 5"
#define DASH_TARGET "14 4 3 4"
#define DASH_PROJECTION "2 4"
#define DASH_DEADLINE "4 3"

/* One chart being drawn: the goal, its axes in review periods and values, and the trend. */
typedef struct kpirt_chart {
    FILE *out;
    const kpirt_report *report;
    const kpirt_goal_report *g;
    int32_t start_p, deadline_p;     /* review periods */
    double periods;                  /* x of the deadline */
    double y0, y1;                   /* value domain */
    double step;                     /* between y ticks */
    double left, right, top, bottom; /* plot box in pixels */
    bool has_trend;                  /* a linear projection of values: its least-squares line is drawn */
    double slope, intercept;         /* value = intercept + slope * (p - start_p) */
    /* the projection's line starts at (from_x, from_v); its 80% band fans out from (fan_x, fan_v) */
    bool has_projection, has_band;
    double from_x, from_v, fan_x, fan_v;
} kpirt_chart;

bool kpirt_chart_is_keep(const kpirt_goal_report *g);
/* The expected value at the end of period p, by eval.c's rule; absent for keep goals. */
kpirt_opt kpirt_chart_expected_at(const kpirt_chart *c, int32_t p);

/* The chart in sentences, for <desc> and screen readers (needs only c->out and c->g). */
void kpirt_chart_describe(kpirt_chart *c);
/* The legend, one entry per line drawn, and the unit. */
void kpirt_chart_legend(kpirt_chart *c);
/* The data as a collapsible table: baseline, each period's actual and expected, the deadline. */
void kpirt_chart_table(kpirt_chart *c);

#endif
