/*
** csv.h: the CSV record reader, shared by csv.c (which splits a byte
** stream into records and fields) and load.c (which maps the header to the
** program's columns and hands records to row functions).
*/
#ifndef KPIRT_CSV_H
#define KPIRT_CSV_H

#include "kpirt_internal.h"

#define KPIRT_CSV_BUFFER 65536

typedef struct kpirt_csv_reader {
    kpirt_read_fn read;
    void *user;
    char buf[KPIRT_CSV_BUFFER];
    size_t len, pos;
    bool eof, read_failed;
    int64_t line;                    /* position of the next character */
    uint32_t col;
    int64_t char_line;               /* position of the character last read */
    uint32_t char_col;
    char delim;
    bool plain_ok;                   /* the fast path for lines without quotes may be used */
    char *rec;                       /* unquoted fields, each NUL-terminated */
    size_t rec_len, rec_cap;
    kpirt_field_span *fields;
    uint32_t field_count, field_cap;
    int64_t record_line;
    int64_t end_line;                /* where the record ended (its line end or the file end) */
    uint32_t end_col;
    char problem[KPIRT_MESSAGE_MAX]; /* a malformed record (text after a closing quote) */
} kpirt_csv_reader;


/*
** Prepares a reader of a fresh stream: reads the first buffer, refuses
** UTF-16, skips a byte-order mark and Excel's "sep=" line, and settles the
** delimiter (declared, or detected from the header line when 0).
** Returns 0, or -1 with the message in ctx.
*/
int  kpirt_csv_start(kpirt_csv_reader *r, kpirt_ctx *ctx, const char *name, char declared_delimiter);
/*
** Reads the next record into r->rec and r->fields. Returns 1, 0 at the end
** of the input, or -1 (unterminated quote, record over 1 MiB; message in ctx).
** r->problem is set for a malformed record that can still be skipped.
*/
int  kpirt_csv_next(kpirt_csv_reader *r, kpirt_ctx *ctx, const char *name);
/* An empty line: one empty unquoted field. */
bool kpirt_csv_blank(const kpirt_csv_reader *r);
void kpirt_csv_free(kpirt_csv_reader *r);
/* A header name without its surrounding blanks, as columns are matched (load.c). */
const char *kpirt_csv_trim_name(char *s);

#endif
