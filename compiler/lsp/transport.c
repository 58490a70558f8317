/*
** transport.c: Content-Length framing for the language server.
**
** The base protocol is a block of "Name: value" header lines ended by an empty
** line, then exactly Content-Length bytes of JSON. Only Content-Length matters;
** Content-Type is accepted and ignored. Lines may end in CRLF (the standard) or
** a bare LF (lenient, as most servers are). Everything read here is bounded:
** header lines by KPI_LSP_MAX_HEADER_LINE, bodies by the transport's cap.
** After a header without a usable length, reading resumes at the next
** "Content-Length:" of the stream (transport.h says why).
*/
#include "transport.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define READ_CHUNK 65536

static const char header_name[] = "content-length:";

void kpi_lsp_transport_init(kpi_lsp_transport *t, FILE *in, FILE *out, size_t max_message) {
    memset(t, 0, sizeof *t);
    t->in = in;
    t->out = out;
    t->fd = in ? fileno(in) : -1;
    t->max_message = max_message ? max_message : KPI_LSP_DEFAULT_MAX_MESSAGE;
}

void kpi_lsp_transport_free(kpi_lsp_transport *t) {
    free(t->buf);
    t->buf = NULL;
    t->pos = t->end = t->cap = 0;
}

/* Reads more input into the buffer; false at end of input (or on a read error). */
static bool fill(kpi_lsp_transport *t) {
    if (t->at_eof || !t->in) return false;
    if (t->pos > 0 && t->pos == t->end) t->pos = t->end = 0;
    if (t->cap - t->end < READ_CHUNK) {
        if (t->pos > 0) { /* slide what is left to the front before growing */
            memmove(t->buf, t->buf + t->pos, t->end - t->pos);
            t->end -= t->pos;
            t->pos = 0;
        }
        if (t->cap - t->end < READ_CHUNK) {
            size_t cap = t->end + READ_CHUNK;
            char *grown = realloc(t->buf, cap);
            if (!grown) {
                t->at_eof = true;
                return false;
            }
            t->buf = grown;
            t->cap = cap;
        }
    }
    ssize_t n;
    if (t->fd >= 0) {
        do n = read(t->fd, t->buf + t->end, t->cap - t->end);
        while (n < 0 && errno == EINTR);
    } else {
        n = (ssize_t)fread(t->buf + t->end, 1, t->cap - t->end, t->in);
    }
    if (n <= 0) {
        t->at_eof = true;
        return false;
    }
    t->end += (size_t)n;
    return true;
}

static int next_byte(kpi_lsp_transport *t) {
    if (t->pos == t->end && !fill(t)) return EOF;
    return (unsigned char)t->buf[t->pos++];
}

/* Copies (or, with to NULL, discards) n bytes of input; false when the input ends first. */
static bool take_bytes(kpi_lsp_transport *t, char *to, size_t n) {
    while (n > 0) {
        if (t->pos == t->end && !fill(t)) return false;
        size_t have = t->end - t->pos, step = have < n ? have : n;
        if (to) {
            memcpy(to, t->buf + t->pos, step);
            to += step;
        }
        t->pos += step;
        n -= step;
    }
    return true;
}

bool kpi_lsp_transport_has_input(kpi_lsp_transport *t) {
    if (t->pos < t->end) return true;
    if (t->at_eof || !t->in) return false;
    if (t->fd < 0) return !feof(t->in);
    struct pollfd p = {.fd = t->fd, .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

/*
** Reads one header line into buf without its line ending. Returns its length,
** -1 at end of input, or -2 when the line was longer than the buffer (the rest
** of the line is consumed so the reader stays in step).
*/
static long read_header_line(kpi_lsp_transport *t, char *buf, size_t cap) {
    size_t n = 0;
    bool too_long = false;
    int c;
    while ((c = next_byte(t)) != EOF) {
        if (c == '\n') break;
        if (n + 1 < cap) buf[n++] = (char)c;
        else too_long = true;
    }
    if (c == EOF && n == 0 && !too_long) return -1;
    if (n > 0 && buf[n - 1] == '\r') n--;
    buf[n] = '\0';
    return too_long ? -2 : (long)n;
}

/* Puts n bytes back in front of the unread input. */
static bool unread(kpi_lsp_transport *t, const char *data, size_t n) {
    if (t->pos >= n) {
        t->pos -= n;
        memmove(t->buf + t->pos, data, n);
        return true;
    }
    size_t left = t->end - t->pos;
    char *merged = malloc(n + left + READ_CHUNK);
    if (!merged) return false;
    memcpy(merged, data, n);
    if (left) memcpy(merged + n, t->buf + t->pos, left);
    free(t->buf);
    t->buf = merged;
    t->pos = 0;
    t->end = n + left;
    t->cap = n + left + READ_CHUNK;
    return true;
}

/*
** Skips input up to the next "Content-Length:" (any case) and leaves the
** reader just before it; false when the input ends first. The name has no
** repeated prefix, so a mismatch restarts the match at the current byte.
*/
static bool skip_to_header(kpi_lsp_transport *t) {
    size_t matched = 0, want = sizeof header_name - 1;
    for (;;) {
        int c = next_byte(t);
        if (c == EOF) return false;
        c = tolower(c);
        if (c == header_name[matched]) matched++;
        else matched = c == header_name[0] ? 1 : 0;
        if (matched == want) return unread(t, header_name, want);
    }
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

kpi_lsp_read_status kpi_lsp_read_message(kpi_lsp_transport *t, char **body, size_t *len) {
    char line[KPI_LSP_MAX_HEADER_LINE];
    bool have_length = false, bad = false, any_header = false;
    size_t length = 0;
    *body = NULL;
    *len = 0;
    if (t->resync) {
        t->resync = false;
        if (!skip_to_header(t)) return KPI_LSP_READ_EOF;
    }
    for (;;) {
        long n = read_header_line(t, line, sizeof line);
        if (n == -1) return KPI_LSP_READ_EOF;
        if (n == 0) {
            if (any_header) break;
            continue; /* stray blank lines between messages are harmless */
        }
        any_header = true;
        if (n == -2) {
            bad = true;
            continue;
        }
        /* The rest of a body longer than declared, then the next header: keep the header. */
        for (long i = 1; i + (long)sizeof header_name - 1 <= n; i++) {
            if (strncasecmp(line + i, header_name, sizeof header_name - 1) == 0) {
                memmove(line, line + i, (size_t)(n - i) + 1);
                break;
            }
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
    if (!have_length) {
        /* The body's end is unknown: the next read resumes at the next header. */
        t->resync = true;
        return KPI_LSP_READ_BAD_HEADER;
    }
    if (length > t->max_message) {
        if (!take_bytes(t, NULL, length)) return KPI_LSP_READ_EOF;
        return KPI_LSP_READ_TOO_LARGE;
    }
    if (bad) {
        /* A usable length with other garbage: skip the body, report the header. */
        if (!take_bytes(t, NULL, length)) return KPI_LSP_READ_EOF;
        return KPI_LSP_READ_BAD_HEADER;
    }
    char *buf = malloc(length + 1);
    if (!buf) {
        if (!take_bytes(t, NULL, length)) return KPI_LSP_READ_EOF;
        return KPI_LSP_READ_TOO_LARGE;
    }
    if (!take_bytes(t, buf, length)) {
        free(buf);
        return KPI_LSP_READ_EOF;
    }
    buf[length] = '\0';
    *body = buf;
    *len = length;
    return KPI_LSP_READ_OK;
}

bool kpi_lsp_transport_unread_header(kpi_lsp_transport *t, const char *body, size_t len) {
    size_t want = sizeof header_name - 1;
    for (size_t i = 0; i + want <= len; i++)
        if (strncasecmp(body + i, header_name, want) == 0) return unread(t, body + i, len - i);
    return false;
}

bool kpi_lsp_write_message(kpi_lsp_transport *t, const char *body, size_t len) {
    bool ok = fprintf(t->out, "Content-Length: %zu\r\n\r\n", len) >= 0 &&
              (len == 0 || fwrite(body, 1, len, t->out) == len) && fflush(t->out) == 0;
    if (!ok) t->output_failed = true;
    return ok;
}
