/*
** date.c: the calendar. Days are counted from 1970-01-01 in the proleptic
** Gregorian calendar; periods (day, ISO week, month, quarter, year) get a
** consecutive index so that "the previous period" is index - 1 and a
** series is a range of integers. Everything that turns a day into a period,
** a period into days or text, or date text into a day lives here.
*/
#include "kpirt_internal.h"

#include <string.h>
#include <time.h>

/* Floor division, so negative days (before 1970) land in the right period. */
static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* Howard Hinnant's days_from_civil. */
kpirt_day kpirt_day_from_ymd(int year, int month, int day) {
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (kpirt_day)(era * 146097 + doe - 719468);
}

void kpirt_ymd_from_day(kpirt_day d, int *year, int *month, int *day) {
    int64_t z = (int64_t)d + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(yoe + era * 400 + (mm <= 2));
    *month = (int)mm;
    *day = (int)dd;
}

bool kpirt_is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int kpirt_days_in_month(int year, int month) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && kpirt_is_leap_year(year) ? 29 : days[month - 1];
}

int kpirt_add_months(kpirt_day day, int64_t months, kpirt_day *out) {
    int y, m, d;
    kpirt_ymd_from_day(day, &y, &m, &d);
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    if (total < 0 || total > 12 * 100000) return -1;
    y = (int)(total / 12);
    m = (int)(total % 12) + 1;
    int len = kpirt_days_in_month(y, m);
    *out = kpirt_day_from_ymd(y, m, d > len ? len : d);
    return 0;
}

int kpirt_weekday(kpirt_day d) {
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    return (int)(((int64_t)d + 3) - floor_div((int64_t)d + 3, 7) * 7);
}

void kpirt_iso_week(kpirt_day d, int *week_year, int *week) {
    /* The ISO week-year is the year of the week's Thursday. */
    kpirt_day thursday = d - kpirt_weekday(d) + 3;
    int y, m, dd;
    kpirt_ymd_from_day(thursday, &y, &m, &dd);
    *week_year = y;
    *week = (int)((thursday - kpirt_day_from_ymd(y, 1, 1)) / 7) + 1;
}

int32_t kpirt_period_of(kpirt_day d, kpirt_granularity g) {
    int y, m, dd;
    switch (g) {
    case KPIRT_DAY: return d;
    case KPIRT_WEEK: return (int32_t)floor_div((int64_t)d + 3, 7);
    default: break;
    }
    kpirt_ymd_from_day(d, &y, &m, &dd);
    if (g == KPIRT_MONTH) return y * 12 + (m - 1);
    if (g == KPIRT_QUARTER) return y * 4 + (m - 1) / 3;
    return y;
}

kpirt_day kpirt_period_first_day(int32_t p, kpirt_granularity g) {
    switch (g) {
    case KPIRT_DAY: return p;
    case KPIRT_WEEK: return (kpirt_day)((int64_t)p * 7 - 3);
    case KPIRT_MONTH:
        return kpirt_day_from_ymd((int)floor_div(p, 12), (int)(p - floor_div(p, 12) * 12) + 1, 1);
    case KPIRT_QUARTER:
        return kpirt_day_from_ymd((int)floor_div(p, 4), (int)(p - floor_div(p, 4) * 4) * 3 + 1, 1);
    case KPIRT_YEAR: return kpirt_day_from_ymd(p, 1, 1);
    }
    return p;
}

kpirt_day kpirt_period_last_day(int32_t p, kpirt_granularity g) {
    return kpirt_period_first_day(p + 1, g) - 1;
}

int32_t kpirt_last_complete_period(kpirt_day as_of, kpirt_granularity g) {
    int32_t p = kpirt_period_of(as_of, g);
    return kpirt_period_last_day(p, g) <= as_of ? p : p - 1;
}

/*
** The same period a year earlier. Months, quarters and years step back by
** their count in a year; a day is the same date (2024-02-29, which last year
** lacks, is 2023-02-28, the last day of that February); an ISO week is the
** week with the same number (week 53, which most years lack, is week 52).
*/
int32_t kpirt_period_year_before(int32_t p, kpirt_granularity g) {
    switch (g) {
    case KPIRT_DAY: {
        kpirt_day out = p - 365;
        kpirt_add_months(p, -12, &out);
        return out;
    }
    case KPIRT_WEEK: {
        int year, week, last_year, weeks;
        kpirt_iso_week(kpirt_period_first_day(p, g), &year, &week);
        kpirt_iso_week(kpirt_day_from_ymd(year - 1, 12, 28), &last_year,
                       &weeks);                              /* Dec 28 is in the last week */
        kpirt_day jan4 = kpirt_day_from_ymd(year - 1, 1, 4); /* always in week 1 */
        kpirt_day monday = jan4 - kpirt_weekday(jan4) + 7 * ((week < weeks ? week : weeks) - 1);
        return kpirt_period_of(monday, g);
    }
    case KPIRT_MONTH: return p - 12;
    case KPIRT_QUARTER: return p - 4;
    case KPIRT_YEAR: return p - 1;
    }
    return p;
}

int kpirt_day_format(kpirt_day d, char out[KPIRT_LABEL_MAX]) {
    int y, m, dd;
    kpirt_ymd_from_day(d, &y, &m, &dd);
    if (y < 0 || y > 9999) return snprintf(out, KPIRT_LABEL_MAX, "%04d-%02d-%02d", y, m, dd);
    /* Written by hand: kpic check formats two dates per goal, and printf was a tenth of a big file's check. */
    const int parts[3] = {y, m, dd}, widths[3] = {4, 2, 2};
    char *p = out;
    for (int k = 0; k < 3; k++) {
        if (k) *p++ = '-';
        for (int i = widths[k] - 1, v = parts[k]; i >= 0; i--, v /= 10) p[i] = (char)('0' + v % 10);
        p += widths[k];
    }
    *p = 0;
    return 10;
}

int kpirt_period_label(int32_t p, kpirt_granularity g, char out[KPIRT_LABEL_MAX]) {
    int y, w;
    switch (g) {
    case KPIRT_DAY: return kpirt_day_format(p, out);
    case KPIRT_WEEK:
        kpirt_iso_week(kpirt_period_first_day(p, g), &y, &w);
        return snprintf(out, KPIRT_LABEL_MAX, "%04d-W%02d", y, w);
    case KPIRT_MONTH:
        return snprintf(out, KPIRT_LABEL_MAX, "%04d-%02d", (int)floor_div(p, 12),
                        (int)(p - floor_div(p, 12) * 12) + 1);
    case KPIRT_QUARTER:
        return snprintf(out, KPIRT_LABEL_MAX, "%04d-Q%d", (int)floor_div(p, 4),
                        (int)(p - floor_div(p, 4) * 4) + 1);
    case KPIRT_YEAR: return snprintf(out, KPIRT_LABEL_MAX, "%04d", p);
    }
    out[0] = 0;
    return 0;
}

const char *kpirt_granularity_name(kpirt_granularity g) {
    static const char *const names[] = {"daily", "weekly", "monthly", "quarterly", "yearly"};
    return (unsigned)g < 5 ? names[g] : "?";
}

kpirt_day kpirt_today(void) {
    return (kpirt_day)floor_div((int64_t)time(NULL), 86400);
}

/* Reads a run of 1..max digits; returns the count read (0 when none). */
static int read_digits(const char *s, size_t len, size_t *pos, int max, int *value) {
    int n = 0, v = 0;
    while (*pos < len && n < max && s[*pos] >= '0' && s[*pos] <= '9') {
        v = v * 10 + (s[*pos] - '0');
        (*pos)++;
        n++;
    }
    *value = v;
    return n;
}

/* An English month abbreviation (Jan ... Dec, any case); 0 and *month set, or -1. */
static int read_month_name(const char *s, size_t len, size_t *pos, int *month) {
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (len - *pos < 3) return -1;
    char low[3];
    for (int i = 0; i < 3; i++) low[i] = (char)(s[*pos + (size_t)i] | 0x20);
    for (int m = 0; m < 12; m++) {
        if (memcmp(names + 3 * m, low, 3) == 0) {
            *month = m + 1;
            *pos += 3;
            return 0;
        }
    }
    return -1;
}

int kpirt_parse_date(const char *text, size_t len, const char *format, kpirt_day *out, const char **why) {
    const char *f = format ? format : "YYYY-MM-DD";
    size_t pos = 0;
    int year = -1, month = -1, day = -1;

    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t')) len--;
    while (pos < len && (text[pos] == ' ' || text[pos] == '\t')) pos++;
    if (pos == len) {
        *why = "empty date";
        return -1;
    }

    while (*f) {
        char c = *f;
        size_t run = 0;
        while (f[run] == c) run++;
        if (c == 'M' && run == 3) {
            if (read_month_name(text, len, &pos, &month) < 0) {
                *why = "expected a month name (Jan, Feb, ...)";
                return -1;
            }
        } else if (c == 'Y' || c == 'M' || c == 'D') {
            int v, n;
            int want_min = c == 'Y' ? (int)run : 1, want_max = c == 'Y' ? (int)run : 2;
            n = read_digits(text, len, &pos, want_max, &v);
            if (n < want_min) {
                *why = c == 'Y' ? "expected a year" : c == 'M' ? "expected a month" : "expected a day";
                return -1;
            }
            if (c == 'Y') year = run == 2 ? 2000 + v : v;
            else if (c == 'M') month = v;
            else day = v;
        } else {
            for (size_t i = 0; i < run; i++) {
                if (pos >= len || text[pos] != c) {
                    *why = "separator does not match the date format";
                    return -1;
                }
                pos++;
            }
        }
        f += run;
    }
    /* A time of day after the date ("2026-01-05T10:00:00", "1/5/2026 10:00") is ignored. */
    if (pos < len && text[pos] != ' ' && text[pos] != 'T') {
        *why = "unexpected text after the date";
        return -1;
    }
    if (year < 0 || month < 0 || day < 0) {
        *why = "the date format lacks a year, month or day";
        return -1;
    }
    if (year < 1 || year > 9999) {
        *why = "year out of range";
        return -1;
    }
    if (month < 1 || month > 12) {
        *why = "month out of range";
        return -1;
    }
    if (day < 1 || day > kpirt_days_in_month(year, month)) {
        *why = "no such day in that month";
        return -1;
    }
    *out = kpirt_day_from_ymd(year, month, day);
    return 0;
}
