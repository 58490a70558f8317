/*
** test_text.c: the terminal dashboard (runtime/src/report_text.c) against
** issue 8's promises, on the hand-built report of sample_report.h: an
** overview line with the total and the statuses worst first, a sparkline
** per measured goal, driver trees drawn with branches, every line within 80
** columns, and a report that reads the same without colour.
*/
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpirt.h"
#include "sample_report.h"

static char *render(const kpirt_report *r, bool color) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    kpirt_write_options o = {.color = color, .width = 80};
    assert_int_equal(kpirt_write_text(r, &o, out), 0);
    fclose(out);
    /* A copy, so that callers' pointers are not tied to a local whose address
     * escaped into open_memstream (gcc 12 -O3 reports them as dangling). */
    char *copy = strdup(text);
    free(text);
    assert_non_null(copy);
    return copy;
}

/* Columns a line takes: UTF-8 characters, not counting ANSI colour sequences. */
static int line_columns(const char *s, size_t len) {
    int n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\033') {
            while (i < len && s[i] != 'm') i++;
            continue;
        }
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    }
    return n;
}

static const char *line_of(const char *text, const char *needle) {
    const char *p = strstr(text, needle);
    if (!p) fail_msg("no line with '%s' in:\n%s", needle, text);
    while (p > text && p[-1] != '\n') p--;
    return p;
}

static void test_overview_line(void **state) {
    (void)state;
    kpirt_report r;
    sample_report(&r);
    char *text = render(&r, false);
    /* worst first, wrapped with an indent where 80 columns end */
    const char *expected = "webshop.kpi as of 2026-11-05: 7 goals: 1 breached, 1 off track, 1 at risk,\n"
                           "  1 no data, 1 not started, 1 on track, 1 achieved\n\n";
    assert_true(strncmp(text, expected, strlen(expected)) == 0);
    free(text);
    sample_report_free(&r);
}

static void test_eighty_columns_and_no_colour(void **state) {
    (void)state;
    kpirt_report r;
    sample_report(&r);
    for (int color = 0; color <= 1; color++) {
        char *text = render(&r, color);
        int lines = 0;
        for (const char *p = text; *p;) {
            const char *end = strchr(p, '\n');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            if (line_columns(p, len) > 80) fail_msg("line wider than 80 columns: %.*s", (int)len, p);
            lines++;
            p += len + (end ? 1 : 0);
        }
        assert_true(lines >= 9); /* overview, blank, header, seven goals */
        /* colour only when asked; the words are there either way */
        assert_true((strchr(text, '\033') != NULL) == (color == 1));
        assert_non_null(strstr(text, "breached"));
        assert_non_null(strstr(text, "off track"));
        free(text);
    }
    sample_report_free(&r);
}

static void test_sparklines(void **state) {
    (void)state;
    kpirt_report r;
    sample_report(&r);
    char *text = render(&r, false);
    /* profit: the last seven of its ten periods, lowest to highest; none for a goal not started */
    const char *profit = line_of(text, "more_profit ");
    const char *blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    int found = 0;
    const char *eol = strchr(profit, '\n');
    for (int i = 0; i < 8; i++)
        for (const char *p = profit; (p = strstr(p, blocks[i])) != NULL && p < eol; p++) found++;
    assert_true(found >= 6); /* six values among the last seven periods (one is a gap) ... */
    const char *later = line_of(text, "nps_up");
    const char *later_end = strchr(later, '\n');
    for (int i = 0; i < 8; i++) {
        const char *p = strstr(later, blocks[i]);
        assert_true(p == NULL || p > later_end); /* ... and nothing for a goal not started */
    }
    free(text);
    sample_report_free(&r);
}

/* Money is rounded to the cent from the exact decimal, as in JSON and CSV:
 * 0.015 EUR (0.01499... as a double) is 0.02, not 0.01. */
static void test_money_rounds_like_the_other_reports(void **state) {
    (void)state;
    kpirt_report r;
    sample_report(&r);
    r.goals[0].current = (kpirt_opt){.has = true, .v = 0.015};
    char *text = render(&r, false);
    const char *line = line_of(text, "more_profit ");
    const char *eol = strchr(line, '\n');
    const char *value = strstr(line, "0.02 / ");
    assert_true(value != NULL && value < eol);
    free(text);
    sample_report_free(&r);
}

static void test_driver_tree_branches(void **state) {
    (void)state;
    kpirt_report r;
    sample_report(&r);
    /* more_profit driven by revenue (itself driven by visitors) and by new_market */
    static uint32_t two_drivers[] = {1, 5};
    r.goals[0].drivers = two_drivers;
    r.goals[0].driver_count = 2;
    r.goals[5].parent = 0;
    static uint32_t roots[] = {0, 3, 4, 6};
    r.roots = roots;
    r.root_count = 4;
    char *text = render(&r, false);
    assert_non_null(strstr(text, "\non track    ├ revenue "));
    assert_non_null(strstr(text, "\nat risk     │ └ visitors "));
    assert_non_null(strstr(text, "\nno data     └ revenue "));
    free(text);
    sample_report_free(&r);
}

/* Under a goal's row: its current period against the one before and a year earlier, and its why. */
static void test_comparisons_and_why(void **state) {
    (void)state;
    kpirt_report r;
    sample_report(&r);
    char *text = render(&r, false);
    /* profit drives revenue: the notes continue its branch */
    assert_non_null(strstr(text, "\n            │   ▲ +0.4% vs 2026-09  ▼ -9.8% vs 2025-10\n"));
    assert_non_null(strstr(text, "\n            │   why: Grow <without> buying revenue at any price\n"));
    /* the budget: status in words, spent/budget, the pace at the deadline, the plan by now */
    assert_non_null(
        strstr(text, "\n            │   budget: overspend 31.0k/50.0k EUR; pace 55.8k; plan 27.8k\n"));
    /* costs (lower): only the month before has a value */
    assert_non_null(strstr(text, "\n              ▼ -3.8% vs 2025-11\n"));
    free(text);
    /* with colour: green for good news for the goal, red for bad */
    text = render(&r, true);
    assert_non_null(strstr(text, "\033[32m▲ +0.4%\033[0m vs 2026-09"));
    assert_non_null(strstr(text, "\033[31m▼ -9.8%\033[0m vs 2025-10"));
    assert_non_null(strstr(text, "\033[32m▼ -3.8%\033[0m vs 2025-11"));
    free(text);
    sample_report_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overview_line),
        cmocka_unit_test(test_eighty_columns_and_no_colour),
        cmocka_unit_test(test_sparklines),
        cmocka_unit_test(test_driver_tree_branches),
        cmocka_unit_test(test_comparisons_and_why),
        cmocka_unit_test(test_money_rounds_like_the_other_reports),
    };
    return cmocka_run_group_tests_name("text dashboard", tests, NULL, NULL);
}
