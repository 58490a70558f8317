/*
** test_decode.c: gzip and zstd sources (runtime/src/decode.c). Compressed
** data loads to exactly the rows of the plain text, whether the decoder
** runs on its own thread or not, whatever sizes the reads come in, over
** multi-member gzip and multi-frame zstd files. Every cut of a compressed
** file is an error that says it is cut short; no corrupted byte gives a
** different answer silently; stray bytes after the end, and formats that
** are not read (xz, bzip2, zip, lz4), are errors that say so.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "runtime/src/decode.h"
#include "tests/runtime/chunked_read.h"

/* ---- a one-metric program: the sum of "amount" per day ------------------------------ */

static int sum_row(kpirt_ctx *ctx, kpirt_row *row) {
    kpirt_day day;
    int64_t amount;
    if (kpirt_field_date(row, 0, &day) < 0) return -1;
    int has = kpirt_field_decimal(row, 1, &amount);
    if (has < 0) return -1;
    if (has == 0 && kpirt_cell_add(ctx, &kpirt_day_cells(ctx, day)[0], amount) < 0) return -1;
    return 0;
}

static const char *const columns[] = {"date", "amount", "name"};
static const kpirt_metric_desc amount_metric = {
    .name = "amount", .unit = "EUR", .unit_kind = KPIRT_UNIT_MONEY, .source = 0, .aggregate = KPIRT_AGG_SUM};

typedef struct outcome {
    int rc;
    char error[KPIRT_MESSAGE_MAX];
    uint64_t rows;
    int64_t sum;
} outcome;

/* Loads bytes as the only source, in reads of at most step bytes (0: as one text). */
static outcome load(const void *data, size_t len, size_t step) {
    kpirt_source_desc src = {.name = "shop",
                             .date_column = "date",
                             .decimal_mark = '.',
                             .column_count = 3,
                             .columns = columns,
                             .row = sum_row};
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION,
                          .spec_name = "test.kpi",
                          .source_count = 1,
                          .metric_count = 1,
                          .sources = &src,
                          .metrics = &amount_metric};
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, KPIRT_BAD_ROW_FAIL);
    chunked c = {data, len, 0, step};
    outcome o = {0};
    o.rc = step ? kpirt_load_stream(ctx, 0, "data.csv", read_chunked, &c)
                : kpirt_load_text(ctx, 0, "data.csv", data, len);
    snprintf(o.error, sizeof o.error, "%s", kpirt_ctx_error(ctx));
    o.rows = kpirt_ctx_rows_read(ctx);
    kpirt_base_sum_scaled(ctx, 0, KPIRT_YEAR, 2026, &o.sum);
    kpirt_ctx_free(ctx);
    return o;
}

/* ---- compressing test data ---------------------------------------------------------- */

static unsigned char *gzip_bytes(const char *text, size_t len, size_t *out_len) {
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    z.next_in = (Bytef *)text;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

/* As the zstd command writes it: with the frame's checksum. */
static unsigned char *zstd_bytes(const char *text, size_t len, size_t *out_len) {
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    size_t cap = ZSTD_compressBound(len);
    unsigned char *out = malloc(cap);
    *out_len = ZSTD_compress2(c, out, cap, text, len);
    assert_false(ZSTD_isError(*out_len));
    ZSTD_freeCCtx(c);
    return out;
}

typedef unsigned char *(*compress_fn)(const char *, size_t, size_t *);

/* Rows over 2026 with amounts that make every row count in the sum. */
static char *make_csv(size_t rows, size_t *len) {
    size_t cap = 32 + rows * 40;
    char *s = malloc(cap);
    size_t n = (size_t)snprintf(s, cap, "date,amount,name\n");
    for (size_t i = 0; i < rows; i++)
        n += (size_t)snprintf(s + n, cap - n, "2026-%02zu-%02zu,%zu.%02zu,\"n%zu\"\n", 1 + i % 12, 1 + i % 28,
                              i % 997, i % 100, i % 31);
    *len = n;
    return s;
}

static const char small_csv[] =
    "date,amount,name\n2026-01-05,12.50,a\n2026-02-06,7.5,\"b, c\"\n2026-03-07,1,d\n";

/* ---- tests -------------------------------------------------------------------------- */

/* Compressed data gives the plain text's rows and sum, in any read sizes, across many blocks. */
static void test_same_as_plain(void **state) {
    (void)state;
    size_t len;
    char *csv = make_csv(60000, &len); /* ~1.5 MB: the ring of 256 KiB blocks turns over */
    outcome plain = load(csv, len, 0);
    assert_int_equal(plain.rc, 0);
    assert_int_equal(plain.rows, 60000);
    compress_fn fns[2] = {gzip_bytes, zstd_bytes};
    for (int f = 0; f < 2; f++) {
        size_t zlen;
        unsigned char *z = fns[f](csv, len, &zlen);
        size_t steps[3] = {0, 4096, 70001};
        for (int s = 0; s < 3; s++) {
            outcome o = load(z, zlen, steps[s]);
            if (o.rc != 0) fail_msg("%s", o.error);
            assert_int_equal(o.rows, plain.rows);
            assert_int_equal(o.sum, plain.sum);
        }
        free(z);
    }
    free(csv);
}

/* The decoder's bytes are the original's, threaded or not; a short first read still finds the magic. */
static void test_decoder_bytes(void **state) {
    (void)state;
    size_t len;
    char *csv = make_csv(50000, &len);
    compress_fn fns[2] = {gzip_bytes, zstd_bytes};
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION, .spec_name = "test.kpi"};
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, KPIRT_BAD_ROW_FAIL);
    char *back = malloc(len + 1);
    for (int f = 0; f < 2; f++) {
        size_t zlen;
        unsigned char *z = fns[f](csv, len, &zlen);
        for (int threaded = 0; threaded < 2; threaded++) {
            chunked c = {z, zlen, 0, 1 + (size_t)threaded * 999};
            kpirt_decoder *d = kpirt_decoder_open(ctx, "x", read_chunked, &c, threaded);
            assert_non_null(d);
            assert_int_equal(kpirt_decoder_kind(d), f == 0 ? KPIRT_GZIP : KPIRT_ZSTD);
            size_t got = 0;
            long n;
            while ((n = kpirt_decoder_read(d, back + got, len + 1 - got < 5000 ? len + 1 - got : 5000)) > 0)
                got += (size_t)n;
            if (n != 0)
                fail_msg("format %d, threaded %d, after %zu bytes: %s", f, threaded, got,
                         kpirt_decoder_error(d));
            assert_int_equal(got, len);
            assert_memory_equal(back, csv, len);
            kpirt_decoder_close(d);
        }
        free(z);
    }
    free(back);
    kpirt_ctx_free(ctx);
    free(csv);
}

/* gzip members and zstd frames written one after another read as one file. */
static void test_concatenated(void **state) {
    (void)state;
    size_t len;
    char *csv = make_csv(3000, &len);
    outcome plain = load(csv, len, 0);
    size_t half = len / 2;
    compress_fn fns[2] = {gzip_bytes, zstd_bytes};
    for (int f = 0; f < 2; f++) {
        size_t alen, blen;
        unsigned char *a = fns[f](csv, half, &alen), *b = fns[f](csv + half, len - half, &blen);
        unsigned char *both = malloc(alen + blen);
        memcpy(both, a, alen);
        memcpy(both + alen, b, blen);
        outcome o = load(both, alen + blen, 0);
        if (o.rc != 0) fail_msg("%s", o.error);
        assert_int_equal(o.rows, plain.rows);
        assert_int_equal(o.sum, plain.sum);
        free(a);
        free(b);
        free(both);
    }
    free(csv);
}

/* Every cut of a compressed file (after its magic number) is an error that says so. */
static void test_truncated(void **state) {
    (void)state;
    compress_fn fns[2] = {gzip_bytes, zstd_bytes};
    const char *what[2] = {"the gzip data is cut short", "the zstd data is cut short"};
    size_t magic[2] = {2, 4};
    for (int f = 0; f < 2; f++) {
        size_t zlen;
        unsigned char *z = fns[f](small_csv, strlen(small_csv), &zlen);
        for (size_t cut = magic[f]; cut < zlen; cut++) {
            outcome o = load(z, cut, cut % 3 ? 0 : 7);
            assert_int_equal(o.rc, -1);
            if (strncmp(o.error, "data.csv:", 9) != 0 || !strstr(o.error, what[f]))
                fail_msg("cut at %zu of %zu: %s", cut, zlen, o.error);
            char bytes[64];
            snprintf(bytes, sizeof bytes, "the file ends after %zu bytes", cut);
            assert_non_null(strstr(o.error, bytes));
        }
        free(z);
    }
    /* the line the reader reached is named: about the middle of the file */
    size_t len, zlen;
    char *csv = make_csv(60000, &len);
    unsigned char *z = gzip_bytes(csv, len, &zlen);
    outcome o = load(z, zlen / 2, 0);
    assert_int_equal(o.rc, -1);
    long long line = 0;
    assert_int_equal(sscanf(o.error, "data.csv:%lld: the gzip data is cut short", &line), 1);
    assert_true(line > 3000 && line < 60000);
    free(z);
    free(csv);
}

/* No single corrupted byte changes the answer silently: it is an error, or the same rows. */
static void test_corrupt(void **state) {
    (void)state;
    compress_fn fns[2] = {gzip_bytes, zstd_bytes};
    const char *what[2] = {"gzip data", "zstd data"};
    size_t magic[2] = {2, 4};
    outcome plain = load(small_csv, strlen(small_csv), 0);
    for (int f = 0; f < 2; f++) {
        size_t zlen;
        unsigned char *z = fns[f](small_csv, strlen(small_csv), &zlen);
        size_t failures = 0;
        for (size_t at = magic[f]; at < zlen; at++) {
            z[at] ^= 0x55;
            outcome o = load(z, zlen, 0);
            z[at] ^= 0x55;
            if (o.rc == 0) {
                /* a byte no check covers (gzip's time stamp, say) but nothing in the data */
                assert_int_equal(o.rows, plain.rows);
                assert_int_equal(o.sum, plain.sum);
                continue;
            }
            failures++;
            if (!strstr(o.error, what[f])) fail_msg("byte %zu of %zu: %s", at, zlen, o.error);
        }
        assert_true(failures > (zlen - magic[f]) / 2);
        free(z);
    }
}

/* A corrupt stream may decode into a bad row first; the corruption is still the message. */
static void test_bad_row_from_corrupt_data(void **state) {
    (void)state;
    const char *csv = "date,amount,name\n2026-01-05,1,a\n2026-01-06,x,b\n2026-01-07,2,c\n";
    size_t zlen;
    unsigned char *z = gzip_bytes(csv, strlen(csv), &zlen);
    outcome o = load(z, zlen, 0);
    assert_int_equal(o.rc, -1);
    assert_string_equal(o.error, "data.csv:3:12: bad number \"x\" in column \"amount\": not a number");
    z[zlen - 8] ^= 1; /* the CRC-32 in the trailer */
    o = load(z, zlen, 0);
    assert_int_equal(o.rc, -1);
    char want[KPIRT_MESSAGE_MAX];
    snprintf(want, sizeof want,
             "data.csv: corrupt gzip data near byte %zu of the file (incorrect data check): "
             "the file is damaged and its rows cannot be trusted (copy or download it again); the first bad "
             "row it gave: data.csv:3:12: bad number \"x\" in column \"amount\": not a number",
             zlen - 3);
    assert_string_equal(o.error, want);
    free(z);
}

static void test_trailing_bytes(void **state) {
    (void)state;
    compress_fn fns[2] = {gzip_bytes, zstd_bytes};
    const char *name[2] = {"gzip", "zstd"};
    for (int f = 0; f < 2; f++) {
        size_t zlen;
        unsigned char *z = fns[f](small_csv, strlen(small_csv), &zlen);
        unsigned char *more = malloc(zlen + 9);
        memcpy(more, z, zlen);
        memcpy(more + zlen, "garbage\n", 8);
        outcome o = load(more, zlen + 8, 0);
        assert_int_equal(o.rc, -1);
        char want[KPIRT_MESSAGE_MAX];
        snprintf(want, sizeof want,
                 "data.csv:5: unexpected bytes after the end of the %s data, at byte %zu of "
                 "the file (a damaged or padded file; '%s -t data.csv' tells more)",
                 name[f], zlen + 1, name[f]);
        assert_string_equal(o.error, want);
        free(more);
        free(z);
    }
}

static void test_empty_and_tiny(void **state) {
    (void)state;
    size_t zlen;
    unsigned char *z = gzip_bytes("", 0, &zlen);
    outcome o = load(z, zlen, 0);
    assert_int_equal(o.rc, -1);
    assert_string_equal(o.error, "data.csv: empty file (expected a header line with the column names)");
    free(z);
    z = zstd_bytes("", 0, &zlen);
    o = load(z, zlen, 0);
    assert_string_equal(o.error, "data.csv: empty file (expected a header line with the column names)");
    free(z);
    /* plain files shorter than a magic number, and a header that starts like bzip2's "BZh" */
    o = load("d", 1, 1);
    assert_int_equal(o.rc, -1);
    assert_non_null(strstr(o.error, "missing column \"date\""));
    const char *bz = "BZh,date,amount,name\n1,2026-01-05,3,a\n";
    o = load(bz, strlen(bz), 2);
    if (o.rc != 0) fail_msg("%s", o.error);
    assert_int_equal(o.sum, 30000);
}

static void test_refused_formats(void **state) {
    (void)state;
    struct {
        const char *bytes;
        size_t len;
        const char *start;
    } cases[] = {
        {"\xFD"
         "7zXZ\0\0\x04",
         8, "data.csv: the file is compressed with xz, which is not read directly"},
        {"BZh91AY&SY", 10, "data.csv: the file is compressed with bzip2, which is not read directly"},
        {"\x04\x22\x4D\x18\x64\x40", 6,
         "data.csv: the file is compressed with lz4, which is not read directly"},
        {"PK\x03\x04\x14\0\0\0", 8, "data.csv: the file is a zip archive (an .xlsx workbook is one too)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        outcome o = load(cases[i].bytes, cases[i].len, 1);
        assert_int_equal(o.rc, -1);
        if (strncmp(o.error, cases[i].start, strlen(cases[i].start)) != 0) fail_msg("%s", o.error);
    }
}

/* A reader that stops early (a bad row) ends the decoding thread, which must not wait for the rest. */
static void test_early_close(void **state) {
    (void)state;
    size_t len, zlen;
    char *csv = make_csv(100000, &len);
    unsigned char *z = zstd_bytes(csv, len, &zlen);
    kpirt_program prog = {.abi_version = KPIRT_ABI_VERSION, .spec_name = "test.kpi"};
    kpirt_ctx *ctx = kpirt_ctx_new(&prog, KPIRT_BAD_ROW_FAIL);
    for (int i = 0; i < 20; i++) {
        chunked c = {z, zlen, 0, 100000};
        kpirt_decoder *d = kpirt_decoder_open(ctx, "x", read_chunked, &c, true);
        char buf[100];
        assert_true(kpirt_decoder_read(d, buf, sizeof buf) > 0);
        kpirt_decoder_close(d);
    }
    kpirt_ctx_free(ctx);
    free(z);
    free(csv);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_plain),   cmocka_unit_test(test_decoder_bytes),
        cmocka_unit_test(test_concatenated),    cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_corrupt),         cmocka_unit_test(test_bad_row_from_corrupt_data),
        cmocka_unit_test(test_trailing_bytes),  cmocka_unit_test(test_empty_and_tiny),
        cmocka_unit_test(test_refused_formats), cmocka_unit_test(test_early_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
