/*
** columns.c: checking metrics and filters against a CSV source's header at
** check time.
**
** When a source file is readable, kpic reads its header line and a sample of
** rows (SAMPLE_ROWS) to learn each column's names and whether it holds numbers
** or text. Base metrics must name existing columns (with "did you mean" over
** the header), a summed column must hold numbers, and filters must compare a
** column with a value of its kind. When the file is not readable (data that
** only exists on the production machine), a note says the columns were not
** verified; the evaluator checks them again at run time.
*/
#include "sema_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Records over MAX_RECORD bytes end the sampling, as the runtime refuses them. */
enum { SAMPLE_ROWS = 200, MAX_COLUMNS = 4096, MAX_RECORD = 1 << 20 };

/* Splits one CSV record (RFC 4180 quoting) read from f into fields. */
static uint32_t read_record(FILE *f, char delim, kpi_arena *arena, char **fields, uint32_t max, bool *eof) {
    uint32_t n = 0;
    size_t cap = 256, len = 0;
    char *buf = malloc(cap);
    bool quoted = false, any = false;
    int c;
    for (;;) {
        c = fgetc(f);
        if (c == EOF) { *eof = true; break; }
        any = true;
        if (quoted) {
            if (c == '"') {
                int next = fgetc(f);
                if (next == '"') c = '"';
                else { quoted = false; if (next != EOF) ungetc(next, f); continue; }
            }
        } else if (c == '"' && len == 0) { quoted = true; continue; }
        else if (c == '\r') {                 /* CRLF or a lone CR ends the record, as in the runtime */
            int next = fgetc(f);
            if (next != '\n' && next != EOF) ungetc(next, f);
            c = '\n';
        }
        if (len >= MAX_RECORD) { *eof = true; break; }   /* /dev/zero, a missing quote: stop sampling */
        if (!quoted && (c == delim || c == '\n')) {
            if (n < max) fields[n++] = kpi_arena_strndup(arena, buf, len);
            len = 0;
            if (c == '\n') break;
            continue;
        }
        if (len + 1 >= cap) { cap *= 2; buf = realloc(buf, cap); if (!buf) abort(); }
        buf[len++] = (char)c;
    }
    if (any && (len > 0 || c == EOF) && (len > 0 || n > 0) && n < max) fields[n++] = kpi_arena_strndup(arena, buf, len);
    free(buf);
    return n;
}

static char detect_delimiter(const char *line) {
    const char cands[] = { ',', ';', '\t', '|' };
    int best = 0;
    char pick = ',';
    for (int i = 0; i < 4; i++) {
        int count = 0;
        bool q = false;
        for (const char *p = line; *p && *p != '\n'; p++) {
            if (*p == '"') q = !q;
            else if (!q && *p == cands[i]) count++;
        }
        if (count > best) { best = count; pick = cands[i]; }
    }
    return pick;
}

/* Markers of a missing value, which say nothing about a column's kind. */
static bool missing_value(const char *s) {
    static const char *const markers[] = { "NA", "N/A", "n/a", "na", "null", "NULL", "nan", "NaN", "-", NULL };
    for (const char *const *m = markers; *m; m++)
        if (strcmp(s, *m) == 0) return true;
    return false;
}

/* What the runtime's number reader accepts, loosely: blanks, a sign, digits with
 * any decimal or thousands mark (no-break spaces included), and a final '%'. */
static bool looks_numeric(const char *s) {
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '+' || *s == '-') s++;
    bool digit = false, percent = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9' && !percent) digit = true;
        else if (*s == '%' && digit && !percent) percent = true;
        else if (*s == ' ' || *s == '\t') continue;
        else if (percent || !strchr(".,'\xc2\xa0\xe2\x80\xaf", *s)) return false;
    }
    return digit;
}

/* Header names are matched after trimming blanks, as the runtime does. */
static char *trim_blanks(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
    return s;
}

/*
** A sampled value in hundredths when it could be a whole percentage: a number
** from 0 to 100 in the source's own decimal mark and thousands separator
** ("52,5" with `decimal ","`); -1 for anything else: a sign, a '%' (the
** evaluator reads "45%" as 0.45 itself), a value above 100, any other text.
*/
static int percent_hundredths(const char *s, char decimal_mark, char thousands_sep) {
    while (*s == ' ' || *s == '\t' || *s == '+') s++;
    int whole = 0, fraction = 0, fraction_digits = 0;
    bool digits = false, after_mark = false;
    for (; *s && *s != ' ' && *s != '\t'; s++) {
        if (*s >= '0' && *s <= '9') {
            digits = true;
            if (!after_mark) {
                whole = whole * 10 + (*s - '0');
                if (whole > 100) return -1;
            } else if (fraction_digits < 2) {
                fraction = fraction * 10 + (*s - '0');
                fraction_digits++;
            }
        } else if (*s == decimal_mark && !after_mark) {
            after_mark = true;
        } else if (!(thousands_sep && *s == thousands_sep && !after_mark)) {
            return -1;
        }
    }
    while (*s == ' ' || *s == '\t') s++;
    if (*s || !digits) return -1;
    if (fraction_digits == 1) fraction *= 10;
    int hundredths = whole * 100 + fraction;
    return hundredths > 10000 ? -1 : hundredths;
}

bool sema_csv_header(const char *path, char delimiter, char decimal_mark, char thousands_sep, kpi_arena *arena,
                     const char ***names, uint8_t **kinds, uint8_t **whole_percents, uint32_t *count,
                     char *detected_delimiter) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char first[8192];
    long start = ftell(f);
    if (!fgets(first, sizeof first, f)) { fclose(f); *count = 0; return true; }
    /* skip a UTF-8 byte-order mark */
    bool bom = (unsigned char)first[0] == 0xEF && (unsigned char)first[1] == 0xBB && (unsigned char)first[2] == 0xBF;
    long skip = bom ? 3 : 0;
    char delim = delimiter ? delimiter : detect_delimiter(first + skip);
    const char *sep = first + skip;
    if (strncmp(sep, "sep=", 4) == 0 && sep[4] && (sep[5] == '\n' || sep[5] == '\r')) {
        delim = sep[4];             /* Excel's "sep=;" line names the delimiter and is not the header */
        skip += 6 + (sep[5] == '\r' && sep[6] == '\n');
    }
    fseek(f, start + skip, SEEK_SET);
    char **fields = KPI_NEW_ARRAY(arena, char *, MAX_COLUMNS);
    bool eof = false;
    uint32_t n = read_record(f, delim, arena, fields, MAX_COLUMNS, &eof);
    for (uint32_t i = 0; i < n; i++) fields[i] = trim_blanks(fields[i]);
    uint8_t *k = KPI_NEW_ARRAY(arena, uint8_t, n ? n : 1);
    char **row = malloc(sizeof *row * MAX_COLUMNS);
    /* Per column: sampled numbers minus sampled texts. A column is text only
     * when texts are the majority, so one mistyped number ("12O0") in a
     * column of numbers is left to the evaluator, which names its row and
     * can skip it, instead of turning the column into text here. */
    int32_t *balance = calloc(n ? n : 1, sizeof *balance);
    if (!balance) abort();
    /* per column: the largest value seen in hundredths, -1 once a value rules percentages out */
    int *largest = calloc(n ? n : 1, sizeof *largest);
    if (!largest) abort();
    kpi_arena scratch;
    kpi_arena_init(&scratch);
    for (int r = 0; r < SAMPLE_ROWS && !eof; r++) {
        uint32_t m = read_record(f, delim, &scratch, row, MAX_COLUMNS, &eof);
        for (uint32_t i = 0; i < m && i < n; i++) {
            if (!row[i][0] || missing_value(row[i])) continue;
            bool numeric = looks_numeric(row[i]);
            balance[i] += numeric ? 1 : -1;
            k[i] = balance[i] >= 0 ? SEMA_COL_NUMBER : SEMA_COL_TEXT;
            int value = numeric ? percent_hundredths(row[i], decimal_mark, thousands_sep) : -1;
            if (largest[i] >= 0) largest[i] = value < 0 ? -1 : value > largest[i] ? value : largest[i];
        }
    }
    uint8_t *w = KPI_NEW_ARRAY(arena, uint8_t, n ? n : 1);
    /* From 5 up: fractions above 1 (a 235% growth written 2.35) are rare, and rarer above 5. */
    for (uint32_t i = 0; i < n; i++)
        w[i] = k[i] == SEMA_COL_NUMBER && largest[i] >= 500 ? (uint8_t)(largest[i] / 100) : 0;
    free(largest);
    free(balance);
    kpi_arena_free(&scratch);
    free(row);
    fclose(f);
    *names = (const char **)fields;
    *kinds = k;
    *whole_percents = w;
    *count = n;
    if (detected_delimiter) *detected_delimiter = delim;
    return true;
}

/* The path as the spec writes it: shorter than the resolved one, and what the user typed. */
static const char *written_path(const sema_source *s) {
    return s->ast->path.text ? s->ast->path.text : s->path;
}

static int header_index(const sema_source *s, const char *name) {
    for (uint32_t i = 0; i < s->header_count; i++)
        if (strcmp(s->header[i], name) == 0) return (int)i;
    for (uint32_t i = 0; i < s->header_count; i++)     /* then ignoring case, as the runtime does */
        if (strcasecmp(s->header[i], name) == 0) return (int)i;
    return -1;
}

static const char *header_suggest(sema_ctx *ctx, const sema_source *s, const char *name) {
    sema_table t = {0};
    for (uint32_t i = 0; i < s->header_count; i++) sema_table_put(ctx->arena, &t, s->header[i], (void *)1);
    const char *hint = sema_suggest(&t, name);
    if (hint) return hint;
    for (uint32_t i = 0; i < s->header_count; i++)      /* "order date" vs "Order Date" */
        if (strcasecmp(s->header[i], name) == 0) return s->header[i];
    return NULL;
}

/* The delimiter a one-column header holds, when it is not the one used: the
 * source declares the wrong delimiter, and no column name can be right. */
static const char *other_delimiter(const sema_source *s) {
    static const char *const written[] = {",", ";", "\\t", "|"};
    if (s->header_count != 1) return NULL;
    for (int i = 0; i < 4; i++) {
        char c = i == 2 ? '\t' : written[i][0];
        if (c != s->delimiter && strchr(s->header[0], c)) return written[i];
    }
    return NULL;
}

static kpi_diagnostic *missing_column(sema_ctx *ctx, const sema_source *s, const char *name, kpi_span span,
                                      const char **hint_out) {
    kpi_diagnostic *d = sema_report(ctx, KPI_M002, span, "column '%s' not found in %s", name, written_path(s));
    const char *other = other_delimiter(s);
    const char *hint = other ? NULL : header_suggest(ctx, s, name);
    if (other) {
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "the header reads as one column, '%s': the file separates its columns with '%s'",
                      s->header[0], other);
        if (s->ast->delimiter.text)
            kpi_diag_fixit(ctx->diags, d, s->ast->delimiter.span, kpi_arena_printf(ctx->arena, "\"%s\"", other),
                           "use the file's delimiter");
    } else if (hint) kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "did you mean '%s'?", hint);
    else {
        char *list = kpi_arena_strdup(ctx->arena, "");
        for (uint32_t i = 0; i < s->header_count && i < 12; i++)
            list = kpi_arena_printf(ctx->arena, "%s%s'%s'", list, i ? ", " : "", s->header[i]);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "the header has %s%s", list, s->header_count > 12 ? ", ..." : "");
    }
    kpi_diag_note(ctx->diags, d, s->ast->name.span, "source '%s' declared here", s->name);
    *hint_out = hint;
    return d;
}

static void check_literal_kind(sema_ctx *ctx, const kpi_name *column, const kpi_literal *lit, sema_column_kind kind,
                               bool ordering) {
    if (ordering && lit->is_string) {
        sema_report(ctx, KPI_U008, lit->span, "'%s' is compared with text using an ordering operator; "
                    "text columns take = != in", column->text);
        return;
    }
    if (kind == SEMA_COL_TEXT && !lit->is_string) {
        kpi_diagnostic *d = sema_report(ctx, KPI_U008, lit->span, "column '%s' holds text, but is compared with a number",
                                        column->text);
        kpi_diag_fixit(ctx->diags, d, lit->span, kpi_arena_printf(ctx->arena, "\"%s\"", sema_span_text(ctx, lit->span)),
                       "compare with the text");
    } else if (kind == SEMA_COL_NUMBER && lit->is_string) {
        sema_report(ctx, KPI_U008, lit->span, "column '%s' holds numbers, but is compared with the text \"%s\"",
                    column->text, lit->string.text ? lit->string.text : "");
    }
}

void sema_check_filter_columns(sema_ctx *ctx, sema_source *src, const kpi_filter *f) {
    if (!f) return;
    switch (f->kind) {
    case KPI_FILTER_AND: case KPI_FILTER_OR:
        sema_check_filter_columns(ctx, src, f->as.binary.lhs);
        sema_check_filter_columns(ctx, src, f->as.binary.rhs);
        return;
    case KPI_FILTER_NOT: case KPI_FILTER_PAREN:
        sema_check_filter_columns(ctx, src, f->as.operand);
        return;
    case KPI_FILTER_CMP: case KPI_FILTER_IN: break;
    }
    const kpi_name *col = f->kind == KPI_FILTER_CMP ? &f->as.cmp.column : &f->as.in.column;
    if (!col->text) return;
    sema_column_kind kind = SEMA_COL_UNKNOWN;
    if (src && src->header_read) {
        int idx = header_index(src, col->text);
        if (idx < 0) {
            const char *hint;
            kpi_diagnostic *d = missing_column(ctx, src, col->text, col->span, &hint);
            if (hint) kpi_diag_fixit(ctx->diags, d, col->span, kpi_arena_printf(ctx->arena, "\"%s\"", hint),
                                     kpi_arena_printf(ctx->arena, "use the column '%s'", hint));
            return;
        }
        kind = src->kinds[idx];
    }
    if (f->kind == KPI_FILTER_CMP) {
        check_literal_kind(ctx, col, &f->as.cmp.value, kind, f->as.cmp.op >= KPI_CMP_LT);
    } else {
        bool strings = f->as.in.values && f->as.in.values->is_string;
        for (const kpi_literal *l = f->as.in.values; l; l = l->next) {
            if (l->is_string != strings) {
                sema_report(ctx, KPI_U008, l->span, "an `in` list mixes text and numbers");
                break;
            }
            check_literal_kind(ctx, col, l, kind, false);
        }
    }
}

static void collect_sources(sema_metric *m, sema_source **out, uint32_t *n, uint32_t max, int depth) {
    while (m->rebound_by) m = m->rebound_by;
    if (depth > 64) return;
    if (!m->formula) {
        if (!m->source) return;
        for (uint32_t i = 0; i < *n; i++) if (out[i] == m->source) return;
        if (*n < max) out[(*n)++] = m->source;
        return;
    }
    for (uint32_t i = 0; i < m->dep_count; i++) collect_sources(m->deps[i], out, n, max, depth + 1);
}

void sema_check_filter_for_metric(sema_ctx *ctx, sema_metric *m, const kpi_filter *filter) {
    sema_source *found[16];
    uint32_t n = 0;
    collect_sources(m, found, &n, 16, 0);
    bool checked = false;
    for (uint32_t i = 0; i < n; i++) {
        if (!found[i]->header_read) continue;
        sema_check_filter_columns(ctx, found[i], filter);
        checked = true;
    }
    if (!checked) sema_check_filter_columns(ctx, NULL, filter);
}

static void check_metric_column(sema_ctx *ctx, sema_metric *m) {
    sema_source *s = m->source;
    int idx = header_index(s, m->column);
    if (idx < 0) {
        const char *hint;
        kpi_diagnostic *d = missing_column(ctx, s, m->column, m->column_span, &hint);
        if (hint && m->ast->column.text)
            kpi_diag_fixit(ctx->diags, d, m->column_span, kpi_arena_printf(ctx->arena, "\"%s\"", hint),
                           kpi_arena_printf(ctx->arena, "read the column '%s'", hint));
        else if (hint)
            kpi_diag_fixit(ctx->diags, d, sema_span_at(m->ast->unit.span, true),
                           kpi_arena_printf(ctx->arena, " from \"%s\"", hint),
                           kpi_arena_printf(ctx->arena, "read the column '%s'", hint));
        return;
    }
    bool counts_rows = m->aggregate == KPI_AGG_COUNT || m->aggregate == KPI_AGG_COUNT_DISTINCT;
    if (!counts_rows && s->kinds[idx] == SEMA_COL_TEXT) {
        kpi_diagnostic *d = sema_report(ctx, KPI_M004, m->column_span,
                                        "column '%s' of %s holds text; '%s' needs numbers to %s", m->column, written_path(s),
                                        m->name, kpi_ast_aggregate_name(m->aggregate == KPI_AGG_DEFAULT ? KPI_AGG_SUM : m->aggregate));
        kpi_diag_fixit(ctx->diags, d, sema_span_at(m->ast->unit.span, true), " aggregate count_distinct",
                       "count distinct values instead");
        return;
    }
    /* M005: a percent holds a fraction, so a column of whole percentages reads 100x too high */
    uint8_t largest = s->whole_percents[idx];
    if (!counts_rows && largest && m->unit.valid && m->unit.flavor == KPI_FLAVOR_PERCENT &&
        kpi_unit_is_dimensionless(m->unit)) {
        kpi_diagnostic *d = sema_report(ctx, KPI_M005, m->column_span,
            "column '%s' of %s holds whole percentages (up to %u in its first rows); the percent '%s' "
            "would read %u as %u%%", m->column, written_path(s), largest, m->name, largest, largest * 100u);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "a percent holds a fraction (45%% is 0.45): export the column as 0.45 or as 45%%, or "
                      "declare '%s' a number to track the values as they are written", m->name);
    }
}

void sema_read_columns(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->source_count; i++) {
        sema_source *s = ctx->srcs[i];
        if (!ctx->opts.verify_columns) continue;
        char delim = 0;
        errno = 0;
        /* Only a regular file is sniffed: a pipe would block kpic (and the
        ** language server) until a writer comes, a device may never end. */
        struct stat st;
        if (stat(s->path, &st) == 0 && !S_ISREG(st.st_mode)) {
            s->unreadable = S_ISDIR(st.st_mode) ? "it is a folder, not a file"
                                                : "it is not a regular file (a pipe or a device is read only by the evaluator)";
            if (s->module == ctx->root)
                sema_report(ctx, KPI_M003, s->ast->path.span, "columns of source '%s' were not verified: cannot read %s: %s",
                            s->name, s->path, s->unreadable);
            continue;
        }
        if (!sema_csv_header(s->path, s->delimiter, s->decimal_mark, s->thousands_sep, ctx->arena, &s->header,
                             &s->kinds, &s->whole_percents, &s->header_count, &delim)) {
            s->unreadable = strerror(errno ? errno : ENOENT);
            if (s->module == ctx->root) {
                sema_report(ctx, KPI_M003, s->ast->path.span,
                            "columns of source '%s' were not verified: cannot read %s: %s", s->name, s->path,
                            s->unreadable);
            }
            continue;
        }
        if (s->header_count == 0) {
            sema_report(ctx, KPI_D003, s->ast->path.span, "%s is empty: it has no header line", written_path(s));
            continue;
        }
        s->header_read = true;
        if (!s->delimiter) s->delimiter = delim;
        if (header_index(s, s->date_column) < 0) {
            const char *hint;
            kpi_span at = s->ast->date_column.text ? s->ast->date_column.span : s->ast->name.span;
            kpi_diagnostic *d = missing_column(ctx, s, s->date_column, at, &hint);
            if (hint && s->ast->date_column.text)
                kpi_diag_fixit(ctx->diags, d, at, kpi_arena_printf(ctx->arena, "\"%s\"", hint), "use this date column");
            else if (hint)
                kpi_diag_fixit(ctx->diags, d, sema_span_at(s->ast->path.span, true),
                               kpi_arena_printf(ctx->arena, " date \"%s\"", hint), "name the date column");
        }
    }
    for (uint32_t i = 0; i < ctx->metric_count; i++) {
        sema_metric *m = ctx->metrics[i];
        /* an imported module's metrics are checked only when a goal uses them */
        if (m->rebound_by || (m->module != ctx->root && !m->used)) continue;
        if (!m->formula && m->source && m->source->header_read) check_metric_column(ctx, m);
        if (m->ast->where) sema_check_filter_for_metric(ctx, m, m->ast->where);
    }
}
