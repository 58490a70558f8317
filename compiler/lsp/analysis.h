/*
** analysis.h: what the language server knows about one version of a document.
**
** An analysis is the front-end session (session/session.h) run on the
** document's text exactly as `kpic check` runs it on a file, under the same
** parse-then-check policy, keeping the source map, diagnostics, AST and
** symbol index for the feature handlers. Each analysis owns one session; a
** new version of the text replaces the whole analysis.
*/
#ifndef KPI_LSP_ANALYSIS_H
#define KPI_LSP_ANALYSIS_H

#include <stddef.h>

#include "ast/ast.h"
#include "diag/diag.h"
#include "sema/sema.h"
#include "session/session.h"
#include "support/arena.h"
#include "support/source.h"

/* How the server checks documents; set from `kpic lsp`'s command line. */
typedef kpi_session_options kpi_lsp_check_options;

typedef struct kpi_lsp_analysis {
    kpi_session session;      /* its arena, sources and diagnostics */
    const kpi_source *source; /* the document itself */
    const char *uri;          /* the document's URI as the client wrote it */
    kpi_ast_file *ast;
    kpi_sema_result *sema;
    unsigned syntax_errors; /* errors the parser reported */
} kpi_lsp_analysis;

/* Analyses text as the file at path; never NULL (aborts on out of memory like the arena). */
kpi_lsp_analysis *kpi_lsp_analyze(const char *uri, const char *path, const char *text, size_t len,
                                  const kpi_lsp_check_options *options);
void kpi_lsp_analysis_free(kpi_lsp_analysis *analysis);

#endif
