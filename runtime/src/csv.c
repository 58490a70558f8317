/*
** csv.c: the streaming CSV record reader behind every source.
**
** Reads through a fixed buffer (records may span refills), so a file of any
** size is read once in constant memory apart from the longest record. It
** accepts what spreadsheets really export: RFC 4180 quoting with doubled
** quotes and newlines inside quotes, a UTF-8 byte-order mark, CRLF, LF or
** CR line ends, ',' ';' or tab as delimiter (detected from the header line
** when the source does not declare one) and Excel's "sep=" line. What the
** records mean is load.c's business.
*/
#include "csv.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAX_RECORD (1u << 20) /* a longer record is almost surely a stray quote */

static bool refill(kpirt_csv_reader *r) {
    if (r->eof) return false;
    r->offset += (int64_t)r->len;
    r->len = r->pos = 0;
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

static int peek_char(kpirt_csv_reader *r) {
    if (r->pos == r->len && !refill(r)) return EOF;
    return (unsigned char)r->buf[r->pos];
}

static int next_char(kpirt_csv_reader *r) {
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

static void reserve(kpirt_csv_reader *r, size_t more) {
    if (r->rec_len + more + 1 > r->rec_cap) {
        size_t cap = r->rec_cap ? r->rec_cap : 1024;
        while (cap < r->rec_len + more + 1) cap *= 2;
        r->rec = kpirt_xrealloc(r->rec, cap);
        r->rec_cap = cap;
    }
}

static void append(kpirt_csv_reader *r, char c) {
    reserve(r, 1);
    r->rec[r->rec_len++] = c;
}

/*
** The fast path of an unquoted field: copies the run of ordinary bytes at
** the read position in one go (no newline can be among them, so only the
** column moves). Returns false when the field exceeds the record limit.
*/
static bool copy_plain_run(kpirt_csv_reader *r) {
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

/* Makes room for one more field after the first count. */
static void reserve_field(kpirt_csv_reader *r, uint32_t count) {
    if (count == r->field_cap) {
        r->field_cap = r->field_cap ? r->field_cap * 2 : 32;
        r->fields = kpirt_xrealloc(r->fields, r->field_cap * sizeof *r->fields);
    }
}

static void push_field(kpirt_csv_reader *r, size_t offset, int64_t line, uint32_t col) {
    append(r, 0);
    reserve_field(r, r->field_count);
    r->fields[r->field_count++] = (kpirt_field_span){
        .offset = (uint32_t)offset,
        .len = (uint32_t)(r->rec_len - 1 - offset),
        .line = line,
        .column = col,
    };
}

/* Ends a line that began with '\r' (CRLF, or a lone CR as old Mac files have). */
static void end_cr(kpirt_csv_reader *r) {
    if (peek_char(r) == '\n') {
        next_char(r);
    } else {
        r->line++;
        r->col = 1;
    }
}

/* Consumes one line end (LF, CRLF or CR). */
static void end_cr_or_lf(kpirt_csv_reader *r) {
    if (next_char(r) == '\r') end_cr(r);
}

/* Notes where the record ended, then consumes the rest of a CRLF. */
static void mark_end(kpirt_csv_reader *r, int c) {
    r->end_line = c == EOF ? r->line : r->char_line;
    r->end_col = c == EOF ? r->col : r->char_col;
    if (c == '\r') end_cr(r);
}

/* Appends the field that ends at byte `end` of the line to the fast path's record. */
static inline void plain_field(kpirt_csv_reader *r, uint32_t *count, size_t *start, size_t end) {
    reserve_field(r, *count);
    r->fields[(*count)++] = (kpirt_field_span){
        .offset = (uint32_t)*start,
        .len = (uint32_t)(end - *start),
        .line = r->line,
        .column = r->col + (uint32_t)*start,
    };
    r->rec[end] = 0;
    *start = end + 1;
}

/*
** The fast path of a whole record: a line that lies entirely in the buffer
** and holds no quote and no CR, which is nearly every line of a machine
** export. One pass over the line (16 bytes at a time with SSE2) copies it
** into r->rec, finds its end and splits it at the delimiters, each of which
** becomes the NUL that ends its field: exactly the record, offsets,
** positions and end that the general reader below gives. Returns false for
** any other line (its fields may be half written, but field_count, rec_len
** and the read position are unchanged), and the general reader takes it.
*/
static bool next_plain_line(kpirt_csv_reader *r) {
    if (!r->plain_ok) return false;
    const char *line = r->buf + r->pos;
    size_t avail = r->len - r->pos, i = 0, start = 0, n;
    uint32_t count = 0;
    char delim = r->delim;
    reserve(r, avail + 16);
#if defined(__SSE2__)
    const __m128i vdelim = _mm_set1_epi8(delim), vquote = _mm_set1_epi8('"');
    const __m128i vcr = _mm_set1_epi8('\r'), vlf = _mm_set1_epi8('\n');
    for (; i + 16 <= avail; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(line + i));
        _mm_storeu_si128((__m128i *)(r->rec + i), x);
        unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_cmpeq_epi8(x, vlf), _mm_or_si128(_mm_cmpeq_epi8(x, vquote), _mm_cmpeq_epi8(x, vcr))));
        unsigned delims = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vdelim));
        if (stop) delims &= (1u << __builtin_ctz(stop)) - 1;
        for (; delims; delims &= delims - 1)
            plain_field(r, &count, &start, i + (size_t)__builtin_ctz(delims));
        if (stop) {
            n = i + (size_t)__builtin_ctz(stop);
            if (line[n] != '\n') return false; /* a quote or a CR */
            goto line_end;
        }
    }
#endif
    for (; i < avail; i++) {
        char c = line[i];
        r->rec[i] = c;
        if (c == delim) {
            plain_field(r, &count, &start, i);
        } else if (c == '\n') {
            n = i;
            goto line_end;
        } else if (c == '"' || c == '\r') {
            return false;
        }
    }
    return false; /* the line goes on after the buffer */
line_end:
    plain_field(r, &count, &start, n);
    r->field_count = count;
    r->rec_len = n + 1;
    r->record_line = r->line;
    r->end_line = r->char_line = r->line;
    r->end_col = r->char_col = r->col + (uint32_t)n;
    r->pos += n + 1;
    r->line++;
    r->col = 1;
    return true;
}

/*
** Reads one record into r->fields. Returns 1, 0 at the end of the input,
** or -1 with a fatal message in ctx (unterminated quote, huge record).
*/
int kpirt_csv_next(kpirt_csv_reader *r, kpirt_ctx *ctx, const char *name) {
    r->field_count = 0;
    r->rec_len = 0;
    r->problem[0] = 0;
    if (next_plain_line(r)) return 1;
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
                if (c == EOF)
                    return kpirt_ctx_fail(ctx,
                                          "%s:%lld:%u: unterminated quoted field (a '\"' opens it here "
                                          "and the file ends before it closes)",
                                          name, (long long)line, col);
                if (c == '"') {
                    if (peek_char(r) != '"') break;
                    next_char(r);
                }
                append(r, (char)c);
                if (r->rec_len > MAX_RECORD)
                    return kpirt_ctx_fail(ctx,
                                          "%s:%lld:%u: a quoted field runs over 1 MiB; is a closing '\"' "
                                          "missing?",
                                          name, (long long)line, col);
            }
            c = next_char(r);
            if (c != r->delim && c != '\r' && c != '\n' && c != EOF) {
                if (!r->problem[0])
                    snprintf(r->problem, sizeof r->problem,
                             "%s:%lld:%u: unexpected text after a closing "
                             "quote (double a quote inside a quoted field: \"\")",
                             name, (long long)r->char_line, r->char_col);
                while (c != r->delim && c != '\r' && c != '\n' && c != EOF) {
                    append(r, (char)c);
                    if (r->rec_len > MAX_RECORD)
                        return kpirt_ctx_fail(ctx, "%s:%lld: a record runs over 1 MiB", name,
                                              (long long)r->record_line);
                    c = next_char(r);
                }
            }
        } else if (c != r->delim && c != '\r' && c != '\n' && c != EOF) {
            append(r, (char)c);
            if (!copy_plain_run(r))
                return kpirt_ctx_fail(ctx, "%s:%lld: a record runs over 1 MiB", name,
                                      (long long)r->record_line);
            c = next_char(r);
        }
        push_field(r, offset, line, col);
        if (c == r->delim) {
            c = next_char(r);
            if (c == EOF || c == '\n' || c == '\r') {
                /* "a,b," ends with an empty field, where the line end (or the file end) is */
                push_field(r, r->rec_len, c == EOF ? r->line : r->char_line, c == EOF ? r->col : r->char_col);
                mark_end(r, c);
                return 1;
            }
            continue;
        }
        mark_end(r, c);
        return 1;
    }
}

char kpirt_csv_line_delimiter(const char *p, size_t len, size_t *count) {
    size_t counts[3] = {0, 0, 0};
    const char cands[3] = {',', ';', '\t'};
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        for (int k = 0; k < 3; k++)
            if (c == cands[k]) counts[k]++;
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (counts[k] > counts[best]) best = k;
    if (count) *count = counts[best];
    return cands[best];
}

bool kpirt_csv_blank(const kpirt_csv_reader *r) {
    return r->field_count == 1 && r->fields[0].len == 0;
}

/* Moves the unread rest of the buffer to its front and reads behind it. */
static void compact_and_fill(kpirt_csv_reader *r) {
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    while (!r->eof && r->len < sizeof r->buf) {
        long n = r->read(r->user, r->buf + r->len, sizeof r->buf - r->len);
        if (n < 0) r->read_failed = true;
        if (n <= 0) {
            r->eof = true;
            break;
        }
        size_t old = r->len;
        r->len += (size_t)n;
        if (memchr(r->buf + old, '\n', (size_t)n)) break;
    }
}

static long peek_ahead(kpirt_csv_reader *r, size_t ahead) {
    for (;;) {
        /* refilling moves r->pos, never the bytes after it: `ahead` stays valid */
        const char *p = r->buf + r->pos + ahead;
        size_t left = r->len - r->pos - ahead;
        const char *nl = memchr(p, '\n', left);
        size_t n = nl ? (size_t)(nl - p) : left;
        const char *cr = memchr(p, '\r', n);
        if (cr) return (long)(cr - p);
        if (nl) return (long)n;
        if (r->eof) return left ? (long)left : -1;
        if (r->pos == 0 && r->len == sizeof r->buf) return -1;
        compact_and_fill(r);
    }
}

long kpirt_csv_peek_line(kpirt_csv_reader *r) {
    return peek_ahead(r, 0);
}

long kpirt_csv_peek_next(kpirt_csv_reader *r, size_t *ahead) {
    long n = peek_ahead(r, *ahead);
    if (n < 0) return n;
    size_t end = *ahead + (size_t)n; /* the line end, or the end of the data */
    /* a CR whose LF may be in the next read: read on, as kpirt_csv_skip_line would */
    while (r->pos + end + 1 >= r->len && !r->eof && !(r->pos == 0 && r->len == sizeof r->buf))
        compact_and_fill(r);
    const char *at = r->buf + r->pos + end;
    size_t left = r->len - r->pos - end;
    if (left == 0) *ahead = end;
    else *ahead = end + (at[0] == '\r' && left > 1 && at[1] == '\n' ? 2 : 1);
    return n;
}

void kpirt_csv_skip_line(kpirt_csv_reader *r) {
    long n = kpirt_csv_peek_line(r);
    if (n < 0) return;
    r->pos += (size_t)n;
    r->col += (uint32_t)n;
    end_cr_or_lf(r);
}

int kpirt_csv_start(kpirt_csv_reader *r, kpirt_ctx *ctx, const char *name) {
    r->line = 1;
    r->col = 1;
    compact_and_fill(r); /* a new reader: nothing to move, read up to the first line end */
    /* CSV text never holds a NUL byte; without this a binary file is reported by its "header". */
    const char *nul = memchr(r->buf + r->pos, 0, r->len - r->pos);
    if (nul) {
        long long line = 1;
        for (const char *p = r->buf; p < nul; p++) line += *p == '\n';
        return kpirt_ctx_fail(ctx,
                              "%s:%lld: byte %lld is a NUL byte, so this is not CSV text (a binary file, or "
                              "UTF-16 without a byte-order mark?); export the data as CSV UTF-8",
                              name, line, (long long)(nul - r->buf) + 1);
    }
    return 0;
}

void kpirt_csv_settle_delimiter(kpirt_csv_reader *r, char declared_delimiter) {
    long len = kpirt_csv_peek_line(r);
    const char *b = r->buf + r->pos;
    r->delim = declared_delimiter ? declared_delimiter
                                  : kpirt_csv_line_delimiter(b, len > 0 ? (size_t)len : 0, NULL);
    /* Excel may start a file with "sep=;" naming the delimiter; it wins and is not the header. */
    if (len == 5 && memcmp(b, "sep=", 4) == 0) {
        r->delim = b[4];
        kpirt_csv_skip_line(r);
    }
    /* a delimiter that is also a quote or a line end (sep=") is left to the general reader */
    r->plain_ok = r->delim != '"' && r->delim != '\r' && r->delim != '\n';
}

void kpirt_csv_free(kpirt_csv_reader *r) {
    free(r->rec);
    free(r->fields);
    r->rec = NULL;
    r->fields = NULL;
}
