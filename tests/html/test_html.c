/*
** test_html.c: unit tests of the HTML report writer (runtime/src/report_html*.c)
** on the hand-built report of sample_report.h.
**
** They pin what the page must guarantee whatever the design: text from the
** program and the data is escaped (no tag can be injected through a title,
** an owner or a bad-row message), nothing is loaded from anywhere, the
** overview counts statuses and sorts goals worst first, every goal has its
** card with badge, progress, figures and chart, charts carry a text
** equivalent and a data table, gaps in the data stay gaps, and numbers are
** shown in the goal's unit. The browser test (browser_test.sh) checks the
** same page rendered by Chromium.
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
#include "runtime/src/report_html.h"
#include "sample_report.h"

static char *capture_begin(FILE **out, char **text, size_t *len) {
    *out = open_memstream(text, len);
    assert_non_null(*out);
    return NULL;
}

static char *render_sample(void) {
    kpirt_report report;
    sample_report(&report);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_int_equal(kpirt_write_html(&report, &(kpirt_write_options){0}, out), 0);
    fclose(out);
    sample_report_free(&report);
    return text;
}

static char *escaped(const char *s) {
    char *text = NULL;
    size_t len = 0;
    FILE *out;
    capture_begin(&out, &text, &len);
    kpirt_html_text(out, s);
    fclose(out);
    return text;
}

static size_t count(const char *haystack, const char *needle) {
    size_t n = 0;
    for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

/* The text between the element whose opening tag contains `marker` and the next `end`. */
static char *section(const char *page, const char *marker, const char *end) {
    const char *from = strstr(page, marker);
    assert_non_null(from);
    const char *to = strstr(from, end);
    assert_non_null(to);
    return strndup(from, (size_t)(to - from));
}

static void test_escaping(void **state) {
    (void)state;
    struct {
        const char *in, *out;
    } cases[] = {
        {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
        {"a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;"},
        {"&amp;", "&amp;amp;"},
        {"tab\there\nline", "tab\there\nline"},
        {"bell\a and escape\x1b[31m", "bell and escape[31m"},
        {"caf\xc3\xa9 \xe2\x82\xac 100 \xf0\x9f\x93\x88", "caf\xc3\xa9 \xe2\x82\xac 100 \xf0\x9f\x93\x88"},
        {"bad \xff byte", "bad \xef\xbf\xbd byte"},
        {"cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd"},
        {"overlong \xc0\xbc", "overlong \xef\xbf\xbd\xef\xbf\xbd"},
        {"surrogate \xed\xa0\x80", "surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
        /* bidi overrides and isolates would reverse the rest of the line; marks and Hebrew stay */
        {"Sales \xe2\x80\xaetnemtraped", "Sales tnemtraped"},
        {"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9x",
         "x"},
        {"\xe2\x80\x8f\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", "\xe2\x80\x8f\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = escaped(cases[i].in);
        assert_string_equal(got, cases[i].out);
        free(got);
    }
    char *none = escaped(NULL);
    assert_string_equal(none, "");
    free(none);
}

static void test_values_in_units(void **state) {
    (void)state;
    kpirt_report r;
    sample_report(&r);
    char v[KPIRT_HTML_VALUE_MAX];
    const kpirt_goal_report *money = &r.goals[0], *count_goal = &r.goals[2], *pct = &r.goals[3];
    kpirt_html_value(money, (kpirt_opt){.has = true, .v = 108300}, v);
    assert_string_equal(v, "108,300.00 EUR");
    kpirt_html_value(money, (kpirt_opt){.has = true, .v = -1234.5}, v);
    assert_string_equal(v, "-1,234.50 EUR");
    kpirt_html_value(money, (kpirt_opt){.has = true, .v = 0.1 + 0.2}, v);
    assert_string_equal(v, "0.30 EUR");
    kpirt_html_value(money, (kpirt_opt){.has = true, .v = 1234567.891}, v);
    assert_string_equal(v, "1,234,567.89 EUR");
    kpirt_html_value(count_goal, (kpirt_opt){.has = true, .v = 48100}, v);
    assert_string_equal(v, "48,100");
    kpirt_html_value(count_goal, (kpirt_opt){.has = true, .v = 999}, v);
    assert_string_equal(v, "999");
    kpirt_html_value(count_goal, (kpirt_opt){.has = true, .v = 2.5}, v);
    assert_string_equal(v, "2.5");
    kpirt_html_value(pct, (kpirt_opt){.has = true, .v = 0.035}, v);
    assert_string_equal(v, "3.5%");
    kpirt_html_value(pct, (kpirt_opt){.has = true, .v = 0.0195}, v);
    assert_string_equal(v, "1.95%");
    kpirt_html_value(pct, (kpirt_opt){.has = false, .v = 0}, v);
    assert_string_equal(v, "no value");

    kpirt_html_tick(money, 120000, 5000, v);
    assert_string_equal(v, "120k");
    kpirt_html_tick(money, 1250000, 250000, v);
    assert_string_equal(v, "1.25M");
    kpirt_html_tick(money, 9500, 500, v);
    assert_string_equal(v, "9,500");
    kpirt_html_tick(pct, 0.026, 0.002, v);
    assert_string_equal(v, "2.6%");
    kpirt_html_tick(count_goal, 45.2, 0.2, v);
    assert_string_equal(v, "45.2");
    sample_report_free(&r);
}

static void test_injection_is_impossible(void **state) {
    (void)state;
    char *page = render_sample();
    /* The title, owner and bad-row message are shown as text, never as markup. */
    assert_int_equal(count(page, "<script"), 0);
    assert_int_equal(count(page, "<img"), 0);
    assert_non_null(strstr(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x "
                                 "onerror=alert(1)&gt; &amp; &#39;q&#39;"));
    assert_non_null(strstr(page, "Web team &lt;web@example.com&gt;"));
    assert_non_null(strstr(page, "bad number &quot;12,5x&quot; in column &quot;omzet&quot;"));
    free(page);
}

static void test_self_contained(void **state) {
    (void)state;
    char *page = render_sample();
    assert_true(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">", 31) == 0);
    assert_non_null(strstr(page, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(page, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assert_non_null(strstr(page, "@media print"));
    assert_non_null(strstr(page, "@media (max-width:600px)"));
    /* nothing fetched: no scripts, links, images, frames, web fonts or remote URLs */
    const char *forbidden[] = {"<script",  "<link",   "<img",       "<iframe",    "<object",
                               "<embed",   "@import", "@font-face", "url(",       "http://",
                               "https://", "src=\"",  "href=\"/",   "href=\"http"};
    for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
        if (strstr(page, forbidden[i])) fail_msg("page contains %s", forbidden[i]);
    /* every internal link points to a card of the page */
    for (const char *p = page; (p = strstr(p, "href=\"#")) != NULL; p++) {
        char anchor[128];
        sscanf(p + 7, "%127[^\"]", anchor);
        char id[160];
        snprintf(id, sizeof id, "id=\"%s\"", anchor);
        if (!strstr(page, id)) fail_msg("link to missing #%s", anchor);
    }
    assert_non_null(strstr(page, "</html>\n"));
    assert_non_null(strstr(
        page, "Data of shop from 2025-07-01 to 2026-10-30 (6 days old), 9994 rows read, 1 skipped as bad"));
    free(page);
}

static void test_overview_worst_first(void **state) {
    (void)state;
    char *page = render_sample();
    char *overview = section(page, "class=\"card overview\"", "</section>");
    assert_non_null(strstr(overview, "7 goals: 1 breached, 1 off track, 1 at risk, 1 no data, "
                                     "1 not started, 1 on track, 1 achieved."));
    const char *order[] = {"breached",    "off_track", "at_risk", "no_data",
                           "not_started", "on_track",  "achieved"};
    const char *p = strstr(overview, "<tbody>");
    assert_non_null(p);
    for (size_t i = 0; i < 7; i++) {
        char row[64];
        snprintf(row, sizeof row, "<tr data-status=\"%s\">", order[i]);
        const char *next = strstr(p, row);
        if (!next) fail_msg("row %zu (%s) missing or out of order", i, order[i]);
        p = next + 1;
    }
    assert_int_equal(count(overview, "<tr data-status="), 7);
    /* a driver names the goal it drives */
    assert_non_null(strstr(overview, "drives Profit +20% in 18 months"));
    assert_non_null(strstr(overview, "ended 128 days ago"));
    assert_non_null(strstr(overview, "starts in 57 days"));
    free(overview);
    free(page);
}

static void test_goal_cards(void **state) {
    (void)state;
    char *page = render_sample();
    /* five top-level cards, two nested drivers, in report order */
    assert_int_equal(count(page, "<article class=\"card goal\""), 5);
    assert_int_equal(count(page, "<article class=\"goal driver\""), 2);
    const char *a = strstr(page, "id=\"goal-more_profit\"");
    const char *b = strstr(page, "id=\"goal-more_profit.revenue\"");
    const char *c = strstr(page, "id=\"goal-more_profit.revenue.visitors\"");
    const char *d = strstr(page, "id=\"goal-guard\"");
    assert_true(a && b && c && d && a < b && b < c && c < d);

    char *card = section(page, "id=\"goal-more_profit\"", "<section class=\"drivers\">");
    assert_non_null(strstr(card, "<span class=\"badge st-off_track\"><svg"));
    assert_non_null(strstr(card, "Off track</span>"));
    assert_non_null(strstr(card, "Owner: Digital marketing manager"));
    assert_non_null(strstr(card, "2026-01-01 to 2027-06-30, reviewed monthly"));
    assert_non_null(strstr(card, "237 days left"));
    assert_non_null(strstr(card, "role=\"progressbar\""));
    assert_non_null(strstr(card, "aria-valuenow=\"42\"")); /* (108300-100000)/20000 */
    assert_non_null(strstr(card, "expected 56% by now"));  /* 10 of 18 periods */
    assert_non_null(strstr(card, "<dt>Current (2026-10)</dt><dd>108,300.00 EUR<span class=\"delta"));
    /* the scorecard's comparisons: up on the month before is good news for a raise goal, down
       on a year ago bad news; arrows and words carry it besides the colour */
    assert_non_null(strstr(card, "<span class=\"delta good\" data-compare=\"previous\""));
    assert_non_null(strstr(card, "&#9650;</span> +0.4% <span class=\"sub\">vs 2026-09</span>"
                                 "<span class=\"vh\">, good news for this goal</span>"));
    assert_non_null(strstr(card, "<span class=\"delta bad\" data-compare=\"last_year\""));
    assert_non_null(strstr(card, "&#9660;</span> -9.8% <span class=\"sub\">vs 2025-10</span>"));
    /* the goal's reason, escaped */
    assert_non_null(strstr(card, "<p class=\"goal-why\"><span class=\"sub\">Why: </span>"
                                 "Grow &lt;without&gt; buying revenue at any price</p>"));
    /* the budget: its own badge, the spend, the pacing and the pace, escaped */
    assert_non_null(strstr(card, "<p class=\"goal-budget\" data-status=\"overspend\"><span class=\"badge "
                                 "st-overspend\">"));
    assert_non_null(strstr(card, "31,000.00 EUR of 50,000.00 EUR spent on ad_&lt;spend&gt; by the end of "
                                 "2026-10; expected by then 27,777.78 EUR (on a straight line); at this pace "
                                 "55,800.00 EUR by the deadline.</p>"));
    assert_non_null(strstr(card, "<dt>Target</dt><dd>120,000.00 EUR</dd>"));
    assert_non_null(strstr(card, "<dt>Expected now</dt><dd>111,111.11 EUR</dd>"));
    /* the chart: svg with a text equivalent, the lines, the legend and the data */
    assert_non_null(strstr(card, "role=\"img\" aria-labelledby=\"chart-0-t chart-0-d\""));
    assert_non_null(strstr(card, "<desc id=\"chart-0-d\">Actual values for 9 of 10 periods from "
                                 "2026-01 to 2026-10; latest 108,300.00 EUR."));
    assert_non_null(strstr(card, "Target 120,000.00 EUR by 2027-06-30."));
    assert_non_null(strstr(card, "class=\"expected\""));
    assert_non_null(strstr(card, "class=\"target\""));
    assert_non_null(strstr(card, "class=\"deadline\""));
    assert_non_null(strstr(card, "class=\"asof\""));
    assert_non_null(strstr(card, "class=\"projection\""));
    /* the projection's 80% range: a shaded band with its legend entry, and the range in words */
    assert_int_equal(count(card, "<polygon class=\"projection-band\""), 1);
    assert_non_null(strstr(card, "<li class=\"lg-band\">"));
    assert_non_null(strstr(card, "(80% range "));
    assert_non_null(strstr(card, "<span class=\"sub range\">80% range "));
    /* period 6 has no value: two runs of the actual line, nine points */
    assert_int_equal(count(card, "<polyline class=\"actual\""), 2);
    assert_int_equal(count(card, "<circle class=\"point\""), 9);
    assert_non_null(strstr(card, "<th scope=\"row\">2026-06</th><td>no value</td>"));
    assert_non_null(strstr(card, "<th scope=\"row\">2026-10</th><td>108,300.00 EUR</td>"
                                 "<td>111,111.11 EUR</td>"));
    assert_non_null(strstr(card, "class=\"legend\""));
    free(card);

    /* lower: a fall is good news; no value a year ago: no comparison drawn */
    char *costs = section(page, "id=\"goal-cut_costs\"", "</article>");
    assert_non_null(strstr(costs, "<span class=\"delta good\" data-compare=\"previous\""));
    assert_non_null(strstr(costs, "&#9660;</span> -3.8% <span class=\"sub\">vs 2025-11</span>"));
    assert_null(strstr(costs, "data-compare=\"last_year\""));
    free(costs);

    /* keep goal: limits instead of target and expected path, no progress bar */
    char *guard = section(page, "id=\"goal-guard\"", "</article>");
    assert_non_null(strstr(guard, "<dt>Must stay above</dt><dd>2%</dd>"));
    assert_non_null(strstr(guard, "class=\"keep-band\""));
    assert_null(strstr(guard, "class=\"expected\""));
    assert_null(strstr(guard, "role=\"progressbar\""));
    assert_non_null(strstr(guard, "Must stay above 2% until 2026-12-31."));
    free(guard);

    /* a goal without any measured period gets words, not an empty chart */
    char *later = section(page, "id=\"goal-nps_up\"", "</article>");
    assert_null(strstr(later, "<svg class=\"chart-svg\""));
    assert_non_null(strstr(later, "No chart yet: No period has been measured yet."));
    free(later);
    char *empty = section(page, "id=\"goal-new_market\"", "</article>");
    assert_non_null(strstr(empty, "None of the 10 periods from 2026-01 to 2026-10 has a value."));
    free(empty);
    free(page);
}

static void test_badges_never_colour_alone(void **state) {
    (void)state;
    const char *words[] = {"",        "Not started", "No data",  "Achieved", "On track",
                           "At risk", "Off track",   "Missed",   "Ok",       "Breached",
                           "Stale",   "Uncertain",   "Overspend"};
    char *icons[KPIRT_STATUS_COUNT];
    for (int s = 1; s < KPIRT_STATUS_COUNT; s++) {
        char *text = NULL;
        size_t len = 0;
        FILE *out;
        capture_begin(&out, &text, &len);
        kpirt_html_badge(out, (kpirt_status)s);
        fclose(out);
        assert_non_null(strstr(text, words[s]));
        assert_non_null(strstr(text, "<svg"));
        assert_non_null(strstr(text, "aria-hidden=\"true\""));
        icons[s] = text;
    }
    /* good, warning and bad statuses differ in shape, not only in colour */
    const char *svg_on = strstr(icons[KPIRT_STATUS_ON_TRACK], "<svg");
    const char *svg_risk = strstr(icons[KPIRT_STATUS_AT_RISK], "<svg");
    const char *svg_off = strstr(icons[KPIRT_STATUS_OFF_TRACK], "<svg");
    const char *svg_missed = strstr(icons[KPIRT_STATUS_MISSED], "<svg");
    const char *svg_breached = strstr(icons[KPIRT_STATUS_BREACHED], "<svg");
    assert_true(strcmp(svg_on, svg_risk) != 0 && strcmp(svg_risk, svg_off) != 0 &&
                strcmp(svg_on, svg_off) != 0 && strcmp(svg_off, svg_missed) != 0 &&
                strcmp(svg_off, svg_breached) != 0);
    for (int s = 1; s < KPIRT_STATUS_COUNT; s++) free(icons[s]);
}

/* A goal whose status and projection disagree says why under its figures, in the chart's words and in the text. */
static void test_projection_that_disagrees(void **state) {
    (void)state;
    kpirt_report report;
    sample_report(&report);
    kpirt_goal_report *g = &report.goals[report.roots[0]];
    g->status = KPIRT_STATUS_OFF_TRACK;
    g->projection_status = KPIRT_STATUS_ACHIEVED;
    g->projection_method = "seasonal";
    snprintf(g->projection_why, sizeof g->projection_why,
             "the projection follows last year's season (× 1.08 year on year), while the plan is <straight>");
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_int_equal(kpirt_write_html(&report, &(kpirt_write_options){0}, out), 0);
    fclose(out);
    assert_non_null(strstr(text, "<p class=\"sub why-differs\">Projected achieved while off track: the "
                                 "projection follows last year&#39;s season (× 1.08 year on year), while "
                                 "the plan is &lt;straight&gt;.</p>"));
    assert_non_null(strstr(text, "Last year's season projects "));
    assert_non_null(strstr(text, "Why they differ: the projection follows"));
    assert_non_null(strstr(text, "Seasonal projection</li>"));
    free(text);
    text = NULL;
    out = open_memstream(&text, &len);
    assert_int_equal(kpirt_write_text(&report, &(kpirt_write_options){.width = 80}, out), 0);
    fclose(out);
    assert_non_null(strstr(text, "differs: the projection follows last year's season"));
    free(text);
    sample_report_free(&report);
}

static void test_empty_report(void **state) {
    (void)state;
    kpirt_program program = {.abi_version = KPIRT_ABI_VERSION, .spec_name = "empty.kpi"};
    kpirt_report report = {
        .program = &program, .as_of = SAMPLE_AS_OF, .data_first = KPIRT_NO_DAY, .data_last = KPIRT_NO_DAY};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_int_equal(kpirt_write_html(&report, &(kpirt_write_options){0}, out), 0);
    fclose(out);
    assert_non_null(strstr(text, "0 goals."));
    assert_non_null(strstr(text, "The report has no goals."));
    assert_null(strstr(text, "Data from"));
    assert_non_null(strstr(text, "</html>\n"));
    free(text);
}

static void test_registered_and_write_errors(void **state) {
    (void)state;
    kpirt_writer_fn fn = NULL;
    assert_int_equal(kpirt_writer("html", &fn), 1);
    assert_ptr_equal(fn, kpirt_write_html);

    /* A full disk is reported, not ignored. */
    FILE *full = fopen("/dev/full", "w");
    if (!full) skip();
    kpirt_report report;
    sample_report(&report);
    assert_int_equal(kpirt_write_html(&report, &(kpirt_write_options){0}, full), -1);
    fclose(full);
    sample_report_free(&report);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_values_in_units),
        cmocka_unit_test(test_injection_is_impossible),
        cmocka_unit_test(test_self_contained),
        cmocka_unit_test(test_overview_worst_first),
        cmocka_unit_test(test_goal_cards),
        cmocka_unit_test(test_badges_never_colour_alone),
        cmocka_unit_test(test_projection_that_disagrees),
        cmocka_unit_test(test_empty_report),
        cmocka_unit_test(test_registered_and_write_errors),
    };
    return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
