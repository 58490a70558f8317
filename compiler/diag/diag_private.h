/*
** diag_private.h: helpers shared by the diagnostics engine and its renderers
** (text, JSON, SARIF) and by nothing else.
**
** Spans are byte ranges; every renderer needs the same line:column view of
** them, so the conversion is written once here.
*/
#ifndef KPI_DIAG_PRIVATE_H
#define KPI_DIAG_PRIVATE_H

#include "diag.h"

typedef struct kpi_diag_location {
    const kpi_source *source; /* NULL when the span has no (known) file */
    kpi_position begin;       /* 1-based line and byte column */
    kpi_position end;         /* exclusive: the position one past the last byte */
    uint32_t begin_offset, end_offset;
} kpi_diag_location;

kpi_diag_location kpi_diag_locate(const kpi_source_map *sources, kpi_span span);

/* "error", "warning", "note" (and "ignored", which is never printed). */
const char *kpi_diag_severity_name(kpi_severity severity);

/* Length of the valid UTF-8 sequence at s (at most avail bytes); 0 when invalid. */
size_t kpi_diag_utf8_len(const unsigned char *s, size_t avail);

/*
** Long explanations live in one table per range of codes (explain_front.c for
** L, P and X); explain.c lists the tables. A new table is one extern here and
** one line in explain.c.
*/
typedef struct kpi_explain_entry {
    kpi_code code;
    kpi_explanation text;
} kpi_explain_entry;

extern const kpi_explain_entry kpi_explain_front[];
extern const size_t kpi_explain_front_count;
extern const kpi_explain_entry kpi_explain_sema[];
extern const size_t kpi_explain_sema_count;

#endif
