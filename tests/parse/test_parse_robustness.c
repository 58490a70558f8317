/*
** test_parse_robustness.c: the parser on damaged input. Each golden file of
** tests/check/syntax is mutated many times with a fixed-seed generator
** (bytes inserted, deleted, replaced; pieces of other files spliced in) and
** parsed, dumped and rendered. Every run must end with the AST intact and at
** most KPI_PARSE_MAX_ERRORS errors (plus the P003 note); under the sanitizer
** build (-DKPI_SANITIZE=ON) any memory error or undefined behaviour fails it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_test_util.h"

enum { MAX_FILES = 256, MUTATIONS_PER_FILE = 40 };

typedef struct corpus {
    char *text[MAX_FILES];
    size_t len[MAX_FILES];
    int count;
} corpus;

static uint64_t next_random(uint64_t *state) {
    /* xorshift64*: deterministic, so a failure reproduces. */
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}

static void load_corpus(corpus *c) {
    DIR *dir = opendir(KPI_SYNTAX_GOLDEN_DIR);
    assert_non_null(dir);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && c->count < MAX_FILES) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".kpi") != 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", KPI_SYNTAX_GOLDEN_DIR, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        c->text[c->count] = malloc((size_t)size + 1);
        c->len[c->count] = fread(c->text[c->count], 1, (size_t)size, f);
        fclose(f);
        c->count++;
    }
    closedir(dir);
    assert_true(c->count >= 40);
}

static const char *const fragments[] = {
    "(",        ")",         "\"",         "by ",
    "via ",     "goal ",     "owner ",     "metric m : EUR ",
    "2026-02-", "%",         "pp",         "-",
    "not ",     "#",         "\n",         "within ",
    "to ",      ":",         "1_",         "99999999999999999999999999",
    "\xff",     "\xc3",      "where a = ", "keep x between ",
    "(owner ",  "import a.", ",",          "=",
    "\\",
};

/* Applies a few random edits to text (len bytes) into out; returns the new length. */
static size_t mutate(const corpus *c, const char *text, size_t len, char *out, size_t cap, uint64_t *rng) {
    memcpy(out, text, len);
    int edits = 1 + (int)(next_random(rng) % 6);
    for (int i = 0; i < edits; i++) {
        size_t pos = len ? next_random(rng) % (len + 1) : 0;
        int kind = (int)(next_random(rng) % 4);
        const char *piece;
        size_t piece_len;
        if (kind == 0) { /* delete a few bytes */
            size_t n = 1 + next_random(rng) % 8;
            if (pos + n > len) n = len - pos;
            memmove(out + pos, out + pos + n, len - pos - n);
            len -= n;
            continue;
        } else if (kind == 1) { /* replace one byte */
            if (pos < len) out[pos] = (char)(next_random(rng) & 0xff);
            continue;
        } else if (kind == 2) { /* insert a fragment */
            piece = fragments[next_random(rng) % (sizeof fragments / sizeof fragments[0])];
            piece_len = strlen(piece);
        } else { /* splice in a piece of another file */
            int f = (int)(next_random(rng) % (uint64_t)c->count);
            size_t from = c->len[f] ? next_random(rng) % c->len[f] : 0;
            piece = c->text[f] + from;
            piece_len = 1 + next_random(rng) % 60;
            if (from + piece_len > c->len[f]) piece_len = c->len[f] - from;
        }
        if (len + piece_len > cap) continue;
        memmove(out + pos + piece_len, out + pos, len - pos);
        memcpy(out + pos, piece, piece_len);
        len += piece_len;
    }
    return len;
}

static void test_mutated_goldens_never_break_the_parser(void **state) {
    (void)state;
    static corpus c;
    load_corpus(&c);
    uint64_t rng = 0x9e3779b97f4a7c15ULL;
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    unsigned runs = 0, with_errors = 0;
    for (int f = 0; f < c.count; f++) {
        for (int m = 0; m < MUTATIONS_PER_FILE; m++) {
            if (c.len[f] + 1024 > cap) break;
            size_t len = mutate(&c, c.text[f], c.len[f], buf, cap, &rng);
            parse_run *run = parse_text(buf, (long)len);
            assert_non_null(run->file);
            assert_true(run->diags.errors <= KPI_PARSE_MAX_ERRORS);
            for (const kpi_diagnostic *d = run->diags.head; d; d = d->next) {
                assert_true(kpi_span_valid(d->span));
                assert_true(d->span.begin <= d->span.end && d->span.end <= len);
            }
            kpi_ast_dump(run->file, sink);
            kpi_diag_render_text(&run->diags, sink, (kpi_render_options){false, true});
            with_errors += run->diags.errors > 0;
            runs++;
            parse_run_free(run);
        }
    }
    /* The mutations must actually damage most files, or the test tests nothing. */
    assert_true(with_errors > runs / 2);
    fclose(sink);
    free(buf);
    for (int f = 0; f < c.count; f++) free(c.text[f]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutated_goldens_never_break_the_parser),
    };
    return cmocka_run_group_tests_name("parse robustness", tests, NULL, NULL);
}
