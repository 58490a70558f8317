/*
** lsp.h: `kpic lsp`, the Language Server Protocol server built into kpic.
**
** The server speaks JSON-RPC 2.0 over a pair of streams (stdin and stdout
** for editors) and answers with the compiler's own front end: diagnostics,
** hover, go to definition, completion, document symbols, formatting and code
** actions. docs/editors.md lists what each request returns.
*/
#ifndef KPI_LSP_H
#define KPI_LSP_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"

typedef struct kpi_lsp_options {
    kpi_lsp_check_options check; /* how documents are checked, as `kpic check` would */
    size_t max_message;          /* bytes; 0 = KPI_LSP_DEFAULT_MAX_MESSAGE */
    size_t max_memory;           /* bytes for open documents and analyses; 0 = KPI_LSP_DEFAULT_MAX_MEMORY */
} kpi_lsp_options;

/*
** The memory cap: the text of the open documents plus their analyses. An
** analysis takes about KPI_LSP_ANALYSIS_BYTES_PER_BYTE times its document's
** size (measured: tests/scaling, docs/hardening.md); a document that would
** take the total over the cap is not analysed, and says so in a diagnostic.
*/
#define KPI_LSP_DEFAULT_MAX_MEMORY ((size_t)1 << 30)
#define KPI_LSP_ANALYSIS_BYTES_PER_BYTE 40

/*
** Serves until the client sends `exit` or closes the input. Returns the
** process exit status the protocol asks for: 0 when `shutdown` came before
** the end, 1 otherwise.
*/
int kpi_lsp_serve(FILE *in, FILE *out, const kpi_lsp_options *options);

#endif
