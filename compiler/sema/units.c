/*
** units.c: the unit algebra (see units.h) and the list of unit names kpic knows.
**
** Kept free of diagnostics so that it can be unit-tested on its own: callers
** turn a kpi_unit_status into a message with the spans they have.
*/
#include "units.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sema.h"
#include "support/suggest.h"

/* ISO 4217 active codes (2024 list, plus XCG), sorted for bsearch. Test and
** "no currency" codes (XTS, XXX) are left out on purpose. */
static const char *const currency_codes[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
    "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF",
    "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD",
    "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR",
    "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA",
    "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO",
    "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB",
    "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC",
    "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN",
    "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC",
    "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
};
enum { CURRENCY_COUNT = sizeof currency_codes / sizeof currency_codes[0] };

static const char *const unit_names[] = {
    "count", "percent", "ratio", "number", "score", "money", "seconds", "minutes", "hours", "days", NULL,
};

static const char *const time_unit_names[] = {"", "seconds", "minutes", "hours", "days"};

const char *const *kpi_sema_unit_names(void) {
    return unit_names;
}

/*
** The table's entry for three capital letters, or NULL. A binary search by
** hand: bsearch's callback and a strcmp per probe were 2% of a check.
*/
static const char *find_currency(const char *code) {
    size_t lo = 0, hi = CURRENCY_COUNT;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *c = currency_codes[mid];
        int cmp = code[0] != c[0] ? code[0] - c[0] : code[1] != c[1] ? code[1] - c[1] : code[2] - c[2];
        if (cmp == 0) return c;
        if (cmp < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

bool kpi_sema_is_currency(const char *code) {
    if (!code || !isupper((unsigned char)code[0]) || !isupper((unsigned char)code[1]) ||
        !isupper((unsigned char)code[2]) || code[3])
        return false;
    return find_currency(code) != NULL;
}

kpi_unit kpi_unit_number(void) {
    return (kpi_unit){.valid = true, .flavor = KPI_FLAVOR_NUMBER};
}
kpi_unit kpi_unit_literal(void) {
    kpi_unit u = kpi_unit_number();
    u.literal = true;
    return u;
}
kpi_unit kpi_unit_invalid(void) {
    return (kpi_unit){.valid = false};
}

bool kpi_unit_parse(const char *name, kpi_unit *out) {
    kpi_unit u = kpi_unit_number();
    if (!name) return false;
    /* Currency codes first: they are the common case, and no unit word is in capitals. */
    if (kpi_sema_is_currency(name)) {
        u.money = 1;
        memcpy(u.currency, name, 4);
    } else if (strcmp(name, "count") == 0) u.count = 1;
    else if (strcmp(name, "percent") == 0) u.flavor = KPI_FLAVOR_PERCENT;
    else if (strcmp(name, "ratio") == 0) u.flavor = KPI_FLAVOR_RATIO;
    else if (strcmp(name, "number") == 0) u.flavor = KPI_FLAVOR_NUMBER;
    else if (strcmp(name, "score") == 0) u.score = 1;
    else if (strcmp(name, "money") == 0) u.money = 1; /* currency placeholder: currency "" */
    else {
        int t;
        for (t = KPI_TIME_SECONDS; t <= KPI_TIME_DAYS; t++)
            if (strcmp(name, time_unit_names[t]) == 0) break;
        if (t > KPI_TIME_DAYS) return false;
        u.time = 1;
        u.time_unit = (uint8_t)t;
    }
    *out = u;
    return true;
}

bool kpi_unit_is_dimensionless(kpi_unit u) {
    return u.money == 0 && u.count == 0 && u.time == 0 && u.score == 0;
}

bool kpi_unit_is_money(kpi_unit u) {
    return u.valid && u.money == 1 && u.count == 0 && u.time == 0 && u.score == 0;
}

bool kpi_unit_is_fraction(kpi_unit u) {
    return u.valid && kpi_unit_is_dimensionless(u) && u.flavor != KPI_FLAVOR_NUMBER;
}

static bool same_dimensions(kpi_unit a, kpi_unit b) {
    return a.money == b.money && a.count == b.count && a.time == b.time && a.score == b.score;
}

bool kpi_unit_equal(kpi_unit a, kpi_unit b) {
    if (!same_dimensions(a, b)) return false;
    if (a.money && a.currency[0] && b.currency[0] && strcmp(a.currency, b.currency) != 0) return false;
    if (a.time && a.time_unit != b.time_unit) return false;
    if (kpi_unit_is_dimensionless(a) && a.flavor != b.flavor) return false;
    return true;
}

/* Currencies and time units must agree wherever both sides carry them. */
static kpi_unit_status check_scales(kpi_unit a, kpi_unit b) {
    if (a.money && b.money && a.currency[0] && b.currency[0] && strcmp(a.currency, b.currency) != 0)
        return KPI_UNIT_CURRENCY_MIX;
    if (a.time && b.time && a.time_unit != b.time_unit) return KPI_UNIT_TIME_MIX;
    return KPI_UNIT_OK;
}

kpi_unit_status kpi_unit_add(kpi_unit a, kpi_unit b, kpi_unit *out) {
    if (!a.valid || !b.valid) {
        *out = kpi_unit_invalid();
        return KPI_UNIT_OK;
    }
    if (a.literal && !b.literal) {
        *out = b;
        return KPI_UNIT_OK;
    }
    if (b.literal) {
        *out = a;
        out->literal = a.literal;
        return KPI_UNIT_OK;
    }
    if (!same_dimensions(a, b)) return KPI_UNIT_MISMATCH;
    kpi_unit_status s = check_scales(a, b);
    if (s != KPI_UNIT_OK) return s;
    *out = a;
    if (a.money && !a.currency[0]) memcpy(out->currency, b.currency, 4); /* money - EUR is EUR */
    /* Mixed dimensionless flavours (ratio + percent, number + ratio) are fractions. */
    if (kpi_unit_is_dimensionless(a) && a.flavor != b.flavor) out->flavor = KPI_FLAVOR_RATIO;
    return KPI_UNIT_OK;
}

static kpi_unit combine(kpi_unit a, kpi_unit b, int sign) {
    kpi_unit r = kpi_unit_number();
    r.money = (int8_t)(a.money + sign * b.money);
    r.count = (int8_t)(a.count + sign * b.count);
    r.time = (int8_t)(a.time + sign * b.time);
    r.score = (int8_t)(a.score + sign * b.score);
    if (r.money) memcpy(r.currency, a.currency[0] ? a.currency : b.currency, 4);
    if (r.time) r.time_unit = a.time ? a.time_unit : b.time_unit;
    r.literal = a.literal && b.literal;
    if (kpi_unit_is_dimensionless(r)) {
        bool a_dl = kpi_unit_is_dimensionless(a), b_dl = kpi_unit_is_dimensionless(b);
        if (a_dl && b_dl) {
            /* number * x keeps x's flavour; fraction * fraction is a ratio */
            if (a.flavor == KPI_FLAVOR_NUMBER) r.flavor = b.flavor;
            else if (b.flavor == KPI_FLAVOR_NUMBER) r.flavor = a.flavor;
            else r.flavor = KPI_FLAVOR_RATIO;
        } else {
            r.flavor = KPI_FLAVOR_RATIO; /* count / count, EUR / EUR */
        }
    }
    return r;
}

kpi_unit_status kpi_unit_mul(kpi_unit a, kpi_unit b, kpi_unit *out) {
    if (!a.valid || !b.valid) {
        *out = kpi_unit_invalid();
        return KPI_UNIT_OK;
    }
    kpi_unit_status s = check_scales(a, b);
    if (s != KPI_UNIT_OK) return s;
    *out = combine(a, b, +1);
    return KPI_UNIT_OK;
}

kpi_unit_status kpi_unit_div(kpi_unit a, kpi_unit b, kpi_unit *out) {
    if (!a.valid || !b.valid) {
        *out = kpi_unit_invalid();
        return KPI_UNIT_OK;
    }
    kpi_unit_status s = check_scales(a, b);
    if (s != KPI_UNIT_OK) return s;
    *out = combine(a, b, -1);
    return KPI_UNIT_OK;
}

bool kpi_unit_fits(kpi_unit declared, kpi_unit inferred) {
    if (!declared.valid || !inferred.valid) return true;
    if (inferred.literal) return true;
    if (kpi_unit_is_dimensionless(declared) && kpi_unit_is_dimensionless(inferred)) {
        if (declared.flavor == KPI_FLAVOR_NUMBER) return true;
        return inferred.flavor != KPI_FLAVOR_NUMBER; /* percent <-> ratio */
    }
    /* a score may be computed from plain numbers (weights) */
    if (declared.score == 1 && kpi_unit_is_dimensionless(inferred) && inferred.flavor == KPI_FLAVOR_NUMBER)
        return true;
    if (kpi_unit_equal(declared, inferred)) return true;
    /* a per-item unit (EUR/count: average order value, seconds/count: time per session)
    ** is shown in the unit of one item */
    if (declared.count == 0 && !kpi_unit_is_dimensionless(declared) && inferred.count == -1) {
        kpi_unit per_item = inferred;
        per_item.count = declared.count;
        if (kpi_unit_equal(declared, per_item)) return true;
    }
    return false;
}

static void append_factor(char *buf, size_t size, const char *name, int exp, bool *first, const char *sep) {
    if (exp <= 0) return;
    /* Appended by hand, not with snprintf: this runs for every metric of every check. */
    size_t n = strlen(buf);
    for (const char *p = *first ? name : sep; *p && n + 1 < size; p++) buf[n++] = *p;
    if (!*first)
        for (const char *p = name; *p && n + 1 < size; p++) buf[n++] = *p;
    buf[n] = '\0';
    if (exp > 1) snprintf(buf + n, size - n, "^%d", exp);
    *first = false;
}

static void append_side(char *buf, size_t size, kpi_unit u, int sign) {
    bool first = true;
    append_factor(buf, size, u.currency[0] ? u.currency : "money", sign * u.money, &first, "*");
    append_factor(buf, size, "count", sign * u.count, &first, "*");
    append_factor(buf, size, time_unit_names[u.time_unit < 5 ? u.time_unit : 0], sign * u.time, &first, "*");
    append_factor(buf, size, "score", sign * u.score, &first, "*");
}

const char *kpi_unit_format(kpi_arena *arena, kpi_unit u) {
    if (!u.valid) return "?";
    if (kpi_unit_is_dimensionless(u)) {
        switch (u.flavor) {
        case KPI_FLAVOR_PERCENT: return "%";
        case KPI_FLAVOR_RATIO: return "ratio";
        default: return "number";
        }
    }
    char num[64] = "", den[64] = "";
    append_side(num, sizeof num, u, +1);
    append_side(den, sizeof den, u, -1);
    if (!den[0]) return kpi_arena_strdup(arena, num);
    bool den_compound = strchr(den, '*') != NULL;
    return kpi_arena_printf(arena, "%s/%s%s%s", num[0] ? num : "1", den_compound ? "(" : "", den,
                            den_compound ? ")" : "");
}

kpirt_unit_kind kpi_unit_kind(kpi_unit u) {
    if (!u.valid) return KPIRT_UNIT_NUMBER;
    if (kpi_unit_is_dimensionless(u)) {
        if (u.flavor == KPI_FLAVOR_PERCENT) return KPIRT_UNIT_PERCENT;
        if (u.flavor == KPI_FLAVOR_RATIO) return KPIRT_UNIT_RATIO;
        return KPIRT_UNIT_NUMBER;
    }
    if (u.money >= 1) return KPIRT_UNIT_MONEY;
    if (u.count == 1 && u.time == 0 && u.score == 0) return KPIRT_UNIT_COUNT;
    if (u.time == 1 && u.count == 0 && u.score == 0) return KPIRT_UNIT_DURATION;
    if (u.score == 1 && u.count == 0 && u.time == 0) return KPIRT_UNIT_SCORE;
    return KPIRT_UNIT_NUMBER;
}

const char *kpi_unit_suggest(const char *name) {
    if (!name) return NULL;
    if (strlen(name) == 3) {
        char upper[4];
        for (int i = 0; i < 3; i++) upper[i] = (char)toupper((unsigned char)name[i]);
        upper[3] = '\0';
        const char *hit = find_currency(upper);
        if (hit) return hit;
    }
    const char *best = kpi_suggest(name, unit_names, strlen(name) <= 4 ? 1 : 2);
    /* singular forms and common spellings */
    static const char *const aliases[][2] = {
        {"percentage", "percent"},
        {"pct", "percent"},
        {"%", "percent"},
        {"second", "seconds"},
        {"minute", "minutes"},
        {"hour", "hours"},
        {"day", "days"},
        {"items", "count"},
        {"int", "count"},
        {"integer", "count"},
        {"float", "number"},
        {"euro", "EUR"},
        {"eur", "EUR"},
        {"dollar", "USD"},
        {"usd", "USD"},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(name, aliases[i][0]) == 0) return aliases[i][1];
    return best;
}
