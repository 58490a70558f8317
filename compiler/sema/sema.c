/*
** sema.c: the entry points of semantic analysis and the small helpers every
** pass uses (hash table, growable arrays, reporting, span text).
**
** The passes run in a fixed order over one sema_ctx; each pass reports what
** it finds and leaves a usable state behind even after errors, so that one
** run shows every problem of the file. Lowering runs only when no error was
** reported, because a kpi_program must be complete and consistent.
*/
#include "sema_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- hash table ------------------------------------------------------------------ */

static uint32_t hash_string(const char *s) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void *sema_table_get(const sema_table *t, const char *key) {
    if (!t->capacity || !key) return NULL;
    uint32_t mask = t->capacity - 1, hash = hash_string(key);
    for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
        if (!t->slots[i].key) return NULL;
        if (t->slots[i].hash == hash && strcmp(t->slots[i].key, key) == 0) return t->slots[i].value;
    }
}

void *sema_table_put(kpi_arena *arena, sema_table *t, const char *key, void *value) {
    if ((t->count + 1) * 4 >= t->capacity * 3) {
        uint32_t cap = t->capacity ? t->capacity * 2 : 16;
        sema_table_entry *slots = KPI_NEW_ARRAY(arena, sema_table_entry, cap);
        for (uint32_t i = 0; i < t->capacity; i++) {
            if (!t->slots[i].key) continue;
            uint32_t j = t->slots[i].hash & (cap - 1);
            while (slots[j].key) j = (j + 1) & (cap - 1);
            slots[j] = t->slots[i];
        }
        t->slots = slots;
        t->capacity = cap;
    }
    uint32_t mask = t->capacity - 1, hash = hash_string(key);
    for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
        if (!t->slots[i].key) {
            t->slots[i].key = key;
            t->slots[i].value = value;
            t->slots[i].hash = hash;
            t->count++;
            return NULL;
        }
        if (t->slots[i].hash == hash && strcmp(t->slots[i].key, key) == 0) {
            void *old = t->slots[i].value;
            t->slots[i].value = value;
            return old;
        }
    }
}

void *sema_grow(kpi_arena *arena, void *items, uint32_t count, uint32_t *cap, size_t elem) {
    if (count < *cap) return items;
    uint32_t ncap = *cap ? *cap * 2 : 8;
    void *n = kpi_arena_alloc(arena, elem * ncap);
    if (count) memcpy(n, items, elem * count);
    *cap = ncap;
    return n;
}

/* ---- reporting ----------------------------------------------------------------- */

kpi_diagnostic *sema_report(sema_ctx *ctx, kpi_code code, kpi_span span, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *msg = kpi_arena_vprintf(ctx->arena, fmt, ap);
    va_end(ap);
    return kpi_diag_report(ctx->diags, code, span, "%s", msg);
}

const char *sema_span_text(sema_ctx *ctx, kpi_span span) {
    const kpi_source *src = kpi_span_valid(span) ? kpi_src_get(ctx->sources, span.file) : NULL;
    if (!src || span.end > src->len || span.begin > span.end) return "";
    return kpi_arena_strndup(ctx->arena, src->text + span.begin, span.end - span.begin);
}

kpi_span sema_span_at(kpi_span s, bool end) {
    if (end) s.begin = s.end;
    else s.end = s.begin;
    return s;
}

/* Today, or SOURCE_DATE_EPOCH when set, so that fix-its are reproducible in tests. */
kpirt_day sema_today(void) {
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t now = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
    return (kpirt_day)(now / 86400);
}

/* ---- entry points ------------------------------------------------------------------ */

kpi_sema_result *kpi_sema_analyze(kpi_arena *arena, kpi_diag_engine *diags, kpi_source_map *sources,
                                  kpi_ast_file *file, const kpi_sema_options *options) {
    sema_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = arena;
    ctx.diags = diags;
    ctx.sources = sources;
    if (options) ctx.opts = *options;
    else ctx.opts.verify_columns = true;
    ctx.today = sema_today();
    ctx.result = KPI_NEW(arena, kpi_sema_result);
    ctx.growth_ceiling = KPI_SEMA_DEFAULT_GROWTH_CEILING;
    ctx.ceiling_origin = "10% per month is kpic's default ceiling; set another with "
                         "`policy growth_ceiling 15% per month` or --growth-ceiling=15%";
    ctx.ceiling_span = KPI_SPAN_NONE;
    if (!file) return ctx.result;

    sema_resolve_file(&ctx, file);
    if (ctx.opts.growth_ceiling > 0) {
        ctx.growth_ceiling = ctx.opts.growth_ceiling;
        ctx.ceiling_origin = "the ceiling was set with --growth-ceiling";
        ctx.ceiling_span = KPI_SPAN_NONE;
    }
    sema_check_formulas(&ctx);
    sema_build_goals(&ctx);
    sema_mark_used(&ctx);
    sema_read_columns(&ctx);
    sema_check_smart(&ctx);
    sema_check_targets(&ctx);
    sema_check_baselines(&ctx);
    sema_check_realism(&ctx);
    sema_check_history(&ctx);
    sema_check_tests(&ctx);
    sema_finish_symbols(&ctx);
    if (!kpi_diag_has_errors(diags) && !ctx.opts.skip_lowering) ctx.result->program = sema_lower(&ctx);
    return ctx.result;
}

kpi_program *kpi_sema_check(kpi_arena *arena, kpi_diag_engine *diags, kpi_source_map *sources,
                            kpi_ast_file *file, const kpi_sema_options *options) {
    return kpi_sema_analyze(arena, diags, sources, file, options)->program;
}
