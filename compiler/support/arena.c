/*
** arena.c: bump allocation in growing blocks; see arena.h for why.
*/
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kpi_arena_block {
    kpi_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

enum { KPI_ARENA_MIN_BLOCK = 64 * 1024 };

void kpi_arena_init(kpi_arena *arena) {
    arena->head = NULL;
    arena->total = 0;
}

void kpi_arena_free(kpi_arena *arena) {
    kpi_arena_block *b = arena->head;
    while (b) {
        kpi_arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena->head = NULL;
    arena->total = 0;
}

/*
** Hands out size bytes at the given alignment (a power of two). Strings ask for
** alignment 1: most names are a few bytes, and rounding each to 16 would make
** them take several times their size.
*/
static void *arena_bump(kpi_arena *arena, size_t size, size_t align) {
    kpi_arena_block *b = arena->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < size) {
        size_t want = size > KPI_ARENA_MIN_BLOCK ? size : KPI_ARENA_MIN_BLOCK;
        /* Blocks double with the arena so large inputs take few mallocs. */
        if (arena->total / 2 > want && arena->total / 2 < (size_t)1 << 30) want = arena->total / 2;
        /*
        ** calloc, not malloc + memset per allocation: every allocation must
        ** come back zeroed, and a block's bytes are handed out once, so zeroing
        ** the block once is enough; for large blocks (fresh pages from mmap)
        ** calloc need not write at all.
        */
        b = calloc(1, sizeof *b + want);
        if (!b) {
            fputs("kpic: out of memory\n", stderr);
            abort();
        }
        b->next = arena->head;
        b->used = 0;
        b->size = want;
        arena->head = b;
        at = 0;
    }
    void *p = (char *)b->data + at;
    b->used = at + size;
    arena->total += size;
    return p;
}

void *kpi_arena_alloc(kpi_arena *arena, size_t size) {
    return arena_bump(arena, size ? size : 1, sizeof(max_align_t));
}

char *kpi_arena_strndup(kpi_arena *arena, const char *s, size_t len) {
    char *p = arena_bump(arena, len + 1, 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *kpi_arena_strdup(kpi_arena *arena, const char *s) {
    return kpi_arena_strndup(arena, s, strlen(s));
}

char *kpi_arena_vprintf(kpi_arena *arena, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) n = 0;
    char *p = arena_bump(arena, (size_t)n + 1, 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *kpi_arena_join(kpi_arena *arena, const char *a, const char *sep, const char *b) {
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    char *p = arena_bump(arena, la + ls + lb + 1, 1);
    memcpy(p, a, la);
    memcpy(p + la, sep, ls);
    memcpy(p + la + ls, b, lb + 1);
    return p;
}

char *kpi_arena_printf(kpi_arena *arena, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *p = kpi_arena_vprintf(arena, fmt, ap);
    va_end(ap);
    return p;
}
