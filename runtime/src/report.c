/*
** report.c: what every report writer shares: the table of formats, the
** number formatting rules, and a growable text buffer.
**
** Adding a format is one line in `writers` below plus its file
** (report_<name>.c) defining a kpirt_writer_fn over kpirt_report.
*/
#include "kpirt_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct writer_entry {
    const char *name;
    kpirt_writer_fn fn;
} writer_entry;

static const writer_entry writers[] = {
    {"text", kpirt_write_text},
    {"json", kpirt_write_json},
    {"csv", kpirt_write_csv},
    {"html", kpirt_write_html},
};

int kpirt_writer(const char *format, kpirt_writer_fn *fn) {
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        if (strcmp(writers[i].name, format) != 0) continue;
        *fn = writers[i].fn;
        return 1;
    }
    return 0;
}

int kpirt_status_rank(kpirt_status s) {
    /* Active failures first, then warnings, then the unknown, then good news. */
    switch (s) {
    case KPIRT_STATUS_MISSED: return 0;
    case KPIRT_STATUS_BREACHED: return 1;
    case KPIRT_STATUS_OVERSPEND: return 2; /* a budget's, never a goal's */
    case KPIRT_STATUS_OFF_TRACK: return 3;
    case KPIRT_STATUS_AT_RISK: return 4;
    case KPIRT_STATUS_STALE: return 5;
    case KPIRT_STATUS_UNCERTAIN: return 6; /* a projection's: between the warnings and the unknown */
    case KPIRT_STATUS_NO_DATA: return 7;
    case KPIRT_STATUS_NOT_STARTED: return 8;
    case KPIRT_STATUS_ON_TRACK: return 9;
    case KPIRT_STATUS_OK: return 10;
    case KPIRT_STATUS_ACHIEVED: return 11;
    default: return 12;
    }
}

const char *kpirt_writer_names(void) {
    return "text, json, csv, html";
}

/*
** Drops trailing zeros after the point ("12.5000" -> "12.5", "3.000" -> "3").
** n is what the formatter returned, which may exceed what fit in the buffer:
** only the text that is there is trimmed.
*/
static int trim_zeros(char *s, int n) {
    int len = (int)strlen(s);
    if (n < 0 || n > len) n = len;
    if (!strchr(s, '.') || strchr(s, 'e')) return n;
    while (n > 0 && s[n - 1] == '0') s[--n] = 0;
    if (n > 0 && s[n - 1] == '.') s[--n] = 0;
    return n;
}

int kpirt_format_value(double v, kpirt_unit_kind unit, char *out, size_t cap) {
    if (!isfinite(v)) return snprintf(out, cap, "null");
    switch (unit) {
    case KPIRT_UNIT_MONEY: return kpirt_format_fixed(v, 2, out, cap);
    case KPIRT_UNIT_PERCENT:
    case KPIRT_UNIT_RATIO: return trim_zeros(out, kpirt_format_fixed(v, 6, out, cap));
    default: return trim_zeros(out, kpirt_format_fixed(v, 4, out, cap));
    }
}

int kpirt_format_opt(kpirt_opt v, kpirt_unit_kind unit, char *out, size_t cap) {
    if (!v.has) return snprintf(out, cap, "null");
    if (!v.exact) return kpirt_format_value(v.v, unit, out, cap);
    /* a measure prints from its decimal: no double between the data and the report */
    switch (unit) {
    case KPIRT_UNIT_MONEY: return kpirt_format_scaled(v.scaled, 2, out, cap);
    case KPIRT_UNIT_PERCENT:
    case KPIRT_UNIT_RATIO: return trim_zeros(out, kpirt_format_scaled(v.scaled, 6, out, cap));
    default: return trim_zeros(out, kpirt_format_scaled(v.scaled, 4, out, cap));
    }
}

void kpirt_buf_put(kpirt_buf *b, const char *s, size_t len) {
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1) cap *= 2;
        b->data = kpirt_xrealloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = 0;
}

void kpirt_buf_puts(kpirt_buf *b, const char *s) {
    kpirt_buf_put(b, s, strlen(s));
}

void kpirt_buf_printf(kpirt_buf *b, const char *fmt, ...) {
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        kpirt_buf_put(b, small, (size_t)n);
        return;
    }
    char *big = kpirt_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    kpirt_buf_put(b, big, (size_t)n);
    free(big);
}

void kpirt_buf_free(kpirt_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
