/*
** test_parse_errors.c: what the parser says about wrong input. Messages in
** words at the right place, recovery that reports every error of a file, the
** checks on words with fixed values, and the limits (nesting, error count,
** size) that keep hostile input from crashing or hanging the compiler.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "parse_test_util.h"

/* Parses text and expects exactly `count` errors, the first with code at line:col containing text. */
static parse_run *expect_error(const char *text, unsigned count, kpi_code code, unsigned line,
                               unsigned column, const char *message_part) {
    parse_run *run = parse_text(text, -1);
    const kpi_diagnostic *d = find_code(run, code);
    bool ok = d && run->diags.errors == count && strstr(d->message, message_part);
    if (ok) {
        kpi_position p = diag_position(run, d);
        ok = p.line == line && p.column == column;
    }
    if (!ok) {
        print_error("input:\n%s\nwanted %u errors, %s at %u:%u with \"%s\"; got:\n%s", text, count,
                    kpi_diag_code_info(code)->id, line, column, message_part, parse_messages(run));
        fail();
    }
    return run;
}

static void check(const char *text, unsigned count, kpi_code code, unsigned line, unsigned column,
                  const char *message_part) {
    parse_run_free(expect_error(text, count, code, line, column, message_part));
}

static void test_messages_name_what_was_expected_and_found(void **state) {
    (void)state;
    check("goal g raise profit by owner \"x\"", 1, KPI_P001, 1, 24,
          "expected a metric name, a date (2027-06-30, 2027-06, 2027-Q2 or 2027) or an amount "
          "(20% or +0.5pp) after 'by', found 'owner'");
    check("metric revenue EUR", 1, KPI_P001, 1, 16,
          "expected ':' and a unit after the metric name, found 'EUR'");
    check("metric revenue \"Revenue\" EUR", 1, KPI_P001, 1, 26,
          "expected ':' and a unit after the metric name");
    check("goal g lower review 5%", 1, KPI_P001, 1, 14,
          "expected a metric name after 'lower', found 'review'");
    check("goal g raise x 5% within 3", 1, KPI_P001, 1, 27,
          "a duration unit (days, weeks, months, quarters or years) after '3', found the end of the file");
    check("goal g raise x 5% review", 1, KPI_P001, 1, 25,
          "a review period (daily, weekly, monthly, "
          "quarterly or yearly) after 'review'");
    check("metric m : EUR aggregate", 1, KPI_P001, 1, 25, "an aggregation (sum, count");
    check("metric m : EUR = a +", 1, KPI_P001, 1, 21, "expected a formula");
    check("metric m : EUR where x", 1, KPI_P001, 1, 23, "expected a comparison");
    check("metric m : EUR where x = ", 1, KPI_P001, 1, 26, "expected a value (a string or a number)");
    check("source s = ", 1, KPI_P001, 1, 12, "a source kind (csv, table, ga4 or google_ads)");
    check("goal g raise x 5% owner", 1, KPI_P001, 1, 24, "an owner name or a string such as \"Sales lead\"");
    check("raise x 5%", 1, KPI_P001, 1, 1,
          "expected a new item ('goal', 'metric', 'source', ...), found 'raise'");
    check("goal g raise x 5% 7", 1, KPI_P001, 1, 19,
          "expected a driver ('by' or 'via') or a clause ('within', 'owner', ...)");
    check("goal g raise x 5% within 2027-06", 1, KPI_P001, 1, 26, "found '2027-06'");
}

static void test_notes_and_fixits(void **state) {
    (void)state;
    /* A bare number after 'by' is read as a year; the note says how to write an amount. */
    parse_run *run = expect_error("goal g raise x 5% by revenue by 20 owner \"x\"", 1, KPI_L003, 1, 33,
                                  "a year has four digits");
    assert_non_null(strstr(find_code(run, KPI_L003)->notes->message, "for an amount write 20%"));
    parse_run_free(run);

    run = expect_error("goal review raise x 5%", 1, KPI_P001, 1, 6, "expected a goal name");
    const kpi_diagnostic *d = find_code(run, KPI_P001);
    assert_non_null(d->notes);
    assert_non_null(strstr(d->notes->message, "'review' is a keyword"));
    parse_run_free(run);

    /* An item keyword where a name was expected: something is missing, not misnamed. */
    run = expect_error("goal g raise x 5% within 3\ngoal h raise x 1%", 1, KPI_P001, 2, 1, "found 'goal'");
    assert_null(find_code(run, KPI_P001)->notes);
    parse_run_free(run);

    run = expect_error("goal g raise x 5% owner Sales lead", 1, KPI_P001, 1, 31, "found 'lead'");
    assert_non_null(strstr(find_code(run, KPI_P001)->notes->message, "owner \"Sales lead\""));
    parse_run_free(run);

    run = expect_error("metric m : EUR from omzet", 1, KPI_P001, 1, 21, "found 'omzet'");
    assert_non_null(strstr(find_code(run, KPI_P001)->notes->message, "double quotes: \"omzet\""));
    parse_run_free(run);

    run = expect_error("goal g raise x 20 owner \"a\"", 1, KPI_P001, 1, 16,
                       "expected an amount (20%, +0.5pp or 'to' a value), a driver");
    assert_non_null(strstr(find_code(run, KPI_P001)->notes->message, "a target as 'to 20'"));
    parse_run_free(run);

    run = expect_error("Goal g raise x 5%", 1, KPI_P001, 1, 1, "found 'Goal'");
    assert_string_equal(find_code(run, KPI_P001)->notes->message, "keywords are lowercase: 'goal'");
    parse_run_free(run);

    /* An everyday verb for a statement gets the statement, not "write it in quotes". */
    run = expect_error("goal g increase x 5%", 1, KPI_P001, 1, 8, "found 'increase'");
    d = find_code(run, KPI_P001);
    assert_string_equal(d->notes->message,
                        "a goal starts with raise, lower, reach or keep; did you mean 'raise'?");
    assert_non_null(d->fixes);
    assert_string_equal(d->fixes->replacement, "raise");
    assert_int_equal(d->fixes->span.begin, 7);
    assert_int_equal(d->fixes->span.end, 15);
    parse_run_free(run);

    run = expect_error("goal g \"Less\" reduce x 5%", 1, KPI_P001, 1, 15, "found 'reduce'");
    assert_non_null(strstr(find_code(run, KPI_P001)->notes->message, "did you mean 'lower'?"));
    parse_run_free(run);

    /* A deadline in words ("Q3 2026", "June 2026") gets the date as the language writes it. */
    run = expect_error("goal g raise x 5% by Q3 2026", 1, KPI_P001, 1, 25, "found '2026'");
    d = find_code(run, KPI_P001);
    assert_string_equal(d->notes->message, "a deadline is written as a date: by 2026-Q3");
    assert_non_null(d->fixes);
    assert_string_equal(d->fixes->replacement, "2026-Q3");
    assert_int_equal(d->fixes->span.begin, 21);
    assert_int_equal(d->fixes->span.end, 28);
    parse_run_free(run);

    run = expect_error("goal g raise x 5% by june 2026", 1, KPI_P001, 1, 27, "found '2026'");
    assert_string_equal(find_code(run, KPI_P001)->notes->message,
                        "a deadline is written as a date: by 2026-06");
    parse_run_free(run);

    /* a driver that merely starts like a month is not a month */
    run = expect_error("goal g raise x 5% by marketing 2026", 1, KPI_P001, 1, 32, "found '2026'");
    assert_null(strstr(find_code(run, KPI_P001)->notes->message, "deadline"));
    parse_run_free(run);

    run = expect_error("metric m EUR", 1, KPI_P001, 1, 10, "':' and a unit");
    d = find_code(run, KPI_P001);
    assert_non_null(d->fixes);
    assert_string_equal(d->fixes->replacement, ": ");
    assert_int_equal(d->fixes->span.begin, 9);
    assert_int_equal(d->fixes->span.end, 9);
    parse_run_free(run);
}

static void test_recovery_reports_every_error(void **state) {
    (void)state;
    const char *text = "metric a EUR\n" /* 1: missing ':' */
                       "metric b : EUR\n"
                       "goal g raise b 5% owner within 3 months\n" /* 3: owner without value */
                       "  review\n"
                       "  by 2027\n" /* 5: review without period */
                       "goal h lower a by\n"
                       "goal i raise b 1% by x +2% (owner review weekly) starting 2026-01\n"
                       /* 7: 'by' then 'goal'; owner */
                       "link a b\n"; /* 8: missing 'to' */
    parse_run *run = parse_text(text, -1);
    kpi_diag_sort(&run->diags);
    const unsigned want_lines[] = {1, 3, 5, 7, 7, 8};
    unsigned n = 0;
    for (const kpi_diagnostic *d = run->diags.head; d; d = d->next, n++) {
        assert_int_equal(d->code, KPI_P001);
        if (n < 6 && diag_position(run, d).line != want_lines[n]) {
            print_error("error %u at line %u, want %u:\n%s", n, diag_position(run, d).line, want_lines[n],
                        parse_messages(run));
            fail();
        }
    }
    assert_int_equal(n, 6);
    /* Every goal survives, with the clauses that were well formed. */
    const char *dump = parse_dump(run);
    assert_non_null(strstr(dump, "goal g @3:1\n  raise metric=b amount=relative(5%)\n"
                                 "  clause within 3 months\n  clause by 2027\n"));
    assert_non_null(strstr(dump, "goal h @6:1"));
    assert_non_null(strstr(dump, "goal i @7:1\n  raise metric=b amount=relative(1%)\n"
                                 "  driver by x amount=relative(+2%)\n    clause review weekly\n"
                                 "  clause starting 2026-01\n"));
    assert_non_null(strstr(dump, "metric b : EUR @2:1"));
    parse_run_free(run);
}

static void test_forgotten_parenthesis_does_not_swallow_the_next_goal(void **state) {
    (void)state;
    parse_run *run =
        expect_error("goal g raise x 5% by revenue +35% (owner \"x\"\n"
                     "goal h raise y 1% owner \"b\" within 3 months\n"
                     "goal i raise z 1%\n",
                     1, KPI_P001, 2, 1, "expected ')' to close the driver's clauses, found 'goal'");
    const kpi_diagnostic *d = find_code(run, KPI_P001);
    assert_non_null(d->notes);
    assert_int_equal(d->notes->span.begin, 34); /* the '(' */
    assert_non_null(d->fixes);
    assert_int_equal(d->fixes->span.begin, 44); /* after "x" */
    assert_string_equal(d->fixes->replacement, ")");
    const char *dump = parse_dump(run);
    assert_non_null(strstr(dump, "  driver by revenue amount=relative(+35%)\n    clause owner \"x\"\n"
                                 "goal h @2:1\n  raise metric=y amount=relative(1%)\n"
                                 "  clause owner \"b\"\n  clause within 3 months\ngoal i @3:1\n"));
    parse_run_free(run);

    /* An error inside the parentheses recovers there, at the next clause. */
    run = expect_error("goal g raise x 5% by y 1% (owner review weekly) starting 2026-01", 1, KPI_P001, 1, 34,
                       "found 'review'");
    assert_non_null(strstr(parse_dump(run), "    clause review weekly\n  clause starting 2026-01\n"));
    parse_run_free(run);
}

static void test_errors_close_together_are_all_reported(void **state) {
    (void)state;
    /* Bison stays quiet for three tokens after an error; an item keyword ends that. */
    parse_run *run = parse_text("metric :\nmetric :\nmetric :\n", -1);
    assert_int_equal(count_code(run, KPI_P001), 3);
    parse_run_free(run);
}

static void test_too_many_errors_stop_the_parse(void **state) {
    (void)state;
    char *text = malloc(200 * 10 + 1);
    text[0] = '\0';
    for (int i = 0; i < 200; i++) strcat(text, "metric :\n");
    parse_run *run = parse_text(text, -1);
    assert_int_equal(run->diags.errors, KPI_PARSE_MAX_ERRORS);
    assert_int_equal(count_code(run, KPI_P003), 1);
    const kpi_diagnostic *d = find_code(run, KPI_P003);
    assert_int_equal(d->severity, KPI_SEV_NOTE);
    assert_int_equal(diag_position(run, d).line, KPI_PARSE_MAX_ERRORS);
    parse_run_free(run);
    free(text);
}

static void test_nesting_limit(void **state) {
    (void)state;
    /* 10,000 open parentheses: one P002 at the 257th, no crash, nothing after it. */
    size_t n = 10000;
    const char *prefix = "metric m : EUR = ";
    char *text = malloc(strlen(prefix) + 2 * n + 2);
    strcpy(text, prefix);
    size_t at = strlen(prefix);
    memset(text + at, '(', n);
    text[at + n] = 'a';
    memset(text + at + n + 1, ')', n);
    text[at + 2 * n + 1] = '\0';
    parse_run *run =
        expect_error(text, 1, KPI_P002, 1, (unsigned)(at + KPI_PARSE_MAX_DEPTH + 1), "nesting too deep");
    parse_run_free(run);

    /* The same in a filter, and long chains that nest without parentheses. */
    const char *filter_prefix = "metric m : EUR where ";
    char *filter = malloc(strlen(filter_prefix) + 2 * n + 8);
    strcpy(filter, filter_prefix);
    at = strlen(filter_prefix);
    memset(filter + at, '(', n);
    strcpy(filter + at + n, "a = 1");
    memset(filter + at + n + 5, ')', n);
    filter[at + 2 * n + 5] = '\0';
    run = parse_text(filter, -1);
    assert_int_equal(count_code(run, KPI_P002), 1);
    assert_int_equal(run->diags.errors, 1);
    parse_run_free(run);
    free(filter);
    free(text);

    const char *chains[] = {" + a", " via c", " - ", "not "};
    const char *heads[] = {"metric m : EUR = a", "goal g raise a 1% by b",
                           "metric m : EUR = ", "metric m : EUR where "};
    const char *tails[] = {"", "", "a", "a = 1"};
    for (int c = 0; c < 4; c++) {
        size_t reps = 20000, len = strlen(heads[c]) + reps * strlen(chains[c]) + strlen(tails[c]) + 1;
        char *t = malloc(len);
        strcpy(t, heads[c]);
        for (size_t i = 0; i < reps; i++)
            strcat(t + strlen(heads[c]) + (i ? (i - 1) * strlen(chains[c]) : 0), chains[c]);
        strcat(t, tails[c]);
        run = parse_text(t, -1);
        if (count_code(run, KPI_P002) != 1 || run->diags.errors != 1) {
            print_error("chain '%s': %s", chains[c], parse_messages(run));
            fail();
        }
        parse_run_free(run);
        free(t);
    }
}

static void test_bad_bytes(void **state) {
    (void)state;
    parse_run *run = parse_text("metric m : EUR\0 from \"x\"", 24);
    assert_int_equal(count_code(run, KPI_L006), 1);
    assert_int_equal(run->diags.errors, 1);
    assert_string_equal(run->file->items->as.metric.column.text, "x");
    parse_run_free(run);

    run = parse_text("metric m \"Chiffre d'affaires \xE9t\xE9\" : EUR", -1);
    assert_int_equal(count_code(run, KPI_L005), 2);
    assert_int_equal(run->diags.errors, 2);
    assert_non_null(run->file->items);
    parse_run_free(run);

    /* A binary file: every byte value, many times. */
    char *bytes = malloc(256 * 64);
    for (int i = 0; i < 256 * 64; i++) bytes[i] = (char)(i * 7 + i / 256);
    run = parse_text(bytes, 256 * 64);
    assert_int_equal(run->diags.errors, 1); /* one "binary file" error, not fifty */
    assert_int_equal(count_code(run, KPI_L006), 1);
    assert_non_null(strstr(find_code(run, KPI_L006)->message, "binary file"));
    parse_run_free(run);
    free(bytes);
}

/* What counts as a binary file: several NUL runs or eight control bytes in the first 8 KiB. */
static void test_binary_or_text_with_mistakes(void **state) {
    (void)state;
    parse_run *run = parse_text("metric a : count\0\0metric b : count\0", 35);
    assert_int_equal(run->diags.errors, 1);
    const kpi_diagnostic *d = find_code(run, KPI_L006);
    assert_non_null(d);
    assert_int_equal(d->span.begin, 16);
    assert_string_equal(d->message, "this is a binary file, not UTF-8 text (a NUL byte 0x00 here)");
    parse_run_free(run);

    run = parse_text("metric\x01"
                     "a\x02"
                     "b\x03"
                     "c\x04"
                     "d\x05"
                     "e\x06"
                     "f\x07g\x08 : count",
                     -1);
    assert_int_equal(run->diags.errors, 1);
    assert_non_null(strstr(find_code(run, KPI_L005)->message, "a control byte 0x01"));
    parse_run_free(run);

    /* seven control bytes, tabs, CR, form feeds and ESC are text with mistakes */
    run = parse_text("metric\x01"
                     "a\x02"
                     "b\x03"
                     "c\x04"
                     "d\x05"
                     "e\x06"
                     "f\x07\t\r\f\x1b : count",
                     -1);
    assert_null(strstr(run->diags.head ? run->diags.head->message : "", "binary"));
    parse_run_free(run);

    /* Latin-1 text: every accented byte is its own L005, the file is still parsed */
    run = parse_text("metric m \"R\xE9sum\xE9 \xE9t\xE9 \xE0 Caf\xE9 Cr\xE8me Br\xFBl\xE9"
                     "e\" : EUR",
                     -1);
    assert_int_equal(count_code(run, KPI_L005), 9);
    assert_int_equal(run->diags.errors, 9);
    assert_non_null(run->file->items);
    parse_run_free(run);
}

static void test_unterminated_string_recovers(void **state) {
    (void)state;
    parse_run *run = parse_text("goal g raise x 5% owner \"Sales\ngoal h raise y 1%", -1);
    assert_int_equal(count_code(run, KPI_L002), 1);
    assert_int_equal(run->diags.errors, 1);
    assert_non_null(strstr(parse_dump(run), "goal h @2:1"));
    parse_run_free(run);
}

static void test_words_with_fixed_values(void **state) {
    (void)state;
    check("metric m : EUR aggregate average", 1, KPI_P004, 1, 26, "unknown aggregation 'average'");
    check("goal g raise x 5% review biweekly", 1, KPI_P005, 1, 26, "unknown review period 'biweekly'");
    check("goal g raise x 5% review month", 1, KPI_P005, 1, 26, "unknown review period 'month'");
    check("policy p 5% per fortnight", 1, KPI_P005, 1, 17, "unknown period 'fortnight'");
    check("source s = excel \"a.xlsx\"", 1, KPI_P006, 1, 12, "unknown source kind 'excel'");
    check("goal g raise x 5% within 18 moths", 1, KPI_L007, 1, 29, "unknown duration unit 'moths'");
    check("goal g raise x 5% within 1.5 months", 1, KPI_L007, 1, 26, "whole number");
    check("goal g raise x 5% within 0 days", 1, KPI_L007, 1, 26, "whole number");
    check("goal g raise x 5% by 27", 1, KPI_L003, 1, 22, "a year has four digits");
    /* Values far out of range are reported, never converted (no undefined behaviour). */
    check("goal g raise x 5% within 100000000000000000000000000000000 days", 1, KPI_L007, 1, 26,
          "whole number");
    check("goal g raise x 5% by 10000000000000000000000000000000", 1, KPI_L003, 1, 22, "four digits");
    check("goal g raise x 5% by 1__0", 2, KPI_L004, 1, 22, "'_' may only stand between two digits");
    check("goal g raise x 5% starting 2026-02-29", 1, KPI_L003, 1, 28, "February 2026 has 28 days");
}

static void test_goal_structure_errors(void **state) {
    (void)state;
    check("goal g raise x 5% by 10%", 1, KPI_P007, 1, 19, "the goal has an amount already");
    check("goal g raise x by y 5% by 10%", 1, KPI_P007, 1, 24, "must come right after the metric");
    check("goal g keep x below 5% by 10%", 1, KPI_P007, 1, 24, "belongs to 'raise' or 'lower'");
    check("goal g raise x 5% via y 2%", 1, KPI_P009, 1, 19, "'via' adds a driver");
    check("goal g keep x below 40% by y 5%", 1, KPI_P010, 1, 25, "takes no drivers");
    check("metric m : EUR from \"a\" from \"b\"", 1, KPI_P008, 1, 25, "'from' is given twice");
    check("metric m : EUR = a = b", 1, KPI_P008, 1, 20, "'=' is given twice");
    check("metric m : EUR where a = 1 where b = 2", 1, KPI_P008, 1, 28, "'where' is given twice");
    check("metric m : EUR aggregate sum aggregate max", 1, KPI_P008, 1, 30, "'aggregate' is given twice");
    check("metric m : EUR higher is better lower is better", 1, KPI_P008, 1, 33, "given twice");
    check("metric m : EUR in a in b", 1, KPI_P008, 1, 21, "'in' is given twice");
    check("source s = csv \"a\" delimiter \";\" delimiter \",\"", 1, KPI_P008, 1, 34,
          "'delimiter' is given twice");
}

static void test_large_input_is_linear(void **state) {
    (void)state;
    /* 2 MB of goals parse without errors; the size limit itself lives in source.c. */
    const char *goal = "goal g raise profit 20% by revenue +35% within 18 months via visitors +65% "
                       "owner \"Digital marketing\" starting 2026-01 # comment\n";
    size_t reps = 2 * 1024 * 1024 / strlen(goal), len = reps * strlen(goal);
    char *text = malloc(len + 1);
    for (size_t i = 0; i < reps; i++) memcpy(text + i * strlen(goal), goal, strlen(goal));
    text[len] = '\0';
    parse_run *run = parse_text(text, (long)len);
    assert_int_equal(run->diags.errors, 0);
    size_t items = 0;
    for (const kpi_item *it = run->file->items; it; it = it->next) items++;
    assert_int_equal(items, reps);
    parse_run_free(run);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages_name_what_was_expected_and_found),
        cmocka_unit_test(test_notes_and_fixits),
        cmocka_unit_test(test_recovery_reports_every_error),
        cmocka_unit_test(test_forgotten_parenthesis_does_not_swallow_the_next_goal),
        cmocka_unit_test(test_errors_close_together_are_all_reported),
        cmocka_unit_test(test_too_many_errors_stop_the_parse),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_binary_or_text_with_mistakes),
        cmocka_unit_test(test_unterminated_string_recovers),
        cmocka_unit_test(test_words_with_fixed_values),
        cmocka_unit_test(test_goal_structure_errors),
        cmocka_unit_test(test_large_input_is_linear),
    };
    return cmocka_run_group_tests_name("parse errors", tests, NULL, NULL);
}
