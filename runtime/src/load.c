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
#include "exports.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Trims blanks from a header name in place. */
const char *kpirt_csv_trim_name(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
    return s;
}

/* What one file of a source is being read as: the state of the reading loop. */
typedef struct loading {
    kpirt_csv_reader *r;
    kpirt_ctx *ctx;
    const kpirt_source_desc *src;
    const char *name;
    kpirt_file_report *file;
    const char *comment;      /* the source's, or "#" for GA4 */
    char first_lines[2][160]; /* the file's first two lines, to say what it looks like */
    kpirt_export_block block; /* the `#` lines before the current table */
    char tables[16][128];     /* GA4: the titles of the tables seen */
    uint32_t table_count;
    bool table_read; /* GA4: the table to read was read */
    bool totals_seen;
    kpirt_sample *sample; /* check time: copy the header and rows here, evaluate nothing */
    uint32_t max_rows;
    bool stopped_early;             /* sampling ended before the end of the file */
    kpirt_decoder *z;               /* the decompressor under the text (decode.c) */
    const kpirt_text_decoder *text; /* the text decoder between them (encoding.c) */
    kpirt_split_file *whole; /* the regular file being read, which chunks may read (parallel.c); NULL */
} loading;

/* What the first lines of a file look like, for a header that lacks the columns. */
static const char *looks_like(const loading *L) {
    const char *a = L->first_lines[0], *b = L->first_lines[1];
    if (a[0] == '#' && (strstr(a, "---") || strstr(b, "#")))
        return L->src->kind == KPIRT_SOURCE_GA4 ? NULL : "a Google Analytics 4 download (read it with ga4)";
    bool range = strstr(b, " - ") && (strstr(b, "20") || strstr(b, "19"));
    if (!strpbrk(a, ",;\t") && range)
        return L->src->kind == KPIRT_SOURCE_GOOGLE_ADS ? NULL
                                                       : "a Google Ads download (read it with google_ads)";
    return NULL;
}

int kpirt_header_find(const char *const *header, uint32_t count, const char *name) {
    for (uint32_t h = 0; h < count; h++)
        if (strcmp(header[h], name) == 0) return (int)h;
    for (uint32_t h = 0; h < count; h++)
        if (strcasecmp(header[h], name) == 0) return (int)h;
    return -1;
}

/* Maps each column the program reads to a header field; -1 when one is missing. */
static int map_columns(loading *L, const char **header, uint32_t header_count, uint32_t *map,
                       int date_alias) {
    const kpirt_source_desc *src = L->src;
    for (uint32_t i = 0; i < src->column_count; i++) {
        const char *want = src->columns[i];
        int64_t found = kpirt_header_find(header, header_count, want);
        if (found < 0 && i == 0) found = date_alias;
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
        const char *like = looks_like(L);
        int64_t line = L->r->record_line;
        if (like)
            return kpirt_ctx_fail(
                L->ctx,
                "%s:%lld: missing column \"%s\" (source \"%s\", read as %s): the file looks "
                "like %s; its line %lld has: %s",
                L->name, (long long)line, want, src->name, kpirt_source_kind_name(src->kind), like,
                (long long)line, list);
        if (near)
            return kpirt_ctx_fail(L->ctx,
                                  "%s:%lld: missing column \"%s\" (source \"%s\"); did you mean \"%s\"? "
                                  "The header has: %s",
                                  L->name, (long long)line, want, src->name, near, list);
        return kpirt_ctx_fail(L->ctx, "%s:%lld: missing column \"%s\" (source \"%s\"); the header has: %s",
                              L->name, (long long)line, want, src->name, list);
    }
    return 0;
}

/*
** A read that failed: the decompressor's reason (compressed data corrupt or
** cut short) at the line the CSV reader reached, or a plain read error.
*/
static int read_error(kpirt_ctx *ctx, const kpirt_decoder *z, const kpirt_csv_reader *r, const char *name) {
    const char *why = z ? kpirt_decoder_error(z) : NULL;
    if (why) return kpirt_ctx_fail(ctx, "%s:%lld: %s", name, (long long)r->line, why);
    return kpirt_ctx_fail(ctx, "%s: read error after line %lld", name, (long long)r->line);
}

/* Applies the bad-row policy to the error in ctx; returns 0 to go on, -1 to stop. */
/*
** A record the reader could not cut into the header's fields: its own problem
** (an unclosed quote, a record over 1 MiB), or a field count that differs.
** Too many fields point at the first extra one; too few at the record's end.
** Both row readers (the download-aware one and the plain fast path) use it.
*/
static int record_shape_error(kpirt_ctx *ctx, const kpirt_csv_reader *r, const char *name,
                              uint32_t header_count) {
    if (r->problem[0]) return kpirt_ctx_fail(ctx, "%s", r->problem);
    bool extra = r->field_count > header_count;
    int64_t line = extra ? r->fields[header_count].line : r->end_line;
    uint32_t col = extra ? r->fields[header_count].column : r->end_col;
    return kpirt_ctx_fail(ctx, "%s:%lld:%u: wrong field count: expected %u fields as in the header, found %u",
                          name, (long long)line, col, header_count, r->field_count);
}

static int bad_row(kpirt_ctx *ctx) {
    if (ctx->on_bad_row == KPIRT_BAD_ROW_FAIL) return -1;
    if (ctx->bad_row_count < KPIRT_BAD_ROWS_KEPT)
        memcpy(ctx->bad_rows[ctx->bad_row_count++], ctx->error, sizeof ctx->error);
    ctx->rows_skipped++;
    ctx->has_error = false;
    ctx->error[0] = 0;
    return 0;
}

/* The line at the read position starts with the comment prefix. */
static bool at_comment(loading *L) {
    kpirt_csv_reader *r = L->r;
    if (!L->comment) return false;
    if (r->pos < r->len && r->buf[r->pos] != L->comment[0]) return false;
    long n = kpirt_csv_peek_line(r);
    size_t k = strlen(L->comment);
    return n >= 0 && (size_t)n >= k && memcmp(r->buf + r->pos, L->comment, k) == 0;
}

/* Skips blank and comment lines (a GA4 preamble is read into L->block); 0, or -1 at the end. */
static int skip_preamble(loading *L) {
    kpirt_csv_reader *r = L->r;
    L->block = (kpirt_export_block){.declared_first = KPIRT_NO_DAY, .declared_last = KPIRT_NO_DAY};
    for (;;) {
        long n = kpirt_csv_peek_line(r);
        if (n < 0) return -1;
        if (n == 0) {
            kpirt_csv_skip_line(r);
            continue;
        }
        if (!at_comment(L)) return 0;
        if (L->src->kind == KPIRT_SOURCE_GA4)
            kpirt_export_preamble_line(&L->block, r->buf + r->pos, (size_t)n);
        kpirt_csv_skip_line(r);
    }
}

/* The line holds the name as one of its cells (quotes and blanks aside). */
static bool line_has_cell(const char *p, size_t len, char delim, const char *name) {
    size_t k = strlen(name);
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && p[j] != delim) j++;
        size_t b = i, e = j;
        while (b < e && (p[b] == ' ' || p[b] == '"')) b++;
        while (e > b && (p[e - 1] == ' ' || p[e - 1] == '"')) e--;
        if (e - b == k && strncasecmp(p + b, name, k) == 0) return true;
        i = j + 1;
    }
    return false;
}

/*
** A Google Ads download opens with its title and its date range; the header
** is the first of the first lines that names the date column. The title is
** kept for the report. Without such a line nothing is skipped, and the
** header's check names what is missing.
*/
static void skip_ads_preamble(loading *L) {
    static const char *const names[] = {"Day", "Dag", "Tag", NULL};
    kpirt_csv_reader *r = L->r;
    size_t skip = 0;
    char title[128] = "";
    /* look ahead without consuming: the lines stay in the buffer while they fit */
    size_t ahead = 0;
    for (int k = 0; k < 5; k++) {
        size_t at = ahead;
        long n = kpirt_csv_peek_next(r, &ahead);
        if (n < 0) break;
        const char *p = r->buf + r->pos + at;
        char delim = L->src->delimiter ? L->src->delimiter : kpirt_csv_line_delimiter(p, (size_t)n, NULL);
        bool header = false;
        if (L->src->declared & KPIRT_DECLARED_DATE_COLUMN)
            header = line_has_cell(p, (size_t)n, delim, L->src->columns[0]);
        for (int j = 0; names[j] && !header; j++) header = line_has_cell(p, (size_t)n, delim, names[j]);
        if (header) {
            skip = (size_t)k;
            break;
        }
        if (k == 0) {
            size_t c = (size_t)n < sizeof title - 1 ? (size_t)n : sizeof title - 1;
            memcpy(title, p, c);
            title[c] = 0;
        }
        if (ahead == at + (size_t)n) break; /* the last line, without a line end */
    }
    for (size_t k = 0; k < skip; k++) kpirt_csv_skip_line(r);
    if (skip && title[0] && !L->file->title) {
        L->file->title = kpirt_xmalloc(strlen(title) + 1);
        strcpy(L->file->title, title);
    }
}

/* The number style of this file: the source's, or the kind's in the language of the download. */
static void number_style(const kpirt_source_desc *src, bool decimal_comma, char *decimal_mark,
                         char *thousands_sep) {
    *decimal_mark = src->decimal_mark ? src->decimal_mark : '.';
    *thousands_sep = src->thousands_sep;
    if (src->kind != KPIRT_SOURCE_CSV) {
        if (!(src->declared & KPIRT_DECLARED_DECIMAL)) *decimal_mark = decimal_comma ? ',' : '.';
        if (!(src->declared & KPIRT_DECLARED_THOUSANDS)) *thousands_sep = decimal_comma ? '.' : ',';
        if (*thousands_sep == *decimal_mark) *thousands_sep = 0;
    }
}

/* The dialect of this file: the source's, or the kind's in the language of the download. */
static int settle_row(loading *L, kpirt_row *row, const char **header, uint32_t header_count,
                      const uint32_t *map, bool decimal_comma, bool nth) {
    const kpirt_source_desc *src = L->src;
    number_style(src, decimal_comma, &row->decimal_mark, &row->thousands_sep);
    row->date_format = src->date_format;
    row->nth_base = KPIRT_NO_DAY;
    if (nth || kpirt_export_is_nth_day(header[map[0]])) {
        if (L->block.declared_first == KPIRT_NO_DAY)
            return kpirt_ctx_fail(L->ctx,
                                  "%s:%lld: the table counts days (\"%s\") but has no \"# Start date:\" "
                                  "line to count them from",
                                  L->name, (long long)L->r->record_line, header[map[0]]);
        row->nth_base = L->block.declared_first;
    }
    (void)header_count;
    return 0;
}

/* Check time: the header as it is, and what the evaluator would make of it. */
static int sample_header(loading *L, const char **header, uint32_t header_count, kpirt_row *row,
                         uint32_t *map) {
    kpirt_sample *out = L->sample;
    const kpirt_source_desc *src = L->src;
    kpirt_sample_copy_record(L->r, &out->header_row);
    for (uint32_t i = 0; i < header_count; i++)
        out->header_row.cells[i] = kpirt_csv_trim_name(out->header_row.text + L->r->fields[i].offset);
    out->header = out->header_row.cells;
    out->column_count = header_count;
    out->delimiter = L->r->delim;
    out->delimiter_detected = !src->delimiter;
    out->rows = kpirt_xcalloc(L->max_rows ? L->max_rows : 1, sizeof *out->rows);
    bool comma = false, nth = false;
    int at = src->kind != KPIRT_SOURCE_CSV
                 ? kpirt_export_date_column(src->kind, header, header_count, &comma, &nth)
                 : -1;
    int named = src->date_column ? kpirt_header_find(header, header_count, src->date_column) : -1;
    if (named < 0 && !(src->declared & KPIRT_DECLARED_DATE_COLUMN)) named = at;
    if (named >= 0 && named != at) comma = nth = false;
    out->date_column = named;
    number_style(src, comma, &out->decimal_mark, &out->thousands_sep);
    out->nth_day = named >= 0 && (nth || kpirt_export_is_nth_day(header[named]));
    if (named < 0 || !out->nth_day) return 0;
    map[0] = (uint32_t)named;
    return settle_row(L, row, header, header_count, map, comma, out->nth_day);
}

/* Reads rows until the end, or (GA4) a comment line that opens the next table. */
static int read_rows(loading *L, kpirt_row *row, uint32_t header_count, bool use, int currency_field) {
    kpirt_csv_reader *r = L->r;
    kpirt_ctx *ctx = L->ctx;
    const kpirt_source_desc *src = L->src;
    kpirt_source_report *stats = L->sample ? NULL : &ctx->sources[src - ctx->program->sources];
    for (;;) {
        if (L->comment && at_comment(L)) {
            if (src->kind == KPIRT_SOURCE_GA4) return 1;
            kpirt_csv_skip_line(r);
            continue;
        }
        int got = kpirt_csv_next(r, ctx, L->name);
        if (got < 0 && L->sample) { /* the sample ends at a record the evaluator refuses */
            L->stopped_early = true;
            ctx->has_error = false;
            return 0;
        }
        if (got < 0) return -1;
        if (got == 0) return 0;
        if (r->read_failed) return 0; /* the record may be cut: the read error is the message */
        if (kpirt_csv_blank(r) || !use) continue;
        int row_rc = 0;
        if (src->kind != KPIRT_SOURCE_CSV && !r->problem[0] &&
            (kpirt_export_totals(src->kind, r->rec + r->fields[0].offset, r->fields[0].len) ||
             (row->column_map[0] < r->field_count &&
              kpirt_export_totals(src->kind, r->rec + r->fields[row->column_map[0]].offset,
                                  r->fields[row->column_map[0]].len)))) {
            L->file->totals_skipped++;
            L->totals_seen = true;
            continue;
        }
        ctx->rows_read++;
        L->file->rows++;
        if (L->sample) {
            if (L->sample->row_count == L->max_rows) {
                if (src->kind != KPIRT_SOURCE_GA4) {
                    L->stopped_early = true;
                    return 0;
                }
                continue; /* GA4: read on, to know every table the file holds */
            }
            kpirt_sample_row *copy = &L->sample->rows[L->sample->row_count++];
            kpirt_sample_copy_record(r, copy);
            for (uint32_t i = 0; i < copy->count; i++)
                if (kpirt_export_null(src, copy->cells[i], strlen(copy->cells[i]))) copy->cells[i] = "";
            continue;
        }
        stats->rows_read++;
        row->day = KPIRT_NO_DAY;
        if (r->problem[0] || r->field_count != header_count) {
            row_rc = record_shape_error(ctx, r, L->name, header_count);
        } else if (L->totals_seen && src->kind == KPIRT_SOURCE_GOOGLE_ADS) {
            row_rc =
                kpirt_ctx_fail(ctx,
                               "%s:%lld: a row after the \"Total:\" rows, which end a Google Ads download; "
                               "are two downloads pasted together?",
                               L->name, (long long)r->record_line);
        } else if (src->row) {
            row->text = r->rec;
            row->fields = r->fields;
            row->field_count = r->field_count;
            row->line = r->record_line;
            if (currency_field >= 0 && src->currencies) {
                const kpirt_field_span *c = &r->fields[currency_field];
                const char *want = NULL;
                for (uint32_t i = 0; i < src->column_count && !want; i++) want = src->currencies[i];
                if (want && c->len &&
                    (c->len != strlen(want) || memcmp(r->rec + c->offset, want, c->len) != 0))
                    row_rc =
                        kpirt_ctx_fail(ctx,
                                       "%s:%lld:%u: wrong currency \"%.*s\" in column \"Currency code\": "
                                       "the metrics that read this source are in %s",
                                       L->name, (long long)c->line, c->column, (int)(c->len > 8 ? 8 : c->len),
                                       r->rec + c->offset, want);
            }
            if (row_rc == 0) {
                ctx->row = row;
                row_rc = src->row(ctx, row);
                ctx->row = NULL;
                if (row_rc < 0 && !ctx->has_error)
                    kpirt_ctx_fail(ctx, "%s:%lld: the row was rejected", L->name, (long long)r->record_line);
                if (row_rc >= 0) kpirt_segments_note(ctx, row);
            }
        }
        if (row_rc < 0) {
            stats->rows_skipped++;
            if (bad_row(ctx) < 0) return -1;
        } else if (row->day != KPIRT_NO_DAY) {
            if (stats->first_day == KPIRT_NO_DAY || row->day < stats->first_day) stats->first_day = row->day;
            if (stats->last_day == KPIRT_NO_DAY || row->day > stats->last_day) stats->last_day = row->day;
        }
    }
}

/*
** The rows of a plain CSV file between the reader's position and the offset
** stop (-1: the end), as one chunk of parallel.c reads them: a csv source in
** UTF-8, without comment or null texts, whose rows carry nothing of a
** download (no totals rows, no preamble), so the rows alone say all.
*/
int kpirt_csv_read_rows(kpirt_csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                        const kpirt_csv_header *header, int64_t stop) {
    uint32_t header_count = header->count;
    kpirt_row row = {.ctx = ctx,
                     .source = src,
                     .file = name,
                     .column_map = header->map,
                     .date_format = src->date_format,
                     .nth_base = KPIRT_NO_DAY,
                     .decimal_mark = src->decimal_mark ? src->decimal_mark : '.',
                     .thousands_sep = src->thousands_sep};
    kpirt_source_report *stats = &ctx->sources[src - ctx->program->sources];
    int rc = 0;
    while (rc == 0) {
        if (stop >= 0 && r->offset + (int64_t)r->pos >= stop) break;
        int got = kpirt_csv_next(r, ctx, name);
        if (got < 0) {
            rc = -1;
            break;
        }
        if (got == 0) break;
        if (r->read_failed) break; /* the record may be cut: the read error is the message */
        if (kpirt_csv_blank(r)) continue;
        ctx->rows_read++;
        stats->rows_read++;
        row.day = KPIRT_NO_DAY;
        int row_rc = 0;
        if (r->problem[0] || r->field_count != header_count) {
            row_rc = record_shape_error(ctx, r, name, header_count);
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
            if (row_rc >= 0) kpirt_segments_note(ctx, &row);
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

/* Why a file is read on one thread, for --verbose; nothing when one was asked for. */
static void one_thread(kpirt_ctx *ctx, const char *name, const char *why) {
    if (ctx->threads > 1) kpirt_ctx_note(ctx, "%s: read on one thread: %s", name, why);
}

/*
** Reads the rest of a plain CSV file on every core (parallel.c) when it may:
** 1 when it was not (read it on), else 0 or -1. The file's report gets its
** rows and days from the source's, which only this file fed.
*/
static int read_split(loading *L, const char **header, uint32_t header_count, uint32_t *map) {
    kpirt_ctx *ctx = L->ctx;
    const kpirt_source_desc *src = L->src;
    if (ctx->threads <= 1 || L->sample) return 1;
    if (!L->whole) {
        one_thread(ctx, L->name, "a stream (standard input, a pipe) cannot be split; give the file itself");
        return 1;
    }
    if (kpirt_decoder_kind(L->z) != KPIRT_PLAIN) {
        one_thread(ctx, L->name,
                   kpirt_decoder_kind(L->z) == KPIRT_GZIP
                       ? "gzip data is one stream; give the file "
                         "uncompressed to read it on every core"
                       : "zstd data is one stream; give the file uncompressed "
                         "to read it on every core");
        return 1;
    }
    if (src->kind != KPIRT_SOURCE_CSV || src->comment || src->null_count || L->text->utf16 ||
        L->text->encoding != KPIRT_ENCODING_UTF8) {
        one_thread(ctx, L->name, "a download or a file in another encoding, or with comment or null texts");
        return 1;
    }
    if (!L->r->plain_ok) {
        one_thread(ctx, L->name, "its delimiter is a quote or a line end");
        return 1;
    }
    kpirt_csv_header h = {.count = header_count, .fields = header, .map = map};
    kpirt_source_report *stats = &ctx->sources[src - ctx->program->sources];
    uint64_t rows_before = stats->rows_read;
    /* the chunks read the file's bytes: a UTF-8 byte-order mark the text decoder dropped still counts */
    int64_t mark = L->text->bom ? 3 : 0;
    L->r->offset += mark;
    int rc = kpirt_csv_read_split(L->r, ctx, src, L->name, &h, L->whole);
    L->r->offset -= mark;
    if (rc == 0) {
        L->file->rows += stats->rows_read - rows_before;
        L->file->first = stats->first_day;
        L->file->last = stats->last_day;
    }
    return rc;
}

/* Notes a GA4 table's title; returns whether it is the one to read. */
static bool pick_table(loading *L) {
    const char *title = L->block.title[0] ? L->block.title : "(untitled)";
    if (L->table_count < 16) snprintf(L->tables[L->table_count], sizeof L->tables[0], "%s", title);
    L->table_count++;
    if (L->src->kind != KPIRT_SOURCE_GA4) return true;
    if (!L->src->table) return L->table_count == 1;
    return !L->table_read && strcasecmp(L->src->table, title) == 0;
}

static int table_error(loading *L, const char *what) {
    char list[600];
    size_t n = 0;
    list[0] = 0;
    for (uint32_t i = 0; i < L->table_count && i < 16 && n + 140 < sizeof list; i++)
        n += (size_t)snprintf(list + n, sizeof list - n, "%s\"%s\"", i ? ", " : "", L->tables[i]);
    return kpirt_ctx_fail(L->ctx, "%s: %s; its tables: %s", L->name, what, list);
}

/* One table: its header, then its rows. Returns 1 when another table follows, 0 at the end, -1. */
static int read_table(loading *L, bool first) {
    kpirt_csv_reader *r = L->r;
    kpirt_ctx *ctx = L->ctx;
    const kpirt_source_desc *src = L->src;
    if (skip_preamble(L) < 0) {
        if (r->read_failed) return read_error(ctx, L->z, r, L->name);
        if (first && L->sample) return 0; /* an empty file: a sample without a header */
        if (first)
            return kpirt_ctx_fail(ctx, "%s: empty file (expected a header line with the column names)",
                                  L->name);
        return 0;
    }
    if (src->kind == KPIRT_SOURCE_GOOGLE_ADS && first) skip_ads_preamble(L);
    kpirt_csv_settle_delimiter(r, src->delimiter);
    int rc = kpirt_csv_next(r, ctx, L->name);
    if (rc < 0) return -1;
    if (rc == 0)
        return kpirt_ctx_fail(ctx, "%s: empty file (expected a header line with the column names)", L->name);
    bool use = pick_table(L);
    if (use && src->kind == KPIRT_SOURCE_GA4) {
        L->table_read = true;
        L->file->declared_first = L->block.declared_first;
        L->file->declared_last = L->block.declared_last;
        if (L->block.title[0] && !L->file->title) {
            L->file->title = kpirt_xmalloc(strlen(L->block.title) + 1);
            strcpy(L->file->title, L->block.title);
        }
    }

    /* The header's names live in their own copy: the record buffer is reused. */
    uint32_t header_count = r->field_count;
    char *names = kpirt_xmalloc(r->rec_len);
    memcpy(names, r->rec, r->rec_len);
    const char **header = kpirt_xmalloc(header_count * sizeof *header);
    for (uint32_t h = 0; h < header_count; h++) header[h] = kpirt_csv_trim_name(names + r->fields[h].offset);
    uint32_t *map = kpirt_xcalloc(src->column_count ? src->column_count : 1, sizeof *map);
    kpirt_row row = {.ctx = ctx, .source = src, .file = L->name, .column_map = map, .file_report = L->file};
    int currency_field = -1;
    bool split = false;
    rc = 0;
    if (use && L->sample) {
        rc = sample_header(L, header, header_count, &row, map);
    } else if (use) {
        bool comma = false, nth = false;
        int alias = -1;
        if (src->kind != KPIRT_SOURCE_CSV) {
            int at = kpirt_export_date_column(src->kind, header, header_count, &comma, &nth);
            if (!(src->declared & KPIRT_DECLARED_DATE_COLUMN)) alias = at;
            else if (at < 0 || strcasecmp(header[at], src->columns[0]) != 0) comma = nth = false;
            for (uint32_t h = 0; h < header_count && currency_field < 0; h++)
                if (kpirt_export_currency_column(header[h])) currency_field = (int)h;
        }
        rc = map_columns(L, header, header_count, map, alias);
        if (rc == 0) rc = settle_row(L, &row, header, header_count, map, comma, nth);
        /* a plain file's rows may be read on every core instead */
        if (rc == 0 && first && (rc = read_split(L, header, header_count, map)) != 1) split = true;
        else if (rc == 1) rc = 0;
    }
    if (rc == 0 && !split) rc = read_rows(L, &row, header_count, use, currency_field);
    free(map);
    free(header);
    free(names);
    return rc;
}

static int load(kpirt_csv_reader *r, kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name,
                kpirt_decoder *z, const kpirt_text_decoder *text, kpirt_split_file *whole,
                kpirt_sample *sample, uint32_t max_rows) {
    if (kpirt_csv_start(r, ctx, name) < 0) return -1;
    loading L = {.r = r,
                 .ctx = ctx,
                 .src = src,
                 .name = name,
                 .file = &ctx->files[ctx->file_count - 1],
                 .sample = sample,
                 .max_rows = max_rows,
                 .z = z,
                 .text = text,
                 .whole = whole};
    L.comment = src->comment ? src->comment : src->kind == KPIRT_SOURCE_GA4 ? "#" : NULL;
    if (L.comment && !L.comment[0]) L.comment = NULL;
    /* the first two lines, to say what a file of another kind looks like */
    const char *p = r->buf, *end = r->buf + r->len;
    for (int k = 0; k < 2 && p < end; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        snprintf(L.first_lines[k], sizeof L.first_lines[k], "%.*s", (int)(n < 159 ? n : 159), p);
        p = nl ? nl + 1 : end;
    }
    for (uint32_t i = 0; i < src->skip_lines; i++) {
        if (kpirt_csv_peek_line(r) < 0) break;
        kpirt_csv_skip_line(r);
    }
    int rc;
    bool first = true;
    while ((rc = read_table(&L, first)) == 1) first = false;
    if (rc < 0) return -1;
    if (r->read_failed) return read_error(ctx, L.z, r, name);
    if (src->kind == KPIRT_SOURCE_GA4 && src->table && !L.table_read)
        return table_error(&L, "no table is titled as the source's table option says");
    if (src->kind == KPIRT_SOURCE_GA4 && !src->table && L.table_count > 1)
        return table_error(&L,
                           "the download holds several tables; pick one with table \"TITLE\" on the source");
    if (sample) sample->complete = !L.stopped_early;
    if (src->kind == KPIRT_SOURCE_GOOGLE_ADS && L.file->rows > 0 && !L.totals_seen && !L.stopped_early)
        return kpirt_ctx_fail(ctx,
                              "%s:%lld: the file ends without the \"Total:\" rows that end a Google Ads "
                              "download: it was cut short; download it again",
                              name, (long long)r->line);
    return 0;
}

/*
** Reads one stream of a source, into ctx's cells or into a sample: the bytes
** are decompressed when they are gzip or zstd (decode.c), then turned from
** the file's encoding into UTF-8 (encoding.c), then read as CSV. *kind says
** what the bytes were.
*/
static int read_stream(kpirt_ctx *ctx, const kpirt_source_desc *src, const char *name, kpirt_read_fn read,
                       void *user, kpirt_split_file *whole, kpirt_sample *sample, uint32_t max_rows,
                       kpirt_compression *kind) {
    *kind = KPIRT_PLAIN;
    /* a sample is a few rows: no decompressing thread */
    kpirt_decoder *z = kpirt_decoder_open(ctx, name, read, user, !sample);
    if (!z) return -1;
    *kind = kpirt_decoder_kind(z);
    kpirt_text_decoder *d = kpirt_xmalloc(sizeof *d);
    kpirt_text_init(d, src->encoding, kpirt_decoder_read, z);
    if (sample)
        sample->encoding = d->utf16                                     ? "UTF-16"
                           : d->bom                                     ? "UTF-8 with byte-order mark"
                           : d->encoding == KPIRT_ENCODING_WINDOWS_1252 ? "Windows-1252"
                           : d->encoding == KPIRT_ENCODING_LATIN1       ? "Latin-1"
                                                                        : "UTF-8";
    kpirt_csv_reader *r = kpirt_xcalloc(1, sizeof *r);
    r->read = kpirt_text_read_fn();
    r->user = d;
    r->line = 1;
    r->col = 1;
    /* a binary file, a byte that is not UTF-8, or UTF-16 cut short explains whatever error it causes */
    int rc = d->nul_at ? -1 : load(r, ctx, src, name, z, d, whole, sample, max_rows);
    if (sample)
        sample->needs_encoding = d->nul_at   ? (kpirt_text_looks_utf16le(d) ? "utf-16" : NULL)
                                 : d->failed ? "windows-1252"
                                             : NULL;
    if (d->nul_at || d->failed || (d->truncated && !(sample && rc == 0))) {
        rc = kpirt_text_fail(d, ctx, name);
    } else if (rc < 0 && r->read_failed) {
        /* a failed read explains whatever error the bytes before it caused (a cut header, a cut row) */
        read_error(ctx, z, r, name);
    } else if (rc < 0 && !sample) {
        /* garbage rows from a corrupt stream: the corruption is the message, the row it gave a detail */
        const char *why = kpirt_decoder_verify(z);
        if (why) {
            char first[KPIRT_MESSAGE_MAX];
            snprintf(first, sizeof first, "%s", kpirt_ctx_error(ctx));
            kpirt_ctx_fail(ctx, "%s: %s; the first bad row it gave: %s", name, why, first);
        }
    }
    free(r->rec);
    free(r->fields);
    free(r);
    free(d);
    kpirt_decoder_close(z);
    return rc;
}

/* Loads one stream of a source into ctx; *kind says whether it was compressed. */
static int load_stream(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user,
                       kpirt_split_file *whole, kpirt_compression *kind) {
    *kind = KPIRT_PLAIN;
    if (source >= ctx->program->source_count) return kpirt_ctx_fail(ctx, "no source number %u", source);
    kpirt_ctx_add_file(ctx, source, name);
    return read_stream(ctx, &ctx->program->sources[source], name, read, user, whole, NULL, 0, kind);
}

int kpirt_csv_load(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user) {
    kpirt_compression kind;
    return load_stream(ctx, source, name, read, user, NULL, &kind);
}

int kpirt_csv_sample(const kpirt_source_desc *src, const char *name, kpirt_read_fn read, void *user,
                     uint32_t max_rows, kpirt_sample *out) {
    kpirt_ctx *ctx = kpirt_xcalloc(1, sizeof *ctx);
    kpirt_ctx_add_file(ctx, 0, name);
    out->date_column = -1;
    kpirt_compression kind;
    int rc = read_stream(ctx, src, name, read, user, NULL, out, max_rows, &kind);
    if (rc < 0) snprintf(out->error, sizeof out->error, "%s", ctx->error);
    kpirt_file_reports_free(ctx->files, ctx->file_count);
    free(ctx);
    return rc;
}

int kpirt_load_stream(kpirt_ctx *ctx, uint32_t source, const char *name, kpirt_read_fn read, void *user) {
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
    off_t size, done; /* regular files: size at open, bytes read */
    char last;        /* the last byte read */
    bool cut_short;   /* the end came before the size at open */
} file_reader;

static long read_file(void *user, char *buf, size_t cap) {
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
                          kpirt_compression kind) {
    struct stat after;
    if (!r->regular || fstat(fileno(r->f), &after) != 0) return 0;
    if (r->cut_short || after.st_size < r->size)
        return kpirt_ctx_fail(ctx,
                              "%s: the file was truncated while it was read (%lld bytes when opened, %lld "
                              "now); run again when the program writing it has finished",
                              path, (long long)r->size, (long long)after.st_size);
    bool touched =
        after.st_mtim.tv_sec != before->st_mtim.tv_sec || after.st_mtim.tv_nsec != before->st_mtim.tv_nsec;
    if (touched && after.st_size == r->size)
        return kpirt_ctx_fail(ctx,
                              "%s: the file was rewritten while it was read; run again when the program "
                              "writing it has finished",
                              path);
    /* (a compressed snapshot's end is checked by the decompressor: its last byte is no line end) */
    if (kind == KPIRT_PLAIN && after.st_size > r->size && r->size > 0 && r->last != '\n' && r->last != '\r')
        return kpirt_ctx_fail(ctx,
                              "%s: the file grew while it was read and its last row (at byte %lld) was still "
                              "being written; run again when the program writing it has finished",
                              path, (long long)r->size);
    return 0;
}

int kpirt_load_file(kpirt_ctx *ctx, uint32_t source, const char *path) {
    /* "-" is the standard input, so an evaluator can sit at the end of a pipe */
    if (strcmp(path, "-") == 0) {
        file_reader in = {.f = stdin};
        return kpirt_csv_load(ctx, source, "<stdin>", read_file, &in);
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        const char *src = source < ctx->program->source_count ? ctx->program->sources[source].name : "?";
        return kpirt_ctx_fail(ctx,
                              "%s: cannot open the data file of source \"%s\": %s (give another with "
                              "--data %s=FILE)",
                              path, src, strerror(errno), src);
    }
    file_reader r = {.f = f};
    struct stat before;
    bool known = fstat(fileno(f), &before) == 0;
    if (known && S_ISDIR(before.st_mode)) {
        fclose(f);
        const char *src = source < ctx->program->source_count ? ctx->program->sources[source].name : "?";
        return kpirt_ctx_fail(
            ctx,
            "%s: is a folder, not the data file of source \"%s\" (give the file with --data "
            "%s=FILE)",
            path, src, src);
    }
    if (known && S_ISREG(before.st_mode)) {
        r.regular = true;
        r.size = before.st_size;
    }
    kpirt_compression kind;
    kpirt_split_file whole = {.fd = fileno(f), .size = (int64_t)r.size};
    int rc = load_stream(ctx, source, path, read_file, &r, r.regular ? &whole : NULL, &kind);
    if (whole.split) { /* the chunks read the file: what they saw is the snapshot's */
        r.cut_short |= whole.cut_short;
        if (r.size > 0 && pread(whole.fd, &r.last, 1, r.size - 1) != 1) r.cut_short = true;
    }
    /* a change explains any error it caused (a cut row), so its message wins */
    if (check_snapshot(ctx, &r, &before, path, kind) < 0) rc = -1;
    fclose(f);
    return rc;
}

long kpirt_read_text(void *user, char *buf, size_t cap) {
    kpirt_text_reader *t = user;
    size_t n = t->len - t->pos < cap ? t->len - t->pos : cap;
    memcpy(buf, t->text + t->pos, n);
    t->pos += n;
    return (long)n;
}

int kpirt_load_text(kpirt_ctx *ctx, uint32_t source, const char *name, const char *text, size_t len) {
    kpirt_text_reader t = {text, len, 0};
    return kpirt_csv_load(ctx, source, name, kpirt_read_text, &t);
}
