/*
** symbols.c: the symbol index the language server asks for hover,
** go-to-definition, references and completion.
**
** Passes add a symbol when they meet a declaration and a reference for every
** name they resolve; the declaring name counts as a reference to itself, so a
** lookup on a declaration finds it too. Lookups scan the references: files are
** small and the server asks once per request.
*/
#include "sema_internal.h"

#include <string.h>

uint32_t sema_add_symbol(sema_ctx *ctx, kpi_sema_symbol sym) {
    kpi_sema_result *r = ctx->result;
    if (ctx->opts.skip_symbols) return UINT32_MAX;
    uint32_t index = r->symbol_count;
    SEMA_PUSH(ctx, r->symbols, r->symbol_count, ctx->symbol_cap, sym);
    if (kpi_span_valid(sym.name_span) && sym.name_span.end > sym.name_span.begin)
        sema_add_ref(ctx, sym.name_span, index);
    return index;
}

void sema_add_ref(sema_ctx *ctx, kpi_span span, uint32_t symbol) {
    kpi_sema_result *r = ctx->result;
    if (ctx->opts.skip_symbols || !kpi_span_valid(span) || symbol >= r->symbol_count) return;
    SEMA_PUSH(ctx, r->refs, r->ref_count, ctx->ref_cap, ((kpi_sema_ref){span, symbol}));
}

void sema_finish_symbols(sema_ctx *ctx) {
    kpi_sema_result *r = ctx->result;
    if (ctx->opts.skip_symbols) return;
    /* a metric's source is known only after resolution */
    for (uint32_t i = 0; i < ctx->metric_count; i++) {
        sema_metric *m = ctx->metrics[i];
        if (m->symbol >= r->symbol_count) continue;
        kpi_sema_symbol *s = &r->symbols[m->symbol];
        s->title = m->title;
        s->description = m->description;
        if (m->source) s->source = m->source->name;
    }
    for (uint32_t i = 0; i < ctx->goal_count; i++) {
        sema_goal *g = ctx->goals[i];
        if (g->symbol >= r->symbol_count) continue;
        kpi_sema_symbol *s = &r->symbols[g->symbol];
        /* the statement without its drivers: "raise profit 20%", "keep x below 40%", "revenue +35%" */
        kpi_span from = g->driver ? g->driver->metric.span : g->goal->verb_span, to = g->metric_name.span;
        if (!g->driver && g->goal->verb == KPI_VERB_KEEP)
            to = g->goal->keep == KPI_KEEP_BETWEEN ? g->goal->keep_high.span : g->goal->keep_low.span;
        else if (g->amount->kind != KPI_AMOUNT_NONE) to = g->amount->span;
        s->target = sema_span_text(ctx, kpi_span_join(from, to));
        s->start = sema_format_day(ctx->arena, g->start_day);
        s->deadline = sema_format_day(ctx->arena, g->deadline_day);
        s->owner = g->owner_text;
        s->smart_missing = kpi_arena_strdup(ctx->arena, g->missing);
        if (!g->driver && g->why) s->description = g->why->as.why.text;
    }
}

const kpi_sema_symbol *kpi_sema_lookup(const kpi_sema_result *result, uint32_t file, uint32_t offset) {
    if (!result) return NULL;
    const kpi_sema_ref *best = NULL;
    for (uint32_t i = 0; i < result->ref_count; i++) {
        const kpi_sema_ref *ref = &result->refs[i];
        if (ref->span.file != file || offset < ref->span.begin || offset > ref->span.end) continue;
        if (!best || ref->span.end - ref->span.begin < best->span.end - best->span.begin) best = ref;
    }
    return best ? &result->symbols[best->symbol] : NULL;
}
