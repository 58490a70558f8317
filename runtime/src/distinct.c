/*
** distinct.c: exact count_distinct in compact memory.
**
** count_distinct cannot be rolled up from daily counts, so the runtime keeps
** which values it has seen in which period. Each distinct value (per metric)
** is stored once, whatever the review rhythms: its bytes in a string pool, a
** 16-byte record, a 4-byte slot of an open-addressing index at most half
** full, and per review rhythm the period it was first seen in (4 bytes). A
** value seen again in that period costs nothing more; only a value seen in
** a second period of a rhythm adds a (value, rhythm, period) key to a set of
** pairs. About 40 bytes per distinct value plus its bytes, where one entry
** per value per rhythm with its own copy of the bytes took about 170
** (bench/distinct measures it).
**
** The index hashes values with SipHash-1-3 under a key drawn at random for
** each run, so data crafted to collide cannot turn lookups linear.
*/
#include "kpirt_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* ---- SipHash-1-3 (Aumasson and Bernstein), 64-bit output ------------------------- */

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND(v0, v1, v2, v3) \
    do {                         \
        v0 += v1;                \
        v1 = ROTL(v1, 13);       \
        v1 ^= v0;                \
        v0 = ROTL(v0, 32);       \
        v2 += v3;                \
        v3 = ROTL(v3, 16);       \
        v3 ^= v2;                \
        v0 += v3;                \
        v3 = ROTL(v3, 21);       \
        v3 ^= v0;                \
        v2 += v1;                \
        v1 = ROTL(v1, 17);       \
        v1 ^= v2;                \
        v2 = ROTL(v2, 32);       \
    } while (0)

uint64_t kpirt_siphash(const uint64_t key[2], const void *data, size_t len) {
    const unsigned char *p = data;
    uint64_t v0 = 0x736f6d6570736575ULL ^ key[0], v1 = 0x646f72616e646f6dULL ^ key[1];
    uint64_t v2 = 0x6c7967656e657261ULL ^ key[0], v3 = 0x7465646279746573ULL ^ key[1];
    size_t whole = len - len % 8;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m;
        memcpy(&m, p + i, 8); /* little-endian hosts, as everywhere in the runtime */
        v3 ^= m;
        SIPROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    uint64_t last = (uint64_t)len << 56;
    for (size_t i = 0; i < len % 8; i++) last |= (uint64_t)p[whole + i] << (8 * i);
    v3 ^= last;
    SIPROUND(v0, v1, v2, v3);
    v0 ^= last;
    v2 ^= 0xff;
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

void kpirt_random_key(uint64_t key[2]) {
    if (getrandom(key, 2 * sizeof *key, GRND_NONBLOCK) == (ssize_t)(2 * sizeof *key)) return;
    /* No entropy yet (early boot): still different for every run and process. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    key[0] = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^ (uint64_t)(uintptr_t)key;
    key[1] = ((uint64_t)getpid() << 32) ^ (uint64_t)clock();
}

/* ---- the store ------------------------------------------------------------------------- */

void kpirt_distinct_init(kpirt_distinct_store *s) {
    memset(s, 0, sizeof *s);
    kpirt_random_key(s->key);
}

void kpirt_distinct_free(kpirt_distinct_store *s) {
    free(s->values);
    free(s->index);
    free(s->first_period);
    free(s->pairs);
    free(s->counts);
    kpirt_pool_free(&s->strings);
    memset(s, 0, sizeof *s);
}

static uint64_t count_key(uint32_t metric, kpirt_granularity g, int32_t period) {
    return ((uint64_t)(metric + 1) << 35) | ((uint64_t)g << 32) | (uint32_t)period;
}

/* A 64-bit key's slot: keyed too, since periods and ids follow the data. */
static size_t key_slot(const kpirt_distinct_store *s, uint64_t key, size_t cap) {
    return (size_t)kpirt_siphash(s->key, &key, sizeof key) & (cap - 1);
}

static kpirt_distinct_count *count_slot(const kpirt_distinct_store *s, kpirt_distinct_count *table,
                                        size_t cap, uint64_t key) {
    size_t i = key_slot(s, key, cap);
    while (table[i].key && table[i].key != key) i = (i + 1) & (cap - 1);
    return &table[i];
}

static void count_increment(kpirt_distinct_store *s, uint64_t key) {
    if ((s->count_used + 1) * 2 > s->count_cap) {
        size_t cap = s->count_cap ? s->count_cap * 2 : 64;
        kpirt_distinct_count *table = kpirt_xcalloc(cap, sizeof *table);
        for (size_t i = 0; i < s->count_cap; i++)
            if (s->counts[i].key) *count_slot(s, table, cap, s->counts[i].key) = s->counts[i];
        free(s->counts);
        s->counts = table;
        s->count_cap = cap;
    }
    kpirt_distinct_count *slot = count_slot(s, s->counts, s->count_cap, key);
    if (!slot->key) {
        slot->key = key;
        s->count_used++;
    }
    slot->count++;
}

int64_t kpirt_distinct_count_of(const kpirt_distinct_store *s, uint32_t metric, kpirt_granularity g,
                                int32_t period) {
    if (!s->count_cap) return 0;
    return count_slot(s, s->counts, s->count_cap, count_key(metric, g, period))->count;
}

static uint64_t value_hash(const kpirt_distinct_store *s, uint32_t metric, const char *ptr, size_t len) {
    uint64_t k[2] = {s->key[0] ^ metric, s->key[1]};
    return kpirt_siphash(k, ptr, len);
}

/* The index slot of a value: its id, or the empty slot where it belongs. */
static uint32_t *index_slot(const kpirt_distinct_store *s, uint32_t *index, size_t cap, uint64_t hash,
                            uint32_t metric, const char *ptr, size_t len) {
    size_t i = (size_t)hash & (cap - 1);
    for (;; i = (i + 1) & (cap - 1)) {
        uint32_t id = index[i];
        if (!id) return &index[i];
        const kpirt_distinct_value *v = &s->values[id];
        if (v->len == len && v->metric == metric && memcmp(v->text, ptr, len) == 0) return &index[i];
    }
}

static void grow_index(kpirt_distinct_store *s) {
    size_t cap = s->index_cap ? s->index_cap * 2 : 1024;
    uint32_t *index = kpirt_xcalloc(cap, sizeof *index);
    for (uint32_t id = 1; id <= s->value_count; id++) {
        const kpirt_distinct_value *v = &s->values[id];
        *index_slot(s, index, cap, value_hash(s, v->metric, v->text, v->len), v->metric, v->text, v->len) =
            id;
    }
    free(s->index);
    s->index = index;
    s->index_cap = cap;
}

/* The id of a value, added when new (*is_new); ids start at 1, 0 marks an empty slot. */
static uint32_t intern(kpirt_distinct_store *s, uint32_t metric, const char *ptr, size_t len, bool *is_new) {
    if ((size_t)(s->value_count + 1) * 2 > s->index_cap) grow_index(s);
    uint32_t *slot = index_slot(s, s->index, s->index_cap, value_hash(s, metric, ptr, len), metric, ptr, len);
    *is_new = !*slot;
    if (*slot) return *slot;
    if (s->value_count + 1 >= s->value_cap) {
        uint32_t cap = s->value_cap ? s->value_cap * 2 : 1024;
        s->values = kpirt_xrealloc(s->values, (size_t)cap * sizeof *s->values);
        s->first_period =
            kpirt_xrealloc(s->first_period, (size_t)cap * s->kept_count * sizeof *s->first_period);
        s->value_cap = cap;
    }
    uint32_t id = ++s->value_count;
    s->values[id] = (kpirt_distinct_value){kpirt_pool_strndup(&s->strings, ptr, len), (uint32_t)len, metric};
    *slot = id;
    return id;
}

static size_t pair_slot(const kpirt_distinct_store *s, const uint64_t *pairs, size_t cap, uint64_t key) {
    size_t i = key_slot(s, key, cap);
    while (pairs[i] && pairs[i] != key) i = (i + 1) & (cap - 1);
    return i;
}

/* Adds (value, rhythm, period) to the set of later sightings; false when it was there. */
static bool pair_insert(kpirt_distinct_store *s, uint64_t key) {
    if ((s->pair_used + 1) * 2 > s->pair_cap) {
        size_t cap = s->pair_cap ? s->pair_cap * 2 : 1024;
        uint64_t *pairs = kpirt_xcalloc(cap, sizeof *pairs);
        for (size_t i = 0; i < s->pair_cap; i++)
            if (s->pairs[i]) pairs[pair_slot(s, pairs, cap, s->pairs[i])] = s->pairs[i];
        free(s->pairs);
        s->pairs = pairs;
        s->pair_cap = cap;
    }
    size_t i = pair_slot(s, s->pairs, s->pair_cap, key);
    if (s->pairs[i]) return false;
    s->pairs[i] = key;
    s->pair_used++;
    return true;
}

/* The rhythms kept are known once the context is made: each gets its slot. */
static void settle_kept(kpirt_distinct_store *s) {
    if (s->kept_count) return;
    for (int g = 0; g < KPIRT_GRANULARITIES; g++) s->kept_slot[g] = s->kept[g] ? s->kept_count++ : -1;
    if (!s->kept_count) s->kept_count = UINT8_MAX; /* no rhythm kept: count nothing */
}

static int full(kpirt_ctx *ctx, uint32_t metric) {
    return kpirt_ctx_fail(ctx, "count_distinct of metric \"%s\" holds more than 536 million values",
                          ctx->program->metrics[metric].name);
}

/* Value id (of metric) seen in a period of rhythm g: counted once per period. */
static void observe(kpirt_distinct_store *s, uint32_t id, bool is_new, uint32_t metric, int g,
                    int32_t period) {
    int32_t *first = &s->first_period[(size_t)id * s->kept_count + (size_t)s->kept_slot[g]];
    bool counted;
    if (is_new) {
        *first = period;
        counted = true;
    } else {
        counted =
            *first != period && pair_insert(s, ((uint64_t)id << 35) | ((uint64_t)g << 32) | (uint32_t)period);
    }
    if (counted) count_increment(s, count_key(metric, (kpirt_granularity)g, period));
}

int kpirt_distinct_add(kpirt_ctx *ctx, uint32_t metric, kpirt_day day, const char *ptr, size_t len) {
    kpirt_distinct_store *s = &ctx->distinct;
    if (len == 0) return 0; /* an empty field is no observation */
    if (ctx->replaced && kpirt_day_ranges_has(ctx->replaced, day)) return 0; /* a later file gives this day */
    settle_kept(s);
    if (s->kept_count != UINT8_MAX) {
        if (len > UINT32_MAX || s->value_count >= (1u << 29) - 1) return full(ctx, metric);
        bool is_new;
        uint32_t id = intern(s, metric, ptr, len, &is_new);
        for (int g = 0; g < KPIRT_GRANULARITIES; g++)
            if (s->kept_slot[g] >= 0)
                observe(s, id, is_new, metric, g, kpirt_period_of(day, (kpirt_granularity)g));
    }
    /* The day cell counts rows, so "does this period have data" works as for other metrics. */
    kpirt_cell *cell = &kpirt_day_cells(ctx, day)[metric];
    cell->count++;
    return 0;
}

/*
** A set is the union of the chunks' sets: every value of src is interned
** again, then seen in each period src saw it in (its first period per
** rhythm, and its later sightings). The order of the sightings changes
** which period is stored as "first", never a count.
*/
int kpirt_distinct_merge(kpirt_ctx *ctx, const kpirt_distinct_store *src) {
    kpirt_distinct_store *s = &ctx->distinct;
    if (src->value_count == 0 || src->kept_count == 0 || src->kept_count == UINT8_MAX) return 0;
    settle_kept(s);
    uint32_t *ids = kpirt_xmalloc(((size_t)src->value_count + 1) * sizeof *ids);
    for (uint32_t id = 1; id <= src->value_count; id++) {
        const kpirt_distinct_value *v = &src->values[id];
        if (s->value_count >= (1u << 29) - 1) {
            free(ids);
            return full(ctx, v->metric);
        }
        bool is_new;
        ids[id] = intern(s, v->metric, v->text, v->len, &is_new);
        for (int g = 0; g < KPIRT_GRANULARITIES; g++)
            if (src->kept_slot[g] >= 0)
                observe(s, ids[id], is_new, v->metric, g,
                        src->first_period[(size_t)id * src->kept_count + (size_t)src->kept_slot[g]]);
    }
    for (size_t i = 0; i < src->pair_cap; i++) {
        uint64_t key = src->pairs[i];
        if (!key) continue;
        uint32_t id = (uint32_t)(key >> 35);
        observe(s, ids[id], false, src->values[id].metric, (int)((key >> 32) & 7), (int32_t)(uint32_t)key);
    }
    free(ids);
    return 0;
}
