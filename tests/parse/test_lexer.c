/*
** test_lexer.c: the scanner. Every token kind, the checks on literal values
** (dates that do not exist, malformed numbers, bad escapes), comments, byte
** spans, and bad bytes (NUL, invalid UTF-8, stray characters).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "parse_test_util.h"

/* Scans text and checks it is exactly one token of the given kind, without errors. */
static lex_run *one_token(const char *text, int kind) {
    lex_run *run = lex_text(text, -1);
    if (run->count != 1 || run->tokens[0].kind != kind || run->base.diags.errors) {
        print_error("'%s': %d tokens, first kind %d (want %d), %u errors\n", text, run->count,
                    run->count ? run->tokens[0].kind : -1, kind, run->base.diags.errors);
        fail();
    }
    return run;
}

static void test_keywords(void **state) {
    (void)state;
    static const struct {
        const char *word;
        int kind;
    } table[] = {
        {"import", TOK_IMPORT},
        {"source", TOK_SOURCE},
        {"metric", TOK_METRIC},
        {"goal", TOK_GOAL},
        {"owner", TOK_OWNER},
        {"policy", TOK_POLICY},
        {"link", TOK_LINK},
        {"raise", TOK_RAISE},
        {"lower", TOK_LOWER},
        {"reach", TOK_REACH},
        {"keep", TOK_KEEP},
        {"by", TOK_BY},
        {"via", TOK_VIA},
        {"to", TOK_TO},
        {"within", TOK_WITHIN},
        {"starting", TOK_STARTING},
        {"review", TOK_REVIEW},
        {"budget", TOK_BUDGET},
        {"baseline", TOK_BASELINE},
        {"tolerance", TOK_TOLERANCE},
        {"path", TOK_PATH},
        {"for", TOK_FOR},
        {"where", TOK_WHERE},
        {"why", TOK_WHY},
        {"from", TOK_FROM},
        {"in", TOK_IN},
        {"aggregate", TOK_AGGREGATE},
        {"about", TOK_ABOUT},
        {"higher", TOK_HIGHER},
        {"is", TOK_IS},
        {"better", TOK_BETTER},
        {"below", TOK_BELOW},
        {"above", TOK_ABOVE},
        {"between", TOK_BETWEEN},
        {"and", TOK_AND},
        {"or", TOK_OR},
        {"not", TOK_NOT},
        {"per", TOK_PER},
        {"date", TOK_DATE_KW},
        {"format", TOK_FORMAT},
        {"delimiter", TOK_DELIMITER},
        {"decimal", TOK_DECIMAL},
        {"thousands", TOK_THOUSANDS},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        lex_run_free(one_token(table[i].word, table[i].kind));
}

static void test_identifiers(void **state) {
    (void)state;
    /* Units, aggregations and words that begin with a keyword are names. */
    const char *names[] = {"revenue", "count_distinct", "_x1", "EUR", "owners",
                           "bytes",   "monthly",        "csv", "tox"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        lex_run *run = one_token(names[i], TOK_IDENT);
        assert_string_equal(run->tokens[0].value.name.text, names[i]);
        assert_false(run->tokens[0].value.name.quoted);
        lex_run_free(run);
    }
}

static void test_punctuation(void **state) {
    (void)state;
    lex_run *run = lex_text(": = != < <= > >= ( ) , . + - * /", -1);
    const int want[] = {TOK_COLON,  TOK_EQ,    TOK_NE,  TOK_LT,   TOK_LE,    TOK_GT,   TOK_GE,   TOK_LPAREN,
                        TOK_RPAREN, TOK_COMMA, TOK_DOT, TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH};
    assert_int_equal(run->count, sizeof want / sizeof want[0]);
    for (int i = 0; i < run->count; i++) assert_int_equal(run->tokens[i].kind, want[i]);
    assert_int_equal(run->base.diags.errors, 0);
    lex_run_free(run);
}

static void test_double_equals_is_reported_and_recovered(void **state) {
    (void)state;
    lex_run *run = lex_text("a == 1", -1);
    assert_int_equal(run->count, 3);
    assert_int_equal(run->tokens[1].kind, TOK_EQ);
    assert_int_equal(count_code(&run->base, KPI_L001), 1);
    lex_run_free(run);
}

static void test_strings(void **state) {
    (void)state;
    lex_run *run = one_token("\"Sub-Category \\\"x\\\" \\\\ \\n\\t\"", TOK_STRING);
    assert_string_equal(run->tokens[0].value.str.text, "Sub-Category \"x\" \\ \n\t");
    assert_int_equal(run->tokens[0].span.begin, 0);
    assert_int_equal(run->tokens[0].span.end, strlen("\"Sub-Category \\\"x\\\" \\\\ \\n\\t\""));
    lex_run_free(run);

    run = one_token("\"caf\xC3\xA9\"", TOK_STRING);
    assert_string_equal(run->tokens[0].value.str.text, "caf\xC3\xA9");
    lex_run_free(run);

    run = one_token("\"\"", TOK_STRING);
    assert_string_equal(run->tokens[0].value.str.text, "");
    lex_run_free(run);
}

static void test_unterminated_string(void **state) {
    (void)state;
    lex_run *run = lex_text("owner \"Sales lead\nreview", -1);
    assert_int_equal(run->count, 3);
    assert_int_equal(run->tokens[1].kind, TOK_STRING);
    assert_string_equal(run->tokens[1].value.str.text, "Sales lead");
    assert_int_equal(run->tokens[2].kind, TOK_REVIEW);
    const kpi_diagnostic *d = find_code(&run->base, KPI_L002);
    assert_non_null(d);
    assert_int_equal(d->span.begin, 6); /* the opening quote */
    assert_int_equal(d->span.end, 7);
    assert_int_equal(run->base.diags.errors, 1);
    lex_run_free(run);

    run = lex_text("\"abc\\", -1); /* backslash at end of input */
    assert_int_equal(count_code(&run->base, KPI_L002), 1);
    lex_run_free(run);
}

static void test_bad_escape(void **state) {
    (void)state;
    lex_run *run = lex_text("\"C:\\data\"", -1);
    assert_int_equal(run->count, 1);
    const kpi_diagnostic *d = find_code(&run->base, KPI_L008);
    assert_non_null(d);
    assert_int_equal(d->span.begin, 3);
    assert_non_null(strstr(d->message, "\\d"));
    lex_run_free(run);
}

static void test_numbers(void **state) {
    (void)state;
    static const struct {
        const char *text;
        double value;
        const char *digits;
        char suffix;
    } table[] = {
        {"20", 20, "20", 0},
        {"3.5", 3.5, "3.5", 0},
        {"1_250_000", 1250000, "1250000", 0},
        {"1.2M", 1200000, "1.2", 'M'},
        {"50k", 50000, "50", 'k'},
        {"2B", 2e9, "2", 'B'},
        {"0", 0, "0", 0},
        {"0.05", 0.05, "0.05", 0},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        lex_run *run = one_token(table[i].text, TOK_NUMBER);
        kpi_number n = run->tokens[0].value.num;
        assert_true(n.value == table[i].value);
        assert_string_equal(n.text, table[i].digits);
        assert_int_equal(n.suffix, table[i].suffix);
        assert_int_equal(n.sign, 0);
        lex_run_free(run);
    }
}

/* Number values are computed without strtod when that is exact; they must equal strtod's to the bit. */
static void expect_strtod_value(kpi_arena *arena, const char *text) {
    kpi_number n;
    char reason[160];
    assert_true(kpi_lex_number(arena, text, strlen(text), &n, reason, sizeof reason));
    double want = strtod(text, NULL);
    if (memcmp(&n.value, &want, sizeof want) != 0) {
        print_error("'%s': %.17g, strtod gives %.17g\n", text, n.value, want);
        fail();
    }
}

static void test_number_values_equal_strtod(void **state) {
    (void)state;
    kpi_arena arena;
    kpi_arena_init(&arena);
    const char *edge[] = {
        "0.1",
        "0.3",
        "0.7",
        "2.675",
        "1.005",
        "999999999999999",
        "9999999999999999",
        "9007199254740993",
        "123456789012345.6",
        "12345678901234.56",
        "0.000000000000000000001",
        "0.0000000000000000000001",
        "0.00000000000000000000001",
        "1.7976931348623157",
        "4503599627370497.5",
        "0.000123456789012345",
        "00000000000000000000123.5",
        "100000000000000000000000",
    };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) expect_strtod_value(&arena, edge[i]);
    uint64_t x = 88172645463325252u; /* xorshift64, fixed seed */
    for (int i = 0; i < 200000; i++) {
        char text[64];
        size_t len = 0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        unsigned whole = 1 + (unsigned)(x % 18), frac = (unsigned)((x >> 8) % 26);
        uint64_t r = x;
        for (unsigned k = 0; k < whole + frac; k++) {
            if (k == whole) text[len++] = '.';
            if (k % 16 == 0) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                r = x;
            }
            text[len++] = (char)('0' + r % 10);
            r /= 10;
        }
        text[len] = '\0';
        expect_strtod_value(&arena, text);
    }
    kpi_arena_free(&arena);
}

static void test_invalid_numbers(void **state) {
    (void)state;
    const char *bad[] = {"1__0", "1_", "12abc", "1.2.3", "5K", "50000EUR", "3.", "1e999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lex_run *run = lex_text(bad[i], -1);
        if (count_code(&run->base, KPI_L004) != 1) {
            print_error("'%s' gave %u L004 errors\n", bad[i], count_code(&run->base, KPI_L004));
            fail();
        }
        assert_int_equal(run->tokens[0].kind, TOK_NUMBER);
        assert_int_equal(run->tokens[0].span.begin, 0);
        lex_run_free(run);
    }
}

static void test_percentages_and_points(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int kind;
        double value;
        char sign;
    } table[] = {
        {"20%", TOK_PERCENT, 20, 0},   {"+35%", TOK_PERCENT, 35, '+'},   {"-10%", TOK_PERCENT, -10, '-'},
        {"0.5%", TOK_PERCENT, 0.5, 0}, {"+0.5pp", TOK_POINTS, 0.5, '+'}, {"-2pp", TOK_POINTS, -2, '-'},
        {"3pp", TOK_POINTS, 3, 0},     {"1_000%", TOK_PERCENT, 1000, 0},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        lex_run *run = one_token(table[i].text, table[i].kind);
        assert_true(run->tokens[0].value.num.value == table[i].value);
        assert_int_equal(run->tokens[0].value.num.sign, table[i].sign);
        assert_int_equal(run->tokens[0].span.end, strlen(table[i].text));
        lex_run_free(run);
    }
}

static void test_sign_without_percent_is_an_operator(void **state) {
    (void)state;
    lex_run *run = lex_text("a -5 +3", -1);
    const int want[] = {TOK_IDENT, TOK_MINUS, TOK_NUMBER, TOK_PLUS, TOK_NUMBER};
    assert_int_equal(run->count, 5);
    for (int i = 0; i < 5; i++) assert_int_equal(run->tokens[i].kind, want[i]);
    lex_run_free(run);
}

/*
** A sign and digits without '%' or 'pp', a year and '-' without a month, a
** month and '-' without a day: the scanner gives back all but the longest
** token it can make of them and scans the rest again.
*/
static void test_tokens_cut_back(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int count;
        int kinds[3];
        uint32_t ends[3];
    } table[] = {
        {"+5", 2, {TOK_PLUS, TOK_NUMBER}, {1, 2}},
        {"-1_000.5)", 3, {TOK_MINUS, TOK_NUMBER, TOK_RPAREN}, {1, 8, 9}},
        {"-5p", 2, {TOK_MINUS, TOK_NUMBER}, {1, 3}},
        {"+5px", 2, {TOK_PLUS, TOK_NUMBER}, {1, 4}},
        {"2026-", 2, {TOK_NUMBER, TOK_MINUS}, {4, 5}},
        {"2026-x", 3, {TOK_NUMBER, TOK_MINUS, TOK_IDENT}, {4, 5, 6}},
        {"2026-Qx", 3, {TOK_NUMBER, TOK_MINUS, TOK_IDENT}, {4, 5, 7}},
        {"2026-q", 3, {TOK_NUMBER, TOK_MINUS, TOK_IDENT}, {4, 5, 6}},
        {"2026-01-", 2, {TOK_DATE, TOK_MINUS}, {7, 8}},
        {"2026-1-x", 3, {TOK_DATE, TOK_MINUS, TOK_IDENT}, {6, 7, 8}},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        lex_run *run = lex_text(table[i].text, -1);
        bool same = run->count == table[i].count;
        for (int k = 0; same && k < run->count; k++)
            same = run->tokens[k].kind == table[i].kinds[k] && run->tokens[k].span.end == table[i].ends[k] &&
                   run->tokens[k].span.begin == (k ? table[i].ends[k - 1] : 0);
        if (!same) {
            print_error("'%s': %d tokens, first kind %d ending at %u\n", table[i].text, run->count,
                        run->count ? run->tokens[0].kind : -1, run->count ? run->tokens[0].span.end : 0);
            fail();
        }
        lex_run_free(run);
    }
    lex_run *run = lex_text("2026-01-x", -1);
    assert_int_equal(run->tokens[0].value.date.month, 1);
    assert_int_equal(run->tokens[0].value.date.precision, KPI_DATE_MONTH);
    lex_run_free(run);
    run = lex_text("2026-Q", -1);
    assert_true(run->tokens[0].value.num.value == 2026);
    assert_string_equal(run->tokens[0].value.num.text, "2026");
    lex_run_free(run);
}

static void test_dates(void **state) {
    (void)state;
    lex_run *run = one_token("2026-01-31", TOK_DATE);
    kpi_date d = run->tokens[0].value.date;
    assert_int_equal(d.precision, KPI_DATE_DAY);
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 1);
    assert_int_equal(d.day, 31);
    lex_run_free(run);

    run = one_token("2026-07", TOK_DATE);
    assert_int_equal(run->tokens[0].value.date.precision, KPI_DATE_MONTH);
    assert_int_equal(run->tokens[0].value.date.month, 7);
    lex_run_free(run);

    run = one_token("2026-Q3", TOK_DATE);
    assert_int_equal(run->tokens[0].value.date.precision, KPI_DATE_QUARTER);
    assert_int_equal(run->tokens[0].value.date.quarter, 3);
    lex_run_free(run);

    /* Leap years: divisible by 4, except centuries, except every 400 years. */
    const char *valid[] = {"2024-02-29", "2000-02-29", "2026-12-31", "2026-04-30", "1999-01-01"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) lex_run_free(one_token(valid[i], TOK_DATE));
}

static void expect_bad_date(const char *text, const char *reason) {
    lex_run *run = lex_text(text, -1);
    assert_int_equal(run->count, 1);
    assert_int_equal(run->tokens[0].kind, TOK_DATE);
    const kpi_diagnostic *d = find_code(&run->base, KPI_L003);
    if (!d || !strstr(d->message, reason)) {
        print_error("'%s': %s\n", text, d ? d->message : "no L003");
        fail();
    }
    /* At the token's location. */
    assert_int_equal(d->span.begin, 0);
    assert_int_equal(d->span.end, strlen(text));
    lex_run_free(run);
}

static void test_invalid_dates(void **state) {
    (void)state;
    expect_bad_date("2026-02-30", "February 2026 has 28 days");
    expect_bad_date("2023-02-29", "February 2023 has 28 days");
    expect_bad_date("1900-02-29", "February 1900 has 28 days");
    expect_bad_date("2024-02-30", "February 2024 has 29 days");
    expect_bad_date("2026-04-31", "April 2026 has 30 days");
    expect_bad_date("2026-13", "month 13 does not exist");
    expect_bad_date("2026-00-10", "month 00 does not exist");
    expect_bad_date("2026-Q5", "quarter Q5 does not exist");
    expect_bad_date("2026-Q0", "quarter Q0 does not exist");
    expect_bad_date("2026-01-00", "day 00 does not exist");
    expect_bad_date("2026-1-5", "two digits");
    expect_bad_date("2026-01-5", "two digits");
}

static void test_comments_are_collected(void **state) {
    (void)state;
    const char *text = "# first\nmetric # second\n#third";
    lex_run *run = lex_text(text, -1);
    assert_int_equal(run->count, 1);
    assert_int_equal(run->tokens[0].kind, TOK_METRIC);
    const kpi_comment *c = run->state.file->comments;
    assert_non_null(c);
    assert_int_equal(c->span.begin, 0);
    assert_int_equal(c->span.end, 7);
    assert_non_null(c->next);
    assert_int_equal(c->next->span.begin, 15);
    assert_int_equal(c->next->span.end, 23);
    assert_non_null(c->next->next);
    assert_int_equal(c->next->next->span.begin, 24);
    assert_null(c->next->next->next);
    lex_run_free(run);
}

static void test_spans_are_byte_offsets(void **state) {
    (void)state;
    lex_run *run = lex_text("goal  g\r\n  raise x 20%", -1);
    assert_int_equal(run->count, 5);
    const uint32_t begins[] = {0, 6, 11, 17, 19}, ends[] = {4, 7, 16, 18, 22};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(run->tokens[i].span.begin, begins[i]);
        assert_int_equal(run->tokens[i].span.end, ends[i]);
        assert_int_equal(run->tokens[i].span.file, run->base.src->id);
    }
    lex_run_free(run);
}

static void test_nul_bytes(void **state) {
    (void)state;
    lex_run *run = lex_text("goal\0\0 g", 8);
    assert_int_equal(run->count, 2);
    assert_int_equal(run->tokens[1].kind, TOK_IDENT);
    assert_int_equal(run->tokens[1].span.begin, 7);
    assert_int_equal(count_code(&run->base, KPI_L006), 1); /* one report for the run */
    const kpi_diagnostic *d = find_code(&run->base, KPI_L006);
    assert_int_equal(d->span.begin, 4);
    assert_int_equal(d->span.end, 6);
    assert_int_equal(run->base.diags.errors, 1);
    lex_run_free(run);
}

static void test_invalid_utf8(void **state) {
    (void)state;
    /* Latin-1 é inside a string, and a lone continuation byte in a comment. */
    lex_run *run = lex_text("from \"caf\xE9\" # \x80\x80 x\nmetric", -1);
    assert_int_equal(run->count, 3);
    assert_int_equal(count_code(&run->base, KPI_L005), 2);
    const kpi_diagnostic *d = find_code(&run->base, KPI_L005);
    assert_int_equal(d->span.begin, 9);
    assert_non_null(strstr(d->message, "0xE9"));
    lex_run_free(run);

    /* Overlong encodings and surrogates are invalid too. */
    assert_int_equal(kpi_lex_utf8_sequence((const unsigned char *)"\xC0\xAF", 2), 0);
    assert_int_equal(kpi_lex_utf8_sequence((const unsigned char *)"\xED\xA0\x80", 3), 0);
    assert_int_equal(kpi_lex_utf8_sequence((const unsigned char *)"\xE2\x82\xAC", 3), 3);
    assert_int_equal(kpi_lex_utf8_sequence((const unsigned char *)"\xF0\x9F\x98\x80", 4), 4);
    assert_int_equal(kpi_lex_utf8_sequence((const unsigned char *)"\xF0\x9F\x98", 3), 0);
}

/* The encoding check skips clean ASCII in blocks; a bad byte at any offset in or after a block is found. */
static void test_encoding_errors_at_every_offset(void **state) {
    (void)state;
    char text[96];
    for (uint32_t at = 0; at < 80; at++) {
        for (int bad = 0; bad < 2; bad++) {
            memset(text, ' ', sizeof text);
            text[at] = bad ? '\xE9' : '\0';
            lex_run *run = lex_text(text, sizeof text);
            const kpi_diagnostic *d = find_code(&run->base, bad ? KPI_L005 : KPI_L006);
            if (!d || d->span.begin != at || d->span.end != at + 1 || run->base.diags.errors != 1) {
                print_error("%s at %u: %s\n", bad ? "0xE9" : "NUL", at, d ? "wrong span" : "not reported");
                fail();
            }
            lex_run_free(run);
        }
    }
}

static void test_stray_characters(void **state) {
    (void)state;
    lex_run *run = lex_text("a ; b \xE2\x80\x9Cx\xE2\x80\x9D \xC2\xA0 c", -1);
    /* a b x c survive; ';', the two curly quotes and the no-break space are L001. */
    assert_int_equal(run->count, 4);
    assert_int_equal(count_code(&run->base, KPI_L001), 4);
    assert_int_equal(run->base.diags.errors, 4);
    lex_run_free(run);
}

static void test_byte_order_mark_is_skipped(void **state) {
    (void)state;
    lex_run *run = lex_text("\xEF\xBB\xBFgoal", -1);
    assert_int_equal(run->count, 1);
    assert_int_equal(run->tokens[0].kind, TOK_GOAL);
    assert_int_equal(run->base.diags.errors, 0);
    lex_run_free(run);
}

static void test_parenthesis_limit(void **state) {
    (void)state;
    char text[600];
    memset(text, '(', 300);
    text[300] = '\0';
    lex_run *run = lex_text(text, -1);
    assert_int_equal(run->count, KPI_PARSE_MAX_DEPTH); /* the 257th ends the input */
    const kpi_diagnostic *d = find_code(&run->base, KPI_P002);
    assert_non_null(d);
    assert_int_equal(d->span.begin, KPI_PARSE_MAX_DEPTH);
    lex_run_free(run);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_identifiers),
        cmocka_unit_test(test_punctuation),
        cmocka_unit_test(test_double_equals_is_reported_and_recovered),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_unterminated_string),
        cmocka_unit_test(test_bad_escape),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_number_values_equal_strtod),
        cmocka_unit_test(test_invalid_numbers),
        cmocka_unit_test(test_percentages_and_points),
        cmocka_unit_test(test_sign_without_percent_is_an_operator),
        cmocka_unit_test(test_tokens_cut_back),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_invalid_dates),
        cmocka_unit_test(test_comments_are_collected),
        cmocka_unit_test(test_spans_are_byte_offsets),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_encoding_errors_at_every_offset),
        cmocka_unit_test(test_stray_characters),
        cmocka_unit_test(test_byte_order_mark_is_skipped),
        cmocka_unit_test(test_parenthesis_limit),
    };
    return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
