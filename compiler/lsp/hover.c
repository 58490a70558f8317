/*
** hover.c: textDocument/hover, a Markdown card for the name under the cursor.
**
** A metric shows its unit, its formula or where its data comes from, and its
** description; a goal or driver shows its target, dates, owner and SMART
** status (the letters semantic analysis reported errors for; goal_facts.c). Everything comes
** from the symbol index semantic analysis built (kpi_sema_lookup), so hover
** works on uses as well as declarations, across imports.
*/
#include "server.h"

#include "goal_facts.h"

#include <string.h>

static const char *kind_word(kpi_sema_symbol_kind kind) {
    switch (kind) {
    case KPI_SYM_METRIC: return "metric";
    case KPI_SYM_SOURCE: return "source";
    case KPI_SYM_GOAL: return "goal";
    case KPI_SYM_DRIVER: return "driver";
    case KPI_SYM_OWNER: return "owner";
    case KPI_SYM_MODULE: return "module";
    }
    return "symbol";
}

static const char *smart_word(char letter) {
    switch (letter) {
    case 'S': return "Specific";
    case 'M': return "Measurable";
    case 'A': return "Achievable";
    case 'R': return "Relevant";
    case 'T': return "Time-bound";
    }
    return "?";
}

/* Appends a line to the card (Markdown paragraphs need blank lines between them). */
static char *add(kpi_arena *arena, char *card, const char *line) {
    return kpi_arena_printf(arena, "%s\n\n%s", card, line);
}

static const char *hover_markdown(kpi_arena *arena, const kpi_lsp_analysis *a, const kpi_sema_symbol *sym) {
    char *card = kpi_arena_printf(arena, "**%s** `%s`%s%s", kind_word(sym->kind), sym->name,
                                  sym->title ? " — " : "", sym->title ? sym->title : "");
    switch (sym->kind) {
    case KPI_SYM_METRIC:
        if (sym->unit) card = add(arena, card, kpi_arena_printf(arena, "unit: `%s`", sym->unit));
        if (sym->formula) card = add(arena, card, kpi_arena_printf(arena, "formula: `%s`", sym->formula));
        else if (sym->source)
            card = add(arena, card,
                       kpi_arena_printf(arena, "data: column `%s` of source `%s`",
                                        sym->column ? sym->column : sym->name, sym->source));
        else
            card = add(arena, card,
                       kpi_arena_printf(arena, "data: column `%s` (no source declared yet)",
                                        sym->column ? sym->column : sym->name));
        if (sym->description) card = add(arena, card, sym->description);
        break;
    case KPI_SYM_GOAL:
    case KPI_SYM_DRIVER: {
        kpi_lsp_goal_facts_t f;
        kpi_lsp_goal_facts(a, sym, arena, &f);
        if (sym->metric) card = add(arena, card, kpi_arena_printf(arena, "metric `%s`", sym->metric));
        if (f.target) card = add(arena, card, kpi_arena_printf(arena, "target: `%s`", f.target));
        card = add(arena, card,
                   kpi_arena_printf(arena, "start: %s · deadline: %s", f.start ? f.start : "(none)",
                                    f.deadline ? f.deadline : "(none)"));
        card = add(arena, card, kpi_arena_printf(arena, "owner: %s", f.owner ? f.owner : "(none)"));
        const char *missing = f.smart_errors;
        if (!missing) {
            card = add(arena, card, "SMART: not checked");
        } else if (!*missing) {
            card = add(arena, card, "SMART: complete");
        } else {
            char *list = "";
            for (const char *c = missing; *c; c++)
                list = kpi_arena_printf(arena, "%s%s%c (%s)", list, c == missing ? "" : ", ", *c,
                                        smart_word(*c));
            card = add(arena, card, kpi_arena_printf(arena, "SMART: incomplete, errors in %s", list));
        }
        if (f.smart_warnings && *f.smart_warnings)
            card = add(arena, card, kpi_arena_printf(arena, "SMART warnings: %s", f.smart_warnings));
        if (sym->description) card = add(arena, card, kpi_arena_printf(arena, "why: %s", sym->description));
        break;
    }
    case KPI_SYM_SOURCE:
        if (sym->path) card = add(arena, card, kpi_arena_printf(arena, "path: `%s`", sym->path));
        break;
    case KPI_SYM_MODULE:
        if (sym->description)
            card = add(arena, card, kpi_arena_printf(arena, "file: `%s`", sym->description));
        break;
    case KPI_SYM_OWNER:
        if (sym->description) card = add(arena, card, sym->description);
        break;
    }
    return card;
}

cJSON *kpi_lsp_hover(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    kpi_lsp_analysis *a;
    uint32_t offset;
    const kpi_sema_symbol *sym = kpi_lsp_params_symbol(s, params, &a, &offset, err);
    if (!sym) return NULL;
    cJSON *result = cJSON_CreateObject();
    /* The range of the word hovered: the innermost use of this symbol around the cursor. */
    const kpi_sema_ref *word = NULL;
    for (uint32_t i = 0; i < a->sema->ref_count; i++) {
        const kpi_sema_ref *r = &a->sema->refs[i];
        if (r->span.file != a->source->id || offset < r->span.begin || offset > r->span.end ||
            &a->sema->symbols[r->symbol] != sym)
            continue;
        if (!word || r->span.end - r->span.begin < word->span.end - word->span.begin) word = r;
    }
    if (word) cJSON_AddItemToObject(result, "range", kpi_lsp_range_json(a->source, word->span));
    cJSON *contents = cJSON_AddObjectToObject(result, "contents");
    cJSON_AddStringToObject(contents, "kind", "markdown");
    kpi_arena scratch; /* per request, so that hovering does not grow the analysis */
    kpi_arena_init(&scratch);
    cJSON_AddStringToObject(contents, "value", hover_markdown(&scratch, a, sym));
    kpi_arena_free(&scratch);
    return result;
}
