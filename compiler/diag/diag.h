/*
** diag.h: the one diagnostics engine every stage reports through.
**
** A stage reports a diagnostic with a code from diag_codes.def, a primary span,
** a message, and optionally notes (with or without a span), fix-its (a span and
** its replacement text) and the SMART letter it belongs to. The engine applies
** the user's severity options (-Werror, -Wno-CODE, --draft) when the diagnostic
** is reported, keeps all of them in order, and renders them as clang-style text
** (diag_render.c), JSON or SARIF (diag_json.c).
*/
#ifndef KPI_DIAG_H
#define KPI_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "support/arena.h"
#include "support/source.h"

typedef enum kpi_severity {
    KPI_SEV_IGNORED = 0, /* reported but switched off by the user; never printed */
    KPI_SEV_NOTE,
    KPI_SEV_WARNING,
    KPI_SEV_ERROR,
} kpi_severity;

/* Every code the compiler can emit, from diag_codes.def. */
typedef enum kpi_code {
#define KPI_CODE(id, severity, smart, title) KPI_##id,
#include "diag_codes.def"
#undef KPI_CODE
    KPI_CODE_COUNT
} kpi_code;

typedef struct kpi_code_info {
    const char *id;        /* "T002" */
    kpi_severity severity; /* default severity */
    char smart;            /* 'S','M','A','R','T' or 0 */
    const char *title;     /* one line, used in listings */
} kpi_code_info;

const kpi_code_info *kpi_diag_code_info(kpi_code code);
/* Looks a code up by its id ("T002", case-insensitive); false when unknown. */
bool kpi_diag_code_lookup(const char *id, kpi_code *out);

typedef struct kpi_note {
    struct kpi_note *next;
    kpi_span span; /* KPI_SPAN_NONE for a note without a location */
    const char *message;
} kpi_note;

typedef struct kpi_fixit {
    struct kpi_fixit *next;
    kpi_span span; /* replaced range; empty (begin == end) to insert */
    const char *replacement;
    const char *description; /* "insert an owner" */
} kpi_fixit;

typedef struct kpi_diagnostic {
    struct kpi_diagnostic *next;
    kpi_code code;
    kpi_severity severity; /* after the user's options */
    char smart;
    kpi_span span;
    const char *message;
    kpi_note *notes, *notes_tail;
    kpi_fixit *fixes, *fixes_tail;
} kpi_diagnostic;

typedef struct kpi_diag_options {
    bool warnings_as_errors;       /* -Werror */
    bool no_warnings;              /* -w */
    bool draft;                    /* --draft: SMART errors become warnings */
    bool disabled[KPI_CODE_COUNT]; /* -Wno-CODE */
    bool error[KPI_CODE_COUNT];    /* -Werror=CODE */
} kpi_diag_options;

typedef struct kpi_diag_engine {
    kpi_arena *arena;
    const kpi_source_map *sources;
    kpi_diag_options options;
    kpi_diagnostic *head, *tail;
    unsigned errors, warnings;
    unsigned max_errors; /* 0 = unlimited; further errors are counted, not kept */
    unsigned dropped;
} kpi_diag_engine;

void kpi_diag_init(kpi_diag_engine *engine, kpi_arena *arena, const kpi_source_map *sources);

kpi_diagnostic *kpi_diag_report(kpi_diag_engine *engine, kpi_code code, kpi_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void kpi_diag_note(kpi_diag_engine *engine, kpi_diagnostic *d, kpi_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void kpi_diag_fixit(kpi_diag_engine *engine, kpi_diagnostic *d, kpi_span span, const char *replacement,
                    const char *description);

bool kpi_diag_has_errors(const kpi_diag_engine *engine);

/* Sorts kept diagnostics by file and position (stable), for deterministic output. */
void kpi_diag_sort(kpi_diag_engine *engine);

typedef struct kpi_render_options {
    bool color;       /* decided by the driver: isatty && !NO_COLOR */
    bool show_source; /* source line, caret and tildes */
} kpi_render_options;

/* clang-style text: file:line:col: error: message [CODE], source line, carets, notes, fix-its. */
void kpi_diag_render_text(const kpi_diag_engine *engine, FILE *out, kpi_render_options opts);
/* One JSON array (schema in docs/diagnostics.md). */
void kpi_diag_render_json(const kpi_diag_engine *engine, FILE *out);
/* SARIF 2.1.0 log. */
void kpi_diag_render_sarif(const kpi_diag_engine *engine, FILE *out);

/*
** The long explanation of a code, as `kpic explain CODE` prints it (explain.c).
** Every code has one; a unit test fails when one is missing.
*/
typedef struct kpi_explanation {
    const char *meaning; /* what the diagnostic means, one paragraph */
    const char *wrong;   /* .kpi lines that trigger it */
    const char *right;   /* the same lines, fixed */
    const char *fix;     /* how to fix it, in words */
} kpi_explanation;

/* NULL when no explanation is written for the code. */
const kpi_explanation *kpi_diag_explanation(kpi_code code);
/* "T002: title", the meaning, the wrong and right examples and the fix; false when none. */
bool kpi_diag_print_explanation(kpi_code code, FILE *out);

/* Parses one -W option (without the "-W": "error", "no-R003", "error=T001"); false if unknown. */
bool kpi_diag_parse_option(kpi_diag_options *options, const char *flag);

#endif
