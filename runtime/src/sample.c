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

void kpirt_sample_copy_record(const kpirt_csv_reader *r, kpirt_sample_row *row)
{
    row->count = r->field_count;
    row->text = kpirt_xmalloc(r->rec_len ? r->rec_len : 1);
    memcpy(row->text, r->rec, r->rec_len);
    row->cells = kpirt_xmalloc((r->field_count ? r->field_count : 1) * sizeof *row->cells);
    for (uint32_t i = 0; i < r->field_count; i++) row->cells[i] = row->text + r->fields[i].offset;
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
    int rc = kpirt_csv_sample(source, source->default_path ? source->default_path : path, read_stream, f,
                              max_rows, out);
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
