/*
** sample_report.h: an evaluated report built by hand, for the HTML writer's
** tests and the browser test (html_sample.c).
**
** Seven goals as of 2026-11-05 that cover every kind of card: a top-level
** raise goal with a driver chain (profit <- revenue <- visitors) and a gap in
** its data, a keep goal whose title tries HTML injection, a goal not started,
** a goal without data, and an achieved goal after its deadline. The numbers
** are invented but consistent: expected values and progress follow the rule
** of docs/evaluation.md (straight line from baseline at the start to target
** at the deadline, per review period), and projections are the least-squares
** trend of the series, computed here with the runtime's own fitting helper.
** Statuses are set by hand: the writer shows them, it does not decide them.
*/
#ifndef KPI_TEST_SAMPLE_REPORT_H
#define KPI_TEST_SAMPLE_REPORT_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kpirt.h"

#define SAMPLE_INJECTION "<script>alert(\"x\")</script><img src=x onerror=alert(1)> & 'q'"
#define SAMPLE_AS_OF 20762 /* 2026-11-05 */
#define SAMPLE_GOALS 7
#define NV NAN /* a period without a value */

static const kpirt_metric_desc sample_metrics[] = {
    {.name = "profit", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = -1, .better = 1},
    {.name = "revenue", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .better = 1},
    {.name = "visitors", .unit = "count", .unit_kind = KPIRT_UNIT_COUNT, .source = 0, .better = 1},
    {.name = "conversion", .unit = "%", .unit_kind = KPIRT_UNIT_PERCENT, .source = -1, .better = 1},
    {.name = "nps", .unit = "score", .unit_kind = KPIRT_UNIT_SCORE, .source = 0, .better = 1},
    {.name = "costs", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .better = -1},
};

static const kpirt_goal_desc sample_goal_descs[SAMPLE_GOALS] = {
    {.name = "more_profit",
     .title = "Profit +20% in 18 months",
     .owner = "Digital marketing manager",
     .metric = 0,
     .parent = -1,
     .verb = KPIRT_VERB_RAISE,
     .amount_kind = KPIRT_AMOUNT_RELATIVE,
     .amount = 0.20,
     .review = KPIRT_MONTH,
     .start = 20454,
     .deadline = 20999,
     .tolerance = 0.10,
     .why = "Grow <without> buying revenue at any price"},
    {.name = "more_profit.revenue",
     .owner = "Digital marketing manager",
     .metric = 1,
     .parent = 0,
     .verb = KPIRT_VERB_RAISE,
     .amount_kind = KPIRT_AMOUNT_RELATIVE,
     .amount = 0.35,
     .review = KPIRT_MONTH,
     .start = 20454,
     .deadline = 20999,
     .tolerance = 0.10},
    {.name = "more_profit.revenue.visitors",
     .owner = "SEO lead",
     .metric = 2,
     .parent = 1,
     .verb = KPIRT_VERB_RAISE,
     .amount_kind = KPIRT_AMOUNT_RELATIVE,
     .amount = 0.65,
     .review = KPIRT_MONTH,
     .start = 20454,
     .deadline = 20999,
     .tolerance = 0.10},
    {.name = "guard",
     .title = SAMPLE_INJECTION,
     .owner = "Web team <web@example.com>",
     .metric = 3,
     .parent = -1,
     .verb = KPIRT_VERB_KEEP,
     .keep_kind = KPIRT_KEEP_ABOVE,
     .keep_low = 0.02,
     .review = KPIRT_MONTH,
     .start = 20454,
     .deadline = 20818},
    {.name = "nps_up",
     .title = "Customers recommend us",
     .owner = "Support lead",
     .metric = 4,
     .parent = -1,
     .verb = KPIRT_VERB_REACH,
     .amount_kind = KPIRT_AMOUNT_ABSOLUTE,
     .amount = 45,
     .review = KPIRT_QUARTER,
     .start = 20819,
     .deadline = 21183},
    {.name = "new_market",
     .title = "Revenue in the new market",
     .owner = "Sales lead",
     .metric = 1,
     .parent = -1,
     .verb = KPIRT_VERB_RAISE,
     .amount_kind = KPIRT_AMOUNT_RELATIVE,
     .amount = 0.5,
     .review = KPIRT_MONTH,
     .start = 20454,
     .deadline = 20999},
    {.name = "cut_costs",
     .title = "Costs -10% by mid-2026",
     .owner = "Finance",
     .metric = 5,
     .parent = -1,
     .verb = KPIRT_VERB_LOWER,
     .amount_kind = KPIRT_AMOUNT_RELATIVE,
     .amount = 0.10,
     .review = KPIRT_MONTH,
     .start = 20270,
     .deadline = 20634},
};

static const kpirt_program sample_program = {
    .abi_version = KPIRT_ABI_VERSION,
    .spec_name = "webshop.kpi",
    .metric_count = 6,
    .goal_count = SAMPLE_GOALS,
    .metrics = sample_metrics,
    .goals = sample_goal_descs,
};

/* Fills the series, current, expected, progress and projection of one goal. */
static void sample_fill(kpirt_report *r, uint32_t i, kpirt_status status, double baseline, double target,
                        const double *values, uint32_t count) {
    kpirt_goal_report *g = &r->goals[i];
    const kpirt_goal_desc *d = &sample_goal_descs[i];
    g->index = i;
    g->goal = d;
    g->metric = &sample_metrics[d->metric];
    g->name = d->name;
    g->title = d->title;
    g->metric_name = g->metric->name;
    g->unit = g->metric->unit;
    g->owner = d->owner;
    g->start = d->start;
    g->deadline = d->deadline;
    g->review = d->review;
    g->parent = d->parent;
    g->status = status;
    g->days_left = d->deadline > r->as_of ? d->deadline - r->as_of : 0;
    g->baseline = (kpirt_opt){.has = !isnan(baseline), .v = isnan(baseline) ? 0 : baseline};
    g->target = (kpirt_opt){.has = !isnan(target), .v = isnan(target) ? 0 : target};
    int32_t start_p = kpirt_period_of(d->start, d->review);
    int32_t deadline_p = kpirt_last_complete_period(d->deadline, d->review);
    g->series_count = count;
    g->series = count ? calloc(count, sizeof *g->series) : NULL;
    double xs[32], ys[32];
    size_t n = 0;
    for (uint32_t k = 0; k < count; k++) {
        kpirt_series_point *pt = &g->series[k];
        pt->period = start_p + (int32_t)k;
        kpirt_period_label(pt->period, d->review, pt->label);
        pt->value = (kpirt_opt){.has = !isnan(values[k]), .v = isnan(values[k]) ? 0 : values[k]};
        if (pt->value.has) xs[n] = k, ys[n] = values[k], n++;
        /* the period before, as the runtime looks it up (the first one's lies before the sample) */
        if (k > 0) pt->previous = g->series[k - 1].value;
    }
    if (count) {
        g->current = g->series[count - 1].value;
        g->current_period = g->series[count - 1].period;
        memcpy(g->current_label, g->series[count - 1].label, KPIRT_LABEL_MAX);
        if (g->baseline.has && g->target.has) {
            double share = (double)count / (double)(deadline_p - start_p + 1);
            g->expected = (kpirt_opt){.has = true, .v = baseline + share * (target - baseline)};
            if (g->current.has)
                g->progress = (kpirt_opt){.has = true, .v = (g->current.v - baseline) / (target - baseline)};
        }
        double slope, intercept;
        if (kpirt_least_squares(xs, ys, n, &slope, &intercept)) {
            g->projection = (kpirt_opt){.has = true, .v = intercept + slope * (deadline_p - start_p)};
            g->projection_status = status == KPIRT_STATUS_BREACHED   ? KPIRT_STATUS_BREACHED
                                   : status == KPIRT_STATUS_ON_TRACK ? KPIRT_STATUS_ACHIEVED
                                                                     : KPIRT_STATUS_MISSED;
            /* an 80% range of a tenth either way: the sample only has to draw it */
            g->projection_method = "linear";
            g->projection_low = (kpirt_opt){.has = true, .v = g->projection.v - fabs(g->projection.v) * 0.1};
            g->projection_high = (kpirt_opt){.has = true, .v = g->projection.v + fabs(g->projection.v) * 0.1};
        }
    }
}

static void sample_report(kpirt_report *r) {
    memset(r, 0, sizeof *r);
    r->program = &sample_program;
    r->as_of = SAMPLE_AS_OF;
    r->goal_count = SAMPLE_GOALS;
    r->goals = calloc(SAMPLE_GOALS, sizeof *r->goals);
    r->selected = calloc(SAMPLE_GOALS, sizeof *r->selected);
    for (int i = 0; i < SAMPLE_GOALS; i++) r->selected[i] = true;
    r->data_first = 20270; /* 2025-07-01 */
    r->data_last = 20756;  /* 2026-10-30 */
    r->rows_read = 9994;
    r->rows_skipped = 1;
    static kpirt_source_report shop = {
        .name = "shop", .rows_read = 9994, .rows_skipped = 1, .first_day = 20270, .last_day = 20756};
    r->sources = &shop;
    r->source_count = 1;
    r->bad_row_count = 1;
    strcpy(r->bad_rows[0], "data/shop.csv:118:5: bad number \"12,5x\" in column \"omzet\"");

    static const double profit[] = {100500, 101800, 102100, 103900, 104200,
                                    NV,     106000, 106400, 107900, 108300};
    static const double revenue[] = {252000, 259500, 266000, 271000, 279800,
                                     286000, 292500, 299000, 305200, 311900};
    static const double visitors[] = {40300, 41100, 42600, 43000, 44100, 44900, 45600, 46800, 47200, 48100};
    static const double conversion[] = {0.023, 0.025, 0.024, 0.021,  0.022,
                                        0.020, 0.021, 0.019, 0.0195, 0.018};
    static const double costs[] = {88000, 86500, 85100, 83900, 81200, 78100};
    sample_fill(r, 0, KPIRT_STATUS_OFF_TRACK, 100000, 120000, profit, 10);
    sample_fill(r, 1, KPIRT_STATUS_ON_TRACK, 250000, 337500, revenue, 10);
    sample_fill(r, 2, KPIRT_STATUS_AT_RISK, 40000, 66000, visitors, 10);
    sample_fill(r, 3, KPIRT_STATUS_BREACHED, NV, 0.02, conversion, 10);
    sample_fill(r, 4, KPIRT_STATUS_NOT_STARTED, NV, 45, NULL, 0);
    static const double nothing[] = {NV, NV, NV, NV, NV, NV, NV, NV, NV, NV};
    sample_fill(r, 5, KPIRT_STATUS_NO_DATA, NV, NV, nothing, 10);
    sample_fill(r, 6, KPIRT_STATUS_ACHIEVED, 87000, 78300, costs, 6);
    /* a year ago profit was higher: the comparison is bad news for a raise goal */
    r->goals[0].series[9].last_year = (kpirt_opt){.has = true, .v = 120000};
    /* its budget, spent faster than it lasts (`budget 50000 EUR on ad_spend`, 10 of 18 months) */
    r->goals[0].budget = (kpirt_budget_report){
        .has = true,
        .amount = 50000,
        .unit = "EUR",
        .unit_kind = KPIRT_UNIT_MONEY,
        .metric = "ad_<spend>",
        .through = "2026-10",
        .spent = {.has = true, .v = 31000, .exact = true, .scaled = 310000000},
        .expected = {.has = true, .v = 50000.0 * 10 / 18},
        .pacing = "linear",
        .projected = {.has = true, .v = 55800},
        .status = KPIRT_STATUS_OVERSPEND,
    };

    static uint32_t drivers_of_0[] = {1}, drivers_of_1[] = {2};
    r->goals[0].drivers = drivers_of_0;
    r->goals[0].driver_count = 1;
    r->goals[1].drivers = drivers_of_1;
    r->goals[1].driver_count = 1;
    static uint32_t roots[] = {0, 3, 4, 5, 6};
    r->roots = roots;
    r->root_count = 5;
}

static void sample_report_free(kpirt_report *r) {
    for (uint32_t i = 0; i < r->goal_count; i++) free(r->goals[i].series);
    free(r->goals);
    free(r->selected);
}

#endif
