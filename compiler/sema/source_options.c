/*
** source_options.c: what a source declaration says about its file.
**
** The kind (csv, ga4, google_ads) sets the defaults a download of that tool
** needs (GA4's `Date` column in YYYYMMDD, Google Ads' `Day`); the options
** (`encoding`, `null`, `skip`, `comment`, `table`) are checked here, each
** with a fix-it when it can be repaired. The runtime reads the file with
** exactly these settings (kpirt_source_desc), so nothing here guesses. A
** `table` source is no file: a database reads it, and its file options are
** errors (D002).
*/
#include "sema_internal.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    kpirt_encoding encoding;
} encodings[] = {
    {"utf-8", KPIRT_ENCODING_UTF8},
    {"utf8", KPIRT_ENCODING_UTF8},
    {"utf-16", KPIRT_ENCODING_UTF16},
    {"utf16", KPIRT_ENCODING_UTF16},
    {"windows-1252", KPIRT_ENCODING_WINDOWS_1252},
    {"cp1252", KPIRT_ENCODING_WINDOWS_1252},
    {"latin-1", KPIRT_ENCODING_LATIN1},
    {"latin1", KPIRT_ENCODING_LATIN1},
    {"iso-8859-1", KPIRT_ENCODING_LATIN1},
};

static void read_encoding(sema_ctx *ctx, sema_source *s, const kpi_string *written) {
    for (size_t i = 0; i < sizeof encodings / sizeof *encodings; i++) {
        if (strcasecmp(written->text, encodings[i].name) == 0) {
            s->encoding = encodings[i].encoding;
            return;
        }
    }
    sema_table t = {0};
    static const char *const shown[] = {"utf-8", "utf-16", "windows-1252", "latin-1"};
    for (int i = 0; i < 4; i++) sema_table_put(ctx->arena, &t, shown[i], (void *)1);
    const char *near = sema_suggest(&t, written->text);
    kpi_diagnostic *d = sema_report(ctx, KPI_D002, written->span, "unknown encoding \"%s\"", written->text);
    kpi_diag_note(ctx->diags, d, KPI_SPAN_NONE,
                  "the encodings are \"utf-8\" (the default), \"utf-16\" "
                  "(also recognised by its byte-order mark), \"windows-1252\" and \"latin-1\"");
    if (near)
        kpi_diag_fixit(ctx->diags, d, written->span, kpi_arena_printf(ctx->arena, "\"%s\"", near),
                       kpi_arena_printf(ctx->arena, "read the file as %s", near));
}

/* A table is read by a database with its own column types: of the options, only `date` applies. */
static void report_file_options(sema_ctx *ctx, const sema_source *s, const kpi_source_decl *decl) {
    if (!decl->path.text || !decl->path.text[0])
        sema_report(ctx, KPI_D002, decl->path.span,
                    "a table source needs the table's name, as in table \"analytics.daily_events\"");
    const struct {
        const char *name;
        const void *written;
        kpi_span span;
    } file_only[] = {
        {"format", decl->date_format.text, decl->date_format.span},
        {"delimiter", decl->delimiter.text, decl->delimiter.span},
        {"decimal", decl->decimal_mark.text, decl->decimal_mark.span},
        {"thousands", decl->thousands.text, decl->thousands.span},
        {"encoding", decl->encoding.text, decl->encoding.span},
        {"comment", decl->comment.text, decl->comment.span},
        {"skip", decl->skip.text, decl->skip_span},
        {"null", decl->nulls, decl->nulls_span},
        {"table", decl->table.text, decl->table.span},
    };
    for (size_t i = 0; i < sizeof file_only / sizeof *file_only; i++)
        if (file_only[i].written)
            sema_report(ctx, KPI_D002, file_only[i].span,
                        "'%s' %s; the database reads table '%s' with its own "
                        "column types, so a table source takes only 'date'",
                        file_only[i].name,
                        strcmp(file_only[i].name, "table") == 0 ? "picks a table of a GA4 download"
                                                                : "describes a CSV file",
                        s->name);
}

void sema_source_options(sema_ctx *ctx, sema_source *s, const kpi_source_decl *decl) {
    /* the kind is csv, table, ga4 or google_ads: the parser rejects any other (P006) */
    const char *kind = decl->kind.text ? decl->kind.text : "csv";
    kpi_source_decl only_date;
    if (s->is_table) {
        report_file_options(ctx, s, decl);
        only_date = (kpi_source_decl){.name = decl->name,
                                      .kind = decl->kind,
                                      .path = decl->path,
                                      .date_column = decl->date_column,
                                      .date_format = decl->date_format};
        decl = &only_date;
    }
    s->kind = strcmp(kind, "ga4") == 0          ? KPIRT_SOURCE_GA4
              : strcmp(kind, "google_ads") == 0 ? KPIRT_SOURCE_GOOGLE_ADS
                                                : KPIRT_SOURCE_CSV;
    /* the kinds' own date columns; a localised download's names are found by the runtime */
    const char *date = s->kind == KPIRT_SOURCE_GA4          ? "Date"
                       : s->kind == KPIRT_SOURCE_GOOGLE_ADS ? "Day"
                                                            : "date";
    const char *format = s->kind == KPIRT_SOURCE_GA4 ? "YYYYMMDD" : "YYYY-MM-DD";
    s->date_column = decl->date_column.text ? decl->date_column.text : date;
    s->date_format = decl->date_format.text ? decl->date_format.text : format;
    s->decimal_mark = '.';
    s->declared = (decl->decimal_mark.text ? KPIRT_DECLARED_DECIMAL : 0u) |
                  (decl->thousands.text ? KPIRT_DECLARED_THOUSANDS : 0u) |
                  (decl->date_column.text ? KPIRT_DECLARED_DATE_COLUMN : 0u) |
                  (decl->date_format.text ? KPIRT_DECLARED_FORMAT : 0u);
    if (decl->encoding.text) read_encoding(ctx, s, &decl->encoding);
    if (decl->comment.text) {
        if (decl->comment.text[0]) s->comment = decl->comment.text;
        else
            sema_report(ctx, KPI_D002, decl->comment.span,
                        "the comment prefix is empty; every line would be a comment");
    }
    if (decl->table.text) {
        if (s->kind == KPIRT_SOURCE_GA4) s->table = decl->table.text;
        else {
            kpi_diagnostic *d =
                sema_report(ctx, KPI_D002, decl->table.span,
                            "'table' picks a table of a GA4 download, but source '%s' is %s", s->name, kind);
            kpi_diag_fixit(ctx->diags, d, decl->kind.span, "ga4", "read a Google Analytics 4 download");
        }
    }
    if (decl->skip.text) {
        double v = decl->skip.value;
        if (v >= 0 && v <= 1000000 && v == (double)(uint32_t)v && !decl->skip.suffix)
            s->skip_lines = (uint32_t)v;
        else
            sema_report(ctx, KPI_D002, decl->skip.span,
                        "skip takes a whole number of lines, such as 'skip 3'");
    }
    uint32_t n = 0;
    for (const kpi_literal *l = decl->nulls; l; l = l->next) n++;
    s->nulls = KPI_NEW_ARRAY(ctx->arena, const char *, n + 1);
    for (const kpi_literal *l = decl->nulls; l; l = l->next) {
        if (!l->string.text || !l->string.text[0]) {
            sema_report(ctx, KPI_D002, l->span,
                        "an empty field is already no value; 'null' lists the other texts "
                        "that mean none, such as \"--\"");
            continue;
        }
        s->nulls[s->null_count++] = l->string.text;
    }
}
