/*
** lex_values.c: the values of literal tokens, checked where they are written.
**
** The scanner matches the shape of a date, a number or a string; this file
** decides whether the text means something (2026-02-30 does not) and turns it
** into the value the AST keeps. Everything here is a pure function of the
** token text so the unit tests can reach every branch directly.
*/
#include "parse_internal.h"
#include "kpirt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* Reads a run of decimal digits; returns how many were read. */
static size_t read_digits(const char *text, size_t len, size_t at, int *value) {
    size_t i = at;
    *value = 0;
    while (i < len && text[i] >= '0' && text[i] <= '9' && i - at < 6) {
        *value = *value * 10 + (text[i] - '0');
        i++;
    }
    return i - at;
}

static bool lex_date_parts(const char *text, size_t len, kpi_date *out, char *reason, size_t cap);

/*
** The AST promises checked dates, and semantic analysis still runs after an
** L003, so a rejected date is replaced by the nearest valid one (Q5 -> Q4,
** month 13 -> 12, 2026-02-30 -> 2026-02-28) instead of reaching the date
** arithmetic with out-of-range parts.
*/
bool kpi_lex_date(const char *text, size_t len, kpi_date *out, char *reason, size_t cap) {
    if (lex_date_parts(text, len, out, reason, cap)) return true;
    if (out->year < 1) out->year = 1;
    if (out->year > 9999) out->year = 9999;
    if (out->precision == KPI_DATE_QUARTER) {
        out->quarter = out->quarter < 1 ? 1 : out->quarter > 4 ? 4 : out->quarter;
    } else if (out->precision == KPI_DATE_DAY || out->precision == KPI_DATE_MONTH) {
        out->month = out->month < 1 ? 1 : out->month > 12 ? 12 : out->month;
        int days = kpirt_days_in_month(out->year, out->month);
        if (out->precision == KPI_DATE_DAY) out->day = out->day < 1 ? 1 : out->day > days ? days : out->day;
    }
    return false;
}

static bool lex_date_parts(const char *text, size_t len, kpi_date *out, char *reason, size_t cap) {
    memset(out, 0, sizeof *out);
    int year, month, day, quarter;
    size_t n = read_digits(text, len, 0, &year);
    if (n != 4 || len < 6 || text[4] != '-') {
        snprintf(reason, cap, "write dates as YYYY-MM-DD, YYYY-MM or YYYY-Qn");
        return false;
    }
    out->year = year;
    if (year < 1) {
        snprintf(reason, cap, "year 0000 does not exist");
        return false;
    }
    if (text[5] == 'Q' || text[5] == 'q') {
        size_t qn = read_digits(text, len, 6, &quarter);
        if (qn == 0 || 6 + qn != len) {
            snprintf(reason, cap, "write a quarter as YYYY-Q1 to YYYY-Q4");
            return false;
        }
        out->precision = KPI_DATE_QUARTER;
        out->quarter = quarter;
        if (quarter < 1 || quarter > 4) {
            snprintf(reason, cap, "quarter Q%d does not exist; quarters go from Q1 to Q4", quarter);
            return false;
        }
        return true;
    }
    size_t mn = read_digits(text, len, 5, &month);
    out->month = month;
    if (mn != 2) {
        snprintf(reason, cap, "write the month with two digits, as in %04d-%02d", year, month);
        return false;
    }
    if (month < 1 || month > 12) {
        snprintf(reason, cap, "month %02d does not exist; months go from 01 to 12", month);
        return false;
    }
    if (len == 7) {
        out->precision = KPI_DATE_MONTH;
        return true;
    }
    size_t dn = len > 8 && text[7] == '-' ? read_digits(text, len, 8, &day) : 0;
    out->day = day = dn ? day : 0;
    if (dn != 2 || 8 + dn != len) {
        snprintf(reason, cap, "write the day with two digits, as in %04d-%02d-%02d", year, month,
                 dn ? day : 1);
        return false;
    }
    out->precision = KPI_DATE_DAY;
    int days = kpirt_days_in_month(year, month);
    if (day < 1 || day > days) {
        if (day == 0) snprintf(reason, cap, "day 00 does not exist; days start at 01");
        else snprintf(reason, cap, "%s %d has %d days", month_names[month - 1], year, days);
        return false;
    }
    return true;
}

/*
** The value of the digits (one '.' at most) without strtod when it is exact:
** with at most 15 significant digits the integer m is below 2^53, 10^k for
** k <= 22 is a double exactly, and IEEE division rounds m / 10^k correctly,
** so the result is strtod's to the bit (Clinger's fast path). Longer numbers
** return false and go to strtod.
*/
static bool digits_value(const char *digits, size_t n, double *out) {
    static const double pow10[] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    uint64_t m = 0;
    size_t significant = 0, fraction = 0;
    bool after_dot = false;
    for (size_t i = 0; i < n; i++) {
        if (digits[i] == '.') {
            after_dot = true;
            continue;
        }
        m = m * 10 + (uint64_t)(digits[i] - '0');
        if (m) significant++;
        if (after_dot) fraction++;
        if (significant > 15 || fraction >= sizeof pow10 / sizeof pow10[0]) return false;
    }
    *out = fraction ? (double)m / pow10[fraction] : (double)m;
    return true;
}

bool kpi_lex_number(kpi_arena *arena, const char *text, size_t len, kpi_number *out, char *reason,
                    size_t cap) {
    memset(out, 0, sizeof *out);
    size_t i = 0;
    if (i < len && (text[i] == '+' || text[i] == '-')) out->sign = text[i++];
    /* Zeroed by the arena, so the digits read so far are a string even on error. */
    char *digits = kpi_arena_alloc(arena, len + 1);
    out->text = digits;
    size_t n = 0;
    bool seen_dot = false, prev_digit = false;
    for (; i < len; i++) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            digits[n++] = c;
            prev_digit = true;
        } else if (c == '_') {
            if (!prev_digit || i + 1 >= len || text[i + 1] < '0' || text[i + 1] > '9') {
                snprintf(reason, cap, "'_' may only stand between two digits, as in 1_250_000");
                return false;
            }
            prev_digit = false;
        } else if (c == '.' && !seen_dot) {
            if (!prev_digit || i + 1 >= len || text[i + 1] < '0' || text[i + 1] > '9') {
                snprintf(reason, cap, "a decimal point needs digits on both sides, as in 0.5");
                return false;
            }
            digits[n++] = c;
            seen_dot = true;
            prev_digit = false;
        } else {
            break;
        }
    }
    digits[n] = '\0';
    out->text = digits;
    const char *suffix = text + i;
    size_t suffix_len = len - i;
    double scale = 1;
    if (suffix_len == 1 && (*suffix == 'k' || *suffix == 'M' || *suffix == 'B')) {
        out->suffix = *suffix;
        scale = *suffix == 'k' ? 1e3 : *suffix == 'M' ? 1e6 : 1e9;
    } else if (suffix_len > 0) {
        if (*suffix == '.') snprintf(reason, cap, "a number has at most one decimal point");
        else if (suffix_len == 1 && (*suffix == 'K' || *suffix == 'm' || *suffix == 'b'))
            snprintf(reason, cap, "unknown magnitude '%c'; use k (thousand), M (million) or B (billion)",
                     *suffix);
        else
            snprintf(reason, cap,
                     "'%.*s' is glued to the number; put a space between a number "
                     "and a unit, or use the suffixes k, M or B",
                     (int)(suffix_len > 20 ? 20 : suffix_len), suffix);
        return false;
    }
    double value;
    if (!digits_value(digits, n, &value)) value = strtod(digits, NULL);
    out->value = value * scale;
    if (out->sign == '-') out->value = -out->value;
    if (!isfinite(out->value)) {
        snprintf(reason, cap, "the number is too large");
        out->value = 0;
        return false;
    }
    return true;
}

bool kpi_lex_unescape(kpi_arena *arena, const char *text, size_t len, const char **out, size_t *bad_at) {
    char *buf = kpi_arena_alloc(arena, len + 1);
    size_t n = 0;
    bool ok = true;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\\') {
            buf[n++] = text[i];
            continue;
        }
        char next = i + 1 < len ? text[i + 1] : '\0';
        switch (next) {
        case '"': buf[n++] = '"'; break;
        case '\\': buf[n++] = '\\'; break;
        case 'n': buf[n++] = '\n'; break;
        case 't': buf[n++] = '\t'; break;
        default:
            if (ok) *bad_at = i;
            ok = false;
            buf[n++] = '\\';
            continue;
        }
        i++;
    }
    buf[n] = '\0';
    *out = buf;
    return ok;
}

size_t kpi_lex_utf8_sequence(const unsigned char *s, size_t avail) {
    if (avail == 0) return 0;
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t need;
    unsigned min;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else return 0;
    if (avail < need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need;
}
