/*
** arena.h: the bump allocator that owns every compiler data structure.
**
** A compilation allocates tokens, AST nodes, strings, diagnostics and the
** checked program from one arena and frees them all at once, so no node has
** an owner of its own and no pass needs a destructor.
*/
#ifndef KPI_ARENA_H
#define KPI_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct kpi_arena_block kpi_arena_block;

typedef struct kpi_arena {
    kpi_arena_block *head;
    size_t total; /* bytes handed out, for statistics only */
} kpi_arena;

void kpi_arena_init(kpi_arena *arena);
void kpi_arena_free(kpi_arena *arena);

/* Zeroed memory aligned for any type; aborts on out-of-memory. Strings from the
   functions below are not aligned (they are bytes). */
void *kpi_arena_alloc(kpi_arena *arena, size_t size);
#define KPI_NEW(arena, type) ((type *)kpi_arena_alloc((arena), sizeof(type)))
#define KPI_NEW_ARRAY(arena, type, n) ((type *)kpi_arena_alloc((arena), sizeof(type) * (n)))

char *kpi_arena_strndup(kpi_arena *arena, const char *s, size_t len);
char *kpi_arena_strdup(kpi_arena *arena, const char *s);
/* a, sep and b in one string: "goal" "." "metric" gives "goal.metric". */
char *kpi_arena_join(kpi_arena *arena, const char *a, const char *sep, const char *b);
char *kpi_arena_printf(kpi_arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *kpi_arena_vprintf(kpi_arena *arena, const char *fmt, va_list ap);

#endif
