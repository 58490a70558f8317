/*
** decimal.c: exact decimal text <-> fixed-point numbers.
**
** Measures are held as int64 value * KPIRT_SCALE (4 decimals) so that money
** sums are exact; this file is the only place that turns text into such a
** value, in every dialect the CSV reader accepts (decimal point or comma,
** thousands separators), and the only place that prints a fixed-point value
** back. strtod is used only for kpirt_parse_number (filter comparisons).
*/
#include "kpirt_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KPIRT_MAX_DIGITS 80

/*
** The digits of a number without separators, the position of the decimal
** point among them, its sign and whether a '%' followed.
*/
typedef struct decimal_text {
    char digits[KPIRT_MAX_DIGITS];
    int count; /* digits stored */
    int point; /* digits before the decimal point */
    bool negative;
    bool percent;
} decimal_text;

static bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

/*
** The bytes of a thousands separator at s, or 0. A declared space also
** matches the no-break spaces French and Swiss exports use (U+00A0, U+202F).
*/
static size_t separator_width(const char *s, size_t len, char sep) {
    if (s[0] == sep) return 1;
    if (sep != ' ') return 0;
    if (len >= 2 && memcmp(s, "\xC2\xA0", 2) == 0) return 2;
    if (len >= 3 && memcmp(s, "\xE2\x80\xAF", 3) == 0) return 3;
    return 0;
}

/* Returns 0, 1 for blank text, or -1 with *why. */
static int scan_decimal(const char *s, size_t len, char mark, char sep, decimal_text *d, const char **why) {
    size_t i = 0;
    int group = -1; /* digits in the current thousands group; -1 before any separator */
    size_t width;
    int int_digits = 0;
    bool any = false;

    memset(d, 0, sizeof *d);
    while (len > 0 && is_blank(s[len - 1])) len--;
    while (i < len && is_blank(s[i])) i++;
    if (i == len) return 1;

    if (s[i] == '+' || s[i] == '-') d->negative = s[i++] == '-';
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (d->count == KPIRT_MAX_DIGITS) {
                *why = "too many digits";
                return -1;
            }
            d->digits[d->count++] = c;
            int_digits++;
            if (group >= 0) group++;
            any = true;
        } else if (sep && int_digits > 0 && (width = separator_width(s + i, len - i, sep)) > 0 &&
                   i + width < len && s[i + width] >= '0' && s[i + width] <= '9') {
            if ((group < 0 && int_digits > 3) || (group >= 0 && group != 3)) {
                *why = "misplaced thousands separator";
                return -1;
            }
            group = 0;
            i += width - 1;
        } else {
            break;
        }
    }
    if (group >= 0 && group != 3) {
        *why = "misplaced thousands separator";
        return -1;
    }
    d->point = int_digits;
    if (i < len && s[i] == mark) {
        i++;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (d->count == KPIRT_MAX_DIGITS) {
                *why = "too many digits";
                return -1;
            }
            d->digits[d->count++] = s[i];
            any = true;
        }
    }
    if (i < len && s[i] == '%') {
        d->percent = true;
        i++;
    }
    if (!any) {
        *why = i < len ? "not a number" : "expected digits";
        return -1;
    }
    if (i < len) {
        if ((s[i] == ',' || s[i] == '.') && s[i] != mark)
            *why = "unexpected separator (check the decimal mark and thousands separator)";
        else *why = "not a number";
        return -1;
    }
    if (d->percent) d->point -= 2;
    return 0;
}

/* The digit at position k counted from the first digit; 0 outside. */
static int digit_at(const decimal_text *d, int k) {
    return k >= 0 && k < d->count ? d->digits[k] - '0' : 0;
}

/*
** The common case without blanks, separators, '%' or more than 4 decimals,
** at most 14 integer digits: one pass, no overflow possible. Returns 0 to
** leave anything else to the general parser.
*/
static int parse_plain(const char *s, size_t len, char mark, int64_t *out) {
    size_t i = 0;
    int64_t v = 0;
    int digits = 0, frac = 0;
    bool negative = len > 0 && s[0] == '-';
    if (negative) i = 1;
    for (; i < len && (unsigned char)(s[i] - '0') < 10; i++) {
        if (++digits > 14) return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (digits == 0) return 0;
    if (i < len && s[i] == mark)
        for (i++; i < len && (unsigned char)(s[i] - '0') < 10 && frac < 4; i++, frac++)
            v = v * 10 + (s[i] - '0');
    if (i != len) return 0;
    for (; frac < 4; frac++) v *= 10;
    *out = negative ? -v : v;
    return 1;
}

int kpirt_parse_decimal(const char *text, size_t len, char decimal_mark, char thousands_sep,
                        int64_t *scaled_out, const char **why) {
    if (parse_plain(text, len, decimal_mark ? decimal_mark : '.', scaled_out)) return 0;
    decimal_text d;
    int rc = scan_decimal(text, len, decimal_mark ? decimal_mark : '.', thousands_sep, &d, why);
    if (rc != 0) return rc;

    /* Keep the digits up to 4 places after the point; round the rest half to even. */
    int keep = d.point + 4;
    uint64_t v = 0;
    for (int k = 0; k < keep; k++) {
        int dig = digit_at(&d, k);
        if (v > (UINT64_MAX - (uint64_t)dig) / 10) {
            *why = "number too large";
            return -1;
        }
        v = v * 10 + (uint64_t)dig;
    }
    int first_dropped = digit_at(&d, keep);
    bool rest_nonzero = false;
    for (int k = (keep + 1 > 0 ? keep + 1 : 0); k < d.count; k++)
        if (d.digits[k] != '0') rest_nonzero = true;
    if (keep < 0) {
        /* Everything is below the fourth decimal place (a tiny percentage). */
        first_dropped = 0;
        for (int k = 0; k < d.count; k++)
            if (d.digits[k] != '0') rest_nonzero = true;
    }
    if (first_dropped > 5 || (first_dropped == 5 && (rest_nonzero || (v & 1)))) v++;
    uint64_t limit = d.negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    if (v > limit) {
        *why = "number too large";
        return -1;
    }
    *scaled_out = d.negative ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

int kpirt_parse_number(const char *text, size_t len, char decimal_mark, char thousands_sep, double *out,
                       const char **why) {
    decimal_text d;
    char buf[KPIRT_MAX_DIGITS + 16];
    size_t n = 0;
    int rc = scan_decimal(text, len, decimal_mark ? decimal_mark : '.', thousands_sep, &d, why);
    if (rc != 0) return rc;

    /* Rebuild it in C syntax; the exponent carries the point (and the %). */
    if (d.negative) buf[n++] = '-';
    memcpy(buf + n, d.digits, (size_t)d.count);
    n += (size_t)d.count;
    snprintf(buf + n, sizeof buf - n, "e%d", d.point - d.count);
    *out = strtod(buf, NULL);
    return 0;
}

static const int64_t pow10_table[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/*
** The decimal of at most 15 significant digits whose nearest double v is,
** if any: every number a spec writes with that many digits, and a value
** computed from such numbers that lands on one. Its binary value can lie
** more than half a unit of the 4th decimal away from it: 885557234973.82
** is 885557234973.81994... in binary, which rounds to .8199; the decimal it
** was written as rounds to .8200. Returns 1 with its digits in *d.
*/
static int short_decimal(double v, decimal_text *d) {
    char buf[40];
    const char *why;
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v || strpbrk(buf, "eEin")) return 0;
    return scan_decimal(buf, strlen(buf), '.', 0, d, &why) == 0;
}

int kpirt_scaled_from_double(double v, int decimals, int64_t *out) {
    if (!isfinite(v) || decimals < 0 || decimals > 6) return -1;
    decimal_text d;
    if (fabs(v) < 1e15 && short_decimal(v, &d)) {
        /* its digits up to the `decimals`th after the point, half away from zero by the next one */
        int64_t n = 0;
        int keep = d.point + decimals;
        for (int k = 0; k < keep; k++)
            if (__builtin_mul_overflow(n, (int64_t)10, &n) ||
                __builtin_add_overflow(n, (int64_t)digit_at(&d, k), &n))
                return -1;
        if (digit_at(&d, keep) >= 5 && __builtin_add_overflow(n, (int64_t)1, &n)) return -1;
        *out = d.negative ? -n : n;
        return 0;
    }
    /*
    ** The integer part and the fraction apart: v * 10^decimals in one
    ** multiplication would round an integer part above 2^53 / 10^decimals.
    */
    double whole = trunc(v), unit = (double)pow10_table[decimals];
    if (fabs(whole) >= 9.2e18 / unit) return -1;
    int64_t n;
    if (__builtin_mul_overflow((int64_t)whole, pow10_table[decimals], &n) ||
        __builtin_add_overflow(n, (int64_t)llround((v - whole) * unit), &n))
        return -1;
    *out = n;
    return 0;
}

/* Prints magnitude mag, which has `have` decimals, with `decimals` (rounded half away from zero). */
static int format_units(bool negative, uint64_t mag, int have, int decimals, char *out, size_t cap) {
    if (decimals < have) {
        uint64_t drop = (uint64_t)pow10_table[have - decimals];
        mag = mag / drop + (mag % drop >= (drop + 1) / 2 ? 1 : 0);
        have = decimals;
    }
    uint64_t unit = (uint64_t)pow10_table[have];
    if (mag == 0) negative = false;
    if (decimals == 0) return snprintf(out, cap, "%s%llu", negative ? "-" : "", (unsigned long long)mag);
    return snprintf(out, cap, "%s%llu.%0*llu%.*s", negative ? "-" : "", (unsigned long long)(mag / unit),
                    have, (unsigned long long)(mag % unit), decimals - have, "000000");
}

int kpirt_format_scaled(int64_t scaled, int decimals, char *out, size_t cap) {
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    bool negative = scaled < 0;
    uint64_t mag = negative ? (uint64_t)0 - (uint64_t)scaled : (uint64_t)scaled;
    return format_units(negative, mag, 4, decimals, out, cap);
}

int kpirt_format_fixed(double v, int decimals, char *out, size_t cap) {
    if (!isfinite(v)) return snprintf(out, cap, "null");
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;

    /*
    ** Recover the fixed-point value nearest to v first (a sum of scaled
    ** integers converted to double is within half a unit of it), then round
    ** that integer to the requested decimals: exact cents for money.
    */
    int scale_digits = decimals > 4 ? decimals : 4;
    int64_t n;
    /* beyond the fixed-point range no decimal is exact: 15 significant digits, never truncated */
    if (kpirt_scaled_from_double(v, scale_digits, &n) < 0) return snprintf(out, cap, "%.15g", v);
    bool negative = n < 0;
    return format_units(negative, negative ? (uint64_t)0 - (uint64_t)n : (uint64_t)n, scale_digits, decimals,
                        out, cap);
}
