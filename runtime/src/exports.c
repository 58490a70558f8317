/*
** exports.c: what analytics downloads put around their table, and the words
** they use in each interface language.
**
** A GA4 download opens with `#` lines (title, account, property, start and
** end date) and may hold several tables; a Google Ads download opens with a
** title line and a date-range line and ends with `Total: ...` rows; both
** name their date column, their totals and their "no value" in the language
** of the interface that downloaded them, and write numbers in its style.
** load.c reads the records; the knowledge of these formats is kept here, in
** tables, so that a new language is one line (docs/data-sources.md).
*/
#include "exports.h"

#include <string.h>
#include <strings.h>

const char *kpirt_source_kind_name(kpirt_source_kind kind) {
    switch (kind) {
    case KPIRT_SOURCE_CSV: return "csv";
    case KPIRT_SOURCE_GA4: return "ga4";
    case KPIRT_SOURCE_GOOGLE_ADS: return "google_ads";
    }
    return "csv";
}

/* A date column's name in each interface language, and whether that language writes 1.234,56. */
typedef struct date_name {
    kpirt_source_kind kind;
    const char *name;
    bool decimal_comma;
    bool nth_day;
} date_name;

static const date_name date_names[] = {
    {KPIRT_SOURCE_GA4, "Date", false, false},
    {KPIRT_SOURCE_GA4, "Datum", true, false}, /* Dutch, German */
    {KPIRT_SOURCE_GA4, "Nth day", false, true},
    {KPIRT_SOURCE_GA4, "Ne dag", true, true},
    {KPIRT_SOURCE_GA4, "N-de dag", true, true},
    {KPIRT_SOURCE_GA4, "N. Tag", true, true},
    {KPIRT_SOURCE_GA4, "Nter Tag", true, true},
    {KPIRT_SOURCE_GOOGLE_ADS, "Day", false, false},
    {KPIRT_SOURCE_GOOGLE_ADS, "Dag", true, false}, /* Dutch */
    {KPIRT_SOURCE_GOOGLE_ADS, "Tag", true, false}, /* German */
};

int kpirt_export_date_column(kpirt_source_kind kind, const char *const *header, uint32_t count,
                             bool *decimal_comma, bool *nth_day) {
    for (size_t k = 0; k < sizeof date_names / sizeof *date_names; k++) {
        if (date_names[k].kind != kind) continue;
        for (uint32_t h = 0; h < count; h++) {
            if (strcasecmp(header[h], date_names[k].name) != 0) continue;
            *decimal_comma = date_names[k].decimal_comma;
            *nth_day = date_names[k].nth_day;
            return (int)h;
        }
    }
    return -1;
}

bool kpirt_export_is_nth_day(const char *name) {
    for (size_t k = 0; k < sizeof date_names / sizeof *date_names; k++)
        if (date_names[k].nth_day && strcasecmp(name, date_names[k].name) == 0) return true;
    return false;
}

/* Starts with prefix, ignoring case; returns the length matched or 0. */
static size_t starts_with(const char *s, size_t len, const char *prefix) {
    size_t n = strlen(prefix);
    return len >= n && strncasecmp(s, prefix, n) == 0 ? n : 0;
}

static size_t skip_blanks(const char *s, size_t len, size_t i) {
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    return i;
}

/* A GA4 preamble date: 20241001 (or 2024-10-01). */
static kpirt_day preamble_day(const char *s, size_t len) {
    kpirt_day d;
    const char *why;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (kpirt_parse_date(s, len, "YYYYMMDD", &d, &why) == 0) return d;
    if (kpirt_parse_date(s, len, "YYYY-MM-DD", &d, &why) == 0) return d;
    return KPIRT_NO_DAY;
}

void kpirt_export_preamble_line(kpirt_export_block *block, const char *line, size_t len) {
    static const char *const starts[] = {"Start date:", "Startdatum:", "Begindatum:", "Anfangsdatum:", NULL};
    static const char *const ends[] = {"End date:", "Einddatum:", "Enddatum:", NULL};
    static const char *const facts[] = {"Account:", "Property:", "Eigendom:", "Property-ID:", "Konto:", NULL};
    size_t i = 0;
    while (i < len && line[i] == '#') i++;
    i = skip_blanks(line, len, i);
    const char *s = line + i;
    size_t n = len - i;
    if (n == 0) return;
    bool rule = true; /* "# ------" */
    for (size_t k = 0; k < n && rule; k++) rule = s[k] == '-' || s[k] == '=' || s[k] == ' ';
    if (rule) return;
    for (int k = 0; starts[k]; k++) {
        size_t m = starts_with(s, n, starts[k]);
        if (m) {
            block->declared_first = preamble_day(s + skip_blanks(s, n, m), n - skip_blanks(s, n, m));
            return;
        }
    }
    for (int k = 0; ends[k]; k++) {
        size_t m = starts_with(s, n, ends[k]);
        if (m) {
            block->declared_last = preamble_day(s + skip_blanks(s, n, m), n - skip_blanks(s, n, m));
            return;
        }
    }
    for (int k = 0; facts[k]; k++)
        if (starts_with(s, n, facts[k])) return;
    if (!block->title[0]) {
        size_t copy = n < sizeof block->title - 1 ? n : sizeof block->title - 1;
        while (copy > 0 && (s[copy - 1] == ' ' || s[copy - 1] == '\t')) copy--;
        memcpy(block->title, s, copy);
        block->title[copy] = 0;
    }
}

bool kpirt_export_totals(kpirt_source_kind kind, const char *text, size_t len) {
    static const char *const ga4_words[] = {"Totals",  "Total",      "Grand total", "Totaal",
                                            "Totalen", "Eindtotaal", "Gesamtsumme", "Gesamt",
                                            "Summe",   "Insgesamt",  NULL};
    static const char *const ads_prefixes[] = {"Total:", "Totaal:", "Gesamt:", "Summe:", "Insgesamt:", NULL};
    size_t i = skip_blanks(text, len, 0);
    text += i;
    len -= i;
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t')) len--;
    if (kind == KPIRT_SOURCE_GA4) {
        for (int k = 0; ga4_words[k]; k++)
            if (len == strlen(ga4_words[k]) && strncasecmp(text, ga4_words[k], len) == 0) return true;
    } else if (kind == KPIRT_SOURCE_GOOGLE_ADS) {
        for (int k = 0; ads_prefixes[k]; k++)
            if (starts_with(text, len, ads_prefixes[k])) return true;
    }
    return false;
}

bool kpirt_export_null(const kpirt_source_desc *src, const char *text, size_t len) {
    size_t i = skip_blanks(text, len, 0);
    text += i;
    len -= i;
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t')) len--;
    if (len == 0) return false;
    if (src->kind == KPIRT_SOURCE_GOOGLE_ADS && len == 2 && memcmp(text, "--", 2) == 0) return true;
    for (uint32_t k = 0; k < src->null_count; k++)
        if (src->nulls[k] && strlen(src->nulls[k]) == len && memcmp(src->nulls[k], text, len) == 0)
            return true;
    return false;
}

bool kpirt_export_currency_column(const char *name) {
    static const char *const names[] = {"Currency code", "Currency", "Valutacode", "Valuta",
                                        "Währungscode",  "Währung",  NULL};
    for (int k = 0; names[k]; k++)
        if (strcasecmp(name, names[k]) == 0) return true;
    return false;
}

/* Currency symbols and the ISO codes they stand for; "$" is any dollar. */
static const struct {
    const char *symbol, *code;
} symbols[] = {
    {"\xE2\x82\xAC", "EUR"}, {"\xC2\xA3", "GBP"}, {"\xC2\xA5", "JPY"}, {"$", "USD"},
    {"US$", "USD"},          {"CHF", "CHF"},      {"kr", "SEK"},       {"z\xC5\x82", "PLN"},
};

static bool dollar(const char *code) {
    static const char *const dollars[] = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", NULL};
    for (int k = 0; dollars[k]; k++)
        if (strcmp(code, dollars[k]) == 0) return true;
    return false;
}

/* A currency at s: a symbol or three capital letters; its length, with the code in code[4]. */
static size_t currency_at(const char *s, size_t len, char code[4]) {
    /* the usual case, a bare number: no symbol starts with a digit */
    if (s[0] >= '0' && s[0] <= '9') return 0;
    for (size_t k = 0; k < sizeof symbols / sizeof *symbols; k++) {
        size_t n = strlen(symbols[k].symbol);
        if (len >= n && memcmp(s, symbols[k].symbol, n) == 0) {
            memcpy(code, symbols[k].code, 4);
            if (strcmp(symbols[k].symbol, "$") == 0) code[0] = '$'; /* resolved against the expected code */
            return n;
        }
    }
    if (len >= 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z') {
        memcpy(code, s, 3);
        code[3] = 0;
        return 3;
    }
    return 0;
}

int kpirt_export_strip_currency(const char *text, size_t len, const char *expected, size_t *begin,
                                size_t *end, bool *negative, char found[4]) {
    *negative = false;
    size_t b = skip_blanks(text, len, 0), e = len;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) e--;
    found[0] = 0;
    bool minus = b < e && text[b] == '-'; /* -€12.00 */
    size_t at = b + (minus ? 1 : 0);
    size_t n = at < e ? currency_at(text + at, e - at, found) : 0;
    if (n) {
        b = at + n;
        while (b < e && (text[b] == ' ' || text[b] == '\t' || (unsigned char)text[b] == 0xC2)) {
            if ((unsigned char)text[b] == 0xC2) {
                if (b + 1 < e && (unsigned char)text[b + 1] == 0xA0) b++;
                else break;
            }
            b++;
        }
        *negative = minus; /* the sign was before the symbol */
    } else {
        /* a code or symbol after the number: "1.234,56 EUR", "116,90 €" */
        size_t k = e;
        while (k > b && text[k - 1] != ' ' && text[k - 1] != '\t' &&
               !(text[k - 1] >= '0' && text[k - 1] <= '9'))
            k--;
        if (k + 2 <= e && (unsigned char)text[k] == 0xC2 && (unsigned char)text[k + 1] == 0xA0)
            k += 2; /* no-break space */
        if (k < e && currency_at(text + k, e - k, found) == e - k) {
            e = k;
            while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) e--;
            if (e >= b + 2 && (unsigned char)text[e - 2] == 0xC2 && (unsigned char)text[e - 1] == 0xA0)
                e -= 2;
        } else {
            found[0] = 0;
        }
    }
    *begin = b;
    *end = e;
    if (!found[0]) return 0;
    if (found[0] == '$') {
        if (expected && dollar(expected)) memcpy(found, expected, 4);
        else memcpy(found, "USD", 4);
    }
    return expected && strcmp(found, expected) != 0 ? -1 : 1;
}

int kpirt_parse_money(const char *text, size_t len, char decimal_mark, char thousands_sep,
                      const char *expected, int64_t *scaled_out, char found[4], const char **why) {
    size_t begin, end;
    bool negative;
    int c = kpirt_export_strip_currency(text, len, expected, &begin, &end, &negative, found);
    if (c == 0) found[0] = 0;
    /* a bare "$" is reported as written: it is any dollar */
    if (c != 0 && !expected) {
        size_t at = begin;
        while (at > 0 && (text[at - 1] == ' ' || (unsigned char)text[at - 1] == 0xA0 ||
                          (unsigned char)text[at - 1] == 0xC2))
            at--;
        bool dollar_before = at > 0 && text[at - 1] == '$' && (at < 2 || text[at - 2] != 'S');
        bool dollar_after = end < len && text[skip_blanks(text, len, end)] == '$';
        if (dollar_before || dollar_after) memcpy(found, "$", 2);
    }
    if (c < 0) {
        *why = "the amount is in another currency";
        return -1;
    }
    if (c > 0) {
        text += begin;
        len = end - begin;
    }
    int rc = kpirt_parse_decimal(text, len, decimal_mark, thousands_sep, scaled_out, why);
    if (rc == 0 && negative) *scaled_out = -*scaled_out;
    return rc;
}
