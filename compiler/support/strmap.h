/*
** strmap.h: a map from byte strings to pointers, in an arena.
**
** Where a pass must know whether it has seen a string before (a completion
** label offered, a string constant already emitted), a scan of what it has
** made so far is quadratic in the input: 10,000 labels or strings take
** seconds. This is the one hash table for that: open addressing, at most
** half full, FNV-1a. Keys are not copied: they must live as long as the map
** (in the same arena, typically). Nothing is ever removed.
*/
#ifndef KPI_STRMAP_H
#define KPI_STRMAP_H

#include <stddef.h>

#include "arena.h"

typedef struct kpi_strmap_slot {
    const char *key; /* NULL: empty */
    size_t len;
    void *value;
} kpi_strmap_slot;

typedef struct kpi_strmap {
    kpi_arena *arena; /* where the table grows */
    kpi_strmap_slot *slots;
    size_t cap, count;
} kpi_strmap;

void kpi_strmap_init(kpi_strmap *m, kpi_arena *arena);
/* The value stored under the len bytes of key, or NULL when there is none. */
void *kpi_strmap_get(const kpi_strmap *m, const char *key, size_t len);
/* Stores value (not NULL) under key, replacing what was there. */
void kpi_strmap_put(kpi_strmap *m, const char *key, size_t len, void *value);

#endif
