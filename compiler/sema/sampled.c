/*
** sampled.c: what the sampled rows say about a source's declarations.
**
** kpic check promises that a file it passes is read by the evaluator without
** a dialect error. columns.c samples the file through the runtime's own
** reader; this file reads the sampled cells with the runtime's own parsers
** (kpirt_parse_date, kpirt_parse_money) exactly as the evaluator will, and
** when one does not parse, says what it found and gives the declaration that
** reads it as a fix-it: the date `format`, `decimal "," thousands "."`,
** `null "--"`, `encoding "windows-1252"` (D004). It also warns when a
** `where` or `for` value never occurs in the sampled column (M007), with a
** did-you-mean over the values seen.
*/
#include "sema_internal.h"

#include "kpirt.h"

#include <string.h>

/* The written path's span, after which a missing option is inserted. */
static kpi_span after_path(const sema_source *s) {
    return sema_span_at(s->ast->path.span, true);
}

/* A fix-it that sets a source option: replaces its value when written, else inserts it after the path. */
static void option_fixit(sema_ctx *ctx, kpi_diagnostic *d, const sema_source *s, const kpi_string *written,
                         const char *keyword, const char *value, const char *why) {
    if (written->text)
        kpi_diag_fixit(ctx->diags, d, written->span, kpi_arena_printf(ctx->arena, "\"%s\"", value), why);
    else
        kpi_diag_fixit(ctx->diags, d, after_path(s),
                       kpi_arena_printf(ctx->arena, " %s \"%s\"", keyword, value), why);
}

void sema_report_encoding(sema_ctx *ctx, sema_source *s) {
    bool utf16 = strcmp(s->needs_encoding, "utf-16") == 0;
    kpi_diagnostic *d =
        sema_report(ctx, KPI_D004, s->ast->path.span, "source '%s' is not in the encoding it declares: %s",
                    s->name, s->unreadable);
    option_fixit(ctx, d, s, &s->ast->encoding, "encoding", s->needs_encoding,
                 utf16 ? "read it as UTF-16" : "read it as Windows-1252");
}

static bool parses_as_date(const char *cell, const char *format) {
    kpirt_day d;
    const char *why;
    return kpirt_parse_date(cell, strlen(cell), format, &d, &why) == 0;
}

/* The layout that reads every sampled date, among the common ones; NULL when none does. */
static const char *date_layout(const sema_source *s, uint32_t column) {
    static const char *const layouts[] = {"YYYY-MM-DD",  "DD-MM-YYYY", "D-M-YYYY", "M/D/YYYY",
                                          "DD/MM/YYYY",  "DD.MM.YYYY", "YYYYMMDD", "YYYY/MM/DD",
                                          "DD-MMM-YYYY", "D/M/YYYY",   NULL};
    for (int k = 0; layouts[k]; k++) {
        bool all = true;
        for (uint32_t r = 0; r < s->sample_row_count && all; r++) {
            const char *cell = s->sample_rows[r][column];
            all = !cell[0] || parses_as_date(cell, layouts[k]);
        }
        if (all) return layouts[k];
    }
    return NULL;
}

void sema_check_sampled_dates(sema_ctx *ctx, sema_source *s) {
    int32_t column = s->sampled_date_column;
    /* GA4's "Nth day" axis is counted, not parsed; a refused format has had its error (D002) */
    if (column < 0 || s->sampled_nth_day || s->bad_date_format) return;
    for (uint32_t r = 0; r < s->sample_row_count; r++) {
        const char *cell = s->sample_rows[r][column];
        if (!cell[0] || parses_as_date(cell, s->date_format)) continue;
        const char *layout = date_layout(s, (uint32_t)column);
        kpi_span at = s->ast->date_format.text ? s->ast->date_format.span : s->ast->path.span;
        kpi_diagnostic *d =
            sema_report(ctx, KPI_D004, at, "the date \"%s\" in column '%s' does not read as %s", cell,
                        s->header[column], s->date_format);
        if (layout)
            option_fixit(ctx, d, s, &s->ast->date_format, "format", layout,
                         kpi_arena_printf(ctx->arena, "read the dates as %s", layout));
        else
            kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                          "declare the layout with format, e.g. format \"DD-MM-YYYY\"");
        return;
    }
}

/* The cell reads as the evaluator reads a money or number cell of this source. */
static bool reads(const char *cell, const char *currency, char decimal, char thousands) {
    int64_t v;
    char found[4];
    const char *why;
    if (currency)
        return kpirt_parse_money(cell, strlen(cell), decimal, thousands, currency, &v, found, &why) >= 0;
    return kpirt_parse_decimal(cell, strlen(cell), decimal, thousands, &v, &why) >= 0;
}

/*
** The fix-it that declares a number style: each option written is replaced,
** the missing ones are inserted after the path in one insertion (an editor
** applies the fix-its of one diagnostic at distinct places).
*/
static void number_style_fixit(sema_ctx *ctx, kpi_diagnostic *d, const sema_source *s, char decimal,
                               char thousands) {
    const char *why = kpi_arena_printf(ctx->arena, "read numbers such as 1%c458%c71", thousands, decimal);
    const char *insert = "";
    if (s->ast->decimal_mark.text)
        kpi_diag_fixit(ctx->diags, d, s->ast->decimal_mark.span,
                       kpi_arena_printf(ctx->arena, "\"%c\"", decimal), why);
    else insert = kpi_arena_printf(ctx->arena, " decimal \"%c\"", decimal);
    if (s->ast->thousands.text)
        kpi_diag_fixit(ctx->diags, d, s->ast->thousands.span,
                       kpi_arena_printf(ctx->arena, "\"%c\"", thousands), why);
    else insert = kpi_arena_printf(ctx->arena, "%s thousands \"%c\"", insert, thousands);
    if (insert[0]) kpi_diag_fixit(ctx->diags, d, after_path(s), insert, why);
}

/* A text for no value in a number column ("--", "-", "n/a"): no digit, and short. */
static bool no_value_word(const char *cell) {
    return !strpbrk(cell, "0123456789") && strlen(cell) <= 12;
}

/*
** The decimal mark whose style reads every sampled number of the column that
** the source's style refuses, or 0 when neither does. When both do ("1,234"
** alone), commas each followed by three digits are thousands separators.
*/
static char decimal_that_reads(const sema_source *s, uint32_t column, const char *currency) {
    bool comma = s->sampled_decimal != ',' || s->sampled_thousands != '.';
    bool point = s->sampled_decimal != '.' || s->sampled_thousands != ',', thousands = true;
    for (uint32_t r = 0; r < s->sample_row_count; r++) {
        const char *cell = s->sample_rows[r][column];
        if (!cell[0] || no_value_word(cell) ||
            reads(cell, currency, s->sampled_decimal, s->sampled_thousands))
            continue;
        comma = comma && (reads(cell, currency, ',', '.') || reads(cell, currency, ',', 0));
        point = point && (reads(cell, currency, '.', ',') || reads(cell, currency, '.', 0));
        const char *last = strrchr(cell, ',');
        thousands = thousands && last && strspn(last + 1, "0123456789") == 3;
    }
    if (comma && point) return thousands ? '.' : ',';
    return comma ? ',' : point ? '.' : 0;
}

/*
** D004 for the first sampled cell of the metric's column that the evaluator
** would refuse and that a declaration reads: a number in another style (the
** style that reads all of the column's), or a word for no value. A cell no
** declaration reads ("12O", a typo) is the data's fault, not the dialect's:
** the evaluator names its row and can skip it.
*/
void sema_check_sampled_numbers(sema_ctx *ctx, sema_metric *m, uint32_t column) {
    sema_source *s = m->source;
    const char *currency =
        m->unit.valid && kpi_unit_is_money(m->unit) && m->unit.currency[0] ? m->unit.currency : NULL;
    char decimal = decimal_that_reads(s, column, currency);
    for (uint32_t r = 0; r < s->sample_row_count; r++) {
        const char *cell = s->sample_rows[r][column];
        if (!cell[0] || reads(cell, currency, s->sampled_decimal, s->sampled_thousands)) continue;
        bool word = no_value_word(cell);
        if (!word && (!decimal || !reads(cell, currency, decimal, decimal == ',' ? '.' : ','))) continue;
        kpi_diagnostic *d = sema_report(ctx, KPI_D004, m->column_span,
                                        "the value \"%s\" in column '%s' of %s is not "
                                        "a number as the source reads numbers",
                                        cell, m->column, s->ast->path.text ? s->ast->path.text : s->path);
        if (!word) {
            number_style_fixit(ctx, d, s, decimal, decimal == ',' ? '.' : ',');
        } else {
            const char *why = kpi_arena_printf(ctx->arena, "read \"%s\" as no value", cell);
            if (s->ast->nulls)
                kpi_diag_fixit(ctx->diags, d, sema_span_at(s->ast->nulls_span, true),
                               kpi_arena_printf(ctx->arena, " \"%s\"", cell), why);
            else
                kpi_diag_fixit(ctx->diags, d, after_path(s),
                               kpi_arena_printf(ctx->arena, " null \"%s\"", cell), why);
        }
        return;
    }
}

void sema_check_filter_value(sema_ctx *ctx, const sema_source *s, int column, const kpi_literal *lit) {
    if (!lit->is_string || !lit->string.text || column < 0 || s->sample_row_count == 0) return;
    sema_table seen = {0};
    const char **values = KPI_NEW_ARRAY(ctx->arena, const char *, s->sample_row_count);
    uint32_t distinct = 0;
    for (uint32_t r = 0; r < s->sample_row_count; r++) {
        const char *cell = s->sample_rows[r][column];
        if (strcmp(cell, lit->string.text) == 0) return;
        if (cell[0] && !sema_table_get(&seen, cell)) {
            sema_table_put(ctx->arena, &seen, cell, (void *)1);
            values[distinct++] = cell;
        }
    }
    const char *near = sema_suggest_among(ctx, values, distinct, lit->string.text);
    /* a value that is only rare could come after the sampled rows: say so only with a likely typo, or when the
       sample is the whole file */
    if (!near && !s->sample_complete) return;
    kpi_diagnostic *d =
        sema_report(ctx, KPI_M007, lit->span, "\"%s\" never occurs in column '%s' of %s%s", lit->string.text,
                    s->header[column], s->ast->path.text ? s->ast->path.text : s->path,
                    s->sample_complete ? "" : " (in its first rows)");
    if (near) {
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "did you mean \"%s\"?", near);
        kpi_diag_fixit(ctx->diags, d, lit->span, kpi_arena_printf(ctx->arena, "\"%s\"", near),
                       kpi_arena_printf(ctx->arena, "compare with \"%s\"", near));
    } else if (distinct > 0 && distinct <= 12) {
        const char *list = "";
        for (uint32_t i = 0; i < distinct; i++)
            list = kpi_arena_printf(ctx->arena, "%s%s\"%s\"", list, i ? ", " : "", values[i]);
        kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE, "the column holds %s", list);
    }
}
