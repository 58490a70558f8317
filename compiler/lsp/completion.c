/*
** completion.c: textDocument/completion, what may be typed at the cursor.
**
** The context is read from the text before the cursor, which works while the
** line is still incomplete (and so does not parse): after `import`, module
** paths found on the import search path; after `:` in a metric, units; after
** `review`, `per` or `aggregate`, their words; after a verb, `by`, `via`,
** `link` or `to`, metric names; after `in`, sources; after `owner`, declared
** owners. At the start of a line, the keywords that can start an item or a
** line of the item the cursor is in. Metric names come from the last analysis,
** imports included.
*/
#include "server.h"

#include <ctype.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "support/strmap.h"

enum {
    KIND_VARIABLE = 6,
    KIND_MODULE = 9,
    KIND_UNIT = 11,
    KIND_KEYWORD = 14,
    KIND_ENUM_MEMBER = 20,
    KIND_CONSTANT = 21
};

typedef struct completion_ctx {
    cJSON *items;
    const kpi_source *src;
    uint32_t word_begin, cursor; /* the partial word the item replaces */
    kpi_arena *arena;
    int dir_budget;    /* directory entries left to look at for module paths */
    kpi_strmap listed; /* labels already offered */
} completion_ctx;

/*
** Whether label was offered already; if not, it is now. A set, not a scan of
** the items: 10,000 metrics made completion quadratic (1 s per request).
*/
static bool already_listed(completion_ctx *c, const char *label) {
    size_t len = strlen(label);
    if (kpi_strmap_get(&c->listed, label, len)) return true;
    kpi_strmap_put(&c->listed, label, len, (void *)label);
    return false;
}

static void add_item(completion_ctx *c, const char *label, int kind, const char *detail) {
    if (!label || !*label || already_listed(c, label)) return;
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "label", label);
    cJSON_AddNumberToObject(item, "kind", kind);
    if (detail) cJSON_AddStringToObject(item, "detail", detail);
    cJSON *edit = cJSON_AddObjectToObject(item, "textEdit");
    cJSON_AddItemToObject(edit, "range",
                          kpi_lsp_range_json(c->src, (kpi_span){c->src->id, c->word_begin, c->cursor}));
    cJSON_AddStringToObject(edit, "newText", label);
    cJSON_AddItemToArray(c->items, item);
}

static void add_words(completion_ctx *c, const char *const *words, int kind) {
    for (; *words; words++) add_item(c, *words, kind, NULL);
}

static void add_symbols(completion_ctx *c, const kpi_sema_result *sema, kpi_sema_symbol_kind kind,
                        int item_kind) {
    if (!sema) return;
    for (uint32_t i = 0; i < sema->symbol_count; i++) {
        const kpi_sema_symbol *sym = &sema->symbols[i];
        if (sym->kind != kind) continue;
        const char *detail = sym->unit && sym->title
                                 ? kpi_arena_printf(c->arena, "%s — %s", sym->unit, sym->title)
                             : sym->unit ? sym->unit
                                         : sym->title;
        add_item(c, sym->name, item_kind, detail);
    }
}

/* Adds every module found under dir (a/b.kpi is a.b), to a small depth. */
static void add_modules_in(completion_ctx *c, const char *dir, const char *prefix, int depth,
                           const char *self) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && c->dir_budget-- > 0) {
        const char *n = e->d_name;
        if (n[0] == '.' || !(isalpha((unsigned char)n[0]) || n[0] == '_')) continue;
        char *path = kpi_arena_printf(c->arena, "%s/%s", dir, n);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        size_t len = strlen(n);
        if (S_ISDIR(st.st_mode) && depth > 0) {
            add_modules_in(c, path, kpi_arena_printf(c->arena, "%s%s.", prefix, n), depth - 1, self);
        } else if (S_ISREG(st.st_mode) && len > 4 && strcmp(n + len - 4, ".kpi") == 0 &&
                   strcmp(path, self) != 0) {
            add_item(c, kpi_arena_printf(c->arena, "%s%.*s", prefix, (int)(len - 4), n), KIND_MODULE, path);
        }
    }
    closedir(d);
}

static void add_modules(completion_ctx *c, const kpi_lsp_server *s, const char *doc_path) {
    const char *slash = strrchr(doc_path, '/');
    const char *dir = slash ? kpi_arena_strndup(c->arena, doc_path, (size_t)(slash - doc_path)) : ".";
    const char *dirs[32];
    size_t n = kpi_sema_search_path(c->arena, &s->options->check.sema, dir, dirs, 32);
    int budget = c->dir_budget; /* per folder: a crowded document folder must not hide the stdlib */
    for (size_t i = 0; i < n; i++) {
        c->dir_budget = budget;
        add_modules_in(c, dirs[i], "", 2, doc_path);
    }
}

static bool is_word_char(char ch) {
    return isalnum((unsigned char)ch) || ch == '_';
}

/* The word that ends at `end` (after skipping spaces back from it), copied; "" when none. */
static const char *word_before(kpi_arena *arena, const char *text, uint32_t line_begin, uint32_t end,
                               char *prev_char) {
    while (end > line_begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) end--;
    *prev_char = end > line_begin ? text[end - 1] : '\0';
    uint32_t b = end;
    while (b > line_begin && (is_word_char(text[b - 1]) || text[b - 1] == '.')) b--;
    return kpi_arena_strndup(arena, text + b, end - b);
}

/* The item keyword of the item the line at line_begin belongs to (the last line that starts one). */
static const char *enclosing_item(kpi_arena *arena, const char *text, uint32_t line_begin) {
    static const char *const items[] = {"import", "source", "metric", "goal",
                                        "owner",  "policy", "link",   NULL};
    uint32_t pos = line_begin;
    while (pos > 0) {
        uint32_t b = pos - 1;
        while (b > 0 && text[b - 1] != '\n') b--;
        uint32_t w = b;
        while (text[w] == ' ' || text[w] == '\t') w++;
        uint32_t e = w;
        while (is_word_char(text[e])) e++;
        const char *word = kpi_arena_strndup(arena, text + w, e - w);
        for (int i = 0; items[i]; i++)
            if (strcmp(word, items[i]) == 0) return items[i];
        pos = b;
    }
    return "";
}

static bool in_list(const char *word, const char *const *list) {
    for (; *list; list++)
        if (strcmp(word, *list) == 0) return true;
    return false;
}

static const char *const item_keywords[] = {"import", "source", "metric", "goal",
                                            "owner",  "policy", "link",   NULL};
static const char *const goal_keywords[] = {"raise",     "lower",    "reach", "keep",   "by",     "via",
                                            "within",    "starting", "owner", "review", "budget", "baseline",
                                            "tolerance", "for",      "where", "why",    "path",   NULL};
static const char *const metric_keywords[] = {"from",  "in",     "aggregate", "where",
                                              "about", "higher", "lower",     NULL};
static const char *const source_keywords[] = {"date",      "format",   "delimiter", "decimal",
                                              "thousands", "encoding", "null",      "skip",
                                              "comment",   "table",    NULL};
static const char *const periods[] = {"daily", "weekly", "monthly", "quarterly", "yearly", NULL};
static const char *const period_units[] = {"day", "week", "month", "quarter", "year", NULL};
static const char *const aggregates[] = {"sum", "count", "count_distinct", "avg", "min", "max", "last", NULL};
static const char *const currencies[] = {"EUR", "USD", "GBP", "CHF", "JPY", "SEK", "NOK", "DKK",
                                         "PLN", "CAD", "AUD", "CNY", "INR", "BRL", NULL};
/* after `baseline`: the measured forms (an amount is typed as such); after `path` the two paths */
static const char *const baseline_words[] = {"last", "average", "year", NULL};
static const char *const paths[] = {"linear", "flat", NULL};
static const char *const metric_words[] = {"raise", "lower", "reach", "keep", "by",
                                           "via",   "link",  "to",    NULL};

cJSON *kpi_lsp_completion(kpi_lsp_server *s, const cJSON *params, kpi_lsp_error *err) {
    kpi_lsp_document *doc = kpi_lsp_params_document(s, params, err);
    uint32_t offset;
    if (!doc || !kpi_lsp_params_offset(doc, params, &offset, err)) return NULL;
    kpi_lsp_analysis *a = doc->analysis;
    const char *text = a->source->text;
    uint32_t line_begin = offset;
    while (line_begin > 0 && text[line_begin - 1] != '\n') line_begin--;
    uint32_t word_begin = offset;
    while (word_begin > line_begin && (is_word_char(text[word_begin - 1]) || text[word_begin - 1] == '.'))
        word_begin--;

    kpi_arena scratch; /* per request, so that completing does not grow the analysis */
    kpi_arena_init(&scratch);
    /* A document in a big folder (a home directory) must not make completion slow. */
    completion_ctx c = {cJSON_CreateArray(), a->source, word_begin, offset, &scratch, 5000, {0}};
    kpi_strmap_init(&c.listed, &scratch);
    char prev_char;
    const char *prev = word_before(&scratch, text, line_begin, word_begin, &prev_char);
    const char *item = enclosing_item(&scratch, text, line_begin);
    bool line_start = prev_char == '\0';

    if (line_start) {
        /* The first word of a line: an item keyword, or a line of the current item. */
        if (strcmp(item, "goal") == 0) add_words(&c, goal_keywords, KIND_KEYWORD);
        else if (strcmp(item, "metric") == 0) add_words(&c, metric_keywords, KIND_KEYWORD);
        else if (strcmp(item, "source") == 0) add_words(&c, source_keywords, KIND_KEYWORD);
        add_words(&c, item_keywords, KIND_KEYWORD);
    } else if (strcmp(prev, "import") == 0) {
        add_modules(&c, s, doc->path);
    } else if (prev_char == ':') {
        add_words(&c, kpi_sema_unit_names(), KIND_UNIT);
        for (const char *const *cur = currencies; *cur; cur++)
            if (kpi_sema_is_currency(*cur)) add_item(&c, *cur, KIND_UNIT, "currency");
    } else if (strcmp(prev, "review") == 0) {
        add_words(&c, periods, KIND_ENUM_MEMBER);
    } else if (strcmp(prev, "per") == 0) {
        add_words(&c, period_units, KIND_ENUM_MEMBER);
    } else if (strcmp(prev, "baseline") == 0) {
        add_words(&c, baseline_words, KIND_ENUM_MEMBER);
    } else if (strcmp(prev, "last") == 0 && strcmp(item, "goal") == 0) {
        add_words(&c, (const char *const[]){"year", NULL}, KIND_ENUM_MEMBER);
    } else if (strcmp(prev, "on") == 0 && strcmp(item, "goal") == 0) {
        /* `budget 50000 EUR on ad_spend`: the metric that spends it */
        add_symbols(&c, a->sema, KPI_SYM_METRIC, KIND_VARIABLE);
    } else if (strcmp(prev, "path") == 0) {
        add_words(&c, paths, KIND_ENUM_MEMBER);
    } else if (strcmp(prev, "aggregate") == 0) {
        add_words(&c, aggregates, KIND_ENUM_MEMBER);
    } else if (strcmp(prev, "in") == 0 && strcmp(item, "metric") == 0) {
        add_symbols(&c, a->sema, KPI_SYM_SOURCE, KIND_CONSTANT);
    } else if (strcmp(prev, "owner") == 0) {
        add_symbols(&c, a->sema, KPI_SYM_OWNER, KIND_CONSTANT);
    } else if (in_list(prev, metric_words) || prev_char == '=' || prev_char == '+' || prev_char == '-' ||
               prev_char == '*' || prev_char == '/' || prev_char == '(') {
        add_symbols(&c, a->sema, KPI_SYM_METRIC, KIND_VARIABLE);
    } else {
        /* Mid-line after a value: the clauses and options that may follow, then names. */
        if (strcmp(item, "goal") == 0) add_words(&c, goal_keywords, KIND_KEYWORD);
        else if (strcmp(item, "metric") == 0) add_words(&c, metric_keywords, KIND_KEYWORD);
        else if (strcmp(item, "source") == 0) add_words(&c, source_keywords, KIND_KEYWORD);
        add_symbols(&c, a->sema, KPI_SYM_METRIC, KIND_VARIABLE);
    }
    cJSON *result = cJSON_CreateObject();
    cJSON_AddFalseToObject(result, "isIncomplete");
    cJSON_AddItemToObject(result, "items", c.items);
    kpi_arena_free(&scratch);
    return result;
}
