/*
** goal_facts.c: what the hover card says about a goal: its target, start,
** deadline, owner and SMART status.
**
** The symbol index may carry these (kpi_sema_symbol.target and friends);
** whatever it leaves empty is read from the goal as written in the AST and
** from the diagnostics of the same analysis: the SMART status lists the
** letters of the errors reported inside the goal, which is by definition
** what `kpic check` would say about it.
*/
#include "goal_facts.h"

#include <string.h>

static const char *span_text(kpi_arena *arena, const kpi_source *src, kpi_span s) {
    if (!kpi_span_valid(s) || s.end > src->len || s.end <= s.begin) return NULL;
    return kpi_arena_strndup(arena, src->text + s.begin, s.end - s.begin);
}

static const kpi_item *find_goal(const kpi_lsp_analysis *a, const kpi_sema_symbol *sym) {
    if (!a->ast || !kpi_span_valid(sym->name_span) || sym->name_span.file != a->source->id) return NULL;
    for (const kpi_item *it = a->ast->items; it; it = it->next)
        if (it->kind == KPI_ITEM_GOAL && it->as.goal.name.span.begin == sym->name_span.begin) return it;
    return NULL;
}

static const char *owner_text(const kpi_lsp_analysis *a, const kpi_clause *c) {
    if (!c->as.owner.is_ref) return c->as.owner.text.text;
    for (const kpi_item *it = a->ast->items; it; it = it->next)
        if (it->kind == KPI_ITEM_OWNER && it->as.owner.name.text && c->as.owner.ref.text &&
            strcmp(it->as.owner.name.text, c->as.owner.ref.text) == 0)
            return it->as.owner.title.text ? it->as.owner.title.text : it->as.owner.name.text;
    return c->as.owner.ref.text;
}

/* Adds a letter to a set kept as a sorted string in SMART order. */
static void add_letter(char *set, char letter) {
    static const char order[] = "SMART";
    if (!letter || strchr(set, letter)) return;
    size_t n = strlen(set);
    set[n] = letter;
    set[n + 1] = '\0';
    char sorted[6];
    size_t k = 0;
    for (const char *o = order; *o; o++)
        if (strchr(set, *o)) sorted[k++] = *o;
    sorted[k] = '\0';
    memcpy(set, sorted, k + 1);
}

void kpi_lsp_goal_facts(const kpi_lsp_analysis *a, const kpi_sema_symbol *sym, kpi_arena *arena,
                        kpi_lsp_goal_facts_t *out) {
    memset(out, 0, sizeof *out);
    out->target = sym->target;
    out->start = sym->start;
    out->deadline = sym->deadline;
    out->owner = sym->owner;
    out->smart_errors = sym->smart_missing;
    const kpi_item *it = find_goal(a, sym);
    if (!it) return;
    const kpi_goal *g = &it->as.goal;
    const kpi_source *src = a->source;
    if (!out->target) {
        kpi_span s = g->verb_span;
        if (g->verb == KPI_VERB_KEEP)
            s = kpi_span_join(s, g->keep == KPI_KEEP_BETWEEN ? g->keep_high.span : g->keep_low.span);
        else if (g->amount.kind != KPI_AMOUNT_NONE) s = kpi_span_join(s, g->amount.span);
        else s = kpi_span_join(s, g->metric.span);
        out->target = span_text(arena, src, s);
    }
    for (const kpi_clause *c = g->clauses; c; c = c->next) {
        if (c->kind == KPI_CLAUSE_STARTING && !out->start)
            out->start = span_text(arena, src, c->as.date.span);
        if ((c->kind == KPI_CLAUSE_BY_DATE || c->kind == KPI_CLAUSE_WITHIN) && !out->deadline)
            out->deadline = span_text(arena, src, c->span);
        if (c->kind == KPI_CLAUSE_OWNER && !out->owner) out->owner = owner_text(a, c);
    }
    if (!out->smart_errors) {
        char errors[6] = "", warnings[6] = "";
        for (const kpi_diagnostic *d = a->session.diags.head; d; d = d->next) {
            if (!d->smart || d->span.file != src->id || d->span.begin < it->span.begin ||
                d->span.begin > it->span.end)
                continue;
            if (d->severity == KPI_SEV_ERROR) add_letter(errors, d->smart);
            else if (d->severity == KPI_SEV_WARNING) add_letter(warnings, d->smart);
        }
        out->smart_errors = kpi_arena_strdup(arena, errors);
        out->smart_warnings = kpi_arena_strdup(arena, warnings);
    }
}
