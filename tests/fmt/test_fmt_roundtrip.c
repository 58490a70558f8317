/*
** test_fmt_roundtrip.c: the formatter's two promises over every .kpi file of
** the repository (tests/, examples/, stdlib/):
**   - the formatted text parses, to the same AST as the original: the two
**     kpi_ast_dump outputs agree once their " @line:col" positions are
**     removed (positions are all formatting may change);
**   - formatting is idempotent: fmt(fmt(f)) == fmt(f), byte for byte.
** Files with syntax errors are counted and skipped: the formatter refuses
** them (kpi_fmt_source returns NULL), which run_write.sh checks end to end.
** In-process, so the whole corpus takes a fraction of a second.
**
** usage: test_fmt_roundtrip SOURCE_ROOT
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler/fmt/fmt.h"
#include "compiler/parse/parse.h"

static const char *root; /* set once in main */

typedef struct corpus {
    char **paths;
    size_t count, cap;
} corpus;

static void collect(corpus *c, const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "node_modules") == 0) continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(n);
        snprintf(path, n, "%s/%s", dir, e->d_name);
        struct stat st;
        size_t len = strlen(e->d_name);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect(c, path);
            free(path);
        } else if (len > 4 && strcmp(e->d_name + len - 4, ".kpi") == 0) {
            if (c->count == c->cap) {
                c->cap = c->cap ? c->cap * 2 : 64;
                c->paths = realloc(c->paths, c->cap * sizeof *c->paths);
            }
            c->paths[c->count++] = path;
        } else {
            free(path);
        }
    }
    closedir(d);
}

/* The AST dump of a file without its " @line:col" positions. */
static char *dump_without_positions(const kpi_ast_file *file) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    kpi_ast_dump_without_positions(file, out);
    fclose(out);
    return text;
}

typedef enum outcome { FORMATTED, REFUSED, FAILED } outcome;

static outcome check_file(const char *path) {
    kpi_arena arena;
    kpi_arena_init(&arena);
    kpi_source_map map;
    kpi_src_map_init(&map, &arena);
    kpi_diag_engine diags;
    kpi_diag_init(&diags, &arena, &map);
    outcome result = FAILED;
    const kpi_source *src = kpi_src_load(&map, path);
    if (!src) {
        print_error("%s: cannot read\n", path);
        goto done;
    }
    kpi_ast_file *ast = kpi_parse(&arena, &diags, src);
    if (kpi_diag_has_errors(&diags)) {
        result = kpi_fmt_source(&arena, &diags, src, NULL) == NULL ? REFUSED : FAILED;
        if (result == FAILED) print_error("%s: formatted despite syntax errors\n", path);
        goto done;
    }
    size_t len1, len2;
    const char *once = kpi_fmt_file(&arena, ast, &len1);
    const kpi_source *src1 = kpi_src_add(&map, "<formatted>", once, len1);
    kpi_ast_file *ast1 = kpi_parse(&arena, &diags, src1);
    if (kpi_diag_has_errors(&diags)) {
        print_error("%s: the formatted text does not parse:\n%s\n", path, once);
        goto done;
    }
    char *dump0 = dump_without_positions(ast), *dump1 = dump_without_positions(ast1);
    bool same_ast = strcmp(dump0, dump1) == 0;
    if (!same_ast)
        print_error("%s: the formatted text has another AST:\n--- before\n%s--- after\n%s", path, dump0,
                    dump1);
    free(dump0);
    free(dump1);
    const char *twice = kpi_fmt_file(&arena, ast1, &len2);
    bool idempotent = len1 == len2 && memcmp(once, twice, len1) == 0;
    if (!idempotent) print_error("%s: not idempotent:\n--- once\n%s--- twice\n%s", path, once, twice);
    if (same_ast && idempotent) result = FORMATTED;
done:
    kpi_arena_free(&arena);
    return result;
}

static void test_corpus(void **state) {
    (void)state;
    corpus c = {0};
    const char *dirs[] = {"tests", "examples", "stdlib"};
    for (size_t i = 0; i < 3; i++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", root, dirs[i]);
        collect(&c, dir);
    }
    size_t formatted = 0, refused = 0, failed = 0;
    for (size_t i = 0; i < c.count; i++) {
        switch (check_file(c.paths[i])) {
        case FORMATTED: formatted++; break;
        case REFUSED: refused++; break;
        case FAILED: failed++; break;
        }
        free(c.paths[i]);
    }
    free(c.paths);
    print_message("%zu files formatted and checked, %zu refused for syntax errors, %zu failed\n", formatted,
                  refused, failed);
    assert_int_equal(failed, 0);
    assert_true(formatted >= 20); /* the corpus was found */
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: test_fmt_roundtrip SOURCE_ROOT\n");
        return 2;
    }
    root = argv[1];
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpus)};
    return cmocka_run_group_tests_name("fmt round trip", tests, NULL, NULL) ? 1 : 0;
}
