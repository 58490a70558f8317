/*
** resolve.c: declarations, scopes and imports.
**
** Every file (the checked one and each imported module) gets a scope that maps
** names to metrics, sources, owners and goals; each kind has its own
** namespace. `import std.web` loads std/web.kpi from the search path (see
** kpi_sema_search_path, starting in the checked file's
** folder) once, however often it is imported, and adds the
** module's own metrics, sources and owners to the importer's scope (or only
** the names in the import list). A metric the checked file declares with the
** name of an imported one rebinds it for the whole program (docs/stdlib.md).
** Unknown names get a "did you mean" with a fix-it; duplicates and import
** cycles point at both places.
*/
#include "sema_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse/parse.h"
#include "support/executable.h"
#include "support/suggest.h"

/* ---- did you mean ---------------------------------------------------------------- */

/* The choice and its limit are libkpirt's (kpirt_suggest_offer), shared with the evaluator's warnings. */
const char *sema_suggest(const sema_table *table, const char *name) {
    if (!name) return NULL;
    const char *best = NULL;
    unsigned best_d = UINT_MAX;
    for (uint32_t i = 0; i < table->capacity; i++)
        if (table->slots[i].key) kpirt_suggest_offer(name, table->slots[i].key, &best, &best_d);
    return best;
}

const char *sema_suggest_among(sema_ctx *ctx, const char *const *values, uint32_t count, const char *name) {
    sema_table t = {0};
    for (uint32_t i = 0; i < count; i++) sema_table_put(ctx->arena, &t, values[i], (void *)1);
    const char *hint = sema_suggest(&t, name);
    if (hint) return hint;
    for (uint32_t i = 0; i < count; i++) /* "order date" vs "Order Date", beyond the edits allowed */
        if (strcasecmp(values[i], name) == 0) return values[i];
    return NULL;
}

bool sema_note_did_you_mean(sema_ctx *ctx, kpi_diagnostic *d, kpi_span span, const char *hint,
                            const char *replacement) {
    if (!hint) return false;
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "did you mean '%s'?", hint);
    kpi_diag_fixit(ctx->diags, d, span, replacement ? replacement : hint,
                   kpi_arena_printf(ctx->arena, "replace with '%s'", hint));
    return true;
}

void sema_report_unknown(sema_ctx *ctx, kpi_code code, const kpi_name *name, const sema_table *table,
                         const char *what) {
    kpi_diagnostic *d = sema_report(ctx, code, name->span, "unknown %s '%s'", what, name->text);
    const char *hint = sema_suggest(table, name->text);
    sema_note_did_you_mean(ctx, d, name->span, hint,
                           hint && name->quoted ? kpi_arena_printf(ctx->arena, "\"%s\"", hint) : NULL);
}

/* ---- search path ------------------------------------------------------------------ */

static const char *dir_of(kpi_arena *arena, const char *path) {
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash) return ".";
    if (slash == path) return "/";
    return kpi_arena_strndup(arena, path, (size_t)(slash - path));
}

size_t kpi_sema_search_path(kpi_arena *arena, const kpi_sema_options *options, const char *importer_dir,
                            const char **out, size_t max) {
    size_t n = 0;
#define ADD(dir)                                          \
    do {                                                  \
        if (n < max && (dir) && *(dir)) out[n++] = (dir); \
    } while (0)
    ADD(importer_dir);
    for (size_t i = 0; options && i < options->import_dir_count; i++) ADD(options->import_dirs[i]);
    const char *env = getenv("KPI_PATH");
    while (env && *env) {
        const char *colon = strchr(env, ':');
        size_t len = colon ? (size_t)(colon - env) : strlen(env);
        if (len) ADD(kpi_arena_strndup(arena, env, len));
        env = colon ? colon + 1 : NULL;
    }
#ifdef KPI_INSTALL_STDLIB_REL
    const char *exe = options ? options->exe_path : NULL;
    char buf[PATH_MAX];
    if (!exe || !strchr(exe, '/')) exe = kpi_executable_path(exe, buf, sizeof buf) ? buf : NULL;
    if (exe) ADD(kpi_arena_printf(arena, "%s/%s", dir_of(arena, exe), KPI_INSTALL_STDLIB_REL));
#endif
        /* after the installed one, so an installed kpic never reads a source tree's stdlib */
#ifdef KPI_BUILD_STDLIB_DIR
    ADD(KPI_BUILD_STDLIB_DIR);
#endif
#undef ADD
    return n;
}

/* ---- declarations ------------------------------------------------------------------ */

static kpi_span metric_span(const sema_metric *m) {
    return m->ast->name.span;
}

static void report_duplicate(sema_ctx *ctx, const char *what, const kpi_name *name, kpi_span first) {
    kpi_diagnostic *d = sema_report(ctx, KPI_N003, name->span, "%s '%s' is declared twice", what, name->text);
    kpi_diag_note(ctx->diags, d, first, "first declared here");
}

static void declare_source(sema_ctx *ctx, sema_module *mod, const kpi_source_decl *decl) {
    if (!decl->name.text) return; /* a tree with syntax errors, as the language server sends */
    sema_source *s = KPI_NEW(ctx->arena, sema_source);
    s->ast = decl;
    s->module = mod;
    s->name = decl->name.text;
    const char *path = decl->path.text ? decl->path.text : "";
    s->is_table = decl->kind.text && strcmp(decl->kind.text, "table") == 0;
    s->path = s->is_table || path[0] == '/' ? path : kpi_arena_printf(ctx->arena, "%s/%s", mod->dir, path);
    sema_source_options(ctx, s, decl);
    /* a table's file options were reported by sema_source_options; the checks below see none */
    static const kpi_source_decl no_options;
    const kpi_source_decl *opts = s->is_table ? &no_options : decl;
    const char *delim = opts->delimiter.text;
    if (delim) {
        if (strlen(delim) == 1 && strchr(",;\t|", delim[0])) s->delimiter = delim[0];
        else
            sema_report(ctx, KPI_D002, opts->delimiter.span,
                        "delimiter must be one of \",\" \";\" \"\\t\" \"|\"");
    }
    const char *dec = opts->decimal_mark.text;
    if (dec) {
        if (strcmp(dec, ".") == 0 || strcmp(dec, ",") == 0) s->decimal_mark = dec[0];
        else sema_report(ctx, KPI_D002, opts->decimal_mark.span, "decimal mark must be \".\" or \",\"");
    }
    const char *th = opts->thousands.text;
    if (!th && s->kind != KPIRT_SOURCE_CSV) s->thousands_sep = s->decimal_mark == ',' ? '.' : ',';
    if (th) {
        if (th[0] == '\0') s->thousands_sep = 0;
        else if (strlen(th) == 1 && strchr(",. '", th[0]) && th[0] != s->decimal_mark)
            s->thousands_sep = th[0];
        else
            sema_report(ctx, KPI_D002, opts->thousands.span,
                        "thousands separator must be \"\", \",\", \".\", \" \" or \"'\" and differ from the "
                        "decimal mark");
    }
    if (opts->date_format.text) {
        const char *f = opts->date_format.text;
        s->bad_date_format = !strstr(f, "YY") || !strchr(f, 'M') || !strchr(f, 'D');
        if (s->bad_date_format)
            sema_report(ctx, KPI_D002, opts->date_format.span,
                        "date format '%s' needs a year (YYYY), a month (M or MM) and a day (D or DD)", f);
    }
    sema_source *old = sema_table_get(&mod->sources, s->name);
    if (old) {
        report_duplicate(ctx, "source", &decl->name, old->ast->name.span);
        return;
    }
    sema_table_put(ctx->arena, &mod->sources, s->name, s);
    if (!mod->first_source) mod->first_source = s;
    SEMA_PUSH(ctx, ctx->srcs, ctx->source_count, ctx->source_cap, s);
    s->symbol = sema_add_symbol(ctx, (kpi_sema_symbol){.kind = KPI_SYM_SOURCE,
                                                       .name = s->name,
                                                       .name_span = decl->name.span,
                                                       .path = decl->path.text});
}

static void declare_metric(sema_ctx *ctx, sema_module *mod, const kpi_metric *decl) {
    if (!decl->name.text) return;
    sema_metric *m = KPI_NEW(ctx->arena, sema_metric);
    m->ast = decl;
    m->module = mod;
    m->name = decl->name.text;
    m->unit_text = decl->unit.text ? decl->unit.text : "number";
    m->measured = -1;
    if (!kpi_unit_parse(m->unit_text, &m->unit)) {
        m->unit = kpi_unit_invalid();
        kpi_diagnostic *d = sema_report(ctx, KPI_U001, decl->unit.span, "unknown unit '%s'", m->unit_text);
        if (!sema_note_did_you_mean(ctx, d, decl->unit.span, kpi_unit_suggest(m->unit_text), NULL)) {
            kpi_diag_note(
                ctx->diags, d, KPI_SPAN_NONE,
                "units are count, percent, ratio, number, score, money, seconds, minutes, hours, days "
                "or an ISO 4217 currency code such as EUR");
        }
    }
    m->title = decl->title.text;
    m->description = decl->description.text;
    m->better = decl->better;
    m->aggregate = decl->aggregate;
    m->formula = decl->formula;
    m->column = decl->column.text ? decl->column.text : m->name;
    m->column_span = decl->column.text ? decl->column.span : decl->name.span;
    sema_metric *old = sema_table_get(&mod->own_metrics, m->name);
    if (old) {
        report_duplicate(ctx, "metric", &decl->name, metric_span(old));
        return;
    }
    sema_table_put(ctx->arena, &mod->own_metrics, m->name, m);
    sema_table_put(ctx->arena, &mod->metrics, m->name, m);
    SEMA_PUSH(ctx, ctx->metrics, ctx->metric_count, ctx->metric_cap, m);
    m->symbol = sema_add_symbol(ctx, (kpi_sema_symbol){.kind = KPI_SYM_METRIC,
                                                       .name = m->name,
                                                       .title = m->title,
                                                       .description = m->description,
                                                       .name_span = decl->name.span,
                                                       .unit = m->unit_text,
                                                       .formula = m->formula && !ctx->opts.skip_symbols
                                                                      ? sema_span_text(ctx, m->formula->span)
                                                                      : NULL,
                                                       .column = m->formula ? NULL : m->column});
}

static void declare_owner(sema_ctx *ctx, sema_module *mod, const kpi_item *item) {
    const kpi_owner_decl *o = &item->as.owner;
    if (!o->name.text) return;
    const kpi_item *old = sema_table_get(&mod->owners, o->name.text);
    if (old) {
        report_duplicate(ctx, "owner", &o->name, old->as.owner.name.span);
        return;
    }
    sema_table_put(ctx->arena, &mod->owners, o->name.text, (void *)item);
    uint32_t sym = sema_add_symbol(ctx, (kpi_sema_symbol){.kind = KPI_SYM_OWNER,
                                                          .name = o->name.text,
                                                          .title = o->title.text,
                                                          .name_span = o->name.span,
                                                          .decl_span = item->span});
    if (!ctx->opts.skip_symbols && !sema_table_get(&ctx->owner_symbols, o->name.text))
        sema_table_put(ctx->arena, &ctx->owner_symbols, o->name.text, (void *)(uintptr_t)(sym + 1));
}

/* ---- imports ------------------------------------------------------------------------ */

typedef struct import_frame {
    struct import_frame *up;
    sema_module *module;
    kpi_span import_span;
} import_frame;

static void collect_module(sema_ctx *ctx, sema_module *mod, import_frame *stack);

static sema_module *new_module(sema_ctx *ctx, const kpi_ast_file *file, const char *path,
                               const char *modpath) {
    sema_module *mod = KPI_NEW(ctx->arena, sema_module);
    mod->ast = file;
    mod->path = path;
    mod->dir = dir_of(ctx->arena, path);
    mod->modpath = modpath;
    mod->next = ctx->modules;
    ctx->modules = mod;
    return mod;
}

static sema_module *find_loaded(sema_ctx *ctx, const char *canonical) {
    for (sema_module *m = ctx->modules; m; m = m->next)
        if (m->path && strcmp(m->path, canonical) == 0) return m;
    return NULL;
}

static sema_module *load_import(sema_ctx *ctx, sema_module *importer, const kpi_import *imp,
                                import_frame *stack) {
    const char *modpath = imp->module.text;
    if (!modpath) return NULL;
    char *rel = kpi_arena_printf(ctx->arena, "%s.kpi", modpath);
    for (char *p = rel; *p && p < rel + strlen(modpath); p++)
        if (*p == '.') *p = '/';
    const char *dirs[64];
    /* module paths are relative to the checked file's folder, whichever module imports */
    (void)importer;
    size_t ndirs = kpi_sema_search_path(ctx->arena, &ctx->opts, ctx->root->dir, dirs, 64);
    char canonical[PATH_MAX];
    const char *found = NULL;
    for (size_t i = 0; i < ndirs && !found; i++) {
        const char *candidate = kpi_arena_printf(ctx->arena, "%s/%s", dirs[i], rel);
        if (access(candidate, R_OK) == 0 && realpath(candidate, canonical)) found = canonical;
    }
    if (!found) {
        kpi_diagnostic *d = sema_report(ctx, KPI_N004, imp->module.span, "module '%s' not found", modpath);
        for (size_t i = 0; i < ndirs; i++)
            kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "searched %s/%s", dirs[i], rel);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "add a folder with -I DIR or the KPI_PATH environment variable");
        return NULL;
    }
    sema_module *mod = find_loaded(ctx, found);
    if (mod && mod->loading) {
        kpi_diagnostic *d =
            sema_report(ctx, KPI_N005, imp->module.span, "import cycle: '%s' imports itself", modpath);
        for (import_frame *f = stack; f; f = f->up) {
            if (kpi_span_valid(f->import_span))
                kpi_diag_note(ctx->diags, d, f->import_span, "imported by '%s' here",
                              f->module->modpath ? f->module->modpath : f->module->path);
            if (f->module == mod) break;
        }
        return NULL;
    }
    if (mod) return mod;
    /* A FIFO would block kpic check and the language server forever, and /dev/zero never ends. */
    struct stat st;
    if (stat(found, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        sema_report(ctx, KPI_N004, imp->module.span,
                    "cannot read module '%s' (%s): it is not a regular file "
                    "(a pipe or a device); a module is a .kpi file",
                    modpath, found);
        return NULL;
    }
    kpi_source *src = ctx->opts.read_module
                          ? ctx->opts.read_module(ctx->opts.read_module_user, ctx->sources, found)
                          : kpi_src_load(ctx->sources, found);
    if (!src) {
        sema_report(ctx, KPI_N004, imp->module.span, "cannot read module '%s' (%s): %s", modpath, found,
                    strerror(errno));
        return NULL;
    }
    kpi_ast_file *ast = kpi_parse(ctx->arena, ctx->diags, src);
    mod = new_module(ctx, ast, kpi_arena_strdup(ctx->arena, found), modpath);
    mod->symbol = sema_add_symbol(ctx, (kpi_sema_symbol){.kind = KPI_SYM_MODULE,
                                                         .name = modpath,
                                                         .description = mod->path,
                                                         .name_span = (kpi_span){src->id, 0, 0}});
    import_frame frame = {stack, mod, imp->module.span};
    collect_module(ctx, mod, &frame);
    /* reported at the import, where the user can act on it, once per module */
    for (const kpi_item *it = ast->items; it; it = it->next) {
        if (it->kind != KPI_ITEM_GOAL) continue;
        kpi_diagnostic *d = sema_report(
            ctx, KPI_N010, imp->module.span,
            "module '%s' has goals, which are ignored: only metrics, sources and owners are imported",
            modpath);
        kpi_diag_note(ctx->diags, d, it->as.goal.name.span, "goal '%s' is here",
                      it->as.goal.name.text ? it->as.goal.name.text : "?");
        break;
    }
    return mod;
}

/* Adds one exported name of mod to the importer's scope; false when mod has no such name. */
static bool import_name(sema_ctx *ctx, sema_module *importer, sema_module *mod, const kpi_name *name) {
    bool any = false;
    sema_metric *m = sema_table_get(&mod->own_metrics, name->text);
    if (m) {
        any = true;
        sema_metric *old = sema_table_get(&importer->metrics, name->text);
        if (old && old != m) {
            if (old->module == importer && importer == ctx->root) { /* a rebinding, settled below */
            } else report_duplicate(ctx, "metric", name, metric_span(old));
        } else {
            sema_table_put(ctx->arena, &importer->metrics, name->text, m);
        }
    }
    sema_source *s = sema_table_get(&mod->sources, name->text);
    if (s && s->module == mod) {
        any = true;
        if (!sema_table_get(&importer->sources, name->text))
            sema_table_put(ctx->arena, &importer->sources, name->text, s);
    }
    const kpi_item *o = sema_table_get(&mod->owners, name->text);
    if (o) {
        any = true;
        if (!sema_table_get(&importer->owners, name->text))
            sema_table_put(ctx->arena, &importer->owners, name->text, (void *)o);
    }
    return any;
}

static void merge_import(sema_ctx *ctx, sema_module *importer, sema_module *mod, const kpi_import *imp) {
    sema_add_ref(ctx, imp->module.span, mod->symbol);
    if (imp->names) {
        for (const kpi_name_list *n = imp->names; n; n = n->next) {
            if (!n->name.text) continue;
            if (!import_name(ctx, importer, mod, &n->name)) {
                kpi_diagnostic *d = sema_report(ctx, KPI_N006, n->name.span, "module '%s' declares no '%s'",
                                                mod->modpath, n->name.text);
                sema_note_did_you_mean(ctx, d, n->name.span, sema_suggest(&mod->own_metrics, n->name.text),
                                       NULL);
            } else {
                sema_metric *m = sema_table_get(&mod->own_metrics, n->name.text);
                if (m) sema_add_ref(ctx, n->name.span, m->symbol);
            }
        }
        return;
    }
    for (uint32_t i = 0; i < mod->own_metrics.capacity; i++) {
        const char *key = mod->own_metrics.slots[i].key;
        if (key) import_name(ctx, importer, mod, &(kpi_name){.text = key, .span = imp->module.span});
    }
    for (uint32_t i = 0; i < mod->owners.capacity; i++) {
        const kpi_item *o = mod->owners.slots[i].value;
        if (o && !sema_table_get(&importer->owners, mod->owners.slots[i].key))
            sema_table_put(ctx->arena, &importer->owners, mod->owners.slots[i].key, (void *)o);
    }
    for (uint32_t i = 0; i < mod->sources.capacity; i++) {
        sema_source *s = mod->sources.slots[i].value;
        if (s && s->module == mod && !sema_table_get(&importer->sources, s->name))
            sema_table_put(ctx->arena, &importer->sources, s->name, s);
    }
}

/* ---- policies and links -------------------------------------------------------------- */

static void apply_policy(sema_ctx *ctx, const kpi_item *item) {
    const kpi_policy *p = &item->as.policy;
    if (!p->name.text) return;
    if (strcmp(p->name.text, "growth_ceiling") != 0) {
        sema_table known = {0};
        sema_table_put(ctx->arena, &known, "growth_ceiling", (void *)1);
        sema_report_unknown(ctx, KPI_N008, &p->name, &known, "policy");
        return;
    }
    if (!p->value.percent || p->value.number.value <= 0 || p->value.number.sign == '-') {
        kpi_diagnostic *d = sema_report(ctx, KPI_U009, p->value.span,
                                        "growth_ceiling must be a positive percentage, such as 15%%");
        kpi_diag_fixit(ctx->diags, d, p->value.span, "15%", "use 15%");
        return;
    }
    double c = p->value.number.value / 100.0;
    kpi_review_period per = p->per; /* the parser makes an absent `per` monthly */
    double per_months[] = {1.0 / 30.436875, 7.0 / 30.436875, 1.0, 3.0, 12.0};
    ctx->growth_ceiling = pow(1.0 + c, 1.0 / per_months[per]) - 1.0;
    ctx->ceiling_span = item->span;
}

static void resolve_link(sema_ctx *ctx, sema_module *mod, const kpi_link *link) {
    sema_metric *from = sema_lookup_metric(ctx, mod, &link->from, true);
    sema_metric *to = sema_lookup_metric(ctx, mod, &link->to, true);
    if (from && to) SEMA_PUSH(ctx, ctx->links, ctx->link_count, ctx->link_cap, ((sema_link){from, to}));
}

sema_metric *sema_lookup_metric(sema_ctx *ctx, sema_module *scope, const kpi_name *name, bool report) {
    if (!name->text) return NULL;
    sema_metric *m = sema_table_get(&scope->metrics, name->text);
    while (m && m->rebound_by) m = m->rebound_by;
    if (!m) {
        if (report) sema_report_unknown(ctx, KPI_N001, name, &scope->metrics, "metric");
        return NULL;
    }
    sema_add_ref(ctx, name->span, m->symbol);
    return m;
}

/* ---- per file ---------------------------------------------------------------------------- */

static void collect_module(sema_ctx *ctx, sema_module *mod, import_frame *stack) {
    mod->loading = true;
    /* own declarations first, so that imports can see rebindings whatever the order */
    for (const kpi_item *it = mod->ast->items; it; it = it->next) {
        if (it->kind == KPI_ITEM_SOURCE) declare_source(ctx, mod, &it->as.source);
        else if (it->kind == KPI_ITEM_METRIC) declare_metric(ctx, mod, &it->as.metric);
        else if (it->kind == KPI_ITEM_OWNER) declare_owner(ctx, mod, it);
    }
    for (const kpi_item *it = mod->ast->items; it; it = it->next) {
        if (it->kind != KPI_ITEM_IMPORT) continue;
        sema_module *imported = load_import(ctx, mod, &it->as.import, stack);
        if (imported) merge_import(ctx, mod, imported, &it->as.import);
    }
    mod->loading = false;
}

/* A metric of the checked file with an imported metric's name rebinds it (docs/stdlib.md). */
static void apply_rebindings(sema_ctx *ctx) {
    sema_module *root = ctx->root;
    for (sema_module *mod = ctx->modules; mod; mod = mod->next) {
        if (mod == root) continue;
        for (uint32_t i = 0; i < mod->own_metrics.capacity; i++) {
            sema_metric *orig = mod->own_metrics.slots[i].value;
            if (!orig) continue;
            sema_metric *r = sema_table_get(&root->own_metrics, orig->name);
            if (!r || r == orig) continue;
            orig->rebound_by = r;
            r->original = orig->ast;
            if (!r->title) r->title = orig->title;
            if (!r->description) r->description = orig->description;
            if (r->better == KPI_BETTER_UNSPECIFIED) r->better = orig->better;
            if (r->aggregate == KPI_AGG_DEFAULT && !r->formula) r->aggregate = orig->aggregate;
            bool kind_ok = !r->unit.valid || !orig->unit.valid ||
                           (kpi_unit_fits(r->unit, orig->unit) && kpi_unit_fits(orig->unit, r->unit));
            if (!kind_ok) {
                kpi_diagnostic *d =
                    sema_report(ctx, KPI_U004, r->ast->unit.span,
                                "'%s' rebinds %s's metric of unit '%s' with the unit '%s' of another kind",
                                r->name, mod->modpath, orig->unit_text, r->unit_text);
                kpi_diag_note(ctx->diags, d, orig->ast->unit.span, "the module declares it here");
                kpi_diag_fixit(ctx->diags, d, r->ast->unit.span, orig->unit_text, "keep the module's unit");
            }
        }
    }
}

/* Base metrics read their `in` source, else their file's first source, else the checked file's. */
static void resolve_metric_sources(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->metric_count; i++) {
        sema_metric *m = ctx->metrics[i];
        if (m->rebound_by || m->formula) continue;
        if (m->ast->source.text) {
            m->source = sema_table_get(&m->module->sources, m->ast->source.text);
            if (!m->source)
                sema_report_unknown(ctx, KPI_N002, &m->ast->source, &m->module->sources, "source");
            else sema_add_ref(ctx, m->ast->source.span, m->source->symbol);
        } else {
            m->source = m->module->first_source ? m->module->first_source : ctx->root->first_source;
        }
    }
}

void sema_resolve_file(sema_ctx *ctx, const kpi_ast_file *file) {
    const char *path = file->source && file->source->path ? file->source->path : "input.kpi";
    ctx->root = new_module(ctx, file, path, NULL);
    char canonical[PATH_MAX];
    if (realpath(path, canonical)) ctx->root->path = kpi_arena_strdup(ctx->arena, canonical);
    ctx->root->dir = dir_of(ctx->arena, ctx->root->path);
    import_frame frame = {NULL, ctx->root, KPI_SPAN_NONE};
    collect_module(ctx, ctx->root, &frame);
    apply_rebindings(ctx);
    for (sema_module *mod = ctx->modules; mod; mod = mod->next) {
        for (const kpi_item *it = mod->ast->items; it; it = it->next) {
            if (it->kind == KPI_ITEM_LINK) resolve_link(ctx, mod, &it->as.link);
            else if (it->kind == KPI_ITEM_POLICY && mod == ctx->root) apply_policy(ctx, it);
            else if (it->kind == KPI_ITEM_GOAL && mod == ctx->root && it->as.goal.name.text) {
                const kpi_item *old = sema_table_get(&mod->goals, it->as.goal.name.text);
                if (old) report_duplicate(ctx, "goal", &it->as.goal.name, old->as.goal.name.span);
                else sema_table_put(ctx->arena, &mod->goals, it->as.goal.name.text, (void *)it);
            }
        }
    }
    resolve_metric_sources(ctx);
}
