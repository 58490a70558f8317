/*
** report_text.c: the dashboard for a terminal. One line per goal and one
** indented line per driver, drawn as a tree: status in words (readable without colour),
** current / target with the unit, a progress bar, a sparkline of the
** review periods and the days left. Lines fit in 80 columns; colour only
** when the caller asks for it (kpirt_main decides: a tty and no NO_COLOR).
** The first line is the overview: how many goals, and how many in each
** status, worst first (kpirt_status_rank), so the bad news leads.
*/
#include "kpirt_internal.h"

#include <math.h>
#include <string.h>

enum { W_STATUS = 11, W_GOAL = 16, W_VALUES = 22, W_BAR = 8, W_PCT = 4, W_TREND = 7, W_LEFT = 5 };

/* Display columns of UTF-8 text (every character the report uses is one column wide). */
static int columns(const char *s, size_t len) {
    int n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* Puts s in a cell of width columns: cut with an ellipsis when too long, padded otherwise. */
static void cell(kpirt_buf *b, const char *s, int width, bool right) {
    size_t len = strlen(s);
    int w = columns(s, len);
    if (w > width) {
        size_t i = 0;
        int n = 0;
        while (i < len && n < width - 1) {
            i++;
            while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
            n++;
        }
        kpirt_buf_put(b, s, i);
        kpirt_buf_puts(b, "…");
        return;
    }
    if (!right) kpirt_buf_put(b, s, len);
    for (int i = w; i < width; i++) kpirt_buf_put(b, " ", 1);
    if (right) kpirt_buf_put(b, s, len);
}

void kpirt_text_compact(double v, kpirt_unit_kind unit, char *out, size_t cap) {
    if (!isfinite(v)) {
        snprintf(out, cap, "-");
        return;
    }
    if (unit == KPIRT_UNIT_PERCENT) {
        /* from the decimal, so a value that rounds to 0 is 0.00%, never -0.00% */
        int n = kpirt_format_fixed(v * 100, fabs(v) < 0.1 ? 2 : 1, out, cap);
        if (n >= 0 && (size_t)n + 1 < cap) snprintf(out + n, cap - (size_t)n, "%%");
        return;
    }
    double a = fabs(v);
    if (a >= 1e12) snprintf(out, cap, "%.1fT", v / 1e12);
    else if (a >= 1e9) snprintf(out, cap, "%.1fB", v / 1e9);
    else if (a >= 1e6) snprintf(out, cap, "%.1fM", v / 1e6);
    else if (a >= 1e4) snprintf(out, cap, "%.1fk", v / 1e3);
    else if (unit == KPIRT_UNIT_RATIO) snprintf(out, cap, "%.3g", v);
    else {
        /* two decimals, dropped when they are zero: 1500, 3525.50; rounded from the
         * exact decimal as in the other reports (0.015 EUR is 0.02, not 0.01) */
        int n = kpirt_format_fixed(v, 2, out, cap);
        if (n > 3 && (size_t)n < cap && strcmp(out + n - 3, ".00") == 0) out[n - 3] = 0;
    }
}

/* v at 4 decimals as an integer: exact for a measure, the nearest for another value. */
static bool fixed4(kpirt_opt v, int64_t *out) {
    if (v.exact) {
        *out = v.scaled;
        return true;
    }
    return isfinite(v.v) && kpirt_scaled_from_double(v.v, 4, out) == 0;
}

/*
** The fixed-point value s (value * 10^4) divided by 10^shift and written with
** `decimals` digits, rounded half away from zero: no double is involved.
*/
static void shifted(int64_t s, int shift, int decimals, const char *suffix, char *out, size_t cap) {
    int drop = 4 + shift - decimals; /* 0 .. 4 + shift */
    uint64_t mag = s < 0 ? 0 - (uint64_t)s : (uint64_t)s, div = 1;
    for (int i = 0; i < drop; i++) div *= 10;
    uint64_t q = mag / div + (mag % div >= (div + 1) / 2 && div > 1 ? 1 : 0), unit = 1;
    for (int i = 0; i < decimals; i++) unit *= 10;
    int n = snprintf(out, cap, "%s%llu", s < 0 && q ? "-" : "", (unsigned long long)(q / unit));
    if (decimals && n >= 0 && (size_t)n < cap)
        n += snprintf(out + n, cap - (size_t)n, ".%0*llu", decimals, (unsigned long long)(q % unit));
    if (n >= 0 && (size_t)n < cap) snprintf(out + n, cap - (size_t)n, "%s", suffix);
}

/*
** The current value and the bound or target it is judged against (ref),
** each as kpirt_text_compact() writes it, unless both would read the same while the
** values differ: a status must never sit beside "1.2M / 1.2M" or "45% /
** <=45%". Then the current value below 10,000 gets as many decimals as it
** takes (up to 6) to differ: 45.00001% beside "keep below 45%"; from 10,000
** on, both get the same number of decimals of their 12.3k, 1.5M, 2.0B or
** 1.2T form until they differ, written from the exact decimal: 1.19999999M
** / 1.20000000M for a target of 1.2M missed by a cent.
*/
static void apart(kpirt_opt v, kpirt_opt ref, kpirt_unit_kind unit, char *cur, char *theirs, size_t cap) {
    kpirt_text_compact(v.v, unit, cur, cap);
    kpirt_text_compact(ref.v, unit, theirs, cap);
    int64_t a, b;
    if (!v.has || !ref.has || !fixed4(v, &a) || !fixed4(ref, &b) || a == b || strcmp(cur, theirs) != 0)
        return;
    double m = fabs(v.v);
    if (m < 1e4 || unit == KPIRT_UNIT_PERCENT) {
        double scale = unit == KPIRT_UNIT_PERCENT ? 100 : 1;
        char mine[64], other[64];
        for (int d = 1; d <= 6; d++) {
            kpirt_format_fixed(v.v * scale, d, mine, sizeof mine);
            kpirt_format_fixed(ref.v * scale, d, other, sizeof other);
            if (strcmp(mine, other) == 0) continue;
            snprintf(cur, cap, "%.24s%s", mine, unit == KPIRT_UNIT_PERCENT ? "%" : "");
            return;
        }
        return;
    }
    int shift = m >= 1e12 ? 12 : m >= 1e9 ? 9 : m >= 1e6 ? 6 : 3;
    const char *suffix = shift == 12 ? "T" : shift == 9 ? "B" : shift == 6 ? "M" : "k";
    for (int d = 2; d <= shift + 4; d++) {
        shifted(a, shift, d, suffix, cur, cap);
        shifted(b, shift, d, suffix, theirs, cap);
        if (strcmp(cur, theirs) != 0) return;
    }
}

static void values_text(const kpirt_goal_report *g, char *out, size_t cap) {
    kpirt_unit_kind unit = g->metric ? g->metric->unit_kind : KPIRT_UNIT_NUMBER;
    char cur[40], tgt[96], lo[40], hi[40];
    if (g->current.has) kpirt_text_compact(g->current.v, unit, cur, sizeof cur);
    else snprintf(cur, sizeof cur, "-");
    const kpirt_goal_desc *d = g->goal;
    if (d && d->verb == KPIRT_VERB_KEEP) {
        kpirt_text_compact(d->keep_low, unit, lo, sizeof lo);
        kpirt_text_compact(d->keep_high, unit, hi, sizeof hi);
        if (g->current.has) {
            double v = g->current.v;
            bool low = d->keep_kind == KPIRT_KEEP_ABOVE ||
                       (d->keep_kind == KPIRT_KEEP_BETWEEN && fabs(v - d->keep_low) < fabs(v - d->keep_high));
            kpirt_opt bound = {.has = true, .v = low ? d->keep_low : d->keep_high};
            apart(g->current, bound, unit, cur, low ? lo : hi, sizeof cur);
        }
        if (d->keep_kind == KPIRT_KEEP_BELOW) snprintf(tgt, sizeof tgt, "<=%s", hi);
        else if (d->keep_kind == KPIRT_KEEP_ABOVE) snprintf(tgt, sizeof tgt, ">=%s", lo);
        else snprintf(tgt, sizeof tgt, "%s..%s", lo, hi);
    } else if (g->target.has) {
        char target[40];
        kpirt_text_compact(g->target.v, unit, target, sizeof target);
        if (g->current.has) apart(g->current, g->target, unit, cur, target, sizeof cur);
        snprintf(tgt, sizeof tgt, "%s", target);
    } else {
        snprintf(tgt, sizeof tgt, "-");
    }
    bool show_unit = g->unit && unit != KPIRT_UNIT_PERCENT && unit != KPIRT_UNIT_NUMBER &&
                     unit != KPIRT_UNIT_RATIO && strcmp(g->unit, "count") != 0;
    snprintf(out, cap, "%s / %s%s%s", cur, tgt, show_unit ? " " : "", show_unit ? g->unit : "");
}

static void progress_bar(kpirt_buf *b, kpirt_opt progress) {
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (!progress.has) {
        cell(b, "", W_BAR, false);
        kpirt_buf_puts(b, " ");
        cell(b, "", W_PCT, true);
        return;
    }
    double p = progress.v < 0 ? 0 : progress.v > 1 ? 1 : progress.v;
    int units = (int)lround(p * W_BAR * 8);
    int full = units / 8, part = units % 8, used = 0;
    for (; used < full; used++) kpirt_buf_puts(b, "█");
    if (part) {
        kpirt_buf_puts(b, eighths[part]);
        used++;
    }
    for (; used < W_BAR; used++) kpirt_buf_puts(b, "░");
    char pct[16];
    double percent = progress.v * 100;
    if (percent > 999) snprintf(pct, sizeof pct, ">999");
    else if (percent < -99) snprintf(pct, sizeof pct, "<-99");
    else snprintf(pct, sizeof pct, "%.0f%%", percent);
    kpirt_buf_puts(b, " ");
    cell(b, pct, W_PCT, true);
}

static void sparkline(kpirt_buf *b, const kpirt_goal_report *g) {
    static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    uint32_t first = g->series_count > W_TREND ? g->series_count - W_TREND : 0;
    double lo = 0, hi = 0;
    bool any = false;
    for (uint32_t i = first; i < g->series_count; i++) {
        if (!g->series[i].value.has) continue;
        double v = g->series[i].value.v;
        if (!any || v < lo) lo = v;
        if (!any || v > hi) hi = v;
        any = true;
    }
    int shown = 0;
    for (uint32_t i = first; i < g->series_count; i++, shown++) {
        if (!g->series[i].value.has) {
            kpirt_buf_puts(b, " ");
            continue;
        }
        int level = hi > lo ? (int)lround((g->series[i].value.v - lo) / (hi - lo) * 7) : 3;
        kpirt_buf_puts(b, blocks[level]);
    }
    for (; shown < W_TREND; shown++) kpirt_buf_puts(b, " ");
}

static const char *status_color(kpirt_status s) {
    switch (s) {
    case KPIRT_STATUS_ACHIEVED:
    case KPIRT_STATUS_ON_TRACK:
    case KPIRT_STATUS_OK: return "\033[32m";
    case KPIRT_STATUS_AT_RISK: return "\033[33m";
    case KPIRT_STATUS_OFF_TRACK:
    case KPIRT_STATUS_MISSED:
    case KPIRT_STATUS_BREACHED: return "\033[31m";
    default: return "\033[2m";
    }
}

/*
** branches: the tree columns of the driver's ancestors ("│ " or "  " each);
** last: whether this driver is the last of its parent's.
*/
static void goal_line(const kpirt_report *r, const kpirt_goal_report *g, const kpirt_write_options *o,
                      kpirt_buf *b, int depth, const char *branches, bool last) {
    char text[192];
    if (o && o->color) kpirt_buf_puts(b, status_color(g->status));
    cell(b, kpirt_status_words(g->status), W_STATUS, false);
    if (o && o->color) kpirt_buf_puts(b, "\033[0m");
    kpirt_buf_puts(b, " ");

    /* Drivers show the metric they move, under the goal they drive. */
    const char *name = g->name;
    if (depth > 0 && g->metric_name) name = g->metric_name;
    snprintf(text, sizeof text, "%s%s%s", branches, depth == 0 ? "" : last ? "└ " : "├ ", name);
    cell(b, text, W_GOAL, false);
    kpirt_buf_puts(b, " ");

    values_text(g, text, sizeof text);
    cell(b, text, W_VALUES, false);
    kpirt_buf_puts(b, " ");
    progress_bar(b, g->progress);
    kpirt_buf_puts(b, " ");
    sparkline(b, g);
    kpirt_buf_puts(b, " ");
    if (g->status == KPIRT_STATUS_NOT_STARTED || g->deadline == KPIRT_NO_DAY)
        snprintf(text, sizeof text, "-");
    else if (r->as_of >= g->deadline) snprintf(text, sizeof text, "done");
    else snprintf(text, sizeof text, "%dd", g->days_left);
    cell(b, text, W_LEFT, true);
    kpirt_buf_puts(b, "\n");
    /* A prefix that would not fit stops growing (23+ levels) rather than cutting a UTF-8 "│" in half. */
    char below[96];
    int n = snprintf(below, sizeof below, "%s%s", branches, depth == 0 ? "" : last ? "  " : "│ ");
    if (n < 0 || (size_t)n >= sizeof below) snprintf(below, sizeof below, "%s", branches);
    /* the notes continue this goal's branch down to its drivers */
    char notes[100];
    snprintf(notes, sizeof notes, "%s%s", below, g->driver_count ? "│ " : "  ");
    kpirt_text_notes(b, g, o, depth == 0 && !g->driver_count ? "" : notes);
    for (uint32_t i = 0; i < g->driver_count; i++)
        goal_line(r, &r->goals[g->drivers[i]], o, b, depth + 1, below, i + 1 == g->driver_count);
}

static void count_statuses(const kpirt_report *r, uint32_t counts[KPIRT_STATUS_COUNT]) {
    for (uint32_t i = 0; i < r->goal_count; i++)
        if (r->selected[i]) counts[r->goals[i].status]++;
}

int kpirt_write_text(const kpirt_report *r, const kpirt_write_options *o, FILE *out) {
    kpirt_buf b = {0};
    char day[KPIRT_LABEL_MAX];
    uint32_t counts[KPIRT_STATUS_COUNT] = {0};
    kpirt_day_format(r->as_of, day);
    count_statuses(r, counts);

    uint32_t total = 0;
    for (int s = 0; s < KPIRT_STATUS_COUNT; s++) total += counts[s];
    kpirt_buf_printf(&b, "%s as of %s: ", r->program->spec_name ? r->program->spec_name : "goals", day);
    if (r->root_count == 0) kpirt_buf_puts(&b, "no goals");
    else kpirt_buf_printf(&b, "%u goal%s", total, total == 1 ? "" : "s");
    /* Statuses worst first; the line wraps (indented) rather than pass the width. */
    int width = o && o->width > 0 ? o->width : 80;
    int col = columns(b.data, b.len);
    const char *sep = ":";
    for (int rank = 0; rank < KPIRT_STATUS_COUNT; rank++)
        for (int s = 1; s < KPIRT_STATUS_COUNT; s++) {
            if (!counts[s] || kpirt_status_rank((kpirt_status)s) != rank) continue;
            char piece[48];
            int n = snprintf(piece, sizeof piece, "%u %s", counts[s], kpirt_status_words((kpirt_status)s));
            bool wrap = col + 2 + n > width;
            kpirt_buf_printf(&b, "%s%s%s", sep, wrap ? "\n  " : " ", piece);
            col = (wrap ? 2 : col + 2) + n;
            sep = ",";
        }
    kpirt_buf_puts(&b, "\n\n");
    cell(&b, "STATUS", W_STATUS, false);
    kpirt_buf_puts(&b, " ");
    cell(&b, "GOAL", W_GOAL, false);
    kpirt_buf_puts(&b, " ");
    cell(&b, "CURRENT / TARGET", W_VALUES, false);
    kpirt_buf_puts(&b, " ");
    cell(&b, "PROGRESS", W_BAR + 1 + W_PCT, false);
    kpirt_buf_puts(&b, " ");
    cell(&b, "TREND", W_TREND, false);
    kpirt_buf_puts(&b, " ");
    cell(&b, "LEFT", W_LEFT, true);
    kpirt_buf_puts(&b, "\n");
    for (uint32_t i = 0; i < r->root_count; i++) goal_line(r, &r->goals[r->roots[i]], o, &b, 0, "", true);
    /* How fresh the data is, per source: a report on old data must say so. */
    for (uint32_t s = 0; s < r->source_count; s++) {
        const kpirt_source_report *src = &r->sources[s];
        kpirt_buf_printf(&b, "%sdata %s: ", s == 0 ? "\n" : "", src->name);
        if (src->last_day == KPIRT_NO_DAY) {
            kpirt_buf_puts(&b, "no rows used\n");
            continue;
        }
        char first[KPIRT_LABEL_MAX], last[KPIRT_LABEL_MAX];
        kpirt_day_format(src->first_day, first);
        kpirt_day_format(src->last_day, last);
        int32_t age = r->as_of - src->last_day;
        kpirt_buf_printf(&b, "%s to %s", first, last);
        if (age > 0) kpirt_buf_printf(&b, " (%d day%s before the as-of date)", age, age == 1 ? "" : "s");
        kpirt_buf_puts(&b, "\n");
    }
    /* A `where`/`for` value no row held: the goals on it are judged on nothing, or on less. */
    for (uint32_t i = 0; i < r->unmatched_count; i++)
        kpirt_buf_printf(&b, "%swarning: %s\n", i == 0 ? "\n" : "", r->unmatched[i].message);
    /* Goals that could not be judged say why, under the table. */
    bool first_reason = true;
    for (uint32_t i = 0; i < r->goal_count; i++) {
        if (!r->selected[i] || !r->goals[i].reason[0]) continue;
        kpirt_buf_printf(&b, "%s%s: %s\n", first_reason ? "\n" : "", r->goals[i].name, r->goals[i].reason);
        first_reason = false;
    }
    if (r->rows_skipped)
        kpirt_buf_printf(&b, "\n%llu bad row%s skipped (of %llu read)\n", (unsigned long long)r->rows_skipped,
                         r->rows_skipped == 1 ? "" : "s", (unsigned long long)r->rows_read);
    kpirt_report_files_text(r, &b);
    if (b.data) fputs(b.data, out);
    kpirt_buf_free(&b);
    return ferror(out) ? -1 : 0;
}
