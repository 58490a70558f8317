/*
** csv.c: the streaming CSV reader behind every source.
**
** Reads through a fixed buffer (records may span refills), so a file of any
** size is read once in constant memory apart from the longest record. It
** accepts what spreadsheets really export: RFC 4180 quoting with doubled
** quotes and newlines inside quotes, a UTF-8 byte-order mark, CRLF or LF,
** and ',' ';' or tab as delimiter (detected from the header line when the
** source does not declare one). Each data record is handed to the program's
** row function; a bad record either stops the load or is skipped and
** counted, as the context's policy says.
*/
#include "kpirt_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BUFFER_SIZE 65536
#define MAX_RECORD (1u << 20)        /* a longer record is almost surely a stray quote */

typedef struct csv_reader {
    kpirt_read_fn read;
    void *user;
    char buf[BUFFER_SIZE];
    size_t len, pos;
    bool eof, read_failed;
    int64_t line;                    /* position of the next character */
    uint32_t col;
    int64_t char_line;               /* position of the character last read */
    uint32_t char_col;
    char delim;
    char *rec;                       /* unquoted fields, each NUL-terminated */
    size_t rec_len, rec_cap;
    kpirt_field_span *fields;
    uint32_t field_count, field_cap;
    int64_t record_line;
    int64_t end_line;                /* where the record ended (its line end or the file end) */
    uint32_t end_col;
    char problem[KPIRT_MESSAGE_MAX]; /* a malformed record (text after a closing quote) */
    bool fatal;                      /* the record boundaries are lost: stop */
} csv_reader;

static bool refill(csv_reader *r)
{
    if (r->eof) return false;
    long n = r->read(r->user, r->buf, sizeof r->buf);
    if (n < 0) r->read_failed = true;
    if (n <= 0) {
        r->eof = true;
        r->len = r->pos = 0;
        return false;
    }
    r->len = (size_t)n;
    r->pos = 0;
    return true;
}

/* Reads more into the first buffer without discarding it (header detection). */
static void fill_more(csv_reader *r)
{
    while (!r->eof && r->len < sizeof r->buf) {
        long n = r->read(r->user, r->buf + r->len, sizeof r->buf - r->len);
        if (n < 0) r->read_failed = true;
        if (n <= 0) { r->eof = true; break; }
        r->len += (size_t)n;
        if (memchr(r->buf, '\n', r->len)) break;
    }
}

static int peek_char(csv_reader *r)
{
    if (r->pos == r->len && !refill(r)) return EOF;
    return (unsigned char)r->buf[r->pos];
}

static int next_char(csv_reader *r)
{
    if (r->pos == r->len && !refill(r)) return EOF;
    int c = (unsigned char)r->buf[r->pos++];
    r->char_line = r->line;
    r->char_col = r->col;
    if (c == '\n') {
        r->line++;
        r->col = 1;
    } else {
        r->col++;
    }
    return c;
}

static void reserve(csv_reader *r, size_t more)
{
    if (r->rec_len + more + 1 > r->rec_cap) {
        size_t cap = r->rec_cap ? r->rec_cap : 1024;
        while (cap < r->rec_len + more + 1) cap *= 2;
        r->rec = kpirt_xrealloc(r->rec, cap);
        r->rec_cap = cap;
    }
}

static void append(csv_reader *r, char c)
{
    reserve(r, 1);
    r->rec[r->rec_len++] = c;
}

/*
** The fast path of an unquoted field: copies the run of ordinary bytes at
** the read position in one go (no newline can be among them, so only the
** column moves). Returns false when the field exceeds the record limit.
*/
static bool copy_plain_run(csv_reader *r)
{
    for (;;) {
        const char *p = r->buf + r->pos, *end = r->buf + r->len, *q = p;
        char delim = r->delim;
        while (q < end && *q != delim && *q != '\n' && *q != '\r') q++;
        size_t n = (size_t)(q - p);
        if (n) {
            reserve(r, n);
            memcpy(r->rec + r->rec_len, p, n);
            r->rec_len += n;
            r->pos += n;
            r->col += (uint32_t)n;
            if (r->rec_len > MAX_RECORD) return false;
        }
        if (q < end || !refill(r)) return true;
    }
}

static void push_field(csv_reader *r, size_t offset, int64_t line, uint32_t col)
{
    append(r, 0);
    if (r->field_count == r->field_cap) {
        r->field_cap = r->field_cap ? r->field_cap * 2 : 32;
        r->fields = kpirt_xrealloc(r->fields, r->field_cap * sizeof *r->fields);
    }
    r->fields[r->field_count++] = (kpirt_field_span){
        .offset = (uint32_t)offset, .len = (uint32_t)(r->rec_len - 1 - offset), .line = line, .column = col,
    };
}

/* Ends a line that began with '\r' (CRLF, or a lone CR as old Mac files have). */
static void end_cr(csv_reader *r)
{
    if (peek_char(r) == '\n') {
        next_char(r);
    } else {
        r->line++;
        r->col = 1;
    }
}

/* Consumes one line end (LF, CRLF or CR). */
static void end_cr_or_lf(csv_reader *r)
{
    if (next_char(r) == '\r') end_cr(r);
}

/* Notes where the record ended, then consumes the rest of a CRLF. */
static void mark_end(csv_reader *r, int c)
{
    r->end_line = c == EOF ? r->line : r->char_line;
    r->end_col = c == EOF ? r->col : r->char_col;
    if (c == '\r') end_cr(r);
}

/*
** Reads one record into r->fields. Returns 1, 0 at the end of the input,
** or -1 with a fatal message in ctx (unterminated quote, huge record).
*/
static int read_record(csv_reader *r, kpirt_ctx *ctx, const char *name)
{
    r->field_count = 0;
    r->rec_len = 0;
    r->problem[0] = 0;
    int c = next_char(r);
    if (c == EOF) return 0;
    r->record_line = r->char_line;

    for (;;) {
        size_t offset = r->rec_len;
        int64_t line = r->char_line;
        uint32_t col = r->char_col;
        if (c == '"') {
            for (;;) {
                c = next_char(r);
                if (c == EOF) {
                    r->fatal = true;
                    return kpirt_ctx_fail(ctx, "%s:%lld:%u: unterminated quoted field (a '\"' opens it here "
                                          "and the file ends before it closes)", name, (long long)line, col);
                }
                if (c == '"') {
                    if (peek_char(r) != '"') break;
                    next_char(r);
                }
                append(r, (char)c);
                if (r->rec_len > MAX_RECORD) {
                    r->fatal = true;
                    return kpirt_ctx_fail(ctx, "%s:%lld:%u: a quoted field runs over 1 MiB; is a closing '\"' "
                                          "missing?", name, (long long)line, col);
                }
            }
            c = next_char(r);
            if (c != r->delim && c != '\r' && c != '\n' && c != EOF) {
                if (!r->problem[0])
                    snprintf(r->problem, sizeof r->problem, "%s:%lld:%u: unexpected text after a closing "
                             "quote (double a quote inside a quoted field: \"\")", name,
                             (long long)r->char_line, r->char_col);
                while (c != r->delim && c != '\r' && c != '\n' && c != EOF) {
                    append(r, (char)c);
                    c = next_char(r);
                }
            }
        } else if (c != r->delim && c != '\r' && c != '\n' && c != EOF) {
            append(r, (char)c);
            if (!copy_plain_run(r)) {
                r->fatal = true;
                return kpirt_ctx_fail(ctx, "%s:%lld: a record runs over 1 MiB", name, (long long)r->record_line);
            }
            c = next_char(r);
        }
        push_field(r, offset, line, col);
        if (c == r->delim) {
            c = next_char(r);
            if (c == EOF || c == '\n' || c == '\r') {
                /* "a,b," ends with an empty field */
                push_field(r, r->rec_len, r->line, r->col);
                mark_end(r, c);
                return 1;
            }
            continue;
        }
        mark_end(r, c);
        return 1;
    }
}

/* Picks the delimiter the header line uses most, outside quotes. */
static char detect_delimiter(const csv_reader *r)
{
    size_t counts[3] = {0, 0, 0};
    const char cands[3] = {',', ';', '\t'};
    bool quoted = false;
    for (size_t i = r->pos; i < r->len; i++) {
        char c = r->buf[i];
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        for (int k = 0; k < 3; k++)
            if (c == cands[k]) counts[k]++;
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (counts[k] > counts[best]) best = k;
    return cands[best];
}

static bool is_blank_record(const csv_reader *r)
{
    return r->field_count == 1 && r->fields[0].len == 0;
}

/* Trims blanks from a header name in place. */
static const char *trim_name(char *s)
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

static int load(csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name)
{
    fill_more(r);
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
    if (r->len >= 2 && (memcmp(r->buf, "\xFF\xFE", 2) == 0 || memcmp(r->buf, "\xFE\xFF", 2) == 0))
        return kpirt_ctx_fail(ctx, "%s: the file is UTF-16 text; save it as \"CSV UTF-8\" (or convert it with "
                              "iconv -f UTF-16 -t UTF-8)", name);
    r->delim = src->delimiter ? src->delimiter : detect_delimiter(r);
    /* Excel may start a file with "sep=;" naming the delimiter; it wins and is not the header. */
    const char *b = r->buf + r->pos;
    size_t left = r->len - r->pos;
    if (left >= 6 && memcmp(b, "sep=", 4) == 0 && (b[5] == '\n' || b[5] == '\r')) {
        r->delim = b[4];
        r->pos += 5;
        r->col += 5;
        end_cr_or_lf(r);
    }

    int rc;
    do rc = read_record(r, ctx, name);     /* blank lines before the header are skipped */
    while (rc == 1 && is_blank_record(r));
    if (rc < 0) return -1;
    if (rc == 0) {
        if (r->read_failed) return kpirt_ctx_fail(ctx, "%s: read error", name);
        return kpirt_ctx_fail(ctx, "%s: empty file (expected a header line with the column names)", name);
    }

    /* The header's names live in their own copy: the record buffer is reused. */
    uint32_t header_count = r->field_count;
    char *names = kpirt_xmalloc(r->rec_len);
    memcpy(names, r->rec, r->rec_len);
    const char **header = kpirt_xmalloc(header_count * sizeof *header);
    for (uint32_t h = 0; h < header_count; h++) header[h] = trim_name(names + r->fields[h].offset);
    uint32_t *map = kpirt_xcalloc(src->column_count, sizeof *map);
    rc = map_columns(ctx, src, name, header, header_count, map);

    kpirt_row row = {.ctx = ctx, .source = src, .file = name, .column_map = map};
    while (rc == 0) {
        int got = read_record(r, ctx, name);
        if (got < 0) { rc = -1; break; }
        if (got == 0) break;
        if (is_blank_record(r)) continue;
        ctx->rows_read++;
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
        if (row_rc < 0 && bad_row(ctx) < 0) rc = -1;
    }
    if (rc == 0 && r->read_failed) rc = kpirt_ctx_fail(ctx, "%s: read error after line %lld", name, (long long)r->line);
    free(map);
    free(header);
    free(names);
    return rc;
}

int kpirt_csv_load(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user)
{
    if (source >= ctx->program->source_count)
        return kpirt_ctx_fail(ctx, "no source number %u", source);
    csv_reader *r = kpirt_xcalloc(1, sizeof *r);
    r->read = read;
    r->user = user;
    r->line = 1;
    r->col = 1;
    int rc = load(r, ctx, &ctx->program->sources[source], name);
    free(r->rec);
    free(r->fields);
    free(r);
    return rc;
}

int kpirt_load_stream(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user)
{
    return kpirt_csv_load(ctx, source, name, read, user);
}

static long read_file(void *user, char *buf, size_t cap)
{
    FILE *f = user;
    size_t n = fread(buf, 1, cap, f);
    if (n == 0 && ferror(f)) return -1;
    return (long)n;
}

int kpirt_load_file(kpirt_ctx *ctx, uint32_t source, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        const char *src = source < ctx->program->source_count ? ctx->program->sources[source].name : "?";
        return kpirt_ctx_fail(ctx, "%s: cannot open the data file of source \"%s\": %s (give another with "
                              "--data %s=FILE)", path, src, strerror(errno), src);
    }
    int rc = kpirt_csv_load(ctx, source, path, read_file, f);
    fclose(f);
    return rc;
}

typedef struct text_reader {
    const char *text;
    size_t len, pos;
} text_reader;

static long read_text(void *user, char *buf, size_t cap)
{
    text_reader *t = user;
    size_t n = t->len - t->pos < cap ? t->len - t->pos : cap;
    memcpy(buf, t->text + t->pos, n);
    t->pos += n;
    return (long)n;
}

int kpirt_load_text(kpirt_ctx *ctx, uint32_t source, const char *name, const char *text, size_t len)
{
    text_reader t = {text, len, 0};
    return kpirt_csv_load(ctx, source, name, read_text, &t);
}
