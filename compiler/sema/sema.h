/*
** sema.h: semantic analysis, the stage between the AST and the checked program.
**
** kpi_sema_check resolves names and imports, checks units, checks every goal
** for SMART completeness and realism, reports every problem to the diagnostics
** engine and lowers what is left to a kpi_program (program.h). The language
** server calls kpi_sema_analyze instead, which also returns a symbol index for
** hover, go-to-definition and completion. docs/checks.md lists every rule and
** code this stage emits.
*/
#ifndef KPI_SEMA_H
#define KPI_SEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "ast/ast.h"
#include "diag/diag.h"
#include "program/program.h"

/* Default growth ceiling: 10% implied compound growth per month (R003). */
#define KPI_SEMA_DEFAULT_GROWTH_CEILING 0.10

typedef struct kpi_sema_options {
    const char *const *import_dirs; /* -I DIR, searched in order */
    size_t import_dir_count;
    /* Maximum implied compound growth per month, as a fraction (0.15 = 15%).
    ** 0 means: the file's `policy growth_ceiling`, else the default above.
    ** A value given here (the command line) wins over the file. */
    double growth_ceiling;
    bool verify_columns;  /* read each CSV source's header at check time */
    const char *exe_path; /* argv[0] resolved, to find the installed stdlib */
    /* Reads an imported module found at path into sources; NULL with errno set
    ** when it cannot. NULL: kpi_src_load, the file on disk. The language server
    ** serves the unsaved text of open documents through it. */
    kpi_source *(*read_module)(void *user, kpi_source_map *sources, const char *path);
    void *read_module_user;
    /* What a caller that only wants diagnostics can leave out (`kpic check`); the
    ** diagnostics are the same either way. */
    bool skip_symbols;  /* no symbol index: result->symbols and refs stay empty */
    bool skip_lowering; /* no kpi_program: result->program stays NULL */
} kpi_sema_options;

/* ---- symbols, for the language server ------------------------------------- */

typedef enum kpi_sema_symbol_kind {
    KPI_SYM_METRIC,
    KPI_SYM_SOURCE,
    KPI_SYM_GOAL,
    KPI_SYM_DRIVER,
    KPI_SYM_OWNER,
    KPI_SYM_MODULE
} kpi_sema_symbol_kind;

typedef struct kpi_sema_symbol {
    kpi_sema_symbol_kind kind;
    const char *name;        /* drivers: "goal.metric" */
    const char *title;       /* display name or NULL */
    const char *description; /* metric `about`, goal `why`, module path; or NULL */
    kpi_span name_span;      /* the declaring name (file is span.file) */
    kpi_span decl_span;      /* the whole declaration */
    /* metrics */
    const char *unit;    /* as declared: "EUR", "percent" */
    const char *formula; /* source text of `= expr`, or NULL for a base metric */
    const char *source;  /* base metric: source name, or NULL when unmeasured */
    const char *column;  /* base metric: column name */
    /* sources */
    const char *path; /* as written */
    /* goals and drivers */
    const char *metric;        /* the goal's metric */
    const char *target;        /* the statement without drivers: "raise profit 20%",
                                    "keep bounce_rate below 40%"; a driver's "revenue +35%" */
    const char *start;         /* "2026-01-01" or NULL */
    const char *deadline;      /* "2027-06-30" or NULL */
    const char *owner;         /* effective owner (inherited for drivers) or NULL */
    const char *smart_missing; /* letters with errors, e.g. "AT"; "" when complete */
} kpi_sema_symbol;

/* A use of a name: the span where it is written and the symbol it means. */
typedef struct kpi_sema_ref {
    kpi_span span;
    uint32_t symbol; /* index into symbols */
} kpi_sema_ref;

typedef struct kpi_sema_result {
    kpi_program *program;     /* NULL when there were errors */
    kpi_sema_symbol *symbols; /* declarations of the file and everything it imports */
    uint32_t symbol_count;
    kpi_sema_ref *refs; /* every resolved use, declarations included */
    uint32_t ref_count;
} kpi_sema_result;

/*
** Checks a parsed file (its imports are loaded and parsed here) and returns the
** checked program, or NULL when errors were reported. Every problem goes to
** diags. options may be NULL for the defaults.
*/
kpi_program *kpi_sema_check(kpi_arena *arena, kpi_diag_engine *diags, kpi_source_map *sources,
                            kpi_ast_file *file, const kpi_sema_options *options);

/* The same analysis, keeping the symbol index; never NULL. */
kpi_sema_result *kpi_sema_analyze(kpi_arena *arena, kpi_diag_engine *diags, kpi_source_map *sources,
                                  kpi_ast_file *file, const kpi_sema_options *options);

/* The declarations of a result, for document symbols and completion. */
static inline const kpi_sema_symbol *kpi_sema_symbols(const kpi_sema_result *result, uint32_t *count) {
    *count = result ? result->symbol_count : 0;
    return result ? result->symbols : NULL;
}

/*
** The symbol declared or referenced at a byte offset of a file, or NULL. The
** innermost (shortest) span containing the offset wins; an offset just past
** the end of a name still finds it, so a cursor at the end of a word works.
*/
const kpi_sema_symbol *kpi_sema_lookup(const kpi_sema_result *result, uint32_t file, uint32_t offset);

/* Every unit name kpic knows (not the currencies), for completion; NULL-terminated. */
const char *const *kpi_sema_unit_names(void);
/* True for an ISO 4217 currency code that kpic accepts. */
bool kpi_sema_is_currency(const char *code);

/*
** The folders searched for `import a.b` (a/b.kpi), in order: the checked
** file's folder (also for imports inside modules), -I dirs, KPI_PATH entries, the build tree's stdlib, the
** installed stdlib next to the kpic binary. Returns how many were written.
*/
size_t kpi_sema_search_path(kpi_arena *arena, const kpi_sema_options *options, const char *importer_dir,
                            const char **out, size_t max);

#endif
