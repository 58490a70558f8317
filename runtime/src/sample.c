/*
** sample.c: a look at a data file without evaluating it, for check time.
**
** kpic verifies a spec's columns against the data a source names before any
** evaluator exists. It must see that file exactly as the evaluator will:
** through the same reader (csv.c), with the source's declared options and
** the same detection of what is not declared. So the compiler never parses
** CSV itself; it asks for the header and the first rows here, as cells, and
** is told what was detected. Detection is reported, never decided for the
** program: each evaluator detects again per file at run time. A gzip or
** zstd file is sampled decompressed, as the evaluator reads it (decode.c).
*/
#include "csv.h"
#include "decode.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static long read_stream(void *user, char *buf, size_t cap)
{
    FILE *f = user;
    size_t n = fread(buf, 1, cap, f);
    return n == 0 && ferror(f) ? -1 : (long)n;
}

/* A copy of the reader's current record, one string per field. */
static void copy_record(const kpirt_csv_reader *r, kpirt_sample_row *row)
{
    row->count = r->field_count;
    row->text = kpirt_xmalloc(r->rec_len ? r->rec_len : 1);
    memcpy(row->text, r->rec, r->rec_len);
    row->cells = kpirt_xmalloc((r->field_count ? r->field_count : 1) * sizeof *row->cells);
    for (uint32_t i = 0; i < r->field_count; i++) row->cells[i] = row->text + r->fields[i].offset;
}

static int sample(kpirt_csv_reader *r, const kpirt_source_desc *source, uint32_t max_rows, kpirt_sample *out)
{
    kpirt_ctx ctx = {0};
    const char *name = source->default_path ? source->default_path : "<data>";
    if (kpirt_csv_start(r, &ctx, name, source->delimiter) < 0) {
        snprintf(out->error, sizeof out->error, "%s", ctx.error);
        return -1;
    }
    out->delimiter = r->delim;
    out->delimiter_detected = !source->delimiter;
    out->encoding = r->pos >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0 ? "UTF-8 with byte-order mark" : "UTF-8";
    int rc;
    do rc = kpirt_csv_next(r, &ctx, name);     /* blank lines before the header are skipped, as load.c does */
    while (rc == 1 && kpirt_csv_blank(r));
    if (rc < 0) {
        snprintf(out->error, sizeof out->error, "%s", ctx.error);
        return -1;
    }
    if (rc == 0) return 0;                      /* an empty file: no header */
    /* the header's names are trimmed, as the evaluator matches them */
    copy_record(r, &out->header_row);
    for (uint32_t i = 0; i < r->field_count; i++)
        out->header_row.cells[i] = kpirt_csv_trim_name(out->header_row.text + r->fields[i].offset);
    out->header = out->header_row.cells;
    out->column_count = out->header_row.count;
    out->rows = kpirt_xcalloc(max_rows ? max_rows : 1, sizeof *out->rows);
    while (out->row_count < max_rows) {
        rc = kpirt_csv_next(r, &ctx, name);
        if (rc <= 0) break;                     /* the end, or a record the evaluator will refuse: stop */
        if (kpirt_csv_blank(r)) continue;
        copy_record(r, &out->rows[out->row_count++]);
    }
    return 0;
}

int kpirt_sample_file(const char *path, const kpirt_source_desc *source, uint32_t max_rows, kpirt_sample *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int err = errno;
        snprintf(out->error, sizeof out->error, "%s", strerror(err));
        errno = err;
        return -1;
    }
    /* a few rows only: no decoding thread */
    kpirt_ctx ctx = {0};
    kpirt_decoder *d = kpirt_decoder_open(&ctx, path, read_stream, f, false);
    if (!d) {
        snprintf(out->error, sizeof out->error, "%s", ctx.error);
        fclose(f);
        return -1;
    }
    kpirt_csv_reader *r = kpirt_xcalloc(1, sizeof *r);
    r->read = kpirt_decoder_read;
    r->user = d;
    int rc = sample(r, source, max_rows, out);
    kpirt_csv_free(r);
    free(r);
    kpirt_decoder_close(d);
    fclose(f);
    return rc;
}

void kpirt_sample_free(kpirt_sample *s)
{
    for (uint32_t i = 0; i < s->row_count; i++) {
        free(s->rows[i].cells);
        free(s->rows[i].text);
    }
    free(s->rows);
    free(s->header_row.cells);
    free(s->header_row.text);
    memset(s, 0, sizeof *s);
}
