/*
** test_sample.c: kpirt_sample_file, the check-time look at a data file. It
** reads with the evaluator's reader: the declared delimiter wins, else it is
** detected as at run time (',' ';' tab, Excel's "sep=" line), the header is
** trimmed, rows come as unquoted cells, sampling stops at max_rows, UTF-16
** is read, and a file the evaluator refuses (binary, a missing file) is an
** error. A gzip file is sampled decompressed, as the evaluator reads it.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "runtime/include/kpirt.h"

static char path[64];

static const char *write_file(const char *bytes, size_t len) {
    snprintf(path, sizeof path, "/tmp/kpirt-sample-%d.csv", (int)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

static int sample_text(const char *text, char delimiter, uint32_t max_rows, kpirt_sample *out) {
    kpirt_source_desc source = {.name = "s", .delimiter = delimiter, .decimal_mark = '.'};
    int rc = kpirt_sample_file(write_file(text, strlen(text)), &source, max_rows, out);
    unlink(path);
    return rc;
}

static void test_detects_and_reports(void **state) {
    (void)state;
    kpirt_sample s;
    assert_int_equal(
        sample_text("\xEF\xBB\xBF day ; amount \n2025-01-01;\"1;5\"\n\n2025-01-02;7\n", 0, 10, &s), 0);
    assert_int_equal(s.delimiter, ';');
    assert_true(s.delimiter_detected);
    assert_string_equal(s.encoding, "UTF-8 with byte-order mark");
    assert_int_equal(s.column_count, 2);
    assert_string_equal(s.header[0], "day");
    assert_string_equal(s.header[1], "amount");
    assert_int_equal(s.row_count, 2); /* the blank line is skipped */
    assert_int_equal(s.rows[0].count, 2);
    assert_string_equal(s.rows[0].cells[1], "1;5");
    assert_string_equal(s.rows[1].cells[0], "2025-01-02");
    kpirt_sample_free(&s);
}

static void test_declared_delimiter_and_pipe(void **state) {
    (void)state;
    kpirt_sample s;
    /* '|' is not detected (the evaluator would not detect it), so the header is one column */
    assert_int_equal(sample_text("day|amount\n2025-01-01|3\n", 0, 10, &s), 0);
    assert_int_equal(s.column_count, 1);
    assert_string_equal(s.header[0], "day|amount");
    kpirt_sample_free(&s);
    assert_int_equal(sample_text("day|amount\n2025-01-01|3\n", '|', 10, &s), 0);
    assert_false(s.delimiter_detected);
    assert_int_equal(s.column_count, 2);
    assert_string_equal(s.rows[0].cells[1], "3");
    kpirt_sample_free(&s);
    assert_int_equal(sample_text("sep=\t\r\na\tb\r\n1\t2\r\n", 0, 10, &s), 0);
    assert_int_equal(s.delimiter, '\t');
    assert_string_equal(s.header[1], "b");
    assert_string_equal(s.encoding, "UTF-8");
    kpirt_sample_free(&s);
}

static void test_max_rows_and_empty(void **state) {
    (void)state;
    kpirt_sample s;
    assert_int_equal(sample_text("a,b\n1,2\n3,4\n5,6\n", 0, 2, &s), 0);
    assert_int_equal(s.row_count, 2);
    assert_string_equal(s.rows[1].cells[0], "3");
    kpirt_sample_free(&s);
    assert_int_equal(sample_text("", 0, 2, &s), 0);
    assert_int_equal(s.column_count, 0);
    assert_int_equal(s.row_count, 0);
    kpirt_sample_free(&s);
    /* a record the evaluator refuses ends the sample; what came before stays */
    assert_int_equal(sample_text("a,b\n1,2\n\"3,4\n", 0, 5, &s), 0);
    assert_int_equal(s.row_count, 1);
    kpirt_sample_free(&s);
}

static void test_refused_files(void **state) {
    (void)state;
    kpirt_sample s;
    /* UTF-16 is read, as the evaluator reads it; a binary file is refused */
    kpirt_source_desc plain = {.name = "s", .decimal_mark = '.'};
    static const char utf16[] = "\xFF\xFE"
                                "a\0,\0b\0\n\0"
                                "1\0,\0"
                                "2\0\n\0";
    assert_int_equal(kpirt_sample_file(write_file(utf16, sizeof utf16 - 1), &plain, 2, &s), 0);
    assert_string_equal(s.encoding, "UTF-16");
    assert_int_equal(s.column_count, 2);
    assert_string_equal(s.rows[0].cells[1], "2");
    kpirt_sample_free(&s);
    assert_int_equal(kpirt_sample_file(write_file("a,b\n\0\x01", 7), &plain, 2, &s), -1);
    assert_non_null(strstr(s.error, "NUL byte"));
    kpirt_sample_free(&s);
    unlink(path);
    kpirt_source_desc source = {.name = "s", .decimal_mark = '.'};
    assert_int_equal(kpirt_sample_file("/nonexistent/kpirt.csv", &source, 2, &s), -1);
    assert_int_equal(errno, ENOENT);
    assert_string_equal(s.error, strerror(ENOENT));
    kpirt_sample_free(&s);
}

/* A gzip file (written with gzip framing by zlib) is looked at decompressed. */
static void test_compressed(void **state) {
    (void)state;
    const char *text = "day;amount\n2025-01-01;7\n2025-01-02;8\n";
    unsigned char gz[256];
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)text;
    z.avail_in = (uInt)strlen(text);
    z.next_out = gz;
    z.avail_out = sizeof gz;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t len = sizeof gz - z.avail_out;
    deflateEnd(&z);
    kpirt_source_desc source = {.name = "s", .decimal_mark = '.'};
    kpirt_sample s;
    assert_int_equal(kpirt_sample_file(write_file((const char *)gz, len), &source, 10, &s), 0);
    unlink(path);
    assert_int_equal(s.delimiter, ';');
    assert_int_equal(s.column_count, 2);
    assert_string_equal(s.header[1], "amount");
    assert_int_equal(s.row_count, 2);
    assert_string_equal(s.rows[1].cells[1], "8");
    kpirt_sample_free(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detects_and_reports), cmocka_unit_test(test_declared_delimiter_and_pipe),
        cmocka_unit_test(test_max_rows_and_empty),  cmocka_unit_test(test_refused_files),
        cmocka_unit_test(test_compressed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
