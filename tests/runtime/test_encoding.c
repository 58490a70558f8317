/*
** test_encoding.c: the UTF-8 pass of the text decoder (runtime/src/encoding.c),
** which checks the bytes where it reads them instead of copying them.
** Whatever sizes the underlying reads and the caller's buffer come in (down
** to one byte, smaller than a character), the text comes out unchanged, and
** a byte that is not UTF-8 (a Windows-1252 letter, an overlong form, a
** surrogate, a character cut by the end of the file) stops it exactly before
** that byte, named by the line and byte column of a plain count.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/src/csv.h"
#include "tests/runtime/chunked_read.h"

static const size_t steps[] = {1, 2, 3, 5, 7, 64, 127, 4093, 1 << 20};
static const size_t caps[] = {1, 2, 3, 4, 5, 8, 127, 129, 65536};

/* A text of `lines` lines, ASCII with 2-, 3- and 4-byte characters spread over 128-byte blocks and reads. */
static size_t make_text(unsigned char *out, size_t cap, int lines) {
    static const char *const words[] = {
        "caf\xC3\xA9", "12\xE2\x82\xAC", "\xF0\x9F\x98\x80", "plain", "", "Gen\xC3\xA8ve", "NL"};
    size_t n = 0;
    for (int i = 0; i < lines; i++) {
        int w = snprintf((char *)out + n, cap - n, "2024-01-%02d,%d,%s,%.*s\n", i % 28 + 1, i * 37,
                         words[i % 7], i % 90,
                         "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
                         "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
        assert_true(w > 0 && (size_t)w < cap - n);
        n += (size_t)w;
    }
    return n;
}

typedef struct decoded {
    unsigned char *text;
    size_t len;
    bool failed;
    unsigned bad_byte;
    int64_t bad_line;
    uint32_t bad_col;
} decoded;

static decoded decode(const unsigned char *data, size_t len, size_t step, size_t cap) {
    chunked in = {data, len, 0, step};
    kpirt_text_decoder *d = malloc(sizeof *d);
    kpirt_text_init(d, KPIRT_ENCODING_UTF8, read_chunked, &in);
    kpirt_read_fn read = kpirt_text_read_fn();
    decoded out = {.text = malloc(len + 1)};
    char *buf = malloc(cap);
    long n;
    while ((n = read(d, buf, cap)) > 0) {
        assert_true(out.len + (size_t)n <= len);
        memcpy(out.text + out.len, buf, (size_t)n);
        out.len += (size_t)n;
    }
    assert_int_equal(n, 0);
    out.failed = d->failed;
    out.bad_byte = d->bad_byte;
    out.bad_line = d->bad_line;
    out.bad_col = d->bad_col;
    free(buf);
    free(d);
    return out;
}

static void passes_whole(const unsigned char *text, size_t len, size_t skip) {
    for (size_t s = 0; s < sizeof steps / sizeof *steps; s++)
        for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
            decoded out = decode(text, len, steps[s], caps[c]);
            assert_false(out.failed);
            assert_int_equal(out.len, len - skip);
            assert_memory_equal(out.text, text + skip, len - skip);
            free(out.text);
        }
}

static void test_text_passes_whole(void **state) {
    (void)state;
    size_t cap = 1 << 16;
    unsigned char *text = malloc(cap + 3);
    size_t len = make_text(text, cap, 300);
    passes_whole(text, len, 0);
    /* with a byte-order mark, which is dropped */
    memmove(text + 3, text, len);
    memcpy(text, "\xEF\xBB\xBF", 3);
    passes_whole(text, len + 3, 3);
    free(text);
}

/* The bad byte at `at`: the text before it comes out, and the message names its line and column. */
static void stops_at(const unsigned char *text, size_t len, size_t at) {
    int64_t line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < at; i++)
        if (text[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    for (size_t s = 0; s < sizeof steps / sizeof *steps; s++)
        for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
            decoded out = decode(text, len, steps[s], caps[c]);
            assert_true(out.failed);
            assert_int_equal(out.len, at);
            assert_memory_equal(out.text, text, at);
            assert_int_equal(out.bad_byte, text[at]);
            assert_int_equal(out.bad_line, line);
            assert_int_equal(out.bad_col, at - line_start + 1);
            free(out.text);
        }
}

static void test_bad_byte_stops_the_text(void **state) {
    (void)state;
    size_t cap = 1 << 16;
    unsigned char *text = malloc(cap);
    size_t len = make_text(text, cap, 400);
    static const char *const bad[] = {"\xE8",  "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                      "\xC3(", "\x80"};
    /* at the start, inside and at the end of 128-byte blocks, far into the text */
    static const size_t places[] = {0, 1, 127, 128, 255, 4096, 16383, 16384, 20000};
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++)
        for (size_t p = 0; p < sizeof places / sizeof *places; p++) {
            unsigned char *copy = malloc(len);
            memcpy(copy, text, len);
            size_t at = places[p];
            while (at < len && (copy[at] & 0xC0) == 0x80) at++; /* not inside a character */
            assert_true(at + strlen(bad[b]) < len);
            memcpy(copy + at, bad[b], strlen(bad[b]));
            stops_at(copy, len, at);
            free(copy);
        }
    free(text);
}

static void test_character_cut_by_the_end(void **state) {
    (void)state;
    const unsigned char text[] = "date,name\n2024-01-01,caf\xC3\xA9\n2024-01-02,12\xE2\x82";
    stops_at(text, sizeof text - 1, sizeof text - 3);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_passes_whole),
        cmocka_unit_test(test_bad_byte_stops_the_text),
        cmocka_unit_test(test_character_cut_by_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
