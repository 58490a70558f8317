/*
** segment.c: `where` and `for` texts that no row held.
**
** A filter whose text no row holds (a typo, another spelling, another case:
** `country = "Nl"`) leaves its metric without a single observation, and the
** goals on it read "no data" or a lower number, which looks like an answer.
** The descriptor lists the texts filters ask of columns (kpirt_segment_desc).
** While a source is read, each good row is checked against its source's
** segments that no row held yet, comparing the column's text exactly as the
** filter does. Until one matches, its state keeps only what the warning
** needs, in fixed space: the closest text by kpirt_suggest_offer (the same
** choice kpic's checks make) and the first KPIRT_SEGMENT_LISTED texts in byte
** order. Both are functions of the set of texts seen, so chunks read on any
** number of threads merge into exactly what one reader finds. A segment that
** matched costs nothing more; a repeated text costs a few comparisons
** (`recent`), not an edit distance.
*/
#include "kpirt_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

void kpirt_segments_init(kpirt_segment_store *s, const kpirt_program *p) {
    s->seen = kpirt_xcalloc(p->segment_count + 1, sizeof *s->seen);
    s->open = kpirt_xcalloc(p->source_count + 1, sizeof *s->open);
    for (uint32_t i = 0; i < p->segment_count; i++) {
        s->seen[i].best_distance = UINT_MAX;
        if (p->segments[i].source < p->source_count) s->open[p->segments[i].source]++;
    }
}

void kpirt_segments_free(kpirt_segment_store *s) {
    free(s->seen);
    free(s->open);
    s->seen = NULL;
    s->open = NULL;
}

/* Keeps text among the first KPIRT_SEGMENT_LISTED in byte order; `more` says some were left out. */
static void list_text(kpirt_segment_seen *st, const char *text) {
    uint32_t at = 0;
    while (at < st->listed_count && strcmp(st->listed[at], text) < 0) at++;
    if (at < st->listed_count && strcmp(st->listed[at], text) == 0) return;
    if (at == KPIRT_SEGMENT_LISTED) {
        st->more = true;
        return;
    }
    if (st->listed_count == KPIRT_SEGMENT_LISTED) st->more = true;
    else st->listed_count++;
    for (uint32_t k = st->listed_count - 1; k > at; k--)
        memcpy(st->listed[k], st->listed[k - 1], sizeof st->listed[k]);
    snprintf(st->listed[at], sizeof st->listed[at], "%s", text);
}

/* Offers a text the column held instead of the segment's (NUL-terminated, at most KPIRT_SEGMENT_TEXT_MAX). */
static void weigh(kpirt_segment_seen *st, const char *value, const char *text) {
    const char *best = st->best[0] ? st->best : NULL;
    unsigned distance = st->best_distance;
    if (kpirt_suggest_offer(value, text, &best, &distance)) {
        snprintf(st->best, sizeof st->best, "%s", text);
        st->best_distance = distance;
    }
    list_text(st, text);
}

/* Has this text been weighed lately? If not, remember it. */
static bool recently_weighed(kpirt_segment_seen *st, const char *cell, size_t len) {
    for (uint32_t k = 0; k < KPIRT_SEGMENT_RECENT; k++)
        if (st->recent_len[k] == len && memcmp(st->recent[k], cell, len) == 0) return true;
    uint32_t k = st->recent_next++ % KPIRT_SEGMENT_RECENT;
    memcpy(st->recent[k], cell, len);
    st->recent_len[k] = (uint8_t)len;
    return false;
}

void kpirt_segments_note(kpirt_ctx *ctx, const kpirt_row *row) {
    const kpirt_program *p = ctx->program;
    kpirt_segment_store *s = &ctx->segments;
    uint32_t source = (uint32_t)(row->source - p->sources);
    if (source >= p->source_count || s->open[source] == 0) return;
    for (uint32_t i = 0; i < p->segment_count; i++) {
        const kpirt_segment_desc *d = &p->segments[i];
        kpirt_segment_seen *st = &s->seen[i];
        if (st->matched || d->source != source || d->column >= row->source->column_count) continue;
        const char *cell;
        size_t len;
        kpirt_field_text(row, d->column, &cell, &len); /* as the filter reads it: a null text is empty */
        if (len == strlen(d->value) && memcmp(cell, d->value, len) == 0) {
            st->matched = true;
            s->open[source]--;
            continue;
        }
        if (len == 0) continue; /* an empty cell is no other spelling */
        if (len > KPIRT_SEGMENT_TEXT_MAX || memchr(cell, 0, len)) {
            st->more = true;
            continue;
        }
        if (recently_weighed(st, cell, len)) continue;
        char text[KPIRT_SEGMENT_TEXT_MAX + 1];
        memcpy(text, cell, len);
        text[len] = 0;
        weigh(st, d->value, text);
    }
}

void kpirt_segments_merge(kpirt_segment_store *dst, const kpirt_segment_store *src, const kpirt_program *p) {
    for (uint32_t i = 0; i < p->segment_count; i++) {
        kpirt_segment_seen *to = &dst->seen[i];
        const kpirt_segment_seen *from = &src->seen[i];
        if (to->matched) continue;
        if (from->matched) {
            to->matched = true;
            if (p->segments[i].source < p->source_count) dst->open[p->segments[i].source]--;
            continue;
        }
        if (from->best[0]) weigh(to, p->segments[i].value, from->best);
        for (uint32_t k = 0; k < from->listed_count; k++) list_text(to, from->listed[k]);
        to->more |= from->more;
    }
}

/* "goal nl", "goals nl, seo", at most three names and how many more. */
static void goal_names(const kpirt_program *p, const kpirt_segment_desc *d, char *out, size_t cap) {
    size_t n = (size_t)snprintf(out, cap, "goal%s ", d->goal_count == 1 ? "" : "s");
    for (uint32_t k = 0; k < d->goal_count && n < cap; k++) {
        if (k == 3) {
            snprintf(out + n, cap - n, " and %u more", d->goal_count - 3);
            return;
        }
        const char *name = d->goals[k] < p->goal_count ? p->goals[d->goals[k]].name : "?";
        n += (size_t)snprintf(out + n, cap - n, "%s%.80s", k ? ", " : "", name);
    }
}

static bool any_selected(const kpirt_report *report, const kpirt_segment_desc *d) {
    if (d->goal_count == 0) return true;
    for (uint32_t k = 0; k < d->goal_count; k++)
        if (d->goals[k] < report->goal_count && report->selected[d->goals[k]]) return true;
    return false;
}

static void word_warning(const kpirt_program *p, const kpirt_segment_desc *d, const kpirt_segment_seen *st,
                         kpirt_unmatched *u) {
    const kpirt_source_desc *src = &p->sources[d->source];
    char goals[200] = "", hint[320] = "";
    goal_names(p, d, goals, sizeof goals);
    if (st->best[0]) {
        snprintf(u->did_you_mean, sizeof u->did_you_mean, "%s", st->best);
        snprintf(hint, sizeof hint, "; did you mean \"%s\"?", st->best);
    } else if (st->listed_count) {
        size_t n = (size_t)snprintf(hint, sizeof hint, "; the column holds");
        for (uint32_t k = 0; k < st->listed_count; k++)
            n += (size_t)snprintf(hint + n, sizeof hint - n, "%s \"%s\"", k ? "," : "", st->listed[k]);
        if (st->more) snprintf(hint + n, sizeof hint - n, ", ...");
    } else if (!st->more) {
        snprintf(hint, sizeof hint, "; the column is empty in every row");
    }
    const char *metric = d->metric < p->metric_count ? p->metrics[d->metric].name : "?";
    char raw[KPIRT_MESSAGE_MAX];
    snprintf(raw, sizeof raw, "no row of source \"%.64s\" has %.64s = \"%.80s\" (metric %.80s, %s)%s",
             src->name, src->columns[d->column], d->value, metric, goals, hint);
    kpirt_escape_controls(u->message, sizeof u->message, raw);
}

void kpirt_segments_report(const kpirt_ctx *ctx, kpirt_report *report) {
    const kpirt_program *p = ctx->program;
    for (uint32_t i = 0; i < p->segment_count; i++) {
        const kpirt_segment_desc *d = &p->segments[i];
        const kpirt_segment_seen *st = &ctx->segments.seen[i];
        /* a source a database computed (--periods, --engine) has no rows to say it */
        if (st->matched || d->source >= p->source_count || ctx->periods.covered[d->source] ||
            d->column >= p->sources[d->source].column_count || ctx->sources[d->source].rows_read == 0 ||
            !any_selected(report, d))
            continue;
        report->unmatched =
            kpirt_xrealloc(report->unmatched, (report->unmatched_count + 1) * sizeof *report->unmatched);
        kpirt_unmatched *u = &report->unmatched[report->unmatched_count++];
        memset(u, 0, sizeof *u);
        u->segment = d;
        word_warning(p, d, st, u);
    }
}
