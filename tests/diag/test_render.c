/*
** test_render.c: the clang-style text renderer, byte for byte: locations,
** carets and tildes (tabs, invalid bytes, multi-line ranges), notes, fix-its,
** the summary line and colour. Sources are synthetic.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/diag/diag.h"

typedef struct fixture {
    kpi_arena arena;
    kpi_source_map sources;
    kpi_diag_engine diags;
} fixture;

static int setup(void **state) {
    static fixture f;
    kpi_arena_init(&f.arena);
    kpi_src_map_init(&f.sources, &f.arena);
    kpi_diag_init(&f.diags, &f.arena, &f.sources);
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    kpi_arena_free(&f->arena);
    return 0;
}

static kpi_source *add(fixture *f, const char *text) {
    return kpi_src_add(&f->sources, "t.kpi", text, strlen(text));
}

/* The span of the first occurrence of needle, len bytes long (0: the needle's length). */
static kpi_span find(const kpi_source *src, const char *needle, uint32_t len) {
    const char *p = strstr(src->text, needle);
    assert_non_null(p);
    uint32_t begin = (uint32_t)(p - src->text);
    return (kpi_span){src->id, begin, begin + (len ? len : (uint32_t)strlen(needle))};
}

/* Renders to a string (malloc'd). */
static char *render(fixture *f, bool color) {
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    assert_non_null(out);
    kpi_diag_render_text(&f->diags, out, (kpi_render_options){.color = color, .show_source = true});
    fclose(out);
    return buf;
}

static void assert_renders(fixture *f, const char *expected) {
    char *got = render(f, false);
    if (strcmp(got, expected) != 0) print_error("expected:\n%s\ngot:\n%s\n", expected, got);
    assert_string_equal(got, expected);
    free(got);
}

static void error_with_caret_and_tildes(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "goal g\n  raise profit 20%\n");
    kpi_diag_report(&f->diags, KPI_P001, find(src, "profit", 0), "unexpected '%s'", "profit");
    assert_renders(f, "t.kpi:2:9: error: unexpected 'profit' [P001]\n"
                      "  raise profit 20%\n"
                      "        ^~~~~~\n"
                      "1 error generated.\n");
}

static void tabs_do_not_misalign_the_caret(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "\tgoal\tg @\n");
    kpi_diag_report(&f->diags, KPI_L001, find(src, "@", 0), "invalid character '@'");
    assert_renders(f, "t.kpi:1:9: error: invalid character '@' [L001]\n"
                      "        goal    g @\n"
                      "                  ^\n"
                      "1 error generated.\n");
}

static void a_line_of_tabs(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t@\n");
    kpi_diag_report(&f->diags, KPI_L001, find(src, "@", 0), "x");
    char *got = render(f, false);
    char expected[512];
    snprintf(expected, sizeof expected, "t.kpi:1:17: error: x [L001]\n%128s@\n%128s^\n1 error generated.\n",
             "", "");
    assert_string_equal(got, expected);
    free(got);
}

static void a_very_long_line_is_shown_around_the_caret(void **state) {
    fixture *f = *state;
    char text[1002];
    memset(text, 'x', 1000);
    text[600] = '@';
    text[1000] = '\n';
    text[1001] = '\0';
    kpi_source *src = add(f, text);
    kpi_diag_report(&f->diags, KPI_L001, find(src, "@", 0), "x");
    char *got = render(f, false);
    /* 80 bytes before the caret, 240 in all, "..." on both sides. */
    char expected[1024], xs_before[81], xs_after[160];
    memset(xs_before, 'x', 80), xs_before[80] = '\0';
    memset(xs_after, 'x', 159), xs_after[159] = '\0';
    snprintf(expected, sizeof expected,
             "t.kpi:1:601: error: x [L001]\n...%s@%s...\n%83s^\n1 error generated.\n", xs_before, xs_after,
             "");
    assert_string_equal(got, expected);
    free(got);
}

static void invalid_bytes_are_shown_and_counted(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "owner \"g\xE9n\xE9ral\" @ caf\xC3\xA9 @\n");
    kpi_span first = find(src, "\xE9", 1);
    kpi_diag_report(&f->diags, KPI_L005, first, "invalid UTF-8 byte 0xE9");
    const char *second_at = strrchr(src->text, '@');
    uint32_t b = (uint32_t)(second_at - src->text);
    kpi_diag_report(&f->diags, KPI_L001, (kpi_span){src->id, b, b + 1}, "invalid character '@'");
    assert_renders(f, "t.kpi:1:9: error: invalid UTF-8 byte 0xE9 [L005]\n"
                      "owner \"g<E9>n<E9>ral\" @ caf\xC3\xA9 @\n"
                      "        ^~~~\n"
                      "t.kpi:1:25: error: invalid character '@' [L001]\n"
                      "owner \"g<E9>n<E9>ral\" @ caf\xC3\xA9 @\n"
                      "                             ^\n"
                      "2 errors generated.\n");
}

static void multi_line_range_underlines_to_end_of_line(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "goal g\n  raise profit\n  owner x\n");
    kpi_span s = find(src, "raise", 0);
    s.end = (uint32_t)(strstr(src->text, "owner") - src->text) + 5;
    kpi_diag_report(&f->diags, KPI_R003, s, "spans two lines");
    assert_renders(f, "t.kpi:2:3: warning: spans two lines [R003]\n"
                      "  raise profit\n"
                      "  ^~~~~~~~~~~~\n"
                      "1 warning generated.\n");
}

static void empty_range_at_end_of_file(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "goal g");
    kpi_diag_report(&f->diags, KPI_P001, (kpi_span){src->id, 6, 6}, "expected a statement");
    assert_renders(f, "t.kpi:1:7: error: expected a statement [P001]\n"
                      "goal g\n"
                      "      ^\n"
                      "1 error generated.\n");
}

static void notes_with_and_without_location(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "metric m : EUR\nmetric m : EUR\n");
    kpi_span second = {src->id, 22, 23};
    kpi_diagnostic *d = kpi_diag_report(&f->diags, KPI_N003, second, "'m' is declared twice");
    kpi_diag_note(&f->diags, d, find(src, "m :", 1), "first declared here");
    kpi_diag_note(&f->diags, d, KPI_SPAN_NONE, "rename one of them");
    assert_renders(f, "t.kpi:2:8: error: 'm' is declared twice [N003]\n"
                      "metric m : EUR\n"
                      "       ^\n"
                      "t.kpi:1:8: note: first declared here\n"
                      "metric m : EUR\n"
                      "       ^\n"
                      "note: rename one of them\n"
                      "1 error generated.\n");
}

static void fixit_on_the_same_line_is_shown_under_the_caret(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "metric visitors count\n");
    kpi_span count = find(src, "count", 0);
    kpi_diagnostic *d = kpi_diag_report(&f->diags, KPI_P001, count, "expected ':' before the unit");
    kpi_diag_fixit(&f->diags, d, (kpi_span){src->id, count.begin, count.begin}, ": ", NULL);
    assert_renders(f, "t.kpi:1:17: error: expected ':' before the unit [P001]\n"
                      "metric visitors count\n"
                      "                ^~~~~\n"
                      "                : \n"
                      "t.kpi:1:17: fix-it: insert ': '\n"
                      "1 error generated.\n");
}

static void fixit_elsewhere_gets_its_own_snippet(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "goal g\n  raise x 5%\n  review monthly\n");
    kpi_diagnostic *d = kpi_diag_report(&f->diags, KPI_A001, find(src, "g\n", 1), "goal 'g' has no owner");
    kpi_span monthly = find(src, "monthly", 0);
    kpi_diag_fixit(&f->diags, d, (kpi_span){src->id, monthly.end, monthly.end}, " owner \"?\"",
                   "insert an owner");
    kpi_diag_fixit(&f->diags, d, find(src, "review", 0), "", NULL);
    assert_renders(f, "t.kpi:1:6: error: goal 'g' has no owner [A001]\n"
                      "goal g\n"
                      "     ^\n"
                      "t.kpi:3:17: fix-it: insert an owner\n"
                      "  review monthly\n"
                      "                ^\n"
                      "                 owner \"?\"\n"
                      "t.kpi:3:3: fix-it: remove 'review'\n"
                      "  review monthly\n"
                      "  ^~~~~~\n"
                      "1 error generated.\n");
}

static void fixit_text_with_newlines_is_shown_line_by_line(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "goal g\n  raise x 5%\n");
    kpi_diagnostic *d = kpi_diag_report(&f->diags, KPI_A001, find(src, "g\n", 1), "no owner");
    uint32_t line2 = find(src, "  raise", 0).begin;
    kpi_diag_fixit(&f->diags, d, (kpi_span){src->id, line2, line2}, "  owner \"a\"\n\n  why \"b\"\n",
                   "insert an owner");
    assert_renders(f, "t.kpi:1:6: error: no owner [A001]\n"
                      "goal g\n"
                      "     ^\n"
                      "t.kpi:2:1: fix-it: insert an owner\n"
                      "  raise x 5%\n"
                      "^\n"
                      "  owner \"a\"\n"
                      "  why \"b\"\n"
                      "1 error generated.\n");
}

static void summary_counts_both_kinds(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "x\n");
    kpi_span s = {src->id, 0, 1};
    kpi_diag_report(&f->diags, KPI_P001, s, "a");
    kpi_diag_report(&f->diags, KPI_P001, s, "b");
    kpi_diag_report(&f->diags, KPI_R003, s, "c");
    f->diags.head = f->diags.tail = NULL; /* only the summary */
    assert_renders(f, "2 errors and 1 warning generated.\n");
}

static void nothing_to_say_prints_nothing(void **state) {
    fixture *f = *state;
    assert_renders(f, "");
}

static void diagnostic_without_location_reads_like_the_driver(void **state) {
    fixture *f = *state;
    kpi_diag_report(&f->diags, KPI_X001, KPI_SPAN_NONE, "cannot read 'std/web.kpi': Permission denied");
    assert_renders(f, "kpic: error: cannot read 'std/web.kpi': Permission denied\n"
                      "1 error generated.\n");
}

static void errors_beyond_the_limit_are_counted(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "x\n");
    f->diags.max_errors = 1;
    kpi_diag_report(&f->diags, KPI_P001, (kpi_span){src->id, 0, 1}, "first");
    kpi_diag_report(&f->diags, KPI_P001, (kpi_span){src->id, 0, 1}, "second");
    kpi_diag_report(&f->diags, KPI_P001, (kpi_span){src->id, 0, 1}, "third");
    assert_renders(f, "t.kpi:1:1: error: first [P001]\n"
                      "x\n"
                      "^\n"
                      "kpic: note: 2 more errors not shown (limit: --max-errors=1)\n"
                      "3 errors generated.\n");
}

static void colour_only_when_asked(void **state) {
    fixture *f = *state;
    kpi_source *src = add(f, "x\n");
    kpi_diag_report(&f->diags, KPI_R003, (kpi_span){src->id, 0, 1}, "w");
    char *plain = render(f, false), *coloured = render(f, true);
    assert_null(strchr(plain, '\033'));
    assert_non_null(strstr(coloured, "\033[0;1;35mwarning: ")); /* magenta warning */
    assert_non_null(strstr(coloured, "\033[0;1;32m^"));         /* green caret */
    free(plain);
    free(coloured);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        T(error_with_caret_and_tildes),
        T(tabs_do_not_misalign_the_caret),
        T(a_line_of_tabs),
        T(a_very_long_line_is_shown_around_the_caret),
        T(invalid_bytes_are_shown_and_counted),
        T(multi_line_range_underlines_to_end_of_line),
        T(empty_range_at_end_of_file),
        T(notes_with_and_without_location),
        T(fixit_on_the_same_line_is_shown_under_the_caret),
        T(fixit_elsewhere_gets_its_own_snippet),
        T(fixit_text_with_newlines_is_shown_line_by_line),
        T(summary_counts_both_kinds),
        T(nothing_to_say_prints_nothing),
        T(diagnostic_without_location_reads_like_the_driver),
        T(errors_beyond_the_limit_are_counted),
        T(colour_only_when_asked),
    };
    return cmocka_run_group_tests_name("diag text renderer", tests, NULL, NULL);
}
