/*
** transport.c: Content-Length framing for the language server.
**
** The base protocol is a block of "Name: value" header lines ended by an empty
** line, then exactly Content-Length bytes of JSON. Only Content-Length matters;
** Content-Type is accepted and ignored. Lines may end in CRLF (the standard) or
** a bare LF (lenient, as most servers are). Everything read here is bounded:
** header lines by KPI_LSP_MAX_HEADER_LINE, bodies by the transport's cap.
*/
#include "transport.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void kpi_lsp_transport_init(kpi_lsp_transport *t, FILE *in, FILE *out, size_t max_message) {
    t->in = in;
    t->out = out;
    t->max_message = max_message ? max_message : KPI_LSP_DEFAULT_MAX_MESSAGE;
    t->last_length = 0;
    t->output_failed = false;
}

/*
** Reads one header line into buf without its line ending. Returns its length,
** -1 at end of input, or -2 when the line was longer than the buffer (the rest
** of the line is consumed so the reader stays in step).
*/
static long read_header_line(FILE *in, char *buf, size_t cap) {
    size_t n = 0;
    bool too_long = false;
    int c;
    while ((c = getc(in)) != EOF) {
        if (c == '\n') break;
        if (n + 1 < cap) buf[n++] = (char)c;
        else too_long = true;
    }
    if (c == EOF && n == 0 && !too_long) return -1;
    if (n > 0 && buf[n - 1] == '\r') n--;
    buf[n] = '\0';
    return too_long ? -2 : (long)n;
}

/* Parses a decimal Content-Length value; false on anything but digits (spaces around allowed). */
static bool parse_length(const char *s, size_t *out) {
    while (*s == ' ' || *s == '\t') s++;
    if (!isdigit((unsigned char)*s)) return false;
    size_t v = 0;
    for (; isdigit((unsigned char)*s); s++) {
        size_t d = (size_t)(*s - '0');
        if (v > (SIZE_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    while (*s == ' ' || *s == '\t') s++;
    if (*s) return false;
    *out = v;
    return true;
}

/* Discards n bytes of input; false when the input ends first. */
static bool skip_bytes(FILE *in, size_t n) {
    char chunk[65536];
    while (n > 0) {
        size_t want = n < sizeof chunk ? n : sizeof chunk;
        size_t got = fread(chunk, 1, want, in);
        if (got == 0) return false;
        n -= got;
    }
    return true;
}

kpi_lsp_read_status kpi_lsp_read_message(kpi_lsp_transport *t, char **body, size_t *len) {
    char line[KPI_LSP_MAX_HEADER_LINE];
    bool have_length = false, bad = false, any_header = false;
    size_t length = 0;
    *body = NULL;
    *len = 0;
    for (;;) {
        long n = read_header_line(t->in, line, sizeof line);
        if (n == -1) return KPI_LSP_READ_EOF;
        if (n == 0) {
            if (any_header) break;
            continue;   /* stray blank lines between messages are harmless */
        }
        any_header = true;
        if (n == -2) {
            bad = true;
            continue;
        }
        char *colon = strchr(line, ':');
        if (!colon) {
            bad = true;
            continue;
        }
        *colon = '\0';
        if (strcasecmp(line, "Content-Length") == 0) {
            if (parse_length(colon + 1, &length)) have_length = true;
            else bad = true;
        }
    }
    t->last_length = length;
    if (!have_length) return KPI_LSP_READ_BAD_HEADER;
    if (length > t->max_message) {
        if (!skip_bytes(t->in, length)) return KPI_LSP_READ_EOF;
        return KPI_LSP_READ_TOO_LARGE;
    }
    if (bad) {
        /* A usable length with other garbage: skip the body, report the header. */
        if (!skip_bytes(t->in, length)) return KPI_LSP_READ_EOF;
        return KPI_LSP_READ_BAD_HEADER;
    }
    char *buf = malloc(length + 1);
    if (!buf) {
        if (!skip_bytes(t->in, length)) return KPI_LSP_READ_EOF;
        return KPI_LSP_READ_TOO_LARGE;
    }
    size_t got = length ? fread(buf, 1, length, t->in) : 0;
    if (got < length) {
        free(buf);
        return KPI_LSP_READ_EOF;
    }
    buf[length] = '\0';
    *body = buf;
    *len = length;
    return KPI_LSP_READ_OK;
}

bool kpi_lsp_write_message(kpi_lsp_transport *t, const char *body, size_t len) {
    bool ok = fprintf(t->out, "Content-Length: %zu\r\n\r\n", len) >= 0 &&
              (len == 0 || fwrite(body, 1, len, t->out) == len) && fflush(t->out) == 0;
    if (!ok) t->output_failed = true;
    return ok;
}
