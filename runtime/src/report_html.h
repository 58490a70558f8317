/*
** report_html.h: what the files of the HTML report writer share.
**
** `--format html` writes one self-contained page (report_html.c): inline CSS
** and inline SVG only, no scripts, fonts or images from anywhere, so the file
** works offline, as an e-mail attachment and on paper. The pieces are split
** by responsibility: escaping, numbers and status badges (report_html_text.c),
** the line chart (report_html_chart.c) and its words: description, legend and
** data table (report_html_chart_words.c), and the style
** sheet and status icons (report_html_style.c). Only report_html.c is reached
** from outside, through kpirt_write_html() in kpirt.h.
*/
#ifndef KPIRT_REPORT_HTML_H
#define KPIRT_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kpirt_internal.h"

/* ---- report_html_text.c -------------------------------------------------------- */

/*
** Writes s escaped for HTML text and for double- or single-quoted attribute
** values (& < > " ' become entities). Control characters other than tab and
** newline are dropped, and so are bytes that are not valid UTF-8, so no input
** can open a tag, close an attribute or smuggle markup in.
*/
void kpirt_html_text(FILE *out, const char *s);

#define KPIRT_HTML_VALUE_MAX 64
/*
** A value for people, in the goal's unit: money with two decimals and
** thousands separators and the currency ("98,400.00 EUR"), percent as
** percent ("3.5%"), counts and scores grouped with at most two decimals,
** durations with their unit. "no value" when absent.
*/
void kpirt_html_value(const kpirt_goal_report *g, kpirt_opt v, char out[KPIRT_HTML_VALUE_MAX]);
/* The same, escaped onto the page. */
void kpirt_html_put_value(FILE *out, const kpirt_goal_report *g, kpirt_opt v);
/* before, "LOW to HIGH" (the projection's 80% range), after; false, writing nothing, without a range. */
bool kpirt_html_put_range(FILE *out, const kpirt_goal_report *g, const char *before, const char *after);
/* A short axis label: "1.2M", "45k", "3.5%", "0.25". */
void kpirt_html_tick(const kpirt_goal_report *g, double v, double step, char out[KPIRT_HTML_VALUE_MAX]);
/* "2026-11-30". */
void kpirt_html_day(kpirt_day d, char out[KPIRT_LABEL_MAX]);

/* A status badge: icon shape plus words, never colour alone. */
void kpirt_html_badge(FILE *out, kpirt_status s);
/* The CSS class suffix of a status ("on_track"; "none" for NONE). */
const char *kpirt_html_status_class(kpirt_status s);

/* ---- report_html_notes.c ------------------------------------------------------- */

/* Under the current value: the changes from the period before and a year earlier, coloured for the goal. */
void kpirt_html_deltas(FILE *out, const kpirt_goal_report *g);
/* The goal's `why` as a paragraph of its card (nothing when it has none). */
void kpirt_html_why(FILE *out, const kpirt_goal_report *g);
/* The budget, the spend and the pacing as a paragraph of the card (nothing without a budget). */
void kpirt_html_budget(FILE *out, const kpirt_goal_report *g);
/* The change the goal asks against its metric's history (realism.c), one line; nothing when it plans none. */
void kpirt_html_realism(FILE *out, const kpirt_goal_report *g);

/* ---- report_html_chart.c ------------------------------------------------------- */

/*
** The inline SVG line chart of one goal: actual periods, the expected path,
** the target (or a keep goal's limits), the deadline, as-of and the
** projection, with a <title>/<desc> text equivalent, a legend, and the data
** as a <table>. id must be unique in the page; compact draws a lower chart
** for driver goals.
*/
void kpirt_html_chart(FILE *out, const kpirt_report *report, const kpirt_goal_report *g, const char *id,
                      bool compact);

/* ---- report_html_style.c ------------------------------------------------------- */

/* The style sheet, in parts to write one after the other; NULL-terminated. */
extern const char *const kpirt_html_css[];
/* The inline SVG icon of a status (aria-hidden; the words go next to it). */
void kpirt_html_icon(FILE *out, kpirt_status s);

#endif
