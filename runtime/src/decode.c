/*
** decode.c: gzip and zstd exports read as they are, without unpacking.
**
** The first bytes of a source decide what it is, by their magic numbers and
** never by the file's name (a pipe has none): gzip (1F 8B), zstd
** (28 B5 2F FD), or plain text, which passes straight through into the CSV
** reader's buffer. Formats that are recognised but not read (xz, bzip2, zip,
** ...) are refused up front with what to do instead, rather than reported as
** binary garbage by the CSV reader.
**
** Decompression streams in constant memory (zlib's 32 KiB window, zstd's
** frame window) and handles multi-member gzip and multi-frame zstd files.
** On a machine with more than one core it runs on a second thread, which
** inflates into a small ring of blocks while the CSV reader consumes the
** previous ones: the evaluation then takes about as long as decompression
** alone (bench/, docs/performance.md). A stream that is corrupt, cut short,
** or followed by stray bytes is an error that names the file and the byte
** of the compressed file where it was found; decoded bytes before it are
** delivered first, so the CSV reader can also say which line it reached.
*/
#include "decode.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#define INPUT_SIZE (128 * 1024) /* compressed bytes read at a time */
#define BLOCK_SIZE (256 * 1024) /* decoded bytes handed over at a time */
#define RING 4                  /* blocks in flight between the threads */
#define MAGIC_MAX 6             /* the longest magic number looked at */

typedef enum step { STEP_MORE, STEP_END, STEP_ERROR } step;

struct kpirt_decoder {
    kpirt_read_fn read;
    void *user;
    const char *name;
    kpirt_compression kind;
    char *input;                 /* compressed input (plain: the sniffed first bytes) */
    size_t input_len, input_pos; /* plain: bytes sniffed, handed out */
    uint64_t input_total;        /* bytes read from the source so far */
    bool input_eof;
    char message[KPIRT_MESSAGE_MAX]; /* set once, when the stream fails */
    bool failed;

    z_stream z; /* gzip */
    bool z_ready, member_open;
    ZSTD_DCtx *zd;       /* zstd */
    size_t zstd_pending; /* the last ZSTD_decompressStream result: 0 at a frame's end */
    uint64_t stream_end; /* where the last gzip member or zstd frame ended */

    /* threaded: the decoding thread fills blocks[produced % RING], the reader
       empties blocks[consumed % RING]; both counters only grow */
    bool threaded;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t filled, emptied;
    char *blocks[RING];
    size_t block_len[RING], taken;
    unsigned produced, consumed;
    bool done, stop;
};

static step fail(kpirt_decoder *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static step fail(kpirt_decoder *d, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    d->failed = true;
    return STEP_ERROR;
}

/* Reads the next piece of compressed input into d->input. */
static step read_input(kpirt_decoder *d) {
    if (d->input_eof) return STEP_END;
    /* the reader has stopped early: the thread ends without waiting for more of a pipe */
    if (d->threaded && __atomic_load_n(&d->stop, __ATOMIC_RELAXED)) return STEP_ERROR;
    long n = d->read(d->user, d->input, INPUT_SIZE);
    if (n < 0) return fail(d, "read error after byte %llu of the file", (unsigned long long)d->input_total);
    if (n == 0) d->input_eof = true;
    d->input_len = (size_t)n;
    d->input_pos = 0;
    d->input_total += (uint64_t)n;
    return n == 0 ? STEP_END : STEP_MORE;
}

/* The byte of the compressed file that the decoder reached (1-based). */
static unsigned long long input_byte(const kpirt_decoder *d, size_t unread) {
    return (unsigned long long)(d->input_total - unread) + 1;
}

static step truncated(kpirt_decoder *d, const char *format) {
    return fail(d,
                "the %s data is cut short: the file ends after %llu bytes, inside a compressed block, so "
                "the rows from here on are missing (copy or download the whole file again)",
                format, (unsigned long long)d->input_total);
}

/* ---- gzip ------------------------------------------------------------------------ */

static step trailing(kpirt_decoder *d, const char *format) {
    return fail(
        d,
        "unexpected bytes after the end of the %s data, at byte %llu of the file (a damaged or padded "
        "file; '%s -t %s' tells more)",
        format, (unsigned long long)d->stream_end + 1, format, d->name);
}

/* Decodes into out until it is full (STEP_MORE), the input ends (STEP_END) or fails. */
static step gzip_decode(kpirt_decoder *d, char *out, size_t cap, size_t *len) {
    z_stream *z = &d->z;
    for (;;) {
        if (*len == cap) return STEP_MORE;
        if (z->avail_in > 0 || d->member_open) {
            /* after a member only another member may follow: a lone newline is no gzip header */
            if (!d->member_open && z->next_in[0] != 0x1F) return trailing(d, "gzip");
            bool in_member = d->member_open;
            z->next_out = (Bytef *)out + *len;
            z->avail_out = (uInt)(cap - *len);
            int rc = inflate(z, Z_NO_FLUSH);
            *len = cap - z->avail_out;
            if (rc == Z_STREAM_END) { /* a member ends; another may follow */
                d->member_open = false;
                d->stream_end = d->input_total - z->avail_in;
                inflateReset(z);
                continue;
            }
            if (rc == Z_DATA_ERROR && !in_member) return trailing(d, "gzip");
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                return fail(d,
                            "corrupt gzip data near byte %llu of the file (%s): the file is damaged and its "
                            "rows cannot be trusted (copy or download it again)",
                            input_byte(d, z->avail_in),
                            z->msg              ? z->msg
                            : rc == Z_MEM_ERROR ? "out of memory"
                                                : "inflate failed");
            d->member_open = true;
            if (z->avail_out == 0) continue;
        }
        step s = read_input(d);
        if (s == STEP_ERROR) return s;
        if (s == STEP_END) return d->member_open ? truncated(d, "gzip") : STEP_END;
        z->next_in = (Bytef *)d->input;
        z->avail_in = (uInt)d->input_len;
    }
}

/* ---- zstd ------------------------------------------------------------------------ */

static step zstd_decode(kpirt_decoder *d, char *out, size_t cap, size_t *len) {
    for (;;) {
        if (*len == cap) return STEP_MORE;
        /* between frames (zstd_pending 0) with no input, the decoder has nothing to do: read */
        if (d->input_pos < d->input_len || d->zstd_pending) {
            /* after a frame only another frame (28 B5 2F FD) or a skippable one (5? 2A 4D 18) may follow */
            unsigned char next = d->input_pos < d->input_len ? (unsigned char)d->input[d->input_pos] : 0x28;
            if (!d->zstd_pending && next != 0x28 && (next & 0xF0) != 0x50) return trailing(d, "zstd");
            ZSTD_inBuffer in = {d->input, d->input_len, d->input_pos};
            ZSTD_outBuffer o = {out, cap, *len};
            size_t rc = ZSTD_decompressStream(d->zd, &o, &in);
            d->input_pos = in.pos;
            *len = o.pos;
            if (ZSTD_isError(rc)) {
                if (!d->zstd_pending && ZSTD_getErrorCode(rc) == ZSTD_error_prefix_unknown)
                    return trailing(d, "zstd");
                return fail(d,
                            "corrupt zstd data near byte %llu of the file (%s): the file is damaged and its "
                            "rows cannot be trusted (copy or download it again)",
                            input_byte(d, d->input_len - d->input_pos), ZSTD_getErrorName(rc));
            }
            d->zstd_pending = rc;
            if (rc == 0) d->stream_end = d->input_total - (d->input_len - d->input_pos);
            if (o.pos == o.size || in.pos < in.size) continue;
        }
        step s = read_input(d);
        if (s == STEP_ERROR) return s;
        if (s == STEP_END) return d->zstd_pending ? truncated(d, "zstd") : STEP_END;
    }
}

static step decode(kpirt_decoder *d, char *out, size_t cap, size_t *len) {
    *len = 0;
    return d->kind == KPIRT_GZIP ? gzip_decode(d, out, cap, len) : zstd_decode(d, out, cap, len);
}

/* ---- the decoding thread --------------------------------------------------------- */

static void *decode_thread(void *arg) {
    kpirt_decoder *d = arg;
    for (;;) {
        pthread_mutex_lock(&d->lock);
        bool stop;
        while (!(stop = __atomic_load_n(&d->stop, __ATOMIC_RELAXED)) && d->produced - d->consumed == RING)
            pthread_cond_wait(&d->emptied, &d->lock);
        pthread_mutex_unlock(&d->lock);
        if (stop) break;
        unsigned slot = d->produced % RING;
        size_t len;
        step s = decode(d, d->blocks[slot], BLOCK_SIZE, &len);
        pthread_mutex_lock(&d->lock);
        d->block_len[slot] = len;
        if (len) d->produced++;
        if (s != STEP_MORE) d->done = true;
        pthread_cond_signal(&d->filled);
        pthread_mutex_unlock(&d->lock);
        if (s != STEP_MORE) break;
    }
    return NULL;
}

static long read_threaded(kpirt_decoder *d, char *buf, size_t cap) {
    pthread_mutex_lock(&d->lock);
    while (d->produced == d->consumed && !d->done) pthread_cond_wait(&d->filled, &d->lock);
    bool empty = d->produced == d->consumed;
    pthread_mutex_unlock(&d->lock);
    if (empty) return d->failed ? -1 : 0;
    unsigned slot = d->consumed % RING;
    size_t n = d->block_len[slot] - d->taken;
    if (n > cap) n = cap;
    memcpy(buf, d->blocks[slot] + d->taken, n);
    d->taken += n;
    if (d->taken == d->block_len[slot]) {
        d->taken = 0;
        pthread_mutex_lock(&d->lock);
        d->consumed++;
        pthread_cond_signal(&d->emptied);
        pthread_mutex_unlock(&d->lock);
    }
    return (long)n;
}

/* ---- opening: the magic numbers --------------------------------------------------- */

typedef struct magic {
    const char *bytes;
    size_t len;
    const char *refusal; /* NULL: read */
    kpirt_compression kind;
} magic;

static const magic magics[] = {
    {"\x1F\x8B", 2, NULL, KPIRT_GZIP},
    {"\x28\xB5\x2F\xFD", 4, NULL, KPIRT_ZSTD},
    {"\xFD"
     "7zXZ\0",
     6,
     "compressed with xz, which is not read directly; recompress it with gzip or zstd, or pipe "
     "it in (xz -dc FILE | ... --data -)",
     KPIRT_PLAIN},
    {"BZh", 3,
     "compressed with bzip2, which is not read directly; recompress it with gzip or zstd, or pipe it "
     "in (bzip2 -dc FILE | ... --data -)",
     KPIRT_PLAIN},
    {"\x04\x22\x4D\x18", 4,
     "compressed with lz4, which is not read directly; recompress it with gzip or zstd, "
     "or pipe it in (lz4 -dc FILE | ... --data -)",
     KPIRT_PLAIN},
    {"\x1F\x9D", 2,
     "compressed with the old compress (.Z), which is not read directly; pipe it in "
     "(gzip -dc FILE | ... --data -)",
     KPIRT_PLAIN},
    {"PK\x03\x04", 4,
     "a zip archive (an .xlsx workbook is one too), not CSV text; unzip it, or export the "
     "sheet as CSV UTF-8",
     KPIRT_PLAIN},
    {"7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive, not CSV text; extract the CSV file from it", KPIRT_PLAIN},
};

static const magic *find_magic(const char *head, size_t len) {
    for (size_t i = 0; i < sizeof magics / sizeof *magics; i++)
        if (len >= magics[i].len && memcmp(head, magics[i].bytes, magics[i].len) == 0) {
            /* bzip2's "BZh" is followed by the block size, '1' to '9'; a header may start with "BZh" */
            if (magics[i].bytes[0] == 'B' && (len < 4 || head[3] < '1' || head[3] > '9')) continue;
            return &magics[i];
        }
    return NULL;
}

static bool start_codec(kpirt_decoder *d) {
    if (d->kind == KPIRT_GZIP) {
        /* 16 + MAX_WBITS: gzip framing only, with its CRC-32 and length checked at every member's end */
        if (inflateInit2(&d->z, 16 + MAX_WBITS) != Z_OK) return false;
        d->z_ready = true;
        d->member_open = true; /* the magic number starts the first member */
        d->z.next_in = (Bytef *)d->input;
        d->z.avail_in = (uInt)d->input_len;
        return true;
    }
    d->zd = ZSTD_createDCtx();
    return d->zd != NULL;
}

static void start_thread(kpirt_decoder *d) {
    if (pthread_mutex_init(&d->lock, NULL) != 0) return;
    if (pthread_cond_init(&d->filled, NULL) != 0) goto no_filled;
    if (pthread_cond_init(&d->emptied, NULL) != 0) goto no_emptied;
    for (int i = 0; i < RING; i++) d->blocks[i] = kpirt_xmalloc(BLOCK_SIZE);
    d->threaded = true; /* before the thread starts: it reads the flag */
    if (pthread_create(&d->thread, NULL, decode_thread, d) == 0) return;
    d->threaded = false;
    for (int i = 0; i < RING; i++) free(d->blocks[i]);
    pthread_cond_destroy(&d->emptied);
no_emptied:
    pthread_cond_destroy(&d->filled);
no_filled:
    pthread_mutex_destroy(&d->lock);
}

kpirt_decoder *kpirt_decoder_open(kpirt_ctx *ctx, const char *name, kpirt_read_fn read, void *user,
                                  bool threaded) {
    kpirt_decoder *d = kpirt_xcalloc(1, sizeof *d);
    d->read = read;
    d->user = user;
    d->name = name;
    d->input = kpirt_xmalloc(INPUT_SIZE);
    /* the magic numbers need the first few bytes, which a pipe may deliver one at a time; reads
       ask for as much as fits, as the CSV reader's would (a stream may not expect tiny reads) */
    while (d->input_len < MAGIC_MAX) {
        long n = read(user, d->input + d->input_len, INPUT_SIZE - d->input_len);
        if (n < 0) {
            kpirt_ctx_fail(ctx, "%s: read error", name);
            kpirt_decoder_close(d);
            return NULL;
        }
        if (n == 0) {
            d->input_eof = true;
            break;
        }
        d->input_len += (size_t)n;
    }
    d->input_total = d->input_len;
    const magic *m = find_magic(d->input, d->input_len);
    if (m && m->refusal) {
        kpirt_ctx_fail(ctx, "%s: the file is %s", name, m->refusal);
        kpirt_decoder_close(d);
        return NULL;
    }
    d->kind = m ? m->kind : KPIRT_PLAIN;
    if (d->kind == KPIRT_PLAIN) return d;
    if (!start_codec(d)) {
        kpirt_ctx_fail(ctx, "%s: cannot start the %s decompressor (out of memory)", name,
                       d->kind == KPIRT_GZIP ? "gzip" : "zstd");
        kpirt_decoder_close(d);
        return NULL;
    }
    /* one core: no thread to overlap with, so decode straight into the reader's buffer */
    if (threaded && sysconf(_SC_NPROCESSORS_ONLN) > 1) start_thread(d);
    return d;
}

long kpirt_decoder_read(void *decoder, char *buf, size_t cap) {
    kpirt_decoder *d = decoder;
    if (d->kind == KPIRT_PLAIN) {
        if (d->input_pos < d->input_len) {
            size_t n = d->input_len - d->input_pos < cap ? d->input_len - d->input_pos : cap;
            memcpy(buf, d->input + d->input_pos, n);
            d->input_pos += n;
            return (long)n;
        }
        return d->input_eof ? 0 : d->read(d->user, buf, cap);
    }
    if (d->threaded) return read_threaded(d, buf, cap);
    if (d->failed) return -1;
    size_t len;
    step s = decode(d, buf, cap, &len);
    if (len) return (long)len; /* an error or the end comes with the next call */
    return s == STEP_ERROR ? -1 : 0;
}

const char *kpirt_decoder_verify(kpirt_decoder *d) {
    if (d->kind == KPIRT_PLAIN) return NULL;
    char *sink = kpirt_xmalloc(BLOCK_SIZE);
    while (kpirt_decoder_read(d, sink, BLOCK_SIZE) > 0) {}
    free(sink);
    return kpirt_decoder_error(d);
}

const char *kpirt_decoder_error(const kpirt_decoder *d) {
    return d->failed ? d->message : NULL;
}

kpirt_compression kpirt_decoder_kind(const kpirt_decoder *d) {
    return d->kind;
}

void kpirt_decoder_close(kpirt_decoder *d) {
    if (!d) return;
    if (d->threaded) {
        pthread_mutex_lock(&d->lock);
        __atomic_store_n(&d->stop, true, __ATOMIC_RELAXED);
        pthread_cond_signal(&d->emptied);
        pthread_mutex_unlock(&d->lock);
        pthread_join(d->thread, NULL);
        for (int i = 0; i < RING; i++) free(d->blocks[i]);
        pthread_cond_destroy(&d->emptied);
        pthread_cond_destroy(&d->filled);
        pthread_mutex_destroy(&d->lock);
    }
    if (d->z_ready) inflateEnd(&d->z);
    ZSTD_freeDCtx(d->zd);
    free(d->input);
    free(d);
}
