/*
** util.c: the few general helpers the runtime needs and may not borrow from
** the compiler (an evaluator links libkpirt and libc only): checked
** allocation, a string pool, hashing and did-you-mean distances.
*/
#include "kpirt_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *out_of_memory(size_t size) {
    fprintf(stderr, "kpirt: out of memory (%zu bytes)\n", size);
    abort();
}

void *kpirt_xmalloc(size_t size) {
    void *p = malloc(size ? size : 1);
    return p ? p : out_of_memory(size);
}

void *kpirt_xcalloc(size_t count, size_t size) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    return p ? p : out_of_memory(count * size);
}

void *kpirt_xrealloc(void *ptr, size_t size) {
    void *p = realloc(ptr, size ? size : 1);
    return p ? p : out_of_memory(size);
}

#define KPIRT_POOL_BLOCK 65536

struct kpirt_pool_block {
    kpirt_pool_block *next;
    size_t used, cap;
    char data[];
};

char *kpirt_pool_strndup(kpirt_pool *pool, const char *s, size_t len) {
    kpirt_pool_block *b = pool->head;
    if (!b || b->cap - b->used < len + 1) {
        size_t cap = len + 1 > KPIRT_POOL_BLOCK ? len + 1 : KPIRT_POOL_BLOCK;
        b = kpirt_xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = pool->head;
        pool->head = b;
    }
    char *p = b->data + b->used;
    memcpy(p, s, len);
    p[len] = 0;
    b->used += len + 1;
    return p;
}

void kpirt_pool_free(kpirt_pool *pool) {
    while (pool->head) {
        kpirt_pool_block *next = pool->head->next;
        free(pool->head);
        pool->head = next;
    }
}

size_t kpirt_escape_controls_len(char *dst, size_t cap, const char *src, size_t len) {
    size_t o = 0;
    if (cap == 0) return 0;
    const unsigned char *p = (const unsigned char *)src, *end = p + len;
    while (p < end && o + 1 < cap) {
        char esc[8];
        int n = 0;
        size_t bidi = end - p >= 3 ? kpirt_bidi_control_length(p) : 0;
        if (kpirt_is_control_byte(*p)) {
            n = snprintf(esc, sizeof esc, "\\x%02x", *p);
            p += 1;
        } else if (bidi) {
            n = snprintf(esc, sizeof esc, "\\u%04x", 0x2000 | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F));
            p += bidi;
        } else {
            dst[o++] = (char)*p++;
            continue;
        }
        if (o + (size_t)n + 1 > cap) break;
        memcpy(dst + o, esc, (size_t)n);
        o += (size_t)n;
    }
    dst[o] = '\0';
    return o;
}

size_t kpirt_escape_controls(char *dst, size_t cap, const char *src) {
    return kpirt_escape_controls_len(dst, cap, src, strlen(src));
}

/* The one distance behind every "did you mean", the compiler's included (kpirt.h). */
unsigned kpirt_edit_distance(const char *a, const char *b, unsigned cap) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return cap + 1;
    if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
    unsigned d[66][66];
    for (size_t i = 0; i <= la; i++) d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            unsigned cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            unsigned best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb] > cap ? cap + 1 : d[la][lb];
}

unsigned kpirt_suggest_limit(const char *word) {
    size_t len = strlen(word);
    return len <= 3 ? 1 : len <= 6 ? 2 : 3;
}

bool kpirt_suggest_offer(const char *word, const char *candidate, const char **best,
                         unsigned *best_distance) {
    unsigned cap = kpirt_suggest_limit(word);
    unsigned d = kpirt_edit_distance(word, candidate, cap);
    if (d > cap) return false;
    if (*best && (d > *best_distance || (d == *best_distance && strcmp(candidate, *best) >= 0))) return false;
    *best = candidate;
    *best_distance = d;
    return true;
}

const char *kpirt_closest_name(const char *name, const char *const *candidates, size_t count) {
    const char *best = NULL;
    unsigned best_d = (unsigned)-1;
    unsigned limit = (unsigned)(strlen(name) / 4 + 1);
    for (size_t i = 0; i < count; i++) {
        unsigned d = kpirt_edit_distance(name, candidates[i], limit);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best_d <= limit ? best : NULL;
}
