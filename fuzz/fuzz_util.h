/*
** fuzz_util.h: helpers the libFuzzer targets share: a front end session
** (arena, source map, diagnostics) set up and torn down per input, and the
** AST dump without positions that the formatter target compares.
*/
#ifndef KPI_FUZZ_UTIL_H
#define KPI_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "compiler/ast/ast.h"
#include "compiler/diag/diag.h"
#include "compiler/support/arena.h"
#include "compiler/support/source.h"

typedef struct kpi_fuzz_session {
    kpi_arena arena;
    kpi_source_map map;
    kpi_diag_engine diags;
} kpi_fuzz_session;

void kpi_fuzz_session_init(kpi_fuzz_session *s);
void kpi_fuzz_session_free(kpi_fuzz_session *s);

/* The kpi_ast_dump text of a file with every " @line:col" removed; malloc'ed. */
char *kpi_fuzz_dump_without_positions(const kpi_ast_file *file);

/* Prints what went wrong with the input and aborts, so libFuzzer saves it. */
void kpi_fuzz_fail(const char *what, const char *input, size_t len, const char *detail)
    __attribute__((noreturn));

#endif
