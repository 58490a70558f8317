/*
** csv.h: the CSV record reader, shared by csv.c (which splits a byte
** stream into records and fields) and load.c (which maps the header to the
** program's columns and hands records to row functions).
*/
#ifndef KPIRT_CSV_H
#define KPIRT_CSV_H

#include "kpirt_internal.h"

#define KPIRT_CSV_BUFFER 65536

/* encoding.c: a kpirt_read_fn that turns a file's encoding into UTF-8. */
typedef struct kpirt_text_decoder {
    kpirt_read_fn read;
    void *user;
    kpirt_encoding encoding;
    bool utf16, big_endian, bom;
    unsigned char in[16384];
    size_t in_len, in_pos;
    size_t in_checked; /* bytes at in_pos that end a sequence already checked */
    bool in_eof, read_failed;
    uint64_t out_total, line_start; /* UTF-8 bytes handed out; where the current line starts */
    int64_t line;
    bool failed, truncated;   /* a byte that is not UTF-8; UTF-16 cut inside a character */
    int64_t nul_at, nul_line; /* the first NUL byte in the first bytes read (1-based), 0: none */
    unsigned bad_byte;
    int64_t bad_line;
    uint32_t bad_col;
} kpirt_text_decoder;

/* Reads the first bytes: a byte-order mark (UTF-8 or UTF-16) wins over `encoding`. */
void kpirt_text_init(kpirt_text_decoder *d, kpirt_encoding encoding, kpirt_read_fn read, void *user);
kpirt_read_fn kpirt_text_read_fn(void);
/* UTF-8 from the middle of a file, at a line start on `line`: no byte-order mark, no sniffing. */
void kpirt_text_init_at(kpirt_text_decoder *d, kpirt_read_fn read, void *user, int64_t line);
/* The first bytes are UTF-16 little-endian text without a byte-order mark (ASCII with a NUL after each byte). */
bool kpirt_text_looks_utf16le(const kpirt_text_decoder *d);
/* Records the decoder's error (failed or truncated) in ctx; returns -1. */
int kpirt_text_fail(const kpirt_text_decoder *d, kpirt_ctx *ctx, const char *name);

typedef struct kpirt_csv_reader {
    kpirt_read_fn read;
    void *user;
    char buf[KPIRT_CSV_BUFFER];
    size_t len, pos;
    int64_t offset; /* bytes of the stream before buf[0] */
    bool eof, read_failed;
    int64_t line; /* position of the next character */
    uint32_t col;
    int64_t char_line; /* position of the character last read */
    uint32_t char_col;
    char delim;
    bool plain_ok; /* the fast path for lines without quotes may be used */
    char *rec;     /* unquoted fields, each NUL-terminated */
    size_t rec_len, rec_cap;
    kpirt_field_span *fields;
    uint32_t field_count, field_cap;
    int64_t record_line;
    int64_t end_line; /* where the record ended (its line end or the file end) */
    uint32_t end_col;
    char problem[KPIRT_MESSAGE_MAX]; /* a malformed record (text after a closing quote) */
} kpirt_csv_reader;

/*
** Prepares a reader of a fresh (decoded) stream: reads the first buffer and
** refuses binary data. Returns 0, or -1 with the message in ctx.
*/
int kpirt_csv_start(kpirt_csv_reader *r, kpirt_ctx *ctx, const char *name);
/*
** At the start of a line: makes the whole line readable at r->buf + r->pos
** and returns its length without the line end, or -1 at the end of the
** input (also for a line longer than the buffer, which no preamble has).
*/
long kpirt_csv_peek_line(kpirt_csv_reader *r);
/*
** The same for the line that starts `*ahead` bytes after r->pos, at a line
** start, without consuming anything, and *ahead moved past its line end
** (LF, CRLF or a lone CR, as kpirt_csv_skip_line ends a line; to the end of
** the data after a last line without one). The bytes from r->pos on stay
** in the buffer (refilling moves them to its front), so a look-ahead over
** several lines keeps them all. -1 also when they do not fit in the buffer.
*/
long kpirt_csv_peek_next(kpirt_csv_reader *r, size_t *ahead);
/* Consumes the line kpirt_csv_peek_line() returned. */
void kpirt_csv_skip_line(kpirt_csv_reader *r);
/*
** Settles the delimiter at the header line: Excel's "sep=" line names it
** (and is skipped), else the declared one, else the one the line uses most.
*/
void kpirt_csv_settle_delimiter(kpirt_csv_reader *r, char declared_delimiter);
/* The delimiter the line of `len` bytes at p uses most, outside quotes (',' when none). */
char kpirt_csv_line_delimiter(const char *p, size_t len, size_t *count);
/*
** Reads the next record into r->rec and r->fields. Returns 1, 0 at the end
** of the input, or -1 (unterminated quote, record over 1 MiB; message in ctx).
** r->problem is set for a malformed record that can still be skipped.
*/
int kpirt_csv_next(kpirt_csv_reader *r, kpirt_ctx *ctx, const char *name);
/* An empty line: one empty unquoted field. */
bool kpirt_csv_blank(const kpirt_csv_reader *r);
void kpirt_csv_free(kpirt_csv_reader *r);
/* sample.c: a copy of the reader's current record, one string per field. */
void kpirt_sample_copy_record(const kpirt_csv_reader *r, kpirt_sample_row *row);
/*
** load.c: reads a stream as the evaluator does, but copies the header and up
** to max_rows records into out instead of evaluating them. Returns 0 or -1
** with out->error set.
*/
int kpirt_csv_sample(const kpirt_source_desc *src, const char *name, kpirt_read_fn read, void *user,
                     uint32_t max_rows, kpirt_sample *out);
/* A header name without its surrounding blanks, as columns are matched (load.c). */
const char *kpirt_csv_trim_name(char *s);
/* The header field the evaluator takes for a column name: the same name, else the same but for case; -1: none. */
int kpirt_header_find(const char *const *header, uint32_t count, const char *name);

/* ---- load.c: records to rows ------------------------------------------------------ */

/* The header line of a source, mapped to the columns the program reads. */
typedef struct kpirt_csv_header {
    uint32_t count; /* fields of the header line */
    char *names;    /* the header's own copy of its text */
    const char **fields;
    uint32_t *map; /* program column i -> record field */
} kpirt_csv_header;

/*
** Hands every record that starts before byte `stop` of the stream (to the
** end when stop < 0) to the source's row function, with the bad-row policy.
** Returns 0, or -1 with the message in ctx. A read error only stops the
** loop (r->read_failed): the caller knows what the reader reads.
*/
int kpirt_csv_read_rows(kpirt_csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                        const kpirt_csv_header *header, int64_t stop);

/* ---- parallel.c: one file on several threads -------------------------------------- */

/* A regular file that may be split: its descriptor and its size when opened. */
typedef struct kpirt_split_file {
    int fd;
    int64_t size;
    bool split;     /* out: the file was read in chunks */
    bool cut_short; /* out: a read ended before that size */
} kpirt_split_file;

/*
** Reads the records after the header (r has just read it) on ctx->threads
** threads, in chunks split at record boundaries, and merges what each
** chunk counted into ctx exactly as one reader would have: 0 or -1 as
** kpirt_csv_read_rows. Returns 1, having read nothing, when the file is
** too small to split or no safe split point is found (the caller then
** reads on one thread); --verbose says which.
*/
int kpirt_csv_read_split(kpirt_csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                         const kpirt_csv_header *header, kpirt_split_file *file);

#endif
