/*
** report_html_text.c: escaping, numbers for people and status badges for the
** HTML report.
**
** Every string that reaches the page from the program or the data (titles,
** owners, names, period labels) passes through kpirt_html_text(), which is
** the single place that decides what is safe: markup characters become
** entities and invalid UTF-8 becomes U+FFFD, so a goal titled
** `<script>...` shows exactly that text and runs nothing; control bytes and
** bidi overrides are dropped, so an owner cannot reverse the rest of a line.
*/
#include "report_html.h"

#include <math.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s) {
    if (s[0] < 0x80) return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (n == 0) return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    /* overlong three- and four-byte forms, surrogates, and beyond U+10FFFF */
    if (n == 3 && s[0] == 0xE0 && s[1] < 0xA0) return 0;
    if (n == 3 && s[0] == 0xED && s[1] >= 0xA0) return 0;
    if (n == 4 && s[0] == 0xF0 && s[1] < 0x90) return 0;
    if (n == 4 && s[0] == 0xF4 && s[1] >= 0x90) return 0;
    return n;
}

void kpirt_html_text(FILE *out, const char *s) {
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            p++;
            continue;
        case '<':
            fputs("&lt;", out);
            p++;
            continue;
        case '>':
            fputs("&gt;", out);
            p++;
            continue;
        case '"':
            fputs("&quot;", out);
            p++;
            continue;
        case '\'':
            fputs("&#39;", out);
            p++;
            continue;
        default: break;
        }
        if (kpirt_is_control_byte(*p)) {
            if (*p == '\t' || *p == '\n') fputc(*p, out);
            p++;
            continue;
        }
        size_t n = utf8_length(p);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", out); /* U+FFFD for a byte that is not UTF-8 */
            p++;
            continue;
        }
        /* Bidi embedding, override and isolate controls (U+202A-E, U+2066-9) would reorder the
           rest of the line: dropped, like control bytes. Right-to-left text needs none of them. */
        if (n == 3 && kpirt_bidi_control_length(p)) {
            p += 3;
            continue;
        }
        fwrite(p, 1, n, out);
        p += n;
    }
}

/* Inserts thousands separators into the integer part of a plain decimal. */
static void group_thousands(const char *plain, char *out, size_t cap) {
    const char *digits = plain[0] == '-' ? plain + 1 : plain;
    const char *point = strchr(digits, '.');
    size_t int_len = point ? (size_t)(point - digits) : strlen(digits);
    size_t o = 0;
    if (digits != plain && o + 1 < cap) out[o++] = '-';
    for (size_t i = 0; i < int_len && o + 2 < cap; i++) {
        if (i > 0 && (int_len - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    for (const char *r = digits + int_len; *r && o + 1 < cap; r++) out[o++] = *r;
    out[o] = '\0';
}

/* Fixed decimals, then trailing zeros dropped down to min_decimals. */
static void plain_number(kpirt_opt v, int times, int decimals, int min_decimals, char *out, size_t cap) {
    char fixed[KPIRT_HTML_VALUE_MAX];
    int64_t scaled;
    /* a measure prints from its decimal (times is 1, or 100 for a percentage) */
    if (v.exact && !__builtin_mul_overflow(v.scaled, (int64_t)times, &scaled))
        kpirt_format_scaled(scaled, decimals, fixed, sizeof fixed);
    else kpirt_format_fixed(v.v * times, decimals, fixed, sizeof fixed);
    char *point = strchr(fixed, '.');
    if (point) {
        char *end = fixed + strlen(fixed);
        while (end > point + 1 + min_decimals && end[-1] == '0') *--end = '\0';
        if (end == point + 1) *point = '\0';
    }
    if (strcmp(fixed, "-0") == 0) strcpy(fixed, "0");
    group_thousands(fixed, out, cap);
}

void kpirt_html_value(const kpirt_goal_report *g, kpirt_opt v, char out[KPIRT_HTML_VALUE_MAX]) {
    if (!v.has || !isfinite(v.v)) {
        snprintf(out, KPIRT_HTML_VALUE_MAX, "no value");
        return;
    }
    kpirt_unit_kind kind = g->metric ? g->metric->unit_kind : KPIRT_UNIT_NUMBER;
    const char *unit = g->unit ? g->unit : "";
    char number[40];
    switch (kind) {
    case KPIRT_UNIT_MONEY:
        plain_number(v, 1, 2, 2, number, sizeof number);
        snprintf(out, KPIRT_HTML_VALUE_MAX, "%s %s", number, unit);
        return;
    case KPIRT_UNIT_PERCENT:
        plain_number(v, 100, 2, 0, number, sizeof number);
        snprintf(out, KPIRT_HTML_VALUE_MAX, "%s%%", number);
        return;
    case KPIRT_UNIT_RATIO:
        plain_number(v, 1, 4, 0, number, sizeof number);
        snprintf(out, KPIRT_HTML_VALUE_MAX, "%s", number);
        return;
    case KPIRT_UNIT_DURATION:
        plain_number(v, 1, 2, 0, number, sizeof number);
        snprintf(out, KPIRT_HTML_VALUE_MAX, "%s %s", number, unit);
        return;
    default:
        plain_number(v, 1, 2, 0, number, sizeof number);
        snprintf(out, KPIRT_HTML_VALUE_MAX, "%s", number);
        return;
    }
}

void kpirt_html_put_value(FILE *out, const kpirt_goal_report *g, kpirt_opt v) {
    char text[KPIRT_HTML_VALUE_MAX];
    kpirt_html_value(g, v, text);
    kpirt_html_text(out, text);
}

bool kpirt_html_put_range(FILE *out, const kpirt_goal_report *g, const char *before, const char *after) {
    if (!g->projection_low.has || !g->projection_high.has) return false;
    fputs(before, out);
    kpirt_html_put_value(out, g, g->projection_low);
    fputs(" to ", out);
    kpirt_html_put_value(out, g, g->projection_high);
    fputs(after, out);
    return true;
}

void kpirt_html_tick(const kpirt_goal_report *g, double v, double step, char out[KPIRT_HTML_VALUE_MAX]) {
    kpirt_unit_kind kind = g->metric ? g->metric->unit_kind : KPIRT_UNIT_NUMBER;
    double shown = kind == KPIRT_UNIT_PERCENT ? v * 100 : v;
    double shown_step = kind == KPIRT_UNIT_PERCENT ? step * 100 : step;
    const char *suffix = "";
    double mag = fabs(shown) > fabs(shown_step) ? fabs(shown) : fabs(shown_step);
    if (kind != KPIRT_UNIT_PERCENT && mag >= 1e9) shown /= 1e9, shown_step /= 1e9, suffix = "B";
    else if (kind != KPIRT_UNIT_PERCENT && mag >= 1e6) shown /= 1e6, shown_step /= 1e6, suffix = "M";
    else if (kind != KPIRT_UNIT_PERCENT && mag >= 1e4) shown /= 1e3, shown_step /= 1e3, suffix = "k";
    /* as many decimals as the step has (0.25 needs two), so ticks print exactly */
    int decimals = 0;
    while (decimals < 6 && shown_step > 0) {
        double scaled = shown_step * pow(10, decimals);
        if (fabs(scaled - round(scaled)) < 1e-6 * (scaled > 1 ? scaled : 1)) break;
        decimals++;
    }
    char number[40];
    plain_number((kpirt_opt){.has = true, .v = shown}, 1, decimals, 0, number, sizeof number);
    snprintf(out, KPIRT_HTML_VALUE_MAX, "%s%s%s", number, suffix, kind == KPIRT_UNIT_PERCENT ? "%" : "");
}

void kpirt_html_day(kpirt_day d, char out[KPIRT_LABEL_MAX]) {
    if (d == KPIRT_NO_DAY) snprintf(out, KPIRT_LABEL_MAX, "?");
    else kpirt_day_format(d, out);
}

const char *kpirt_html_status_class(kpirt_status s) {
    const char *name = kpirt_status_name(s);
    return name ? name : "none";
}

void kpirt_html_badge(FILE *out, kpirt_status s) {
    const char *words = kpirt_status_words(s);
    fprintf(out, "<span class=\"badge st-%s\">", kpirt_html_status_class(s));
    kpirt_html_icon(out, s);
    /* Capitalised for display: "On track". */
    if (words && *words) {
        fputc(words[0] >= 'a' && words[0] <= 'z' ? words[0] - 32 : words[0], out);
        kpirt_html_text(out, words + 1);
    } else {
        fputs("No status", out);
    }
    fputs("</span>", out);
}
