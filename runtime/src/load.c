/*
** load.c: one source from bytes to accumulated rows.
**
** Maps the header's column names to the columns the program reads (with a
** did-you-mean when one is missing), checks every record's field count,
** hands each record to the program's row function, and applies the bad-row
** policy: stop at the first bad row, or skip it, count it and keep the
** first few messages. Also the entry points for files, memory and streams.
*/
#include "csv.h"
#include "decode.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Trims blanks from a header name in place. */
const char *kpirt_csv_trim_name(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
    return s;
}

/* Maps each column the program reads to a header field; -1 when one is missing. */
static int map_columns(kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                       const char **header, uint32_t header_count, uint32_t *map)
{
    for (uint32_t i = 0; i < src->column_count; i++) {
        const char *want = src->columns[i];
        int64_t found = -1;
        for (uint32_t h = 0; h < header_count && found < 0; h++)
            if (strcmp(header[h], want) == 0) found = h;
        for (uint32_t h = 0; h < header_count && found < 0; h++)
            if (strcasecmp(header[h], want) == 0) found = h;
        if (found >= 0) {
            map[i] = (uint32_t)found;
            continue;
        }
        const char *near = kpirt_closest_name(want, header, header_count);
        char list[256];
        size_t n = 0;
        list[0] = 0;
        for (uint32_t h = 0; h < header_count && n + 4 < sizeof list; h++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s\"%s\"", h ? ", " : "", header[h]);
        if (n >= sizeof list - 4) strcpy(list + sizeof list - 5, "...");
        if (near)
            return kpirt_ctx_fail(ctx, "%s:1: missing column \"%s\" (source \"%s\"); did you mean \"%s\"? "
                                  "The header has: %s", name, want, src->name, near, list);
        return kpirt_ctx_fail(ctx, "%s:1: missing column \"%s\" (source \"%s\"); the header has: %s",
                              name, want, src->name, list);
    }
    return 0;
}

/* Applies the bad-row policy to the error in ctx; returns 0 to go on, -1 to stop. */
static int bad_row(kpirt_ctx *ctx)
{
    if (ctx->on_bad_row == KPIRT_BAD_ROW_FAIL) return -1;
    if (ctx->bad_row_count < KPIRT_BAD_ROWS_KEPT)
        memcpy(ctx->bad_rows[ctx->bad_row_count++], ctx->error, sizeof ctx->error);
    ctx->rows_skipped++;
    ctx->has_error = false;
    ctx->error[0] = 0;
    return 0;
}

/*
** A read that failed: the decoder's reason (compressed data corrupt or cut
** short) at the line the CSV reader reached, or a plain read error.
*/
static int read_error(kpirt_ctx *ctx, const kpirt_csv_reader *r, const char *name)
{
    const char *why = kpirt_decoder_error(r->user);
    if (why) return kpirt_ctx_fail(ctx, "%s:%lld: %s", name, (long long)r->line, why);
    return kpirt_ctx_fail(ctx, "%s: read error after line %lld", name, (long long)r->line);
}

/* Reads the header line (after blank lines) and maps it to the program's columns. */
static int read_header(kpirt_csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                       kpirt_csv_header *h)
{
    if (kpirt_csv_start(r, ctx, name, src->delimiter) < 0) return -1;
    int rc;
    do rc = kpirt_csv_next(r, ctx, name);     /* blank lines before the header are skipped */
    while (rc == 1 && kpirt_csv_blank(r));
    if (rc < 0) return -1;
    if (rc == 0) {
        if (r->read_failed) return read_error(ctx, r, name);
        return kpirt_ctx_fail(ctx, "%s: empty file (expected a header line with the column names)", name);
    }

    /* The header's names live in their own copy: the record buffer is reused. */
    h->count = r->field_count;
    h->names = kpirt_xmalloc(r->rec_len);
    memcpy(h->names, r->rec, r->rec_len);
    h->fields = kpirt_xmalloc(h->count * sizeof *h->fields);
    for (uint32_t i = 0; i < h->count; i++) h->fields[i] = kpirt_csv_trim_name(h->names + r->fields[i].offset);
    h->map = kpirt_xcalloc(src->column_count, sizeof *h->map);
    return map_columns(ctx, src, name, h->fields, h->count, h->map);
}

int kpirt_csv_read_rows(kpirt_csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                        const kpirt_csv_header *header, int64_t stop)
{
    uint32_t header_count = header->count;
    kpirt_row row = {.ctx = ctx, .source = src, .file = name, .column_map = header->map};
    kpirt_source_report *stats = &ctx->sources[src - ctx->program->sources];
    int rc = 0;
    while (rc == 0) {
        if (stop >= 0 && r->offset + (int64_t)r->pos >= stop) break;
        int got = kpirt_csv_next(r, ctx, name);
        if (got < 0) { rc = -1; break; }
        if (got == 0) break;
        if (r->read_failed) break;            /* the record may be cut: the read error is the message */
        if (kpirt_csv_blank(r)) continue;
        ctx->rows_read++;
        stats->rows_read++;
        row.day = KPIRT_NO_DAY;
        int row_rc = 0;
        if (r->problem[0]) {
            row_rc = kpirt_ctx_fail(ctx, "%s", r->problem);
        } else if (r->field_count != header_count) {
            /* too many: point at the first extra field; too few: at the end of the record */
            bool extra = r->field_count > header_count;
            int64_t line = extra ? r->fields[header_count].line : r->end_line;
            uint32_t col = extra ? r->fields[header_count].column : r->end_col;
            row_rc = kpirt_ctx_fail(ctx, "%s:%lld:%u: wrong field count: expected %u fields as in the header, "
                                    "found %u", name, (long long)line, col, header_count, r->field_count);
        } else if (src->row) {
            row.text = r->rec;
            row.fields = r->fields;
            row.field_count = r->field_count;
            row.line = r->record_line;
            ctx->row = &row;
            row_rc = src->row(ctx, &row);
            ctx->row = NULL;
            if (row_rc < 0 && !ctx->has_error)
                kpirt_ctx_fail(ctx, "%s:%lld: the row was rejected", name, (long long)r->record_line);
        }
        if (row_rc < 0) {
            stats->rows_skipped++;
            if (bad_row(ctx) < 0) rc = -1;
        } else if (row.day != KPIRT_NO_DAY) {
            if (stats->first_day == KPIRT_NO_DAY || row.day < stats->first_day) stats->first_day = row.day;
            if (stats->last_day == KPIRT_NO_DAY || row.day > stats->last_day) stats->last_day = row.day;
        }
    }
    return rc;
}

static void free_header(kpirt_csv_header *h)
{
    free(h->map);
    free(h->fields);
    free(h->names);
}

/* Why a file is read on one thread, for --verbose; nothing when one was asked for. */
static void one_thread(kpirt_ctx *ctx, const char *name, const char *why)
{
    if (ctx->threads > 1) kpirt_ctx_note(ctx, "%s: read on one thread: %s", name, why);
}

static int load(kpirt_csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                kpirt_split_file *whole, kpirt_compression kind)
{
    kpirt_csv_header h = {0};
    int rc = read_header(r, ctx, src, name, &h);
    if (rc == 0) {
        rc = 1;
        if (!whole)
            one_thread(ctx, name, "a stream (standard input, a pipe) cannot be split; give the file itself");
        else if (kind != KPIRT_PLAIN)
            one_thread(ctx, name, kind == KPIRT_GZIP ? "gzip data is one stream; give the file uncompressed to read "
                       "it on every core" : "zstd data is one stream; give the file uncompressed to read it on every core");
        else if (!r->plain_ok)
            one_thread(ctx, name, "its delimiter is a quote or a line end");
        else if (ctx->threads > 1)
            rc = kpirt_csv_read_split(r, ctx, src, name, &h, whole);
        if (rc == 1) rc = kpirt_csv_read_rows(r, ctx, src, name, &h, -1);
    }
    if (rc == 0 && r->read_failed) rc = read_error(ctx, r, name);
    free_header(&h);
    return rc;
}

/* Loads through a decoder (decode.c: gzip and zstd are read as they are); *kind says what the bytes were. */
static int load_decoded(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user,
                        kpirt_split_file *whole, kpirt_compression *kind)
{
    *kind = KPIRT_PLAIN;
    if (source >= ctx->program->source_count)
        return kpirt_ctx_fail(ctx, "no source number %u", source);
    kpirt_decoder *d = kpirt_decoder_open(ctx, name, read, user, true);
    if (!d) return -1;
    *kind = kpirt_decoder_kind(d);
    kpirt_csv_reader *r = kpirt_xcalloc(1, sizeof *r);
    r->read = kpirt_decoder_read;
    r->user = d;
    r->line = 1;
    r->col = 1;
    int rc = load(r, ctx, &ctx->program->sources[source], name, whole, *kind);
    /* a failed read explains whatever error the bytes before it caused (a cut header, a cut row) */
    const char *why = NULL;
    if (rc < 0 && r->read_failed) read_error(ctx, r, name);
    /* garbage rows from a corrupt stream: the corruption is the message, the row it gave a detail */
    else if (rc < 0) why = kpirt_decoder_verify(d);
    if (why) {
        char first[KPIRT_MESSAGE_MAX];
        snprintf(first, sizeof first, "%s", kpirt_ctx_error(ctx));
        kpirt_ctx_fail(ctx, "%s: %s; the first bad row it gave: %s", name, why, first);
    }
    free(r->rec);
    free(r->fields);
    free(r);
    kpirt_decoder_close(d);
    return rc;
}

int kpirt_csv_load(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user)
{
    kpirt_compression kind;
    return load_decoded(ctx, source, name, read, user, NULL, &kind);
}

int kpirt_load_stream(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user)
{
    return kpirt_csv_load(ctx, source, name, read, user);
}

/*
** A data file is read as the snapshot it was when it was opened
** (docs/hardening.md): a regular file is read up to the size it had then, so
** rows appended during the evaluation are left for the next run, and a file
** that shrinks, is rewritten in place, or grew while its snapshot ends
** inside a record (a writer caught mid-row) is an error instead of a report
** on half a file. Pipes and terminals are read to their end.
*/
typedef struct file_reader {
    FILE *f;
    bool regular;
    off_t size, done;             /* regular files: size at open, bytes read */
    char last;                    /* the last byte read */
    bool cut_short;               /* the end came before the size at open */
} file_reader;

static long read_file(void *user, char *buf, size_t cap)
{
    file_reader *r = user;
    if (r->regular && (off_t)cap > r->size - r->done) cap = (size_t)(r->size - r->done);
    size_t n = cap ? fread(buf, 1, cap, r->f) : 0;
    if (n == 0 && ferror(r->f)) return -1;
    if (n == 0 && cap > 0) r->cut_short = true;
    r->done += (off_t)n;
    if (n) r->last = buf[n - 1];
    return (long)n;
}

/* After the read: was the snapshot read whole, and is it still what the file holds? */
static int check_snapshot(kpirt_ctx *ctx, const file_reader *r, const struct stat *before, const char *path,
                          kpirt_compression kind)
{
    struct stat after;
    if (!r->regular || fstat(fileno(r->f), &after) != 0) return 0;
    if (r->cut_short || after.st_size < r->size)
        return kpirt_ctx_fail(ctx, "%s: the file was truncated while it was read (%lld bytes when opened, %lld "
                              "now); run again when the program writing it has finished", path,
                              (long long)r->size, (long long)after.st_size);
    bool touched = after.st_mtim.tv_sec != before->st_mtim.tv_sec || after.st_mtim.tv_nsec != before->st_mtim.tv_nsec;
    if (touched && after.st_size == r->size)
        return kpirt_ctx_fail(ctx, "%s: the file was rewritten while it was read; run again when the program "
                              "writing it has finished", path);
    /* (a compressed snapshot's end is checked by the decompressor: its last byte is no line end) */
    if (kind == KPIRT_PLAIN && after.st_size > r->size && r->size > 0 && r->last != '\n' && r->last != '\r')
        return kpirt_ctx_fail(ctx, "%s: the file grew while it was read and its last row (at byte %lld) was still "
                              "being written; run again when the program writing it has finished", path,
                              (long long)r->size);
    return 0;
}

int kpirt_load_file(kpirt_ctx *ctx, uint32_t source, const char *path)
{
    /* "-" is the standard input, so an evaluator can sit at the end of a pipe */
    if (strcmp(path, "-") == 0) {
        file_reader in = {.f = stdin};
        return kpirt_csv_load(ctx, source, "<stdin>", read_file, &in);
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        const char *src = source < ctx->program->source_count ? ctx->program->sources[source].name : "?";
        return kpirt_ctx_fail(ctx, "%s: cannot open the data file of source \"%s\": %s (give another with "
                              "--data %s=FILE)", path, src, strerror(errno), src);
    }
    file_reader r = {.f = f};
    struct stat before;
    bool known = fstat(fileno(f), &before) == 0;
    if (known && S_ISDIR(before.st_mode)) {
        fclose(f);
        const char *src = source < ctx->program->source_count ? ctx->program->sources[source].name : "?";
        return kpirt_ctx_fail(ctx, "%s: is a folder, not the data file of source \"%s\" (give the file with --data "
                              "%s=FILE)", path, src, src);
    }
    if (known && S_ISREG(before.st_mode)) {
        r.regular = true;
        r.size = before.st_size;
    }
    kpirt_compression kind;
    kpirt_split_file whole = {.fd = fileno(f), .size = (int64_t)r.size};
    int rc = load_decoded(ctx, source, path, read_file, &r, r.regular ? &whole : NULL, &kind);
    if (whole.split) {            /* the chunks read the file: what they saw is the snapshot's */
        r.cut_short |= whole.cut_short;
        if (r.size > 0 && pread(whole.fd, &r.last, 1, r.size - 1) != 1) r.cut_short = true;
    }
    /* a change explains any error it caused (a cut row), so its message wins */
    if (check_snapshot(ctx, &r, &before, path, kind) < 0) rc = -1;
    fclose(f);
    return rc;
}

long kpirt_read_text(void *user, char *buf, size_t cap)
{
    kpirt_text_reader *t = user;
    size_t n = t->len - t->pos < cap ? t->len - t->pos : cap;
    memcpy(buf, t->text + t->pos, n);
    t->pos += n;
    return (long)n;
}

int kpirt_load_text(kpirt_ctx *ctx, uint32_t source, const char *name, const char *text, size_t len)
{
    kpirt_text_reader t = {text, len, 0};
    return kpirt_csv_load(ctx, source, name, kpirt_read_text, &t);
}
