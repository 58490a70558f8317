/*
** columns.c: checking metrics and filters against a CSV source's header at
** check time.
**
** When a source file is readable, kpic samples its header line and first rows
** (SAMPLE_ROWS) through the runtime's own reader (kpirt_sample_file), with
** the options the source declares, so the check sees the file exactly as the
** evaluator will. From the cells it learns each column's name and whether it
** holds numbers (as the runtime's number parser reads them) or text. Base
** metrics must name existing columns (with "did you mean" over the header), a
** summed column must hold numbers, and filters must compare a column with a
** value of its kind. Sampling only reports: what the reader detects (the
** delimiter) never goes into the program, since every run detects again per
** file. When the file is not readable (data that only exists on the
** production machine), a note says the columns were not verified; the
** evaluator checks them again at run time.
*/
#include "sema_internal.h"

#include "kpirt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { SAMPLE_ROWS = 200 };

/* Markers of a missing value, which say nothing about a column's kind. */
static bool missing_value(const char *s) {
    static const char *const markers[] = {"NA", "N/A", "n/a", "na", "null", "NULL", "nan", "NaN", "-", NULL};
    for (const char *const *m = markers; *m; m++)
        if (strcmp(s, *m) == 0) return true;
    return false;
}

/*
** A number as the evaluator reads it: with the source's decimal mark and
** thousands separator, or with another common pair of them. A column of
** "10,50" under the default '.' is still a column of numbers here: the
** evaluator names the first such row and its fix, where "holds text" would
** mislead.
*/
static bool reads_as_number(const char *s, char decimal_mark, char thousands_sep, char currency[4]) {
    static const char marks[][2] = {{'.', ','}, {',', '.'}, {'.', '\''}, {',', ' '}, {'.', ' '}};
    double v;
    int64_t scaled;
    const char *why;
    size_t len = strlen(s);
    currency[0] = 0;
    if (kpirt_parse_number(s, len, decimal_mark, thousands_sep, &v, &why) == 0) return true;
    /* money with its currency ("€116.90", "1.234,56 EUR"), as the evaluator reads a money metric's cells */
    if (kpirt_parse_money(s, len, decimal_mark, thousands_sep, NULL, &scaled, currency, &why) == 0)
        return true;
    currency[0] = 0;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (kpirt_parse_number(s, len, marks[i][0], marks[i][1], &v, &why) == 0) return true;
    return false;
}

/*
** A sampled value in hundredths when it could be a whole percentage: a number
** from 0 to 100 in the source's own decimal mark and thousands separator
** ("52,5" with `decimal ","`); -1 for anything else: a sign, a '%' (the
** evaluator reads "45%" as 0.45 itself), a value above 100, any other text.
*/
static int percent_hundredths(const char *s, char decimal_mark, char thousands_sep) {
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '-' || strchr(s, '%')) return -1;
    int64_t scaled;
    const char *why;
    if (kpirt_parse_decimal(s, strlen(s), decimal_mark, thousands_sep, &scaled, &why) != 0) return -1;
    if (scaled < 0 || scaled > 100 * (int64_t)KPIRT_SCALE) return -1;
    return (int)(scaled / (KPIRT_SCALE / 100));
}

/* The source as the runtime's reader takes it: only what the spec declares. */
kpirt_source_desc sema_sample_options(const sema_source *s) {
    return (kpirt_source_desc){
        .name = s->name,
        .default_path = s->path,
        .date_column = s->date_column,
        .date_format = s->date_format,
        .delimiter = s->delimiter,
        .decimal_mark = s->decimal_mark,
        .thousands_sep = s->thousands_sep,
        .column_count = 1,
        .columns = &s->date_column,
        .kind = s->kind,
        .encoding = s->encoding,
        .declared = s->declared,
        .skip_lines = s->skip_lines,
        .comment = s->comment,
        .null_count = s->null_count,
        .nulls = s->nulls,
        .table = s->table,
    };
}

/*
** Samples the file of s: its header, each column's kind, and the largest
** whole percentage of each. Returns false when the file cannot be read or
** the evaluator would refuse it from its start, with s->unreadable set.
*/
static bool sample_columns(sema_ctx *ctx, sema_source *s) {
    kpirt_source_desc options = sema_sample_options(s);
    kpirt_sample sample;
    if (kpirt_sample_file(s->path, &options, SAMPLE_ROWS, &sample) < 0) {
        s->unreadable = kpi_arena_strdup(ctx->arena, sample.error);
        s->needs_encoding = sample.needs_encoding;
        kpirt_sample_free(&sample);
        return false;
    }
    uint32_t n = sample.column_count;
    s->sampled_delimiter = sample.delimiter;
    s->sampled_decimal = sample.decimal_mark;
    s->sampled_thousands = sample.thousands_sep;
    s->sampled_date_column = sample.date_column;
    s->sample_complete = sample.complete;
    s->sampled_nth_day = sample.nth_day;
    s->sample_row_count = sample.row_count;
    s->sample_rows = KPI_NEW_ARRAY(ctx->arena, const char **, sample.row_count + 1);
    for (uint32_t r = 0; r < sample.row_count; r++) {
        const char **cells = KPI_NEW_ARRAY(ctx->arena, const char *, sample.column_count + 1);
        for (uint32_t c = 0; c < sample.column_count; c++)
            cells[c] = c < sample.rows[r].count ? kpi_arena_strdup(ctx->arena, sample.rows[r].cells[c]) : "";
        s->sample_rows[r] = cells;
    }
    s->currencies = KPI_NEW_ARRAY(ctx->arena, const char *, n ? n : 1);
    s->header_count = n;
    const char **names = KPI_NEW_ARRAY(ctx->arena, const char *, n ? n : 1);
    for (uint32_t i = 0; i < n; i++) names[i] = kpi_arena_strdup(ctx->arena, sample.header[i]);
    s->header = names;
    uint8_t *kinds = KPI_NEW_ARRAY(ctx->arena, uint8_t, n ? n : 1);
    /* Per column: sampled numbers minus sampled texts. A column is text only
     * when texts are the majority, so one mistyped number ("12O0") in a
     * column of numbers is left to the evaluator, which names its row and
     * can skip it, instead of turning the column into text here. */
    int32_t *balance = calloc(n ? n : 1, sizeof *balance);
    /* per column: the largest value seen in hundredths, -1 once a value rules percentages out */
    int *largest = calloc(n ? n : 1, sizeof *largest);
    if (!balance || !largest) abort();
    for (uint32_t r = 0; r < sample.row_count; r++) {
        const kpirt_sample_row *row = &sample.rows[r];
        for (uint32_t i = 0; i < row->count && i < n; i++) {
            const char *cell = row->cells[i];
            if (!cell[0] || missing_value(cell)) continue;
            char currency[4];
            bool numeric = reads_as_number(cell, s->sampled_decimal, s->sampled_thousands, currency);
            if (currency[0] && !s->currencies[i]) s->currencies[i] = kpi_arena_strdup(ctx->arena, currency);
            balance[i] += numeric ? 1 : -1;
            kinds[i] = balance[i] >= 0 ? SEMA_COL_NUMBER : SEMA_COL_TEXT;
            int value = numeric ? percent_hundredths(cell, s->sampled_decimal, s->sampled_thousands) : -1;
            if (largest[i] >= 0) largest[i] = value < 0 ? -1 : value > largest[i] ? value : largest[i];
        }
    }
    uint8_t *whole = KPI_NEW_ARRAY(ctx->arena, uint8_t, n ? n : 1);
    /* From 5 up: fractions above 1 (a 235% growth written 2.35) are rare, and rarer above 5. */
    for (uint32_t i = 0; i < n; i++)
        whole[i] = kinds[i] == SEMA_COL_NUMBER && largest[i] >= 500 ? (uint8_t)(largest[i] / 100) : 0;
    s->kinds = kinds;
    s->whole_percents = whole;
    free(largest);
    free(balance);
    kpirt_sample_free(&sample);
    return true;
}

/* The path as the spec writes it: shorter than the resolved one, and what the user typed. */
static const char *written_path(const sema_source *s) {
    return s->ast->path.text ? s->ast->path.text : s->path;
}

int sema_header_index(const sema_source *s, const char *name) {
    for (uint32_t i = 0; i < s->header_count; i++)
        if (strcmp(s->header[i], name) == 0) return (int)i;
    for (uint32_t i = 0; i < s->header_count; i++) /* then ignoring case, as the runtime does */
        if (strcasecmp(s->header[i], name) == 0) return (int)i;
    return -1;
}

static const char *header_suggest(sema_ctx *ctx, const sema_source *s, const char *name) {
    return sema_suggest_among(ctx, s->header, s->header_count, name);
}

/* The delimiter a one-column header holds, when it is not the one used: the
 * source declares the wrong delimiter, and no column name can be right. */
static const char *other_delimiter(const sema_source *s) {
    static const char *const written[] = {",", ";", "\\t", "|"};
    if (s->header_count != 1) return NULL;
    for (int i = 0; i < 4; i++) {
        char c = i == 2 ? '\t' : written[i][0];
        if (c != s->sampled_delimiter && strchr(s->header[0], c)) return written[i];
    }
    return NULL;
}

static kpi_diagnostic *missing_column(sema_ctx *ctx, const sema_source *s, const char *name, kpi_span span,
                                      const char **hint_out) {
    kpi_diagnostic *d =
        sema_report(ctx, KPI_M002, span, "column '%s' not found in %s", name, written_path(s));
    const char *other = other_delimiter(s);
    const char *hint = other ? NULL : header_suggest(ctx, s, name);
    if (other) {
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "the header reads as one column, '%s': the file separates its columns with '%s'",
                      s->header[0], other);
        if (s->ast->delimiter.text)
            kpi_diag_fixit(ctx->diags, d, s->ast->delimiter.span,
                           kpi_arena_printf(ctx->arena, "\"%s\"", other), "use the file's delimiter");
    } else if (hint) kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "did you mean '%s'?", hint);
    else {
        char *list = kpi_arena_strdup(ctx->arena, "");
        for (uint32_t i = 0; i < s->header_count && i < 12; i++)
            list = kpi_arena_printf(ctx->arena, "%s%s'%s'", list, i ? ", " : "", s->header[i]);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "the header has %s%s", list,
                      s->header_count > 12 ? ", ..." : "");
    }
    kpi_diag_note(ctx->diags, d, s->ast->name.span, "source '%s' declared here", s->name);
    *hint_out = hint;
    return d;
}

static void check_literal_kind(sema_ctx *ctx, const kpi_name *column, const kpi_literal *lit,
                               sema_column_kind kind, bool ordering) {
    if (ordering && lit->is_string) {
        sema_report(ctx, KPI_U008, lit->span,
                    "'%s' is compared with text using an ordering operator; "
                    "text columns take = != in",
                    column->text);
        return;
    }
    if (kind == SEMA_COL_TEXT && !lit->is_string) {
        kpi_diagnostic *d = sema_report(
            ctx, KPI_U008, lit->span, "column '%s' holds text, but is compared with a number", column->text);
        kpi_diag_fixit(ctx->diags, d, lit->span,
                       kpi_arena_printf(ctx->arena, "\"%s\"", sema_span_text(ctx, lit->span)),
                       "compare with the text");
    } else if (kind == SEMA_COL_NUMBER && lit->is_string) {
        sema_report(ctx, KPI_U008, lit->span,
                    "column '%s' holds numbers, but is compared with the text \"%s\"", column->text,
                    lit->string.text ? lit->string.text : "");
    }
}

void sema_check_filter_columns(sema_ctx *ctx, sema_source *src, const kpi_filter *f) {
    if (!f) return;
    switch (f->kind) {
    case KPI_FILTER_AND:
    case KPI_FILTER_OR:
        sema_check_filter_columns(ctx, src, f->as.binary.lhs);
        sema_check_filter_columns(ctx, src, f->as.binary.rhs);
        return;
    case KPI_FILTER_NOT:
    case KPI_FILTER_PAREN: sema_check_filter_columns(ctx, src, f->as.operand); return;
    case KPI_FILTER_CMP:
    case KPI_FILTER_IN: break;
    }
    const kpi_name *col = f->kind == KPI_FILTER_CMP ? &f->as.cmp.column : &f->as.in.column;
    if (!col->text) return;
    sema_column_kind kind = SEMA_COL_UNKNOWN;
    int column = -1;
    if (src && src->header_read) {
        int idx = sema_header_index(src, col->text);
        if (idx < 0) {
            const char *hint;
            kpi_diagnostic *d = missing_column(ctx, src, col->text, col->span, &hint);
            if (hint)
                kpi_diag_fixit(ctx->diags, d, col->span, kpi_arena_printf(ctx->arena, "\"%s\"", hint),
                               kpi_arena_printf(ctx->arena, "use the column '%s'", hint));
            return;
        }
        kind = src->kinds[idx];
        column = idx;
    }
    if (f->kind == KPI_FILTER_CMP) {
        check_literal_kind(ctx, col, &f->as.cmp.value, kind, f->as.cmp.op >= KPI_CMP_LT);
        if (column >= 0 && kind == SEMA_COL_TEXT && f->as.cmp.op <= KPI_CMP_NE)
            sema_check_filter_value(ctx, src, column, &f->as.cmp.value);
    } else {
        bool strings = f->as.in.values && f->as.in.values->is_string;
        for (const kpi_literal *l = f->as.in.values; l; l = l->next) {
            if (l->is_string != strings) {
                sema_report(ctx, KPI_U008, l->span, "an `in` list mixes text and numbers");
                break;
            }
            check_literal_kind(ctx, col, l, kind, false);
            if (column >= 0 && kind == SEMA_COL_TEXT) sema_check_filter_value(ctx, src, column, l);
        }
    }
}

static void collect_sources(sema_metric *m, sema_source **out, uint32_t *n, uint32_t max, int depth) {
    while (m->rebound_by) m = m->rebound_by;
    if (depth > 64) return;
    if (!m->formula) {
        if (!m->source) return;
        for (uint32_t i = 0; i < *n; i++)
            if (out[i] == m->source) return;
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
    int idx = sema_header_index(s, m->column);
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
    const char *written = s->currencies[idx];
    if (!counts_rows && written && m->unit.valid && kpi_unit_is_money(m->unit) && m->unit.currency[0]) {
        /* the evaluator's own rule: "$" is any dollar, a code or another symbol must be the metric's */
        char probe[8], found[4];
        int64_t v;
        const char *why;
        snprintf(probe, sizeof probe, "%s1", written);
        if (kpirt_parse_money(probe, strlen(probe), '.', 0, m->unit.currency, &v, found, &why) < 0) {
            kpi_diagnostic *d = sema_report(
                ctx, KPI_M006, m->column_span, "column '%s' of %s holds amounts in %s, but '%s' is in %s",
                m->column, written_path(s), found[0] ? found : written, m->name, m->unit.currency);
            kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                          "the evaluator would stop at the first such row; declare "
                          "'%s' in %s, or read a column in %s",
                          m->name, found[0] ? found : written, m->unit.currency);
            return;
        }
    }
    if (!counts_rows && s->kinds[idx] == SEMA_COL_TEXT) {
        kpi_diagnostic *d = sema_report(
            ctx, KPI_M004, m->column_span, "column '%s' of %s holds text; '%s' needs numbers to %s",
            m->column, written_path(s), m->name,
            kpi_ast_aggregate_name(m->aggregate == KPI_AGG_DEFAULT ? KPI_AGG_SUM : m->aggregate));
        kpi_diag_fixit(ctx->diags, d, sema_span_at(m->ast->unit.span, true), " aggregate count_distinct",
                       "count distinct values instead");
        return;
    }
    /* D004: a sampled cell the evaluator would refuse, with the declaration that reads it */
    if (!counts_rows) sema_check_sampled_numbers(ctx, m, (uint32_t)idx);
    /* M005: a percent holds a fraction, so a column of whole percentages reads 100x too high */
    uint8_t largest = s->whole_percents[idx];
    if (!counts_rows && largest && m->unit.valid && m->unit.flavor == KPI_FLAVOR_PERCENT &&
        kpi_unit_is_dimensionless(m->unit)) {
        kpi_diagnostic *d = sema_report(
            ctx, KPI_M005, m->column_span,
            "column '%s' of %s holds whole percentages (up to %u in its first rows); the percent '%s' "
            "would read %u as %u%%",
            m->column, written_path(s), largest, m->name, largest, largest * 100u);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                      "a percent holds a fraction (45%% is 0.45): export the column as 0.45 or as 45%%, or "
                      "declare '%s' a number to track the values as they are written",
                      m->name);
    }
}

void sema_read_columns(sema_ctx *ctx) {
    for (uint32_t i = 0; i < ctx->source_count; i++) {
        sema_source *s = ctx->srcs[i];
        /* a table lives in a database kpic does not connect to at check time */
        if (!ctx->opts.verify_columns || s->is_table) continue;
        /* Only a regular file is sniffed: a pipe would block kpic (and the
        ** language server) until a writer comes, a device may never end. A
        ** folder is read as the evaluator reads it: its data files. */
        struct stat st;
        if (stat(s->path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
            s->unreadable = "it is not a regular file (a pipe or a device is read only by the evaluator)";
            if (s->module == ctx->root)
                sema_report(ctx, KPI_M003, s->ast->path.span,
                            "columns of source '%s' were not verified: cannot read %s: %s", s->name, s->path,
                            s->unreadable);
            continue;
        }
        if (!sample_columns(ctx, s)) {
            if (s->needs_encoding && s->module == ctx->root) {
                sema_report_encoding(ctx, s);
            } else if (s->module == ctx->root) {
                sema_report(ctx, KPI_M003, s->ast->path.span,
                            "columns of source '%s' were not verified: cannot read %s: %s", s->name, s->path,
                            s->unreadable);
            }
            continue;
        }
        if (s->header_count == 0) {
            sema_report(ctx, KPI_D003, s->ast->path.span, "%s is empty: it has no header line",
                        written_path(s));
            continue;
        }
        s->header_read = true;
        if (s->sampled_date_column >= 0) sema_check_sampled_dates(ctx, s);
        if (s->sampled_date_column < 0) {
            const char *hint;
            kpi_span at = s->ast->date_column.text ? s->ast->date_column.span : s->ast->name.span;
            kpi_diagnostic *d = missing_column(ctx, s, s->date_column, at, &hint);
            if (hint && s->ast->date_column.text)
                kpi_diag_fixit(ctx->diags, d, at, kpi_arena_printf(ctx->arena, "\"%s\"", hint),
                               "use this date column");
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
