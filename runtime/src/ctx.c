/*
** ctx.c: the evaluation context and the field accessors generated row
** functions call. A context holds one evaluation's accumulators and its
** error state; every error message that names a row is built here, so they
** all read "file:line:column: what "offending text" in column "name": why".
*/
#include "exports.h"

#include <stdlib.h>
#include <string.h>

kpirt_ctx *kpirt_ctx_new(const kpirt_program *program, kpirt_bad_row_policy on_bad_row) {
    kpirt_ctx *ctx = kpirt_xcalloc(1, sizeof *ctx);
    ctx->program = program;
    ctx->on_bad_row = on_bad_row;
    ctx->threads = 1;
    kpirt_day_store_init(&ctx->days, program->metric_count);
    kpirt_distinct_init(&ctx->distinct);
    ctx->memo = kpirt_xcalloc(1, sizeof *ctx->memo);
    ctx->memo->stamp = kpirt_xcalloc(program->metric_count + 1, sizeof *ctx->memo->stamp);
    ctx->memo->rc = kpirt_xcalloc(program->metric_count + 1, sizeof *ctx->memo->rc);
    ctx->memo->value = kpirt_xcalloc(program->metric_count + 1, sizeof *ctx->memo->value);
    ctx->memo->generation = 1;
    ctx->failure = kpirt_xcalloc(1, sizeof *ctx->failure);
    ctx->memo->window_first = ctx->memo->window_last = KPIRT_NO_DAY;
    kpirt_periods_init(&ctx->periods, program->source_count);
    kpirt_segments_init(&ctx->segments, program);
    ctx->sources = kpirt_xcalloc(program->source_count + 1, sizeof *ctx->sources);
    for (uint32_t s = 0; s < program->source_count; s++) {
        ctx->sources[s].name = program->sources[s].name;
        ctx->sources[s].first_day = ctx->sources[s].last_day = KPIRT_NO_DAY;
    }
    /* count_distinct keeps one set per period of each granularity a goal reviews on. */
    for (uint32_t i = 0; i < program->goal_count; i++)
        if ((unsigned)program->goals[i].review < KPIRT_GRANULARITIES)
            ctx->distinct.kept[program->goals[i].review] = true;
    return ctx;
}

kpirt_file_report *kpirt_ctx_add_file(kpirt_ctx *ctx, uint32_t source, const char *path) {
    if (ctx->file_count == ctx->file_cap) {
        ctx->file_cap = ctx->file_cap ? ctx->file_cap * 2 : 4;
        ctx->files = kpirt_xrealloc(ctx->files, ctx->file_cap * sizeof *ctx->files);
    }
    kpirt_file_report *f = &ctx->files[ctx->file_count++];
    memset(f, 0, sizeof *f);
    f->source = source;
    size_t n = strlen(path);
    f->path = kpirt_xmalloc(n + 1);
    memcpy(f->path, path, n + 1);
    f->declared_first = f->declared_last = f->first = f->last = KPIRT_NO_DAY;
    return f;
}

void kpirt_file_reports_free(kpirt_file_report *files, uint32_t count) {
    for (uint32_t i = 0; i < count; i++) {
        free(files[i].path);
        free(files[i].title);
        free(files[i].kept);
    }
    free(files);
}

void kpirt_ctx_free(kpirt_ctx *ctx) {
    if (!ctx) return;
    kpirt_file_reports_free(ctx->files, ctx->file_count);
    kpirt_day_store_free(&ctx->days);
    kpirt_distinct_free(&ctx->distinct);
    free(ctx->memo->stamp);
    free(ctx->memo->rc);
    free(ctx->memo->value);
    free(ctx->memo);
    free(ctx->failure);
    kpirt_periods_free(&ctx->periods);
    kpirt_segments_free(&ctx->segments);
    free(ctx->sources);
    free(ctx);
}

const char *kpirt_ctx_error(const kpirt_ctx *ctx) {
    return ctx->has_error ? ctx->error : "";
}

uint64_t kpirt_ctx_rows_read(const kpirt_ctx *ctx) {
    return ctx->rows_read;
}

uint64_t kpirt_ctx_rows_skipped(const kpirt_ctx *ctx) {
    return ctx->rows_skipped;
}

int kpirt_ctx_fail(kpirt_ctx *ctx, const char *fmt, ...) {
    char raw[KPIRT_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* Names from the data and the command line reach the terminal: escape their control bytes. */
    kpirt_escape_controls(ctx->error, sizeof ctx->error, raw);
    ctx->has_error = true;
    return -1;
}

void kpirt_ctx_note(kpirt_ctx *ctx, const char *fmt, ...) {
    if (!ctx->note) return;
    char raw[KPIRT_MESSAGE_MAX], safe[KPIRT_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    kpirt_escape_controls(safe, sizeof safe, raw);
    ctx->note(ctx->note_user, safe);
}

int kpirt_ctx_merge(kpirt_ctx *dst, const kpirt_ctx *src) {
    if (kpirt_day_store_merge(&dst->days, &src->days)) return 1;
    if (kpirt_distinct_merge(dst, &src->distinct) < 0) return -1;
    dst->rows_read += src->rows_read;
    dst->rows_skipped += src->rows_skipped;
    kpirt_segments_merge(&dst->segments, &src->segments, dst->program);
    for (uint32_t i = 0; i < src->bad_row_count && dst->bad_row_count < KPIRT_BAD_ROWS_KEPT; i++)
        memcpy(dst->bad_rows[dst->bad_row_count++], src->bad_rows[i], sizeof src->bad_rows[i]);
    for (uint32_t s = 0; s < dst->program->source_count; s++) {
        kpirt_source_report *d = &dst->sources[s];
        const kpirt_source_report *from = &src->sources[s];
        d->rows_read += from->rows_read;
        d->rows_skipped += from->rows_skipped;
        if (from->first_day != KPIRT_NO_DAY &&
            (d->first_day == KPIRT_NO_DAY || from->first_day < d->first_day))
            d->first_day = from->first_day;
        if (from->last_day != KPIRT_NO_DAY && (d->last_day == KPIRT_NO_DAY || from->last_day > d->last_day))
            d->last_day = from->last_day;
    }
    return 0;
}

static const kpirt_field_span *field_span(const kpirt_row *row, uint32_t field) {
    return &row->fields[row->column_map[field]];
}

int kpirt_row_error(kpirt_row *row, uint32_t field, const char *what, const char *why) {
    const kpirt_field_span *f = field_span(row, field);
    const char *text = row->text + f->offset;
    uint32_t shown = f->len > 60 ? 60 : f->len;
    /* Control bytes are shown escaped (\x00), so binary data cannot garble the terminal. */
    char quoted[60 * 4 + 1];
    kpirt_escape_controls_len(quoted, sizeof quoted, text, shown);
    if (memchr(text, 0, f->len))
        why = "it holds a NUL byte (is this a binary file, or UTF-16 without a byte-order mark?)";
    return kpirt_ctx_fail(row->ctx, "%s:%lld:%u: %s \"%s%s\" in column \"%s\": %s", row->file,
                          (long long)f->line, f->column, what, quoted, f->len > 60 ? "..." : "",
                          row->source->columns[field], why);
}

void kpirt_field_text(const kpirt_row *row, uint32_t field, const char **ptr, size_t *len) {
    const kpirt_field_span *f = field_span(row, field);
    *ptr = row->text + f->offset;
    *len = f->len;
    if (row->source->kind != KPIRT_SOURCE_CSV || row->source->null_count)
        if (kpirt_export_null(row->source, *ptr, *len)) *len = 0;
}

/* The source's expected currency for a column, or NULL when its money carries none. */
static const char *column_currency(const kpirt_row *row, uint32_t field) {
    const kpirt_source_desc *src = row->source;
    return src->currencies && field < src->column_count ? src->currencies[field] : NULL;
}

int kpirt_field_decimal(kpirt_row *row, uint32_t field, int64_t *scaled_out) {
    const kpirt_field_span *f = field_span(row, field);
    const char *why = NULL, *text = row->text + f->offset;
    size_t len = f->len;
    if ((row->source->kind != KPIRT_SOURCE_CSV || row->source->null_count) &&
        kpirt_export_null(row->source, text, len))
        return 1;
    const char *currency = column_currency(row, field);
    if (!currency) {
        int rc = kpirt_parse_decimal(text, len, row->decimal_mark, row->thousands_sep, scaled_out, &why);
        return rc < 0 ? kpirt_row_error(row, field, "bad number", why) : rc;
    }
    char found[4];
    int rc = kpirt_parse_money(text, len, row->decimal_mark, row->thousands_sep, currency, scaled_out, found,
                               &why);
    if (rc < 0 && found[0] && strcmp(found, currency) != 0) {
        char reason[160];
        snprintf(reason, sizeof reason, "the amount is in %s, but the metric that reads it is in %s", found,
                 currency);
        return kpirt_row_error(row, field, "wrong currency", reason);
    }
    return rc < 0 ? kpirt_row_error(row, field, "bad number", why) : rc;
}

int kpirt_field_number(kpirt_row *row, uint32_t field, double *out) {
    const kpirt_field_span *f = field_span(row, field);
    const char *why = NULL;
    if ((row->source->kind != KPIRT_SOURCE_CSV || row->source->null_count) &&
        kpirt_export_null(row->source, row->text + f->offset, f->len))
        return 1;
    int rc =
        kpirt_parse_number(row->text + f->offset, f->len, row->decimal_mark, row->thousands_sep, out, &why);
    return rc < 0 ? kpirt_row_error(row, field, "bad number", why) : rc;
}

/* GA4's relative axis: "0000" is the day its table starts, "0001" the next. */
static int nth_day(kpirt_row *row, uint32_t field, const char *text, size_t len, kpirt_day *day_out) {
    size_t i = 0;
    int64_t n = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t')) i++;
    size_t digits = 0;
    for (; i < len && text[i] >= '0' && text[i] <= '9' && digits < 7; i++, digits++)
        n = n * 10 + (text[i] - '0');
    while (i < len && (text[i] == ' ' || text[i] == '\t')) i++;
    if (digits == 0 || i < len)
        return kpirt_row_error(row, field, "bad day number",
                               "expected the day's number "
                               "counted from the table's start date (0000, 0001, ...)");
    *day_out = row->nth_base + (kpirt_day)n;
    return 0;
}

/* A row without a date cannot be placed in a period: it is a bad row, never skipped silently. */
int kpirt_field_date(kpirt_row *row, uint32_t field, kpirt_day *day_out) {
    const kpirt_field_span *f = field_span(row, field);
    const char *why = NULL;
    int rc;
    if (row->nth_base != KPIRT_NO_DAY && field == 0) {
        rc = nth_day(row, field, row->text + f->offset, f->len, day_out);
        if (rc < 0) return rc;
    } else {
        const char *format = row->date_format ? row->date_format : "YYYY-MM-DD";
        if (kpirt_parse_date(row->text + f->offset, f->len, format, day_out, &why) != 0) {
            char reason[160];
            snprintf(reason, sizeof reason, "%s (expected the date format %s)", why, format);
            return kpirt_row_error(row, field, "bad date", reason);
        }
    }
    if (field == 0) row->day = *day_out; /* the date column: the day of the row, if it is counted */
    kpirt_file_report *file = row->file_report;
    if (file && field == 0) {
        if (file->first == KPIRT_NO_DAY || *day_out < file->first) file->first = *day_out;
        if (file->last == KPIRT_NO_DAY || *day_out > file->last) file->last = *day_out;
    }
    return 0;
}
