/*
** parse_report.c: how the scanner and the parser report problems.
**
** Every lexical and syntax error goes through kpi_parse_error so the parse can
** stop after KPI_PARSE_MAX_ERRORS (a 50 MB file of garbage must not produce a
** million messages). The encoding check runs once over the whole text before
** scanning, so the scanner can treat every byte above 0x7F inside strings and
** comments as text without validating it again.
*/
#include "parse_internal.h"

#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

kpi_span kpi_parse_span(const kpi_parse_state *st, uint32_t begin, uint32_t end) {
    return (kpi_span){st->source->id, begin, end};
}

void kpi_parse_stop(kpi_parse_state *st) {
    st->stopped = true;
}

kpi_diagnostic *kpi_parse_error(kpi_parse_state *st, kpi_code code, kpi_span span, const char *fmt, ...) {
    if (st->stopped) return NULL;
    va_list ap;
    va_start(ap, fmt);
    char *message = kpi_arena_vprintf(st->arena, fmt, ap);
    va_end(ap);
    kpi_diagnostic *d = kpi_diag_report(st->diags, code, span, "%s", message);
    if (++st->errors >= KPI_PARSE_MAX_ERRORS) {
        kpi_diag_report(st->diags, KPI_P003, span, "too many errors in this file (%d); stopping here",
                        KPI_PARSE_MAX_ERRORS);
        kpi_parse_stop(st);
    }
    return d;
}

const char *kpi_parse_excerpt(const kpi_parse_state *st, kpi_span span, size_t max) {
    if (span.end > st->source->len) span.end = st->source->len;
    if (span.begin > span.end) span.begin = span.end;
    size_t len = span.end - span.begin;
    const char *text = st->source->text + span.begin;
    const char *nl = memchr(text, '\n', len);
    if (nl) len = (size_t)(nl - text);
    if (len <= max) return kpi_arena_strndup(st->arena, text, len);
    return kpi_arena_printf(st->arena, "%.*s...", (int)max, text);
}

/*
** A binary file (an executable, an image, a spreadsheet saved as .kpi) is
** told as `grep` and `file` tell it, from its start: several NUL bytes, or
** control characters that text does not hold. One stray NUL or a Latin-1
** file is text with mistakes and is reported byte by byte instead.
*/
static bool looks_binary(const unsigned char *text, uint32_t len, uint32_t *first_bad) {
    uint32_t n = len < 8192 ? len : 8192, nul_runs = 0, controls = 0;
    *first_bad = n;
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = text[i];
        bool nul = c == 0,
             control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B;
        if (!nul && !control) continue;
        if (*first_bad == n) *first_bad = i;
        if (nul && (i == 0 || text[i - 1] != 0)) nul_runs++;
        if (control) controls++;
    }
    return nul_runs >= 2 || controls >= 8;
}

void kpi_parse_check_encoding(kpi_parse_state *st) {
    const unsigned char *text = (const unsigned char *)st->source->text;
    uint32_t len = st->source->len, i = 0;
    /* A UTF-16 file (an editor's "Unicode" encoding) is one error, not one per NUL byte. */
    if (len >= 2 && ((text[0] == 0xFF && text[1] == 0xFE) || (text[0] == 0xFE && text[1] == 0xFF))) {
        kpi_diagnostic *d =
            kpi_parse_error(st, KPI_L005, kpi_parse_span(st, 0, 2),
                            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark)");
        if (d)
            kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                          "save it as UTF-8 (or convert it with iconv -f UTF-16 -t UTF-8)");
        kpi_parse_stop(st);
        return;
    }
    uint32_t first_bad;
    if (looks_binary(text, len, &first_bad)) {
        /* one error, not fifty lines of escaped bytes; nothing after it would mean anything */
        bool nul = text[first_bad] == 0;
        kpi_diagnostic *d =
            kpi_parse_error(st, nul ? KPI_L006 : KPI_L005, kpi_parse_span(st, first_bad, first_bad + 1),
                            "this is a binary file, not UTF-8 text (%s byte 0x%02X here)",
                            nul ? "a NUL" : "a control", text[first_bad]);
        if (d)
            kpi_diag_note(
                st->diags, d, KPI_SPAN_NONE,
                "a .kpi file is UTF-8 text; check the file name, or save it as UTF-8 if it is UTF-16");
        kpi_parse_stop(st);
        return;
    }
    /*
    ** Byte loop with a fast path for ASCII: linear in the size of the file.
    ** 32 bytes (with SSE2) or eight are skipped at once when all lie in
    ** 0x01-0x7F. In the eight-byte test a byte with its top bit set shows in
    ** v, and a NUL byte borrows into its top bit in v - 0x01..01 (a borrow
    ** only ever starts at a NUL, so no false "clean").
    */
    const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
    while (i < len && !st->stopped) {
#ifdef __SSE2__
        /* The same test 32 bytes at a time: no byte with its top bit set, none equal to 0. */
        if (len - i >= 32) {
            __m128i a = _mm_loadu_si128((const __m128i *)(text + i));
            __m128i b = _mm_loadu_si128((const __m128i *)(text + i + 16));
            __m128i zero = _mm_setzero_si128();
            __m128i nul = _mm_or_si128(_mm_cmpeq_epi8(a, zero), _mm_cmpeq_epi8(b, zero));
            if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), nul)) == 0) {
                i += 32;
                continue;
            }
        }
#endif
        if (len - i >= 8) {
            uint64_t v;
            memcpy(&v, text + i, 8);
            if ((((v - ones) | v) & tops) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned char c = text[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        if (c == 0) {
            uint32_t run = i;
            while (run < len && text[run] == 0) run++;
            kpi_diagnostic *d =
                kpi_parse_error(st, KPI_L006, kpi_parse_span(st, i, run), "NUL byte in the source text");
            if (d)
                kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                              "a .kpi file is UTF-8 text; is this a binary file or UTF-16?");
            i = run;
            continue;
        }
        size_t n = kpi_lex_utf8_sequence(text + i, len - i);
        if (n) {
            i += (uint32_t)n;
            continue;
        }
        uint32_t run = i + 1;
        while (run < len && text[run] >= 0x80 && kpi_lex_utf8_sequence(text + run, len - run) == 0) run++;
        kpi_diagnostic *d =
            kpi_parse_error(st, KPI_L005, kpi_parse_span(st, i, run), "invalid UTF-8 byte 0x%02X", c);
        if (d)
            kpi_diag_note(st->diags, d, KPI_SPAN_NONE,
                          "save the file as UTF-8 (it may be Latin-1 or Windows-1252)");
        i = run;
    }
}
