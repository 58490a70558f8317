/*
** report_json.c: the JSON report, the stable machine interface of every
** evaluator (docs/report-json.md is its schema). Written by hand so that
** the runtime needs nothing beyond libc: fixed key order, two-space
** indentation, numbers from the fixed-point value (money with exactly two
** decimals), absent values as null. The same report always gives the same
** bytes, so the JIT and AOT evaluators can be compared byte for byte.
*/
#include "kpirt_internal.h"

#include <string.h>

static void put_string(FILE *out, const char *s) {
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        default:
            if (*p < 0x20) fprintf(out, "\\u%04x", *p);
            else fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void put_number(FILE *out, kpirt_opt v, kpirt_unit_kind unit) {
    char buf[64];
    if (!v.has) {
        fputs("null", out);
        return;
    }
    kpirt_format_opt(v, unit, buf, sizeof buf);
    fputs(buf, out);
}

static void put_day(FILE *out, kpirt_day d) {
    char buf[KPIRT_LABEL_MAX];
    if (d == KPIRT_NO_DAY) {
        fputs("null", out);
        return;
    }
    kpirt_day_format(d, buf);
    put_string(out, buf);
}

static void put_status(FILE *out, kpirt_status s) {
    put_string(out, kpirt_status_name(s));
}

/* {"period": label, "value": then, "change": relative change}, or null when the data has no value then. */
static void put_comparison(FILE *out, int32_t period, kpirt_granularity g, kpirt_opt now, kpirt_opt then,
                           kpirt_unit_kind unit) {
    if (!then.has) {
        fputs("null", out);
        return;
    }
    char label[KPIRT_LABEL_MAX];
    kpirt_period_label(period, g, label);
    fputs("{\"period\": ", out);
    put_string(out, label);
    fputs(", \"value\": ", out);
    put_number(out, then, unit);
    fputs(", \"change\": ", out);
    put_number(out, kpirt_change(now, then), KPIRT_UNIT_RATIO);
    fputs("}", out);
}

/* The budget and its pacing in the budget's unit, or null when the goal has none (docs/report-json.md). */
static void put_budget(FILE *out, const kpirt_budget_report *b) {
    if (!b->has) {
        fputs("null", out);
        return;
    }
    fputs("{\"amount\": ", out);
    put_number(out, (kpirt_opt){.has = true, .v = b->amount}, b->unit_kind);
    fputs(", \"unit\": ", out);
    put_string(out, b->unit);
    fputs(", \"metric\": ", out);
    put_string(out, b->metric);
    fputs(", \"through\": ", out);
    put_string(out, b->through[0] ? b->through : NULL);
    fputs(", \"spent\": ", out);
    put_number(out, b->spent, b->unit_kind);
    fputs(", \"expected\": ", out);
    put_number(out, b->expected, b->unit_kind);
    fputs(", \"pacing\": ", out);
    put_string(out, b->pacing);
    fputs(", \"projected\": ", out);
    put_number(out, b->projected, b->unit_kind);
    fputs(", \"status\": ", out);
    put_status(out, b->status);
    fputs("}", out);
}

/* "2024-07", "2024-01 to 2024-12": one side of a realism window, or the history */
static void put_span(FILE *out, int32_t first, int32_t last, kpirt_granularity g) {
    char text[2 * KPIRT_LABEL_MAX + 8];
    kpirt_period_span(first, last, g, text, sizeof text);
    put_string(out, text);
}

/* The ask against history (docs/report-json.md, "Realism"); null when the goal plans no change. */
static void put_realism(FILE *out, const kpirt_realism *r) {
    if (r->verdict == KPIRT_REALISM_NONE) {
        fputs("null", out);
        return;
    }
    kpirt_granularity g = r->ask.review;
    fputs("{\"kind\": ", out);
    put_string(out, kpirt_realism_kind_name(r->ask.kind));
    fputs(", \"measure\": ", out);
    put_string(out, r->ask.points ? "points" : "relative");
    fputs(", \"asked\": ", out);
    put_number(out, (kpirt_opt){.has = true, .v = r->ask.asked}, KPIRT_UNIT_RATIO);
    fprintf(out, ", \"periods\": %u, \"largest\": ", r->ask.periods);
    put_number(out, (kpirt_opt){.has = r->has_largest, .v = r->largest}, KPIRT_UNIT_RATIO);
    fputs(", \"from\": ", out);
    if (r->has_largest) put_span(out, r->from_first, r->from_last, g);
    else fputs("null", out);
    fputs(", \"to\": ", out);
    if (r->has_largest) put_span(out, r->to_first, r->to_last, g);
    else fputs("null", out);
    fprintf(out, ", \"windows\": %u, \"history\": ", r->windows);
    if (r->history_last >= r->history_first) put_span(out, r->history_first, r->history_last, g);
    else fputs("null", out);
    fputs(", \"verdict\": ", out);
    put_string(out, kpirt_realism_verdict_name(r->verdict));
    fputs("}", out);
}

static void indent(FILE *out, int depth) {
    for (int i = 0; i < depth; i++) fputs("  ", out);
}

static void put_goal(const kpirt_report *r, const kpirt_goal_report *g, FILE *out, int depth) {
    kpirt_unit_kind unit = g->metric ? g->metric->unit_kind : KPIRT_UNIT_NUMBER;
    indent(out, depth);
    fputs("{\n", out);
#define FIELD(key) (indent(out, depth + 1), fputs("\"" key "\": ", out))
    FIELD("name");
    put_string(out, g->name);
    fputs(",\n", out);
    FIELD("title");
    put_string(out, g->title);
    fputs(",\n", out);
    FIELD("metric");
    put_string(out, g->metric_name);
    fputs(",\n", out);
    FIELD("unit");
    put_string(out, g->unit);
    fputs(",\n", out);
    FIELD("owner");
    put_string(out, g->owner);
    fputs(",\n", out);
    FIELD("why");
    put_string(out, g->goal && g->goal->why && *g->goal->why ? g->goal->why : NULL);
    fputs(",\n", out);
    FIELD("start");
    put_day(out, g->start);
    fputs(",\n", out);
    FIELD("deadline");
    put_day(out, g->deadline);
    fputs(",\n", out);
    FIELD("review");
    put_string(out, kpirt_granularity_name(g->review));
    fputs(",\n", out);
    FIELD("baseline");
    put_number(out, g->baseline, unit);
    fputs(",\n", out);
    FIELD("baseline_kind");
    put_string(out, kpirt_baseline_kind_name(g->baseline_kind));
    fputs(",\n", out);
    FIELD("baseline_period");
    put_string(out, g->baseline_period[0] ? g->baseline_period : NULL);
    fputs(",\n", out);
    FIELD("cumulative");
    fputs(g->cumulative ? "true" : "false", out);
    fputs(",\n", out);
    FIELD("path");
    put_string(out, g->path);
    fputs(",\n", out);
    FIELD("target");
    put_number(out, g->target, unit);
    fputs(",\n", out);
    FIELD("current");
    put_number(out, g->current, unit);
    fputs(",\n", out);
    FIELD("expected");
    put_number(out, g->expected, unit);
    fputs(",\n", out);
    FIELD("progress");
    put_number(out, g->progress, KPIRT_UNIT_RATIO);
    fputs(",\n", out);
    FIELD("status");
    put_status(out, g->status);
    fputs(",\n", out);
    FIELD("reason");
    put_string(out, g->reason[0] ? g->reason : NULL);
    fputs(",\n", out);
    FIELD("data_first");
    put_day(out, g->data_first);
    fputs(",\n", out);
    FIELD("data_last");
    put_day(out, g->data_last);
    fputs(",\n", out);
    FIELD("projection");
    fputs("{\"value\": ", out);
    put_number(out, g->projection, unit);
    fputs(", \"low\": ", out);
    put_number(out, g->projection_low, unit);
    fputs(", \"high\": ", out);
    put_number(out, g->projection_high, unit);
    fputs(", \"status\": ", out);
    put_status(out, g->projection_status);
    fputs(", \"method\": ", out);
    put_string(out, g->projection_method);
    fputs(", \"why\": ", out);
    put_string(out, g->projection_why[0] ? g->projection_why : NULL);
    fputs("},\n", out);
    FIELD("budget");
    put_budget(out, &g->budget);
    fputs(",\n", out);
    FIELD("realism");
    put_realism(out, &g->realism);
    fputs(",\n", out);
    FIELD("series");
    if (g->series_count == 0) fputs("[],\n", out);
    else fputs("[\n", out);
    for (uint32_t i = 0; i < g->series_count; i++) {
        indent(out, depth + 2);
        fputs("{\"period\": ", out);
        put_string(out, g->series[i].label);
        fputs(", \"value\": ", out);
        put_number(out, g->series[i].value, unit);
        const kpirt_series_point *pt = &g->series[i];
        fputs(", \"previous\": ", out);
        put_comparison(out, pt->period - 1, g->review, pt->value, pt->previous, unit);
        fputs(", \"last_year\": ", out);
        put_comparison(out, kpirt_period_year_before(pt->period, g->review), g->review, pt->value,
                       pt->last_year, unit);
        fputs(i + 1 < g->series_count ? "},\n" : "}\n", out);
    }
    if (g->series_count) {
        indent(out, depth + 1);
        fputs("],\n", out);
    }
    FIELD("drivers");
#undef FIELD
    if (g->driver_count == 0) {
        fputs("[]\n", out);
    } else {
        fputs("[\n", out);
        for (uint32_t i = 0; i < g->driver_count; i++) {
            put_goal(r, &r->goals[g->drivers[i]], out, depth + 2);
            fputs(i + 1 < g->driver_count ? ",\n" : "\n", out);
        }
        indent(out, depth + 1);
        fputs("]\n", out);
    }
    indent(out, depth);
    fputs("}", out);
}

int kpirt_write_json(const kpirt_report *r, const kpirt_write_options *options, FILE *out) {
    (void)options;
    fputs("{\n  \"as_of\": ", out);
    put_day(out, r->as_of);
    fputs(",\n  \"sources\": [", out);
    for (uint32_t s = 0; s < r->source_count; s++) {
        const kpirt_source_report *src = &r->sources[s];
        fputs(s ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        put_string(out, src->name);
        fputs(", \"first_day\": ", out);
        put_day(out, src->first_day);
        fputs(", \"last_day\": ", out);
        put_day(out, src->last_day);
        fprintf(out, ", \"rows_read\": %llu, \"rows_skipped\": %llu}", (unsigned long long)src->rows_read,
                (unsigned long long)src->rows_skipped);
    }
    fputs(r->source_count ? "\n  ]" : "]", out);
    /* only when there are any, as data_files: a report without warnings keeps its bytes */
    if (r->unmatched_count) fputs(",\n  \"warnings\": [", out);
    for (uint32_t i = 0; i < r->unmatched_count; i++) {
        const kpirt_unmatched *u = &r->unmatched[i];
        const kpirt_segment_desc *d = u->segment;
        const kpirt_program *p = r->program;
        fputs(i ? ",\n    {\"kind\": \"unmatched_segment\", \"source\": "
                : "\n    {\"kind\": \"unmatched_segment\", \"source\": ",
              out);
        put_string(out, p->sources[d->source].name);
        fputs(", \"column\": ", out);
        put_string(out, p->sources[d->source].columns[d->column]);
        fputs(", \"value\": ", out);
        put_string(out, d->value);
        fputs(", \"metric\": ", out);
        put_string(out, d->metric < p->metric_count ? p->metrics[d->metric].name : NULL);
        fputs(", \"goals\": [", out);
        for (uint32_t k = 0; k < d->goal_count; k++) {
            fputs(k ? ", " : "", out);
            put_string(out, d->goals[k] < p->goal_count ? p->goals[d->goals[k]].name : NULL);
        }
        fputs("], \"did_you_mean\": ", out);
        put_string(out, u->did_you_mean[0] ? u->did_you_mean : NULL);
        fputs(", \"message\": ", out);
        put_string(out, u->message);
        fputs("}", out);
    }
    if (r->unmatched_count) fputs("\n  ]", out);
    fputs(",\n  \"goals\": [", out);
    for (uint32_t i = 0; i < r->root_count; i++) {
        fputs(i ? ",\n" : "\n", out);
        put_goal(r, &r->goals[r->roots[i]], out, 2);
    }
    fputs(r->root_count ? "\n  ]" : "]", out);
    /* which days came from which file, when a source has several or a download states its range */
    if (kpirt_report_files_noteworthy(r)) {
        fputs(",\n  \"data_files\": [", out);
        for (uint32_t i = 0; i < r->file_count; i++) {
            const kpirt_file_report *f = &r->files[i];
            fputs(i ? ",\n    {\"source\": " : "\n    {\"source\": ", out);
            put_string(out, r->program->sources[f->source].name);
            fputs(", \"path\": ", out);
            put_string(out, f->path);
            fputs(", \"title\": ", out);
            put_string(out, f->title);
            fputs(", \"states\": ", out);
            if (f->declared_first == KPIRT_NO_DAY) fputs("null", out);
            else {
                fputs("[", out);
                put_day(out, f->declared_first);
                fputs(", ", out);
                put_day(out, f->declared_last);
                fputs("]", out);
            }
            fputs(", \"days\": [", out);
            for (uint32_t k = 0; k < f->kept_count; k++) {
                fputs(k ? ", [" : "[", out);
                put_day(out, f->kept[2 * k]);
                fputs(", ", out);
                put_day(out, f->kept[2 * k + 1]);
                fputs("]", out);
            }
            fprintf(out, "], \"rows\": %llu, \"totals_rows_left_out\": %u}", (unsigned long long)f->rows,
                    f->totals_skipped);
        }
        fputs("\n  ]", out);
    }
    fputs("\n}\n", out);
    return ferror(out) ? -1 : 0;
}
