/*
** report_csv.c: the CSV report, one row per goal and driver (depth first,
** a driver right after the goal it drives) for spreadsheets and BI tools.
** RFC 4180: comma separated, fields quoted when they need it, CRLF-free
** (LF line ends), no value as an empty field. A text cell that starts with
** = + - @ tab or CR would run as a formula in a spreadsheet (CSV injection),
** so such a cell is quoted with a leading ' (the OWASP advice); numbers and
** dates are written by kpirt and never need it. A `where`/`for` value that
** matched no row is a warning in the reason column of the goals on it.
*/
#include "kpirt_internal.h"

#include <string.h>

static void put_text(FILE *out, const char *s) {
    if (!s) return;
    int formula = *s && strchr("=+-@\t\r", *s) != NULL;
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    if (formula) fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void put_number(FILE *out, kpirt_opt v, kpirt_unit_kind unit) {
    char buf[64];
    if (!v.has) return;
    kpirt_format_opt(v, unit, buf, sizeof buf);
    fputs(buf, out);
}

/*
** The reason column: why the goal has no status it could be judged by, then
** the warning of each `where`/`for` value on it that no row held ("; "
** between them): a CSV has no other place for a warning, and a goal judged
** on less data than its spec asks for must say so in its own row.
*/
static void put_reason(const kpirt_report *r, const kpirt_goal_report *g, FILE *out) {
    kpirt_buf b = {0};
    kpirt_buf_puts(&b, g->reason);
    for (uint32_t i = 0; i < r->unmatched_count; i++) {
        const kpirt_segment_desc *d = r->unmatched[i].segment;
        for (uint32_t k = 0; k < d->goal_count; k++) {
            if (d->goals[k] != g->index) continue;
            if (b.len) kpirt_buf_puts(&b, "; ");
            kpirt_buf_printf(&b, "warning: %s", r->unmatched[i].message);
            break;
        }
    }
    put_text(out, b.data ? b.data : "");
    kpirt_buf_free(&b);
}

static void put_row(const kpirt_report *r, const kpirt_goal_report *g, FILE *out) {
    kpirt_unit_kind unit = g->metric ? g->metric->unit_kind : KPIRT_UNIT_NUMBER;
    char day[KPIRT_LABEL_MAX];
    put_text(out, g->name);
    fputc(',', out);
    if (g->parent >= 0 && (uint32_t)g->parent < r->goal_count) put_text(out, r->goals[g->parent].name);
    fputc(',', out);
    put_text(out, g->title);
    fputc(',', out);
    put_text(out, g->metric_name);
    fputc(',', out);
    put_text(out, g->unit);
    fputc(',', out);
    put_text(out, g->owner);
    fputc(',', out);
    if (g->start != KPIRT_NO_DAY) {
        kpirt_day_format(g->start, day);
        fputs(day, out);
    }
    fputc(',', out);
    if (g->deadline != KPIRT_NO_DAY) {
        kpirt_day_format(g->deadline, day);
        fputs(day, out);
    }
    fprintf(out, ",%s,", kpirt_granularity_name(g->review));
    put_number(out, g->baseline, unit);
    fprintf(out, ",%s,", kpirt_baseline_kind_name(g->baseline_kind));
    put_text(out, g->baseline_period);
    fputc(',', out);
    put_number(out, g->target, unit);
    fputc(',', out);
    put_number(out, g->current, unit);
    fputc(',', out);
    put_number(out, g->expected, unit);
    fputc(',', out);
    put_number(out, g->progress, KPIRT_UNIT_RATIO);
    fprintf(out, ",%s,", kpirt_status_name(g->status));
    put_number(out, g->projection, unit);
    fprintf(out, ",%s,%s,", g->projection_status ? kpirt_status_name(g->projection_status) : "",
            g->current_label);
    if (g->data_first != KPIRT_NO_DAY) {
        kpirt_day_format(g->data_first, day);
        fputs(day, out);
    }
    fputc(',', out);
    if (g->data_last != KPIRT_NO_DAY) {
        kpirt_day_format(g->data_last, day);
        fputs(day, out);
    }
    fputc(',', out);
    put_reason(r, g, out);
    fputc('\n', out);
    for (uint32_t i = 0; i < g->driver_count; i++) put_row(r, &r->goals[g->drivers[i]], out);
}

int kpirt_write_csv(const kpirt_report *r, const kpirt_write_options *options, FILE *out) {
    (void)options;
    fputs("name,parent,title,metric,unit,owner,start,deadline,review,baseline,baseline_kind,baseline_period,"
          "target,"
          "current,expected,"
          "progress,status,projection,projection_status,period,data_first,data_last,reason\n",
          out);
    for (uint32_t i = 0; i < r->root_count; i++) put_row(r, &r->goals[r->roots[i]], out);
    return ferror(out) ? -1 : 0;
}
