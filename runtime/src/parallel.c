/*
** parallel.c: one data file read on several threads, with the result of
** one reader.
**
** The records after the header are cut into chunks, a few per thread so
** that a thread slowed down by a busy machine holds up little. A cut goes
** after a line end, and only after one where the next few lines parse as
** records with the header's number of fields when read as if outside any
** quotes: a line end inside a quoted field rarely passes. Each chunk is
** read with its own reader into its own context (cells, count_distinct
** sets, bad rows), threads taking the next chunk as they finish one.
**
** Then, in file order, each chunk is checked and merged:
**   - the previous chunk read its last record to its end, wherever that
**     was; a chunk counts only if it starts exactly there. Otherwise the
**     cut was inside a quoted field after all, and the chunk is read again
**     from the true start (or dropped, when a long record covered it);
**   - a chunk did not know its first line number; when it has a message
**     that will be shown (a bad row, an error), it is read again from its
**     line;
**   - a daily sum that overflows (in a chunk or in the merge) can only be
**     placed at its row by reading in order: the rest of the file is then
**     read on this thread;
**   - the first chunk that stopped at an error gives the error, as the
**     first bad row in file order would.
** So the report, the warnings and every message are those of one thread
** (tests/e2e/run_threads.sh compares them).
*/
#include "csv.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNKS_PER_THREAD 4
#define MIN_CHUNK (1 << 20) /* a smaller chunk costs more to set up and merge than it saves */
#define PROBE_BYTES 65536   /* where a cut is looked for after its ideal place */
#define PROBE_RECORDS 4     /* records that must parse after a cut */
#define MAX_THREADS 256

typedef struct chunk {
    int64_t start, stop; /* reads the records that start in [start, stop) */
    int64_t first_line;  /* the line at start; 1 while not known */
    int64_t end;         /* out: where its last record ended */
    int64_t lines;       /* out: line ends read */
    kpirt_ctx *ctx;
    int rc;
    bool cut_short, read_failed;
    bool not_utf8; /* out: its bytes, or those read ahead, hold one that is not UTF-8 */
} chunk;

typedef struct plan {
    kpirt_ctx *main;
    const kpirt_source_desc *src;
    const char *name;
    const kpirt_csv_header *header;
    char delim;
    kpirt_split_file *file;
    chunk *chunks;
    uint32_t chunk_count;
    atomic_uint next;
} plan;

typedef struct pread_source {
    int fd;
    int64_t pos, size;
    bool cut_short;
} pread_source;

/* A kpirt_read_fn over the file from pos to the size it had when opened. */
static long read_at(void *user, char *buf, size_t cap) {
    pread_source *in = user;
    if ((int64_t)cap > in->size - in->pos) cap = (size_t)(in->size - in->pos);
    if (cap == 0) return 0;
    ssize_t n;
    do n = pread(in->fd, buf, cap, (off_t)in->pos);
    while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
    if (n == 0) in->cut_short = true; /* the file shrank: check_snapshot says so */
    in->pos += n;
    return (long)n;
}

/* Reads the records of [start, stop) (stop < 0: to the end) into ctx, the first on line `line`. */
static void read_chunk(const plan *p, chunk *c, kpirt_ctx *ctx, int64_t start, int64_t stop, int64_t line) {
    kpirt_csv_reader *r = kpirt_xcalloc(1, sizeof *r);
    pread_source in = {.fd = p->file->fd, .pos = start, .size = p->file->size};
    /* the bytes are checked as UTF-8 as one reader checks them, without a copy */
    kpirt_text_decoder *d = kpirt_xmalloc(sizeof *d);
    kpirt_text_init_at(d, read_at, &in, line);
    r->read = kpirt_text_read_fn();
    r->user = d;
    r->offset = start;
    r->line = line;
    r->col = 1;
    r->delim = p->delim;
    r->plain_ok = true;
    c->ctx = ctx;
    c->start = start;
    c->first_line = line;
    c->rc = kpirt_csv_read_rows(r, ctx, p->src, p->name, p->header, stop);
    c->not_utf8 = d->failed;
    if (d->failed) c->rc = kpirt_text_fail(d, ctx, p->name); /* it explains whatever error it caused */
    free(d);
    c->end = r->offset + (int64_t)r->pos;
    c->lines = r->line - line;
    c->read_failed = r->read_failed;
    c->cut_short = in.cut_short;
    kpirt_csv_free(r);
    free(r);
}

static kpirt_ctx *chunk_ctx(const plan *p) {
    kpirt_ctx *ctx = kpirt_ctx_new(p->main->program, p->main->on_bad_row);
    ctx->replaced = p->main->replaced;
    return ctx;
}

static void *worker(void *arg) {
    plan *p = arg;
    for (;;) {
        unsigned k = atomic_fetch_add(&p->next, 1);
        if (k >= p->chunk_count) return NULL;
        chunk *c = &p->chunks[k];
        read_chunk(p, c, chunk_ctx(p), c->start, c->stop, c->first_line);
    }
}

/*
** Do the records from b[0] on parse with `want` fields each, read as if
** outside quotes? At least one whole record, and up to PROBE_RECORDS.
*/
static bool records_fit(const char *b, size_t n, uint32_t want, char delim) {
    size_t i = 0;
    int whole = 0;
    while (whole < PROBE_RECORDS) {
        if (i >= n) return whole > 0;
        if (b[i] == '\n' || b[i] == '\r') { /* a blank line */
            i++;
            continue;
        }
        uint32_t fields = 0;
        for (;;) {
            if (i < n && b[i] == '"') {
                for (i++;; i++) {
                    if (i + 1 >= n) return whole > 0;
                    if (b[i] != '"') continue;
                    if (b[i + 1] != '"') break;
                    i++;
                }
                i++;
                if (b[i] != delim && b[i] != '\n' && b[i] != '\r') return false;
            } else {
                while (i < n && b[i] != delim && b[i] != '\n' && b[i] != '\r') i++;
            }
            fields++;
            if (i >= n) return whole > 0;
            if (b[i] != delim) break;
            i++;
        }
        i++; /* the line end (a CRLF's LF is a blank line above) */
        if (fields != want) return false;
        whole++;
    }
    return true;
}

/* A cut at or after `from`: the byte after a line end where records_fit; -1 when none is near. */
static int64_t find_cut(const plan *p, int64_t from, char *window) {
    size_t cap = 2 * PROBE_BYTES;
    ssize_t got;
    do got = pread(p->file->fd, window, cap, (off_t)from);
    while (got < 0 && errno == EINTR);
    if (got <= 0) return -1;
    size_t n = (size_t)got;
    for (size_t i = 0; i < n && i < PROBE_BYTES; i++) {
        const char *nl = memchr(window + i, '\n', (n < PROBE_BYTES ? n : PROBE_BYTES) - i);
        if (!nl) break;
        i = (size_t)(nl - window);
        if (i + 1 < n && records_fit(window + i + 1, n - i - 1, p->header->count, p->delim))
            return from + (int64_t)i + 1;
    }
    return -1;
}

/* The smallest chunk worth a thread; KPIRT_MIN_CHUNK (bytes) changes it, for tests. */
static int64_t min_chunk(void) {
    const char *env = getenv("KPIRT_MIN_CHUNK");
    if (env && *env) {
        char *end;
        long long v = strtoll(env, &end, 10);
        if (*end == 0 && v > 0) return v;
    }
    return MIN_CHUNK;
}

/* Cuts [data_start, size) into chunks; their count (1: nothing to share). */
static uint32_t plan_chunks(plan *p, int64_t data_start, uint32_t threads) {
    int64_t data = p->file->size - data_start, least = min_chunk();
    uint32_t n = threads * CHUNKS_PER_THREAD;
    while (n > 1 && data / n < least) n--;
    p->chunks = kpirt_xcalloc(n + 1, sizeof *p->chunks);
    p->chunks[0].start = data_start;
    uint32_t count = 1;
    char *window = kpirt_xmalloc(2 * PROBE_BYTES);
    for (uint32_t k = 1; k < n; k++) {
        int64_t ideal = data_start + (int64_t)((__int128)data * k / n);
        int64_t prev = p->chunks[count - 1].start;
        int64_t cut = find_cut(p, ideal > prev ? ideal : prev, window);
        if (cut <= prev || cut >= p->file->size) continue;
        p->chunks[count - 1].stop = cut;
        p->chunks[count++].start = cut;
    }
    free(window);
    p->chunks[count - 1].stop = p->file->size;
    for (uint32_t k = 0; k < count; k++) p->chunks[k].first_line = 1;
    return count;
}

/* A chunk's messages would be shown, so they need the right line numbers. */
static bool has_messages(const kpirt_ctx *main, const chunk *c) {
    return c->rc < 0 || c->read_failed ||
           (c->ctx->bad_row_count > 0 && main->bad_row_count < KPIRT_BAD_ROWS_KEPT);
}

/*
** Merges the chunks in file order into p->main (the header comment says
** the rules). Returns 0 or -1 as one reader would.
*/
static int merge_chunks(plan *p, int64_t line) {
    kpirt_ctx *main = p->main;
    int64_t pos = p->chunks[0].start;
    for (uint32_t k = 0; k < p->chunk_count; k++) {
        chunk *c = &p->chunks[k];
        if (c->stop <= pos) continue; /* a record before it ran past its end */
        if (c->start != pos)
            kpirt_ctx_note(main,
                           "%s:%lld: a cut fell inside a record (a quoted field holds line ends that "
                           "look like records); read again from there",
                           p->name, (long long)line);
        if (c->start != pos || (c->first_line != line && has_messages(main, c))) {
            kpirt_ctx_free(c->ctx);
            read_chunk(p, c, chunk_ctx(p), pos, c->stop, line);
        }
        p->file->cut_short |= c->cut_short;
        int merged = c->ctx->overflowed ? 1 : kpirt_ctx_merge(main, c->ctx);
        if (merged > 0) { /* only the rows in order can say where a sum overflows */
            kpirt_ctx_note(main, "%s: read on one thread from line %lld: a daily sum comes near its limit",
                           p->name, (long long)line);
            chunk rest = {0};
            read_chunk(p, &rest, main, pos, -1, line);
            p->file->cut_short |= rest.cut_short;
            if (rest.rc == 0 && rest.read_failed)
                return kpirt_ctx_fail(main, "%s: read error after line %lld", p->name,
                                      (long long)(line + rest.lines));
            return rest.rc;
        }
        if (merged < 0) return -1;
        if (c->rc < 0) {
            memcpy(main->error, c->ctx->error, sizeof main->error);
            main->has_error = true;
            return -1;
        }
        if (c->read_failed)
            return kpirt_ctx_fail(main, "%s: read error after line %lld", p->name,
                                  (long long)(line + c->lines));
        pos = c->end;
        line += c->lines;
    }
    return 0;
}

int kpirt_csv_read_split(kpirt_csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                         const kpirt_csv_header *header, kpirt_split_file *file) {
    uint32_t threads = ctx->threads < MAX_THREADS ? ctx->threads : MAX_THREADS;
    plan p = {.main = ctx, .src = src, .name = name, .header = header, .delim = r->delim, .file = file};
    int64_t data_start = r->offset + (int64_t)r->pos;
    p.chunk_count = plan_chunks(&p, data_start, threads);
    if (p.chunk_count < 2) {
        free(p.chunks);
        kpirt_ctx_note(ctx, "%s: read on one thread: %s", name,
                       file->size - data_start < 2 * min_chunk()
                           ? "the file is too small to share"
                           : "no place to cut it between records was found");
        return 1;
    }
    p.chunks[0].first_line = r->line;
    atomic_init(&p.next, 0);
    uint32_t helpers = (threads < p.chunk_count ? threads : p.chunk_count) - 1, started = 0;
    pthread_t *tid = kpirt_xcalloc(helpers + 1, sizeof *tid);
    for (; started < helpers; started++)
        if (pthread_create(&tid[started], NULL, worker, &p) != 0) break; /* fewer threads still work */
    worker(&p);
    for (uint32_t t = 0; t < started; t++) pthread_join(tid[t], NULL);
    free(tid);
    /* Which error one reader gives for a byte that is not UTF-8 depends on how far it had read
       ahead: only one reader can say. */
    for (uint32_t k = 0; k < p.chunk_count; k++) {
        if (!p.chunks[k].not_utf8) continue;
        for (uint32_t j = 0; j < p.chunk_count; j++) kpirt_ctx_free(p.chunks[j].ctx);
        free(p.chunks);
        kpirt_ctx_note(ctx, "%s: read on one thread: a byte is not UTF-8", name);
        return 1;
    }
    file->split = true;
    kpirt_ctx_note(ctx, "%s: read on %u thread%s in %u chunks", name, started + 1, started ? "s" : "",
                   p.chunk_count);
    int rc = merge_chunks(&p, r->line);
    for (uint32_t k = 0; k < p.chunk_count; k++) kpirt_ctx_free(p.chunks[k].ctx);
    free(p.chunks);
    return rc;
}
