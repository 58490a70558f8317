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
#include <sys/stat.h>

static long read_stream(void *user, char *buf, size_t cap) {
    FILE *f = user;
    size_t n = fread(buf, 1, cap, f);
    return n == 0 && ferror(f) ? -1 : (long)n;
}

void kpirt_sample_copy_record(const kpirt_csv_reader *r, kpirt_sample_row *row) {
    row->count = r->field_count;
    row->text = kpirt_xmalloc(r->rec_len ? r->rec_len : 1);
    memcpy(row->text, r->rec, r->rec_len);
    row->cells = kpirt_xmalloc((r->field_count ? r->field_count : 1) * sizeof *row->cells);
    for (uint32_t i = 0; i < r->field_count; i++) row->cells[i] = row->text + r->fields[i].offset;
}

/* One file; name is how messages call it. A file a glob or a folder named must be a regular file. */
static int sample_one(const char *path, const char *name, bool expanded, const kpirt_source_desc *source,
                      uint32_t max_rows, kpirt_sample *out) {
    memset(out, 0, sizeof *out);
    struct stat st;
    if (expanded && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(out->error, sizeof out->error,
                 "%s: it is not a regular file (a pipe or a device is read only by "
                 "the evaluator)",
                 path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        int err = errno;
        snprintf(out->error, sizeof out->error, expanded ? "%s: %s" : "%.0s%s", path, strerror(err));
        errno = err;
        return -1;
    }
    int rc = kpirt_csv_sample(source, name, read_stream, f, max_rows, out);
    fclose(f);
    return rc;
}

/* Moves a sampled record into out with the cells of columns `take` (-1: none, an empty cell). */
static void move_row(kpirt_sample_row *from, const int *take, uint32_t count, kpirt_sample_row *out) {
    out->count = count;
    out->cells = kpirt_xmalloc((count ? count : 1) * sizeof *out->cells);
    for (uint32_t k = 0; k < count; k++)
        out->cells[k] = take[k] >= 0 && (uint32_t)take[k] < from->count ? from->cells[take[k]] : "";
    out->text = from->text;
    from->text = NULL;
}

/*
** Several files, as the evaluator reads them: each sampled with its own
** detection, the rows of all under the columns every file has (the evaluator
** finds a column by name in each file, so their order may differ, and a
** column one file lacks is missing from the run); the first file with a
** header gives what was detected. An empty file adds nothing.
*/
static int sample_files(const kpirt_path_list *files, const kpirt_source_desc *source, uint32_t max_rows,
                        kpirt_sample *out) {
    uint32_t n = files->count;
    kpirt_sample *each = kpirt_xcalloc(n, sizeof *each);
    int rc = 0;
    uint32_t done = 0, base = 0, total = 0;
    for (; done < n && rc == 0; done++)
        rc = sample_one(files->items[done], files->items[done], true, source, max_rows, &each[done]);
    memset(out, 0, sizeof *out);
    if (rc < 0) {
        snprintf(out->error, sizeof out->error, "%s", each[done - 1].error);
        out->needs_encoding = each[done - 1].needs_encoding;
    } else {
        while (base + 1 < n && each[base].column_count == 0) base++;
        kpirt_sample *first = &each[base];
        uint32_t cols = first->column_count, kept = 0;
        int *take = kpirt_xcalloc((size_t)n * (cols ? cols : 1), sizeof *take); /* take[f * cols + kept] */
        const char **header = kpirt_xcalloc(cols ? cols : 1, sizeof *header);
        out->date_column = -1;
        for (uint32_t c = 0; c < cols; c++) {
            bool everywhere = true;
            for (uint32_t f = 0; f < n; f++) {
                take[f * cols + kept] =
                    each[f].column_count
                        ? kpirt_header_find(each[f].header, each[f].column_count, first->header[c])
                        : -1;
                everywhere = everywhere && (each[f].column_count == 0 || take[f * cols + kept] >= 0);
            }
            if (!everywhere) continue;
            if ((int32_t)c == first->date_column) out->date_column = (int32_t)kept;
            header[kept++] = first->header[c];
        }
        out->delimiter = first->delimiter;
        out->delimiter_detected = first->delimiter_detected;
        out->encoding = first->encoding;
        out->decimal_mark = first->decimal_mark;
        out->thousands_sep = first->thousands_sep;
        out->nth_day = first->nth_day;
        out->complete = true;
        out->column_count = kept;
        out->header = header;
        out->header_row = (kpirt_sample_row){.count = kept, .cells = header, .text = first->header_row.text};
        first->header_row.text = NULL;
        for (uint32_t f = 0; f < n; f++) {
            total += each[f].row_count;
            out->complete = out->complete && each[f].complete;
        }
        out->rows = kpirt_xcalloc(total ? total : 1, sizeof *out->rows);
        for (uint32_t f = 0; f < n; f++)
            for (uint32_t r = 0; r < each[f].row_count; r++)
                move_row(&each[f].rows[r], &take[f * cols], kept, &out->rows[out->row_count++]);
        free(take);
    }
    for (uint32_t f = 0; f < done; f++) kpirt_sample_free(&each[f]);
    free(each);
    return rc;
}

int kpirt_sample_file(const char *path, const kpirt_source_desc *source, uint32_t max_rows,
                      kpirt_sample *out) {
    kpirt_path_list files = {0};
    const char *why = kpirt_expand_data_path(path, &files);
    int rc;
    if (why) {
        memset(out, 0, sizeof *out);
        snprintf(out->error, sizeof out->error, "%s", why);
        errno = ENOENT;
        rc = -1;
    } else if (files.count == 1 && strcmp(files.items[0], path) == 0) {
        rc = sample_one(path, source->default_path ? source->default_path : path, false, source, max_rows,
                        out);
    } else {
        rc = sample_files(&files, source, max_rows, out);
    }
    kpirt_path_list_free(&files);
    return rc;
}

void kpirt_sample_free(kpirt_sample *s) {
    for (uint32_t i = 0; i < s->row_count; i++) {
        free(s->rows[i].cells);
        free(s->rows[i].text);
    }
    free(s->rows);
    free(s->header_row.cells);
    free(s->header_row.text);
    memset(s, 0, sizeof *s);
}
