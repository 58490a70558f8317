/*
** files.c: the files of one source, which may overlap.
**
** Exports are downloaded again and again ("last 90 days" every month), so
** the files of a source often cover some of the same days. Adding them up
** would count those days twice. The rule (docs/data-sources.md): files are
** read in the order given (a glob's or a folder's files in name order), and
** the days a later file covers replace the same days of the earlier files.
** A file covers the range its download states (GA4's start and end date),
** else the days from its first to its last row. Each file is read into a
** context of its own, then its days are written over the evaluation's; the
** report lists which days each file gave. A source that feeds count_distinct
** is read last file first, leaving out the days already given, since a
** distinct set cannot give back one day's values.
*/
#include "kpirt_internal.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static void push_path(kpirt_path_list *l, const char *path) {
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = kpirt_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    size_t n = strlen(path);
    l->items[l->count] = kpirt_xmalloc(n + 1);
    memcpy(l->items[l->count++], path, n + 1);
}

void kpirt_path_list_free(kpirt_path_list *l) {
    for (uint32_t i = 0; i < l->count; i++) free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static bool is_folder(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A folder's data files: what spreadsheets and the analytics tools name their downloads. */
static bool data_file_name(const char *path) {
    static const char *const endings[] = {".csv", ".tsv", ".txt", NULL};
    size_t n = strlen(path);
    for (int k = 0; endings[k]; k++)
        if (n > 4 && strcasecmp(path + n - 4, endings[k]) == 0) return true;
    return false;
}

const char *kpirt_expand_data_path(const char *path, kpirt_path_list *out) {
    bool folder = strcmp(path, "-") != 0 && is_folder(path);
    bool pattern = !folder && strpbrk(path, "*?[") != NULL;
    if (!folder && !pattern) {
        push_path(out, path);
        return NULL;
    }
    char *pat = kpirt_xmalloc(strlen(path) + 3);
    size_t n = strlen(path);
    strcpy(pat, path);
    if (folder) strcpy(pat + n, n && path[n - 1] == '/' ? "*" : "/*");
    glob_t g;
    int rc = glob(pat, 0, NULL, &g);
    uint32_t before = out->count;
    if (rc == 0)
        for (size_t i = 0; i < g.gl_pathc; i++)
            if (!is_folder(g.gl_pathv[i]) && (!folder || data_file_name(g.gl_pathv[i])))
                push_path(out, g.gl_pathv[i]);
    if (rc == 0) globfree(&g);
    free(pat);
    if (out->count > before) return NULL;
    return folder ? "is a folder without data files (*.csv, *.tsv, *.txt)" : "no file matches";
}

/* The files of one path given for a source; an error names the source and the fix. */
static int expand(kpirt_ctx *ctx, uint32_t source, const char *path, kpirt_path_list *out) {
    const char *name = ctx->program->sources[source].name;
    const char *why = kpirt_expand_data_path(path, out);
    if (why)
        return kpirt_ctx_fail(ctx, "%s: %s for source \"%s\" (give files with --data %s=FILE)", path, why,
                              name, name);
    return 0;
}

/* The days a file covers: the range its download states, else its rows' first to last day. */
static void coverage(const kpirt_file_report *f, kpirt_day *lo, kpirt_day *hi) {
    if (f->declared_first != KPIRT_NO_DAY && f->declared_last != KPIRT_NO_DAY) {
        *lo = f->declared_first < f->first || f->first == KPIRT_NO_DAY ? f->declared_first : f->first;
        *hi = f->declared_last > f->last || f->last == KPIRT_NO_DAY ? f->declared_last : f->last;
        return;
    }
    *lo = f->first;
    *hi = f->last;
}

bool kpirt_day_ranges_has(const kpirt_day_ranges *r, kpirt_day day) {
    uint32_t a = 0, b = r->count;
    while (a < b) {
        uint32_t m = a + (b - a) / 2;
        if (day < r->pairs[2 * m]) b = m;
        else if (day > r->pairs[2 * m + 1]) a = m + 1;
        else return true;
    }
    return false;
}

/* Adds [lo, hi], merging the ranges it touches. */
static void day_ranges_add(kpirt_day_ranges *r, kpirt_day lo, kpirt_day hi) {
    kpirt_day *out = kpirt_xmalloc(((size_t)r->count + 1) * 2 * sizeof *out);
    uint32_t n = 0;
    bool placed = false;
    for (uint32_t i = 0; i <= r->count; i++) {
        kpirt_day a, b;
        if (i < r->count && (r->pairs[2 * i + 1] < lo - 1 || placed)) {
            a = r->pairs[2 * i];
            b = r->pairs[2 * i + 1];
        } else if (!placed) {
            /* [lo, hi] with every range from i on that touches it */
            while (i < r->count && r->pairs[2 * i] <= hi + 1) {
                if (r->pairs[2 * i] < lo) lo = r->pairs[2 * i];
                if (r->pairs[2 * i + 1] > hi) hi = r->pairs[2 * i + 1];
                i++;
            }
            i--;
            a = lo;
            b = hi;
            placed = true;
        } else {
            break;
        }
        out[2 * n] = a;
        out[2 * n + 1] = b;
        n++;
    }
    free(r->pairs);
    r->pairs = out;
    r->count = n;
}

/*
** Writes the file's days over the evaluation's, for the metrics of this
** source; days in keep (given by files read before, which come later in
** order) are left as they are.
*/
static void replace_days(kpirt_ctx *ctx, const kpirt_ctx *file, uint32_t source, kpirt_day lo, kpirt_day hi,
                         const kpirt_day_ranges *keep) {
    const kpirt_program *p = ctx->program;
    for (kpirt_day d = lo; d <= hi && d != KPIRT_NO_DAY; d++) {
        if (keep && kpirt_day_ranges_has(keep, d)) continue;
        const kpirt_cell *from = kpirt_day_store_peek(&file->days, d);
        if (!from && !kpirt_day_store_peek(&ctx->days, d)) continue;
        kpirt_cell *to = kpirt_day_cells(ctx, d);
        for (uint32_t m = 0; m < p->metric_count; m++) {
            if (p->metrics[m].source != (int32_t)source) continue;
            if (from) to[m] = from[m];
            else memset(&to[m], 0, sizeof to[m]);
        }
    }
}

static bool counts_distinct(const kpirt_program *p, uint32_t source) {
    for (uint32_t m = 0; m < p->metric_count; m++)
        if (p->metrics[m].source == (int32_t)source && p->metrics[m].aggregate == KPIRT_AGG_COUNT_DISTINCT)
            return true;
    return false;
}

/* Moves what the file's own context learned (rows, bad rows, its report) into the evaluation's. */
static void adopt(kpirt_ctx *ctx, kpirt_ctx *file) {
    ctx->rows_read += file->rows_read;
    ctx->rows_skipped += file->rows_skipped;
    for (uint32_t s = 0; s < ctx->program->source_count; s++) {
        kpirt_source_report *to = &ctx->sources[s];
        const kpirt_source_report *from = &file->sources[s];
        to->rows_read += from->rows_read;
        to->rows_skipped += from->rows_skipped;
        if (from->first_day != KPIRT_NO_DAY &&
            (to->first_day == KPIRT_NO_DAY || from->first_day < to->first_day))
            to->first_day = from->first_day;
        if (from->last_day != KPIRT_NO_DAY && (to->last_day == KPIRT_NO_DAY || from->last_day > to->last_day))
            to->last_day = from->last_day;
    }
    for (uint32_t i = 0; i < file->bad_row_count && ctx->bad_row_count < KPIRT_BAD_ROWS_KEPT; i++)
        memcpy(ctx->bad_rows[ctx->bad_row_count++], file->bad_rows[i], sizeof ctx->bad_rows[0]);
    for (uint32_t i = 0; i < file->file_count; i++) {
        kpirt_file_report *f = kpirt_ctx_add_file(ctx, file->files[i].source, file->files[i].path);
        char *path = f->path;
        *f = file->files[i];
        free(path);
        file->files[i] = (kpirt_file_report){0};
    }
}

/* Subtracts [lo, hi] from the ranges in kept. */
static void subtract(kpirt_file_report *f, kpirt_day lo, kpirt_day hi) {
    kpirt_day *out = kpirt_xmalloc((f->kept_count + 1) * 2 * sizeof *out);
    uint32_t n = 0;
    for (uint32_t i = 0; i < f->kept_count; i++) {
        kpirt_day a = f->kept[2 * i], b = f->kept[2 * i + 1];
        if (hi < a || lo > b) {
            out[2 * n] = a;
            out[2 * n + 1] = b;
            n++;
            continue;
        }
        if (a < lo) {
            out[2 * n] = a;
            out[2 * n + 1] = lo - 1;
            n++;
        }
        if (b > hi) {
            out[2 * n] = hi + 1;
            out[2 * n + 1] = b;
            n++;
        }
    }
    free(f->kept);
    f->kept = out;
    f->kept_count = n;
}

/* The ranges each file of the source gave: its coverage minus that of every later file. */
static void settle_kept(kpirt_ctx *ctx, uint32_t first_file) {
    for (uint32_t i = first_file; i < ctx->file_count; i++) {
        kpirt_file_report *f = &ctx->files[i];
        kpirt_day lo, hi;
        coverage(f, &lo, &hi);
        if (lo == KPIRT_NO_DAY) continue;
        f->kept = kpirt_xmalloc(2 * sizeof *f->kept);
        f->kept[0] = lo;
        f->kept[1] = hi;
        f->kept_count = 1;
        for (uint32_t j = i + 1; j < ctx->file_count; j++) {
            kpirt_day a, b;
            coverage(&ctx->files[j], &a, &b);
            if (a != KPIRT_NO_DAY) subtract(f, a, b);
        }
    }
}

int kpirt_load_source_files(kpirt_ctx *ctx, uint32_t source, const char *const *paths, uint32_t count) {
    kpirt_path_list files = {0};
    int rc = 0;
    for (uint32_t i = 0; i < count && rc == 0; i++) rc = expand(ctx, source, paths[i], &files);
    uint32_t first_file = ctx->file_count;
    if (rc == 0 && files.count == 1) rc = kpirt_load_file(ctx, source, files.items[0]);
    /*
    ** A count_distinct set cannot give back the values of one day, so the
    ** files of a source that feeds one are read last first, and the days the
    ** files read before cover (later files, in order) are left out of the
    ** next file's sets and day cells: each day comes from the last file that
    ** covers it, as with the other metrics, at no cost in memory.
    */
    bool backwards = counts_distinct(ctx->program, source);
    kpirt_day_ranges given = {0};
    for (uint32_t k = 0; rc == 0 && files.count > 1 && k < files.count; k++) {
        uint32_t i = backwards ? files.count - 1 - k : k;
        kpirt_ctx *one = kpirt_ctx_new(ctx->program, ctx->on_bad_row);
        if (backwards) one->replaced = &given;
        rc = kpirt_load_file(one, source, files.items[i]);
        if (rc < 0) {
            kpirt_ctx_fail(ctx, "%s", kpirt_ctx_error(one));
        } else {
            kpirt_file_report *f = &one->files[one->file_count - 1];
            kpirt_day lo, hi;
            coverage(f, &lo, &hi);
            if (backwards) rc = kpirt_distinct_merge(ctx, &one->distinct); /* -1: full, said in ctx */
            if (rc == 0 && lo != KPIRT_NO_DAY)
                replace_days(ctx, one, source, lo, hi, backwards ? &given : NULL);
            if (backwards && lo != KPIRT_NO_DAY) day_ranges_add(&given, lo, hi);
            adopt(ctx, one);
        }
        kpirt_ctx_free(one);
    }
    free(given.pairs);
    /* the report lists the files in the order given */
    for (uint32_t a = first_file, b = ctx->file_count; backwards && a + 1 < b; a++, b--) {
        kpirt_file_report t = ctx->files[a];
        ctx->files[a] = ctx->files[b - 1];
        ctx->files[b - 1] = t;
    }
    if (rc == 0) settle_kept(ctx, first_file);
    kpirt_path_list_free(&files);
    return rc;
}
