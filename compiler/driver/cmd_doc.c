/*
** cmd_doc.c: `kpic doc` writes the reference of the standard library
** (docs/stdlib.md) from the stdlib sources themselves.
**
** The stdlib's .kpi files are the single source of truth for every metric's
** unit, formula or column, aggregation, direction and description; this
** command parses them with the real parser and prints one Markdown table per
** module, after a fixed preamble that states the library's conventions. A
** ctest runs `kpic doc --check docs/stdlib.md`, so the checked-in reference
** can never drift from the sources.
*/
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "driver.h"
#include "sema/sema.h"
#include "session/session.h"

extern const kpi_command kpi_cmd_doc;

static const char *const doc_option_names[] = {"--stdlib", "--check", "-o", "--help", NULL};

/* The conventions every module follows; the modules' own comments follow it. */
static const char *const doc_preamble[] = {
#include "doc_preamble.inc"
    NULL,
};

typedef struct doc_module {
    char *path; /* malloc'd */
    char *name; /* "std.web", malloc'd */
} doc_module;

static int compare_modules(const void *a, const void *b) {
    return strcmp(((const doc_module *)a)->name, ((const doc_module *)b)->name);
}

static bool has_suffix(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The .kpi files of DIR/std, sorted by module name; NULL when none. */
static doc_module *list_modules(const char *stdlib_dir, size_t *count_out) {
    char std_dir[4096];
    int n = snprintf(std_dir, sizeof std_dir, "%s/std", stdlib_dir);
    if (n < 0 || (size_t)n >= sizeof std_dir) return NULL;
    DIR *dir = opendir(std_dir);
    if (!dir) return NULL;
    size_t count = 0, cap = 16;
    doc_module *mods = malloc(cap * sizeof *mods);
    struct dirent *e;
    while (mods && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".kpi")) continue;
        if (count == cap) {
            doc_module *more = realloc(mods, 2 * cap * sizeof *mods);
            if (!more) break;
            mods = more;
            cap *= 2;
        }
        size_t stem = strlen(e->d_name) - 4;
        mods[count].path = malloc(strlen(std_dir) + strlen(e->d_name) + 2);
        mods[count].name = malloc(stem + 5);
        if (!mods[count].path || !mods[count].name) break;
        sprintf(mods[count].path, "%s/%s", std_dir, e->d_name);
        snprintf(mods[count].name, stem + 5, "std.%.*s", (int)stem, e->d_name);
        count++;
    }
    closedir(dir);
    if (!mods || count == 0) {
        free(mods);
        return NULL;
    }
    qsort(mods, count, sizeof *mods, compare_modules);
    *count_out = count;
    return mods;
}

static void free_modules(doc_module *mods, size_t count) {
    for (size_t i = 0; i < count; i++) {
        free(mods[i].path);
        free(mods[i].name);
    }
    free(mods);
}

/* Source text of a span with every run of blanks and newlines made one space. */
static void put_span_text(FILE *out, const kpi_source *src, kpi_span span) {
    bool blank = false;
    for (uint32_t i = span.begin; i < span.end && i < src->len; i++) {
        char c = src->text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = true;
            continue;
        }
        if (blank) fputc(' ', out);
        blank = false;
        if (c == '|') fputs("\\|", out);
        else fputc(c, out);
    }
}

/* Table cells must not break the row: escape '|' and drop newlines. */
static void put_cell(FILE *out, const char *text) {
    for (; text && *text; text++) {
        if (*text == '|') fputs("\\|", out);
        else if (*text == '\n') fputc(' ', out);
        else fputc(*text, out);
    }
}

/*
** The module's leading comment block: its first line ("std.web: what it is")
** becomes the summary, the rest is printed as written, with "# " removed.
*/
static void put_module_intro(FILE *out, const kpi_source *src, const char *name) {
    const char *p = src->text, *end = src->text + src->len;
    bool first = true;
    while (p < end && *p == '#') {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *text = p + 1;
        if (text < eol && *text == ' ') text++;
        int len = (int)(eol - text);
        if (first) {
            size_t n = strlen(name);
            if ((size_t)len > n + 1 && strncmp(text, name, n) == 0 && text[n] == ':') {
                text += n + 1;
                len -= (int)n + 1;
                while (len > 0 && *text == ' ') text++, len--;
                if (len > 0) fprintf(out, "%c%.*s\n", toupper((unsigned char)*text), len - 1, text + 1);
            } else {
                fprintf(out, "%.*s\n", len, text);
            }
            first = false;
        } else {
            fprintf(out, "%.*s\n", len, text);
        }
        p = eol < end ? eol + 1 : end;
    }
    if (!first) fputc('\n', out);
}

static void put_metric_row(FILE *out, const kpi_source *src, const kpi_metric *m) {
    fprintf(out, "| `%s` | ", m->name.text);
    put_cell(out, m->title.text ? m->title.text : "");
    fprintf(out, " | %s | ", m->unit.text ? m->unit.text : "");
    if (m->formula) {
        fputc('`', out);
        put_span_text(out, src, m->formula->span);
        fputs("` | per period, from its parts", out);
    } else {
        fprintf(out, "column `%s`", m->column.text ? m->column.text : m->name.text);
        if (m->where) {
            fputs(" where `", out);
            put_span_text(out, src, m->where->span);
            fputc('`', out);
        }
        fprintf(out, " | %s", m->aggregate == KPI_AGG_DEFAULT ? "sum" : kpi_ast_aggregate_name(m->aggregate));
    }
    fprintf(out, " | %s | ",
            m->better == KPI_BETTER_HIGHER  ? "higher"
            : m->better == KPI_BETTER_LOWER ? "lower"
                                            : "");
    put_cell(out, m->description.text);
    fputs(" |\n", out);
}

/* Parses one module and prints its section; false (after printing the diagnostics) on errors. */
static bool put_module(FILE *out, const doc_module *mod) {
    kpi_session session;
    kpi_session_init(&session, &(kpi_session_options){0}, kpi_drv_argv0);
    bool ok = false;
    kpi_source *src = kpi_session_load(&session, mod->path);
    if (!src) {
        kpi_drv_error("doc", "cannot read '%s'", mod->path);
        goto done;
    }
    kpi_session_unit unit;
    kpi_session_parse(&session, src, &unit);
    kpi_ast_file *file = unit.ast;
    if (kpi_diag_has_errors(&session.diags)) {
        kpi_diag_sort(&session.diags);
        kpi_diag_render_text(&session.diags, stderr, (kpi_render_options){false, true});
        goto done;
    }
    fprintf(out, "## %s\n\n", mod->name);
    put_module_intro(out, src, mod->name);
    fputs("| Metric | Name | Unit | Formula or column | Aggregation | Better | Description |\n"
          "|---|---|---|---|---|---|---|\n",
          out);
    for (const kpi_item *it = file->items; it; it = it->next)
        if (it->kind == KPI_ITEM_METRIC) put_metric_row(out, src, &it->as.metric);
    fputc('\n', out);
    ok = true;
done:
    kpi_session_free(&session);
    return ok;
}

/* The whole reference; false when a module could not be documented. */
static bool write_reference(FILE *out, doc_module *mods, size_t count) {
    for (const char *const *line = doc_preamble; *line; line++) fprintf(out, "%s\n", *line);
    fputs("## Modules\n\n", out);
    for (size_t i = 0; i < count; i++)
        fprintf(out, "- [%s](#%.3s%s)\n", mods[i].name, "std", mods[i].name + 4);
    fputc('\n', out);
    bool ok = true;
    for (size_t i = 0; i < count; i++) ok = put_module(out, &mods[i]) && ok;
    return ok;
}

/* The stdlib folder kpic would import from: the first search-path entry with std/. */
static const char *find_stdlib(char *buf, size_t cap) {
    kpi_arena arena;
    kpi_arena_init(&arena);
    kpi_sema_options opts = {0};
    opts.exe_path = kpi_drv_argv0;
    const char *dirs[32];
    size_t n = kpi_sema_search_path(&arena, &opts, NULL, dirs, 32);
    const char *found = NULL;
    for (size_t i = 0; i < n && !found; i++) {
        char probe[4096];
        struct stat st;
        snprintf(probe, sizeof probe, "%s/std", dirs[i]);
        if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode)) {
            snprintf(buf, cap, "%s", dirs[i]);
            found = buf;
        }
    }
    kpi_arena_free(&arena);
    return found;
}

static char *read_whole_file(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *more = realloc(buf, cap *= 2);
            if (!more) free(buf);
            buf = more;
        }
    }
    fclose(f);
    *len_out = len;
    return buf;
}

static int run_doc(int argc, char **argv) {
    const char *stdlib_dir = NULL, *output = NULL, *check = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = strcmp(arg, "--stdlib") == 0  ? &stdlib_dir
                            : strcmp(arg, "-o") == 0      ? &output
                            : strcmp(arg, "--check") == 0 ? &check
                                                          : NULL;
        if (slot) {
            if (i + 1 >= argc) {
                kpi_drv_error("doc", "option '%s' needs a value", arg);
                return KPI_EXIT_USAGE;
            }
            *slot = argv[++i];
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            kpi_drv_print_help(&kpi_cmd_doc, stdout);
            return KPI_EXIT_OK;
        } else {
            return kpi_drv_unknown_option("doc", arg, doc_option_names);
        }
    }
    char found[4096];
    if (!stdlib_dir) stdlib_dir = find_stdlib(found, sizeof found);
    if (!stdlib_dir) {
        kpi_drv_error("doc", "cannot find the standard library; pass --stdlib DIR");
        return KPI_EXIT_USAGE;
    }
    size_t count = 0;
    doc_module *mods = list_modules(stdlib_dir, &count);
    if (!mods) {
        kpi_drv_error("doc", "no modules in '%s/std'", stdlib_dir);
        return KPI_EXIT_USAGE;
    }

    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = open_memstream(&text, &text_len);
    bool ok = mem && write_reference(mem, mods, count);
    if (mem) fclose(mem);
    free_modules(mods, count);
    int status = ok ? KPI_EXIT_OK : KPI_EXIT_ERRORS;

    if (ok && check) {
        size_t old_len = 0;
        char *old = read_whole_file(check, &old_len);
        if (!old) {
            kpi_drv_error(NULL, "cannot read '%s': %s", check, strerror(errno));
            status = KPI_EXIT_USAGE;
        } else if (old_len != text_len || memcmp(old, text, text_len) != 0) {
            fprintf(stderr,
                    "kpic: error: '%s' is out of date with the stdlib sources in '%s'; "
                    "regenerate it with: kpic doc -o %s\n",
                    check, stdlib_dir, check);
            status = KPI_EXIT_ERRORS;
        }
        free(old);
    } else if (ok) {
        FILE *out = output ? fopen(output, "wb") : stdout;
        if (!out) {
            kpi_drv_error(NULL, "cannot write '%s': %s", output, strerror(errno));
            status = KPI_EXIT_USAGE;
        } else {
            bool written = fwrite(text, 1, text_len, out) == text_len;
            if (out != stdout && fclose(out) != 0) written = false;
            if (!written) {
                kpi_drv_error(NULL, "cannot write '%s': %s", output ? output : "standard output",
                              strerror(errno));
                status = KPI_EXIT_USAGE;
            }
        }
    }
    free(text);
    return status;
}

const kpi_command kpi_cmd_doc = {
    "doc",
    "write the standard library reference (docs/stdlib.md) from its sources",
    "usage: kpic doc [--stdlib DIR] [-o FILE | --check FILE]\n"
    "\n"
    "Parses every module of the standard library (DIR/std/*.kpi) and prints a\n"
    "Markdown reference: per module, each metric's name, unit, formula or\n"
    "column, aggregation, better direction and description.\n"
    "\n"
    "Options:\n"
    "  --stdlib DIR   the folder that holds std/ (default: the one 'import std.x'\n"
    "                 finds, i.e. the build tree's or the installed stdlib)\n"
    "  -o FILE        write to FILE instead of standard output\n"
    "  --check FILE   write nothing; exit 1 when FILE differs from what would be\n"
    "                 written (the test that keeps docs/stdlib.md up to date)\n",
    run_doc,
    NULL, /* no evaluator flags in its help */
};
