/*
** report_text_notes.c: the lines under a goal's row in the terminal
** dashboard, for what does not fit in its columns: how the current period
** compares with the period before and with the same period a year earlier
** (arrows and signs carry the direction, colour says whether it is good
** news for the goal, as Looker Studio scorecards do), the baseline when it
** is measured in a way the reader cannot guess (last year, an average, a
** named period), the budget's spend against its pacing, the projection
** with its 80% range and, when it disagrees with the status, why; the
** goal's `why`; and an ask beyond anything its metric did in the data
** (realism.c).
** Every line starts under the GOAL column, continues the driver tree's
** branches, and fits the width.
*/
#include "kpirt_internal.h"

#include <math.h>
#include <string.h>

enum { NOTE_INDENT = 12 }; /* under the GOAL column: the STATUS column and its space */

/* "+15.4%", "-3.0%", ">+999%": a change for people. */
void kpirt_text_change(double change, char *out, size_t cap) {
    double pct = change * 100;
    if (pct >= 999.95) snprintf(out, cap, ">+999%%");
    else if (pct <= -999.95) snprintf(out, cap, "<-999%%");
    else {
        char num[32];
        kpirt_format_fixed(pct, 1, num, sizeof num);
        snprintf(out, cap, "%s%s%%", pct >= 0.05 ? "+" : "", strcmp(num, "-0.0") == 0 ? "0.0" : num);
    }
}

static void start_line(kpirt_buf *b, const char *branches) {
    for (int i = 0; i < NOTE_INDENT; i++) kpirt_buf_put(b, " ", 1);
    kpirt_buf_puts(b, branches);
}

/* "▲ +15.4% vs 2026-02": one comparison of the current period. */
static void comparison(kpirt_buf *b, const kpirt_goal_report *g, const kpirt_write_options *o, kpirt_opt now,
                       kpirt_opt then, int32_t period) {
    char label[KPIRT_LABEL_MAX], pct[24];
    kpirt_period_label(period, g->review, label);
    kpirt_opt c = kpirt_change(now, then);
    if (!c.has) {
        kpirt_buf_printf(b, "  vs %s: no change to measure", label);
        return;
    }
    kpirt_text_change(c.v, pct, sizeof pct);
    int tone = kpirt_change_tone(g, c.v);
    bool color = o && o->color && tone != 0;
    const char *arrow = c.v > 0 ? "▲" : c.v < 0 ? "▼" : "=";
    kpirt_buf_printf(b, "  %s%s %s%s vs %s", color ? (tone > 0 ? "\033[32m" : "\033[31m") : "", arrow, pct,
                     color ? "\033[0m" : "", label);
}

/* Appends text cut to fit width columns from col, with an ellipsis when cut. */
static void fitted(kpirt_buf *b, const char *s, int col, int width) {
    int room = width - col, n = 0;
    size_t i = 0, len = strlen(s);
    while (i < len) {
        size_t next = i + 1;
        while (next < len && ((unsigned char)s[next] & 0xC0) == 0x80) next++;
        unsigned char ch = (unsigned char)s[i];
        if (n == room - 1 && next < len) {
            kpirt_buf_puts(b, "…");
            return;
        }
        kpirt_buf_put(b, ch < 0x20 ? " " : s + i, ch < 0x20 ? 1 : next - i);
        n++;
        i = next;
    }
}

static int text_columns(const char *s) {
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/*
** head and text on lines of their own, broken between words to fit the
** width; the continuation lines are indented under the text's start.
*/
static void wrapped(kpirt_buf *b, const char *head, const char *text, const char *branches, int col,
                    int width) {
    int indent = text_columns(head), room = width - col - indent;
    if (room < 20) room = 20;
    const char *p = text;
    bool first = true;
    while (*p) {
        /* the longest run of whole words that fits room columns (a longer word is cut) */
        const char *end = p, *fit = NULL;
        int n = 0;
        while (*end && n < room) {
            if (*end == ' ') fit = end;
            end++;
            while (((unsigned char)*end & 0xC0) == 0x80) end++;
            n++;
        }
        if (!*end) fit = end;
        if (!fit || fit == p) fit = end;
        start_line(b, branches);
        if (first) kpirt_buf_puts(b, head);
        else
            for (int i = 0; i < indent; i++) kpirt_buf_put(b, " ", 1);
        for (const char *q = p; q < fit; q++) kpirt_buf_put(b, (unsigned char)*q < 0x20 ? " " : q, 1);
        kpirt_buf_puts(b, "\n");
        p = fit;
        while (*p == ' ') p++;
        first = false;
    }
}

/*
** "projected 2.0k (80%: 1.8k to 2.2k): achieved, seasonal", and under it,
** when the projection and the status disagree, why.
*/
static void projection_note(kpirt_buf *b, const kpirt_goal_report *g, const char *branches, int col,
                            int width) {
    if (!g->projection.has) return;
    kpirt_unit_kind unit = g->metric ? g->metric->unit_kind : KPIRT_UNIT_NUMBER;
    char value[40], low[40], high[40], line[224];
    kpirt_text_compact(g->projection.v, unit, value, sizeof value);
    int n = snprintf(line, sizeof line, "  projected %s", value);
    if (g->projection_low.has && g->projection_high.has) {
        kpirt_text_compact(g->projection_low.v, unit, low, sizeof low);
        kpirt_text_compact(g->projection_high.v, unit, high, sizeof high);
        n += snprintf(line + n, sizeof line - (size_t)n, " (80%%: %s to %s)", low, high);
    }
    if (g->projection_status != KPIRT_STATUS_NONE)
        n += snprintf(line + n, sizeof line - (size_t)n, ": %s", kpirt_status_words(g->projection_status));
    if (g->projection_method) snprintf(line + n, sizeof line - (size_t)n, ", %s", g->projection_method);
    start_line(b, branches);
    fitted(b, line, col, width);
    kpirt_buf_puts(b, "\n");
    if (g->projection_why[0]) wrapped(b, "  differs: ", g->projection_why, branches, col, width);
}

void kpirt_text_notes(kpirt_buf *b, const kpirt_goal_report *g, const kpirt_write_options *o,
                      const char *branches) {
    int width = o && o->width > 0 ? o->width : 80;
    int col = NOTE_INDENT + text_columns(branches);
    const kpirt_series_point *pt = g->series_count ? &g->series[g->series_count - 1] : NULL;
    if (pt && pt->value.has && (pt->previous.has || pt->last_year.has)) {
        start_line(b, branches);
        if (pt->previous.has) comparison(b, g, o, pt->value, pt->previous, pt->period - 1);
        if (pt->last_year.has)
            comparison(b, g, o, pt->value, pt->last_year, kpirt_period_year_before(pt->period, g->review));
        kpirt_buf_puts(b, "\n");
    }
    /* a baseline the reader cannot guess (not the default, nor written as a number in the spec) */
    kpirt_baseline_kind kind = g->baseline_kind;
    if (g->baseline.has && (kind == KPIRT_BASELINE_LAST_YEAR || kind == KPIRT_BASELINE_AVERAGE ||
                            kind == KPIRT_BASELINE_PERIOD)) {
        char words[2 * KPIRT_LABEL_MAX + 48], value[64];
        kpirt_unit_kind unit = g->metric ? g->metric->unit_kind : KPIRT_UNIT_NUMBER;
        kpirt_baseline_words(g, words, sizeof words);
        kpirt_text_compact(g->baseline.v, unit, value, sizeof value);
        start_line(b, branches);
        kpirt_buf_printf(b, "  baseline %s: ", value);
        fitted(b, words, col + 12 + text_columns(value), width);
        kpirt_buf_puts(b, "\n");
    }
    const kpirt_budget_report *bud = &g->budget;
    if (bud->has && bud->spent.has) {
        /* spent/budget; where this pace ends at the deadline; the spend the pacing expects by now */
        char spent[32], amount[32], expected[32], projected[32], line[192];
        kpirt_text_compact(bud->spent.v, bud->unit_kind, spent, sizeof spent);
        kpirt_text_compact(bud->amount, bud->unit_kind, amount, sizeof amount);
        kpirt_text_compact(bud->expected.v, bud->unit_kind, expected, sizeof expected);
        kpirt_text_compact(bud->projected.v, bud->unit_kind, projected, sizeof projected);
        bool last_year = bud->pacing && strcmp(bud->pacing, "last_year") == 0;
        snprintf(line, sizeof line, "%s/%s%s%s; pace %s; plan %s%s", spent, amount, bud->unit ? " " : "",
                 bud->unit ? bud->unit : "", projected, expected, last_year ? " (last year)" : "");
        const char *words = kpirt_status_words(bud->status);
        bool over = bud->status == KPIRT_STATUS_OVERSPEND, color = o && o->color;
        start_line(b, branches);
        kpirt_buf_printf(b, "  budget: %s%s%s ", color ? (over ? "\033[31m" : "\033[32m") : "", words,
                         color ? "\033[0m" : "");
        fitted(b, line, col + 11 + text_columns(words), width);
        kpirt_buf_puts(b, "\n");
    }
    projection_note(b, g, branches, col, width);
    const char *why = g->goal ? g->goal->why : NULL;
    if (why && *why) {
        start_line(b, branches);
        kpirt_buf_puts(b, "  why: ");
        fitted(b, why, col + 7, width);
        kpirt_buf_puts(b, "\n");
    }
    /* an ask beyond anything the data shows asks for attention; within is no news here */
    if (g->realism.verdict == KPIRT_REALISM_BEYOND) {
        char words[200];
        kpirt_realism_brief(&g->realism, words, sizeof words);
        start_line(b, branches);
        kpirt_buf_puts(b, "  beyond history: ");
        fitted(b, words, col + 18, width);
        kpirt_buf_puts(b, "\n");
    }
}
