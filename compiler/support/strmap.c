/*
** strmap.c: the string map (see strmap.h).
*/
#include "strmap.h"

#include <stdint.h>
#include <string.h>

void kpi_strmap_init(kpi_strmap *m, kpi_arena *arena) {
    memset(m, 0, sizeof *m);
    m->arena = arena;
}

static uint64_t hash(const char *key, size_t len) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

/* The slot holding key, or the empty slot where it would go; cap is a power of two. */
static size_t find(const kpi_strmap_slot *slots, size_t cap, const char *key, size_t len) {
    size_t i = (size_t)hash(key, len) & (cap - 1);
    while (slots[i].key && (slots[i].len != len || memcmp(slots[i].key, key, len) != 0))
        i = (i + 1) & (cap - 1);
    return i;
}

void *kpi_strmap_get(const kpi_strmap *m, const char *key, size_t len) {
    if (!m->cap) return NULL;
    return m->slots[find(m->slots, m->cap, key, len)].value;
}

void kpi_strmap_put(kpi_strmap *m, const char *key, size_t len, void *value) {
    if ((m->count + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        kpi_strmap_slot *slots = KPI_NEW_ARRAY(m->arena, kpi_strmap_slot, cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key) slots[find(slots, cap, m->slots[i].key, m->slots[i].len)] = m->slots[i];
        m->slots = slots;
        m->cap = cap;
    }
    kpi_strmap_slot *s = &m->slots[find(m->slots, m->cap, key, len)];
    if (!s->key) m->count++;
    *s = (kpi_strmap_slot){key, len, value};
}
