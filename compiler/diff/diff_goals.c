/*
** diff_goals.c: the changes to the goals themselves (diff.h).
**
** Goals are matched first by name; a top goal left over on both sides is a
** rename when exactly one old and one new goal measure the same metric.
** Drivers follow their goal: "old_name.revenue" is looked for as
** "new_name.revenue". A matched goal is compared field by field on the
** checked values (numbers, day numbers), so layout never shows. Targets are
** judged with libkpirt's rule (kpirt_goal_change, kpirt_goal_target_value),
** the one that evaluation uses; the metrics' and sources' definitions are
** compared in diff_metrics.c.
*/
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "diff_internal.h"
#include "kpirt.h"

static const struct {
    const char *name, *words;
} kinds[] = {
#define X(id, name, words) {name, words},
    KPI_DIFF_KINDS(X)
#undef X
};
static_assert(sizeof kinds / sizeof kinds[0] == KPI_DIFF_KIND_COUNT, "every change kind has its names");

const char *kpi_diff_kind_name(kpi_diff_kind kind) {
    return (unsigned)kind < KPI_DIFF_KIND_COUNT ? kinds[kind].name : "changed";
}

const char *kpi_diff_kind_words(kpi_diff_kind kind) {
    return (unsigned)kind < KPI_DIFF_KIND_COUNT ? kinds[kind].words : "changed";
}

const char *kpi_diff_effect_name(kpi_diff_effect effect) {
    switch (effect) {
    case KPI_DIFF_NEUTRAL: return "neutral";
    case KPI_DIFF_WEAKENS: return "weakens";
    case KPI_DIFF_STRENGTHENS: return "strengthens";
    }
    return "neutral";
}

/* ---- names, sorted so that thousands of goals or metrics are matched in n log n ------------- */

static int compare_names(const void *a, const void *b) {
    return strcmp(((const diff_named *)a)->name, ((const diff_named *)b)->name);
}

diff_index diff_index_new(kpi_arena *arena, uint32_t count) {
    return (diff_index){KPI_NEW_ARRAY(arena, diff_named, count + 1), count};
}

void diff_index_sort(diff_index *ix) {
    if (ix->count > 1) qsort(ix->sorted, ix->count, sizeof *ix->sorted, compare_names);
}

void diff_index_insert(diff_index *ix, const char *name, uint32_t index) {
    uint32_t lo = 0, hi = ix->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->sorted[mid].name, name) < 0) lo = mid + 1;
        else hi = mid;
    }
    memmove(&ix->sorted[lo + 1], &ix->sorted[lo], sizeof *ix->sorted * (ix->count - lo));
    ix->sorted[lo] = (diff_named){name, index};
    ix->count++;
}

int32_t diff_index_find(const diff_index *ix, const char *name) {
    diff_named key = {name, 0};
    const diff_named *found =
        ix->count ? bsearch(&key, ix->sorted, ix->count, sizeof key, compare_names) : NULL;
    return found ? (int32_t)found->index : -1;
}

kpi_diff_change *diff_add(differ *d, kpi_diff_kind kind, kpi_diff_effect effect, const char *subject,
                          const char *before, const char *after) {
    kpi_diff *o = d->out;
    if (o->count == o->cap) {
        uint32_t cap = o->cap ? o->cap * 2 : 16;
        kpi_diff_change *grown = KPI_NEW_ARRAY(d->arena, kpi_diff_change, cap);
        if (o->count) memcpy(grown, o->changes, sizeof *grown * o->count);
        o->changes = grown;
        o->cap = cap;
    }
    kpi_diff_change *c = &o->changes[o->count++];
    *c = (kpi_diff_change){kind, effect, subject, before, after, NULL, 0};
    return c;
}

const kpi_prog_metric *diff_metric_of(const kpi_program *p, const kpi_prog_goal *g) {
    return g->metric < p->metric_count ? &p->metrics[g->metric] : NULL;
}

/* ---- targets ------------------------------------------------------------------------- */

/* The statement with its goal's words: "raise profit 20%", "keep bounce_rate below 45%". */
static const char *statement(differ *d, const kpi_program *p, const kpi_prog_goal *g) {
    return kpi_prog_statement_text(d->arena, p, g);
}

/* +1 when a higher target asks more of this goal, -1 when a lower one does, 0 when nothing says. */
static int ambition(const kpi_prog_goal *g, const kpi_prog_metric *m) {
    switch (g->verb) {
    case KPIRT_VERB_RAISE: return 1;
    case KPIRT_VERB_LOWER: return -1;
    case KPIRT_VERB_REACH: return m ? m->better : 0;
    case KPIRT_VERB_KEEP: return 0;
    }
    return 0;
}

static int sign(double x) {
    return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/*
** How the target moved, in the goal's direction: +1 asks more, -1 asks less,
** 0 when the two cannot be ranked (another verb, kind of amount or metric).
** raise/lower/reach compare the signed change (relative, points) or the
** target value (absolute); keep compares its bounds: a lower ceiling, a
** higher floor, a narrower band ask more.
*/
static int target_direction(const kpi_prog_goal *o, const kpi_prog_goal *n, const kpi_prog_metric *m) {
    if (o->verb != n->verb) return 0;
    if (n->verb == KPIRT_VERB_KEEP) {
        if (o->keep_kind != n->keep_kind) return 0;
        switch (n->keep_kind) {
        case KPIRT_KEEP_BELOW: return sign(o->keep_high - n->keep_high);
        case KPIRT_KEEP_ABOVE: return sign(n->keep_low - o->keep_low);
        case KPIRT_KEEP_BETWEEN: {
            int floor = sign(n->keep_low - o->keep_low), ceiling = sign(o->keep_high - n->keep_high);
            if (floor >= 0 && ceiling >= 0) return floor + ceiling > 0;
            if (floor <= 0 && ceiling <= 0) return -(floor + ceiling < 0);
            return 0; /* the band moved: neither easier nor harder as such */
        }
        }
        return 0;
    }
    if (o->amount_kind != n->amount_kind || n->amount_kind == KPIRT_AMOUNT_NONE) return 0;
    double before =
        n->amount_kind == KPIRT_AMOUNT_ABSOLUTE ? o->amount : kpirt_goal_change(o->verb, o->amount);
    double after =
        n->amount_kind == KPIRT_AMOUNT_ABSOLUTE ? n->amount : kpirt_goal_change(n->verb, n->amount);
    return sign(after - before) * ambition(n, m);
}

static bool same_target(const kpi_prog_goal *o, const kpi_prog_goal *n) {
    if (o->verb != n->verb) return false;
    if (n->verb == KPIRT_VERB_KEEP)
        return o->keep_kind == n->keep_kind && o->keep_low == n->keep_low && o->keep_high == n->keep_high;
    return o->amount_kind == n->amount_kind && o->amount == n->amount;
}

/* comparable: both measure the same metric (a segment aside), so their amounts can be ranked. */
static void compare_target(differ *d, const char *name, const kpi_prog_goal *o, const kpi_prog_goal *n,
                           bool comparable) {
    if (same_target(o, n)) return;
    const char *before = statement(d, d->old, o), *after = statement(d, d->new_, n);
    int dir = comparable ? target_direction(o, n, diff_metric_of(d->new_, n)) : 0;
    if (dir > 0) diff_add(d, KPI_DIFF_TARGET_STRENGTHENED, KPI_DIFF_STRENGTHENS, name, before, after);
    else if (dir < 0) diff_add(d, KPI_DIFF_TARGET_WEAKENED, KPI_DIFF_WEAKENS, name, before, after);
    else diff_add(d, KPI_DIFF_TARGET_CHANGED, KPI_DIFF_NEUTRAL, name, before, after);
}

/*
** A relative or points target is counted from the baseline: with the new
** amount, the target from each baseline (libkpirt's rule) says whether the
** new baseline asks more or less. An absolute target does not move with it.
*/
static void compare_baseline(differ *d, const char *name, const kpi_prog_goal *o, const kpi_prog_goal *n) {
    if (o->has_baseline == n->has_baseline && (!n->has_baseline || o->baseline == n->baseline)) return;
    const kpi_prog_metric *om = diff_metric_of(d->old, o), *nm = diff_metric_of(d->new_, n);
    const char *before = o->has_baseline && om ? kpi_prog_quantity_text(d->arena, om, o->baseline) : NULL;
    const char *after = n->has_baseline && nm ? kpi_prog_quantity_text(d->arena, nm, n->baseline) : NULL;
    kpi_diff_effect effect = KPI_DIFF_NEUTRAL;
    bool counted = n->amount_kind == KPIRT_AMOUNT_RELATIVE || n->amount_kind == KPIRT_AMOUNT_POINTS;
    if (o->has_baseline && n->has_baseline && n->verb != KPIRT_VERB_KEEP && counted) {
        double from_old = kpirt_goal_target_value(n->verb, n->amount_kind, n->amount, o->baseline);
        double from_new = kpirt_goal_target_value(n->verb, n->amount_kind, n->amount, n->baseline);
        int dir = isfinite(from_old) && isfinite(from_new) ? sign(from_new - from_old) * ambition(n, nm) : 0;
        effect = dir > 0 ? KPI_DIFF_STRENGTHENS : dir < 0 ? KPI_DIFF_WEAKENS : KPI_DIFF_NEUTRAL;
    }
    diff_add(d, KPI_DIFF_BASELINE_CHANGED, effect, name, before, after);
}

/* ---- one matched goal --------------------------------------------------------------- */

/* "conversion[channel=seo]": the part from the bracket ("" without a segment), and the base name's length. */
static const char *segment_of(const char *metric, size_t *base_len) {
    const char *b = strchr(metric, '[');
    *base_len = b ? (size_t)(b - metric) : strlen(metric);
    return b ? b : "";
}

static bool same_text(const char *a, const char *b) {
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/*
** A goal's change, unless it is its parent's: a driver inherits the deadline,
** start, owner and review of the goal it drives (and of that goal's own
** parent), and one moved deadline is one change, not one per driver.
*/
static void report(differ *d, const kpi_prog_goal *n, kpi_diff_kind kind, kpi_diff_effect effect,
                   const char *name, const char *before, const char *after) {
    for (int32_t up = n->parent; up >= 0; up = d->new_->goals[up].parent) {
        for (uint32_t i = d->first_change[up]; i < d->end_change[up]; i++) {
            const kpi_diff_change *c = &d->out->changes[i];
            if (c->kind == kind && same_text(c->before, before) && same_text(c->after, after)) return;
        }
    }
    diff_add(d, kind, effect, name, before, after);
}

/* The metric that spends a goal's budget (`budget ... on METRIC`), or NULL. */
static const char *budget_spender(const kpi_program *p, const kpi_prog_goal *g) {
    return g->budget_metric && g->budget_metric <= p->metric_count ? p->metrics[g->budget_metric - 1].name
                                                                   : NULL;
}

/* "50000 EUR", "50000 EUR on ad_spend"; NULL without a budget. */
static const char *budget_text(kpi_arena *a, const kpi_prog_goal *g, const char *spender) {
    if (!g->budget) return NULL;
    return kpi_arena_printf(a, "%s%s%s%s%s", kpi_prog_number_text(a, g->budget), g->budget_unit ? " " : "",
                            g->budget_unit ? g->budget_unit : "", spender ? " on " : "",
                            spender ? spender : "");
}

static void compare_goal(differ *d, const kpi_prog_goal *o, const kpi_prog_goal *n) {
    kpi_arena *a = d->arena;
    const char *name = n->name;
    if (!same_text(o->title, n->title))
        report(d, n, KPI_DIFF_TITLE_CHANGED, KPI_DIFF_NEUTRAL, name, o->title, n->title);
    const kpi_prog_metric *om = diff_metric_of(d->old, o), *nm = diff_metric_of(d->new_, n);
    bool same_metric = true;
    if (om && nm && strcmp(om->name, nm->name) != 0) {
        size_t ol, nl;
        const char *os = segment_of(om->name, &ol), *ns = segment_of(nm->name, &nl);
        same_metric = ol == nl && strncmp(om->name, nm->name, ol) == 0;
        if (same_metric)
            report(d, n, KPI_DIFF_SEGMENT_CHANGED, KPI_DIFF_NEUTRAL, name, *os ? os : "all rows",
                   *ns ? ns : "all rows");
        else report(d, n, KPI_DIFF_GOAL_METRIC_CHANGED, KPI_DIFF_NEUTRAL, name, om->name, nm->name);
    }
    compare_target(d, name, o, n, same_metric);
    compare_baseline(d, name, o, n);
    if (o->deadline != n->deadline) {
        bool later = n->deadline > o->deadline;
        report(d, n, later ? KPI_DIFF_DEADLINE_LATER : KPI_DIFF_DEADLINE_EARLIER,
               later ? KPI_DIFF_WEAKENS : KPI_DIFF_STRENGTHENS, name, kpi_prog_day_text(a, o->deadline),
               kpi_prog_day_text(a, n->deadline));
    }
    if (o->start != n->start)
        report(d, n, n->start > o->start ? KPI_DIFF_START_LATER : KPI_DIFF_START_EARLIER, KPI_DIFF_NEUTRAL,
               name, kpi_prog_day_text(a, o->start), kpi_prog_day_text(a, n->start));
    if (!same_text(o->owner, n->owner))
        report(d, n, KPI_DIFF_OWNER_CHANGED, KPI_DIFF_NEUTRAL, name, o->owner, n->owner);
    if (o->review != n->review)
        report(d, n, KPI_DIFF_REVIEW_CHANGED, KPI_DIFF_NEUTRAL, name, kpirt_granularity_name(o->review),
               kpirt_granularity_name(n->review));
    if (o->tolerance != n->tolerance) {
        /* a wider tolerance keeps a goal "at risk" longer before it is "off track" */
        kpi_diff_effect effect = n->tolerance > o->tolerance ? KPI_DIFF_WEAKENS : KPI_DIFF_STRENGTHENS;
        report(d, n, KPI_DIFF_TOLERANCE_CHANGED, effect, name,
               o->tolerance ? kpi_arena_printf(a, "%s%%", kpi_prog_number_text(a, o->tolerance * 100)) : NULL,
               n->tolerance ? kpi_arena_printf(a, "%s%%", kpi_prog_number_text(a, n->tolerance * 100))
                            : NULL);
    }
    const char *ospend = budget_spender(d->old, o), *nspend = budget_spender(d->new_, n);
    if (o->budget != n->budget || !same_text(o->budget_unit, n->budget_unit) || !same_text(ospend, nspend))
        report(d, n, KPI_DIFF_BUDGET_CHANGED, KPI_DIFF_NEUTRAL, name, budget_text(a, o, ospend),
               budget_text(a, n, nspend));
}

/* ---- matching ---------------------------------------------------------------------- */

/* A program's goals by name. */
static diff_index index_goals(kpi_arena *arena, const kpi_program *p) {
    diff_index ix = diff_index_new(arena, p ? p->goal_count : 0);
    for (uint32_t i = 0; i < ix.count; i++) ix.sorted[i] = (diff_named){p->goals[i].name, i};
    diff_index_sort(&ix);
    return ix;
}

/* The name an old driver has in the new file once its top goal's rename is applied. */
static const char *renamed_path(differ *d, const kpi_prog_goal *old_goal) {
    const kpi_prog_goal *top = old_goal;
    while (top->parent >= 0) top = &d->old->goals[top->parent];
    int32_t now = d->old_to_new[top - d->old->goals];
    if (now < 0) return old_goal->name;
    return kpi_arena_printf(d->arena, "%s%s", d->new_->goals[now].name, old_goal->name + strlen(top->name));
}

static void pair(differ *d, bool *new_matched, uint32_t i, uint32_t j) {
    d->match[i] = (int32_t)j;
    d->old_to_new[j] = (int32_t)i;
    d->old_matched[j] = new_matched[i] = true;
}

/* The one unmatched top goal of p that measures a metric called metric; -1 for none or several. */
static int32_t only_unmatched(const kpi_program *p, const bool *matched, const char *metric) {
    int32_t found = -1;
    for (uint32_t j = 0; j < p->goal_count; j++) {
        const kpi_prog_metric *m = diff_metric_of(p, &p->goals[j]);
        if (p->goals[j].parent >= 0 || matched[j] || !m || strcmp(m->name, metric) != 0) continue;
        if (found >= 0) return -1;
        found = (int32_t)j;
    }
    return found;
}

static void match_goals(differ *d, bool *new_matched) {
    uint32_t nn = d->new_ ? d->new_->goal_count : 0, on = d->old ? d->old->goal_count : 0;
    diff_index old_names = index_goals(d->arena, d->old), new_names = index_goals(d->arena, d->new_);
    for (uint32_t i = 0; i < nn; i++) {
        if (d->new_->goals[i].parent >= 0) continue;
        int32_t j = diff_index_find(&old_names, d->new_->goals[i].name);
        if (j >= 0 && d->old->goals[j].parent < 0) pair(d, new_matched, i, (uint32_t)j);
    }
    for (uint32_t i = 0; i < nn && on; i++) {
        const kpi_prog_goal *n = &d->new_->goals[i];
        const kpi_prog_metric *nm = diff_metric_of(d->new_, n);
        if (n->parent >= 0 || new_matched[i] || !nm) continue;
        int32_t j = only_unmatched(d->old, d->old_matched, nm->name);
        if (j < 0 || only_unmatched(d->new_, new_matched, nm->name) != (int32_t)i) continue;
        pair(d, new_matched, i, (uint32_t)j);
        diff_add(d, KPI_DIFF_GOAL_RENAMED, KPI_DIFF_NEUTRAL, n->name, d->old->goals[j].name, n->name);
    }
    for (uint32_t j = 0; j < on; j++) {
        const kpi_prog_goal *o = &d->old->goals[j];
        if (o->parent < 0) continue;
        int32_t i = diff_index_find(&new_names, renamed_path(d, o));
        if (i >= 0 && d->new_->goals[i].parent >= 0 && !new_matched[i]) pair(d, new_matched, (uint32_t)i, j);
    }
}

void kpi_diff_compute(kpi_arena *arena, const kpi_program *old, const kpi_program *new_, kpi_diff *out) {
    memset(out, 0, sizeof *out);
    uint32_t nn = new_ ? new_->goal_count : 0, on = old ? old->goal_count : 0;
    differ d = {.arena = arena,
                .old = old,
                .new_ = new_,
                .out = out,
                .match = KPI_NEW_ARRAY(arena, int32_t, nn + 1),
                .old_to_new = KPI_NEW_ARRAY(arena, int32_t, on + 1),
                .old_matched = KPI_NEW_ARRAY(arena, bool, on + 1),
                .first_change = KPI_NEW_ARRAY(arena, uint32_t, nn + 1),
                .end_change = KPI_NEW_ARRAY(arena, uint32_t, nn + 1)};
    bool *new_matched = KPI_NEW_ARRAY(arena, bool, nn + 1);
    for (uint32_t i = 0; i < nn; i++) d.match[i] = -1;
    for (uint32_t j = 0; j < on; j++) d.old_to_new[j] = -1;
    match_goals(&d, new_matched);
    /* renames were added while matching; everything else follows in the new file's order */
    for (uint32_t i = 0; i < nn; i++) {
        const kpi_prog_goal *n = &new_->goals[i];
        d.first_change[i] = out->count;
        if (d.match[i] >= 0) compare_goal(&d, &old->goals[d.match[i]], n);
        else if (n->parent < 0)
            diff_add(&d, KPI_DIFF_GOAL_ADDED, KPI_DIFF_NEUTRAL, n->name, NULL, statement(&d, new_, n));
        else if (d.match[n->parent] >= 0) /* an added goal's drivers come with it */
            diff_add(&d, KPI_DIFF_DRIVER_ADDED, KPI_DIFF_NEUTRAL, n->name, NULL, statement(&d, new_, n));
        d.end_change[i] = out->count;
    }
    for (uint32_t j = 0; j < on; j++) {
        const kpi_prog_goal *o = &old->goals[j];
        if (d.old_matched[j]) continue;
        if (o->parent < 0)
            diff_add(&d, KPI_DIFF_GOAL_REMOVED, KPI_DIFF_NEUTRAL, o->name, statement(&d, old, o), NULL);
        else if (d.old_matched[o->parent]) /* a removed goal's drivers go with it */
            diff_add(&d, KPI_DIFF_DRIVER_REMOVED, KPI_DIFF_NEUTRAL, renamed_path(&d, o),
                     statement(&d, old, o), NULL);
    }
    diff_compare_definitions(&d);
}

bool kpi_diff_weakens(const kpi_diff *diff) {
    for (uint32_t i = 0; i < diff->count; i++)
        if (diff->changes[i].effect == KPI_DIFF_WEAKENS) return true;
    return false;
}

bool kpi_diff_removes(const kpi_diff *diff) {
    for (uint32_t i = 0; i < diff->count; i++)
        if (diff->changes[i].kind == KPI_DIFF_GOAL_REMOVED) return true;
    return false;
}
