/*
** source.h: the text of every file a compilation reads, and the mapping from
** byte offsets to line:column.
**
** Every location in the compiler is a kpi_span: a file id and a half-open byte
** range. Lines and columns are computed only when a diagnostic is printed, and
** UTF-16 positions only at the language-server boundary.
*/
#ifndef KPI_SOURCE_H
#define KPI_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"

typedef struct kpi_span {
    uint32_t file;  /* index into the source map; KPI_NO_FILE for "no location" */
    uint32_t begin; /* byte offset of the first byte */
    uint32_t end;   /* byte offset one past the last byte */
} kpi_span;

#define KPI_NO_FILE UINT32_MAX
#define KPI_SPAN_NONE ((kpi_span){KPI_NO_FILE, 0, 0})

static inline bool kpi_span_valid(kpi_span s) {
    return s.file != KPI_NO_FILE;
}
/* The smallest span covering both (same file assumed). */
static inline kpi_span kpi_span_join(kpi_span a, kpi_span b) {
    if (!kpi_span_valid(a)) return b;
    if (!kpi_span_valid(b)) return a;
    kpi_span r = a;
    if (b.begin < r.begin) r.begin = b.begin;
    if (b.end > r.end) r.end = b.end;
    return r;
}

typedef struct kpi_source {
    uint32_t id;
    const char *path; /* as given on the command line or found on the import path */
    const char *text; /* NUL-terminated copy; may contain NUL bytes before len */
    uint32_t len;
    uint32_t *line_starts; /* byte offset of each line's first byte */
    uint32_t line_count;
} kpi_source;

typedef struct kpi_source_map {
    kpi_arena *arena;
    kpi_source **files;
    uint32_t count, capacity;
} kpi_source_map;

typedef struct kpi_position {
    uint32_t line;   /* 1-based */
    uint32_t column; /* 1-based, in bytes */
} kpi_position;

/* Sources larger than this are refused with a clear error (offsets are 32-bit). */
#define KPI_SOURCE_MAX_BYTES ((uint32_t)1 << 30)

void kpi_src_map_init(kpi_source_map *map, kpi_arena *arena);
/* Adds text (copied) under path and returns it; the map owns it. */
kpi_source *kpi_src_add(kpi_source_map *map, const char *path, const char *text, size_t len);
/* Reads a file; NULL with errno set on failure (ENOENT, EISDIR, EFBIG for too large). */
kpi_source *kpi_src_load(kpi_source_map *map, const char *path);
/* Reads an open stream (standard input) to its end under name, without closing it; errors as kpi_src_load. */
kpi_source *kpi_src_read(kpi_source_map *map, const char *name, FILE *f);
kpi_source *kpi_src_get(const kpi_source_map *map, uint32_t id);

kpi_position kpi_src_position(const kpi_source *src, uint32_t offset);
/* The line containing offset, without its newline. */
const char *kpi_src_line(const kpi_source *src, uint32_t line, uint32_t *len_out);
/* Byte offset of (line, column), both 1-based; clamps to the text. */
uint32_t kpi_src_offset(const kpi_source *src, uint32_t line, uint32_t column);

/* UTF-16 code-unit column of a byte offset, for the Language Server Protocol. */
uint32_t kpi_src_utf16_column(const kpi_source *src, uint32_t offset);
/* Byte offset of an LSP (0-based line, UTF-16 character) position; clamps. */
uint32_t kpi_src_offset_from_utf16(const kpi_source *src, uint32_t line0, uint32_t character);

#endif
