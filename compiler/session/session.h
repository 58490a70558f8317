/*
** session.h: the front end as every command and the language server run it.
**
** One session holds one arena, source map and diagnostics engine. It owns:
**   - source loading: a file, standard input ("-"), or text the caller holds
**     (an editor's unsaved buffer), each refused with the same messages;
**   - imports: sema reads an imported module through the session's reader,
**     which a caller may replace (the language server serves open documents
**     from their unsaved text);
**   - the parse-then-check policy (below), so `kpic check`, build, run, fmt,
**     graph, doc and the editor report the same diagnostics for the same text;
**   - the executable's path, from which the installed stdlib is found.
**
** The policy: a file is parsed; semantic analysis reports only on a file
** that parsed without errors. Checking a tree with holes in it would bury
** the one real typo under unknown-name errors about what the parser had to
** skip (Go's compiler makes the same choice). The language server still runs
** the analysis on a broken parse for its symbol index (hover, completion,
** go to definition), but publishes only what `kpic check` prints.
*/
#ifndef KPI_SESSION_H
#define KPI_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "ast/ast.h"
#include "diag/diag.h"
#include "program/program.h"
#include "sema/sema.h"
#include "support/arena.h"
#include "support/source.h"

typedef struct kpi_session_options {
    kpi_sema_options sema; /* imports, growth ceiling, column checks, the import reader */
    kpi_diag_options diag;
    unsigned max_errors;
} kpi_session_options;

typedef struct kpi_session {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
    kpi_session_options options; /* sema.exe_path is always set */
} kpi_session;

/* What a session made of one file. */
typedef struct kpi_session_unit {
    const kpi_source *source;
    kpi_ast_file *ast;
    unsigned syntax_errors; /* errors its parse reported */
    kpi_sema_result *sema;  /* NULL when semantic analysis did not run */
} kpi_session_unit;

/* What the caller needs beyond the diagnostics. */
typedef enum kpi_session_want {
    KPI_SESSION_DIAGNOSTICS, /* kpic check: diagnostics only */
    KPI_SESSION_PROGRAM,     /* build, run, graph: the checked program too */
    KPI_SESSION_SYMBOLS,     /* the language server: the symbol index, even after syntax errors */
} kpi_session_want;

/*
** Starts a session. A NULL options->sema.exe_path is filled with the running
** executable's path (argv0 when it cannot be known otherwise).
*/
void kpi_session_init(kpi_session *s, const kpi_session_options *options, const char *argv0);
void kpi_session_free(kpi_session *s);

/* Reads path ("-": standard input); NULL with errno set (EFBIG when over KPI_SOURCE_MAX_BYTES). */
kpi_source *kpi_session_load(kpi_session *s, const char *path);
/*
** Adds text the caller holds under path; never NULL: a text over
** KPI_SOURCE_MAX_BYTES becomes an empty source with an X001 error.
*/
kpi_source *kpi_session_add_text(kpi_session *s, const char *path, const char *text, size_t len);

/* Parses src only (kpic fmt, kpic doc). */
void kpi_session_parse(kpi_session *s, const kpi_source *src, kpi_session_unit *out);
/* Parses src and checks it under the policy above. */
void kpi_session_check(kpi_session *s, const kpi_source *src, kpi_session_want want, kpi_session_unit *out);

#endif
