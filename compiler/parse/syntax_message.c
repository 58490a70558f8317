/*
** syntax_message.c: syntax errors in words.
**
** Bison knows which tokens it could have accepted; a list of forty token names
** helps nobody. This file folds that set into a few phrases ("a clause such
** as 'within' or 'owner'", "an amount"), names what an identifier would have
** been from the tokens just before it ("a metric name" after 'raise'), and
** says what was found, so a message reads "expected a metric name, a date or
** an amount after 'by', found 'owner'". api.token.raw makes token kinds and
** the parser's symbol kinds the same numbers.
*/
#include "parse_internal.h"

#include "kpi_parser.h"

#include <string.h>
#include <strings.h>

enum { MAX_KIND = 128, MAX_PHRASES = 6 };

typedef struct phrase_set {
    bool want[MAX_KIND];
    const char *phrases[MAX_PHRASES + 1];
    int count;
    bool more;
} phrase_set;

static void add_phrase(phrase_set *ps, const char *phrase) {
    if (ps->count < MAX_PHRASES) ps->phrases[ps->count++] = phrase;
    else ps->more = true;
}

static bool all_wanted(const phrase_set *ps, const int *kinds, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!ps->want[kinds[i]]) return false;
    return true;
}

static void clear(phrase_set *ps, const int *kinds, size_t n) {
    for (size_t i = 0; i < n; i++) ps->want[kinds[i]] = false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* If every token of `test` is expected, replace those of `group` by one phrase. */
#define FOLD(ps, test, group, phrase)                \
    do {                                             \
        if (all_wanted((ps), (test), COUNT(test))) { \
            clear((ps), (group), COUNT(group));      \
            add_phrase((ps), (phrase));              \
        }                                            \
    } while (0)

/* What a name would have been, judging by the tokens before it. */
static const char *name_phrase(const kpi_parse_state *st) {
    int prev = kpi_parse_recent_kind(st, 1), prev2 = kpi_parse_recent_kind(st, 2);
    int prev3 = kpi_parse_recent_kind(st, 3);
    switch (prev) {
    case TOK_RAISE:
    case TOK_LOWER:
    case TOK_REACH:
    case TOK_KEEP:
    case TOK_BY:
    case TOK_VIA:
    case TOK_LINK:
    case TOK_TO:
    case TOK_METRIC: return "a metric name";
    case TOK_GOAL: return "a goal name";
    case TOK_SOURCE:
    case TOK_IN: return "a source name";
    case TOK_IMPORT:
    case TOK_DOT: return "a module name such as std.web";
    case TOK_COMMA:
    case TOK_LPAREN: return "a name";
    case TOK_POLICY: return "a policy name";
    case TOK_OWNER: return "an owner name";
    case TOK_COLON: return "a unit (count, percent, EUR, ...)";
    case TOK_AGGREGATE: return "an aggregation (sum, count, count_distinct, avg, min, max or last)";
    case TOK_REVIEW: return "a review period (daily, weekly, monthly, quarterly or yearly)";
    case TOK_PER: return "a period (day, week, month, quarter or year)";
    case TOK_EQ:
        if (prev3 == TOK_SOURCE) return "a source kind (csv, table, ga4 or google_ads)";
        return "a name";
    case TOK_NUMBER:
        if (prev2 == TOK_WITHIN) return "a duration unit (days, weeks, months, quarters or years)";
        return "a unit";
    default: return "a name";
    }
}

/* "'by'", "the metric name", "'revenue'" or NULL at the start of the file. */
static const char *describe_previous(kpi_parse_state *st) {
    int prev = kpi_parse_recent_kind(st, 1), prev2 = kpi_parse_recent_kind(st, 2);
    if (prev < 0) return NULL;
    if (prev == TOK_IDENT) {
        switch (prev2) {
        case TOK_METRIC: return "the metric name";
        case TOK_GOAL: return "the goal name";
        case TOK_SOURCE: return "the source name";
        case TOK_RAISE:
        case TOK_LOWER:
        case TOK_REACH:
        case TOK_KEEP: return "the goal's metric";
        default: break;
        }
    }
    if (prev == TOK_STRING && prev2 == TOK_IDENT && kpi_parse_recent_kind(st, 3) == TOK_METRIC)
        return "the metric name";
    if (prev == TOK_STRING) return "the string";
    if (prev == TOK_IDENT || prev == TOK_NUMBER || prev == TOK_PERCENT || prev == TOK_POINTS ||
        prev == TOK_DATE)
        return kpi_arena_printf(st->arena, "'%s'", kpi_parse_excerpt(st, kpi_parse_recent_span(st, 1), 30));
    return kpi_parse_token_name(prev);
}

static const char *describe_found(kpi_parse_state *st, int kind, kpi_span span) {
    if (kind == TOK_YYEOF) return "the end of the file";
    if (kind == TOK_STRING)
        return kpi_arena_printf(st->arena, "the string %s", kpi_parse_excerpt(st, span, 30));
    return kpi_arena_printf(st->arena, "'%s'", kpi_parse_excerpt(st, span, 30));
}

static bool is_keyword(int kind) {
    return kind >= TOK_IMPORT && kind <= TOK_THOUSANDS;
}

/* Keywords that start an item: finding one usually means something is missing before it. */
static bool starts_item(int kind) {
    return kind == TOK_GOAL || kind == TOK_METRIC || kind == TOK_SOURCE || kind == TOK_IMPORT ||
           kind == TOK_POLICY || kind == TOK_LINK || kind == TOK_TEST;
}

const char *kpi_parse_syntax_message(kpi_parse_state *st, const int *expected, int count, int found_kind,
                                     kpi_span found_span) {
    phrase_set ps;
    memset(&ps, 0, sizeof ps);
    for (int i = 0; i < count; i++)
        if (expected[i] >= 0 && expected[i] < MAX_KIND) ps.want[expected[i]] = true;

    int prev = kpi_parse_recent_kind(st, 1), prev2 = kpi_parse_recent_kind(st, 2);
    int prev3 = kpi_parse_recent_kind(st, 3);
    bool after_metric_name = (prev == TOK_IDENT && prev2 == TOK_METRIC) ||
                             (prev == TOK_STRING && prev2 == TOK_IDENT && prev3 == TOK_METRIC);
    if (after_metric_name && ps.want[TOK_COLON]) {
        ps.want[TOK_COLON] = ps.want[TOK_STRING] = false;
        add_phrase(&ps, "':' and a unit");
    }

    /*
    ** Folds run in order and each consumes its tokens, so the order decides
    ** both which phrase wins a shared token (BY is a clause before it is
    ** anything else) and the order of the phrases: what most likely was
    ** meant comes first ("a metric name, a date or an amount after 'by'").
    */
    static const int items[] = {TOK_IMPORT, TOK_SOURCE, TOK_METRIC, TOK_GOAL, TOK_OWNER,
                                TOK_POLICY, TOK_LINK,   TOK_TEST,   TOK_YYEOF};
    static const int items_test[] = {TOK_GOAL, TOK_METRIC};
    bool new_item = all_wanted(&ps, items_test, COUNT(items_test));
    if (new_item) clear(&ps, items, COUNT(items));

    static const int amounts[] = {TOK_PERCENT, TOK_POINTS, TOK_TO};
    FOLD(&ps, amounts, amounts, "an amount (20%, +0.5pp or 'to' a value)");

    static const int clauses[] = {TOK_WITHIN,   TOK_STARTING,  TOK_OWNER, TOK_REVIEW,    TOK_BUDGET,
                                  TOK_BASELINE, TOK_TOLERANCE, TOK_FOR,   TOK_WHERE,     TOK_WHY,
                                  TOK_BY,       TOK_VIA,       TOK_PATH,  TOK_CUMULATIVE};
    static const int drivers_test[] = {TOK_WITHIN, TOK_STARTING, TOK_VIA};
    static const int clauses_test[] = {TOK_WITHIN, TOK_STARTING};
    bool driver_context = all_wanted(&ps, drivers_test, COUNT(drivers_test));
    FOLD(&ps, drivers_test, clauses, "a driver ('by' or 'via') or a clause ('within', 'owner', ...)");
    FOLD(&ps, clauses_test, clauses, "a clause ('within', 'by', 'owner', 'starting', ...)");

    static const int formula[] = {TOK_IDENT, TOK_NUMBER, TOK_LPAREN, TOK_MINUS};
    FOLD(&ps, formula, formula, "a formula (metric names, numbers, '+', '-', '*', '/', parentheses)");

    static const int condition[] = {TOK_IDENT, TOK_STRING, TOK_NOT, TOK_LPAREN};
    FOLD(&ps, condition, condition, "a condition such as country = \"NL\"");

    if (ps.want[TOK_IDENT]) {
        ps.want[TOK_IDENT] = false;
        add_phrase(&ps, name_phrase(st));
    }

    static const int verbs[] = {TOK_RAISE, TOK_LOWER, TOK_REACH, TOK_KEEP};
    FOLD(&ps, verbs, verbs, "a statement ('raise', 'lower', 'reach' or 'keep')");

    static const int dates[] = {TOK_DATE, TOK_NUMBER};
    FOLD(&ps, dates, dates, "a date (2027-06-30, 2027-06, 2027-Q2 or 2027)");

    static const int amounts2[] = {TOK_PERCENT, TOK_POINTS};
    FOLD(&ps, amounts2, amounts2, "an amount (20% or +0.5pp)");

    static const int metric_opts[] = {TOK_FROM,   TOK_IN,    TOK_AGGREGATE, TOK_WHERE, TOK_EQ,
                                      TOK_HIGHER, TOK_LOWER, TOK_ABOUT,     TOK_PER,   TOK_OVER};
    static const int metric_test[] = {TOK_FROM, TOK_AGGREGATE};
    FOLD(&ps, metric_test, metric_opts, "a metric option ('from', 'in', 'aggregate', 'where', '=', ...)");

    static const int source_opts[] = {TOK_DATE_KW,  TOK_FORMAT,  TOK_DELIMITER, TOK_DECIMAL, TOK_THOUSANDS,
                                      TOK_ENCODING, TOK_NULL_KW, TOK_SKIP,      TOK_COMMENT, TOK_TABLE};
    static const int source_test[] = {TOK_DATE_KW, TOK_FORMAT};
    FOLD(
        &ps, source_test, source_opts,
        "a source option ('date', 'format', 'delimiter', 'decimal', 'thousands', 'encoding', 'null', 'skip', "
        "'comment' or 'table')");

    static const int cmps[] = {TOK_EQ, TOK_NE, TOK_LT, TOK_LE, TOK_GT, TOK_GE, TOK_IN, TOK_NOT};
    static const int cmps_test[] = {TOK_EQ, TOK_NE, TOK_LT};
    FOLD(&ps, cmps_test, cmps, "a comparison ('=', '!=', '<', '<=', '>', '>=', 'in' or 'not in')");

    static const int ops[] = {TOK_PLUS, TOK_MINUS, TOK_STAR, TOK_SLASH};
    static const int ops_test[] = {TOK_PLUS, TOK_STAR};
    FOLD(&ps, ops_test, ops, "an operator ('+', '-', '*' or '/')");

    static const int literal[] = {TOK_STRING, TOK_NUMBER, TOK_MINUS};
    FOLD(&ps, literal, literal, "a value (a string or a number)");

    static const int quantity[] = {TOK_PERCENT, TOK_NUMBER, TOK_MINUS};
    FOLD(&ps, quantity, quantity, "a value such as 40%, 500 or 1.2M EUR");

    for (int k = 0; k < MAX_KIND; k++) {
        if (!ps.want[k]) continue;
        if (k == TOK_STRING && prev == TOK_OWNER) add_phrase(&ps, "a string such as \"Sales lead\"");
        else if (k == TOK_STRING && prev == TOK_IDENT && (prev2 == TOK_GOAL || prev2 == TOK_METRIC))
            add_phrase(&ps, "a title string");
        else if (k == TOK_STRING) add_phrase(&ps, "a string in double quotes");
        else if (k == TOK_LPAREN && driver_context) add_phrase(&ps, "'(' with clauses for this driver");
        else add_phrase(&ps, kpi_parse_token_name(k));
    }
    if (new_item) add_phrase(&ps, "a new item ('goal', 'metric', 'source', ...)");

    /* "expected A, B or C after X, found Y" */
    char *msg = kpi_arena_strdup(st->arena, ps.count ? "expected " : "unexpected token");
    for (int i = 0; i < ps.count; i++) {
        const char *sep = i == 0 ? "" : (i == ps.count - 1 && !ps.more) ? " or " : ", ";
        msg = kpi_arena_printf(st->arena, "%s%s%s", msg, sep, ps.phrases[i]);
    }
    if (ps.more) msg = kpi_arena_printf(st->arena, "%s, ...", msg);
    const char *after = describe_previous(st);
    if (after && ps.count) msg = kpi_arena_printf(st->arena, "%s after %s", msg, after);
    return kpi_arena_printf(st->arena, "%s, found %s", msg, describe_found(st, found_kind, found_span));
}

/* The keyword kind a word would be in lowercase ("Goal" -> goal), or -1. */
static int keyword_ignoring_case(kpi_parse_state *st, kpi_span span) {
    const char *word = kpi_parse_excerpt(st, span, 30);
    char quoted[40];
    size_t n = strlen(word);
    if (n + 3 > sizeof quoted) return -1;
    quoted[0] = '\'';
    for (size_t i = 0; i < n; i++)
        quoted[i + 1] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] + 32 : word[i]);
    quoted[n + 1] = '\'';
    quoted[n + 2] = '\0';
    for (int k = TOK_IMPORT; k <= TOK_THOUSANDS; k++)
        if (strcmp(kpi_parse_token_name(k), quoted) == 0) return k;
    return -1;
}

/* The statement a goal's verb in everyday words means ("increase revenue"), or NULL. */
static const char *statement_for_synonym(kpi_parse_state *st, kpi_span span) {
    static const char *const synonyms[][2] = {
        {"increase", "raise"}, {"grow", "raise"},     {"improve", "raise"}, {"boost", "raise"},
        {"rise", "raise"},     {"decrease", "lower"}, {"reduce", "lower"},  {"cut", "lower"},
        {"lessen", "lower"},   {"drop", "lower"},     {"achieve", "reach"}, {"hit", "reach"},
        {"attain", "reach"},   {"maintain", "keep"},  {"stay", "keep"},     {"hold", "keep"},
    };
    const char *word = kpi_parse_excerpt(st, span, 30);
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
        if (strcmp(word, synonyms[i][0]) == 0) return synonyms[i][1];
    return NULL;
}

/* "Q3 2026" or "June 2026" as a deadline: the date as the language writes it, or NULL. */
static const char *written_date(kpi_parse_state *st, kpi_span word_span, kpi_span year_span) {
    static const char *const months[] = {"january",   "february", "march",    "april",
                                         "may",       "june",     "july",     "august",
                                         "september", "october",  "november", "december"};
    const char *word = kpi_parse_excerpt(st, word_span, 30), *year = kpi_parse_excerpt(st, year_span, 30);
    if (strlen(year) != 4 || strspn(year, "0123456789") != 4) return NULL;
    if ((word[0] == 'Q' || word[0] == 'q') && word[1] >= '1' && word[1] <= '4' && !word[2])
        return kpi_arena_printf(st->arena, "%s-Q%c", year, word[1]);
    for (int m = 0; m < 12; m++) /* the full name or its three-letter abbreviation */
        if (strcasecmp(word, months[m]) == 0 || (strlen(word) == 3 && strncasecmp(word, months[m], 3) == 0))
            return kpi_arena_printf(st->arena, "%s-%02d", year, m + 1);
    return NULL;
}

void kpi_parse_syntax_error(kpi_parse_state *st, const int *expected, int count, int found_kind,
                            kpi_span found_span) {
    const char *message = kpi_parse_syntax_message(st, expected, count, found_kind, found_span);
    kpi_diagnostic *d = kpi_parse_error(st, KPI_P001, found_span, "%s", message);
    if (!d) return;
    bool want_name = false, want_amount = false, want_string = false, want_statement = false;
    for (int i = 0; i < count; i++) {
        if (expected[i] == TOK_RAISE) want_statement = true;
        if (expected[i] == TOK_IDENT) want_name = true;
        if (expected[i] == TOK_PERCENT) want_amount = true;
        if (expected[i] == TOK_STRING) want_string = true;
    }
    int prev = kpi_parse_recent_kind(st, 1);
    if (want_name && is_keyword(found_kind) && !starts_item(found_kind)) {
        const char *word = kpi_parse_excerpt(st, found_span, 30);
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                      "'%s' is a keyword and cannot be used as a name; choose another (e.g. %s_)", word,
                      word);
    } else if (found_kind == TOK_NUMBER && prev == TOK_IDENT && kpi_parse_recent_kind(st, 2) == TOK_BY &&
               written_date(st, kpi_parse_recent_span(st, 1), found_span)) {
        const char *date = written_date(st, kpi_parse_recent_span(st, 1), found_span);
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE, "a deadline is written as a date: by %s", date);
        kpi_diag_fixit(st->diags, d,
                       (kpi_span){found_span.file, kpi_parse_recent_span(st, 1).begin, found_span.end}, date,
                       kpi_arena_printf(st->arena, "write %s", date));
    } else if (found_kind == TOK_NUMBER && want_amount) {
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                      "write a relative change as 20%%, percentage points as +2pp, or a target as 'to 20'");
    } else if (prev == TOK_WITHIN && found_kind == TOK_DATE) {
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                      "'within' takes a duration such as 18 months; for a deadline write 'by %s'",
                      kpi_parse_excerpt(st, found_span, 12));
    } else if (prev == TOK_IDENT && found_kind == TOK_IDENT && kpi_parse_recent_kind(st, 2) == TOK_METRIC) {
        kpi_diag_fixit(st->diags, d, (kpi_span){found_span.file, found_span.begin, found_span.begin}, ": ",
                       "insert ':' before the unit");
    } else if (found_kind == TOK_IDENT && keyword_ignoring_case(st, found_span) >= 0) {
        const char *keyword = kpi_parse_token_name(keyword_ignoring_case(st, found_span));
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE, "keywords are lowercase: %s", keyword);
        kpi_diag_fixit(st->diags, d, found_span,
                       kpi_arena_strndup(st->arena, keyword + 1, strlen(keyword) - 2),
                       "write the keyword in lowercase");
    } else if (found_kind == TOK_IDENT && prev == TOK_IDENT && kpi_parse_recent_kind(st, 2) == TOK_OWNER) {
        kpi_diag_note(
            st->diags, d, KPI_SPAN_NONE, "a name with spaces is written as a string: owner \"%s %s\"",
            kpi_parse_excerpt(st, kpi_parse_recent_span(st, 1), 30), kpi_parse_excerpt(st, found_span, 30));
    } else if (found_kind == TOK_IDENT && want_statement && statement_for_synonym(st, found_span)) {
        const char *verb = statement_for_synonym(st, found_span);
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                      "a goal starts with raise, lower, reach or keep; did you mean '%s'?", verb);
        kpi_diag_fixit(st->diags, d, found_span, verb, kpi_arena_printf(st->arena, "write '%s'", verb));
    } else if (found_kind == TOK_IDENT && want_string && !want_name) {
        kpi_diag_note(st->diags, d, KPI_SPAN_NONE, "text is written in double quotes: \"%s\"",
                      kpi_parse_excerpt(st, found_span, 30));
    } else if (found_kind == TOK_PLUS || found_kind == TOK_MINUS) {
        if (expected && want_amount)
            kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                          "a sign belongs to a percentage or points, written together: +35%% or -2pp");
    }
}
