/*
** fuzz_report.c: libFuzzer target for the report writers (text, JSON, CSV,
** HTML) and the number formatting under them, with extreme values.
**
** The input is read as a stream of 8-byte doubles (any bit pattern: NaN,
** infinities, 1e300, denormals, -0) and small selector bytes. It fills one
** goal and one driver (baseline, target, current, expected, progress,
** projection, keep bounds, a series of up to 40 periods), picks each one's
** unit kind, status, dates and whether a value is present, and writes the
** report in every format. kpirt_format_value is also called into buffers of
** every size from 1 to 64 bytes, which must never be overrun (ASan) and must
** always hold a terminated string.
*/
#include <stdlib.h>
#include <string.h>

#include "runtime/include/kpirt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct input {
    const uint8_t *p;
    size_t left;
} input;

static uint8_t byte(input *in) {
    if (!in->left) return 0;
    in->left--;
    return *in->p++;
}

static double number(input *in) {
    double v = 0;
    if (in->left >= sizeof v) {
        memcpy(&v, in->p, sizeof v);
        in->p += sizeof v;
        in->left -= sizeof v;
    }
    return v;
}

static kpirt_opt opt(input *in) {
    bool has = byte(in) & 1;
    double v = number(in);
    return (kpirt_opt){.has = has, .v = has ? v : 0};
}

static kpirt_day day(input *in) {
    uint8_t b = byte(in);
    if (b == 0) return KPIRT_NO_DAY;
    return kpirt_day_from_ymd(2020, 1, 1) + (kpirt_day)b * 13;
}

static void fill_goal(input *in, kpirt_goal_desc *d, kpirt_goal_report *g, kpirt_series_point *series) {
    d->verb = (kpirt_verb)(byte(in) % 4);
    d->keep_kind = (kpirt_keep_kind)(byte(in) % 3);
    d->keep_low = number(in);
    d->keep_high = number(in);
    g->goal = d;
    g->start = day(in);
    g->deadline = day(in);
    g->review = (kpirt_granularity)(byte(in) % 5);
    g->baseline = opt(in);
    g->target = opt(in);
    g->current = opt(in);
    g->expected = opt(in);
    g->progress = opt(in);
    g->projection = opt(in);
    g->status = (kpirt_status)(byte(in) % KPIRT_STATUS_COUNT);
    g->projection_status = (kpirt_status)(byte(in) % KPIRT_STATUS_COUNT); /* uncertain included */
    g->projection_low = opt(in); /* the interval, in any order against the value (the writers must cope) */
    g->projection_high = opt(in);
    g->projection_method = byte(in) & 1 ? "seasonal" : "linear";
    g->projection_points = byte(in);
    g->projection_ratio = number(in);
    if (byte(in) & 1)
        snprintf(g->projection_why, sizeof g->projection_why,
                 "the projection follows last year's season (× 1.08 year on year), while \"<the plan>\"");
    g->days_left = (int32_t)(byte(in) * 7);
    g->data_first = day(in);
    g->data_last = day(in);
    g->series_count = byte(in) % 41;
    for (uint32_t i = 0; i < g->series_count; i++) {
        series[i].period = 24240 + (int32_t)i; /* 2020-01 on */
        kpirt_period_label(series[i].period, KPIRT_MONTH, series[i].label);
        series[i].value = opt(in);
        series[i].previous = opt(in); /* the comparisons every report shows */
        series[i].last_year = opt(in);
    }
    g->series = series;
    if (g->series_count) {
        g->current_period = series[g->series_count - 1].period;
        memcpy(g->current_label, series[g->series_count - 1].label, KPIRT_LABEL_MAX);
    }
    if (byte(in) & 1) snprintf(g->reason, sizeof g->reason, "stale: the data ends long ago");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    input in = {data, size};
    static const char *const units[] = {"", "count", "EUR", "%", "EUR/count", "min", "score"};
    kpirt_metric_desc metrics[2];
    kpirt_goal_desc descs[2];
    kpirt_goal_report goals[2];
    kpirt_series_point series[2][40];
    memset(metrics, 0, sizeof metrics);
    memset(descs, 0, sizeof descs);
    memset(goals, 0, sizeof goals);
    memset(series, 0, sizeof series);
    for (int i = 0; i < 2; i++) {
        uint8_t u = byte(&in) % 7;
        metrics[i] = (kpirt_metric_desc){.name = i ? "driver_metric" : "metric",
                                         .unit = units[u],
                                         .unit_kind = (kpirt_unit_kind)u,
                                         .source = 0};
        descs[i] = (kpirt_goal_desc){
            .name = i ? "g.driver" : "g", .metric = (uint32_t)i, .parent = i ? 0 : -1, .review = KPIRT_MONTH};
        goals[i] = (kpirt_goal_report){.index = (uint32_t)i,
                                       .name = descs[i].name,
                                       .metric = &metrics[i],
                                       .metric_name = metrics[i].name,
                                       .unit = metrics[i].unit,
                                       .parent = descs[i].parent};
        fill_goal(&in, &descs[i], &goals[i], series[i]);
    }
    uint32_t driver = 1, root = 0;
    goals[0].drivers = &driver;
    goals[0].driver_count = 1;
    bool selected[2] = {true, true};
    kpirt_source_report source = {
        .name = "shop", .rows_read = 7, .first_day = day(&in), .last_day = day(&in)};
    kpirt_program program = {.abi_version = KPIRT_ABI_VERSION,
                             .spec_name = "fuzz.kpi",
                             .metric_count = 2,
                             .goal_count = 2,
                             .metrics = metrics,
                             .goals = descs};
    kpirt_report report = {.program = &program,
                           .as_of = day(&in),
                           .goals = goals,
                           .goal_count = 2,
                           .selected = selected,
                           .roots = &root,
                           .root_count = 1,
                           .sources = &source,
                           .source_count = 1,
                           .data_first = KPIRT_NO_DAY,
                           .data_last = KPIRT_NO_DAY};
    if (report.as_of == KPIRT_NO_DAY) report.as_of = kpirt_day_from_ymd(2026, 1, 1);

    FILE *sink = fopen("/dev/null", "w");
    if (sink) {
        kpirt_write_options options = {.color = (byte(&in) & 1) != 0, .width = 40 + byte(&in)};
        kpirt_write_text(&report, &options, sink);
        kpirt_write_json(&report, &options, sink);
        kpirt_write_csv(&report, &options, sink);
        kpirt_write_html(&report, &options, sink);
        fclose(sink);
    }

    /* every buffer size: terminated, never overrun */
    double v = number(&in);
    kpirt_unit_kind kind = (kpirt_unit_kind)(byte(&in) % 7);
    for (size_t cap = 1; cap <= 64; cap++) {
        char *buf = malloc(cap);
        if (!buf) break;
        kpirt_format_value(v, kind, buf, cap);
        if (!memchr(buf, 0, cap)) abort();
        kpirt_format_fixed(v, (int)(cap % 8), buf, cap);
        if (!memchr(buf, 0, cap)) abort();
        free(buf);
    }
    return 0;
}
